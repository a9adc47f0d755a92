/*
 * dossier.c - the one-stop state machine (see dossier.h).
 */
#include "dossier.h"

#include <stdio.h>
#include <string.h>

static const char *const action_names[MC_ACT__COUNT] = {
	"receive", "forward", "result_ready", "return", "supplement_request",
	"supplement_received", "pause", "resume", "refuse", "withdraw",
	"return_unprocessed", "apology", "correct", "void", "assign"
};

static const char *const state_names[MC_DS__COUNT] = {
	"in_step", "supplement_requested", "paused", "result_ready", "returned",
	"refused", "withdrawn", "returned_unprocessed", "voided"
};

/* Which actions each state allows (guards on the step come on top). */
static const unsigned allowed_in[MC_DS__COUNT] = {
	[MC_DS_IN_STEP] = 1u << MC_ACT_FORWARD | 1u << MC_ACT_RESULT_READY |
		1u << MC_ACT_SUPPLEMENT_REQUEST | 1u << MC_ACT_PAUSE | 1u << MC_ACT_REFUSE |
		1u << MC_ACT_WITHDRAW | 1u << MC_ACT_RETURN_UNPROCESSED | 1u << MC_ACT_APOLOGY |
		1u << MC_ACT_ASSIGN,
	[MC_DS_SUPPLEMENT_REQUESTED] = 1u << MC_ACT_SUPPLEMENT_RECEIVED | 1u << MC_ACT_REFUSE |
		1u << MC_ACT_WITHDRAW | 1u << MC_ACT_RETURN_UNPROCESSED | 1u << MC_ACT_APOLOGY |
		1u << MC_ACT_ASSIGN,
	[MC_DS_PAUSED] = 1u << MC_ACT_RESUME | 1u << MC_ACT_REFUSE | 1u << MC_ACT_WITHDRAW |
		1u << MC_ACT_APOLOGY | 1u << MC_ACT_ASSIGN,
	[MC_DS_RESULT_READY] = 1u << MC_ACT_RETURN,
};

/* The office's amendments: every state but voided allows them. */
#define AMENDMENTS (1u << MC_ACT_CORRECT | 1u << MC_ACT_VOID)

const char *mc_action_name(mc_action a)
{
	return action_names[a];
}

/* the words clerks use for handing a dossier on */
static const char *const forward_aliases[] = { "transfer", "approve", "hand", NULL };

size_t mc_action_words(const char **out, size_t max)
{
	size_t n = 0;
	for (int i = 1; i < MC_ACT__COUNT && n < max; i++)   /* receive is no action on a dossier */
		out[n++] = action_names[i];
	for (int i = 0; forward_aliases[i] && n < max; i++)
		out[n++] = forward_aliases[i];
	return n;
}

int mc_action_needs_note(mc_action a)
{
	return a == MC_ACT_REFUSE || a == MC_ACT_CORRECT || a == MC_ACT_VOID ||
	       a == MC_ACT_SUPPLEMENT_REQUEST;   /* says what is missing */
}

int mc_action_parse(const char *s, mc_action *out)
{
	for (int i = 0; i < MC_ACT__COUNT; i++)
		if (!strcmp(s, action_names[i])) {
			*out = (mc_action)i;
			return 0;
		}
	for (int i = 0; forward_aliases[i]; i++)
		if (!strcmp(s, forward_aliases[i])) {
			*out = MC_ACT_FORWARD;
			return 0;
		}
	return -1;
}

const char *mc_dstate_name(mc_dstate s)
{
	return state_names[s];
}

int mc_dstate_parse(const char *s, mc_dstate *out)
{
	for (int i = 0; i < MC_DS__COUNT; i++)
		if (!strcmp(s, state_names[i])) {
			*out = (mc_dstate)i;
			return 0;
		}
	return -1;
}

const char *mc_status_name(mc_status s)
{
	static const char *const n[] = { "early", "on_time", "late", "within_time", "due_soon",
					 "overdue", "refused", "withdrawn", "returned_unprocessed", "voided" };
	return n[s];
}

const char *mc_status_vn(mc_status s)
{
	static const char *const n[] = { "Trước hạn", "Đúng hạn", "Quá hạn", "Đang giải quyết, trong hạn",
					 "Đang giải quyết, sắp đến hạn", "Đang giải quyết, quá hạn",
					 "Từ chối giải quyết", "Rút hồ sơ", "Trả lại hồ sơ", "Đã hủy (tiếp nhận nhầm)" };
	return n[s];
}

/* The words of the one-stop desk (Decree 61/2018 and the national portal's
 * states): what a clerk reads on the screen. */
const char *mc_dstate_vn(mc_dstate s)
{
	static const char *const n[MC_DS__COUNT] = {
		"Đang giải quyết", "Chờ bổ sung hồ sơ", "Tạm dừng", "Có kết quả, chờ trả",
		"Đã trả kết quả", "Từ chối giải quyết", "Đã rút hồ sơ", "Trả lại hồ sơ",
		"Đã hủy (tiếp nhận nhầm)"
	};
	return n[s];
}

const char *mc_action_vn(mc_action a)
{
	static const char *const n[MC_ACT__COUNT] = {
		"Tiếp nhận", "Chuyển bước tiếp theo", "Có kết quả", "Trả kết quả",
		"Yêu cầu bổ sung", "Nhận hồ sơ bổ sung", "Tạm dừng", "Tiếp tục giải quyết",
		"Từ chối giải quyết", "Rút hồ sơ", "Trả lại hồ sơ", "Thư xin lỗi, hẹn lại",
		"Đính chính", "Hủy (tiếp nhận nhầm)", "Giao xử lý"
	};
	return n[a];
}

int mc_dossier_allowed(const mc_dossier *d, mc_action a)
{
	if (a == MC_ACT_RECEIVE || d->state == MC_DS_VOIDED)
		return 0;
	if (!((allowed_in[d->state] | AMENDMENTS) & (1u << a)))
		return 0;
	if (a == MC_ACT_FORWARD)
		return d->step < d->nsteps - 1;
	if (a == MC_ACT_RESULT_READY)
		return d->step == d->nsteps - 1;
	return 1;
}

void mc_dossier_describe_state(const mc_dossier *d, char *buf, size_t n)
{
	if (d->state == MC_DS_IN_STEP || d->state == MC_DS_SUPPLEMENT_REQUESTED ||
	    d->state == MC_DS_PAUSED) {
		const mc_step *s = &d->version->steps[d->step];
		if (d->state == MC_DS_IN_STEP)
			snprintf(buf, n, "step '%s' (%s)", s->id, s->name);
		else
			snprintf(buf, n, "'%s' at step '%s'", state_names[d->state], s->id);
	} else {
		snprintf(buf, n, "'%s'", state_names[d->state]);
	}
}

static int step_due(const mc_dossier *d, int k, mc_time *out, mc_error *err)
{
	/* an appointment set by hand, and the last step of a time in months:
	 * the dossier's due moment (see mc_step_share) */
	int months = !d->manual && mc_version_time(d->version).unit == MC_UNIT_MONTHS;
	if (d->manual || (months && k == d->nsteps - 1)) {
		*out = d->due_at;
		return MC_OK;
	}
	mc_duration share = mc_step_share(d->version, (size_t)k);
	mc_time base;
	int rc = mc_calendar_add(d->cal, d->steps[k].started, share, &base, err);
	if (rc)
		return rc;
	if ((rc = mc_calendar_add_ticks(d->cal, base, d->steps[k].paused_ticks, out, err)))
		return rc;
	if (months && *out > d->due_at)
		*out = d->due_at;
	return MC_OK;
}

int mc_dossier_receive(mc_dossier *d, const mc_version *v, const mc_calendar *cal,
		       mc_time at, const char *actor, mc_error *err)
{
	if (!v->statutory_known)
		return mc_error_set(err, MC_ERR_REFUSED,
				    "the procedure's processing time is unknown, so no due moment can be set");
	if (v->nsteps == 0 || v->nsteps > MC_MAX_STEPS)
		return mc_error_set(err, MC_ERR_REFUSED, "the procedure version has no usable steps");
	mc_dossier n;
	memset(&n, 0, sizeof n);
	n.version = v;
	n.cal = cal;
	n.state = MC_DS_IN_STEP;
	n.nsteps = (int)v->nsteps;
	n.received_at = at;
	n.last_at = at;
	n.events = 1;
	int rc = mc_calendar_add(cal, at, mc_version_time(v), &n.due_at_receipt, err);
	if (rc)
		return rc;
	n.due_at = n.due_at_receipt;
	n.steps[0].started = at;
	snprintf(n.steps[0].received_by, sizeof n.steps[0].received_by, "%s", actor ? actor : "");
	if ((rc = step_due(&n, 0, &n.steps[0].due, err)))
		return rc;
	*d = n;
	return MC_OK;
}

/* on a working day, within its office hours: when the desk hands over */
int mc_appointment_check(const mc_calendar *cal, mc_time appointment, mc_error *err)
{
	char t[MC_MOMENT_MAX];
	mc_day_info di;
	int rc = mc_calendar_day(cal, mc_time_day(appointment), &di, err);
	if (rc)
		return rc;
	if (!di.working || mc_time_secs(appointment) < di.office_open ||
	    mc_time_secs(appointment) > di.office_close) {
		mc_format_moment(t, sizeof t, appointment);
		mc_error_set(err, MC_ERR_INPUT, "the appointment %s is not within office hours", t);
		mc_error_hint(err, "%s", di.working ? "give a moment between the office's opening and closing"
			      : "that day is not a working day");
		return MC_ERR_INPUT;
	}
	return MC_OK;
}

int mc_dossier_receive_manual(mc_dossier *d, const mc_version *v, const mc_calendar *cal,
			      mc_time at, mc_time appointment, const char *actor, mc_error *err)
{
	char t1[MC_MOMENT_MAX], t2[MC_MOMENT_MAX];
	if (v->statutory_known) {
		mc_error_set(err, MC_ERR_REFUSED,
			     "the procedure's processing time is known: its appointment is counted, not set by hand");
		mc_error_hint(err, "receive it without --appointment");
		return MC_ERR_REFUSED;
	}
	if (v->nsteps != 0 || !v->steps || !v->steps[0].id)
		return mc_error_set(err, MC_ERR_INTERNAL, "the procedure version has no manual step");
	int64_t ticks;
	int rc;
	/* both inside the calendar, and the appointment after the receipt */
	if ((rc = mc_calendar_between(cal, at, appointment, &ticks, err)))
		return rc;
	if (appointment <= at) {
		mc_format_moment(t1, sizeof t1, appointment);
		mc_format_moment(t2, sizeof t2, at);
		return mc_error_set(err, MC_ERR_INPUT,
				    "the appointment %s is not after the receipt (%s)", t1, t2);
	}
	mc_dossier n;
	memset(&n, 0, sizeof n);
	n.version = v;
	n.cal = cal;
	n.manual = 1;
	n.state = MC_DS_IN_STEP;
	n.nsteps = 1;
	n.received_at = at;
	n.last_at = at;
	n.events = 1;
	n.due_at_receipt = n.due_at = appointment;
	n.steps[0].started = at;
	n.steps[0].due = appointment;
	snprintf(n.steps[0].received_by, sizeof n.steps[0].received_by, "%s", actor ? actor : "");
	*d = n;
	return MC_OK;
}

static void allowed_list(const mc_dossier *d, char *buf, size_t n)
{
	buf[0] = '\0';
	for (int a = 1; a < MC_ACT__COUNT; a++)
		if (!(AMENDMENTS & (1u << a)) && mc_dossier_allowed(d, (mc_action)a)) {
			if (buf[0])
				strncat(buf, ", ", n - strlen(buf) - 1);
			strncat(buf, action_names[a], n - strlen(buf) - 1);
		}
	if (!buf[0])
		snprintf(buf, n, "none: the dossier is closed");
}

/* The clock stopped from d->pause_started to `at`: move the due moments. */
static int account_pause(mc_dossier *d, mc_time at, int restart, mc_error *err)
{
	int64_t waited;
	int rc = mc_calendar_between(d->cal, d->pause_started, at, &waited, err);
	if (rc)
		return rc;
	mc_step_run *s = &d->steps[d->step];
	d->pause_started = 0;
	if (restart) {
		/* the procedure's own law: the time counts afresh from the
		 * complete supplement, and so does the current step */
		if ((rc = mc_calendar_add(d->cal, at, mc_version_time(d->version), &d->due_at, err)))
			return rc;
		s->started = at;
		s->paused_ticks = 0;
		return step_due(d, d->step, &s->due, err);
	}
	d->paused_ticks += waited;
	s->paused_ticks += waited;
	if ((rc = mc_calendar_add_ticks(d->cal, d->due_at, waited, &d->due_at, err)))
		return rc;
	return step_due(d, d->step, &s->due, err);
}

int mc_action_takes_assignee(mc_action a)
{
	return a == MC_ACT_ASSIGN || a == MC_ACT_FORWARD;
}

int mc_dossier_apply(mc_dossier *d, mc_action a, mc_time at, const char *actor,
		     const char *note, mc_error *err)
{
	return mc_dossier_apply_to(d, a, at, actor, note, NULL, err);
}

int mc_dossier_apply_to(mc_dossier *d, mc_action a, mc_time at, const char *actor,
			const char *note, const char *assignee, mc_error *err)
{
	char where[200], allowed[300], t1[MC_MOMENT_MAX], t2[MC_MOMENT_MAX];
	if (assignee && !*assignee)
		assignee = NULL;
	if (a == MC_ACT_RECEIVE)
		return mc_error_set(err, MC_ERR_REFUSED, "the dossier was already received");
	if (!mc_dossier_allowed(d, a)) {
		mc_dossier_describe_state(d, where, sizeof where);
		allowed_list(d, allowed, sizeof allowed);
		mc_error_set(err, MC_ERR_REFUSED, "cannot %s: the dossier is in %s",
			     action_names[a], where);
		mc_error_detail(err, "allowed now: %s", allowed);
		return MC_ERR_REFUSED;
	}
	if (at < d->last_at) {
		mc_format_moment(t1, sizeof t1, at);
		mc_format_moment(t2, sizeof t2, d->last_at);
		return mc_error_set(err, MC_ERR_REFUSED,
				    "cannot %s at %s: the dossier's last action was at %s",
				    action_names[a], t1, t2);
	}
	if (mc_action_needs_note(a) && (!note || !*note))
		return mc_error_set(err, MC_ERR_USAGE, "'%s' needs %s: a note", action_names[a],
				    a == MC_ACT_SUPPLEMENT_REQUEST ? "what is missing" : "the reason");
	if (a == MC_ACT_ASSIGN && !assignee)
		return mc_error_set(err, MC_ERR_USAGE, "'assign' needs the assignee: a login");
	if (assignee && !mc_action_takes_assignee(a))
		return mc_error_set(err, MC_ERR_USAGE,
				    "'%s' names no assignee (only assign and forward do)", action_names[a]);
	if (assignee && strlen(assignee) >= sizeof d->assignee)
		return mc_error_set(err, MC_ERR_USAGE, "the assignee '%s' is not a login", assignee);
	mc_dossier n = *d;
	mc_step_run *s = &n.steps[n.step];
	const char *who = actor ? actor : "";
	int rc = MC_OK;
	switch (a) {
	case MC_ACT_FORWARD:
		s->finished = at;
		snprintf(s->finished_by, sizeof s->finished_by, "%s", who);
		n.step++;
		memset(&n.steps[n.step], 0, sizeof n.steps[n.step]);
		n.steps[n.step].started = at;
		snprintf(n.steps[n.step].received_by, sizeof n.steps[n.step].received_by, "%s", who);
		rc = step_due(&n, n.step, &n.steps[n.step].due, err);
		/* the new step's holder: the one named, else nobody */
		snprintf(n.assignee, sizeof n.assignee, "%s", assignee ? assignee : "");
		break;
	case MC_ACT_ASSIGN:
		snprintf(n.assignee, sizeof n.assignee, "%s", assignee);
		break;
	case MC_ACT_RESULT_READY:
		s->finished = at;
		snprintf(s->finished_by, sizeof s->finished_by, "%s", who);
		n.finished_at = at;
		n.state = MC_DS_RESULT_READY;
		break;
	case MC_ACT_RETURN:
		n.closed_at = at;
		n.state = MC_DS_RETURNED;
		break;
	case MC_ACT_SUPPLEMENT_REQUEST:
		n.supplement_count++;
		n.pause_started = at;
		n.state = MC_DS_SUPPLEMENT_REQUESTED;
		break;
	case MC_ACT_PAUSE:
		n.pause_started = at;
		n.state = MC_DS_PAUSED;
		break;
	case MC_ACT_SUPPLEMENT_RECEIVED:
		/* a time set by hand cannot be counted afresh: it pauses */
		rc = account_pause(&n, at, !n.manual && n.version->on_supplement == MC_SUPPLEMENT_RESTART,
				   err);
		n.state = MC_DS_IN_STEP;
		break;
	case MC_ACT_RESUME:
		rc = account_pause(&n, at, 0, err);
		n.state = MC_DS_IN_STEP;
		break;
	case MC_ACT_APOLOGY:
		n.apologies++;
		break;
	case MC_ACT_CORRECT:      /* a fact of the receipt: the store applies it */
		break;
	case MC_ACT_VOID:
		n.closed_at = at;
		n.state = MC_DS_VOIDED;
		break;
	case MC_ACT_REFUSE:
	case MC_ACT_WITHDRAW:
	case MC_ACT_RETURN_UNPROCESSED:
		n.closed_at = at;
		n.state = a == MC_ACT_REFUSE ? MC_DS_REFUSED :
			  a == MC_ACT_WITHDRAW ? MC_DS_WITHDRAWN : MC_DS_RETURNED_UNPROCESSED;
		break;
	default:
		return mc_error_set(err, MC_ERR_INTERNAL, "unhandled action");
	}
	if (rc)
		return rc;
	/* out of its steps, a dossier has no holder */
	if (n.state != MC_DS_IN_STEP && n.state != MC_DS_SUPPLEMENT_REQUESTED &&
	    n.state != MC_DS_PAUSED)
		n.assignee[0] = '\0';
	n.last_at = at;
	n.events++;
	*d = n;
	return MC_OK;
}

/* A due moment moved past the calendar's end: neither overdue nor due soon. */
#define BEYOND_CALENDAR INT64_MAX

/* The due moment as of `now`, counting a pause still in progress. */
static mc_time effective_due(const mc_dossier *d, mc_time due, mc_time now)
{
	if ((d->state == MC_DS_PAUSED || d->state == MC_DS_SUPPLEMENT_REQUESTED) &&
	    now > d->pause_started) {
		int64_t waited;
		mc_time moved;
		if (mc_calendar_between(d->cal, d->pause_started, now, &waited, NULL) == MC_OK) {
			int rc = mc_calendar_add_ticks(d->cal, due, waited, &moved, NULL);
			return rc == MC_OK ? moved : BEYOND_CALENDAR;
		}
	}
	return due;
}

static mc_status finished_status(mc_time finished, mc_time due)
{
	if (finished > due)
		return MC_STATUS_LATE;
	if (mc_time_day(finished) < mc_time_day(due))
		return MC_STATUS_EARLY;
	return MC_STATUS_ON_TIME;
}

static mc_status open_status(const mc_dossier *d, mc_time due, mc_time now)
{
	if (due == BEYOND_CALENDAR)
		return MC_STATUS_WITHIN_TIME;
	if (now > due)
		return MC_STATUS_OVERDUE;
	mc_time horizon;
	/* a horizon past the calendar's end is after any due moment */
	if (mc_calendar_add_ticks(d->cal, now, MC_TICKS_PER_DAY, &horizon, NULL) != MC_OK ||
	    horizon >= due)
		return MC_STATUS_DUE_SOON;
	return MC_STATUS_WITHIN_TIME;
}

mc_status mc_dossier_status(const mc_dossier *d, mc_time now)
{
	switch (d->state) {
	case MC_DS_RESULT_READY:
	case MC_DS_RETURNED:
		return finished_status(d->finished_at, d->due_at);
	case MC_DS_REFUSED:
		return MC_STATUS_REFUSED;
	case MC_DS_WITHDRAWN:
		return MC_STATUS_WITHDRAWN;
	case MC_DS_RETURNED_UNPROCESSED:
		return MC_STATUS_RETURNED_UNPROCESSED;
	case MC_DS_VOIDED:
		return MC_STATUS_VOIDED;
	default:
		return open_status(d, effective_due(d, d->due_at, now), now);
	}
}

int mc_dossier_step_status(const mc_dossier *d, int k, mc_time now)
{
	if (k < 0 || k >= d->nsteps || d->steps[k].started == 0)
		return -1;
	const mc_step_run *s = &d->steps[k];
	if (s->finished)
		return (int)finished_status(s->finished, s->due);
	if (k != d->step)
		return -1;
	if (d->state == MC_DS_REFUSED || d->state == MC_DS_WITHDRAWN ||
	    d->state == MC_DS_RETURNED_UNPROCESSED)
		return -1;
	return (int)open_status(d, effective_due(d, s->due, now), now);
}
