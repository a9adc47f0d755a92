/*
 * bench_receive.c - receipts per second with concurrent clerks.
 *
 * usage: bench_receive CLERKS SECONDS   (database: MOTCUA_DATABASE_URL / PG*)
 * Each clerk is a process with its own session doing complete receipts
 * (version lookup, due moments, the day's gap-free counter, the dossier row
 * and its receive event, one transaction each) for SECONDS; prints
 * "receive <rate>" and checks the codes of the run are gap-free.
 */
#include "bench_common.h"
#include "calendar.h"
#include "catalog.h"
#include "config.h"
#include "store_catalog.h"
#include "store_dossier.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct run {
	const char *ci;
	mc_catalog *cat;
	mc_calendar *cal;
	double t0, secs;
} run;

/* One clerk: receipts until the time is up; the result is their count. */
static int clerk(int k, void *arg, void *result)
{
	const run *rn = arg;
	mc_error err;
	mc_db *d = NULL;
	if (mc_db_connect(&d, rn->ci, &err))
		return 1;
	/* receipts dated in the past are history, written with a reason */
	mc_store_ctx s = { .db = d, .cat = rn->cat, .cal = rn->cal,
			   .backdate_reason = "benchmark (bench_receive)" };
	long n = 0;
	/* all clerks receive "on" the same day (one day per second of the run,
	 * so a day never passes 9999): the day's counter is the hot spot a
	 * real desk has. Days in the past: a receipt may not be in the future. */
	int32_t base = mc_days_from_civil(2024, 1, 1);
	while (bench_now() - rn->t0 < rn->secs) {
		mc_time at = mc_time_make(base + (int32_t)(bench_now() - rn->t0), 9 * 3600);
		char name[32];
		int existed;
		mc_dossier_info info;
		snprintf(name, sizeof name, "Bench %d-%ld", k, n);
		mc_receipt r = { .procedure = n % 2 ? "1.000173" : "2.002131",
				 .channel = MC_CH_ONLINE, .applicant = name, .actor = "bench",
				 .at = at + n % 3600 };
		if (mc_store_receive(&s, &r, &info, &existed, &err)) {
			mc_error_print(&err, "clerk");
			mc_db_close(d);
			return 1;
		}
		mc_dossier_info_clear(&info);
		n++;
	}
	*(long *)result = n;
	mc_db_close(d);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_receive CLERKS SECONDS\n");
		return 2;
	}
	int clerks = atoi(argv[1]);
	mc_error err;
	mc_db *db = NULL;
	run rn = { .ci = bench_conninfo(), .secs = atof(argv[2]) };
	bench_open(&rn.cat, &rn.cal, &db);
	long *counts = calloc(clerks > 0 ? (size_t)clerks : 1, sizeof *counts);
	if (!counts)
		return 1;
	rn.t0 = bench_now();
	int failed = bench_run_clerks(clerks, clerk, &rn, counts, sizeof *counts);
	double elapsed = bench_now() - rn.t0;
	long total = 0;
	for (int k = 0; k < clerks; k++)
		total += counts[k];
	free(counts);
	PGresult *res = NULL;
	if (mc_db_exec(db, "SELECT coalesce(bool_and(n = top), true) AS gapless FROM (SELECT count(*) AS n, "
		       "max(right(code, 4)::int) AS top FROM motcua.dossier GROUP BY split_part(code, '-', 2)) x",
		       0, NULL, &res, &err) == MC_OK) {
		if (strcmp(PQgetvalue(res, 0, 0), "t") != 0 && PQntuples(res) == 1)
			failed = 1;
		PQclear(res);
	}
	printf("receive %.0f\n", (double)total / elapsed);
	fprintf(stderr, "%ld receipts by %d clerks in %.1f s%s\n", total, clerks, elapsed,
		failed ? " (FAILED)" : "");
	mc_db_close(db);
	mc_catalog_free(rn.cat);
	mc_calendar_free(rn.cal);
	return failed;
}
