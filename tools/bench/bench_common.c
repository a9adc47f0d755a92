/*
 * bench_common.c - shared set-up of the benchmark programs.
 */
#include "bench_common.h"
#include "config.h"
#include "store_catalog.h"

#include <limits.h>
#include <stdlib.h>
#include <time.h>

double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

const char *bench_conninfo(void)
{
	const char *ci = mc_config_conninfo();
	return ci ? ci : "";
}

void bench_open(mc_catalog **cat, mc_calendar **cal, mc_db **db)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_catalog_load_stats st;
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_catalog_load(cat, dir, &err) || mc_calendar_load(cal, dir, &err) ||
	    mc_db_connect(db, bench_conninfo(), &err) || mc_store_catalog_load(*db, *cat, &st, &err)) {
		mc_error_print(&err, "bench");
		exit(1);
	}
}
