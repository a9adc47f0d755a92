/*
 * accounts.h - the server's accounts, sessions and login log (migration
 * 0013), and what a request of `motcua serve` sets for its transaction.
 * No password or token reaches this layer: it stores and compares hashes
 * the server layer computed.
 */
#ifndef MOTCUA_ACCOUNTS_H
#define MOTCUA_ACCOUNTS_H

#include <stddef.h>
#include "store.h"

#define MC_LOGIN_MAX 64
#define MC_PWHASH_MAX 160

typedef struct mc_user {
	char login[MC_LOGIN_MAX];
	char full_name[801];         /* 200 characters of UTF-8 */
	char role[16];               /* clerk, specialist, head, ... */
	char unit[65];               /* "" when none */
	char agency[64];
	int disabled;
	char created_at[40];         /* as the database prints it (list) */
} mc_user;

/* Add a user; MC_ERR_REFUSED if the login is taken, MC_ERR_INPUT if the
 * database's checks refuse a field. */
int mc_store_user_add(mc_db *db, const mc_user *u, const char *pwhash, mc_error *err);
/* Every user, by login. *out is malloc'd (free it). */
int mc_store_user_list(mc_db *db, mc_user **out, size_t *n, mc_error *err);
/* Disable a user and revoke its sessions, in one transaction. */
int mc_store_user_disable(mc_db *db, const char *login, mc_error *err);
/* Set a new password hash and revoke the user's sessions. */
int mc_store_user_passwd(mc_db *db, const char *login, const char *pwhash, mc_error *err);
/* The user `login` and its password hash; *found 0 when there is none. */
int mc_store_user_find(mc_db *db, const char *login, mc_user *out, char *pwhash, size_t n,
		       int *found, mc_error *err);

/* The failed logins of `login` in the last `window` seconds (*count), and
 * in how many seconds the oldest of the last `limit` of them leaves the
 * window (*retry_after; 0 when fewer than `limit`). */
int mc_store_auth_failures(mc_db *db, const char *login, int window, int limit, int *count,
			   long *retry_after, mc_error *err);
/* Record a login event (login, login_failed, login_locked, logout). */
int mc_store_auth_log(mc_db *db, const char *login, const char *event, const char *client,
		      mc_error *err);

/* A session for `login`, known by the SHA-256 of its token (32 bytes), that
 * ends `absolute` seconds from now. */
int mc_store_session_create(mc_db *db, const unsigned char *token_hash, const char *login,
			    int absolute, mc_error *err);
/* The session's user, if the session is live (not revoked, not past its
 * end, seen in the last `idle` seconds, its user not disabled): its last
 * use becomes now. *found 0 otherwise. */
int mc_store_session_touch(mc_db *db, const unsigned char *token_hash, int idle, mc_user *out,
			   int *found, mc_error *err);
int mc_store_session_revoke(mc_db *db, const unsigned char *token_hash, mc_error *err);

/* ---- bearer tokens for machines (migration 0015, tokens.c) ---------- */

typedef struct mc_token_info {
	char name[MC_LOGIN_MAX];
	char role[16];
	char agency[64];
	char created_at[40], last_used_at[40];   /* "" when never used */
	int revoked;
} mc_token_info;

/* Add the token `name` (the SHA-256 of its bytes); MC_ERR_REFUSED if the
 * name is taken by a token or a user, MC_ERR_INPUT if the database's
 * checks refuse it. */
int mc_store_token_add(mc_db *db, const char *name, const unsigned char *token_hash,
		       const char *role, const char *agency, mc_error *err);
/* Every token, by name (no hash). *out is malloc'd (free it). */
int mc_store_token_list(mc_db *db, mc_token_info **out, size_t *n, mc_error *err);
/* MC_ERR_NOTFOUND when no token is `name`, MC_ERR_REFUSED when revoked. */
int mc_store_token_revoke(mc_db *db, const char *name, mc_error *err);
/* One use of a token, in one statement: the live token's user (its name as
 * the login, its role and agency) in *out and *found 1; either way the use is recorded in the login log from `client`
 * ('token_use', or 'token_refused' under the token's name or '?'). */
int mc_store_token_use(mc_db *db, const unsigned char *token_hash, const char *client,
		       mc_user *out, int *found, mc_error *err);

/* A request by a bearer token begun in one round trip (libpq's pipeline):
 * BEGIN; with lazy_commit, SET LOCAL synchronous_commit = off (for a
 * request whose one write is this record of the token's use: a crash may
 * lose the record of the last uses, never more); the use, as
 * mc_store_token_use (*out, *found); with `roles`, for the transaction, the
 * group role that db_roles gives the token's role at the same position
 * (PostgreSQL array literals: {clerk,...} and {motcua_clerk,...}), its
 * agency and its desk role (as mc_store_act_as_desk), when the token is
 * live and of `agency` and its role is in the map: the group role taken
 * into acting ("" when none); then the savepoint of mc_store_mark. The
 * transaction stays open, whatever the outcome (a failure: the caller's
 * to roll back). */
typedef struct mc_token_begin {
	const unsigned char *token_hash;
	const char *client;
	int lazy_commit;
	const char *roles, *db_roles;   /* NULL: no role taken */
	const char *agency;
} mc_token_begin;
int mc_store_token_begin(mc_db *db, const mc_token_begin *b, mc_user *out, int *found,
			 char *acting, size_t nacting, mc_error *err);

/* The failed logins from address `client` in the last `window` seconds,
 * as mc_store_auth_failures counts those of a login. */
int mc_store_auth_failures_from(mc_db *db, const char *client, int window, int limit,
				int *count, long *retry_after, mc_error *err);

/* A savepoint the request's handler does not name, and going back to it. */
int mc_store_mark(mc_db *db, mc_error *err);
int mc_store_mark_rollback(mc_db *db, mc_error *err);

/* The highest migration applied. */
int mc_store_schema_version(mc_db *db, int *version, mc_error *err);

/* The server's login may act for `agency` as each of `roles` (NULL-ended):
 * it is listed in agency_member (the row is added when the login may add
 * it) and is a member of each role; MC_ERR_REFUSED naming what is missing. */
int mc_store_server_check(mc_db *db, const char *agency, const char *const *roles,
			  mc_error *err);

/* For the rest of the open transaction: the group role `role` (SET LOCAL
 * ROLE) and the agency `agency` (motcua.agency). */
int mc_store_act_as(mc_db *db, const char *role, const char *agency, mc_error *err);
/* The same, and the person's role at the desk (clerk, specialist, ...) for
 * the transaction: the event log checks each action against it (migration
 * 0018, the table of engine/core/roles.c). */
int mc_store_act_as_desk(mc_db *db, const char *role, const char *agency, const char *desk_role,
			 mc_error *err);
/* The same, then mc_store_mark, both sent with the next statement (in its
 * round trip: mc_db_defer); their failure is that statement's. */
int mc_store_act_as_desk_mark(mc_db *db, const char *role, const char *agency,
			      const char *desk_role, mc_error *err);

/* A savepoint in the open transaction, and going back to it (a statement
 * that failed there is undone; the transaction goes on). */
int mc_store_savepoint(mc_db *db, mc_error *err);
int mc_store_savepoint_rollback(mc_db *db, mc_error *err);

#endif
