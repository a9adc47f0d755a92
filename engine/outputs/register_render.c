/*
 * register_render.c - the register of dossiers (see register_render.h).
 *
 * Sources for the columns: Mẫu số 06 "Sổ theo dõi hồ sơ" of Circular
 * 01/2018/TT-VPCP (23/11/2018, Appendix of forms) as other provinces'
 * one-stop systems print it: STT | Mã hồ sơ | Tên TTHC | Số lượng hồ sơ
 * (bộ) | Tên cá nhân, tổ chức | Địa chỉ, số điện thoại | Cơ quan chủ trì
 * giải quyết | Ngày, tháng, năm: Nhận hồ sơ, Hẹn trả kết quả, Chuyển hồ
 * sơ đến cơ quan giải quyết, Có kết quả giải quyết/yêu cầu bổ sung | Trả
 * kết quả: Ngày, tháng, năm, Ký nhận | Ghi chú. The stored search corpora
 * (pages, docs) held neither circular's text of the form: the columns are
 * as recalled from those printed registers, to be checked against the
 * circular's appendix; the 2025 form (Mẫu số 07 of Circular
 * 03/2025/TT-VPCP, same title: forms.c) is taken to keep them. The form
 * numbers, titles and the switch date are forms.c's.
 *
 * Checked again (issue 18, December 2026), with the `search` tool (corpora
 * pages and docs: "Sổ theo dõi hồ sơ", "Mẫu số 06", "Mẫu số 07", both
 * circulars by number) and find_string over public code: neither
 * circular's appendix is in the stored text, so the columns could not be
 * compared with the form itself and are unchanged. What was found agrees
 * with them as far as it goes: (a) a provincial one-stop system's export of
 * its "Sổ theo dõi hồ sơ" (TD.DichVuCongApi, ExportSoTheoDoiHoSoService;
 * find_string "SoTheoDoiHoSo") fills STT, mã hồ sơ, trích yếu (the
 * procedure), số bộ hồ sơ, chủ hồ sơ, địa chỉ, số điện thoại, ngày tiếp
 * nhận, ngày hẹn trả, ngày trả and the receiving clerk: columns 1-9 and 12
 * here (its printed template, with any other columns, is not in its code);
 * (b) two other systems' receipt slips (Mẫu 01) print "Vào Sổ theo dõi hồ
 * sơ, Quyển số: ... Số thứ tự: ... (nếu có)", the entry this engine now
 * gives each receipt (migration 0024): STT (1) is that Số thứ tự in the
 * year's register (Quyển số), not the row's place in the printed period.
 */
#include "register_render.h"
#include "csv.h"
#include "slip.h"

#include <stdio.h>
#include <string.h>

const mc_register_column mc_register_columns[MC_REGISTER_NCOLS] = {
	{ NULL, "STT", "STT", 0.035 },
	{ NULL, "Mã hồ sơ", "Mã hồ sơ", 0.090 },
	{ NULL, "Tên thủ tục hành chính", "Tên thủ tục hành chính", 0.105 },
	{ NULL, "Số lượng hồ sơ (bộ)", "Số lượng hồ sơ (bộ)", 0.050 },
	{ NULL, "Tên cá nhân, tổ chức", "Tên cá nhân, tổ chức", 0.072 },
	{ NULL, "Địa chỉ, số điện thoại", "Địa chỉ, số điện thoại", 0.085 },
	{ NULL, "Cơ quan chủ trì giải quyết", "Cơ quan chủ trì giải quyết", 0.075 },
	{ "Ngày, tháng, năm", "Nhận hồ sơ", "Ngày nhận hồ sơ", 0.077 },
	{ "Ngày, tháng, năm", "Hẹn trả kết quả", "Ngày hẹn trả kết quả", 0.077 },
	{ "Ngày, tháng, năm", "Chuyển hồ sơ đến cơ quan giải quyết",
	  "Ngày chuyển hồ sơ đến cơ quan giải quyết", 0.077 },
	{ "Ngày, tháng, năm", "Có kết quả giải quyết / yêu cầu bổ sung",
	  "Ngày có kết quả / yêu cầu bổ sung", 0.085 },
	{ "Trả kết quả", "Ngày, tháng, năm", "Trả kết quả: ngày, tháng, năm", 0.077 },
	{ "Trả kết quả", "Ký nhận", "Trả kết quả: Ký nhận", 0.045 },
	{ NULL, "Ghi chú", "Ghi chú", 0.050 },
};

static const double *shares(void)
{
	static double s[MC_REGISTER_NCOLS];
	for (int k = 0; k < MC_REGISTER_NCOLS; k++)
		s[k] = mc_register_columns[k].share;
	return s;
}

/* "16/06/2025\n08:00" */
static void moment(char *buf, size_t n, mc_time t)
{
	char d[16];
	int32_t s = mc_time_secs(t);
	mc_format_date_vn(d, sizeof d, mc_time_day(t));
	snprintf(buf, n, "%s\n%02d:%02d", d, s / 3600, s / 60 % 60);
}

static void add(char *cell, size_t n, const char *sep, const char *s)
{
	size_t len = strlen(cell);
	snprintf(cell + len, n - len, "%s%s", len ? sep : "", s);
}

void mc_register_row(const mc_agency *a, const mc_dossier_info *info, int with_year,
		     mc_register_cells *out)
{
	const mc_dossier *d = &info->d;
	const mc_version *v = d->version;
	char t[48];
	memset(out, 0, sizeof *out);
#define CELL(k) out->c[k], sizeof out->c[k]
	/* STT: the receipt's number in its year's register (migration 0024),
	 * with the year when the period spans two; none for an import */
	if (info->register_no && with_year)
		snprintf(CELL(0), "%d/%d", info->register_no, info->register_year);
	else if (info->register_no)
		snprintf(CELL(0), "%d", info->register_no);
	else
		snprintf(CELL(0), "-");
	snprintf(CELL(1), "%s", info->code);
	snprintf(CELL(2), "%s", info->procedure ? info->procedure->name : info->procedure_code);
	snprintf(CELL(3), "1");   /* one set per dossier: the engine receives one */
	snprintf(CELL(4), "%s", info->applicant_name ? info->applicant_name : "");
	if (info->applicant_address)
		add(CELL(5), "\n", info->applicant_address);
	if (info->applicant_phone) {
		snprintf(t, sizeof t, "ĐT: %s", info->applicant_phone);
		add(CELL(5), "\n", t);
	}
	/* the lead: the unit of the first step past the desk */
	const char *lead = NULL;
	int desk_step = -1;
	for (int k = 0; v && k < d->nsteps && !lead; k++) {
		if (!strcmp(v->steps[k].unit, "mot_cua")) {
			if (desk_step < 0)
				desk_step = k;
			continue;
		}
		const mc_unit *u = mc_agency_unit(a, v->steps[k].unit);
		lead = u ? u->name : v->steps[k].unit;
	}
	snprintf(CELL(6), "%s", lead ? lead : a->name);
	moment(CELL(7), d->received_at);
	moment(CELL(8), d->due_at);
	if (d->due_at != d->due_at_receipt) {
		char first[48];
		moment(first, sizeof first, d->due_at_receipt);
		for (char *c = first; *c; c++)
			if (*c == '\n')
				*c = ' ';
		snprintf(t, sizeof t, "ban đầu:\n%.*s", 10, first);
		add(CELL(8), "\n", t);
	}
	if (desk_step == 0 && d->steps[0].finished)
		moment(CELL(9), d->steps[0].finished);
	for (size_t i = 0; i < info->nevents; i++) {
		const mc_event *e = &info->events[i];
		if (!strcmp(e->action, "supplement_request")) {
			char m[48];
			moment(m, sizeof m, e->at);
			snprintf(t, sizeof t, "YC bổ sung:\n%s", m);
			add(CELL(10), "\n", t);
		}
	}
	if (d->finished_at) {
		char m[48];
		moment(m, sizeof m, d->finished_at);
		snprintf(t, sizeof t, "Có kết quả:\n%s", m);
		add(CELL(10), "\n", t);
	}
	if (d->state == MC_DS_RETURNED && d->closed_at)
		moment(CELL(11), d->closed_at);
	/* 12: Ký nhận, by hand */
	switch (d->state) {
	case MC_DS_REFUSED: case MC_DS_WITHDRAWN: case MC_DS_RETURNED_UNPROCESSED: {
		char day[16];
		mc_format_date_vn(day, sizeof day, mc_time_day(d->closed_at));
		snprintf(t, sizeof t, "%s ngày %s", mc_dstate_vn(d->state), day);
		add(CELL(13), "; ", t);
		break;
	}
	default: break;
	}
	if (d->finished_at) {
		mc_status st = mc_dossier_status(d, d->finished_at);
		if (st == MC_STATUS_EARLY || st == MC_STATUS_ON_TIME || st == MC_STATUS_LATE)
			add(CELL(13), "; ", mc_status_vn(st));
	}
	if (info->channel == MC_CH_ONLINE)
		add(CELL(13), "; ", "Nộp trực tuyến");
	else if (info->channel == MC_CH_POST)
		add(CELL(13), "; ", "Qua bưu chính");
	if (d->apologies)
		add(CELL(13), "; ", "Có văn bản xin lỗi, hẹn lại");
#undef CELL
}

int mc_register_spans_years(const mc_dossier_info *rows, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (rows[i].register_year && rows[0].register_year &&
		    rows[i].register_year != rows[0].register_year)
			return 1;
	return 0;
}

void mc_register_book(mc_buf *b, const mc_dossier_info *rows, size_t n)
{
	int seen[8], ns = 0;
	for (size_t i = 0; i < n; i++) {
		int y = rows[i].register_year, k = 0;
		while (k < ns && seen[k] != y)
			k++;
		if (y && k == ns && ns < 8)
			seen[ns++] = y;
	}
	if (!ns)
		return;
	mc_buf_add(b, "Quyển số: ");
	for (int k = 0; k < ns; k++)
		mc_buf_addf(b, "%s%d", k ? ", " : "", seen[k]);
	mc_buf_addf(b, " (sổ của năm; số thứ tự vào sổ bắt đầu từ 1 mỗi năm%s)\n",
		    ns > 1 ? ", ghi kèm năm" : "");
}

const mc_regime *mc_register_regime(int32_t from, int32_t to, int32_t *switch_day)
{
	const mc_regime *r = mc_regime_at(from), *r2 = mc_regime_at(to);
	if (r != r2) {
		*switch_day = r2->from;
		return NULL;
	}
	return r;
}

void mc_register_period(char *buf, size_t n, int32_t from, int32_t to)
{
	char f[16], t[16];
	mc_format_date_vn(f, sizeof f, from);
	mc_format_date_vn(t, sizeof t, to);
	snprintf(buf, n, "Từ ngày %s đến ngày %s", f, t);
}

void mc_register_doc(mc_document *doc, const mc_agency *a, const mc_regime *r, int32_t from,
		     int32_t to, const mc_dossier_info *rows, size_t n)
{
	char period[80];
	mc_form_heading(doc, a, "A4", 1);
	doc->landscape = 1;
	doc->text_cols = 220;
	doc->table_pt = 10;
	doc->shares = shares();
	doc->title = r->register_title;
	snprintf(doc->subtitle_buf, sizeof doc->subtitle_buf, "(%s, %s)", r->register_form, r->circular);
	doc->subtitle = doc->subtitle_buf;
	mc_register_period(period, sizeof period, from, to);
	mc_buf_addf(&doc->body, MC_DOC_BOLD "%s: %zu hồ sơ tiếp nhận\n", period, n);
	int years = mc_register_spans_years(rows, n);
	if (n)
		mc_register_book(&doc->body, rows, n);
	/* the headings, each with its column's number, as the form numbers them */
	char head[MC_REGISTER_NCOLS][160];
	const char *hc[MC_REGISTER_NCOLS];
	for (int k = 0; k < MC_REGISTER_NCOLS; k++) {
		snprintf(head[k], sizeof head[k], "%s\n(%d)", mc_register_columns[k].heading, k + 1);
		hc[k] = head[k];
	}
	mc_document_row(doc, 1, MC_REGISTER_NCOLS, hc);
	for (size_t i = 0; i < n; i++) {
		mc_register_cells cells;
		const char *cc[MC_REGISTER_NCOLS];
		mc_register_row(a, &rows[i], years, &cells);
		for (int k = 0; k < MC_REGISTER_NCOLS; k++)
			cc[k] = cells.c[k];
		mc_document_row(doc, 0, MC_REGISTER_NCOLS, cc);
	}
	if (!n)
		mc_buf_add(&doc->body, "Không có hồ sơ nào được tiếp nhận trong thời gian này.\n");
}

void mc_register_csv(mc_buf *b, const mc_dossier_info *rows, size_t n, const mc_agency *a)
{
	mc_buf_add(b, MC_CSV_BOM);
	for (int k = 0; k < MC_REGISTER_NCOLS; k++) {
		const mc_register_column *c = &mc_register_columns[k];
		char h[160];
		if (c->group)
			snprintf(h, sizeof h, "%s: %s", c->group, c->label);
		else
			snprintf(h, sizeof h, "%s", c->label);
		if (k)
			mc_buf_add(b, ",");
		mc_csv_field(b, h);
	}
	mc_buf_add(b, MC_CSV_EOL);
	int years = mc_register_spans_years(rows, n);
	for (size_t i = 0; i < n; i++) {
		mc_register_cells cells;
		mc_register_row(a, &rows[i], years, &cells);
		for (int k = 0; k < MC_REGISTER_NCOLS; k++) {
			/* one line a field: a cell's lines joined */
			for (char *c = cells.c[k]; *c; c++)
				if (*c == '\n')
					*c = ' ';
			if (k)
				mc_buf_add(b, ",");
			mc_csv_field(b, cells.c[k]);
		}
		mc_buf_add(b, MC_CSV_EOL);
	}
}
