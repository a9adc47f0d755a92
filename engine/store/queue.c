/*
 * queue.c - the API's work queue and search (see queue.h).
 */
#include "queue.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "dossier.h"
#include "strbuf.h"
#include "text.h"

/* s with LIKE's metacharacters escaped (by '\'), into b. */
static void like_escape(mc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			mc_buf_addn(b, "\\", 1);
		mc_buf_addn(b, s, 1);
	}
}

/* A name holds no digit: a text with one is a code, a phone or an ID. */
static int has_digit(const char *s)
{
	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			return 1;
	return 0;
}

#define NP 20

/* The parameters of a statement and the texts they point into. */
typedef struct params {
	const char *p[NP];
	int np;
	char m[6][MC_MOMENT_MAX];
	int nm;
	char lim[16];
	mc_buf name;
} params;

/* Append " AND <pre>$n<post>" with `v` as parameter n. */
static void cond(mc_buf *sql, params *pa, const char *pre, const char *v, const char *post)
{
	char ph[8];
	pa->p[pa->np++] = v;
	snprintf(ph, sizeof ph, "$%d", pa->np);
	mc_buf_add(sql, pre);
	mc_buf_add(sql, ph);
	mc_buf_add(sql, post);
}

static const char *moment(params *pa, mc_time t)
{
	char *m = pa->m[pa->nm++];
	mc_format_moment(m, MC_MOMENT_MAX, t);
	return m;
}

/* The conditions of `q` after "WHERE agency_id = $1" (its state too unless
 * `counts`); *key set when `q` is a code, phone or ID number. */
static void conditions(const mc_store_ctx *s, const mc_queue_query *q, int counts, mc_buf *sql,
		       params *pa, int *key)
{
	mc_dstate st = MC_DS_IN_STEP;
	if (q->state)
		mc_dstate_parse(q->state, &st);
	pa->p[pa->np++] = s->cat->agency->id;
	/* an open state, or none: the open dossiers' partial index applies */
	if (counts)
		mc_buf_add(sql, " AND (result IS NULL OR state = 'result_ready')");
	else if (!q->state || st == MC_DS_IN_STEP || st == MC_DS_SUPPLEMENT_REQUESTED ||
		 st == MC_DS_PAUSED)
		mc_buf_add(sql, " AND result IS NULL");
	if (q->state && !counts)
		cond(sql, pa, " AND state = ", q->state, "");
	if (q->unit)
		cond(sql, pa, " AND step_unit = ", q->unit, "");
	if (q->assignee)
		cond(sql, pa, " AND assignee = ", q->assignee, "");
	if (q->procedure)
		cond(sql, pa, " AND procedure_code = ", q->procedure, "");
	if (q->channel)
		cond(sql, pa, " AND channel = ", q->channel, "");
	if (q->overdue)
		cond(sql, pa, " AND state = 'in_step' AND due_at < ", moment(pa, q->now),
		     "::timestamptz");
	if (q->due_before)
		cond(sql, pa, " AND due_at < ", moment(pa, q->due_before), "::timestamptz");
	if (q->due_from)
		cond(sql, pa, " AND due_at >= ", moment(pa, q->due_from), "::timestamptz");
	if (q->received_from)
		cond(sql, pa, " AND received_at >= ", moment(pa, q->received_from), "::timestamptz");
	if (q->received_to)
		cond(sql, pa, " AND received_at < ", moment(pa, q->received_to), "::timestamptz");
	*key = q->q && has_digit(q->q);
	if (q->q && *q->q) {
		/* The code by prefix, the phone and the ID number exactly: under
		 * row-level security an index serves only a leakproof condition
		 * (starts_with and = are, LIKE and lower() are not), so these
		 * three are written to be, each with its index (migration 0014).
		 * A text without a digit is looked for in the name too (any
		 * case), which reads the open dossiers in due order. */
		char ph[8];
		pa->p[pa->np++] = q->q;
		snprintf(ph, sizeof ph, "$%d", pa->np);
		mc_buf_add(sql, " AND (starts_with(code, ");
		mc_buf_add(sql, ph);
		mc_buf_add(sql, ") OR applicant_phone = ");
		mc_buf_add(sql, ph);
		mc_buf_add(sql, " OR applicant_id_number = ");
		mc_buf_add(sql, ph);
		if (!*key) {
			mc_buf_add(&pa->name, "%");
			like_escape(&pa->name, q->q);
			mc_buf_add(&pa->name, "%");
			pa->p[pa->np++] = mc_buf_str(&pa->name);
			snprintf(ph, sizeof ph, "$%d", pa->np);
			mc_buf_add(sql, " OR lower(applicant_name) LIKE lower(");
			mc_buf_add(sql, ph);
			mc_buf_add(sql, ")");
		}
		mc_buf_add(sql, ")");
	}
}

static int check_query(const mc_queue_query *q, mc_error *err)
{
	mc_dstate st;
	mc_channel ch;
	if (q->state && mc_dstate_parse(q->state, &st))
		return mc_error_set(err, MC_ERR_INPUT, "unknown state '%s'", q->state);
	if (q->channel && mc_channel_parse(q->channel, &ch))
		return mc_error_set(err, MC_ERR_INPUT, "unknown channel '%s'", q->channel);
	return MC_OK;
}

/* ---- the page's rows, in binary (mc_db_exec_binary) --------------------- */

/* The columns of the page and the type each must have (pg_type's oids of
 * text, int4 and timestamptz): the decoding below reads their bytes. */
enum { T_TEXT = 25, T_INT4 = 23, T_MOMENT = 1184 };
static const unsigned page_types[] = {
	T_TEXT, T_TEXT, T_TEXT, T_TEXT, T_TEXT, T_TEXT, T_TEXT, T_INT4,
	T_MOMENT, T_MOMENT, T_MOMENT, T_MOMENT, T_INT4, T_TEXT, T_TEXT, T_TEXT, T_MOMENT,
};

static int check_columns(const PGresult *res, mc_error *err)
{
	size_t n = sizeof page_types / sizeof page_types[0];
	if (PQnfields(res) != (int)n)
		return mc_error_set(err, MC_ERR_INTERNAL, "the queue's statement gave %d columns",
				    PQnfields(res));
	for (size_t c = 0; c < n; c++)
		if (PQftype(res, (int)c) != page_types[c])
			return mc_error_set(err, MC_ERR_INTERNAL,
					    "the queue's column '%s' has type %u, not %u",
					    PQfname(res, (int)c), PQftype(res, (int)c), page_types[c]);
	return MC_OK;
}

/* A text ("" when null) into dst, cut as snprintf would to fit n bytes. */
static void bin_text(char *dst, size_t n, const PGresult *res, int r, int c)
{
	size_t len = PQgetisnull(res, r, c) ? 0 : (size_t)PQgetlength(res, r, c);
	if (len > n - 1)
		len = n - 1;
	memcpy(dst, PQgetvalue(res, r, c), len);
	dst[len] = '\0';
}

static uint64_t big_endian(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

static int bin_int4(const PGresult *res, int r, int c, int if_null)
{
	if (PQgetisnull(res, r, c) || PQgetlength(res, r, c) != 4)
		return if_null;
	return (int32_t)(uint32_t)big_endian((const unsigned char *)PQgetvalue(res, r, c), 4);
}

/* A timestamptz as whole seconds since 1970 (rounded down; 0 when null):
 * -1 for infinity. */
static int bin_moment(const PGresult *res, int r, int c, mc_time *out)
{
	*out = 0;
	if (PQgetisnull(res, r, c) || PQgetlength(res, r, c) != 8)
		return 0;
	int64_t us = (int64_t)big_endian((const unsigned char *)PQgetvalue(res, r, c), 8);
	if (us == INT64_MAX || us == INT64_MIN)
		return -1;
	int64_t s = us / 1000000 - (us % 1000000 < 0);
	*out = (mc_time)(s + 946684800);   /* 2000-01-01 in seconds since 1970 */
	return 0;
}

mc_time mc_queue_row_key(const mc_queue_row *w, mc_queue_sort sort)
{
	return sort == MC_QUEUE_SORT_RECEIVED ? w->received_at
	       : sort == MC_QUEUE_SORT_CODE  ? 0
					     : w->due_at;
}

int mc_store_queue_page(const mc_store_ctx *s, const mc_queue_query *q, mc_queue_row **rows,
			size_t *n, int *more, mc_error *err)
{
	*rows = NULL;
	*n = 0;
	*more = 0;
	if (check_query(q, err))
		return err->code;
	int limit = q->limit < 1 ? MC_QUEUE_LIMIT_DEFAULT : q->limit;
	if (limit > MC_QUEUE_LIMIT_MAX)
		limit = MC_QUEUE_LIMIT_MAX;
	/* the sort key's column and the walk's direction: fixed fragments */
	const char *col = q->sort == MC_QUEUE_SORT_RECEIVED ? "received_at" : "due_at";
	int back = q->after && q->before;
	const char *dir = back ? " DESC" : "";
	params pa = { .np = 0 };
	mc_buf sql = { 0 };
	mc_buf_add(&sql,
		   "SELECT code, procedure_code, applicant_name, state, step_id, step_unit, result, "
		   "step_index, received_at, due_at, step_due_at, paused_since, revision, channel, "
		   "assignee::text, CASE WHEN assignee IS NOT NULL THEN (SELECT s.full_name::text "
		   "FROM motcua.staff s WHERE s.login = dossier.assignee) END, ");
	mc_buf_add(&sql, col);
	mc_buf_add(&sql, " AS sort_at FROM motcua.dossier WHERE agency_id = $1");
	int key;
	conditions(s, q, 0, &sql, &pa, &key);
	if (q->after) {
		const char *op = back ? " < " : " > ";
		if (q->sort == MC_QUEUE_SORT_CODE) {
			mc_buf_add(&sql, " AND code");
			cond(&sql, &pa, op, q->after_code, "");
		} else {
			mc_buf_add(&sql, " AND (");
			mc_buf_add(&sql, col);
			mc_buf_add(&sql, ", code)");
			cond(&sql, &pa, back ? " < (" : " > (", moment(&pa, q->after_due),
			     "::timestamptz, ");
			/* cond adds " AND " only through its `pre`: the code is the
			 * second member of the row compared */
			char ph[8];
			pa.p[pa.np++] = q->after_code;
			snprintf(ph, sizeof ph, "$%d", pa.np);
			mc_buf_add(&sql, ph);
			mc_buf_add(&sql, ")");
		}
	}
	snprintf(pa.lim, sizeof pa.lim, "%d", limit + 1);
	pa.p[pa.np++] = pa.lim;
	char ph[8];
	snprintf(ph, sizeof ph, "$%d", pa.np);
	mc_buf order = { 0 };
	if (q->sort == MC_QUEUE_SORT_CODE) {
		mc_buf_add(&order, "code");
		mc_buf_add(&order, dir);
	} else {
		mc_buf_add(&order, key ? "sort_at" : col);
		mc_buf_add(&order, dir);
		mc_buf_add(&order, ", code");
		mc_buf_add(&order, dir);
	}
	if (key) {
		/* a phone, an ID number or a code: the few rows it matches first
		 * (a bitmap OR of the three indexes), then sorted. Left to itself
		 * the planner may walk the due order instead, filtering every
		 * open dossier, when it misjudges how rare the value is. */
		mc_buf sorted = { 0 };
		mc_buf_add(&sorted, "WITH m AS MATERIALIZED (");
		mc_buf_add(&sorted, mc_buf_str(&sql));
		mc_buf_add(&sorted, ") SELECT * FROM m ORDER BY ");
		if (mc_buf_failed(&sql))
			sorted.failed = 1;
		mc_buf_free(&sql);
		sql = sorted;
	} else {
		mc_buf_add(&sql, " ORDER BY ");
	}
	mc_buf_add(&sql, mc_buf_str(&order));
	mc_buf_add(&sql, " LIMIT ");
	mc_buf_add(&sql, ph);
	mc_buf_add(&sql, "::integer");
	PGresult *res = NULL;
	int rc = MC_OK;
	if (mc_buf_failed(&sql) || mc_buf_failed(&pa.name) || mc_buf_failed(&order))
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	if (!rc && q->then_commit) {
		mc_db_stmt st[2] = {
			{ .sql = mc_buf_str(&sql), .nparams = pa.np, .params = pa.p, .binary = 1 },
			{ .sql = "COMMIT" },
		};
		rc = mc_db_pipeline(s->db, st, 2, err);
		res = st[0].res;
		PQclear(st[1].res);
		if (rc) {
			PQclear(res);
			res = NULL;
		}
	} else if (!rc) {
		rc = mc_db_exec_binary(s->db, mc_buf_str(&sql), pa.np, pa.p, &res, err);
	}
	mc_buf_free(&sql);
	mc_buf_free(&order);
	mc_buf_free(&pa.name);
	if (rc)
		return rc;
	if (check_columns(res, err)) {
		PQclear(res);
		return err->code;
	}
	int nrows = PQntuples(res);
	if (nrows > limit) {
		*more = 1;
		nrows = limit;
	}
	mc_queue_row *it = nrows ? calloc((size_t)nrows, sizeof *it) : NULL;
	if (nrows && !it) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	for (int r = 0; r < nrows && rc == MC_OK; r++) {
		/* backwards: the rows came last first */
		mc_queue_row *w = &it[back ? nrows - 1 - r : r];
		bin_text(w->code, sizeof w->code, res, r, 0);
		bin_text(w->procedure_code, sizeof w->procedure_code, res, r, 1);
		bin_text(w->applicant, sizeof w->applicant, res, r, 2);
		bin_text(w->state, sizeof w->state, res, r, 3);
		bin_text(w->step_id, sizeof w->step_id, res, r, 4);
		bin_text(w->step_unit, sizeof w->step_unit, res, r, 5);
		bin_text(w->result, sizeof w->result, res, r, 6);
		w->step_index = bin_int4(res, r, 7, -1);
		w->revision = bin_int4(res, r, 12, 0);
		bin_text(w->channel, sizeof w->channel, res, r, 13);
		if (bin_moment(res, r, 8, &w->received_at) || bin_moment(res, r, 9, &w->due_at) ||
		    bin_moment(res, r, 10, &w->step_due_at) || bin_moment(res, r, 11, &w->paused_since))
			rc = mc_error_set(err, MC_ERR_DB, "dossier '%s' has an infinite moment", w->code);
		bin_text(w->assignee, sizeof w->assignee, res, r, 14);
		bin_text(w->assignee_name, sizeof w->assignee_name, res, r, 15);
	}
	PQclear(res);
	if (rc) {
		free(it);
		return rc;
	}
	*rows = it;
	*n = (size_t)nrows;
	return MC_OK;
}

int mc_store_queue_counts(const mc_store_ctx *s, const mc_queue_query *q,
			  long counts[MC_DS__COUNT], mc_error *err)
{
	for (int i = 0; i < MC_DS__COUNT; i++)
		counts[i] = 0;
	if (check_query(q, err))
		return err->code;
	params pa = { .np = 0 };
	mc_buf sql = { 0 };
	int key;
	mc_buf_add(&sql, "SELECT state, count(*) FROM motcua.dossier WHERE agency_id = $1");
	conditions(s, q, 1, &sql, &pa, &key);
	mc_buf_add(&sql, " GROUP BY state");
	PGresult *res = NULL;
	int rc = MC_OK;
	if (mc_buf_failed(&sql) || mc_buf_failed(&pa.name))
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	if (!rc)
		rc = mc_db_exec(s->db, mc_buf_str(&sql), pa.np, pa.p, &res, err);
	mc_buf_free(&sql);
	mc_buf_free(&pa.name);
	if (rc)
		return rc;
	for (int r = 0; r < PQntuples(res); r++) {
		mc_dstate st;
		if (!mc_dstate_parse(PQgetvalue(res, r, 0), &st))
			counts[st] = atol(PQgetvalue(res, r, 1));
	}
	PQclear(res);
	return MC_OK;
}

int mc_store_step_staff(const mc_store_ctx *s, mc_staff_row **rows, size_t *n, mc_error *err)
{
	PGresult *res = NULL;
	*rows = NULL;
	*n = 0;
	int rc = mc_db_exec(s->db,
			    "SELECT login, full_name, coalesce(unit, ''), role FROM motcua.staff "
			    "WHERE active AND role IN ('specialist', 'head', 'leader') "
			    "ORDER BY coalesce(unit, ''), full_name, login LIMIT " MC_STAFF_MAX_SQL,
			    0, NULL, &res, err);
	if (rc)
		return rc;
	int nr = PQntuples(res);
	mc_staff_row *it = nr ? calloc((size_t)nr, sizeof *it) : NULL;
	if (nr && !it) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	for (int r = 0; r < nr; r++) {
		snprintf(it[r].login, sizeof it[r].login, "%s", PQgetvalue(res, r, 0));
		snprintf(it[r].full_name, sizeof it[r].full_name, "%s", PQgetvalue(res, r, 1));
		snprintf(it[r].unit, sizeof it[r].unit, "%s", PQgetvalue(res, r, 2));
		snprintf(it[r].role, sizeof it[r].role, "%s", PQgetvalue(res, r, 3));
	}
	PQclear(res);
	*rows = it;
	*n = (size_t)nr;
	return MC_OK;
}

/* The cursor: hex of "EPOCH:CODE". */
void mc_queue_cursor_encode(char *out, size_t n, mc_time due, const char *code)
{
	char raw[MC_CODE_MAX + 32];
	snprintf(raw, sizeof raw, "%lld:%s", (long long)due, code);
	size_t k = 0;
	for (const unsigned char *s = (const unsigned char *)raw; *s && k + 3 <= n; s++, k += 2)
		snprintf(out + k, 3, "%02x", *s);
	out[k < n ? k : n - 1] = '\0';
}

int mc_queue_cursor_decode(const char *s, mc_time *due, char *code, size_t ncode)
{
	char raw[MC_CODE_MAX + 32];
	size_t l = strlen(s);
	if (l == 0 || l % 2 || l / 2 >= sizeof raw)
		return -1;
	for (size_t i = 0; i < l; i += 2) {
		int a = mc_hex_digit(s[i]), b = mc_hex_digit(s[i + 1]);
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

int mc_queue_parse_moment(const char *v, int end, mc_time *out, mc_error *err)
{
	int32_t day;
	if (strlen(v) == 10 && !mc_parse_date(v, &day, err)) {
		*out = mc_time_make(end ? day + 1 : day, 0);
		return MC_OK;
	}
	return mc_parse_moment(v, out, err);
}
