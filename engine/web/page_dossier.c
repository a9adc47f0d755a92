/*
 * page_dossier.c - one dossier, GET /ho-so/{code}: its header (code,
 * procedure, applicant, appointment, state and its early/on-time/late
 * verdict), its steps (unit, who received and finished each, its due
 * moment and result), the timeline of its events in Vietnamese, the
 * control slip and the slip as PDFs, and the actions its state and the
 * user's role allow (mc_role_may), each a form posted to POST /ho-so/{code} with the
 * revision the page was drawn from.
 *
 * The action is the API's (mc_api_act): mc_store_act_at_revision in the
 * request's transaction, so that a page drawn before another person acted
 * is told so ("Hồ sơ đã được người khác cập nhật", 409) and changes
 * nothing. A refusal, a supplement request and a void ask for their reason
 * first; a forward and a result asks for confirmation (data-confirm with
 * JavaScript; without it a confirmation view, ?xac-nhan=forward).
 *
 * The holder of the current step (Người xử lý, migration 0020) is in the
 * header; a head, a leader or the office gives the step to a person with
 * the assign form (Giao xử lý: a select of the agency's active specialists,
 * heads and leaders by name, with their unit), and the forward form names
 * who takes the next step (Chuyển cho; none: nobody yet).
 */
#include "accounts.h"
#include "forms.h"
#include "forms_render.h"
#include "page.h"
#include "queue.h"
#include "roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the person's role may do: the one table (engine/core/roles.c),
 * whose rows the database's event log checks too (migration 0019), so
 * that a page shows only the buttons the door would let through. */
static int role_may(const char *role, mc_action a)
{
	return mc_role_may(role, a);
}

/* The actions offered on the page, in this order. Correct needs its own
 * form (the fact, its old and new value) and the apology is the office's
 * page: neither is here. */
static const mc_action offered[] = { MC_ACT_ASSIGN, MC_ACT_FORWARD, MC_ACT_RESULT_READY, MC_ACT_RETURN,
				     MC_ACT_SUPPLEMENT_REQUEST, MC_ACT_SUPPLEMENT_RECEIVED,
				     MC_ACT_PAUSE, MC_ACT_RESUME, MC_ACT_REFUSE, MC_ACT_WITHDRAW,
				     MC_ACT_RETURN_UNPROCESSED, MC_ACT_VOID };

/* An action asks for its reason (a note, required) before it is sent. */
static int asks_note(mc_action a)
{
	return a == MC_ACT_REFUSE || a == MC_ACT_SUPPLEMENT_REQUEST || a == MC_ACT_VOID;
}

/* An action asks to be confirmed. */
static int asks_confirm(mc_action a)
{
	return a == MC_ACT_FORWARD || a == MC_ACT_RESULT_READY;
}

static const char *note_label(mc_action a)
{
	return a == MC_ACT_REFUSE ? "Lý do từ chối (bắt buộc)"
	       : a == MC_ACT_SUPPLEMENT_REQUEST ? "Nội dung cần bổ sung (bắt buộc)"
						: "Lý do hủy (bắt buộc)";
}

static const char *unit_name(const mc_request *rq, const char *id)
{
	const mc_unit *u = id ? mc_agency_unit(rq->srv->cat->agency, id) : NULL;
	return u ? u->name : id ? id : "";
}

/* The people who may hold a step (loaded once per page, when a form needs
 * them), and the name of one of them. */
typedef struct staff_list {
	mc_staff_row *rows;
	size_t n;
	int loaded;
} staff_list;

static const char *staff_name(const staff_list *st, const char *login)
{
	for (size_t i = 0; st && i < st->n; i++)
		if (!strcmp(st->rows[i].login, login))
			return st->rows[i].full_name;
	return NULL;
}

static const char *role_vn(const char *role)
{
	return !strcmp(role, "specialist") ? "Chuyên viên"
	       : !strcmp(role, "head")     ? "Lãnh đạo phòng"
	       : !strcmp(role, "leader")   ? "Lãnh đạo Sở"
					   : role;
}

/* <select name="assignee">: the people by name, with their unit and role,
 * grouped by unit; `none` the label of the empty choice (NULL: a choice is
 * required). */
static void staff_select(mc_request *rq, mc_buf *b, const staff_list *st, const char *id,
			 const char *label, const char *none, const char *current)
{
	mc_html(b, "<label for=\"%s\">%s</label>\n<select id=\"%s\" name=\"assignee\"%r>\n", id, label,
		id, none ? "" : " required");
	mc_html(b, "<option value=\"\">%s</option>\n", none ? none : "— Chọn người xử lý —");
	const char *group = NULL;
	for (size_t i = 0; i < st->n; i++) {
		const mc_staff_row *w = &st->rows[i];
		if (!group || strcmp(group, w->unit)) {
			if (group)
				mc_html(b, "</optgroup>\n");
			group = w->unit;
			mc_html(b, "<optgroup label=\"%s\">\n", *w->unit ? unit_name(rq, w->unit) : "Không thuộc phòng nào");
		}
		mc_html(b, "<option value=\"%s\"%r>%s · %s · %s</option>\n", w->login,
			current && !strcmp(current, w->login) ? " selected" : "", w->full_name,
			*w->unit ? unit_name(rq, w->unit) : "", role_vn(w->role));
	}
	if (group)
		mc_html(b, "</optgroup>\n");
	mc_html(b, "</select>\n");
}

static void form_open(mc_request *rq, mc_buf *b, const mc_dossier_info *info, mc_action a,
		      const char *confirm)
{
	mc_html(b, "<form method=\"post\" action=\"/ho-so/%s\" class=\"act act-%s\" data-once%r%s%r>\n",
		info->code, mc_action_name(a), confirm ? " data-confirm=\"" : "", confirm ? confirm : "",
		confirm ? "\"" : "");
	mc_page_csrf(rq, b);
	mc_html(b, "<input type=\"hidden\" name=\"action\" value=\"%s\">"
		   "<input type=\"hidden\" name=\"revision\" value=\"%d\">\n",
		mc_action_name(a), info->revision);
}

static void actions(mc_request *rq, mc_buf *b, const mc_dossier_info *info, int open_act,
		    const staff_list *st)
{
	int any = 0;
	for (size_t i = 0; i < sizeof offered / sizeof offered[0]; i++) {
		mc_action a = offered[i];
		if (!mc_dossier_allowed(&info->d, a) || !role_may(rq->user.role, a))
			continue;
		if (!any)
			mc_html(b, "<section class=\"actions card\" aria-labelledby=\"actions-h\">\n"
				   "<h2 id=\"actions-h\">Xử lý hồ sơ</h2>\n<div class=\"buttons\">\n");
		any = 1;
		const char *name = mc_action_name(a);
		if (a == MC_ACT_ASSIGN) {
			/* the person first: the form opens under its button */
			mc_html(b, "<details class=\"with-note assign\" id=\"d-assign\"%r><summary class=\"button\">"
				   "%s</summary>\n", (int)a == open_act ? " open" : "", mc_action_vn(a));
			form_open(rq, b, info, a, NULL);
			staff_select(rq, b, st, "assignee-assign", "Giao bước hiện tại cho", NULL,
				     *info->d.assignee ? info->d.assignee : NULL);
			mc_html(b, "<button type=\"submit\" class=\"primary\">%s</button>\n</form>\n</details>\n",
				mc_action_vn(a));
		} else if (asks_note(a)) {
			/* the note first: the form opens under its button */
			mc_html(b, "<details class=\"with-note\" id=\"d-%s\"%r><summary class=\"button%r\">%s"
				   "</summary>\n", name, (int)a == open_act ? " open" : "",
				a == MC_ACT_REFUSE || a == MC_ACT_VOID ? " danger" : "", mc_action_vn(a));
			form_open(rq, b, info, a, NULL);
			mc_html(b, "<label for=\"note-%s\">%s</label>\n<textarea id=\"note-%s\" name=\"note\" "
				   "required maxlength=\"2000\" rows=\"3\"%r></textarea>\n<button type=\"submit\" "
				   "class=\"%s\">%s</button>\n</form>\n</details>\n",
				name, note_label(a), name,
				(int)a == open_act ? " autofocus aria-describedby=\"page-error\"" : "", a == MC_ACT_REFUSE || a == MC_ACT_VOID ? "danger" : "primary",
				mc_action_vn(a));
		} else {
			char q[200];
			snprintf(q, sizeof q, "%s hồ sơ %s?", mc_action_vn(a), info->code);
			form_open(rq, b, info, a, asks_confirm(a) || a == MC_ACT_WITHDRAW ||
						  a == MC_ACT_RETURN_UNPROCESSED ? q : NULL);
			if (a == MC_ACT_FORWARD)
				staff_select(rq, b, st, "assignee-forward", "Chuyển cho", "Chưa giao (để phòng nhận giao)",
					     NULL);
			mc_html(b, "<button type=\"submit\" class=\"%s\">%s</button>\n</form>\n",
				a == MC_ACT_FORWARD || a == MC_ACT_RESULT_READY ? "primary" : "",
				mc_action_vn(a));
		}
	}
	if (any)
		mc_html(b, "</div>\n</section>\n");
}

/* The dossier's papers (GET /api/v1/dossiers/{code}/forms/{form}.pdf):
 * the slip and the control slip always, and each form of an event the
 * dossier had (a supplement request, a refusal, a stop notice from the
 * 2025 regime, an apology letter). */
static void papers(mc_request *rq, mc_buf *b, const mc_dossier_info *info)
{
	if (!mc_role_may_see(rq->user.role, MC_PAPER_FORMS))
		return;
	const mc_event *sup = mc_form_event(info, "supplement_request");
	const mc_event *ref = info->d.state == MC_DS_REFUSED ? mc_form_event(info, "refuse") : NULL;
	const mc_event *stop = mc_form_event(info, "pause");
	if (stop && !mc_regime_at(mc_time_day(stop->at))->stop_form)
		stop = NULL;
	int apology = 0;
	for (size_t i = 0; i < info->nevents && !apology; i++)
		apology = !strcmp(info->events[i].action, "apology");
	static const char *const base = "/api/v1/dossiers/";
	mc_html(b, "<p class=\"docs no-print\" id=\"papers\">Giấy tờ (PDF): "
		    "<a href=\"%s%s/forms/receipt.pdf\">Giấy tiếp nhận và hẹn trả kết quả</a> · "
		    "<a href=\"%s%s/forms/control.pdf\">Phiếu kiểm soát quá trình giải quyết</a>",
		base, info->code, base, info->code);
	if (sup)
		mc_html(b, " · <a href=\"%s%s/forms/supplement.pdf\">Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</a>",
			base, info->code);
	if (ref)
		mc_html(b, " · <a href=\"%s%s/forms/refusal.pdf\">Phiếu từ chối tiếp nhận, giải quyết hồ sơ</a>",
			base, info->code);
	if (stop)
		mc_html(b, " · <a href=\"%s%s/forms/stop.pdf\">Thông báo dừng giải quyết hồ sơ</a>", base,
			info->code);
	if (apology)
		mc_html(b, " · <a href=\"%s%s/forms/apology.pdf\">Văn bản xin lỗi</a>", base, info->code);
	mc_html(b, "</p>\n");
}

/* The header, the steps, the timeline and the actions of `info`. */
static void draw(mc_request *rq, const mc_dossier_info *info, int status, const char *flash,
		 const char *error, int with_actions, int open_act)
{
	const mc_dossier *d = &info->d;
	/* the people a form names (assign, forward's "Chuyển cho") and the
	 * timeline's: read only when the page offers such a form */
	staff_list st = { 0 };
	if (with_actions && ((mc_dossier_allowed(d, MC_ACT_ASSIGN) && role_may(rq->user.role, MC_ACT_ASSIGN)) ||
			     (mc_dossier_allowed(d, MC_ACT_FORWARD) && role_may(rq->user.role, MC_ACT_FORWARD)))) {
		mc_store_ctx ctx = mc_rq_ctx(rq);
		mc_error err;
		if (mc_store_step_staff(&ctx, &st.rows, &st.n, &err)) {
			mc_page_error(rq, &err);
			return;
		}
		st.loaded = 1;
	}
	mc_time now = (mc_time)time(NULL);
	char t1[32], t2[32], t3[32];
	char title[MC_CODE_MAX + 16];
	snprintf(title, sizeof title, "Hồ sơ %s", info->code);
	mc_buf b = { 0 };
	mc_page_begin_with(rq, &b, title, "ho-so", "dossier");
	mc_html(&b, "<p class=\"crumbs no-print\"><a href=\"/ho-so\">← Danh sách hồ sơ</a></p>\n"
		    "<h1>Hồ sơ <span class=\"code\">%s</span></h1>\n", info->code);
	if (flash)
		mc_html(&b, "<p class=\"success\" role=\"status\" id=\"flash\">%s</p>\n", flash);
	if (error)
		mc_html(&b, "<p class=\"error\" role=\"alert\" id=\"page-error\">%s</p>\n", error);

	mc_status status_now = mc_dossier_status(d, now);
	const char *badge = status_now == MC_STATUS_LATE || status_now == MC_STATUS_OVERDUE ? "late"
			    : status_now == MC_STATUS_DUE_SOON			    ? "soon"
			    : status_now <= MC_STATUS_WITHIN_TIME			    ? "ok"
									    : "closed";
	mc_page_moment(t1, sizeof t1, d->received_at);
	mc_page_moment(t2, sizeof t2, d->due_at);
	mc_html(&b, "<section class=\"card head\" aria-label=\"Thông tin hồ sơ\">\n<dl class=\"facts\">\n"
		    "<dt>Thủ tục</dt><dd>%s · %s</dd>\n<dt>Người nộp</dt><dd class=\"applicant\">%s</dd>\n",
		info->procedure_code, info->procedure ? info->procedure->name : "",
		info->applicant_name ? info->applicant_name : "");
	if (info->applicant_phone && *info->applicant_phone)
		mc_html(&b, "<dt>Điện thoại</dt><dd>%s</dd>\n", info->applicant_phone);
	if (info->applicant_id_number && *info->applicant_id_number)
		mc_html(&b, "<dt>Số giấy tờ</dt><dd>%s</dd>\n", info->applicant_id_number);
	if (info->applicant_address && *info->applicant_address)
		mc_html(&b, "<dt>Địa chỉ</dt><dd>%s</dd>\n", info->applicant_address);
	mc_html(&b, "<dt>Kênh tiếp nhận</dt><dd>%s</dd>\n<dt>Tiếp nhận lúc</dt><dd>%s</dd>\n"
		    "<dt>Hẹn trả kết quả</dt><dd class=\"appointment\">%s</dd>\n"
		    "<dt>Trạng thái</dt><dd class=\"state\" data-state=\"%s\">%s</dd>\n"
		    "<dt>Đánh giá</dt><dd><span class=\"badge %s\" id=\"verdict\">%s</span></dd>\n",
		mc_channel_vn(info->channel), t1, t2, mc_dstate_name(d->state), mc_dstate_vn(d->state),
		badge, mc_status_vn(status_now));
	if (d->state == MC_DS_IN_STEP || d->state == MC_DS_SUPPLEMENT_REQUESTED || d->state == MC_DS_PAUSED) {
		if (*d->assignee)
			mc_html(&b, "<dt>Người xử lý</dt><dd class=\"assignee\" id=\"assignee\" data-assignee=\"%s\">"
				    "%s</dd>\n", d->assignee, *info->assignee_name ? info->assignee_name : d->assignee);
		else
			mc_html(&b, "<dt>Người xử lý</dt><dd class=\"assignee none\" id=\"assignee\">Chưa giao</dd>\n");
	}
	/* the register entry (migration 0024) */
	if (info->register_no)
		mc_html(&b, "<dt>Sổ theo dõi hồ sơ</dt><dd id=\"register-entry\">Quyển số %d, số thứ tự %d</dd>\n",
			info->register_year, info->register_no);
	mc_html(&b, "</dl>\n");
	if (d->manual)     /* set by hand (migration 0022) */
		mc_html(&b, "<p class=\"notice warn\" id=\"manual-appointment\">Ngày hẹn trả do cơ quan ấn "
			    "định (thủ tục chưa có thời hạn giải quyết). Lý do: %s</p>\n",
			info->appointment_reason ? info->appointment_reason : "");
	papers(rq, &b, info);
	mc_html(&b, "</section>\n");

	if (with_actions)
		actions(rq, &b, info, open_act, &st);

	/* the steps */
	mc_html(&b, "<section aria-labelledby=\"steps-h\">\n<h2 id=\"steps-h\">Các bước xử lý</h2>\n"
		    "<table class=\"steps\">\n<thead><tr><th scope=\"col\">Bước</th><th scope=\"col\">"
		    "Đơn vị</th><th scope=\"col\">Nhận lúc · người nhận</th><th scope=\"col\">Hạn</th>"
		    "<th scope=\"col\">Hoàn thành · người chuyển</th><th scope=\"col\">Kết quả</th>"
		    "</tr></thead>\n<tbody>\n");
	const mc_version *v = d->version;
	/* (a dossier whose appointment was set by hand runs through the
	 * version's manual step, steps[0], with nsteps 0: catalog.h) */
	size_t vsteps = v && v->nsteps ? v->nsteps : d->manual ? 1 : 0;
	for (int k = 0; v && k < d->nsteps && (size_t)k < vsteps; k++) {
		const mc_step_run *r = &d->steps[k];
		int sst = mc_dossier_step_status(d, k, now);
		int current = k == d->step && (d->state == MC_DS_IN_STEP ||
					       d->state == MC_DS_SUPPLEMENT_REQUESTED ||
					       d->state == MC_DS_PAUSED);
		mc_page_moment(t1, sizeof t1, r->started);
		mc_page_moment(t2, sizeof t2, r->started ? r->due : 0);
		mc_page_moment(t3, sizeof t3, r->finished);
		mc_html(&b, "<tr%r><th scope=\"row\">%d. %s</th><td>%s</td><td>%s%r%s</td><td>%s</td>"
			    "<td>%s%r%s</td><td>%s</td></tr>\n",
			current ? " class=\"current\" aria-current=\"step\"" : "", k + 1, v->steps[k].name,
			unit_name(rq, v->steps[k].unit), t1, *r->received_by ? "<br>" : "", r->received_by,
			t2, t3, *r->finished_by ? "<br>" : "", r->finished_by,
			sst < 0 ? "" : mc_status_vn((mc_status)sst));
	}
	mc_html(&b, "</tbody>\n</table>\n</section>\n");

	/* the timeline */
	mc_html(&b, "<section aria-labelledby=\"log-h\">\n<h2 id=\"log-h\">Diễn biến</h2>\n"
		    "<ol class=\"timeline\">\n");
	for (size_t i = 0; i < info->nevents; i++) {
		const mc_event *e = &info->events[i];
		mc_action a;
		mc_dstate to;
		const char *what = mc_action_parse(e->action, &a) ? e->action : mc_action_vn(a);
		const char *where = mc_dstate_parse(e->to_state, &to) ? e->to_state : mc_dstate_vn(to);
		const char *sname = NULL;
		for (size_t k = 0; v && *e->step_id && k < vsteps; k++)
			if (!strcmp(v->steps[k].id, e->step_id))
				sname = v->steps[k].name;
		mc_page_moment(t1, sizeof t1, e->at);
		mc_html(&b, "<li data-action=\"%s\"><span class=\"when\">%s</span> <strong class=\"what\">%s"
			    "</strong> · <span class=\"actor\">%s</span> <span class=\"to-state\">→ %s%r%s%r"
			    "</span>",
			e->action, t1, what, e->actor, where, sname ? " (bước: " : "", sname ? sname : "",
			sname ? ")" : "");
		if (*e->assignee) {
			const char *who = staff_name(&st, e->assignee);
			if (!who && !strcmp(e->assignee, d->assignee) && *info->assignee_name)
				who = info->assignee_name;
			mc_html(&b, "<p class=\"note assignee\">%s: %s</p>",
				!strcmp(e->action, "forward") ? "Chuyển cho" : "Giao cho", who ? who : e->assignee);
		}
		if (e->note && *e->note)
			mc_html(&b, "<p class=\"note\">%s</p>", e->note);
		if (e->field && *e->field)
			mc_html(&b, "<p class=\"note\">%s: %s → %s</p>", e->field,
				e->old_value ? e->old_value : "", e->new_value ? e->new_value : "");
		mc_html(&b, "</li>\n");
	}
	mc_html(&b, "</ol>\n</section>\n");
	free(st.rows);
	mc_page_send(rq, &b, status);
}

static int load(mc_request *rq, mc_dossier_info *info)
{
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_error err;
	int rc = mc_store_dossier_get(&ctx, rq->param, info, &err);
	if (rc)
		mc_page_error(rq, &err);
	return rc;
}

/* "Chuyển bước tiếp theo hồ sơ X?" with its confirming form (no JS). */
static void confirm_view(mc_request *rq, const mc_dossier_info *info, mc_action a, int rev,
			 const char *assignee)
{
	char title[200];
	snprintf(title, sizeof title, "Xác nhận: %s", mc_action_vn(a));
	mc_buf b = { 0 };
	mc_page_begin_with(rq, &b, title, "ho-so", "dossier");
	mc_html(&b, "<h1>%s</h1>\n<section class=\"card confirm\">\n<p>%s hồ sơ <strong>%s</strong> "
		    "(%s, %s)?</p>\n<form method=\"post\" action=\"/ho-so/%s\" data-once>\n",
		title, mc_action_vn(a), info->code, info->applicant_name ? info->applicant_name : "",
		mc_dstate_vn(info->d.state), info->code);
	mc_page_csrf(rq, &b);
	mc_html(&b, "<input type=\"hidden\" name=\"action\" value=\"%s\"><input type=\"hidden\" "
		    "name=\"revision\" value=\"%d\"><input type=\"hidden\" name=\"confirm\" value=\"1\">\n",
		mc_action_name(a), rev);
	if (assignee && *assignee)
		mc_html(&b, "<input type=\"hidden\" name=\"assignee\" value=\"%s\">\n<p>Chuyển cho: "
			    "<strong>%s</strong></p>\n", assignee, assignee);
	mc_html(&b, "<button type=\"submit\" class=\"primary\">Đồng ý</button> "
		    "<a href=\"/ho-so/%s\">Không, quay lại</a>\n</form>\n</section>\n", info->code);
	mc_page_send(rq, &b, 200);
}

void mc_page_dossier(mc_request *rq)
{
	mc_dossier_info info;
	if (load(rq, &info))
		return;
	const char *ok = mc_rq_query(rq, "ok"), *confirm = mc_rq_query(rq, "xac-nhan");
	mc_action a;
	if (confirm && !mc_action_parse(confirm, &a) && asks_confirm(a) &&
	    mc_dossier_allowed(&info.d, a) && role_may(rq->user.role, a)) {
		confirm_view(rq, &info, a, info.revision, NULL);
		mc_dossier_info_clear(&info);
		return;
	}
	char flash[200];
	if (ok && !mc_action_parse(ok, &a))
		snprintf(flash, sizeof flash, "Đã thực hiện: %s.", mc_action_vn(a));
	draw(rq, &info, 200, ok && !mc_action_parse(ok, &a) ? flash : NULL, NULL, 1, -1);
	mc_dossier_info_clear(&info);
}

/* The page drawn before another person acted: the dossier as it is now. */
static void stale(mc_request *rq, const mc_dossier_info *now_info)
{
	char msg[900], where[300] = "", last[400] = "";
	const mc_dossier *d = &now_info->d;
	if ((d->state == MC_DS_IN_STEP || d->state == MC_DS_SUPPLEMENT_REQUESTED ||
	     d->state == MC_DS_PAUSED) && d->version && d->step >= 0 &&
	    (size_t)d->step < (d->version->nsteps ? d->version->nsteps : (size_t)d->manual))
		snprintf(where, sizeof where, ", bước \"%s\"", d->version->steps[d->step].name);
	if (now_info->nevents) {
		const mc_event *e = &now_info->events[now_info->nevents - 1];
		mc_action a;
		char t[32];
		mc_page_moment(t, sizeof t, e->at);
		snprintf(last, sizeof last, " Thao tác gần nhất: \"%s\" của %s lúc %s.",
			 mc_action_parse(e->action, &a) ? e->action : mc_action_vn(a), e->actor, t);
	}
	snprintf(msg, sizeof msg,
		 "Hồ sơ đã được người khác cập nhật trong khi bạn xem trang: thao tác của bạn chưa được "
		 "thực hiện. Hồ sơ hiện ở trạng thái \"%s\"%s.%s Hãy xem lại rồi thao tác nếu vẫn cần.",
		 mc_dstate_vn(d->state), where, last);
	mc_buf b = { 0 };
	mc_page_begin_with(rq, &b, "Hồ sơ đã được người khác cập nhật", "ho-so", "dossier");
	mc_html(&b, "<h1>Hồ sơ đã được người khác cập nhật</h1>\n<p class=\"error\" role=\"alert\" "
		    "id=\"stale\">%s</p>\n<p><a class=\"button primary\" href=\"/ho-so/%s\" id=\"reload\">"
		    "Tải lại hồ sơ %s</a></p>\n", msg, now_info->code, now_info->code);
	mc_page_send(rq, &b, 409);
}

void mc_page_dossier_act(mc_request *rq)
{
	if (!mc_page_form(rq))
		return;
	const char *an = mc_rq_form(rq, "action"), *rv = mc_rq_form(rq, "revision");
	const char *note = mc_rq_form(rq, "note"), *confirmed = mc_rq_form(rq, "confirm");
	const char *assignee = mc_rq_form(rq, "assignee");
	if (assignee && !*assignee)
		assignee = NULL;
	mc_action a;
	char *end;
	long rev = rv ? strtol(rv, &end, 10) : -1;
	if (!an || mc_action_parse(an, &a) || a == MC_ACT_RECEIVE || a == MC_ACT_APOLOGY ||
	    a == MC_ACT_CORRECT || !rv || !*rv || *end || rev < 1 || rev > 1000000) {
		mc_page_fail(rq, 422, "Thao tác không hợp lệ", "Biểu mẫu không có thao tác hoặc phiên bản hồ sơ.");
		return;
	}
	if (note && strlen(note) > 2000) {
		mc_page_fail(rq, 422, "Ghi chú quá dài", "Ghi chú tối đa 2000 ký tự.");
		return;
	}
	if (assignee && (!mc_action_takes_assignee(a) || !mc_store_login_valid(assignee))) {
		mc_page_fail(rq, 422, "Người xử lý không hợp lệ",
			     "Chỉ thao tác giao xử lý và chuyển bước mới chọn người xử lý, bằng tên đăng nhập.");
		return;
	}
	mc_dossier_info info, after;
	if (load(rq, &info))
		return;
	char msg[400];
	if (info.revision != rev) {
		stale(rq, &info);
		goto done;
	}
	if (!mc_dossier_allowed(&info.d, a) || !role_may(rq->user.role, a)) {
		if (!mc_dossier_allowed(&info.d, a))
			snprintf(msg, sizeof msg, "Không thể \"%s\": hồ sơ đang ở trạng thái \"%s\".",
				 mc_action_vn(a), mc_dstate_vn(info.d.state));
		else
			snprintf(msg, sizeof msg, "Vai trò của bạn không được \"%s\".", mc_action_vn(a));
		draw(rq, &info, mc_dossier_allowed(&info.d, a) ? 403 : 409, NULL, msg, 1, -1);
		goto done;
	}
	if ((asks_note(a) || mc_action_needs_note(a)) && (!note || !*note)) {
		snprintf(msg, sizeof msg, "\"%s\" cần ghi rõ lý do: nhập nội dung rồi gửi lại.",
			 mc_action_vn(a));
		draw(rq, &info, 422, NULL, msg, 1, (int)a);
		goto done;
	}
	if (a == MC_ACT_ASSIGN && !assignee) {
		snprintf(msg, sizeof msg, "\"%s\" cần chọn người xử lý: chọn rồi gửi lại.", mc_action_vn(a));
		draw(rq, &info, 422, NULL, msg, 1, (int)a);
		goto done;
	}
	if (asks_confirm(a) && !(confirmed && !strcmp(confirmed, "1"))) {
		confirm_view(rq, &info, a, info.revision, assignee);
		goto done;
	}
	mc_act act = { .action = a, .actor = rq->user.login, .note = note && *note ? note : NULL,
		       .assignee = assignee };
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_error err, e2;
	/* a refusal of the door draws the page again, which reads: back to
	 * before the attempt (the reply's error status rolls back the rest) */
	int rc = mc_store_savepoint(rq->db, &err);
	if (!rc)
		rc = mc_store_act_at_revision(&ctx, rq->param, (int)rev, &act, &after, &err);
	if (rc && rc != MC_ERR_DBCONN && mc_store_savepoint_rollback(rq->db, &e2)) {
		err = e2;
		rc = e2.code;
	}
	if (rc == MC_ERR_INPUT && assignee && strstr(err.message, "assignee")) {
		/* the door: not an active specialist, head or leader of the agency */
		snprintf(msg, sizeof msg, "Không thể \"%s\": người được chọn không phải chuyên viên, lãnh đạo "
			 "phòng hoặc lãnh đạo Sở đang làm việc của cơ quan.", mc_action_vn(a));
		draw(rq, &info, 422, NULL, msg, 1, (int)a);
	} else if (rc == MC_ERR_CONFLICT) {
		stale(rq, &info);
	} else if (rc == MC_ERR_REFUSED && strcmp(err.sqlstate, "42501")) {
		snprintf(msg, sizeof msg, "Không thể \"%s\": hồ sơ đang ở trạng thái \"%s\".",
			 mc_action_vn(a), mc_dstate_vn(info.d.state));
		draw(rq, &info, 409, NULL, msg, 1, -1);
	} else if (rc) {
		mc_page_error(rq, &err);
	} else {
		mc_dossier_info_clear(&after);
		mc_buf loc = { 0 };
		mc_html(&loc, "/ho-so/%u?ok=%u", info.code, mc_action_name(a));
		mc_page_redirect(rq, mc_buf_str(&loc));
		mc_buf_free(&loc);
	}
done:
	mc_dossier_info_clear(&info);
}
