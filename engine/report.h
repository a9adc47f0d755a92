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

#include "store_dossier.h"

typedef struct mc_counts {
	long carried, online, in_person, post;
	long early, on_time, late, withdrawn, unprocessed, refused;
	long open_within, open_overdue, second_supplements;
} mc_counts;

typedef struct mc_report_row {
	char key[160];                /* procedure code, or field name */
	char name[400];
	mc_counts c;
} mc_report_row;

typedef struct mc_late_step {
	char code[96], step[64], unit[64];
	double late_days;             /* working days past the step's due moment */
} mc_late_step;

typedef struct mc_shortened {
	char code[64], statutory[16], shortened[16];
	double cut_percent;
} mc_shortened;

typedef struct mc_month {
	int year, month;
	long online, in_person, post, early, on_time, late;
} mc_month;

typedef struct mc_report {
	int32_t from, to;             /* inclusive days */
	mc_counts total;
	mc_report_row *procs, *fields;
	size_t nprocs, nfields;
	long apologies, apologies_late, apologies_forced;
	/* catalogue at the period's end (this installation's) */
	long cat_procs, cat_center, cat_online, cat_shortened;
	double cat_cut_avg;
	mc_shortened *shortened;      /* the versions in force with a shortened time */
	/* the department's declared figures of the latest set by the end */
	char set_id[32];
	long set_total, set_center, set_online, set_online_base;
	mc_late_step *late_steps;     /* the steps that overran, of the listed dossiers */
	size_t nlate;
	long late_dossiers;           /* late or overdue dossiers in all */
	long late_listed;             /* of which listed (at most 500, by code) */
	mc_month *months;
	size_t nmonths;
} mc_report;

/* Parse "2023Q1", "2023H1" or "2023" into the department's period. */
int mc_report_period(const char *kind, const char *spec, int32_t *from, int32_t *to,
		     mc_error *err);

int mc_report_build(const mc_store_ctx *s, int32_t from, int32_t to, mc_report *out,
		    mc_error *err);
void mc_report_free(mc_report *r);

long mc_counts_total(const mc_counts *c);      /* received_total */

#endif
