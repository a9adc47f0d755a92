/*
 * api_dossiers.c - receipts and actions: POST /api/v1/dossiers, GET
 * /api/v1/dossiers/{code}, POST /api/v1/dossiers/{code}/actions, GET
 * /api/v1/dossiers/{code}/slip.pdf.
 *
 * They run in the request's transaction as the logged-in user (server.c):
 * the actor of every event is the session's login, never a field of the
 * body, and every moment is the server's clock (no `at` is taken).
 */
#include "api.h"
#include "json_out.h"
#include "dossier_render.h"
#include "papers.h"
#include "queries.h"
#include "roles.h"
#include "slip.h"
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The dossier as the API shows it: the engine's JSON of it, its revision
 * and its links. */
static json_t *dossier_json(const mc_dossier_info *info)
{
	mc_buf b = { 0 };
	mc_render_dossier_json(info, (mc_time)time(NULL), &b);
	json_t *o = json_loadb(b.data ? b.data : "", b.len, 0, NULL);
	mc_buf_free(&b);
	if (!o)
		o = json_object();
	mc_json_set(o, "revision", json_integer(info->revision));
	/* the current step's holder (migration 0020): null when nobody */
	mc_json_set(o, "assignee", *info->d.assignee ? mc_json_text(info->d.assignee) : json_null());
	mc_json_set(o, "assignee_name",
		    *info->d.assignee && *info->assignee_name ? mc_json_text(info->assignee_name)
							      : json_null());
	mc_json_set(o, "appointment", mc_json_moment(info->d.due_at));
	char link[200];
	json_t *links = json_object();
	snprintf(link, sizeof link, "/api/v1/dossiers/%s", info->code);
	mc_json_set(links, "self", mc_json_text(link));
	snprintf(link, sizeof link, "/api/v1/dossiers/%s/slip.pdf", info->code);
	mc_json_set(links, "slip", mc_json_text(link));
	snprintf(link, sizeof link, "/api/v1/dossiers/%s/actions", info->code);
	mc_json_set(links, "actions", mc_json_text(link));
	mc_json_set(o, "links", links);
	return o;
}

static void reply_dossier(mc_request *rq, int status, const mc_dossier_info *info)
{
	mc_reply_json(&rq->reply, status, dossier_json(info));
	mc_reply_header(&rq->reply, "ETag", "\"%d\"", info->revision);
}

/* ---- receive ----------------------------------------------------------- */

enum { F_PROCEDURE, F_CHANNEL, F_NAME, F_PHONE, F_ADDRESS, F_ID, F_EMAIL, F_KIND, F_DELIVERY,
       F_APPOINTMENT, F_APPOINTMENT_REASON, F__N };

static const mc_field applicant_fields[] = {
	{ .name = "name", .type = MC_FIELD_STRING, .required = 1, .max = 300, .slot = F_NAME },
	{ .name = "phone", .type = MC_FIELD_STRING, .max = 40, .slot = F_PHONE },
	{ .name = "address", .type = MC_FIELD_STRING, .max = 500, .slot = F_ADDRESS },
	{ .name = "id_number", .type = MC_FIELD_STRING, .max = 40, .slot = F_ID },
	{ .name = "email", .type = MC_FIELD_STRING, .max = MC_TEXT_EMAIL_MAX, .slot = F_EMAIL },
	{ .name = "kind", .type = MC_FIELD_STRING, .max = 16, .slot = F_KIND },
	{ 0 }
};

static const mc_field receive_fields[] = {
	{ .name = "procedure", .type = MC_FIELD_STRING, .required = 1, .max = 64, .slot = F_PROCEDURE },
	{ .name = "channel", .type = MC_FIELD_STRING, .required = 1, .max = 16, .slot = F_CHANNEL },
	{ .name = "applicant", .type = MC_FIELD_OBJECT, .required = 1, .fields = applicant_fields },
	{ .name = "delivery", .type = MC_FIELD_STRING, .max = 16, .slot = F_DELIVERY },
	{ .name = "documents", .type = MC_FIELD_STRINGS, .max = MC_DOCUMENT_NAME_MAX,
	  .max_items = MC_DOCUMENTS_MAX },
	/* an appointment set by hand, and why (office, a procedure whose time
	 * is unknown: migration 0022) */
	{ .name = "appointment", .type = MC_FIELD_STRING, .max = 40, .slot = F_APPOINTMENT },
	{ .name = "appointment_reason", .type = MC_FIELD_STRING, .max = MC_TEXT_REASON_MAX,
	  .slot = F_APPOINTMENT_REASON },
	{ 0 }
};

#define KEY_MAX 100

void mc_api_receive(mc_request *rq)
{
	if (!mc_role_may(rq->user.role, MC_ACT_RECEIVE)) {
		char d[200];
		snprintf(d, sizeof d, "the role '%s' does not receive dossiers", rq->user.role);
		mc_reply_problem(&rq->reply, 403, "forbidden", d, NULL, NULL);
		return;
	}
	const char *key = mc_rq_header(rq, "Idempotency-Key");
	if (!key || !*key) {
		mc_reply_problem(&rq->reply, 400, "missing_header",
				 "a receipt needs an Idempotency-Key header (a retry with the same key "
				 "returns the same dossier)", "Idempotency-Key", NULL);
		return;
	}
	mc_error err;
	if (strlen(key) > KEY_MAX || mc_text_check("Idempotency-Key", key, KEY_MAX, 0, &err)) {
		mc_reply_problem(&rq->reply, 400, "missing_header",
				 "the Idempotency-Key header is at most 100 printable characters",
				 "Idempotency-Key", NULL);
		return;
	}
	const char *v[F__N];
	json_t *root;
	if (mc_body_parse(rq, receive_fields, v, F__N, &root))
		return;
	mc_receipt r = { .procedure = v[F_PROCEDURE], .applicant = v[F_NAME], .phone = v[F_PHONE],
			 .address = v[F_ADDRESS], .id_number = v[F_ID], .email = v[F_EMAIL],
			 .applicant_kind = v[F_KIND], .delivery = v[F_DELIVERY],
			 .appointment_reason = v[F_APPOINTMENT_REASON], .actor = rq->user.login };
	int manual = v[F_APPOINTMENT] || v[F_APPOINTMENT_REASON];
	if (manual && !mc_role_may_appoint(rq->user.role)) {
		char d[200];
		snprintf(d, sizeof d, "the role '%s' may not set an appointment by hand", rq->user.role);
		mc_reply_problem(&rq->reply, 403, "forbidden", d, NULL, NULL);
		json_decref(root);
		return;
	}
	/* the documents received: names, checked by the spec */
	const char *docs[MC_DOCUMENTS_MAX];
	const json_t *jd = json_object_get(root, "documents");
	for (size_t i = 0; json_is_array(jd) && i < json_array_size(jd) && i < MC_DOCUMENTS_MAX; i++)
		docs[r.ndocuments++] = json_string_value(json_array_get(jd, i));
	r.documents = docs;
	const char *bad = NULL, *why = NULL;
	if (mc_channel_parse(v[F_CHANNEL], &r.channel))
		bad = "channel", why = "unknown channel (expected in_person, post or online)";
	else if (v[F_EMAIL] && *v[F_EMAIL] && !mc_email_valid(v[F_EMAIL]))
		bad = "applicant.email", why = "'applicant.email' is not an e-mail address";
	else if (v[F_KIND] && *v[F_KIND] && !mc_applicant_kind_valid(v[F_KIND]))
		bad = "applicant.kind",
		why = "unknown applicant kind (expected citizen or organisation)";
	else if (v[F_DELIVERY] && *v[F_DELIVERY] && !mc_delivery_valid(v[F_DELIVERY]))
		bad = "delivery", why = "unknown result delivery (expected desk, post or online)";
	else if (v[F_APPOINTMENT] && mc_parse_moment(v[F_APPOINTMENT], &r.appointment, &err))
		bad = "appointment", why = "the appointment is not a moment (expected \"YYYY-MM-DD HH:MM\")";
	else if (manual && !v[F_APPOINTMENT])
		bad = "appointment", why = "an appointment's reason needs the appointment";
	else if (manual && (!v[F_APPOINTMENT_REASON] || !*v[F_APPOINTMENT_REASON]))
		bad = "appointment_reason", why = "an appointment set by hand needs its reason";
	if (bad) {
		mc_reply_problem(&rq->reply, 422, "invalid_field", why, bad, NULL);
		json_decref(root);
		return;
	}
	/* a key is the user's own: another user's key never names their dossier */
	char scoped[MC_LOGIN_MAX + KEY_MAX + 8];
	snprintf(scoped, sizeof scoped, "api:%s:%s", rq->user.login, key);
	r.idempotency_key = scoped;
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_dossier_info info;
	int existed = 0;
	/* the receipt's statement and the request's commit in one round trip,
	 * then the flush (the day's counter is held for neither a round trip
	 * nor the disk); the reply, with the code, follows both */
	int rc = mc_store_receive_commit(&ctx, &r, &info, &existed, &rq->ended, &err);
	json_decref(root);
	if (rc == MC_ERR_CONFLICT) {
		mc_reply_problem(&rq->reply, 409, "idempotency_conflict", err.message, "Idempotency-Key",
				 NULL);
		return;
	}
	if (rc == MC_ERR_NOTFOUND) {
		mc_reply_problem(&rq->reply, 422, "invalid_field", err.message, "procedure", NULL);
		return;
	}
	if (rc) {
		mc_reply_error(rq, &err);
		return;
	}
	reply_dossier(rq, existed ? 200 : 201, &info);
	mc_reply_header(&rq->reply, "Location", "/api/v1/dossiers/%s", info.code);
	mc_dossier_info_clear(&info);
}

/* ---- show -------------------------------------------------------------- */

static int load(mc_request *rq, mc_dossier_info *info)
{
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_error err;
	int rc = mc_store_dossier_get(&ctx, rq->param, info, &err);
	if (rc)
		mc_reply_error(rq, &err);
	return rc;
}

void mc_api_dossier(mc_request *rq)
{
	mc_dossier_info info;
	if (load(rq, &info))
		return;
	reply_dossier(rq, 200, &info);
	mc_dossier_info_clear(&info);
}

/* ---- act --------------------------------------------------------------- */

enum { A_ACTION, A_NOTE, A_FIELD, A_OLD, A_NEW, A_ASSIGNEE, A__N };

static const mc_field act_fields[] = {
	{ .name = "action", .type = MC_FIELD_STRING, .required = 1, .max = 32, .slot = A_ACTION },
	{ .name = "note", .type = MC_FIELD_STRING, .max = 2000, .multiline = 1, .slot = A_NOTE },
	/* correct: one fact of the receipt, its value seen and the new one */
	{ .name = "field", .type = MC_FIELD_STRING, .max = 32, .slot = A_FIELD },
	{ .name = "old", .type = MC_FIELD_STRING, .max = 500, .slot = A_OLD },
	{ .name = "new", .type = MC_FIELD_STRING, .max = 500, .slot = A_NEW },
	/* assign: the step's new holder (required); forward: the next step's */
	{ .name = "assignee", .type = MC_FIELD_STRING, .max = 64, .slot = A_ASSIGNEE },
	{ 0 }
};

/* The current value of a correctable fact of the receipt. */
static const char *fact_now(const mc_dossier_info *info, const char *field)
{
	if (!strcmp(field, "applicant_name"))
		return info->applicant_name;
	if (!strcmp(field, "applicant_address"))
		return info->applicant_address;
	if (!strcmp(field, "applicant_phone"))
		return info->applicant_phone;
	if (!strcmp(field, "applicant_id_number"))
		return info->applicant_id_number;
	return mc_channel_name(info->channel);
}

/* If-Match: "7", W/"7" or 7. -1 when it is not a revision. */
static int if_match(const char *s)
{
	if (!strncmp(s, "W/", 2))
		s += 2;
	size_t n = strlen(s);
	char buf[16];
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (buf[i] < '0' || buf[i] > '9')
			return -1;
	return atoi(buf);
}

/* The actions the dossier's state allows now. */
static json_t *allowed_actions(const mc_dossier *d)
{
	json_t *a = json_array();
	for (int k = MC_ACT_FORWARD; k < MC_ACT__COUNT; k++)
		if (k != MC_ACT_APOLOGY && mc_dossier_allowed(d, (mc_action)k))
			json_array_append_new(a, mc_json_text(mc_action_name((mc_action)k)));
	return a;
}

static void problem_state(mc_request *rq, int status, const char *code, const char *detail,
			  const mc_dossier_info *info)
{
	json_t *x = json_object();
	mc_json_set(x, "state", mc_json_text(mc_dstate_name(info->d.state)));
	mc_json_set(x, "revision", json_integer(info->revision));
	mc_json_set(x, "allowed_actions", allowed_actions(&info->d));
	mc_reply_problem(&rq->reply, status, code, detail, NULL, x);
}

void mc_api_act(mc_request *rq)
{
	const char *im = mc_rq_header(rq, "If-Match");
	if (!im) {
		mc_reply_problem(&rq->reply, 428, "precondition_required",
				 "an action needs If-Match with the revision (the ETag) you saw",
				 "If-Match", NULL);
		return;
	}
	int rev = if_match(im);
	if (rev < 0) {
		mc_reply_problem(&rq->reply, 400, "missing_header", "If-Match is not a revision",
				 "If-Match", NULL);
		return;
	}
	const char *v[A__N];
	json_t *root;
	if (mc_body_parse(rq, act_fields, v, A__N, &root))
		return;
	mc_action a;
	if (mc_action_parse(v[A_ACTION], &a) || a == MC_ACT_RECEIVE || a == MC_ACT_APOLOGY) {
		mc_reply_problem(&rq->reply, 422, "invalid_field",
				 "unknown action (an apology is POST /api/v1/apologies)", "action", NULL);
		json_decref(root);
		return;
	}
	if (!mc_role_may(rq->user.role, a)) {
		char d[200];
		snprintf(d, sizeof d, "the role '%s' may not '%s'", rq->user.role, mc_action_name(a));
		mc_reply_problem(&rq->reply, 403, "forbidden", d, "action", NULL);
		json_decref(root);
		return;
	}
	const char *bad = NULL;
	if (a == MC_ACT_CORRECT) {
		if (!v[A_FIELD] || !mc_store_correctable(v[A_FIELD]))
			bad = "field";
		else if (!v[A_NEW])
			bad = "new";
	} else if (v[A_FIELD] || v[A_OLD] || v[A_NEW]) {
		bad = v[A_FIELD] ? "field" : v[A_OLD] ? "old" : "new";
	}
	if (bad) {
		mc_reply_problem(&rq->reply, 422, "invalid_field",
				 a == MC_ACT_CORRECT
				 ? "'correct' needs 'field' (applicant_name, applicant_address, "
				   "applicant_phone, applicant_id_number or channel), 'new' and a note"
				 : "'field', 'old' and 'new' go with the action 'correct'",
				 bad, NULL);
		json_decref(root);
		return;
	}
	const char *who = v[A_ASSIGNEE] && *v[A_ASSIGNEE] ? v[A_ASSIGNEE] : NULL;
	if ((a == MC_ACT_ASSIGN && !who) || (who && !mc_action_takes_assignee(a)) ||
	    (who && !mc_store_login_valid(who))) {
		mc_reply_problem(&rq->reply, 422, "invalid_field",
				 who && !mc_action_takes_assignee(a)
				 ? "'assignee' goes with the actions 'assign' and 'forward'"
				 : who ? "'assignee' is not a login"
				       : "'assign' needs 'assignee': the login of the person who takes the step",
				 "assignee", NULL);
		json_decref(root);
		return;
	}
	if (mc_action_needs_note(a) && (!v[A_NOTE] || !*v[A_NOTE])) {
		mc_reply_problem(&rq->reply, 422, "invalid_field",
				 a == MC_ACT_SUPPLEMENT_REQUEST
				 ? "a supplement request needs what is missing as a note"
				 : "this action needs the reason as a note", "note", NULL);
		json_decref(root);
		return;
	}
	mc_dossier_info info, after;
	if (load(rq, &info)) {
		json_decref(root);
		return;
	}
	char detail[300];
	if (info.revision != rev) {
		snprintf(detail, sizeof detail, "the dossier is at revision %d, not %d: nothing was done",
			 info.revision, rev);
		problem_state(rq, 412, "stale_revision", detail, &info);
		mc_reply_header(&rq->reply, "ETag", "\"%d\"", info.revision);
		goto done;
	}
	if (!mc_dossier_allowed(&info.d, a)) {
		snprintf(detail, sizeof detail, "'%s' is not allowed in state '%s'", mc_action_name(a),
			 mc_dstate_name(info.d.state));
		problem_state(rq, 409, "action_not_allowed", detail, &info);
		goto done;
	}
	if (a == MC_ACT_CORRECT && v[A_OLD]) {
		const char *cur = fact_now(&info, v[A_FIELD]);
		if (strcmp(v[A_OLD], cur ? cur : "")) {
			snprintf(detail, sizeof detail, "the %s is no longer the value sent as 'old': "
				 "nothing was done", v[A_FIELD]);
			problem_state(rq, 409, "conflict", detail, &info);
			goto done;
		}
	}
	mc_act act = { .action = a, .at = 0, .actor = rq->user.login, .note = v[A_NOTE],
		       .field = v[A_FIELD], .old_value = v[A_OLD], .new_value = v[A_NEW],
		       .assignee = who };
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_error err;
	int rc = mc_store_act_at_revision(&ctx, rq->param, rev, &act, &after, &err);
	if (rc == MC_ERR_INPUT && who && !strcmp(err.sqlstate, "22023") &&
	    strstr(err.message, "assignee")) {
		/* the door: not an active specialist, head or leader of the agency */
		mc_reply_problem(&rq->reply, 422, "invalid_field", err.message, "assignee", NULL);
	} else if (rc == MC_ERR_CONFLICT) {
		problem_state(rq, 412, "stale_revision", err.message, &info);
	} else if (rc == MC_ERR_REFUSED && strcmp(err.sqlstate, "42501")) {
		problem_state(rq, 409, "action_not_allowed", err.message, &info);
	} else if (rc) {
		mc_reply_error(rq, &err);
	} else {
		reply_dossier(rq, 200, &after);
		mc_dossier_info_clear(&after);
	}
done:
	mc_dossier_info_clear(&info);
	json_decref(root);
}

/* ---- the slip ---------------------------------------------------------- */

void mc_api_slip(mc_request *rq)
{
	mc_dossier_info info;
	if (load(rq, &info))
		return;
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	mc_slip_receipt_doc(&doc, rq->srv->cat->agency, &info);
	char name[MC_CODE_MAX + 8];
	snprintf(name, sizeof name, "%s.pdf", info.code);
	mc_reply_pdf(rq, &doc, name);
	mc_document_clear(&doc);
	mc_dossier_info_clear(&info);
}

/* ---- the forms of a dossier -------------------------------------------- */

/* GET /api/v1/dossiers/{code}/forms/{form}.pdf: any form of the dossier
 * (papers.h), as `motcua form CODE FORM --pdf`; 404 when the dossier has
 * no such paper (no refusal, no supplement request, no letter issued). */
void mc_api_form(mc_request *rq)
{
	const char *slash = strrchr(rq->path, '/');
	char kind[32] = "";
	if (slash && strlen(slash + 1) > 4 && strlen(slash + 1) < sizeof kind + 4)
		snprintf(kind, sizeof kind, "%.*s", (int)(strlen(slash + 1) - 4), slash + 1);
	if (!mc_paper_kind_known(kind)) {
		mc_reply_problem(&rq->reply, 404, "not_found", "no such form", NULL, NULL);
		return;
	}
	if (!mc_role_may_see(rq->user.role, MC_PAPER_FORMS)) {
		char d[120];
		snprintf(d, sizeof d, "the role '%s' does not print dossiers' forms", rq->user.role);
		mc_reply_problem(&rq->reply, 403, "forbidden", d, NULL, NULL);
		return;
	}
	mc_dossier_info info;
	if (load(rq, &info))
		return;
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	mc_error err;
	int rc = mc_paper_build(&ctx, &info, kind, (mc_time)time(NULL), &doc, &err);
	if (rc == MC_ERR_REFUSED) {
		mc_reply_problem(&rq->reply, 404, "no_such_form", err.message, NULL, NULL);
	} else if (rc) {
		mc_reply_error(rq, &err);
	} else {
		char name[MC_CODE_MAX + 48];
		snprintf(name, sizeof name, "%s-%s.pdf", kind, info.code);
		mc_reply_pdf(rq, &doc, name);
	}
	mc_document_clear(&doc);
	mc_dossier_info_clear(&info);
}
