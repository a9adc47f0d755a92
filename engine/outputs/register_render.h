/*
 * register_render.h - the register of dossiers (Sổ theo dõi hồ sơ: Mẫu số
 * 06 of Circular 01/2018/TT-VPCP, Mẫu số 07 of Circular 03/2025/TT-VPCP),
 * one row per dossier received in a period, in the form of the regime in
 * force over the period: as a document (text, or a PDF on A4 landscape)
 * and as CSV; xlsx_out.h writes it as a workbook from the same cells.
 *
 * The columns (the form's): STT, mã hồ sơ, tên TTHC, số lượng hồ sơ (bộ),
 * tên cá nhân/tổ chức, địa chỉ/số điện thoại, cơ quan chủ trì giải quyết;
 * under "Ngày, tháng, năm": nhận hồ sơ, hẹn trả kết quả, chuyển hồ sơ đến
 * cơ quan giải quyết, có kết quả/yêu cầu bổ sung; under "Trả kết quả":
 * ngày, tháng, năm and ký nhận (left for the signature); ghi chú. See
 * register_render.c for the sources.
 */
#ifndef MOTCUA_REGISTER_RENDER_H
#define MOTCUA_REGISTER_RENDER_H

#include "agency.h"
#include "document.h"
#include "dossier_view.h"
#include "forms.h"
#include "strbuf.h"

#define MC_REGISTER_NCOLS 14

typedef struct mc_register_column {
	const char *group;   /* the header's upper row over several columns, or NULL */
	const char *label;   /* the column's own heading, under the group */
	const char *heading; /* the heading in a one-row header (document) */
	double share;        /* of the printed width */
} mc_register_column;
extern const mc_register_column mc_register_columns[MC_REGISTER_NCOLS];

/* One row's cells; within a cell '\n' separates lines. */
typedef struct mc_register_cells {
	char c[MC_REGISTER_NCOLS][640];
} mc_register_cells;
/* STT is the dossier's number in its year's register (Số thứ tự,
 * migration 0024), "153/2025" `with_year` (a period over two years). */
void mc_register_row(const mc_agency *a, const mc_dossier_info *info, int with_year,
		     mc_register_cells *out);
/* Whether the rows are in more than one year's register. */
int mc_register_spans_years(const mc_dossier_info *rows, size_t n);
/* "Quyển số: 2025 (...)\n": the registers (one a year) the rows are in. */
void mc_register_book(mc_buf *b, const mc_dossier_info *rows, size_t n);

/* The regime of the period [from, to]; NULL (and `*switch_day` set) when
 * the forms change within it: one register is in one form. */
const mc_regime *mc_register_regime(int32_t from, int32_t to, int32_t *switch_day);

/* "Từ ngày 16/06/2025 đến ngày 30/06/2025" */
void mc_register_period(char *buf, size_t n, int32_t from, int32_t to);

void mc_register_doc(mc_document *doc, const mc_agency *a, const mc_regime *r, int32_t from,
		     int32_t to, const mc_dossier_info *rows, size_t n);
/* UTF-8 with a BOM (Excel), RFC 4180: the header, then one line a dossier. */
void mc_register_csv(mc_buf *out, const mc_dossier_info *rows, size_t n, const mc_agency *a);

#endif
