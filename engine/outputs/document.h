/*
 * document.h - a printed form laid out for official paper (Decree
 * 30/2020/NĐ-CP, Appendix I): the agency's letterhead with its rule and the
 * national heading with the motto and its rule, the number and the place
 * and date (italic) under them, a title, the body (justified lines, and
 * tables), and signature blocks (title bold, hint italic, the name under
 * the room for the signature). Rendered as plain text (fixed width) or as a
 * PDF (cairo + pango: Liberation Serif, a Times-compatible face, with
 * DejaVu Serif for any glyph it lacks), 13 pt on A4, scaled on A5.
 */
#ifndef MOTCUA_DOCUMENT_H
#define MOTCUA_DOCUMENT_H

#include "error.h"
#include "strbuf.h"

#include <stdint.h>

/* Body markup: a line that begins with MC_DOC_ROW (or MC_DOC_HEAD, a header
 * row in bold) is a table row, its cells separated by MC_DOC_CELL; within a
 * cell MC_DOC_BR breaks the line. Consecutive rows make one table. A line
 * that begins with MC_DOC_SMALL is set smaller and not justified (the
 * recipients, "Nơi nhận"); MC_DOC_BOLD makes a line bold. */
#define MC_DOC_ROW "\x1e"
#define MC_DOC_HEAD "\x1d"
#define MC_DOC_CELL "\x1f"
#define MC_DOC_BR "\x0b"
#define MC_DOC_SMALL "\x1c"
#define MC_DOC_BOLD "\x1a"
/* MC_DOC_CENTER: a line centred (a report's "Kính gửi"). MC_DOC_CHART: a
 * bar chart (mc_document_chart), drawn in the PDF and the HTML, a table of
 * its values in text. */
#define MC_DOC_CENTER "\x18"
#define MC_DOC_CHART "\x19"

typedef struct mc_signature {
	const char *title;   /* bold; '\n' between lines ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC") */
	const char *hint;    /* italic, "(Ký, ghi rõ họ tên)"; NULL: none */
	const char *name;    /* bold, under the room for the signature; NULL: left blank */
} mc_signature;

typedef struct mc_document {
	const char *paper;          /* "A4" or "A5" */
	const char *left[4];        /* letterhead: the parent body, then the agency's
	                               name (bold) with a short rule under it (NULL-ended) */
	const char *right[3];       /* national heading and motto (NULL-ended) */
	const char *number;         /* "Số: 01/XL-SKHCN", under the letterhead */
	const char *place_date;     /* "Quảng Ngãi, ngày ...", italic, under the motto */
	const char *copies[3];      /* PDF: one copy per label ("Liên 1: ..."), NULL-ended */
	const char *above_title;    /* e.g. "Mã hồ sơ: ..." */
	const char *title, *subtitle;
	const char *subject;        /* a report's or letter's subject (trích yếu), bold
	                               under the title with a short rule; or NULL */
	mc_buf body;                /* lines of text, '\n'-separated (markup above); owned */
	mc_signature sign[2];       /* left and right columns; one without a title is absent */
	const char *recipients;     /* "Nơi nhận": lines '\n'-separated; in the PDF at the
	                               left of the signature (Decree 30/2020), in text above it */
	const char *qr;             /* text shown as a QR code (PDF only), or NULL */
	char above_buf[200], subtitle_buf[200], number_buf[120], place_buf[120];
	char sign_buf[2][200];      /* storage for composed signature titles */
	/* A register's wide table (0/NULL: the defaults, a form's): */
	int landscape;              /* PDF: the page turned (A4 landscape) */
	int text_cols;              /* text: the width of the title and tables (0: 78) */
	double table_pt;            /* PDF: the tables' size in points (0: 11) */
	const double *shares;       /* every table's column widths as shares of the
	                               width, one per column (NULL: measured) */
} mc_document;

/* Append a table row of `n` cells (a header row when `header`). */
void mc_document_row(mc_document *d, int header, int n, const char *const *cells);

/* Append a bar chart: one bar per label, stacked of `nseries` (1-3)
 * series named `names`; values[i * nseries + s] is label i's value of series
 * s. Each bar carries its total above it and each part its value inside
 * when there is room; `note` (or NULL) is set small under the chart. */
void mc_document_chart(mc_document *d, const char *title, const char *note, int nseries,
		       const char *const *names, size_t n, const char *const *labels,
		       const long *values);

void mc_document_text(const mc_document *d, mc_buf *out);
/* One self-contained HTML page (A4 print styles, inline SVG charts). */
void mc_document_html(const mc_document *d, mc_buf *out);
int mc_document_pdf(const mc_document *d, const char *path, mc_error *err);
void mc_document_clear(mc_document *d);

/* "Quảng Ngãi, ngày 04 tháng 03 năm 2024" into d->place_buf, and set it. */
void mc_document_place_date(mc_document *d, const char *place, int32_t day);

#endif
