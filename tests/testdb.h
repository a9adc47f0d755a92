/*
 * testdb.h - a fresh database per test program, on the throwaway cluster
 * tools/test.sh starts (found through the PG* variables).
 */
#ifndef MOTCUA_TESTDB_H
#define MOTCUA_TESTDB_H

#include <stddef.h>

/*
 * Create an empty database and write a conninfo for it into buf.
 * Returns 0, or 77 (skip) when no server is configured; exits 1 instead of
 * skipping when MOTCUA_TEST_REQUIRE_DB=1. The database is dropped at exit.
 */
int testdb_create(char *buf, size_t n);

/* Apply the project's migrations to the test database. Exits on failure. */
void testdb_migrate(const char *conninfo);

#include "store.h"

/* A session on conninfo; exits the test on failure. */
mc_db *testdb_connect(const char *conninfo);
/* The first column of the first row as a number (-1 on error, printed). */
long testdb_scalar(mc_db *db, const char *sql);

#include "calendar.h"
#include "catalog.h"

/* Load procedures/, create and migrate a fresh database (conninfo written
 * into buf) and load the catalogue into it. Returns 0, or 77 to skip;
 * exits on failure. */
int testdb_with_catalog(char *buf, size_t n, mc_catalog **cat, mc_calendar **cal);

#endif
