/*
 * store_dossier.c - dossiers and their event log (see store_dossier.h).
 */
#include "store_dossier.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	    d->state == MC_DS_RETURNED_UNPROCESSED)
		r->result = mc_status_name(mc_dossier_status(d, d->last_at));
}

static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

static int insert_event(const mc_store_ctx *s, const char *code, const mc_dossier *before,
			const mc_dossier *after, mc_action a, mc_time at, const char *actor,
			const char *note, const char *data, mc_error *err)
{
	char seq[16], when[MC_MOMENT_MAX];
	snprintf(seq, sizeof seq, "%d", after->events);
	mc_format_moment(when, sizeof when, at);
	row_vals r;
	derive_row(after, &r);
	const char *p[] = {
		s->cat->agency->id, code, seq, when, mc_action_name(a), actor ? actor : "",
		opt(note), before ? mc_dstate_name(before->state) : NULL, r.state,
		r.in_step ? r.step_id : NULL, data
	};
	return mc_db_exec(s->db,
			  "INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, actor, note, "
			  "from_state, to_state, step_id, data) "
			  "VALUES ($1, $2, $3::int, $4::timestamptz, $5, $6, $7, $8, $9, $10, $11::jsonb)",
			  11, p, NULL, err);
}

static int find_idempotent(const mc_store_ctx *s, const char *key, char *code, size_t n,
			   int *found, mc_error *err)
{
	PGresult *res = NULL;
	const char *p[] = { s->cat->agency->id, key };
	*found = 0;
	int rc = mc_db_exec(s->db, "SELECT code FROM motcua.dossier WHERE agency_id = $1 "
			    "AND idempotency_key = $2", 2, p, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) == 1) {
		snprintf(code, n, "%s", PQgetvalue(res, 0, 0));
		*found = 1;
	}
	PQclear(res);
	return MC_OK;
}

/* A receipt checked and computed, ready to be written: the dossier row's
 * values and the receive event's data, as text parameters. */
typedef struct prepared {
	const mc_procedure *p;
	const mc_version *v;
	char date[16], prefix[96], version[16], received[MC_MOMENT_MAX];
	row_vals rv;
	mc_buf data;
} prepared;

static int prepare(const mc_store_ctx *s, const mc_receipt *r, prepared *pr, mc_error *err)
{
	memset(pr, 0, sizeof *pr);
	if (!r->applicant || !*r->applicant)
		return mc_error_set(err, MC_ERR_USAGE, "the applicant's name is required");
	if (!r->channel || (strcmp(r->channel, "in_person") && strcmp(r->channel, "post") &&
			    strcmp(r->channel, "online")))
		return mc_error_set(err, MC_ERR_USAGE,
				    "unknown channel '%s' (expected in_person, post or online)",
				    r->channel ? r->channel : "");
	const mc_procedure *p = mc_catalog_find(s->cat, r->procedure);
	if (!p) {
		mc_error_set(err, MC_ERR_NOTFOUND, "no procedure '%s' in the catalogue", r->procedure);
		mc_error_hint(err, "'motcua catalog list' shows the codes");
		return MC_ERR_NOTFOUND;
	}
	int32_t day = mc_time_day(r->at);
	const mc_version *v = mc_catalog_version_at(p, day);
	if (!v) {
		char d[16];
		mc_format_date(d, sizeof d, day);
		return mc_error_set(err, MC_ERR_REFUSED, "procedure '%s' has no version in force on %s",
				    p->code, d);
	}
	if (!strcmp(r->channel, "online") && !(p->channels & MC_CHANNEL_ONLINE))
		return mc_error_set(err, MC_ERR_REFUSED, "procedure '%s' is not offered online", p->code);
	mc_dossier d;
	int rc = mc_dossier_receive(&d, v, s->cal, r->at, r->actor, err);
	if (rc)
		return rc;
	pr->p = p;
	pr->v = v;
	char yymmdd[8];
	int y, m, dd;
	mc_format_date(pr->date, sizeof pr->date, day);
	mc_civil_from_days(day, &y, &m, &dd);
	snprintf(yymmdd, sizeof yymmdd, "%02d%02d%02d", y % 100, m, dd);
	snprintf(pr->prefix, sizeof pr->prefix, "%s-%s-", s->cat->agency->code, yymmdd);
	derive_row(&d, &pr->rv);
	snprintf(pr->version, sizeof pr->version, "%d", v->number);
	mc_format_moment(pr->received, sizeof pr->received, r->at);
	mc_buf_add(&pr->data, "{\"procedure\":");
	mc_buf_json_str(&pr->data, p->code);
	mc_buf_addf(&pr->data, ",\"version\":%d,\"channel\":", v->number);
	mc_buf_json_str(&pr->data, r->channel);
	mc_buf_add(&pr->data, "}");
	if (mc_buf_failed(&pr->data)) {
		mc_buf_free(&pr->data);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	return MC_OK;
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
	if (!strcmp(err->sqlstate, "23514"))
		return mc_error_set(err, MC_ERR_REFUSED, "9999 dossiers were already received on %s",
				    pr->date);
	if (!strcmp(err->constraint, "dossier_external_ref"))
		return mc_error_set(err, MC_ERR_REFUSED, "dossier '%s' was already imported",
				    r->external_ref);
	return rc;
}

/*
 * A receipt is one statement: it takes the day's next number, writes the
 * dossier row and its receive event. The counter row's lock serialises
 * concurrent writers until commit, and a rolled-back receipt gives its
 * number back, so codes are unique and gap-free. RECEIVE_COUNTER_SOURCE is
 * where the counter's increment comes from (see receive_async_sql).
 */
#define RECEIVE_SQL(COUNTER_SOURCE) \
	"WITH c AS (INSERT INTO motcua.dossier_counter (agency_id, day, last) " \
	COUNTER_SOURCE " ON CONFLICT (agency_id, day) " \
	"DO UPDATE SET last = dossier_counter.last + 1 RETURNING last), " \
	"d AS (INSERT INTO motcua.dossier (agency_id, code, procedure_code, procedure_version, " \
	"channel, applicant_name, applicant_address, applicant_phone, applicant_id_number, " \
	"external_ref, idempotency_key, received_at, due_at_receipt, due_at, state, " \
	"step_index, step_id, step_unit, step_due_at, paused_ticks, supplement_count, revision) " \
	"SELECT $1, $3 || lpad(c.last::text, 4, '0'), $4, $5::int, $6, $7, $8, $9, $10, $11, $12, " \
	"$13::timestamptz, $14::timestamptz, $15::timestamptz, $16, $17::int, $18, $19, " \
	"$20::timestamptz, $21::bigint, $22::int, $23::int FROM c RETURNING code) " \
	"INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, actor, to_state, " \
	"step_id, data) SELECT $1, d.code, 1, $13::timestamptz, 'receive', $24, $16, $18, " \
	"$25::jsonb FROM d RETURNING code"

/* Procedure versions are never deleted while a dossier uses them (catalog
 * load locks the dossiers to check), so a plain lookup does what a foreign
 * key would, without locking the version's row: a foreign key's lock is a
 * write to that row for every receipt, and every clerk writes the same few. */
#define VERSION_EXISTS "EXISTS (SELECT 1 FROM motcua.procedure_version pv " \
	"WHERE pv.agency_id = $1 AND pv.code = $4 AND pv.version = $5::int)"

static const char receive_sql[] = RECEIVE_SQL("SELECT $1, $2::date, 1 WHERE " VERSION_EXISTS);

/*
 * The same, committed without waiting for its WAL flush (synchronous_commit
 * off for this transaction only), so the day's counter is held for the
 * statement alone and not for a disk flush: with one flush per receipt under
 * the lock, a desk's receipts would queue one flush apiece. It is followed
 * by durable_sql, a transaction that commits with a flush. WAL is
 * sequential, so that flush makes the receipt durable, and with it every
 * receipt numbered before it (they hold earlier numbers: each took the
 * counter after the one before had committed). A crash before the flush
 * loses the last receipts of the day, none of which a clerk was told, and
 * no later one: the numbers stay gap-free and none printed is ever reused.
 */
static const char receive_async_sql[] =
	RECEIVE_SQL("SELECT $1, $2::date, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async "
		    "WHERE " VERSION_EXISTS);

/* A transaction commits with a WAL flush (synchronous_commit on) only if it
 * wrote WAL itself: a transactional logical-decoding message is the
 * smallest write there is (it needs no table and no privilege). */
static const char durable_sql[] = "SELECT pg_logical_emit_message(true, 'motcua', 'receipt flushed')";

static void receive_params(const mc_store_ctx *s, const mc_receipt *r, const prepared *pr,
			   const char *ip[25])
{
	const row_vals *rv = &pr->rv;
	const char *v[25] = {
		s->cat->agency->id, pr->date, pr->prefix, pr->p->code, pr->version, r->channel, r->applicant,
		opt(r->address), opt(r->phone), opt(r->id_number), opt(r->external_ref),
		opt(r->idempotency_key), pr->received, rv->due_at_receipt, rv->due_at, rv->state,
		rv->in_step ? rv->step_index : NULL, rv->in_step ? rv->step_id : NULL,
		rv->in_step ? rv->step_unit : NULL, rv->in_step ? rv->step_due : NULL,
		rv->paused_ticks, rv->supplements, rv->revision, r->actor ? r->actor : "",
		mc_buf_str(&pr->data)
	};
	memcpy(ip, v, sizeof v);
}

/*
 * A receipt, written inside the caller's transaction (alone = 0: the one
 * statement) or on its own (alone = 1: one round trip of two transactions,
 * the receipt without waiting for the disk, then the flush; see
 * receive_async_sql).
 */
static int receive(const mc_store_ctx *s, const mc_receipt *r, int alone, char *code, size_t n,
		   int *existed, mc_error *err)
{
	*existed = 0;
	prepared pr;
	int rc = prepare(s, r, &pr, err);
	if (rc)
		return rc;
	if (r->idempotency_key &&
	    ((rc = find_idempotent(s, r->idempotency_key, code, n, existed, err)) || *existed)) {
		mc_buf_free(&pr.data);
		return rc;
	}
	const char *ip[25];
	receive_params(s, r, &pr, ip);
	PGresult *res = NULL;
	int written;                 /* the receipt statement's own outcome */
	if (alone) {
		mc_db_stmt st[] = {
			{ .name = "mc_receive", .sql = receive_async_sql, .nparams = 25, .params = ip,
			  .sync_after = 1 },
			{ .name = "mc_durable", .sql = durable_sql, .sync_after = 1 },
		};
		rc = mc_db_pipeline(s->db, st, 2, err);
		written = st[0].rc;
		res = st[0].res;
		PQclear(st[1].res);
	} else {
		written = rc = mc_db_exec(s->db, receive_sql, 25, ip, &res, err);
	}
	if (written != MC_OK) {
		rc = receipt_error(&pr, r, written, err);
	} else if (PQntuples(res) != 1) {
		rc = version_missing(&pr, err);
	} else {
		snprintf(code, n, "%s", PQgetvalue(res, 0, 0));
		if (rc) {      /* recorded, but whether it reached the disk is unknown */
			mc_error_prefix(err, MC_OK, "dossier %s was recorded but not confirmed on disk: ",
					code);
			mc_error_hint(err, "check with 'motcua show %s'", code);
		}
	}
	PQclear(res);
	mc_buf_free(&pr.data);
	return rc;
}

int mc_store_receive_in_tx(const mc_store_ctx *s, const mc_receipt *r, char *code,
			   size_t n, int *existed, mc_error *err)
{
	return receive(s, r, 0, code, n, existed, err);
}

int mc_store_receive(const mc_store_ctx *s, const mc_receipt *r, char *code, size_t n,
		     int *existed, mc_error *err)
{
	for (int attempt = 0;; attempt++) {
		int rc = receive(s, r, 1, code, n, existed, err);
		/* two retries of one receipt raced: the loser returns the winner's */
		if (rc == MC_ERR_DB && err && !strcmp(err->constraint, "dossier_idempotency_key") &&
		    attempt == 0)
			continue;
		return rc;
	}
}

static char *dup_opt(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Load the row (optionally FOR UPDATE is not needed: the revision check
 * catches concurrent writers) and the log, and replay it. */
static int load(const mc_store_ctx *s, const char *code, mc_dossier_info *out, mc_error *err)
{
	PGresult *res = NULL, *ev = NULL;
	mc_dossier_info info;
	memset(&info, 0, sizeof info);
	const char *p[] = { s->cat->agency->id, code };
	int rc = mc_db_exec(s->db,
			    "SELECT code, procedure_code, procedure_version, channel, applicant_name, "
			    "applicant_address, applicant_phone, applicant_id_number, external_ref, revision "
			    "FROM motcua.dossier WHERE agency_id = $1 AND code = $2", 2, p, &res, err);
	if (rc)
		return rc;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return mc_error_set(err, MC_ERR_NOTFOUND, "no dossier '%s'", code);
	}
	snprintf(info.code, sizeof info.code, "%s", mc_db_get(res, 0, "code"));
	snprintf(info.procedure_code, sizeof info.procedure_code, "%s",
		 mc_db_get(res, 0, "procedure_code"));
	info.procedure_version = atoi(mc_db_get(res, 0, "procedure_version"));
	snprintf(info.channel, sizeof info.channel, "%s", mc_db_get(res, 0, "channel"));
	info.applicant_name = dup_opt(mc_db_get(res, 0, "applicant_name"));
	info.applicant_address = dup_opt(mc_db_get(res, 0, "applicant_address"));
	info.applicant_phone = dup_opt(mc_db_get(res, 0, "applicant_phone"));
	info.applicant_id_number = dup_opt(mc_db_get(res, 0, "applicant_id_number"));
	info.external_ref = dup_opt(mc_db_get(res, 0, "external_ref"));
	info.revision = atoi(mc_db_get(res, 0, "revision"));
	PQclear(res);
	info.procedure = mc_catalog_find(s->cat, info.procedure_code);
	if (!info.procedure || info.procedure_version < 1 ||
	    (size_t)info.procedure_version > info.procedure->nversions) {
		rc = mc_error_set(err, MC_ERR_INTERNAL,
				  "dossier '%s' was received under procedure '%s' version %d, which the catalogue no longer has",
				  code, info.procedure_code, info.procedure_version);
		goto fail;
	}
	const mc_version *v = &info.procedure->versions[info.procedure_version - 1];
	rc = mc_db_exec(s->db,
			"SELECT seq, extract(epoch FROM at)::bigint AS at, action, actor, note, "
			"coalesce(from_state, '') AS from_state, to_state, coalesce(step_id, '') AS step_id "
			"FROM motcua.dossier_event WHERE agency_id = $1 AND code = $2 ORDER BY seq",
			2, p, &ev, err);
	if (rc)
		goto fail;
	int nev = PQntuples(ev);
	info.events = calloc(nev ? (size_t)nev : 1, sizeof *info.events);
	if (!info.events) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto fail;
	}
	for (int i = 0; i < nev; i++) {
		mc_event *e = &info.events[i];
		e->seq = atoi(mc_db_get(ev, i, "seq"));
		e->at = (mc_time)atoll(mc_db_get(ev, i, "at"));
		snprintf(e->action, sizeof e->action, "%s", mc_db_get(ev, i, "action"));
		snprintf(e->actor, sizeof e->actor, "%s", mc_db_get(ev, i, "actor"));
		snprintf(e->from_state, sizeof e->from_state, "%s", mc_db_get(ev, i, "from_state"));
		snprintf(e->to_state, sizeof e->to_state, "%s", mc_db_get(ev, i, "to_state"));
		snprintf(e->step_id, sizeof e->step_id, "%s", mc_db_get(ev, i, "step_id"));
		e->note = dup_opt(mc_db_get(ev, i, "note"));
		info.nevents++;
		mc_action a;
		if (mc_action_parse(e->action, &a)) {
			rc = mc_error_set(err, MC_ERR_INTERNAL, "dossier '%s' event %d: unknown action '%s'",
					  code, e->seq, e->action);
			goto fail;
		}
		if (i == 0)
			rc = a == MC_ACT_RECEIVE ? mc_dossier_receive(&info.d, v, s->cal, e->at, e->actor, err)
				: mc_error_set(err, MC_ERR_INTERNAL, "dossier '%s' log does not start with receive", code);
		else
			rc = mc_dossier_apply(&info.d, a, e->at, e->actor, e->note, err);
		if (rc) {
			rc = mc_error_prefix(err, MC_ERR_INTERNAL, "dossier '%s' event %d does not replay: ",
					     code, e->seq);
			goto fail;
		}
	}
	if (nev == 0) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "dossier '%s' has no events", code);
		goto fail;
	}
	PQclear(ev);
	*out = info;
	return MC_OK;
fail:
	PQclear(ev);
	mc_dossier_info_clear(&info);
	return rc;
}

int mc_store_dossier_get(const mc_store_ctx *s, const char *code, mc_dossier_info *out,
			 mc_error *err)
{
	return load(s, code, out, err);
}

int mc_store_act_in_tx(const mc_store_ctx *s, const char *code, mc_action a, mc_time at,
		       const char *actor, const char *note, mc_error *err)
{
	mc_dossier_info info;
	int rc = load(s, code, &info, err);
	if (rc)
		return rc;
	if (info.revision != info.d.events) {
		mc_dossier_info_clear(&info);
		return mc_error_set(err, MC_ERR_CONFLICT, "dossier '%s' changed while it was read; retry",
				    code);
	}
	mc_dossier before = info.d, after = info.d;
	if ((rc = mc_dossier_apply(&after, a, at, actor, note, err))) {
		if (rc == MC_ERR_REFUSED)
			mc_error_prefix(err, MC_OK, "dossier '%s': ", code);
		goto cleanup;
	}
	row_vals r;
	derive_row(&after, &r);
	char old_rev[16];
	snprintf(old_rev, sizeof old_rev, "%d", info.revision);
	const char *p[] = {
		s->cat->agency->id, code, old_rev, r.due_at, r.state,
		r.in_step ? r.step_index : NULL, r.in_step ? r.step_id : NULL,
		r.in_step ? r.step_unit : NULL, r.in_step ? r.step_due : NULL,
		r.paused_since[0] ? r.paused_since : NULL, r.paused_ticks, r.supplements,
		r.finished[0] ? r.finished : NULL, r.closed[0] ? r.closed : NULL, r.result, r.revision
	};
	PGresult *res = NULL;
	rc = mc_db_exec(s->db,
			"UPDATE motcua.dossier SET due_at = $4::timestamptz, state = $5, step_index = $6::int, "
			"step_id = $7, step_unit = $8, step_due_at = $9::timestamptz, "
			"paused_since = $10::timestamptz, paused_ticks = $11::bigint, "
			"supplement_count = $12::int, finished_at = $13::timestamptz, "
			"closed_at = $14::timestamptz, result = $15, revision = $16::int "
			"WHERE agency_id = $1 AND code = $2 AND revision = $3::int",
			16, p, &res, err);
	if (rc)
		goto cleanup;
	int updated = atoi(PQcmdTuples(res));
	PQclear(res);
	if (updated != 1) {
		rc = mc_error_set(err, MC_ERR_CONFLICT,
				  "dossier '%s' was changed by someone else meanwhile; nothing was done", code);
		mc_error_hint(err, "look at it again ('motcua show %s') and retry", code);
		goto cleanup;
	}
	rc = insert_event(s, code, &before, &after, a, at, actor, note, NULL, err);
	if (rc && err && !strcmp(err->constraint, "dossier_event_pkey"))
		rc = mc_error_set(err, MC_ERR_CONFLICT,
				  "dossier '%s' was changed by someone else meanwhile; nothing was done", code);
cleanup:
	mc_dossier_info_clear(&info);
	return rc;
}

int mc_store_act(const mc_store_ctx *s, const char *code, mc_action a, mc_time at,
		 const char *actor, const char *note, mc_error *err)
{
	int rc = mc_db_begin(s->db, err);
	if (rc)
		return rc;
	rc = mc_store_act_in_tx(s, code, a, at, actor, note, err);
	if (!rc)
		rc = mc_db_commit(s->db, err);
	if (rc)
		mc_db_rollback(s->db);
	return rc;
}

int mc_store_dossier_verify(const mc_store_ctx *s, const char *code, mc_error *err)
{
	mc_dossier_info info;
	PGresult *res = NULL;
	int rc = load(s, code, &info, err);
	if (rc)
		return rc;
	const char *p[] = { s->cat->agency->id, code };
	rc = mc_db_exec(s->db,
			"SELECT extract(epoch FROM due_at_receipt)::bigint AS due_at_receipt, "
			"extract(epoch FROM due_at)::bigint AS due_at, state, step_index::text AS step_index, "
			"step_id, step_unit, extract(epoch FROM step_due_at)::bigint::text AS step_due_at, "
			"extract(epoch FROM paused_since)::bigint::text AS paused_since, "
			"paused_ticks::text AS paused_ticks, supplement_count::text AS supplement_count, "
			"extract(epoch FROM finished_at)::bigint::text AS finished_at, "
			"extract(epoch FROM closed_at)::bigint::text AS closed_at, result, "
			"revision::text AS revision "
			"FROM motcua.dossier WHERE agency_id = $1 AND code = $2", 2, p, &res, err);
	if (rc)
		goto cleanup;
	row_vals r;
	derive_row(&info.d, &r);
	const mc_dossier *d = &info.d;
	char want[14][48];
	const char *cols[] = { "due_at_receipt", "due_at", "state", "step_index", "step_id",
			       "step_unit", "step_due_at", "paused_since", "paused_ticks",
			       "supplement_count", "finished_at", "closed_at", "result", "revision" };
	snprintf(want[0], 48, "%lld", (long long)d->due_at_receipt);
	snprintf(want[1], 48, "%lld", (long long)d->due_at);
	snprintf(want[2], 48, "%s", r.state);
	snprintf(want[3], 48, "%s", r.in_step ? r.step_index : "");
	snprintf(want[4], 48, "%s", r.in_step ? r.step_id : "");
	snprintf(want[5], 48, "%s", r.in_step ? r.step_unit : "");
	snprintf(want[6], 48, "%lld", r.in_step ? (long long)d->steps[d->step].due : 0LL);
	snprintf(want[7], 48, "%lld", (long long)d->pause_started);
	snprintf(want[8], 48, "%s", r.paused_ticks);
	snprintf(want[9], 48, "%s", r.supplements);
	snprintf(want[10], 48, "%lld", (long long)d->finished_at);
	snprintf(want[11], 48, "%lld", (long long)d->closed_at);
	snprintf(want[12], 48, "%s", r.result ? r.result : "");
	snprintf(want[13], 48, "%s", r.revision);
	for (int i = 0; i < 14; i++) {
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
	PQclear(res);
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
