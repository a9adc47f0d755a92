/*
 * page_login.c - logging in and out of the desk: GET and POST /dang-nhap,
 * POST /dang-xuat, and `/`, which sends a person to the page their role
 * starts on.
 *
 * The login form has no session yet to bind a CSRF token to, so it carries
 * its own: a random value in a SameSite=Strict cookie and the same value in
 * a hidden field (a page of another site can set neither). The login
 * itself is the API's (mc_session_open): the same rate limits, log and
 * cookie.
 */
#include "page.h"

#include <stdio.h>
#include <string.h>

#define LOGIN_COOKIE "motcua_login"

/* Where to go after logging in: a path of this server, never another
 * site's ("//host" and "/\\host" are read as one by browsers). */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\r') ||
	    strchr(next, '\n') || strlen(next) > 300 || !strncmp(next, "/dang-", 6))
		return NULL;
	return next;
}

static void login_page(mc_request *rq, int status, const char *login, const char *message)
{
	char tok[65];
	mc_error err;
	if (mc_token_new(tok, &err)) {
		mc_page_fail(rq, 500, "Lỗi hệ thống", NULL);
		return;
	}
	const char *next = safe_next(mc_rq_query(rq, "next"));
	if (!next)
		next = safe_next(mc_rq_form(rq, "next"));
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Đăng nhập", NULL);
	mc_html(&b, "<section class=\"login\">\n<h1>Đăng nhập</h1>\n"
		    "<p class=\"lead\">Hệ thống một cửa: tiếp nhận và giải quyết thủ tục hành chính.</p>\n");
	if (message)
		mc_html(&b, "<p class=\"error\" role=\"alert\" id=\"login-error\">%s</p>\n", message);
	mc_html(&b, "<form method=\"post\" action=\"/dang-nhap\" class=\"stack\">\n"
		    "<input type=\"hidden\" name=\"login_csrf\" value=\"%s\">\n", tok);
	if (next)
		mc_html(&b, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	mc_html(&b, "<label for=\"login\">Tên đăng nhập</label>\n"
		    "<input id=\"login\" name=\"login\" autocomplete=\"username\" required maxlength=\"64\" "
		    "value=\"%s\" autofocus%r>\n"
		    "<label for=\"password\">Mật khẩu</label>\n"
		    "<input id=\"password\" name=\"password\" type=\"password\" "
		    "autocomplete=\"current-password\" required maxlength=\"1024\">\n"
		    "<button type=\"submit\" class=\"primary\">Đăng nhập</button>\n</form>\n"
		    "<p class=\"aside\">Công dân tra cứu hồ sơ: <a href=\"/tra-cuu\">Tra cứu hồ sơ</a></p>\n"
		    "</section>\n",
		login ? login : "", message ? " aria-describedby=\"login-error\"" : "");
	mc_page_send(rq, &b, status);
	mc_reply_header(&rq->reply, "Set-Cookie",
			LOGIN_COOKIE "=%s; Path=/dang-nhap; Max-Age=3600; HttpOnly; SameSite=Strict%s",
			tok, rq->secure ? "; Secure" : "");
}

void mc_page_login_form(mc_request *rq)
{
	login_page(rq, 200, NULL, NULL);
}

void mc_page_login(mc_request *rq)
{
	if (!mc_page_form(rq))
		return;
	const char *login = mc_rq_form(rq, "login"), *password = mc_rq_form(rq, "password");
	const char *sent = mc_rq_form(rq, "login_csrf"), *kept = mc_rq_cookie(rq, LOGIN_COOKIE);
	if (!sent || !kept || strlen(kept) != 64 || !mc_secure_equal(sent, kept)) {
		login_page(rq, 403, login,
			   "Phiên đăng nhập của trang đã hết hạn. Vui lòng đăng nhập lại.");
		return;
	}
	if (!login || !*login || !password || !*password || strlen(login) > 64 ||
	    strlen(password) > 1024) {
		login_page(rq, 422, login, "Vui lòng nhập tên đăng nhập và mật khẩu.");
		return;
	}
	mc_user u;
	char token[65];
	long retry = 0;
	int rc = mc_session_open(rq, login, password, &u, token, &retry);
	if (rc == MC_LOGIN_ERROR) {
		mc_page_from_problem(rq);
		return;
	}
	if (rc == MC_LOGIN_WRONG) {
		login_page(rq, 401, login, "Tên đăng nhập hoặc mật khẩu không đúng.");
		return;
	}
	if (rc == MC_LOGIN_LOCKED || rc == MC_LOGIN_ADDRESS_LOCKED) {
		char msg[300];
		long minutes = (retry + 59) / 60;
		snprintf(msg, sizeof msg,
			 "%s Vui lòng thử lại sau %ld phút.",
			 rc == MC_LOGIN_LOCKED ? "Tài khoản tạm khóa do đăng nhập sai quá nhiều lần."
					       : "Đăng nhập sai quá nhiều lần từ máy này.",
			 minutes < 1 ? 1 : minutes);
		login_page(rq, 429, login, msg);
		mc_reply_header(&rq->reply, "Retry-After", "%ld", retry);
		return;
	}
	const char *next = safe_next(mc_rq_form(rq, "next"));
	mc_page_redirect(rq, next ? next : mc_page_home(u.role));
	mc_session_cookie(rq, token, rq->srv->o.absolute);
	mc_reply_header(&rq->reply, "Set-Cookie", LOGIN_COOKIE "=; Path=/dang-nhap; Max-Age=0");
}

void mc_page_logout(mc_request *rq)
{
	if (mc_session_close(rq)) {
		mc_page_from_problem(rq);
		return;
	}
	mc_page_redirect(rq, "/dang-nhap");
	mc_session_cookie(rq, "", 0);
}

void mc_page_root(mc_request *rq)
{
	mc_page_redirect(rq, mc_page_home(rq->user.role));
}
