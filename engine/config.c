/*
 * config.c - environment-driven configuration (see config.h).
 */
#include "config.h"
#include "motcua_config.h"

#include <limits.h>
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

void mc_config_pgdata(char *buf, size_t n)
{
	const char *d = nonempty_env("MOTCUA_PGDATA");
	char tmp[PATH_MAX];
	if (d)
		snprintf(tmp, sizeof tmp, "%s", d);
	else
		snprintf(tmp, sizeof tmp, "%s/var/pg", mc_config_home());
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
