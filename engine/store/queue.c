/*
 * queue.c - the API's work queue and search (see queue.h).
 */
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier.h"
#include "strbuf.h"

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

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

#define NP 12

int mc_store_queue_page(const mc_store_ctx *s, const mc_queue_query *q, mc_queue_row **rows,
			size_t *n, int *more, mc_error *err)
{
	*rows = NULL;
	*n = 0;
	*more = 0;
	mc_dstate st;
	if (q->state && mc_dstate_parse(q->state, &st))
		return mc_error_set(err, MC_ERR_INPUT, "unknown state '%s'", q->state);
	int limit = q->limit < 1 ? MC_QUEUE_LIMIT_DEFAULT : q->limit;
	if (limit > MC_QUEUE_LIMIT_MAX)
		limit = MC_QUEUE_LIMIT_MAX;
	const char *p[NP];
	int np = 0;
	char now[MC_MOMENT_MAX], before[MC_MOMENT_MAX], after[MC_MOMENT_MAX], lim[16];
	mc_buf name = { 0 };
	mc_buf sql = { 0 };
	mc_buf_add(&sql,
		   "SELECT code, procedure_code, applicant_name, state, coalesce(step_id, ''), "
		   "coalesce(step_unit, ''), coalesce(result, ''), coalesce(step_index, -1), "
		   "floor(date_part('epoch', received_at))::bigint, "
		   "floor(date_part('epoch', due_at))::bigint, "
		   "coalesce(floor(date_part('epoch', step_due_at))::bigint, 0), "
		   "coalesce(floor(date_part('epoch', paused_since))::bigint, 0), due_at AS sort_due "
		   "FROM motcua.dossier WHERE agency_id = $1");
	p[np++] = s->cat->agency->id;
	/* an open state, or none: the open dossiers' partial index applies */
	if (!q->state || st == MC_DS_IN_STEP || st == MC_DS_SUPPLEMENT_REQUESTED ||
	    st == MC_DS_PAUSED)
		mc_buf_add(&sql, " AND result IS NULL");
	char ph[8];
	if (q->state) {
		p[np++] = q->state;
		snprintf(ph, sizeof ph, "$%d", np);
		mc_buf_add(&sql, " AND state = ");
		mc_buf_add(&sql, ph);
	}
	if (q->unit) {
		p[np++] = q->unit;
		snprintf(ph, sizeof ph, "$%d", np);
		mc_buf_add(&sql, " AND step_unit = ");
		mc_buf_add(&sql, ph);
	}
	if (q->overdue) {
		mc_format_moment(now, sizeof now, q->now);
		p[np++] = now;
		snprintf(ph, sizeof ph, "$%d", np);
		mc_buf_add(&sql, " AND state = 'in_step' AND due_at < ");
		mc_buf_add(&sql, ph);
		mc_buf_add(&sql, "::timestamptz");
	}
	if (q->due_before) {
		mc_format_moment(before, sizeof before, q->due_before);
		p[np++] = before;
		snprintf(ph, sizeof ph, "$%d", np);
		mc_buf_add(&sql, " AND due_at < ");
		mc_buf_add(&sql, ph);
		mc_buf_add(&sql, "::timestamptz");
	}
	int key = q->q && has_digit(q->q);
	if (q->q && *q->q) {
		/* The code by prefix, the phone and the ID number exactly: under
		 * row-level security an index serves only a leakproof condition
		 * (starts_with and = are, LIKE and lower() are not), so these
		 * three are written to be, each with its index (migration 0014).
		 * A text without a digit is looked for in the name too (any
		 * case), which reads the open dossiers in due order. */
		p[np++] = q->q;
		snprintf(ph, sizeof ph, "$%d", np);
		mc_buf_add(&sql, " AND (starts_with(code, ");
		mc_buf_add(&sql, ph);
		mc_buf_add(&sql, ") OR applicant_phone = ");
		mc_buf_add(&sql, ph);
		mc_buf_add(&sql, " OR applicant_id_number = ");
		mc_buf_add(&sql, ph);
		if (!key) {
			mc_buf_add(&name, "%");
			like_escape(&name, q->q);
			mc_buf_add(&name, "%");
			p[np++] = mc_buf_str(&name);
			snprintf(ph, sizeof ph, "$%d", np);
			mc_buf_add(&sql, " OR lower(applicant_name) LIKE lower(");
			mc_buf_add(&sql, ph);
			mc_buf_add(&sql, ")");
		}
		mc_buf_add(&sql, ")");
	}
	if (q->after) {
		mc_format_moment(after, sizeof after, q->after_due);
		p[np++] = after;
		snprintf(ph, sizeof ph, "$%d", np);
		mc_buf_add(&sql, " AND (due_at, code) > (");
		mc_buf_add(&sql, ph);
		p[np++] = q->after_code;
		snprintf(ph, sizeof ph, "$%d", np);
		mc_buf_add(&sql, "::timestamptz, ");
		mc_buf_add(&sql, ph);
		mc_buf_add(&sql, ")");
	}
	snprintf(lim, sizeof lim, "%d", limit + 1);
	p[np++] = lim;
	snprintf(ph, sizeof ph, "$%d", np);
	if (key) {
		/* a phone, an ID number or a code: the few rows it matches first
		 * (a bitmap OR of the three indexes), then sorted. Left to itself
		 * the planner may walk the due order instead, filtering every
		 * open dossier, when it misjudges how rare the value is. */
		mc_buf sorted = { 0 };
		mc_buf_add(&sorted, "WITH m AS MATERIALIZED (");
		mc_buf_add(&sorted, mc_buf_str(&sql));
		mc_buf_add(&sorted, ") SELECT * FROM m ORDER BY sort_due, code LIMIT ");
		if (mc_buf_failed(&sql))
			sorted.failed = 1;
		mc_buf_free(&sql);
		sql = sorted;
	} else {
		mc_buf_add(&sql, " ORDER BY due_at, code LIMIT ");
	}
	mc_buf_add(&sql, ph);
	mc_buf_add(&sql, "::integer");
	PGresult *res = NULL;
	int rc = MC_OK;
	if (mc_buf_failed(&sql) || mc_buf_failed(&name))
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	if (!rc)
		rc = mc_db_exec(s->db, mc_buf_str(&sql), np, p, &res, err);
	mc_buf_free(&sql);
	mc_buf_free(&name);
	if (rc)
		return rc;
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
	for (int r = 0; r < nrows; r++) {
		mc_queue_row *w = &it[r];
		copy(w->code, sizeof w->code, PQgetvalue(res, r, 0));
		copy(w->procedure_code, sizeof w->procedure_code, PQgetvalue(res, r, 1));
		copy(w->applicant, sizeof w->applicant, PQgetvalue(res, r, 2));
		copy(w->state, sizeof w->state, PQgetvalue(res, r, 3));
		copy(w->step_id, sizeof w->step_id, PQgetvalue(res, r, 4));
		copy(w->step_unit, sizeof w->step_unit, PQgetvalue(res, r, 5));
		copy(w->result, sizeof w->result, PQgetvalue(res, r, 6));
		w->step_index = atoi(PQgetvalue(res, r, 7));
		w->received_at = atoll(PQgetvalue(res, r, 8));
		w->due_at = atoll(PQgetvalue(res, r, 9));
		w->step_due_at = atoll(PQgetvalue(res, r, 10));
		w->paused_since = atoll(PQgetvalue(res, r, 11));
	}
	PQclear(res);
	*rows = it;
	*n = (size_t)nrows;
	return MC_OK;
}
