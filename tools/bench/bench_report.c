/*
 * bench_report.c - the yearly report over many dossiers.
 *
 * usage: bench_report TOTAL      (database: MOTCUA_DATABASE_URL / PG*)
 * Loads TOTAL synthetic dossier rows spread over the reporting year 2023
 * (15/12/2022-14/12/2023: mostly resolved early, some on time, a few still
 * open within time) straight into the table, then times the yearly report
 * next to a plain SQL aggregate over the same rows
 * (SELECT procedure_code, channel, result, count(*) ... GROUP BY 1, 2, 3).
 */
#include "bench_common.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bench_report TOTAL\n");
		return 2;
	}
	char n[24];
	mc_error err;
	mc_catalog *cat = NULL;
	mc_calendar *cal = NULL;
	mc_db *db = NULL;
	bench_open(&cat, &cal, &db);
	snprintf(n, sizeof n, "%ld", atol(argv[1]));
	const char *p[] = { n };
	double t = bench_now();
	if (mc_db_exec(db,
		       "INSERT INTO motcua.dossier (agency_id, code, procedure_code, procedure_version, channel, "
		       "applicant_name, received_at, due_at_receipt, due_at, state, paused_ticks, supplement_count, "
		       "finished_at, closed_at, result, revision) "
		       "SELECT 'skhcn-quangngai', 'R-' || lpad(i::text, 10, '0'), "
		       "(ARRAY['2.002131', '1.000173', 'qng.tdc.01', '2.002382'])[1 + i % 4], "
		       "CASE WHEN i % 4 = 1 THEN 2 ELSE 1 END, "
		       "(ARRAY['online', 'online', 'online', 'post', 'in_person'])[1 + i % 5], 'Bench', "
		       "x.t, x.d, x.d, "
		       "CASE WHEN i % 50 = 0 THEN 'in_step' ELSE 'returned' END, 0, (i % 97 = 0)::int, "
		       "CASE WHEN i % 50 <> 0 THEN x.t + CASE WHEN i % 20 = 0 THEN interval '7 days' "
		       "ELSE interval '3 days' END END, "
		       "CASE WHEN i % 50 <> 0 THEN x.t + interval '8 days' END, "
		       "CASE WHEN i % 50 = 0 THEN NULL WHEN i % 20 = 0 THEN 'on_time' ELSE 'early' END, 5 "
		       "FROM generate_series(1, $1::bigint) i, LATERAL (SELECT timestamptz '2022-12-15 09:00+07' "
		       "+ (i % 330) * interval '1 day' AS t) t0, "
		       /* the open ones are due after the year's end: within time */
		       "LATERAL (SELECT t0.t, CASE WHEN i % 50 = 0 THEN timestamptz '2023-12-20 17:00+07' "
		       "ELSE t0.t + interval '7 days' END AS d) x",
		       1, p, NULL, &err) ||
	    mc_db_exec(db, "VACUUM ANALYZE motcua.dossier", 0, NULL, NULL, &err)) {
		mc_error_print(&err, "bench_report");
		return 1;
	}
	fprintf(stderr, "loaded %s dossiers in %.1f s\n", n, bench_now() - t);
	mc_store_ctx s = { .db = db, .cat = cat, .cal = cal };
	int32_t from, to;
	mc_report r;
	mc_report_period("year", "2023", &from, &to, &err);
	t = bench_now();
	if (mc_report_build(&s, from, to, &r, &err)) {
		mc_error_print(&err, "bench_report");
		return 1;
	}
	double rep = bench_now() - t;
	long total = mc_counts_total(&r.total);
	mc_report_free(&r);
	PGresult *res = NULL;
	t = bench_now();
	if (mc_db_exec(db, "SELECT procedure_code, channel, result, count(*) FROM motcua.dossier "
		       "WHERE agency_id = 'skhcn-quangngai' GROUP BY 1, 2, 3", 0, NULL, &res, &err)) {
		mc_error_print(&err, "bench_report");
		return 1;
	}
	double agg = bench_now() - t;
	PQclear(res);
	fprintf(stderr, "report: %ld dossiers handled, %.2f s; plain aggregate %.2f s\n", total, rep, agg);
	printf("report %.4f %.4f\n", rep, agg);
	mc_db_close(db);
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return 0;
}
