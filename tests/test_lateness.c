/*
 * The lateness rules without a database: overdue, due soon, cannot finish
 * on time, and an apology letter's deadline and new appointment, at their
 * edges (the exact due moment, a weekend in between, a closed dossier).
 */
#include "check.h"
#include "check_time.h"
#include "config.h"
#include "lateness.h"

#include <limits.h>
#include <stdlib.h>

static mc_calendar *cal;
static mc_catalog *cat;



/* 1.000173, radiation worker certificate: 7 working days, steps
 * 0.5 + 5 + 1 + 0.5 */
static const mc_version *cert_version(void)
{
	const mc_procedure *p = mc_catalog_find(cat, "1.000173");
	return mc_catalog_version_at(p, mc_days_from_civil(2024, 1, 1));
}

static void test_overdue(void)
{
	int64_t late = -1;
	mc_time due = at("2024-03-08T16:00");             /* a Friday */
	CHECK_INT(mc_late_overdue(cal, due, due, &late), 0);  /* at the moment: not late */
	CHECK_INT(mc_late_overdue(cal, due, at("2024-03-08T16:01"), &late), 1);
	CHECK_INT(late, 60);
	/* the weekend does not count: 16:00-17:00 Friday + 07:00-08:00 Monday */
	CHECK_INT(mc_late_overdue(cal, due, at("2024-03-11T08:00"), &late), 1);
	CHECK_INT(late, 2 * 3600);
	CHECK_INT(mc_late_overdue(cal, due, at("2024-03-08T09:00"), NULL), 0);
}

static void test_due_soon(void)
{
	mc_time now = at("2024-03-08T00:00"), horizon = at("2024-03-11T00:00");
	CHECK_INT(mc_late_due_soon(at("2024-03-08T16:00"), now, horizon), 1);
	CHECK_INT(mc_late_due_soon(horizon, now, horizon), 1);          /* the edge counts */
	CHECK_INT(mc_late_due_soon(horizon + 1, now, horizon), 0);
	CHECK_INT(mc_late_due_soon(now - 1, now, horizon), 0);          /* overdue, not soon */
}

static void test_remaining_and_cannot_finish(void)
{
	const mc_version *v = cert_version();
	CHECK(v && v->nsteps == 4);
	if (!v || v->nsteps != 4)
		return;
	/* in step 1 (5 wd), due Monday 10:00, now Monday 08:00: two hours of it
	 * left, then 1 + 0.5 working days of the later steps */
	mc_time step_due = at("2024-03-11T10:00"), now = at("2024-03-11T08:00");
	CHECK_INT(mc_late_remaining(cal, v, 1, step_due, now), 2 * 3600 + 12 * 3600);
	/* a late step leaves nothing of its own share */
	CHECK_INT(mc_late_remaining(cal, v, 1, step_due, at("2024-03-12T08:00")), 12 * 3600);
	/* the last step has nothing after it */
	CHECK_INT(mc_late_remaining(cal, v, 3, step_due, at("2024-03-12T08:00")), 0);

	/* 14 h of work from Monday 08:00 (7 h left that day, 4.5 h on Tuesday
	 * morning) ends Tuesday 16:00 */
	CHECK_INT(mc_late_cannot_finish(cal, v, 1, step_due, at("2024-03-12T16:00"), now), 0);
	CHECK_INT(mc_late_cannot_finish(cal, v, 1, step_due, at("2024-03-12T15:59"), now), 1);
	/* already overdue: cannot finish on time whatever remains */
	CHECK_INT(mc_late_cannot_finish(cal, v, 3, step_due, now - 60, now), 1);
}

static void test_apology_draft(void)
{
	const mc_version *v = cert_version();
	mc_dossier_info info;
	mc_error err;
	mc_apology a;
	memset(&info, 0, sizeof info);
	snprintf(info.code, sizeof info.code, "%s", "000.00.00.H48-240304-0001");
	CHECK_INT(mc_dossier_receive(&info.d, v, cal, at("2024-03-04T09:00"), "clerk", &err), MC_OK);
	CHECK_MOMENT(info.d.due_at, "2024-03-13T09:00:00+07:00");
	/* the letter is due by the close of the working day before the due date */
	CHECK_INT(mc_apology_draft(cal, &info, at("2024-03-12T10:00"), 0, &a, &err), MC_OK);
	CHECK_MOMENT(a.deadline, "2024-03-12T17:00:00+07:00");
	CHECK_INT(a.late, 0);
	CHECK_MOMENT(a.original_due, "2024-03-13T09:00:00+07:00");
	CHECK_INT(a.year, 2024);
	/* the whole of step 0 (0.5 wd, due 15:00 Monday) is late: the new
	 * appointment is the 6.5 wd (52 h) of the later steps from now: 5 h on
	 * Tuesday, five full days, 7 h of Wednesday the 20th */
	CHECK_MOMENT(a.new_appointment, "2024-03-20T16:00:00+07:00");
	CHECK_INT(mc_apology_draft(cal, &info, at("2024-03-12T17:01"), 0, &a, &err), MC_OK);
	CHECK_INT(a.late, 1);
	/* a letter early, while the dossier could still finish in time: the
	 * new appointment is never before the original (due 2024-03-13T09:00,
	 * the remaining work from 2024-03-04T10:00 ends exactly at it) */
	CHECK_INT(mc_apology_draft(cal, &info, at("2024-03-04T10:00"), 0, &a, &err), MC_OK);
	CHECK(a.new_appointment > info.d.due_at);
	CHECK_MOMENT(a.new_appointment, "2024-03-13T15:00:00+07:00");
	/* a given appointment must come after the letter */
	CHECK_INT(mc_apology_draft(cal, &info, at("2024-03-12T10:00"), at("2024-03-12T09:00"), &a,
				   &err), MC_ERR_USAGE);
	/* a closed dossier gets none, and the state is named */
	CHECK_INT(mc_dossier_apply(&info.d, MC_ACT_WITHDRAW, at("2024-03-05T09:00"), "clerk", NULL,
				   &err), MC_OK);
	CHECK_INT(mc_apology_draft(cal, &info, at("2024-03-06T10:00"), 0, &a, &err), MC_ERR_REFUSED);
	CHECK_HAS(err.message, "only an open dossier gets an apology");
}

int main(void)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_calendar_load(&cal, dir, &err) || mc_catalog_load(&cat, dir, &err)) {
		mc_error_print(&err, "test_lateness");
		return 1;
	}
	test_overdue();
	test_due_soon();
	test_remaining_and_cannot_finish();
	test_apology_draft();
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return CHECK_RESULT();
}
