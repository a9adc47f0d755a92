/*
 * check.h - a minimal test harness: checks count failures and report
 * file:line, a test program exits 1 if any failed, 77 to say "skipped".
 */
#ifndef MOTCUA_CHECK_H
#define MOTCUA_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		check_failures++; \
	} } while (0)

#define CHECK_INT(got, want) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	if (g_ != w_) { \
		fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, \
			#got, g_, w_); \
		check_failures++; \
	} } while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!g_ || strcmp(g_, w_) != 0) { \
		fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
			#got, g_ ? g_ : "(null)", w_); \
		check_failures++; \
	} } while (0)

/* The string contains the fragment. */
#define CHECK_HAS(got, frag) do { \
	const char *g_ = (got), *f_ = (frag); \
	if (!g_ || !strstr(g_, f_)) { \
		fprintf(stderr, "%s:%d: %s is \"%s\", expected it to contain \"%s\"\n", \
			__FILE__, __LINE__, #got, g_ ? g_ : "(null)", f_); \
		check_failures++; \
	} } while (0)

#define CHECK_RESULT() (check_failures ? (fprintf(stderr, "%d check(s) failed\n", \
	check_failures), 1) : 0)

#endif
