/*
 * nightly.c - the nightly lateness job (see nightly.h).
 */
#include "nightly.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 1000
#define NIGHTLY_LOCK_CLASS "1852401768"   /* "nigh" */

int64_t mc_nightly_remaining(const mc_calendar *cal, const mc_version *v, int step,
			     mc_time step_due, mc_time now)
{
	int64_t left = 0, t;
	if (mc_calendar_between(cal, now, step_due, &t, NULL) == MC_OK && t > 0)
		left = t;
	for (size_t k = (size_t)step + 1; k < v->nsteps; k++)
		left += (int64_t)v->steps[k].halves * (MC_TICKS_PER_DAY / 2);
	return left;
}

typedef struct batch {
	mc_buf code, kind, scope, unit, due, late, deadline;
	int n;
} batch;

static void add_elem(mc_buf *b, const char *s)
{
	/* array literal element, quoted */
	mc_buf_add(b, b->len ? ",\"" : "{\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			mc_buf_add(b, "\\");
		mc_buf_addn(b, p, 1);
	}
	mc_buf_add(b, "\"");
}

static void add_alert(batch *b, const char *code, const char *kind, const char *scope,
		      const char *unit, mc_time due, int64_t late, mc_time deadline)
{
	char m[40], l[24];
	add_elem(&b->code, code);
	add_elem(&b->kind, kind);
	add_elem(&b->scope, scope);
	add_elem(&b->unit, unit);
	mc_format_moment(m, sizeof m, due);
	add_elem(&b->due, m);
	snprintf(l, sizeof l, "%lld", (long long)late);
	add_elem(&b->late, l);
	if (deadline) {
		mc_format_moment(m, sizeof m, deadline);
		add_elem(&b->deadline, m);
	} else {
		mc_buf_add(&b->deadline, b->deadline.len ? ",NULL" : "{NULL");
	}
	b->n++;
}

static void batch_free(batch *b)
{
	mc_buf_free(&b->code); mc_buf_free(&b->kind); mc_buf_free(&b->scope);
	mc_buf_free(&b->unit); mc_buf_free(&b->due); mc_buf_free(&b->late);
	mc_buf_free(&b->deadline);
	memset(b, 0, sizeof *b);
}

static int flush(const mc_store_ctx *s, const char *as_of, batch *b, long *inserted,
		 mc_error *err)
{
	if (b->n == 0)
		return MC_OK;
	mc_buf *cols[] = { &b->code, &b->kind, &b->scope, &b->unit, &b->due, &b->late, &b->deadline };
	for (int i = 0; i < 7; i++)
		mc_buf_add(cols[i], "}");
	for (int i = 0; i < 7; i++)
		if (mc_buf_failed(cols[i]))
			return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	const char *p[] = { s->cat->agency->id, as_of, mc_buf_str(&b->code), mc_buf_str(&b->kind),
			    mc_buf_str(&b->scope), mc_buf_str(&b->unit), mc_buf_str(&b->due),
			    mc_buf_str(&b->late), mc_buf_str(&b->deadline) };
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
			    "INSERT INTO motcua.alert (agency_id, as_of, code, kind, scope, unit, due_at, "
			    "late_ticks, apology_deadline) "
			    "SELECT $1, $2::date, c, k, sc, u, d, l, a FROM unnest($3::text[], $4::text[], "
			    "$5::text[], $6::text[], $7::timestamptz[], $8::bigint[], $9::timestamptz[]) "
			    "AS x(c, k, sc, u, d, l, a) "
			    "ON CONFLICT DO NOTHING", 9, p, &res, err);
	if (!rc) {
		*inserted += atol(PQcmdTuples(res));
		PQclear(res);
	}
	batch_free(b);
	return rc;
}

/* Evaluate one open dossier row into the batch. */
static int evaluate(const mc_store_ctx *s, const PGresult *res, int r, mc_time moment,
		    int64_t soon, batch *b, mc_error *err)
{
	const char *code = mc_db_get(res, r, "code");
	if (strcmp(mc_db_get(res, r, "state"), "in_step") != 0)
		return MC_OK;          /* waiting on the applicant: the clock is stopped */
	const mc_procedure *p = mc_catalog_find(s->cat, mc_db_get(res, r, "procedure_code"));
	int vn = atoi(mc_db_get(res, r, "procedure_version"));
	if (!p || vn < 1 || (size_t)vn > p->nversions)
		return mc_error_set(err, MC_ERR_INTERNAL,
				    "dossier '%s': its procedure version is not in the catalogue", code);
	const mc_version *v = &p->versions[vn - 1];
	int step = atoi(mc_db_get(res, r, "step_index"));
	const char *step_id = mc_db_get(res, r, "step_id");
	const char *unit = mc_db_get(res, r, "step_unit");
	mc_time due = atoll(mc_db_get(res, r, "due")), step_due = atoll(mc_db_get(res, r, "step_due"));
	int apologized = !strcmp(mc_db_get(res, r, "apologized"), "t");
	mc_time horizon, deadline = 0;
	int rc = mc_calendar_add_ticks(s->cal, moment, soon, &horizon, err);
	if (rc)
		return rc;
	if (mc_calendar_prev_close(s->cal, mc_time_day(due), &deadline, NULL))
		deadline = 0;
	int64_t late;
	if (due < moment) {
		mc_calendar_between(s->cal, due, moment, &late, NULL);
		add_alert(b, code, "overdue", "dossier", unit, due, late, deadline);
	} else if (due <= horizon) {
		add_alert(b, code, "due_soon", "dossier", unit, due, 0, deadline);
	}
	if (step_due < moment) {
		mc_calendar_between(s->cal, step_due, moment, &late, NULL);
		add_alert(b, code, "overdue", step_id, unit, step_due, late, 0);
	} else if (step_due <= horizon) {
		add_alert(b, code, "due_soon", step_id, unit, step_due, 0, 0);
	}
	if (!apologized) {
		mc_time finish;
		int64_t left = mc_nightly_remaining(s->cal, v, step, step_due, moment);
		if (mc_calendar_add_ticks(s->cal, moment, left, &finish, NULL) == MC_OK &&
		    (due < moment || finish > due))
			add_alert(b, code, "apology_required", "dossier", unit, due, 0, deadline);
	}
	return MC_OK;
}

int mc_nightly_run(const mc_store_ctx *s, const mc_nightly_opts *o, mc_nightly_stats *st,
		   mc_error *err)
{
	mc_nightly_stats local = { 0 };
	char as_of[16], last[96] = "";
	PGresult *res = NULL;
	batch b;
	memset(&b, 0, sizeof b);
	mc_format_date(as_of, sizeof as_of, o->as_of);
	mc_time moment = mc_time_make(o->as_of, 0);
	int64_t soon = o->soon_ticks > 0 ? o->soon_ticks : MC_TICKS_PER_DAY;
	const char *lk[] = { NIGHTLY_LOCK_CLASS, s->cat->agency->id };
	/* receipts whose clerk's session ended before they were numbered
	 * become dossiers now, so tonight's evaluation sees them (numbering
	 * takes its own per-day lock) */
	int rc = mc_store_number_all_queued(s, &local.receipts_numbered, err);
	if (rc)
		return rc;
	rc = mc_db_exec(s->db, "SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS got",
			    2, lk, &res, err);
	if (rc)
		return rc;
	int got = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	res = NULL;
	if (!got)
		return mc_error_set(err, MC_ERR_CONFLICT,
				    "another nightly run for this agency is in progress; nothing was done");
	for (;;) {
		const char *p[] = { s->cat->agency->id, last };
		rc = mc_db_exec(s->db,
				"SELECT d.code, d.procedure_code, d.procedure_version, d.state, "
				"coalesce(d.step_index, 0) AS step_index, coalesce(d.step_id, '') AS step_id, "
				"coalesce(d.step_unit, '') AS step_unit, "
				"extract(epoch FROM d.due_at)::bigint AS due, "
				"coalesce(extract(epoch FROM d.step_due_at)::bigint, 0) AS step_due, "
				"EXISTS (SELECT 1 FROM motcua.apology a WHERE a.agency_id = d.agency_id "
				"AND a.code = d.code) AS apologized "
				"FROM motcua.dossier d WHERE d.agency_id = $1 AND d.result IS NULL "
				"AND d.code > $2 ORDER BY d.code LIMIT " "1000",
				2, p, &res, err);
		if (rc)
			break;
		int n = PQntuples(res);
		if (n == 0)
			break;
		for (int r = 0; r < n && !rc; r++)
			rc = evaluate(s, res, r, moment, soon, &b, err);
		snprintf(last, sizeof last, "%s", PQgetvalue(res, n - 1, 0));
		PQclear(res);
		res = NULL;
		if (rc)
			break;
		/* each page is its own transaction: a run killed here keeps
		 * what it recorded, and a rerun adds the rest */
		if ((rc = flush(s, as_of, &b, &local.alerts_new, err)))
			break;
		local.dossiers += n;
		if (o->progress)
			o->progress(local.dossiers, o->arg);
		if (n < PAGE)
			break;
	}
	PQclear(res);
	batch_free(&b);
	mc_db_exec(s->db, "SELECT pg_advisory_unlock($1::int, hashtext($2))", 2, lk, NULL, NULL);
	if (!rc)
		*st = local;
	return rc;
}

int mc_nightly_alerts(const mc_store_ctx *s, int32_t as_of,
		      void (*fn)(const mc_alert *a, void *arg), void *arg, mc_error *err)
{
	char day[16], lu[64] = "", lk[20] = "", lc[96] = "", ls[64] = "";
	mc_format_date(day, sizeof day, as_of);
	for (;;) {
		PGresult *res = NULL;
		const char *p[] = { s->cat->agency->id, day, lu, lk, lc, ls };
		int rc = mc_db_exec(s->db,
				    "SELECT unit, kind, code, scope, extract(epoch FROM due_at)::bigint AS due, "
				    "late_ticks, coalesce(extract(epoch FROM apology_deadline)::bigint, 0) AS deadline "
				    "FROM motcua.alert WHERE agency_id = $1 AND as_of = $2::date "
				    "AND (unit, kind, code, scope) > ($3, $4, $5, $6) "
				    "ORDER BY unit, kind, code, scope LIMIT 5000", 6, p, &res, err);
		if (rc)
			return rc;
		int n = PQntuples(res);
		for (int r = 0; r < n; r++) {
			mc_alert a;
			memset(&a, 0, sizeof a);
			snprintf(a.unit, sizeof a.unit, "%s", mc_db_get(res, r, "unit"));
			snprintf(a.kind, sizeof a.kind, "%s", mc_db_get(res, r, "kind"));
			snprintf(a.code, sizeof a.code, "%s", mc_db_get(res, r, "code"));
			snprintf(a.scope, sizeof a.scope, "%s", mc_db_get(res, r, "scope"));
			a.due_at = atoll(mc_db_get(res, r, "due"));
			a.late_ticks = atoll(mc_db_get(res, r, "late_ticks"));
			a.apology_deadline = atoll(mc_db_get(res, r, "deadline"));
			fn(&a, arg);
			if (r == n - 1) {
				snprintf(lu, sizeof lu, "%s", a.unit);
				snprintf(lk, sizeof lk, "%s", a.kind);
				snprintf(lc, sizeof lc, "%s", a.code);
				snprintf(ls, sizeof ls, "%s", a.scope);
			}
		}
		PQclear(res);
		if (n < 5000)
			return MC_OK;
	}
}
