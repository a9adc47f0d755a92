/*
 * report.c - building period reports (see report.h).
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long mc_counts_total(const mc_counts *c)
{
	return c->carried + c->online + c->in_person + c->post;
}

int mc_report_period(const char *kind, const char *spec, int32_t *from, int32_t *to,
		     mc_error *err)
{
	int y = 0, n = 0;
	char tail = 0;
	if (!strcmp(kind, "year")) {
		if (sscanf(spec, "%4d%c", &y, &tail) != 1 || strlen(spec) != 4)
			return mc_error_set(err, MC_ERR_USAGE, "invalid year '%s' (expected e.g. 2023)", spec);
		*from = mc_days_from_civil(y - 1, 12, 15);
		*to = mc_days_from_civil(y, 12, 14);
	} else if (!strcmp(kind, "quarter")) {
		if (strlen(spec) != 6 || sscanf(spec, "%4dQ%1d", &y, &n) != 2 || n < 1 || n > 4)
			return mc_error_set(err, MC_ERR_USAGE, "invalid quarter '%s' (expected e.g. 2023Q1)", spec);
		*from = n == 1 ? mc_days_from_civil(y - 1, 12, 15) : mc_days_from_civil(y, 3 * (n - 1), 15);
		*to = mc_days_from_civil(y, 3 * n, 14);
	} else {
		if (strlen(spec) != 6 || sscanf(spec, "%4dH%1d", &y, &n) != 2 || n < 1 || n > 2)
			return mc_error_set(err, MC_ERR_USAGE, "invalid half '%s' (expected e.g. 2023H1)", spec);
		*from = n == 1 ? mc_days_from_civil(y - 1, 12, 15) : mc_days_from_civil(y, 6, 15);
		*to = mc_days_from_civil(y, n == 1 ? 6 : 12, 14);
	}
	if (y < 1900 || y > 2199)
		return mc_error_set(err, MC_ERR_USAGE, "year %d is outside 1900-2199", y);
	return MC_OK;
}

void mc_report_free(mc_report *r)
{
	if (!r)
		return;
	free(r->procs);
	free(r->fields);
	free(r->late_steps);
	free(r->months);
	free(r->shortened);
	memset(r, 0, sizeof *r);
}

static void add_counts(mc_counts *a, const mc_counts *b)
{
	long *x = (long *)a;
	const long *y = (const long *)b;
	for (size_t i = 0; i < sizeof *a / sizeof(long); i++)
		x[i] += y[i];
}

/* The handled dossiers: received before the end, not finished or closed
 * before the start. $2 = start, $3 = end. */
#define HANDLED "d.agency_id = $1 AND d.received_at < $3 AND " \
	"(d.finished_at IS NULL OR d.finished_at >= $2) AND (d.closed_at IS NULL OR d.closed_at >= $2)"
/* Overdue at the end: past the due moment when the clock last ran (a
 * dossier waiting for a supplement or paused since before the end has its
 * clock stopped at paused_since). */
#define OVERDUE_AT_END "d.due_at < LEAST($3::timestamptz, coalesce(d.paused_since, $3::timestamptz))"
#define OPEN_AT_END "(d.finished_at IS NULL OR d.finished_at >= $3) AND (d.closed_at IS NULL OR d.closed_at >= $3)"

static int counts_by_procedure(const mc_store_ctx *s, const char *const *p, mc_report *r,
			       mc_error *err)
{
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
		"SELECT d.procedure_code AS code, "
		"count(*) FILTER (WHERE d.received_at < $2) AS carried, "
		"count(*) FILTER (WHERE d.received_at >= $2 AND d.channel = 'online') AS online, "
		"count(*) FILTER (WHERE d.received_at >= $2 AND d.channel = 'in_person') AS in_person, "
		"count(*) FILTER (WHERE d.received_at >= $2 AND d.channel = 'post') AS post, "
		"count(*) FILTER (WHERE d.finished_at < $3 AND d.result = 'early') AS early, "
		"count(*) FILTER (WHERE d.finished_at < $3 AND d.result = 'on_time') AS on_time, "
		"count(*) FILTER (WHERE d.finished_at < $3 AND d.result = 'late') AS late, "
		"count(*) FILTER (WHERE d.closed_at < $3 AND d.result = 'withdrawn') AS withdrawn, "
		"count(*) FILTER (WHERE d.closed_at < $3 AND d.result = 'returned_unprocessed') AS unprocessed, "
		"count(*) FILTER (WHERE d.closed_at < $3 AND d.result = 'refused') AS refused, "
		"count(*) FILTER (WHERE " OPEN_AT_END " AND NOT " OVERDUE_AT_END ") AS open_within, "
		"count(*) FILTER (WHERE " OPEN_AT_END " AND " OVERDUE_AT_END ") AS open_overdue, "
		"count(*) FILTER (WHERE d.supplement_count >= 2) AS second_supplements "
		"FROM motcua.dossier d WHERE " HANDLED " GROUP BY d.procedure_code ORDER BY d.procedure_code",
		3, p, &res, err);
	if (rc)
		return rc;
	int n = PQntuples(res);
	r->procs = calloc(n ? (size_t)n : 1, sizeof *r->procs);
	r->fields = calloc(n ? (size_t)n : 1, sizeof *r->fields);
	if (!r->procs || !r->fields) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	static const char *const cols[] = { "carried", "online", "in_person", "post", "early",
					    "on_time", "late", "withdrawn", "unprocessed", "refused",
					    "open_within", "open_overdue", "second_supplements" };
	for (int i = 0; i < n; i++) {
		mc_report_row *row = &r->procs[r->nprocs++];
		const char *code = mc_db_get(res, i, "code");
		const mc_procedure *pr = mc_catalog_find(s->cat, code);
		snprintf(row->key, sizeof row->key, "%s", code);
		snprintf(row->name, sizeof row->name, "%s", pr ? pr->name : code);
		long *c = (long *)&row->c;
		for (int k = 0; k < 13; k++)
			c[k] = atol(mc_db_get(res, i, cols[k]));
		add_counts(&r->total, &row->c);
		/* by field (lĩnh vực) */
		const char *field = pr ? pr->field : "(không rõ)";
		mc_report_row *f = NULL;
		for (size_t k = 0; k < r->nfields; k++)
			if (!strcmp(r->fields[k].key, field))
				f = &r->fields[k];
		if (!f) {
			f = &r->fields[r->nfields++];
			snprintf(f->key, sizeof f->key, "%s", field);
			snprintf(f->name, sizeof f->name, "%s", field);
		}
		add_counts(&f->c, &row->c);
	}
	PQclear(res);
	return MC_OK;
}

static int apologies(const mc_store_ctx *s, const char *const *p, mc_report *r, mc_error *err)
{
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
			    "SELECT count(*) AS n, count(*) FILTER (WHERE late) AS late, "
			    "count(*) FILTER (WHERE forced) AS forced FROM motcua.apology "
			    "WHERE agency_id = $1 AND issued_at >= $2 AND issued_at < $3",
			    3, p, &res, err);
	if (rc)
		return rc;
	r->apologies = atol(mc_db_get(res, 0, "n"));
	r->apologies_late = atol(mc_db_get(res, 0, "late"));
	r->apologies_forced = atol(mc_db_get(res, 0, "forced"));
	PQclear(res);
	return MC_OK;
}

static void catalogue(const mc_store_ctx *s, mc_report *r)
{
	double cut = 0;
	r->shortened = calloc(s->cat->nprocs ? s->cat->nprocs : 1, sizeof *r->shortened);
	for (size_t i = 0; i < s->cat->nprocs; i++) {
		const mc_procedure *p = &s->cat->procs[i];
		const mc_version *v = mc_catalog_version_at(p, r->to);
		if (!v)
			continue;
		r->cat_procs++;
		r->cat_center += p->service_center;
		r->cat_online += p->service_center &&
			(!strcmp(p->online_level, "3") || !strcmp(p->online_level, "4") ||
			 !strcmp(p->online_level, "full") || !strcmp(p->online_level, "partial"));
		if (v->has_shortened) {
			if (r->shortened) {
				mc_shortened *x = &r->shortened[r->cat_shortened];
				snprintf(x->code, sizeof x->code, "%s", p->code);
				mc_duration_format(x->statutory, sizeof x->statutory, v->statutory);
				mc_duration_format(x->shortened, sizeof x->shortened, v->shortened);
				x->cut_percent = mc_version_cut_percent(v);
			}
			r->cat_shortened++;
			cut += mc_version_cut_percent(v);
		}
	}
	r->cat_cut_avg = r->cat_shortened ? cut / (double)r->cat_shortened : 0;
	const mc_catalog_set *best = NULL;
	for (size_t i = 0; i < s->cat->nsets; i++)
		if (s->cat->sets[i].as_of <= r->to && (!best || s->cat->sets[i].as_of > best->as_of))
			best = &s->cat->sets[i];
	if (best) {
		snprintf(r->set_id, sizeof r->set_id, "%s", best->id);
		r->set_total = best->declared_total;
		r->set_center = best->declared_center;
		r->set_online = best->declared_online;
		r->set_online_base = best->declared_online_base;
	}
}

/* The late dossiers of the period and the steps that overran, from the log. */
static int late_steps(const mc_store_ctx *s, const char *const *p, mc_report *r, mc_error *err)
{
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
			    "SELECT d.code FROM motcua.dossier d WHERE " HANDLED " AND "
			    "((d.result = 'late' AND d.finished_at < $3) OR (" OPEN_AT_END " AND " OVERDUE_AT_END ")) "
			    "ORDER BY d.code", 3, p, &res, err);
	if (rc)
		return rc;
	size_t cap = 0;
	mc_time end = mc_time_make(r->to + 1, 0);
	for (int i = 0; i < PQntuples(res) && !rc; i++) {
		mc_dossier_info info;
		if ((rc = mc_store_dossier_get(s, PQgetvalue(res, i, 0), &info, err)))
			break;
		for (int k = 0; k < info.d.nsteps; k++) {
			const mc_step_run *run = &info.d.steps[k];
			if (!run->started || run->started >= end)
				continue;
			mc_time done = run->finished && run->finished < end ? run->finished : end;
			/* a clock stopped by a supplement or pause stops the step too */
			if (!run->finished && info.d.pause_started && info.d.pause_started < done)
				done = info.d.pause_started;
			if (done <= run->due)
				continue;
			if (r->nlate == cap) {
				cap = cap ? cap * 2 : 16;
				mc_late_step *bigger = realloc(r->late_steps, cap * sizeof *bigger);
				if (!bigger) {
					rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
					break;
				}
				r->late_steps = bigger;
			}
			mc_late_step *ls = &r->late_steps[r->nlate++];
			int64_t ticks = 0;
			mc_calendar_between(s->cal, run->due, done, &ticks, NULL);
			snprintf(ls->code, sizeof ls->code, "%s", info.code);
			snprintf(ls->step, sizeof ls->step, "%s", info.d.version->steps[k].id);
			snprintf(ls->unit, sizeof ls->unit, "%s", info.d.version->steps[k].unit);
			ls->late_days = (double)ticks / MC_TICKS_PER_DAY;
		}
		mc_dossier_info_clear(&info);
	}
	PQclear(res);
	return rc;
}

static int months(const mc_store_ctx *s, const char *const *p, mc_report *r, mc_error *err)
{
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
		"WITH m AS (SELECT to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') AS ym, "
		"channel AS ch, NULL::text AS res FROM motcua.dossier "
		"WHERE agency_id = $1 AND received_at >= $2 AND received_at < $3 "
		"UNION ALL SELECT to_char(finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM'), NULL, result "
		"FROM motcua.dossier WHERE agency_id = $1 AND finished_at >= $2 AND finished_at < $3) "
		"SELECT ym, count(*) FILTER (WHERE ch = 'online') AS online, "
		"count(*) FILTER (WHERE ch = 'in_person') AS in_person, count(*) FILTER (WHERE ch = 'post') AS post, "
		"count(*) FILTER (WHERE res = 'early') AS early, count(*) FILTER (WHERE res = 'on_time') AS on_time, "
		"count(*) FILTER (WHERE res = 'late') AS late FROM m GROUP BY ym ORDER BY ym",
		3, p, &res, err);
	if (rc)
		return rc;
	int n = PQntuples(res);
	r->months = calloc(n ? (size_t)n : 1, sizeof *r->months);
	if (!r->months) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	for (int i = 0; i < n; i++) {
		mc_month *m = &r->months[r->nmonths++];
		sscanf(mc_db_get(res, i, "ym"), "%d-%d", &m->year, &m->month);
		m->online = atol(mc_db_get(res, i, "online"));
		m->in_person = atol(mc_db_get(res, i, "in_person"));
		m->post = atol(mc_db_get(res, i, "post"));
		m->early = atol(mc_db_get(res, i, "early"));
		m->on_time = atol(mc_db_get(res, i, "on_time"));
		m->late = atol(mc_db_get(res, i, "late"));
	}
	PQclear(res);
	return MC_OK;
}

int mc_report_build(const mc_store_ctx *s, int32_t from, int32_t to, mc_report *out,
		    mc_error *err)
{
	mc_report r;
	memset(&r, 0, sizeof r);
	if (to < from)
		return mc_error_set(err, MC_ERR_USAGE, "the period ends before it starts");
	r.from = from;
	r.to = to;
	char start[40], end[40];
	mc_format_moment(start, sizeof start, mc_time_make(from, 0));
	mc_format_moment(end, sizeof end, mc_time_make(to + 1, 0));
	const char *p[] = { s->cat->agency->id, start, end };
	/* one snapshot for every figure */
	int rc = mc_db_exec(s->db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, NULL, err);
	if (rc)
		return rc;
	if (!(rc = counts_by_procedure(s, p, &r, err)) && !(rc = apologies(s, p, &r, err)) &&
	    !(rc = late_steps(s, p, &r, err)) && !(rc = months(s, p, &r, err)))
		catalogue(s, &r);
	mc_db_rollback(s->db);
	if (rc) {
		mc_report_free(&r);
		return rc;
	}
	*out = r;
	return MC_OK;
}
