/*
 * store.h - the one narrow layer between libmotcua and PostgreSQL.
 *
 * Every statement goes through mc_db_exec (PQexecParams, text parameters),
 * which checks the result status it expects, keeps the SQLSTATE in the error
 * object and frees the result on every failure path. A successful query hands
 * its PGresult to the caller, who frees it with PQclear.
 *
 * Sessions are opened with fallback_application_name, connect_timeout,
 * statement_timeout, lock_timeout and search_path=motcua (the schema the
 * migrations create), so no object in another schema can shadow ours.
 */
#ifndef MOTCUA_STORE_H
#define MOTCUA_STORE_H

#include <libpq-fe.h>
#include "error.h"

typedef struct mc_db mc_db;

/* Rows fetched at a time by a keyset or cursor walk over a large table. */
#define MC_DB_PAGE 1000
#define MC_STR_(x) #x
#define MC_STR(x) MC_STR_(x)
#define MC_DB_PAGE_SQL MC_STR(MC_DB_PAGE)   /* the same, in a statement's text */

/*
 * Open a session. `conninfo` is a libpq connection string or URI; NULL or ""
 * means libpq's defaults (PG* variables). Returns MC_ERR_DBCONN on failure.
 * *out is set only on success; close it with mc_db_close.
 */
int mc_db_connect(mc_db **out, const char *conninfo, mc_error *err);
void mc_db_close(mc_db *db);

/* The libpq connection, for the rare caller that needs it (notices, tests). */
PGconn *mc_db_conn(mc_db *db);

/*
 * Run one statement with `nparams` text parameters (NULL entries are SQL
 * NULL). On success, if `out` is not NULL it receives the result (caller
 * PQclears it); otherwise the result is freed. Any status other than
 * PGRES_COMMAND_OK / PGRES_TUPLES_OK is an error carrying the SQLSTATE:
 * MC_ERR_CONFLICT for serialization failures, deadlocks and lock timeouts,
 * MC_ERR_DBCONN when the connection is gone, MC_ERR_DB otherwise.
 */
int mc_db_exec(mc_db *db, const char *sql, int nparams,
	       const char *const *params, PGresult **out, mc_error *err);
/* The same with the result's columns in binary (PostgreSQL's send
 * format: an integer in network order, a timestamptz as microseconds since
 * 2000-01-01 UTC, a text as its bytes), for a reader of many rows. */
int mc_db_exec_binary(mc_db *db, const char *sql, int nparams, const char *const *params,
		      PGresult **out, mc_error *err);

/*
 * Send several statements in one round trip (libpq's pipeline mode). A
 * statement with sync_after ends an implicit transaction (a segment): a
 * failure skips the rest of its segment only. Each statement gets its own
 * rc and, on success, its result (caller PQclears). Returns MC_OK when every
 * statement succeeded, else the first failure, described in err. An
 * explicit BEGIN left open by a failure is the caller's to roll back.
 * A statement with a name (a static string) is prepared once per session
 * and then only bound and executed: no parsing or planning per call.
 */
typedef struct mc_db_stmt {
	const char *name;
	const char *sql;
	int nparams;
	const char *const *params;
	int sync_after;
	int binary;                  /* the result's columns in binary (mc_db_exec_binary) */
	PGresult *res;               /* out */
	int rc;                      /* out */
} mc_db_stmt;
int mc_db_pipeline(mc_db *db, mc_db_stmt *stmts, int n, mc_error *err);

/*
 * Queue a statement whose result nobody reads (a setting, a savepoint; at
 * most 4, of at most 4 parameters, copied; `name` and `sql` static): it is
 * sent ahead of the next statement, in the same round trip, and its failure
 * is that statement's, which is then skipped. mc_db_rollback drops what is
 * queued (its transaction ends anyway).
 */
int mc_db_defer(mc_db *db, const char *name, const char *sql, int nparams,
		const char *const *params, mc_error *err);

/*
 * A second session to the same database, opened on first use and closed with
 * `db`: for reading on one while writing on the other. It starts with no
 * settings of the caller's (e.g. motcua.agency): the caller sets them.
 */
int mc_db_companion(mc_db *db, mc_db **out, mc_error *err);

/*
 * Append rows with COPY: `sql` is a COPY ... FROM STDIN statement (no
 * parameters: the values travel in `data`, in the format the statement
 * names, never in the SQL), `data` its `len` bytes. *rows (if not NULL)
 * receives the count. Inside the caller's transaction, if one is open.
 * mc_db_copy_send hands the rows over and returns (`data` may be reused at
 * once) so the caller can work while the server writes; mc_db_copy_finish
 * then waits for the server's verdict.
 */
int mc_db_copy_send(mc_db *db, const char *sql, const char *data, size_t len, mc_error *err);
int mc_db_copy_finish(mc_db *db, long *rows, mc_error *err);

/*
 * One statement in two halves: send it, work, then receive its result (as
 * mc_db_exec would return it). Between the two the session is busy: the
 * only call allowed on it is mc_db_receive, which always reads the result
 * to the end, so the session is usable again whatever happened.
 */
int mc_db_send(mc_db *db, const char *sql, int nparams, const char *const *params, mc_error *err);
int mc_db_receive(mc_db *db, PGresult **out, mc_error *err);

/* Shorthands for statements without parameters or results. */
int mc_db_begin(mc_db *db, mc_error *err);
int mc_db_commit(mc_db *db, mc_error *err);
/* Roll back if a transaction is open; never fails (errors are ignored). */
void mc_db_rollback(mc_db *db);
/* A unit of work that is one transaction of its own when none is open
 * (the command line), and a savepoint inside the caller's when one is (a
 * request of `motcua serve`, whose transaction holds the person's role and
 * must not be committed from inside): begin, then end with the unit's
 * result rc, which is returned (or the commit's error). */
int mc_db_begin_unit(mc_db *db, int *own, mc_error *err);
int mc_db_end_unit(mc_db *db, int own, int rc, mc_error *err);

/* Column index by name, or -1 (asserted in debug builds). */
int mc_db_col(const PGresult *res, const char *name);
/* Value of (row, column name); NULL for SQL NULL. */
const char *mc_db_get(const PGresult *res, int row, const char *name);

#endif
