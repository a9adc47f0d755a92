/*
 * apology_store.h - reading back an issued apology letter (migration 0004's
 * table motcua.apology), so the letter can be printed again exactly as it
 * was issued: its number, date, original due moment, new appointment and
 * reason come from the letter's row, never re-made from the dossier's log.
 * Issuing a letter is engine/jobs/apology.c's. Also the nights the nightly
 * job has evaluated, for the office's choice of a night's alerts.
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

/* The letters issued for the session's agency, latest first, at most
 * `limit`: `fn` gets each one's dossier code, facts, reason and issuer
 * (a non-zero return stops the walk and is returned). */
int mc_store_apology_recent(const mc_store_ctx *s, int limit,
			    int (*fn)(const char *code, const mc_apology *a, const char *reason,
				      const char *by, void *arg),
			    void *arg, mc_error *err);

/* The nights the nightly job has evaluated (table nightly_run), latest
 * first, at most `limit`: the night's day number, how many open dossiers
 * it evaluated and how many alerts it recorded. */
typedef struct mc_night {
	int32_t as_of;
	long dossiers, alerts;
} mc_night;
int mc_store_nights(const mc_store_ctx *s, int limit, mc_night *out, size_t *n, mc_error *err);

#endif
