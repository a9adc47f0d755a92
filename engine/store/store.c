/*
 * store.c - libpq sessions and the single statement runner.
 */
#include "store.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MC_DB_MAX_PREPARED 16
#define MC_DB_MAX_DEFERRED 4
#define MC_DB_DEFER_PARAMS 4

/* A statement queued by mc_db_defer (its parameters copied). */
typedef struct deferred {
	const char *name, *sql;
	int nparams;
	char *params[MC_DB_DEFER_PARAMS];
} deferred;

struct mc_db {
	PGconn *conn;
	char *conninfo;              /* as given, for a companion session */
	mc_db *companion;            /* opened on first use, closed with this one */
	/* statements prepared in this session (names are static strings) */
	const char *prepared[MC_DB_MAX_PREPARED];
	int nprepared;
	/* statements to send ahead of the next one (mc_db_defer) */
	deferred deferred[MC_DB_MAX_DEFERRED];
	int ndeferred;
};

static void drop_deferred(mc_db *db)
{
	for (int i = 0; i < db->ndeferred; i++)
		for (int k = 0; k < db->deferred[i].nparams; k++)
			free(db->deferred[i].params[k]);
	db->ndeferred = 0;
}

/* Server messages would otherwise go to stderr unformatted; keep them quiet
 * unless they are warnings. */
static void notice_processor(void *arg, const char *message)
{
	(void)arg;
	if (strncmp(message, "WARNING", 7) == 0)
		fprintf(stderr, "motcua: %s", message);
}

int mc_db_connect(mc_db **out, const char *conninfo, mc_error *err)
{
	const char *keys[] = {
		"dbname", "fallback_application_name", "connect_timeout",
		"options", NULL
	};
	const char *vals[] = {
		conninfo ? conninfo : "", "motcua", "10",
		"-c search_path=motcua -c statement_timeout=600000"
		" -c lock_timeout=30000 -c idle_in_transaction_session_timeout=600000"
		" -c TimeZone=Asia/Ho_Chi_Minh",
		NULL
	};
	/* expand_dbname=1: a conninfo string or URI in "dbname" is expanded;
	 * its own settings win over ours except those listed after it. */
	PGconn *conn = PQconnectdbParams(keys, vals, 1);
	if (!conn)
		return mc_error_set(err, MC_ERR_DBCONN, "out of memory connecting to the database");
	if (PQstatus(conn) != CONNECTION_OK) {
		char msg[400];
		snprintf(msg, sizeof msg, "%s", PQerrorMessage(conn));
		msg[strcspn(msg, "\n")] = '\0';
		PQfinish(conn);
		mc_error_set(err, MC_ERR_DBCONN, "cannot connect to the database: %s", msg);
		mc_error_hint(err, "set MOTCUA_DATABASE_URL (or PGHOST, PGDATABASE...), or unset them all to use the project-local cluster");
		return MC_ERR_DBCONN;
	}
	PQsetNoticeProcessor(conn, notice_processor, NULL);
	mc_db *db = calloc(1, sizeof *db);
	if (!db) {
		PQfinish(conn);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	db->conn = conn;
	db->conninfo = strdup(conninfo ? conninfo : "");
	if (!db->conninfo) {
		mc_db_close(db);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	*out = db;
	return MC_OK;
}

int mc_db_companion(mc_db *db, mc_db **out, mc_error *err)
{
	if (!db->companion) {
		int rc = mc_db_connect(&db->companion, db->conninfo, err);
		if (rc)
			return rc;
	}
	*out = db->companion;
	return MC_OK;
}

void mc_db_close(mc_db *db)
{
	if (!db)
		return;
	mc_db_close(db->companion);
	drop_deferred(db);
	PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

PGconn *mc_db_conn(mc_db *db)
{
	return db->conn;
}

static mc_errcode classify(const char *sqlstate, PGconn *conn)
{
	if (PQstatus(conn) == CONNECTION_BAD)
		return MC_ERR_DBCONN;
	if (!sqlstate)
		return MC_ERR_DB;
	if (!strcmp(sqlstate, "40001") || !strcmp(sqlstate, "40P01") ||
	    !strcmp(sqlstate, "55P03"))
		return MC_ERR_CONFLICT;
	if (!strncmp(sqlstate, "08", 2) || !strcmp(sqlstate, "57P01") ||
	    !strcmp(sqlstate, "57P02") || !strcmp(sqlstate, "57P03"))
		return MC_ERR_DBCONN;
	return MC_ERR_DB;
}

static void copy_line(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
	size_t len = strlen(dst);
	while (len > 0 && (dst[len - 1] == '\n' || dst[len - 1] == ' '))
		dst[--len] = '\0';
}

/* The error of a failed result (or of the connection when res is NULL),
 * classified and in the error object; returns its code. */
static int result_error(mc_db *db, const PGresult *res, mc_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	mc_errcode code = classify(state, db->conn);
	if (!err)
		return code;
	char msg[400];
	copy_line(msg, sizeof msg, res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL);
	if (!msg[0])
		copy_line(msg, sizeof msg, PQerrorMessage(db->conn));
	if (code == MC_ERR_DBCONN)
		mc_error_set(err, code, "lost the database connection: %s", msg);
	else if (state && !strcmp(state, "25006"))
		mc_error_set(err, code, "the database is read-only, nothing was changed: %s", msg);
	else if (state && !strncmp(state, "53", 2))
		mc_error_set(err, code, "the database server is out of resources (%s), nothing was changed: %s",
			     !strcmp(state, "53100") ? "disk full" : "memory or connections", msg);
	else
		mc_error_set(err, code, "database: %s", msg);
	if (state)
		snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
	if (res) {
		const char *d = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
		const char *h = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
		const char *c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
		if (c)
			snprintf(err->constraint, sizeof err->constraint, "%s", c);
		if (d)
			copy_line(err->detail, sizeof err->detail, d);
		if (h)
			copy_line(err->hint, sizeof err->hint, h);
	}
	if (state && (!strcmp(state, "42P01") || !strcmp(state, "42703")) && !err->hint[0])
		mc_error_hint(err, "the database schema is missing or older than this motcua: "
			      "run 'motcua db migrate'");
	return code;
}

static int pipeline(mc_db *db, mc_db_stmt *stmts, int n, mc_error *err);

int mc_db_defer(mc_db *db, const char *name, const char *sql, int nparams,
		const char *const *params, mc_error *err)
{
	if (db->ndeferred == MC_DB_MAX_DEFERRED || nparams > MC_DB_DEFER_PARAMS)
		return mc_error_set(err, MC_ERR_INTERNAL, "too many deferred statements");
	deferred *d = &db->deferred[db->ndeferred];
	d->name = name;
	d->sql = sql;
	d->nparams = 0;
	for (int k = 0; k < nparams; k++) {
		d->params[k] = params[k] ? strdup(params[k]) : NULL;
		d->nparams++;
		if (params[k] && !d->params[k]) {
			db->ndeferred++;
			drop_deferred(db);
			return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		}
	}
	db->ndeferred++;
	return MC_OK;
}

/* `stmts` after the deferred statements, in one pipeline; the deferred
 * are then gone (sent, or failed with the first error). */
static int with_deferred(mc_db *db, mc_db_stmt *stmts, int n, mc_error *err)
{
	mc_db_stmt all[32];
	int nd = db->ndeferred;
	if (nd + n > 32) {
		drop_deferred(db);
		return mc_error_set(err, MC_ERR_INTERNAL, "pipeline of %d statements (at most 32)", nd + n);
	}
	for (int i = 0; i < nd; i++)
		all[i] = (mc_db_stmt){ .name = db->deferred[i].name, .sql = db->deferred[i].sql,
				       .nparams = db->deferred[i].nparams,
				       .params = (const char *const *)db->deferred[i].params };
	for (int i = 0; i < n; i++)
		all[nd + i] = stmts[i];
	int rc = pipeline(db, all, nd + n, err);
	for (int i = 0; i < nd; i++)
		PQclear(all[i].res);
	for (int i = 0; i < n; i++) {
		stmts[i].res = all[nd + i].res;
		stmts[i].rc = all[nd + i].rc;
	}
	drop_deferred(db);
	return rc;
}

static int flush_deferred(mc_db *db, mc_error *err)
{
	return db->ndeferred ? with_deferred(db, NULL, 0, err) : MC_OK;
}

static int exec_format(mc_db *db, const char *sql, int nparams, const char *const *params,
		       int format, PGresult **out, mc_error *err)
{
	if (db->ndeferred) {
		mc_db_stmt st = { .sql = sql, .nparams = nparams, .params = params, .binary = format };
		int rc = with_deferred(db, &st, 1, err);
		if (rc == MC_OK && out)
			*out = st.res;
		else
			PQclear(st.res);
		return rc;
	}
	PGresult *res = PQexecParams(db->conn, sql, nparams, NULL, params,
				     NULL, NULL, format);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		if (out)
			*out = res;
		else
			PQclear(res);
		return MC_OK;
	}
	int code = result_error(db, res, err);
	PQclear(res);
	return code;
}

int mc_db_exec(mc_db *db, const char *sql, int nparams,
	       const char *const *params, PGresult **out, mc_error *err)
{
	return exec_format(db, sql, nparams, params, 0, out, err);
}

int mc_db_exec_binary(mc_db *db, const char *sql, int nparams, const char *const *params,
		      PGresult **out, mc_error *err)
{
	return exec_format(db, sql, nparams, params, 1, out, err);
}

int mc_db_copy_send(mc_db *db, const char *sql, const char *data, size_t len, mc_error *err)
{
	int rc = flush_deferred(db, err);
	if (rc)
		return rc;
	PGresult *res = PQexecParams(db->conn, sql, 0, NULL, NULL, NULL, NULL, 0);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
		int code = result_error(db, res, err);
		PQclear(res);
		/* a COPY refused at once leaves nothing to wait for */
		while ((res = PQgetResult(db->conn)) != NULL)
			PQclear(res);
		return code;
	}
	PQclear(res);
	/* libpq copies the rows into its own buffer: `data` may be reused at
	 * once; on a blocking connection these calls do not refuse work */
	int ok = 1;
	for (size_t off = 0; off < len && ok;) {
		size_t n = len - off > (1 << 20) ? (1 << 20) : len - off;
		ok = PQputCopyData(db->conn, data + off, (int)n) == 1;
		off += n;
	}
	if (PQputCopyEnd(db->conn, ok ? NULL : "motcua: could not send the rows") != 1 || !ok) {
		int code = result_error(db, NULL, err);
		mc_db_copy_finish(db, NULL, NULL);
		return code;
	}
	return MC_OK;
}

int mc_db_copy_finish(mc_db *db, long *rows, mc_error *err)
{
	PGresult *res;
	int code = MC_OK;
	while ((res = PQgetResult(db->conn)) != NULL) {
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			if (rows)
				*rows = atol(PQcmdTuples(res));
		} else if (code == MC_OK) {
			code = result_error(db, res, err);
		}
		PQclear(res);
	}
	return code;
}

int mc_db_send(mc_db *db, const char *sql, int nparams, const char *const *params, mc_error *err)
{
	int rc = flush_deferred(db, err);
	if (rc)
		return rc;
	if (!PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0))
		return result_error(db, NULL, err);
	return MC_OK;
}

int mc_db_receive(mc_db *db, PGresult **out, mc_error *err)
{
	PGresult *res, *got = NULL;
	int code = MC_OK;
	/* the statement's result, then NULL: read to the end either way */
	while ((res = PQgetResult(db->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(res);
		if (code == MC_OK && !got && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)) {
			got = res;
			continue;
		}
		if (code == MC_OK)
			code = result_error(db, res, err);
		PQclear(res);
	}
	if (code == MC_OK && !got)
		code = result_error(db, NULL, err);
	if (code) {
		PQclear(got);
		return code;
	}
	if (out)
		*out = got;
	else
		PQclear(got);
	return MC_OK;
}

static int is_prepared(const mc_db *db, const char *name)
{
	for (int i = 0; i < db->nprepared; i++)
		if (!strcmp(db->prepared[i], name))
			return 1;
	return 0;
}

/* Read a pipeline sync's result: MC_OK when the segment before it ended
 * well (committed, if it was an implicit transaction), else its error. */
static int sync_result(mc_db *db, mc_error *err)
{
	int code = MC_OK;
	/* an error at the sync (e.g. a failed commit) comes first, then a NULL,
	 * then the sync itself; a lost connection gives an error, then NULLs */
	for (int i = 0; i < 4; i++) {
		PGresult *r = PQgetResult(db->conn);
		if (r && PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			return code;
		}
		if (r && code == MC_OK)
			code = result_error(db, r, err);
		PQclear(r);
		if (!r && PQstatus(db->conn) == CONNECTION_BAD)
			break;
	}
	return code == MC_OK ? result_error(db, NULL, err) : code;
}

int mc_db_pipeline(mc_db *db, mc_db_stmt *stmts, int n, mc_error *err)
{
	return db->ndeferred ? with_deferred(db, stmts, n, err) : pipeline(db, stmts, n, err);
}

static int pipeline(mc_db *db, mc_db_stmt *stmts, int n, mc_error *err)
{
	PGconn *c = db->conn;
	int first = MC_OK;
	/* what the server will answer, in order: per statement an optional
	 * Prepare, the statement itself, and a sync where a segment ends */
	enum { PREPARE, QUERY, SYNC };
	struct { int kind, stmt; } expect[3 * 32];
	int nexpect = 0;
	if (n > 32)
		return mc_error_set(err, MC_ERR_INTERNAL, "pipeline of %d statements (at most 32)", n);
	for (int i = 0; i < n; i++) {
		stmts[i].res = NULL;
		stmts[i].rc = MC_ERR_DB;
	}
	if (!PQenterPipelineMode(c))
		return result_error(db, NULL, err);
	int ok = 1;
	const char *newly[32];
	int nnew = 0;
	for (int i = 0; i < n && ok; i++) {
		const mc_db_stmt *s = &stmts[i];
		if (s->name && !is_prepared(db, s->name)) {
			int dup = 0;
			for (int k = 0; k < nnew; k++)
				dup |= !strcmp(newly[k], s->name);
			if (!dup) {
				ok = PQsendPrepare(c, s->name, s->sql, s->nparams, NULL);
				expect[nexpect].kind = PREPARE;
				expect[nexpect++].stmt = i;
				newly[nnew++] = s->name;
			}
		}
		if (ok)
			ok = s->name ? PQsendQueryPrepared(c, s->name, s->nparams, s->params, NULL, NULL,
							   s->binary)
				     : PQsendQueryParams(c, s->sql, s->nparams, NULL, s->params, NULL, NULL,
							 s->binary);
		if (ok) {
			expect[nexpect].kind = QUERY;
			expect[nexpect++].stmt = i;
		}
		if (ok && (s->sync_after || i == n - 1)) {
			ok = PQpipelineSync(c);
			expect[nexpect].kind = SYNC;
			expect[nexpect++].stmt = i;
		}
	}
	if (!ok)
		first = result_error(db, NULL, err);
	else if (nexpect && expect[nexpect - 1].kind != SYNC && !PQsendFlushRequest(c))
		first = result_error(db, NULL, err);
	int prepare_ok[32] = { 0 };
	int seg_first = 0;
	for (int e = 0; e < nexpect && PQstatus(c) != CONNECTION_BAD; e++) {
		mc_db_stmt *s = &stmts[expect[e].stmt];
		PGresult *r;
		if (expect[e].kind == SYNC) {
			/* the segment's commit happens here: its statements'
			 * results came before it, so only the sync's own result
			 * says whether they were committed */
			int code = sync_result(db, first == MC_OK ? err : NULL);
			if (code != MC_OK) {
				for (int k = seg_first; k <= expect[e].stmt; k++)
					if (stmts[k].rc == MC_OK)
						stmts[k].rc = code;
				if (first == MC_OK)
					first = code;
			}
			seg_first = expect[e].stmt + 1;
			continue;
		}
		/* a result, then NULL; PIPELINE_ABORTED when an earlier failure
		 * in the segment skipped it */
		while ((r = PQgetResult(c)) != NULL) {
			ExecStatusType st = PQresultStatus(r);
			int good = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
			if (good && expect[e].kind == PREPARE) {
				prepare_ok[expect[e].stmt] = 1;
			} else if (good && !s->res) {
				s->res = r;
				s->rc = MC_OK;
				continue;
			} else if (!good && st != PGRES_PIPELINE_ABORTED && st != PGRES_PIPELINE_SYNC) {
				mc_error ignored;
				s->rc = result_error(db, r, first == MC_OK ? err : &ignored);
				if (first == MC_OK)
					first = s->rc;
			}
			PQclear(r);
		}
	}
	if (PQstatus(c) == CONNECTION_BAD && first == MC_OK)
		first = result_error(db, NULL, err);
	/* statements whose segment's end was never confirmed did not happen */
	for (int k = seg_first; k < n && first != MC_OK; k++)
		if (stmts[k].rc == MC_OK)
			stmts[k].rc = first;
	if (!PQexitPipelineMode(c) && first == MC_OK)
		first = result_error(db, NULL, err);
	for (int i = 0; i < n; i++)
		if (prepare_ok[i] && db->nprepared < MC_DB_MAX_PREPARED)
			db->prepared[db->nprepared++] = stmts[i].name;
	return first;
}

int mc_db_begin(mc_db *db, mc_error *err)
{
	return mc_db_exec(db, "BEGIN", 0, NULL, NULL, err);
}

int mc_db_commit(mc_db *db, mc_error *err)
{
	return mc_db_exec(db, "COMMIT", 0, NULL, NULL, err);
}

void mc_db_rollback(mc_db *db)
{
	if (db)
		drop_deferred(db);        /* moot: their transaction ends */
	if (db && PQtransactionStatus(db->conn) != PQTRANS_IDLE &&
	    PQstatus(db->conn) == CONNECTION_OK)
		mc_db_exec(db, "ROLLBACK", 0, NULL, NULL, NULL);
}

int mc_db_begin_unit(mc_db *db, int *own, mc_error *err)
{
	*own = PQtransactionStatus(db->conn) == PQTRANS_IDLE;
	return mc_db_exec(db, *own ? "BEGIN" : "SAVEPOINT mc_unit", 0, NULL, NULL, err);
}

int mc_db_end_unit(mc_db *db, int own, int rc, mc_error *err)
{
	if (!rc)
		return mc_db_exec(db, own ? "COMMIT" : "RELEASE SAVEPOINT mc_unit", 0, NULL, NULL, err);
	if (own)
		mc_db_rollback(db);
	else if (PQstatus(db->conn) == CONNECTION_OK)
		mc_db_exec(db, "ROLLBACK TO SAVEPOINT mc_unit", 0, NULL, NULL, NULL);
	return rc;
}

int mc_db_col(const PGresult *res, const char *name)
{
	int c = PQfnumber(res, name);
	assert(c >= 0 && "column not in result");
	return c;
}

const char *mc_db_get(const PGresult *res, int row, const char *name)
{
	int c = mc_db_col(res, name);
	if (c < 0 || PQgetisnull(res, row, c))
		return NULL;
	return PQgetvalue(res, row, c);
}
