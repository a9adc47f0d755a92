/*
 * config.c - environment-driven configuration (see config.h).
 */
#include "config.h"
#include "motcua_config.h"

#include <limits.h>
#include <pwd.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *nonempty_env(const char *name)
{
	const char *v = getenv(name);
	return (v && *v) ? v : NULL;
}

const char *mc_config_home(void)
{
	const char *h = nonempty_env("MOTCUA_HOME");
	return h ? h : MOTCUA_SOURCE_ROOT;
}

void mc_config_path(char *buf, size_t n, const char *rel)
{
	snprintf(buf, n, "%s/%s", mc_config_home(), rel);
}

const char *mc_config_conninfo(void)
{
	static const char *const pgvars[] = {
		"PGHOST", "PGHOSTADDR", "PGDATABASE", "PGPORT", "PGUSER",
		"PGSERVICE", NULL
	};
	const char *url = nonempty_env("MOTCUA_DATABASE_URL");
	if (url)
		return url;
	for (int i = 0; pgvars[i]; i++)
		if (nonempty_env(pgvars[i]))
			return "";
	return NULL;
}

/* Can uid/gid enter every directory on the way to `path`? */
static int reachable(const char *path, uid_t uid, gid_t gid)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s", path);
	for (char *slash = p; slash; slash = strchr(slash + 1, '/')) {
		char saved = slash[1];
		slash[1] = '\0';
		struct stat st;
		if (stat(p, &st) == 0) {
			mode_t need = st.st_uid == uid ? S_IXUSR : st.st_gid == gid ? S_IXGRP : S_IXOTH;
			if (!(st.st_mode & need))
				return 0;
		}
		slash[1] = saved;
	}
	return 1;
}

void mc_config_pgdata(char *buf, size_t n)
{
	const char *d = nonempty_env("MOTCUA_PGDATA");
	char tmp[PATH_MAX];
	if (d)
		snprintf(tmp, sizeof tmp, "%s", d);
	else
		snprintf(tmp, sizeof tmp, "%s/var/pg", mc_config_home());
	/* As root the cluster runs as 'postgres', which cannot enter a project
	 * under a private directory such as /root: keep that project's cluster
	 * under /var/lib/motcua instead (one per project directory). */
	struct passwd *pw;
	if (!d && geteuid() == 0 && (pw = getpwnam("postgres")) &&
	    !reachable(mc_config_home(), pw->pw_uid, pw->pw_gid)) {
		char name[PATH_MAX];
		snprintf(name, sizeof name, "%s", mc_config_home());
		for (char *c = name; *c; c++)
			if (*c == '/')
				*c = '_';
		snprintf(tmp, sizeof tmp, "/var/lib/motcua/%.200s/pg", name);
	}
	/* The socket lives in the data directory and libpq needs an absolute
	 * host path, so make it absolute. */
	if (tmp[0] != '/') {
		char cwd[PATH_MAX];
		if (getcwd(cwd, sizeof cwd)) {
			snprintf(buf, n, "%s/%s", cwd, tmp);
			return;
		}
	}
	snprintf(buf, n, "%s", tmp);
}
