/*
 * testdb.c - a fresh database per test, and waits that ask the server
 * (see testdb.h).
 */
#include "testdb.h"
#include "config.h"
#include "migrate.h"
#include "store.h"
#include "store_catalog.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* the databases made and not yet dropped, dropped at exit by the process
 * that made them (a forked child that exits must not drop its parent's) */
enum { MAXDB = 32 };
static char live[MAXDB][64];
static pid_t owner;
static unsigned made;

static void die(const mc_error *err, const char *what)
{
	if (err)
		mc_error_print(err, what);
	else
		fprintf(stderr, "testdb: %s\n", what);
	exit(1);
}

/* The database name in "dbname=NAME" (only testdb_fresh makes these). */
static const char *name_of(const char *conninfo)
{
	const char *p = strstr(conninfo, "dbname=");
	return p ? p + 7 : conninfo;
}

static void drop_named(mc_db *db, const char *dbname)
{
	/* An identifier cannot be a parameter; the name is made in
	 * testdb_fresh from digits only (t_PID_N_CLOCK), never from input. */
	char sql[128];
	mc_error err;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
	if (mc_db_exec(db, sql, 0, NULL, NULL, &err))
		mc_error_print(&err, "testdb: drop");
}

static void drop_all(void)
{
	if (getpid() != owner)
		return;
	mc_db *db = NULL;
	if (mc_db_connect(&db, "", NULL) != MC_OK)
		return;
	for (int i = 0; i < MAXDB; i++)
		if (live[i][0]) {
			drop_named(db, live[i]);
			live[i][0] = 0;
		}
	mc_db_close(db);
}

int testdb_available(void)
{
	const char *host = getenv("PGHOST");
	const char *url = getenv("MOTCUA_DATABASE_URL");
	const char *req = getenv("MOTCUA_TEST_REQUIRE_DB");
	if ((!host || !*host) && (!url || !*url)) {
		if (req && !strcmp(req, "1")) {
			fprintf(stderr, "no test database server (PGHOST unset) but MOTCUA_TEST_REQUIRE_DB=1\n");
			exit(1);
		}
		fprintf(stderr, "skipped: no database server (run tools/test.sh)\n");
		return 77;
	}
	return 0;
}

void testdb_fresh(char *buf, size_t n, const char *test, testdb_kind kind,
		  const mc_catalog *cat)
{
	if (testdb_available())
		die(NULL, "no database server for a fresh database");
	if (kind == TESTDB_CATALOG && !cat)
		die(NULL, "TESTDB_CATALOG needs the catalogue");
	int slot = 0;
	while (slot < MAXDB && live[slot][0])
		slot++;
	if (slot == MAXDB)
		die(NULL, "too many test databases at once (drop them with testdb_drop)");
	if (!made++) {
		owner = getpid();
		atexit(drop_all);
	}
	mc_db *db = NULL;
	mc_error err;
	if (mc_db_connect(&db, "", &err) != MC_OK)
		die(&err, "testdb");
	/* unique among the running test programs (the pid and the count);
	 * the clock's part keeps a leftover of an earlier run from clashing
	 * (not rand(): the tests seed and draw it themselves) */
	char *dbname = live[slot];
	for (int tries = 0;; tries++) {
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		snprintf(dbname, 64, "t_%d_%u_%ld", (int)getpid(), made,
			 (now.tv_nsec / 1000 + tries) % 100000);
		char sql[128];
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
		if (mc_db_exec(db, sql, 0, NULL, NULL, &err) == MC_OK)
			break;
		if (tries < 5 && !strcmp(err.sqlstate, "42P04"))   /* duplicate_database */
			continue;
		dbname[0] = 0;
		die(&err, "testdb");
	}
	mc_db_close(db);
	snprintf(buf, n, "dbname=%s", dbname);
	fprintf(stderr, "test %s on database %s\n", test, dbname);
	if (kind >= TESTDB_MIGRATED)
		testdb_migrate(buf);
	if (kind >= TESTDB_CATALOG) {
		mc_db *c = testdb_connect(buf);
		mc_catalog_load_stats st;
		if (mc_store_catalog_load(c, cat, &st, &err))
			die(&err, "testdb");
		mc_db_close(c);
	}
}

void testdb_drop(const char *conninfo)
{
	const char *dbname = name_of(conninfo);
	for (int i = 0; i < MAXDB; i++)
		if (live[i][0] && !strcmp(live[i], dbname)) {
			mc_db *db = NULL;
			mc_error err;
			if (mc_db_connect(&db, "", &err) != MC_OK)
				die(&err, "testdb");
			drop_named(db, live[i]);
			mc_db_close(db);
			live[i][0] = 0;
			return;
		}
	fprintf(stderr, "testdb: no test database '%s' to drop\n", dbname);
	exit(1);
}

void testdb_migrate(const char *conninfo)
{
	mc_db *db = NULL;
	mc_error err;
	char dir[PATH_MAX];
	int applied;
	mc_config_path(dir, sizeof dir, "migrations");
	if (mc_db_connect(&db, conninfo, &err) ||
	    mc_migrate_apply(db, dir, &applied, NULL, NULL, &err))
		die(&err, "testdb");
	mc_db_close(db);
}

mc_db *testdb_connect(const char *conninfo)
{
	mc_db *db = NULL;
	mc_error err;
	if (mc_db_connect(&db, conninfo, &err))
		die(&err, "testdb");
	return db;
}

long testdb_scalar(mc_db *db, const char *sql)
{
	return testdb_scalar1(db, sql, NULL);
}

long testdb_scalar1(mc_db *db, const char *sql, const char *param)
{
	PGresult *res = NULL;
	mc_error err;
	const char *p[] = { param };
	if (mc_db_exec(db, sql, param ? 1 : 0, param ? p : NULL, &res, &err)) {
		mc_error_print(&err, "testdb");
		return -1;
	}
	long v = PQntuples(res) ? atol(PQgetvalue(res, 0, 0)) : -1;
	PQclear(res);
	return v;
}

int testdb_backend_pid(mc_db *db)
{
	return PQbackendPID(mc_db_conn(db));
}

void testdb_load_catalog(mc_catalog **cat, mc_calendar **cal)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_catalog_load(cat, dir, &err) || mc_calendar_load(cal, dir, &err))
		die(&err, "testdb");
}

/* Polls: at most TRIES queries, PAUSE apart (between questions to the
 * server, not a guess at how long something takes). */
enum { TRIES = 1000 };
static const struct timespec PAUSE = { 0, 10 * 1000 * 1000 };

/* Asks sql (a boolean, with params) until it says true. */
static int poll_until(mc_db *db, const char *sql, int nparams, const char *const *params,
		      const char *what)
{
	mc_error err;
	for (int i = 0; i < TRIES; i++) {
		PGresult *res = NULL;
		if (mc_db_exec(db, sql, nparams, params, &res, &err)) {
			mc_error_print(&err, "testdb: waiting");
			return -1;
		}
		int yes = PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "t");
		PQclear(res);
		if (yes)
			return 0;
		while (nanosleep(&PAUSE, NULL) && errno == EINTR)
			;
	}
	fprintf(stderr, "testdb: gave up after %d tries waiting until %s\n", TRIES, what);
	return -1;
}

int testdb_wait_blocked(mc_db *db, int waiter, int holder, const char *what)
{
	char w[16], h[16];
	snprintf(w, sizeof w, "%d", waiter);
	snprintf(h, sizeof h, "%d", holder);
	const char *p[] = { w, h };
	return poll_until(db, "SELECT pg_isolation_test_session_is_blocked($1::int, ARRAY[$2::int])",
			  2, p, what);
}

int testdb_wait_alone(mc_db *db, const char *what)
{
	return poll_until(db,
		/* (a server process drops its locks before it leaves
		 * pg_stat_activity; both are asked all the same) */
		"SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity "
		"    WHERE datname = current_database() AND backend_type = 'client backend' "
		"      AND pid <> pg_backend_pid()) "
		"  AND NOT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
		"    WHERE d.datname = current_database() AND l.pid <> pg_backend_pid() "
		"      AND l.pid NOT IN (SELECT pid FROM pg_stat_activity "
		"                        WHERE backend_type <> 'client backend'))",
		0, NULL, what);
}

int testdb_receive(const mc_store_ctx *s, const mc_receipt *r, int in_tx, char *code, size_t n,
		   int *existed, mc_error *err)
{
	mc_dossier_info info;
	int rc = in_tx ? mc_store_receive_in_tx(s, r, &info, existed, err)
		       : mc_store_receive(s, r, &info, existed, err);
	if (rc == MC_OK) {
		snprintf(code, n, "%s", info.code);
		mc_dossier_info_clear(&info);
	}
	return rc;
}

int testdb_act(const mc_store_ctx *s, const char *code, mc_action a, mc_time at,
	       const char *actor, const char *note, int in_tx, mc_error *err)
{
	mc_act act = { .action = a, .at = at, .actor = actor, .note = note };
	return in_tx ? mc_store_act_in_tx(s, code, &act, NULL, err)
		     : mc_store_act(s, code, &act, NULL, err);
}
