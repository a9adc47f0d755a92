/*
 * testdb.c - per-test databases (see testdb.h).
 */
#include "testdb.h"
#include "config.h"
#include "migrate.h"
#include "store.h"
#include "store_catalog.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char dbnames[8][64];
static int ndb;

static void drop_dbs(void)
{
	mc_db *db = NULL;
	if (mc_db_connect(&db, "", NULL) != MC_OK)
		return;
	for (int i = 0; i < ndb; i++) {
		const char *dbname = dbnames[i];
	/* An identifier cannot be a parameter; the name is made here from
	 * digits only (t_PID_RAND), never from input. */
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
	mc_db_exec(db, sql, 0, NULL, NULL, NULL);
	}
	mc_db_close(db);
}

int testdb_create(char *buf, size_t n)
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
	mc_db *db = NULL;
	mc_error err;
	if (mc_db_connect(&db, "", &err) != MC_OK) {
		mc_error_print(&err, "testdb");
		exit(1);
	}
	if (ndb == 8) {
		fprintf(stderr, "testdb: too many test databases\n");
		exit(1);
	}
	char *dbname = dbnames[ndb];
	srand((unsigned)time(NULL) ^ (unsigned)getpid() ^ (unsigned)ndb);
	snprintf(dbname, 64, "t_%d_%d_%d", (int)getpid(), ndb, rand() % 100000);
	char sql[128];
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
	if (mc_db_exec(db, sql, 0, NULL, NULL, &err) != MC_OK) {
		mc_error_print(&err, "testdb");
		exit(1);
	}
	mc_db_close(db);
	if (ndb++ == 0)
		atexit(drop_dbs);
	snprintf(buf, n, "dbname=%s", dbname);
	return 0;
}

void testdb_migrate(const char *conninfo)
{
	mc_db *db = NULL;
	mc_error err;
	char dir[PATH_MAX];
	int applied;
	mc_config_path(dir, sizeof dir, "migrations");
	if (mc_db_connect(&db, conninfo, &err) ||
	    mc_migrate_apply(db, dir, &applied, NULL, NULL, &err)) {
		mc_error_print(&err, "testdb");
		exit(1);
	}
	mc_db_close(db);
}

mc_db *testdb_connect(const char *conninfo)
{
	mc_db *db = NULL;
	mc_error err;
	if (mc_db_connect(&db, conninfo, &err)) {
		mc_error_print(&err, "testdb");
		exit(1);
	}
	return db;
}

long testdb_scalar(mc_db *db, const char *sql)
{
	PGresult *res = NULL;
	mc_error err;
	if (mc_db_exec(db, sql, 0, NULL, &res, &err)) {
		mc_error_print(&err, "testdb");
		return -1;
	}
	long v = PQntuples(res) ? atol(PQgetvalue(res, 0, 0)) : -1;
	PQclear(res);
	return v;
}

int testdb_with_catalog(char *buf, size_t n, mc_catalog **cat, mc_calendar **cal)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_catalog_load(cat, dir, &err) || mc_calendar_load(cal, dir, &err)) {
		mc_error_print(&err, "testdb");
		exit(1);
	}
	int rc = testdb_create(buf, n);
	if (rc)
		return rc;
	testdb_migrate(buf);
	mc_db *db = testdb_connect(buf);
	mc_catalog_load_stats st;
	if (mc_store_catalog_load(db, *cat, &st, &err)) {
		mc_error_print(&err, "testdb");
		exit(1);
	}
	mc_db_close(db);
	return 0;
}
