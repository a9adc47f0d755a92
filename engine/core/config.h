/*
 * config.h - where motcua finds its files and its database.
 *
 * MOTCUA_HOME          the project directory holding procedures/ and
 *                      migrations/ (default: the source tree it was built from)
 * MOTCUA_DATABASE_URL  a libpq connection string or URI
 * PGHOST, PGDATABASE, PGPORT, PGUSER, PGSERVICE
 *                      if any is set, libpq's defaults are used
 * MOTCUA_PGDATA        data directory of the project-local cluster used when
 *                      no database is configured (default: $MOTCUA_HOME/var/pg;
 *                      as root, when the postgres user cannot reach that,
 *                      /var/lib/motcua/<project path>/pg)
 */
#ifndef MOTCUA_CONFIG_H
#define MOTCUA_CONFIG_H

#include <stddef.h>

/* The project directory (static storage, never NULL). */
const char *mc_config_home(void);

/* Write "$MOTCUA_HOME/<rel>" into buf. */
void mc_config_path(char *buf, size_t n, const char *rel);

/*
 * The configured connection: a conninfo string ("" = libpq defaults from the
 * PG* variables), or NULL when nothing is configured and the project-local
 * cluster is to be used.
 */
const char *mc_config_conninfo(void);

/* Absolute data directory of the project-local cluster. */
void mc_config_pgdata(char *buf, size_t n);

#endif
