/*
 * dossier_render.c - receipts, dossiers, actions, apologies and work
 * queues as text, CSV and JSON (see dossier_render.h).
 */
#include "dossier_render.h"

#include <stdio.h>
#include <string.h>

/* The register entry (migration 0024): {"book": 2026, "number": 153}, or
 * null for a dossier not entered (an import). */
static json_t *register_json(const mc_dossier_info *info)
{
	if (!info->register_no)
		return json_null();
	json_t *r = json_object();
	mc_json_set(r, "book", json_integer(info->register_year));
	mc_json_set(r, "number", json_integer(info->register_no));
	return r;
}

void mc_render_receipt_json(const mc_dossier_info *info, int existed, mc_buf *out)
{
	json_t *o = json_object();
	mc_json_set(o, "code", mc_json_text(info->code));
	mc_json_set(o, "existed", json_boolean(existed));
	mc_json_set(o, "received_at", mc_json_moment(info->d.received_at));
	mc_json_set(o, "due_at", mc_json_moment(info->d.due_at));
	mc_json_set(o, "version", json_integer(info->procedure_version));
	if (info->d.manual)         /* set by hand (0022): said only then */
		mc_json_set(o, "appointment_reason", mc_json_text(info->appointment_reason));
	mc_json_set(o, "register", register_json(info));
	mc_json_dump(o, out);
	mc_buf_add(out, "\n");
	json_decref(o);
}

void mc_render_dossier_json(const mc_dossier_info *info, mc_time now, mc_buf *out)
{
	const mc_dossier *d = &info->d;
	json_t *o = json_object(), *steps = json_array();
	mc_json_set(o, "code", mc_json_text(info->code));
	mc_json_set(o, "procedure", mc_json_text(info->procedure_code));
	mc_json_set(o, "version", json_integer(info->procedure_version));
	mc_json_set(o, "channel", mc_json_text(mc_channel_name(info->channel)));
	mc_json_set(o, "applicant", mc_json_text(info->applicant_name));
	mc_json_set(o, "register", register_json(info));
	/* the receipt's further facts (0016), when said */
	if (info->applicant_email)
		mc_json_set(o, "applicant_email", mc_json_text(info->applicant_email));
	if (info->applicant_kind[0])
		mc_json_set(o, "applicant_kind", mc_json_text(info->applicant_kind));
	if (info->delivery[0])
		mc_json_set(o, "delivery", mc_json_text(info->delivery));
	/* the documents received (0019), when recorded */
	if (info->ndocuments) {
		json_t *docs = json_array();
		for (size_t i = 0; i < info->ndocuments; i++)
			json_array_append_new(docs, mc_json_text(info->documents[i]));
		mc_json_set(o, "documents", docs);
	}
	mc_json_set(o, "state", mc_json_text(mc_dstate_name(d->state)));
	mc_json_set(o, "status", mc_json_text(mc_status_name(mc_dossier_status(d, now))));
	mc_json_set(o, "received_at", mc_json_moment(d->received_at));
	mc_json_set(o, "due_at_receipt", mc_json_moment(d->due_at_receipt));
	mc_json_set(o, "due_at", mc_json_moment(d->due_at));
	if (d->manual) {            /* set by hand (0022): said only then */
		mc_json_set(o, "appointment_manual", json_true());
		mc_json_set(o, "appointment_reason", mc_json_text(info->appointment_reason));
	}
	if (*d->assignee) {         /* the step's holder (0020): said only then */
		mc_json_set(o, "assignee", mc_json_text(d->assignee));
		mc_json_set(o, "assignee_name", *info->assignee_name ? mc_json_text(info->assignee_name)
								   : json_null());
	}
	mc_json_set(o, "finished_at", mc_json_moment(d->finished_at));
	mc_json_set(o, "closed_at", mc_json_moment(d->closed_at));
	mc_json_set(o, "supplement_count", json_integer(d->supplement_count));
	for (int k = 0; k < d->nsteps; k++) {
		const mc_step_run *r = &d->steps[k];
		json_t *s = json_object();
		mc_json_set(s, "id", mc_json_text(d->version->steps[k].id));
		mc_json_set(s, "unit", mc_json_text(d->version->steps[k].unit));
		mc_json_set(s, "started", mc_json_moment(r->started));
		mc_json_set(s, "due", mc_json_moment(r->started ? r->due : 0));
		mc_json_set(s, "finished", mc_json_moment(r->finished));
		int ss = mc_dossier_step_status(d, k, now);
		mc_json_set(s, "status", ss < 0 ? json_null() : mc_json_text(mc_status_name((mc_status)ss)));
		json_array_append_new(steps, s);
	}
	mc_json_set(o, "steps", steps);
	mc_json_set(o, "events", json_integer((json_int_t)info->nevents));
	mc_json_dump(o, out);
	mc_buf_add(out, "\n");
	json_decref(o);
}

void mc_render_act(const mc_dossier_info *info, mc_action a, mc_time at, mc_out_format fmt,
		   mc_buf *out)
{
	char where[200], due[MC_MOMENT_MAX];
	mc_status st = mc_dossier_status(&info->d, at);
	mc_dossier_describe_state(&info->d, where, sizeof where);
	if (fmt == MC_OUT_JSON) {
		json_t *o = json_object();
		mc_json_set(o, "code", mc_json_text(info->code));
		mc_json_set(o, "action", mc_json_text(mc_action_name(a)));
		mc_json_set(o, "state", mc_json_text(mc_dstate_name(info->d.state)));
		mc_json_set(o, "where", mc_json_text(where));
		mc_json_set(o, "step", info->d.state < MC_DS_RESULT_READY
			    ? mc_json_text(info->d.version->steps[info->d.step].id) : json_null());
		mc_json_set(o, "due_at", mc_json_moment(info->d.due_at));
		mc_json_set(o, "status", mc_json_text(mc_status_name(st)));
		mc_json_set(o, "at", mc_json_moment(at));
		mc_json_dump(o, out);
		mc_buf_add(out, "\n");
		json_decref(o);
		return;
	}
	mc_format_moment(due, sizeof due, info->d.due_at);
	mc_buf_addf(out, "%s: %s -> %s; due %s; %s\n", info->code, mc_action_name(a), where, due,
		    mc_status_vn(st));
}

json_t *mc_apology_json(const mc_dossier_info *info, const mc_apology *a, const char *reason)
{
	json_t *o = json_object();
	mc_json_set(o, "code", mc_json_text(info->code));
	mc_json_set(o, "issued", json_boolean(a->number != 0));
	mc_json_set(o, "number", a->number ? json_integer(a->number) : json_null());
	mc_json_set(o, "year", a->number ? json_integer(a->year) : json_null());
	mc_json_set(o, "issued_at", mc_json_moment(a->issued_at));
	mc_json_set(o, "original_due", mc_json_moment(a->original_due));
	mc_json_set(o, "new_appointment", mc_json_moment(a->new_appointment));
	mc_json_set(o, "deadline", mc_json_moment(a->deadline));
	mc_json_set(o, "late", json_boolean(a->late));
	mc_json_set(o, "forced", json_boolean(a->forced));
	mc_json_set(o, "reason", mc_json_text(reason));
	return o;
}

/* "2024-03-04T09:00", Vietnam's time; "" for 0. */
static void minute(char *buf, size_t n, mc_time t)
{
	if (!t) {
		snprintf(buf, n, "%s", "");
		return;
	}
	char d[16];
	int32_t s = mc_time_secs(t);
	mc_format_date(d, sizeof d, mc_time_day(t));
	snprintf(buf, n, "%sT%02d:%02d", d, s / 3600, s / 60 % 60);
}

static const mc_column queue_cols[] = {
	{ "code", MC_COL_TEXT, 0, NULL },
	{ "procedure", MC_COL_TEXT, 0, NULL },
	{ "channel", MC_COL_TEXT, 0, NULL },
	{ "state", MC_COL_TEXT, 0, NULL },
	{ "step_id", MC_COL_TEXT, 0, "step" },
	{ "step_unit", MC_COL_TEXT, 0, "unit" },
	{ "received", MC_COL_TEXT, 0, "received_at" },
	{ "due", MC_COL_TEXT, 0, "due_at" },
	{ "step_due", MC_COL_TEXT, 0, "step_due_at" },
	{ "result", MC_COL_TEXT, 0, NULL },
	{ "overdue", MC_COL_BOOL, 0, NULL },
};
#define QUEUE_NCOLS (sizeof queue_cols / sizeof queue_cols[0])

void mc_render_queue(const mc_queue_item *items, size_t n, mc_out_format fmt, mc_buf *out)
{
	if (fmt == MC_OUT_TEXT) {
		for (size_t i = 0; i < n; i++) {
			char due[24];
			minute(due, sizeof due, items[i].due_at);
			mc_buf_addf(out, "%-26s %-12s %-20s %-12s %-10s hạn %s%s\n", items[i].code,
				    items[i].procedure_code, items[i].state, items[i].step_id,
				    items[i].step_unit, due, items[i].overdue ? "  QUÁ HẠN" : "");
		}
		mc_buf_addf(out, "%zu hồ sơ\n", n);
		return;
	}
	mc_table t;
	mc_table_init(&t, queue_cols, QUEUE_NCOLS);
	for (size_t i = 0; i < n; i++) {
		const mc_queue_item *q = &items[i];
		char rec[24], due[24], sdue[24];
		minute(rec, sizeof rec, q->received_at);
		minute(due, sizeof due, q->due_at);
		minute(sdue, sizeof sdue, q->step_due_at);
		mc_cell row[QUEUE_NCOLS] = {
			mc_cell_text(q->code), mc_cell_text(q->procedure_code), mc_cell_text(q->channel),
			mc_cell_text(q->state), mc_cell_text(q->step_id), mc_cell_text(q->step_unit),
			mc_cell_text(rec), mc_cell_text(due), mc_cell_text(sdue), mc_cell_text(q->result),
			mc_cell_bool(q->overdue),
		};
		mc_table_add(&t, row);
	}
	if (fmt == MC_OUT_CSV) {
		mc_table_csv(&t, out);
	} else {
		json_t *a = mc_table_json(&t);
		mc_json_dump(a, out);
		mc_buf_add(out, "\n");
		json_decref(a);
	}
	if (t.failed)
		out->failed = 1;
	mc_table_free(&t);
}
