/*
 * lateness.c - the lateness rules (see lateness.h).
 */
#include "lateness.h"

#include <string.h>

int mc_late_overdue(const mc_calendar *cal, mc_time due, mc_time now, int64_t *late)
{
	if (due >= now)
		return 0;
	if (late) {
		*late = 0;
		mc_calendar_between(cal, due, now, late, NULL);
	}
	return 1;
}

int mc_late_due_soon(mc_time due, mc_time now, mc_time horizon)
{
	return due >= now && due <= horizon;
}

int64_t mc_late_remaining(const mc_calendar *cal, const mc_version *v, int step,
			  mc_time step_due, mc_time now)
{
	int64_t left = 0, t;
	if (mc_calendar_between(cal, now, step_due, &t, NULL) == MC_OK && t > 0)
		left = t;
	for (size_t k = (size_t)step + 1; k < v->nsteps; k++)
		left += (int64_t)v->steps[k].halves * (MC_TICKS_PER_DAY / 2);
	return left;
}

int mc_late_cannot_finish(const mc_calendar *cal, const mc_version *v, int step,
			  mc_time step_due, mc_time due, mc_time now)
{
	if (due < now)
		return 1;
	mc_time finish;
	int64_t left = mc_late_remaining(cal, v, step, step_due, now);
	/* work that ends past the calendar's end ends after `due`, which is in it */
	return mc_calendar_add_ticks(cal, now, left, &finish, NULL) != MC_OK || finish > due;
}

int mc_apology_draft(const mc_calendar *cal, const mc_dossier_info *info, mc_time at,
		     mc_time new_appointment, mc_apology *out, mc_error *err)
{
	const mc_dossier *d = &info->d;
	mc_apology a;
	memset(&a, 0, sizeof a);
	if (!mc_dossier_allowed(d, MC_ACT_APOLOGY)) {
		char where[200];
		mc_dossier_describe_state(d, where, sizeof where);
		return mc_error_set(err, MC_ERR_REFUSED,
				    "dossier '%s' is in %s: only an open dossier gets an apology",
				    info->code, where);
	}
	a.issued_at = at;
	a.original_due = d->due_at;
	int y, m, dd;
	mc_civil_from_days(mc_time_day(at), &y, &m, &dd);
	a.year = y;
	int rc = mc_calendar_prev_close(cal, mc_time_day(d->due_at), &a.deadline, err);
	if (rc)
		return rc;
	a.late = at > a.deadline;
	if (new_appointment) {
		if (new_appointment <= at)
			return mc_error_set(err, MC_ERR_USAGE,
					    "the new appointment must be after the letter's date");
		a.new_appointment = new_appointment;
	} else {
		/* the remaining steps' shares, counted from now with the same
		 * calendar; at least half a working day */
		int64_t left = mc_late_remaining(cal, d->version, d->step,
						 d->steps[d->step].due, at);
		if (left < MC_TICKS_PER_DAY / 2)
			left = MC_TICKS_PER_DAY / 2;
		if ((rc = mc_calendar_add_ticks(cal, at, left, &a.new_appointment, err)))
			return rc;
		/* a letter for a dossier that could still finish in time (an
		 * apology is the unit's call) never moves the appointment earlier:
		 * half a working day past the original due moment at least */
		if (a.new_appointment <= d->due_at &&
		    (rc = mc_calendar_add_ticks(cal, d->due_at, MC_TICKS_PER_DAY / 2,
						&a.new_appointment, err)))
			return rc;
	}
	*out = a;
	return MC_OK;
}
