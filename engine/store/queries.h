/*
 * queries.h - the reads the motcua commands need that are not a dossier's:
 * work queues, desks, the demo's look-ups, the session's agency. Each
 * returns core structs (office_view.h); no PGresult leaves the store.
 */
#ifndef MOTCUA_QUERIES_H
#define MOTCUA_QUERIES_H

#include "office_view.h"
#include "store_dossier.h"

/* Set the session's agency (row-level security, migration 0006). */
int mc_store_set_agency(mc_db *db, const char *agency_id, mc_error *err);

/* The agency's work queue: the dossiers `f` selects, soonest due first
 * (then by code). *items is malloc'd (free it), *n its length. */
int mc_store_queue(const mc_store_ctx *s, const mc_queue_filter *f, mc_queue_item **items,
		   size_t *n, mc_error *err);

/* What is on each unit's desk at `at`: open dossiers received before it,
 * by unit (ordered by unit id). *desks is malloc'd (free it). */
int mc_store_desks(const mc_store_ctx *s, mc_time at, mc_desk **desks, size_t *n,
		   mc_error *err);

/* Dossiers of the agency received in [from, to). */
int mc_store_count_received(const mc_store_ctx *s, mc_time from, mc_time to, long *count,
			    mc_error *err);

/* The first dossier received (`first`), and the first received of those
 * finished late (`late`); "" when there is none. */
int mc_store_sample_dossiers(const mc_store_ctx *s, char *first, size_t nfirst, char *late,
			     size_t nlate, mc_error *err);

#endif
