/*
 * xlsx_out.c - Biểu 06a and the register as workbooks (see xlsx_out.h).
 *
 * Biểu 06a/VPCP/KSTT is the form of the one-stop results report (Circular
 * 01/2020/TT-VPCP on reporting administrative procedure control): per
 * field, the dossiers received (in total; online; in person or by post;
 * carried over from the period before), resolved (in total; early; on
 * time; late) and in progress (within time; overdue), the columns
 * numbered under a grouped header. The department's rows must add up, so
 * the dossiers withdrawn, returned unprocessed and refused, which the form
 * does not count as resolved, have their own group. The counts and their
 * labels are report_model.c's descriptors (mc_count_columns).
 */
#include "xlsx_out.h"
#include "civil.h"
#include "register_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define FONT "Times New Roman"

typedef struct styles {
	lxw_format *plain, *center, *bold, *italic, *center_bold, *title, *head, *num, *num_bold,
		   *cell, *cell_bold, *cell_center;
} styles;

static lxw_format *fmt(lxw_workbook *wb, double size, int bold, int italic, int align,
		       int border, int wrap)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, FONT);
	format_set_font_size(f, size);
	if (bold)
		format_set_bold(f);
	if (italic)
		format_set_italic(f);
	if (align)
		format_set_align(f, (uint8_t)align);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (wrap)
		format_set_text_wrap(f);
	return f;
}

static void make_styles(lxw_workbook *wb, styles *s, double size)
{
	s->plain = fmt(wb, size + 1, 0, 0, 0, 0, 0);
	s->center = fmt(wb, size + 1, 0, 0, LXW_ALIGN_CENTER, 0, 0);
	s->bold = fmt(wb, size + 1, 1, 0, LXW_ALIGN_CENTER, 0, 0);
	s->italic = fmt(wb, size + 1, 0, 1, LXW_ALIGN_CENTER, 0, 0);
	s->center_bold = fmt(wb, size + 1, 1, 0, LXW_ALIGN_CENTER, 0, 1);
	s->title = fmt(wb, size + 2, 1, 0, LXW_ALIGN_CENTER, 0, 1);
	s->head = fmt(wb, size, 1, 0, LXW_ALIGN_CENTER, 1, 1);
	s->num = fmt(wb, size, 0, 0, LXW_ALIGN_CENTER, 1, 0);
	s->num_bold = fmt(wb, size, 1, 0, LXW_ALIGN_CENTER, 1, 0);
	s->cell = fmt(wb, size, 0, 0, LXW_ALIGN_LEFT, 1, 1);
	format_set_align(s->cell, LXW_ALIGN_VERTICAL_TOP);
	s->cell_bold = fmt(wb, size, 1, 0, LXW_ALIGN_LEFT, 1, 1);
	s->cell_center = fmt(wb, size, 0, 0, LXW_ALIGN_CENTER, 1, 1);
	format_set_align(s->cell_center, LXW_ALIGN_VERTICAL_TOP);
}

/* A line across columns [c0, c1] of row r (merged when more than one). */
static void across(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0, lxw_col_t c1, const char *s,
		   lxw_format *f)
{
	if (c1 > c0)
		worksheet_merge_range(ws, r, c0, r, c1, s, f);
	else
		worksheet_write_string(ws, r, c0, s, f);
}

/* The letterhead at the left over [0, split), the national heading at the
 * right over [split, last]; returns the next free row. */
static lxw_row_t heading(lxw_worksheet *ws, const styles *s, const mc_agency *a, lxw_col_t split,
			 lxw_col_t last)
{
	across(ws, 0, 0, split - 1, a->letterhead_parent ? a->letterhead_parent : "", s->center);
	across(ws, 0, split, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s->bold);
	across(ws, 1, 0, split - 1, a->letterhead_name ? a->letterhead_name : a->name, s->bold);
	across(ws, 1, split, last, "Độc lập - Tự do - Hạnh phúc", s->bold);
	return 3;
}

static int close_book(lxw_workbook *wb, const char *path, mc_error *err)
{
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot write the workbook '%s': %s", path,
				    lxw_strerror(e));
	return MC_OK;
}

/* ---- Biểu 06a ---------------------------------------------------------- */

/* The workbook's columns after STT and the name: a group, the descriptor
 * (by its label in mc_count_columns) and the heading under the group. */
static const struct {
	const char *group, *label, *heading;
} cols06a[] = {
	{ "Số hồ sơ nhận giải quyết", "Tổng số", "Tổng số" },
	{ "Số hồ sơ nhận giải quyết", "Trực tuyến", "Trong kỳ: trực tuyến" },
	{ "Số hồ sơ nhận giải quyết", "Trực tiếp, bưu chính", "Trong kỳ: trực tiếp, dịch vụ bưu chính" },
	{ "Số hồ sơ nhận giải quyết", "Kỳ trước", "Từ kỳ trước" },
	{ "Số hồ sơ đã giải quyết", "Đã giải quyết", "Tổng số" },
	{ "Số hồ sơ đã giải quyết", "Trước hạn", "Trả trước hạn" },
	{ "Số hồ sơ đã giải quyết", "Đúng hạn", "Trả đúng thời hạn" },
	{ "Số hồ sơ đã giải quyết", "Quá hạn", "Trả quá hạn" },
	{ "Số hồ sơ rút, trả lại, từ chối", "Rút hồ sơ", "Rút hồ sơ" },
	{ "Số hồ sơ rút, trả lại, từ chối", "Trả lại", "Trả lại (không giải quyết)" },
	{ "Số hồ sơ rút, trả lại, từ chối", "Từ chối", "Từ chối giải quyết" },
	{ "Số hồ sơ đang giải quyết", "Đang GQ trong hạn", "Trong hạn" },
	{ "Số hồ sơ đang giải quyết", "Đang GQ quá hạn", "Quá hạn" },
};
#define N06A (sizeof cols06a / sizeof cols06a[0])

static const mc_count_column *descriptor(const char *label)
{
	for (size_t k = 0; k < mc_count_ncolumns; k++)
		if (!strcmp(mc_count_columns[k].label, label))
			return &mc_count_columns[k];
	return NULL;
}

static void counts_row(lxw_worksheet *ws, lxw_row_t row, const char *stt, const char *name,
		       const mc_counts *c, lxw_format *text, lxw_format *num)
{
	worksheet_write_string(ws, row, 0, stt, num);
	worksheet_write_string(ws, row, 1, name, text);
	for (size_t k = 0; k < N06A; k++) {
		const mc_count_column *d = descriptor(cols06a[k].label);
		worksheet_write_number(ws, row, (lxw_col_t)(2 + k), d ? (double)d->value(c) : 0, num);
	}
}

int mc_report_xlsx(const mc_report *r, const mc_agency *a, const mc_catalog *cat,
		   const char *path, mc_error *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot create the workbook '%s'", path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Biểu 06a");
	styles s;
	make_styles(wb, &s, 11);
	const lxw_col_t last = (lxw_col_t)(N06A + 1);
	worksheet_set_paper(ws, 9);              /* A4 */
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.6, 0.4, 0.6, 0.6);
	worksheet_set_column(ws, 0, 0, 6, NULL);
	worksheet_set_column(ws, 1, 1, 48, NULL);
	worksheet_set_column(ws, 2, last, 10.5, NULL);
	lxw_row_t row = heading(ws, &s, a, 2, last);
	across(ws, 2, 0, 1, "Biểu số 06a/VPCP/KSTT", s.italic);
	char from[16], to[16], line[400];
	mc_format_date_vn(from, sizeof from, r->from);
	mc_format_date_vn(to, sizeof to, r->to);
	worksheet_set_row(ws, row, 36, NULL);
	across(ws, row++, 0, last,
	       "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
	       s.title);
	snprintf(line, sizeof line, "Kỳ báo cáo: từ ngày %s đến ngày %s", from, to);
	across(ws, row++, 0, last, line, s.italic);
	snprintf(line, sizeof line, "Đơn vị báo cáo: %s", a->name);
	across(ws, row++, 0, last, line, s.plain);
	snprintf(line, sizeof line, "Đơn vị nhận báo cáo: %s", a->parent ? a->parent : "");
	across(ws, row++, 0, last, line, s.plain);
	across(ws, row++, 0, last, "Đơn vị tính: số hồ sơ thủ tục hành chính", s.italic);
	row++;
	/* the two-row header: STT and the name over both rows, each group
	 * over its columns */
	lxw_row_t h = row;
	worksheet_merge_range(ws, h, 0, h + 1, 0, "STT", s.head);
	worksheet_merge_range(ws, h, 1, h + 1, 1, "Lĩnh vực, thủ tục hành chính", s.head);
	for (size_t k = 0; k < N06A;) {
		size_t e = k;
		while (e + 1 < N06A && !strcmp(cols06a[e + 1].group, cols06a[k].group))
			e++;
		across(ws, h, (lxw_col_t)(2 + k), (lxw_col_t)(2 + e), cols06a[k].group, s.head);
		for (size_t j = k; j <= e; j++)
			worksheet_write_string(ws, h + 1, (lxw_col_t)(2 + j), cols06a[j].heading, s.head);
		k = e + 1;
	}
	worksheet_set_row(ws, h, 30, NULL);
	worksheet_set_row(ws, h + 1, 60, NULL);
	for (lxw_col_t k = 0; k <= last; k++) {
		char nb[16];
		snprintf(nb, sizeof nb, "(%d)", (int)k + 1);
		worksheet_write_string(ws, h + 2, k, nb, s.num);
	}
	worksheet_repeat_rows(ws, h, h + 2);
	row = h + 3;
	counts_row(ws, row++, "", "TỔNG SỐ", &r->total, s.cell_bold, s.num_bold);
	for (size_t i = 0; i < r->nfields; i++) {
		char stt[32];
		snprintf(stt, sizeof stt, "%zu", i + 1);
		snprintf(line, sizeof line, "Lĩnh vực %s", r->fields[i].name);
		counts_row(ws, row++, stt, line, &r->fields[i].c, s.cell_bold, s.num_bold);
		size_t j = 0;
		for (size_t p = 0; p < r->nprocs; p++) {
			const mc_procedure *pr = cat ? mc_catalog_find(cat, r->procs[p].key) : NULL;
			const char *field = pr ? pr->field : "(không rõ)";
			if (strcmp(field, r->fields[i].key))
				continue;
			snprintf(stt, sizeof stt, "%zu.%zu", i + 1, ++j);
			counts_row(ws, row++, stt, r->procs[p].name, &r->procs[p].c, s.cell, s.num);
		}
	}
	/* the notes: dossiers whose appointment the office set by hand, which
	 * no procedure's time measures (migration 0022) */
	if (r->manual_appointments) {
		row++;
		snprintf(line, sizeof line, "Ghi chú: %ld hồ sơ có ngày hẹn trả do cơ quan ấn định "
			 "(thủ tục chưa có thời hạn giải quyết):", r->manual_appointments);
		across(ws, row++, 0, last, line, s.italic);
		for (size_t i = 0; i < r->nmanual; i++) {
			snprintf(line, sizeof line, "- %s (%s): %s", r->manual[i].code,
				 r->manual[i].procedure, r->manual[i].reason);
			across(ws, row++, 0, last, line, s.plain);
		}
	}
	/* the signatures: who made the table, and the head of the unit */
	row++;
	lxw_col_t mid = (lxw_col_t)(last / 2 + 1);
	snprintf(line, sizeof line, "%s, ngày ..... tháng ..... năm .......", a->province);
	across(ws, row++, mid, last, line, s.italic);
	across(ws, row, 0, mid - 1, "NGƯỜI LẬP BIỂU", s.bold);
	across(ws, row++, mid, last, a->signer_title ? a->signer_title : "THỦ TRƯỞNG ĐƠN VỊ", s.bold);
	if (a->signer_subtitle)
		across(ws, row, mid, last, a->signer_subtitle, s.bold);
	across(ws, row++, 0, mid - 1, "(Ký, ghi rõ họ tên)", s.italic);
	across(ws, row++, mid, last, "(Ký, ghi rõ họ tên, đóng dấu)", s.italic);
	row += 4;
	if (a->signer_name)
		across(ws, row, mid, last, a->signer_name, s.bold);
	return close_book(wb, path, err);
}

/* ---- the register ------------------------------------------------------ */

int mc_register_xlsx(const mc_agency *a, const mc_regime *reg, int32_t from, int32_t to,
		     const mc_dossier_info *rows, size_t n, const char *path, mc_error *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot create the workbook '%s'", path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Sổ theo dõi hồ sơ");
	styles s;
	make_styles(wb, &s, 10);
	const lxw_col_t last = MC_REGISTER_NCOLS - 1;
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.6, 0.4, 0.6, 0.6);
	for (lxw_col_t k = 0; k <= last; k++)
		worksheet_set_column(ws, k, k, 150 * mc_register_columns[k].share, NULL);
	lxw_row_t row = heading(ws, &s, a, 6, last);
	across(ws, 2, 0, 5, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", s.bold);
	row = 4;
	across(ws, row++, 0, last, reg->register_title, s.title);
	char line[200], period[80];
	snprintf(line, sizeof line, "(%s, %s)", reg->register_form, reg->circular);
	across(ws, row++, 0, last, line, s.italic);
	mc_register_period(period, sizeof period, from, to);
	snprintf(line, sizeof line, "%s: %zu hồ sơ tiếp nhận", period, n);
	across(ws, row++, 0, last, line, s.italic);
	mc_buf book = { 0 };
	mc_register_book(&book, rows, n);
	if (book.len) {
		snprintf(line, sizeof line, "%.*s", (int)strcspn(mc_buf_str(&book), "\n"), mc_buf_str(&book));
		across(ws, row++, 0, last, line, s.italic);
	}
	mc_buf_free(&book);
	row++;
	lxw_row_t h = row;
	for (int k = 0; k < MC_REGISTER_NCOLS;) {
		const mc_register_column *c = &mc_register_columns[k];
		if (!c->group) {
			worksheet_merge_range(ws, h, (lxw_col_t)k, h + 1, (lxw_col_t)k, c->label, s.head);
			k++;
			continue;
		}
		int e = k;
		while (e + 1 < MC_REGISTER_NCOLS && mc_register_columns[e + 1].group &&
		       !strcmp(mc_register_columns[e + 1].group, c->group))
			e++;
		across(ws, h, (lxw_col_t)k, (lxw_col_t)e, c->group, s.head);
		for (int j = k; j <= e; j++)
			worksheet_write_string(ws, h + 1, (lxw_col_t)j, mc_register_columns[j].label, s.head);
		k = e + 1;
	}
	worksheet_set_row(ws, h + 1, 54, NULL);
	for (lxw_col_t k = 0; k <= last; k++) {
		char nb[16];
		snprintf(nb, sizeof nb, "(%d)", (int)k + 1);
		worksheet_write_string(ws, h + 2, k, nb, s.num);
	}
	worksheet_repeat_rows(ws, h, h + 2);
	row = h + 3;
	int years = mc_register_spans_years(rows, n);
	for (size_t i = 0; i < n; i++, row++) {
		mc_register_cells cells;
		mc_register_row(a, &rows[i], years, &cells);
		/* STT: the number in the year's register (a text with its year) */
		if (rows[i].register_no && !years)
			worksheet_write_number(ws, row, 0, (double)rows[i].register_no, s.cell_center);
		else
			worksheet_write_string(ws, row, 0, cells.c[0], s.cell_center);
		for (lxw_col_t k = 1; k <= last; k++) {
			if (k == 3)
				worksheet_write_number(ws, row, k, atof(cells.c[k]), s.cell_center);
			else
				worksheet_write_string(ws, row, k, cells.c[k], s.cell);
		}
	}
	if (!n)
		across(ws, row, 0, last, "Không có hồ sơ nào được tiếp nhận trong thời gian này.", s.italic);
	return close_book(wb, path, err);
}
