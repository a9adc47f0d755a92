/*
 * lookup.h - the citizen's look-up (migration 0017): the public facts of
 * one dossier, by its code and the last four digits of the applicant's
 * phone or ID number, or by the look-up token of the slip's QR code.
 *
 * Each call takes, for the rest of the caller's transaction, the role
 * motcua_public and the agency (SET LOCAL ROLE), which may read no table:
 * only the database's functions public_lookup and public_lookup_token,
 * which record the failure or refuse a client or a code that failed too
 * often. A failure is a write the caller should commit even though its
 * reply is an error (the count would otherwise never grow).
 */
#ifndef MOTCUA_LOOKUP_H
#define MOTCUA_LOOKUP_H

#include "civil.h"
#include "store.h"

typedef enum {
	MC_LOOKUP_FOUND,
	MC_LOOKUP_NOT_FOUND,         /* no such code, wrong digits, unknown token: one answer */
	MC_LOOKUP_LIMITED,           /* too many failures from the client or on the code */
} mc_lookup_outcome;

/* What a citizen may learn: nothing about the applicant, no event. */
typedef struct mc_public_facts {
	mc_lookup_outcome outcome;
	char code[100];
	char procedure_name[2048];
	char state[32];              /* the state's name (mc_dstate_parse) */
	mc_time due_at;              /* the appointment */
	int retry_after;             /* LIMITED: seconds until one more try */
} mc_public_facts;

/* By code and digits (`digits`: four ASCII digits), from `client` (its
 * address), for `agency`. */
int mc_store_public_lookup(mc_db *db, const char *agency, const char *code, const char *digits,
			   const char *client, mc_public_facts *out, mc_error *err);
/* By the slip's token. */
int mc_store_public_lookup_token(mc_db *db, const char *agency, const char *token,
				 const char *client, mc_public_facts *out, mc_error *err);

#endif
