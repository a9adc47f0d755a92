/*
 * report_render.c - text, CSV, JSON and HTML renderings of a report.
 */
#include "report_render.h"
#include "csv.h"
#include "json_out.h"

#include <stdio.h>
#include <string.h>

static double pct(long num, long den)
{
	return den ? 100.0 * (double)num / (double)den : -1;
}

static void pct_vn(char *buf, size_t n, double p)
{
	if (p < 0)
		snprintf(buf, n, "—");
	else {
		snprintf(buf, n, "%.1f%%", p);
		for (char *c = buf; *c; c++)
			if (*c == '.')
				*c = ',';
	}
}

static long resolved(const mc_counts *c)
{
	return c->early + c->on_time + c->late;
}

static long handled(const mc_counts *c)
{
	return mc_counts_total(c);
}

static void department_sentence(mc_buf *b, const mc_counts *c)
{
	mc_buf_addf(b, "Tiếp nhận %ld hồ sơ (trong đó: %ld hồ sơ trực tuyến, %ld hồ sơ kỳ trước chuyển sang, "
		    "%ld hồ sơ trực tiếp, %ld hồ sơ qua dịch vụ bưu chính công ích); đã giải quyết, trả kết quả "
		    "%ld hồ sơ trước hạn, %ld hồ sơ đúng hạn, %ld hồ sơ quá hạn; %ld hồ sơ rút, %ld hồ sơ trả lại, "
		    "%ld hồ sơ từ chối giải quyết; %ld hồ sơ đang giải quyết chưa đến hạn, %ld hồ sơ đang giải "
		    "quyết quá hạn.\n",
		    mc_counts_total(c), c->online, c->carried, c->in_person, c->post, c->early, c->on_time,
		    c->late, c->withdrawn, c->unprocessed, c->refused, c->open_within, c->open_overdue);
}

/* s left-aligned in `cols` characters (UTF-8 aware). */
static void padded(mc_buf *b, const char *s, int cols)
{
	int w = 0;
	for (const char *p = s; *p; p++)
		w += ((unsigned char)*p & 0xC0) != 0x80;
	mc_buf_add(b, s);
	for (; w < cols; w++)
		mc_buf_add(b, " ");
}

static int text_width(const char *s)
{
	int w = 0;
	for (const char *p = s; *p; p++)
		w += ((unsigned char)*p & 0xC0) != 0x80;
	return w;
}

/* The Biểu 06a table's columns (report_model.h), in order. */
static size_t table_columns(const mc_count_column **cols)
{
	return mc_count_table(cols, 16);
}

static void table_head_text(mc_buf *b)
{
	const mc_count_column *cols[16];
	size_t n = table_columns(cols);
	padded(b, "Lĩnh vực", 44);
	for (size_t i = 0; i < n; i++) {
		mc_buf_add(b, " ");
		for (int w = text_width(cols[i]->abbr); w < 5; w++)
			mc_buf_add(b, " ");
		mc_buf_add(b, cols[i]->abbr);
	}
	mc_buf_add(b, "\n");
}

static void table_row_text(mc_buf *b, const char *label, const mc_counts *c)
{
	const mc_count_column *cols[16];
	size_t n = table_columns(cols);
	padded(b, label, 44);
	for (size_t i = 0; i < n; i++)
		mc_buf_addf(b, " %5ld", cols[i]->value(c));
	mc_buf_add(b, "\n");
}

/* Cut at a character boundary so a Vietnamese label never splits a letter. */
static void label(char *dst, size_t n, const char *src, size_t chars)
{
	size_t i = 0, c = 0;
	while (src[i] && c < chars && i + 4 < n) {
		size_t len = 1;
		unsigned char u = (unsigned char)src[i];
		if (u >= 0xF0) len = 4; else if (u >= 0xE0) len = 3; else if (u >= 0xC0) len = 2;
		memcpy(dst + i, src + i, len);
		i += len;
		c++;
	}
	dst[i] = '\0';
}

/* The indicators, one "- ..." line each (text and HTML share them). */
void mc_report_manual_line(const mc_report *r, mc_buf *b)
{
	/* their time is the office's, not a procedure's (0022): flagged */
	mc_buf_addf(b, "Hồ sơ có ngày hẹn trả do cơ quan ấn định (thủ tục chưa có thời hạn giải quyết, "
		       "không đối chiếu được với thời hạn quy định): %ld", r->manual_appointments);
	for (size_t i = 0; i < r->nmanual; i++)
		mc_buf_addf(b, "%s%s (%s): %s", i ? "; " : " — ", r->manual[i].code, r->manual[i].procedure,
			    r->manual[i].reason);
	if ((long)r->nmanual < r->manual_appointments)
		mc_buf_addf(b, "; … (liệt kê %zu)", r->nmanual);
}

static void indicator_lines(const mc_report *r, mc_buf *b)
{
	char t[16], p1[16], p2[16], p3[16];
	const mc_counts *c = &r->total;
	mc_format_date_vn(t, sizeof t, r->to);
	pct_vn(p1, sizeof p1, pct(c->early + c->on_time, resolved(c)));
	mc_buf_addf(b, "- Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn: %s (mục tiêu ≥ 95%%, phấn đấu 100%%)\n", p1);
	pct_vn(p2, sizeof p2, pct(c->early + c->on_time + c->open_within, resolved(c) + c->open_within + c->open_overdue));
	mc_buf_addf(b, "- Tỷ lệ đúng hạn theo Bộ chỉ số phục vụ (đã giải quyết và đang giải quyết trong hạn / hồ sơ xử lý trong kỳ): %s\n", p2);
	pct_vn(p3, sizeof p3, pct(c->online, c->online + c->in_person + c->post));
	mc_buf_addf(b, "- Tỷ lệ hồ sơ tiếp nhận trực tuyến: %s (đạt điểm tối đa khi ≥ 50%%)\n", p3);
	mc_buf_addf(b, "- Văn bản xin lỗi đã phát hành: %ld (trong đó %ld gửi muộn, %ld hẹn lại lần hai)\n",
		    r->apologies, r->apologies_late, r->apologies_forced);
	mc_buf_addf(b, "- Hồ sơ yêu cầu bổ sung từ lần thứ hai: %ld\n", c->second_supplements);
	if (r->voids || r->corrections || r->backdated)
		mc_buf_addf(b, "- Điều chỉnh ghi trong kỳ: %ld hồ sơ hủy do tiếp nhận nhầm (không tính vào số liệu), "
			    "%ld lần đính chính thông tin, %ld thao tác ghi lùi thời điểm (nhập dữ liệu, đính chính)\n",
			    r->voids, r->corrections, r->backdated);
	if (r->manual_appointments) {
		mc_buf_add(b, "- ");
		mc_report_manual_line(r, b);
		mc_buf_add(b, "\n");
	}
	pct_vn(p1, sizeof p1, pct(r->cat_online, r->cat_center));
	mc_buf_addf(b, "- Danh mục tại ngày %s (dữ liệu của hệ thống): %ld thủ tục, %ld tiếp nhận tại Trung tâm, "
		    "%ld trực tuyến mức độ 3, 4 / toàn trình / một phần (%s)\n", t, r->cat_procs, r->cat_center,
		    r->cat_online, p1);
	if (r->set_id[0]) {
		pct_vn(p2, sizeof p2, pct(r->set_online, r->set_online_base));
		mc_buf_addf(b, "- Số liệu Sở đã công bố (bộ %s): %ld thủ tục", r->set_id, r->set_total);
		if (r->set_center >= 0)
			mc_buf_addf(b, ", %ld tại Trung tâm", r->set_center);
		if (r->set_online >= 0)
			mc_buf_addf(b, ", %ld/%ld trực tuyến mức độ 3, 4 (%s)", r->set_online, r->set_online_base, p2);
		mc_buf_add(b, "\n");
	}
	pct_vn(p3, sizeof p3, r->cat_shortened ? r->cat_cut_avg : -1);
	mc_buf_addf(b, "- Thủ tục được rút ngắn thời gian: %ld, cắt giảm bình quân %s (mục tiêu 30%%)",
		    r->cat_shortened, p3);
	for (long i = 0; r->shortened && i < r->cat_shortened; i++) {
		char cut[16];
		pct_vn(cut, sizeof cut, r->shortened[i].cut_percent);
		mc_buf_addf(b, "%s %s: %s → %s (−%s)", i ? ";" : ":", r->shortened[i].code,
			    r->shortened[i].statutory, r->shortened[i].shortened, cut);
	}
	mc_buf_add(b, "\n");

}

void mc_report_text(const mc_report *r, const mc_agency *a, mc_buf *b)
{
	char f[16], t[16];
	const mc_counts *c = &r->total;
	mc_format_date_vn(f, sizeof f, r->from);
	mc_format_date_vn(t, sizeof t, r->to);
	mc_buf_addf(b, "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH\n%s\nKỳ báo cáo: từ ngày %s đến ngày %s\n\n",
		    a->name, f, t);
	mc_buf_add(b, "1. Kết quả tiếp nhận, giải quyết hồ sơ theo cơ chế một cửa, một cửa liên thông\n");
	department_sentence(b, c);
	mc_buf_add(b, "\n2. Các chỉ số\n");
	indicator_lines(r, b);
	mc_buf_add(b, "\n3. Biểu 06a/VPCP/KSTT — theo lĩnh vực\n");
	/* Tổng, trực tuyến, trực tiếp/bưu chính, kỳ trước; đã giải quyết: tổng,
	 * trước hạn, đúng hạn, quá hạn; đang giải quyết: trong hạn, quá hạn */
	table_head_text(b);
	for (size_t i = 0; i < r->nfields; i++) {
		char l[200];
		label(l, sizeof l, r->fields[i].name, 40);
		table_row_text(b, l, &r->fields[i].c);
	}
	table_row_text(b, "Tổng cộng", c);
	if (r->manual_appointments)
		mc_buf_addf(b, "Ghi chú: %ld hồ sơ có ngày hẹn trả do cơ quan ấn định (mục 2)\n",
			    r->manual_appointments);
	mc_buf_add(b, "\n4. Theo thủ tục\n");
	for (size_t i = 0; i < r->nprocs; i++) {
		char l[200];
		snprintf(l, sizeof l, "%s", r->procs[i].key);
		table_row_text(b, l, &r->procs[i].c);
	}
	mc_buf_add(b, "\n5. Hồ sơ quá hạn và bước xử lý trễ hạn\n");
	if (!r->nlate)
		mc_buf_add(b, "Không có.\n");
	if (r->late_listed < r->late_dossiers)
		mc_buf_addf(b, "(liệt kê %ld trong số %ld hồ sơ quá hạn)\n", r->late_listed, r->late_dossiers);
	for (size_t i = 0; i < r->nlate; i++) {
		const mc_unit *u = mc_agency_unit(a, r->late_steps[i].unit);
		char d[32];
		snprintf(d, sizeof d, "%.2f", r->late_steps[i].late_days);
		for (char *x = d; *x; x++)
			if (*x == '.')
				*x = ',';
		mc_buf_addf(b, "- %s: bước %s (%s) trễ %s ngày làm việc\n", r->late_steps[i].code,
			    r->late_steps[i].step, u ? u->name : r->late_steps[i].unit, d);
	}
}

static void csv_row(mc_buf *b, const char *kind, const char *key, const char *name, const mc_counts *c)
{
	mc_csv_field(b, kind);
	mc_buf_add(b, ",");
	mc_csv_field(b, key);
	mc_buf_add(b, ",");
	mc_csv_field(b, name);
	for (size_t i = 0; i < mc_count_ncolumns; i++)
		if (mc_count_columns[i].in & MC_COUNT_CSV)
			mc_buf_addf(b, ",%ld", mc_count_columns[i].value(c));
	mc_buf_add(b, MC_CSV_EOL);
}

void mc_report_csv(const mc_report *r, mc_buf *b)
{
	mc_buf_add(b, MC_CSV_BOM "row,key,name");
	for (size_t i = 0; i < mc_count_ncolumns; i++)
		if (mc_count_columns[i].in & MC_COUNT_CSV) {
			mc_buf_add(b, ",");
			mc_csv_field(b, mc_count_columns[i].key);
		}
	mc_buf_add(b, MC_CSV_EOL);
	for (size_t i = 0; i < r->nfields; i++)
		csv_row(b, "field", r->fields[i].key, r->fields[i].name, &r->fields[i].c);
	for (size_t i = 0; i < r->nprocs; i++)
		csv_row(b, "procedure", r->procs[i].key, r->procs[i].name, &r->procs[i].c);
	csv_row(b, "total", "", "Tổng cộng", &r->total);
}

/* A percentage with one decimal, or null when there is nothing to divide. */
static json_t *json_pct(double p)
{
	return p < 0 ? json_null() : mc_json_fixed(p, 1);
}

static json_t *report_json(const mc_report *r)
{
	const mc_counts *c = &r->total;
	char f[16], t[16];
	mc_format_date(f, sizeof f, r->from);
	mc_format_date(t, sizeof t, r->to);
	json_t *o = json_object(), *ind = json_object(), *cat = json_object();
	for (size_t i = 0; i < mc_count_ncolumns; i++)
		if (mc_count_columns[i].in & MC_COUNT_JSON)
			mc_json_set(o, mc_count_columns[i].key, json_integer(mc_count_columns[i].value(c)));
	mc_json_set(ind, "period_from", json_string(f));
	mc_json_set(ind, "period_to", json_string(t));
	mc_json_set(ind, "early_or_on_time_percent", json_pct(pct(c->early + c->on_time, resolved(c))));
	mc_json_set(ind, "early_or_on_time_target_percent", json_integer(95));
	mc_json_set(ind, "early_or_on_time_aim_percent", json_integer(100));
	mc_json_set(ind, "on_time_rate_percent",
		    json_pct(pct(c->early + c->on_time + c->open_within,
				 resolved(c) + c->open_within + c->open_overdue)));
	mc_json_set(ind, "online_percent", json_pct(pct(c->online, c->online + c->in_person + c->post)));
	mc_json_set(ind, "online_full_marks_percent", json_integer(50));
	mc_json_set(ind, "apologies_issued", json_integer(r->apologies));
	mc_json_set(ind, "apologies_late", json_integer(r->apologies_late));
	mc_json_set(ind, "apologies_forced", json_integer(r->apologies_forced));
	mc_json_set(ind, "second_supplement_requests", json_integer(c->second_supplements));
	mc_json_set(ind, "voided", json_integer(r->voids));
	mc_json_set(ind, "corrections", json_integer(r->corrections));
	mc_json_set(ind, "backdated_events", json_integer(r->backdated));
	if (r->manual_appointments) {   /* set by hand (0022): said only then */
		json_t *ma = json_array();
		for (size_t i = 0; i < r->nmanual; i++) {
			json_t *e = json_object();
			mc_json_set(e, "code", mc_json_text(r->manual[i].code));
			mc_json_set(e, "procedure", mc_json_text(r->manual[i].procedure));
			mc_json_set(e, "reason", mc_json_text(r->manual[i].reason));
			json_array_append_new(ma, e);
		}
		mc_json_set(ind, "manual_appointments", json_integer(r->manual_appointments));
		mc_json_set(ind, "manual_appointment_dossiers", ma);
	}
	mc_json_set(ind, "handled", json_integer(handled(c)));
	mc_json_set(cat, "procedures", json_integer(r->cat_procs));
	mc_json_set(cat, "service_center", json_integer(r->cat_center));
	mc_json_set(cat, "online_l34", json_integer(r->cat_online));
	mc_json_set(cat, "online_percent", json_pct(pct(r->cat_online, r->cat_center)));
	mc_json_set(cat, "shortened", json_integer(r->cat_shortened));
	mc_json_set(cat, "average_cut_percent", json_pct(r->cat_shortened ? r->cat_cut_avg : -1));
	mc_json_set(cat, "cut_target_percent", json_integer(30));
	json_t *sh = json_array();
	for (long i = 0; r->shortened && i < r->cat_shortened; i++) {
		json_t *e = json_object();
		mc_json_set(e, "code", mc_json_text(r->shortened[i].code));
		mc_json_set(e, "statutory", mc_json_text(r->shortened[i].statutory));
		mc_json_set(e, "shortened", mc_json_text(r->shortened[i].shortened));
		mc_json_set(e, "cut_percent", mc_json_fixed(r->shortened[i].cut_percent, 1));
		json_array_append_new(sh, e);
	}
	mc_json_set(cat, "shortened_procedures", sh);
	json_t *decl = json_null();
	if (r->set_id[0]) {
		decl = json_object();
		mc_json_set(decl, "set", mc_json_text(r->set_id));
		mc_json_set(decl, "procedures", json_integer(r->set_total));
		if (r->set_center >= 0)
			mc_json_set(decl, "service_center", json_integer(r->set_center));
		if (r->set_online >= 0) {
			mc_json_set(decl, "online_l34", json_integer(r->set_online));
			mc_json_set(decl, "online_base", json_integer(r->set_online_base));
			mc_json_set(decl, "online_percent", json_pct(pct(r->set_online, r->set_online_base)));
		}
	}
	mc_json_set(cat, "declared", decl);
	mc_json_set(ind, "catalogue", cat);
	mc_json_set(ind, "late_dossiers", json_integer(r->late_dossiers));
	mc_json_set(ind, "late_dossiers_listed", json_integer(r->late_listed));
	json_t *ls = json_array();
	for (size_t i = 0; i < r->nlate; i++) {
		json_t *e = json_object();
		mc_json_set(e, "code", mc_json_text(r->late_steps[i].code));
		mc_json_set(e, "step", mc_json_text(r->late_steps[i].step));
		mc_json_set(e, "unit", mc_json_text(r->late_steps[i].unit));
		mc_json_set(e, "late_working_days", mc_json_fixed(r->late_steps[i].late_days, 2));
		json_array_append_new(ls, e);
	}
	mc_json_set(ind, "late_steps", ls);
	mc_json_set(o, "indicators", ind);
	return o;
}

void mc_report_json(const mc_report *r, mc_buf *b)
{
	json_t *o = report_json(r);
	mc_json_dump(o, b);
	mc_buf_add(b, "\n");
	json_decref(o);
}
