/*
 * apology_store.c - an issued apology letter read back (see apology_store.h).
 */
#include "apology_store.h"

#include <stdlib.h>
#include <string.h>

int mc_store_apology_last(const mc_store_ctx *s, const char *code, mc_apology *out,
			  char **reason, int *found, mc_error *err)
{
	PGresult *res = NULL;
	const char *p[] = { s->cat->agency->id, code };
	*found = 0;
	*reason = NULL;
	int rc = mc_db_exec(s->db,
			    "SELECT year, number, reason, late, forced, "
			    "extract(epoch FROM issued_at)::bigint AS issued, "
			    "extract(epoch FROM original_due)::bigint AS due, "
			    "extract(epoch FROM new_appointment)::bigint AS appt, "
			    "extract(epoch FROM deadline)::bigint AS deadline "
			    "FROM motcua.apology WHERE agency_id = $1 AND code = $2 "
			    "ORDER BY issued_at DESC, year DESC, number DESC LIMIT 1",
			    2, p, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) == 1) {
		memset(out, 0, sizeof *out);
		out->year = atoi(mc_db_get(res, 0, "year"));
		out->number = atoi(mc_db_get(res, 0, "number"));
		out->issued_at = atoll(mc_db_get(res, 0, "issued"));
		out->original_due = atoll(mc_db_get(res, 0, "due"));
		out->new_appointment = atoll(mc_db_get(res, 0, "appt"));
		out->deadline = atoll(mc_db_get(res, 0, "deadline"));
		out->late = !strcmp(mc_db_get(res, 0, "late"), "t");
		out->forced = !strcmp(mc_db_get(res, 0, "forced"), "t");
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
