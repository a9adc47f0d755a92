/*
 * lateness.h - the lateness rules, without a database: when a dossier or a
 * step is overdue, when it is due soon, when it cannot finish on time, and
 * what an apology letter's deadline and new appointment are. The nightly
 * job, the pending-apology list and the letters all ask these functions, so
 * each rule is written once and tested in the unit suite.
 *
 * Times are moments (mc_time); durations are working-time ticks of the
 * agency's calendar (mc_calendar_between / mc_calendar_add_ticks).
 */
#ifndef MOTCUA_LATENESS_H
#define MOTCUA_LATENESS_H

#include "calendar.h"
#include "catalog.h"
#include "dossier_view.h"

/* A raised alert (one of a night's). */
typedef struct mc_alert {
	char code[MC_CODE_MAX], kind[20], scope[64], unit[64];
	mc_time due_at, apology_deadline;  /* apology_deadline 0 if none */
	int64_t late_ticks;
} mc_alert;

/* Overdue: `due` is before `now`. Then *late (if not NULL) receives the
 * working time between them. */
int mc_late_overdue(const mc_calendar *cal, mc_time due, mc_time now, int64_t *late);

/* Due soon: not overdue at `now`, and due at or before `horizon`. */
int mc_late_due_soon(mc_time due, mc_time now, mc_time horizon);

/* What remains to be done, in ticks, from `now` for a dossier in step
 * `step` whose step is due at `step_due`: the rest of the current step's
 * share (nothing if it is already late) plus the shares of the steps after
 * it. Used for "cannot finish on time" and for a new appointment. */
int64_t mc_late_remaining(const mc_calendar *cal, const mc_version *v, int step,
			  mc_time step_due, mc_time now);

/* Cannot finish on time: already overdue at `now`, or the remaining work
 * (mc_late_remaining) counted from `now` ends after `due`. */
int mc_late_cannot_finish(const mc_calendar *cal, const mc_version *v, int step,
			  mc_time step_due, mc_time due, mc_time now);

/* An apology letter and its new appointment. */
typedef struct mc_apology {
	int year, number;              /* number 0: a draft, not issued */
	mc_time issued_at, original_due, new_appointment, deadline;
	int late, forced;
} mc_apology;

/* The draft of a letter for dossier `info` issued at `at`: the deadline to
 * send it (the close of the working day before the due date), whether it is
 * late, and the new appointment (`new_appointment`, or when 0 the remaining
 * work from `at`, at least half a working day). MC_ERR_REFUSED for a closed
 * dossier, MC_ERR_USAGE for an appointment not after the letter. */
int mc_apology_draft(const mc_calendar *cal, const mc_dossier_info *info, mc_time at,
		     mc_time new_appointment, mc_apology *out, mc_error *err);

#endif
