/*
 * api.h - what the server's files share: the server's state, a request, a
 * reply, the database pool, sessions and passwords, and the declarative
 * body specs every handler parses its JSON through.
 */
#ifndef MOTCUA_API_H
#define MOTCUA_API_H

#include <jansson.h>
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>

#include "accounts.h"
#include "server.h"
#include "store_dossier.h"
#include "strbuf.h"

struct MHD_Connection;

/* ---- the database pool (dbpool.c) ------------------------------------ */

typedef struct mc_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *conninfo;
	int n;
	mc_db **db;                  /* NULL: not connected (yet, or again) */
	int *busy;
} mc_pool;

int mc_pool_init(mc_pool *p, const char *conninfo, int n, mc_error *err);
void mc_pool_free(mc_pool *p);
/* A connection of the pool (connecting it if needed): waits for a free
 * one at most a few seconds (then MC_ERR_DBCONN). */
int mc_pool_get(mc_pool *p, int *slot, mc_db **db, mc_error *err);
/* Give it back; a broken one (or one left inside a transaction) is closed
 * and replaced by a new connection on its next use. */
void mc_pool_put(mc_pool *p, int slot, int broken);

/* ---- the server ------------------------------------------------------ */

typedef struct mc_server {
	mc_server_opts o;
	mc_catalog *cat;
	mc_calendar *cal;
	mc_pool pool;
	char dummy_hash[MC_PWHASH_MAX];   /* verified for unknown logins: same time */
	pthread_mutex_t pdf_mu;           /* cairo/pango: one PDF at a time */
	sem_t handlers;                   /* --threads: requests handled at once */
} mc_server;

/* ---- a request and its reply ----------------------------------------- */

#define MC_REPLY_HEADERS 12

typedef struct mc_reply {
	int status;
	const char *ctype;
	mc_buf body;
	int nheaders;
	char hname[MC_REPLY_HEADERS][32];
	char hvalue[MC_REPLY_HEADERS][400];
} mc_reply;

typedef struct mc_request {
	mc_server *srv;
	struct MHD_Connection *conn;
	const char *method;
	char path[512];
	char param[MC_CODE_MAX];     /* the {code} of the route, "" if none */
	mc_buf body;
	int too_large;
	char client[64];
	double started;
	/* the database, when the route uses it */
	mc_db *db;
	int slot;
	int broken;                  /* the connection failed during the request */
	/* the session, when the route needs one */
	mc_user user;
	unsigned char token_hash[32];
	int authed;
	int bearer;                  /* authenticated by a bearer token (a machine) */
	int keep;                    /* commit even on an error reply (a refusal logged) */
	int marked;                  /* a savepoint after the authentication: an error
	                                reply goes back to it and commits the log */
	int bearer_found;            /* a bearer token: live (its user in `user`) */
	char bearer_acting[32];      /* ...and the group role it took ("" none) */
	int ended;                   /* the handler ended the request's transaction
	                                (a receipt commits with its statement, the
	                                queue with its page) */
	int secure;                  /* over TLS (the option, or a trusted proxy says so) */
	char log_login[MC_LOGIN_MAX];   /* for the request log ("-" when none) */
	mc_reply reply;
	int queued;
	/* the desk's pages (engine/web) */
	int page;                    /* an HTML page: errors as pages, logins by redirect */
	char csrf[65];               /* the session's CSRF token, for the forms of a page */
	char session_token[65];      /* set by a login, for the cookie */
	/* the form body, parsed on first use (form.c) */
	int form_parsed, form_ok;
	char *form_buf;
	const char **form_kv;
	size_t form_n;
} mc_request;

/* Header and query values of the request (NULL when absent). */
const char *mc_rq_header(const mc_request *rq, const char *name);
const char *mc_rq_query(const mc_request *rq, const char *name);
const char *mc_rq_cookie(const mc_request *rq, const char *name);
/* The fields of a form body (application/x-www-form-urlencoded; form.c):
 * the first value of `name`, or its nth, NULL when absent or when the body
 * is not a readable form (mc_rq_form_ok 0: bad escapes, not UTF-8, control
 * characters, too many fields, another content type). */
const char *mc_rq_form(mc_request *rq, const char *name);
const char *mc_rq_form_nth(mc_request *rq, const char *name, size_t nth);
int mc_rq_form_ok(mc_request *rq);
void mc_rq_form_free(mc_request *rq);
/* The store context of the request (its connection, the catalogue). */
mc_store_ctx mc_rq_ctx(const mc_request *rq);

/* Replies (http_reply.c). The JSON object is consumed. */
void mc_reply_json(mc_reply *r, int status, json_t *obj);
/* A JSON reply written a piece at a time (json_out.h) into the buffer
 * returned, ending with a newline as mc_reply_json's. */
mc_buf *mc_reply_json_begin(mc_reply *r, int status);
void mc_reply_bytes(mc_reply *r, int status, const char *ctype, const char *data, size_t n);
void mc_reply_header(mc_reply *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An RFC 9457 problem document: a stable code, a Vietnamese title, the
 * detail, the field at fault (NULL: none) and the members of `extra` (an
 * object, consumed; NULL: none). */
void mc_reply_problem(mc_reply *r, int status, const char *code, const char *detail,
		      const char *field, json_t *extra);
/* An engine error as a problem document: the status its code maps to. */
void mc_reply_error(mc_request *rq, const mc_error *err);
/* The HTTP status and problem code of an engine error (a lost connection
 * marks the request's connection broken). */
int mc_error_http(mc_request *rq, const mc_error *err, const char **code);
/* The Vietnamese title of a problem code. */
const char *mc_problem_title(const char *code);

/* ---- sessions and passwords (auth.c) ---------------------------------- */

int mc_auth_init(mc_error *err);
/* Argon2id (libsodium crypto_pwhash_str), into out[MC_PWHASH_MAX]. */
int mc_password_hash(const char *password, char *out, mc_error *err);
int mc_password_verify(const char *hash, const char *password);
/* A password read from stdin: one line, 8 to 1024 bytes. */
int mc_password_read(FILE *f, char *out, size_t n, mc_error *err);
/* A new session token: 32 random bytes (getrandom), as 64 hex digits. */
int mc_token_new(char hex[65], mc_error *err);
/* SHA-256 of the token's bytes: what the database keeps. 0, or -1 when
 * `hex` is not a token. */
int mc_token_hash(const char *hex, unsigned char out[32]);
/* The CSRF token of a session: hex SHA-256 of a label and the token. */
void mc_token_csrf(const char *hex, char out[65]);
/* Constant-time equality of two strings. */
int mc_secure_equal(const char *a, const char *b);

/* The database group role of an application role (one table, auth.c);
 * NULL for an unknown role. Its Vietnamese name in *vn if not NULL. */
const char *mc_role_db(const char *role, const char **vn);
/* Every application role, NULL-ended. */
extern const char *const mc_role_names[];
/* The roles and their database roles, in the same order, as PostgreSQL
 * array literals ({clerk,...}, {motcua_clerk,...}): set by mc_auth_init. */
const char *mc_role_array(void);
const char *mc_role_db_array(void);

/* ---- behind a reverse proxy (proxy.c) --------------------------------- */

/* With --trusted-proxy and a peer that is the Unix socket or a loopback
 * address (`peer_local`): the client's address from X-Forwarded-For (its
 * last entry, the one the proxy added) into rq->client, and rq->secure when
 * X-Forwarded-Proto is https. Otherwise the headers are not read. */
void mc_rq_forwarded(mc_request *rq, int peer_local);

/* ---- JSON bodies (bodyspec.c) ----------------------------------------- */

/* MC_FIELD_STRINGS: an array of at most max_items non-empty strings, each
 * checked as a string field; the caller reads it from the root. */
typedef enum { MC_FIELD_STRING, MC_FIELD_OBJECT, MC_FIELD_STRINGS } mc_field_type;

typedef struct mc_field {
	const char *name;
	mc_field_type type;
	int required;
	size_t max;                  /* characters, for a string */
	int multiline;               /* a string may hold newlines */
	int raw;                     /* a string checked for length only (a password) */
	int slot;                    /* where a string's value goes */
	const struct mc_field *fields;   /* an object's, ended by a NULL name */
	size_t max_items;            /* an array's */
} mc_field;

#define MC_BODY_MAX_DEPTH 8
/* Parse the request's body against `spec` (an object's fields): values[slot]
 * receives each string present (pointing into *root, which the caller
 * json_decrefs), NULL for an absent one. On failure the reply holds the
 * problem (400 for JSON that does not parse, 422 naming the field) and -1
 * is returned. */
int mc_body_parse(mc_request *rq, const mc_field *spec, const char **values, size_t nvalues,
		  json_t **root);

/* ---- the routes ------------------------------------------------------- */

void mc_api_health(mc_request *rq);
void mc_api_login(mc_request *rq);
void mc_api_logout(mc_request *rq);
void mc_api_me(mc_request *rq);
void mc_api_procedures(mc_request *rq);
void mc_api_procedure(mc_request *rq);
void mc_api_receive(mc_request *rq);
void mc_api_dossier(mc_request *rq);
void mc_api_act(mc_request *rq);
void mc_api_slip(mc_request *rq);
void mc_api_queue(mc_request *rq);
void mc_api_calendar_year(mc_request *rq);
void mc_api_calendar_add(mc_request *rq);
void mc_api_alerts(mc_request *rq);
void mc_api_apologies(mc_request *rq);
void mc_api_apology_issue(mc_request *rq);
void mc_api_reports(mc_request *rq);
void mc_api_control_slip(mc_request *rq);
void mc_api_form(mc_request *rq);          /* /dossiers/{code}/forms/{form}.pdf */
void mc_api_register(mc_request *rq);      /* /register?from=&to=&format= */
void mc_api_openapi(mc_request *rq);

/* A document as a PDF reply named `filename` (one PDF at a time: cairo
 * and pango). 0, or -1 when the reply holds the problem. */
struct mc_document;
int mc_reply_pdf(mc_request *rq, const struct mc_document *doc, const char *filename);
/* A file `write` makes at a temporary path, as the reply (Content-Type
 * `ctype`, Content-Disposition `disposition` with `filename`); `lock`:
 * under the server's PDF lock. 0, or -1 with the problem replied. */
int mc_reply_file(mc_request *rq, int (*write)(const char *path, void *arg, struct mc_error *err),
		  void *arg, int lock, const char *ctype, const char *disposition, const char *filename);

/* ---- logging in (api_session.c), for the API and the desk's pages ----- */

enum { MC_LOGIN_OK, MC_LOGIN_WRONG, MC_LOGIN_LOCKED, MC_LOGIN_ADDRESS_LOCKED,
       MC_LOGIN_ERROR = -1 };
/* Check a login (rate limits per address and per account, the password,
 * the account enabled and of this agency) and open a session: MC_LOGIN_OK
 * with *u, token[65], rq->csrf and the cookie header set; a refusal (every
 * one logged, *retry the seconds to wait when locked); or MC_LOGIN_ERROR
 * with the reply holding the database's error. */
int mc_session_open(mc_request *rq, const char *login, const char *password, mc_user *u,
		    char token[65], long *retry);
/* Close the request's session (and log it); the caller clears the cookie. 0 or -1
 * (the reply holds the error). */
int mc_session_close(mc_request *rq);
void mc_session_cookie(mc_request *rq, const char *token, int max_age);

/* The user as the API shows it. */
json_t *mc_user_json(const mc_user *u);

#endif
