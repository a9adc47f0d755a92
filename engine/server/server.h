/*
 * server.h - `motcua serve`: the engine over HTTP (libmicrohttpd), a JSON
 * API under /api/v1 with accounts and sessions. See api.h for the pieces.
 */
#ifndef MOTCUA_SERVER_H
#define MOTCUA_SERVER_H

#include <stddef.h>
#include "error.h"

typedef struct mc_server_opts {
	const char *listen;          /* "HOST:PORT" or "unix:/path" */
	int threads;                 /* the HTTP thread pool */
	int db_connections;          /* the PostgreSQL pool */
	size_t max_body;             /* bytes; a larger body is 413 */
	int timeout;                 /* seconds a connection may be idle */
	int idle, absolute;          /* a session's idle and absolute expiry, seconds */
	int secure_cookies;          /* behind TLS: cookies get Secure */
	int trusted_proxy;           /* read X-Forwarded-For/-Proto from a local peer */
} mc_server_opts;

/* Defaults for every field but listen. */
void mc_server_opts_default(mc_server_opts *o);

/* Open the catalogue, calendar and database pool, listen, serve until
 * SIGTERM or SIGINT, then stop accepting, let the requests in flight
 * finish, and return MC_OK. */
int mc_server_run(const mc_server_opts *o, mc_error *err);

#endif
