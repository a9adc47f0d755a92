/*
 * store_dossier.c - dossiers and their event log (see store_dossier.h).
 */
#include "store_dossier.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The row's derived columns, as text parameters, from a replayed dossier. */
typedef struct row_vals {
	char due_at_receipt[MC_MOMENT_MAX], due_at[MC_MOMENT_MAX], state[32], step_index[16], step_due[MC_MOMENT_MAX];
	char paused_since[MC_MOMENT_MAX], paused_ticks[24], supplements[16], finished[MC_MOMENT_MAX], closed[MC_MOMENT_MAX];
	char revision[16];
	const char *step_id, *step_unit, *result;
	int in_step;       /* step columns apply */
} row_vals;

static void derive_row(const mc_dossier *d, row_vals *r)
{
	memset(r, 0, sizeof *r);
	mc_format_moment(r->due_at_receipt, sizeof r->due_at_receipt, d->due_at_receipt);
	mc_format_moment(r->due_at, sizeof r->due_at, d->due_at);
	snprintf(r->state, sizeof r->state, "%s", mc_dstate_name(d->state));
	r->in_step = d->state == MC_DS_IN_STEP || d->state == MC_DS_SUPPLEMENT_REQUESTED ||
		     d->state == MC_DS_PAUSED;
	if (r->in_step) {
		snprintf(r->step_index, sizeof r->step_index, "%d", d->step);
		r->step_id = d->version->steps[d->step].id;
		r->step_unit = d->version->steps[d->step].unit;
		mc_format_moment(r->step_due, sizeof r->step_due, d->steps[d->step].due);
	}
	if (d->pause_started)
		mc_format_moment(r->paused_since, sizeof r->paused_since, d->pause_started);
	snprintf(r->paused_ticks, sizeof r->paused_ticks, "%lld", (long long)d->paused_ticks);
	snprintf(r->supplements, sizeof r->supplements, "%d", d->supplement_count);
	if (d->finished_at)
		mc_format_moment(r->finished, sizeof r->finished, d->finished_at);
	if (d->closed_at)
		mc_format_moment(r->closed, sizeof r->closed, d->closed_at);
	snprintf(r->revision, sizeof r->revision, "%d", d->events);
	if (d->state == MC_DS_RESULT_READY || d->state == MC_DS_RETURNED ||
	    d->state == MC_DS_REFUSED || d->state == MC_DS_WITHDRAWN ||
	    d->state == MC_DS_RETURNED_UNPROCESSED || d->state == MC_DS_VOIDED)
		r->result = mc_status_name(mc_dossier_status(d, d->last_at));
}

static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}


static char *dup_opt(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The facts a correction may change, and where they live in a view. */
static const char *const correctable[] = {
	"applicant_name", "applicant_address", "applicant_phone", "applicant_id_number", "channel",
	NULL
};

int mc_store_login_valid(const char *s)
{
	/* as migration 0013's app_user.login: ^[a-z0-9][a-z0-9._-]{0,62}$ */
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 63 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

int mc_store_correctable(const char *field)
{
	for (int i = 0; field && correctable[i]; i++)
		if (!strcmp(field, correctable[i]))
			return 1;
	return 0;
}

static char **fact_slot(mc_dossier_info *info, const char *field)
{
	if (!strcmp(field, "applicant_name")) return &info->applicant_name;
	if (!strcmp(field, "applicant_address")) return &info->applicant_address;
	if (!strcmp(field, "applicant_phone")) return &info->applicant_phone;
	if (!strcmp(field, "applicant_id_number")) return &info->applicant_id_number;
	return NULL;                 /* channel: an enum */
}

/* Apply a logged correction to the view's facts. */
static int apply_correction(mc_dossier_info *info, const char *field, const char *value,
			    mc_error *err)
{
	if (!field || !mc_store_correctable(field))
		return mc_error_set(err, MC_ERR_INTERNAL, "dossier '%s': a correction of an unknown field '%s'",
				    info->code, field ? field : "");
	char **slot = fact_slot(info, field);
	if (!slot) {
		if (mc_channel_parse(value, &info->channel))
			return mc_error_set(err, MC_ERR_INTERNAL, "dossier '%s': a correction to an unknown channel '%s'",
					    info->code, value ? value : "");
		return MC_OK;
	}
	char *v = dup_opt(value);
	if (value && !v)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	free(*slot);
	*slot = v;
	return MC_OK;
}

/* The moment of a write: `at`, or now when 0. A moment in the future
 * (beyond the skew) is refused; another moment than now is history being
 * written, allowed only with the session's reason (the door checks the
 * role). */
static int write_moment(const mc_store_ctx *s, mc_time at, mc_time *out, mc_error *err)
{
	mc_time now = (mc_time)time(NULL);
	char t[MC_MOMENT_MAX], n[MC_MOMENT_MAX];
	if (!at) {
		*out = now;
		return MC_OK;
	}
	mc_format_moment(t, sizeof t, at);
	mc_format_moment(n, sizeof n, now);
	if (at > now + MC_CLOCK_SKEW)
		return mc_error_set(err, MC_ERR_INPUT, "the moment %s is in the future (the clock says %s)",
				    t, n);
	if (at < now - MC_CLOCK_SKEW && !(s->backdate_reason && *s->backdate_reason)) {
		mc_error_set(err, MC_ERR_USAGE,
			     "a moment other than now (%s) is a correction of history: it needs a reason", t);
		mc_error_hint(err, "give the reason with --reason (the office role may do it)");
		return MC_ERR_USAGE;
	}
	if (s->backdate_reason &&
	    mc_text_check("the reason", s->backdate_reason, MC_TEXT_REASON_MAX, 0, err))
		return MC_ERR_INPUT;
	*out = at;
	return MC_OK;
}

/* A refusal of the door (migration 0012), in the engine's error codes. */
static int door_error(int rc, mc_error *err)
{
	if (!err || rc != MC_ERR_DB)
		return rc;
	const char *st = err->sqlstate;
	if (!strcmp(st, "42501") || !strcmp(st, "55000"))
		err->code = MC_ERR_REFUSED;
	else if (!strncmp(st, "22", 2))
		err->code = MC_ERR_INPUT;
	else if (!strcmp(st, "P0002"))
		err->code = MC_ERR_NOTFOUND;
	return err->code;
}

static int check_receipt_texts(const mc_receipt *r, mc_error *err)
{
	int rc;
	if ((rc = mc_text_check("the applicant's name", r->applicant, MC_TEXT_NAME_MAX, 0, err)) ||
	    (rc = mc_text_check("the address", r->address, MC_TEXT_ADDRESS_MAX, 0, err)) ||
	    (rc = mc_text_check("the phone number", r->phone, MC_TEXT_PHONE_MAX, 0, err)) ||
	    (rc = mc_text_check("the ID number", r->id_number, MC_TEXT_ID_MAX, 0, err)) ||
	    (rc = mc_text_check("the e-mail address", r->email, MC_TEXT_EMAIL_MAX, 0, err)) ||
	    (rc = mc_text_check("the external reference", r->external_ref, MC_TEXT_REF_MAX, 0, err)) ||
	    (rc = mc_text_check("the code", r->code, MC_CODE_MAX / 2, 0, err)) ||
	    (rc = mc_text_check("the idempotency key", r->idempotency_key, MC_TEXT_KEY_MAX, 0, err)) ||
	    (rc = mc_text_check("the actor", r->actor, MC_TEXT_ACTOR_MAX, 0, err)) ||
	    (rc = mc_text_check("the appointment's reason", r->appointment_reason, MC_TEXT_REASON_MAX,
				0, err)))
		return rc;
	if (r->ndocuments > MC_DOCUMENTS_MAX)
		return mc_error_set(err, MC_ERR_INPUT, "a receipt lists at most %d documents, not %zu",
				    MC_DOCUMENTS_MAX, r->ndocuments);
	for (size_t i = 0; i < r->ndocuments; i++) {
		char what[48];
		snprintf(what, sizeof what, "the document %zu", i + 1);
		if (!r->documents[i] || !*r->documents[i])
			return mc_error_set(err, MC_ERR_INPUT, "%s has no name", what);
		if ((rc = mc_text_check(what, r->documents[i], MC_DOCUMENT_NAME_MAX, 0, err)))
			return rc;
	}
	return MC_OK;
}

/* A receipt checked and computed, ready to be written: the dossier row's
 * values as text parameters, and the dossier as replayed. */
typedef struct prepared {
	const mc_procedure *p;
	const mc_version *v;
	mc_time at;
	char date[16], prefix[MC_CODE_MAX], version[16], received[MC_MOMENT_MAX];
	row_vals rv;
	mc_dossier d;
} prepared;

static int prepare(const mc_store_ctx *s, const mc_receipt *r, prepared *pr, mc_error *err)
{
	memset(pr, 0, sizeof *pr);
	int rc = check_receipt_texts(r, err);
	if (rc)
		return rc;
	if (!r->applicant || !*r->applicant)
		return mc_error_set(err, MC_ERR_USAGE, "the applicant's name is required");
	if (opt(r->email) && !mc_email_valid(r->email))
		return mc_error_set(err, MC_ERR_INPUT, "'%s' is not an e-mail address", r->email);
	if (opt(r->applicant_kind) && !mc_applicant_kind_valid(r->applicant_kind))
		return mc_error_set(err, MC_ERR_INPUT,
				    "unknown applicant kind '%s' (expected citizen or organisation)",
				    r->applicant_kind);
	if (opt(r->delivery) && !mc_delivery_valid(r->delivery))
		return mc_error_set(err, MC_ERR_INPUT,
				    "unknown result delivery '%s' (expected desk, post or online)",
				    r->delivery);
	if ((unsigned)r->channel >= MC_CH__COUNT)
		return mc_error_set(err, MC_ERR_USAGE, "unknown channel (expected in_person, post or online)");
	const mc_procedure *p = mc_catalog_find(s->cat, r->procedure ? r->procedure : "");
	if (!p) {
		mc_error_set(err, MC_ERR_NOTFOUND, "no procedure '%s' in the catalogue",
			     r->procedure ? r->procedure : "");
		mc_error_hint(err, "'motcua catalog list' shows the codes");
		return MC_ERR_NOTFOUND;
	}
	if ((rc = write_moment(s, r->at, &pr->at, err)))
		return rc;
	int32_t day = mc_time_day(pr->at);
	int y, m, dd;
	mc_civil_from_days(day, &y, &m, &dd);
	mc_format_date(pr->date, sizeof pr->date, day);
	if (r->code && (!*r->code || strspn(r->code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					   "0123456789._/-") != strlen(r->code) || !isalnum((unsigned char)r->code[0])))
		return mc_error_set(err, MC_ERR_INPUT,
				    "the code '%s' is not a dossier code (letters, digits and . _ / -)", r->code);
	/* codes carry YYMMDD: two dates a century apart would share codes */
	if (!r->code && (y < 2000 || y > 2099))
		return mc_error_set(err, MC_ERR_INPUT,
				    "dossier codes carry a two-digit year: receipts are accepted from 2000 to 2099, not on %s",
				    pr->date);
	const mc_version *v = mc_catalog_version_at(p, day);
	if (!v)
		return mc_error_set(err, MC_ERR_REFUSED, "procedure '%s' has no version in force on %s",
				    p->code, pr->date);
	if (r->channel == MC_CH_ONLINE && !(p->channels & MC_CHANNEL_ONLINE))
		return mc_error_set(err, MC_ERR_REFUSED, "procedure '%s' is not offered online", p->code);
	int manual = r->appointment || opt(r->appointment_reason);
	if (manual && !r->appointment)
		return mc_error_set(err, MC_ERR_USAGE, "an appointment's reason needs the appointment");
	if (manual && !opt(r->appointment_reason)) {
		mc_error_set(err, MC_ERR_USAGE, "an appointment set by hand needs its reason");
		mc_error_hint(err, "say why with --appointment-reason");
		return MC_ERR_USAGE;
	}
	if (manual) {
		if (!(rc = mc_dossier_receive_manual(&pr->d, v, s->cal, pr->at, r->appointment,
						     r->actor, err)))
			rc = mc_appointment_check(s->cal, r->appointment, err);
	} else if ((rc = mc_dossier_receive(&pr->d, v, s->cal, pr->at, r->actor, err)) &&
		 !v->statutory_known)
		mc_error_hint(err, "the office may receive it with an appointment set by hand "
			      "(--appointment and --appointment-reason)");
	if (rc)
		return rc;
	pr->p = p;
	pr->v = v;
	snprintf(pr->prefix, sizeof pr->prefix, "%s-%02d%02d%02d-", s->cat->agency->code, y % 100, m, dd);
	derive_row(&pr->d, &pr->rv);
	snprintf(pr->version, sizeof pr->version, "%d", v->number);
	mc_format_moment(pr->received, sizeof pr->received, pr->at);
	return MC_OK;
}

static int same(const char *a, const char *b)
{
	a = opt(a);
	b = opt(b);
	return a ? b && !strcmp(a, b) : !b;
}

/* The documents received as jsonb, from their names one a line (NULL for
 * none): the parameter `$N`. */
#define DOCUMENTS_JSONB(N) "(SELECT jsonb_agg(x ORDER BY o) FROM unnest(string_to_array(" N \
	"::text, E'\\n')) WITH ORDINALITY AS t(x, o))"

/* An earlier receipt with the same idempotency key: the same facts make it
 * a retry (*found = 1, its code), other facts a conflict. `docs`: the
 * documents one a line. */
static int find_idempotent(const mc_store_ctx *s, const mc_receipt *r, const char *docs,
			   char *code, size_t n, int *found, mc_error *err)
{
	PGresult *res = NULL;
	const char *p[] = { s->cat->agency->id, r->idempotency_key, docs };
	*found = 0;
	/* planned at each call, not prepared: a session's generic plan, made
	 * while the table is nearly empty, keeps scanning the agency's rows
	 * by code as it fills */
	int rc = mc_db_exec(s->db, "SELECT code, procedure_code, channel, applicant_name, "
			    "applicant_address, applicant_phone, applicant_id_number, applicant_email, "
			    "applicant_kind, delivery, appointment_reason, "
			    "extract(epoch FROM due_at_receipt)::bigint AS due_receipt, "
			    "(documents IS NOT DISTINCT FROM " DOCUMENTS_JSONB("$3") ")::text AS same_documents "
			    "FROM motcua.dossier WHERE agency_id = $1 AND idempotency_key = $2",
			    3, p, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) == 1) {
		const char *c = mc_db_get(res, 0, "code");
		if (!same(mc_db_get(res, 0, "procedure_code"), r->procedure) ||
		    !same(mc_db_get(res, 0, "channel"), mc_channel_name(r->channel)) ||
		    !same(mc_db_get(res, 0, "applicant_name"), r->applicant) ||
		    !same(mc_db_get(res, 0, "applicant_address"), r->address) ||
		    !same(mc_db_get(res, 0, "applicant_phone"), r->phone) ||
		    !same(mc_db_get(res, 0, "applicant_id_number"), r->id_number) ||
		    !same(mc_db_get(res, 0, "applicant_email"), r->email) ||
		    !same(mc_db_get(res, 0, "applicant_kind"), r->applicant_kind) ||
		    !same(mc_db_get(res, 0, "delivery"), r->delivery) ||
		    !same(mc_db_get(res, 0, "same_documents"), "true") ||
		    !same(mc_db_get(res, 0, "appointment_reason"), r->appointment_reason) ||
		    (opt(r->appointment_reason) &&
		     atoll(mc_db_get(res, 0, "due_receipt")) != (long long)r->appointment)) {
			rc = mc_error_set(err, MC_ERR_CONFLICT,
					  "the idempotency key '%s' was used for another receipt (dossier %s)",
					  r->idempotency_key, c);
			mc_error_hint(err, "a new receipt needs a new key");
		} else {
			snprintf(code, n, "%s", c);
			*found = 1;
		}
	}
	PQclear(res);
	return rc;
}

static int version_missing(const prepared *pr, mc_error *err)
{
	mc_error_set(err, MC_ERR_REFUSED, "procedure '%s' version %d is not in the database",
		     pr->p->code, pr->v->number);
	mc_error_hint(err, "run 'motcua catalog load' first");
	return MC_ERR_REFUSED;
}

/* The errors a receipt's write can meet, in the clerk's words. */
static int receipt_error(const prepared *pr, const mc_receipt *r, int rc, mc_error *err)
{
	if (!err)
		return rc;
	if (!strcmp(err->sqlstate, "23514") && !strcmp(err->constraint, "dossier_counter_last_check"))
		return mc_error_set(err, MC_ERR_REFUSED, "9999 dossiers were already received on %s",
				    pr->date);
	if (!strcmp(err->constraint, "dossier_external_ref"))
		return mc_error_set(err, MC_ERR_REFUSED, "dossier '%s' was already imported",
				    r->external_ref);
	if (!strcmp(err->constraint, "dossier_pkey") && r->code)
		return mc_error_set(err, MC_ERR_REFUSED, "a dossier with the code '%s' already exists",
				    r->code);
	return door_error(rc, err);
}

/*
 * A receipt is one statement through the door (receive_dossier, migration
 * 0012): it takes the day's next number, writes the dossier row and its
 * receive event. The counter row's lock serialises concurrent writers until
 * commit, and a rolled-back receipt gives its number back, so codes are
 * unique and gap-free. Procedure versions are never deleted while a
 * dossier uses them (catalog load locks the dossiers to check), so the
 * door's plain lookup of the version does what a foreign key would,
 * without locking the version's row for every receipt.
 *
 * At the desk (p_async true) the receipt commits without waiting for its
 * WAL flush (synchronous_commit off for that transaction only), so the
 * day's counter is held for the statement alone and not for a disk flush:
 * with one flush per receipt under the lock, a desk's receipts would queue
 * one flush apiece. It is followed by durable_sql, a transaction that
 * commits with a flush. WAL is sequential, so that flush makes the receipt
 * durable, and with it every receipt numbered before it (they hold earlier
 * numbers: each took the counter after the one before had committed). A
 * crash before the flush loses the last receipts of the day, none of which
 * a clerk was told, and no later one: the numbers stay gap-free and none
 * printed is ever reused.
 */
/* The register entry the receipt's insert was given (migration 0024's
 * trigger leaves it in a transaction-local setting) comes back with the
 * code: the function in FROM runs before the target list is computed. */
static const char receive_sql[] =
	"SELECT r.code, current_setting('motcua.register_entry', true) AS register_entry "
	"FROM motcua.receive_dossier($1, $2::date, $3, $4, $5::int, $6, $7, $8, $9, $10, $11, "
	"$12, $13::timestamptz, $14::timestamptz, $15::timestamptz, $16, $17, $18::timestamptz, "
	"$19, $20, $21::boolean, $22, $23, $24, $25, " DOCUMENTS_JSONB("$26") ", $27) AS r(code)";

/* A transaction commits with a WAL flush (synchronous_commit on) only if it
 * wrote WAL itself: a transactional logical-decoding message is the
 * smallest write there is (it needs no table and no privilege). */
static const char durable_sql[] = "SELECT pg_logical_emit_message(true, 'motcua', 'receipt flushed')";

#define RECEIVE_NPARAMS 27

static void receive_params(const mc_store_ctx *s, const mc_receipt *r, const prepared *pr,
			   int async, const char *docs, const char *ip[RECEIVE_NPARAMS])
{
	const row_vals *rv = &pr->rv;
	const char *v[RECEIVE_NPARAMS] = {
		s->cat->agency->id, pr->date, pr->prefix, pr->p->code, pr->version,
		mc_channel_name(r->channel), r->applicant, opt(r->address), opt(r->phone),
		opt(r->id_number), opt(r->external_ref), opt(r->idempotency_key), pr->received,
		rv->due_at_receipt, rv->due_at, rv->step_id, rv->step_unit, rv->step_due,
		r->actor ? r->actor : "", opt(s->backdate_reason), async ? "t" : "f", opt(r->code),
		opt(r->email), opt(r->applicant_kind), opt(r->delivery), docs,
		opt(r->appointment_reason)
	};
	memcpy(ip, v, sizeof v);
}

/* The view of a receipt just written, from what the engine holds. */
static int receipt_view(const mc_receipt *r, const prepared *pr, const char *code,
			mc_dossier_info *out, mc_error *err)
{
	mc_dossier_info info;
	memset(&info, 0, sizeof info);
	snprintf(info.code, sizeof info.code, "%s", code);
	snprintf(info.procedure_code, sizeof info.procedure_code, "%s", pr->p->code);
	info.procedure_version = pr->v->number;
	info.channel = r->channel;
	info.applicant_name = dup_opt(r->applicant);
	info.applicant_address = dup_opt(opt(r->address));
	info.applicant_phone = dup_opt(opt(r->phone));
	info.applicant_id_number = dup_opt(opt(r->id_number));
	info.applicant_email = dup_opt(opt(r->email));
	snprintf(info.applicant_kind, sizeof info.applicant_kind, "%s",
		 opt(r->applicant_kind) ? r->applicant_kind : "");
	snprintf(info.delivery, sizeof info.delivery, "%s", opt(r->delivery) ? r->delivery : "");
	info.external_ref = dup_opt(opt(r->external_ref));
	info.idempotency_key = dup_opt(opt(r->idempotency_key));
	info.appointment_reason = dup_opt(opt(r->appointment_reason));
	if (r->ndocuments && (info.documents = calloc(r->ndocuments, sizeof *info.documents))) {
		for (; info.ndocuments < r->ndocuments; info.ndocuments++)
			if (!(info.documents[info.ndocuments] = dup_opt(r->documents[info.ndocuments])))
				break;
	}
	int docs_ok = info.ndocuments == r->ndocuments;
	info.procedure = pr->p;
	info.d = pr->d;
	info.revision = 1;
	info.events = calloc(1, sizeof *info.events);
	if (!info.applicant_name || !info.events ||
	    (opt(r->address) && !info.applicant_address) || (opt(r->phone) && !info.applicant_phone) ||
	    (opt(r->id_number) && !info.applicant_id_number) ||
	    (opt(r->email) && !info.applicant_email) ||
	    (opt(r->external_ref) && !info.external_ref) ||
	    (opt(r->idempotency_key) && !info.idempotency_key) ||
	    (opt(r->appointment_reason) && !info.appointment_reason) || !docs_ok) {
		mc_dossier_info_clear(&info);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	mc_event *e = &info.events[0];
	info.nevents = 1;
	e->seq = 1;
	e->at = pr->at;
	e->recorded_at = (mc_time)time(NULL);
	snprintf(e->action, sizeof e->action, "receive");
	snprintf(e->actor, sizeof e->actor, "%s", r->actor ? r->actor : "");
	snprintf(e->to_state, sizeof e->to_state, "%s", pr->rv.state);
	snprintf(e->step_id, sizeof e->step_id, "%s", pr->rv.step_id ? pr->rv.step_id : "");
	*out = info;
	return MC_OK;
}

static int load(const mc_store_ctx *s, const char *code, mc_dossier_info *out, mc_error *err);

/* How a receipt's statement is sent. */
enum receive_mode {
	IN_TX,       /* inside the caller's transaction, the one statement */
	ALONE,       /* on its own: one round trip of two transactions, the
	                receipt without waiting for the disk, then the flush */
	COMMIT_TX,   /* inside the caller's transaction, which it commits in the
	                same round trip without waiting for the disk, then the
	                flush (as ALONE): no round trip while the counter is held */
};

/*
 * A receipt. *ended (COMMIT_TX): the caller's transaction is over, committed
 * or not; otherwise it is still open (in a failed state if the receipt's
 * statement failed).
 */
static int receive(const mc_store_ctx *s, const mc_receipt *r, enum receive_mode mode,
		   mc_dossier_info *out, int *existed, int *ended, mc_error *err)
{
	*existed = 0;
	*ended = 0;
	memset(out, 0, sizeof *out);
	prepared pr;
	int rc = prepare(s, r, &pr, err);
	if (rc)
		return rc;
	char *docs = mc_documents_join(r->documents, r->ndocuments);
	if (r->ndocuments && !docs)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	if (r->idempotency_key) {
		char code[MC_CODE_MAX];
		if (!(rc = find_idempotent(s, r, docs, code, sizeof code, existed, err)) && *existed)
			rc = load(s, code, out, err);
		if (rc || *existed) {
			free(docs);
			return rc;
		}
	}
	const char *ip[RECEIVE_NPARAMS];
	receive_params(s, r, &pr, mode != IN_TX, docs, ip);
	PGresult *res = NULL;
	int written;                 /* the receipt statement's own outcome */
	if (mode == ALONE) {
		mc_db_stmt st[] = {
			{ .name = "mc_receive", .sql = receive_sql, .nparams = RECEIVE_NPARAMS,
			  .params = ip, .sync_after = 1 },
			{ .name = "mc_durable", .sql = durable_sql, .sync_after = 1 },
		};
		rc = mc_db_pipeline(s->db, st, 2, err);
		written = st[0].rc;
		res = st[0].res;
		PQclear(st[1].res);
	} else if (mode == COMMIT_TX) {
		/* a failed receipt skips the COMMIT (and the flush fails in the
		 * failed transaction): the caller's transaction stays open */
		mc_db_stmt st[] = {
			{ .sql = "SAVEPOINT mc_receipt" },
			{ .name = "mc_receive", .sql = receive_sql, .nparams = RECEIVE_NPARAMS,
			  .params = ip },
			{ .sql = "COMMIT", .sync_after = 1 },
			{ .name = "mc_durable", .sql = durable_sql, .sync_after = 1 },
		};
		rc = mc_db_pipeline(s->db, st, 4, err);
		written = st[0].rc == MC_OK ? st[1].rc : st[0].rc;
		res = st[1].res;
		*ended = written == MC_OK;
		if (written == MC_OK && st[2].rc != MC_OK)
			written = rc;        /* the commit failed: nothing was recorded */
		PQclear(st[0].res);
		PQclear(st[2].res);
		PQclear(st[3].res);
	} else {
		written = rc = mc_db_exec(s->db, receive_sql, RECEIVE_NPARAMS, ip, &res, err);
	}
	if (written != MC_OK) {
		rc = receipt_error(&pr, r, written, err);
	} else if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0)) {
		rc = version_missing(&pr, err);
	} else {
		const char *code = PQgetvalue(res, 0, 0);
		if (rc) {      /* recorded, but whether it reached the disk is unknown */
			mc_error_prefix(err, MC_OK, "dossier %s was recorded but not confirmed on disk: ",
					code);
			mc_error_hint(err, "check with 'motcua show %s'", code);
		} else if (!(rc = receipt_view(r, &pr, code, out, err))) {
			const char *entry = PQgetisnull(res, 0, 1) ? "" : PQgetvalue(res, 0, 1);
			if (sscanf(entry, "%d %d", &out->register_year, &out->register_no) != 2)
				out->register_year = out->register_no = 0;
		}
	}
	PQclear(res);
	free(docs);
	return rc;
}

int mc_store_receive_in_tx(const mc_store_ctx *s, const mc_receipt *r, mc_dossier_info *out,
			   int *existed, mc_error *err)
{
	int ended;
	return receive(s, r, IN_TX, out, existed, &ended, err);
}

int mc_store_receive_commit(const mc_store_ctx *s, const mc_receipt *r, mc_dossier_info *out,
			    int *existed, int *ended, mc_error *err)
{
	for (int attempt = 0;; attempt++) {
		int rc = receive(s, r, COMMIT_TX, out, existed, ended, err);
		/* two retries of one receipt raced and the other committed first:
		 * back to before this one, which now finds the other's dossier */
		if (rc == MC_ERR_DB && !*ended && err &&
		    !strcmp(err->constraint, "dossier_idempotency_key") && attempt == 0 &&
		    !(rc = mc_db_exec(s->db, "ROLLBACK TO SAVEPOINT mc_receipt", 0, NULL, NULL, err)))
			continue;
		return rc;
	}
}

int mc_store_receive(const mc_store_ctx *s, const mc_receipt *r, mc_dossier_info *out,
		     int *existed, mc_error *err)
{
	for (int attempt = 0;; attempt++) {
		int ended;
		int rc = receive(s, r, ALONE, out, existed, &ended, err);
		/* two retries of one receipt raced: the loser returns the winner's */
		if (rc == MC_ERR_DB && err && !strcmp(err->constraint, "dossier_idempotency_key") &&
		    attempt == 0)
			continue;
		return rc;
	}
}

/* The row's own facts, to compare with the log's (verify). */
typedef struct row_facts {
	PGresult *res;               /* owned: the row */
	int legacy;                  /* the receive event lacks the applicant */
} row_facts;

static int set_str(char **slot, const char *v, mc_error *err)
{
	free(*slot);
	*slot = dup_opt(v);
	if (v && !*slot)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	return MC_OK;
}

/*
 * Load the row and the log, and replay it: the state through the state
 * machine, the receipt's facts from the receive event (procedure, version,
 * channel, applicant, references) and the corrections after it. A receive
 * event from before migration 0012 lacks the applicant: those facts then
 * come from the row. With `rf`, the row is kept for the caller.
 */
static int load_full(const mc_store_ctx *s, const char *code, mc_dossier_info *out,
		     row_facts *rf, mc_error *err)
{
	PGresult *res = NULL, *ev = NULL;
	mc_dossier_info info;
	memset(&info, 0, sizeof info);
	const char *p[] = { s->cat->agency->id, code };
	int rc = mc_db_exec(s->db,
			    "SELECT code, procedure_code, procedure_version, channel, applicant_name, "
			    "applicant_address, applicant_phone, applicant_id_number, external_ref, "
			    "applicant_email, applicant_kind, delivery, "
			    "(SELECT string_agg(x, E'\\n' ORDER BY o) FROM jsonb_array_elements_text(documents) "
			    "WITH ORDINALITY AS t(x, o)) AS documents, "
			    "idempotency_key, extract(epoch FROM received_at)::bigint AS received_at, revision, "
			    "lookup_token, d.assignee, (SELECT s.full_name FROM motcua.staff s "
			    "WHERE s.login = d.assignee) AS assignee_name, appointment_manual, appointment_reason, "
			    "coalesce(register_year, 0) AS register_year, coalesce(register_no, 0) AS register_no "
			    "FROM motcua.dossier d WHERE agency_id = $1 AND code = $2", 2, p, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_NOTFOUND, "no dossier '%s'", code);
	}
	snprintf(info.code, sizeof info.code, "%s", mc_db_get(res, 0, "code"));
	info.revision = atoi(mc_db_get(res, 0, "revision"));
	snprintf(info.lookup_token, sizeof info.lookup_token, "%s", mc_db_get(res, 0, "lookup_token"));
	snprintf(info.assignee_name, sizeof info.assignee_name, "%s",
		 mc_db_get(res, 0, "assignee_name") ? mc_db_get(res, 0, "assignee_name") : "");
	info.register_year = atoi(mc_db_get(res, 0, "register_year"));
	info.register_no = atoi(mc_db_get(res, 0, "register_no"));
	rc = mc_db_exec(s->db,
			"SELECT seq, extract(epoch FROM at)::bigint AS at, "
			"extract(epoch FROM recorded_at)::bigint AS recorded_at, action, actor, note, "
			"coalesce(from_state, '') AS from_state, to_state, coalesce(step_id, '') AS step_id, "
			"coalesce(db_user::text, '') AS db_user, backdate_reason, "
			"coalesce(assignee, '') AS assignee, "
			"data->>'procedure' AS d_procedure, data->>'version' AS d_version, "
			"data->>'channel' AS d_channel, (data ? 'applicant')::text AS d_full, "
			"data->'applicant'->>'name' AS d_name, data->'applicant'->>'address' AS d_address, "
			"data->'applicant'->>'phone' AS d_phone, data->'applicant'->>'id_number' AS d_id_number, "
			"data->'applicant'->>'email' AS d_email, data->'applicant'->>'kind' AS d_kind, "
			"data->>'delivery' AS d_delivery, "
			"(SELECT string_agg(x, E'\\n' ORDER BY o) FROM jsonb_array_elements_text("
			"CASE WHEN jsonb_typeof(data->'documents') = 'array' THEN data->'documents' END) "
			"WITH ORDINALITY AS t(x, o)) AS d_documents, "
			"data->>'external_ref' AS d_ref, data->>'idempotency_key' AS d_key, "
			"data->>'field' AS c_field, data->>'old' AS c_old, data->>'new' AS c_new, "
			"data->>'appointment_reason' AS d_appointment_reason, "
			"extract(epoch FROM (data->>'appointment')::timestamptz)::bigint AS d_appointment "
			"FROM motcua.dossier_event WHERE agency_id = $1 AND code = $2 ORDER BY seq",
			2, p, &ev, err);
	if (rc)
		goto fail;
	int nev = PQntuples(ev);
	if (nev == 0 || strcmp(mc_db_get(ev, 0, "action"), "receive")) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, nev ? "dossier '%s' log does not start with receive"
				  : "dossier '%s' has no events", code);
		goto fail;
	}
	/* the receipt's facts, from its event (or the row, for old events) */
	const char *procedure = mc_db_get(ev, 0, "d_procedure"), *version = mc_db_get(ev, 0, "d_version");
	const char *channel = mc_db_get(ev, 0, "d_channel");
	int full = mc_db_get(ev, 0, "d_full") && !strcmp(mc_db_get(ev, 0, "d_full"), "true");
	snprintf(info.procedure_code, sizeof info.procedure_code, "%s",
		 procedure ? procedure : mc_db_get(res, 0, "procedure_code"));
	info.procedure_version = atoi(version ? version : mc_db_get(res, 0, "procedure_version"));
	if (mc_channel_parse(channel ? channel : mc_db_get(res, 0, "channel"), &info.channel)) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "dossier '%s': unknown channel", code);
		goto fail;
	}
	const PGresult *src = full ? ev : res;
	if ((rc = set_str(&info.applicant_name, mc_db_get(src, 0, full ? "d_name" : "applicant_name"), err)) ||
	    (rc = set_str(&info.applicant_address, mc_db_get(src, 0, full ? "d_address" : "applicant_address"), err)) ||
	    (rc = set_str(&info.applicant_phone, mc_db_get(src, 0, full ? "d_phone" : "applicant_phone"), err)) ||
	    (rc = set_str(&info.applicant_id_number, mc_db_get(src, 0, full ? "d_id_number" : "applicant_id_number"), err)) ||
	    (rc = set_str(&info.external_ref, mc_db_get(src, 0, full ? "d_ref" : "external_ref"), err)) ||
	    (rc = set_str(&info.idempotency_key, mc_db_get(src, 0, full ? "d_key" : "idempotency_key"), err)) ||
	    (rc = set_str(&info.applicant_email, mc_db_get(src, 0, full ? "d_email" : "applicant_email"), err)))
		goto fail;
	const char *kind = mc_db_get(src, 0, full ? "d_kind" : "applicant_kind");
	const char *delivery = mc_db_get(src, 0, full ? "d_delivery" : "delivery");
	snprintf(info.applicant_kind, sizeof info.applicant_kind, "%s", kind ? kind : "");
	snprintf(info.delivery, sizeof info.delivery, "%s", delivery ? delivery : "");
	if (mc_documents_split(mc_db_get(src, 0, full ? "d_documents" : "documents"), &info.documents,
			       &info.ndocuments)) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto fail;
	}
	if ((rc = set_str(&info.appointment_reason, mc_db_get(ev, 0, "d_appointment_reason"), err)))
		goto fail;
	const char *appointment = mc_db_get(ev, 0, "d_appointment");
	info.procedure = mc_catalog_find(s->cat, info.procedure_code);
	if (!info.procedure || info.procedure_version < 1 ||
	    (size_t)info.procedure_version > info.procedure->nversions) {
		rc = mc_error_set(err, MC_ERR_INTERNAL,
				  "dossier '%s' was received under procedure '%s' version %d, which the catalogue no longer has",
				  code, info.procedure_code, info.procedure_version);
		goto fail;
	}
	const mc_version *v = &info.procedure->versions[info.procedure_version - 1];
	info.events = calloc((size_t)nev, sizeof *info.events);
	if (!info.events) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto fail;
	}
	for (int i = 0; i < nev; i++) {
		mc_event *e = &info.events[i];
		e->seq = atoi(mc_db_get(ev, i, "seq"));
		e->at = (mc_time)atoll(mc_db_get(ev, i, "at"));
		e->recorded_at = (mc_time)atoll(mc_db_get(ev, i, "recorded_at"));
		snprintf(e->action, sizeof e->action, "%s", mc_db_get(ev, i, "action"));
		snprintf(e->actor, sizeof e->actor, "%s", mc_db_get(ev, i, "actor"));
		snprintf(e->from_state, sizeof e->from_state, "%s", mc_db_get(ev, i, "from_state"));
		snprintf(e->to_state, sizeof e->to_state, "%s", mc_db_get(ev, i, "to_state"));
		snprintf(e->step_id, sizeof e->step_id, "%s", mc_db_get(ev, i, "step_id"));
		snprintf(e->db_user, sizeof e->db_user, "%s", mc_db_get(ev, i, "db_user"));
		snprintf(e->assignee, sizeof e->assignee, "%s", mc_db_get(ev, i, "assignee"));
		info.nevents++;
		if ((rc = set_str(&e->note, mc_db_get(ev, i, "note"), err)) ||
		    (rc = set_str(&e->backdate_reason, mc_db_get(ev, i, "backdate_reason"), err)) ||
		    (rc = set_str(&e->field, mc_db_get(ev, i, "c_field"), err)) ||
		    (rc = set_str(&e->old_value, mc_db_get(ev, i, "c_old"), err)) ||
		    (rc = set_str(&e->new_value, mc_db_get(ev, i, "c_new"), err)))
			goto fail;
		mc_action a;
		if (mc_action_parse(e->action, &a)) {
			rc = mc_error_set(err, MC_ERR_INTERNAL, "dossier '%s' event %d: unknown action '%s'",
					  code, e->seq, e->action);
			goto fail;
		}
		if (i == 0 && info.appointment_reason)
			rc = appointment ? mc_dossier_receive_manual(&info.d, v, s->cal, e->at,
								     (mc_time)atoll(appointment), e->actor, err)
				: mc_error_set(err, MC_ERR_INTERNAL, "the appointment set by hand is missing");
		else if (i == 0)
			rc = mc_dossier_receive(&info.d, v, s->cal, e->at, e->actor, err);
		else
			rc = mc_dossier_apply_to(&info.d, a, e->at, e->actor, e->note, e->assignee, err);
		if (!rc && a == MC_ACT_CORRECT)
			rc = apply_correction(&info, e->field, e->new_value, err);
		if (rc) {
			rc = mc_error_prefix(err, MC_ERR_INTERNAL, "dossier '%s' event %d does not replay: ",
					     code, e->seq);
			goto fail;
		}
	}
	/* the holder's name is the row's holder's: when the replay names
	 * another (a row verify will report), none is shown */
	const char *row_assignee = mc_db_get(res, 0, "assignee");
	if (!row_assignee || strcmp(row_assignee, info.d.assignee))
		info.assignee_name[0] = '\0';
	PQclear(ev);
	if (rf) {
		rf->res = res;
		rf->legacy = !full;
	} else {
		PQclear(res);
	}
	*out = info;
	return MC_OK;
fail:
	PQclear(ev);
	PQclear(res);
	mc_dossier_info_clear(&info);
	return rc;
}

static int load(const mc_store_ctx *s, const char *code, mc_dossier_info *out, mc_error *err)
{
	return load_full(s, code, out, NULL, err);
}

int mc_store_dossier_get(const mc_store_ctx *s, const char *code, mc_dossier_info *out,
			 mc_error *err)
{
	return load(s, code, out, err);
}

static int changed_meanwhile(const char *code, mc_error *err)
{
	mc_error_set(err, MC_ERR_CONFLICT,
		     "dossier '%s' was changed by someone else meanwhile; nothing was done", code);
	mc_error_hint(err, "look at it again ('motcua show %s') and retry", code);
	return MC_ERR_CONFLICT;
}

#define APPEND_NPARAMS 24

static const char append_sql[] =
	"SELECT motcua.append_event($1, $2, $3::int, $4::timestamptz, $5, $6, $7, $8, $9::int, $10, "
	"$11, $12::timestamptz, $13::timestamptz, $14::timestamptz, $15::bigint, $16::int, "
	"$17::timestamptz, $18::timestamptz, $19, "
	"CASE WHEN $20::text IS NULL THEN NULL "
	"ELSE jsonb_build_object('field', $20::text, 'old', $21::text, 'new', $22::text) END, $23, $24)";

/* Check an action's texts and, for a correction, its field and values;
 * `old` receives the value the correction replaces. */
static int check_act(const mc_act *a, const mc_dossier_info *info, const char **old,
		     mc_error *err)
{
	int rc;
	if (a->action == MC_ACT_RECEIVE)
		return mc_error_set(err, MC_ERR_USAGE, "a dossier is received once");
	if ((rc = mc_text_check("the note", a->note, MC_TEXT_NOTE_MAX, 1, err)) ||
	    (rc = mc_text_check("the actor", a->actor, MC_TEXT_ACTOR_MAX, 0, err)))
		return rc;
	*old = NULL;
	if (opt(a->assignee) && !mc_action_takes_assignee(a->action))
		return mc_error_set(err, MC_ERR_USAGE,
				    "'%s' names no assignee (only assign and forward do)",
				    mc_action_name(a->action));
	if (a->action == MC_ACT_ASSIGN && !opt(a->assignee))
		return mc_error_set(err, MC_ERR_USAGE, "'assign' needs the assignee: a login");
	if (opt(a->assignee) && !mc_store_login_valid(a->assignee))
		return mc_error_set(err, MC_ERR_INPUT,
				    "the assignee '%s' is not a login (lowercase letters, digits and . _ -)",
				    a->assignee);
	if (a->action != MC_ACT_CORRECT)
		return MC_OK;
	if (!mc_store_correctable(a->field))
		return mc_error_set(err, MC_ERR_USAGE,
				    "cannot correct '%s' (expected one of: applicant_name, applicant_address, "
				    "applicant_phone, applicant_id_number, channel)", a->field ? a->field : "");
	size_t max = !strcmp(a->field, "applicant_name") ? MC_TEXT_NAME_MAX :
		     !strcmp(a->field, "applicant_address") ? MC_TEXT_ADDRESS_MAX : MC_TEXT_PHONE_MAX;
	if ((rc = mc_text_check("the new value", a->new_value, max, 0, err)))
		return rc;
	mc_channel ch;
	if (!strcmp(a->field, "channel") && mc_channel_parse(a->new_value, &ch))
		return mc_error_set(err, MC_ERR_USAGE, "unknown channel '%s' (expected in_person, post or online)",
				    a->new_value ? a->new_value : "");
	if (!strcmp(a->field, "applicant_name") && !opt(a->new_value))
		return mc_error_set(err, MC_ERR_USAGE, "the applicant's name is required");
	char *const *slot = fact_slot((mc_dossier_info *)info, a->field);
	const char *current = slot ? *slot : mc_channel_name(info->channel);
	if (a->old_value && !same(a->old_value, current))
		return mc_error_set(err, MC_ERR_CONFLICT, "the %s of dossier '%s' is no longer '%s'",
				    a->field, info->code, a->old_value);
	if (same(a->new_value, current))
		return mc_error_set(err, MC_ERR_USAGE, "the %s of dossier '%s' is already '%s'",
				    a->field, info->code, a->new_value ? a->new_value : "");
	*old = current;
	return MC_OK;
}

/* Add the event just appended, and its effect, to the view `info`. */
static int view_after(mc_dossier_info *info, const mc_dossier *after, const mc_act *a,
		      mc_time at, const char *from, const row_vals *r, mc_error *err)
{
	mc_event *ev = realloc(info->events, (info->nevents + 1) * sizeof *ev);
	if (!ev)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	info->events = ev;
	mc_event *e = &ev[info->nevents++];
	memset(e, 0, sizeof *e);
	e->seq = after->events;
	e->at = at;
	e->recorded_at = (mc_time)time(NULL);
	snprintf(e->action, sizeof e->action, "%s", mc_action_name(a->action));
	snprintf(e->actor, sizeof e->actor, "%s", a->actor ? a->actor : "");
	snprintf(e->from_state, sizeof e->from_state, "%s", from);
	snprintf(e->to_state, sizeof e->to_state, "%s", r->state);
	snprintf(e->step_id, sizeof e->step_id, "%s", r->in_step ? r->step_id : "");
	snprintf(e->assignee, sizeof e->assignee, "%s", opt(a->assignee) ? a->assignee : "");
	/* the holder's name: the one the door just checked */
	if (strcmp(info->d.assignee, after->assignee))
		info->assignee_name[0] = '\0';
	info->d = *after;
	info->revision = after->events;
	int rc;
	if ((rc = set_str(&e->note, opt(a->note), err)))
		return rc;
	if (a->action == MC_ACT_CORRECT &&
	    ((rc = set_str(&e->field, a->field, err)) || (rc = set_str(&e->new_value, a->new_value, err)) ||
	     (rc = apply_correction(info, a->field, a->new_value, err))))
		return rc;
	return MC_OK;
}

/* The full name of the agency's person `login` ("" when unknown). */
static int staff_name(const mc_store_ctx *s, const char *login, char *out, size_t n, mc_error *err)
{
	PGresult *res = NULL;
	const char *p[] = { login };
	out[0] = '\0';
	int rc = mc_db_exec(s->db, "SELECT full_name FROM motcua.staff WHERE login = $1", 1, p, &res,
			    err);
	if (!rc && PQntuples(res) == 1)
		snprintf(out, n, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

static int act_in_tx(const mc_store_ctx *s, const char *code, int revision, const mc_act *a,
		     mc_dossier_info *out, mc_error *err)
{
	mc_dossier_info info;
	mc_time at;
	const char *old = NULL;
	char old_copy[MC_TEXT_ADDRESS_MAX * 4 + 1] = "";
	if (out)
		memset(out, 0, sizeof *out);
	int rc = write_moment(s, a->at, &at, err);
	if (rc)
		return rc;
	if ((rc = load(s, code, &info, err)))
		return rc;
	if (info.revision != info.d.events || (revision >= 0 && info.revision != revision)) {
		rc = changed_meanwhile(code, err);
		goto cleanup;
	}
	if ((rc = check_act(a, &info, &old, err)))
		goto cleanup;
	if (old)
		snprintf(old_copy, sizeof old_copy, "%s", old);
	mc_dossier after = info.d;
	if ((rc = mc_dossier_apply_to(&after, a->action, at, a->actor, a->note, opt(a->assignee), err))) {
		if (rc == MC_ERR_REFUSED)
			mc_error_prefix(err, MC_OK, "dossier '%s': ", code);
		goto cleanup;
	}
	row_vals r;
	derive_row(&after, &r);
	char rev[16], when[MC_MOMENT_MAX];
	snprintf(rev, sizeof rev, "%d", info.revision);
	mc_format_moment(when, sizeof when, at);
	int correct = a->action == MC_ACT_CORRECT;
	const char *p[APPEND_NPARAMS] = {
		s->cat->agency->id, code, rev, when, mc_action_name(a->action),
		a->actor ? a->actor : "", opt(a->note), r.state,
		r.in_step ? r.step_index : NULL, r.in_step ? r.step_id : NULL,
		r.in_step ? r.step_unit : NULL, r.in_step ? r.step_due : NULL, r.due_at,
		r.paused_since[0] ? r.paused_since : NULL, r.paused_ticks, r.supplements,
		r.finished[0] ? r.finished : NULL, r.closed[0] ? r.closed : NULL, r.result,
		correct ? a->field : NULL, correct && old ? old_copy : NULL,
		correct ? opt(a->new_value) : NULL, opt(s->backdate_reason), opt(a->assignee)
	};
	rc = mc_db_exec(s->db, append_sql, APPEND_NPARAMS, p, NULL, err);
	if (rc) {
		if (err && (!strcmp(err->sqlstate, "40001") || !strcmp(err->constraint, "dossier_event_pkey")))
			rc = changed_meanwhile(code, err);
		else
			rc = door_error(rc, err);
		goto cleanup;
	}
	if (out) {
		char from[32];
		snprintf(from, sizeof from, "%s", mc_dstate_name(info.d.state));
		if ((rc = view_after(&info, &after, a, at, from, &r, err)))
			goto cleanup;
		if (*after.assignee && !*info.assignee_name &&
		    (rc = staff_name(s, after.assignee, info.assignee_name, sizeof info.assignee_name, err)))
			goto cleanup;
		*out = info;
		return MC_OK;
	}
cleanup:
	mc_dossier_info_clear(&info);
	return rc;
}

int mc_store_act_in_tx(const mc_store_ctx *s, const char *code, const mc_act *a,
		       mc_dossier_info *out, mc_error *err)
{
	return act_in_tx(s, code, -1, a, out, err);
}

int mc_store_act_at_revision(const mc_store_ctx *s, const char *code, int revision,
			     const mc_act *a, mc_dossier_info *out, mc_error *err)
{
	return act_in_tx(s, code, revision, a, out, err);
}

int mc_store_act(const mc_store_ctx *s, const char *code, const mc_act *a, mc_dossier_info *out,
		 mc_error *err)
{
	int rc = mc_db_begin(s->db, err);
	if (rc)
		return rc;
	rc = mc_store_act_in_tx(s, code, a, out, err);
	if (!rc)
		rc = mc_db_commit(s->db, err);
	if (rc) {
		mc_db_rollback(s->db);
		if (out)
			mc_dossier_info_clear(out);
	}
	return rc;
}

int mc_store_dossier_verify(const mc_store_ctx *s, const char *code, int *legacy, mc_error *err)
{
	mc_dossier_info info;
	row_facts rf = { 0 };
	PGresult *res = NULL;
	int rc = load_full(s, code, &info, &rf, err);
	if (rc)
		return rc;
	if (legacy)
		*legacy = rf.legacy;
	/* the receipt's facts: the row against the log */
	char version[16], received[24];
	char *docs = mc_documents_join((const char *const *)info.documents, info.ndocuments);
	snprintf(version, sizeof version, "%d", info.procedure_version);
	snprintf(received, sizeof received, "%lld", (long long)info.d.received_at);
	struct { const char *col, *want; int legacy_too; } facts[] = {
		{ "procedure_code", info.procedure_code, 1 },
		{ "procedure_version", version, 1 },
		{ "channel", mc_channel_name(info.channel), 1 },
		{ "received_at", received, 1 },
		{ "applicant_name", info.applicant_name, 0 },
		{ "applicant_address", info.applicant_address, 0 },
		{ "applicant_phone", info.applicant_phone, 0 },
		{ "applicant_id_number", info.applicant_id_number, 0 },
		{ "applicant_email", info.applicant_email, 0 },
		{ "applicant_kind", info.applicant_kind, 0 },
		{ "delivery", info.delivery, 0 },
		{ "external_ref", info.external_ref, 0 },
		{ "idempotency_key", info.idempotency_key, 0 },
		{ "documents", docs, 0 },
		{ "appointment_manual", info.d.manual ? "t" : "f", 1 },
		{ "appointment_reason", info.appointment_reason, 1 },
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		if (rf.legacy && !facts[i].legacy_too)
			continue;
		const char *got = mc_db_get(rf.res, 0, facts[i].col);
		if (!same(got, facts[i].want)) {
			rc = mc_error_set(err, MC_ERR_INPUT,
					  "dossier '%s': column %s is '%s' but its log gives '%s'", code,
					  facts[i].col, got ? got : "", facts[i].want ? facts[i].want : "");
			goto cleanup;
		}
	}
	const char *p[] = { s->cat->agency->id, code };
	rc = mc_db_exec(s->db,
			"SELECT extract(epoch FROM due_at_receipt)::bigint AS due_at_receipt, "
			"extract(epoch FROM due_at)::bigint AS due_at, state, step_index::text AS step_index, "
			"step_id, step_unit, extract(epoch FROM step_due_at)::bigint::text AS step_due_at, "
			"extract(epoch FROM paused_since)::bigint::text AS paused_since, "
			"paused_ticks::text AS paused_ticks, supplement_count::text AS supplement_count, "
			"extract(epoch FROM finished_at)::bigint::text AS finished_at, "
			"extract(epoch FROM closed_at)::bigint::text AS closed_at, result, "
			"revision::text AS revision, assignee "
			"FROM motcua.dossier WHERE agency_id = $1 AND code = $2", 2, p, &res, err);
	if (rc)
		goto cleanup;
	row_vals r;
	derive_row(&info.d, &r);
	const mc_dossier *d = &info.d;
	char want[15][MC_ASSIGNEE_MAX];
	const char *cols[] = { "due_at_receipt", "due_at", "state", "step_index", "step_id",
			       "step_unit", "step_due_at", "paused_since", "paused_ticks",
			       "supplement_count", "finished_at", "closed_at", "result", "revision",
			       "assignee" };
	snprintf(want[0], sizeof want[0], "%lld", (long long)d->due_at_receipt);
	snprintf(want[1], sizeof want[1], "%lld", (long long)d->due_at);
	snprintf(want[2], sizeof want[2], "%s", r.state);
	snprintf(want[3], sizeof want[3], "%s", r.in_step ? r.step_index : "");
	snprintf(want[4], sizeof want[4], "%s", r.in_step ? r.step_id : "");
	snprintf(want[5], sizeof want[5], "%s", r.in_step ? r.step_unit : "");
	snprintf(want[6], sizeof want[6], "%lld", r.in_step ? (long long)d->steps[d->step].due : 0LL);
	snprintf(want[7], sizeof want[7], "%lld", (long long)d->pause_started);
	snprintf(want[8], sizeof want[8], "%s", r.paused_ticks);
	snprintf(want[9], sizeof want[9], "%s", r.supplements);
	snprintf(want[10], sizeof want[10], "%lld", (long long)d->finished_at);
	snprintf(want[11], sizeof want[11], "%lld", (long long)d->closed_at);
	snprintf(want[12], sizeof want[12], "%s", r.result ? r.result : "");
	snprintf(want[13], sizeof want[13], "%s", r.revision);
	snprintf(want[14], sizeof want[14], "%s", d->assignee);
	for (int i = 0; i < 15; i++) {
		const char *got = mc_db_get(res, 0, cols[i]);
		const char *g = got ? got : (i == 6 || i == 7 || i == 10 || i == 11) ? "0" : "";
		if (strcmp(g, want[i]) != 0) {
			rc = mc_error_set(err, MC_ERR_INPUT,
					  "dossier '%s': column %s is '%s' but its log gives '%s'",
					  code, cols[i], g, want[i]);
			break;
		}
	}
cleanup:
	free(docs);
	PQclear(res);
	PQclear(rf.res);
	mc_dossier_info_clear(&info);
	return rc;
}

int mc_store_find_ref(const mc_store_ctx *s, const char *ref, char *code, size_t n,
		      mc_error *err)
{
	PGresult *res = NULL;
	const char *p[] = { s->cat->agency->id, ref };
	int rc = mc_db_exec(s->db, "SELECT code FROM motcua.dossier WHERE agency_id = $1 "
			    "AND external_ref = $2", 2, p, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) != 1)
		rc = mc_error_set(err, MC_ERR_NOTFOUND, "no dossier imported as '%s'", ref);
	else
		snprintf(code, n, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* Recompute one open dossier's due moments through the door. */
static int recompute_one(const mc_store_ctx *s, const char *code, const char *fp, int *changed,
			 mc_error *err)
{
	mc_dossier_info info;
	PGresult *res = NULL;
	int rc = load(s, code, &info, err);
	if (rc)
		return rc;
	row_vals r;
	derive_row(&info.d, &r);
	char rev[16];
	snprintf(rev, sizeof rev, "%d", info.revision);
	const char *p[] = { s->cat->agency->id, code, rev, r.due_at_receipt, r.due_at,
			    r.in_step ? r.step_due : NULL, r.paused_ticks, r.result, fp };
	rc = mc_db_exec(s->db, "SELECT motcua.recompute_dossier($1, $2, $3::int, $4::timestamptz, "
			"$5::timestamptz, $6::timestamptz, $7::bigint, $8, $9)", 9, p, &res, err);
	if (!rc)
		*changed = !strcmp(PQgetvalue(res, 0, 0), "t");
	else
		rc = door_error(rc, err);
	PQclear(res);
	mc_dossier_info_clear(&info);
	return rc;
}

int mc_store_recompute(const mc_store_ctx *s, int force, mc_recompute_stats *st, mc_error *err)
{
	mc_recompute_stats local = { 0 };
	PGresult *res = NULL;
	char fp[24], last[MC_CODE_MAX] = "";
	snprintf(fp, sizeof fp, "%016llx", (unsigned long long)mc_calendar_fingerprint(s->cal));
	const char *p[] = { s->cat->agency->id, fp };
	int rc = mc_db_begin(s->db, err);
	if (rc)
		return rc;
	/* one recomputation at a time per agency (the nightly job and a person) */
	if ((rc = mc_db_exec(s->db, "SELECT pg_advisory_xact_lock(1919250544, hashtext($1))", 1, p,
			     NULL, err)) ||
	    (rc = mc_db_exec(s->db, "SELECT fingerprint FROM motcua.calendar_state WHERE agency_id = $1",
			     1, p, &res, err)))
		goto done;
	const char *stored = PQntuples(res) ? PQgetvalue(res, 0, 0) : NULL;
	local.first = !stored;
	local.unchanged = stored && !strcmp(stored, fp);
	PQclear(res);
	res = NULL;
	/* the first time, the rows were computed with this calendar (nothing
	 * older is known): record it; unchanged, there is nothing to do */
	if (!force && (local.first || local.unchanged))
		goto record;
	for (;;) {
		const char *q[] = { s->cat->agency->id, last };
		/* a day off announced now moves no due moment already past */
		if ((rc = mc_db_exec(s->db, "SELECT code FROM motcua.dossier WHERE agency_id = $1 "
				     "AND (result IS NULL OR due_at > now()) AND code > $2 "
				     "ORDER BY code LIMIT " MC_DB_PAGE_SQL,
				     2, q, &res, err)))
			goto done;
		int n = PQntuples(res);
		for (int i = 0; i < n && !rc; i++) {
			int changed = 0;
			rc = recompute_one(s, PQgetvalue(res, i, 0), fp, &changed, err);
			local.open++;
			local.changed += changed;
		}
		if (n)
			snprintf(last, sizeof last, "%s", PQgetvalue(res, n - 1, 0));
		PQclear(res);
		res = NULL;
		if (rc)
			goto done;
		if (n < MC_DB_PAGE)
			break;
	}
record:
	rc = mc_db_exec(s->db, "SELECT motcua.calendar_applied($1, $2)", 2, p, NULL, err);
	if (rc)
		rc = door_error(rc, err);
done:
	if (!rc)
		rc = mc_db_commit(s->db, err);
	if (rc)
		mc_db_rollback(s->db);
	else if (st)
		*st = local;
	return rc;
}
