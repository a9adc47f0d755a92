/*
 * cluster.h - the project-local PostgreSQL cluster.
 *
 * When no database is configured, motcua runs its own cluster: initdb into a
 * data directory (default var/pg), listening only on a Unix socket inside that
 * directory (no TCP), and a database "motcua". The OS user running motcua
 * (and, when that is root, "postgres") connects as the superuser "motcua" by
 * peer authentication (pg_ident.conf map "motcua"); every other role needs
 * its password (scram-sha-256); nothing is trusted. When run as root the
 * server runs as the unprivileged system user "postgres" (initdb refuses
 * root), as Debian's own tools do. Creation and start are serialised by the
 * lock file <datadir>.lock; see cluster.c for the checks on the paths.
 */
#ifndef MOTCUA_CLUSTER_H
#define MOTCUA_CLUSTER_H

#include <stddef.h>
#include "error.h"

typedef enum {
	MC_CLUSTER_ABSENT,   /* no data directory yet */
	MC_CLUSTER_STOPPED,
	MC_CLUSTER_RUNNING,
} mc_cluster_state;

/* Create (if absent) and start (if stopped) the cluster, and make sure the
 * database "motcua" exists. `created` and `started` (may be NULL) report what was
 * done. A cluster whose pg_hba.conf is still an earlier version's all-trust
 * default gets the rules above. */
int mc_cluster_ensure(const char *datadir, int *created, int *started,
		      mc_error *err);

int mc_cluster_stop(const char *datadir, mc_error *err);
int mc_cluster_state_of(const char *datadir, mc_cluster_state *out, mc_error *err);

/* The conninfo for the cluster's database `dbname`. */
void mc_cluster_conninfo(char *buf, size_t n, const char *datadir,
			 const char *dbname);

#endif
