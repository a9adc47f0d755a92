/*
 * api_office.c - the office's routes: GET /api/v1/alerts?night=DATE (the
 * alerts the nightly job recorded), GET /api/v1/apologies?pending=1 (the
 * letters due, as drafts), POST /api/v1/apologies (issue one: the office
 * only, and the database's door says the same), GET /api/v1/reports
 * ?from=&to= (JSON, CSV or HTML by `format=` or Accept), and GET
 * /api/v1/dossiers/{code}/control-slip.pdf (Phiếu kiểm soát).
 *
 * Each runs in the request's transaction as the logged-in user (server.c).
 */
#include "api.h"
#include "apology.h"
#include "civil.h"
#include "dossier_render.h"
#include "json_out.h"
#include "nightly.h"
#include "report.h"
#include "register_render.h"
#include "register_store.h"
#include "report_render.h"
#include "roles.h"
#include "xlsx_out.h"
#include "slip.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* At most this many alerts in one reply (a night of the whole province
 * is for the CSV of `motcua nightly`, not a page). */
#define ALERTS_MAX 20000

static int date_param(mc_request *rq, const char *name, int required, int32_t *day)
{
	const char *s = mc_rq_query(rq, name);
	mc_error err;
	if (!s || !*s) {
		if (required) {
			char d[80];
			snprintf(d, sizeof d, "'%s' (YYYY-MM-DD) is required", name);
			mc_reply_problem(&rq->reply, 422, "invalid_field", d, name, NULL);
			return -1;
		}
		*day = mc_time_day((mc_time)time(NULL));
		return 0;
	}
	if (mc_parse_date(s, day, &err)) {
		mc_reply_problem(&rq->reply, 422, "invalid_field", err.message, name, NULL);
		return -1;
	}
	return 0;
}

/* ---- alerts ------------------------------------------------------------ */

typedef struct alerts_acc {
	json_t *arr;
	long n;
	const mc_calendar *cal;
} alerts_acc;

static void on_alert(const mc_alert *a, void *arg)
{
	alerts_acc *acc = arg;
	if (acc->n++ >= ALERTS_MAX)
		return;
	json_t *o = json_object();
	mc_json_set(o, "code", mc_json_text(a->code));
	mc_json_set(o, "kind", mc_json_text(a->kind));
	mc_json_set(o, "scope", mc_json_text(a->scope));
	mc_json_set(o, "unit", mc_json_text(a->unit));
	mc_json_set(o, "due_at", mc_json_moment(a->due_at));
	mc_json_set(o, "apology_deadline",
		    a->apology_deadline ? mc_json_moment(a->apology_deadline) : json_null());
	mc_json_set(o, "late_working_days", mc_json_fixed((double)a->late_ticks / MC_TICKS_PER_DAY, 2));
	json_array_append_new(acc->arr, o);
}

void mc_api_alerts(mc_request *rq)
{
	int32_t night;
	if (date_param(rq, "night", 0, &night))
		return;
	mc_store_ctx ctx = mc_rq_ctx(rq);
	alerts_acc acc = { json_array(), 0, rq->srv->cal };
	mc_error err;
	if (mc_nightly_alerts(&ctx, night, on_alert, &acc, &err)) {
		json_decref(acc.arr);
		mc_reply_error(rq, &err);
		return;
	}
	char day[16];
	mc_format_date(day, sizeof day, night);
	json_t *o = json_object();
	mc_json_set(o, "night", mc_json_text(day));
	mc_json_set(o, "count", json_integer(acc.n));
	mc_json_set(o, "truncated", json_boolean(acc.n > ALERTS_MAX));
	mc_json_set(o, "alerts", acc.arr);
	mc_reply_json(&rq->reply, 200, o);
}

/* ---- apologies --------------------------------------------------------- */

typedef struct drafts_acc {
	mc_request *rq;
	mc_store_ctx *ctx;
	mc_time at;
	json_t *arr;
	mc_error *err;
} drafts_acc;

static int on_pending(const char *code, void *arg)
{
	drafts_acc *d = arg;
	mc_dossier_info info;
	mc_apology a;
	int rc = mc_store_dossier_get(d->ctx, code, &info, d->err);
	if (rc)
		return rc;
	rc = mc_apology_draft(d->ctx->cal, &info, d->at, 0, &a, d->err);
	if (!rc)
		json_array_append_new(d->arr, mc_apology_json(&info, &a, NULL));
	mc_dossier_info_clear(&info);
	return rc;
}

void mc_api_apologies(mc_request *rq)
{
	const char *p = mc_rq_query(rq, "pending");
	if (!p || (strcmp(p, "1") && strcmp(p, "true"))) {
		mc_reply_problem(&rq->reply, 422, "invalid_field",
				 "only the pending letters are listed here: ?pending=1", "pending", NULL);
		return;
	}
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_error err;
	drafts_acc d = { rq, &ctx, (mc_time)time(NULL), json_array(), &err };
	if (mc_apology_pending(&ctx, d.at, on_pending, &d, &err)) {
		json_decref(d.arr);
		mc_reply_error(rq, &err);
		return;
	}
	json_t *o = json_object();
	mc_json_set(o, "count", json_integer((json_int_t)json_array_size(d.arr)));
	mc_json_set(o, "drafts", d.arr);
	mc_reply_json(&rq->reply, 200, o);
}

enum { F_CODE, F_REASON, F_APPT, F__N };

static const mc_field apology_fields[] = {
	{ .name = "code", .type = MC_FIELD_STRING, .required = 1, .max = MC_CODE_MAX - 1, .slot = F_CODE },
	{ .name = "reason", .type = MC_FIELD_STRING, .required = 1, .max = 2000, .multiline = 1,
	  .slot = F_REASON },
	{ .name = "new_appointment", .type = MC_FIELD_STRING, .max = 40, .slot = F_APPT },
	{ 0 }
};

void mc_api_apology_issue(mc_request *rq)
{
	/* the office's (the database refuses the others too: no right on
	 * the letters' table) */
	const char *dbrole = mc_role_db(rq->user.role, NULL);
	if (!dbrole || strcmp(dbrole, "motcua_office")) {
		mc_reply_problem(&rq->reply, 403, "forbidden",
				 "apology letters are issued by the office (role office or admin)",
				 NULL, NULL);
		return;
	}
	const char *v[F__N];
	json_t *root;
	if (mc_body_parse(rq, apology_fields, v, F__N, &root))
		return;
	mc_error err;
	mc_time appt = 0;
	if (v[F_APPT] && mc_parse_moment(v[F_APPT], &appt, &err)) {
		mc_reply_problem(&rq->reply, 422, "invalid_field", err.message, "new_appointment", NULL);
		json_decref(root);
		return;
	}
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_apology_req r = { .code = v[F_CODE], .reason = v[F_REASON], .by = rq->user.login,
			     .at = (mc_time)time(NULL), .new_appointment = appt };
	mc_apology a;
	mc_dossier_info info;
	int rc = mc_apology_issue(&ctx, &r, &a, &err);
	if (!rc)
		rc = mc_store_dossier_get(&ctx, r.code, &info, &err);
	if (rc) {
		mc_reply_error(rq, &err);
	} else {
		json_t *o = mc_apology_json(&info, &a, r.reason);
		char link[200];
		snprintf(link, sizeof link, "/api/v1/dossiers/%s", info.code);
		mc_json_set(o, "dossier", mc_json_text(link));
		mc_reply_json(&rq->reply, 201, o);
		mc_dossier_info_clear(&info);
	}
	json_decref(root);
}

/* ---- reports ----------------------------------------------------------- */

/* The role may see this kind of paper (roles.c), else 403. */
static int may_see(mc_request *rq, mc_paper p, const char *what)
{
	if (mc_role_may_see(rq->user.role, p))
		return 1;
	char d[160];
	snprintf(d, sizeof d, "the role '%s' does not see %s", rq->user.role, what);
	mc_reply_problem(&rq->reply, 403, "forbidden", d, NULL, NULL);
	return 0;
}

typedef struct report_file {
	const mc_report *r;
	const mc_agency *a;
	const mc_catalog *cat;
	const mc_report_paper *paper;
} report_file;

static int write_report_xlsx(const char *path, void *arg, mc_error *err)
{
	const report_file *f = arg;
	return mc_report_xlsx(f->r, f->a, f->cat, path, err);
}

static int write_report_pdf(const char *path, void *arg, mc_error *err)
{
	const report_file *f = arg;
	return mc_report_pdf(f->r, f->a, f->paper, path, err);
}

/* from= and to=, both required, the period not ending before it starts
 * (else replied 422) */
static int period_params(mc_request *rq, int32_t *from, int32_t *to)
{
	if (date_param(rq, "from", 1, from) || date_param(rq, "to", 1, to))
		return -1;
	if (*to < *from) {
		mc_reply_problem(&rq->reply, 422, "invalid_field", "the period ends before it starts",
				 "to", NULL);
		return -1;
	}
	return 0;
}

void mc_api_reports(mc_request *rq)
{
	if (!may_see(rq, MC_PAPER_REPORTS, "the period reports (leaders, the office, the auditor)"))
		return;
	int32_t from, to;
	if (period_params(rq, &from, &to))
		return;
	/* format= wins over Accept; JSON by default */
	int fmt = 0;   /* 0 json, 1 csv, 2 html, 3 xlsx (Biểu 06a), 4 pdf (the report sent) */
	const char *f = mc_rq_query(rq, "format");
	const char *acc = mc_rq_header(rq, "Accept");
	static const char *const fmts[] = { "json", "csv", "html", "xlsx", "pdf", NULL };
	if (f && *f) {
		for (fmt = 0; fmts[fmt] && strcmp(fmts[fmt], f); fmt++)
			;
		if (!fmts[fmt]) {
			mc_reply_problem(&rq->reply, 422, "invalid_field",
					 "unknown format (json, csv, html, xlsx or pdf)", "format", NULL);
			return;
		}
	} else if (acc && strstr(acc, "text/csv")) {
		fmt = 1;
	} else if (acc && strstr(acc, "text/html")) {
		fmt = 2;
	}
	/* the paper's number and date (html and pdf): as `motcua report
	 * --number N --date DATE`; the recipient and signer are agency.yaml's */
	mc_report_paper paper = { 0 };
	const char *num = mc_rq_query(rq, "number");
	if (num && *num) {
		char *e;
		long v = strtol(num, &e, 10);
		if (*e || v < 1 || v > 99999) {
			mc_reply_problem(&rq->reply, 422, "invalid_field", "the report's number is 1 to 99999",
					 "number", NULL);
			return;
		}
		paper.number = (int)v;
	}
	if (date_param(rq, "date", 0, &paper.date))
		return;
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_report r;
	mc_error err;
	if (mc_report_build(&ctx, from, to, &r, &err)) {
		mc_reply_error(rq, &err);
		return;
	}
	char d1[16], d2[16], name[64];
	mc_format_date(d1, sizeof d1, from);
	mc_format_date(d2, sizeof d2, to);
	if (fmt >= 3) {
		report_file rf = { &r, rq->srv->cat->agency, rq->srv->cat, &paper };
		if (fmt == 3) {
			snprintf(name, sizeof name, "bieu-06a-%s-%s.xlsx", d1, d2);
			mc_reply_file(rq, write_report_xlsx, &rf, 0,
				      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				      "attachment", name);
		} else {
			snprintf(name, sizeof name, "bao-cao-%s-%s.pdf", d1, d2);
			mc_reply_file(rq, write_report_pdf, &rf, 1, "application/pdf", "inline", name);
		}
		mc_report_free(&r);
		return;
	}
	mc_buf b = { 0 };
	const char *ctype = "application/json";
	switch (fmt) {
	case 1:
		mc_report_csv(&r, &b);
		ctype = "text/csv; charset=utf-8";
		break;
	case 2:
		mc_report_html(&r, rq->srv->cat->agency, &paper, &b);
		ctype = "text/html; charset=utf-8";
		break;
	default:
		mc_report_json(&r, &b);
		break;
	}
	mc_report_free(&r);
	mc_reply_bytes(&rq->reply, 200, ctype, mc_buf_str(&b), b.len);
	if (fmt == 1)
		mc_reply_header(&rq->reply, "Content-Disposition",
				"attachment; filename=\"bao-cao-%s-%s.csv\"", d1, d2);
	mc_buf_free(&b);
}

/* ---- the register ------------------------------------------------------ */

typedef struct register_file {
	const mc_agency *a;
	const mc_regime *reg;
	int32_t from, to;
	const mc_dossier_info *rows;
	size_t n;
	mc_document *doc;
} register_file;

static int write_register_xlsx(const char *path, void *arg, mc_error *err)
{
	const register_file *f = arg;
	return mc_register_xlsx(f->a, f->reg, f->from, f->to, f->rows, f->n, path, err);
}

/* GET /api/v1/register?from=&to=&format=pdf|xlsx|csv: the register of
 * dossiers (Sổ theo dõi hồ sơ) as `motcua register`: one period in one
 * form (a period across the day the forms change is refused, 422). */
void mc_api_register(mc_request *rq)
{
	if (!may_see(rq, MC_PAPER_REGISTER, "the register of dossiers (the desk, the office, leaders, the auditor)"))
		return;
	int32_t from, to, change = 0;
	if (period_params(rq, &from, &to))
		return;
	const char *f = mc_rq_query(rq, "format");
	int fmt = !f || !*f || !strcmp(f, "pdf") ? 0 : !strcmp(f, "xlsx") ? 1 : !strcmp(f, "csv") ? 2 : -1;
	if (fmt < 0) {
		mc_reply_problem(&rq->reply, 422, "invalid_field", "unknown format (pdf, xlsx or csv)",
				 "format", NULL);
		return;
	}
	const mc_regime *reg = mc_register_regime(from, to, &change);
	if (!reg) {
		char d[240], day[16];
		mc_format_date_vn(day, sizeof day, change);
		snprintf(d, sizeof d, "the forms change on %s (%s): one register is in one form; ask for "
			 "the period before and the one from that day", day, mc_regime_at(change)->circular);
		mc_reply_problem(&rq->reply, 422, "invalid_field", d, "to", NULL);
		return;
	}
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_dossier_info *rows = NULL;
	size_t n = 0;
	mc_error err;
	if (mc_store_register(&ctx, from, to, &rows, &n, &err)) {
		mc_reply_error(rq, &err);
		return;
	}
	const mc_agency *a = rq->srv->cat->agency;
	char d1[16], d2[16], name[64];
	mc_format_date(d1, sizeof d1, from);
	mc_format_date(d2, sizeof d2, to);
	if (fmt == 2) {
		mc_buf b = { 0 };
		mc_register_csv(&b, rows, n, a);
		mc_reply_bytes(&rq->reply, 200, "text/csv; charset=utf-8", mc_buf_str(&b), b.len);
		mc_reply_header(&rq->reply, "Content-Disposition",
				"attachment; filename=\"so-theo-doi-ho-so-%s-%s.csv\"", d1, d2);
		mc_buf_free(&b);
	} else if (fmt == 1) {
		register_file rf = { a, reg, from, to, rows, n, NULL };
		snprintf(name, sizeof name, "so-theo-doi-ho-so-%s-%s.xlsx", d1, d2);
		mc_reply_file(rq, write_register_xlsx, &rf, 0,
			      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment",
			      name);
	} else {
		mc_document doc;
		memset(&doc, 0, sizeof doc);
		mc_register_doc(&doc, a, reg, from, to, rows, n);
		snprintf(name, sizeof name, "so-theo-doi-ho-so-%s-%s.pdf", d1, d2);
		mc_reply_pdf(rq, &doc, name);
		mc_document_clear(&doc);
	}
	mc_store_register_free(rows, n);
}

/* ---- the control slip -------------------------------------------------- */


void mc_api_control_slip(mc_request *rq)
{
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_dossier_info info;
	mc_error err;
	if (mc_store_dossier_get(&ctx, rq->param, &info, &err)) {
		mc_reply_error(rq, &err);
		return;
	}
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	mc_slip_control_doc(&doc, rq->srv->cat->agency, &info, (mc_time)time(NULL));
	char name[MC_CODE_MAX + 32];
	snprintf(name, sizeof name, "phieu-kiem-soat-%s.pdf", info.code);
	mc_reply_pdf(rq, &doc, name);
	mc_document_clear(&doc);
	mc_dossier_info_clear(&info);
}
