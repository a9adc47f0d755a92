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
	memset(r, 0, sizeof *r);
}
