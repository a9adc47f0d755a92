/*
 * register_store.c - the register's dossiers (see register_store.h).
 */
#include "register_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mc_store_register_free(mc_dossier_info *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		mc_dossier_info_clear(&rows[i]);
	free(rows);
}

int mc_store_register(const mc_store_ctx *s, int32_t from, int32_t to, mc_dossier_info **out,
		      size_t *n, mc_error *err)
{
	*out = NULL;
	*n = 0;
	if (to < from)
		return mc_error_set(err, MC_ERR_USAGE, "the period ends before it starts");
	char start[MC_MOMENT_MAX], end[MC_MOMENT_MAX], max[16];
	mc_format_moment(start, sizeof start, mc_time_make(from, 0));
	mc_format_moment(end, sizeof end, mc_time_make(to + 1, 0));
	snprintf(max, sizeof max, "%d", MC_REGISTER_MAX + 1);
	const char *p[] = { s->cat->agency->id, start, end, max };
	/* the list and every dossier from one snapshot (a savepoint inside a
	 * caller's transaction) */
	int own = PQtransactionStatus(mc_db_conn(s->db)) == PQTRANS_IDLE;
	int rc = mc_db_exec(s->db, own ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
				       : "SAVEPOINT mc_register", 0, NULL, NULL, err);
	if (rc)
		return rc;
	PGresult *res = NULL;
	rc = mc_db_exec(s->db,
			"SELECT code FROM motcua.dossier WHERE agency_id = $1 "
			"AND received_at >= $2::timestamptz AND received_at < $3::timestamptz "
			"AND result IS DISTINCT FROM 'voided' ORDER BY received_at, code LIMIT $4::int",
			4, p, &res, err);
	mc_dossier_info *rows = NULL;
	size_t got = 0;
	if (!rc) {
		int m = PQntuples(res);
		if (m > MC_REGISTER_MAX)
			rc = mc_error_set(err, MC_ERR_USAGE,
					  "more than %d dossiers were received in the period: print the register month by month",
					  MC_REGISTER_MAX);
		else if (m && !(rows = calloc((size_t)m, sizeof *rows)))
			rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		for (int i = 0; !rc && i < m; i++) {
			if (!(rc = mc_store_dossier_get(s, PQgetvalue(res, i, 0), &rows[got], err)))
				got++;
		}
		PQclear(res);
	}
	mc_error e;
	if (own)
		mc_db_rollback(s->db);
	else if (!mc_db_exec(s->db, "ROLLBACK TO SAVEPOINT mc_register", 0, NULL, NULL, &e))
		mc_db_exec(s->db, "RELEASE SAVEPOINT mc_register", 0, NULL, NULL, &e);
	if (rc) {
		mc_store_register_free(rows, got);
		return rc;
	}
	*out = rows;
	*n = got;
	return MC_OK;
}
