/*
 * cmd_report.c - `motcua report`: the department's period reports.
 */
#include "commands.h"
#include "report.h"
#include "report_render.h"
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int run_report(const cli_command *cmd, int argc, char **argv)
{
	const char *from_s = NULL, *to_s = NULL, *fmt = "text", *out = NULL;
	const char *kind = NULL, *spec = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int more = i + 1 < argc;
		if (!strcmp(a, "--from") && more) from_s = argv[++i];
		else if (!strcmp(a, "--to") && more) to_s = argv[++i];
		else if (!strcmp(a, "--format") && more) fmt = argv[++i];
		else if (!strcmp(a, "--out") && more) out = argv[++i];
		else if ((!strcmp(a, "--quarter") || !strcmp(a, "--half") || !strcmp(a, "--year")) && more) {
			if (kind)
				return cli_usage_error(cmd, "give one period");
			kind = a + 2;
			spec = argv[++i];
		} else
			return cli_usage_error(cmd, "unknown or incomplete option '%s'", a);
	}
	int format = !strcmp(fmt, "text") ? 0 : !strcmp(fmt, "csv") ? 1 : !strcmp(fmt, "json") ? 2 :
		     !strcmp(fmt, "html") ? 3 : -1;
	if (format < 0)
		return cli_usage_error(cmd, "unknown format '%s' (text, csv, json or html)", fmt);
	mc_error err;
	int32_t from, to;
	if (kind) {
		if (from_s || to_s)
			return cli_usage_error(cmd, "--from/--to and --%s exclude each other", kind);
		if (mc_report_period(kind, spec, &from, &to, &err))
			return cli_usage_error(cmd, "%s", err.message);
	} else {
		if (!from_s || !to_s)
			return cli_usage_error(cmd, "give --from and --to, or --quarter, --half or --year");
		if (mc_parse_date(from_s, &from, &err) || mc_parse_date(to_s, &to, &err))
			return cli_usage_error(cmd, "%s", err.message);
		if (to < from)
			return cli_usage_error(cmd, "the period ends (%s) before it starts (%s)", to_s, from_s);
	}
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	mc_report r;
	if ((rc = mc_report_build(&s.ctx, from, to, &r, &err))) {
		cli_session_close(&s);
		return cli_fail(&err);
	}
	mc_buf b = { 0 };
	switch (format) {
	case 0: mc_report_text(&r, s.cat->agency, &b); break;
	case 1: mc_report_csv(&r, &b); break;
	case 2: mc_report_json(&r, &b); break;
	default: mc_report_html(&r, s.cat->agency, &b); break;
	}
	mc_report_free(&r);
	cli_session_close(&s);
	rc = 0;
	if (out) {
		FILE *f = fopen(out, "wb");
		if (!f || fwrite(mc_buf_str(&b), 1, b.len, f) != b.len || fclose(f) != 0) {
			mc_error_set(&err, MC_ERR_INTERNAL, "cannot write '%s': %s", out, strerror(errno));
			rc = cli_fail(&err);
		} else {
			fprintf(stderr, "motcua report: wrote %s\n", out);
		}
	} else {
		fputs(mc_buf_str(&b), stdout);
	}
	mc_buf_free(&b);
	return rc;
}

const cli_command cmd_report = {
	.name = "report",
	.summary = "period reports: one-stop results, Biểu 06a, indicators",
	.usage =
	"usage: motcua report (--from DATE --to DATE | --quarter 2023Q1 | --half 2023H1 | --year 2023)\n"
	"                     [--format text|csv|json|html] [--out FILE]\n",
	.help =
	"The periods follow the department's 15th-to-14th convention: 2023Q1 is\n"
	"15/12/2022-14/03/2023, 2023H1 is 15/12/2022-14/06/2023, 2023 is\n"
	"15/12/2022-14/12/2023; --from/--to are inclusive dates.\n"
	"text: the results in the department's sentence, the indicators, Biểu\n"
	"06a/VPCP/KSTT by field, by procedure, and the late dossiers with the step\n"
	"and unit that overran. json: received_total, received_carried_over,\n"
	"received_online, received_in_person, received_post, resolved_early,\n"
	"resolved_on_time, resolved_late, withdrawn, returned_unprocessed, refused,\n"
	"in_progress_within_time, in_progress_overdue, indicators. csv: UTF-8 with\n"
	"BOM (Excel), RFC 4180, one row per field and procedure and a total. html: one\n"
	"self-contained page with inline SVG charts, for printing.\n",
	.run = run_report,
};
