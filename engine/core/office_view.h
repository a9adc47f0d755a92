/*
 * office_view.h - the office's listings as data: a work queue of dossiers
 * (motcua list) and what is on each unit's desk (motcua nightly). The
 * store fills them (store/queries.h), the renderers read them
 * (outputs/dossier_render.h, outputs/nightly_render.h).
 */
#ifndef MOTCUA_OFFICE_VIEW_H
#define MOTCUA_OFFICE_VIEW_H

#include <stddef.h>

#include "civil.h"
#include "lateness.h"

/* Which dossiers a work queue holds. */
typedef struct mc_queue_filter {
	const char *state;           /* NULL: open ones (or all with `all`) */
	const char *unit;            /* the current step's unit, or NULL */
	const char *assignee;        /* the current step's holder (a login), or NULL */
	int overdue;                 /* in a step and past due as of `now` */
	int all;                     /* closed ones too */
	mc_time now;
} mc_queue_filter;

/* One dossier of a work queue. */
typedef struct mc_queue_item {
	char code[MC_CODE_MAX], procedure_code[64], channel[16], state[32];
	char step_id[64], step_unit[64];   /* "" when not in a step */
	char result[16];                   /* early / on_time / late, "" if open */
	mc_time received_at, due_at;
	mc_time step_due_at;               /* 0 when not in a step */
	int overdue;                       /* in a step and past due as of now */
} mc_queue_item;

/* One unit's desk at a moment. */
typedef struct mc_desk {
	char unit[64];
	long open, overdue, waiting;       /* waiting: supplement or paused */
} mc_desk;

#endif
