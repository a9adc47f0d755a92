/*
 * queries.c - work queues, desks and small look-ups (see queries.h).
 */
#include "queries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int mc_store_set_agency(mc_db *db, const char *agency_id, mc_error *err)
{
	const char *p[] = { agency_id };
	return mc_db_exec(db, "SELECT set_config('motcua.agency', $1, false)", 1, p, NULL, err);
}

int mc_store_queue(const mc_store_ctx *s, const mc_queue_filter *f, mc_queue_item **items,
		   size_t *n, mc_error *err)
{
	char now[MC_MOMENT_MAX];
	*items = NULL;
	*n = 0;
	mc_format_moment(now, sizeof now, f->now);
	/* open dossiers unless a state or `all` says otherwise; overdue means
	 * the clock is running (in a step) and the due moment has passed */
	const char *p[] = { s->cat->agency->id, f->state, f->unit, f->overdue ? "t" : "f", now,
			    f->all ? "t" : "f", f->assignee };
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
			"SELECT code, procedure_code, channel, state, coalesce(step_id, ''), "
			"coalesce(step_unit, ''), coalesce(result, ''), "
			"floor(date_part('epoch', received_at))::bigint, "
			"floor(date_part('epoch', due_at))::bigint, "
			"coalesce(floor(date_part('epoch', step_due_at))::bigint, 0), "
			"(state = 'in_step' AND due_at < $5::timestamptz) "
			"FROM motcua.dossier WHERE agency_id = $1 "
			"AND ($2::text IS NULL OR state = $2) "
			"AND ($2::text IS NOT NULL OR $6::boolean OR result IS NULL) "
			"AND ($3::text IS NULL OR step_unit = $3) "
			"AND (NOT $4::boolean OR (state = 'in_step' AND due_at < $5::timestamptz)) "
			"AND ($7::text IS NULL OR assignee = $7) "
			"ORDER BY due_at, code",
			7, p, &res, err);
	if (rc)
		return rc;
	int rows = PQntuples(res);
	mc_queue_item *it = rows ? calloc((size_t)rows, sizeof *it) : NULL;
	if (rows && !it) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	for (int r = 0; r < rows; r++) {
		mc_queue_item *q = &it[r];
		copy(q->code, sizeof q->code, PQgetvalue(res, r, 0));
		copy(q->procedure_code, sizeof q->procedure_code, PQgetvalue(res, r, 1));
		copy(q->channel, sizeof q->channel, PQgetvalue(res, r, 2));
		copy(q->state, sizeof q->state, PQgetvalue(res, r, 3));
		copy(q->step_id, sizeof q->step_id, PQgetvalue(res, r, 4));
		copy(q->step_unit, sizeof q->step_unit, PQgetvalue(res, r, 5));
		copy(q->result, sizeof q->result, PQgetvalue(res, r, 6));
		q->received_at = atoll(PQgetvalue(res, r, 7));
		q->due_at = atoll(PQgetvalue(res, r, 8));
		q->step_due_at = atoll(PQgetvalue(res, r, 9));
		q->overdue = !strcmp(PQgetvalue(res, r, 10), "t");
	}
	PQclear(res);
	*items = it;
	*n = (size_t)rows;
	return MC_OK;
}

int mc_store_desks(const mc_store_ctx *s, mc_time at, mc_desk **desks, size_t *n, mc_error *err)
{
	char moment[MC_MOMENT_MAX];
	*desks = NULL;
	*n = 0;
	mc_format_moment(moment, sizeof moment, at);
	const char *p[] = { s->cat->agency->id, moment };
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
			"SELECT coalesce(step_unit, ''), count(*), "
			"count(*) FILTER (WHERE state = 'in_step' AND due_at < $2::timestamptz), "
			"count(*) FILTER (WHERE state <> 'in_step') "
			"FROM motcua.dossier WHERE agency_id = $1 AND result IS NULL "
			"AND received_at < $2::timestamptz GROUP BY step_unit ORDER BY step_unit",
			2, p, &res, err);
	if (rc)
		return rc;
	int rows = PQntuples(res);
	mc_desk *d = rows ? calloc((size_t)rows, sizeof *d) : NULL;
	if (rows && !d) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	for (int r = 0; r < rows; r++) {
		copy(d[r].unit, sizeof d[r].unit, PQgetvalue(res, r, 0));
		d[r].open = atol(PQgetvalue(res, r, 1));
		d[r].overdue = atol(PQgetvalue(res, r, 2));
		d[r].waiting = atol(PQgetvalue(res, r, 3));
	}
	PQclear(res);
	*desks = d;
	*n = (size_t)rows;
	return MC_OK;
}

int mc_store_count_received(const mc_store_ctx *s, mc_time from, mc_time to, long *count,
			    mc_error *err)
{
	char f[MC_MOMENT_MAX], t[MC_MOMENT_MAX];
	mc_format_moment(f, sizeof f, from);
	mc_format_moment(t, sizeof t, to);
	const char *p[] = { s->cat->agency->id, f, t };
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db, "SELECT count(*) FROM motcua.dossier WHERE agency_id = $1 "
			    "AND received_at >= $2::timestamptz AND received_at < $3::timestamptz",
			    3, p, &res, err);
	if (rc)
		return rc;
	*count = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	return MC_OK;
}

int mc_store_sample_dossiers(const mc_store_ctx *s, char *first, size_t nfirst, char *late,
			     size_t nlate, mc_error *err)
{
	const char *p[] = { s->cat->agency->id };
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
			    "SELECT (SELECT code FROM motcua.dossier WHERE agency_id = $1 "
			    "ORDER BY received_at LIMIT 1), "
			    "(SELECT code FROM motcua.dossier WHERE agency_id = $1 AND result = 'late' "
			    "ORDER BY received_at LIMIT 1)", 1, p, &res, err);
	if (rc)
		return rc;
	copy(first, nfirst, PQgetvalue(res, 0, 0));
	copy(late, nlate, PQgetvalue(res, 0, 1));
	PQclear(res);
	return MC_OK;
}
