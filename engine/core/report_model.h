/*
 * report_model.h - a period report as data: the counts of Biểu 06a per
 * procedure and per field, the indicators, the catalogue's figures, the
 * steps that overran and the month slices. Built by jobs/report.c from the
 * database, drawn by outputs/report_render.c; the period rules live here.
 */
#ifndef MOTCUA_REPORT_MODEL_H
#define MOTCUA_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "lateness.h"

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
	char code[MC_CODE_MAX], step[64], unit[64];
	double late_days;             /* working days past the step's due moment */
} mc_late_step;

typedef struct mc_shortened {
	char code[64], statutory[16], shortened[16];
	double cut_percent;
} mc_shortened;

/* A dossier whose appointment the office set by hand (migration 0022): its
 * time is not the procedure's, so the reports flag it. */
typedef struct mc_manual_appointment {
	char code[MC_CODE_MAX], procedure[64], reason[512];
} mc_manual_appointment;

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
	/* the office's amendments logged in the period (none counts above:
	 * a voided dossier is in no figure) */
	long voids, corrections, backdated;
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
	/* handled dossiers whose appointment was set by hand (all counted,
	 * at most 500 listed, by code) */
	long manual_appointments;
	mc_manual_appointment *manual;
	size_t nmanual;
} mc_report;

/*
 * The columns of mc_counts, once for every rendering. In this order they
 * are the CSV's columns and the JSON's keys (`key`); the Biểu 06a table of
 * the text and HTML reports shows those with a `table` position (1 first),
 * under `abbr` (text, at most 5 characters) and `label` (HTML). Two of the
 * table's columns are sums (in person or by post; resolved), with no key.
 */
enum {
	MC_COUNT_CSV = 1,            /* a column of the CSV */
	MC_COUNT_JSON = 2,           /* a key of the JSON */
};
typedef struct mc_count_column {
	const char *key;             /* received_total; NULL for a sum */
	const char *abbr;            /* "Tổng" */
	const char *label;           /* "Tổng số" */
	long (*value)(const mc_counts *c);
	unsigned in;                 /* MC_COUNT_CSV | MC_COUNT_JSON */
	int table;                   /* position in the Biểu 06a table, 0: not shown */
} mc_count_column;
extern const mc_count_column mc_count_columns[];
extern const size_t mc_count_ncolumns;
/* The table's columns in order: table[i] for i < *n. */
size_t mc_count_table(const mc_count_column **table, size_t max);

/* Parse "2023Q1", "2023H1" or "2023" (kind "quarter", "half", "year") into
 * the department's period: the 15th-to-14th convention. */
int mc_report_period(const char *kind, const char *spec, int32_t *from, int32_t *to,
		     mc_error *err);
/* The reporting month of a day: the department's months run from the
 * 15th to the 14th and are named by the month they end in (the days
 * 15/12/2022-14/01/2023 are month 1 of 2023). mc_report.months are these. */
void mc_report_month_of(int32_t day, int *year, int *month);
void mc_report_free(mc_report *r);
long mc_counts_total(const mc_counts *c);      /* received_total */

#endif
