/*
 * report.c - building period reports (see report.h).
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_key(const void *a, const void *b)
{
	return strcmp(((const mc_report_row *)a)->key, ((const mc_report_row *)b)->key);
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
#define MC_REPORT_LATE_MAX_S "500"

/* A voided dossier (a receipt logged by mistake) is in no period's figures. */
#define HANDLED "d.agency_id = $1 AND d.received_at < $3 AND " \
	"(d.finished_at IS NULL OR d.finished_at >= $2) AND (d.closed_at IS NULL OR d.closed_at >= $2) " \
	"AND d.result IS DISTINCT FROM 'voided'"
/* Overdue at the end: past the due moment when the clock last ran (a
 * dossier waiting for a supplement or paused since before the end has its
 * clock stopped at paused_since). */
#define OVERDUE_AT_END "d.due_at < LEAST($3::timestamptz, coalesce(d.paused_since, $3::timestamptz))"
#define OPEN_AT_END "(d.finished_at IS NULL OR d.finished_at >= $3) AND (d.closed_at IS NULL OR d.closed_at >= $3)"

/* Find (or add) the row for `key` in rows[0..*n). */
static mc_report_row *row_for(mc_report_row *rows, size_t *n, const char *key, const char *name)
{
	for (size_t k = 0; k < *n; k++)
		if (!strcmp(rows[k].key, key))
			return &rows[k];
	mc_report_row *row = &rows[(*n)++];
	snprintf(row->key, sizeof row->key, "%s", key);
	snprintf(row->name, sizeof row->name, "%s", name);
	return row;
}

static mc_month *month_for(mc_report *r, int32_t day)
{
	int y, m;
	mc_report_month_of(day, &y, &m);
	for (size_t k = 0; k < r->nmonths; k++)
		if (r->months[k].year == y && r->months[k].month == m)
			return &r->months[k];
	mc_month *mo = &r->months[r->nmonths++];
	mo->year = y;
	mo->month = m;
	return mo;
}

static int by_month(const void *a, const void *b)
{
	const mc_month *x = a, *y = b;
	return (x->year * 12 + x->month) - (y->year * 12 + y->month);
}

/* The period cut at each 15th (Vietnam's time), where a reporting month
 * starts: boundary k is the start of slice k+1; slice 0 is before the
 * period, slice nb after. */
#define MAX_SLICES 256          /* 21 years of months */

typedef struct slices {
	int32_t day[MAX_SLICES];
	int nb;
	char literal[MAX_SLICES * 44];      /* a timestamptz[] literal */
} slices;

static void cut_period(int32_t from, int32_t to, slices *sl)
{
	sl->nb = 0;
	sl->day[sl->nb++] = from;
	int y, m, d;
	mc_civil_from_days(from, &y, &m, &d);
	if (d < 15 && --m < 1) {     /* the first cut is this month's 15th */
		m = 12;
		y--;
	}
	for (;;) {
		if (++m > 12) {
			m = 1;
			y++;
		}
		int32_t first = mc_days_from_civil(y, m, 15);
		if (first > to || sl->nb >= MAX_SLICES - 1)
			break;
		sl->day[sl->nb++] = first;
	}
	sl->day[sl->nb++] = to + 1;
	size_t len = 0;
	for (int k = 0; k < sl->nb; k++) {
		char moment[MC_MOMENT_MAX];
		mc_format_moment(moment, sizeof moment, mc_time_make(sl->day[k], 0));
		len += (size_t)snprintf(sl->literal + len, sizeof sl->literal - len, "%s\"%s\"",
					k ? "," : "{", moment);
	}
	snprintf(sl->literal + len, sizeof sl->literal - len, "}");
}

/* Every count of the report from one scan: the handled dossiers grouped by
 * procedure, channel, result, the month slice of receipt and of result
 * (width_bucket over the slices' bounds: a binary search, and a dozen
 * groups where days made hundreds) and the flags that place them in the
 * period; C sums the groups into rows, fields and months. */
static int counts(const mc_store_ctx *s, const char *const *p, int32_t from, int32_t to,
		  mc_report *r, mc_error *err)
{
	PGresult *res = NULL;
	slices *sl = malloc(sizeof *sl);      /* (11 kB: not on the stack) */
	if (!sl)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	cut_period(from, to, sl);
	const char *q[] = { p[0], p[1], p[2], sl->literal };
	int rc = mc_db_exec(s->db,
		"SELECT d.procedure_code AS code, d.channel, coalesce(d.result, '') AS result, "
		"width_bucket(d.received_at, $4::timestamptz[]) AS rslice, "
		"width_bucket(d.finished_at, $4::timestamptz[]) AS fslice, "
		/* the flags in one small integer: fewer keys to hash */
		/* (PostgreSQL gives | and << the same precedence: parenthesise) */
		"(coalesce(d.closed_at < $3, false)::int << 1) "
		"| ((" OPEN_AT_END ")::int << 2) | ((" OVERDUE_AT_END ")::int << 3) "
		"| ((d.supplement_count >= 2)::int << 4) AS flags, count(*) AS n "
		"FROM motcua.dossier d WHERE " HANDLED " GROUP BY 1, 2, 3, 4, 5, 6",
		4, q, &res, err);
	if (rc) {
		free(sl);
		return rc;
	}
	int n = PQntuples(res);
	size_t cap = (size_t)n + 1;
	r->procs = calloc(cap, sizeof *r->procs);
	r->fields = calloc(cap, sizeof *r->fields);
	r->months = calloc(2 * cap, sizeof *r->months);
	if (!r->procs || !r->fields || !r->months) {
		PQclear(res);
		free(sl);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	for (int i = 0; i < n; i++) {
		const char *code = PQgetvalue(res, i, 0), *ch = PQgetvalue(res, i, 1);
		const char *result = PQgetvalue(res, i, 2);
		int rslice = atoi(PQgetvalue(res, i, 3));
		int fslice = PQgetisnull(res, i, 4) ? 0 : atoi(PQgetvalue(res, i, 4));
		int received = rslice >= 1, finished = fslice >= 1 && fslice < sl->nb;
		int flags = atoi(PQgetvalue(res, i, 5));
		int carried = !received, closed = flags & 2, open_end = flags & 4;
		int overdue = flags & 8, second = flags & 16;
		long cnt = atol(PQgetvalue(res, i, 6));
		mc_counts c;
		memset(&c, 0, sizeof c);
		if (carried) c.carried = cnt;
		else if (!strcmp(ch, "online")) c.online = cnt;
		else if (!strcmp(ch, "in_person")) c.in_person = cnt;
		else c.post = cnt;
		if (finished && !open_end) {
			if (!strcmp(result, "early")) c.early = cnt;
			else if (!strcmp(result, "on_time")) c.on_time = cnt;
			else if (!strcmp(result, "late")) c.late = cnt;
		} else if (closed && !open_end) {
			if (!strcmp(result, "withdrawn")) c.withdrawn = cnt;
			else if (!strcmp(result, "returned_unprocessed")) c.unprocessed = cnt;
			else if (!strcmp(result, "refused")) c.refused = cnt;
		}
		if (open_end) {
			if (overdue) c.open_overdue = cnt;
			else c.open_within = cnt;
		}
		if (second)
			c.second_supplements = cnt;
		const mc_procedure *pr = mc_catalog_find(s->cat, code);
		add_counts(&row_for(r->procs, &r->nprocs, code, pr ? pr->name : code)->c, &c);
		const char *field = pr ? pr->field : "(không rõ)";
		add_counts(&row_for(r->fields, &r->nfields, field, field)->c, &c);
		add_counts(&r->total, &c);
		if (received) {
			mc_month *mo = month_for(r, sl->day[rslice - 1]);
			mo->online += c.online;
			mo->in_person += c.in_person;
			mo->post += c.post;
		}
		if (finished && !open_end) {
			mc_month *mo = month_for(r, sl->day[fslice - 1]);
			mo->early += c.early;
			mo->on_time += c.on_time;
			mo->late += c.late;
		}
		r->late_dossiers += c.late + c.open_overdue;
	}
	PQclear(res);
	free(sl);
	qsort(r->procs, r->nprocs, sizeof *r->procs, by_key);
	qsort(r->fields, r->nfields, sizeof *r->fields, by_key);
	qsort(r->months, r->nmonths, sizeof *r->months, by_month);
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

/* The office's amendments logged in the period: voided receipts,
 * corrected facts, and events written with another moment than when they
 * were logged (imports, corrections of history). */
static int amendments(const mc_store_ctx *s, const char *const *p, mc_report *r, mc_error *err)
{
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
			    "SELECT count(*) FILTER (WHERE action = 'void') AS voids, "
			    "count(*) FILTER (WHERE action = 'correct') AS corrections, "
			    "count(*) FILTER (WHERE backdate_reason IS NOT NULL) AS backdated "
			    "FROM motcua.dossier_event WHERE agency_id = $1 AND recorded_at >= $2 "
			    "AND recorded_at < $3 AND (action IN ('void', 'correct') OR backdate_reason IS NOT NULL)",
			    3, p, &res, err);
	if (rc)
		return rc;
	r->voids = atol(mc_db_get(res, 0, "voids"));
	r->corrections = atol(mc_db_get(res, 0, "corrections"));
	r->backdated = atol(mc_db_get(res, 0, "backdated"));
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
	if (r->late_dossiers == 0)
		return MC_OK;
	/* the steps come from each dossier's log: list the first
	 * MC_REPORT_LATE_MAX late dossiers (counted all in counts()) */
	int rc = mc_db_exec(s->db,
			    "SELECT d.code FROM motcua.dossier d WHERE " HANDLED " AND "
			    "((d.result = 'late' AND d.finished_at < $3) OR (" OPEN_AT_END " AND " OVERDUE_AT_END ")) "
			    "ORDER BY d.code LIMIT " MC_REPORT_LATE_MAX_S, 3, p, &res, err);
	if (rc)
		return rc;
	r->late_listed = PQntuples(res);
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

/* The handled dossiers whose appointment was set by hand (0022). */
static int manual_appointments(const mc_store_ctx *s, const char *const *p, mc_report *r,
			       mc_error *err)
{
	PGresult *res = NULL;
	int rc = mc_db_exec(s->db,
			    "SELECT d.code, d.procedure_code, d.appointment_reason, count(*) OVER () AS n "
			    "FROM motcua.dossier d WHERE " HANDLED " AND d.appointment_manual "
			    "ORDER BY d.code LIMIT " MC_REPORT_LATE_MAX_S, 3, p, &res, err);
	if (rc)
		return rc;
	int n = PQntuples(res);
	if (n && !(r->manual = calloc((size_t)n, sizeof *r->manual))) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	for (int i = 0; i < n; i++) {
		mc_manual_appointment *m = &r->manual[r->nmanual++];
		snprintf(m->code, sizeof m->code, "%s", mc_db_get(res, i, "code"));
		snprintf(m->procedure, sizeof m->procedure, "%s", mc_db_get(res, i, "procedure_code"));
		snprintf(m->reason, sizeof m->reason, "%s", mc_db_get(res, i, "appointment_reason"));
		r->manual_appointments = atol(mc_db_get(res, i, "n"));
	}
	PQclear(res);
	return MC_OK;
}

/* The end of a report's reads: its own transaction rolled back, or the
 * savepoint in the caller's undone (and so its SET LOCAL). */
static void end_report(const mc_store_ctx *s, int own)
{
	mc_error e;
	if (own)
		mc_db_rollback(s->db);
	else if (!mc_db_exec(s->db, "ROLLBACK TO SAVEPOINT mc_report", 0, NULL, NULL, &e))
		mc_db_exec(s->db, "RELEASE SAVEPOINT mc_report", 0, NULL, NULL, &e);
}

int mc_report_build(const mc_store_ctx *s, int32_t from, int32_t to, mc_report *out,
		    mc_error *err)
{
	mc_report r;
	memset(&r, 0, sizeof r);
	if (to < from)
		return mc_error_set(err, MC_ERR_USAGE, "the period ends before it starts");
	if (to - from > 20 * 366)
		return mc_error_set(err, MC_ERR_USAGE, "a report covers at most 20 years");
	r.from = from;
	r.to = to;
	char start[MC_MOMENT_MAX], end[MC_MOMENT_MAX];
	mc_format_moment(start, sizeof start, mc_time_make(from, 0));
	mc_format_moment(end, sizeof end, mc_time_make(to + 1, 0));
	const char *p[] = { s->cat->agency->id, start, end };
	/* one snapshot for every figure; inside a caller's transaction (a
	 * request of `motcua serve`, as its user) a savepoint instead, undone
	 * at the end: that transaction's snapshot rules are its own */
	int own = PQtransactionStatus(mc_db_conn(s->db)) == PQTRANS_IDLE;
	int rc = mc_db_exec(s->db, own ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
				       : "SAVEPOINT mc_report", 0, NULL, NULL, err);
	/* the grouped scan has few groups (months x procedures), which the
	 * planner overestimates and would sort: hash it */
	if (!rc)
		rc = mc_db_exec(s->db, "SET LOCAL enable_sort = off", 0, NULL, NULL, err);
	/* (JIT is left to the planner: compiling the scan's expressions cost
	 * 70 ms of a 450 ms report over a million dossiers, and saved 0.5 s of
	 * 3.1 s over ten million) */
	if (rc) {
		end_report(s, own);
		return rc;
	}
	if (!(rc = counts(s, p, from, to, &r, err)) && !(rc = apologies(s, p, &r, err)) &&
	    !(rc = amendments(s, p, &r, err)) &&
	    !(rc = late_steps(s, p, &r, err)) && !(rc = manual_appointments(s, p, &r, err)))
		catalogue(s, &r);
	end_report(s, own);
	if (rc) {
		mc_report_free(&r);
		return rc;
	}
	*out = r;
	return MC_OK;
}
