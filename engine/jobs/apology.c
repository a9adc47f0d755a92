/*
 * apology.c - apology letters (see apology.h).
 */
#include "apology.h"
#include "forms.h"
#include "lateness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mc_apology_issue(const mc_store_ctx *s, const mc_apology_req *r, mc_apology *out,
		     mc_error *err)
{
	mc_dossier_info info;
	PGresult *res = NULL;
	mc_apology a;
	if (!r->reason || !*r->reason)
		return mc_error_set(err, MC_ERR_USAGE, "an apology states its reason (--reason)");
	if (r->force && (!r->force_reason || !*r->force_reason))
		return mc_error_set(err, MC_ERR_USAGE, "--force needs --force-reason");
	int own;
	int rc = mc_db_begin_unit(s->db, &own, err);
	if (rc)
		return rc;
	if ((rc = mc_store_dossier_get(s, r->code, &info, err)))
		goto out;
	if ((rc = mc_apology_draft(s->cal, &info, r->at, r->new_appointment, &a, err)))
		goto done;
	if (info.d.apologies >= 1 && !r->force) {
		rc = mc_error_set(err, MC_ERR_REFUSED,
				  "the appointment of dossier '%s' was already re-set once; a second re-set needs --force and --force-reason",
				  r->code);
		goto done;
	}
	a.forced = info.d.apologies >= 1;
	char year[8];
	snprintf(year, sizeof year, "%d", a.year);
	const char *cp[] = { s->cat->agency->id, year };
	if ((rc = mc_db_exec(s->db,
			     "INSERT INTO motcua.apology_counter (agency_id, year, last) VALUES ($1, $2::int, 1) "
			     "ON CONFLICT (agency_id, year) DO UPDATE SET last = apology_counter.last + 1 "
			     "RETURNING last", 2, cp, &res, err)))
		goto done;
	a.number = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	res = NULL;
	char num[16], issued[MC_MOMENT_MAX], due[MC_MOMENT_MAX], appt[MC_MOMENT_MAX], deadline[MC_MOMENT_MAX], note[600];
	snprintf(num, sizeof num, "%d", a.number);
	mc_format_moment(issued, sizeof issued, a.issued_at);
	mc_format_moment(due, sizeof due, a.original_due);
	mc_format_moment(appt, sizeof appt, a.new_appointment);
	mc_format_moment(deadline, sizeof deadline, a.deadline);
	const char *ip[] = {
		s->cat->agency->id, year, num, r->code, issued, r->by ? r->by : "", r->reason,
		due, appt, deadline, a.late ? "t" : "f", a.forced ? "t" : "f",
		a.forced ? r->force_reason : NULL, mc_regime_at(mc_time_day(a.issued_at))->circular
	};
	if ((rc = mc_db_exec(s->db,
			     "INSERT INTO motcua.apology (agency_id, year, number, code, issued_at, issued_by, "
			     "reason, original_due, new_appointment, deadline, late, forced, force_reason, regime) "
			     "VALUES ($1, $2::int, $3::int, $4, $5::timestamptz, $6, $7, $8::timestamptz, "
			     "$9::timestamptz, $10::timestamptz, $11::boolean, $12::boolean, $13, $14)",
			     14, ip, NULL, err)))
		goto done;
	snprintf(note, sizeof note, "Số %d/%d: %s%s%s", a.number, a.year, r->reason,
		 a.forced ? "; hẹn lại lần hai: " : "", a.forced ? r->force_reason : "");
	/* the revision read above: a letter issued meanwhile by someone else
	 * makes this one a conflict, not a second re-set */
	mc_act act = { .action = MC_ACT_APOLOGY, .at = r->at, .actor = r->by, .note = note };
	rc = mc_store_act_at_revision(s, r->code, info.revision, &act, NULL, err);
done:
	mc_dossier_info_clear(&info);
out:
	rc = mc_db_end_unit(s->db, own, rc, err);
	if (!rc)
		*out = a;
	return rc;
}

int mc_apology_pending(const mc_store_ctx *s, mc_time at,
		       int (*fn)(const char *code, void *arg), void *arg, mc_error *err)
{
	char last[MC_CODE_MAX] = "";
	for (;;) {
		PGresult *res = NULL;
		const char *p[] = { s->cat->agency->id, last };
		int rc = mc_db_exec(s->db,
				    "SELECT d.code, d.procedure_code, d.procedure_version, "
				    "coalesce(d.step_index, 0) AS step_index, "
				    "extract(epoch FROM d.due_at)::bigint AS due, "
				    "coalesce(extract(epoch FROM d.step_due_at)::bigint, 0) AS step_due "
				    "FROM motcua.dossier d WHERE d.agency_id = $1 AND d.state = 'in_step' "
				    "AND d.code > $2 AND NOT EXISTS (SELECT 1 FROM motcua.apology a "
				    "WHERE a.agency_id = d.agency_id AND a.code = d.code) "
				    "ORDER BY d.code LIMIT " MC_DB_PAGE_SQL, 2, p, &res, err);
		if (rc)
			return rc;
		int n = PQntuples(res);
		for (int r = 0; r < n && !rc; r++) {
			const mc_procedure *pr = mc_catalog_find(s->cat, mc_db_get(res, r, "procedure_code"));
			int vn = atoi(mc_db_get(res, r, "procedure_version"));
			if (!pr || vn < 1 || (size_t)vn > pr->nversions)
				continue;
			mc_time due = atoll(mc_db_get(res, r, "due"));
			if (mc_late_cannot_finish(s->cal, &pr->versions[vn - 1],
						  atoi(mc_db_get(res, r, "step_index")),
						  atoll(mc_db_get(res, r, "step_due")), due, at))
				rc = fn(mc_db_get(res, r, "code"), arg);
		}
		if (n)
			snprintf(last, sizeof last, "%s", PQgetvalue(res, n - 1, 0));
		PQclear(res);
		if (rc)
			return rc;
		if (n < MC_DB_PAGE)
			return MC_OK;
	}
}
