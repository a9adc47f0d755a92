/*
 * nightly.h - the nightly lateness job.
 *
 * As of a night (the start of date D, Vietnam's time) every open dossier is
 * evaluated and alerts are raised per dossier and responsible unit:
 *   due_soon          the dossier or its current step is due within the
 *                     next working day (configurable), with the last moment
 *                     an apology is still on time;
 *   apology_required  it cannot be finished on time (its remaining steps'
 *                     shares do not fit before the due moment, or it is
 *                     overdue) and no apology has been issued;
 *   overdue           the dossier or its current step is past its due
 *                     moment, with how much working time late.
 * Dossiers waiting for a supplement or paused have their clock stopped and
 * raise no time alerts. A night is evaluated in one transaction that ends
 * by recording the night as done (table nightly_run): a run killed half way
 * leaves nothing, its rerun evaluates the whole night, and a rerun of a
 * finished night records nothing. Open dossiers stream through a cursor and
 * alerts are appended with COPY a page at a time, so memory stays flat.
 */
#ifndef MOTCUA_NIGHTLY_H
#define MOTCUA_NIGHTLY_H

#include "lateness.h"
#include "store_dossier.h"

/* Open dossiers read, and alerts listed, a page at a time. */
#define MC_NIGHTLY_PAGE 5000

typedef struct mc_nightly_opts {
	int32_t as_of;              /* the night: day number */
	int64_t soon_ticks;         /* "due soon" horizon (default 1 working day) */
	int page;                   /* dossiers read at a time (default MC_NIGHTLY_PAGE) */
	void (*progress)(long done, void *arg);
	void *arg;
} mc_nightly_opts;

typedef struct mc_nightly_stats {
	long dossiers;              /* open dossiers evaluated */
	long alerts_new;            /* recorded by this run */
	long recomputed;            /* open dossiers whose due moments a changed
				     * calendar moved before the night was judged */
	int already_done;           /* the night had been evaluated: nothing
				     * recorded, dossiers is that run's count */
} mc_nightly_stats;

/* Run the evaluation; MC_ERR_CONFLICT if another run holds the lock. */
int mc_nightly_run(const mc_store_ctx *s, const mc_nightly_opts *o, mc_nightly_stats *st,
		   mc_error *err);

/* Stream the night's alerts ordered by unit, kind, dossier, scope, in
 * pages through a cursor (in a read-only transaction of its own unless the
 * caller has one open); `fn` is called for each and must not use the
 * session. */
int mc_nightly_alerts(const mc_store_ctx *s, int32_t as_of,
		      void (*fn)(const mc_alert *a, void *arg), void *arg, mc_error *err);

#endif
