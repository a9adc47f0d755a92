/*
 * http_reply.c - JSON replies and RFC 9457 problem documents, and the map
 * from the engine's error codes to HTTP statuses.
 */
#include "api.h"
#include "json_out.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void reset(mc_reply *r)
{
	mc_buf_clear(&r->body);
	r->nheaders = 0;
}

void mc_reply_json(mc_reply *r, int status, json_t *obj)
{
	reset(r);
	r->status = status;
	r->ctype = "application/json";
	mc_json_dump(obj, &r->body);
	mc_buf_add(&r->body, "\n");
	json_decref(obj);
}

mc_buf *mc_reply_json_begin(mc_reply *r, int status)
{
	reset(r);
	r->status = status;
	r->ctype = "application/json";
	return &r->body;
}

void mc_reply_bytes(mc_reply *r, int status, const char *ctype, const char *data, size_t n)
{
	reset(r);
	r->status = status;
	r->ctype = ctype;
	mc_buf_addn(&r->body, data, n);
}

void mc_reply_header(mc_reply *r, const char *name, const char *fmt, ...)
{
	if (r->nheaders >= MC_REPLY_HEADERS)
		return;
	snprintf(r->hname[r->nheaders], sizeof r->hname[0], "%s", name);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->hvalue[r->nheaders], sizeof r->hvalue[0], fmt, ap);
	va_end(ap);
	r->nheaders++;
}

/* Each problem code a client may rely on, and its title for people. */
static const struct {
	const char *code, *title;
} titles[] = {
	{ "malformed_json", "Dữ liệu gửi lên không phải JSON hợp lệ" },
	{ "invalid_field", "Trường dữ liệu không hợp lệ" },
	{ "missing_header", "Thiếu tiêu đề bắt buộc của yêu cầu" },
	{ "unauthenticated", "Chưa đăng nhập hoặc phiên đã hết hạn" },
	{ "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng" },
	{ "too_many_attempts", "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau" },
	{ "csrf", "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token)" },
	{ "forbidden", "Vai trò của bạn không được phép thực hiện thao tác này" },
	{ "not_found", "Không tìm thấy" },
	{ "no_such_form", "Hồ sơ không có giấy tờ này" },
	{ "method_not_allowed", "Phương thức không được hỗ trợ cho địa chỉ này" },
	{ "conflict", "Xung đột với dữ liệu hiện có" },
	{ "idempotency_conflict", "Khóa Idempotency-Key đã dùng cho một hồ sơ khác" },
	{ "action_not_allowed", "Trạng thái hồ sơ không cho phép thao tác này" },
	{ "refused", "Yêu cầu bị từ chối theo quy định" },
	{ "stale_revision", "Hồ sơ đã được người khác thay đổi; vui lòng tải lại" },
	{ "precondition_required", "Thiếu tiêu đề If-Match (phiên bản hồ sơ)" },
	{ "body_too_large", "Dữ liệu gửi lên quá lớn" },
	{ "database_unavailable", "Cơ sở dữ liệu tạm thời không truy cập được" },
	{ "internal", "Lỗi hệ thống" },
};

const char *mc_problem_title(const char *code)
{
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (!strcmp(titles[i].code, code))
			return titles[i].title;
	return "Lỗi";
}

void mc_reply_problem(mc_reply *r, int status, const char *code, const char *detail,
		      const char *field, json_t *extra)
{
	char type[128];
	snprintf(type, sizeof type, "urn:motcua:problem:%s", code);
	json_t *o = json_object();
	mc_json_set(o, "type", mc_json_text(type));
	mc_json_set(o, "code", mc_json_text(code));
	mc_json_set(o, "title", mc_json_text(mc_problem_title(code)));
	mc_json_set(o, "status", json_integer(status));
	if (detail && *detail)
		mc_json_set(o, "detail", mc_json_text(detail));
	if (field)
		mc_json_set(o, "field", mc_json_text(field));
	if (extra) {
		json_object_update(o, extra);
		json_decref(extra);
	}
	reset(r);
	r->status = status;
	r->ctype = "application/problem+json";
	mc_json_dump(o, &r->body);
	mc_buf_add(&r->body, "\n");
	json_decref(o);
}

int mc_error_http(mc_request *rq, const mc_error *err, const char **code_out)
{
	int status = 500;
	const char *code = "internal";
	switch (err->code) {
	case MC_ERR_DBCONN:
		status = 503; code = "database_unavailable";
		rq->broken = 1;
		break;
	case MC_ERR_NOTFOUND:
		status = 404; code = "not_found";
		break;
	case MC_ERR_REFUSED:
		if (!strcmp(err->sqlstate, "42501")) {
			status = 403; code = "forbidden";
		} else {
			status = 409; code = "refused";
		}
		break;
	case MC_ERR_CONFLICT:
		status = 409; code = "conflict";
		break;
	case MC_ERR_INPUT:
	case MC_ERR_USAGE:
		status = 422; code = "invalid_field";
		break;
	case MC_ERR_DB:
		if (!strcmp(err->sqlstate, "42501")) {
			status = 403; code = "forbidden";
		} else if (!strcmp(err->sqlstate, "25006")) {
			status = 503; code = "database_unavailable";
		}
		break;
	default:
		break;
	}
	*code_out = code;
	return status;
}

void mc_reply_error(mc_request *rq, const mc_error *err)
{
	const char *code;
	int status = mc_error_http(rq, err, &code);
	/* an internal error's message may name SQL, a lost connection's is
	 * libpq's English: people get the title (and what to do), the log the
	 * message (neither carries a request's personal data) */
	const char *detail = status == 500 ? NULL
			     : status == 503 ? "Vui lòng thử lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ thống."
					     : err->message;
	mc_reply_problem(&rq->reply, status, code, detail, NULL, NULL);
	if (status == 503)
		mc_reply_header(&rq->reply, "Retry-After", "5");
	if (status == 500 || status == 503)
		fprintf(stderr, "motcua serve: error: %s %s: %s\n", rq->method, rq->path, err->message);
}
