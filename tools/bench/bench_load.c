/*
 * bench_load.c - loading the whole catalogue and calendar (validated), in
 * milliseconds, next to libyaml merely parsing the same files into events.
 * usage: bench_load [REPEATS]
 */
#include "calendar.h"
#include "catalog.h"
#include "config.h"
#include "fileutil.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Parse every .yaml file under dir (one level of subdirectories). */
static long parse_all(const char *dir)
{
	long events = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char path[PATH_MAX];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t len = strlen(e->d_name);
		if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml")) {
			char *text;
			size_t n;
			if (mc_file_read(path, &text, &n, NULL))
				continue;
			yaml_parser_t p;
			yaml_event_t ev;
			yaml_parser_initialize(&p);
			yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
			int done = 0;
			while (!done && yaml_parser_parse(&p, &ev)) {
				done = ev.type == YAML_STREAM_END_EVENT;
				yaml_event_delete(&ev);
				events++;
			}
			yaml_parser_delete(&p);
			free(text);
		} else if (!strchr(e->d_name, '.')) {
			events += parse_all(path);
		}
	}
	if (d)
		closedir(d);
	return events;
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 20;
	char dir[PATH_MAX];
	mc_error err;
	mc_config_path(dir, sizeof dir, "procedures");
	double best = 1e9, base = 1e9;
	for (int i = 0; i < reps; i++) {
		double t = now();
		mc_catalog *cat = NULL;
		mc_calendar *cal = NULL;
		if (mc_catalog_load(&cat, dir, &err) || mc_calendar_load(&cal, dir, &err)) {
			mc_error_print(&err, "bench_load");
			return 1;
		}
		t = now() - t;
		best = t < best ? t : best;
		mc_catalog_free(cat);
		mc_calendar_free(cal);
		t = now();
		long ev = parse_all(dir);
		t = now() - t;
		base = t < base ? t : base;
		if (ev == 0)
			return 1;
	}
	printf("BENCH load %.2f ms vs libyaml_parse %.2f ms ratio %.2f\n", best * 1000, base * 1000,
	       best / base);
	return 0;
}
