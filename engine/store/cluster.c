/*
 * cluster.c - initdb / pg_ctl for the project-local cluster (see cluster.h).
 *
 * The server binaries are found in $MOTCUA_PG_BINDIR, else the newest
 * /usr/lib/postgresql/N/bin (Debian's layout), else on PATH. Commands run
 * without a shell: arguments are never interpreted.
 */
#include "cluster.h"
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define SERVER_USER "postgres"
#define BOOTSTRAP_ROLE "motcua"

static void find_bindir(char *buf, size_t n)
{
	const char *env = getenv("MOTCUA_PG_BINDIR");
	if (env && *env) {
		snprintf(buf, n, "%s", env);
		return;
	}
	buf[0] = '\0';
	DIR *d = opendir("/usr/lib/postgresql");
	if (!d)
		return;
	long best = -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char *end;
		long v = strtol(e->d_name, &end, 10);
		if (end == e->d_name || *end)
			continue;
		char probe[PATH_MAX];
		snprintf(probe, sizeof probe, "/usr/lib/postgresql/%ld/bin/initdb", v);
		if (v > best && access(probe, X_OK) == 0) {
			best = v;
			snprintf(buf, n, "/usr/lib/postgresql/%ld/bin", v);
		}
	}
	closedir(d);
}

static void tool_path(char *buf, size_t n, const char *tool)
{
	char bindir[PATH_MAX];
	find_bindir(bindir, sizeof bindir);
	if (bindir[0])
		snprintf(buf, n, "%s/%s", bindir, tool);
	else
		snprintf(buf, n, "%s", tool);
}

/* When root, the uid/gid of the server user; returns 0 when not root. */
static int server_user(uid_t *uid, gid_t *gid, mc_error *err)
{
	if (geteuid() != 0)
		return 0;
	struct passwd *pw = getpwnam(SERVER_USER);
	if (!pw) {
		mc_error_set(err, MC_ERR_INTERNAL,
			     "running as root, but there is no '%s' system user to run the cluster",
			     SERVER_USER);
		mc_error_hint(err, "install Debian's postgresql package, or run motcua as an ordinary user");
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 1;
}

/*
 * Run argv (argv[0] a path), as the server user when root, with stdout and
 * stderr appended to `logpath`. Returns the exit status, or -1 when the
 * program could not be run.
 */
static int run(char *const argv[], const char *logpath, mc_error *err)
{
	uid_t uid = 0;
	gid_t gid = 0;
	int as = server_user(&uid, &gid, err);
	if (as < 0)
		return -1;
	int logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (logfd < 0) {
		mc_error_set(err, MC_ERR_INTERNAL, "cannot open '%s': %s", logpath,
			     strerror(errno));
		return -1;
	}
	if (as && fchown(logfd, uid, gid) != 0) {
		/* not fatal: root still writes it through the inherited fd */
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(logfd);
		mc_error_set(err, MC_ERR_INTERNAL, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int nullfd = open("/dev/null", O_RDONLY);
		if (nullfd >= 0)
			dup2(nullfd, 0);
		dup2(logfd, 1);
		dup2(logfd, 2);
		if (as) {
			if (setgroups(0, NULL) != 0 || setgid(gid) != 0 ||
			    setuid(uid) != 0) {
				perror("motcua: cannot switch to the postgres user");
				_exit(126);
			}
		}
		/* The server must not inherit a client's connection settings. */
		unsetenv("PGHOST");
		unsetenv("PGPORT");
		unsetenv("PGDATABASE");
		unsetenv("PGUSER");
		execv(argv[0], argv);
		execvp(argv[0], argv);
		fprintf(stderr, "motcua: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(logfd);
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			mc_error_set(err, MC_ERR_INTERNAL, "waitpid: %s", strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* The last lines of a log file, for error details. */
static void log_tail(const char *path, char *buf, size_t n)
{
	buf[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char all[8192];
	if (fseek(f, 0, SEEK_END) == 0) {
		long size = ftell(f);
		if (size > (long)sizeof all - 1)
			fseek(f, size - (long)sizeof all + 1, SEEK_SET);
		else
			fseek(f, 0, SEEK_SET);
	}
	size_t got = fread(all, 1, sizeof all - 1, f);
	fclose(f);
	all[got] = '\0';
	/* keep the last 4 lines */
	int lines = 0;
	char *p = all + got;
	while (p > all) {
		p--;
		if (*p == '\n' && p != all + got - 1 && ++lines == 4) {
			p++;
			break;
		}
	}
	snprintf(buf, n, "%s", p);
	size_t len = strlen(buf);
	while (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
}

static void parent_of(char *buf, size_t n, const char *path)
{
	snprintf(buf, n, "%s", path);
	char *slash = strrchr(buf, '/');
	if (slash && slash != buf)
		*slash = '\0';
}

static int mkdir_p(const char *path, mode_t mode)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, mode) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int is_initialized(const char *datadir)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/PG_VERSION", datadir);
	return access(p, F_OK) == 0;
}

static int check_socket_path(const char *datadir, mc_error *err)
{
	struct sockaddr_un sa;
	if (datadir[0] != '/')
		return mc_error_set(err, MC_ERR_USAGE,
				    "the cluster directory '%s' must be an absolute path", datadir);
	if (strlen(datadir) + strlen("/.s.PGSQL.5432") >= sizeof sa.sun_path) {
		mc_error_set(err, MC_ERR_USAGE,
			     "the cluster directory '%s' is too long to hold a Unix socket", datadir);
		mc_error_hint(err, "set MOTCUA_PGDATA to a shorter path");
		return MC_ERR_USAGE;
	}
	return MC_OK;
}

static int cluster_init(const char *datadir, mc_error *err)
{
	char parent[PATH_MAX], logpath[PATH_MAX], initdb[PATH_MAX];
	parent_of(parent, sizeof parent, datadir);
	if (mkdir_p(parent, 0755) != 0)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot create '%s': %s",
				    parent, strerror(errno));
	if (mkdir(datadir, 0700) != 0 && errno != EEXIST)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot create '%s': %s",
				    datadir, strerror(errno));
	uid_t uid;
	gid_t gid;
	int as = server_user(&uid, &gid, err);
	if (as < 0)
		return err ? err->code : MC_ERR_INTERNAL;
	if (as && chown(datadir, uid, gid) != 0)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot give '%s' to user %s: %s",
				    datadir, SERVER_USER, strerror(errno));
	snprintf(logpath, sizeof logpath, "%s/initdb.log", parent);
	tool_path(initdb, sizeof initdb, "initdb");
	char dflag[PATH_MAX + 8];
	snprintf(dflag, sizeof dflag, "--pgdata=%s", datadir);
	char *argv[] = {
		initdb, dflag, "--username=" BOOTSTRAP_ROLE, "--auth=trust",
		"--encoding=UTF8", "--locale=C.UTF-8", NULL
	};
	int rc = run(argv, logpath, err);
	if (rc < 0)
		return err ? err->code : MC_ERR_INTERNAL;
	if (rc != 0) {
		char tail[600];
		log_tail(logpath, tail, sizeof tail);
		mc_error_set(err, MC_ERR_INTERNAL, "initdb failed (exit %d), see '%s'", rc, logpath);
		mc_error_detail(err, "%s", tail);
		if (as)
			mc_error_hint(err, "the '%s' user must be able to enter every directory above '%s'",
				      SERVER_USER, datadir);
		return MC_ERR_INTERNAL;
	}
	/* Socket only, inside the data directory, reachable by its owner only. */
	char conf[PATH_MAX];
	snprintf(conf, sizeof conf, "%s/postgresql.conf", datadir);
	FILE *f = fopen(conf, "a");
	if (!f)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot append to '%s': %s",
				    conf, strerror(errno));
	fprintf(f, "\n# motcua: project-local cluster, Unix socket only\n"
		"listen_addresses = ''\n"
		"unix_socket_directories = '%s'\n"
		"unix_socket_permissions = 0700\n"
		"max_connections = 100\n"
		"timezone = 'Asia/Ho_Chi_Minh'\n", datadir);
	const char *fast = getenv("MOTCUA_PG_FAST");
	if (fast && !strcmp(fast, "1"))
		/* throwaway test clusters: durability is not wanted, speed is */
		fprintf(f, "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
	if (fclose(f) != 0)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot write '%s': %s",
				    conf, strerror(errno));
	return MC_OK;
}

static int pg_ctl(const char *datadir, const char *action, int *exit_status,
		  mc_error *err)
{
	char pgctl[PATH_MAX], logpath[PATH_MAX], ctllog[PATH_MAX];
	tool_path(pgctl, sizeof pgctl, "pg_ctl");
	snprintf(logpath, sizeof logpath, "%s/server.log", datadir);
	char parent[PATH_MAX];
	parent_of(parent, sizeof parent, datadir);
	snprintf(ctllog, sizeof ctllog, "%s/pg_ctl.log", parent);
	char *dd = (char *)datadir;
	char *argv_start[] = { pgctl, "-D", dd, "-l", logpath, "-w", "-t", "60",
			       "-s", "start", NULL };
	char *argv_stop[] = { pgctl, "-D", dd, "-m", "fast", "-w", "-s", "stop", NULL };
	char *argv_status[] = { pgctl, "-D", dd, "status", NULL };
	char **argv = !strcmp(action, "start") ? argv_start :
		      !strcmp(action, "stop") ? argv_stop : argv_status;
	int rc = run(argv, ctllog, err);
	if (rc < 0)
		return err ? err->code : MC_ERR_INTERNAL;
	*exit_status = rc;
	return MC_OK;
}

int mc_cluster_state_of(const char *datadir, mc_cluster_state *out, mc_error *err)
{
	if (!is_initialized(datadir)) {
		*out = MC_CLUSTER_ABSENT;
		return MC_OK;
	}
	int st;
	int rc = pg_ctl(datadir, "status", &st, err);
	if (rc)
		return rc;
	*out = st == 0 ? MC_CLUSTER_RUNNING : MC_CLUSTER_STOPPED;
	return MC_OK;
}

void mc_cluster_conninfo(char *buf, size_t n, const char *datadir,
			 const char *dbname)
{
	/* conninfo quoting: single quotes, backslash escapes */
	char q[PATH_MAX * 2];
	size_t j = 0;
	for (size_t i = 0; datadir[i] && j + 2 < sizeof q; i++) {
		if (datadir[i] == '\'' || datadir[i] == '\\')
			q[j++] = '\\';
		q[j++] = datadir[i];
	}
	q[j] = '\0';
	snprintf(buf, n, "host='%s' port=5432 user=%s dbname=%s", q,
		 BOOTSTRAP_ROLE, dbname);
}

static int ensure_database(const char *datadir, mc_error *err)
{
	char ci[PATH_MAX * 2 + 64];
	mc_cluster_conninfo(ci, sizeof ci, datadir, "postgres");
	mc_db *db = NULL;
	PGresult *res = NULL;
	int rc = mc_db_connect(&db, ci, err);
	if (rc)
		return rc;
	const char *p[] = { "motcua" };
	rc = mc_db_exec(db, "SELECT 1 FROM pg_database WHERE datname = $1", 1, p,
			&res, err);
	if (rc)
		goto cleanup;
	if (PQntuples(res) == 0) {
		mc_error e2;
		rc = mc_db_exec(db, "CREATE DATABASE motcua", 0, NULL, NULL, &e2);
		if (rc && !strcmp(e2.sqlstate, "42P04"))
			rc = MC_OK; /* created meanwhile by another motcua */
		else if (rc && err)
			*err = e2;
	}
cleanup:
	PQclear(res);
	mc_db_close(db);
	return rc;
}

int mc_cluster_ensure(const char *datadir, int *created, int *started,
		      mc_error *err)
{
	int rc = check_socket_path(datadir, err);
	if (rc)
		return rc;
	if (created)
		*created = 0;
	if (started)
		*started = 0;
	mc_cluster_state state;
	if ((rc = mc_cluster_state_of(datadir, &state, err)))
		return rc;
	if (state == MC_CLUSTER_ABSENT) {
		if ((rc = cluster_init(datadir, err)))
			return rc;
		if (created)
			*created = 1;
		state = MC_CLUSTER_STOPPED;
	}
	if (state == MC_CLUSTER_STOPPED) {
		int st;
		if ((rc = pg_ctl(datadir, "start", &st, err)))
			return rc;
		if (st != 0) {
			/* maybe another motcua started it meanwhile */
			if (mc_cluster_state_of(datadir, &state, NULL) == MC_OK &&
			    state == MC_CLUSTER_RUNNING)
				goto running;
			char tail[600], logpath[PATH_MAX];
			snprintf(logpath, sizeof logpath, "%s/server.log", datadir);
			log_tail(logpath, tail, sizeof tail);
			mc_error_set(err, MC_ERR_DBCONN,
				     "the project-local cluster in '%s' did not start (pg_ctl exit %d)",
				     datadir, st);
			mc_error_detail(err, "%s", tail);
			return MC_ERR_DBCONN;
		}
		if (started)
			*started = 1;
	}
running:
	return ensure_database(datadir, err);
}

int mc_cluster_stop(const char *datadir, mc_error *err)
{
	mc_cluster_state state;
	int rc = mc_cluster_state_of(datadir, &state, err);
	if (rc || state != MC_CLUSTER_RUNNING)
		return rc;
	int st;
	if ((rc = pg_ctl(datadir, "stop", &st, err)))
		return rc;
	if (st != 0)
		return mc_error_set(err, MC_ERR_INTERNAL,
				    "pg_ctl stop failed for '%s' (exit %d)", datadir, st);
	return MC_OK;
}
