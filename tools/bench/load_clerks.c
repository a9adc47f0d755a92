/*
 * load_clerks.c - N concurrent clerks receiving and moving dossiers.
 *
 * usage: load_clerks CLERKS SECONDS   (database: MOTCUA_DATABASE_URL / PG*)
 * Each clerk (its own process and session) receives new dossiers and moves
 * random open ones with a random allowed action, for SECONDS; clerks work on
 * the same dossiers, so some actions lose to a concurrent one (counted as
 * conflicts, the expected outcome, and never as lost updates). Afterwards
 * the whole database is verified (motcua db verify's checks). Prints
 * "load <actions/s> <actions> <conflicts> <errors> <problems>"; exits 1 on
 * any error or problem.
 */
#include "bench_common.h"
#include "calendar.h"
#include "catalog.h"
#include "config.h"
#include "store_catalog.h"
#include "verify.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct counts { long actions, conflicts, errors; } counts;

typedef struct run {
	const char *ci;
	mc_catalog *cat;
	mc_calendar *cal;
	double secs;
} run;

static int clerk(int k, void *arg, void *result)
{
	const run *rn = arg;
	mc_catalog *cat = rn->cat;
	double secs = rn->secs;
	counts c = { 0 };
	mc_db *db = NULL;
	mc_error err;
	if (mc_db_connect(&db, rn->ci, &err)) {
		c.errors++;
		goto out;
	}
	/* the dossiers live in the past (receipts may not be in the future, and
	 * a day takes at most 9999): history, written with a reason */
	mc_store_ctx s = { .db = db, .cat = cat, .cal = rn->cal,
			   .backdate_reason = "load test (load_clerks)" };
	uint64_t x = 0x9E3779B97F4A7C15ULL * (uint64_t)(k + 1);
	double t0 = bench_now();
	long received = 0;
	while (bench_now() - t0 < secs) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		if (x % 10 < 3) {
			mc_dossier_info info;
			int existed;
			/* receipts spread over days so no day passes 9999 */
			int32_t day = mc_days_from_civil(2024, 1, 8) + (int32_t)(received / 400) * 7 + k % 5;
			mc_receipt r = { .procedure = x % 3 ? "2.002131" : "1.000173", .channel = MC_CH_ONLINE,
					 .applicant = "Tải thử", .actor = "clerk",
					 .at = mc_time_make(day, 8 * 3600 + (int32_t)(x % 20000)) };
			if (mc_store_receive(&s, &r, &info, &existed, &err)) {
				mc_error_print(&err, "load");
				c.errors++;
			} else {
				mc_dossier_info_clear(&info);
				received++;
				c.actions++;
			}
			continue;
		}
		/* a random open dossier, shared with the other clerks */
		PGresult *res = NULL;
		char off[24];
		snprintf(off, sizeof off, "%llu", (unsigned long long)(x % 64));
		const char *p[] = { cat->agency->id, off };
		if (mc_db_exec(db, "SELECT code FROM motcua.dossier WHERE agency_id = $1 AND result IS NULL "
			       "ORDER BY code DESC OFFSET $2::int LIMIT 1", 2, p, &res, &err)) {
			c.errors++;
			continue;
		}
		if (PQntuples(res) == 0) {
			PQclear(res);
			continue;
		}
		char code[96];
		snprintf(code, sizeof code, "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
		mc_dossier_info info;
		int rc = mc_store_dossier_get(&s, code, &info, &err);
		if (rc) {
			c.errors++;
			continue;
		}
		mc_action allowed[MC_ACT__COUNT];
		int n = 0;
		for (int a = 1; a < MC_ACT__COUNT; a++)
			if (a != MC_ACT_APOLOGY && a != MC_ACT_CORRECT && a != MC_ACT_VOID && a != MC_ACT_ASSIGN &&
			    mc_dossier_allowed(&info.d, (mc_action)a)) {
				allowed[n++] = (mc_action)a;
				/* mostly progress */
				if (a == MC_ACT_FORWARD || a == MC_ACT_RESULT_READY || a == MC_ACT_RESUME ||
				    a == MC_ACT_SUPPLEMENT_RECEIVED)
					for (int j = 0; j < 2 && n < MC_ACT__COUNT; j++)
						allowed[n++] = (mc_action)a;
			}
		mc_time at = info.d.last_at + 600 + (mc_time)(x % 7200);
		mc_dossier_info_clear(&info);
		if (!n)
			continue;
		mc_act act = { .action = allowed[x % (uint64_t)n], .at = at, .actor = "clerk",
			       .note = "lý do" };
		rc = mc_store_act(&s, code, &act, NULL, &err);
		if (rc == MC_OK)
			c.actions++;
		else if (rc == MC_ERR_CONFLICT || rc == MC_ERR_REFUSED)
			c.conflicts++;   /* another clerk moved it first */
		else {
			mc_error_print(&err, "load");
			c.errors++;
		}
	}
out:
	mc_db_close(db);
	*(counts *)result = c;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: load_clerks CLERKS SECONDS\n");
		return 2;
	}
	int clerks = atoi(argv[1]);
	mc_error err;
	mc_catalog *cat = NULL;
	mc_calendar *cal = NULL;
	mc_db *db = NULL;
	bench_open(&cat, &cal, &db);
	run rn = { bench_conninfo(), cat, cal, atof(argv[2]) };
	counts *each = calloc(clerks > 0 ? (size_t)clerks : 1, sizeof *each);
	if (!each)
		return 1;
	double t0 = bench_now();
	int failed = bench_run_clerks(clerks, clerk, &rn, each, sizeof *each);
	double elapsed = bench_now() - t0;
	counts total = { 0 };
	for (int k = 0; k < clerks; k++) {
		total.actions += each[k].actions;
		total.conflicts += each[k].conflicts;
		total.errors += each[k].errors;
	}
	free(each);
	if (failed)
		total.errors++;
	mc_store_ctx s = { .db = db, .cat = cat, .cal = cal };
	mc_verify_stats vs;
	if (mc_verify_all(&s, NULL, NULL, &vs, &err)) {
		mc_error_print(&err, "load_clerks");
		return 1;
	}
	printf("load %.0f %ld %ld %ld %ld\n", (double)total.actions / elapsed, total.actions,
	       total.conflicts, total.errors, vs.problems);
	fprintf(stderr, "%d clerks, %.1f s: %ld actions (%.0f/s), %ld lost to a concurrent clerk, "
		"%ld errors; verified %ld dossiers, %ld events: %ld problems\n", clerks, elapsed,
		total.actions, (double)total.actions / elapsed, total.conflicts, total.errors,
		vs.dossiers, vs.events, vs.problems);
	mc_db_close(db);
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return total.errors || vs.problems ? 1 : 0;
}
