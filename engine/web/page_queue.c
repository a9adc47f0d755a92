/*
 * page_queue.c - the work queue, GET /ho-so: "Hồ sơ của tôi" (the dossiers
 * whose current step the user holds: assignee=me, migration 0020; a
 * specialist's default view), the dossiers of my unit (the current step's
 * unit is the user's) or of the whole agency, counts per
 * state as tabs, filters (procedure, unit, channel, received and due
 * between), the views "due today / within 3 working days / overdue", the
 * time left in working days and hours, sorting, keyset paging (a cursor in
 * the next and previous links) and the search by code, name, phone or ID
 * number: the API's queue (store/queue.h) drawn as a page. Each row names
 * the person who holds its step (Người xử lý).
 *
 * POST /ho-so forwards the checked dossiers (each with the revision the
 * page showed) when they are all in the same procedure and step, in the
 * request's one transaction: one refused and the page says which and why,
 * and nothing is changed (an error reply rolls the transaction back).
 */
#include "page.h"
#include "queue.h"
#include "roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The page's query parameters, kept in every link it draws. */
enum { F_SCOPE, F_STATE, F_PROCEDURE, F_UNIT, F_CHANNEL, F_RECEIVED_FROM, F_RECEIVED_TO,
       F_DUE_FROM, F_DUE_TO, F_VIEW, F_SORT, F_Q, F_LIMIT, F__N };
static const char *const fnames[F__N] = { "scope", "state", "procedure", "unit", "channel",
					  "received_from", "received_to", "due_from", "due_to",
					  "view", "sort", "q", "limit" };

/* Roles that see every dossier of the agency (the one-stop desk returns
 * every result, so its clerks too); the others see their unit's. */
static const char *const all_roles[] = { "clerk", "office", "leader", "admin", "auditor", NULL };
/* Roles whose people hold steps (an assignee's: migration 0020): they have
 * "Hồ sơ của tôi". */
static const char *const holder_roles[] = { "specialist", "head", "leader", NULL };

/* "/ho-so?k=v&..." of the filters `f`, with `key` set to `value` (NULL:
 * left out) and then `extra` (markup-free "name=value" already encoded by
 * the caller through %u, or NULL). */
static void link_to(mc_buf *b, const char *const *f, int key, const char *value, const char *xk,
		    const char *xv)
{
	mc_buf_add(b, "/ho-so");
	char sep = '?';
	for (int i = 0; i < F__N; i++) {
		const char *v = i == key ? value : f[i];
		if (!v || !*v)
			continue;
		mc_html(b, "%r%s=%u", sep == '?' ? "?" : "&amp;", fnames[i], v);
		sep = '&';
	}
	if (xk && xv)
		mc_html(b, "%r%s=%u", sep == '?' ? "?" : "&amp;", xk, xv);
}

/* The same without HTML escaping of '&' (a Location header). */
static void location_of(mc_buf *b, const char *const *f)
{
	mc_buf_add(b, "/ho-so");
	char sep = '?';
	for (int i = 0; i < F__N; i++) {
		if (!f[i] || !*f[i])
			continue;
		mc_buf_addn(b, &sep, 1);
		mc_buf_add(b, fnames[i]);
		mc_buf_add(b, "=");
		mc_html_url(b, f[i]);
		sep = '&';
	}
}

/* "2 ngày 3 giờ" of working time (ticks >= 0). */
static void working_left(char *out, size_t n, int64_t ticks)
{
	int64_t days = ticks / MC_TICKS_PER_DAY, hours = ticks % MC_TICKS_PER_DAY / 3600;
	int64_t mins = ticks % 3600 / 60;
	if (days && hours)
		snprintf(out, n, "%lld ngày %lld giờ", (long long)days, (long long)hours);
	else if (days)
		snprintf(out, n, "%lld ngày", (long long)days);
	else if (hours)
		snprintf(out, n, "%lld giờ %lld phút", (long long)hours, (long long)mins);
	else
		snprintf(out, n, "%lld phút", (long long)mins);
}

/* The row's class ("overdue", "due-soon", ""), its status and time left. */
static const char *row_status(const mc_calendar *cal, const mc_queue_row *w, mc_time now,
			      char *left, size_t n, const char **status)
{
	left[0] = '\0';
	if (*w->result) {
		mc_status st = MC_STATUS_ON_TIME;
		if (!strcmp(w->result, "early"))
			st = MC_STATUS_EARLY;
		else if (!strcmp(w->result, "late"))
			st = MC_STATUS_LATE;
		*status = mc_status_vn(st);
		return "";
	}
	mc_time due = w->due_at;
	int64_t waited, ticks = 0;
	/* a paused clock moves the due moment by the time waited */
	if (w->paused_since && now > w->paused_since &&
	    !mc_calendar_between(cal, w->paused_since, now, &waited, NULL))
		mc_calendar_add_ticks(cal, w->due_at, waited, &due, NULL);
	mc_calendar_between(cal, now, due, &ticks, NULL);
	char t[64];
	working_left(t, sizeof t, ticks < 0 ? -ticks : ticks);
	if (now > due) {
		snprintf(left, n, "Quá hạn %s", t);
		*status = mc_status_vn(MC_STATUS_OVERDUE);
		return "overdue";
	}
	snprintf(left, n, "Còn %s", t);
	mc_time horizon;
	if (mc_calendar_add_ticks(cal, now, MC_TICKS_PER_DAY, &horizon, NULL) || horizon >= due) {
		*status = mc_status_vn(MC_STATUS_DUE_SOON);
		return "due-soon";
	}
	*status = mc_status_vn(MC_STATUS_WITHIN_TIME);
	return "";
}

static const char *step_name(const mc_procedure *p, const char *id)
{
	if (!p || !*id)
		return NULL;
	for (size_t v = p->nversions; v-- > 0;)
		for (size_t k = 0; k < p->versions[v].nsteps; k++)
			if (!strcmp(p->versions[v].steps[k].id, id))
				return p->versions[v].steps[k].name;
	return NULL;
}

static void select_open(mc_buf *b, const char *id, const char *label)
{
	mc_html(b, "<div class=\"field\"><label for=\"%s\">%s</label>\n<select id=\"%s\" name=\"%s\">\n"
		   "<option value=\"\">Tất cả</option>\n", id, label, id, id);
}

static void option(mc_buf *b, const char *value, const char *label, const char *cur)
{
	mc_html(b, "<option value=\"%s\"%r>%s</option>\n", value,
		cur && !strcmp(cur, value) ? " selected" : "", label);
}

static void date_field(mc_buf *b, const char *id, const char *label, const char *v)
{
	mc_html(b, "<div class=\"field\"><label for=\"%s\">%s</label>"
		   "<input type=\"date\" id=\"%s\" name=\"%s\" value=\"%s\"></div>\n",
		id, label, id, id, v ? v : "");
}

/* A date or moment filter into *out; a bad one is a 422 page. */
static int bound(mc_request *rq, const char *v, int end, const char *what, mc_time *out)
{
	mc_error err;
	if (!v || !*v)
		return 0;
	if (mc_queue_parse_moment(v, end, out, &err)) {
		char msg[200];
		snprintf(msg, sizeof msg, "Ngày \"%s\" (%s) không hợp lệ: nhập theo dạng ngày/tháng/năm.",
			 v, what);
		mc_page_fail(rq, 422, "Bộ lọc không hợp lệ", msg);
		return -1;
	}
	return 0;
}

static int plain(const char *v, size_t max)
{
	if (strlen(v) > max)
		return 0;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static void queue_page(mc_request *rq, const char *flash, int status)
{
	const mc_catalog *cat = rq->srv->cat;
	const mc_agency *ag = cat->agency;
	const mc_calendar *cal = rq->srv->cal;
	mc_time now = (mc_time)time(NULL);
	const char *f[F__N];
	for (int i = 0; i < F__N; i++) {
		f[i] = mc_rq_query(rq, fnames[i]);
		if (f[i] && !plain(f[i], 200)) {
			mc_page_fail(rq, 422, "Bộ lọc không hợp lệ", "Giá trị bộ lọc quá dài hoặc có ký tự điều khiển.");
			return;
		}
	}
	int may_all = mc_page_role_in(rq, all_roles);
	int holds = mc_page_role_in(rq, holder_roles);
	/* whose: mine (a specialist's default), my unit's, or all (the roles
	 * that see every dossier: their default) */
	const char *scope = f[F_SCOPE] && !strcmp(f[F_SCOPE], "toi") && holds ? "toi"
			    : f[F_SCOPE] && !strcmp(f[F_SCOPE], "phong") ? "phong"
			    : f[F_SCOPE] && !strcmp(f[F_SCOPE], "tat-ca") && may_all ? "tat-ca"
			    : !strcmp(rq->user.role, "specialist") ? "toi"
			    : may_all ? "tat-ca" : "phong";
	f[F_SCOPE] = scope;
	int own = !strcmp(scope, "toi");
	int mine = !strcmp(scope, "phong");

	mc_queue_query q = { .now = now, .limit = 25 };
	if (f[F_LIMIT] && *f[F_LIMIT]) {
		char *end;
		long l = strtol(f[F_LIMIT], &end, 10);
		if (*end || l < 1 || l > 200) {
			mc_page_fail(rq, 422, "Bộ lọc không hợp lệ", "Số hồ sơ mỗi trang từ 1 đến 200.");
			return;
		}
		q.limit = (int)l;
	}
	q.state = f[F_STATE] && *f[F_STATE] ? f[F_STATE] : NULL;
	q.procedure = f[F_PROCEDURE] && *f[F_PROCEDURE] ? f[F_PROCEDURE] : NULL;
	q.channel = f[F_CHANNEL] && *f[F_CHANNEL] ? f[F_CHANNEL] : NULL;
	q.unit = mine ? rq->user.unit : !own && f[F_UNIT] && *f[F_UNIT] ? f[F_UNIT] : NULL;
	q.assignee = own ? rq->user.login : NULL;
	q.q = f[F_Q] && *f[F_Q] ? f[F_Q] : NULL;
	mc_dstate st;
	mc_channel ch;
	if ((q.state && mc_dstate_parse(q.state, &st)) || (q.channel && mc_channel_parse(q.channel, &ch))) {
		mc_page_fail(rq, 422, "Bộ lọc không hợp lệ", "Trạng thái hoặc kênh tiếp nhận không có.");
		return;
	}
	if (bound(rq, f[F_RECEIVED_FROM], 0, "tiếp nhận từ", &q.received_from) ||
	    bound(rq, f[F_RECEIVED_TO], 1, "tiếp nhận đến", &q.received_to) ||
	    bound(rq, f[F_DUE_FROM], 0, "hẹn trả từ", &q.due_from) ||
	    bound(rq, f[F_DUE_TO], 1, "hẹn trả đến", &q.due_before))
		return;
	const char *view = f[F_VIEW] ? f[F_VIEW] : "";
	if (!strcmp(view, "hom-nay")) {
		int32_t today = mc_time_day(now);
		if (!q.due_from || q.due_from < mc_time_make(today, 0))
			q.due_from = mc_time_make(today, 0);
		if (!q.due_before || q.due_before > mc_time_make(today + 1, 0))
			q.due_before = mc_time_make(today + 1, 0);
	} else if (!strcmp(view, "3-ngay")) {
		mc_time end;
		if (!mc_calendar_add_days(cal, now, 3, &end, NULL)) {
			if (!q.due_from || q.due_from < now)
				q.due_from = now;
			if (!q.due_before || q.due_before > end + 1)
				q.due_before = end + 1;
		}
	} else if (!strcmp(view, "qua-han")) {
		q.overdue = 1;
	} else {
		f[F_VIEW] = NULL;
	}
	const char *sort = f[F_SORT] ? f[F_SORT] : "";
	if (!strcmp(sort, "received"))
		q.sort = MC_QUEUE_SORT_RECEIVED;
	else if (!strcmp(sort, "code"))
		q.sort = MC_QUEUE_SORT_CODE;
	else
		f[F_SORT] = NULL;
	char cur_code[MC_CODE_MAX];
	const char *after = mc_rq_query(rq, "after"), *before = mc_rq_query(rq, "before");
	const char *cursor = before && *before ? before : after && *after ? after : NULL;
	if (cursor) {
		if (mc_queue_cursor_decode(cursor, &q.after_due, cur_code, sizeof cur_code)) {
			mc_page_fail(rq, 422, "Liên kết trang không hợp lệ",
				     "Liên kết trang không đúng. Hãy mở lại danh sách hồ sơ.");
			return;
		}
		q.after = 1;
		q.after_code = cur_code;
		q.before = cursor == before;
	}

	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_error err;
	long counts[MC_DS__COUNT];
	mc_queue_row *rows = NULL;
	size_t n = 0;
	int more = 0;
	if (mc_store_queue_counts(&ctx, &q, counts, &err) ||
	    mc_store_queue_page(&ctx, &q, &rows, &n, &more, &err)) {
		mc_page_error(rq, &err);
		free(rows);
		return;
	}
	/* the count of "Hồ sơ của tôi": the open dossiers whose step I hold */
	long own_count = 0;
	if (!holds) {
		/* no tab of one's own */
	} else if (own) {
		own_count = counts[MC_DS_IN_STEP] + counts[MC_DS_SUPPLEMENT_REQUESTED] +
			    counts[MC_DS_PAUSED];
	} else {
		mc_queue_query oq = { .now = now, .assignee = rq->user.login };
		long oc[MC_DS__COUNT];
		if (mc_store_queue_counts(&ctx, &oq, oc, &err)) {
			free(rows);
			mc_page_error(rq, &err);
			return;
		}
		own_count = oc[MC_DS_IN_STEP] + oc[MC_DS_SUPPLEMENT_REQUESTED] + oc[MC_DS_PAUSED];
	}

	mc_buf b = { 0 };
	mc_page_begin_with(rq, &b, "Hồ sơ", "ho-so", "queue");
	mc_html(&b, "<h1>Hồ sơ</h1>\n");
	if (flash)
		mc_html(&b, "<p class=\"success\" role=\"status\">%s</p>\n", flash);

	/* whose dossiers */
	mc_html(&b, "<nav aria-label=\"Phạm vi\" class=\"scope\"><ul class=\"tabs\">\n");
	if (holds) {
		mc_html(&b, "<li><a href=\"");
		link_to(&b, f, F_SCOPE, "toi", NULL, NULL);
		mc_html(&b, "\" id=\"scope-toi\"%r>Hồ sơ của tôi <span class=\"count\">%ld</span></a></li>\n",
			own ? " aria-current=\"page\"" : "", own_count);
	}
	mc_html(&b, "<li><a href=\"");
	link_to(&b, f, F_SCOPE, "phong", NULL, NULL);
	mc_html(&b, "\" id=\"scope-phong\"%r>Của phòng</a></li>\n", mine ? " aria-current=\"page\"" : "");
	if (may_all) {
		mc_html(&b, "<li><a href=\"");
		link_to(&b, f, F_SCOPE, "tat-ca", NULL, NULL);
		mc_html(&b, "\"%r>Tất cả</a></li>\n", mine ? "" : " aria-current=\"page\"");
	}
	mc_html(&b, "</ul></nav>\n");

	/* the search and the filters: a plain GET form */
	mc_html(&b, "<form method=\"get\" action=\"/ho-so\" class=\"filters card\" role=\"search\">\n"
		    "<input type=\"hidden\" name=\"scope\" value=\"%s\">\n", scope);
	if (q.state)
		mc_html(&b, "<input type=\"hidden\" name=\"state\" value=\"%s\">\n", q.state);
	if (f[F_VIEW])
		mc_html(&b, "<input type=\"hidden\" name=\"view\" value=\"%s\">\n", f[F_VIEW]);
	if (f[F_LIMIT] && *f[F_LIMIT])
		mc_html(&b, "<input type=\"hidden\" name=\"limit\" value=\"%s\">\n", f[F_LIMIT]);
	mc_html(&b, "<div class=\"field wide\"><label for=\"q\">Tìm theo mã hồ sơ, tên, số điện thoại "
		    "hoặc số giấy tờ</label><input type=\"search\" id=\"q\" name=\"q\" value=\"%s\" "
		    "maxlength=\"200\"></div>\n", q.q ? q.q : "");
	select_open(&b, "procedure", "Thủ tục");
	for (size_t i = 0; i < cat->nprocs; i++) {
		char label[400];
		snprintf(label, sizeof label, "%s · %.300s", cat->procs[i].code, cat->procs[i].name);
		option(&b, cat->procs[i].code, label, q.procedure);
	}
	mc_html(&b, "</select></div>\n");
	if (!mine && !own) {
		select_open(&b, "unit", "Đơn vị xử lý");
		for (size_t i = 0; i < ag->nunits; i++)
			option(&b, ag->units[i].id, ag->units[i].name, q.unit);
		mc_html(&b, "</select></div>\n");
	}
	select_open(&b, "channel", "Kênh tiếp nhận");
	for (int c = 0; c < MC_CH__COUNT; c++)
		option(&b, mc_channel_name((mc_channel)c), mc_channel_vn((mc_channel)c), q.channel);
	mc_html(&b, "</select></div>\n");
	date_field(&b, "received_from", "Tiếp nhận từ ngày", f[F_RECEIVED_FROM]);
	date_field(&b, "received_to", "đến ngày", f[F_RECEIVED_TO]);
	date_field(&b, "due_from", "Hẹn trả từ ngày", f[F_DUE_FROM]);
	date_field(&b, "due_to", "đến ngày", f[F_DUE_TO]);
	mc_html(&b, "<div class=\"field\"><label for=\"sort\">Sắp xếp</label><select id=\"sort\" name=\"sort\">\n");
	option(&b, "", "Hạn trả sớm nhất", f[F_SORT] ? f[F_SORT] : "");
	option(&b, "received", "Tiếp nhận sớm nhất", f[F_SORT]);
	option(&b, "code", "Mã hồ sơ", f[F_SORT]);
	mc_html(&b, "</select></div>\n<div class=\"field actions\"><button type=\"submit\" class=\"primary\">"
		    "Lọc</button> <a href=\"/ho-so?scope=%u\">Bỏ lọc</a></div>\n</form>\n", scope);

	/* states as tabs, with their counts */
	long open = counts[MC_DS_IN_STEP] + counts[MC_DS_SUPPLEMENT_REQUESTED] + counts[MC_DS_PAUSED];
	static const mc_dstate tab_states[] = { MC_DS_IN_STEP, MC_DS_SUPPLEMENT_REQUESTED, MC_DS_PAUSED,
						MC_DS_RESULT_READY };
	mc_html(&b, "<nav aria-label=\"Trạng thái hồ sơ\"><ul class=\"tabs states\">\n<li><a href=\"");
	link_to(&b, f, F_STATE, NULL, NULL, NULL);
	mc_html(&b, "\"%r>Đang giải quyết (tất cả) <span class=\"count\">%ld</span></a></li>\n",
		q.state ? "" : " aria-current=\"page\"", open);
	for (size_t i = 0; i < sizeof tab_states / sizeof tab_states[0]; i++) {
		const char *name = mc_dstate_name(tab_states[i]);
		mc_html(&b, "<li><a href=\"");
		link_to(&b, f, F_STATE, name, NULL, NULL);
		mc_html(&b, "\" data-state=\"%s\"%r>%s <span class=\"count\">%ld</span></a></li>\n", name,
			q.state && !strcmp(q.state, name) ? " aria-current=\"page\"" : "",
			mc_dstate_vn(tab_states[i]), counts[tab_states[i]]);
	}
	mc_html(&b, "</ul></nav>\n");

	/* the views */
	static const struct {
		const char *id, *label;
	} views[] = { { "hom-nay", "Đến hạn hôm nay" }, { "3-ngay", "Đến hạn trong 3 ngày làm việc tới" },
		      { "qua-han", "Quá hạn" } };
	mc_html(&b, "<nav aria-label=\"Xem theo hạn\"><ul class=\"tabs views\">\n<li><a href=\"");
	link_to(&b, f, F_VIEW, NULL, NULL, NULL);
	mc_html(&b, "\"%r>Mọi hạn</a></li>\n", f[F_VIEW] ? "" : " aria-current=\"page\"");
	for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
		mc_html(&b, "<li><a href=\"");
		link_to(&b, f, F_VIEW, views[i].id, NULL, NULL);
		mc_html(&b, "\"%r>%s</a></li>\n",
			f[F_VIEW] && !strcmp(f[F_VIEW], views[i].id) ? " aria-current=\"page\"" : "",
			views[i].label);
	}
	mc_html(&b, "</ul></nav>\n");

	/* the bulk forward only for a role that may forward (roles.c) */
	int may_forward = mc_role_may(rq->user.role, MC_ACT_FORWARD);
	if (!n) {
		mc_html(&b, "<p class=\"notice\" id=\"empty\">Không có hồ sơ nào khớp với bộ lọc.</p>\n");
	} else {
		if (may_forward) {
			mc_html(&b, "<form method=\"post\" action=\"/ho-so\" class=\"bulk\" data-once "
				    "data-confirm=\"Chuyển các hồ sơ đã chọn sang bước tiếp theo?\">\n");
			mc_page_csrf(rq, &b);
		}
		for (int i = 0; may_forward && i < F__N; i++)
			if (f[i] && *f[i])
				mc_html(&b, "<input type=\"hidden\" name=\"back_%s\" value=\"%s\">\n",
					fnames[i], f[i]);
		mc_html(&b, "<table class=\"queue\">\n<caption class=\"visually-hidden\">Danh sách hồ sơ"
			    "</caption>\n<thead><tr>%r<th scope=\"col\">Mã hồ sơ</th>",
			may_forward ? "<th scope=\"col\" class=\"pick\"><span class=\"visually-hidden\">Chọn"
				      "</span></th>" : "");
		mc_html(&b, "<th scope=\"col\">Người nộp</th>"
			    "<th scope=\"col\">Thủ tục</th><th scope=\"col\">Bước · đơn vị</th>"
			    "<th scope=\"col\">Người xử lý</th>"
			    "<th scope=\"col\">Trạng thái</th><th scope=\"col\">Tiếp nhận</th>"
			    "<th scope=\"col\">Hẹn trả</th><th scope=\"col\">Thời gian còn lại "
			    "(ngày làm việc)</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const mc_queue_row *w = &rows[i];
			const mc_procedure *p = mc_catalog_find(cat, w->procedure_code);
			const mc_unit *u = *w->step_unit ? mc_agency_unit(ag, w->step_unit) : NULL;
			const char *sn = step_name(p, w->step_id);
			char left[128], rec[32], due[32], value[MC_CODE_MAX + 16];
			const char *verdict = "";
			const char *cls = row_status(cal, w, now, left, sizeof left, &verdict);
			mc_page_moment(rec, sizeof rec, w->received_at);
			mc_page_moment(due, sizeof due, w->due_at);
			mc_dstate ds = MC_DS_IN_STEP;
			mc_dstate_parse(w->state, &ds);
			snprintf(value, sizeof value, "%s@%d", w->code, w->revision);
			mc_html(&b, "<tr data-code=\"%s\"%r%s%r>", w->code, *cls ? " class=\"" : "", cls,
				*cls ? "\"" : "");
			if (may_forward)
				mc_html(&b, "<td class=\"pick\"><input type=\"checkbox\" name=\"d\" value=\"%s\" id=\"c-%s\" "
					    "aria-label=\"Chọn hồ sơ %s\"%r></td>",
					value, w->code, w->code, ds == MC_DS_IN_STEP ? "" : " disabled");
			mc_html(&b, "<td><a href=\"/ho-so/%s\">%s</a></td><td>%s</td>", w->code, w->code,
				w->applicant);
			mc_html(&b, "<td><span class=\"proc-code\">%s</span> <span class=\"proc-name\">%s</span></td>",
				w->procedure_code, p ? p->name : "");
			mc_html(&b, "<td>%s<br><span class=\"unit\">%s</span></td>", sn ? sn : "",
				u ? u->name : "");
			/* the holder of the step: the full name (the login when the
			 * name is not known), or nobody yet */
			if (*w->assignee)
				mc_html(&b, "<td class=\"assignee\" data-assignee=\"%s\">%s</td>", w->assignee,
					*w->assignee_name ? w->assignee_name : w->assignee);
			else
				mc_html(&b, "<td class=\"assignee none\">%s</td>",
					ds == MC_DS_IN_STEP || ds == MC_DS_SUPPLEMENT_REQUESTED ||
					ds == MC_DS_PAUSED ? "Chưa giao" : "");
			mc_html(&b, "<td>%s<br><span class=\"verdict\">%s</span></td><td>%s</td><td>%s</td>"
				    "<td class=\"left\">%s</td></tr>\n",
				mc_dstate_vn(ds), verdict, rec, due, left);
		}
		mc_html(&b, "</tbody>\n</table>\n");
		if (may_forward)
			mc_html(&b, "<p class=\"bulk-actions\"><button type=\"submit\" name=\"action\" "
				    "value=\"forward\" class=\"primary\">Chuyển bước các hồ sơ đã chọn</button> "
				    "<span class=\"hint\">Chỉ chuyển cùng lúc các hồ sơ cùng thủ tục và cùng bước."
				    "</span></p>\n</form>\n");
		/* keyset paging */
		int has_prev = q.before ? more : q.after;
		int has_next = q.before ? 1 : more;
		mc_html(&b, "<nav aria-label=\"Trang\" class=\"pager\">");
		char c[MC_QUEUE_CURSOR_MAX];
		if (has_prev) {
			mc_queue_cursor_encode(c, sizeof c, mc_queue_row_key(&rows[0], q.sort), rows[0].code);
			mc_html(&b, "<a rel=\"prev\" href=\"");
			link_to(&b, f, -1, NULL, "before", c);
			mc_html(&b, "\">← Trang trước</a> ");
		}
		if (has_next) {
			mc_queue_cursor_encode(c, sizeof c, mc_queue_row_key(&rows[n - 1], q.sort),
					       rows[n - 1].code);
			mc_html(&b, "<a rel=\"next\" href=\"");
			link_to(&b, f, -1, NULL, "after", c);
			mc_html(&b, "\">Trang sau →</a>");
		}
		mc_html(&b, "</nav>\n");
	}
	free(rows);
	mc_page_send(rq, &b, status);
}

void mc_page_queue(mc_request *rq)
{
	const char *ok = mc_rq_query(rq, "da-chuyen");
	char flash[160];
	if (ok && *ok) {
		long k = strtol(ok, NULL, 10);
		snprintf(flash, sizeof flash, "Đã chuyển %ld hồ sơ sang bước tiếp theo.", k);
	}
	queue_page(rq, ok && *ok ? flash : NULL, 200);
}

#define BULK_MAX 100

/* One refused dossier of a bulk forward, for the page. */
static void refused(mc_buf *list, const char *code, const char *why)
{
	mc_html(list, "<li><a href=\"/ho-so/%s\">%s</a>: %s</li>\n", code, code, why);
}

void mc_page_queue_bulk(mc_request *rq)
{
	if (!mc_page_form(rq))
		return;
	const char *back[F__N];
	char name[32];
	for (int i = 0; i < F__N; i++) {
		snprintf(name, sizeof name, "back_%s", fnames[i]);
		back[i] = mc_rq_form(rq, name);
	}
	size_t n = 0;
	while (n <= BULK_MAX && mc_rq_form_nth(rq, "d", n))
		n++;
	if (!n) {
		mc_page_fail(rq, 422, "Chưa chọn hồ sơ", "Hãy đánh dấu các hồ sơ cần chuyển bước.");
		return;
	}
	if (n > BULK_MAX) {
		mc_page_fail(rq, 422, "Quá nhiều hồ sơ", "Mỗi lần chuyển bước tối đa 100 hồ sơ.");
		return;
	}
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_buf list = { 0 };
	int status = 0;
	char proc[64] = "", step[64] = "";
	mc_dossier_info *infos = calloc(n, sizeof *infos);
	int *revs = calloc(n, sizeof *revs);
	if (!infos || !revs) {
		free(infos);
		free(revs);
		mc_page_fail(rq, 500, "Lỗi hệ thống", NULL);
		return;
	}
	size_t loaded = 0;
	/* first every dossier checked as the page showed it, then each forwarded */
	for (size_t i = 0; i < n; i++) {
		char code[MC_CODE_MAX];
		const char *v = mc_rq_form_nth(rq, "d", i);
		const char *at = strrchr(v, '@');
		char *end;
		long rev = at ? strtol(at + 1, &end, 10) : -1;
		if (!at || at == v || (size_t)(at - v) >= sizeof code || !at[1] || *end || rev < 1) {
			refused(&list, v, "không phải một hồ sơ của trang");
			status = 422;
			continue;
		}
		memcpy(code, v, (size_t)(at - v));
		code[at - v] = '\0';
		mc_error err;
		mc_dossier_info *info = &infos[loaded];
		if (mc_store_dossier_get(&ctx, code, info, &err)) {
			refused(&list, code, err.code == MC_ERR_NOTFOUND ? "không có hồ sơ này" : err.message);
			status = err.code == MC_ERR_NOTFOUND ? 404 : 409;
			continue;
		}
		loaded++;
		revs[loaded - 1] = (int)rev;
		const mc_version *ver = info->d.version;
		const char *sid = ver && info->d.step >= 0 && (size_t)info->d.step < ver->nsteps
				  ? ver->steps[info->d.step].id : "";
		if (info->revision != rev) {
			refused(&list, code, "hồ sơ đã được người khác cập nhật sau khi trang được mở");
			status = 409;
		} else if (!mc_dossier_allowed(&info->d, MC_ACT_FORWARD)) {
			char why[200];
			snprintf(why, sizeof why, "trạng thái \"%s\" không cho phép chuyển bước",
				 mc_dstate_vn(info->d.state));
			refused(&list, code, why);
			status = 409;
		} else if (!*proc) {
			snprintf(proc, sizeof proc, "%s", info->procedure_code);
			snprintf(step, sizeof step, "%s", sid);
		} else if (strcmp(proc, info->procedure_code) || strcmp(step, sid)) {
			refused(&list, code, "khác thủ tục hoặc khác bước với hồ sơ đầu tiên được chọn");
			status = 409;
		}
	}
	for (size_t i = 0; !status && i < loaded; i++) {
		mc_act act = { .action = MC_ACT_FORWARD, .actor = rq->user.login };
		mc_error err;
		int rc = mc_store_act_at_revision(&ctx, infos[i].code, revs[i], &act, NULL, &err);
		if (rc == MC_ERR_CONFLICT) {
			refused(&list, infos[i].code, "hồ sơ đã được người khác cập nhật sau khi trang được mở");
			status = 409;
		} else if (rc == MC_ERR_REFUSED && !strcmp(err.sqlstate, "42501")) {
			refused(&list, infos[i].code, "vai trò của bạn không được chuyển bước hồ sơ");
			status = 403;
		} else if (rc) {
			const char *code;
			int st = mc_error_http(rq, &err, &code);
			refused(&list, infos[i].code, st == 500 ? "lỗi hệ thống" : err.message);
			status = st == 500 ? 500 : 409;
		}
	}
	for (size_t i = 0; i < loaded; i++)
		mc_dossier_info_clear(&infos[i]);
	free(infos);
	free(revs);
	if (!status) {
		mc_buf loc = { 0 };
		location_of(&loc, back);
		mc_buf_add(&loc, strchr(mc_buf_str(&loc), '?') ? "&" : "?");
		char k[32];
		snprintf(k, sizeof k, "da-chuyen=%zu", n);
		mc_buf_add(&loc, k);
		mc_buf_free(&list);
		mc_page_redirect(rq, mc_buf_str(&loc));
		mc_buf_free(&loc);
		return;
	}
	/* an error reply: the transaction rolls back, nothing was forwarded */
	mc_buf b = { 0 };
	mc_page_begin_with(rq, &b, "Không chuyển được hồ sơ", "ho-so", "queue");
	mc_html(&b, "<h1>Không chuyển được hồ sơ</h1>\n<p class=\"error\" role=\"alert\">Không hồ sơ nào "
		    "được chuyển bước: các hồ sơ dưới đây không chuyển được.</p>\n<ul class=\"refused\">\n%r"
		    "</ul>\n<p><a href=\"", mc_buf_str(&list));
	mc_buf_free(&list);
	{
		mc_buf loc = { 0 };
		location_of(&loc, back);
		mc_html(&b, "%s", mc_buf_str(&loc));
		mc_buf_free(&loc);
	}
	mc_html(&b, "\">Quay lại danh sách hồ sơ</a></p>\n");
	mc_page_send(rq, &b, status);
}
