/*
 * accounts.c - accounts, sessions, the login log (see accounts.h).
 */
#include "accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static void hex32(char out[2 + 64 + 1], const unsigned char *h)
{
	static const char digits[] = "0123456789abcdef";
	out[0] = '\\';
	out[1] = 'x';
	for (int i = 0; i < 32; i++) {
		out[2 + 2 * i] = digits[h[i] >> 4];
		out[3 + 2 * i] = digits[h[i] & 15];
	}
	out[66] = '\0';
}

static void user_from(const PGresult *res, int r, mc_user *u)
{
	memset(u, 0, sizeof *u);
	copy(u->login, sizeof u->login, mc_db_get(res, r, "login"));
	copy(u->full_name, sizeof u->full_name, mc_db_get(res, r, "full_name"));
	copy(u->role, sizeof u->role, mc_db_get(res, r, "role"));
	copy(u->unit, sizeof u->unit, mc_db_get(res, r, "unit"));
	copy(u->agency, sizeof u->agency, mc_db_get(res, r, "agency_id"));
	const char *d = mc_db_get(res, r, "disabled");
	u->disabled = d && d[0] == 't';
	copy(u->created_at, sizeof u->created_at, mc_db_get(res, r, "created_at"));
}

#define USER_COLS "login, full_name, role, unit, agency_id, disabled, " \
	"to_char(created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD\"T\"HH24:MI:SS') AS created_at"

int mc_store_user_add(mc_db *db, const mc_user *u, const char *pwhash, mc_error *err)
{
	const char *p[] = { u->login, u->full_name, u->role, u->unit[0] ? u->unit : NULL, u->agency,
			    pwhash };
	int rc = mc_db_exec(db, "INSERT INTO motcua.app_user (login, full_name, role, unit, agency_id, "
			    "password_hash) VALUES ($1, $2, $3, $4, $5, $6)", 6, p, NULL, err);
	if (rc == MC_ERR_DB && err && !strcmp(err->sqlstate, "23505"))
		return mc_error_set(err, MC_ERR_REFUSED, "user '%s' already exists", u->login);
	if (rc == MC_ERR_DB && err && !strcmp(err->sqlstate, "23514")) {
		mc_error_set(err, MC_ERR_INPUT, "the database refuses user '%s' (check %s)", u->login,
			     err->constraint);
		mc_error_hint(err, "a login is 1-63 lowercase letters, digits, '.', '_' or '-'");
		return MC_ERR_INPUT;
	}
	return rc;
}

int mc_store_user_list(mc_db *db, mc_user **out, size_t *n, mc_error *err)
{
	*out = NULL;
	*n = 0;
	PGresult *res = NULL;
	int rc = mc_db_exec(db, "SELECT " USER_COLS " FROM motcua.app_user ORDER BY login", 0, NULL,
			    &res, err);
	if (rc)
		return rc;
	int rows = PQntuples(res);
	if (rows) {
		*out = calloc((size_t)rows, sizeof **out);
		if (!*out) {
			PQclear(res);
			return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		}
	}
	for (int r = 0; r < rows; r++)
		user_from(res, r, &(*out)[r]);
	*n = (size_t)rows;
	PQclear(res);
	return MC_OK;
}

/* Run `sql` (one parameter set) and revoke the user's sessions, in one
 * transaction; MC_ERR_NOTFOUND when no user is `login`. */
static int change_and_revoke(mc_db *db, const char *sql, int np, const char *const *p,
			     const char *login, mc_error *err)
{
	PGresult *res = NULL;
	int rc = mc_db_begin(db, err);
	if (rc)
		return rc;
	if ((rc = mc_db_exec(db, sql, np, p, &res, err)))
		goto fail;
	int rows = atoi(PQcmdTuples(res));
	PQclear(res);
	if (rows == 0) {
		rc = mc_error_set(err, MC_ERR_NOTFOUND, "no user '%s'", login);
		goto fail;
	}
	const char *q[] = { login };
	if ((rc = mc_db_exec(db, "UPDATE motcua.app_session SET revoked_at = now() "
			     "WHERE login = $1 AND revoked_at IS NULL", 1, q, NULL, err)))
		goto fail;
	if ((rc = mc_db_commit(db, err)))
		goto fail;
	return MC_OK;
fail:
	mc_db_rollback(db);
	return rc;
}

int mc_store_user_disable(mc_db *db, const char *login, mc_error *err)
{
	const char *p[] = { login };
	return change_and_revoke(db, "UPDATE motcua.app_user SET disabled = true WHERE login = $1",
				 1, p, login, err);
}

int mc_store_user_passwd(mc_db *db, const char *login, const char *pwhash, mc_error *err)
{
	const char *p[] = { login, pwhash };
	return change_and_revoke(db, "UPDATE motcua.app_user SET password_hash = $2 WHERE login = $1",
				 2, p, login, err);
}

int mc_store_user_find(mc_db *db, const char *login, mc_user *out, char *pwhash, size_t n,
		       int *found, mc_error *err)
{
	const char *p[] = { login };
	PGresult *res = NULL;
	*found = 0;
	int rc = mc_db_exec(db, "SELECT " USER_COLS ", password_hash FROM motcua.app_user "
			    "WHERE login = $1", 1, p, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) == 1) {
		*found = 1;
		user_from(res, 0, out);
		copy(pwhash, n, mc_db_get(res, 0, "password_hash"));
	}
	PQclear(res);
	return MC_OK;
}

/* The failures in the window, newest first; the limit-th of them is the
 * one whose leaving the window lets a new attempt in. `sql` selects them
 * by login or by address ($1). */
static int failures(mc_db *db, const char *sql, const char *who, int window, int limit,
		    int *count, long *retry_after, mc_error *err)
{
	char w[16], l[16];
	snprintf(w, sizeof w, "%d", window);
	snprintf(l, sizeof l, "%d", limit);
	const char *p[] = { who, w, l };
	PGresult *res = NULL;
	int rc = mc_db_exec(db, sql, 3, p, &res, err);
	if (rc)
		return rc;
	*count = atoi(PQgetvalue(res, 0, 0));
	*retry_after = *count >= limit ? atol(PQgetvalue(res, 0, 1)) : 0;
	if (*count >= limit && *retry_after < 1)
		*retry_after = 1;
	PQclear(res);
	return MC_OK;
}

#define FAILURES_SQL(col) \
	"WITH f AS (SELECT at FROM motcua.auth_log WHERE " col " = $1 " \
	"AND event = 'login_failed' AND at > now() - make_interval(secs => $2::int)) " \
	"SELECT (SELECT count(*) FROM f), coalesce((SELECT ceil(extract(epoch FROM " \
	"at + make_interval(secs => $2::int) - now()))::bigint FROM f " \
	"ORDER BY at DESC OFFSET $3::int - 1 LIMIT 1), 0)"

int mc_store_auth_failures(mc_db *db, const char *login, int window, int limit, int *count,
			   long *retry_after, mc_error *err)
{
	return failures(db, FAILURES_SQL("login"), login, window, limit, count, retry_after, err);
}

int mc_store_auth_failures_from(mc_db *db, const char *client, int window, int limit,
				int *count, long *retry_after, mc_error *err)
{
	char c[101];
	snprintf(c, sizeof c, "%s", client);   /* as logged: left(client, 100) */
	return failures(db, FAILURES_SQL("client"), c, window, limit, count, retry_after, err);
}

int mc_store_auth_log(mc_db *db, const char *login, const char *event, const char *client,
		      mc_error *err)
{
	char l[201];
	/* the login as typed, bounded (the column's check) */
	snprintf(l, sizeof l, "%s", login);
	const char *p[] = { l, event, client };
	return mc_db_exec(db, "INSERT INTO motcua.auth_log (login, event, client) "
			  "VALUES ($1, $2, left($3, 100))", 3, p, NULL, err);
}

int mc_store_session_create(mc_db *db, const unsigned char *token_hash, const char *login,
			    int absolute, mc_error *err)
{
	char h[67], a[16];
	hex32(h, token_hash);
	snprintf(a, sizeof a, "%d", absolute);
	const char *p[] = { h, login, a };
	return mc_db_exec(db, "INSERT INTO motcua.app_session (token_hash, login, expires_at) "
			  "VALUES ($1::bytea, $2, now() + make_interval(secs => $3::int))",
			  3, p, NULL, err);
}

int mc_store_session_touch(mc_db *db, const unsigned char *token_hash, int idle, mc_user *out,
			   int *found, mc_error *err)
{
	char h[67], i[16];
	hex32(h, token_hash);
	snprintf(i, sizeof i, "%d", idle);
	const char *p[] = { h, i };
	PGresult *res = NULL;
	*found = 0;
	int rc = mc_db_exec(db,
			"UPDATE motcua.app_session s SET last_seen = now() FROM motcua.app_user u "
			"WHERE s.token_hash = $1::bytea AND s.revoked_at IS NULL AND s.expires_at > now() "
			"AND s.last_seen > now() - make_interval(secs => $2::int) "
			"AND u.login = s.login AND NOT u.disabled "
			"RETURNING u.login, u.full_name, u.role, u.unit, u.agency_id, u.disabled, "
			"to_char(u.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD\"T\"HH24:MI:SS') "
			"AS created_at",
			2, p, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) == 1) {
		*found = 1;
		user_from(res, 0, out);
	}
	PQclear(res);
	return MC_OK;
}

int mc_store_session_revoke(mc_db *db, const unsigned char *token_hash, mc_error *err)
{
	char h[67];
	hex32(h, token_hash);
	const char *p[] = { h };
	return mc_db_exec(db, "UPDATE motcua.app_session SET revoked_at = now() "
			  "WHERE token_hash = $1::bytea AND revoked_at IS NULL", 1, p, NULL, err);
}

int mc_store_schema_version(mc_db *db, int *version, mc_error *err)
{
	PGresult *res = NULL;
	int rc = mc_db_exec(db, "SELECT coalesce(max(version), 0) FROM motcua.schema_migration",
			    0, NULL, &res, err);
	if (rc)
		return rc;
	*version = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return MC_OK;
}

int mc_store_server_check(mc_db *db, const char *agency, const char *const *roles,
			  mc_error *err)
{
	const char *p[] = { agency };
	PGresult *res = NULL;
	/* added when the login may write agency_member (the tables' owner or a
	 * superuser); otherwise an administrator adds it */
	int rc = mc_db_exec(db,
			"SELECT has_table_privilege('motcua.agency_member', 'INSERT'), "
			"EXISTS (SELECT 1 FROM motcua.agency_member WHERE role_name = session_user "
			"AND agency_id = $1)", 1, p, &res, err);
	if (rc)
		return rc;
	int may = PQgetvalue(res, 0, 0)[0] == 't', listed = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	if (!listed && may) {
		rc = mc_db_exec(db, "INSERT INTO motcua.agency_member (role_name, agency_id) "
				"VALUES (session_user, $1) ON CONFLICT DO NOTHING", 1, p, NULL, err);
		if (rc)
			return rc;
		listed = 1;
	}
	if (!listed) {
		mc_error_set(err, MC_ERR_REFUSED, "the server's login is not a member of agency '%s'",
			     agency);
		mc_error_hint(err, "as the database's owner: INSERT INTO motcua.agency_member "
			      "VALUES ('<login>', '%s')", agency);
		return MC_ERR_REFUSED;
	}
	for (size_t i = 0; roles[i]; i++) {
		const char *q[] = { roles[i] };
		if ((rc = mc_db_exec(db, "SELECT pg_has_role(session_user, $1, 'MEMBER')", 1, q, &res,
				     err)))
			return rc;
		int member = PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
		if (!member) {
			mc_error_set(err, MC_ERR_REFUSED, "the server's login may not take the role '%s'",
				     roles[i]);
			mc_error_hint(err, "GRANT %s TO <login>", roles[i]);
			return MC_ERR_REFUSED;
		}
	}
	return MC_OK;
}

int mc_store_act_as(mc_db *db, const char *role, const char *agency, mc_error *err)
{
	const char *p[] = { role, agency };
	return mc_db_exec(db, "SELECT set_config('role', $1, true), "
			  "set_config('motcua.agency', $2, true)", 2, p, NULL, err);
}

int mc_store_act_as_desk(mc_db *db, const char *role, const char *agency, const char *desk_role,
			 mc_error *err)
{
	const char *p[] = { role, agency, desk_role };
	return mc_db_exec(db, "SELECT set_config('role', $1, true), "
			  "set_config('motcua.agency', $2, true), "
			  "set_config('motcua.desk_role', $3, true)", 3, p, NULL, err);
}

int mc_store_act_as_desk_mark(mc_db *db, const char *role, const char *agency,
			      const char *desk_role, mc_error *err)
{
	const char *p[] = { role, agency, desk_role };
	int rc = mc_db_defer(db, "mc_act_as_desk",
			     "SELECT set_config('role', $1::text, true), "
			     "set_config('motcua.agency', $2::text, true), "
			     "set_config('motcua.desk_role', $3::text, true)", 3, p, err);
	if (!rc)
		rc = mc_db_defer(db, NULL, "SAVEPOINT mc_auth", 0, NULL, err);
	return rc;
}

int mc_store_savepoint(mc_db *db, mc_error *err)
{
	return mc_db_exec(db, "SAVEPOINT mc_request", 0, NULL, NULL, err);
}

int mc_store_savepoint_rollback(mc_db *db, mc_error *err)
{
	return mc_db_exec(db, "ROLLBACK TO SAVEPOINT mc_request", 0, NULL, NULL, err);
}

int mc_store_mark(mc_db *db, mc_error *err)
{
	return mc_db_exec(db, "SAVEPOINT mc_auth", 0, NULL, NULL, err);
}

int mc_store_mark_rollback(mc_db *db, mc_error *err)
{
	return mc_db_exec(db, "ROLLBACK TO SAVEPOINT mc_auth", 0, NULL, NULL, err);
}

/* ---- bearer tokens ------------------------------------------------------ */

int mc_store_token_add(mc_db *db, const char *name, const unsigned char *token_hash,
		       const char *role, const char *agency, mc_error *err)
{
	char h[67];
	hex32(h, token_hash);
	const char *p[] = { name, h, role, agency };
	PGresult *res = NULL;
	/* a token's name is the actor of what it does: not a person's login */
	int rc = mc_db_exec(db, "INSERT INTO motcua.api_token (name, token_hash, role, agency_id) "
			    "SELECT $1, $2::bytea, $3, $4 WHERE NOT EXISTS "
			    "(SELECT 1 FROM motcua.app_user WHERE login = $1)", 4, p, &res, err);
	if (rc == MC_ERR_DB && err && !strcmp(err->sqlstate, "23505"))
		return mc_error_set(err, MC_ERR_REFUSED, "token '%s' already exists", name);
	if (rc == MC_ERR_DB && err && !strcmp(err->sqlstate, "23514")) {
		mc_error_set(err, MC_ERR_INPUT, "the database refuses token '%s' (check %s)", name,
			     err->constraint);
		mc_error_hint(err, "a name is 1-63 lowercase letters, digits, '.', '_' or '-'");
		return MC_ERR_INPUT;
	}
	if (rc)
		return rc;
	int rows = atoi(PQcmdTuples(res));
	PQclear(res);
	if (rows == 0)
		return mc_error_set(err, MC_ERR_REFUSED, "'%s' is the login of a user: a token needs "
				    "its own name", name);
	return MC_OK;
}

int mc_store_token_list(mc_db *db, mc_token_info **out, size_t *n, mc_error *err)
{
	*out = NULL;
	*n = 0;
	PGresult *res = NULL;
	int rc = mc_db_exec(db, "SELECT name, role, agency_id, "
			"to_char(created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD\"T\"HH24:MI:SS') "
			"AS created_at, to_char((SELECT max(at) FROM motcua.auth_log l WHERE l.login = t.name "
			"AND l.event = 'token_use') AT TIME ZONE 'Asia/Ho_Chi_Minh', "
			"'YYYY-MM-DD\"T\"HH24:MI:SS') AS last_used_at, revoked_at IS NOT NULL AS revoked "
			"FROM motcua.api_token t ORDER BY name", 0, NULL, &res, err);
	if (rc)
		return rc;
	int rows = PQntuples(res);
	if (rows) {
		*out = calloc((size_t)rows, sizeof **out);
		if (!*out) {
			PQclear(res);
			return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		}
	}
	for (int r = 0; r < rows; r++) {
		mc_token_info *t = &(*out)[r];
		copy(t->name, sizeof t->name, mc_db_get(res, r, "name"));
		copy(t->role, sizeof t->role, mc_db_get(res, r, "role"));
		copy(t->agency, sizeof t->agency, mc_db_get(res, r, "agency_id"));
		copy(t->created_at, sizeof t->created_at, mc_db_get(res, r, "created_at"));
		copy(t->last_used_at, sizeof t->last_used_at, mc_db_get(res, r, "last_used_at"));
		const char *v = mc_db_get(res, r, "revoked");
		t->revoked = v && v[0] == 't';
	}
	*n = (size_t)rows;
	PQclear(res);
	return MC_OK;
}

int mc_store_token_revoke(mc_db *db, const char *name, mc_error *err)
{
	const char *p[] = { name };
	PGresult *res = NULL;
	int rc = mc_db_exec(db, "WITH r AS (UPDATE motcua.api_token SET revoked_at = now() "
			    "WHERE name = $1 AND revoked_at IS NULL RETURNING 1) "
			    "SELECT (SELECT count(*) FROM r), "
			    "EXISTS (SELECT 1 FROM motcua.api_token WHERE name = $1)", 1, p, &res, err);
	if (rc)
		return rc;
	int revoked = atoi(PQgetvalue(res, 0, 0)), exists = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	if (!exists)
		return mc_error_set(err, MC_ERR_NOTFOUND, "no token '%s'", name);
	if (!revoked)
		return mc_error_set(err, MC_ERR_REFUSED, "token '%s' is already revoked", name);
	return MC_OK;
}

/* no row of api_token is written (the portal's concurrent requests would
 * queue on it): the last use is the log's */
static const char token_use_sql[] =
	"WITH t AS (SELECT name, role, agency_id FROM motcua.api_token "
	"WHERE token_hash = $1::bytea AND revoked_at IS NULL), "
	"l AS (INSERT INTO motcua.auth_log (login, event, client) SELECT "
	"coalesce((SELECT name FROM t), (SELECT name FROM motcua.api_token "
	"WHERE token_hash = $1::bytea), '?'), "
	"CASE WHEN EXISTS (SELECT 1 FROM t) THEN 'token_use' ELSE 'token_refused' END, "
	"left($2, 100)) "
	"SELECT name, role, agency_id FROM t";

static void token_user(PGresult *res, mc_user *out, int *found)
{
	*found = 0;
	if (PQntuples(res) == 1) {
		*found = 1;
		memset(out, 0, sizeof *out);
		copy(out->login, sizeof out->login, mc_db_get(res, 0, "name"));
		snprintf(out->full_name, sizeof out->full_name, "Máy: %s", out->login);
		copy(out->role, sizeof out->role, mc_db_get(res, 0, "role"));
		copy(out->agency, sizeof out->agency, mc_db_get(res, 0, "agency_id"));
	}
}

int mc_store_token_use(mc_db *db, const unsigned char *token_hash, const char *client,
		       mc_user *out, int *found, mc_error *err)
{
	char h[67];
	hex32(h, token_hash);
	const char *p[] = { h, client };
	*found = 0;
	/* prepared once per session: every request of a machine makes one */
	mc_db_stmt st = { .name = "mc_token_use", .sql = token_use_sql, .nparams = 2, .params = p };
	int rc = mc_db_pipeline(db, &st, 1, err);
	if (rc)
		return rc;
	token_user(st.res, out, found);
	PQclear(st.res);
	return MC_OK;
}

int mc_store_token_begin(mc_db *db, const mc_token_begin *b, mc_user *out, int *found,
			 char *acting, size_t nacting, mc_error *err)
{
	char h[67];
	hex32(h, b->token_hash);
	const char *use_p[] = { h, b->client };
	const char *act_p[] = { b->roles, b->db_roles, h, b->agency };
	mc_db_stmt st[5] = { { .sql = "BEGIN" } };
	int n = 1, use, act = -1;
	*found = 0;
	acting[0] = '\0';
	if (b->lazy_commit)
		st[n++] = (mc_db_stmt){ .sql = "SET LOCAL synchronous_commit = off" };
	use = n;
	st[n++] = (mc_db_stmt){ .name = "mc_token_use", .sql = token_use_sql, .nparams = 2,
				.params = use_p };
	/* the role as a statement of its own, after the use is recorded as the
	 * server's login; only a live token of the agency, of a role the map
	 * knows, takes one */
	if (b->roles) {
		act = n;
		st[n++] = (mc_db_stmt){
			.name = "mc_token_act",
			.sql = "SELECT r.db_role, set_config('role', r.db_role, true), "
			       "set_config('motcua.agency', t.agency_id, true), "
			       "set_config('motcua.desk_role', t.role, true) "
			       "FROM motcua.api_token t, LATERAL (SELECT ($2::text[])"
			       "[array_position($1::text[], t.role)] AS db_role) r "
			       "WHERE t.token_hash = $3::bytea AND t.revoked_at IS NULL "
			       "AND t.agency_id = $4 AND r.db_role IS NOT NULL",
			.nparams = 4, .params = act_p };
	}
	st[n++] = (mc_db_stmt){ .sql = "SAVEPOINT mc_auth" };
	int rc = mc_db_pipeline(db, st, n, err);
	if (!rc) {
		token_user(st[use].res, out, found);
		if (act >= 0 && PQntuples(st[act].res) == 1)
			copy(acting, nacting, PQgetvalue(st[act].res, 0, 0));
	}
	for (int i = 0; i < n; i++)
		PQclear(st[i].res);
	return rc;
}
