/*
 * session.h - what the dossier commands open: the catalogue, the calendar
 * and the database, as one store context.
 */
#ifndef MOTCUA_SESSION_H
#define MOTCUA_SESSION_H

#include "store_dossier.h"

typedef struct cli_session {
	mc_catalog *cat;
	mc_calendar *cal;
	mc_db *db;
	mc_store_ctx ctx;
} cli_session;

/* Load procedures/ and open the database (need_db 1), taking the stored
 * rules of every procedure version the database holds (they are the truth
 * for the dossiers received under them: mc_store_catalog_sync), or as the
 * files say (CLI_SESSION_DB_AS_FILED: for catalog load). On failure prints
 * the error and returns the exit status (the session is left closed). */
#define CLI_SESSION_DB_AS_FILED 2
int cli_session_open(cli_session *s, int need_db);
/* Open a session and load dossier `code` into *info; on failure prints the
 * error and returns the exit status (the session is left closed). */
int cli_session_dossier(cli_session *s, const char *code, mc_dossier_info *info);
/* Take the stored rules now (after a catalog load); as cli_session_open. */
int cli_session_sync(cli_session *s);
void cli_session_close(cli_session *s);

/* Parse --at MOMENT (NULL: now). Returns 0 or prints a usage error. */
int cli_moment_arg(const char *s, mc_time *out, mc_error *err);

#endif
