/*
 * report.h - period reports: the one-stop results in the department's
 * shape, the columns of Biểu 06a/VPCP/KSTT per field, per procedure, and
 * the indicators (early/on-time share, the national index's on-time rate,
 * online share, apologies, second supplements, the catalogue, the late
 * dossiers with the step and unit that overran).
 *
 * A period is [from 00:00, to + 1 day 00:00) in Vietnam's time. A dossier is
 * handled in the period when it was received before the end and was not
 * finished or closed before the start; carried over = handled and received
 * before the start. Every handled dossier lands in exactly one of: resolved
 * early / on time / late (result ready in the period), withdrawn / returned
 * unprocessed / refused (closed in the period), or in progress at the end
 * (within time / overdue). The department reports by the 15th-to-14th
 * convention: Q1 2023 = 15/12/2022-14/03/2023, H1 = 15/12-14/06, the year
 * 2023 = 15/12/2022-14/12/2023.
 */
#ifndef MOTCUA_REPORT_H
#define MOTCUA_REPORT_H

#include "report_model.h"
#include "store_dossier.h"

int mc_report_build(const mc_store_ctx *s, int32_t from, int32_t to, mc_report *out,
		    mc_error *err);
void mc_report_free(mc_report *r);

long mc_counts_total(const mc_counts *c);      /* received_total */

#endif
