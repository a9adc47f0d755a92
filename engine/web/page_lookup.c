/*
 * page_lookup.c - the page "Tra cứu hồ sơ": a citizen, with no login,
 * learns where their dossier stands. GET /tra-cuu is the form (the code on
 * the slip and the last four digits of the phone number or of the ID
 * number given at the desk); POST /tra-cuu answers it; GET /tra-cuu/{token}
 * answers the link of the slip's QR code.
 *
 * They see the procedure, the state in plain words, the appointment and
 * whether the result is ready: nothing about the applicant (name, phone,
 * address), no event, no person of the department. The facts come from the
 * database's public_lookup functions as the role motcua_public, which can
 * read no table (engine/store/lookup.c, migration 0017). "No such code",
 * "wrong digits" and "no such token" are one answer with one status, so
 * the page tells nobody which codes exist. Each failure is recorded with
 * the client's address and committed although the reply is an error
 * (rq->keep); after 10 failures in 15 minutes from one address, or on one
 * code, the database refuses (429) without looking.
 */
#include "page.h"
#include "lookup.h"

#include <stdio.h>
#include <string.h>

#define TITLE "Tra cứu hồ sơ"
#define NOT_FOUND_TEXT                                                                          \
	"Không tìm thấy hồ sơ khớp với thông tin đã nhập. Vui lòng kiểm tra mã hồ sơ trên giấy "  \
	"tiếp nhận và 4 chữ số cuối của số điện thoại hoặc số CMND/CCCD đã khai khi nộp hồ sơ."

/* The state as a citizen reads it, whether the result is ready, and
 * whether the appointment still stands. */
static const struct {
	const char *state, *words, *result;
	int appointment;
} plain[] = {
	{ "in_step", "Hồ sơ đang được giải quyết.", "Chưa có kết quả.", 1 },
	{ "supplement_requested",
	  "Hồ sơ cần bổ sung giấy tờ: vui lòng liên hệ Bộ phận tiếp nhận và trả kết quả.",
	  "Chưa có kết quả.", 1 },
	{ "paused", "Hồ sơ đang tạm dừng giải quyết.", "Chưa có kết quả.", 1 },
	{ "result_ready", "Đã có kết quả: mời ông/bà đến Bộ phận tiếp nhận và trả kết quả để nhận.",
	  "Đã có kết quả, chờ nhận.", 1 },
	{ "returned", "Đã trả kết quả cho người nộp hồ sơ.", "Đã nhận kết quả.", 1 },
	{ "refused", "Hồ sơ không được giải quyết; lý do ghi trong văn bản trả lời của cơ quan.",
	  "Không có kết quả giải quyết.", 0 },
	{ "withdrawn", "Hồ sơ đã được rút theo đề nghị của người nộp.", "Không có kết quả giải quyết.",
	  0 },
	{ "returned_unprocessed", "Hồ sơ đã được trả lại, không giải quyết.",
	  "Không có kết quả giải quyết.", 0 },
	{ "voided", "Giấy tiếp nhận này đã bị hủy (tiếp nhận nhầm): vui lòng liên hệ Bộ phận tiếp "
		    "nhận và trả kết quả.", "Không có kết quả giải quyết.", 0 },
};

/* The form; `code` is kept after a miss (never the digits); `message` an
 * error above it. */
static void form(mc_buf *b, const char *code, const char *message)
{
	if (message)
		mc_html(b, "<p class=\"error\" role=\"alert\" id=\"lookup-error\">%s</p>\n", message);
	/* No CSRF token: there is no session to bind one to, and none is
	 * needed. The form reads only, and its reply is this page's to show:
	 * another site that makes a visitor's browser post it cannot read the
	 * answer (the same-origin policy), and it could at most add failures
	 * to that visitor's own address, which only makes them wait out the
	 * limit. It changes nothing in any dossier. */
	mc_html(b, "<form method=\"post\" action=\"/tra-cuu\" class=\"stack lookup-form\">\n"
		   "<label for=\"ma\">Mã hồ sơ</label>\n"
		   "<input id=\"ma\" name=\"ma\" required maxlength=\"100\" autocomplete=\"off\" "
		   "spellcheck=\"false\" value=\"%s\" aria-describedby=\"ma-hint%r\">\n"
		   "<p class=\"hint\" id=\"ma-hint\">Ghi ở đầu giấy tiếp nhận, ví dụ "
		   "000.00.00.H48-260713-0001.</p>\n"
		   "<label for=\"so\">4 chữ số cuối của số điện thoại hoặc số CMND/CCCD</label>\n"
		   "<input id=\"so\" name=\"so\" required maxlength=\"4\" inputmode=\"numeric\" "
		   "pattern=\"[0-9]{4}\" autocomplete=\"off\" aria-describedby=\"so-hint%r\">\n"
		   "<p class=\"hint\" id=\"so-hint\">Số đã khai khi nộp hồ sơ.</p>\n"
		   "<button type=\"submit\" class=\"primary\">Tra cứu</button>\n</form>\n",
		code ? code : "", message ? " lookup-error" : "", message ? " lookup-error" : "");
}

static void begin(mc_request *rq, mc_buf *b)
{
	mc_page_begin_with(rq, b, TITLE, "tra-cuu", "lookup");
	mc_html(b, "<section class=\"lookup\">\n<h1>%s</h1>\n", TITLE);
}

static void end(mc_request *rq, mc_buf *b, int status)
{
	mc_html(b, "</section>\n");
	mc_page_send(rq, b, status);
}

static void ask(mc_request *rq, int status, const char *code, const char *message)
{
	mc_buf b = { 0 };
	begin(rq, &b);
	if (!message)
		mc_html(&b, "<p class=\"lead\">Nhập mã hồ sơ ghi trên giấy tiếp nhận và hẹn trả kết quả, "
			    "hoặc quét mã QR in trên giấy.</p>\n");
	form(&b, code, message);
	end(rq, &b, status);
}

static void show(mc_request *rq, const mc_public_facts *f)
{
	size_t i = 0;
	while (i < sizeof plain / sizeof plain[0] && strcmp(plain[i].state, f->state))
		i++;
	mc_buf b = { 0 };
	begin(rq, &b);
	mc_html(&b, "<section class=\"card lookup-result\" aria-labelledby=\"ket-qua\">\n"
		    "<h2 id=\"ket-qua\">Hồ sơ %s</h2>\n<dl>\n<dt>Thủ tục</dt><dd>%s</dd>\n",
		f->code, f->procedure_name);
	if (i == sizeof plain / sizeof plain[0]) {
		mc_html(&b, "<dt>Tình trạng</dt><dd>Vui lòng liên hệ Bộ phận tiếp nhận và trả kết quả."
			    "</dd>\n");
	} else {
		char when[32];
		mc_page_moment(when, sizeof when, f->due_at);
		mc_html(&b, "<dt>Tình trạng</dt><dd class=\"state\">%s</dd>\n", plain[i].words);
		if (plain[i].appointment && when[0])
			mc_html(&b, "<dt>Hẹn trả kết quả</dt><dd>%s</dd>\n", when);
		mc_html(&b, "<dt>Kết quả</dt><dd class=\"result\">%s</dd>\n", plain[i].result);
	}
	mc_html(&b, "</dl>\n</section>\n<p class=\"aside\">Trang tra cứu không hiển thị thông tin cá nhân "
		    "của người nộp hồ sơ. <a href=\"/tra-cuu\">Tra cứu hồ sơ khác</a></p>\n");
	end(rq, &b, 200);
}

static void limited(mc_request *rq, int retry_after)
{
	int minutes = (retry_after + 59) / 60;
	mc_buf b = { 0 };
	begin(rq, &b);
	mc_html(&b, "<p class=\"error\" role=\"alert\">Đã nhập sai quá nhiều lần. Vui lòng thử lại "
		    "sau %d phút, hoặc liên hệ Bộ phận tiếp nhận và trả kết quả.</p>\n",
		minutes < 1 ? 1 : minutes);
	end(rq, &b, 429);
	mc_reply_header(&rq->reply, "Retry-After", "%d", retry_after > 0 ? retry_after : 60);
}

/* The answer to a look-up: the facts, the one "not found", or the limit. */
static void answer(mc_request *rq, const mc_public_facts *f, const char *code)
{
	switch (f->outcome) {
	case MC_LOOKUP_FOUND:
		show(rq, f);
		break;
	case MC_LOOKUP_NOT_FOUND:
		ask(rq, 404, code, NOT_FOUND_TEXT);
		/* the failure just recorded is what the limit counts */
		rq->keep = 1;
		break;
	case MC_LOOKUP_LIMITED:
		limited(rq, f->retry_after);
		break;
	}
}

void mc_page_lookup(mc_request *rq)
{
	if (!strcmp(rq->method, "GET")) {
		ask(rq, 200, NULL, NULL);
		return;
	}
	if (!mc_page_form(rq))
		return;
	const char *code_in = mc_rq_form(rq, "ma"), *digits_in = mc_rq_form(rq, "so");
	/* spaces around either are a slip of the hand, not a failure */
	char code[101] = "", digits[8] = "";
	size_t n = 0;
	if (code_in) {
		while (*code_in == ' ')
			code_in++;
		n = strlen(code_in);
		while (n > 0 && code_in[n - 1] == ' ')
			n--;
	}
	if (n == 0 || n >= sizeof code) {
		ask(rq, 400, NULL, n ? "Mã hồ sơ quá dài: vui lòng nhập đúng mã ghi trên giấy tiếp nhận."
				     : "Vui lòng nhập mã hồ sơ ghi trên giấy tiếp nhận.");
		return;
	}
	memcpy(code, code_in, n);
	code[n] = '\0';
	size_t k = 0;
	int bad = !digits_in;
	for (const char *p = digits_in; !bad && *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || k >= 4)
			bad = 1;
		else
			digits[k++] = *p;
	}
	if (bad || k != 4) {
		ask(rq, 400, code, "Vui lòng nhập đúng 4 chữ số cuối của số điện thoại hoặc số CMND/CCCD.");
		return;
	}
	/* answered here, not redirected to a GET: the digits stay out of every
	 * address bar, history and log */
	mc_public_facts f;
	mc_error err;
	if (mc_store_public_lookup(rq->db, rq->srv->cat->agency->id, code, digits, rq->client, &f,
				   &err)) {
		mc_page_error(rq, &err);
		return;
	}
	answer(rq, &f, code);
}

void mc_page_lookup_token(mc_request *rq)
{
	/* the request log prints the path: the token is a key to the
	 * dossier's facts, so the log keeps only that it was one */
	snprintf(rq->path, sizeof rq->path, "/tra-cuu/{token}");
	mc_public_facts f;
	mc_error err;
	if (mc_store_public_lookup_token(rq->db, rq->srv->cat->agency->id, rq->param, rq->client, &f,
					 &err)) {
		mc_page_error(rq, &err);
		return;
	}
	answer(rq, &f, NULL);
}
