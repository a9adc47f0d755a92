/*
 * api_queue.c - the work queue and search: GET /api/v1/dossiers?state=
 * &unit=&overdue=&due_before=&q=&cursor=&limit= (store/queue.h), soonest
 * due first, keyset-paginated: `next_cursor` is the last row's sort key
 * (its due moment and code), opaque to the client, and the next page is
 * the rows after it; null on the last page.
 */
#include "api.h"
#include "civil.h"
#include "json_out.h"
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The cursor: hex of "EPOCH:CODE". */
static void cursor_encode(char *out, size_t n, mc_time due, const char *code)
{
	char raw[MC_CODE_MAX + 32];
	snprintf(raw, sizeof raw, "%lld:%s", (long long)due, code);
	size_t k = 0;
	for (const unsigned char *s = (const unsigned char *)raw; *s && k + 3 <= n; s++, k += 2)
		snprintf(out + k, 3, "%02x", *s);
	out[k < n ? k : n - 1] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int cursor_decode(const char *s, mc_time *due, char *code, size_t ncode)
{
	char raw[MC_CODE_MAX + 32];
	size_t l = strlen(s);
	if (l == 0 || l % 2 || l / 2 >= sizeof raw)
		return -1;
	for (size_t i = 0; i < l; i += 2) {
		int a = hexval(s[i]), b = hexval(s[i + 1]);
		if (a < 0 || b < 0)
			return -1;
		raw[i / 2] = (char)(a * 16 + b);
	}
	raw[l / 2] = '\0';
	char *colon = strchr(raw, ':');
	if (!colon || colon == raw || !colon[1] || strlen(colon + 1) >= ncode)
		return -1;
	*colon = '\0';
	for (const char *p = raw; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	for (const char *p = colon + 1; *p; p++) {
		char c = *p;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '.' || c == '-' || c == '_'))
			return -1;
	}
	if (strlen(raw) > 12)
		return -1;
	*due = (mc_time)atoll(raw);
	snprintf(code, ncode, "%s", colon + 1);
	return 0;
}

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
static json_t *row_json(mc_request *rq, const mc_queue_row *w, mc_time now)
{
	const mc_calendar *cal = rq->srv->cal;
	json_t *o = json_object();
	mc_json_set(o, "code", mc_json_text(w->code));
	mc_json_set(o, "procedure", mc_json_text(w->procedure_code));
	mc_json_set(o, "applicant", mc_json_text(w->applicant));
	mc_json_set(o, "state", mc_json_text(w->state));
	mc_json_set(o, "step", *w->step_id ? mc_json_text(w->step_id) : json_null());
	mc_json_set(o, "unit", *w->step_unit ? mc_json_text(w->step_unit) : json_null());
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
		mc_time horizon;
		const char *status = "within_time";
		if (now > due)
			status = "overdue";
		else if (mc_calendar_add_ticks(cal, now, MC_TICKS_PER_DAY, &horizon, NULL) ||
			 horizon >= due)
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
	    text_param(rq, "q", 200, &q.q))
		return;
	if ((v = mc_rq_query(rq, "overdue")) && *v) {
		if (!strcmp(v, "1") || !strcmp(v, "true")) {
			q.overdue = 1;
		} else if (strcmp(v, "0") && strcmp(v, "false")) {
			bad_param(rq, "overdue", "'overdue' is 1 or 0 (true or false)");
			return;
		}
	}
	if ((v = mc_rq_query(rq, "due_before")) && *v) {
		/* a date: due on it or before; a moment: due before it */
		int32_t day;
		if (strlen(v) == 10 && !mc_parse_date(v, &day, &err)) {
			q.due_before = mc_time_make(day + 1, 0);
		} else if (mc_parse_moment(v, &q.due_before, &err)) {
			bad_param(rq, "due_before", err.message);
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
		if (cursor_decode(v, &q.after_due, after_code, sizeof after_code)) {
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
		bad_param(rq, "state", err.message);
		return;
	}
	if (rc) {
		mc_reply_error(rq, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, row_json(rq, &rows[i], q.now));
	json_t *o = json_object();
	mc_json_set(o, "items", items);
	if (more && n) {
		char cur[2 * (MC_CODE_MAX + 32) + 1];
		cursor_encode(cur, sizeof cur, rows[n - 1].due_at, rows[n - 1].code);
		mc_json_set(o, "next_cursor", mc_json_text(cur));
	} else {
		mc_json_set(o, "next_cursor", json_null());
	}
	mc_json_set(o, "limit", json_integer(q.limit));
	free(rows);
	mc_reply_json(&rq->reply, 200, o);
}
