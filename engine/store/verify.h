/*
 * verify.h - whole-database consistency checks (`motcua db verify`).
 *
 * For the session's agency: every dossier row equals the replay of its
 * event log; events are numbered 1..revision without holes; each day's
 * dossier codes are 0001..N with no gap or duplicate, and the day's counter
 * stands at N; apology numbers are 1..N per year, likewise.
 */
#ifndef MOTCUA_VERIFY_H
#define MOTCUA_VERIFY_H

#include "store_dossier.h"

typedef struct mc_verify_stats {
	long dossiers, events, problems;
} mc_verify_stats;

/* Runs every check; each problem is passed to `report` (may be NULL).
 * Returns MC_OK even when problems were found: see stats->problems. */
int mc_verify_all(const mc_store_ctx *s, void (*report)(const char *msg, void *arg),
		  void *arg, mc_verify_stats *stats, mc_error *err);

#endif
