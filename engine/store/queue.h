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
 *
 * The holder of the current step (`assignee`, migration 0020) has its
 * index too, dossier_open_assignee (agency_id, assignee, due_at, code)
 * WHERE result IS NULL AND assignee IS NOT NULL: "my dossiers", alone or
 * in a unit's queue, are walked in due order as the queue is. Each row
 * carries its holder's login and full name (the view motcua.staff).
 *
 * The other filters (procedure, channel, received and due between) are
 * conditions on the same walk; sorted by the receipt moment the walk is the
 * index dossier_received (agency_id, received_at), by code the index
 * dossier_open_code (agency_id, code) WHERE result IS NULL. A page backwards
 * (`before`) walks the same index the other way from the cursor and is
 * returned in the page's order. The counts per state are a second
 * statement with the same conditions but the state, over the open dossiers
 * and those whose result waits at the desk.
 */
#ifndef MOTCUA_QUEUE_H
#define MOTCUA_QUEUE_H

#include "dossier_view.h"
#include "store_dossier.h"

#define MC_QUEUE_LIMIT_DEFAULT 50
#define MC_QUEUE_LIMIT_MAX 500

typedef enum {
	MC_QUEUE_SORT_DUE,           /* (due_at, code): soonest due first */
	MC_QUEUE_SORT_RECEIVED,      /* (received_at, code): first received first */
	MC_QUEUE_SORT_CODE,          /* code */
} mc_queue_sort;

typedef struct mc_queue_query {
	const char *state;           /* NULL: open dossiers */
	const char *unit;            /* the current step's unit, or NULL */
	const char *assignee;        /* the current step's holder (a login), or NULL */
	const char *procedure;       /* the procedure's code, or NULL */
	const char *channel;         /* in_person, post, online, or NULL */
	int overdue;                 /* in a step and past due as of `now` */
	mc_time now;
	mc_time due_before;          /* 0: none; else due_at < it */
	mc_time due_from;            /* 0: none; else due_at >= it */
	mc_time received_from;       /* 0: none; else received_at >= it */
	mc_time received_to;         /* 0: none; else received_at < it */
	const char *q;               /* code (prefix), phone, ID number, or part of the name */
	mc_queue_sort sort;
	int after;                   /* a cursor: rows after (after_due, after_code) in the
	                                sort order (after_due: the due or receipt moment;
	                                unused when sorted by code) */
	int before;                  /* with a cursor: the page before it instead */
	mc_time after_due;
	const char *after_code;
	int limit;                   /* 1..MC_QUEUE_LIMIT_MAX */
	int then_commit;             /* mc_store_queue_page: the page is all the open
	                                transaction does: COMMIT it in the same round
	                                trip (not after a failure: the caller's) */
} mc_queue_query;

typedef struct mc_queue_row {
	char code[MC_CODE_MAX], procedure_code[64], applicant[400], state[32];
	char step_id[64], step_unit[64], result[16];   /* "" when none */
	int step_index;                                /* -1 when not in a step */
	int revision;                                  /* the row's (an action's If-Match) */
	char channel[16];
	mc_time received_at, due_at, step_due_at;      /* step_due_at 0: none */
	mc_time paused_since;                          /* 0: not paused */
	char assignee[MC_ASSIGNEE_MAX];                /* the step's holder; "" when none */
	char assignee_name[MC_FULL_NAME_BYTES];        /* the holder's full name ("": unknown) */
} mc_queue_row;

/* One page: *rows malloc'd (free it), *n rows, *more set when a row
 * follows the last one (backwards: when a row precedes the first one).
 * MC_ERR_INPUT for an unknown state or channel. */
int mc_store_queue_page(const mc_store_ctx *s, const mc_queue_query *q, mc_queue_row **rows,
			size_t *n, int *more, mc_error *err);

/* How many dossiers match `q` but its state and cursor, per state
 * (counts[mc_dstate]); only the open states and result_ready are counted,
 * the others stay 0. */
int mc_store_queue_counts(const mc_store_ctx *s, const mc_queue_query *q,
			  long counts[MC_DS__COUNT], mc_error *err);

/* A person who may hold a step: an active specialist, head or leader of
 * the session's agency (the view motcua.staff, migration 0020). */
typedef struct mc_staff_row {
	char login[MC_ASSIGNEE_MAX], full_name[MC_FULL_NAME_BYTES], unit[64], role[16];
} mc_staff_row;
#define MC_STAFF_MAX 2000
#define MC_STAFF_MAX_SQL "2000"

/* The agency's people who may hold a step, by unit then name: *rows
 * malloc'd (free it), *n rows (at most MC_STAFF_MAX). */
int mc_store_step_staff(const mc_store_ctx *s, mc_staff_row **rows, size_t *n, mc_error *err);

/* The key of a row in the sort order, for a cursor (its moment). */
mc_time mc_queue_row_key(const mc_queue_row *w, mc_queue_sort sort);

/* A cursor, opaque to a client: hex of "EPOCH:CODE" (the row's key in the
 * sort order and its code). Decoding: 0, or -1 when `s` is not one. */
void mc_queue_cursor_encode(char *out, size_t n, mc_time key, const char *code);
int mc_queue_cursor_decode(const char *s, mc_time *key, char *code, size_t ncode);
/* A bound of a filter: a date (YYYY-MM-DD, Vietnam's day: its start, or
 * with `end` the next day's start, so that the day is included) or a
 * moment (RFC 3339). */
int mc_queue_parse_moment(const char *v, int end, mc_time *out, mc_error *err);
#define MC_QUEUE_CURSOR_MAX (2 * (MC_CODE_MAX + 32) + 1)

#endif
