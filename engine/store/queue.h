/*
 * queue.h - the API's work queue and search: one page of dossiers, soonest
 * due first, keyset-paginated on (due_at, code).
 *
 * The statement is assembled from fixed fragments (every value a
 * parameter), so that the planner sees `result IS NULL` as written when the
 * queue is of open dossiers and walks the index dossier_open_due (agency_id,
 * due_at) WHERE result IS NULL from the cursor on, stopping after `limit`
 * rows: a page costs the same on the first page as on the thousandth. A
 * search (`q`) for a phone, an ID number or a code prefix is an OR of
 * leakproof conditions each with its own index (migration 0014), its few
 * matches taken first and then sorted; a text without a digit is also
 * looked for in the name (any case), which no index serves under row-level security: the
 * open dossiers are read in due order until the page is full.
 */
#ifndef MOTCUA_QUEUE_H
#define MOTCUA_QUEUE_H

#include "dossier_view.h"
#include "store_dossier.h"

#define MC_QUEUE_LIMIT_DEFAULT 50
#define MC_QUEUE_LIMIT_MAX 500

typedef struct mc_queue_query {
	const char *state;           /* NULL: open dossiers */
	const char *unit;            /* the current step's unit, or NULL */
	int overdue;                 /* in a step and past due as of `now` */
	mc_time now;
	mc_time due_before;          /* 0: none; else due_at < it */
	const char *q;               /* code (prefix), phone, ID number, or part of the name */
	int after;                   /* a cursor: rows after (after_due, after_code) */
	mc_time after_due;
	const char *after_code;
	int limit;                   /* 1..MC_QUEUE_LIMIT_MAX */
} mc_queue_query;

typedef struct mc_queue_row {
	char code[MC_CODE_MAX], procedure_code[64], applicant[400], state[32];
	char step_id[64], step_unit[64], result[16];   /* "" when none */
	int step_index;                                /* -1 when not in a step */
	mc_time received_at, due_at, step_due_at;      /* step_due_at 0: none */
	mc_time paused_since;                          /* 0: not paused */
} mc_queue_row;

/* One page: *rows malloc'd (free it), *n rows, *more set when a row
 * follows the last one. MC_ERR_INPUT for an unknown state. */
int mc_store_queue_page(const mc_store_ctx *s, const mc_queue_query *q, mc_queue_row **rows,
			size_t *n, int *more, mc_error *err);

#endif
