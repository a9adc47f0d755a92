/*
 * api_procedures.c - the catalogue: GET /api/v1/procedures[?at=DATE] (the
 * procedures with a version in force) and GET /api/v1/procedures/{code}
 * [?at=DATE] (the version in force: its time, cut and steps). Public
 * information, as on the national portal: no session, no database (the
 * server took the stored rules at start).
 */
#include "api.h"
#include "catalog_render.h"
#include "civil.h"

#include <stdio.h>
#include <time.h>

/* ?at=YYYY-MM-DD, default today (Vietnam). 0 or -1 (the reply holds the
 * problem). */
static int at_day(mc_request *rq, int32_t *day)
{
	const char *s = mc_rq_query(rq, "at");
	mc_error err;
	if (s) {
		if (mc_parse_date(s, day, &err)) {
			mc_reply_problem(&rq->reply, 422, "invalid_field", err.message, "at", NULL);
			return -1;
		}
		return 0;
	}
	*day = mc_time_day((mc_time)time(NULL));
	return 0;
}

void mc_api_procedures(mc_request *rq)
{
	int32_t day;
	if (at_day(rq, &day))
		return;
	mc_buf out = { 0 };
	mc_render_catalog_list(rq->srv->cat, day, MC_OUT_JSON, &out);
	mc_reply_bytes(&rq->reply, 200, "application/json", out.data ? out.data : "", out.len);
	mc_buf_free(&out);
}

void mc_api_procedure(mc_request *rq)
{
	int32_t day;
	if (at_day(rq, &day))
		return;
	const mc_procedure *p = mc_catalog_find(rq->srv->cat, rq->param);
	const mc_version *v = p ? mc_catalog_version_at(p, day) : NULL;
	if (!v) {
		char detail[200];
		snprintf(detail, sizeof detail, p ? "procedure '%s' has no version in force on that day"
					      : "no procedure '%s' in the catalogue", rq->param);
		mc_reply_problem(&rq->reply, 404, "not_found", detail, NULL, NULL);
		return;
	}
	mc_buf out = { 0 };
	mc_render_procedure(rq->srv->cat->agency, p, v, MC_OUT_JSON, &out);
	mc_reply_bytes(&rq->reply, 200, "application/json", out.data ? out.data : "", out.len);
	mc_buf_free(&out);
}
