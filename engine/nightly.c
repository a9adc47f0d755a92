/*
 * nightly.c - the nightly lateness job (see nightly.h).
 */
#include "nightly.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One COPY text-format field: backslash, tab and line ends escaped. */
static void add_field(mc_buf *b, const char *s, char sep)
{
	const char *run = s;
	for (const char *p = s; *p; p++) {
		const char *esc = *p == '\\' ? "\\\\" : *p == '\t' ? "\\t" : *p == '\n' ? "\\n" :
				  *p == '\r' ? "\\r" : NULL;
		if (esc) {
			mc_buf_addn(b, run, (size_t)(p - run));
			mc_buf_add(b, esc);
			run = p + 1;
		}
	}
	mc_buf_add(b, run);
	mc_buf_addn(b, &sep, 1);
}

typedef struct night {
	const mc_store_ctx *s;
	const char *as_of;
	mc_time moment, horizon;
	mc_buf rows;               /* the page's alerts, COPY text format */
	long n;                    /* alerts in rows */
} night;

/* One alert row, in the column order of ALERT_COPY. */
#define ALERT_COPY "COPY motcua.alert (agency_id, as_of, unit, kind, code, scope, due_at, " \
		   "late_ticks, apology_deadline) FROM STDIN"

static void add_alert(night *nt, const char *code, const char *kind, const char *scope,
		      const char *unit, mc_time due, int64_t late, mc_time deadline)
{
	char m[40];
	add_field(&nt->rows, nt->s->cat->agency->id, '\t');
	add_field(&nt->rows, nt->as_of, '\t');
	add_field(&nt->rows, unit, '\t');
	add_field(&nt->rows, kind, '\t');
	add_field(&nt->rows, code, '\t');
	add_field(&nt->rows, scope, '\t');
	mc_format_moment(m, sizeof m, due);
	mc_buf_addf(&nt->rows, "%s\t%lld\t", m, (long long)late);
	if (deadline) {
		mc_format_moment(m, sizeof m, deadline);
		mc_buf_addf(&nt->rows, "%s\n", m);
	} else {
		mc_buf_add(&nt->rows, "\\N\n");
	}
	nt->n++;
}

/* Evaluate one open dossier row. */
static int evaluate(night *nt, const PGresult *res, int r, mc_error *err)
{
	const mc_store_ctx *s = nt->s;
	mc_time moment = nt->moment;
	const char *code = PQgetvalue(res, r, 0);
	if (strcmp(PQgetvalue(res, r, 3), "in_step") != 0)
		return MC_OK;          /* waiting on the applicant: the clock is stopped */
	const mc_procedure *p = mc_catalog_find(s->cat, PQgetvalue(res, r, 1));
	int vn = atoi(PQgetvalue(res, r, 2));
	if (!p || vn < 1 || (size_t)vn > p->nversions)
		return mc_error_set(err, MC_ERR_INTERNAL,
				    "dossier '%s': its procedure version is not in the catalogue", code);
	const mc_version *v = &p->versions[vn - 1];
	int step = atoi(PQgetvalue(res, r, 4));
	const char *step_id = PQgetvalue(res, r, 5);
	const char *unit = PQgetvalue(res, r, 6);
	mc_time due = atoll(PQgetvalue(res, r, 7)), step_due = atoll(PQgetvalue(res, r, 8));
	int apologized = PQgetvalue(res, r, 9)[0] == 't';
	mc_time deadline = 0;
	if (mc_calendar_prev_close(s->cal, mc_time_day(due), &deadline, NULL))
		deadline = 0;
	int64_t late;
	if (due < moment) {
		mc_calendar_between(s->cal, due, moment, &late, NULL);
		add_alert(nt, code, "overdue", "dossier", unit, due, late, deadline);
	} else if (due <= nt->horizon) {
		add_alert(nt, code, "due_soon", "dossier", unit, due, 0, deadline);
	}
	if (step_due < moment) {
		mc_calendar_between(s->cal, step_due, moment, &late, NULL);
		add_alert(nt, code, "overdue", step_id, unit, step_due, late, 0);
	} else if (step_due <= nt->horizon) {
		add_alert(nt, code, "due_soon", step_id, unit, step_due, 0, 0);
	}
	if (!apologized) {
		mc_time finish;
		int64_t left = mc_nightly_remaining(s->cal, v, step, step_due, moment);
		if (mc_calendar_add_ticks(s->cal, moment, left, &finish, NULL) == MC_OK &&
		    (due < moment || finish > due))
			add_alert(nt, code, "apology_required", "dossier", unit, due, 0, deadline);
	}
	return MC_OK;
}

/* The night's evaluation, inside the caller's transaction: the open
 * dossiers stream through a cursor a page at a time (memory stays flat) and
 * each page's alerts are appended with COPY. */
static int evaluate_night(night *nt, const mc_nightly_opts *o, mc_nightly_stats *st,
			  mc_error *err)
{
	const mc_store_ctx *s = nt->s;
	const char *p[] = { s->cat->agency->id };
	/* the cursor reads every row: plan for all of them, not the first few;
	 * apologies are few, one hashed lookup each */
	int rc = mc_db_exec(s->db, "SELECT set_config('cursor_tuple_fraction', '1', true)",
			    0, NULL, NULL, err);
	if (!rc)
		rc = mc_db_exec(s->db,
				"DECLARE nightly_open NO SCROLL CURSOR FOR "
				"SELECT d.code, d.procedure_code, d.procedure_version, d.state, "
				"coalesce(d.step_index, 0), coalesce(d.step_id, ''), coalesce(d.step_unit, ''), "
				"extract(epoch FROM d.due_at)::bigint, "
				"coalesce(extract(epoch FROM d.step_due_at)::bigint, 0), "
				"d.code IN (SELECT a.code FROM motcua.apology a WHERE a.agency_id = $1) "
				"FROM motcua.dossier d WHERE d.agency_id = $1 AND d.result IS NULL",
				1, p, NULL, err);
	while (!rc) {
		PGresult *res = NULL;
		if ((rc = mc_db_exec(s->db, "FETCH " "5000" " FROM nightly_open", 0, NULL, &res, err)))
			break;
		int n = PQntuples(res);
		for (int r = 0; r < n && !rc; r++)
			rc = evaluate(nt, res, r, err);
		PQclear(res);
		if (!rc && mc_buf_failed(&nt->rows))
			rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		if (!rc && nt->n) {
			long added = 0;
			rc = mc_db_copy_in(s->db, ALERT_COPY, mc_buf_str(&nt->rows), nt->rows.len,
					   &added, err);
			st->alerts_new += added;
		}
		mc_buf_clear(&nt->rows);
		nt->n = 0;
		if (rc || n == 0)
			break;
		st->dossiers += n;
		if (o->progress)
			o->progress(st->dossiers, o->arg);
	}
	if (!rc) {
		char nd[24], na[24];
		snprintf(nd, sizeof nd, "%ld", st->dossiers);
		snprintf(na, sizeof na, "%ld", st->alerts_new);
		const char *q[] = { s->cat->agency->id, nt->as_of, nd, na };
		rc = mc_db_exec(s->db, "INSERT INTO motcua.nightly_run (agency_id, as_of, dossiers, alerts) "
				"VALUES ($1, $2::date, $3::integer, $4::integer)", 4, q, NULL, err);
	}
	return rc;
}

int mc_nightly_run(const mc_store_ctx *s, const mc_nightly_opts *o, mc_nightly_stats *st,
		   mc_error *err)
{
	mc_nightly_stats local = { 0 };
	char as_of[16];
	PGresult *res = NULL;
	mc_format_date(as_of, sizeof as_of, o->as_of);
	night nt = { .s = s, .as_of = as_of, .moment = mc_time_make(o->as_of, 0) };
	int64_t soon = o->soon_ticks > 0 ? o->soon_ticks : MC_TICKS_PER_DAY;
	int rc = mc_calendar_add_ticks(s->cal, nt.moment, soon, &nt.horizon, err);
	if (rc)
		return rc;
	const char *lk[] = { NIGHTLY_LOCK_CLASS, s->cat->agency->id };
	/* receipts whose clerk's session ended before they were numbered
	 * become dossiers now, so tonight's evaluation sees them (numbering
	 * takes its own per-day lock) */
	rc = mc_store_number_all_queued(s, &local.receipts_numbered, err);
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
	const char *q[] = { s->cat->agency->id, as_of };
	rc = mc_db_begin(s->db, err);
	if (!rc)
		rc = mc_db_exec(s->db, "SELECT dossiers, alerts FROM motcua.nightly_run "
				"WHERE agency_id = $1 AND as_of = $2::date", 2, q, &res, err);
	if (!rc && PQntuples(res) == 1) {
		/* this night is done: a rerun records nothing twice */
		local.dossiers = atol(PQgetvalue(res, 0, 0));
		local.already_done = 1;
	} else if (!rc) {
		rc = evaluate_night(&nt, o, &local, err);
	}
	PQclear(res);
	if (!rc)
		rc = mc_db_commit(s->db, err);
	if (rc)
		mc_db_rollback(s->db);
	mc_buf_free(&nt.rows);
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
