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

#include <libpq-fe.h>
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

/*
 * A page holds up to 500 items of fourteen members each. Each item is not a
 * tree of its own: the members are jansson values made once a page and set
 * anew for each row (a value equal to the row before's is left as it is),
 * and jansson writes them: `head` (code .. status) as one object's members,
 * then the fixed-decimal working_days_left, then href (its key written by
 * jansson once a page, as working_days_left's). Texts from the database are taken
 * as the UTF-8 they are (json_stringn_nocheck) when its encoding is UTF8 and
 * the text was not cut to fit its field; else checked (mc_json_text).
 */
enum {
	F_CODE, F_PROCEDURE, F_APPLICANT, F_STATE, F_STEP, F_UNIT, F_ASSIGNEE, F_ASSIGNEE_NAME,
	F_RECEIVED, F_DUE, F_STEP_DUE, F_STATUS, F_HREF, F__COUNT
};
#define F_TAIL F_HREF                /* the first member of `tail` */
static const char *const field_key[F__COUNT] = {
	"code", "procedure", "applicant", "state", "step", "unit", "assignee", "assignee_name",
	"received_at", "due_at", "step_due_at", "status", "href",
};

typedef struct item_json {
	json_t *head, *tail;
	json_t *v[F__COUNT];         /* the value each member holds (borrowed) */
	mc_buf left_key, href_key;   /* "working_days_left":, "href": as jansson
	                                writes them */
	int utf8;                    /* the connection's texts are UTF-8 */
	int failed;
} item_json;

static int db_utf8(mc_db *db)
{
	PGconn *c = mc_db_conn(db);
	const char *se = PQparameterStatus(c, "server_encoding");
	const char *ce = PQparameterStatus(c, "client_encoding");
	return se && ce && !strcmp(se, "UTF8") && !strcmp(ce, "UTF8");
}

static int item_init(item_json *it, mc_db *db)
{
	memset(it, 0, sizeof *it);
	it->utf8 = db_utf8(db);
	it->head = json_object();
	it->tail = json_object();
	if (!it->head || !it->tail)
		return -1;
	for (int f = 0; f < F__COUNT; f++) {
		it->v[f] = json_null();
		if (json_object_set_new_nocheck(f < F_TAIL ? it->head : it->tail, field_key[f],
						json_null()))
			return -1;
	}
	mc_json_dump_key("working_days_left", &it->left_key);
	mc_json_dump_key("href", &it->href_key);
	return mc_buf_failed(&it->left_key) || mc_buf_failed(&it->href_key) ? -1 : 0;
}

static void item_free(item_json *it)
{
	json_decref(it->head);
	json_decref(it->tail);
	mc_buf_free(&it->left_key);
	mc_buf_free(&it->href_key);
}

/* Member f: the text s (NULL: null) of `len` bytes, `valid` when it is
 * known to be UTF-8. */
static void put(item_json *it, int f, const char *s, size_t len, int valid)
{
	json_t *obj = f < F_TAIL ? it->head : it->tail, *cur = it->v[f];
	if (!s) {
		if (!json_is_null(cur)) {
			it->failed |= json_object_set_new_nocheck(obj, field_key[f], json_null());
			it->v[f] = json_null();
		}
		return;
	}
	if (valid && json_is_string(cur)) {
		if ((json_string_length(cur) != len || memcmp(json_string_value(cur), s, len)) &&
		    json_string_setn_nocheck(cur, s, len))
			it->failed = 1;
		return;
	}
	json_t *n = valid ? json_stringn_nocheck(s, len) : mc_json_text(s);
	if (!n || json_object_set_new_nocheck(obj, field_key[f], n)) {
		it->failed = 1;
		return;
	}
	it->v[f] = n;
}

/* A text of the row that filled its field of `cap` bytes may have been cut
 * inside a character. */
static void put_text(item_json *it, int f, const char *s, size_t cap)
{
	size_t len = strlen(s);
	put(it, f, s, len, it->utf8 && len + 1 < cap);
}

/* The same, null when s is empty (no step, no holder). */
static void put_text_or_null(item_json *it, int f, const char *s, size_t cap)
{
	if (*s)
		put_text(it, f, s, cap);
	else
		put(it, f, NULL, 0, 1);
}

static void put_moment(item_json *it, int f, mc_time t)
{
	char m[MC_MOMENT_MAX];
	if (!t) {
		put(it, f, NULL, 0, 1);
		return;
	}
	mc_format_moment(m, sizeof m, t);
	put(it, f, m, strlen(m), 1);
}

/* The row's status as of now and its working days left (negative: late),
 * written to b. `horizon`: one working day from now (0: past the
 * calendar), the same for every row of the page. */
static void write_item(item_json *it, const mc_calendar *cal, const mc_queue_row *w, mc_time now,
		       mc_time horizon, mc_buf *b)
{
	put_text(it, F_CODE, w->code, sizeof w->code);
	put_text(it, F_PROCEDURE, w->procedure_code, sizeof w->procedure_code);
	put_text(it, F_APPLICANT, w->applicant, sizeof w->applicant);
	put_text(it, F_STATE, w->state, sizeof w->state);
	put_text_or_null(it, F_STEP, w->step_id, sizeof w->step_id);
	put_text_or_null(it, F_UNIT, w->step_unit, sizeof w->step_unit);
	put_text_or_null(it, F_ASSIGNEE, w->assignee, sizeof w->assignee);
	put_text_or_null(it, F_ASSIGNEE_NAME, w->assignee_name, sizeof w->assignee_name);
	put_moment(it, F_RECEIVED, w->received_at);
	put_moment(it, F_DUE, w->due_at);
	put_moment(it, F_STEP_DUE, w->step_due_at);
	int has_left = 0;
	int64_t left = 0;
	if (*w->result) {
		put_text(it, F_STATUS, w->result, sizeof w->result);
	} else {
		/* a paused clock moves the due moment by the time waited */
		mc_time due = w->due_at;
		int64_t waited;
		if (w->paused_since && now > w->paused_since &&
		    !mc_calendar_between(cal, w->paused_since, now, &waited, NULL))
			mc_calendar_add_ticks(cal, w->due_at, waited, &due, NULL);
		const char *status = "within_time";
		if (now > due)
			status = "overdue";
		else if (!horizon || horizon >= due)
			status = "due_soon";
		put(it, F_STATUS, status, strlen(status), 1);
		has_left = !mc_calendar_between(cal, now, due, &left, NULL);
	}
	/* the code is at most MC_CODE_MAX bytes: the link always fits */
	static const char prefix[] = "/api/v1/dossiers/";
	char link[sizeof prefix + MC_CODE_MAX];
	size_t lc = strlen(w->code);
	memcpy(link, prefix, sizeof prefix - 1);
	memcpy(link + sizeof prefix - 1, w->code, lc + 1);
	put(it, F_HREF, link, sizeof prefix - 1 + lc, it->utf8 && lc + 1 < sizeof w->code);
	mc_buf_add(b, "{");
	mc_json_dump_plain_members(it->head, b);
	mc_buf_add(b, ",");
	mc_buf_addn(b, mc_buf_str(&it->left_key), it->left_key.len);
	if (has_left)
		mc_json_dump_hundredths(left, MC_TICKS_PER_DAY, b);
	else
		mc_json_dump(json_null(), b);
	mc_buf_add(b, ",");
	mc_buf_addn(b, mc_buf_str(&it->href_key), it->href_key.len);
	mc_json_dump(it->v[F_HREF], b);
	mc_buf_add(b, "}");
}

void mc_api_queue(mc_request *rq)
{
	/* the page is all the request does in the database: its transaction
	 * (the token's use, if any) commits in the page's round trip */
	mc_queue_query q = { .now = (mc_time)time(NULL), .limit = MC_QUEUE_LIMIT_DEFAULT,
			     .then_commit = 1 };
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
	rq->ended = rc == MC_OK;      /* committed with the page (then_commit) */
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
	item_json it;
	mc_buf *b = mc_reply_json_begin(&rq->reply, 200);
	/* an item is some 400 bytes: the page in one allocation */
	mc_buf_reserve(b, n * 512 + 256);
	int failed = item_init(&it, rq->db);
	mc_buf_add(b, "{");
	mc_json_dump_key("items", b);
	mc_buf_add(b, "[");
	for (size_t i = 0; i < n && !failed; i++) {
		if (i)
			mc_buf_add(b, ",");
		write_item(&it, rq->srv->cal, &rows[i], q.now, horizon, b);
		failed = it.failed;
	}
	mc_buf_add(b, "],");
	json_t *o = json_object();
	if (more && n) {
		char cur[MC_QUEUE_CURSOR_MAX];
		mc_queue_cursor_encode(cur, sizeof cur, mc_queue_row_key(&rows[n - 1], q.sort),
				       rows[n - 1].code);
		mc_json_set(o, "next_cursor", mc_json_text(cur));
	} else {
		mc_json_set(o, "next_cursor", json_null());
	}
	mc_json_set(o, "limit", json_integer(q.limit));
	mc_json_dump_members(o, b);
	json_decref(o);
	mc_buf_add(b, "}\n");
	item_free(&it);
	free(rows);
	if (failed || mc_buf_failed(b)) {
		mc_buf_free(b);
		mc_reply_problem(&rq->reply, 500, "internal", NULL, NULL, NULL);
	}
}
