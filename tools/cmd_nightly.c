/*
 * cmd_nightly.c - `motcua nightly`: the lateness job, and its alerts as
 * text, CSV or JSON.
 */
#include "commands.h"
#include "nightly.h"
#include "notify.h"
#include "session.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct out_ctx {
	mc_buf *b;
	int format;              /* 0 text, 1 csv, 2 json */
	int n;
	char unit[64];
	const mc_agency *agency;
	int overdue, soon, apology;
} out_ctx;

static const char *kind_vn(const char *k)
{
	if (!strcmp(k, "overdue"))
		return "Quá hạn";
	if (!strcmp(k, "due_soon"))
		return "Sắp đến hạn";
	return "Cần xin lỗi";
}

static void on_alert(const mc_alert *a, void *arg)
{
	out_ctx *o = arg;
	char due[40], dl[40] = "";
	mc_format_moment(due, sizeof due, a->due_at);
	if (a->apology_deadline)
		mc_format_moment(dl, sizeof dl, a->apology_deadline);
	double late = (double)a->late_ticks / MC_TICKS_PER_DAY;
	if (o->format == 1) {
		mc_buf_addf(o->b, "%s,%s,%s,%s,%s,%.2f,%s\r\n", a->code, a->kind, a->scope, a->unit, due,
			    late, dl);
	} else if (o->format == 2) {
		mc_buf_add(o->b, o->n ? ",{\"code\":" : "{\"code\":");
		mc_buf_json_str(o->b, a->code);
		mc_buf_addf(o->b, ",\"kind\":\"%s\",\"scope\":", a->kind);
		mc_buf_json_str(o->b, a->scope);
		mc_buf_add(o->b, ",\"unit\":");
		mc_buf_json_str(o->b, a->unit);
		mc_buf_addf(o->b, ",\"due_at\":\"%s\",\"late_working_days\":%.2f,\"apology_deadline\":", due, late);
		if (dl[0])
			mc_buf_addf(o->b, "\"%s\"}", dl);
		else
			mc_buf_add(o->b, "null}");
	} else {
		if (strcmp(o->unit, a->unit) != 0) {
			const mc_unit *u = mc_agency_unit(o->agency, a->unit);
			mc_buf_addf(o->b, "\n%s\n", u ? u->name : a->unit);
			snprintf(o->unit, sizeof o->unit, "%s", a->unit);
		}
		mc_buf_addf(o->b, "  %-12s %s  %s  hạn %s", kind_vn(a->kind), a->code,
			    strcmp(a->scope, "dossier") ? a->scope : "hồ sơ", due);
		if (a->late_ticks)
			mc_buf_addf(o->b, "  trễ %.2f ngày làm việc", late);
		if (dl[0])
			mc_buf_addf(o->b, "  hạn xin lỗi %s", dl);
		mc_buf_add(o->b, "\n");
	}
	o->overdue += !strcmp(a->kind, "overdue");
	o->soon += !strcmp(a->kind, "due_soon");
	o->apology += !strcmp(a->kind, "apology_required");
	o->n++;
	/* a night of a million alerts streams out: memory stays flat (a
	 * department's night, tens of lines, is printed whole at the end) */
	if (o->b->len > 65536 && !mc_buf_failed(o->b)) {
		fwrite(o->b->data, 1, o->b->len, stdout);
		mc_buf_clear(o->b);
	}
}

static void progress(long done, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rmotcua nightly: %ld open dossiers evaluated", done);
	fflush(stderr);
}

static int run_nightly(const cli_command *cmd, int argc, char **argv)
{
	const char *as_of_s = NULL, *fmt = "text", *soon_s = NULL;
	int notify = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--as-of") && i + 1 < argc)
			as_of_s = argv[++i];
		else if (!strcmp(argv[i], "--format") && i + 1 < argc)
			fmt = argv[++i];
		else if (!strcmp(argv[i], "--soon") && i + 1 < argc)
			soon_s = argv[++i];
		else if (!strcmp(argv[i], "--notify"))
			notify = 1;
		else
			return cli_usage_error(cmd, "unknown or incomplete option '%s'", argv[i]);
	}
	int format = !strcmp(fmt, "text") ? 0 : !strcmp(fmt, "csv") ? 1 : !strcmp(fmt, "json") ? 2 : -1;
	if (format < 0)
		return cli_usage_error(cmd, "unknown format '%s' (text, csv or json)", fmt);
	mc_error err;
	mc_nightly_opts o = { 0 };
	if (as_of_s) {
		if (mc_parse_date(as_of_s, &o.as_of, &err))
			return cli_usage_error(cmd, "%s", err.message);
	} else {
		o.as_of = mc_time_day((mc_time)time(NULL));
	}
	if (soon_s) {
		mc_duration d;
		if (mc_duration_parse(soon_s, &d, &err) || d.unit != MC_UNIT_WORKING_DAYS)
			return cli_usage_error(cmd, "--soon takes working days, e.g. 1wd or 0.5wd");
		o.soon_ticks = (int64_t)d.halves * (MC_TICKS_PER_DAY / 2);
	}
	if (isatty(2))
		o.progress = progress;
	mc_notify_opts nopt;
	if (notify && mc_notify_opts_from_env(&nopt, &err))
		return cli_fail(&err);
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	mc_nightly_stats st;
	rc = mc_nightly_run(&s.ctx, &o, &st, &err);
	if (o.progress)
		fputc('\n', stderr);
	mc_buf b = { 0 };
	out_ctx oc = { .b = &b, .format = format, .agency = s.cat->agency };
	char day[16], dvn[16];
	mc_format_date(day, sizeof day, o.as_of);
	mc_format_date_vn(dvn, sizeof dvn, o.as_of);
	if (!rc) {
		if (format == 1)
			mc_buf_add(&b, "\xEF\xBB\xBF" "code,kind,scope,unit,due_at,late_working_days,apology_deadline\r\n");
		else if (format == 2)
			mc_buf_addf(&b, "{\"as_of\":\"%s\",\"evaluated\":%ld,\"new\":%ld,"
				    "\"already_evaluated\":%s,\"alerts\":[", day,
				    st.dossiers, st.alerts_new, st.already_done ? "true" : "false");
		else if (st.already_done)
			mc_buf_addf(&b, "Cảnh báo hồ sơ đêm %s (tính đến 00:00) — %s\n"
				    "Đêm này đã được xét trước đó (%ld hồ sơ đang giải quyết); "
				    "không ghi thêm cảnh báo\n",
				    dvn, s.cat->agency->name, st.dossiers);
		else
			mc_buf_addf(&b, "Cảnh báo hồ sơ đêm %s (tính đến 00:00) — %s\n"
				    "%ld hồ sơ đang giải quyết được xét; %ld cảnh báo mới\n",
				    dvn, s.cat->agency->name, st.dossiers, st.alerts_new);
		rc = mc_nightly_alerts(&s.ctx, o.as_of, on_alert, &oc, &err);
	}
	PGresult *desk = NULL;
	if (!rc && format != 1) {
		/* what is on each desk at that moment, and how much of it is late */
		char moment[40];
		mc_format_moment(moment, sizeof moment, mc_time_make(o.as_of, 0));
		const char *p[] = { s.cat->agency->id, moment };
		rc = mc_db_exec(s.db,
				"SELECT step_unit AS unit, count(*) AS open, "
				"count(*) FILTER (WHERE state = 'in_step' AND due_at < $2::timestamptz) AS overdue, "
				"count(*) FILTER (WHERE state <> 'in_step') AS waiting "
				"FROM motcua.dossier WHERE agency_id = $1 AND result IS NULL "
				"AND received_at < $2::timestamptz GROUP BY step_unit ORDER BY step_unit",
				2, p, &desk, &err);
	}
	if (!rc) {
		if (format == 2) {
			mc_buf_addf(&b, "],\"overdue\":%d,\"due_soon\":%d,\"apology_required\":%d,\"units\":[",
				    oc.overdue, oc.soon, oc.apology);
			for (int r = 0; r < PQntuples(desk); r++) {
				mc_buf_add(&b, r ? ",{\"unit\":" : "{\"unit\":");
				mc_buf_json_str(&b, mc_db_get(desk, r, "unit"));
				mc_buf_addf(&b, ",\"open\":%s,\"overdue\":%s,\"waiting\":%s}",
					    mc_db_get(desk, r, "open"), mc_db_get(desk, r, "overdue"),
					    mc_db_get(desk, r, "waiting"));
			}
			mc_buf_add(&b, "]}\n");
		} else if (format == 0) {
			mc_buf_add(&b, "\nTrên bàn từng đơn vị:\n");
			for (int r = 0; r < PQntuples(desk); r++) {
				const mc_unit *u = mc_agency_unit(s.cat->agency, mc_db_get(desk, r, "unit"));
				mc_buf_addf(&b, "  %s: %s hồ sơ đang giải quyết, %s quá hạn, %s chờ bổ sung/tạm dừng\n",
					    u ? u->name : mc_db_get(desk, r, "unit"), mc_db_get(desk, r, "open"),
					    mc_db_get(desk, r, "overdue"), mc_db_get(desk, r, "waiting"));
			}
			mc_buf_addf(&b, "\nTổng: %d quá hạn, %d sắp đến hạn, %d cần văn bản xin lỗi\n",
				    oc.overdue, oc.soon, oc.apology);
		}
		fputs(mc_buf_str(&b), stdout);
	}
	PQclear(desk);
	mc_buf_free(&b);
	if (!rc && notify) {
		mc_notify_stats ns;
		rc = mc_notify_run(&s.ctx, &nopt, o.as_of, &ns, &err);
		if (!rc || ns.failed)
			fprintf(stderr, "motcua nightly: %d messages queued, %d sent, %d failed%s\n",
				ns.queued, ns.sent, ns.failed,
				!ns.failed ? "" : ns.given_up ? " (some given up: see below)" : " (retried next run)");
	}
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	return 0;
}

const cli_command cmd_nightly = {
	.name = "nightly",
	.summary = "the nightly lateness job: due soon, apology required, overdue",
	.usage = "usage: motcua nightly [--as-of DATE] [--format text|csv|json] [--soon 1wd] [--notify]\n",
	.help =
	"Evaluates every open dossier as of 00:00 on DATE (default: today, Vietnam's\n"
	"time) and records, once per dossier, kind and night:\n"
	"  due_soon          the dossier or its step is due within the next working day\n"
	"                    (--soon), with the last moment an apology is on time\n"
	"  apology_required  it cannot finish on time and no apology was issued\n"
	"  overdue           past its due moment, with the working time late\n"
	"A night is recorded in one transaction: a run that was killed left nothing\n"
	"and its rerun does the whole night; rerunning a finished night records\n"
	"nothing. A second run at the same time exits 5. Prints the night's alerts\n"
	"per unit.\n"
	"--notify e-mails each unit its alerts through sendmail ($MOTCUA_SENDMAIL,\n"
	"default '/usr/sbin/sendmail -t -oi'; From: $MOTCUA_MAIL_FROM), once, at most\n"
	"200 alerts a message; a delivery taking over $MOTCUA_SENDMAIL_TIMEOUT seconds\n"
	"(60) is killed. A failed delivery is retried by the next run, 5 attempts in\n"
	"all, and makes the run exit 1. Installed as a systemd timer: see\n"
	"tools/systemd/README.md.\n",
	.run = run_nightly,
};
