/*
 * cmd_db.c - `motcua db start|stop|status|migrate`.
 */
#include "commands.h"
#include "cluster.h"
#include "config.h"
#include "dbopen.h"
#include "migrate.h"
#include "cli_shared.h"
#include "session.h"
#include "verify.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static int configured_elsewhere(const cli_command *cmd, const char *what)
{
	if (!mc_config_conninfo())
		return 0;
	fprintf(stderr, "motcua: error: cannot %s: a database server is configured "
		"(MOTCUA_DATABASE_URL or PG* variables); motcua manages only its own cluster\n", what);
	(void)cmd;
	return 1;
}

static int db_start(void)
{
	char dir[PATH_MAX];
	mc_error err;
	int created, started;
	mc_config_pgdata(dir, sizeof dir);
	if (mc_cluster_ensure(dir, &created, &started, &err))
		return cli_fail(&err);
	if (created)
		printf("created the project-local cluster in %s\n", dir);
	printf(started ? "started the cluster in %s (Unix socket only)\n"
		       : "the cluster in %s is already running\n", dir);
	return 0;
}

static int db_stop(void)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_cluster_state st;
	mc_config_pgdata(dir, sizeof dir);
	if (mc_cluster_state_of(dir, &st, &err))
		return cli_fail(&err);
	if (st != MC_CLUSTER_RUNNING) {
		printf("the cluster in %s is not running\n", dir);
		return 0;
	}
	if (mc_cluster_stop(dir, &err))
		return cli_fail(&err);
	printf("stopped the cluster in %s\n", dir);
	return 0;
}

static void print_migrations(const mc_migration_list *l, int known)
{
	int pending = 0;
	for (size_t i = 0; i < l->count; i++) {
		const mc_migration *m = &l->items[i];
		if (!known)
			printf("  ?        %s\n", m->name);
		else if (m->applied)
			printf("  applied  %s  (%s)\n", m->name, m->applied_at);
		else {
			printf("  pending  %s\n", m->name);
			pending++;
		}
	}
	if (known)
		printf("%zu migrations, %d pending\n", l->count, pending);
}

static int db_status(void)
{
	mc_error err;
	char dir[PATH_MAX], migdir[PATH_MAX];
	mc_config_path(migdir, sizeof migdir, "migrations");
	const char *ci = mc_config_conninfo();
	int can_query = 1;
	if (!ci) {
		mc_cluster_state st;
		mc_config_pgdata(dir, sizeof dir);
		if (mc_cluster_state_of(dir, &st, &err))
			return cli_fail(&err);
		printf("database: project-local cluster in %s: %s\n", dir,
		       st == MC_CLUSTER_RUNNING ? "running" :
		       st == MC_CLUSTER_STOPPED ? "stopped" : "not created yet");
		can_query = st == MC_CLUSTER_RUNNING;
	} else {
		printf("database: %s\n", *ci ? "MOTCUA_DATABASE_URL" : "from the PG* environment variables");
	}
	if (!can_query) {
		printf("migrations in %s (start the cluster with 'motcua db start' to see which are applied):\n",
		       migdir);
		mc_migration_list l = { 0 };
		if (mc_migrate_files(migdir, &l, &err))
			return cli_fail(&err);
		print_migrations(&l, 0);
		mc_migration_list_free(&l);
		return 0;
	}
	mc_db *db = NULL;
	mc_migration_list l = { 0 };
	int rc = mc_dbopen(&db, NULL, &err);
	if (!rc)
		rc = mc_migrate_status(db, migdir, &l, &err);
	if (rc) {
		mc_db_close(db);
		return cli_fail(&err);
	}
	printf("migrations in %s:\n", migdir);
	print_migrations(&l, 1);
	mc_migration_list_free(&l);
	mc_db_close(db);
	return 0;
}

static void report_applied(const mc_migration *m, void *arg)
{
	(void)arg;
	printf("applied %s\n", m->name);
}

int cli_db_migrate(int quiet)
{
	mc_error err;
	mc_db *db = NULL;
	mc_dbopen_info info;
	char migdir[PATH_MAX];
	int applied = 0;
	mc_config_path(migdir, sizeof migdir, "migrations");
	int rc = mc_dbopen(&db, &info, &err);
	if (rc)
		return cli_fail(&err);
	if (info.created)
		printf("created the project-local cluster in %s\n", info.where);
	if (info.started)
		printf("started the cluster in %s\n", info.where);
	rc = mc_migrate_apply(db, migdir, &applied, quiet ? NULL : report_applied,
			      NULL, &err);
	mc_db_close(db);
	if (rc)
		return cli_fail(&err);
	printf(applied ? "database schema is up to date (%d migration%s applied)\n"
		       : "database schema is up to date (nothing to apply)\n",
	       applied, applied == 1 ? "" : "s");
	return 0;
}

static void print_problem(const char *msg, void *arg)
{
	(void)arg;
	printf("PROBLEM: %s\n", msg);
}

static int db_verify(void)
{
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	mc_error err;
	mc_verify_stats st;
	rc = mc_verify_all(&s.ctx, print_problem, NULL, &st, &err);
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	printf("verified %ld dossiers and %ld events: %ld problem%s\n", st.dossiers, st.events,
	       st.problems, st.problems == 1 ? "" : "s");
	return st.problems ? MC_EXIT_FAILURE : 0;
}

static int run_db(const cli_command *cmd, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(cmd, "'db' needs an action");
	const char *action = argv[1];
	if (argc > 2)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[2]);
	if (!strcmp(action, "start"))
		return configured_elsewhere(cmd, "start") ? MC_EXIT_USAGE : db_start();
	if (!strcmp(action, "stop"))
		return configured_elsewhere(cmd, "stop") ? MC_EXIT_USAGE : db_stop();
	if (!strcmp(action, "status"))
		return db_status();
	if (!strcmp(action, "migrate"))
		return cli_db_migrate(0);
	if (!strcmp(action, "verify"))
		return db_verify();
	static const char *const actions[] = { "start", "stop", "status", "migrate", "verify", NULL };
	const char *s = cli_suggest(action, actions);
	if (s)
		return cli_usage_error(cmd, "unknown action '%s' (did you mean '%s'?)", action, s);
	return cli_usage_error(cmd, "unknown action '%s'", action);
}

const cli_command cmd_db = {
	.name = "db",
	.summary = "manage the database: start, stop, status, migrate",
	.usage = "usage: motcua db start|stop|status|migrate|verify\n",
	.help =
	"actions:\n"
	"  start    create (initdb) and start the project-local cluster if needed\n"
	"  stop     stop the project-local cluster\n"
	"  status   where the database is, and the applied and pending migrations\n"
	"  migrate  apply pending migrations/NNNN_name.sql files, each in its own\n"
	"           transaction, under an advisory lock; an applied file that was\n"
	"           changed since is an error naming it\n"
	"  verify   check the whole database: every dossier row equals the replay of\n"
	"           its log, events numbered without holes, each day's codes 0001..N\n"
	"           with the counter at N, apology numbers 1..N per year; exit 1 and\n"
	"           one PROBLEM line each if not\n",
	.run = run_db,
};
