/*
 * notify.c - e-mail delivery of the nightly alerts (see notify.h).
 */
#include "notify.h"
#include "nightly.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_SENDMAIL "/usr/sbin/sendmail -t -oi"
#define DEFAULT_FROM "motcua@localhost"
#define MAX_ARGS 32
/* a claim this much older than the mailer's timeout belongs to a dead run */
#define CLAIM_MARGIN 300

enum { K_OVERDUE, K_SOON, K_APOLOGY, K_N };

typedef struct unit_msg {
	char unit[64];
	mc_buf body;             /* the first max_alerts lines */
	int n, listed;
	int kinds[K_N];
} unit_msg;

typedef struct collect {
	unit_msg *units;
	size_t n, cap;
	int max_alerts;
	int failed;
} collect;

static int kind_index(const char *k)
{
	if (!strcmp(k, "overdue"))
		return K_OVERDUE;
	if (!strcmp(k, "due_soon"))
		return K_SOON;
	return K_APOLOGY;
}

static const char *const kind_vn[K_N] = { "QUÁ HẠN", "SẮP ĐẾN HẠN", "CẦN XIN LỖI" };

static int parse_int_env(const char *name, int def, int lo, int hi, int *out, mc_error *err)
{
	const char *v = getenv(name);
	if (!v || !*v) {
		*out = def;
		return 0;
	}
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || *end || end == v || x < lo || x > hi)
		return mc_error_set(err, MC_ERR_INPUT, "invalid %s '%s' (a whole number from %d to %d)",
				    name, v, lo, hi);
	*out = (int)x;
	return 0;
}

/* printable ASCII only: no header injection, no encoding needed */
static int header_safe(const char *s)
{
	if (!*s)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return 1;
}

int mc_notify_opts_from_env(mc_notify_opts *o, mc_error *err)
{
	memset(o, 0, sizeof *o);
	const char *sm = getenv("MOTCUA_SENDMAIL");
	if (!sm || !*sm)
		sm = DEFAULT_SENDMAIL;
	if (strlen(sm) >= sizeof o->sendmail)
		return mc_error_set(err, MC_ERR_INPUT, "MOTCUA_SENDMAIL is too long");
	if (strspn(sm, " \t") == strlen(sm))
		return mc_error_set(err, MC_ERR_INPUT, "MOTCUA_SENDMAIL names no program");
	snprintf(o->sendmail, sizeof o->sendmail, "%s", sm);
	const char *from = getenv("MOTCUA_MAIL_FROM");
	if (!from || !*from)
		from = DEFAULT_FROM;
	const char *at = strrchr(from, '@');
	if (strlen(from) >= sizeof o->from || !header_safe(from) || !at || strcspn(at + 1, "> ") == 0)
		return mc_error_set(err, MC_ERR_INPUT,
				    "invalid MOTCUA_MAIL_FROM '%s' (an e-mail address, ASCII)", from);
	snprintf(o->from, sizeof o->from, "%s", from);
	int rc = parse_int_env("MOTCUA_SENDMAIL_TIMEOUT", 60, 1, 3600, &o->timeout, err);
	if (rc)
		return rc;
	o->max_attempts = 5;
	o->max_alerts = 200;
	return 0;
}

static void on_alert(const mc_alert *a, void *arg)
{
	collect *c = arg;
	if (c->n == 0 || strcmp(c->units[c->n - 1].unit, a->unit) != 0) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 8;
			unit_msg *u = realloc(c->units, cap * sizeof *u);
			if (!u) {
				c->failed = 1;
				return;
			}
			c->units = u;
			c->cap = cap;
		}
		memset(&c->units[c->n], 0, sizeof c->units[c->n]);
		snprintf(c->units[c->n].unit, sizeof c->units[c->n].unit, "%s", a->unit);
		c->n++;
	}
	unit_msg *u = &c->units[c->n - 1];
	int k = kind_index(a->kind);
	u->n++;
	u->kinds[k]++;
	if (u->listed >= c->max_alerts)
		return;          /* counted, not listed: a message stays small */
	u->listed++;
	char due[MC_MOMENT_MAX];
	mc_format_moment(due, sizeof due, a->due_at);
	/* dossiers are named by code only: no personal data in mail */
	mc_buf_addf(&u->body, "- %s: hồ sơ %s (%s), hạn %s", kind_vn[k], a->code,
		    strcmp(a->scope, "dossier") ? a->scope : "toàn hồ sơ", due);
	if (a->late_ticks > 0)
		mc_buf_addf(&u->body, ", trễ %.1f ngày làm việc", (double)a->late_ticks / MC_TICKS_PER_DAY);
	if (a->apology_deadline) {
		char dl[MC_MOMENT_MAX];
		mc_format_moment(dl, sizeof dl, a->apology_deadline);
		mc_buf_addf(&u->body, ", hạn gửi văn bản xin lỗi %s", dl);
	}
	mc_buf_add(&u->body, "\n");
}

/* ---- the message ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void add_b64(mc_buf *b, const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < len ? p[i + 2] : 0);
		char q[4] = { b64[v >> 18 & 63], b64[v >> 12 & 63], i + 1 < len ? b64[v >> 6 & 63] : '=',
			      i + 2 < len ? b64[v & 63] : '=' };
		mc_buf_addn(b, q, 4);
	}
}

/* RFC 2047: "=?UTF-8?B?...?=" words of at most 39 bytes of text (a line of
 * at most 76 characters), cut between characters, folded */
static void add_encoded_subject(mc_buf *b, const char *subject)
{
	const unsigned char *p = (const unsigned char *)subject;
	size_t len = strlen(subject), i = 0;
	mc_buf_add(b, "Subject:");
	do {
		size_t n = len - i < 39 ? len - i : 39;
		while (n > 0 && i + n < len && (p[i + n] & 0xC0) == 0x80)
			n--;             /* do not cut a UTF-8 sequence */
		mc_buf_add(b, i ? "\n =?UTF-8?B?" : " =?UTF-8?B?");
		add_b64(b, p + i, n);
		mc_buf_add(b, "?=");
		i += n;
	} while (i < len);
	mc_buf_add(b, "\n");
}

/* RFC 5322 date in Vietnam's time (UTC+7, no daylight saving) */
static void add_date(mc_buf *b)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	mc_buf_addf(b, "Date: %s, %d %s %04d %02d:%02d:%02d +0700\n", wd[tm.tm_wday], tm.tm_mday,
		    mo[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void build_message(mc_buf *m, const mc_notify_opts *o, const char *to, const char *subject,
			  const char *message_id, const char *body)
{
	mc_buf_addf(m, "From: %s\nTo: %s\n", o->from, to);
	add_encoded_subject(m, subject);
	add_date(m);
	mc_buf_addf(m, "Message-ID: %s\n", message_id);
	mc_buf_add(m, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
		   "Content-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n");
	mc_buf_add(m, body);
}

/* ---- sendmail ---- */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* the first non-empty line of what the mailer printed, tidied */
static void first_line(const char *s, size_t len, char *out, size_t n)
{
	size_t i = 0;
	while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' '))
		i++;
	size_t k = 0;
	for (; i < len && s[i] != '\n' && s[i] != '\r' && k + 1 < n && k < 200; i++)
		out[k++] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	out[k] = 0;
}

static void kill_group(pid_t pid)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
}

/* in the child: fd `from` as `to`, kept across exec */
static void move_fd(int from, int to)
{
	if (from == to)
		fcntl(to, F_SETFD, 0);
	else
		dup2(from, to);
}

/* Hand one message to sendmail; 0 on success, else why it failed. */
static int run_sendmail(const mc_notify_opts *o, const char *msg, size_t len, char *why, size_t n)
{
	char words[sizeof o->sendmail];
	char *argv[MAX_ARGS + 3];
	int argc = 0;
	snprintf(words, sizeof words, "%s", o->sendmail);
	for (char *save = NULL, *w = strtok_r(words, " \t", &save); w && argc < MAX_ARGS;
	     w = strtok_r(NULL, " \t", &save))
		argv[argc++] = w;
	if (argc == 0) {
		snprintf(why, n, "MOTCUA_SENDMAIL names no program");
		return -1;
	}
	if (argc == 1) {
		argv[argc++] = "-t";
		argv[argc++] = "-oi";
	}
	argv[argc] = NULL;

	int in[2], out[2];
	if (pipe2(in, O_CLOEXEC) != 0) {
		snprintf(why, n, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe2(out, O_CLOEXEC) != 0) {
		snprintf(why, n, "pipe: %s", strerror(errno));
		close(in[0]);
		close(in[1]);
		return -1;
	}
	/* a mailer that exits without reading must not kill us (SIGPIPE) */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, n, "fork: %s", strerror(errno));
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		sigaction(SIGPIPE, &old, NULL);
		return -1;
	}
	if (pid == 0) {
		/* its own process group, so a timeout kills what it started too */
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		move_fd(in[0], 0);
		move_fd(out[1], 1);    /* its chatter is not motcua's output */
		move_fd(out[1], 2);
		execvp(argv[0], argv);
		dprintf(2, "cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(in[0]);
	close(out[1]);
	int infd = in[1], outfd = out[0];
	fcntl(infd, F_SETFL, O_NONBLOCK);
	fcntl(outfd, F_SETFL, O_NONBLOCK);
	char said[2048];
	size_t said_len = 0, off = 0;
	int status = 0, exited = 0, timed_out = 0, short_write = 0, io_err = 0;
	long long deadline = now_ms() + (long long)o->timeout * 1000;
	if (len == 0) {
		close(infd);
		infd = -1;
	}
	while (!exited) {
		long long left = deadline - now_ms();
		if (left <= 0) {
			kill_group(pid);
			timed_out = 1;
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		struct pollfd pf[2];
		int np = 0;
		if (infd >= 0)
			pf[np++] = (struct pollfd){ .fd = infd, .events = POLLOUT };
		if (outfd >= 0)
			pf[np++] = (struct pollfd){ .fd = outfd, .events = POLLIN };
		int slice = np ? 100 : 10;
		if (poll(pf, (nfds_t)np, left < slice ? (int)left : slice) < 0 && errno != EINTR) {
			io_err = errno;
			kill_group(pid);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		for (int i = 0; i < np; i++) {
			if (!pf[i].revents)
				continue;
			if (pf[i].fd == infd) {
				ssize_t w = write(infd, msg + off, len - off);
				if (w > 0)
					off += (size_t)w;
				else if (w < 0 && errno != EAGAIN && errno != EINTR)
					short_write = 1;    /* EPIPE: it stopped reading */
				if (off == len || short_write) {
					close(infd);
					infd = -1;
				}
			} else {
				char tmp[1024];
				ssize_t r = read(outfd, tmp, sizeof tmp);
				if (r > 0) {
					size_t k = (size_t)r < sizeof said - said_len ? (size_t)r : sizeof said - said_len;
					memcpy(said + said_len, tmp, k);
					said_len += k;
				} else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
					close(outfd);
					outfd = -1;
				}
			}
		}
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			exited = 1;
	}
	if (outfd >= 0) {
		/* what it printed before it went (not what a daemon it left behind prints) */
		ssize_t r;
		while (said_len < sizeof said && (r = read(outfd, said + said_len, sizeof said - said_len)) > 0)
			said_len += (size_t)r;
		close(outfd);
	}
	if (infd >= 0) {
		close(infd);
		short_write = 1;
	}
	sigaction(SIGPIPE, &old, NULL);

	char line[256];
	first_line(said, said_len, line, sizeof line);
	const char *sep = line[0] ? ": " : "";
	if (timed_out)
		snprintf(why, n, "'%s' timed out after %d s and was killed%s%s", argv[0], o->timeout, sep, line);
	else if (io_err)
		snprintf(why, n, "poll: %s", strerror(io_err));
	else if (WIFSIGNALED(status))
		snprintf(why, n, "'%s' was killed by signal %d (%s)%s%s", argv[0], WTERMSIG(status),
			 strsignal(WTERMSIG(status)), sep, line);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(why, n, "'%s' exited with status %d%s%s", argv[0], WEXITSTATUS(status), sep, line);
	else if (short_write)
		snprintf(why, n, "'%s' exited before reading the whole message%s%s", argv[0], sep, line);
	else
		return 0;
	return -1;
}

/* ---- the run ---- */

static int queue_night(const mc_store_ctx *s, const mc_notify_opts *o, int32_t as_of,
		       mc_notify_stats *st, mc_error *err)
{
	collect c = { .max_alerts = o->max_alerts };
	char day[16], dvn[16];
	mc_format_date(day, sizeof day, as_of);
	mc_format_date_vn(dvn, sizeof dvn, as_of);
	int rc = mc_nightly_alerts(s, as_of, on_alert, &c, err);
	if (!rc && c.failed)
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < c.n && !rc; i++) {
		unit_msg *m = &c.units[i];
		const mc_unit *u = mc_agency_unit(s->cat->agency, m->unit);
		mc_buf body = { 0 };
		char subject[300];
		snprintf(subject, sizeof subject, "[motcua] Cảnh báo hồ sơ đêm %s: %d mục", dvn, m->n);
		mc_buf_addf(&body, "Kính gửi %s,\n\nHệ thống một cửa %s thông báo tình trạng các hồ sơ "
			    "đang ở bộ phận của anh/chị, tính đến 00:00 ngày %s: %d cảnh báo "
			    "(%d quá hạn, %d sắp đến hạn, %d cần văn bản xin lỗi).\n\n%s",
			    u ? u->name : m->unit, s->cat->agency->short_name, dvn, m->n,
			    m->kinds[K_OVERDUE], m->kinds[K_SOON], m->kinds[K_APOLOGY], mc_buf_str(&m->body));
		if (m->listed < m->n) {
			int more[K_N] = { 0 };
			/* the listed ones come first in the order unit, kind: count back */
			int left = m->listed;
			static const int order[K_N] = { K_APOLOGY, K_SOON, K_OVERDUE };
			for (int k = 0; k < K_N; k++) {
				int t = m->kinds[order[k]], l = left < t ? left : t;
				more[order[k]] = t - l;
				left -= l;
			}
			mc_buf_addf(&body, "\n... và %d cảnh báo khác không liệt kê trong thư này "
				    "(%d quá hạn, %d sắp đến hạn, %d cần văn bản xin lỗi).\n"
				    "Xem đầy đủ: motcua nightly --as-of %s (hoặc thêm --format csv)\n",
				    m->n - m->listed, more[K_OVERDUE], more[K_SOON], more[K_APOLOGY], day);
		}
		mc_buf_add(&body, "\nTra cứu chi tiết: motcua show MÃ-HỒ-SƠ\n");
		if (mc_buf_failed(&body)) {
			mc_buf_free(&body);
			rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
			break;
		}
		const char *p[] = { s->cat->agency->id, day, m->unit, u && u->email ? u->email : "",
				    subject, mc_buf_str(&body) };
		PGresult *res = NULL;
		rc = mc_db_exec(s->db,
				"INSERT INTO motcua.notification (agency_id, as_of, unit, recipient, subject, body, status) "
				"VALUES ($1, $2::date, $3, $4, $5, $6, 'pending') ON CONFLICT DO NOTHING",
				6, p, &res, err);
		if (!rc) {
			st->queued += atoi(PQcmdTuples(res));
			PQclear(res);
		}
		mc_buf_free(&body);
	}
	for (size_t i = 0; i < c.n; i++)
		mc_buf_free(&c.units[i].body);
	free(c.units);
	return rc;
}

int mc_notify_run(const mc_store_ctx *s, const mc_notify_opts *o, int32_t as_of,
		  mc_notify_stats *st, mc_error *err)
{
	memset(st, 0, sizeof *st);
	int rc = queue_night(s, o, as_of, st, err);
	if (rc)
		return rc;

	/* who claims, and since when this run tries messages (each once) */
	char me[128], host[64] = "?", start[64], stale[16], attempts[16];
	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = 0;
	snprintf(me, sizeof me, "%s pid %ld", host, (long)getpid());
	snprintf(stale, sizeof stale, "%d", o->timeout + CLAIM_MARGIN);
	snprintf(attempts, sizeof attempts, "%d", o->max_attempts);
	const char *domain = strrchr(o->from, '@') + 1;
	char dom[256];
	snprintf(dom, sizeof dom, "%.*s", (int)strcspn(domain, "> "), domain);
	PGresult *res = NULL;
	if ((rc = mc_db_exec(s->db, "SELECT clock_timestamp()::text", 0, NULL, &res, err)))
		return rc;
	snprintf(start, sizeof start, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);

	mc_buf detail = { 0 };
	int named = 0;
	for (;;) {
		/* claim the oldest message nobody holds; committed before sendmail runs */
		const char *cp[] = { s->cat->agency->id, me, stale, start, dom };
		rc = mc_db_exec(s->db,
				"UPDATE motcua.notification n SET claimed_by = $2, claimed_at = clock_timestamp(), "
				"message_id = coalesce(n.message_id, '<' || left(replace(gen_random_uuid()::text, '-', ''), 20) "
				"|| '.' || to_char(n.as_of, 'YYYYMMDD') || '@' || $5 || '>') "
				/* one row: a row subquery is run once (an InitPlan); as
				 * a join (UPDATE ... FROM) it may be run again for each
				 * row of the table, and past the row it has just claimed
				 * (invisible to it, being this statement's) it claimed a
				 * second, which nobody then sent */
				"WHERE (n.agency_id, n.as_of, n.unit) = (SELECT agency_id, as_of, unit "
				"      FROM motcua.notification "
				"      WHERE agency_id = $1 AND status = 'pending' "
				"        AND (claimed_at IS NULL OR claimed_at < clock_timestamp() - $3::int * interval '1 second') "
				"        AND (last_attempt_at IS NULL OR last_attempt_at < $4::timestamptz) "
				"      ORDER BY as_of, unit LIMIT 1 FOR UPDATE SKIP LOCKED) "
				"RETURNING n.as_of::text AS as_of, n.unit, n.recipient, n.subject, n.body, "
				"n.attempts, n.message_id",
				5, cp, &res, err);
		if (rc)
			break;
		if (PQntuples(res) == 0) {
			PQclear(res);
			break;
		}
		const char *to = mc_db_get(res, 0, "recipient");
		char why[512] = "";
		int ok = 0;
		if (!*to) {
			snprintf(why, sizeof why, "the unit has no e-mail address in agency.yaml");
		} else if (!header_safe(to)) {
			snprintf(why, sizeof why, "the unit's e-mail address '%s' is not a plain ASCII address", to);
		} else {
			mc_buf m = { 0 };
			build_message(&m, o, to, mc_db_get(res, 0, "subject"), mc_db_get(res, 0, "message_id"),
				      mc_db_get(res, 0, "body"));
			if (mc_buf_failed(&m))
				snprintf(why, sizeof why, "out of memory");
			else
				ok = run_sendmail(o, m.data, m.len, why, sizeof why) == 0;
			mc_buf_free(&m);
		}
		const char *up[] = { s->cat->agency->id, mc_db_get(res, 0, "as_of"), mc_db_get(res, 0, "unit"),
				     ok ? NULL : why, attempts };
		PGresult *ur = NULL;
		rc = mc_db_exec(s->db, ok
				? "UPDATE motcua.notification SET status = 'sent', sent_at = now(), "
				  "attempts = attempts + 1, last_attempt_at = now(), last_error = $4, "
				  "claimed_by = NULL, claimed_at = NULL "
				  "WHERE agency_id = $1 AND as_of = $2::date AND unit = $3 "
				  "RETURNING status, attempts"
				: "UPDATE motcua.notification SET attempts = attempts + 1, last_attempt_at = now(), "
				  "last_error = $4, claimed_by = NULL, claimed_at = NULL, "
				  "status = CASE WHEN attempts + 1 >= $5::int THEN 'failed' ELSE 'pending' END "
				  "WHERE agency_id = $1 AND as_of = $2::date AND unit = $3 "
				  "RETURNING status, attempts",
				ok ? 4 : 5, up, &ur, err);
		if (!rc && ok) {
			st->sent++;
		} else if (!rc) {
			int gave_up = PQntuples(ur) == 1 && !strcmp(PQgetvalue(ur, 0, 0), "failed");
			st->failed++;
			st->given_up += gave_up;
			if (named < 3)
				mc_buf_addf(&detail, "%s%s %s, attempt %s of %d%s: %.*s", named ? "\n" : "",
					    mc_db_get(res, 0, "unit"), mc_db_get(res, 0, "as_of"),
					    PQntuples(ur) == 1 ? PQgetvalue(ur, 0, 1) : "?", o->max_attempts,
					    gave_up ? ", given up" : "", (int)160, why);
			named++;
		}
		PQclear(ur);
		PQclear(res);
		if (rc)
			break;
	}
	if (!rc && st->failed) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "%d e-mail deliver%s failed", st->failed,
				  st->failed == 1 ? "y" : "ies");
		if (named > 3)
			mc_buf_addf(&detail, "\nand %d more", named - 3);
		mc_error_detail(err, "%s", mc_buf_str(&detail));
		mc_error_hint(err, "each attempt is recorded in motcua.notification (last_error); a message is "
			      "retried by the next run, up to %d attempts", o->max_attempts);
	}
	mc_buf_free(&detail);
	return rc;
}
