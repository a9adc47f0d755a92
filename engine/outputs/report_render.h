/*
 * report_render.h - period reports as text (Vietnamese, the department's
 * sentence shape), CSV (UTF-8 with BOM, RFC 4180: the Biểu 06a columns),
 * JSON (the fixed keys plus indicators) and one self-contained HTML page
 * with inline SVG charts.
 */
#ifndef MOTCUA_REPORT_RENDER_H
#define MOTCUA_REPORT_RENDER_H

#include "agency.h"
#include "report_model.h"
#include "strbuf.h"

void mc_report_text(const mc_report *r, const mc_agency *a, mc_buf *out);
void mc_report_csv(const mc_report *r, mc_buf *out);
void mc_report_json(const mc_report *r, mc_buf *out);
void mc_report_html(const mc_report *r, const mc_agency *a, mc_buf *out);

#endif
