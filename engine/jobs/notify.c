/*
 * notify.c - e-mail delivery of the nightly alerts (see notify.h).
 */
#include "notify.h"
#include "nightly.h"
#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct unit_msg {
	char unit[64];
	mc_buf body;
	int n;
} unit_msg;

typedef struct collect {
	unit_msg *units;
	size_t n, cap;
	int failed;
} collect;

static const char *kind_vn(const char *k)
{
	if (!strcmp(k, "overdue"))
		return "QUÁ HẠN";
	if (!strcmp(k, "due_soon"))
		return "SẮP ĐẾN HẠN";
	return "CẦN XIN LỖI";
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
	char due[40];
	mc_format_moment(due, sizeof due, a->due_at);
	/* dossiers are named by code only: no personal data in mail */
	mc_buf_addf(&u->body, "- %s: hồ sơ %s (%s), hạn %s", kind_vn(a->kind), a->code,
		    strcmp(a->scope, "dossier") ? a->scope : "toàn hồ sơ", due);
	if (a->late_ticks > 0)
		mc_buf_addf(&u->body, ", trễ %.1f ngày làm việc", (double)a->late_ticks / MC_TICKS_PER_DAY);
	if (a->apology_deadline) {
		char dl[40];
		mc_format_moment(dl, sizeof dl, a->apology_deadline);
		mc_buf_addf(&u->body, ", hạn gửi văn bản xin lỗi %s", dl);
	}
	mc_buf_add(&u->body, "\n");
	u->n++;
}

/* Hand one message to sendmail; 0 on success, else fills why. */
static int sendmail(const char *to, const char *subject, const char *body, char *why, size_t n)
{
	const char *prog = getenv("MOTCUA_SENDMAIL");
	if (!prog || !*prog)
		prog = "/usr/sbin/sendmail";
	int fds[2];
	if (pipe(fds) != 0) {
		snprintf(why, n, "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, n, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		execl(prog, prog, "-t", "-oi", (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	FILE *f = fdopen(fds[1], "w");
	if (f) {
		fprintf(f, "To: %s\nSubject: =?UTF-8?B?", to);
		/* RFC 2047 base64 subject: Vietnamese is not ASCII */
		static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		const unsigned char *p = (const unsigned char *)subject;
		size_t len = strlen(subject);
		for (size_t i = 0; i < len; i += 3) {
			unsigned v = p[i] << 16 | (i + 1 < len ? p[i + 1] << 8 : 0) | (i + 2 < len ? p[i + 2] : 0);
			fputc(b64[v >> 18 & 63], f);
			fputc(b64[v >> 12 & 63], f);
			fputc(i + 1 < len ? b64[v >> 6 & 63] : '=', f);
			fputc(i + 2 < len ? b64[v & 63] : '=', f);
		}
		fprintf(f, "?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
			"Content-Transfer-Encoding: 8bit\n\n%s", body);
		fclose(f);
	} else {
		close(fds[1]);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	snprintf(why, n, "%s exited with status %d", prog,
		 WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return -1;
}

int mc_notify_run(const mc_store_ctx *s, int32_t as_of, mc_notify_stats *st, mc_error *err)
{
	mc_notify_stats local = { 0 };
	collect c = { 0 };
	char day[16], dvn[16];
	mc_format_date(day, sizeof day, as_of);
	mc_format_date_vn(dvn, sizeof dvn, as_of);
	int rc = mc_nightly_alerts(s, as_of, on_alert, &c, err);
	if (!rc && c.failed)
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < c.n && !rc; i++) {
		const mc_unit *u = mc_agency_unit(s->cat->agency, c.units[i].unit);
		mc_buf body = { 0 };
		char subject[300];
		snprintf(subject, sizeof subject, "[motcua] Cảnh báo hồ sơ đêm %s: %d mục", dvn, c.units[i].n);
		mc_buf_addf(&body, "Kính gửi %s,\n\nHệ thống một cửa %s thông báo tình trạng các hồ sơ "
			    "đang ở bộ phận của anh/chị, tính đến 00:00 ngày %s:\n\n%s\n"
			    "Tra cứu chi tiết: motcua show MÃ-HỒ-SƠ\n",
			    u ? u->name : c.units[i].unit, s->cat->agency->short_name, dvn,
			    mc_buf_str(&c.units[i].body));
		const char *p[] = { s->cat->agency->id, day, c.units[i].unit,
				    u && u->email ? u->email : "", subject, mc_buf_str(&body) };
		PGresult *res = NULL;
		rc = mc_db_exec(s->db,
				"INSERT INTO motcua.notification (agency_id, as_of, unit, recipient, subject, body, status) "
				"VALUES ($1, $2::date, $3, $4, $5, $6, 'pending') ON CONFLICT DO NOTHING",
				6, p, &res, err);
		if (!rc) {
			local.queued += atoi(PQcmdTuples(res));
			PQclear(res);
		}
		mc_buf_free(&body);
	}
	for (size_t i = 0; i < c.n; i++)
		mc_buf_free(&c.units[i].body);
	free(c.units);
	if (rc)
		return rc;
	/* deliver everything pending, oldest first */
	PGresult *res = NULL;
	const char *p[] = { s->cat->agency->id };
	if ((rc = mc_db_exec(s->db,
			     "SELECT as_of::text AS as_of, unit, recipient, subject, body FROM motcua.notification "
			     "WHERE agency_id = $1 AND status = 'pending' ORDER BY as_of, unit",
			     1, p, &res, err)))
		return rc;
	for (int r = 0; r < PQntuples(res) && !rc; r++) {
		char why[300] = "";
		const char *to = mc_db_get(res, r, "recipient");
		int ok = *to ? sendmail(to, mc_db_get(res, r, "subject"), mc_db_get(res, r, "body"),
					why, sizeof why) == 0
			     : (snprintf(why, sizeof why, "the unit has no e-mail address in agency.yaml"), 0);
		const char *u[] = { s->cat->agency->id, mc_db_get(res, r, "as_of"), mc_db_get(res, r, "unit"),
				    ok ? NULL : why };
		rc = mc_db_exec(s->db, ok
				? "UPDATE motcua.notification SET status = 'sent', sent_at = now(), "
				  "attempts = attempts + 1, last_error = $4 WHERE agency_id = $1 "
				  "AND as_of = $2::date AND unit = $3"
				: "UPDATE motcua.notification SET attempts = attempts + 1, last_error = $4 "
				  "WHERE agency_id = $1 AND as_of = $2::date AND unit = $3",
				4, u, NULL, err);
		if (ok)
			local.sent++;
		else
			local.failed++;
	}
	PQclear(res);
	if (!rc)
		*st = local;
	return rc;
}
