/*
 * The pure state machine: every state x action pair, the due moments under
 * supplements, pauses and restarts, early/on-time/late at the edges, and
 * random legal histories.
 */
#include "check.h"
#include "check_time.h"
#include "config.h"
#include "dossier.h"

#include <limits.h>
#include <stdlib.h>

static mc_calendar *cal;
static mc_catalog *cat;



static const mc_version *cert_version(void)
{
	/* 1.000173, radiation worker certificate: 7 working days from 2018,
	 * steps 0.5 + 5 + 1 + 0.5 */
	const mc_procedure *p = mc_catalog_find(cat, "1.000173");
	return mc_catalog_version_at(p, mc_days_from_civil(2024, 1, 1));
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

static void test_due_moments(void)
{
	const mc_version *v = cert_version();
	mc_dossier d;
	mc_error err;
	CHECK(v && v->has_shortened && v->shortened.halves == 14);
	CHECK_INT(mc_dossier_receive(&d, v, cal, at("2024-03-04T09:00"), "clerk", &err), MC_OK);
	CHECK_MOMENT(d.due_at, "2024-03-13T09:00:00+07:00");
	CHECK_MOMENT(d.steps[0].due, "2024-03-04T15:00:00+07:00");
	CHECK_INT(d.state, MC_DS_IN_STEP);
	CHECK_INT(d.events, 1);
	APPLY(&d, MC_ACT_FORWARD, "2024-03-04T10:00");
	CHECK_INT(mc_dossier_step_status(&d, 0, 0), MC_STATUS_ON_TIME);   /* its due date */
	/* step 1 (5 wd) starts at 10:00 Monday: due 10:00 Monday next */
	CHECK_MOMENT(d.steps[1].due, "2024-03-11T10:00:00+07:00");
	/* a supplement request says what is missing: none without a note */
	{
		mc_dossier n = d;
		mc_error e;
		CHECK_INT(mc_dossier_apply(&n, MC_ACT_SUPPLEMENT_REQUEST, at("2024-03-05T09:00"), "c",
					   NULL, &e), MC_ERR_USAGE);
		CHECK_INT(mc_dossier_apply(&n, MC_ACT_SUPPLEMENT_REQUEST, at("2024-03-05T09:00"), "c",
					   "", &e), MC_ERR_USAGE);
		CHECK_INT(n.state, MC_DS_IN_STEP);
	}
	/* a supplement from Tuesday 09:00 to Thursday 09:00: two working days */
	APPLY(&d, MC_ACT_SUPPLEMENT_REQUEST, "2024-03-05T09:00");
	CHECK_INT(d.state, MC_DS_SUPPLEMENT_REQUESTED);
	/* during the wait, the dossier is not overdue however long it waits */
	CHECK_INT(mc_dossier_status(&d, at("2024-03-20T09:00")), MC_STATUS_WITHIN_TIME);
	APPLY(&d, MC_ACT_SUPPLEMENT_RECEIVED, "2024-03-07T09:00");
	CHECK_INT(d.paused_ticks, 2 * MC_TICKS_PER_DAY);
	CHECK_MOMENT(d.due_at, "2024-03-15T09:00:00+07:00");
	CHECK_MOMENT(d.due_at_receipt, "2024-03-13T09:00:00+07:00");
	CHECK_MOMENT(d.steps[1].due, "2024-03-13T10:00:00+07:00");
	/* a second supplement request is counted (flagged by reports) */
	APPLY(&d, MC_ACT_SUPPLEMENT_REQUEST, "2024-03-07T14:00");
	APPLY(&d, MC_ACT_SUPPLEMENT_RECEIVED, "2024-03-07T15:00");
	CHECK_INT(d.supplement_count, 2);
	CHECK_MOMENT(d.due_at, "2024-03-15T10:00:00+07:00");
	/* a pause over a weekend counts working time only */
	APPLY(&d, MC_ACT_PAUSE, "2024-03-08T16:00");
	CHECK_INT(d.state, MC_DS_PAUSED);
	APPLY(&d, MC_ACT_RESUME, "2024-03-11T08:00");
	/* +2h (16-17 Friday, 07-08 Monday) from 10:00, across lunch */
	CHECK_MOMENT(d.due_at, "2024-03-15T14:00:00+07:00");
	CHECK_MOMENT(d.steps[1].due, "2024-03-13T15:00:00+07:00");
	CHECK_INT(mc_dossier_status(&d, at("2024-03-14T16:59")), MC_STATUS_DUE_SOON);
	CHECK_INT(mc_dossier_status(&d, at("2024-03-13T09:00")), MC_STATUS_WITHIN_TIME);
	CHECK_INT(mc_dossier_status(&d, at("2024-03-15T14:01")), MC_STATUS_OVERDUE);
	APPLY(&d, MC_ACT_FORWARD, "2024-03-13T16:00");
	CHECK_INT(mc_dossier_step_status(&d, 1, 0), MC_STATUS_LATE);   /* step 1 overran */
	APPLY(&d, MC_ACT_FORWARD, "2024-03-14T09:00");
	mc_dossier early = d, ontime = d, late = d;
	APPLY(&early, MC_ACT_RESULT_READY, "2024-03-14T16:00");
	CHECK_INT(mc_dossier_status(&early, 0), MC_STATUS_EARLY);
	APPLY(&ontime, MC_ACT_RESULT_READY, "2024-03-15T14:00");
	CHECK_INT(mc_dossier_status(&ontime, 0), MC_STATUS_ON_TIME);
	APPLY(&late, MC_ACT_RESULT_READY, "2024-03-15T14:01");
	CHECK_INT(mc_dossier_status(&late, 0), MC_STATUS_LATE);
	APPLY(&late, MC_ACT_RETURN, "2024-03-18T09:00");
	CHECK_INT(late.state, MC_DS_RETURNED);
	CHECK_INT(mc_dossier_status(&late, 0), MC_STATUS_LATE);   /* the result-ready moment decides */
	CHECK_INT(late.events, 12);
}

static void test_calendar_days_and_restart(void)
{
	/* X-ray licence in December 2019: 10 calendar days, whole-day steps */
	const mc_procedure *x = mc_catalog_find(cat, "qng.atbx.01");
	const mc_version *v = mc_catalog_version_at(x, mc_days_from_civil(2019, 12, 2));
	mc_dossier d;
	mc_error err;
	CHECK_INT(mc_dossier_receive(&d, v, cal, at("2019-12-02T09:00"), "clerk", &err), MC_OK);
	CHECK_MOMENT(d.due_at, "2019-12-12T17:00:00+07:00");
	CHECK_MOMENT(d.steps[0].due, "2019-12-03T17:00:00+07:00");

	/* restart: a copy of the version whose law restarts the clock */
	mc_version r = *v;
	r.on_supplement = MC_SUPPLEMENT_RESTART;
	CHECK_INT(mc_dossier_receive(&d, &r, cal, at("2019-12-02T09:00"), "clerk", &err), MC_OK);
	APPLY(&d, MC_ACT_FORWARD, "2019-12-03T09:00");
	APPLY(&d, MC_ACT_SUPPLEMENT_REQUEST, "2019-12-04T09:00");
	APPLY(&d, MC_ACT_SUPPLEMENT_RECEIVED, "2019-12-16T09:00");
	CHECK_MOMENT(d.due_at, "2019-12-26T17:00:00+07:00");
	CHECK_MOMENT(d.due_at_receipt, "2019-12-12T17:00:00+07:00");
	CHECK_MOMENT(d.steps[1].started, "2019-12-16T09:00:00+07:00");
}

/* Drive a fresh dossier into each state. */
static void reach(mc_dossier *d, mc_dstate s, int last_step)
{
	mc_dossier_receive(d, cert_version(), cal, at("2024-03-04T09:00"), "c", NULL);
	if (last_step || s == MC_DS_RESULT_READY || s == MC_DS_RETURNED)
		for (int k = 0; k < 3; k++)
			mc_dossier_apply(d, MC_ACT_FORWARD, at("2024-03-05T09:00"), "c", NULL, NULL);
	mc_time t = at("2024-03-06T09:00");
	switch (s) {
	case MC_DS_IN_STEP: break;
	case MC_DS_SUPPLEMENT_REQUESTED: mc_dossier_apply(d, MC_ACT_SUPPLEMENT_REQUEST, t, "c", "thiếu tờ khai", NULL); break;
	case MC_DS_PAUSED: mc_dossier_apply(d, MC_ACT_PAUSE, t, "c", NULL, NULL); break;
	case MC_DS_RESULT_READY: mc_dossier_apply(d, MC_ACT_RESULT_READY, t, "c", NULL, NULL); break;
	case MC_DS_RETURNED:
		mc_dossier_apply(d, MC_ACT_RESULT_READY, t, "c", NULL, NULL);
		mc_dossier_apply(d, MC_ACT_RETURN, t, "c", NULL, NULL);
		break;
	case MC_DS_REFUSED: mc_dossier_apply(d, MC_ACT_REFUSE, t, "c", "lý do", NULL); break;
	case MC_DS_WITHDRAWN: mc_dossier_apply(d, MC_ACT_WITHDRAW, t, "c", NULL, NULL); break;
	case MC_DS_RETURNED_UNPROCESSED: mc_dossier_apply(d, MC_ACT_RETURN_UNPROCESSED, t, "c", NULL, NULL); break;
	case MC_DS_VOIDED: mc_dossier_apply(d, MC_ACT_VOID, t, "c", "tiếp nhận nhầm", NULL); break;
	default: break;
	}
}

static void test_matrix(void)
{
	/* expected[state][action], for a dossier at a middle step (and the last
	 * step for in_step, where forward and result_ready swap) */
	static const char *const allowed[MC_DS__COUNT] = {
		[MC_DS_IN_STEP] = "forward supplement_request pause refuse withdraw return_unprocessed apology correct void assign",
		[MC_DS_SUPPLEMENT_REQUESTED] = "supplement_received refuse withdraw return_unprocessed apology correct void assign",
		[MC_DS_PAUSED] = "resume refuse withdraw apology correct void assign",
		[MC_DS_RESULT_READY] = "return correct void",
		[MC_DS_RETURNED] = "correct void", [MC_DS_REFUSED] = "correct void",
		[MC_DS_WITHDRAWN] = "correct void", [MC_DS_RETURNED_UNPROCESSED] = "correct void",
		[MC_DS_VOIDED] = "",
	};
	for (int s = 0; s < MC_DS__COUNT; s++) {
		for (int last = 0; last < 2; last++) {
			if (last && s != MC_DS_IN_STEP)
				continue;
			mc_dossier d;
			reach(&d, (mc_dstate)s, last);
			CHECK_INT(d.state, s);
			for (int a = 0; a < MC_ACT__COUNT; a++) {
				char word[40];
				snprintf(word, sizeof word, "%s", mc_action_name((mc_action)a));
				int expect = 0;
				const char *list = allowed[s];
				for (const char *p = strstr(list, word); p; p = strstr(p + 1, word))
					if ((p == list || p[-1] == ' ') &&
					    (p[strlen(word)] == ' ' || p[strlen(word)] == '\0'))
						expect = 1;
				if (last && a == MC_ACT_FORWARD)
					expect = 0;
				if (last && a == MC_ACT_RESULT_READY)
					expect = 1;
				if (mc_dossier_allowed(&d, (mc_action)a) != expect) {
					fprintf(stderr, "state %s (last=%d) action %s: allowed=%d, expected %d\n",
						mc_dstate_name((mc_dstate)s), last, word, !expect, expect);
					check_failures++;
				}
				mc_dossier copy = d;
				mc_error err;
				int rc = mc_dossier_apply_to(&copy, (mc_action)a, at("2024-03-07T09:00"), "c",
							     "lý do", a == MC_ACT_ASSIGN ? "cv.an" : NULL, &err);
				if (!expect) {
					CHECK_INT(rc, MC_ERR_REFUSED);
					CHECK(memcmp(&copy, &d, sizeof d) == 0);   /* unchanged */
					if (a != MC_ACT_RECEIVE)
						CHECK_HAS(err.message, "cannot ");
				} else {
					CHECK_INT(rc, MC_OK);
				}
			}
		}
	}
	/* the refusal names the state and what is allowed */
	mc_dossier d;
	mc_error err;
	reach(&d, MC_DS_PAUSED, 0);
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_RETURN, at("2024-03-07T09:00"), "c", NULL, &err), MC_ERR_REFUSED);
	CHECK_STR(err.message, "cannot return: the dossier is in 'paused' at step 'tiep_nhan'");
	CHECK_STR(err.detail, "allowed now: resume, refuse, withdraw, apology, assign");
	reach(&d, MC_DS_WITHDRAWN, 0);
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_RESUME, at("2024-03-07T09:00"), "c", NULL, &err), MC_ERR_REFUSED);
	CHECK_STR(err.detail, "allowed now: none: the dossier is closed");
	/* a voided dossier takes nothing more, not even an amendment */
	reach(&d, MC_DS_VOIDED, 0);
	CHECK_INT(mc_dossier_status(&d, at("2024-03-08T09:00")), MC_STATUS_VOIDED);
	CHECK(d.closed_at == at("2024-03-06T09:00"));
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_CORRECT, at("2024-03-07T09:00"), "c", "x", &err), MC_ERR_REFUSED);
	/* a correction and a void state their reason */
	reach(&d, MC_DS_RETURNED, 0);
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_VOID, at("2024-03-07T09:00"), "c", "", &err), MC_ERR_USAGE);
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_CORRECT, at("2024-03-07T09:00"), "c", NULL, &err), MC_ERR_USAGE);
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_CORRECT, at("2024-03-07T09:00"), "c", "gõ nhầm", &err), MC_OK);
	CHECK_INT(d.state, MC_DS_RETURNED);
	/* refuse needs a reason; time cannot run backwards */
	reach(&d, MC_DS_IN_STEP, 0);
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_REFUSE, at("2024-03-07T09:00"), "c", "", &err), MC_ERR_USAGE);
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_FORWARD, at("2024-03-01T09:00"), "c", NULL, &err), MC_ERR_REFUSED);
	CHECK_HAS(err.message, "the dossier's last action was at 2024-03-04T09:00:00+07:00");
	/* a procedure whose time is unknown cannot receive */
	const mc_procedure *u = mc_catalog_find(cat, "qng.tcd.01");
	CHECK_INT(mc_dossier_receive(&d, &u->versions[0], cal, at("2024-03-04T09:00"), "c", &err), MC_ERR_REFUSED);
	mc_action act;
	CHECK_INT(mc_action_parse("transfer", &act), 0);
	CHECK_INT(act, MC_ACT_FORWARD);
	CHECK_INT(mc_action_parse("frobnicate", &act), -1);
}

/* The holder of the current step: assign names it, a forward names the
 * next one or nobody, leaving the steps leaves nobody; the state stays. */
static void test_assignee(void)
{
	mc_dossier d;
	mc_error err;
	reach(&d, MC_DS_IN_STEP, 0);
	CHECK_STR(d.assignee, "");
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_ASSIGN, at("2024-03-07T09:00"), "tp", NULL, &err),
		  MC_ERR_USAGE);
	CHECK_HAS(err.message, "needs the assignee");
	int events = d.events;
	CHECK_INT(mc_dossier_apply_to(&d, MC_ACT_ASSIGN, at("2024-03-07T09:00"), "tp", NULL, "cv.an",
				      &err), MC_OK);
	CHECK_INT(d.state, MC_DS_IN_STEP);
	CHECK_INT(d.step, 0);
	CHECK_INT(d.events, events + 1);
	CHECK_STR(d.assignee, "cv.an");
	/* only assign and forward name one */
	CHECK_INT(mc_dossier_apply_to(&d, MC_ACT_PAUSE, at("2024-03-07T09:00"), "tp", NULL, "cv.binh",
				      &err), MC_ERR_USAGE);
	CHECK_STR(d.assignee, "cv.an");
	/* a pause keeps the holder; assigning while paused is allowed */
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_PAUSE, at("2024-03-07T10:00"), "tp", NULL, &err), MC_OK);
	CHECK_STR(d.assignee, "cv.an");
	CHECK_INT(mc_dossier_apply_to(&d, MC_ACT_ASSIGN, at("2024-03-07T10:30"), "tp", NULL, "cv.binh",
				      &err), MC_OK);
	CHECK_INT(d.state, MC_DS_PAUSED);
	CHECK_STR(d.assignee, "cv.binh");
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_RESUME, at("2024-03-07T11:00"), "tp", NULL, &err), MC_OK);
	CHECK_STR(d.assignee, "cv.binh");
	/* a forward without one: the new step is nobody's */
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_FORWARD, at("2024-03-07T12:00"), "cv.binh", NULL, &err),
		  MC_OK);
	CHECK_STR(d.assignee, "");
	CHECK_INT(mc_dossier_apply_to(&d, MC_ACT_FORWARD, at("2024-03-07T13:00"), "tp", NULL, "ld.cuong",
				      &err), MC_OK);
	CHECK_STR(d.assignee, "ld.cuong");
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_FORWARD, at("2024-03-07T14:00"), "tp", NULL, &err), MC_OK);
	CHECK_INT(mc_dossier_apply_to(&d, MC_ACT_ASSIGN, at("2024-03-07T14:30"), "tp", NULL, "cv.an",
				      &err), MC_OK);
	/* the last step completed: nobody holds the dossier */
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_RESULT_READY, at("2024-03-07T15:00"), "cv.an", NULL, &err),
		  MC_OK);
	CHECK_STR(d.assignee, "");
	CHECK_INT(mc_dossier_apply_to(&d, MC_ACT_ASSIGN, at("2024-03-07T15:30"), "tp", NULL, "cv.an",
				      &err), MC_ERR_REFUSED);
	/* closing clears it too */
	reach(&d, MC_DS_IN_STEP, 0);
	CHECK_INT(mc_dossier_apply_to(&d, MC_ACT_ASSIGN, at("2024-03-07T09:00"), "tp", NULL, "cv.an",
				      &err), MC_OK);
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_REFUSE, at("2024-03-07T10:00"), "tp", "lý do", &err), MC_OK);
	CHECK_STR(d.assignee, "");
	mc_action act;
	CHECK_INT(mc_action_parse("assign", &act), 0);
	CHECK_INT(act, MC_ACT_ASSIGN);
	CHECK_STR(mc_action_vn(MC_ACT_ASSIGN), "Giao xử lý");
}

static void test_random_histories(void)
{
	srand(5);
	int bad = 0;
	for (int h = 0; h < 3000; h++) {
		mc_dossier d;
		mc_time t = at("2023-01-02T07:00") + (mc_time)(rand() % (3 * 365)) * 86400 + rand() % 86400;
		if (mc_dossier_receive(&d, cert_version(), cal, t, "c", NULL))
			bad++;
		for (int step = 0; step < 40; step++) {
			mc_action options[MC_ACT__COUNT * 8];
			int n = 0;
			for (int a = 1; a < MC_ACT__COUNT; a++)
				if (a != MC_ACT_CORRECT && a != MC_ACT_VOID && a != MC_ACT_ASSIGN &&
				    mc_dossier_allowed(&d, (mc_action)a)) {
					/* favour progress so histories reach the end */
					options[n++] = (mc_action)a;
					if (a == MC_ACT_FORWARD || a == MC_ACT_RESULT_READY ||
					    a == MC_ACT_RESUME || a == MC_ACT_SUPPLEMENT_RECEIVED ||
					    a == MC_ACT_RETURN)
						for (int k = 0; k < 6; k++)
							options[n++] = (mc_action)a;
				}
			if (!n)
				break;
			t += rand() % (3 * 86400);
			mc_time due_before = d.due_at;
			if (mc_dossier_apply(&d, options[rand() % n], t, "c", "lý do", NULL))
				bad++;
			if (d.due_at < due_before || d.due_at < d.due_at_receipt)
				bad++;          /* pauses only ever move the due moment later */
		}
		mc_status st = mc_dossier_status(&d, t);
		if ((d.state == MC_DS_RETURNED || d.state == MC_DS_RESULT_READY) &&
		    st > MC_STATUS_LATE)
			bad++;
		if (d.supplement_count < 0 || d.events < 1)
			bad++;
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_calendar_load(&cal, dir, &err) || mc_catalog_load(&cat, dir, &err)) {
		mc_error_print(&err, "test_dossier");
		return 1;
	}
	test_due_moments();
	test_calendar_days_and_restart();
	test_matrix();
	test_assignee();
	test_random_histories();
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return CHECK_RESULT();
}
