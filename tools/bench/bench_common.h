/*
 * bench_common.h - what the benchmark and load programs share: a clock and
 * the catalogue, calendar and database they all start from.
 */
#ifndef MOTCUA_BENCH_COMMON_H
#define MOTCUA_BENCH_COMMON_H

#include "calendar.h"
#include "catalog.h"
#include "store.h"

/* Monotonic seconds. */
double bench_now(void);

/* Load procedures/, connect (MOTCUA_DATABASE_URL or PG*) and load the
 * catalogue into the database. Exits with a message on failure. */
void bench_open(mc_catalog **cat, mc_calendar **cal, mc_db **db);

/* The connection string the programs use ("" = libpq defaults). */
const char *bench_conninfo(void);

/* Run `clerks` processes at once; process k calls clerk(k, arg, result),
 * whose `size`-byte result lands in results (in order of completion) and
 * whose nonzero return is its exit status. Returns 0 if every process
 * exited 0 and reported. */
int bench_run_clerks(int clerks, int (*clerk)(int k, void *arg, void *result), void *arg,
		     void *results, size_t size);

#endif
