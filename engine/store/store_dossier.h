/*
 * store_dossier.h - dossiers and their event log in PostgreSQL.
 *
 * Every change is one transaction: the event is appended and the dossier
 * row rewritten from the state machine's replay of the whole log, with the
 * row's revision checked so that of two clerks acting at once one wins and
 * the other gets MC_ERR_CONFLICT ("the dossier changed"). The *_in_tx
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
} mc_store_ctx;

/* Receive a dossier; writes its code once the dossier is durable. *existed
 * is set when the idempotency key named an earlier receipt (nothing new is
 * written). */
int mc_store_receive(const mc_store_ctx *s, const mc_receipt *r, char *code, size_t n,
		     int *existed, mc_error *err);
int mc_store_receive_in_tx(const mc_store_ctx *s, const mc_receipt *r, char *code,
			   size_t n, int *existed, mc_error *err);

/* Apply an action to dossier `code`. */
int mc_store_act(const mc_store_ctx *s, const char *code, mc_action a, mc_time at,
		 const char *actor, const char *note, mc_error *err);
int mc_store_act_in_tx(const mc_store_ctx *s, const char *code, mc_action a, mc_time at,
		       const char *actor, const char *note, mc_error *err);

/* Load a dossier: its row, its log, and the state replayed from the log.
 * MC_ERR_NOTFOUND if there is no such dossier. Clear with
 * mc_dossier_info_clear. */
int mc_store_dossier_get(const mc_store_ctx *s, const char *code, mc_dossier_info *out,
			 mc_error *err);

/* Compare the stored row with the replay of the log: MC_OK if equal, else
 * MC_ERR_INPUT with the differing column in the message. */
int mc_store_dossier_verify(const mc_store_ctx *s, const char *code, mc_error *err);

/* The code of the dossier imported with external reference `ref`. */
int mc_store_find_ref(const mc_store_ctx *s, const char *ref, char *code, size_t n,
		      mc_error *err);

#endif
