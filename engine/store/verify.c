/*
 * verify.c - consistency checks over the whole database (see verify.h).
 */
#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void problem(mc_verify_stats *st, void (*report)(const char *, void *), void *arg,
		    const char *msg)
{
	st->problems++;
	if (report)
		report(msg, arg);
}

/* A query whose every row is a problem, described by its first column. */
static int rows_are_problems(const mc_store_ctx *s, const char *sql, mc_verify_stats *st,
			     void (*report)(const char *, void *), void *arg, mc_error *err)
{
	PGresult *res = NULL;
	const char *p[] = { s->cat->agency->id };
	int rc = mc_db_exec(s->db, sql, 1, p, &res, err);
	if (rc)
		return rc;
	for (int r = 0; r < PQntuples(res); r++)
		problem(st, report, arg, PQgetvalue(res, r, 0));
	PQclear(res);
	return MC_OK;
}

int mc_verify_all(const mc_store_ctx *s, void (*report)(const char *msg, void *arg),
		  void *arg, mc_verify_stats *stats, mc_error *err)
{
	mc_verify_stats st = { 0 };
	char last[MC_CODE_MAX] = "";
	int rc;
	/* 1. every row is the replay of its log */
	for (;;) {
		PGresult *res = NULL;
		const char *p[] = { s->cat->agency->id, last };
		if ((rc = mc_db_exec(s->db, "SELECT code FROM motcua.dossier WHERE agency_id = $1 "
				     "AND code > $2 ORDER BY code LIMIT " MC_DB_PAGE_SQL, 2, p, &res, err)))
			return rc;
		int n = PQntuples(res);
		for (int r = 0; r < n; r++) {
			mc_error e;
			const char *code = PQgetvalue(res, r, 0);
			st.dossiers++;
			int legacy = 0;
			int v = mc_store_dossier_verify(s, code, &legacy, &e);
			st.legacy += legacy;
			if (v == MC_ERR_INPUT || v == MC_ERR_INTERNAL) {
				problem(&st, report, arg, e.message);
			} else if (v) {
				PQclear(res);
				if (err)
					*err = e;
				return v;
			}
		}
		if (n)
			snprintf(last, sizeof last, "%s", PQgetvalue(res, n - 1, 0));
		PQclear(res);
		if (n < MC_DB_PAGE)
			break;
	}
	/* 2. events 1..revision */
	if ((rc = rows_are_problems(s,
		"SELECT format('dossier %s: %s events numbered up to %s, revision %s', d.code, "
		"count(e.seq), max(e.seq), d.revision) FROM motcua.dossier d "
		"LEFT JOIN motcua.dossier_event e USING (agency_id, code) WHERE d.agency_id = $1 "
		"GROUP BY d.code, d.revision HAVING count(e.seq) <> d.revision OR max(e.seq) <> d.revision",
		&st, report, arg, err)))
		return rc;
	/* 2b. no row without its parent (the schema has no foreign keys for
	 * these: migrations/0009_receipt_flush.sql) */
	if ((rc = rows_are_problems(s,
		"SELECT format('dossier %s: events without the dossier', e.code) FROM motcua.dossier_event e "
		"WHERE e.agency_id = $1 AND NOT EXISTS (SELECT 1 FROM motcua.dossier d "
		"WHERE d.agency_id = e.agency_id AND d.code = e.code) GROUP BY e.code "
		"UNION ALL "
		"SELECT format('dossier %s: procedure %s version %s is not in the database', d.code, "
		"d.procedure_code, d.procedure_version) FROM motcua.dossier d WHERE d.agency_id = $1 "
		"AND NOT EXISTS (SELECT 1 FROM motcua.procedure_version v WHERE v.agency_id = d.agency_id "
		"AND v.code = d.procedure_code AND v.version = d.procedure_version)",
		&st, report, arg, err)))
		return rc;
	/* 3. codes per day: 0001..N, and the counter at N */
	if ((rc = rows_are_problems(s,
		"SELECT format('day %s: %s dossiers, numbers %s..%s (%s distinct), counter %s', x.day, x.n, "
		"x.lo, x.hi, x.distinct_n, coalesce(c.last::text, 'missing')) FROM (SELECT "
		"to_date('20' || split_part(d.code, '-', 2), 'YYYYMMDD') AS day, count(*) AS n, "
		"count(DISTINCT right(d.code, 4)) AS distinct_n, min(right(d.code, 4)::int) AS lo, "
		"max(right(d.code, 4)::int) AS hi FROM motcua.dossier d WHERE d.agency_id = $1 "
		"AND d.code ~ '-[0-9]{6}-[0-9]{4}$' AND d.external_ref IS DISTINCT FROM d.code GROUP BY 1) x "
		"LEFT JOIN motcua.dossier_counter c ON c.agency_id = $1 AND c.day = x.day "
		"WHERE x.lo <> 1 OR x.hi <> x.n OR x.distinct_n <> x.n OR c.last IS DISTINCT FROM x.n",
		&st, report, arg, err)))
		return rc;
	/* 3b. the register's entries per year (migration 0024): 1..N, each
	 * once, the counter at N; every desk receipt entered in the year of
	 * its receipt day, no import entered */
	if ((rc = rows_are_problems(s,
		"SELECT format('register %s: %s entries numbered %s..%s (%s distinct), counter %s', coalesce(x.y, c.year), "
		"coalesce(x.n, 0), x.lo, x.hi, coalesce(x.distinct_n, 0), coalesce(c.last::text, 'missing')) FROM (SELECT d.register_year AS y, "
		"count(*) AS n, count(DISTINCT d.register_no) AS distinct_n, min(d.register_no) AS lo, "
		"max(d.register_no) AS hi FROM motcua.dossier d WHERE d.agency_id = $1 "
		"AND d.register_year IS NOT NULL GROUP BY 1) x "
		"FULL JOIN (SELECT * FROM motcua.register_counter WHERE agency_id = $1) c ON c.year = x.y "
		"WHERE x.y IS NULL OR x.lo <> 1 OR x.hi <> x.n OR x.distinct_n <> x.n OR c.last IS DISTINCT FROM x.n "
		"UNION ALL "
		"SELECT format('dossier %s: register entry %s/%s, received in %s%s', d.code, "
		"coalesce(d.register_no::text, 'none'), coalesce(d.register_year::text, '-'), "
		"extract(year FROM d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'), "
		"CASE WHEN d.external_ref IS NOT DISTINCT FROM d.code THEN ' (an import)' ELSE '' END) "
		"FROM motcua.dossier d WHERE d.agency_id = $1 AND CASE WHEN d.external_ref IS NOT DISTINCT FROM "
		"d.code THEN d.register_no IS NOT NULL ELSE d.register_year IS DISTINCT FROM "
		"extract(year FROM d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::smallint END",
		&st, report, arg, err)))
		return rc;
	/* 4. apology numbers 1..N per year */
	if ((rc = rows_are_problems(s,
		"SELECT format('apologies %s: %s letters numbered %s..%s', year, count(*), min(number), "
		"max(number)) FROM motcua.apology WHERE agency_id = $1 GROUP BY year "
		"HAVING min(number) <> 1 OR max(number) <> count(*)",
		&st, report, arg, err)))
		return rc;
	PGresult *res = NULL;
	const char *p[] = { s->cat->agency->id };
	if ((rc = mc_db_exec(s->db, "SELECT count(*) AS events, "
			     "count(*) FILTER (WHERE backdate_reason IS NOT NULL) AS backdated, "
			     "count(*) FILTER (WHERE action = 'correct') AS corrections, "
			     "count(*) FILTER (WHERE action = 'void') AS voids "
			     "FROM motcua.dossier_event WHERE agency_id = $1",
			     1, p, &res, err)))
		return rc;
	st.events = atol(mc_db_get(res, 0, "events"));
	st.backdated = atol(mc_db_get(res, 0, "backdated"));
	st.corrections = atol(mc_db_get(res, 0, "corrections"));
	st.voids = atol(mc_db_get(res, 0, "voids"));
	PQclear(res);
	*stats = st;
	return MC_OK;
}
