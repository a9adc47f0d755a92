/*
 * apology_store.h - reading back an issued apology letter (migration 0004's
 * table motcua.apology), so the letter can be printed again exactly as it
 * was issued: its number, date, original due moment, new appointment and
 * reason come from the letter's row, never re-made from the dossier's log.
 * Issuing a letter is engine/jobs/apology.c's.
 */
#ifndef MOTCUA_APOLOGY_STORE_H
#define MOTCUA_APOLOGY_STORE_H

#include "lateness.h"
#include "store_dossier.h"

/* The latest letter issued for dossier `code` of the session's agency (the
 * second one when the appointment was re-set twice): *out, its reason in
 * *reason (malloc'd: free it) and *found 1; *found 0 (and *reason NULL)
 * when none was issued. */
int mc_store_apology_last(const mc_store_ctx *s, const char *code, mc_apology *out,
			  char **reason, int *found, mc_error *err);

#endif
