/*
 * verify.h - whole-database consistency checks (`motcua db verify`).
 *
 * For the session's agency: every column of every dossier row equals the
 * replay of its event log (the receipt's facts from the receive event and
 * the corrections after it, the state through the state machine); events are numbered 1..revision without holes; each day's
 * dossier codes are 0001..N with no gap or duplicate, and the day's counter
 * stands at N; apology numbers are 1..N per year, likewise.
 */
#ifndef MOTCUA_VERIFY_H
#define MOTCUA_VERIFY_H

#include "store_dossier.h"

typedef struct mc_verify_stats {
	long dossiers, events, problems;
	long legacy;        /* dossiers whose receive event predates migration 0012:
			       their applicant's facts are not in the log */
	long backdated;     /* events dated other than when they were logged, with
			       their reason (imports, corrections of history) */
	long corrections, voids;   /* amendments by the office */
} mc_verify_stats;

/* Runs every check; each problem is passed to `report` (may be NULL).
 * Returns MC_OK even when problems were found: see stats->problems. */
int mc_verify_all(const mc_store_ctx *s, void (*report)(const char *msg, void *arg),
		  void *arg, mc_verify_stats *stats, mc_error *err);

#endif
