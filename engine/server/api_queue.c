/*
 * api_queue.c - the work queue and search: GET /api/v1/dossiers?state=
 * &unit=&procedure=&channel=&overdue=&due_before= (or due_to=)&due_from=
 * &received_from=&received_to=&assignee=&q=&sort=&cursor=&limit= (store/queue.h),
 * soonest due first (or by receipt or code: sort=received|code),
 * keyset-paginated: `next_cursor` is the last row's sort key (its due or
 * receipt moment and code), opaque to the client, and the next page is
 * the rows after it; null on the last page. A bound given as a date
 * includes that whole day. `assignee=LOGIN` keeps the dossiers whose
 * current step that person holds, `assignee=me` the session's own; each
 * item carries its holder (`assignee`, `assignee_name`, null when none).
 */
#include "api.h"
#include "civil.h"
#include "json_out.h"
#include "queue.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int bad_param(mc_request *rq, const char *name, const char *detail)
{
	mc_reply_problem(&rq->reply, 422, "invalid_field", detail, name, NULL);
	return -1;
}

/* A query value that must be plain printable text of at most `max` bytes. */
static int text_param(mc_request *rq, const char *name, size_t max, const char **out)
{
	const char *v = mc_rq_query(rq, name);
	*out = NULL;
	if (!v || !*v)
		return 0;
	if (strlen(v) > max) {
		char d[120];
		snprintf(d, sizeof d, "'%s' is longer than %zu bytes", name, max);
		return bad_param(rq, name, d);
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			char d[120];
			snprintf(d, sizeof d, "'%s' contains a control character", name);
			return bad_param(rq, name, d);
		}
	*out = v;
	return 0;
}

/* The row's status as of now and its working days left (negative: late). */
/* `horizon`: one working day from now (0: past the calendar), the same
 * for every row of the page. */
static json_t *row_json(mc_request *rq, const mc_queue_row *w, mc_time now, mc_time horizon)
{
	const mc_calendar *cal = rq->srv->cal;
	json_t *o = json_object();
	mc_json_set(o, "code", mc_json_text(w->code));
	mc_json_set(o, "procedure", mc_json_text(w->procedure_code));
	mc_json_set(o, "applicant", mc_json_text(w->applicant));
	mc_json_set(o, "state", mc_json_text(w->state));
	mc_json_set(o, "step", *w->step_id ? mc_json_text(w->step_id) : json_null());
	mc_json_set(o, "unit", *w->step_unit ? mc_json_text(w->step_unit) : json_null());
	mc_json_set(o, "assignee", *w->assignee ? mc_json_text(w->assignee) : json_null());
	mc_json_set(o, "assignee_name", *w->assignee_name ? mc_json_text(w->assignee_name) : json_null());
	mc_json_set(o, "received_at", mc_json_moment(w->received_at));
	mc_json_set(o, "due_at", mc_json_moment(w->due_at));
	mc_json_set(o, "step_due_at", w->step_due_at ? mc_json_moment(w->step_due_at) : json_null());
	if (*w->result) {
		mc_json_set(o, "status", mc_json_text(w->result));
		mc_json_set(o, "working_days_left", json_null());
	} else {
		/* a paused clock moves the due moment by the time waited */
		mc_time due = w->due_at;
		int64_t waited, left = 0;
		if (w->paused_since && now > w->paused_since &&
		    !mc_calendar_between(cal, w->paused_since, now, &waited, NULL))
			mc_calendar_add_ticks(cal, w->due_at, waited, &due, NULL);
		const char *status = "within_time";
		if (now > due)
			status = "overdue";
		else if (!horizon || horizon >= due)
			status = "due_soon";
		mc_json_set(o, "status", mc_json_text(status));
		if (!mc_calendar_between(cal, now, due, &left, NULL))
			mc_json_set(o, "working_days_left",
				    mc_json_fixed((double)left / MC_TICKS_PER_DAY, 2));
		else
			mc_json_set(o, "working_days_left", json_null());
	}
	char link[200];
	snprintf(link, sizeof link, "/api/v1/dossiers/%s", w->code);
	mc_json_set(o, "href", mc_json_text(link));
	return o;
}

void mc_api_queue(mc_request *rq)
{
	mc_queue_query q = { .now = (mc_time)time(NULL), .limit = MC_QUEUE_LIMIT_DEFAULT };
	char after_code[MC_CODE_MAX];
	mc_error err;
	const char *v;
	if (text_param(rq, "state", 32, &q.state) || text_param(rq, "unit", 64, &q.unit) ||
	    text_param(rq, "procedure", 64, &q.procedure) ||
	    text_param(rq, "channel", 16, &q.channel) || text_param(rq, "q", 200, &q.q) ||
	    text_param(rq, "assignee", 64, &q.assignee))
		return;
	/* "me": the session's own login */
	if (q.assignee && !strcmp(q.assignee, "me"))
		q.assignee = rq->user.login;
	else if (q.assignee && !mc_store_login_valid(q.assignee)) {
		bad_param(rq, "assignee", "'assignee' is a login or 'me'");
		return;
	}
	if ((v = mc_rq_query(rq, "overdue")) && *v) {
		if (!strcmp(v, "1") || !strcmp(v, "true")) {
			q.overdue = 1;
		} else if (strcmp(v, "0") && strcmp(v, "false")) {
			bad_param(rq, "overdue", "'overdue' is 1 or 0 (true or false)");
			return;
		}
	}
	static const struct {
		const char *name;
		int end;
		size_t off;
	} bounds[] = {
		{ "due_before", 1, offsetof(mc_queue_query, due_before) },
		{ "due_to", 1, offsetof(mc_queue_query, due_before) },
		{ "due_from", 0, offsetof(mc_queue_query, due_from) },
		{ "received_from", 0, offsetof(mc_queue_query, received_from) },
		{ "received_to", 1, offsetof(mc_queue_query, received_to) },
	};
	for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
		/* a date: that whole day included; a moment: from it, or before it */
		if ((v = mc_rq_query(rq, bounds[i].name)) && *v &&
		    mc_queue_parse_moment(v, bounds[i].end,
					  (mc_time *)((char *)&q + bounds[i].off), &err)) {
			bad_param(rq, bounds[i].name, err.message);
			return;
		}
	}
	if ((v = mc_rq_query(rq, "sort")) && *v) {
		if (!strcmp(v, "due"))
			q.sort = MC_QUEUE_SORT_DUE;
		else if (!strcmp(v, "received"))
			q.sort = MC_QUEUE_SORT_RECEIVED;
		else if (!strcmp(v, "code"))
			q.sort = MC_QUEUE_SORT_CODE;
		else {
			bad_param(rq, "sort", "'sort' is due, received or code");
			return;
		}
	}
	if ((v = mc_rq_query(rq, "limit")) && *v) {
		char *end;
		long l = strtol(v, &end, 10);
		if (*end || l < 1 || l > MC_QUEUE_LIMIT_MAX) {
			bad_param(rq, "limit", "'limit' is a number from 1 to 500");
			return;
		}
		q.limit = (int)l;
	}
	if ((v = mc_rq_query(rq, "cursor")) && *v) {
		if (mc_queue_cursor_decode(v, &q.after_due, after_code, sizeof after_code)) {
			bad_param(rq, "cursor", "'cursor' is not a cursor this server gave (next_cursor)");
			return;
		}
		q.after = 1;
		q.after_code = after_code;
	}
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_queue_row *rows = NULL;
	size_t n = 0;
	int more = 0;
	int rc = mc_store_queue_page(&ctx, &q, &rows, &n, &more, &err);
	if (rc == MC_ERR_INPUT) {
		bad_param(rq, !strncmp(err.message, "unknown channel", 15) ? "channel" : "state", err.message);
		return;
	}
	if (rc) {
		mc_reply_error(rq, &err);
		return;
	}
	mc_time horizon;
	if (mc_calendar_add_ticks(rq->srv->cal, q.now, MC_TICKS_PER_DAY, &horizon, NULL))
		horizon = 0;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, row_json(rq, &rows[i], q.now, horizon));
	json_t *o = json_object();
	mc_json_set(o, "items", items);
	if (more && n) {
		char cur[MC_QUEUE_CURSOR_MAX];
		mc_queue_cursor_encode(cur, sizeof cur, mc_queue_row_key(&rows[n - 1], q.sort),
				       rows[n - 1].code);
		mc_json_set(o, "next_cursor", mc_json_text(cur));
	} else {
		mc_json_set(o, "next_cursor", json_null());
	}
	mc_json_set(o, "limit", json_integer(q.limit));
	free(rows);
	mc_reply_json(&rq->reply, 200, o);
}
