/*
 * bench_nightly.c - the nightly evaluation over many dossiers.
 *
 * usage: bench_nightly TOTAL OPEN     (database: MOTCUA_DATABASE_URL / PG*)
 * Loads TOTAL synthetic dossier rows (OPEN of them open in their appraisal
 * step, received over the 20 days before the night with 15 to 31 days to
 * run, as a desk's open dossiers are: a few overdue, a few due tomorrow)
 * straight into the table, then times the nightly job for one night next
 * to a bare SQL scan of the same open rows (SELECT the columns the job
 * reads ... WHERE result IS NULL), and reports the process's peak memory.
 */
#include "bench_common.h"
#include "calendar.h"
#include "catalog.h"
#include "config.h"
#include "nightly.h"
#include "store_catalog.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static void count_alert(const mc_alert *a, void *arg)
{
	(void)a;
	(*(long *)arg)++;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_nightly TOTAL OPEN\n");
		return 2;
	}
	long total = atol(argv[1]), open = atol(argv[2]);
	char n1[24], n2[24];
	mc_error err;
	mc_catalog *cat = NULL;
	mc_calendar *cal = NULL;
	mc_db *db = NULL;
	bench_open(&cat, &cal, &db);
	snprintf(n1, sizeof n1, "%ld", total);
	snprintf(n2, sizeof n2, "%ld", total / (open ? open : 1));
	const char *p[] = { n1, n2 };
	double t = bench_now();
	/* a database that already holds the rows (a rerun while tuning) is
	 * reused: only the alerts are emptied */
	PGresult *have = NULL;
	if (mc_db_exec(db, "SELECT count(*) > 0 FROM (SELECT 1 FROM motcua.dossier LIMIT 1) x",
		       0, NULL, &have, &err)) {
		mc_error_print(&err, "bench_nightly");
		return 1;
	}
	int reuse = PQgetvalue(have, 0, 0)[0] == 't';
	PQclear(have);
	if (reuse) {
		if (mc_db_exec(db, "TRUNCATE motcua.alert, motcua.nightly_run", 0, NULL, NULL, &err)) {
			mc_error_print(&err, "bench_nightly");
			return 1;
		}
		fprintf(stderr, "reusing the dossiers already loaded\n");
	} else {
		/* every k-th dossier is open in its appraisal step; the others were
		 * returned early. Codes sort like real ones. */
		if (mc_db_exec(db,
			       "INSERT INTO motcua.dossier (agency_id, code, procedure_code, procedure_version, channel, "
			       "applicant_name, received_at, due_at_receipt, due_at, state, step_index, step_id, step_unit, "
			       "step_due_at, paused_ticks, supplement_count, finished_at, closed_at, result, revision) "
			       "SELECT 'skhcn-quangngai', 'B-' || lpad(i::text, 10, '0'), '2.002131', 1, 'online', 'Bench', "
			       "x.t, x.t + x.run, x.t + x.run, "
			       "CASE WHEN o THEN 'in_step' ELSE 'returned' END, CASE WHEN o THEN 1 END, "
			       "CASE WHEN o THEN 'tham_dinh' END, CASE WHEN o THEN 'qlcnganh' END, "
			       "CASE WHEN o THEN x.t + x.run / 2 END, 0, 0, "
			       "CASE WHEN NOT o THEN x.t + interval '5 days' END, CASE WHEN NOT o THEN x.t + interval '6 days' END, "
			       "CASE WHEN NOT o THEN 'early' END, CASE WHEN o THEN 2 ELSE 5 END "
			       "FROM generate_series(1, $1::bigint) i, LATERAL (SELECT i % $2::bigint = 0 AS o, "
			       "timestamptz '2026-10-31 09:00+07' + (i % 20) * interval '1 day' AS t, "
			       "(15 + (i / $2::bigint) % 17) * interval '1 day' AS run) x",
			       2, p, NULL, &err) ||
		    /* as autovacuum leaves a live table: statistics, visibility and
		     * hint bits set (else the first reader pays for setting them) */
		    mc_db_exec(db, "VACUUM ANALYZE motcua.dossier", 0, NULL, NULL, &err)) {
			mc_error_print(&err, "bench_nightly");
			return 1;
		}
	}
	fprintf(stderr, "loaded %ld dossiers (%ld open) in %.1f s\n", total, open, bench_now() - t);
	int32_t night = mc_days_from_civil(2026, 11, 20);
	mc_store_ctx s = { .db = db, .cat = cat, .cal = cal };
	mc_nightly_opts o = { .as_of = night };
	mc_nightly_stats ns;
	long alerts = 0;
	t = bench_now();
	if (mc_nightly_run(&s, &o, &ns, &err)) {
		mc_error_print(&err, "bench_nightly");
		return 1;
	}
	double job = bench_now() - t;
	/* listing the night's alerts (what `motcua nightly` prints) is timed
	 * apart: it reads back what the evaluation wrote */
	t = bench_now();
	if (mc_nightly_alerts(&s, night, count_alert, &alerts, &err)) {
		mc_error_print(&err, "bench_nightly");
		return 1;
	}
	double listing = bench_now() - t;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	/* the baseline: one bare scan of the same rows */
	char moment[40];
	mc_format_moment(moment, sizeof moment, mc_time_make(night, 0));
	const char *q[] = { moment };
	PGresult *res = NULL;
	t = bench_now();
	if (mc_db_exec(db, "SELECT code, procedure_code, procedure_version, state, step_index, step_id, "
		       "step_unit, due_at, step_due_at FROM motcua.dossier WHERE agency_id = 'skhcn-quangngai' "
		       "AND result IS NULL AND $1::timestamptz IS NOT NULL", 1, q, &res, &err)) {
		mc_error_print(&err, "bench_nightly");
		return 1;
	}
	double scan = bench_now() - t;
	long rows = PQntuples(res);
	PQclear(res);
	fprintf(stderr, "nightly: %ld open evaluated, %ld alerts, %.2f s (listing them %.2f s); "
		"bare scan: %ld rows, %.2f s\n", ns.dossiers, alerts, job, listing, rows, scan);
	printf("nightly %.4f %.4f %ld %.4f\n", job, scan, ru.ru_maxrss / 1024, listing);
	mc_db_close(db);
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return 0;
}
