/*
 * dbopen.c - choose between the configured server and the local cluster.
 */
#include "dbopen.h"
#include "cluster.h"
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

int mc_dbopen(mc_db **out, mc_dbopen_info *info, mc_error *err)
{
	mc_dbopen_info local;
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	const char *ci = mc_config_conninfo();
	if (ci) {
		snprintf(info->where, sizeof info->where, "%s",
			 *ci ? "MOTCUA_DATABASE_URL" : "the PG* environment variables");
		return mc_db_connect(out, ci, err);
	}
	char datadir[PATH_MAX];
	mc_config_pgdata(datadir, sizeof datadir);
	info->embedded = 1;
	snprintf(info->where, sizeof info->where, "%s", datadir);
	int rc = mc_cluster_ensure(datadir, &info->created, &info->started, err);
	if (rc)
		return rc;
	char conninfo[PATH_MAX * 2 + 64];
	mc_cluster_conninfo(conninfo, sizeof conninfo, datadir, "motcua");
	return mc_db_connect(out, conninfo, err);
}
