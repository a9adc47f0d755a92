/*
 * page_office.c - the page "Văn phòng": the office's and the leaders' desk.
 *
 *   GET  /van-phong?muc=canh-bao[&dem=YYYY-MM-DD]   a night's alerts per unit
 *   GET  /van-phong?muc=xin-loi[&ma=CODE]           apologies due, a draft
 *   POST /van-phong                                 preview or issue a letter
 *   GET  /van-phong/thu-xin-loi/{code}.pdf          the issued letter again
 *   GET  /van-phong?muc=bao-cao[&tu=&den=]          the period report, charts
 *   GET  /van-phong/nguoi-dung                      users (admin)
 *   POST /van-phong/nguoi-dung                      add or disable a user
 *
 * The same functions as the API's routes (engine/server/api_office.c): the
 * nightly job's alerts, the pending letters and their drafts, the letter
 * job, the report builder; the accounts' store functions for the users,
 * whose routes run as the server's own login (R_ACCOUNT) and let only an
 * admin in. Leaders and the auditor read; only the office issues letters.
 */
#include "page.h"

#include "apology.h"
#include "apology_letter.h"
#include "apology_store.h"
#include "civil.h"
#include "nightly.h"
#include "register_render.h"
#include "report.h"
#include "roles.h"
#include "slip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Alerts shown on one page (a whole province's night is for the CSV). */
#define ALERTS_SHOWN 2000
#define NIGHTS_SHOWN 14
#define LETTERS_SHOWN 30
#define REASON_MAX 2000

static const char *const readers[] = { "leader", "office", "admin", "auditor", NULL };

static int issues_letters(const mc_request *rq)
{
	const char *db = mc_role_db(rq->user.role, NULL);
	return db && !strcmp(db, "motcua_office");
}

static int is_admin(const mc_request *rq)
{
	return rq->authed && !strcmp(rq->user.role, "admin");
}

static mc_time now(void)
{
	return (mc_time)time(NULL);
}

static const char *unit_name(const mc_request *rq, const char *id)
{
	const mc_unit *u = mc_agency_unit(rq->srv->cat->agency, id);
	return u && u->name ? u->name : id;
}

/* A step's name from its id: the catalogue's, when every procedure that
 * has a step of that id names it the same; else the id itself. */
static const char *step_name(const mc_request *rq, const char *id)
{
	const mc_catalog *cat = rq->srv->cat;
	const char *name = NULL;
	for (size_t p = 0; p < cat->nprocs; p++)
		for (size_t v = 0; v < cat->procs[p].nversions; v++) {
			const mc_version *ver = &cat->procs[p].versions[v];
			for (size_t k = 0; k < ver->nsteps; k++) {
				const mc_step *st = &ver->steps[k];
				if (!st->id || strcmp(st->id, id) || !st->name)
					continue;
				if (name && strcmp(name, st->name))
					return id;
				name = st->name;
			}
		}
	return name ? name : id;
}

static void num(char *out, size_t n, long v)
{
	mc_html_decimal(out, n, (double)v, 0);
}

/* The dossier `code`, or an error page (not found: in Vietnamese). */
static int dossier_or_page(mc_request *rq, mc_store_ctx *ctx, const char *code,
			   mc_dossier_info *info)
{
	mc_error err;
	if (!mc_store_dossier_get(ctx, code, info, &err))
		return 0;
	if (err.code == MC_ERR_NOTFOUND) {
		char msg[200];
		snprintf(msg, sizeof msg, "Không có hồ sơ mã %s.", code);
		mc_page_fail(rq, 404, "Không tìm thấy hồ sơ", msg);
	} else {
		mc_page_error(rq, &err);
	}
	return -1;
}

/* ---- the frame: title and tabs ------------------------------------------ */

static const struct {
	const char *id, *label;
} tabs[] = {
	{ "canh-bao", "Cảnh báo" },
	{ "xin-loi", "Xin lỗi" },
	{ "bao-cao", "Báo cáo" },
	{ "nguoi-dung", "Người dùng" },
};

static void begin(mc_request *rq, mc_buf *b, const char *title, const char *current)
{
	mc_page_begin_with(rq, b, title, "van-phong", "office");
	mc_html(b, "<h1>Văn phòng</h1>\n<nav aria-label=\"Mục của Văn phòng\">"
		   "<ul class=\"tabs office-tabs\">\n");
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
		int users = !strcmp(tabs[i].id, "nguoi-dung");
		if (users && !is_admin(rq))
			continue;
		mc_buf href = { 0 };
		if (users)
			mc_html(&href, "/van-phong/nguoi-dung");
		else
			mc_html(&href, "/van-phong?muc=%u", tabs[i].id);
		mc_html(b, "<li><a href=\"%s\"%r>%s</a></li>\n", mc_buf_str(&href),
			!strcmp(current, tabs[i].id) ? " aria-current=\"page\"" : "", tabs[i].label);
		mc_buf_free(&href);
	}
	mc_html(b, "</ul></nav>\n");
}

/* ---- Cảnh báo ------------------------------------------------------------ */

static const char *kind_vn(const char *kind)
{
	if (!strcmp(kind, "due_soon"))
		return "Sắp đến hạn";
	if (!strcmp(kind, "apology_required"))
		return "Cần thư xin lỗi";
	if (!strcmp(kind, "overdue"))
		return "Quá hạn";
	return kind;
}

static const char *kind_class(const char *kind)
{
	if (!strcmp(kind, "overdue"))
		return "overdue";
	return "due-soon";
}

typedef struct alerts_acc {
	mc_request *rq;
	mc_buf rows;          /* the current unit's rows */
	mc_buf out;           /* the finished units */
	char unit[64];
	long n, in_unit, soon, apology, overdue;
} alerts_acc;

static void alerts_flush(alerts_acc *acc)
{
	if (!acc->in_unit)
		return;
	mc_html(&acc->out,
		"<section class=\"card unit-alerts\" aria-labelledby=\"unit-%s\">\n"
		"<h3 id=\"unit-%s\">%s <span class=\"hint\">(%ld cảnh báo)</span></h3>\n"
		"<table>\n<thead><tr><th scope=\"col\">Loại</th><th scope=\"col\">Mã hồ sơ</th>"
		"<th scope=\"col\">Phạm vi</th><th scope=\"col\">Hạn xử lý</th>"
		"<th scope=\"col\" class=\"num\">Trễ (ngày làm việc)</th>"
		"<th scope=\"col\">Hạn gửi thư xin lỗi</th></tr></thead>\n<tbody>\n%r</tbody>\n"
		"</table>\n</section>\n",
		acc->unit, acc->unit, unit_name(acc->rq, acc->unit), acc->in_unit,
		mc_buf_str(&acc->rows));
	mc_buf_free(&acc->rows);
	acc->in_unit = 0;
}

static void on_alert(const mc_alert *a, void *arg)
{
	alerts_acc *acc = arg;
	acc->n++;
	if (!strcmp(a->kind, "due_soon"))
		acc->soon++;
	else if (!strcmp(a->kind, "apology_required"))
		acc->apology++;
	else if (!strcmp(a->kind, "overdue"))
		acc->overdue++;
	if (acc->n > ALERTS_SHOWN)
		return;
	if (strcmp(acc->unit, a->unit)) {
		alerts_flush(acc);
		snprintf(acc->unit, sizeof acc->unit, "%s", a->unit);
	}
	acc->in_unit++;
	char due[32], deadline[32], late[32];
	mc_page_moment(due, sizeof due, a->due_at);
	mc_page_moment(deadline, sizeof deadline, a->apology_deadline);
	if (a->late_ticks > 0)
		mc_html_decimal(late, sizeof late, (double)a->late_ticks / MC_TICKS_PER_DAY, 2);
	else
		snprintf(late, sizeof late, "—");
	mc_buf scope = { 0 };
	if (!strcmp(a->scope, "dossier"))
		mc_html(&scope, "Hồ sơ");
	else
		mc_html(&scope, "Bước: %s", step_name(acc->rq, a->scope));
	mc_html(&acc->rows,
		"<tr class=\"%s\"><td><span class=\"badge %s\">%s</span></td>"
		"<td><a href=\"/ho-so/%s\">%s</a></td><td>%r</td><td>%s</td><td class=\"num\">%s</td>"
		"<td>%s</td></tr>\n",
		kind_class(a->kind), !strcmp(a->kind, "overdue") ? "late" : "soon", kind_vn(a->kind),
		a->code, a->code, mc_buf_str(&scope), due, late, deadline[0] ? deadline : "—");
	mc_buf_free(&scope);
}

static int alerts_section(mc_request *rq, mc_buf *b)
{
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_error err;
	int32_t night = mc_time_day(now());
	const char *dem = mc_rq_query(rq, "dem");
	if (dem && *dem && mc_parse_date(dem, &night, &err)) {
		mc_page_fail(rq, 422, "Ngày không hợp lệ",
			     "Ngày của đêm đánh giá phải có dạng năm-tháng-ngày, ví dụ 2026-06-05.");
		return -1;
	}
	mc_night nights[NIGHTS_SHOWN];
	size_t nn = 0;
	if (mc_store_nights(&ctx, NIGHTS_SHOWN, nights, &nn, &err)) {
		mc_page_error(rq, &err);
		return -1;
	}
	alerts_acc acc;
	memset(&acc, 0, sizeof acc);
	acc.rq = rq;
	if (mc_nightly_alerts(&ctx, night, on_alert, &acc, &err)) {
		mc_buf_free(&acc.rows);
		mc_buf_free(&acc.out);
		mc_page_error(rq, &err);
		return -1;
	}
	alerts_flush(&acc);
	char day_vn[16], day_iso[16];
	mc_format_date_vn(day_vn, sizeof day_vn, night);
	mc_format_date(day_iso, sizeof day_iso, night);
	int done = 0;
	for (size_t i = 0; i < nn; i++)
		done |= nights[i].as_of == night;
	mc_html(b, "<section aria-labelledby=\"alerts-title\">\n"
		   "<h2 id=\"alerts-title\">Cảnh báo đêm %s</h2>\n", day_vn);
	mc_html(b, "<form method=\"get\" action=\"/van-phong\" class=\"office-filter\">"
		   "<input type=\"hidden\" name=\"muc\" value=\"canh-bao\">"
		   "<label for=\"dem\">Đêm đánh giá</label> "
		   "<input type=\"date\" id=\"dem\" name=\"dem\" value=\"%s\"> "
		   "<button type=\"submit\">Xem</button></form>\n", day_iso);
	if (nn) {
		mc_html(b, "<p class=\"nights\">Các đêm gần đây: ");
		for (size_t i = 0; i < nn; i++) {
			char vn[16], iso[16], al[32];
			mc_format_date_vn(vn, sizeof vn, nights[i].as_of);
			mc_format_date(iso, sizeof iso, nights[i].as_of);
			num(al, sizeof al, nights[i].alerts);
			mc_html(b, "%r<a href=\"/van-phong?muc=canh-bao&amp;dem=%u\"%r>%s</a> "
				   "<span class=\"hint\">(%s cảnh báo)</span>",
				i ? " · " : "", iso, nights[i].as_of == night ? " aria-current=\"date\"" : "",
				vn, al);
		}
		mc_html(b, "</p>\n");
	}
	if (!done) {
		mc_html(b, "<p class=\"notice\">Đêm %s chưa được đánh giá: công việc hằng đêm "
			   "(<kbd>motcua nightly</kbd>) chưa chạy cho ngày này.</p>\n", day_vn);
	} else if (!acc.n) {
		mc_html(b, "<p class=\"success\">Đêm %s không có cảnh báo nào.</p>\n", day_vn);
	} else {
		char t[32], s1[32], s2[32], s3[32];
		num(t, sizeof t, acc.n);
		num(s1, sizeof s1, acc.overdue);
		num(s2, sizeof s2, acc.apology);
		num(s3, sizeof s3, acc.soon);
		mc_html(b, "<p class=\"alert-summary\"><strong>%s cảnh báo</strong>: %s quá hạn, "
			   "%s cần thư xin lỗi, %s sắp đến hạn.</p>\n", t, s1, s2, s3);
		if (acc.n > ALERTS_SHOWN)
			mc_html(b, "<p class=\"notice\">Chỉ hiện %d cảnh báo đầu tiên; danh sách đầy đủ: "
				   "<kbd>motcua nightly --as-of %s --format csv</kbd> hoặc "
				   "<a href=\"/api/v1/alerts?night=%u\">API cảnh báo</a>.</p>\n",
				ALERTS_SHOWN, day_iso, day_iso);
		mc_html(b, "%r", mc_buf_str(&acc.out));
	}
	mc_html(b, "</section>\n");
	mc_buf_free(&acc.out);
	return 0;
}

/* ---- Xin lỗi ------------------------------------------------------------- */

typedef struct pending_acc {
	mc_store_ctx *ctx;
	mc_time at;
	mc_buf rows;
	int n;
	mc_error *err;
} pending_acc;

static int on_pending(const char *code, void *arg)
{
	pending_acc *p = arg;
	mc_dossier_info info;
	mc_apology a;
	int rc = mc_store_dossier_get(p->ctx, code, &info, p->err);
	if (rc)
		return rc;
	rc = mc_apology_draft(p->ctx->cal, &info, p->at, 0, &a, p->err);
	if (!rc) {
		char due[32], deadline[32], appt[32];
		mc_page_moment(due, sizeof due, a.original_due);
		mc_page_moment(deadline, sizeof deadline, a.deadline);
		mc_page_moment(appt, sizeof appt, a.new_appointment);
		mc_html(&p->rows,
			"<tr%r><td><a href=\"/ho-so/%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td>"
			"<td>%s%r</td><td>%s</td>"
			"<td><a class=\"button\" href=\"/van-phong?muc=xin-loi&amp;ma=%u#soan-thu\">"
			"Soạn thư<span class=\"visually-hidden\"> cho hồ sơ %s</span></a></td></tr>\n",
			a.late ? " class=\"overdue\"" : "", info.code, info.code, info.applicant_name,
			info.procedure ? info.procedure->name : info.procedure_code, due, deadline,
			a.late ? " <span class=\"badge late\">đã quá hạn gửi</span>" : "", appt, info.code,
			info.code);
		p->n++;
	}
	mc_dossier_info_clear(&info);
	return rc;
}

typedef struct letters_acc {
	mc_buf rows;
	int n;
} letters_acc;

static int on_letter(const char *code, const mc_apology *a, const char *reason, const char *by,
		     void *arg)
{
	letters_acc *l = arg;
	char issued[32], appt[32];
	mc_page_moment(issued, sizeof issued, a->issued_at);
	mc_page_moment(appt, sizeof appt, a->new_appointment);
	mc_html(&l->rows,
		"<tr><td>%d/%d%r</td><td><a href=\"/ho-so/%s\">%s</a></td><td>%s</td><td>%s</td>"
		"<td>%s</td><td>%s</td><td><a href=\"/van-phong/thu-xin-loi/%s.pdf\">"
		"In lại (PDF)<span class=\"visually-hidden\"> thư số %d/%d</span></a></td></tr>\n",
		a->number, a->year, a->late ? " <span class=\"badge late\">gửi muộn</span>" : "", code,
		code, issued, appt, reason, by, code, a->number, a->year);
	l->n++;
	return 0;
}

/* What the drafting form shows again: the values typed, and a message. */
typedef struct draft_form {
	const char *code, *reason, *appt;
	const char *message;         /* an error, or NULL */
	int previewed;
} draft_form;

/* The letter's text as it will be printed, the reason in a span that the
 * page's script fills as it is typed. */
static void letter_preview(mc_request *rq, mc_buf *b, const mc_dossier_info *info,
			   const mc_apology *a, const char *reason)
{
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	mc_apology_letter(&doc, rq->srv->cat->agency, info, a, "\x01");
	mc_buf text = { 0 };
	mc_document_text(&doc, &text);
	mc_document_clear(&doc);
	const char *t = mc_buf_str(&text);
	const char *mark = strchr(t, '\x01');
	mc_html(b, "<figure class=\"letter-preview\" aria-labelledby=\"preview-title\">\n"
		   "<figcaption id=\"preview-title\">Thư như sẽ được in (dự thảo: số thư cấp khi phát hành)"
		   "</figcaption>\n<pre class=\"letter\">");
	if (mark) {
		mc_buf head = { 0 }, tail = { 0 };
		mc_buf_addn(&head, t, (size_t)(mark - t));
		mc_buf_add(&tail, mark + 1);
		mc_html(b, "%s<span id=\"ly-do-xem\">%s</span>%s", mc_buf_str(&head),
			reason && *reason ? reason : "[nêu lý do]", mc_buf_str(&tail));
		mc_buf_free(&head);
		mc_buf_free(&tail);
	} else {
		mc_html(b, "%s", t);
	}
	mc_html(b, "</pre>\n</figure>\n");
	mc_buf_free(&text);
}

/* The draft of dossier f->code's letter: its facts, the form and the text.
 * 0, or -1 when the reply is an error page. */
static int draft_section(mc_request *rq, mc_buf *b, const draft_form *f)
{
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_dossier_info info;
	mc_apology a;
	mc_error err;
	mc_time appt = 0;
	if (dossier_or_page(rq, &ctx, f->code, &info))
		return -1;
	const char *message = f->message;
	if (f->appt && *f->appt && mc_parse_moment(f->appt, &appt, &err)) {
		message = "Ngày hẹn trả kết quả mới không hợp lệ.";
		appt = 0;
	}
	int rc = mc_apology_draft(ctx.cal, &info, now(), appt, &a, &err);
	if (rc && appt) {
		message = "Ngày hẹn trả kết quả mới phải sau thời điểm phát hành thư.";
		rc = mc_apology_draft(ctx.cal, &info, now(), 0, &a, &err);
	}
	mc_html(b, "<section id=\"soan-thu\" class=\"card draft\" aria-labelledby=\"draft-title\">\n"
		   "<h2 id=\"draft-title\">Soạn thư xin lỗi: hồ sơ %s</h2>\n", info.code);
	if (rc) {
		mc_html(b, "<p class=\"error\" role=\"alert\">Hồ sơ %s đã kết thúc (%s): không cần thư "
			   "xin lỗi.</p>\n</section>\n", info.code, mc_dstate_vn(info.d.state));
		mc_dossier_info_clear(&info);
		return 0;
	}
	char due[32], deadline[32], sugg[32], appt_iso[32];
	mc_page_moment(due, sizeof due, a.original_due);
	mc_page_moment(deadline, sizeof deadline, a.deadline);
	mc_page_moment(sugg, sizeof sugg, a.new_appointment);
	{
		char d[16];
		int32_t s = mc_time_secs(a.new_appointment);
		mc_format_date(d, sizeof d, mc_time_day(a.new_appointment));
		snprintf(appt_iso, sizeof appt_iso, "%sT%02d:%02d", d, s / 3600, s / 60 % 60);
	}
	mc_html(b, "<dl class=\"facts\"><dt>Người nộp</dt><dd>%s</dd><dt>Thủ tục</dt><dd>%s</dd>"
		   "<dt>Hạn trả kết quả</dt><dd>%s</dd><dt>Hạn gửi thư xin lỗi</dt><dd>%s%r</dd>"
		   "<dt>Hẹn trả kết quả mới</dt><dd>%s</dd></dl>\n",
		info.applicant_name, info.procedure ? info.procedure->name : info.procedure_code, due,
		deadline,
		a.late ? " <span class=\"badge late\">đã quá hạn: thư sẽ được ghi là gửi muộn</span>" : "",
		sugg);
	if (info.d.apologies >= 1)
		mc_html(b, "<p class=\"notice\">Hồ sơ này đã được hẹn lại một lần. Lần hẹn lại thứ hai "
			   "cần lý do riêng và do Văn phòng thực hiện bằng lệnh "
			   "<kbd>motcua apology --force</kbd>.</p>\n");
	if (message)
		mc_html(b, "<p class=\"error\" role=\"alert\" id=\"draft-error\">%s</p>\n", message);
	if (issues_letters(rq) && info.d.apologies < 1) {
		mc_html(b, "<form method=\"post\" action=\"/van-phong\" class=\"stack draft-form\" "
			   "data-once>\n");
		mc_page_csrf(rq, b);
		mc_html(b, "<input type=\"hidden\" name=\"ma\" value=\"%s\">\n"
			   "<label for=\"ly_do\">Lý do chậm trễ <span class=\"hint\">(in trong thư)</span>"
			   "</label>\n<textarea id=\"ly_do\" name=\"ly_do\" required maxlength=\"2000\"%r>%s"
			   "</textarea>\n"
			   "<label for=\"hen_moi\">Hẹn trả kết quả mới <span class=\"hint\">(để trống: "
			   "theo phần việc còn lại, %s)</span></label>\n"
			   "<input type=\"datetime-local\" id=\"hen_moi\" name=\"hen_moi\" value=\"%s\">\n"
			   "<div class=\"actions\"><button type=\"submit\" name=\"thao_tac\" "
			   "value=\"xem-truoc\">Xem trước thư</button> "
			   "<button type=\"submit\" name=\"thao_tac\" value=\"phat-hanh\" class=\"primary\" "
			   "id=\"phat-hanh\">Phát hành thư xin lỗi</button></div>\n</form>\n",
			info.code, message ? " aria-describedby=\"draft-error\"" : "",
			f->reason ? f->reason : "", sugg, f->appt && *f->appt ? f->appt : appt_iso);
	} else if (!issues_letters(rq)) {
		mc_html(b, "<p class=\"hint\">Thư xin lỗi do Văn phòng phát hành; trang này chỉ để xem.</p>\n");
	}
	letter_preview(rq, b, &info, &a, f->reason);
	mc_html(b, "</section>\n");
	mc_dossier_info_clear(&info);
	return 0;
}

static int apologies_section(mc_request *rq, mc_buf *b, const draft_form *f)
{
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_error err;
	const char *issued = mc_rq_query(rq, "da-phat-hanh");
	if (issued && *issued)
		mc_html(b, "<p class=\"success\" role=\"status\">Đã phát hành thư xin lỗi cho hồ sơ %s. "
			   "<a href=\"/van-phong/thu-xin-loi/%s.pdf\" id=\"thu-pdf\">Mở thư để in (PDF)</a></p>\n",
			issued, issued);
	if (f && f->code && draft_section(rq, b, f))
		return -1;
	pending_acc p = { &ctx, now(), { 0 }, 0, &err };
	if (mc_apology_pending(&ctx, p.at, on_pending, &p, &err)) {
		mc_buf_free(&p.rows);
		mc_page_error(rq, &err);
		return -1;
	}
	mc_html(b, "<section aria-labelledby=\"due-title\">\n<h2 id=\"due-title\">Hồ sơ cần thư xin lỗi"
		   " <span class=\"hint\">(%d)</span></h2>\n", p.n);
	if (!p.n)
		mc_html(b, "<p class=\"success\">Không có hồ sơ nào cần thư xin lỗi.</p>\n");
	else
		mc_html(b, "<p class=\"hint\">Hồ sơ đang giải quyết không thể hoàn thành đúng hạn và chưa "
			   "có thư. Thư phải gửi chậm nhất vào cuối ngày làm việc trước ngày hết hạn.</p>\n"
			   "<table class=\"apologies-due\">\n<thead><tr><th scope=\"col\">Mã hồ sơ</th>"
			   "<th scope=\"col\">Người nộp</th><th scope=\"col\">Thủ tục</th>"
			   "<th scope=\"col\">Hạn trả kết quả</th><th scope=\"col\">Hạn gửi thư</th>"
			   "<th scope=\"col\">Hẹn mới đề xuất</th><th scope=\"col\">Thao tác</th></tr></thead>\n"
			   "<tbody>\n%r</tbody>\n</table>\n", mc_buf_str(&p.rows));
	mc_html(b, "</section>\n");
	mc_buf_free(&p.rows);
	letters_acc l = { { 0 }, 0 };
	if (mc_store_apology_recent(&ctx, LETTERS_SHOWN, on_letter, &l, &err)) {
		mc_buf_free(&l.rows);
		mc_page_error(rq, &err);
		return -1;
	}
	mc_html(b, "<section aria-labelledby=\"issued-title\">\n<h2 id=\"issued-title\">Thư đã phát hành"
		   "</h2>\n");
	if (!l.n)
		mc_html(b, "<p>Chưa có thư xin lỗi nào.</p>\n");
	else
		mc_html(b, "<table class=\"letters\">\n<thead><tr><th scope=\"col\">Số</th>"
			   "<th scope=\"col\">Mã hồ sơ</th><th scope=\"col\">Ngày phát hành</th>"
			   "<th scope=\"col\">Hẹn trả mới</th><th scope=\"col\">Lý do</th>"
			   "<th scope=\"col\">Người phát hành</th><th scope=\"col\">Thư</th></tr></thead>\n"
			   "<tbody>\n%r</tbody>\n</table>\n", mc_buf_str(&l.rows));
	mc_html(b, "</section>\n");
	mc_buf_free(&l.rows);
	return 0;
}

/* ---- Báo cáo ------------------------------------------------------------- */

typedef struct bar {
	const char *label;
	long value;
	const char *fill;
} bar;

/* A horizontal bar chart, drawn here as SVG (presentation attributes
 * only: the policy forbids style attributes), each bar with its value. */
static void bar_chart(mc_buf *b, const char *id, const char *title, const bar *bars, size_t n)
{
	long max = 1;
	for (size_t i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	const int label_w = 230, bar_w = 420, row_h = 30, top = 8;
	int h = top * 2 + (int)n * row_h;
	mc_buf desc = { 0 };
	for (size_t i = 0; i < n; i++) {
		char v[32];
		num(v, sizeof v, bars[i].value);
		mc_html(&desc, "%r%s: %s", i ? "; " : "", bars[i].label, v);
	}
	mc_html(b, "<figure class=\"chart\">\n<figcaption id=\"%s-title\">%s</figcaption>\n"
		   "<svg id=\"%s\" class=\"bars\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		   "preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-labelledby=\"%s-title %s-desc\""
		   " font-family=\"Liberation Sans, DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n"
		   "<desc id=\"%s-desc\">%s</desc>\n",
		id, title, id, label_w + bar_w + 70, h, label_w + bar_w + 70, h, id, id, id,
		mc_buf_str(&desc));
	mc_buf_free(&desc);
	for (size_t i = 0; i < n; i++) {
		int y = top + (int)i * row_h;
		int w = (int)((double)bar_w * (double)bars[i].value / (double)max + 0.5);
		if (bars[i].value > 0 && w < 2)
			w = 2;
		char v[32];
		num(v, sizeof v, bars[i].value);
		mc_html(b, "<g class=\"bar\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1b1f24\">%s"
			   "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"></rect>"
			   "<text x=\"%d\" y=\"%d\" fill=\"#1b1f24\" class=\"value\">%s</text></g>\n",
			label_w - 8, y + 19, bars[i].label, label_w, y + 5, w, row_h - 10, bars[i].fill,
			label_w + w + 6, y + 19, v);
	}
	mc_html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#8a939c\"></line>\n"
		   "</svg>\n</figure>\n",
		label_w, top, label_w, h - top);
}

/* Vertical bars per month: received in the month. */
static void month_chart(mc_buf *b, const mc_report *r)
{
	if (!r->nmonths)
		return;
	long max = 1;
	for (size_t i = 0; i < r->nmonths; i++) {
		const mc_month *m = &r->months[i];
		long v = m->online + m->in_person + m->post;
		if (v > max)
			max = v;
	}
	const int col_w = 70, chart_h = 160, top = 20, bottom = 30, left = 10;
	int w = left * 2 + (int)r->nmonths * col_w;
	if (w < 300)
		w = 300;
	mc_buf desc = { 0 };
	for (size_t i = 0; i < r->nmonths; i++) {
		const mc_month *m = &r->months[i];
		char v[32];
		num(v, sizeof v, m->online + m->in_person + m->post);
		mc_html(&desc, "%rTháng %d/%d: %s", i ? "; " : "", m->month, m->year, v);
	}
	mc_html(b, "<figure class=\"chart\">\n<figcaption id=\"months-title\">Hồ sơ tiếp nhận theo tháng"
		   "</figcaption>\n<svg id=\"chart-months\" class=\"columns\" viewBox=\"0 0 %d %d\" "
		   "width=\"%d\" height=\"%d\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" "
		   "aria-labelledby=\"months-title months-desc\" "
		   "font-family=\"Liberation Sans, DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n"
		   "<desc id=\"months-desc\">%s</desc>\n",
		w, top + chart_h + bottom, w, top + chart_h + bottom, mc_buf_str(&desc));
	mc_buf_free(&desc);
	for (size_t i = 0; i < r->nmonths; i++) {
		const mc_month *m = &r->months[i];
		long v = m->online + m->in_person + m->post;
		int h = (int)((double)chart_h * (double)v / (double)max + 0.5);
		if (v > 0 && h < 2)
			h = 2;
		int x = left + (int)i * col_w;
		char vs[32];
		num(vs, sizeof vs, v);
		mc_html(b, "<g class=\"column\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			   "fill=\"#0b5394\"></rect><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
			   "fill=\"#1b1f24\" class=\"value\">%s</text><text x=\"%d\" y=\"%d\" "
			   "text-anchor=\"middle\" fill=\"#1b1f24\">%d/%d</text></g>\n",
			x + 10, top + chart_h - h, col_w - 20, h, x + col_w / 2, top + chart_h - h - 5, vs,
			x + col_w / 2, top + chart_h + 18, m->month, m->year);
	}
	mc_html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#8a939c\"></line>\n"
		   "</svg>\n</figure>\n",
		left, top + chart_h, w - left, top + chart_h);
}

static void percent(char *out, size_t n, long part, long whole)
{
	if (!whole) {
		snprintf(out, n, "—");
		return;
	}
	char v[32];
	mc_html_decimal(v, sizeof v, 100.0 * (double)part / (double)whole, 1);
	snprintf(out, n, "%s%%", v);
}

static void counts_table(mc_buf *b, const char *caption, const char *first,
			 const mc_report_row *rows, size_t n, const mc_counts *total)
{
	const mc_count_column *cols[32];
	size_t nc = mc_count_table(cols, sizeof cols / sizeof cols[0]);
	mc_html(b, "<div class=\"table-wrap\"><table class=\"report-table\">\n<caption>%s</caption>\n"
		   "<thead><tr><th scope=\"col\">%s</th>", caption, first);
	for (size_t c = 0; c < nc; c++)
		mc_html(b, "<th scope=\"col\" class=\"num\">%s</th>", cols[c]->label);
	mc_html(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		mc_html(b, "<tr><th scope=\"row\">%s</th>", rows[i].name[0] ? rows[i].name : rows[i].key);
		for (size_t c = 0; c < nc; c++) {
			char v[32];
			num(v, sizeof v, cols[c]->value(&rows[i].c));
			mc_html(b, "<td class=\"num\">%s</td>", v);
		}
		mc_html(b, "</tr>\n");
	}
	mc_html(b, "</tbody>\n<tfoot><tr><th scope=\"row\">Tổng cộng</th>");
	for (size_t c = 0; c < nc; c++) {
		char v[32];
		num(v, sizeof v, cols[c]->value(total));
		mc_html(b, "<td class=\"num\">%s</td>", v);
	}
	mc_html(b, "</tr></tfoot>\n</table></div>\n");
}

/* The department's period (15th to 14th) of kind and spec ("2026Q2"). */
static int period_of(const char *kind, const char *spec, int32_t *from, int32_t *to)
{
	mc_error err;
	return mc_report_period(kind, spec, from, to, &err);
}

static int reports_section(mc_request *rq, mc_buf *b)
{
	int32_t today = mc_time_day(now()), from = 0, to = 0;
	int y, m, d;
	mc_civil_from_days(today, &y, &m, &d);
	/* the report year holding today: 2026 runs 15/12/2025-14/12/2026 */
	int ry = (m == 12 && d >= 15) ? y + 1 : y;
	char spec[16];
	/* the default: the department's quarter holding today */
	for (int q = 1; q <= 4; q++) {
		int32_t f, t;
		snprintf(spec, sizeof spec, "%dQ%d", ry, q);
		if (!period_of("quarter", spec, &f, &t) && f <= today && today <= t) {
			from = f;
			to = t;
		}
	}
	mc_error err;
	const char *tu = mc_rq_query(rq, "tu"), *den = mc_rq_query(rq, "den");
	if ((tu && *tu && mc_parse_date(tu, &from, &err)) || (den && *den && mc_parse_date(den, &to, &err))) {
		mc_page_fail(rq, 422, "Ngày không hợp lệ",
			     "Kỳ báo cáo: ngày phải có dạng năm-tháng-ngày, ví dụ 2026-06-14.");
		return -1;
	}
	if (to < from) {
		mc_page_fail(rq, 422, "Kỳ báo cáo không hợp lệ",
			     "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.");
		return -1;
	}
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_report r;
	if (mc_report_build(&ctx, from, to, &r, &err)) {
		mc_page_error(rq, &err);
		return -1;
	}
	char f_iso[16], t_iso[16], f_vn[16], t_vn[16];
	mc_format_date(f_iso, sizeof f_iso, from);
	mc_format_date(t_iso, sizeof t_iso, to);
	mc_format_date_vn(f_vn, sizeof f_vn, from);
	mc_format_date_vn(t_vn, sizeof t_vn, to);
	mc_html(b, "<section aria-labelledby=\"report-title\" class=\"report\">\n"
		   "<h2 id=\"report-title\">Báo cáo kết quả giải quyết thủ tục hành chính từ %s đến %s</h2>\n",
		f_vn, t_vn);
	/* the period: the usual ones, or any two days */
	mc_html(b, "<div class=\"no-print periods\">\n<p>Kỳ báo cáo năm %d (từ ngày 15 tháng trước "
		   "đến ngày 14): ", ry);
	static const struct {
		const char *kind, *label;
		int n;                  /* the period's number in the year; 0 the year */
	} usual[] = {
		{ "quarter", "Quý 1", 1 }, { "quarter", "Quý 2", 2 }, { "quarter", "Quý 3", 3 },
		{ "quarter", "Quý 4", 4 }, { "half", "6 tháng đầu năm", 1 },
		{ "half", "6 tháng cuối năm", 2 }, { "year", "Cả năm", 0 },
	};
	for (size_t k = 0; k < sizeof usual / sizeof usual[0]; k++) {
		int32_t f, t;
		if (!strcmp(usual[k].kind, "quarter"))
			snprintf(spec, sizeof spec, "%dQ%d", ry, usual[k].n);
		else if (!strcmp(usual[k].kind, "half"))
			snprintf(spec, sizeof spec, "%dH%d", ry, usual[k].n);
		else
			snprintf(spec, sizeof spec, "%d", ry);
		if (period_of(usual[k].kind, spec, &f, &t))
			continue;
		char fi[16], ti[16];
		mc_format_date(fi, sizeof fi, f);
		mc_format_date(ti, sizeof ti, t);
		mc_html(b, "%r<a href=\"/van-phong?muc=bao-cao&amp;tu=%u&amp;den=%u\"%r>%s</a>",
			k ? " · " : "", fi, ti, f == from && t == to ? " aria-current=\"true\"" : "",
			usual[k].label);
	}
	mc_html(b, "</p>\n<form method=\"get\" action=\"/van-phong\" class=\"office-filter\">"
		   "<input type=\"hidden\" name=\"muc\" value=\"bao-cao\">"
		   "<label for=\"tu\">Từ ngày</label> <input type=\"date\" id=\"tu\" name=\"tu\" value=\"%s\" required> "
		   "<label for=\"den\">Đến ngày</label> <input type=\"date\" id=\"den\" name=\"den\" value=\"%s\" required> "
		   "<button type=\"submit\">Xem báo cáo</button></form>\n"
		   "<p><a class=\"button\" id=\"csv\" href=\"/api/v1/reports?from=%u&amp;to=%u&amp;format=csv\">"
		   "Tải CSV</a> <a class=\"button\" href=\"/api/v1/reports?from=%u&amp;to=%u&amp;format=html\">"
		   "Báo cáo đầy đủ (HTML)</a> "
		   "<a class=\"button\" id=\"report-pdf\" href=\"/api/v1/reports?from=%u&amp;to=%u&amp;format=pdf\">"
		   "Báo cáo gửi đi (PDF, A4)</a> "
		   "<a class=\"button\" id=\"report-xlsx\" href=\"/api/v1/reports?from=%u&amp;to=%u&amp;format=xlsx\">"
		   "Biểu 06a (xlsx)</a> <span class=\"hint\">In trang này (Ctrl+P) để có bản A4.</span></p>\n",
		f_iso, t_iso, f_iso, t_iso, f_iso, t_iso, f_iso, t_iso, f_iso, t_iso);
	/* the register of the same period, for the roles that keep it; one
	 * register is in one form (a period across 01/07/2025 is not linked) */
	int32_t change;
	if (mc_role_may_see(rq->user.role, MC_PAPER_REGISTER) && mc_register_regime(from, to, &change))
		mc_html(b, "<p><a id=\"register-pdf\" href=\"/api/v1/register?from=%u&amp;to=%u&amp;format=pdf\">"
			   "Sổ theo dõi hồ sơ của kỳ (PDF)</a> · <a id=\"register-xlsx\" "
			   "href=\"/api/v1/register?from=%u&amp;to=%u&amp;format=xlsx\">xlsx</a></p>\n",
			f_iso, t_iso, f_iso, t_iso);
	mc_html(b, "</div>\n");
	const mc_counts *c = &r.total;
	long resolved = c->early + c->on_time + c->late;
	char total[32], res[32], ontime[32], open[32], apol[32], online[32];
	num(total, sizeof total, mc_counts_total(c));
	num(res, sizeof res, resolved);
	percent(ontime, sizeof ontime, c->early + c->on_time, resolved);
	num(open, sizeof open, c->open_within + c->open_overdue);
	num(apol, sizeof apol, r.apologies);
	percent(online, sizeof online, c->online, mc_counts_total(c));
	mc_html(b, "<dl class=\"figures\">"
		   "<div><dt>Hồ sơ tiếp nhận</dt><dd id=\"so-tiep-nhan\">%s</dd></div>"
		   "<div><dt>Đã giải quyết</dt><dd>%s</dd></div>"
		   "<div><dt>Tỷ lệ trước hạn và đúng hạn</dt><dd id=\"ty-le-dung-han\">%s</dd></div>"
		   "<div><dt>Tỷ lệ trực tuyến</dt><dd>%s</dd></div>"
		   "<div><dt>Đang giải quyết</dt><dd>%s</dd></div>"
		   "<div><dt>Thư xin lỗi</dt><dd>%s</dd></div></dl>\n",
		total, res, ontime, online, open, apol);
	const bar results[] = {
		{ "Trước hạn", c->early, "#1e6b34" },
		{ "Đúng hạn", c->on_time, "#4c9a5f" },
		{ "Quá hạn", c->late, "#9b1c1c" },
		{ "Rút hồ sơ", c->withdrawn, "#6b747d" },
		{ "Trả lại", c->unprocessed, "#6b747d" },
		{ "Từ chối giải quyết", c->refused, "#6b747d" },
		{ "Đang giải quyết, trong hạn", c->open_within, "#0b5394" },
		{ "Đang giải quyết, quá hạn", c->open_overdue, "#c0392b" },
	};
	mc_html(b, "<div class=\"charts\">\n");
	bar_chart(b, "chart-results", "Kết quả giải quyết hồ sơ", results,
		  sizeof results / sizeof results[0]);
	const bar channels[] = {
		{ "Kỳ trước chuyển sang", c->carried, "#6b747d" },
		{ "Trực tiếp", c->in_person, "#0b5394" },
		{ "Bưu chính công ích", c->post, "#7a5200" },
		{ "Trực tuyến", c->online, "#1e6b34" },
	};
	bar_chart(b, "chart-channels", "Hồ sơ theo hình thức tiếp nhận", channels,
		  sizeof channels / sizeof channels[0]);
	month_chart(b, &r);
	mc_html(b, "</div>\n");
	counts_table(b, "Theo lĩnh vực (Biểu 06a/VPCP/KSTT)", "Lĩnh vực", r.fields, r.nfields, c);
	if (r.nprocs) {
		mc_html(b, "<details class=\"procs\"><summary>Theo thủ tục (%zu)</summary>\n", r.nprocs);
		counts_table(b, "Theo thủ tục", "Thủ tục", r.procs, r.nprocs, c);
		mc_html(b, "</details>\n");
	}
	if (r.nlate) {
		mc_html(b, "<h3>Các bước xử lý quá hạn</h3>\n<table class=\"late-steps\">\n<thead><tr>"
			   "<th scope=\"col\">Mã hồ sơ</th><th scope=\"col\">Bước</th>"
			   "<th scope=\"col\">Đơn vị</th><th scope=\"col\" class=\"num\">Trễ (ngày làm việc)</th>"
			   "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < r.nlate; i++) {
			char late[32];
			mc_html_decimal(late, sizeof late, r.late_steps[i].late_days, 2);
			mc_html(b, "<tr><td><a href=\"/ho-so/%s\">%s</a></td><td>%s</td><td>%s</td>"
				   "<td class=\"num\">%s</td></tr>\n",
				r.late_steps[i].code, r.late_steps[i].code, step_name(rq, r.late_steps[i].step),
				unit_name(rq, r.late_steps[i].unit), late);
		}
		mc_html(b, "</tbody>\n</table>\n");
	}
	mc_html(b, "</section>\n");
	mc_report_free(&r);
	return 0;
}

/* ---- the page ------------------------------------------------------------ */

static void office_page(mc_request *rq, const char *muc, const draft_form *f, int status)
{
	mc_buf b = { 0 };
	const char *title = !strcmp(muc, "xin-loi") ? "Xin lỗi" : !strcmp(muc, "bao-cao") ? "Báo cáo"
											    : "Cảnh báo";
	char full[64];
	snprintf(full, sizeof full, "%s · Văn phòng", title);
	begin(rq, &b, full, muc);
	int rc;
	if (!strcmp(muc, "xin-loi"))
		rc = apologies_section(rq, &b, f);
	else if (!strcmp(muc, "bao-cao"))
		rc = reports_section(rq, &b);
	else
		rc = alerts_section(rq, &b);
	if (rc) {
		mc_buf_free(&b);        /* the reply is the error page */
		return;
	}
	mc_page_send(rq, &b, status);
}

static int may_read(mc_request *rq)
{
	if (mc_page_role_in(rq, readers))
		return 1;
	mc_page_fail(rq, 403, "Không có quyền",
		     "Trang Văn phòng dành cho Văn phòng, Lãnh đạo Sở, Quản trị và Kiểm tra.");
	return 0;
}

void mc_page_office(mc_request *rq)
{
	if (!may_read(rq))
		return;
	const char *muc = mc_rq_query(rq, "muc");
	if (!muc || !*muc)
		muc = "canh-bao";
	if (!strcmp(muc, "nguoi-dung")) {
		if (!is_admin(rq)) {
			mc_page_fail(rq, 403, "Không có quyền",
				     "Chỉ Quản trị quản lý người dùng.");
			return;
		}
		mc_page_redirect(rq, "/van-phong/nguoi-dung");
		return;
	}
	if (strcmp(muc, "canh-bao") && strcmp(muc, "xin-loi") && strcmp(muc, "bao-cao")) {
		mc_page_fail(rq, 404, "Không có mục này",
			     "Các mục của Văn phòng: Cảnh báo, Xin lỗi, Báo cáo, Người dùng.");
		return;
	}
	const char *ma = mc_rq_query(rq, "ma");
	draft_form f = { .code = ma && *ma ? ma : NULL };
	office_page(rq, muc, &f, 200);
}

/* POST /van-phong: thao_tac=xem-truoc shows the draft with what was typed;
 * thao_tac=phat-hanh issues the letter (the office only) and goes to the
 * list with the letter's link. */
void mc_page_office_post(mc_request *rq)
{
	if (!may_read(rq) || !mc_page_form(rq))
		return;
	const char *op = mc_rq_form(rq, "thao_tac");
	draft_form f = { .code = mc_rq_form(rq, "ma"), .reason = mc_rq_form(rq, "ly_do"),
			 .appt = mc_rq_form(rq, "hen_moi") };
	if (!f.code || !*f.code || strlen(f.code) >= MC_CODE_MAX) {
		mc_page_fail(rq, 422, "Thiếu mã hồ sơ", "Biểu mẫu không có mã hồ sơ cần xin lỗi.");
		return;
	}
	if (f.reason && strlen(f.reason) > REASON_MAX) {
		f.message = "Lý do quá dài (tối đa 2000 ký tự).";
		office_page(rq, "xin-loi", &f, 422);
		return;
	}
	if (!op || strcmp(op, "phat-hanh")) {
		f.previewed = 1;
		office_page(rq, "xin-loi", &f, 200);
		return;
	}
	if (!issues_letters(rq)) {
		mc_page_fail(rq, 403, "Không có quyền", "Thư xin lỗi do Văn phòng phát hành.");
		return;
	}
	const char *r = f.reason ? f.reason : "";
	while (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n')
		r++;
	if (!*r) {
		f.message = "Vui lòng nêu lý do chậm trễ: lý do được in trong thư.";
		office_page(rq, "xin-loi", &f, 422);
		return;
	}
	mc_error err;
	mc_time appt = 0, at = now();
	if (f.appt && *f.appt && mc_parse_moment(f.appt, &appt, &err)) {
		f.message = "Ngày hẹn trả kết quả mới không hợp lệ.";
		office_page(rq, "xin-loi", &f, 422);
		return;
	}
	/* checked before the letter job: it ends the request's transaction
	 * itself (its own BEGIN and COMMIT), so after it nothing reads the
	 * database; its refusals are told here in Vietnamese */
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_dossier_info info;
	mc_apology a;
	if (dossier_or_page(rq, &ctx, f.code, &info))
		return;
	int rc = mc_apology_draft(ctx.cal, &info, at, appt, &a, &err);
	int again = info.d.apologies >= 1;
	mc_dossier_info_clear(&info);
	if (rc || again) {
		f.message = again ? "Hồ sơ này đã được hẹn lại một lần; không phát hành thêm thư tại đây."
			    : appt ? "Ngày hẹn trả kết quả mới phải sau thời điểm phát hành thư."
				   : "Hồ sơ đã kết thúc: không cần thư xin lỗi.";
		office_page(rq, "xin-loi", &f, 422);
		return;
	}
	mc_apology_req req = { .code = f.code, .reason = f.reason, .by = rq->user.login, .at = at,
			       .new_appointment = appt };
	if (mc_apology_issue(&ctx, &req, &a, &err)) {
		if (err.code == MC_ERR_CONFLICT)
			mc_page_fail(rq, 409, "Hồ sơ vừa thay đổi",
				     "Hồ sơ vừa được người khác cập nhật (có thể thư đã được phát hành). "
				     "Vui lòng tải lại trang Xin lỗi rồi kiểm tra.");
		else
			mc_page_error(rq, &err);
		return;
	}
	mc_buf loc = { 0 };
	mc_html(&loc, "/van-phong?muc=xin-loi&da-phat-hanh=%u", f.code);
	mc_page_redirect(rq, mc_buf_str(&loc));
	mc_buf_free(&loc);
}

/* GET /van-phong/thu-xin-loi/{code}.pdf: the latest letter of the dossier
 * as issued, read back from its record (the same as `motcua form CODE
 * apology`). */
void mc_page_office_letter(mc_request *rq)
{
	if (!may_read(rq))
		return;
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_dossier_info info;
	mc_error err;
	if (dossier_or_page(rq, &ctx, rq->param, &info))
		return;
	mc_apology a;
	char *reason = NULL;
	int found = 0;
	if (mc_store_apology_last(&ctx, info.code, &a, &reason, &found, &err)) {
		mc_dossier_info_clear(&info);
		mc_page_error(rq, &err);
		return;
	}
	if (!found) {
		char msg[200];
		snprintf(msg, sizeof msg, "Hồ sơ %s chưa có thư xin lỗi nào được phát hành.", info.code);
		mc_dossier_info_clear(&info);
		mc_page_fail(rq, 404, "Chưa có thư xin lỗi", msg);
		return;
	}
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	mc_apology_letter(&doc, rq->srv->cat->agency, &info, &a, reason);
	char name[MC_CODE_MAX + 32];
	snprintf(name, sizeof name, "thu-xin-loi-%s.pdf", info.code);
	mc_reply_pdf(rq, &doc, name);
	mc_document_clear(&doc);
	free(reason);
	mc_dossier_info_clear(&info);
}

/* ---- Người dùng (admin) -------------------------------------------------- */

static const char *const user_roles[] = {
	"clerk", "specialist", "head", "leader", "office", "auditor", "admin", NULL
};

typedef struct user_form {
	const char *login, *name, *role, *unit;
	const char *message;
} user_form;

static int valid_login(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 63)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 (i > 0 && (c == '.' || c == '_' || c == '-'));
		if (!ok)
			return 0;
	}
	return 1;
}

static void users_page(mc_request *rq, const user_form *f, int status)
{
	mc_error err;
	mc_user *us = NULL;
	size_t n = 0;
	if (mc_store_user_list(rq->db, &us, &n, &err)) {
		mc_page_error(rq, &err);
		return;
	}
	mc_buf b = { 0 };
	begin(rq, &b, "Người dùng · Văn phòng", "nguoi-dung");
	const char *added = mc_rq_query(rq, "da-them"), *off = mc_rq_query(rq, "da-khoa");
	if (added && *added)
		mc_html(&b, "<p class=\"success\" role=\"status\">Đã thêm người dùng %s.</p>\n", added);
	if (off && *off)
		mc_html(&b, "<p class=\"success\" role=\"status\">Đã vô hiệu hóa người dùng %s; các phiên "
			    "đăng nhập của người này đã bị đóng.</p>\n", off);
	mc_html(&b, "<section aria-labelledby=\"users-title\">\n<h2 id=\"users-title\">Người dùng và vai trò"
		    " <span class=\"hint\">(%zu)</span></h2>\n<table class=\"users\">\n<thead><tr>"
		    "<th scope=\"col\">Tên đăng nhập</th><th scope=\"col\">Họ và tên</th>"
		    "<th scope=\"col\">Vai trò</th><th scope=\"col\">Đơn vị</th>"
		    "<th scope=\"col\">Trạng thái</th><th scope=\"col\">Thao tác</th></tr></thead>\n<tbody>\n",
		n);
	for (size_t i = 0; i < n; i++) {
		const char *role_vn = us[i].role;
		mc_role_db(us[i].role, &role_vn);
		mc_html(&b, "<tr id=\"user-%s\"><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%r</td><td>",
			us[i].login, us[i].login, us[i].full_name, role_vn,
			us[i].unit[0] ? unit_name(rq, us[i].unit) : "—",
			us[i].disabled ? "<span class=\"badge late\">Đã vô hiệu hóa</span>"
				       : "<span class=\"badge ok\">Đang dùng</span>");
		if (!us[i].disabled && strcmp(us[i].login, rq->user.login)) {
			mc_html(&b, "<form method=\"post\" action=\"/van-phong/nguoi-dung\" class=\"inline\" "
				    "data-confirm=\"Vô hiệu hóa tài khoản %s? Người này sẽ bị đăng xuất.\">",
				us[i].login);
			mc_page_csrf(rq, &b);
			mc_html(&b, "<input type=\"hidden\" name=\"thao_tac\" value=\"khoa\">"
				    "<input type=\"hidden\" name=\"ten_dang_nhap\" value=\"%s\">"
				    "<button type=\"submit\" class=\"danger\">Vô hiệu hóa<span "
				    "class=\"visually-hidden\"> %s</span></button></form>",
				us[i].login, us[i].login);
		}
		mc_html(&b, "</td></tr>\n");
	}
	mc_html(&b, "</tbody>\n</table>\n</section>\n");
	free(us);
	/* adding one */
	mc_html(&b, "<section class=\"card\" aria-labelledby=\"add-title\">\n"
		    "<h2 id=\"add-title\">Thêm người dùng</h2>\n");
	if (f && f->message)
		mc_html(&b, "<p class=\"error\" role=\"alert\" id=\"user-error\">%s</p>\n", f->message);
	mc_html(&b, "<form method=\"post\" action=\"/van-phong/nguoi-dung\" class=\"grid user-form\" "
		    "data-once>\n");
	mc_page_csrf(rq, &b);
	mc_html(&b, "<input type=\"hidden\" name=\"thao_tac\" value=\"them\">\n"
		    "<div class=\"stack\"><label for=\"ten_dang_nhap\">Tên đăng nhập <span class=\"hint\">"
		    "(chữ thường không dấu, số, dấu chấm, gạch)</span></label>"
		    "<input id=\"ten_dang_nhap\" name=\"ten_dang_nhap\" required maxlength=\"63\" "
		    "pattern=\"[a-z0-9][a-z0-9._\\-]*\" autocomplete=\"off\" value=\"%s\"></div>\n"
		    "<div class=\"stack\"><label for=\"ho_ten\">Họ và tên</label>"
		    "<input id=\"ho_ten\" name=\"ho_ten\" required maxlength=\"200\" value=\"%s\"></div>\n"
		    "<div class=\"stack\"><label for=\"vai_tro\">Vai trò</label><select id=\"vai_tro\" "
		    "name=\"vai_tro\" required>\n",
		f && f->login ? f->login : "", f && f->name ? f->name : "");
	for (int i = 0; user_roles[i]; i++) {
		const char *vn = user_roles[i];
		mc_role_db(user_roles[i], &vn);
		mc_html(&b, "<option value=\"%s\"%r>%s</option>\n", user_roles[i],
			f && f->role && !strcmp(f->role, user_roles[i]) ? " selected" : "", vn);
	}
	mc_html(&b, "</select></div>\n<div class=\"stack\"><label for=\"don_vi\">Đơn vị</label>"
		    "<select id=\"don_vi\" name=\"don_vi\">\n<option value=\"\">(không thuộc đơn vị nào)</option>\n");
	const mc_agency *ag = rq->srv->cat->agency;
	for (size_t i = 0; i < ag->nunits; i++)
		mc_html(&b, "<option value=\"%s\"%r>%s</option>\n", ag->units[i].id,
			f && f->unit && !strcmp(f->unit, ag->units[i].id) ? " selected" : "",
			ag->units[i].name ? ag->units[i].name : ag->units[i].id);
	mc_html(&b, "</select></div>\n"
		    "<div class=\"stack\"><label for=\"mat_khau\">Mật khẩu ban đầu <span class=\"hint\">"
		    "(ít nhất 8 ký tự)</span></label><input id=\"mat_khau\" name=\"mat_khau\" "
		    "type=\"password\" required minlength=\"8\" maxlength=\"1024\" autocomplete=\"new-password\"></div>\n"
		    "<div class=\"stack\"><label for=\"mat_khau_2\">Nhập lại mật khẩu</label>"
		    "<input id=\"mat_khau_2\" name=\"mat_khau_2\" type=\"password\" required minlength=\"8\" "
		    "maxlength=\"1024\" autocomplete=\"new-password\"></div>\n"
		    "<div class=\"actions\"><button type=\"submit\" class=\"primary\" id=\"them-nguoi-dung\">"
		    "Thêm người dùng</button></div>\n</form>\n</section>\n");
	mc_page_send(rq, &b, status);
}

static void user_add(mc_request *rq)
{
	user_form f = { .login = mc_rq_form(rq, "ten_dang_nhap"), .name = mc_rq_form(rq, "ho_ten"),
			.role = mc_rq_form(rq, "vai_tro"), .unit = mc_rq_form(rq, "don_vi") };
	const char *pw = mc_rq_form(rq, "mat_khau"), *pw2 = mc_rq_form(rq, "mat_khau_2");
	const char *name = f.name ? f.name : "";
	while (*name == ' ')
		name++;
	int role_ok = 0;
	for (int i = 0; f.role && user_roles[i]; i++)
		role_ok |= !strcmp(f.role, user_roles[i]);
	if (!f.login || !valid_login(f.login))
		f.message = "Tên đăng nhập không hợp lệ: dùng chữ thường không dấu, số, dấu chấm, gạch "
			    "dưới hoặc gạch ngang (tối đa 63 ký tự), bắt đầu bằng chữ hoặc số.";
	else if (!*name || strlen(name) > 800)
		f.message = "Vui lòng nhập họ và tên (tối đa 200 ký tự).";
	else if (!role_ok)
		f.message = "Vui lòng chọn một vai trò trong danh sách.";
	else if (f.unit && *f.unit && !mc_agency_unit(rq->srv->cat->agency, f.unit))
		f.message = "Đơn vị không có trong danh sách đơn vị của Sở.";
	else if (!pw || strlen(pw) < 8 || strlen(pw) > 1024)
		f.message = "Mật khẩu phải có từ 8 ký tự trở lên.";
	else if (!pw2 || strcmp(pw, pw2))
		f.message = "Hai lần nhập mật khẩu không khớp.";
	if (f.message) {
		users_page(rq, &f, 422);
		return;
	}
	mc_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "%s", f.login);
	snprintf(u.full_name, sizeof u.full_name, "%s", name);
	snprintf(u.role, sizeof u.role, "%s", f.role);
	snprintf(u.unit, sizeof u.unit, "%s", f.unit ? f.unit : "");
	snprintf(u.agency, sizeof u.agency, "%s", rq->srv->cat->agency->id);
	char hash[MC_PWHASH_MAX];
	mc_error err;
	if (mc_password_hash(pw, hash, &err)) {
		mc_page_error(rq, &err);
		return;
	}
	/* a savepoint: a refused row leaves the transaction usable for the
	 * page that says why */
	if (mc_store_savepoint(rq->db, &err)) {
		mc_page_error(rq, &err);
		return;
	}
	if (mc_store_user_add(rq->db, &u, hash, &err)) {
		if (mc_store_savepoint_rollback(rq->db, &err)) {
			mc_page_error(rq, &err);
			return;
		}
		if (err.code == MC_ERR_REFUSED)
			f.message = "Tên đăng nhập này đã có người dùng.";
		else if (err.code == MC_ERR_INPUT)
			f.message = "Cơ sở dữ liệu không nhận thông tin này (tên đăng nhập, họ tên hoặc đơn vị "
				    "không hợp lệ).";
		else {
			mc_page_error(rq, &err);
			return;
		}
		users_page(rq, &f, 422);
		return;
	}
	mc_buf loc = { 0 };
	mc_html(&loc, "/van-phong/nguoi-dung?da-them=%u", u.login);
	mc_page_redirect(rq, mc_buf_str(&loc));
	mc_buf_free(&loc);
}

static void user_disable(mc_request *rq)
{
	const char *login = mc_rq_form(rq, "ten_dang_nhap");
	user_form f = { 0 };
	mc_error err;
	if (!login || !*login || strlen(login) >= MC_LOGIN_MAX) {
		f.message = "Thiếu tên đăng nhập cần vô hiệu hóa.";
		users_page(rq, &f, 422);
		return;
	}
	if (!strcmp(login, rq->user.login)) {
		f.message = "Không thể tự vô hiệu hóa tài khoản đang dùng.";
		users_page(rq, &f, 422);
		return;
	}
	mc_user u;
	char hash[MC_PWHASH_MAX];
	int found = 0;
	if (mc_store_user_find(rq->db, login, &u, hash, sizeof hash, &found, &err)) {
		mc_page_error(rq, &err);
		return;
	}
	memset(hash, 0, sizeof hash);
	if (!found) {
		f.message = "Không có người dùng này.";
		users_page(rq, &f, 404);
		return;
	}
	if (mc_store_user_disable(rq->db, login, &err)) {
		mc_page_error(rq, &err);
		return;
	}
	mc_buf loc = { 0 };
	mc_html(&loc, "/van-phong/nguoi-dung?da-khoa=%u", login);
	mc_page_redirect(rq, mc_buf_str(&loc));
	mc_buf_free(&loc);
}

/* GET and POST /van-phong/nguoi-dung: as the server's own login (the
 * accounts are no person's role's), so the admin check is here. */
void mc_page_office_users(mc_request *rq)
{
	if (!is_admin(rq)) {
		mc_page_fail(rq, 403, "Không có quyền", "Chỉ Quản trị quản lý người dùng.");
		return;
	}
	if (!strcmp(rq->method, "GET")) {
		users_page(rq, NULL, 200);
		return;
	}
	if (!mc_page_form(rq))
		return;
	const char *op = mc_rq_form(rq, "thao_tac");
	if (op && !strcmp(op, "them"))
		user_add(rq);
	else if (op && !strcmp(op, "khoa"))
		user_disable(rq);
	else
		mc_page_fail(rq, 422, "Thao tác không hợp lệ",
			     "Trang Người dùng chỉ thêm hoặc vô hiệu hóa người dùng.");
}
