/*
 * import.h - bring in history from the existing one-stop system.
 *
 * A CSV of actions, one per row, with the header
 *   dossier,at,action,procedure,channel,applicant,actor,note
 * (any column order; `dossier` is the old system's reference, which the
 * imported dossier keeps as its code (it takes no number of the day's
 * counter, so an import never holds the desk's receipts); procedure,
 * channel and applicant are needed on receive rows only), replayed in file
 * order through the same state machine, at the historical moments, in one
 * transaction: any invalid row aborts the import naming its line, and the
 * database is left as it was.
 */
#ifndef MOTCUA_IMPORT_H
#define MOTCUA_IMPORT_H

#include "store_dossier.h"

typedef struct mc_import_stats {
	int rows, dossiers, actions;
} mc_import_stats;

int mc_import_csv(const mc_store_ctx *s, const char *path, const char *text, size_t len,
		  mc_import_stats *stats, mc_error *err);

#endif
