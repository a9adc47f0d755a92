/*
 * testdb.h - a fresh database for each test, on the throwaway cluster
 * tools/test.sh starts (found through the PG* variables), and waits that ask
 * the server instead of sleeping.
 *
 * A test program calls testdb_available() first, then runs each test
 * function on a database of its own:
 *
 *	TESTDB_RUN(conninfo, test_lost_update, TESTDB_CATALOG, cat);
 *
 * creates t_PID_N_CLOCK, migrates it, loads the catalogue, writes its
 * conninfo into conninfo, runs test_lost_update(), and drops the database
 * WITH (FORCE). No test sees what another left behind.
 */
#ifndef MOTCUA_TESTDB_H
#define MOTCUA_TESTDB_H

#include <stddef.h>

#include "calendar.h"
#include "catalog.h"
#include "store.h"
#include "store_dossier.h"

/* Whether a test server is configured: 0, or 77 (skip). Exits 1 instead
 * of skipping when MOTCUA_TEST_REQUIRE_DB=1. */
int testdb_available(void);

/* What a fresh database holds. */
typedef enum testdb_kind {
	TESTDB_EMPTY,    /* nothing: the test migrates it itself */
	TESTDB_MIGRATED, /* the project's migrations applied */
	TESTDB_CATALOG,  /* migrated, and the catalogue cat loaded */
} testdb_kind;

/*
 * A new database with a name of its own, prepared as kind says (cat is
 * needed for TESTDB_CATALOG only), its conninfo written into buf. Prints
 * "test NAME on database DB" to stderr, so that the failures that follow
 * say which test they belong to. Exits on failure. The database is dropped
 * by testdb_drop, or at exit if a test never got there.
 */
void testdb_fresh(char *buf, size_t n, const char *test, testdb_kind kind,
		  const mc_catalog *cat);

/* Drop the database of conninfo (made by testdb_fresh), WITH (FORCE). */
void testdb_drop(const char *conninfo);

/* Run the test function fn() on a fresh database (see testdb_fresh), and
 * name it when its checks failed (check_failures: check.h). */
#define TESTDB_RUN(buf, fn, kind, cat) do { \
	int failed_before_ = check_failures; \
	testdb_fresh((buf), sizeof(buf), #fn, (kind), (cat)); \
	fn(); \
	testdb_drop(buf); \
	if (check_failures > failed_before_) \
		fprintf(stderr, "FAILED: %s: %d check(s)\n", #fn, \
			check_failures - failed_before_); \
} while (0)

/* Apply the project's migrations to the test database. Exits on failure. */
void testdb_migrate(const char *conninfo);

/* A session on conninfo; exits the test on failure. */
mc_db *testdb_connect(const char *conninfo);
/* The first column of the first row as a number (-1 on error, printed). */
long testdb_scalar(mc_db *db, const char *sql);
/* The same with one parameter, $1 (NULL: none). */
long testdb_scalar1(mc_db *db, const char *sql, const char *param);
/* The server process of a session (PQbackendPID). */
int testdb_backend_pid(mc_db *db);

/* Load procedures/ (the catalogue and the calendar). Exits on failure. */
void testdb_load_catalog(mc_catalog **cat, mc_calendar **cal);

/*
 * Waits that ask the server, polling at most about 10 s (then printing
 * what was awaited and returning -1; the caller CHECKs the result):
 *
 * testdb_wait_blocked: until the session of backend pid `waiter` is
 * blocked on a lock that the session of backend pid `holder` holds
 * (pg_isolation_test_session_is_blocked).
 *
 * testdb_wait_alone: until db's session is the only one on its database
 * and no other process holds a lock in it (a killed client's server
 * process has ended and released its locks).
 */
int testdb_wait_blocked(mc_db *db, int waiter, int holder, const char *what);
int testdb_wait_alone(mc_db *db, const char *what);

/*
 * The tests write history (receipts and actions at moments in the past):
 * their store contexts carry this reason, as an import does.
 */
#define TESTDB_BACKDATE "kiểm thử (test)"

/* Receive, keeping only the code (the view is freed): the tests' shorthand. */
int testdb_receive(const mc_store_ctx *s, const mc_receipt *r, int in_tx, char *code, size_t n,
		   int *existed, mc_error *err);
/* An action at `at` by `actor`, with `note`: the tests' shorthand. */
int testdb_act(const mc_store_ctx *s, const char *code, mc_action a, mc_time at,
	       const char *actor, const char *note, int in_tx, mc_error *err);

#endif
