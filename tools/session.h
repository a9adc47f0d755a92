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

/* Load procedures/ and open the database; on failure prints the error and
 * returns the exit status (the session is left closed). */
int cli_session_open(cli_session *s, int need_db);
void cli_session_close(cli_session *s);

/* Parse --at MOMENT (NULL: now). Returns 0 or prints a usage error. */
int cli_moment_arg(const char *s, mc_time *out, mc_error *err);

#endif
