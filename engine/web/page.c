/*
 * page.c - the frame of the desk's pages (see page.h).
 */
#include "page.h"

#include "assets.h"

#include <stdio.h>
#include <string.h>

/* No inline script or style anywhere: the policy allows only this
 * server's /static/ files; forms post only here; no page may be framed. */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
	    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

static const struct {
	const char *id, *label, *href;
	const char *const *roles;
} nav_items[] = {
	{ "tiep-nhan", "Tiếp nhận hồ sơ", "/tiep-nhan",
	  (const char *const[]){ "clerk", "office", "admin", NULL } },
	{ "ho-so", "Hồ sơ", "/ho-so",
	  (const char *const[]){ "clerk", "specialist", "head", "leader", "office", "admin", "auditor",
				 NULL } },
	{ "van-phong", "Văn phòng", "/van-phong",
	  (const char *const[]){ "leader", "office", "admin", "auditor", NULL } },
	{ "tra-cuu", "Tra cứu", "/tra-cuu", NULL },
};

int mc_page_role_in(const mc_request *rq, const char *const *roles)
{
	if (!rq->authed)
		return 0;
	for (; *roles; roles++)
		if (!strcmp(*roles, rq->user.role))
			return 1;
	return 0;
}

const char *mc_page_home(const char *role)
{
	if (!strcmp(role, "clerk"))
		return "/tiep-nhan";
	if (!strcmp(role, "leader") || !strcmp(role, "office") || !strcmp(role, "admin"))
		return "/van-phong";
	return "/ho-so";
}

void mc_page_moment(char *out, size_t n, mc_time t)
{
	if (!t) {
		if (n)
			out[0] = '\0';
		return;
	}
	char d[16];
	int32_t s = mc_time_secs(t);
	mc_format_date_vn(d, sizeof d, mc_time_day(t));
	snprintf(out, n, "%s %02d:%02d", d, s / 3600, s / 60 % 60);
}

void mc_page_date(char *out, size_t n, mc_time t)
{
	mc_format_date_vn(out, n, mc_time_day(t));
}

static int asset_exists(const char *name)
{
	for (const mc_asset *a = mc_assets; a->name; a++)
		if (!strcmp(a->name, name))
			return 1;
	return 0;
}

void mc_page_begin(mc_request *rq, mc_buf *b, const char *title, const char *nav)
{
	mc_page_begin_with(rq, b, title, nav, NULL);
}

void mc_page_begin_with(mc_request *rq, mc_buf *b, const char *title, const char *nav,
			const char *assets)
{
	const mc_agency *a = rq->srv->cat->agency;
	/* the page's own stylesheet and script, when it has them */
	mc_buf own = { 0 };
	char name[64];
	if (assets) {
		snprintf(name, sizeof name, "%s.css", assets);
		if (asset_exists(name))
			mc_html(&own, "<link rel=\"stylesheet\" href=\"/static/%s\">\n", name);
		snprintf(name, sizeof name, "%s.js", assets);
		if (asset_exists(name))
			mc_html(&own, "<script src=\"/static/%s\" defer></script>\n", name);
	}
	mc_html(b, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<title>%s · %s</title>\n"
		   "<link rel=\"icon\" href=\"data:,\">\n"
		   "<link rel=\"stylesheet\" href=\"/static/desk.css\">\n"
		   "<script src=\"/static/desk.js\" defer></script>\n%r</head>\n<body>\n"
		   "<a class=\"skip\" href=\"#main\">Chuyển đến nội dung chính</a>\n"
		   "<header class=\"top\">\n<div class=\"brand\"><span class=\"brand-parent\">%s</span>"
		   "<span class=\"brand-name\">%s</span></div>\n<nav aria-label=\"Chức năng\"><ul>\n",
		title, a->short_name ? a->short_name : a->name, own.data ? own.data : "",
		a->letterhead_parent, a->name);
	mc_buf_free(&own);
	for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
		if (nav_items[i].roles ? !mc_page_role_in(rq, nav_items[i].roles) : rq->authed)
			continue;
		int cur = nav && !strcmp(nav, nav_items[i].id);
		mc_html(b, "<li><a href=\"%s\"%r>%s</a></li>\n", nav_items[i].href,
			cur ? " aria-current=\"page\"" : "", nav_items[i].label);
	}
	mc_html(b, "</ul></nav>\n");
	if (rq->authed) {
		const char *role_vn = NULL;
		mc_role_db(rq->user.role, &role_vn);
		mc_html(b, "<div class=\"who\"><span class=\"who-name\">%s</span> "
			   "<span class=\"who-role\">%s</span>"
			   "<form method=\"post\" action=\"/dang-xuat\" class=\"inline\">",
			rq->user.full_name, role_vn);
		mc_page_csrf(rq, b);
		mc_html(b, "<button type=\"submit\" class=\"link\">Đăng xuất</button></form></div>\n");
	}
	mc_html(b, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void mc_page_csrf(mc_request *rq, mc_buf *b)
{
	mc_html(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", rq->csrf);
}

static void security_headers(mc_request *rq)
{
	mc_reply_header(&rq->reply, "Content-Security-Policy", "%s", CSP);
	mc_reply_header(&rq->reply, "X-Frame-Options", "DENY");
	mc_reply_header(&rq->reply, "Referrer-Policy", "same-origin");
}

void mc_page_send(mc_request *rq, mc_buf *b, int status)
{
	mc_html(b, "</main>\n<footer class=\"foot\"><p>motcua · Bộ phận Một cửa · "
		   "Nhấn <kbd>?</kbd> để xem phím tắt</p></footer>\n</body>\n</html>\n");
	if (mc_buf_failed(b)) {
		mc_buf_free(b);
		mc_reply_bytes(&rq->reply, 500, "text/plain; charset=utf-8", "Lỗi hệ thống\n",
			       strlen("Lỗi hệ thống\n"));
		return;
	}
	mc_reply_bytes(&rq->reply, status, "text/html; charset=utf-8", b->data, b->len);
	mc_buf_free(b);
	security_headers(rq);
}

void mc_page_redirect(mc_request *rq, const char *location)
{
	mc_reply_bytes(&rq->reply, 303, "text/plain; charset=utf-8", "", 0);
	mc_reply_header(&rq->reply, "Location", "%s", location);
	security_headers(rq);
}

void mc_page_fail(mc_request *rq, int status, const char *title, const char *message)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, title, NULL);
	mc_html(&b, "<h1>%s</h1>\n<p class=\"error\" role=\"alert\">%s</p>\n", title,
		message ? message : "");
	mc_html(&b, "<p><a href=\"%s\">Về trang chính</a></p>\n",
		rq->authed ? mc_page_home(rq->user.role) : "/dang-nhap");
	mc_page_send(rq, &b, status);
}

void mc_page_error(mc_request *rq, const mc_error *err)
{
	const char *code;
	int status = mc_error_http(rq, err, &code);
	mc_page_fail(rq, status, mc_problem_title(code), status == 500 ? NULL : err->message);
	if (status == 503)
		mc_reply_header(&rq->reply, "Retry-After", "5");
	if (status == 500)
		fprintf(stderr, "motcua serve: error: %s %s: %s\n", rq->method, rq->path, err->message);
}

void mc_page_from_problem(mc_request *rq)
{
	int status = rq->reply.status;
	json_t *o = json_loadb(rq->reply.body.data ? rq->reply.body.data : "", rq->reply.body.len, 0,
			       NULL);
	const char *title = o ? json_string_value(json_object_get(o, "title")) : NULL;
	const char *detail = o ? json_string_value(json_object_get(o, "detail")) : NULL;
	/* copied: the reply's body is rewritten below */
	char t[300], d[1000];
	snprintf(t, sizeof t, "%s", title ? title : "Lỗi hệ thống");
	snprintf(d, sizeof d, "%s", detail ? detail : "");
	json_decref(o);
	mc_page_fail(rq, status, t, d[0] ? d : NULL);
	if (status == 503)
		mc_reply_header(&rq->reply, "Retry-After", "5");
}

int mc_page_form(mc_request *rq)
{
	if (mc_rq_form_ok(rq))
		return 1;
	mc_page_fail(rq, 400, "Dữ liệu biểu mẫu không hợp lệ",
		     "Biểu mẫu gửi lên không đọc được (sai mã hóa hoặc quá nhiều trường).");
	return 0;
}

void mc_page_login_redirect(mc_request *rq)
{
	mc_buf loc = { 0 };
	mc_html(&loc, "/dang-nhap?next=%u", rq->path);
	mc_page_redirect(rq, mc_buf_str(&loc));
	mc_buf_free(&loc);
}
