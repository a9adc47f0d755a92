/*
 * store_dossier.h - dossiers and their event log in PostgreSQL.
 *
 * Every change is one transaction through the database's door (the
 * functions receive_dossier and append_event, migration 0012): the event is
 * appended and the dossier row rewritten from the state machine's replay of
 * the whole log, with the row's revision checked so that of two clerks
 * acting at once one wins and the other gets MC_ERR_CONFLICT ("the dossier
 * changed"). The moment of a desk action is the server's clock; another
 * moment needs the session's backdate_reason (and, in the database, the
 * office role), and is logged with it. The *_in_tx
 * variants run inside a transaction the caller opened (the CSV import).
 * A receipt is one statement (the day's counter, the row and the receive
 * event together); on its own (mc_store_receive) it commits without waiting
 * for the disk and a second transaction then waits for the flush, so the
 * day's counter is never held across a flush (see store_dossier.c).
 */
#ifndef MOTCUA_STORE_DOSSIER_H
#define MOTCUA_STORE_DOSSIER_H

#include "calendar.h"
#include "catalog.h"
#include "dossier_view.h"
#include "store.h"

typedef struct mc_store_ctx {
	mc_db *db;
	const mc_catalog *cat;           /* its agency is the session's agency */
	const mc_calendar *cal;
	/* Why this session writes moments other than now (an import, the demo's
	 * history, a correction the office gives a reason for); NULL at the
	 * desk, where every moment is the server's clock. */
	const char *backdate_reason;
} mc_store_ctx;

/* Skew allowed between the engine's clock and a moment called "now". */
#define MC_CLOCK_SKEW 300

/* An action on a dossier. */
typedef struct mc_act {
	mc_action action;
	mc_time at;                      /* 0: now, the server's clock */
	const char *actor, *note;        /* note: the reason of refuse, correct, void */
	const char *field, *old_value, *new_value;   /* correct: one fact of the receipt */
	const char *assignee;            /* assign: the step's new holder (a login,
	                                    required); forward: the next step's (NULL:
	                                    nobody). The door refuses (MC_ERR_INPUT) a
	                                    login that is not an active specialist,
	                                    head or leader of the agency. */
} mc_act;

/* Whether `s` is an account's login (lowercase letters, digits, . _ -, at
 * most 63 bytes, as migration 0013): what an assignee must look like. */
int mc_store_login_valid(const char *s);

/* The receipt's facts an office user may correct (mc_act.field). */
int mc_store_correctable(const char *field);

/* Receive a dossier. `out` receives the dossier as written (its code, the
 * receive event, the state replayed); clear it with mc_dossier_info_clear.
 * *existed is set when the idempotency key named an earlier receipt of the
 * same facts (nothing new is written; the same key with other facts is
 * MC_ERR_CONFLICT). */
int mc_store_receive(const mc_store_ctx *s, const mc_receipt *r, mc_dossier_info *out,
		     int *existed, mc_error *err);
int mc_store_receive_in_tx(const mc_store_ctx *s, const mc_receipt *r, mc_dossier_info *out,
			   int *existed, mc_error *err);
/* The same in the caller's transaction, and the commit of that transaction
 * in the same round trip, without waiting for its WAL flush (the desk's
 * way, see mc_store_receive), then a flushed transaction: the day's
 * counter is held for the statement and the commit alone, neither through
 * a round trip nor a disk flush. *ended 1: the caller's transaction is
 * over, committed unless the error says the commit failed (with MC_OK the
 * receipt is on disk; MC_ERR_REFUSED "not in the database" when the
 * procedure's version is not stored: committed, nothing of the receipt
 * written). *ended 0: an earlier receipt of the same key was found
 * (*existed), or the receipt's statement failed: the transaction is still
 * the caller's, then in a failed state, its savepoint mc_receipt just
 * before the receipt. Two retries of one receipt racing: the loser returns
 * the winner's. */
int mc_store_receive_commit(const mc_store_ctx *s, const mc_receipt *r, mc_dossier_info *out,
			    int *existed, int *ended, mc_error *err);

/* Apply an action to dossier `code`. `out` (may be NULL) receives the
 * dossier after it. */
int mc_store_act(const mc_store_ctx *s, const char *code, const mc_act *a, mc_dossier_info *out,
		 mc_error *err);
int mc_store_act_in_tx(const mc_store_ctx *s, const char *code, const mc_act *a,
		       mc_dossier_info *out, mc_error *err);
/* The same, failing with MC_ERR_CONFLICT unless the dossier is still at
 * `revision` (what the caller read earlier in its transaction). */
int mc_store_act_at_revision(const mc_store_ctx *s, const char *code, int revision,
			     const mc_act *a, mc_dossier_info *out, mc_error *err);

/* Load a dossier: its log and the state and facts replayed from it, and the
 * row's revision. MC_ERR_NOTFOUND if there is no such dossier. Clear with
 * mc_dossier_info_clear. */
int mc_store_dossier_get(const mc_store_ctx *s, const char *code, mc_dossier_info *out,
			 mc_error *err);

/* Compare every column of the stored row with the replay of the log:
 * MC_OK if equal, else MC_ERR_INPUT with the differing column in the
 * message. *legacy (if not NULL) is set when the receive event predates
 * migration 0012 and so lacks the applicant's facts (those columns are then
 * not checked). */
int mc_store_dossier_verify(const mc_store_ctx *s, const char *code, int *legacy, mc_error *err);

/*
 * The calendar is not versioned per dossier: a day off announced later
 * applies to every open dossier. When the calendar's fingerprint differs
 * from the one last applied (table calendar_state), the due moments of
 * every dossier open or due after now are recomputed from its log through
 * the door (and so the verdict of one finished before its due moment), each
 * change logged in due_change, in one transaction. The first time (no fingerprint
 * stored), the current one is recorded and nothing recomputed; `force`
 * recomputes anyway. Office role.
 */
typedef struct mc_recompute_stats {
	long open, changed;         /* dossiers replayed, of which changed */
	int first, unchanged;       /* nothing to do: first record, same calendar */
} mc_recompute_stats;
int mc_store_recompute(const mc_store_ctx *s, int force, mc_recompute_stats *st, mc_error *err);

/* The code of the dossier imported with external reference `ref`. */
int mc_store_find_ref(const mc_store_ctx *s, const char *ref, char *code, size_t n,
		      mc_error *err);

#endif
