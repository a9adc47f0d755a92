/*
 * bench_common.c - shared set-up of the benchmark programs.
 */
#include "bench_common.h"
#include "config.h"
#include "store_catalog.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

int bench_run_clerks(int clerks, int (*clerk)(int k, void *arg, void *result), void *arg,
		     void *results, size_t size)
{
	int fds[2], failed = 0;
	if (pipe(fds) != 0)
		return 1;
	for (int k = 0; k < clerks; k++) {
		pid_t pid = fork();
		if (pid < 0) {
			failed = 1;
			clerks = k;
			break;
		}
		if (pid == 0) {
			char *mine = calloc(1, size);
			int status = mine ? clerk(k, arg, mine) : 1;
			if (mine && write(fds[1], mine, size) != (ssize_t)size)
				status = 1;
			_exit(status);
		}
	}
	close(fds[1]);
	for (int k = 0; k < clerks; k++) {
		int status;
		wait(&status);
		failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	int got = 0;
	while (got < clerks && read(fds[0], (char *)results + (size_t)got * size, size) == (ssize_t)size)
		got++;
	close(fds[0]);
	return failed || got < clerks;
}
