/*
 * cmd_nightly.c - `motcua nightly`: the lateness job, and its alerts as
 * text, CSV or JSON (outputs/nightly_render.h).
 */
#include "commands.h"
#include "nightly.h"
#include "nightly_render.h"
#include "notify.h"
#include "queries.h"
#include "session.h"
#include "strbuf.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void on_alert(const mc_alert *a, void *arg)
{
	mc_nightly_out *o = arg;
	mc_nightly_out_alert(o, a);
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
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "soon", required_argument, NULL, 's' },
		{ "notify", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const char *as_of_s = NULL, *fmt = NULL, *soon_s = NULL;
	int notify = 0, json = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'd': as_of_s = optarg; break;
		case 'f': fmt = optarg; break;
		case 'j': json = 1; break;
		case 's': soon_s = optarg; break;
		case 'n': notify = 1; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	int format = json ? MC_OUT_JSON : MC_OUT_TEXT;
	if (fmt && (format = mc_out_format_parse(fmt)) < 0)
		return cli_usage_error(cmd, "unknown format '%s' (text, csv or json)", fmt);
	if (json && format != MC_OUT_JSON)
		return cli_usage_error(cmd, "--json and --format %s exclude each other", fmt);
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
	if (!rc && st.recomputed)
		fprintf(stderr, "motcua nightly: the calendar changed: the due moments of %ld open dossier%s "
			"were recomputed (table due_change)\n", st.recomputed, st.recomputed == 1 ? "" : "s");
	mc_buf b = { 0 };
	mc_nightly_out out;
	mc_desk *desks = NULL;
	size_t ndesks = 0;
	if (!rc) {
		mc_nightly_out_begin(&out, &b, (mc_out_format)format, s.cat->agency, o.as_of,
				     st.dossiers, st.alerts_new, st.already_done);
		rc = mc_nightly_alerts(&s.ctx, o.as_of, on_alert, &out, &err);
	}
	/* what is on each desk at that moment, and how much of it is late */
	if (!rc && format != MC_OUT_CSV)
		rc = mc_store_desks(&s.ctx, mc_time_make(o.as_of, 0), &desks, &ndesks, &err);
	if (!rc) {
		mc_nightly_out_end(&out, desks, ndesks);
		fputs(mc_buf_str(&b), stdout);
	}
	free(desks);
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
	.usage = "usage: motcua nightly [--as-of DATE] [--format text|csv|json | --json] [--soon 1wd]\n"
		 "                      [--notify]\n",
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
	"per unit (--format csv: RFC 4180, UTF-8 with BOM; --json is --format json).\n"
	"--notify e-mails each unit its alerts through sendmail ($MOTCUA_SENDMAIL,\n"
	"default '/usr/sbin/sendmail -t -oi'; From: $MOTCUA_MAIL_FROM), once, at most\n"
	"200 alerts a message; a delivery taking over $MOTCUA_SENDMAIL_TIMEOUT seconds\n"
	"(60) is killed. A failed delivery is retried by the next run, 5 attempts in\n"
	"all, and makes the run exit 1. Installed as a systemd timer: see\n"
	"tools/systemd/README.md.\n",
	.run = run_nightly,
};
