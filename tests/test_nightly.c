/*
 * The nightly job and apology numbering against PostgreSQL: a run killed
 * half way leaves nothing and its rerun gives exactly the alerts of a clean
 * run; a finished night is not recorded twice; apology
 * numbers under 8 concurrent issuers are 1..N without gaps or duplicates.
 */
#include "check.h"
#include "apology.h"
#include "config.h"
#include "nightly.h"
#include "store_catalog.h"
#include "testdb.h"

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char conninfo[256];
static mc_catalog *cat;
static mc_calendar *cal;

static char *text(mc_db *db, const char *sql)
{
	PGresult *res = NULL;
	mc_error err;
	if (mc_db_exec(db, sql, 0, NULL, &res, &err))
		return strdup("");
	char *s = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return s;
}

/* Tells the parent (through the pipe in arg) that a page is written, then
 * waits there until the parent kills the run half way. */
static void stuck_progress(long done, void *arg)
{
	(void)done;
	if (write(*(int *)arg, "p", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static int run_night(mc_db *db, int32_t day, mc_nightly_stats *st)
{
	mc_store_ctx s = { .db = db, .cat = cat, .cal = cal, .backdate_reason = TESTDB_BACKDATE };
	mc_nightly_opts o = { .as_of = day };
	mc_error err;
	int rc = mc_nightly_run(&s, &o, st, &err);
	if (rc)
		mc_error_print(&err, "nightly");
	return rc;
}

static void test_killed_run(void)
{
	enum { N = 2600 };
	mc_db *db = testdb_connect(conninfo);
	mc_store_ctx s = { .db = db, .cat = cat, .cal = cal, .backdate_reason = TESTDB_BACKDATE };
	mc_error err;
	mc_time at;
	mc_parse_moment("2025-06-02T09:00", &at, NULL);
	CHECK_INT(mc_db_begin(db, &err), MC_OK);
	for (int i = 0; i < N; i++) {
		char code[96];
		int existed;
		mc_receipt r = { .procedure = i % 2 ? "1.000173" : "2.002131", .channel = MC_CH_ONLINE,
				 .applicant = "K", .actor = "clerk", .at = at + (i % 3000) * 5 };
		if (testdb_receive(&s, &r, 1, code, sizeof code, &existed, &err)) {
			mc_error_print(&err, "receive");
			check_failures++;
			break;
		}
	}
	CHECK_INT(mc_db_commit(db, &err), MC_OK);
	int32_t night = mc_days_from_civil(2025, 6, 24);
	int pipefd[2];
	CHECK_INT(pipe(pipefd), 0);
	pid_t kid = fork();
	if (kid == 0) {
		close(pipefd[0]);
		mc_db *k = testdb_connect(conninfo);
		mc_store_ctx ks = { .db = k, .cat = cat, .cal = cal, .backdate_reason = TESTDB_BACKDATE };
		mc_nightly_opts o = { .as_of = night, .page = 1000, .progress = stuck_progress,
				      .arg = &pipefd[1] };
		mc_nightly_stats st;
		mc_error e;
		mc_nightly_run(&ks, &o, &st, &e);
		_exit(0);
	}
	close(pipefd[1]);
	/* the first of three pages is evaluated: kill the run half way */
	char c;
	CHECK_INT(read(pipefd[0], &c, 1), 1);
	close(pipefd[0]);
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	/* the killed run's server processes have ended, its lock released */
	CHECK_INT(testdb_wait_alone(db, "the killed run's sessions have ended"), 0);
	/* it left nothing behind: neither alerts nor the night marked done */
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM alert WHERE as_of = '2025-06-24'"), 0);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM nightly_run WHERE as_of = '2025-06-24'"), 0);
	mc_nightly_stats st = { 0 };
	CHECK_INT(run_night(db, night, &st), MC_OK);
	CHECK_INT(st.dossiers, N);
	CHECK(!st.already_done);
	long total = testdb_scalar(db, "SELECT count(*) FROM alert WHERE as_of = '2025-06-24'");
	CHECK(total > N / 2);
	CHECK_INT(st.alerts_new, total);
	CHECK_INT(testdb_scalar(db, "SELECT alerts FROM nightly_run WHERE as_of = '2025-06-24'"), total);
	char *after_kill = text(db, "SELECT md5(string_agg(code || kind || scope, ',' ORDER BY code, kind, scope)) "
				"FROM alert WHERE as_of = '2025-06-24'");
	/* a rerun of the finished night adds nothing */
	CHECK_INT(run_night(db, night, &st), MC_OK);
	CHECK_INT(st.alerts_new, 0);
	CHECK(st.already_done);
	CHECK_INT(st.dossiers, N);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM alert WHERE as_of = '2025-06-24'"), total);
	/* the same as a clean run */
	CHECK_INT(mc_db_exec(db, "DELETE FROM alert WHERE as_of = '2025-06-24'", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(mc_db_exec(db, "DELETE FROM nightly_run WHERE as_of = '2025-06-24'", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(run_night(db, night, &st), MC_OK);
	CHECK_INT(st.alerts_new, total);
	char *clean = text(db, "SELECT md5(string_agg(code || kind || scope, ',' ORDER BY code, kind, scope)) "
			   "FROM alert WHERE as_of = '2025-06-24'");
	CHECK_STR(after_kill, clean);
	free(after_kill);
	free(clean);

	/* a run that fails half way (the third page's alerts are refused while
	 * the reading session is fetching ahead) records nothing, and both
	 * sessions are usable afterwards */
	int32_t night2 = mc_days_from_civil(2025, 6, 25);
	PGresult *res = NULL;
	/* the last dossier the cursor reads that has alerts */
	CHECK_INT(mc_db_exec(db, "SELECT a.code FROM alert a JOIN dossier d USING (agency_id, code) "
			     "WHERE a.as_of = '2025-06-24' ORDER BY d.ctid DESC LIMIT 1", 0, NULL, &res, &err), MC_OK);
	const char *last[] = { PQgetvalue(res, 0, 0) };
	char *ddl = NULL;
	{
		PGresult *r2 = NULL;
		CHECK_INT(mc_db_exec(db, "SELECT format('ALTER TABLE alert ADD CONSTRAINT refuse CHECK (code <> %L) NOT VALID', $1::text)",
				     1, last, &r2, &err), MC_OK);
		ddl = strdup(PQgetvalue(r2, 0, 0));
		PQclear(r2);
	}
	PQclear(res);
	CHECK_INT(mc_db_exec(db, ddl, 0, NULL, NULL, &err), MC_OK);
	free(ddl);
	mc_nightly_opts o2 = { .as_of = night2, .page = 1000 };
	CHECK_INT(mc_nightly_run(&s, &o2, &st, &err), MC_ERR_DB);
	CHECK(strstr(err.message, "refuse") != NULL);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM alert WHERE as_of = '2025-06-25'"), 0);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM nightly_run WHERE as_of = '2025-06-25'"), 0);
	CHECK_INT(mc_db_exec(db, "ALTER TABLE alert DROP CONSTRAINT refuse", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(mc_nightly_run(&s, &o2, &st, &err), MC_OK);
	CHECK_INT(st.dossiers, N);
	CHECK(st.alerts_new > 0);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM alert WHERE as_of = '2025-06-25'"), st.alerts_new);
	mc_db_close(db);
}

static void test_concurrent_apologies(void)
{
	enum { ISSUERS = 8, EACH = 5 };
	mc_db *db = testdb_connect(conninfo);
	/* 40 open dossiers (received as in the killed-run test), one letter each */
	PGresult *res = NULL;
	mc_error err;
	{
		mc_store_ctx s = { .db = db, .cat = cat, .cal = cal, .backdate_reason = TESTDB_BACKDATE };
		mc_time at;
		mc_parse_moment("2025-06-02T09:00", &at, NULL);
		for (int i = 0; i < ISSUERS * EACH; i++) {
			char code[96];
			int existed;
			mc_receipt r = { .procedure = i % 2 ? "1.000173" : "2.002131", .channel = MC_CH_ONLINE,
					 .applicant = "K", .actor = "clerk", .at = at + i * 5 };
			CHECK_INT(testdb_receive(&s, &r, 0, code, sizeof code, &existed, &err), MC_OK);
		}
	}
	CHECK_INT(mc_db_exec(db, "SELECT code FROM dossier ORDER BY code LIMIT 40", 0, NULL, &res, &err), MC_OK);
	pid_t kids[ISSUERS];
	for (int k = 0; k < ISSUERS; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			mc_db *d = testdb_connect(conninfo);
			mc_store_ctx s = { .db = d, .cat = cat, .cal = cal, .backdate_reason = TESTDB_BACKDATE };
			int failures = 0;
			for (int i = 0; i < EACH; i++) {
				mc_apology_req r = { .code = PQgetvalue(res, k * EACH + i, 0),
						     .reason = "Lãnh đạo đi công tác", .by = "vp" };
				mc_parse_moment("2025-06-20T09:00", &r.at, NULL);
				mc_apology a;
				mc_error e;
				if (mc_apology_issue(&s, &r, &a, &e)) {
					mc_error_print(&e, "issuer");
					failures++;
				}
			}
			mc_db_close(d);
			_exit(failures ? 1 : 0);
		}
	}
	for (int k = 0; k < ISSUERS; k++) {
		int st;
		waitpid(kids[k], &st, 0);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	PQclear(res);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM apology WHERE year = 2025"), ISSUERS * EACH);
	CHECK_INT(testdb_scalar(db, "SELECT count(DISTINCT number) FROM apology WHERE year = 2025"), ISSUERS * EACH);
	CHECK_INT(testdb_scalar(db, "SELECT max(number) FROM apology WHERE year = 2025"), ISSUERS * EACH);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier_event WHERE action = 'apology'"), ISSUERS * EACH);
	/* the apology never moved a due moment */
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM apology a JOIN dossier d USING (agency_id, code) "
			     "WHERE d.due_at <> a.original_due"), 0);
	mc_db_close(db);
}

int main(void)
{
	int rc = testdb_available();
	if (rc)
		return rc;
	testdb_load_catalog(&cat, &cal);
	/* each test on a database of its own, migrated, the catalogue loaded */
	TESTDB_RUN(conninfo, test_killed_run, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_concurrent_apologies, TESTDB_CATALOG, cat);
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return CHECK_RESULT();
}
