/*
 * generate.h - realistic synthetic years of the department's work.
 *
 * A plan is made first, in memory, with a fixed seed: receipts spread over
 * the working days of the period (mostly online, as in 2023), procedures in
 * proportion (the common radiation-safety and standards procedures most),
 * steps taking realistic shares of their allotted time, a few supplements
 * and pauses, some withdrawals and refusals, and a handful of dossiers late
 * because their leader-approval step fell around Tết or during the leader's
 * business trip. Every planned dossier is checked against the pure state
 * machine while planning, so the plan replays without refusal.
 *
 * The plan is then executed in time order through the store (the same code
 * as `motcua receive` and `motcua act`); `on_night` is called before each
 * new day so a nightly job and its apology letters interleave as in life.
 */
#ifndef MOTCUA_GENERATE_H
#define MOTCUA_GENERATE_H

#include <stdint.h>
#include "store_dossier.h"

typedef struct mc_plan_action {
	mc_time at;
	uint32_t dossier;            /* index into the plan's dossiers */
	uint16_t seq;                /* order within the dossier */
	uint8_t action;              /* mc_action */
	const char *actor, *note;    /* static strings */
} mc_plan_action;

typedef struct mc_plan_dossier {
	const char *procedure;       /* code (owned by the catalogue) */
	mc_channel channel;
	char applicant[64];
	char code[MC_CODE_MAX];      /* filled when received */
} mc_plan_dossier;

typedef struct mc_plan {
	mc_plan_dossier *dossiers;
	size_t ndossiers;
	mc_plan_action *actions;
	size_t nactions, cap;
} mc_plan;

typedef struct mc_plan_opts {
	int32_t from, to;            /* receipt days, inclusive */
	long dossiers;
	uint64_t seed;
	int32_t trip_from, trip_to;  /* the leader's business trip (0: none) */
} mc_plan_opts;

int mc_plan_make(mc_plan *out, const mc_catalog *cat, const mc_calendar *cal,
		 const mc_plan_opts *o, mc_error *err);
void mc_plan_free(mc_plan *p);

/* Execute in time order. `on_night(day)` runs before the first action of
 * each new day (and for the days after the last action, up to `until`). */
int mc_plan_run(const mc_store_ctx *s, mc_plan *p, int32_t until,
		int (*on_night)(int32_t day, void *arg), void *arg,
		void (*progress)(size_t done, size_t total, void *arg), mc_error *err);

#endif
