/*
 * store_catalog.h - the catalogue in PostgreSQL.
 */
#ifndef MOTCUA_STORE_CATALOG_H
#define MOTCUA_STORE_CATALOG_H

#include "catalog.h"
#include "store.h"

typedef struct mc_catalog_load_stats {
	int procedures;          /* procedures in the catalogue */
	int versions_added, versions_updated, versions_unchanged, versions_removed;
} mc_catalog_load_stats;

/*
 * Store the agency, all procedures and versions, and the sets, in one
 * transaction. Idempotent: loading the same catalogue again changes
 * nothing. A version whose content changed (or that disappeared) while
 * dossiers reference it is refused (MC_ERR_REFUSED) with the dossier count,
 * and nothing is written.
 */
int mc_store_catalog_load(mc_db *db, const mc_catalog *cat,
			  mc_catalog_load_stats *stats, mc_error *err);

/*
 * The stored version is the truth for every dossier received under it: a
 * procedure file edited after dossiers were received under one of its
 * versions (catalog load refuses to store the edit) must not change how
 * those dossiers are replayed. For each stored version whose rules (time,
 * supplements, steps) differ from the file's, the catalogue takes the
 * stored rules; *changed counts them (the caller says so).
 */
int mc_store_catalog_sync(mc_db *db, mc_catalog *cat, int *changed, mc_error *err);

#endif
