/*
 * catalog_render.c - the catalogue in text and JSON (see catalog_render.h).
 */
#include "catalog_render.h"
#include "json_out.h"

#include <stdio.h>

void mc_render_catalog_list(const mc_catalog *cat, int32_t at, mc_out_format fmt, mc_buf *out)
{
	json_t *list = fmt == MC_OUT_JSON ? json_array() : NULL;
	size_t shown = 0;
	for (size_t i = 0; i < cat->nprocs; i++) {
		const mc_procedure *p = &cat->procs[i];
		const mc_version *v = mc_catalog_version_at(p, at);
		if (!v)
			continue;
		char t[48] = "";
		if (v->statutory_known)
			mc_duration_format(t, sizeof t, mc_version_time(v));
		if (list) {
			json_t *o = json_object();
			mc_json_set(o, "code", mc_json_text(p->code));
			mc_json_set(o, "name", mc_json_text(p->name));
			mc_json_set(o, "field", mc_json_text(p->field));
			mc_json_set(o, "version", json_integer(v->number));
			mc_json_set(o, "time", v->statutory_known ? mc_json_text(t) : json_null());
			mc_json_set(o, "shortened", json_boolean(v->has_shortened));
			mc_json_set(o, "service_center", json_boolean(p->service_center));
			mc_json_set(o, "online_level", mc_json_text(p->online_level));
			json_array_append_new(list, o);
		} else {
			mc_buf_addf(out, "%-12s %-7s %s%s\n", p->code, v->statutory_known ? t : "?",
				    p->name, v->has_shortened ? " [rút ngắn]" : "");
		}
		shown++;
	}
	if (list) {
		mc_json_dump(list, out);
		mc_buf_add(out, "\n");
		json_decref(list);
	} else {
		char d[16];
		mc_format_date_vn(d, sizeof d, at);
		mc_buf_addf(out, "%zu thủ tục có hiệu lực ngày %s\n", shown, d);
	}
}

static void dur_vn(char *buf, size_t n, const mc_version *v, int shortened)
{
	if (!v->statutory_known) {
		snprintf(buf, n, "chưa rõ");
		return;
	}
	mc_duration_format_vn(buf, n, shortened ? v->shortened : v->statutory);
}

static void procedure_json(const mc_procedure *p, const mc_version *v, mc_buf *out)
{
	char t1[32] = "", t2[32] = "", from[16];
	if (v->statutory_known)
		mc_duration_format(t1, sizeof t1, v->statutory);
	if (v->has_shortened)
		mc_duration_format(t2, sizeof t2, v->shortened);
	mc_format_date(from, sizeof from, v->from);
	json_t *o = json_object(), *steps = json_array();
	mc_json_set(o, "code", mc_json_text(p->code));
	mc_json_set(o, "name", mc_json_text(p->name));
	mc_json_set(o, "version", json_integer(v->number));
	mc_json_set(o, "effective_from", json_string(from));
	mc_json_set(o, "statutory", v->statutory_known ? mc_json_text(t1) : json_null());
	mc_json_set(o, "shortened", v->has_shortened ? mc_json_text(t2) : json_null());
	mc_json_set(o, "cut_percent", mc_json_fixed(mc_version_cut_percent(v), 1));
	for (size_t i = 0; i < v->nsteps; i++) {
		mc_duration sd = mc_step_share(v, i);
		char s[32];
		mc_duration_format(s, sizeof s, sd);
		json_t *e = json_object();
		mc_json_set(e, "id", mc_json_text(v->steps[i].id));
		mc_json_set(e, "unit", mc_json_text(v->steps[i].unit));
		mc_json_set(e, "share", mc_json_text(s));
		json_array_append_new(steps, e);
	}
	mc_json_set(o, "steps", steps);
	/* the required documents: null when the sources did not give them */
	mc_json_set(o, "sets", v->sets ? json_integer(v->sets) : json_null());
	json_t *docs = v->documents_known ? json_array() : json_null();
	for (size_t i = 0; v->documents_known && i < v->ndocuments; i++) {
		const mc_required_doc *d = &v->documents[i];
		json_t *e = json_object();
		mc_json_set(e, "name", mc_json_text(d->name));
		mc_json_set(e, "form", d->form ? mc_json_text(d->form) : json_null());
		mc_json_set(e, "required", json_boolean(d->required));
		mc_json_set(e, "condition", d->condition ? mc_json_text(d->condition) : json_null());
		json_array_append_new(docs, e);
	}
	mc_json_set(o, "documents", docs);
	mc_json_set(o, "documents_source",
		    v->documents_source ? mc_json_text(v->documents_source) : json_null());
	mc_json_dump(o, out);
	mc_buf_add(out, "\n");
	json_decref(o);
}

/* Thành phần hồ sơ, numbered, as the procedure's page on the portal says it. */
static void render_documents(const mc_version *v, mc_buf *out)
{
	if (v->sets)
		mc_buf_addf(out, "Số lượng hồ sơ: %02d bộ\n", v->sets);
	if (!v->documents_known) {
		mc_buf_add(out, "Thành phần hồ sơ: chưa rõ (nguồn chưa cho biết)\n");
		return;
	}
	mc_buf_add(out, "Thành phần hồ sơ:\n");
	for (size_t i = 0; i < v->ndocuments; i++) {
		const mc_required_doc *d = &v->documents[i];
		mc_buf_addf(out, "  %zu. %s — %s — %s", i + 1, d->name,
			    d->form ? d->form : "bản chính/bản sao: nguồn không nói rõ",
			    d->required ? "bắt buộc" : "không bắt buộc");
		if (d->condition)
			mc_buf_addf(out, " (%s)", d->condition);
		mc_buf_add(out, "\n");
	}
	mc_buf_addf(out, "Nguồn thành phần hồ sơ: %s\n", v->documents_source);
}

void mc_render_procedure(const mc_agency *agency, const mc_procedure *p, const mc_version *v,
			 mc_out_format fmt, mc_buf *out)
{
	if (fmt == MC_OUT_JSON) {
		procedure_json(p, v, out);
		return;
	}
	char st[48], sh[48], from[16];
	dur_vn(st, sizeof st, v, 0);
	dur_vn(sh, sizeof sh, v, 1);
	mc_format_date_vn(from, sizeof from, v->from);
	mc_buf_addf(out, "%s — %s\n", p->code, p->name);
	mc_buf_addf(out, "Lĩnh vực: %s\n", p->field);
	mc_buf_addf(out, "Tiếp nhận tại Trung tâm Phục vụ HCC: %s; trực tuyến: %s\n",
		    p->service_center ? "có" : "không", p->online_level);
	mc_buf_addf(out, "Phiên bản %d, hiệu lực từ %s: %s\n", v->number, from, v->legal_basis);
	mc_buf_addf(out, "Thời gian theo quy định: %s\n", st);
	if (v->has_shortened)
		mc_buf_addf(out, "Thời gian rút ngắn: %s (giảm %.1f%%, mục tiêu 30%%) — %s\n", sh,
			    mc_version_cut_percent(v), v->shortened_decision);
	mc_buf_addf(out, "Bổ sung hồ sơ: %s\n", v->on_supplement == MC_SUPPLEMENT_PAUSE
		    ? "tạm dừng tính thời gian" : "tính lại từ đầu");
	mc_buf_addf(out, "Quy trình nội bộ (%s):\n", v->steps_source);
	for (size_t i = 0; i < v->nsteps; i++) {
		mc_duration sd = mc_step_share(v, i);
		char s[48];
		mc_duration_format_vn(s, sizeof s, sd);
		const mc_unit *u = mc_agency_unit(agency, v->steps[i].unit);
		mc_buf_addf(out, "  %zu. %s — %s — %s\n", i + 1, v->steps[i].name,
			    u ? u->name : v->steps[i].unit, s);
	}
	render_documents(v, out);
	mc_buf_addf(out, "Nguồn: %s\n", p->source);
}
