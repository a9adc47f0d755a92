/*
 * nightly_render.c - the night's alerts in text, CSV and JSON (see
 * nightly_render.h).
 */
#include "nightly_render.h"
#include "calendar.h"

#include <stdio.h>
#include <string.h>

static const mc_column alert_cols[] = {
	{ "code", MC_COL_TEXT, 0, NULL },
	{ "kind", MC_COL_TEXT, 0, NULL },
	{ "scope", MC_COL_TEXT, 0, NULL },
	{ "unit", MC_COL_TEXT, 0, NULL },
	{ "due_at", MC_COL_MOMENT, 0, NULL },
	{ "late_working_days", MC_COL_NUMBER, 2, NULL },
	{ "apology_deadline", MC_COL_MOMENT, 0, NULL },
};
#define ALERT_NCOLS (sizeof alert_cols / sizeof alert_cols[0])

static const char *kind_vn(const char *k)
{
	if (!strcmp(k, "overdue"))
		return "Quá hạn";
	if (!strcmp(k, "due_soon"))
		return "Sắp đến hạn";
	return "Cần xin lỗi";
}

void mc_nightly_out_begin(mc_nightly_out *o, mc_buf *b, mc_out_format fmt,
			  const mc_agency *agency, int32_t as_of, long evaluated, long alerts_new,
			  int already_done)
{
	memset(o, 0, sizeof *o);
	o->b = b;
	o->fmt = fmt;
	o->agency = agency;
	if (fmt == MC_OUT_CSV) {
		mc_table_csv_head(alert_cols, ALERT_NCOLS, b);
	} else if (fmt == MC_OUT_JSON) {
		char day[16];
		mc_format_date(day, sizeof day, as_of);
		json_t *h = json_object();
		mc_json_set(h, "as_of", json_string(day));
		mc_json_set(h, "evaluated", json_integer(evaluated));
		mc_json_set(h, "new", json_integer(alerts_new));
		mc_json_set(h, "already_evaluated", json_boolean(already_done));
		/* the alerts stream out one object at a time: the document's
		 * members are written in pieces around them */
		mc_buf_add(b, "{");
		mc_json_dump_members(h, b);
		mc_buf_add(b, ",\"alerts\":[");
		json_decref(h);
	} else {
		char dvn[16];
		mc_format_date_vn(dvn, sizeof dvn, as_of);
		if (already_done)
			mc_buf_addf(b, "Cảnh báo hồ sơ đêm %s (tính đến 00:00) — %s\n"
				    "Đêm này đã được xét trước đó (%ld hồ sơ đang giải quyết); "
				    "không ghi thêm cảnh báo\n", dvn, agency->name, evaluated);
		else
			mc_buf_addf(b, "Cảnh báo hồ sơ đêm %s (tính đến 00:00) — %s\n"
				    "%ld hồ sơ đang giải quyết được xét; %ld cảnh báo mới\n",
				    dvn, agency->name, evaluated, alerts_new);
	}
}

void mc_nightly_out_alert(mc_nightly_out *o, const mc_alert *a)
{
	double late = (double)a->late_ticks / MC_TICKS_PER_DAY;
	mc_cell row[ALERT_NCOLS] = {
		mc_cell_text(a->code), mc_cell_text(a->kind), mc_cell_text(a->scope),
		mc_cell_text(a->unit), mc_cell_moment(a->due_at), mc_cell_number(late),
		mc_cell_moment(a->apology_deadline),
	};
	if (o->fmt == MC_OUT_CSV) {
		mc_table_csv_row(alert_cols, ALERT_NCOLS, row, o->b);
	} else if (o->fmt == MC_OUT_JSON) {
		json_t *j = mc_table_json_row(alert_cols, ALERT_NCOLS, row);
		if (o->n)
			mc_buf_add(o->b, ",");
		mc_json_dump(j, o->b);
		json_decref(j);
	} else {
		char due[MC_MOMENT_MAX], dl[MC_MOMENT_MAX];
		if (strcmp(o->unit, a->unit) != 0) {
			const mc_unit *u = mc_agency_unit(o->agency, a->unit);
			mc_buf_addf(o->b, "\n%s\n", u ? u->name : a->unit);
			snprintf(o->unit, sizeof o->unit, "%s", a->unit);
		}
		mc_format_moment(due, sizeof due, a->due_at);
		mc_buf_addf(o->b, "  %-12s %s  %s  hạn %s", kind_vn(a->kind), a->code,
			    strcmp(a->scope, "dossier") ? a->scope : "hồ sơ", due);
		if (a->late_ticks)
			mc_buf_addf(o->b, "  trễ %.2f ngày làm việc", late);
		if (a->apology_deadline) {
			mc_format_moment(dl, sizeof dl, a->apology_deadline);
			mc_buf_addf(o->b, "  hạn xin lỗi %s", dl);
		}
		mc_buf_add(o->b, "\n");
	}
	o->overdue += !strcmp(a->kind, "overdue");
	o->soon += !strcmp(a->kind, "due_soon");
	o->apology += !strcmp(a->kind, "apology_required");
	o->n++;
}

void mc_nightly_out_end(mc_nightly_out *o, const mc_desk *desks, size_t ndesks)
{
	if (o->fmt == MC_OUT_CSV)
		return;
	if (o->fmt == MC_OUT_JSON) {
		json_t *t = json_object(), *units = json_array();
		mc_json_set(t, "overdue", json_integer(o->overdue));
		mc_json_set(t, "due_soon", json_integer(o->soon));
		mc_json_set(t, "apology_required", json_integer(o->apology));
		for (size_t i = 0; i < ndesks; i++) {
			json_t *u = json_object();
			mc_json_set(u, "unit", mc_json_text(desks[i].unit));
			mc_json_set(u, "open", json_integer(desks[i].open));
			mc_json_set(u, "overdue", json_integer(desks[i].overdue));
			mc_json_set(u, "waiting", json_integer(desks[i].waiting));
			json_array_append_new(units, u);
		}
		mc_json_set(t, "units", units);
		mc_buf_add(o->b, "],");
		mc_json_dump_members(t, o->b);
		mc_buf_add(o->b, "}\n");
		json_decref(t);
		return;
	}
	mc_buf_add(o->b, "\nTrên bàn từng đơn vị:\n");
	for (size_t i = 0; i < ndesks; i++) {
		const mc_unit *u = mc_agency_unit(o->agency, desks[i].unit);
		mc_buf_addf(o->b, "  %s: %ld hồ sơ đang giải quyết, %ld quá hạn, %ld chờ bổ sung/tạm dừng\n",
			    u ? u->name : desks[i].unit, desks[i].open, desks[i].overdue, desks[i].waiting);
	}
	mc_buf_addf(o->b, "\nTổng: %ld quá hạn, %ld sắp đến hạn, %ld cần văn bản xin lỗi\n",
		    o->overdue, o->soon, o->apology);
}
