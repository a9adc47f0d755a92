/*
 * Times counted in months (Civil Code 2015 art. 147-148) and appointments
 * set by hand (issue 18): the calendar's month arithmetic at its edges (31
 * January, the 29th/30th/31st, leap years, ends on a weekend, in Tết, on a
 * swapped day off, a receipt after hours, the calendar's end), the
 * catalogue's `unit: months`, how a month is shared by the steps, and the
 * state machine's manual receipt.
 */
#include "check.h"
#include "check_time.h"
#include "config.h"
#include "dossier.h"

#include <limits.h>
#include <stdlib.h>

static mc_calendar *cal;
static mc_catalog *cat;

static void check_months(const char *start, int months, const char *want, int line)
{
	mc_error err;
	mc_time due;
	if (mc_calendar_add_months(cal, at(start), months, &due, &err)) {
		fprintf(stderr, "%s:%d: %s + %d months failed: %s\n", __FILE__, line, start, months,
			err.message);
		check_failures++;
		return;
	}
	check_moment(due, want, __FILE__, line);
}
#define MONTHS(start, n, want) check_months(start, n, want, __LINE__)

static void test_month_ends(void)
{
	/* the corresponding day of the next month, when the office closes */
	MONTHS("2026-03-16T09:00", 1, "2026-04-16T17:00:00+07:00");   /* Thursday */
	/* 31 January: February has no 31st, so its last day (Civil Code art.
	 * 148.1.c), in a leap year the 29th */
	MONTHS("2024-01-31T09:00", 1, "2024-02-29T17:00:00+07:00");   /* Thursday */
	MONTHS("2025-01-31T09:00", 1, "2025-02-28T17:00:00+07:00");   /* Friday */
	/* the 29th, 30th and 31st all end on the last day of a short month */
	MONTHS("2025-01-29T09:00", 1, "2025-02-28T17:00:00+07:00");
	MONTHS("2025-01-30T09:00", 1, "2025-02-28T17:00:00+07:00");
	MONTHS("2024-01-29T09:00", 1, "2024-02-29T17:00:00+07:00");
	MONTHS("2024-01-30T09:00", 1, "2024-02-29T17:00:00+07:00");
	/* ... and the 31st of a 30-day month's predecessor */
	MONTHS("2025-10-31T09:00", 1, "2025-12-01T17:00:00+07:00");   /* 30/11 is a Sunday */
	MONTHS("2026-08-31T09:00", 1, "2026-09-30T17:00:00+07:00");   /* Wednesday */
	/* a last day off: the next working day (art. 148.2). 28/02/2026 is a
	 * Saturday */
	MONTHS("2026-01-31T09:00", 1, "2026-03-02T17:00:00+07:00");
	/* ... in Tết: 28/01/2025 is Tết Nguyên đán, off until Sunday 02/02 */
	MONTHS("2024-12-28T09:00", 1, "2025-02-03T17:00:00+07:00");
	/* ... Tết 2026 (14-22/02 off) */
	MONTHS("2026-01-15T09:00", 1, "2026-02-23T17:00:00+07:00");
	/* ... 30/04 and 01/05/2025 holidays, 02/05 a swapped day off, then a
	 * weekend */
	MONTHS("2025-03-31T09:00", 1, "2025-05-05T17:00:00+07:00");
	/* a receipt after hours, or on a day off, counts from the same
	 * calendar day (as a period in days) */
	MONTHS("2026-03-16T18:30", 1, "2026-04-16T17:00:00+07:00");
	MONTHS("2026-03-16T06:00", 1, "2026-04-16T17:00:00+07:00");
	MONTHS("2026-03-15T10:00", 1, "2026-04-15T17:00:00+07:00");   /* received a Sunday */
	/* several months, across a year, and a leap day */
	MONTHS("2025-12-31T10:00", 2, "2026-03-02T17:00:00+07:00");   /* 28/02: Saturday */
	MONTHS("2024-02-29T10:00", 12, "2025-02-28T17:00:00+07:00");
	MONTHS("2024-03-29T10:00", 11, "2025-02-28T17:00:00+07:00");
	/* zero months is the moment itself */
	MONTHS("2026-03-16T09:00", 0, "2026-03-16T09:00:00+07:00");
	/* the same through mc_calendar_add and a parsed duration */
	mc_duration d;
	mc_time due;
	mc_error err;
	CHECK_INT(mc_duration_parse("1mo", &d, &err), MC_OK);
	CHECK_INT(d.unit, MC_UNIT_MONTHS);
	CHECK_INT(d.halves, 2);
	CHECK_INT(mc_calendar_add(cal, at("2024-01-31T09:00"), d, &due, &err), MC_OK);
	CHECK_MOMENT(due, "2024-02-29T17:00:00+07:00");
	char buf[32];
	mc_duration_format(buf, sizeof buf, d);
	CHECK_STR(buf, "1mo");
	mc_duration_format_vn(buf, sizeof buf, d);
	CHECK_STR(buf, "01 tháng");
	CHECK_INT(mc_duration_parse("1.5mo", &d, &err), MC_ERR_INPUT);
	CHECK_INT(mc_duration_parse("4001mo", &d, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "at most 4000 months");
	CHECK_INT(mc_calendar_add(cal, at("2024-01-31T09:00"), (mc_duration){ MC_UNIT_MONTHS, 3 },
				  &due, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "months cannot be halved");
	/* the calendar's end: the last month fits, one more does not */
	MONTHS("2199-11-30T09:00", 1, "2199-12-30T17:00:00+07:00");
	CHECK_INT(mc_calendar_add_months(cal, at("2199-12-01T09:00"), 1, &due, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "after the end of the calendar");
	CHECK_INT(mc_calendar_add_months(cal, at("2024-01-31T09:00"), INT_MAX, &due, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_add_months(cal, at("2024-01-31T09:00"), -1, &due, &err), MC_ERR_INPUT);
}

#define PROC_HEAD \
	"code: \"9.999999\"\nname: \"Thử\"\nfield: \"Thử\"\nservice_center: true\n" \
	"channels: [in_person]\nonline_level: unknown\nfee: unknown\nsource: \"tests\"\n" \
	"versions:\n  - effective_from: 2018-01-01\n    legal_basis: \"test\"\n"

static int parse(mc_procedure *p, const char *text, mc_error *err)
{
	return mc_procedure_parse(p, "t.yaml", text, strlen(text), NULL, err);
}

static void test_catalog_months(void)
{
	mc_procedure p;
	mc_error err;
	/* whole months; steps in working days, at most 15 a month */
	CHECK_INT(parse(&p, PROC_HEAD "    statutory: {amount: 1, unit: months}\n    steps_source: template\n"
			"    steps:\n      - {id: a, name: \"A\", unit: mot_cua, days: 0.5}\n"
			"      - {id: b, name: \"B\", unit: mot_cua, days: 14.5}\n", &err), MC_OK);
	CHECK_INT(p.versions[0].statutory.unit, MC_UNIT_MONTHS);
	CHECK_INT(p.versions[0].statutory.halves, 2);
	mc_duration s = mc_step_share(&p.versions[0], 0);
	CHECK_INT(s.unit, MC_UNIT_WORKING_DAYS);
	CHECK_INT(s.halves, 1);
	mc_procedure_clear(&p);
	CHECK_INT(parse(&p, PROC_HEAD "    statutory: {amount: 1, unit: months}\n    steps_source: template\n"
			"    steps:\n      - {id: a, name: \"A\", unit: mot_cua, days: 15.5}\n", &err),
		  MC_ERR_INPUT);
	CHECK_HAS(err.message, "more than the 15 a period of 1 month may share");
	CHECK_INT(parse(&p, PROC_HEAD "    statutory: {amount: 2, unit: months}\n    steps_source: template\n"
			"    steps:\n      - {id: a, name: \"A\", unit: mot_cua, days: 30}\n", &err), MC_OK);
	mc_procedure_clear(&p);
	CHECK_INT(parse(&p, PROC_HEAD "    statutory: {amount: 1.5, unit: months}\n    steps_source: template\n"
			"    steps:\n      - {id: a, name: \"A\", unit: mot_cua, days: 1}\n", &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "months cannot be halved");
	CHECK_INT(parse(&p, PROC_HEAD "    statutory: {amount: 1, unit: months}\n    steps_source: template\n"
			"    steps: []\n", &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "needs its internal steps");
	CHECK_INT(parse(&p, PROC_HEAD "    statutory: {amount: 1, unit: weeks}\n    steps_source: template\n"
			"    steps: []\n", &err), MC_ERR_INPUT);
	/* the shortened time keeps the unit */
	CHECK_INT(parse(&p, PROC_HEAD "    statutory: {amount: 2, unit: months}\n"
			"    shortened: {amount: 30, unit: days, decision: \"x\"}\n    steps_source: template\n"
			"    steps:\n      - {id: a, name: \"A\", unit: mot_cua, days: 1}\n", &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "the statutory time's unit");
	/* the two procedures of the catalogue (issue 18) */
	const char *codes[] = { "1.003542", "1.011937" };
	for (int i = 0; i < 2; i++) {
		const mc_procedure *q = mc_catalog_find(cat, codes[i]);
		CHECK(q != NULL);
		if (!q)
			continue;
		CHECK(q->versions[0].statutory_known);
		CHECK_INT(q->versions[0].statutory.unit, MC_UNIT_MONTHS);
		CHECK_INT(q->versions[0].statutory.halves, 2);
		CHECK_HAS(q->versions[0].time_text, "01 tháng");
	}
	/* an unknown time has no steps, but the manual step */
	const mc_procedure *u = mc_catalog_find(cat, "qng.tcd.01");
	CHECK(u && !u->versions[0].statutory_known && u->versions[0].nsteps == 0);
	if (u) {
		CHECK_STR(u->versions[0].steps[0].id, MC_MANUAL_STEP_ID);
		CHECK_STR(u->versions[0].steps[0].unit, "mot_cua");
	}
}

static void apply_ok(mc_dossier *d, mc_action a, const char *when, int line)
{
	mc_error err;
	if (mc_dossier_apply(d, a, at(when), "tester", "ghi chú", &err)) {
		fprintf(stderr, "%s:%d: %s at %s refused: %s\n", __FILE__, line, mc_action_name(a),
			when, err.message);
		check_failures++;
	}
}
#define APPLY(d, a, when) apply_ok(d, a, when, __LINE__)

/* 1.003542: 01 tháng, steps 0.5 + 10 + 2 + 0.5 working days */
static void test_dossier_months(void)
{
	const mc_procedure *p = mc_catalog_find(cat, "1.003542");
	CHECK(p != NULL);
	if (!p)
		return;
	const mc_version *v = &p->versions[0];
	mc_dossier d;
	mc_error err;
	/* received Monday 16/03/2026 09:00: due Thursday 16/04 17:00 */
	CHECK_INT(mc_dossier_receive(&d, v, cal, at("2026-03-16T09:00"), "c", &err), MC_OK);
	CHECK_MOMENT(d.due_at, "2026-04-16T17:00:00+07:00");
	CHECK_MOMENT(d.steps[0].due, "2026-03-16T15:00:00+07:00");   /* half a day */
	APPLY(&d, MC_ACT_FORWARD, "2026-03-16T11:00");
	CHECK_MOMENT(d.steps[1].due, "2026-03-30T11:00:00+07:00");   /* 10 working days */
	/* a supplement's wait moves the dossier's due moment and the step's */
	APPLY(&d, MC_ACT_SUPPLEMENT_REQUEST, "2026-03-17T11:00");
	APPLY(&d, MC_ACT_SUPPLEMENT_RECEIVED, "2026-03-19T11:00");   /* 2 working days */
	CHECK_MOMENT(d.due_at, "2026-04-20T17:00:00+07:00");
	CHECK_MOMENT(d.steps[1].due, "2026-04-01T11:00:00+07:00");
	APPLY(&d, MC_ACT_FORWARD, "2026-04-15T09:00");               /* late at its step */
	CHECK_INT(mc_dossier_step_status(&d, 1, at("2026-04-15T09:00")), MC_STATUS_LATE);
	/* 2 working days from 15/04 would be 17/04 09:00, but never after the
	 * dossier's due moment... which is later here: kept */
	CHECK_MOMENT(d.steps[2].due, "2026-04-17T09:00:00+07:00");
	APPLY(&d, MC_ACT_FORWARD, "2026-04-17T08:00");
	/* the last step: at the dossier's due moment, the rest of the month */
	CHECK_MOMENT(d.steps[3].due, "2026-04-20T17:00:00+07:00");
	APPLY(&d, MC_ACT_RESULT_READY, "2026-04-20T16:00");
	CHECK_INT(mc_dossier_status(&d, at("2026-04-21T09:00")), MC_STATUS_ON_TIME);
	/* a step that starts late is capped at the dossier's due moment */
	CHECK_INT(mc_dossier_receive(&d, v, cal, at("2026-03-16T09:00"), "c", &err), MC_OK);
	APPLY(&d, MC_ACT_FORWARD, "2026-04-10T09:00");
	CHECK_MOMENT(d.steps[1].due, "2026-04-16T17:00:00+07:00");
	/* received 31/01/2026: due Monday 02/03 (28/02 is a Saturday) */
	CHECK_INT(mc_dossier_receive(&d, v, cal, at("2026-01-31T09:00"), "c", &err), MC_OK);
	CHECK_MOMENT(d.due_at, "2026-03-02T17:00:00+07:00");
}

static void test_manual(void)
{
	const mc_procedure *u = mc_catalog_find(cat, "qng.tcd.01");
	const mc_procedure *k = mc_catalog_find(cat, "1.000173");
	CHECK(u && k);
	if (!u || !k)
		return;
	const mc_version *v = &u->versions[0];
	mc_dossier d;
	mc_error err;
	/* the time is unknown: no counted receipt, but one set by hand */
	CHECK_INT(mc_dossier_receive(&d, v, cal, at("2026-03-16T09:00"), "c", &err), MC_ERR_REFUSED);
	CHECK_INT(mc_dossier_receive_manual(&d, v, cal, at("2026-03-16T09:00"), at("2026-03-20T10:00"),
					    "vp", &err), MC_OK);
	CHECK(d.manual);
	CHECK_INT(d.nsteps, 1);
	CHECK_MOMENT(d.due_at, "2026-03-20T10:00:00+07:00");
	CHECK_MOMENT(d.due_at_receipt, "2026-03-20T10:00:00+07:00");
	CHECK_MOMENT(d.steps[0].due, "2026-03-20T10:00:00+07:00");
	CHECK_INT(mc_dossier_allowed(&d, MC_ACT_FORWARD), 0);
	CHECK_INT(mc_dossier_allowed(&d, MC_ACT_RESULT_READY), 1);
	CHECK_INT(mc_dossier_status(&d, at("2026-03-20T10:01")), MC_STATUS_OVERDUE);
	/* a supplement moves the appointment by the working time waited */
	APPLY(&d, MC_ACT_SUPPLEMENT_REQUEST, "2026-03-17T09:00");
	APPLY(&d, MC_ACT_SUPPLEMENT_RECEIVED, "2026-03-18T09:00");   /* one working day */
	CHECK_MOMENT(d.due_at, "2026-03-23T10:00:00+07:00");
	CHECK_MOMENT(d.steps[0].due, "2026-03-23T10:00:00+07:00");
	APPLY(&d, MC_ACT_RESULT_READY, "2026-03-23T09:00");
	CHECK_INT(mc_dossier_status(&d, at("2026-03-24T09:00")), MC_STATUS_ON_TIME);
	/* refused: a known time, an appointment not after the receipt, on a
	 * day off, outside office hours, outside the calendar */
	CHECK_INT(mc_dossier_receive_manual(&d, &k->versions[1], cal, at("2026-03-16T09:00"),
					    at("2026-03-20T10:00"), "vp", &err), MC_ERR_REFUSED);
	CHECK_HAS(err.message, "processing time is known");
	CHECK_INT(mc_dossier_receive_manual(&d, v, cal, at("2026-03-16T09:00"), at("2026-03-16T09:00"),
					    "vp", &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "is not after the receipt");
	CHECK_INT(mc_appointment_check(cal, at("2026-03-21T10:00"), &err), MC_ERR_INPUT);   /* Saturday */
	CHECK_HAS(err.message, "not within office hours");
	CHECK_HAS(err.hint, "not a working day");
	CHECK_INT(mc_appointment_check(cal, at("2026-03-20T19:00"), &err), MC_ERR_INPUT);
	CHECK_INT(mc_appointment_check(cal, at("2026-03-20T06:59"), &err), MC_ERR_INPUT);
	CHECK_INT(mc_appointment_check(cal, at("2026-02-17T09:00"), &err), MC_ERR_INPUT);   /* Tết */
	CHECK_INT(mc_appointment_check(cal, at("2026-03-20T12:00"), &err), MC_OK);   /* lunch: the desk's day */
	/* ... but a replay does not ask again (a day off announced later) */
	CHECK_INT(mc_dossier_receive_manual(&d, v, cal, at("2026-03-16T09:00"), at("2026-03-21T10:00"),
					    "vp", &err), MC_OK);
	CHECK_INT(mc_dossier_receive_manual(&d, v, cal, at("2026-03-16T09:00"), at("2200-01-02T09:00"),
					    "vp", &err), MC_ERR_INPUT);
	/* the office's opening and closing moments are within hours */
	CHECK_INT(mc_appointment_check(cal, at("2026-03-20T17:00"), &err), MC_OK);
	CHECK_INT(mc_appointment_check(cal, at("2026-03-20T07:00"), &err), MC_OK);
	/* a restart procedure cannot count afresh a time it has not: it pauses */
	mc_version rv = *v;
	rv.on_supplement = MC_SUPPLEMENT_RESTART;
	CHECK_INT(mc_dossier_receive_manual(&d, &rv, cal, at("2026-03-16T09:00"), at("2026-03-20T10:00"),
					    "vp", &err), MC_OK);
	APPLY(&d, MC_ACT_SUPPLEMENT_REQUEST, "2026-03-17T09:00");
	APPLY(&d, MC_ACT_SUPPLEMENT_RECEIVED, "2026-03-18T09:00");
	CHECK_MOMENT(d.due_at, "2026-03-23T10:00:00+07:00");
}

int main(void)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_calendar_load(&cal, dir, &err) || mc_catalog_load(&cat, dir, &err)) {
		mc_error_print(&err, "test_months");
		return 1;
	}
	test_month_ends();
	test_catalog_months();
	test_dossier_months();
	test_manual();
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return CHECK_RESULT();
}
