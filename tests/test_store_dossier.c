/*
 * Dossiers against a real PostgreSQL: gap-free unique codes under 8
 * concurrent clerks, no lost update when two clerks act at once, the row
 * equal to the replay of its log over random histories, the append-only
 * log, idempotent receipts, atomic imports, and a full day refused without
 * a trace; a receipt that commits its caller's transaction, the statements
 * deferred to the next one, the session's agency. (That a given code
 * survives a crash: tests/cli/test_faults.sh.)
 */
#include "check.h"
#include "config.h"
#include "fileutil.h"
#include "import.h"
#include "migrate.h"
#include "store_catalog.h"
#include "store_dossier.h"
#include "testdb.h"
#include "verify.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char conninfo[256];
static mc_catalog *cat;
static mc_calendar *cal;

static mc_store_ctx ctx_for(mc_db *db)
{
	mc_store_ctx s = { .db = db, .cat = cat, .cal = cal, .backdate_reason = TESTDB_BACKDATE };
	return s;
}

static mc_time at(const char *s)
{
	mc_time t;
	mc_parse_moment(s, &t, NULL);
	return t;
}

static void test_concurrent_codes(void)
{
	enum { CLERKS = 8, EACH = 25 };
	pid_t kids[CLERKS];
	for (int k = 0; k < CLERKS; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			mc_db *db = testdb_connect(conninfo);
			mc_store_ctx s = ctx_for(db);
			int failures = 0;
			for (int i = 0; i < EACH; i++) {
				char code[96], name[64];
				int existed;
				mc_error err;
				snprintf(name, sizeof name, "Người nộp %d-%d", k, i);
				mc_receipt r = { .procedure = "1.000173", .channel = MC_CH_IN_PERSON,
						 .applicant = name, .actor = "clerk", .at = at("2024-03-04T09:00") };
				if (testdb_receive(&s, &r, 0, code, sizeof code, &existed, &err)) {
					mc_error_print(&err, "clerk");
					failures++;
				}
				/* a receipt that is rolled back gives its number back */
				if (i % 10 == 0) {
					mc_db_begin(db, &err);
					testdb_receive(&s, &r, 1, code, sizeof code, &existed, &err);
					mc_db_rollback(db);
				}
			}
			mc_db_close(db);
			_exit(failures ? 1 : 0);
		}
	}
	for (int k = 0; k < CLERKS; k++) {
		int st;
		waitpid(kids[k], &st, 0);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	mc_db *db = testdb_connect(conninfo);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier WHERE code LIKE '%-240304-%'"), CLERKS * EACH);
	CHECK_INT(testdb_scalar(db, "SELECT count(DISTINCT code) FROM dossier WHERE code LIKE '%-240304-%'"), CLERKS * EACH);
	/* numbers 1..200 exactly: no gaps, no duplicates */
	CHECK_INT(testdb_scalar(db, "SELECT max(right(code, 4)::int) FROM dossier WHERE code LIKE '%-240304-%'"), CLERKS * EACH);
	CHECK_INT(testdb_scalar(db, "SELECT min(right(code, 4)::int) FROM dossier WHERE code LIKE '%-240304-%'"), 1);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier WHERE code = '000.00.00.H48-240304-0001'"), 1);
	mc_db_close(db);
}

static void test_lost_update(void)
{
	mc_db *a = testdb_connect(conninfo);
	mc_store_ctx s = ctx_for(a);
	mc_error err;
	char code[96];
	int existed;
	mc_receipt r = { .procedure = "1.000173", .channel = MC_CH_POST, .applicant = "A",
			 .actor = "clerk", .at = at("2024-04-01T09:00") };
	CHECK_INT(testdb_receive(&s, &r, 0, code, sizeof code, &existed, &err), MC_OK);
	int pipefd[2];
	CHECK(pipe(pipefd) == 0);
	/* clerk A forwards inside an open transaction... */
	CHECK_INT(mc_db_begin(a, &err), MC_OK);
	CHECK_INT(testdb_act(&s, code, MC_ACT_FORWARD, at("2024-04-01T10:00"), "A", NULL, 1, &err), MC_OK);
	pid_t kid = fork();
	if (kid == 0) {
		/* ...clerk B reads the same revision and tries too */
		mc_db *b = testdb_connect(conninfo);
		mc_store_ctx sb = ctx_for(b);
		mc_error e;
		int pid = testdb_backend_pid(b);
		if (write(pipefd[1], &pid, sizeof pid) != (ssize_t)sizeof pid)
			_exit(99);
		int rc = testdb_act(&sb, code, MC_ACT_PAUSE, at("2024-04-01T10:30"), "B", NULL, 0, &e);
		mc_db_close(b);
		_exit(rc);
	}
	/* B is blocked on A's row lock: the server says so */
	int bpid = 0;
	CHECK(read(pipefd[0], &bpid, sizeof bpid) == (ssize_t)sizeof bpid);
	mc_db *watch = testdb_connect(conninfo);
	CHECK_INT(testdb_wait_blocked(watch, bpid, testdb_backend_pid(a),
				      "clerk B waits for clerk A's row lock"), 0);
	mc_db_close(watch);
	CHECK_INT(mc_db_commit(a, &err), MC_OK);
	int st;
	waitpid(kid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == MC_ERR_CONFLICT);
	mc_dossier_info info;
	CHECK_INT(mc_store_dossier_get(&s, code, &info, &err), MC_OK);
	CHECK_INT(info.nevents, 2);                /* B's pause was not recorded */
	CHECK_INT(info.d.state, MC_DS_IN_STEP);
	CHECK_INT(info.d.step, 1);
	mc_dossier_info_clear(&info);
	close(pipefd[0]);
	close(pipefd[1]);
	mc_db_close(a);
}

static void test_random_histories(void)
{
	mc_db *db = testdb_connect(conninfo);
	mc_store_ctx s = ctx_for(db);
	mc_error err;
	srand(77);
	static const char *const procs[] = { "1.000173", "qng.atbx.01", "qng.tdc.01", "2.002131" };
	int bad = 0;
	char codes[40][96];
	for (int h = 0; h < 40; h++) {
		int existed;
		mc_time t = at("2023-01-03T07:30") + (mc_time)(rand() % 700) * 86400 + rand() % 36000;
		mc_receipt r = { .procedure = procs[h % 4], .channel = MC_CH_POST, .applicant = "R",
				 .actor = "clerk", .at = t };
		if (testdb_receive(&s, &r, 0, codes[h], sizeof codes[h], &existed, &err)) {
			mc_error_print(&err, "receive");
			bad++;
			continue;
		}
		for (int step = 0; step < 15; step++) {
			mc_dossier_info info;
			if (mc_store_dossier_get(&s, codes[h], &info, &err)) {
				bad++;
				break;
			}
			mc_action options[MC_ACT__COUNT * 4];
			int n = 0;
			for (int a = 1; a < MC_ACT__COUNT; a++)
				/* the office's amendments are tried in test_door.sh */
				if (a != MC_ACT_CORRECT && a != MC_ACT_VOID && a != MC_ACT_ASSIGN &&
				    mc_dossier_allowed(&info.d, (mc_action)a)) {
					options[n++] = (mc_action)a;
					if (a == MC_ACT_FORWARD || a == MC_ACT_RESULT_READY || a == MC_ACT_RESUME ||
					    a == MC_ACT_SUPPLEMENT_RECEIVED)
						for (int k = 0; k < 3; k++)
							options[n++] = (mc_action)a;
				}
			mc_dossier_info_clear(&info);
			if (!n)
				break;
			t += rand() % (4 * 86400);
			if (testdb_act(&s, codes[h], options[rand() % n], t, "u", "lý do", 0, &err)) {
				mc_error_print(&err, "act");
				bad++;
			}
		}
		if (mc_store_dossier_verify(&s, codes[h], NULL, &err)) {
			mc_error_print(&err, "verify");
			bad++;
		}
	}
	CHECK_INT(bad, 0);
	/* the check can fail: a row edited behind the log's back is caught */
	const char *p[] = { codes[3] };
	CHECK_INT(mc_db_exec(db, "UPDATE dossier SET due_at = due_at + interval '1 hour' WHERE code = $1",
			     1, p, NULL, &err), MC_OK);
	CHECK_INT(mc_store_dossier_verify(&s, codes[3], NULL, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "column due_at is");
	mc_db_close(db);
}

static void test_append_only_and_idempotency(void)
{
	mc_db *db = testdb_connect(conninfo);
	mc_store_ctx s = ctx_for(db);
	mc_error err;
	/* a dossier, so that the log has a row to try to change */
	char c0[96];
	int e0;
	mc_receipt r0 = { .procedure = "2.002131", .channel = MC_CH_POST, .applicant = "Log",
			  .actor = "clerk", .at = at("2024-05-06T08:00") };
	CHECK_INT(testdb_receive(&s, &r0, 0, c0, sizeof c0, &e0, &err), MC_OK);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier_event WHERE seq = 1"), 1);
	CHECK_INT(mc_db_exec(db, "UPDATE dossier_event SET note = 'x' WHERE seq = 1", 0, NULL, NULL, &err),
		  MC_ERR_DB);
	CHECK_STR(err.sqlstate, "42501");
	CHECK_HAS(err.message, "append-only");
	CHECK_INT(mc_db_exec(db, "DELETE FROM dossier_event", 0, NULL, NULL, &err), MC_ERR_DB);
	CHECK_INT(mc_db_exec(db, "TRUNCATE dossier_event CASCADE", 0, NULL, NULL, &err), MC_ERR_DB);

	long before = testdb_scalar(db, "SELECT count(*) FROM dossier");
	char c1[96], c2[96];
	int e1, e2;
	mc_receipt r = { .procedure = "2.002131", .channel = MC_CH_ONLINE, .applicant = "Idem",
			 .idempotency_key = "portal-123", .actor = "clerk", .at = at("2024-05-06T09:00") };
	CHECK_INT(testdb_receive(&s, &r, 0, c1, sizeof c1, &e1, &err), MC_OK);
	CHECK_INT(testdb_receive(&s, &r, 0, c2, sizeof c2, &e2, &err), MC_OK);
	CHECK_STR(c2, c1);
	CHECK(!e1 && e2);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier"), before + 1);
	/* a procedure whose time is unknown is refused, writing nothing */
	mc_receipt u = { .procedure = "qng.tcd.01", .channel = MC_CH_IN_PERSON, .applicant = "U",
			 .actor = "clerk", .at = at("2024-05-06T09:00") };
	CHECK_INT(testdb_receive(&s, &u, 0, c1, sizeof c1, &e1, &err), MC_ERR_REFUSED);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier"), before + 1);
	mc_db_close(db);
}

static void test_import(void)
{
	mc_db *db = testdb_connect(conninfo);
	mc_store_ctx s = ctx_for(db);
	mc_error err;
	char path[PATH_MAX], *text = NULL;
	size_t len;
	mc_import_stats st;
	long dossiers = testdb_scalar(db, "SELECT count(*) FROM dossier");
	long events = testdb_scalar(db, "SELECT count(*) FROM dossier_event");
	long counters = testdb_scalar(db, "SELECT coalesce(sum(last), 0) FROM dossier_counter");
	mc_config_path(path, sizeof path, "tests/fixtures/history-bad.csv");
	CHECK_INT(mc_file_read(path, &text, &len, &err), MC_OK);
	CHECK_INT(mc_import_csv(&s, "history-bad.csv", text, len, &st, &err), MC_ERR_INPUT);
	CHECK_STR(err.file, "history-bad.csv");
	CHECK_INT(err.line, 12);
	CHECK_HAS(err.message, "cannot return");
	free(text);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier"), dossiers);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier_event"), events);
	CHECK_INT(testdb_scalar(db, "SELECT coalesce(sum(last), 0) FROM dossier_counter"), counters);

	mc_config_path(path, sizeof path, "tests/fixtures/history.csv");
	CHECK_INT(mc_file_read(path, &text, &len, &err), MC_OK);
	CHECK_INT(mc_import_csv(&s, "history.csv", text, len, &st, &err), MC_OK);
	CHECK_INT(st.rows, 16);
	CHECK_INT(st.dossiers, 3);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier"), dossiers + 3);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier WHERE external_ref = 'OLD-002' "
			     "AND result = 'early' AND supplement_count = 1"), 1);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier WHERE external_ref = 'OLD-003' "
			     "AND result = 'withdrawn'"), 1);
	/* again: refused as already imported, nothing changes */
	CHECK_INT(mc_import_csv(&s, "history.csv", text, len, &st, &err), MC_ERR_INPUT);
	CHECK_INT(err.line, 2);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier"), dossiers + 3);
	free(text);
	/* malformed CSV */
	const char *broken = "dossier,at,action,procedure,channel,applicant,actor,note\n"
			     "X,2024-01-02T09:00,receive,1.000173,online,\"unterminated,a,\n";
	CHECK_INT(mc_import_csv(&s, "broken.csv", broken, strlen(broken), &st, &err), MC_ERR_INPUT);
	CHECK_INT(err.line, 2);
	CHECK_HAS(err.message, "unterminated quoted field");
	const char *noheader = "dossier,at,action\nX,2024-01-02T09:00,receive\n";
	CHECK_INT(mc_import_csv(&s, "h.csv", noheader, strlen(noheader), &st, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "lacks the column 'procedure'");
	mc_db_close(db);
}

static void count_problem(const char *msg, void *arg)
{
	fprintf(stderr, "verify: %s\n", msg);
	(*(int *)arg)++;
}

static void test_full_day(void)
{
	mc_db *db = testdb_connect(conninfo);
	mc_store_ctx s = ctx_for(db);
	mc_error err;
	char code[96];
	int existed, problems = 0, before = 0;
	mc_verify_stats vs;
	/* a fresh database: nothing to find yet */
	CHECK_INT(mc_verify_all(&s, count_problem, &before, &vs, &err), MC_OK);
	CHECK_INT(before, 0);
	/* a full day: the receipt is refused, nothing written, the counter
	 * untouched; the next day's receipt is 0001 */
	CHECK_INT(mc_db_exec(db, "INSERT INTO dossier_counter VALUES ('skhcn-quangngai', '2025-07-03', 9999)",
			     0, NULL, NULL, &err), MC_OK);
	mc_receipt r = { .procedure = "2.002131", .channel = MC_CH_ONLINE, .applicant = "Full",
			 .actor = "clerk", .at = at("2025-07-03T09:00") };
	CHECK_INT(testdb_receive(&s, &r, 0, code, sizeof code, &existed, &err), MC_ERR_REFUSED);
	CHECK_HAS(err.message, "9999 dossiers were already received on 2025-07-03");
	CHECK_INT(testdb_scalar(db, "SELECT last FROM dossier_counter WHERE day = '2025-07-03'"), 9999);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier WHERE applicant_name = 'Full'"), 0);
	r.at = at("2025-07-04T09:00");
	CHECK_INT(testdb_receive(&s, &r, 0, code, sizeof code, &existed, &err), MC_OK);
	CHECK_HAS(code, "-250704-0001");
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM dossier_event WHERE code LIKE '%-250704-0001' "
			     "AND action = 'receive'"), 1);
	CHECK_INT(mc_verify_all(&s, count_problem, &problems, &vs, &err), MC_OK);
	CHECK_INT(problems, before);

	/* a version the database does not have: refused in the clerk's words,
	 * nothing written (receipts look the version up; no foreign key) */
	CHECK_INT(mc_db_exec(db, "UPDATE procedure_version SET version = version + 100 WHERE code = '2.002131'",
			     0, NULL, NULL, &err), MC_OK);
	r.at = at("2025-07-04T10:00");
	CHECK_INT(testdb_receive(&s, &r, 0, code, sizeof code, &existed, &err), MC_ERR_REFUSED);
	CHECK_HAS(err.message, "procedure '2.002131' version");
	CHECK_HAS(err.message, "is not in the database");
	CHECK_HAS(err.hint, "motcua catalog load");
	CHECK_INT(mc_db_exec(db, "UPDATE procedure_version SET version = version - 100 WHERE code = '2.002131'",
			     0, NULL, NULL, &err), MC_OK);
	CHECK_INT(testdb_scalar(db, "SELECT last FROM dossier_counter WHERE day = '2025-07-04'"), 1);
	/* dossiers are never deleted; an event without its dossier is found */
	CHECK_INT(mc_db_exec(db, "DELETE FROM dossier WHERE code LIKE '%-250704-0001'", 0, NULL, NULL, &err),
		  MC_ERR_DB);
	CHECK_HAS(err.message, "dossiers are never deleted");
	CHECK_INT(mc_db_exec(db, "INSERT INTO dossier_event (agency_id, code, seq, at, action, actor, to_state) "
			     "VALUES ('skhcn-quangngai', 'NO-SUCH-DOSSIER', 1, now(), 'receive', 'x', 'received')",
			     0, NULL, NULL, &err), MC_OK);
	problems = 0;
	CHECK_INT(mc_verify_all(&s, count_problem, &problems, &vs, &err), MC_OK);
	CHECK_INT(problems, before + 1);
	mc_db_close(db);
}

/* mc_store_receive_commit: the receipt and its caller's transaction
 * committed on return (seen from another session, the caller's earlier
 * writes with it); a retry of the key, or a receipt the database refused,
 * leaves the transaction to its caller (the refused one undone by going
 * back to its savepoint, the rest kept). */
static void test_receive_commit(void)
{
	mc_db *db = testdb_connect(conninfo), *other = testdb_connect(conninfo);
	mc_store_ctx s = ctx_for(db);
	mc_error err;
	mc_dossier_info info;
	int existed = -1, ended = -1;
	CHECK_INT(mc_db_exec(db, "CREATE TABLE public.t_commit (x int)", 0, NULL, NULL, &err), MC_OK);
	mc_receipt r = { .procedure = "2.002131", .channel = MC_CH_ONLINE, .applicant = "Commit",
			 .idempotency_key = "portal-commit", .actor = "clerk", .at = at("2024-05-06T09:00") };
	CHECK_INT(mc_db_begin(db, &err), MC_OK);
	CHECK_INT(mc_db_exec(db, "INSERT INTO public.t_commit VALUES (1)", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(mc_store_receive_commit(&s, &r, &info, &existed, &ended, &err), MC_OK);
	CHECK(ended == 1 && existed == 0);
	CHECK_INT(PQtransactionStatus(mc_db_conn(db)), PQTRANS_IDLE);
	CHECK_INT(testdb_scalar1(other, "SELECT count(*) FROM dossier WHERE code = $1 "
				 "AND idempotency_key = 'portal-commit'", info.code), 1);
	CHECK_INT(testdb_scalar(other, "SELECT count(*) FROM public.t_commit WHERE x = 1"), 1);
	char code[MC_CODE_MAX];
	snprintf(code, sizeof code, "%s", info.code);
	mc_dossier_info_clear(&info);
	/* the same key again: the same dossier, the transaction still open */
	CHECK_INT(mc_db_begin(db, &err), MC_OK);
	CHECK_INT(mc_db_exec(db, "INSERT INTO public.t_commit VALUES (2)", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(mc_store_receive_commit(&s, &r, &info, &existed, &ended, &err), MC_OK);
	CHECK(ended == 0 && existed == 1);
	CHECK_STR(info.code, code);
	mc_dossier_info_clear(&info);
	CHECK_INT(PQtransactionStatus(mc_db_conn(db)), PQTRANS_INTRANS);
	mc_db_rollback(db);
	CHECK_INT(testdb_scalar(other, "SELECT count(*) FROM public.t_commit WHERE x = 2"), 0);
	/* a full day: the receipt's statement fails, nothing of it stays, the
	 * caller's transaction goes on from the receipt's savepoint */
	const char *p[] = { cat->agency->id };
	CHECK_INT(mc_db_exec(db, "INSERT INTO dossier_counter (agency_id, day, last) "
			     "VALUES ($1, '2024-05-07', 9999)", 1, p, NULL, &err), MC_OK);
	mc_receipt full = { .procedure = "2.002131", .channel = MC_CH_ONLINE, .applicant = "Full",
			    .idempotency_key = "portal-full", .actor = "clerk", .at = at("2024-05-07T09:00") };
	CHECK_INT(mc_db_begin(db, &err), MC_OK);
	CHECK_INT(mc_db_exec(db, "INSERT INTO public.t_commit VALUES (3)", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(mc_store_receive_commit(&s, &full, &info, &existed, &ended, &err), MC_ERR_REFUSED);
	CHECK_HAS(err.message, "9999");
	CHECK_INT(ended, 0);
	CHECK_INT(PQtransactionStatus(mc_db_conn(db)), PQTRANS_INERROR);
	CHECK_INT(mc_db_exec(db, "ROLLBACK TO SAVEPOINT mc_receipt", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(mc_db_commit(db, &err), MC_OK);
	CHECK_INT(testdb_scalar(other, "SELECT count(*) FROM public.t_commit WHERE x = 3"), 1);
	CHECK_INT(testdb_scalar(other, "SELECT count(*) FROM dossier WHERE idempotency_key = 'portal-full'"), 0);
	mc_db_close(other);
	mc_db_close(db);
}

/* mc_db_defer: a deferred statement is sent with the next one, before it;
 * its failure is that call's, which is then not run; a rollback drops it. */
static void test_defer(void)
{
	mc_db *db = testdb_connect(conninfo), *other = testdb_connect(conninfo);
	mc_error err;
	CHECK_INT(mc_db_exec(db, "CREATE TABLE public.t_defer (x int)", 0, NULL, NULL, &err), MC_OK);
	const char *one[] = { "1" };
	CHECK_INT(mc_db_defer(db, NULL, "INSERT INTO public.t_defer VALUES ($1::int)", 1, one, &err), MC_OK);
	CHECK_INT(testdb_scalar(other, "SELECT count(*) FROM public.t_defer"), 0);   /* not sent yet */
	PGresult *res = NULL;
	CHECK_INT(mc_db_exec(db, "SELECT count(*) FROM public.t_defer", 0, NULL, &res, &err), MC_OK);
	CHECK_STR(res ? PQgetvalue(res, 0, 0) : "", "1");                           /* before it */
	PQclear(res);
	/* a failing one: the next statement fails with its error, and is not run */
	CHECK_INT(mc_db_defer(db, NULL, "SELECT 1 / 0", 0, NULL, &err), MC_OK);
	CHECK_INT(mc_db_exec(db, "INSERT INTO public.t_defer VALUES (2)", 0, NULL, NULL, &err), MC_ERR_DB);
	CHECK_STR(err.sqlstate, "22012");
	CHECK_INT(testdb_scalar(other, "SELECT count(*) FROM public.t_defer WHERE x = 2"), 0);
	/* sent once: the next statement runs alone */
	CHECK_INT(mc_db_exec(db, "INSERT INTO public.t_defer VALUES (3)", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(testdb_scalar(other, "SELECT count(*) FROM public.t_defer WHERE x = 3"), 1);
	/* ahead of a pipeline too; and dropped by a rollback */
	CHECK_INT(mc_db_defer(db, NULL, "BEGIN", 0, NULL, &err), MC_OK);
	const char *four[] = { "4" };
	CHECK_INT(mc_db_defer(db, NULL, "INSERT INTO public.t_defer VALUES ($1::int)", 1, four, &err), MC_OK);
	mc_db_stmt st = { .sql = "SELECT count(*) FROM public.t_defer WHERE x = 4" };
	CHECK_INT(mc_db_pipeline(db, &st, 1, &err), MC_OK);
	CHECK_STR(st.res ? PQgetvalue(st.res, 0, 0) : "", "1");
	PQclear(st.res);
	CHECK_INT(mc_db_defer(db, NULL, "INSERT INTO public.t_defer VALUES (5)", 0, NULL, &err), MC_OK);
	mc_db_rollback(db);
	CHECK_INT(mc_db_exec(db, "SELECT 1", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(testdb_scalar(other, "SELECT count(*) FROM public.t_defer WHERE x IN (4, 5)"), 0);
	mc_db_close(other);
	mc_db_close(db);
}

/* The session's agency (0006, in PL/pgSQL since 0021): the login's agency
 * when it is a member of the one the session names, else NULL. */
static void test_session_agency(void)
{
	mc_db *db = testdb_connect(conninfo);
	mc_error err;
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
				"WHERE p.proname = 'session_agency' AND l.lanname = 'plpgsql' AND p.prosecdef"), 1);
	const char *p[] = { cat->agency->id };
	CHECK_INT(mc_db_exec(db, "SELECT set_config('motcua.agency', $1, false)", 1, p, NULL, &err), MC_OK);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM (SELECT motcua.session_agency() AS a) s WHERE a IS NULL"), 1);
	CHECK_INT(mc_db_exec(db, "INSERT INTO agency_member VALUES (session_user, $1)", 1, p, NULL, &err), MC_OK);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM agency WHERE agency_id = motcua.session_agency()"), 1);
	CHECK_INT(mc_db_exec(db, "SELECT set_config('motcua.agency', 'another', false)", 0, NULL, NULL, &err), MC_OK);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM (SELECT motcua.session_agency() AS a) s WHERE a IS NULL"), 1);
	mc_db_close(db);
}

int main(void)
{
	int rc = testdb_available();
	if (rc)
		return rc;
	testdb_load_catalog(&cat, &cal);
	/* each test on a database of its own, migrated, the catalogue loaded */
	TESTDB_RUN(conninfo, test_concurrent_codes, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_lost_update, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_random_histories, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_append_only_and_idempotency, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_import, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_full_day, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_receive_commit, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_defer, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_session_agency, TESTDB_CATALOG, cat);
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return CHECK_RESULT();
}
