/*
 * dbopen.h - open the database motcua is configured for.
 *
 * With a connection configured (see config.h) that server is used; otherwise
 * the project-local cluster is created and started on demand.
 */
#ifndef MOTCUA_DBOPEN_H
#define MOTCUA_DBOPEN_H

#include "store.h"

typedef struct mc_dbopen_info {
	int embedded;          /* the project-local cluster is in use */
	int created, started;  /* ...and was created / started just now */
	char where[1024];      /* data directory, or the configured target */
} mc_dbopen_info;

int mc_dbopen(mc_db **out, mc_dbopen_info *info, mc_error *err);

#endif
