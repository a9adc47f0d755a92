/*
 * xlsx_out.h - workbooks (.xlsx) through libxlsxwriter, as the department
 * sends its figures: Biểu 06a/VPCP/KSTT of a period report, and the
 * register of dossiers. A4 pages (the register landscape), Times New Roman
 * (what the Decree 30/2020 forms name; the reader's office suite has it).
 */
#ifndef MOTCUA_XLSX_OUT_H
#define MOTCUA_XLSX_OUT_H

#include "agency.h"
#include "catalog.h"
#include "dossier_view.h"
#include "error.h"
#include "forms.h"
#include "report_model.h"

/* Biểu 06a: the grouped two-row header over numbered columns, a total
 * row, each field (STT 1, 2, ...) and under it its procedures by name
 * (1.1, 1.2, ...); withdrawn, returned and refused in their own columns,
 * so that in every row the received total equals resolved + withdrawn +
 * returned + refused + in progress. The reporting unit, the period and the
 * signature lines. `cat` gives each procedure's field. */
int mc_report_xlsx(const mc_report *r, const mc_agency *a, const mc_catalog *cat,
		   const char *path, mc_error *err);

/* The register (register_render.h) as one worksheet. */
int mc_register_xlsx(const mc_agency *a, const mc_regime *reg, int32_t from, int32_t to,
		     const mc_dossier_info *rows, size_t n, const char *path, mc_error *err);

#endif
