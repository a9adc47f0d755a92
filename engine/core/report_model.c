/*
 * report_model.c - the department's reporting periods and the report's
 * bookkeeping (see report_model.h).
 */
#include "report_model.h"
#include "civil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long mc_counts_total(const mc_counts *c)
{
	return c->carried + c->online + c->in_person + c->post;
}

#define FIELD(name, f) static long name(const mc_counts *c) { return c->f; }
FIELD(v_carried, carried)
FIELD(v_online, online)
FIELD(v_in_person, in_person)
FIELD(v_post, post)
FIELD(v_early, early)
FIELD(v_on_time, on_time)
FIELD(v_late, late)
FIELD(v_withdrawn, withdrawn)
FIELD(v_unprocessed, unprocessed)
FIELD(v_refused, refused)
FIELD(v_open_within, open_within)
FIELD(v_open_overdue, open_overdue)
FIELD(v_second_supplements, second_supplements)
#undef FIELD
static long v_total(const mc_counts *c) { return mc_counts_total(c); }
static long v_in_person_post(const mc_counts *c) { return c->in_person + c->post; }
static long v_resolved(const mc_counts *c) { return c->early + c->on_time + c->late; }

#define BOTH (MC_COUNT_CSV | MC_COUNT_JSON)
const mc_count_column mc_count_columns[] = {
	{ "received_total", "Tổng", "Tổng số", v_total, BOTH, 1 },
	{ "received_carried_over", "KTrướ", "Kỳ trước", v_carried, BOTH, 4 },
	{ "received_online", "TTu", "Trực tuyến", v_online, BOTH, 2 },
	{ "received_in_person", "TT", "Trực tiếp", v_in_person, BOTH, 0 },
	{ "received_post", "BC", "Bưu chính", v_post, BOTH, 0 },
	{ NULL, "TT/BC", "Trực tiếp, bưu chính", v_in_person_post, 0, 3 },
	{ NULL, "ĐãGQ", "Đã giải quyết", v_resolved, 0, 5 },
	{ "resolved_early", "TrHạn", "Trước hạn", v_early, BOTH, 6 },
	{ "resolved_on_time", "ĐHạn", "Đúng hạn", v_on_time, BOTH, 7 },
	{ "resolved_late", "QHạn", "Quá hạn", v_late, BOTH, 8 },
	{ "withdrawn", "Rút", "Rút hồ sơ", v_withdrawn, BOTH, 0 },
	{ "returned_unprocessed", "TrLại", "Trả lại", v_unprocessed, BOTH, 0 },
	{ "refused", "TChối", "Từ chối", v_refused, BOTH, 0 },
	{ "in_progress_within_time", "ĐangT", "Đang GQ trong hạn", v_open_within, BOTH, 9 },
	{ "in_progress_overdue", "ĐangQ", "Đang GQ quá hạn", v_open_overdue, BOTH, 10 },
	{ "second_supplements", "BS2", "Bổ sung từ lần hai", v_second_supplements, MC_COUNT_CSV, 0 },
};
#undef BOTH
const size_t mc_count_ncolumns = sizeof mc_count_columns / sizeof mc_count_columns[0];

size_t mc_count_table(const mc_count_column **table, size_t max)
{
	size_t n = 0;
	for (int pos = 1; n < max; pos++) {
		size_t k = 0;
		while (k < mc_count_ncolumns && mc_count_columns[k].table != pos)
			k++;
		if (k == mc_count_ncolumns)
			break;
		table[n++] = &mc_count_columns[k];
	}
	return n;
}

int mc_report_period(const char *kind, const char *spec, int32_t *from, int32_t *to,
		     mc_error *err)
{
	int y = 0, n = 0;
	char tail = 0;
	if (!strcmp(kind, "year")) {
		if (sscanf(spec, "%4d%c", &y, &tail) != 1 || strlen(spec) != 4)
			return mc_error_set(err, MC_ERR_USAGE, "invalid year '%s' (expected e.g. 2023)", spec);
		*from = mc_days_from_civil(y - 1, 12, 15);
		*to = mc_days_from_civil(y, 12, 14);
	} else if (!strcmp(kind, "quarter")) {
		if (strlen(spec) != 6 || sscanf(spec, "%4dQ%1d", &y, &n) != 2 || n < 1 || n > 4)
			return mc_error_set(err, MC_ERR_USAGE, "invalid quarter '%s' (expected e.g. 2023Q1)", spec);
		*from = n == 1 ? mc_days_from_civil(y - 1, 12, 15) : mc_days_from_civil(y, 3 * (n - 1), 15);
		*to = mc_days_from_civil(y, 3 * n, 14);
	} else {
		if (strlen(spec) != 6 || sscanf(spec, "%4dH%1d", &y, &n) != 2 || n < 1 || n > 2)
			return mc_error_set(err, MC_ERR_USAGE, "invalid half '%s' (expected e.g. 2023H1)", spec);
		*from = n == 1 ? mc_days_from_civil(y - 1, 12, 15) : mc_days_from_civil(y, 6, 15);
		*to = mc_days_from_civil(y, n == 1 ? 6 : 12, 14);
	}
	if (y < 1900 || y > 2199)
		return mc_error_set(err, MC_ERR_USAGE, "year %d is outside 1900-2199", y);
	return MC_OK;
}

void mc_report_free(mc_report *r)
{
	if (!r)
		return;
	free(r->procs);
	free(r->fields);
	free(r->late_steps);
	free(r->months);
	free(r->shortened);
	free(r->manual);
	memset(r, 0, sizeof *r);
}

/* The reporting month of a day: the department's months run from the
 * 15th to the 14th, named by the month they end in (15/12/2022-14/01/2023
 * is "tháng 1" of 2023; DOMAIN.md, the report of June 2023). */
void mc_report_month_of(int32_t day, int *year, int *month)
{
	int y, m, d;
	mc_civil_from_days(day, &y, &m, &d);
	if (d >= 15 && ++m > 12) {
		m = 1;
		y++;
	}
	*year = y;
	*month = m;
}
