/*
 * dossier.h - the one-stop state machine, pure (no database).
 *
 * A dossier is received complete, then passes through the internal steps of
 * its procedure version in order; completing the last step makes the result
 * ready at the one-stop desk, and handing it over returns it. Side roads:
 * a supplement request and a pause stop the clock until the supplement
 * arrives or processing resumes; refusal, withdrawal and return unprocessed
 * end it.
 *
 *   in_step(k) --forward--> in_step(k+1) ... in_step(last) --result_ready-->
 *   result_ready --return--> returned
 *   in_step --supplement_request--> supplement_requested --supplement_received--> in_step
 *   in_step --pause--> paused --resume--> in_step
 *   in_step | supplement_requested | paused --refuse | withdraw--> refused | withdrawn
 *   in_step | supplement_requested --return_unprocessed--> returned_unprocessed
 *   any state but voided --correct--> the same state (a fact of the receipt)
 *   any state but voided --void--> voided
 *   in_step | supplement_requested | paused --assign--> the same state
 *
 * The holder of the current step (the assignee, a login) is named by
 * `assign` and by a forward that names one; a forward without one leaves
 * the new step unassigned, and a dossier that leaves its steps (result
 * ready, closed) has no holder.
 *
 * Due moments: the dossier's is the receipt plus the time in force, moved
 * later by the working time spent in supplements and pauses (or, under an
 * `on_supplement: restart` procedure, counted afresh from the supplement).
 * Each step is due its allotted share after it started, moved likewise, so
 * lateness is pinned to the step that overran. An apology never moves
 * either. The state is a fold of the event log: mc_dossier_apply is the only
 * way to change it, so replaying the log rebuilds it exactly.
 */
#ifndef MOTCUA_DOSSIER_H
#define MOTCUA_DOSSIER_H

#include <stdint.h>
#include "calendar.h"
#include "catalog.h"
#include "error.h"

#define MC_MAX_STEPS 32
/* Room for an assignee's login (an account's login: at most 63 bytes). */
#define MC_ASSIGNEE_MAX 64

typedef enum {
	MC_DS_IN_STEP,
	MC_DS_SUPPLEMENT_REQUESTED,
	MC_DS_PAUSED,
	MC_DS_RESULT_READY,
	MC_DS_RETURNED,
	MC_DS_REFUSED,
	MC_DS_WITHDRAWN,
	MC_DS_RETURNED_UNPROCESSED,
	MC_DS_VOIDED,               /* logged by mistake: the code stays taken, the
	                               dossier leaves the statistics */
	MC_DS__COUNT
} mc_dstate;

typedef enum {
	MC_ACT_RECEIVE,
	MC_ACT_FORWARD,             /* complete the current step, start the next */
	MC_ACT_RESULT_READY,        /* complete the last step: result at the desk */
	MC_ACT_RETURN,              /* hand the result to the applicant */
	MC_ACT_SUPPLEMENT_REQUEST,
	MC_ACT_SUPPLEMENT_RECEIVED,
	MC_ACT_PAUSE,
	MC_ACT_RESUME,
	MC_ACT_REFUSE,              /* a reason (note) is required */
	MC_ACT_WITHDRAW,
	MC_ACT_RETURN_UNPROCESSED,
	MC_ACT_APOLOGY,             /* an apology and new appointment was issued:
	                               recorded, never moves a due moment */
	MC_ACT_CORRECT,             /* one fact of the receipt corrected (office) */
	MC_ACT_VOID,                /* a receipt logged by mistake (office) */
	MC_ACT_ASSIGN,              /* give the current step to a person (the
	                               assignee); the state stays */
	MC_ACT__COUNT
} mc_action;

/* Status: of a finished dossier (or step), or of an open one at a moment. */
typedef enum {
	MC_STATUS_EARLY,            /* finished on a date before the due date */
	MC_STATUS_ON_TIME,          /* on the due date, not after the due moment */
	MC_STATUS_LATE,             /* after the due moment */
	MC_STATUS_WITHIN_TIME,      /* open, not due within the next working day */
	MC_STATUS_DUE_SOON,         /* open, due within the next working day */
	MC_STATUS_OVERDUE,          /* open, past the due moment */
	MC_STATUS_REFUSED,
	MC_STATUS_WITHDRAWN,
	MC_STATUS_RETURNED_UNPROCESSED,
	MC_STATUS_VOIDED,
} mc_status;

typedef struct mc_step_run {
	mc_time started, finished;  /* finished = 0 while running */
	mc_time due;                /* moved by pauses within the step */
	int64_t paused_ticks;
	char received_by[128], finished_by[128];
} mc_step_run;

typedef struct mc_dossier {
	const mc_version *version;
	const mc_calendar *cal;
	mc_dstate state;
	int step;                   /* current step (in_step, supplement, paused) */
	int nsteps;
	mc_step_run steps[MC_MAX_STEPS];
	mc_time received_at;
	mc_time due_at_receipt;     /* receipt + time in force */
	mc_time due_at;             /* moved by pauses / a restart */
	mc_time finished_at;        /* result ready; 0 if not */
	mc_time closed_at;          /* returned / refused / withdrawn / unprocessed */
	mc_time last_at;            /* moment of the last event */
	mc_time pause_started;
	int64_t paused_ticks;       /* working time spent waiting, all pauses */
	int supplement_count;       /* > 1 is flagged (national index: late) */
	int apologies;              /* apology letters issued */
	int events;                 /* events applied, = the row's revision */
	char assignee[MC_ASSIGNEE_MAX]; /* the current step's holder (a login);
	                               "" when nobody holds it */
	int manual;                 /* the appointment was set by hand (the
	                               procedure's time is unknown) */
} mc_dossier;

/* Receive: start the first step at `at`. `version` must have a known time
 * (MC_ERR_REFUSED otherwise) and steps. */
int mc_dossier_receive(mc_dossier *d, const mc_version *v, const mc_calendar *cal,
		       mc_time at, const char *actor, mc_error *err);

/* Whether an appointment set by hand falls on a working day within office
 * hours (MC_ERR_INPUT otherwise): checked when it is set, not when the log
 * is replayed (a day off announced later does not unmake a receipt). */
int mc_appointment_check(const mc_calendar *cal, mc_time appointment, mc_error *err);

/* Receive with an appointment set by hand (the office, for a procedure
 * whose time the sources do not give): the version's time must be unknown
 * (MC_ERR_REFUSED otherwise), the appointment after `at` and within the
 * calendar (MC_ERR_INPUT). The dossier runs through the
 * version's manual step (catalog.h); the appointment is its due moment and
 * the step's, moved by pauses and supplements like any other (never
 * counted afresh: there is no time to count). */
int mc_dossier_receive_manual(mc_dossier *d, const mc_version *v, const mc_calendar *cal,
			      mc_time at, mc_time appointment, const char *actor, mc_error *err);

/* Apply an action at `at` (not before the previous event). An action the
 * state does not allow is MC_ERR_REFUSED naming the state and the allowed
 * actions; *d is unchanged on any error. */
int mc_dossier_apply(mc_dossier *d, mc_action a, mc_time at, const char *actor,
		     const char *note, mc_error *err);
/* The same, naming the assignee: required by assign, optional for forward
 * (the next step's holder; NULL or "": nobody), refused (MC_ERR_USAGE)
 * with any other action. Whether the login is a person who may hold a
 * step is the store's and the database's to say. */
int mc_dossier_apply_to(mc_dossier *d, mc_action a, mc_time at, const char *actor,
			const char *note, const char *assignee, mc_error *err);
/* Whether action `a` names an assignee (assign: always; forward: may). */
int mc_action_takes_assignee(mc_action a);

/* Whether `a` is allowed now (guards included). Correct and void, the
 * office's amendments, are allowed in every state but voided. */
int mc_dossier_allowed(const mc_dossier *d, mc_action a);

/* Status of the dossier at `now` (now is used for open dossiers). */
mc_status mc_dossier_status(const mc_dossier *d, mc_time now);
/* Status of step k (finished: early/on time/late; running: at `now`;
 * not started: -1). */
int mc_dossier_step_status(const mc_dossier *d, int k, mc_time now);

const char *mc_action_name(mc_action a);
int mc_action_parse(const char *s, mc_action *out);   /* 0 ok, -1 unknown */
/* Every word mc_action_parse takes for an action on a received dossier (the
 * names, then the aliases of forward), for "did you mean"; returns the count. */
size_t mc_action_words(const char **out, size_t max);
/* Whether the action must state its reason (a note): refuse, correct, void. */
int mc_action_needs_note(mc_action a);
const char *mc_dstate_name(mc_dstate s);
int mc_dstate_parse(const char *s, mc_dstate *out);
const char *mc_status_name(mc_status s);              /* "on_time" */
const char *mc_status_vn(mc_status s);                /* "Đúng hạn" */
const char *mc_dstate_vn(mc_dstate s);                /* "Chờ bổ sung hồ sơ" */
const char *mc_action_vn(mc_action a);                /* "Yêu cầu bổ sung" */
/* "step 'tham_dinh' (Thẩm định hồ sơ)" or "supplement_requested" */
void mc_dossier_describe_state(const mc_dossier *d, char *buf, size_t n);

#endif
