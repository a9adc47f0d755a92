/*
 * apology.h - apology letters and new appointments.
 *
 * When a dossier will miss its due moment the handling unit apologises in
 * writing and sets a new appointment, at the latest one working day before
 * the due date (a later letter is allowed and flagged late). The
 * appointment may be re-set once; a second letter needs `force` and a
 * recorded reason. An apology never changes the due moment that decides
 * early / on time / late. Letters are numbered per agency per year without
 * gaps (the counter row is taken in the letter's transaction), and each is
 * recorded on the dossier's log (action "apology").
 */
#ifndef MOTCUA_APOLOGY_H
#define MOTCUA_APOLOGY_H

#include "lateness.h"
#include "store_dossier.h"

typedef struct mc_apology_req {
	const char *code, *reason, *by;
	mc_time at;                    /* when it is issued */
	mc_time new_appointment;       /* 0: from the remaining work */
	int force;
	const char *force_reason;
} mc_apology_req;

/* Issue and record a letter. MC_ERR_REFUSED for a closed dossier or a
 * second re-set without force. */
int mc_apology_issue(const mc_store_ctx *s, const mc_apology_req *r, mc_apology *out,
		     mc_error *err);

/* The open dossiers that need a letter as of `at` (cannot finish on time,
 * none issued yet), in code order; `fn` gets each code. */
int mc_apology_pending(const mc_store_ctx *s, mc_time at,
		       int (*fn)(const char *code, void *arg), void *arg, mc_error *err);

#endif
