/*
 * bench_deadline.c - due-moment computations per second.
 *
 * usage: bench_deadline N [DUMPDIR]
 * Computes N due moments (start moments spread over 2017-2030 to the
 * minute, 0.5 to 30 working days) over the department's calendar and
 * prints "deadline <rate>" (per second). With DUMPDIR, also writes the same
 * pairs at day granularity (starts.i64, offsets.i64) and the year's weekday
 * holidays (holidays.i64) for the numpy baseline in deadline.py.
 */
#include "calendar.h"
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dump(const char *dir, const char *name, const int64_t *v, size_t n)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(v, sizeof *v, n, f) != n || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_deadline N [DUMPDIR]\n");
		return 2;
	}
	size_t n = strtoul(argv[1], NULL, 10);
	char dir[PATH_MAX];
	mc_error err;
	mc_calendar *cal = NULL;
	double t0 = now();
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_calendar_load(&cal, dir, &err)) {
		mc_error_print(&err, "bench_deadline");
		return 1;
	}
	double load_ms = (now() - t0) * 1000;
	mc_time *start = malloc(n * sizeof *start);
	int64_t *ticks = malloc(n * sizeof *ticks);
	if (!start || !ticks)
		return 1;
	uint64_t x = 88172645463325252ULL;
	mc_time lo = mc_time_make(mc_days_from_civil(2017, 1, 1), 0);
	mc_time span = mc_time_make(mc_days_from_civil(2030, 12, 31), 0) - lo;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		start[i] = lo + (mc_time)((x >> 8) % (uint64_t)(span / 60)) * 60;
		ticks[i] = (int64_t)(1 + (x % 60)) * (MC_TICKS_PER_DAY / 2);
	}
	mc_time sum = 0, due;
	double t1 = now();
	for (size_t i = 0; i < n; i++) {
		if (mc_calendar_add_ticks(cal, start[i], ticks[i], &due, &err)) {
			mc_error_print(&err, "bench_deadline");
			return 1;
		}
		sum += due;
	}
	double secs = now() - t1;
	printf("deadline %.0f\n", (double)n / secs);
	printf("load_ms %.2f\n", load_ms);
	fprintf(stderr, "checksum %lld, %zu computations in %.3f s\n", (long long)sum, n, secs);
	if (argc > 2) {
		/* the same pairs at day granularity: start day, whole working days */
		int64_t *days = malloc(n * sizeof *days), *offs = malloc(n * sizeof *offs);
		int64_t hol[8192];
		size_t nh = 0;
		if (!days || !offs)
			return 1;
		for (size_t i = 0; i < n; i++) {
			days[i] = mc_time_day(start[i]);
			offs[i] = (ticks[i] + MC_TICKS_PER_DAY - 1) / MC_TICKS_PER_DAY;
		}
		for (int32_t d = mc_days_from_civil(2016, 1, 1); d < mc_days_from_civil(2032, 1, 1) && nh < 8192; d++) {
			mc_day_info info;
			mc_calendar_day(cal, d, &info, NULL);
			if (!info.working && info.kind != MC_DAY_WEEKEND)
				hol[nh++] = d;
		}
		if (dump(argv[2], "starts.i64", days, n) || dump(argv[2], "offsets.i64", offs, n) ||
		    dump(argv[2], "holidays.i64", hol, nh))
			return 1;
		free(days);
		free(offs);
	}
	free(start);
	free(ticks);
	mc_calendar_free(cal);
	return 0;
}
