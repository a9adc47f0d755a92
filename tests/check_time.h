/*
 * check_time.h - moments in the tests (include after check.h): at("...")
 * parses one or ends the test, CHECK_MOMENT compares one with its text.
 */
#ifndef MOTCUA_CHECK_TIME_H
#define MOTCUA_CHECK_TIME_H

#include <stdlib.h>
#include "civil.h"

static inline mc_time at(const char *s)
{
	mc_time t;
	if (mc_parse_moment(s, &t, NULL)) {
		fprintf(stderr, "bad moment %s\n", s);
		exit(1);
	}
	return t;
}

static inline void check_moment(mc_time t, const char *want, const char *file, int line)
{
	char got[MC_MOMENT_MAX];
	mc_format_moment(got, sizeof got, t);
	if (strcmp(got, want)) {
		fprintf(stderr, "%s:%d: got %s, expected %s\n", file, line, got, want);
		check_failures++;
	}
}
#define CHECK_MOMENT(t, want) check_moment(t, want, __FILE__, __LINE__)

#endif
