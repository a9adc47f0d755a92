/*
 * report_render.h - period reports as text (Vietnamese, the department's
 * sentence shape), CSV (UTF-8 with BOM, RFC 4180: the Biểu 06a columns),
 * JSON (the fixed keys plus indicators) and one self-contained HTML page
 * with inline SVG charts.
 */
#ifndef MOTCUA_REPORT_RENDER_H
#define MOTCUA_REPORT_RENDER_H

#include "agency.h"
#include "document.h"
#include "report_model.h"
#include "strbuf.h"

void mc_report_text(const mc_report *r, const mc_agency *a, mc_buf *out);
void mc_report_csv(const mc_report *r, mc_buf *out);
void mc_report_json(const mc_report *r, mc_buf *out);
/* The period's dossiers whose appointment was set by hand (migration 0022),
 * as one line of the indicators, without its bullet or its end. */
void mc_report_manual_line(const mc_report *r, mc_buf *b);

/* The report as the department sends it (report_paper.c): a Decree
 * 30/2020 document on A4 portrait, as a PDF or one HTML page. */
typedef struct mc_report_paper {
	int number;             /* in the outgoing register ("Số: 05/BC-SKHCN"); 0: left
	                           blank to be written in */
	const char *recipient;  /* "Kính gửi"; NULL: agency.yaml's report_to, else the parent */
	const char *signer;     /* the signer's name; NULL: agency.yaml's (or left blank) */
	int32_t date;           /* the report's date (place and date) */
} mc_report_paper;
void mc_report_doc(mc_document *doc, const mc_report *r, const mc_agency *a,
		   const mc_report_paper *p);
void mc_report_html(const mc_report *r, const mc_agency *a, const mc_report_paper *p, mc_buf *out);
int mc_report_pdf(const mc_report *r, const mc_agency *a, const mc_report_paper *p, const char *path,
		  mc_error *err);
/* "quý I năm 2023", "6 tháng đầu năm 2023", "năm 2023", "tháng 3 năm 2023",
 * or "từ ngày 01/01/2023 đến ngày 31/03/2023" */
void mc_report_period_name(char *buf, size_t n, int32_t from, int32_t to);

#endif
