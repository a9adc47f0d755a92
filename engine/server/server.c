/*
 * server.c - the HTTP server: libmicrohttpd with a thread pool, limits,
 * the routing table, one transaction per request as the logged-in user,
 * the request log, and a graceful stop on SIGTERM/SIGINT.
 *
 * A request that uses the database runs in one transaction. When it needs
 * a session, the session is looked up (and its last use set) as the
 * server's own login, then the transaction takes the user's group role
 * (SET LOCAL ROLE) and the agency (motcua.agency, local to it) and the
 * handler runs; it commits if the reply is a success, else rolls back, so
 * a refused request changes nothing (a login commits either way: its
 * failure is logged). With a bearer token, BEGIN, the token's use, its
 * role and the savepoint go in one round trip (libpq's pipeline), and a
 * route that only reads commits without waiting for the WAL flush: its one
 * write is that use's record. A pooled connection found broken at BEGIN (the
 * database restarted since its last use) is replaced and BEGIN tried once
 * more: nothing was done on it.
 */
#include "api.h"
#include "cluster.h"
#include "config.h"
#include "store_catalog.h"
#include "web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <systemd/sd-daemon.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SESSION_COOKIE "motcua_session"
#define STOP_WAIT_SECONDS 30

void mc_server_opts_default(mc_server_opts *o)
{
	memset(o, 0, sizeof *o);
	o->listen = "127.0.0.1:8080";
	o->threads = 4;
	o->db_connections = 4;
	o->max_body = 64 * 1024;
	o->timeout = 30;
	o->idle = 30 * 60;
	o->absolute = 12 * 3600;
}

static atomic_int in_flight;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- the request's accessors ------------------------------------------ */

const char *mc_rq_header(const mc_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *mc_rq_query(const mc_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *mc_rq_cookie(const mc_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

mc_store_ctx mc_rq_ctx(const mc_request *rq)
{
	mc_store_ctx c = { .db = rq->db, .cat = rq->srv->cat, .cal = rq->srv->cal };
	return c;
}

/* ---- routes ------------------------------------------------------------ */

enum {
	R_DB = 1,         /* uses a database connection */
	R_SESSION = 2,    /* needs a live session: one transaction as its user */
	R_ACCOUNT = 4,    /* ...about the session itself: stays the server's login
	                     (people's roles have no right on the accounts) */
	R_KEEP = 8,       /* commits whatever the reply (a failed login is logged) */
	R_PAGE = 16,      /* a page of the desk (engine/web): without a session, to the
	                     login page; the CSRF token in the form's `csrf` field;
	                     refusals as pages */
	R_READ = 32,      /* reads only: with a bearer token the transaction's one
	                     write is the record of the token's use, committed
	                     without waiting for the WAL flush (a crash may lose the
	                     record of the last uses) */
};

typedef struct route {
	const char *method;
	const char *prefix;          /* the path, or the part before {code} */
	const char *suffix;          /* after {code}; NULL: no {code} */
	int flags;
	void (*run)(mc_request *rq);
} route;

static const route routes[] = {
	{ "GET", "/api/v1/health", NULL, R_DB, mc_api_health },
	{ "POST", "/api/v1/session", NULL, R_DB | R_KEEP, mc_api_login },
	{ "DELETE", "/api/v1/session", NULL, R_DB | R_SESSION | R_ACCOUNT, mc_api_logout },
	{ "GET", "/api/v1/me", NULL, R_DB | R_SESSION | R_ACCOUNT, mc_api_me },
	{ "GET", "/api/v1/procedures", NULL, 0, mc_api_procedures },
	{ "GET", "/api/v1/procedures/", "", 0, mc_api_procedure },
	{ "POST", "/api/v1/dossiers", NULL, R_DB | R_SESSION, mc_api_receive },
	{ "GET", "/api/v1/dossiers/", "", R_DB | R_SESSION, mc_api_dossier },
	{ "POST", "/api/v1/dossiers/", "/actions", R_DB | R_SESSION, mc_api_act },
	{ "GET", "/api/v1/dossiers/", "/slip.pdf", R_DB | R_SESSION, mc_api_slip },
	{ "GET", "/api/v1/dossiers", NULL, R_DB | R_SESSION | R_READ, mc_api_queue },
	{ "GET", "/api/v1/dossiers/", "/control-slip.pdf", R_DB | R_SESSION, mc_api_control_slip },
	{ "GET", "/api/v1/dossiers/", "/forms/receipt.pdf", R_DB | R_SESSION, mc_api_form },
	{ "GET", "/api/v1/dossiers/", "/forms/supplement.pdf", R_DB | R_SESSION, mc_api_form },
	{ "GET", "/api/v1/dossiers/", "/forms/refusal.pdf", R_DB | R_SESSION, mc_api_form },
	{ "GET", "/api/v1/dossiers/", "/forms/stop.pdf", R_DB | R_SESSION, mc_api_form },
	{ "GET", "/api/v1/dossiers/", "/forms/apology.pdf", R_DB | R_SESSION, mc_api_form },
	{ "GET", "/api/v1/dossiers/", "/forms/control.pdf", R_DB | R_SESSION, mc_api_form },
	{ "GET", "/api/v1/register", NULL, R_DB | R_SESSION, mc_api_register },
	{ "POST", "/api/v1/calendar/add", NULL, 0, mc_api_calendar_add },
	{ "GET", "/api/v1/calendar/", "", 0, mc_api_calendar_year },
	{ "GET", "/api/v1/alerts", NULL, R_DB | R_SESSION, mc_api_alerts },
	{ "GET", "/api/v1/apologies", NULL, R_DB | R_SESSION, mc_api_apologies },
	{ "POST", "/api/v1/apologies", NULL, R_DB | R_SESSION, mc_api_apology_issue },
	{ "GET", "/api/v1/reports", NULL, R_DB | R_SESSION, mc_api_reports },
	{ "GET", "/api/v1/openapi.json", NULL, 0, mc_api_openapi },
	/* the desk in a browser (engine/web) */
	{ "GET", "/", NULL, R_DB | R_SESSION | R_ACCOUNT | R_PAGE, mc_page_root },
	{ "GET", "/static/", "", 0, mc_page_static },
	{ "GET", "/dang-nhap", NULL, 0, mc_page_login_form },
	{ "POST", "/dang-nhap", NULL, R_DB | R_KEEP, mc_page_login },
	{ "POST", "/dang-xuat", NULL, R_DB | R_SESSION | R_ACCOUNT | R_PAGE, mc_page_logout },
	{ "GET", "/tiep-nhan", NULL, R_DB | R_SESSION | R_PAGE, mc_page_receive_form },
	{ "POST", "/tiep-nhan", NULL, R_DB | R_SESSION | R_PAGE, mc_page_receive },
	{ "GET", "/ho-so", NULL, R_DB | R_SESSION | R_PAGE, mc_page_queue },
	{ "POST", "/ho-so", NULL, R_DB | R_SESSION | R_PAGE, mc_page_queue_bulk },
	{ "GET", "/ho-so/", "", R_DB | R_SESSION | R_PAGE, mc_page_dossier },
	{ "POST", "/ho-so/", "", R_DB | R_SESSION | R_PAGE, mc_page_dossier_act },
	{ "GET", "/van-phong", NULL, R_DB | R_SESSION | R_PAGE, mc_page_office },
	{ "POST", "/van-phong", NULL, R_DB | R_SESSION | R_PAGE, mc_page_office_post },
	{ "GET", "/van-phong/thu-xin-loi/", ".pdf", R_DB | R_SESSION | R_PAGE, mc_page_office_letter },
	/* accounts: as the server's own login (people's roles have no right on
	 * them); the handler lets only an admin in */
	{ "GET", "/van-phong/nguoi-dung", NULL, R_DB | R_SESSION | R_ACCOUNT | R_PAGE,
	  mc_page_office_users },
	{ "POST", "/van-phong/nguoi-dung", NULL, R_DB | R_SESSION | R_ACCOUNT | R_PAGE,
	  mc_page_office_users },
	{ "GET", "/tra-cuu", NULL, R_DB | R_PAGE, mc_page_lookup },
	{ "POST", "/tra-cuu", NULL, R_DB | R_PAGE, mc_page_lookup },
	{ "GET", "/tra-cuu/", "", R_DB | R_PAGE, mc_page_lookup_token },
};

/* Whether `path` matches the route, its {code} into `param`. */
static int matches(const route *r, const char *path, char *param, size_t n)
{
	if (!r->suffix)
		return !strcmp(path, r->prefix);
	size_t lp = strlen(r->prefix), ls = strlen(r->suffix), l = strlen(path);
	if (l <= lp + ls || strncmp(path, r->prefix, lp) || strcmp(path + l - ls, r->suffix))
		return 0;
	size_t lc = l - lp - ls;
	if (lc >= n)
		return 0;
	memcpy(param, path + lp, lc);
	param[lc] = '\0';
	/* a code is one segment of letters, digits, '.' and '-' */
	for (size_t i = 0; i < lc; i++) {
		char c = param[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '.' || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

static int state_changing(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

/* The session of the request, in the transaction just begun. 0 or -1
 * (the reply holds the problem). */
static int authenticate_bearer(mc_request *rq, int take_role);

/* Refuse the request's authentication: a problem document for the API; for
 * a page, the login page (401) or an error page. -1. */
static int refuse(mc_request *rq, int status, const char *code, const char *detail)
{
	if (!rq->page) {
		mc_reply_problem(&rq->reply, status, code, detail, NULL, NULL);
	} else if (status == 401) {
		mc_page_login_redirect(rq);
	} else if (!strcmp(code, "csrf")) {
		mc_page_fail(rq, 403, "Yêu cầu không hợp lệ",
			     "Biểu mẫu thiếu mã chống giả mạo hoặc mã đã hết hạn. Vui lòng tải lại "
			     "trang rồi thực hiện lại.");
	} else {
		mc_page_fail(rq, status, mc_problem_title(code),
			     "Tài khoản này không dùng được trang này.");
	}
	return -1;
}

static int authenticate(mc_request *rq, int take_role)
{
	const char *authz = mc_rq_header(rq, "Authorization");
	if (authz && !strncasecmp(authz, "Bearer ", 7))
		return authenticate_bearer(rq, take_role);
	const char *tok = mc_rq_cookie(rq, SESSION_COOKIE);
	if (!tok || mc_token_hash(tok, rq->token_hash))
		return refuse(rq, 401, "unauthenticated", "log in first: POST /api/v1/session");
	mc_error err;
	int found = 0;
	if (mc_store_session_touch(rq->db, rq->token_hash, rq->srv->o.idle, &rq->user, &found,
				   &err)) {
		mc_reply_error(rq, &err);
		return -1;
	}
	if (!found)
		return refuse(rq, 401, "unauthenticated",
			      "the session has expired or was closed: log in again");
	snprintf(rq->log_login, sizeof rq->log_login, "%s", rq->user.login);
	mc_token_csrf(tok, rq->csrf);
	if (state_changing(rq->method)) {
		/* a page's form sends it as a field, a script as a header */
		const char *sent = rq->page ? mc_rq_form(rq, "csrf") : mc_rq_header(rq, "X-CSRF-Token");
		if (!sent || !mc_secure_equal(sent, rq->csrf))
			return refuse(rq, 403, "csrf",
				      "a request that changes something must carry the session's "
				      "X-CSRF-Token header");
	}
	const char *dbrole = mc_role_db(rq->user.role, NULL);
	if (!dbrole || strcmp(rq->user.agency, rq->srv->cat->agency->id))
		return refuse(rq, 403, "forbidden", "this account does not act for this server's agency");
	/* a machine's account has no desk */
	if (rq->page && !strcmp(rq->user.role, "integration"))
		return refuse(rq, 403, "forbidden", NULL);
	if (take_role && mc_store_act_as_desk(rq->db, dbrole, rq->user.agency, rq->user.role, &err)) {
		mc_reply_error(rq, &err);
		return -1;
	}
	rq->authed = 1;
	return 0;
}

/* A machine's bearer token (motcua token add): no cookie, no CSRF (a
 * browser never sends it by itself); each use, refused or not, is
 * recorded, and kept whatever the reply (a savepoint after it). The
 * transaction is begun with the token's use, its role and the savepoint
 * in one round trip (begin_bearer); this judges what that found. */
static int begin_bearer(mc_request *rq, const char *tok, int take_role, int lazy, mc_error *err)
{
	while (*tok == ' ')
		tok++;
	rq->bearer = 1;
	if (mc_token_hash(tok, rq->token_hash))
		memset(rq->token_hash, 0, sizeof rq->token_hash);   /* no token's: refused, logged */
	mc_token_begin b = { .token_hash = rq->token_hash, .client = rq->client,
			     .lazy_commit = lazy, .agency = rq->srv->cat->agency->id };
	if (take_role) {
		b.roles = mc_role_array();
		b.db_roles = mc_role_db_array();
	}
	return mc_store_token_begin(rq->db, &b, &rq->user, &rq->bearer_found, rq->bearer_acting,
				    sizeof rq->bearer_acting, err);
}

static int authenticate_bearer(mc_request *rq, int take_role)
{
	rq->keep = 1;
	if (!rq->bearer_found) {
		mc_reply_problem(&rq->reply, 401, "unauthenticated",
				 "the bearer token is unknown or revoked", NULL, NULL);
		return -1;
	}
	snprintf(rq->log_login, sizeof rq->log_login, "%s", rq->user.login);
	const char *dbrole = mc_role_db(rq->user.role, NULL);
	if (!dbrole || strcmp(rq->user.agency, rq->srv->cat->agency->id)) {
		mc_reply_problem(&rq->reply, 403, "forbidden",
				 "this token does not act for this server's agency", NULL, NULL);
		return -1;
	}
	/* the role is taken by a second look at the token: revoked between
	 * the two, none was */
	if (take_role && strcmp(rq->bearer_acting, dbrole)) {
		mc_reply_problem(&rq->reply, 401, "unauthenticated",
				 "the bearer token is unknown or revoked", NULL, NULL);
		return -1;
	}
	rq->keep = 0;
	rq->marked = 1;
	rq->authed = 1;
	return 0;
}

static void run_route(mc_request *rq, const route *r)
{
	mc_error err;
	if (!(r->flags & R_DB)) {
		r->run(rq);
		return;
	}
	const char *authz = r->flags & R_SESSION ? mc_rq_header(rq, "Authorization") : NULL;
	const char *bearer = authz && !strncasecmp(authz, "Bearer ", 7) ? authz + 7 : NULL;
	for (int attempt = 0;; attempt++) {
		if (mc_pool_get(&rq->srv->pool, &rq->slot, &rq->db, &err)) {
			mc_reply_error(rq, &err);
			rq->broken = 0;
			return;
		}
		rq->broken = 0;
		/* a bearer's token, role and savepoint go with BEGIN in one round
		 * trip (begin_bearer); a route with a cookie session starts with
		 * its look-up, and BEGIN goes with it (the pool gave a connection
		 * not closed by the server); another route's BEGIN is a round trip
		 * of its own */
		if (bearer ? begin_bearer(rq, bearer, !(r->flags & R_ACCOUNT), !!(r->flags & R_READ), &err)
		    : (r->flags & R_SESSION) ? mc_db_defer(rq->db, NULL, "BEGIN", 0, NULL, &err)
					     : mc_db_begin(rq->db, &err)) {
			/* a connection the database closed meanwhile (a restart):
			 * nothing was committed on it (a bearer's first round trip
			 * leaves its transaction open), so once more on a new one */
			mc_pool_put(&rq->srv->pool, rq->slot, 1);
			rq->db = NULL;
			if (err.code == MC_ERR_DBCONN && attempt == 0)
				continue;
			mc_reply_error(rq, &err);
			return;
		}
		if (!(r->flags & R_SESSION) || !authenticate(rq, !(r->flags & R_ACCOUNT)))
			r->run(rq);
		mc_error e2;
		if (rq->ended) {
			/* the handler's commit: a receipt's, whose outcome it replied,
			 * or the queue's, in the page's round trip (then_commit) */
		} else if (rq->reply.status < 400 || ((r->flags & R_KEEP || rq->keep) && !rq->broken) ||
		    (rq->marked && !rq->broken && !mc_store_mark_rollback(rq->db, &e2))) {
			if (mc_db_commit(rq->db, &err))
				mc_reply_error(rq, &err);
		} else {
			mc_db_rollback(rq->db);
		}
		break;
	}
	mc_pool_put(&rq->srv->pool, rq->slot, rq->broken);
	rq->db = NULL;
}

static void dispatch(mc_request *rq)
{
	int path_known = 0;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		const route *r = &routes[i];
		rq->param[0] = '\0';
		if (!matches(r, rq->path, rq->param, sizeof rq->param))
			continue;
		path_known = 1;
		if (strcmp(r->method, rq->method))
			continue;
		rq->page = !!(r->flags & R_PAGE);
		run_route(rq, r);
		return;
	}
	if (path_known)
		mc_reply_problem(&rq->reply, 405, "method_not_allowed", NULL, NULL, NULL);
	else
		mc_reply_problem(&rq->reply, 404, "not_found", "no such route", NULL, NULL);
}

/* ---- libmicrohttpd ----------------------------------------------------- */

static enum MHD_Result send_reply(mc_request *rq)
{
	mc_reply *r = &rq->reply;
	struct MHD_Response *resp;
	if (r->body.data && r->body.len) {
		/* the body is handed over, not copied (a page of 500 dossiers is
		 * some 300 KB): libmicrohttpd frees it once sent */
		resp = MHD_create_response_from_buffer(r->body.len, r->body.data,
						       MHD_RESPMEM_MUST_FREE);
		if (resp)
			memset(&r->body, 0, sizeof r->body);
	} else {
		resp = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	if (r->ctype)
		MHD_add_response_header(resp, "Content-Type", r->ctype);
	int cache_set = 0;
	for (int i = 0; i < r->nheaders; i++) {
		MHD_add_response_header(resp, r->hname[i], r->hvalue[i]);
		cache_set |= !strcasecmp(r->hname[i], "Cache-Control");
	}
	if (!cache_set)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ok = MHD_queue_response(rq->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	rq->queued = 1;
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	mc_server *srv = cls;
	mc_request *rq = *con_cls;
	if (!rq) {
		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		atomic_fetch_add(&in_flight, 1);
		*con_cls = rq;
		rq->srv = srv;
		rq->conn = conn;
		rq->method = method;
		rq->started = now_ms();
		snprintf(rq->path, sizeof rq->path, "%s", url);
		snprintf(rq->log_login, sizeof rq->log_login, "-");
		rq->reply.status = 500;
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		snprintf(rq->client, sizeof rq->client, "unix");
		int local = 1;
		if (ci && ci->client_addr) {
			const struct sockaddr *sa = ci->client_addr;
			if (sa->sa_family == AF_INET) {
				const struct in_addr *a = &((const struct sockaddr_in *)sa)->sin_addr;
				inet_ntop(AF_INET, a, rq->client, sizeof rq->client);
				local = (ntohl(a->s_addr) >> 24) == 127;
			} else if (sa->sa_family == AF_INET6) {
				const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
				inet_ntop(AF_INET6, a, rq->client, sizeof rq->client);
				local = IN6_IS_ADDR_LOOPBACK(a);
			}
		}
		mc_rq_forwarded(rq, local);
		/* a declared body over the limit: refused before it is read */
		const char *cl = mc_rq_header(rq, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > srv->o.max_body) {
			rq->too_large = 1;
			mc_reply_problem(&rq->reply, 413, "body_too_large", NULL, NULL, NULL);
			return send_reply(rq);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!rq->too_large && !rq->queued) {
			if (rq->body.len + *upload_size > srv->o.max_body) {
				rq->too_large = 1;
				mc_buf_free(&rq->body);
			} else {
				mc_buf_addn(&rq->body, upload, *upload_size);
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->queued)
		return MHD_YES;
	if (rq->too_large) {
		char detail[80];
		snprintf(detail, sizeof detail, "the body is over %zu bytes", srv->o.max_body);
		mc_reply_problem(&rq->reply, 413, "body_too_large", detail, NULL, NULL);
	} else if (mc_buf_failed(&rq->body)) {
		mc_reply_problem(&rq->reply, 500, "internal", NULL, NULL, NULL);
	} else {
		sem_wait(&srv->handlers);
		dispatch(rq);
		sem_post(&srv->handlers);
	}
	(void)version;
	return send_reply(rq);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	mc_request *rq = *con_cls;
	if (!rq)
		return;
	/* one line a request: never a body, a query, a header or a cookie */
	fprintf(stderr, "motcua serve: %s %s %d %.1fms %s%s\n", rq->method, rq->path,
		rq->queued ? rq->reply.status : 0, now_ms() - rq->started, rq->log_login,
		toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection ended early)");
	mc_buf_free(&rq->body);
	mc_buf_free(&rq->reply.body);
	mc_rq_form_free(rq);
	free(rq);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
	(void)cls;
	(void)conn;
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
	fprintf(stderr, "motcua serve: microhttpd: ");
	vfprintf(stderr, fmt, ap);
	(void)cls;
}

/* ---- listening --------------------------------------------------------- */

static int listen_unix(const char *path, int *fd, mc_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path)
		return mc_error_set(err, MC_ERR_USAGE, "the socket path '%s' is too long", path);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			return mc_error_set(err, MC_ERR_USAGE, "'%s' exists and is not a socket", path);
		unlink(path);       /* a socket a stopped server left */
	}
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return mc_error_set(err, MC_ERR_INTERNAL, "socket: %s", strerror(errno));
	if (bind(s, (struct sockaddr *)&sa, sizeof sa) || listen(s, 128)) {
		int e = errno;
		close(s);
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot listen on '%s': %s", path, strerror(e));
	}
	chmod(path, 0660);
	*fd = s;
	return MC_OK;
}

static int parse_listen(const char *spec, struct sockaddr_in *sa, mc_error *err)
{
	const char *colon = strrchr(spec, ':');
	char host[64];
	if (!colon || (size_t)(colon - spec) >= sizeof host)
		return mc_error_set(err, MC_ERR_USAGE,
				    "--listen '%s': expected HOST:PORT or unix:/PATH", spec);
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || colon[1] == '\0' || port < 0 || port > 65535)
		return mc_error_set(err, MC_ERR_USAGE, "--listen '%s': bad port", spec);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return mc_error_set(err, MC_ERR_USAGE, "--listen '%s': '%s' is not an IPv4 address",
				    spec, host);
	return MC_OK;
}

/* ---- start and stop ---------------------------------------------------- */

static int open_state(mc_server *srv, mc_error *err)
{
	char dir[PATH_MAX];
	mc_config_path(dir, sizeof dir, "procedures");
	int rc = mc_catalog_load(&srv->cat, dir, err);
	if (!rc)
		rc = mc_calendar_load(&srv->cal, dir, err);
	if (rc)
		return rc;
	const char *ci = mc_config_conninfo();
	char conninfo[PATH_MAX * 2 + 64];
	if (ci) {
		snprintf(conninfo, sizeof conninfo, "%s", ci);
	} else {
		char datadir[PATH_MAX];
		mc_config_pgdata(datadir, sizeof datadir);
		if ((rc = mc_cluster_ensure(datadir, NULL, NULL, err)))
			return rc;
		mc_cluster_conninfo(conninfo, sizeof conninfo, datadir, "motcua");
	}
	if ((rc = mc_pool_init(&srv->pool, conninfo, srv->o.db_connections, err)))
		return rc;
	/* at start, on one connection: the stored rules, the schema, and the
	 * server's right to act for its agency as each group role */
	int slot;
	mc_db *db;
	if ((rc = mc_pool_get(&srv->pool, &slot, &db, err)))
		return rc;
	int changed = 0, version = 0;
	static const char *const group_roles[] = { "motcua_clerk", "motcua_office", "motcua_auditor",
						   "motcua_public", NULL };
	if (!(rc = mc_store_schema_version(db, &version, err)) && version < 25) {
		rc = mc_error_set(err, MC_ERR_REFUSED, "the database is at schema %d; the server needs 25",
				  version);
		mc_error_hint(err, "run 'motcua db migrate'");
	}
	if (!rc)
		rc = mc_store_catalog_sync(db, srv->cat, &changed, err);
	if (!rc)
		rc = mc_store_server_check(db, srv->cat->agency->id, group_roles, err);
	mc_pool_put(&srv->pool, slot, rc != 0);
	if (rc)
		return rc;
	if ((rc = mc_auth_init(err)))
		return rc;
	/* an unknown login costs the same time as a known one */
	char pw[65];
	if ((rc = mc_token_new(pw, err)) || (rc = mc_password_hash(pw, srv->dummy_hash, err)))
		return rc;
	return MC_OK;
}

static void close_state(mc_server *srv)
{
	mc_pool_free(&srv->pool);
	mc_calendar_free(srv->cal);
	mc_catalog_free(srv->cat);
}

int mc_server_run(const mc_server_opts *o, mc_error *err)
{
	mc_server *srv = calloc(1, sizeof *srv);
	if (!srv)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	srv->o = *o;
	pthread_mutex_init(&srv->pdf_mu, NULL);
	sem_init(&srv->handlers, 0, (unsigned)o->threads);
	/* a reply of a few hundred KB (a page of 500 dossiers) is built and
	 * freed on every request: keep the memory instead of giving it back to
	 * the kernel and faulting it in again each time */
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	/* the signals are taken by sigwait below, in this thread only: every
	 * thread started from here on (libpq's, microhttpd's) blocks them */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	int rc = open_state(srv, err);
	int fd = -1;
	struct sockaddr_in sa;
	const char *upath = !strncmp(o->listen, "unix:", 5) ? o->listen + 5 : NULL;
	if (!rc)
		rc = upath ? listen_unix(upath, &fd, err) : parse_listen(o->listen, &sa, err);
	struct MHD_Daemon *d = NULL;
	if (!rc) {
		/* a thread per connection: a handler blocks (on PostgreSQL), and
		 * a pool's worker keeps every connection it accepted, a burst of
		 * them at a time, so that one worker served ten keep-alive
		 * clients in turn while others had none; --threads bounds the
		 * requests handled at once instead */
		unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
				 MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_USE_AUTO;
		d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
				     MHD_OPTION_EXTERNAL_LOGGER, on_log, srv,
				     upath ? MHD_OPTION_LISTEN_SOCKET : MHD_OPTION_SOCK_ADDR,
				     upath ? (void *)(intptr_t)fd : (void *)&sa,
				     MHD_OPTION_CONNECTION_LIMIT, (unsigned)(o->threads * 64),
				     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)64,
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
				     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
				     MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
				     MHD_OPTION_END);
		if (!d)
			rc = mc_error_set(err, MC_ERR_INTERNAL, "cannot listen on %s", o->listen);
	}
	if (rc) {
		if (fd >= 0)
			close(fd);
		close_state(srv);
		sem_destroy(&srv->handlers);
		free(srv);
		return rc;
	}
	if (upath) {
		fprintf(stderr, "motcua serve: listening on unix:%s (agency %s)\n", upath,
			srv->cat->agency->id);
	} else {
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		char host[64];
		inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
		fprintf(stderr, "motcua serve: listening on http://%s:%u (agency %s)\n", host,
			di ? di->port : ntohs(sa.sin_port), srv->cat->agency->id);
	}
	/* systemd (Type=notify): listening now; without NOTIFY_SOCKET a no-op */
	sd_notify(0, "READY=1");
	int sig = 0;
	sigwait(&sigs, &sig);
	sd_notify(0, "STOPPING=1");
	fprintf(stderr, "motcua serve: %s: no new connections; finishing the requests in flight\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	/* closed at once: a new connection is refused, not left waiting */
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	if (upath)
		unlink(upath);
	for (int i = 0; i < STOP_WAIT_SECONDS * 20 && atomic_load(&in_flight) > 0; i++)
		usleep(50 * 1000);
	MHD_stop_daemon(d);
	close_state(srv);
	pthread_mutex_destroy(&srv->pdf_mu);
	sem_destroy(&srv->handlers);
	free(srv);
	fprintf(stderr, "motcua serve: stopped\n");
	return MC_OK;
}
