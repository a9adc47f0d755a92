/*
 * cmd_db.c - `motcua db start|stop|status|migrate`.
 */
#include "commands.h"
#include "cluster.h"
#include "config.h"
#include "dbopen.h"
#include "json_out.h"
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

/* db status --json: where, and each migration (applied: null when the
 * database cannot be asked) */
static void print_status_json(json_t *where, const char *migdir, const mc_migration_list *l,
			      int known)
{
	json_t *o = json_object(), *ms = json_array();
	long pending = 0;
	mc_json_set(o, "database", where);
	mc_json_set(o, "migrations_dir", mc_json_text(migdir));
	for (size_t i = 0; i < l->count; i++) {
		const mc_migration *m = &l->items[i];
		json_t *e = json_object();
		mc_json_set(e, "name", mc_json_text(m->name));
		mc_json_set(e, "applied", known ? json_boolean(m->applied) : json_null());
		mc_json_set(e, "applied_at", known && m->applied ? mc_json_text(m->applied_at) : json_null());
		json_array_append_new(ms, e);
		pending += known && !m->applied;
	}
	mc_json_set(o, "migrations", ms);
	mc_json_set(o, "pending", known ? json_integer(pending) : json_null());
	mc_json_print(o, stdout);
}

static int db_status(int json)
{
	mc_error err;
	char dir[PATH_MAX], migdir[PATH_MAX];
	mc_config_path(migdir, sizeof migdir, "migrations");
	const char *ci = mc_config_conninfo();
	int can_query = 1;
	json_t *where = json_object();
	if (!ci) {
		mc_cluster_state st;
		mc_config_pgdata(dir, sizeof dir);
		if (mc_cluster_state_of(dir, &st, &err)) {
			json_decref(where);
			return cli_fail(&err);
		}
		const char *state = st == MC_CLUSTER_RUNNING ? "running" :
				    st == MC_CLUSTER_STOPPED ? "stopped" : "not created yet";
		if (!json)
			printf("database: project-local cluster in %s: %s\n", dir, state);
		mc_json_set(where, "kind", json_string("project-local"));
		mc_json_set(where, "path", mc_json_text(dir));
		mc_json_set(where, "state", json_string(st == MC_CLUSTER_RUNNING ? "running" :
							st == MC_CLUSTER_STOPPED ? "stopped" : "absent"));
		can_query = st == MC_CLUSTER_RUNNING;
	} else {
		if (!json)
			printf("database: %s\n", *ci ? "MOTCUA_DATABASE_URL" : "from the PG* environment variables");
		mc_json_set(where, "kind", json_string(*ci ? "MOTCUA_DATABASE_URL" : "environment"));
	}
	if (!can_query) {
		if (!json)
			printf("migrations in %s (start the cluster with 'motcua db start' to see which are applied):\n",
			       migdir);
		mc_migration_list l = { 0 };
		if (mc_migrate_files(migdir, &l, &err)) {
			json_decref(where);
			return cli_fail(&err);
		}
		if (json)
			print_status_json(where, migdir, &l, 0);
		else
			print_migrations(&l, 0);
		mc_migration_list_free(&l);
		if (!json)
			json_decref(where);
		return 0;
	}
	mc_db *db = NULL;
	mc_migration_list l = { 0 };
	int rc = mc_dbopen(&db, NULL, &err);
	if (!rc)
		rc = mc_migrate_status(db, migdir, &l, &err);
	if (rc) {
		mc_db_close(db);
		json_decref(where);
		return cli_fail(&err);
	}
	if (json) {
		print_status_json(where, migdir, &l, 1);
	} else {
		printf("migrations in %s:\n", migdir);
		print_migrations(&l, 1);
		json_decref(where);
	}
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
	/* not problems, but what an auditor asks about first */
	if (st.corrections || st.voids || st.backdated)
		printf("amendments in the log: %ld correction%s, %ld voided receipt%s, %ld event%s dated "
		       "other than when logged (imports, corrections of history)\n",
		       st.corrections, st.corrections == 1 ? "" : "s", st.voids, st.voids == 1 ? "" : "s",
		       st.backdated, st.backdated == 1 ? "" : "s");
	if (st.legacy)
		printf("%ld dossier%s received before migration 0012: the applicant's facts are not in "
		       "their log, so those columns were not checked\n", st.legacy, st.legacy == 1 ? "" : "s");
	return st.problems ? MC_EXIT_FAILURE : 0;
}

static int run_db(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	int json = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		if (c != 'j')
			return cli_option_error(cmd, c, argv);
		json = 1;
	}
	if (optind == argc)
		return cli_usage_error(cmd, "'db' needs an action");
	const char *action = argv[optind];
	if (argc - optind > 1)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	if (json && strcmp(action, "status") != 0)
		return cli_usage_error(cmd, "--json applies to 'db status' only");
	if (!strcmp(action, "start"))
		return configured_elsewhere(cmd, "start") ? MC_EXIT_USAGE : db_start();
	if (!strcmp(action, "stop"))
		return configured_elsewhere(cmd, "stop") ? MC_EXIT_USAGE : db_stop();
	if (!strcmp(action, "status"))
		return db_status(json);
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
	.usage = "usage: motcua db start|stop|status|migrate|verify\n"
		 "       motcua db status [--json]\n",
	.help =
	"actions:\n"
	"  start    create (initdb) and start the project-local cluster if needed\n"
	"  stop     stop the project-local cluster\n"
	"  status   where the database is, and the applied and pending migrations\n"
	"           (--json: the same as JSON)\n"
	"  migrate  apply pending migrations/NNNN_name.sql files, each in its own\n"
	"           transaction, under an advisory lock; an applied file that was\n"
	"           changed since is an error naming it\n"
	"  verify   check the whole database: every dossier row equals the replay of\n"
	"           its log, events numbered without holes, each day's codes 0001..N\n"
	"           with the counter at N, apology numbers 1..N per year; exit 1 and\n"
	"           one PROBLEM line each if not\n",
	.run = run_db,
};
