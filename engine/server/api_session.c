/*
 * api_session.c - logging in and out: POST /api/v1/session, DELETE
 * /api/v1/session, GET /api/v1/me.
 *
 * A login checks the rate limit first (failures of that login in the
 * window), then the password; an unknown login, a disabled account and a
 * wrong password get the same 401 after the same work (a hash verified),
 * and each is logged. A login's transaction commits whatever the reply
 * (server.c), so a failure is recorded though the reply is an error.
 */
#include "api.h"
#include "json_out.h"

#include <stdio.h>
#include <string.h>

#define FAIL_WINDOW (15 * 60)
#define FAIL_LIMIT 5
#define ADDRESS_FAIL_LIMIT 20    /* from one address, whatever the logins */

json_t *mc_user_json(const mc_user *u)
{
	const char *vn = NULL;
	mc_role_db(u->role, &vn);
	json_t *o = json_object();
	mc_json_set(o, "login", mc_json_text(u->login));
	mc_json_set(o, "name", mc_json_text(u->full_name));
	mc_json_set(o, "role", mc_json_text(u->role));
	mc_json_set(o, "role_name", mc_json_text(vn));
	mc_json_set(o, "unit", u->unit[0] ? mc_json_text(u->unit) : json_null());
	mc_json_set(o, "agency", mc_json_text(u->agency));
	return o;
}

static const mc_field login_fields[] = {
	{ .name = "login", .type = MC_FIELD_STRING, .required = 1, .max = 64, .slot = 0 },
	{ .name = "password", .type = MC_FIELD_STRING, .required = 1, .max = 1024, .raw = 1,
	  .slot = 1 },
	{ 0 }
};

void mc_session_cookie(mc_request *rq, const char *token, int max_age)
{
	/* Path=/: the desk's pages and the API share the session */
	mc_reply_header(&rq->reply, "Set-Cookie",
			"motcua_session=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
			token, max_age, rq->secure ? "; Secure" : "");
}

int mc_session_open(mc_request *rq, const char *login, const char *password, mc_user *u,
		    char token[65], long *retry)
{
	mc_error err;
	int failures = 0;
	*retry = 0;
	/* per address first (the socket's peer, or the one a trusted proxy
	 * names; not when unknown: every client of the Unix socket is "unix") */
	if (strcmp(rq->client, "unix")) {
		if (mc_store_auth_failures_from(rq->db, rq->client, FAIL_WINDOW, ADDRESS_FAIL_LIMIT,
						&failures, retry, &err))
			goto db_error;
		if (failures >= ADDRESS_FAIL_LIMIT) {
			if (mc_store_auth_log(rq->db, login, "address_locked", rq->client, &err))
				goto db_error;
			return MC_LOGIN_ADDRESS_LOCKED;
		}
	}
	if (mc_store_auth_failures(rq->db, login, FAIL_WINDOW, FAIL_LIMIT, &failures, retry, &err))
		goto db_error;
	if (failures >= FAIL_LIMIT) {
		if (mc_store_auth_log(rq->db, login, "login_locked", rq->client, &err))
			goto db_error;
		return MC_LOGIN_LOCKED;
	}
	char hash[MC_PWHASH_MAX];
	int found = 0;
	if (mc_store_user_find(rq->db, login, u, hash, sizeof hash, &found, &err))
		goto db_error;
	int ok = mc_password_verify(found ? hash : rq->srv->dummy_hash, password);
	ok = ok && found && !u->disabled && !strcmp(u->agency, rq->srv->cat->agency->id) &&
	     mc_role_db(u->role, NULL);
	if (!ok) {
		if (mc_store_auth_log(rq->db, login, "login_failed", rq->client, &err))
			goto db_error;
		return MC_LOGIN_WRONG;
	}
	unsigned char th[32];
	if (mc_token_new(token, &err))
		goto db_error;
	mc_token_hash(token, th);
	if (mc_store_session_create(rq->db, th, u->login, rq->srv->o.absolute, &err) ||
	    mc_store_auth_log(rq->db, u->login, "login", rq->client, &err))
		goto db_error;
	snprintf(rq->log_login, sizeof rq->log_login, "%s", u->login);
	mc_token_csrf(token, rq->csrf);
	return MC_LOGIN_OK;
db_error:
	mc_reply_error(rq, &err);
	return MC_LOGIN_ERROR;
}

int mc_session_close(mc_request *rq)
{
	mc_error err;
	if (mc_store_session_revoke(rq->db, rq->token_hash, &err) ||
	    mc_store_auth_log(rq->db, rq->user.login, "logout", rq->client, &err)) {
		mc_reply_error(rq, &err);
		return -1;
	}
	return 0;
}

void mc_api_login(mc_request *rq)
{
	const char *v[2];
	json_t *root;
	if (mc_body_parse(rq, login_fields, v, 2, &root))
		return;
	mc_user u;
	char token[65];
	long retry = 0;
	int rc = mc_session_open(rq, v[0], v[1], &u, token, &retry);
	json_decref(root);
	switch (rc) {
	case MC_LOGIN_OK:
		break;
	case MC_LOGIN_ADDRESS_LOCKED:
	case MC_LOGIN_LOCKED:
		mc_reply_problem(&rq->reply, 429, "too_many_attempts",
				 rc == MC_LOGIN_LOCKED ? "too many failed logins for this account; "
							 "wait before trying again"
						       : "too many failed logins from this address; wait "
							 "before trying again",
				 NULL, NULL);
		mc_reply_header(&rq->reply, "Retry-After", "%ld", retry);
		return;
	case MC_LOGIN_WRONG:
		mc_reply_problem(&rq->reply, 401, "invalid_credentials", NULL, NULL, NULL);
		return;
	default:
		return;      /* the reply holds the database's error */
	}
	json_t *o = json_object();
	mc_json_set(o, "csrf", mc_json_text(rq->csrf));
	mc_json_set(o, "user", mc_user_json(&u));
	mc_json_set(o, "idle_seconds", json_integer(rq->srv->o.idle));
	mc_json_set(o, "expires_in", json_integer(rq->srv->o.absolute));
	mc_reply_json(&rq->reply, 200, o);
	mc_session_cookie(rq, token, rq->srv->o.absolute);
}

void mc_api_logout(mc_request *rq)
{
	if (rq->bearer) {
		mc_reply_problem(&rq->reply, 409, "conflict",
				 "a bearer token has no session to close: revoke it with "
				 "'motcua token revoke NAME'", NULL, NULL);
		return;
	}
	if (mc_session_close(rq))
		return;
	mc_reply_bytes(&rq->reply, 204, NULL, "", 0);
	mc_session_cookie(rq, "", 0);
}

void mc_api_me(mc_request *rq)
{
	mc_reply_json(&rq->reply, 200, mc_user_json(&rq->user));
}
