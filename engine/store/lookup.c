/*
 * lookup.c - the citizen's look-up (see lookup.h).
 */
#include "lookup.h"
#include "accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int facts(mc_db *db, const char *agency, const char *sql, int n, const char *const *p,
		 mc_public_facts *out, mc_error *err)
{
	memset(out, 0, sizeof *out);
	out->outcome = MC_LOOKUP_NOT_FOUND;
	/* as the public role: no table, only the two functions */
	int rc = mc_store_act_as(db, "motcua_public", agency, err);
	PGresult *res = NULL;
	if (rc || (rc = mc_db_exec(db, sql, n, p, &res, err)))
		return rc;
	int rows = PQntuples(res);
	if (rows != 1) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_INTERNAL, "the look-up returned %d rows", rows);
	}
	const char *o = mc_db_get(res, 0, "outcome");
	if (o && !strcmp(o, "found")) {
		const char *due = mc_db_get(res, 0, "due_at");
		out->outcome = MC_LOOKUP_FOUND;
		snprintf(out->code, sizeof out->code, "%s", mc_db_get(res, 0, "code"));
		snprintf(out->procedure_name, sizeof out->procedure_name, "%s",
			 mc_db_get(res, 0, "procedure_name"));
		snprintf(out->state, sizeof out->state, "%s", mc_db_get(res, 0, "state"));
		out->due_at = due ? (mc_time)atoll(due) : 0;
	} else if (o && !strcmp(o, "limited")) {
		out->outcome = MC_LOOKUP_LIMITED;
		out->retry_after = atoi(mc_db_get(res, 0, "retry_after"));
	}
	PQclear(res);
	return MC_OK;
}

#define COLUMNS "outcome, coalesce(code, '') AS code, coalesce(procedure_name, '') AS procedure_name, " \
		"coalesce(state, '') AS state, extract(epoch FROM due_at)::bigint AS due_at, retry_after"

int mc_store_public_lookup(mc_db *db, const char *agency, const char *code, const char *digits,
			   const char *client, mc_public_facts *out, mc_error *err)
{
	const char *p[] = { code, digits, client };
	return facts(db, agency, "SELECT " COLUMNS " FROM motcua.public_lookup($1, $2, $3)", 3, p,
		     out, err);
}

int mc_store_public_lookup_token(mc_db *db, const char *agency, const char *token,
				 const char *client, mc_public_facts *out, mc_error *err)
{
	const char *p[] = { token, client };
	return facts(db, agency, "SELECT " COLUMNS " FROM motcua.public_lookup_token($1, $2)", 2, p,
		     out, err);
}
