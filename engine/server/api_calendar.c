/*
 * api_calendar.c - the working calendar: GET /api/v1/calendar/{year} (the
 * year's days off and worked Saturdays, published or projected) and POST
 * /api/v1/calendar/add ({"start","duration"} -> the due moment). Public
 * information from the core calendar the server loaded at start: no
 * session, no database.
 */
#include "api.h"
#include "calendar_render.h"
#include "civil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mc_api_calendar_year(mc_request *rq)
{
	const char *s = rq->param;
	char *end;
	long year = strtol(s, &end, 10);
	if (!*s || *end || strlen(s) != 4 || year < MC_CAL_FIRST_YEAR || year > MC_CAL_LAST_YEAR) {
		char detail[160];
		snprintf(detail, sizeof detail, "'%.40s' is not a year from %d to %d", s,
			 MC_CAL_FIRST_YEAR, MC_CAL_LAST_YEAR);
		mc_reply_problem(&rq->reply, 404, "not_found", detail, "year", NULL);
		return;
	}
	mc_buf out = { 0 };
	mc_render_calendar_year(rq->srv->cal, (int)year, MC_OUT_JSON, &out);
	mc_reply_bytes(&rq->reply, 200, "application/json", mc_buf_str(&out), out.len);
	mc_buf_free(&out);
}

enum { F_START, F_DURATION, F__N };

static const mc_field add_fields[] = {
	{ .name = "start", .type = MC_FIELD_STRING, .required = 1, .max = 40, .slot = F_START },
	{ .name = "duration", .type = MC_FIELD_STRING, .required = 1, .max = 16, .slot = F_DURATION },
	{ 0 }
};

void mc_api_calendar_add(mc_request *rq)
{
	const char *v[F__N];
	json_t *root;
	if (mc_body_parse(rq, add_fields, v, F__N, &root))
		return;
	mc_error err;
	mc_time start, due;
	mc_duration d;
	if (mc_parse_moment(v[F_START], &start, &err))
		mc_reply_problem(&rq->reply, 422, "invalid_field", err.message, "start", NULL);
	else if (mc_duration_parse(v[F_DURATION], &d, &err))
		mc_reply_problem(&rq->reply, 422, "invalid_field", err.message, "duration", NULL);
	else if (mc_calendar_add(rq->srv->cal, start, d, &due, &err))
		mc_reply_problem(&rq->reply, 422, "invalid_field", err.message, "start", NULL);
	else {
		mc_buf out = { 0 };
		mc_render_calendar_add(start, d, due, MC_OUT_JSON, &out);
		mc_reply_bytes(&rq->reply, 200, "application/json", mc_buf_str(&out), out.len);
		mc_buf_free(&out);
	}
	json_decref(root);
}
