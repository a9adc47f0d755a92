/*
 * openapi.c - GET /api/v1/openapi.json: the OpenAPI 3.0 document of the
 * API, built with jansson from the table below, one row per route of
 * server.c's table (tests/cli/test_serve_office.sh checks that the two
 * list the same routes). A row gives the method and path, a summary, the
 * tag, whether a session is needed, the parameters ("in:name[:type][!]",
 * ! = required; a path parameter always is), the request body's schema
 * (JSON with ' for ", or NULL), the success status and media type, and the
 * error statuses, each answered by the problem+json schema.
 */
#include "api.h"
#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct op {
	const char *method, *path, *summary, *tag;
	int session;
	const char *params;
	const char *body;
	const char *ok, *ok_type;
	const char *errors;
} op;

#define ERR_S "400 401 403 503"
static const op ops[] = {
	{ "get", "/api/v1/health", "Máy chủ và cơ sở dữ liệu hoạt động, phiên bản lược đồ", "system", 0,
	  NULL, NULL, "200", "application/json", "503" },
	{ "post", "/api/v1/session", "Đăng nhập: cookie phiên và mã CSRF", "session", 0, NULL,
	  "{'type':'object','required':['login','password'],'properties':{'login':{'type':'string'},"
	  "'password':{'type':'string','format':'password'}}}",
	  "200", "application/json", "400 401 422 429" },
	{ "delete", "/api/v1/session", "Đăng xuất", "session", 1, NULL, NULL, "204", NULL, ERR_S },
	{ "get", "/api/v1/me", "Người dùng của phiên", "session", 1, NULL, NULL, "200",
	  "application/json", "401" },
	{ "get", "/api/v1/procedures", "Danh mục thủ tục có hiệu lực", "catalogue", 0, "query:at:date",
	  NULL, "200", "application/json", "422" },
	{ "get", "/api/v1/procedures/{code}", "Một thủ tục: phiên bản có hiệu lực, các bước, thời hạn",
	  "catalogue", 0, "path:code query:at:date", NULL, "200", "application/json", "404 422" },
	{ "post", "/api/v1/dossiers", "Tiếp nhận hồ sơ (cần Idempotency-Key)", "dossiers", 1,
	  "header:Idempotency-Key!",
	  "{'type':'object','required':['procedure','channel','applicant'],'properties':{"
	  "'procedure':{'type':'string'},'channel':{'type':'string','enum':['in_person','post','online']},"
	  "'applicant':{'type':'object','required':['name'],'properties':{'name':{'type':'string'},"
	  "'phone':{'type':'string'},'address':{'type':'string'},'id_number':{'type':'string'},"
	  "'email':{'type':'string','format':'email'},"
	  "'kind':{'type':'string','enum':['citizen','organisation']}}},"
	  "'delivery':{'type':'string','enum':['desk','post','online']},"
	  "'documents':{'type':'array','maxItems':50,'description':'Giấy tờ đã nhận, theo thứ tự "
	  "(tên từng loại, như danh mục thành phần hồ sơ)','items':{'type':'string','minLength':1,"
	  "'maxLength':300}},"
	  "'appointment':{'type':'string','description':'Ngày hẹn trả ấn định (YYYY-MM-DD HH:MM), chỉ "
	  "cho thủ tục chưa rõ thời hạn, vai trò văn phòng; cần appointment_reason'},"
	  "'appointment_reason':{'type':'string','maxLength':500,'description':'Lý do ấn định ngày hẹn'}}}",
	  "201", "application/json", ERR_S " 409 413 422" },
	{ "get", "/api/v1/dossiers", "Hàng đợi công việc và tìm kiếm (phân trang theo khóa; mỗi mục có người xử lý: assignee, assignee_name)", "dossiers", 1,
	  "query:state query:unit query:assignee query:procedure query:channel query:overdue:boolean "
	  "query:due_before query:due_to query:due_from query:received_from query:received_to "
	  "query:q query:sort query:cursor query:limit:integer", NULL, "200", "application/json",
	  "401 403 422 503" },
	{ "get", "/api/v1/dossiers/{code}", "Một hồ sơ: sự kiện, các bước, thời hạn, người xử lý (assignee, assignee_name; ETag = phiên bản)",
	  "dossiers", 1, "path:code", NULL, "200", "application/json", "401 403 404 503" },
	{ "post", "/api/v1/dossiers/{code}/actions",
	  "Thao tác trên hồ sơ (chuyển bước, giao xử lý, bổ sung, từ chối, đính chính, hủy...) với If-Match",
	  "dossiers", 1, "path:code header:If-Match!",
	  "{'type':'object','required':['action'],'properties':{'action':{'type':'string'},"
	  "'note':{'type':'string'},'field':{'type':'string','enum':['applicant_name',"
	  "'applicant_address','applicant_phone','applicant_id_number','channel']},"
	  "'old':{'type':'string'},'new':{'type':'string'},"
	  "'assignee':{'type':'string','pattern':'^[a-z0-9][a-z0-9._-]{0,62}$','description':"
	  "'assign (bắt buộc): người nhận xử lý bước hiện tại; forward (tùy chọn): người xử lý "
	  "bước tiếp theo. Tên đăng nhập của chuyên viên, lãnh đạo phòng hoặc lãnh đạo Sở "
	  "đang hoạt động của cơ quan'}}}",
	  "200", "application/json", ERR_S " 404 409 412 413 422 428" },
	{ "get", "/api/v1/dossiers/{code}/slip.pdf", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)",
	  "dossiers", 1, "path:code", NULL, "200", "application/pdf", "401 403 404 503" },
	{ "get", "/api/v1/dossiers/{code}/control-slip.pdf",
	  "Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF)", "dossiers", 1, "path:code", NULL, "200",
	  "application/pdf", "401 403 404 503" },
	{ "get", "/api/v1/dossiers/{code}/forms/receipt.pdf",
	  "Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF, hai liên)", "dossiers", 1, "path:code", NULL, "200",
	  "application/pdf", "401 403 404 503" },
	{ "get", "/api/v1/dossiers/{code}/forms/supplement.pdf",
	  "Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (PDF; 404 khi chưa yêu cầu bổ sung)", "dossiers", 1, "path:code", NULL, "200",
	  "application/pdf", "401 403 404 503" },
	{ "get", "/api/v1/dossiers/{code}/forms/refusal.pdf",
	  "Mẫu 03: Phiếu từ chối tiếp nhận, giải quyết hồ sơ (PDF; 404 khi hồ sơ không bị từ chối)", "dossiers", 1, "path:code", NULL, "200",
	  "application/pdf", "401 403 404 503" },
	{ "get", "/api/v1/dossiers/{code}/forms/stop.pdf",
	  "Mẫu 05 (2025): Thông báo dừng giải quyết hồ sơ (PDF; 404 khi hồ sơ chưa tạm dừng từ 01/07/2025)", "dossiers", 1, "path:code", NULL, "200",
	  "application/pdf", "401 403 404 503" },
	{ "get", "/api/v1/dossiers/{code}/forms/apology.pdf",
	  "Mẫu 04: Văn bản xin lỗi và hẹn lại ngày trả kết quả đã phát hành (PDF; 404 khi chưa có)", "dossiers", 1, "path:code", NULL, "200",
	  "application/pdf", "401 403 404 503" },
	{ "get", "/api/v1/dossiers/{code}/forms/control.pdf",
	  "Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF)", "dossiers", 1, "path:code", NULL, "200",
	  "application/pdf", "401 403 404 503" },
	{ "get", "/api/v1/register",
	  "Sổ theo dõi hồ sơ của một kỳ (Mẫu 06/2018, 07/2025): PDF khổ A4 ngang, xlsx hoặc CSV",
	  "office", 1, "query:from:date! query:to:date! query:format", NULL, "200", "application/pdf",
	  "401 403 422 503" },
	{ "post", "/api/v1/calendar/add", "Thời điểm hết hạn: bắt đầu + thời hạn (ngày làm việc)",
	  "calendar", 0, NULL,
	  "{'type':'object','required':['start','duration'],'properties':{'start':{'type':'string',"
	  "'example':'2024-03-04T09:00'},'duration':{'type':'string','example':'3wd'}}}",
	  "200", "application/json", "400 422" },
	{ "get", "/api/v1/calendar/{year}", "Ngày nghỉ và ngày làm bù của một năm", "calendar", 0,
	  "path:year:integer", NULL, "200", "application/json", "404" },
	{ "get", "/api/v1/alerts", "Cảnh báo của một đêm (việc chạy hằng đêm)", "office", 1,
	  "query:night:date", NULL, "200", "application/json", "401 403 422 503" },
	{ "get", "/api/v1/apologies", "Các văn bản xin lỗi cần phát hành (bản nháp)", "office", 1,
	  "query:pending:boolean!", NULL, "200", "application/json", "401 403 422 503" },
	{ "post", "/api/v1/apologies", "Phát hành văn bản xin lỗi và hẹn lại (văn phòng)", "office", 1,
	  NULL,
	  "{'type':'object','required':['code','reason'],'properties':{'code':{'type':'string'},"
	  "'reason':{'type':'string'},'new_appointment':{'type':'string'}}}",
	  "201", "application/json", ERR_S " 404 409 422" },
	{ "get", "/api/v1/reports",
	  "Báo cáo kết quả giải quyết theo kỳ (JSON, CSV, HTML; xlsx: Biểu 06a; pdf: báo cáo gửi đi)",
	  "office", 1, "query:from:date! query:to:date! query:format query:number:integer query:date:date",
	  NULL, "200", "application/json", "401 403 422 503" },
	{ "get", "/api/v1/openapi.json", "Tài liệu OpenAPI này", "system", 0, NULL, NULL, "200",
	  "application/json", "" },
};

/* JSON written with ' for " (none of the table's texts holds a '). */
static json_t *squote_json(const char *s)
{
	char *d = strdup(s);
	if (!d)
		return json_object();
	for (char *p = d; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_t *j = json_loads(d, 0, NULL);
	free(d);
	return j ? j : json_object();
}

static json_t *schema_of(const char *type)
{
	json_t *s = json_object();
	if (!strcmp(type, "date")) {
		mc_json_set(s, "type", json_string("string"));
		mc_json_set(s, "format", json_string("date"));
	} else {
		mc_json_set(s, "type", json_string(type));
	}
	return s;
}

static json_t *params_of(const op *o)
{
	json_t *arr = json_array();
	if (o->session && strcmp(o->method, "get"))
		json_array_append_new(arr, squote_json("{'$ref':'#/components/parameters/csrf'}"));
	if (!o->params)
		return arr;
	char buf[400];
	snprintf(buf, sizeof buf, "%s", o->params);
	char *save = NULL;
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		size_t l = strlen(t);
		int required = l && t[l - 1] == '!';
		if (required)
			t[l - 1] = '\0';
		char *in = t, *name = strchr(t, ':');
		if (!name)
			continue;
		*name++ = '\0';
		char *type = strchr(name, ':');
		if (type)
			*type++ = '\0';
		json_t *p = json_object();
		mc_json_set(p, "name", json_string(name));
		mc_json_set(p, "in", json_string(in));
		mc_json_set(p, "required", json_boolean(required || !strcmp(in, "path")));
		mc_json_set(p, "schema", schema_of(type ? type : "string"));
		if (!strcmp(name, "assignee"))
			mc_json_set(p, "description",
				    json_string("Người đang xử lý bước hiện tại: tên đăng nhập, hoặc 'me' "
						"(hồ sơ của tôi). Mỗi mục trả về có assignee và assignee_name "
						"(null khi chưa giao)"));
		json_array_append_new(arr, p);
	}
	return arr;
}

static json_t *problem_response(const char *status)
{
	json_t *r = json_object();
	char d[80];
	snprintf(d, sizeof d, "HTTP %s: a problem document (RFC 9457)", status);
	mc_json_set(r, "description", json_string(d));
	json_t *c = json_object();
	mc_json_set(c, "application/problem+json",
		    squote_json("{'schema':{'$ref':'#/components/schemas/Problem'}}"));
	mc_json_set(r, "content", c);
	return r;
}

static json_t *operation(const op *o)
{
	json_t *j = json_object();
	char id[200];
	size_t k = (size_t)snprintf(id, sizeof id, "%s", o->method);
	for (const char *p = o->path + strlen("/api/v1"); *p && k + 2 < sizeof id; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			id[k++] = *p;
		else if (*p == '/' || *p == '-' || *p == '.' || *p == '{')
			id[k++] = '_';
	id[k] = '\0';
	mc_json_set(j, "operationId", json_string(id));
	mc_json_set(j, "summary", json_string(o->summary));
	json_t *tags = json_array();
	json_array_append_new(tags, json_string(o->tag));
	mc_json_set(j, "tags", tags);
	mc_json_set(j, "parameters", params_of(o));
	mc_json_set(j, "security", squote_json(o->session ? "[{'session':[]}]" : "[]"));
	if (o->body) {
		json_t *rb = json_object();
		mc_json_set(rb, "required", json_true());
		json_t *c = json_object(), *m = json_object();
		mc_json_set(m, "schema", squote_json(o->body));
		mc_json_set(c, "application/json", m);
		mc_json_set(rb, "content", c);
		mc_json_set(j, "requestBody", rb);
	}
	json_t *resp = json_object();
	json_t *ok = json_object();
	mc_json_set(ok, "description", json_string("success"));
	if (o->ok_type) {
		json_t *c = json_object();
		mc_json_set(c, o->ok_type, json_object());
		if (!strcmp(o->path, "/api/v1/reports")) {
			mc_json_set(c, "text/csv", json_object());
			mc_json_set(c, "text/html", json_object());
		}
		if (!strcmp(o->path, "/api/v1/reports") || !strcmp(o->path, "/api/v1/register")) {
			mc_json_set(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				    json_object());
			mc_json_set(c, !strcmp(o->path, "/api/v1/register") ? "text/csv" : "application/pdf",
				    json_object());
		}
		mc_json_set(ok, "content", c);
	}
	mc_json_set(resp, o->ok, ok);
	char buf[100];
	snprintf(buf, sizeof buf, "%s 500", o->errors);
	char *save = NULL;
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		mc_json_set(resp, t, problem_response(t));
	mc_json_set(j, "responses", resp);
	return j;
}

static json_t *document(void)
{
	json_t *d = json_object();
	mc_json_set(d, "openapi", json_string("3.0.3"));
	mc_json_set(d, "info", squote_json(
		"{'title':'motcua API','version':'1',"
		"'description':'Một cửa: tiếp nhận và giải quyết hồ sơ thủ tục hành chính. "
		"Every request that changes something with a session carries X-CSRF-Token.'}"));
	json_t *paths = json_object();
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		json_t *item = json_object_get(paths, ops[i].path);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, ops[i].path, item);
		}
		json_object_set_new(item, ops[i].method, operation(&ops[i]));
	}
	mc_json_set(d, "paths", paths);
	mc_json_set(d, "components", squote_json(
		"{'securitySchemes':{'session':{'type':'apiKey','in':'cookie','name':'motcua_session'}},"
		"'parameters':{'csrf':{'name':'X-CSRF-Token','in':'header','required':true,"
		"'description':'the csrf of the login reply','schema':{'type':'string'}}},"
		"'schemas':{'Problem':{'type':'object','required':['type','code','title','status'],"
		"'properties':{'type':{'type':'string','format':'uri'},'code':{'type':'string'},"
		"'title':{'type':'string'},'status':{'type':'integer'},'detail':{'type':'string'},"
		"'field':{'type':'string'}},'additionalProperties':true}}}"));
	return d;
}

void mc_api_openapi(mc_request *rq)
{
	mc_reply_json(&rq->reply, 200, document());
}
