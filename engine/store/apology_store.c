/*
 * apology_store.c - an issued apology letter read back (see apology_store.h).
 */
#include "apology_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APOLOGY_COLUMNS                                                    \
	"year, number, reason, late, forced, issued_by, code, "               \
	"extract(epoch FROM issued_at)::bigint AS issued, "                   \
	"extract(epoch FROM original_due)::bigint AS due, "                   \
	"extract(epoch FROM new_appointment)::bigint AS appt, "               \
	"extract(epoch FROM deadline)::bigint AS deadline "

static void apology_row(const PGresult *res, int r, mc_apology *out)
{
	memset(out, 0, sizeof *out);
	out->year = atoi(mc_db_get(res, r, "year"));
	out->number = atoi(mc_db_get(res, r, "number"));
	out->issued_at = atoll(mc_db_get(res, r, "issued"));
	out->original_due = atoll(mc_db_get(res, r, "due"));
	out->new_appointment = atoll(mc_db_get(res, r, "appt"));
	out->deadline = atoll(mc_db_get(res, r, "deadline"));
	out->late = !strcmp(mc_db_get(res, r, "late"), "t");
	out->forced = !strcmp(mc_db_get(res, r, "forced"), "t");
}

int mc_store_apology_last(const mc_store_ctx *s, const char *code, mc_apology *out,
			  char **reason, int *found, mc_error *err)
{
	PGresult *res = NULL;
	const char *p[] = { s->cat->agency->id, code };
	*found = 0;
	*reason = NULL;
	int rc = mc_db_exec(s->db,
			    "SELECT " APOLOGY_COLUMNS "FROM motcua.apology WHERE agency_id = $1 AND code = $2 "
			    "ORDER BY issued_at DESC, year DESC, number DESC LIMIT 1",
			    2, p, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) == 1) {
		apology_row(res, 0, out);
		*reason = strdup(mc_db_get(res, 0, "reason"));
		if (!*reason) {
			PQclear(res);
			return mc_error_set(err, MC_ERR_INTERNAL, "out of memory reading a letter");
		}
		*found = 1;
	}
	PQclear(res);
	return MC_OK;
}

int mc_store_apology_recent(const mc_store_ctx *s, int limit,
			    int (*fn)(const char *code, const mc_apology *a, const char *reason,
				      const char *by, void *arg),
			    void *arg, mc_error *err)
{
	PGresult *res = NULL;
	char lim[16];
	snprintf(lim, sizeof lim, "%d", limit > 0 ? limit : 1);
	const char *p[] = { s->cat->agency->id, lim };
	int rc = mc_db_exec(s->db,
			    "SELECT " APOLOGY_COLUMNS "FROM motcua.apology WHERE agency_id = $1 "
			    "ORDER BY issued_at DESC, year DESC, number DESC LIMIT $2::int",
			    2, p, &res, err);
	if (rc)
		return rc;
	for (int r = 0; r < PQntuples(res) && !rc; r++) {
		mc_apology a;
		apology_row(res, r, &a);
		rc = fn(mc_db_get(res, r, "code"), &a, mc_db_get(res, r, "reason"),
			mc_db_get(res, r, "issued_by"), arg);
	}
	PQclear(res);
	return rc;
}

int mc_store_nights(const mc_store_ctx *s, int limit, mc_night *out, size_t *n, mc_error *err)
{
	PGresult *res = NULL;
	char lim[16];
	snprintf(lim, sizeof lim, "%d", limit > 0 ? limit : 1);
	const char *p[] = { s->cat->agency->id, lim };
	*n = 0;
	int rc = mc_db_exec(s->db,
			    "SELECT as_of - date '1970-01-01' AS day, dossiers, alerts "
			    "FROM motcua.nightly_run WHERE agency_id = $1 "
			    "ORDER BY as_of DESC LIMIT $2::int",
			    2, p, &res, err);
	if (rc)
		return rc;
	for (int r = 0; r < PQntuples(res) && r < limit; r++) {
		out[r].as_of = (int32_t)atol(mc_db_get(res, r, "day"));
		out[r].dossiers = atol(mc_db_get(res, r, "dossiers"));
		out[r].alerts = atol(mc_db_get(res, r, "alerts"));
		(*n)++;
	}
	PQclear(res);
	return MC_OK;
}
