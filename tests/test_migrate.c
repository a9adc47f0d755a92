/*
 * Migration runner against a real PostgreSQL: fresh apply, re-apply is a
 * no-op, a tampered applied file is refused by name, a broken migration
 * leaves the database unchanged, concurrent runners apply each file once.
 */
#include "check.h"
#include "config.h"
#include "migrate.h"
#include "testdb.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char conninfo[256];
static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void test_project_migrations(void)
{
	mc_db *db = testdb_connect(conninfo);
	mc_error err;
	char dir[PATH_MAX];
	mc_config_path(dir, sizeof dir, "migrations");
	mc_migration_list files = { 0 };
	CHECK_INT(mc_migrate_files(dir, &files, &err), MC_OK);
	CHECK(files.count >= 1);
	int applied = -1;
	CHECK_INT(mc_migrate_apply(db, dir, &applied, NULL, NULL, &err), MC_OK);
	CHECK_INT(applied, (long)files.count);
	CHECK_INT(mc_migrate_apply(db, dir, &applied, NULL, NULL, &err), MC_OK);
	CHECK_INT(applied, 0);
	mc_migration_list st = { 0 };
	CHECK_INT(mc_migrate_status(db, dir, &st, &err), MC_OK);
	for (size_t i = 0; i < st.count; i++)
		CHECK(st.items[i].applied);
	mc_migration_list_free(&st);
	mc_migration_list_free(&files);
	mc_db_close(db);
}

static void test_scratch_migrations(void)
{
	/* a schema history of its own: this test's fresh database holds
	 * nothing but the scratch migrations (motcua.schema_migration would
	 * be shared with the project's) */
	mc_db *db = testdb_connect(conninfo);
	mc_error err;
	int applied;

	snprintf(tmpdir, sizeof tmpdir, "/tmp/mc-migr-XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);
	write_file("0001_first.sql",
		   "CREATE TABLE first (id int PRIMARY KEY);\n"
		   "CREATE FUNCTION first_count() RETURNS bigint LANGUAGE plpgsql AS $$\n"
		   "BEGIN RETURN (SELECT count(*) FROM first); END; $$;\n");
	CHECK_INT(mc_migrate_apply(db, tmpdir, &applied, NULL, NULL, &err), MC_OK);
	CHECK_INT(applied, 1);

	/* a broken migration: the first statement's effect must not remain */
	write_file("0002_broken.sql",
		   "CREATE TABLE second (id int);\n"
		   "INSERT INTO first VALUES (1);\n"
		   "\n"
		   "CREATE TABLE third (x no_such_type);\n");
	CHECK_INT(mc_migrate_apply(db, tmpdir, &applied, NULL, NULL, &err), MC_ERR_DB);
	CHECK_HAS(err.file, "0002_broken.sql");
	CHECK_INT(err.line, 4);
	CHECK_HAS(err.message, "no_such_type");
	CHECK_STR(err.sqlstate, "42704");
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'second'"), 0);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM motcua.first"), 0);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM motcua.schema_migration"), 1);

	/* fixed: applies */
	write_file("0002_broken.sql", "CREATE TABLE second (id int);\n");
	CHECK_INT(mc_migrate_apply(db, tmpdir, &applied, NULL, NULL, &err), MC_OK);
	CHECK_INT(applied, 1);

	/* tampering with an applied file is refused, naming it */
	write_file("0001_first.sql", "CREATE TABLE first (id bigint PRIMARY KEY);\n");
	CHECK_INT(mc_migrate_apply(db, tmpdir, &applied, NULL, NULL, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "0001_first.sql");
	CHECK_HAS(err.message, "changed after it was applied");
	mc_migration_list st = { 0 };
	CHECK_INT(mc_migrate_status(db, tmpdir, &st, &err), MC_ERR_INPUT);

	/* a badly named file is refused */
	write_file("0001_first.sql",
		   "CREATE TABLE first (id int PRIMARY KEY);\n"
		   "CREATE FUNCTION first_count() RETURNS bigint LANGUAGE plpgsql AS $$\n"
		   "BEGIN RETURN (SELECT count(*) FROM first); END; $$;\n");
	write_file("3_bad-name.sql", "SELECT 1;\n");
	CHECK_INT(mc_migrate_apply(db, tmpdir, &applied, NULL, NULL, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "3_bad-name.sql");
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/3_bad-name.sql", tmpdir);
	unlink(p);

	/* concurrent runners: each new file applied exactly once */
	write_file("0003_third.sql", "CREATE TABLE third (id int); SELECT pg_sleep(0.2);\n");
	write_file("0004_fourth.sql", "CREATE TABLE fourth (id int);\n");
	pid_t kids[4];
	for (int i = 0; i < 4; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			mc_db *k = testdb_connect(conninfo);
			int a;
			mc_error e;
			int rc = mc_migrate_apply(k, tmpdir, &a, NULL, NULL, &e);
			if (rc)
				mc_error_print(&e, "child");
			mc_db_close(k);
			_exit(rc ? 1 : 0);
		}
	}
	for (int i = 0; i < 4; i++) {
		int status;
		waitpid(kids[i], &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM motcua.schema_migration"), 4);

	mc_db_close(db);
	const char *names[] = { "0001_first.sql", "0002_broken.sql", "0003_third.sql",
				"0004_fourth.sql" };
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
		unlink(p);
	}
	rmdir(tmpdir);
}

int main(void)
{
	int rc = testdb_available();
	if (rc)
		return rc;
	TESTDB_RUN(conninfo, test_project_migrations, TESTDB_EMPTY, NULL);
	TESTDB_RUN(conninfo, test_scratch_migrations, TESTDB_EMPTY, NULL);
	return CHECK_RESULT();
}
