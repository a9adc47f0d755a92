/*
 * nightly.c - the nightly lateness job (see nightly.h).
 */
#include "nightly.h"
#include "copybin.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NIGHTLY_LOCK_CLASS "1852401768"   /* "nigh" */

typedef struct night {
	const mc_store_ctx *s;
	int32_t day;
	const char *as_of;
	mc_time moment, horizon;
	mc_buf rows;               /* the page's alerts, binary COPY format */
	long n;                    /* alerts in rows */
	int staged;                /* row-level security applies to the session's
	                              role: COPY cannot write motcua.alert, so a
	                              page goes through a temporary table */
} night;

/* One alert row, in the column order of ALERT_COPY. */
#define ALERT_COLUMNS "agency_id, as_of, unit, kind, code, scope, due_at, late_ticks, apology_deadline"
#define ALERT_COPY "COPY motcua.alert (" ALERT_COLUMNS ") FROM STDIN WITH (FORMAT binary)"
/* PostgreSQL refuses COPY FROM into a table whose row-level security applies
 * (the office's role runs the night as well as the superuser): the page is
 * copied into a temporary table and inserted from there, through the
 * table's policies. */
#define ALERT_STAGE "CREATE TEMPORARY TABLE nightly_alert_page ON COMMIT DROP AS " \
		    "SELECT " ALERT_COLUMNS " FROM motcua.alert WITH NO DATA"
#define ALERT_COPY_STAGED "COPY pg_temp.nightly_alert_page (" ALERT_COLUMNS ") FROM STDIN WITH (FORMAT binary)"
#define ALERT_FROM_STAGE "WITH page AS (DELETE FROM pg_temp.nightly_alert_page RETURNING *) " \
			 "INSERT INTO motcua.alert (" ALERT_COLUMNS ") SELECT " ALERT_COLUMNS " FROM page"

static void add_alert(night *nt, const char *code, const char *kind, const char *scope,
		      const char *unit, mc_time due, int64_t late, mc_time deadline)
{
	mc_buf *b = &nt->rows;
	if (nt->n == 0)
		mc_copybin_header(b);
	mc_copybin_row(b, 9);
	mc_copybin_text(b, nt->s->cat->agency->id);
	mc_copybin_date(b, nt->day);
	mc_copybin_text(b, unit);
	mc_copybin_text(b, kind);
	mc_copybin_text(b, code);
	mc_copybin_text(b, scope);
	mc_copybin_timestamptz(b, due);
	mc_copybin_int8(b, late);
	if (deadline)
		mc_copybin_timestamptz(b, deadline);
	else
		mc_copybin_null(b);
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
	if (mc_late_overdue(s->cal, due, moment, &late))
		add_alert(nt, code, "overdue", "dossier", unit, due, late, deadline);
	else if (mc_late_due_soon(due, moment, nt->horizon))
		add_alert(nt, code, "due_soon", "dossier", unit, due, 0, deadline);
	if (mc_late_overdue(s->cal, step_due, moment, &late))
		add_alert(nt, code, "overdue", step_id, unit, step_due, late, 0);
	else if (mc_late_due_soon(step_due, moment, nt->horizon))
		add_alert(nt, code, "due_soon", step_id, unit, step_due, 0, 0);
	if (!apologized && mc_late_cannot_finish(s->cal, v, step, step_due, due, moment))
		add_alert(nt, code, "apology_required", "dossier", unit, due, 0, deadline);
	return MC_OK;
}

/* The reading session: the open dossiers of the agency through a cursor, in
 * a read-only snapshot of its own, with the writer's agency for RLS. */
static int open_reader(const mc_store_ctx *s, mc_db *rd, mc_error *err)
{
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db, "SELECT coalesce(current_setting('motcua.agency', true), '')",
			    0, NULL, &res, err);
	if (rc)
		return rc;
	const char *ag[] = { PQgetvalue(res, 0, 0) };
	const char *p[] = { s->cat->agency->id };
	rc = mc_db_exec(rd, "SELECT set_config('motcua.agency', $1, false)", 1, ag, NULL, err);
	PQclear(res);
	if (!rc)
		rc = mc_db_exec(rd, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, NULL, err);
	/* the cursor reads every row: plan for all of them, not the first few;
	 * apologies are few, one hashed lookup each */
	if (!rc)
		rc = mc_db_exec(rd, "SELECT set_config('cursor_tuple_fraction', '1', true)",
				0, NULL, NULL, err);
	if (!rc)
		rc = mc_db_exec(rd,
				"DECLARE nightly_open NO SCROLL CURSOR FOR "
				"SELECT d.code, d.procedure_code, d.procedure_version, d.state, "
				"coalesce(d.step_index, 0), coalesce(d.step_id, ''), coalesce(d.step_unit, ''), "
				"date_part('epoch', d.due_at)::bigint, "
				"coalesce(date_part('epoch', d.step_due_at)::bigint, 0), "
				"d.code IN (SELECT a.code FROM motcua.apology a WHERE a.agency_id = $1) "
				"FROM motcua.dossier d WHERE d.agency_id = $1 AND d.result IS NULL",
				1, p, NULL, err);
	return rc;
}

/* Wait for the page of alerts being appended, if one is; the first failure
 * (rc or the COPY's) is kept. */
static int collect_copy(const night *nt, int *copying, mc_nightly_stats *st, int rc, mc_error *err)
{
	if (!*copying)
		return rc;
	long added = 0;
	*copying = 0;
	mc_db *db = nt->s->db;
	int frc = mc_db_copy_finish(db, &added, rc ? NULL : err);
	if (!rc && !frc && nt->staged) {
		PGresult *res = NULL;
		if (!(frc = mc_db_exec(db, ALERT_FROM_STAGE, 0, NULL, &res, err)))
			added = atol(PQcmdTuples(res));
		PQclear(res);
	}
	st->alerts_new += added;
	return rc ? rc : frc;
}

/*
 * The night's evaluation, inside the caller's transaction on s->db. Three
 * things run at once, a page apart: the reading session's server fetches
 * page k+1 while this process evaluates page k and the writing session's
 * server appends page k-1's alerts (COPY). Memory stays at a few pages.
 */
static int evaluate_night(night *nt, const mc_nightly_opts *o, mc_nightly_stats *st,
			  mc_error *err)
{
	const mc_store_ctx *s = nt->s;
	mc_db *rd = NULL;
	int fetching = 0, copying = 0;
	char fetch[48];
	snprintf(fetch, sizeof fetch, "FETCH %d FROM nightly_open", o->page > 0 ? o->page : MC_NIGHTLY_PAGE);
	PGresult *rls = NULL;
	int rc = mc_db_exec(s->db, "SELECT row_security_active('motcua.alert')", 0, NULL, &rls, err);
	if (!rc) {
		nt->staged = !strcmp(PQgetvalue(rls, 0, 0), "t");
		if (nt->staged)
			rc = mc_db_exec(s->db, ALERT_STAGE, 0, NULL, NULL, err);
	}
	PQclear(rls);
	if (!rc)
		rc = mc_db_companion(s->db, &rd, err);
	if (!rc)
		rc = open_reader(s, rd, err);
	if (!rc && !(rc = mc_db_send(rd, fetch, 0, NULL, err)))
		fetching = 1;
	while (!rc) {
		PGresult *res = NULL;
		fetching = 0;
		if ((rc = mc_db_receive(rd, &res, err)))
			break;
		int n = PQntuples(res);
		if (n > 0 && !(rc = mc_db_send(rd, fetch, 0, NULL, err)))
			fetching = 1;
		for (int r = 0; r < n && !rc; r++)
			rc = evaluate(nt, res, r, err);
		PQclear(res);
		rc = collect_copy(nt, &copying, st, rc, err);
		if (!rc && nt->n) {
			mc_copybin_trailer(&nt->rows);
			if (mc_buf_failed(&nt->rows))
				rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
			if (!rc && !(rc = mc_db_copy_send(s->db, nt->staged ? ALERT_COPY_STAGED : ALERT_COPY,
							  mc_buf_str(&nt->rows),
							  nt->rows.len, err)))
				copying = 1;
		}
		mc_buf_clear(&nt->rows);
		nt->n = 0;
		if (rc || n == 0)
			break;
		st->dossiers += n;
		if (o->progress)
			o->progress(st->dossiers, o->arg);
	}
	/* leave both sessions idle whatever happened */
	if (fetching)
		mc_db_receive(rd, NULL, NULL);
	rc = collect_copy(nt, &copying, st, rc, err);
	if (rd)
		mc_db_rollback(rd);     /* the snapshot and its cursor */
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
	night nt = { .s = s, .day = o->as_of, .as_of = as_of, .moment = mc_time_make(o->as_of, 0) };
	/* a night not begun yet would alert on what has not happened */
	if (nt.moment > (mc_time)time(NULL) + MC_CLOCK_SKEW)
		return mc_error_set(err, MC_ERR_INPUT, "the night of %s has not begun yet", as_of);
	/* a day off announced since the last night moves the open dossiers'
	 * due moments before they are judged */
	mc_recompute_stats rs;
	int rc0 = mc_store_recompute(s, 0, &rs, err);
	if (rc0)
		return rc0;
	local.recomputed = rs.changed;
	int64_t soon = o->soon_ticks > 0 ? o->soon_ticks : MC_TICKS_PER_DAY;
	int rc = mc_calendar_add_ticks(s->cal, nt.moment, soon, &nt.horizon, err);
	if (rc)
		return rc;
	const char *lk[] = { NIGHTLY_LOCK_CLASS, s->cat->agency->id };
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
	char day[16];
	mc_format_date(day, sizeof day, as_of);
	const char *p[] = { s->cat->agency->id, day };
	/* a cursor lives in a transaction: ours, unless the caller has one */
	int own = PQtransactionStatus(mc_db_conn(s->db)) == PQTRANS_IDLE;
	int rc = own ? mc_db_exec(s->db, "BEGIN READ ONLY", 0, NULL, NULL, err) : MC_OK;
	/* the night's rows sorted in memory, not in files, up to a few million */
	if (!rc)
		rc = mc_db_exec(s->db, "SELECT set_config('work_mem', '256MB', true)", 0, NULL, NULL, err);
	if (!rc)
		rc = mc_db_exec(s->db,
				"DECLARE nightly_alerts NO SCROLL CURSOR FOR "
				"SELECT unit, kind, code, scope, date_part('epoch', due_at)::bigint, late_ticks, "
				"coalesce(date_part('epoch', apology_deadline)::bigint, 0) "
				"FROM motcua.alert WHERE agency_id = $1 AND as_of = $2::date "
				"ORDER BY unit COLLATE \"C\", kind COLLATE \"C\", code COLLATE \"C\", "
				"scope COLLATE \"C\"", 2, p, NULL, err);
	int open = !rc;
	while (!rc) {
		PGresult *res = NULL;
		if ((rc = mc_db_exec(s->db, "FETCH " MC_STR(MC_NIGHTLY_PAGE) " FROM nightly_alerts", 0, NULL, &res, err)))
			break;
		int n = PQntuples(res);
		for (int r = 0; r < n; r++) {
			mc_alert a;
			memset(&a, 0, sizeof a);
			snprintf(a.unit, sizeof a.unit, "%s", PQgetvalue(res, r, 0));
			snprintf(a.kind, sizeof a.kind, "%s", PQgetvalue(res, r, 1));
			snprintf(a.code, sizeof a.code, "%s", PQgetvalue(res, r, 2));
			snprintf(a.scope, sizeof a.scope, "%s", PQgetvalue(res, r, 3));
			a.due_at = atoll(PQgetvalue(res, r, 4));
			a.late_ticks = atoll(PQgetvalue(res, r, 5));
			a.apology_deadline = atoll(PQgetvalue(res, r, 6));
			fn(&a, arg);
		}
		PQclear(res);
		if (n == 0)
			break;
	}
	if (own) {
		if (!rc)
			rc = mc_db_commit(s->db, err);
		else
			mc_db_rollback(s->db);
	} else if (open) {
		int crc = mc_db_exec(s->db, "CLOSE nightly_alerts", 0, NULL, NULL, rc ? NULL : err);
		rc = rc ? rc : crc;
	}
	return rc;
}
