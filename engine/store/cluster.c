/*
 * cluster.c - initdb / pg_ctl for the project-local cluster (see cluster.h).
 *
 * The server binaries are found in $MOTCUA_PG_BINDIR, else the newest
 * /usr/lib/postgresql/N/bin (Debian's layout), else on PATH. Commands run
 * without a shell: arguments are never interpreted.
 *
 * Run as root, motcua creates files that the unprivileged server user then
 * owns or writes, so every path it opens is checked: files are opened with
 * O_NOFOLLOW and must be regular files with one link, owned by us (or by the
 * server user); the data directory must be a real directory; its parent must
 * be owned by us (or root) and writable by nobody else, sticky bit or not,
 * since others could otherwise plant the names of the log files, the lock
 * file or the data directory itself before we create them (see
 * prepare_parent). Creation and start are serialised by a lock file next to
 * the data directory (<datadir>.lock).
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
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define SERVER_USER "postgres"
#define BOOTSTRAP_ROLE "motcua"
#define IDENT_MAP "motcua"

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

/* May a file or directory owned by `uid` be used: ours, or the server user's. */
static int trusted_owner(uid_t uid)
{
	if (uid == geteuid())
		return 1;
	uid_t su;
	gid_t sg;
	return server_user(&su, &sg, NULL) == 1 && uid == su;
}

/*
 * Open a file the cluster uses (a log, a configuration file, the lock file)
 * without following a symbolic link, and only when it is a regular file with
 * a single link owned by us or the server user: a link planted there would
 * otherwise make root write, truncate or read a file of someone else's
 * choosing. Returns the descriptor, or -1 with `err` set.
 */
static int safe_open(const char *path, int flags, mc_error *err)
{
	int fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == ELOOP)
			mc_error_set(err, MC_ERR_REFUSED,
				     "refusing to open '%s': it is a symbolic link", path);
		else
			mc_error_set(err, MC_ERR_INTERNAL, "cannot open '%s': %s", path,
				     strerror(errno));
		return -1;
	}
	struct stat st;
	const char *why = NULL;
	if (fstat(fd, &st) != 0)
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "it is not a regular file";
	else if (st.st_nlink != 1)
		why = "it has more than one hard link";
	else if (!trusted_owner(st.st_uid))
		why = "it belongs to another user";
	if (why) {
		close(fd);
		mc_error_set(err, MC_ERR_REFUSED, "refusing to open '%s': %s", path, why);
		mc_error_hint(err, "remove it; only motcua and the server user should write there");
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
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
	/* The log stays ours: the child writes it through the inherited fd. */
	int logfd = safe_open(logpath, O_WRONLY | O_CREAT | O_APPEND, err);
	if (logfd < 0)
		return -1;
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
		unsetenv("PGPASSWORD");
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
	int fd = safe_open(path, O_RDONLY, NULL);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return;
	}
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
	else if (slash)
		slash[1] = '\0';
}

/* The data directory without trailing slashes ("/x/pg/" is "/x/pg"). */
static const char *trim_dir(char *buf, size_t n, const char *datadir)
{
	snprintf(buf, n, "%s", datadir);
	size_t len = strlen(buf);
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';
	return buf;
}

/*
 * Create the directories down to `parent` (the directory that holds the data
 * directory, its lock file and the initdb and pg_ctl logs) and check them.
 * Every directory on the way must be a directory and not writable by
 * everyone unless it has the sticky bit (as /tmp). The parent itself must
 * belong to us or root and be writable by no one else, sticky bit or not:
 * there others could create the log, lock or data directory names before us.
 */
static int prepare_parent(const char *parent, mc_error *err)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", parent);
	size_t len = strlen(tmp);
	for (size_t i = 1; i <= len; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		char saved = tmp[i];
		tmp[i] = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return mc_error_set(err, MC_ERR_INTERNAL, "cannot create '%s': %s",
					    tmp, strerror(errno));
		struct stat st;
		if (stat(tmp, &st) != 0)
			return mc_error_set(err, MC_ERR_INTERNAL, "cannot examine '%s': %s",
					    tmp, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return mc_error_set(err, MC_ERR_INTERNAL, "'%s' is not a directory", tmp);
		int last = saved == '\0';
		if (!last && (st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
			mc_error_set(err, MC_ERR_REFUSED,
				     "refusing the cluster directory below '%s': anyone can write to '%s'",
				     parent, tmp);
			mc_error_hint(err, "chmod o-w '%s', or set MOTCUA_PGDATA elsewhere", tmp);
			return MC_ERR_REFUSED;
		}
		if (last && st.st_uid != 0 && st.st_uid != geteuid()) {
			mc_error_set(err, MC_ERR_REFUSED,
				     "refusing the cluster directory below '%s': it belongs to another user",
				     parent);
			mc_error_hint(err, "set MOTCUA_PGDATA to a directory below one of your own");
			return MC_ERR_REFUSED;
		}
		if (last && (st.st_mode & (S_IWGRP | S_IWOTH))) {
			mc_error_set(err, MC_ERR_REFUSED,
				     "refusing the cluster directory below '%s': others can write to it",
				     parent);
			mc_error_hint(err, "chmod go-w '%s', or set MOTCUA_PGDATA to a directory below a private one",
				      parent);
			return MC_ERR_REFUSED;
		}
		tmp[i] = saved;
	}
	return MC_OK;
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
	for (const char *c = datadir; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return mc_error_set(err, MC_ERR_USAGE,
					    "the cluster directory '%s' contains a control character",
					    datadir);
	/* pg_ctl start hands the path to /bin/sh inside double quotes */
	const char *sh = strpbrk(datadir, "\"$`");
	for (const char *b = strchr(datadir, '\\'); !sh && b; b = strchr(b + 1, '\\'))
		if (b[1] == '\\' || b[1] == '\0')
			sh = b;
	if (sh) {
		char what[3] = { *sh, *sh == '\\' ? '\\' : '\0', '\0' };
		return mc_error_set(err, MC_ERR_USAGE,
				    "the cluster directory '%s' contains '%s', which pg_ctl would pass to the shell",
				    datadir, what);
	}
	if (strchr(datadir, ','))
		/* libpq takes a comma in a host as a list separator */
		return mc_error_set(err, MC_ERR_USAGE,
				    "the cluster directory '%s' contains a comma, which libpq cannot take in a socket path",
				    datadir);
	if (strlen(datadir) + strlen("/.s.PGSQL.5432") >= sizeof sa.sun_path) {
		mc_error_set(err, MC_ERR_USAGE,
			     "the cluster directory '%s' is too long to hold a Unix socket", datadir);
		mc_error_hint(err, "set MOTCUA_PGDATA to a shorter path");
		return MC_ERR_USAGE;
	}
	return MC_OK;
}

/* Does the directory open as `fd` hold nothing? (fd stays open) */
static int dir_is_empty(int fd)
{
	int fd2 = dup(fd);
	DIR *d = fd2 >= 0 ? fdopendir(fd2) : NULL;
	if (!d) {
		if (fd2 >= 0)
			close(fd2);
		return 0;
	}
	int empty = 1;
	struct dirent *e;
	while (empty && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/*
 * Create the data directory (or accept an empty one already there), never
 * through a symbolic link, and give it to the server user.
 */
static int make_datadir(const char *datadir, mc_error *err)
{
	int existed = 0;
	if (mkdir(datadir, 0700) != 0) {
		if (errno != EEXIST)
			return mc_error_set(err, MC_ERR_INTERNAL, "cannot create '%s': %s",
					    datadir, strerror(errno));
		existed = 1;
	}
	int fd = open(datadir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		struct stat st;
		if (lstat(datadir, &st) == 0 && S_ISLNK(st.st_mode))
			mc_error_set(err, MC_ERR_REFUSED,
				     "refusing the cluster directory '%s': it is a symbolic link", datadir);
		else
			mc_error_set(err, MC_ERR_REFUSED, "refusing the cluster directory '%s': %s",
				     datadir, errno == ENOTDIR ? "it is not a directory" : strerror(errno));
		mc_error_hint(err, "remove it, or set MOTCUA_PGDATA to the real directory");
		return MC_ERR_REFUSED;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !trusted_owner(st.st_uid)) {
		close(fd);
		mc_error_set(err, MC_ERR_REFUSED,
			     "refusing the cluster directory '%s': it belongs to another user", datadir);
		mc_error_hint(err, "remove it, or set MOTCUA_PGDATA elsewhere");
		return MC_ERR_REFUSED;
	}
	if (existed && !dir_is_empty(fd)) {
		close(fd);
		mc_error_set(err, MC_ERR_REFUSED,
			     "refusing the cluster directory '%s': it is not empty and holds no cluster",
			     datadir);
		mc_error_hint(err, "remove it (a cluster whose creation was interrupted), or set MOTCUA_PGDATA elsewhere");
		return MC_ERR_REFUSED;
	}
	uid_t uid;
	gid_t gid;
	int as = server_user(&uid, &gid, err);
	int rc = MC_OK;
	if (as < 0)
		rc = err ? err->code : MC_ERR_INTERNAL;
	else if (as && (st.st_uid != uid || st.st_gid != gid) && fchown(fd, uid, gid) != 0)
		rc = mc_error_set(err, MC_ERR_INTERNAL, "cannot give '%s' to user %s: %s",
				  datadir, SERVER_USER, strerror(errno));
	else if ((st.st_mode & 07777) != 0700 && fchmod(fd, 0700) != 0)
		rc = mc_error_set(err, MC_ERR_INTERNAL, "cannot chmod '%s': %s", datadir,
				  strerror(errno));
	close(fd);
	return rc;
}

/* Write `text` into the cluster's file `name` (appending, or replacing its
 * contents), through safe_open. */
static int write_conf(const char *datadir, const char *name, const char *text,
		      int append, mc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", datadir, name);
	int fd = safe_open(path, O_WRONLY | (append ? O_APPEND : 0), err);
	if (fd < 0)
		return err ? err->code : MC_ERR_INTERNAL;
	int rc = MC_OK;
	if (!append && ftruncate(fd, 0) != 0)
		rc = mc_error_set(err, MC_ERR_INTERNAL, "cannot truncate '%s': %s", path,
				  strerror(errno));
	size_t len = strlen(text), off = 0;
	while (!rc && off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = mc_error_set(err, MC_ERR_INTERNAL, "cannot write '%s': %s", path,
					  strerror(errno));
		else
			off += (size_t)w;
	}
	if (close(fd) != 0 && !rc)
		rc = mc_error_set(err, MC_ERR_INTERNAL, "cannot write '%s': %s", path,
				  strerror(errno));
	return rc;
}

/*
 * The socket directory as a postgresql.conf value: unix_socket_directories
 * is a comma-separated list, so the path is double-quoted in it ("" for a "),
 * and the list is a single-quoted string of the file ('' for a ', \\ for a \).
 */
static void conf_socket_dirs(char *buf, size_t n, const char *dir)
{
	size_t j = 0;
#define PUT(c) do { if (j + 1 < n) buf[j++] = (c); } while (0)
	PUT('\'');
	PUT('"');
	for (const char *c = dir; *c; c++) {
		if (*c == '"')
			PUT('"');
		if (*c == '\'')
			PUT('\'');
		if (*c == '\\')
			PUT('\\');
		PUT(*c);
	}
	PUT('"');
	PUT('\'');
#undef PUT
	buf[j] = '\0';
}

/* A user name as a pg_hba/pg_ident token (double-quoted); 0 when it cannot
 * be one. */
static int ident_token(char *buf, size_t n, const char *name)
{
	if (!*name || strlen(name) + 3 > n)
		return 0;
	for (const char *c = name; *c; c++)
		if (*c == '"' || (unsigned char)*c <= 0x20 || *c == 0x7f)
			return 0;
	snprintf(buf, n, "\"%s\"", name);
	return 1;
}

/*
 * Authentication: the owner - the OS user running motcua, and when that is
 * root also the server user - connects over the socket as the superuser by
 * peer authentication, mapped in pg_ident.conf; every other role needs its
 * password (scram-sha-256), over the socket or the loopback addresses (the
 * server listens on none unless someone configures it). No trust, and no
 * replication connections.
 */
static int write_auth(const char *datadir, mc_error *err)
{
	char owners[3][300];
	int k = 0;
	struct passwd *pw = getpwuid(geteuid());
	if (!pw || !ident_token(owners[k++], sizeof owners[0], pw->pw_name))
		return mc_error_set(err, MC_ERR_INTERNAL,
				    "cannot name the user running motcua (uid %ld) for peer authentication",
				    (long)geteuid());
	if (geteuid() == 0 && strcmp(pw->pw_name, SERVER_USER) != 0)
		ident_token(owners[k++], sizeof owners[0], SERVER_USER);
	char ident[1200];
	int len = snprintf(ident, sizeof ident,
			   "# motcua: the OS users allowed to connect as the superuser \"%s\"\n"
			   "# MAPNAME  SYSTEM-USERNAME  PG-USERNAME\n", BOOTSTRAP_ROLE);
	for (int i = 0; i < k; i++)
		len += snprintf(ident + len, sizeof ident - (size_t)len, "%s  %s  %s\n",
				IDENT_MAP, owners[i], BOOTSTRAP_ROLE);
	static const char hba[] =
		"# motcua: project-local cluster. The owner connects over the socket as\n"
		"# the superuser by peer authentication (pg_ident.conf); every other role\n"
		"# needs its password. No trust, no replication.\n"
		"# TYPE  DATABASE  USER    ADDRESS       METHOD\n"
		"local   all       " BOOTSTRAP_ROLE "                peer map=" IDENT_MAP "\n"
		"local   all       all                   scram-sha-256\n"
		"host    all       all     127.0.0.1/32  scram-sha-256\n"
		"host    all       all     ::1/128       scram-sha-256\n";
	int rc = write_conf(datadir, "pg_ident.conf", ident, 0, err);
	if (!rc)
		rc = write_conf(datadir, "pg_hba.conf", hba, 0, err);
	return rc;
}

/*
 * Is pg_hba.conf still the one earlier motcua versions left: initdb's
 * --auth=trust default, every rule ending in "trust"? (A file someone
 * edited is left alone.) Returns 1 yes, 0 no, -1 with `err` set.
 */
static int hba_is_old_trust(const char *datadir, mc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/pg_hba.conf", datadir);
	int fd = safe_open(path, O_RDONLY, err);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		mc_error_set(err, MC_ERR_INTERNAL, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	char line[1024];
	int rules = 0, trust = 0;
	while (fgets(line, sizeof line, f)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *last = NULL;
		for (char *tok = strtok(line, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n"))
			last = tok;
		if (!last)
			continue;
		rules++;
		trust += !strcmp(last, "trust");
	}
	fclose(f);
	return rules > 0 && trust == rules;
}

static int cluster_init(const char *datadir, const char *parent, mc_error *err)
{
	char logpath[PATH_MAX], initdb[PATH_MAX];
	int rc = make_datadir(datadir, err);
	if (rc)
		return rc;
	uid_t uid;
	gid_t gid;
	int as = server_user(&uid, &gid, err);
	if (as < 0)
		return err ? err->code : MC_ERR_INTERNAL;
	snprintf(logpath, sizeof logpath, "%s/initdb.log", parent);
	tool_path(initdb, sizeof initdb, "initdb");
	char dflag[PATH_MAX + 8];
	snprintf(dflag, sizeof dflag, "--pgdata=%s", datadir);
	/* peer/reject until write_auth puts the real rules in place */
	char *argv[] = {
		initdb, dflag, "--username=" BOOTSTRAP_ROLE, "--auth-local=peer",
		"--auth-host=reject", "--encoding=UTF8", "--locale=C.UTF-8", NULL
	};
	rc = run(argv, logpath, err);
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
	char dirs[PATH_MAX * 3 + 8];
	conf_socket_dirs(dirs, sizeof dirs, datadir);
	char conf[sizeof dirs + 512];
	int len = snprintf(conf, sizeof conf,
			   "\n# motcua: project-local cluster, Unix socket only\n"
			   "listen_addresses = ''\n"
			   "unix_socket_directories = %s\n"
			   "unix_socket_permissions = 0700\n"
			   "password_encryption = 'scram-sha-256'\n"
			   "max_connections = 100\n"
			   "timezone = 'Asia/Ho_Chi_Minh'\n", dirs);
	const char *fast = getenv("MOTCUA_PG_FAST");
	if (fast && !strcmp(fast, "1"))
		/* throwaway test clusters: durability is not wanted, speed is */
		snprintf(conf + len, sizeof conf - (size_t)len,
			 "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
	rc = write_conf(datadir, "postgresql.conf", conf, 1, err);
	if (!rc)
		rc = write_auth(datadir, err);
	return rc;
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
	char *argv_reload[] = { pgctl, "-D", dd, "-s", "reload", NULL };
	char **argv = !strcmp(action, "start") ? argv_start :
		      !strcmp(action, "stop") ? argv_stop :
		      !strcmp(action, "reload") ? argv_reload : argv_status;
	int rc = run(argv, ctllog, err);
	if (rc < 0)
		return err ? err->code : MC_ERR_INTERNAL;
	*exit_status = rc;
	return MC_OK;
}

int mc_cluster_state_of(const char *datadir, mc_cluster_state *out, mc_error *err)
{
	char dirbuf[PATH_MAX];
	datadir = trim_dir(dirbuf, sizeof dirbuf, datadir);
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
	char dirbuf[PATH_MAX];
	datadir = trim_dir(dirbuf, sizeof dirbuf, datadir);
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

/*
 * Check the place of the cluster and take its lock: an exclusive flock on
 * <datadir>.lock, held until cluster_unlock. Returns the lock's descriptor,
 * or -1 with `err` set.
 */
static int cluster_lock(const char *datadir, mc_error *err)
{
	char parent[PATH_MAX], lockpath[PATH_MAX + 8];
	if (check_socket_path(datadir, err))
		return -1;
	parent_of(parent, sizeof parent, datadir);
	if (prepare_parent(parent, err))
		return -1;
	snprintf(lockpath, sizeof lockpath, "%s.lock", datadir);
	int fd = safe_open(lockpath, O_RDWR | O_CREAT, err);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			mc_error_set(err, MC_ERR_INTERNAL, "cannot lock '%s': %s", lockpath,
				     strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd;
}

static void cluster_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

/* Create and start the cluster as needed; created/started are set when done. */
static int ensure_locked(const char *datadir, int *created, int *started,
			 mc_error *err)
{
	char parent[PATH_MAX];
	parent_of(parent, sizeof parent, datadir);
	mc_cluster_state state;
	int rc = mc_cluster_state_of(datadir, &state, err);
	if (rc)
		return rc;
	if (state == MC_CLUSTER_ABSENT) {
		if ((rc = cluster_init(datadir, parent, err)))
			return rc;
		*created = 1;
		state = MC_CLUSTER_STOPPED;
	} else {
		/* a cluster an earlier motcua made trusts everyone: fix it */
		int old = hba_is_old_trust(datadir, err);
		if (old < 0)
			return err ? err->code : MC_ERR_INTERNAL;
		if (old && (rc = write_auth(datadir, err)))
			return rc;
		if (old && state == MC_CLUSTER_RUNNING) {
			int st;
			if ((rc = pg_ctl(datadir, "reload", &st, err)))
				return rc;
			if (st != 0)
				return mc_error_set(err, MC_ERR_INTERNAL,
						    "pg_ctl reload failed for '%s' (exit %d)", datadir, st);
		}
	}
	if (state == MC_CLUSTER_STOPPED) {
		int st;
		if ((rc = pg_ctl(datadir, "start", &st, err)))
			return rc;
		if (st != 0) {
			/* started meanwhile by a motcua that took no lock? */
			if (mc_cluster_state_of(datadir, &state, NULL) == MC_OK &&
			    state == MC_CLUSTER_RUNNING)
				return MC_OK;
			char tail[600], logpath[PATH_MAX];
			snprintf(logpath, sizeof logpath, "%s/server.log", datadir);
			log_tail(logpath, tail, sizeof tail);
			mc_error_set(err, MC_ERR_DBCONN,
				     "the project-local cluster in '%s' did not start (pg_ctl exit %d)",
				     datadir, st);
			mc_error_detail(err, "%s", tail);
			return MC_ERR_DBCONN;
		}
		*started = 1;
		/* a new or just started cluster gets its database under the lock */
		return ensure_database(datadir, err);
	}
	return MC_OK;
}

int mc_cluster_ensure(const char *datadir, int *created, int *started,
		      mc_error *err)
{
	char dirbuf[PATH_MAX];
	datadir = trim_dir(dirbuf, sizeof dirbuf, datadir);
	int c = 0, s = 0;
	int lock = cluster_lock(datadir, err);
	if (lock < 0)
		return err ? err->code : MC_ERR_INTERNAL;
	int rc = ensure_locked(datadir, &c, &s, err);
	cluster_unlock(lock);
	/* already running: no need to hold up the others */
	if (!rc && !c && !s)
		rc = ensure_database(datadir, err);
	if (created)
		*created = c;
	if (started)
		*started = s;
	return rc;
}

int mc_cluster_stop(const char *datadir, mc_error *err)
{
	char dirbuf[PATH_MAX];
	datadir = trim_dir(dirbuf, sizeof dirbuf, datadir);
	int lock = cluster_lock(datadir, err);
	if (lock < 0)
		return err ? err->code : MC_ERR_INTERNAL;
	mc_cluster_state state;
	int rc = mc_cluster_state_of(datadir, &state, err);
	if (!rc && state == MC_CLUSTER_RUNNING) {
		int st;
		rc = pg_ctl(datadir, "stop", &st, err);
		if (!rc && st != 0)
			rc = mc_error_set(err, MC_ERR_INTERNAL,
					  "pg_ctl stop failed for '%s' (exit %d)", datadir, st);
	}
	cluster_unlock(lock);
	return rc;
}
