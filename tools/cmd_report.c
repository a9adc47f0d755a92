/*
 * cmd_report.c - `motcua report`: the department's period reports.
 */
#include "commands.h"
#include "report.h"
#include "report_render.h"
#include "session.h"
#include "xlsx_out.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int run_report(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "out", required_argument, NULL, 'o' },
		{ "quarter", required_argument, NULL, 'q' },
		{ "half", required_argument, NULL, 'h' },
		{ "year", required_argument, NULL, 'y' },
		{ "number", required_argument, NULL, 'n' },
		{ "recipient", required_argument, NULL, 'r' },
		{ "signer", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	const char *from_s = NULL, *to_s = NULL, *fmt = NULL, *out = NULL;
	const char *kind = NULL, *spec = NULL, *number_s = NULL, *date_s = NULL;
	mc_report_paper paper = { 0 };
	int json = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'F': from_s = optarg; break;
		case 'T': to_s = optarg; break;
		case 'f': fmt = optarg; break;
		case 'j': json = 1; break;
		case 'o': out = optarg; break;
		case 'n': number_s = optarg; break;
		case 'r': paper.recipient = optarg; break;
		case 's': paper.signer = optarg; break;
		case 'd': date_s = optarg; break;
		case 'q': case 'h': case 'y':
			if (kind)
				return cli_usage_error(cmd, "give one period");
			kind = c == 'q' ? "quarter" : c == 'h' ? "half" : "year";
			spec = optarg;
			break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	int format = json ? 2 : 0;
	if (fmt) {
		format = !strcmp(fmt, "text") ? 0 : !strcmp(fmt, "csv") ? 1 : !strcmp(fmt, "json") ? 2 :
			 !strcmp(fmt, "html") ? 3 : !strcmp(fmt, "xlsx") ? 4 : !strcmp(fmt, "pdf") ? 5 : -1;
		if (format < 0)
			return cli_usage_error(cmd, "unknown format '%s' (text, csv, json, html, xlsx or pdf)", fmt);
		if (json && format != 2)
			return cli_usage_error(cmd, "--json and --format %s exclude each other", fmt);
	}
	if (format == 4 && !out)
		return cli_usage_error(cmd, "--format xlsx writes a workbook: give --out FILE");
	if (format == 5 && !out)
		return cli_usage_error(cmd, "--format pdf writes a file: give --out FILE");
	if ((number_s || paper.recipient || paper.signer || date_s) && format != 3 && format != 5)
		return cli_usage_error(cmd, "--number, --recipient, --signer and --date are for --format html or pdf");
	mc_error err;
	if (number_s) {
		char *end;
		long v = strtol(number_s, &end, 10);
		if (!*number_s || *end || v < 1 || v > 99999)
			return cli_usage_error(cmd, "invalid report number '%s' (1 to 99999)", number_s);
		paper.number = (int)v;
	}
	if (paper.recipient && (!*paper.recipient || strlen(paper.recipient) > 300 ||
				strpbrk(paper.recipient, "\n\r\t")))
		return cli_usage_error(cmd, "invalid recipient '%s' (one line, at most 300 bytes)", paper.recipient);
	if (paper.signer && (!*paper.signer || strlen(paper.signer) > 120 || strpbrk(paper.signer, "\n\r\t")))
		return cli_usage_error(cmd, "invalid signer '%s' (one line, at most 120 bytes)", paper.signer);
	paper.date = mc_time_day((mc_time)time(NULL));
	if (date_s && mc_parse_date(date_s, &paper.date, &err))
		return cli_usage_error(cmd, "%s", err.message);
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
	if (format == 4 || format == 5) {
		/* a workbook or a PDF is written by its library, not through a buffer */
		rc = format == 4 ? mc_report_xlsx(&r, s.cat->agency, s.cat, out, &err)
				 : mc_report_pdf(&r, s.cat->agency, &paper, out, &err);
		mc_report_free(&r);
		cli_session_close(&s);
		if (rc)
			return cli_fail(&err);
		fprintf(stderr, "motcua report: wrote %s\n", out);
		return 0;
	}
	mc_buf b = { 0 };
	switch (format) {
	case 0: mc_report_text(&r, s.cat->agency, &b); break;
	case 1: mc_report_csv(&r, &b); break;
	case 2: mc_report_json(&r, &b); break;
	default: mc_report_html(&r, s.cat->agency, &paper, &b); break;
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
	"                     [--format text|csv|json|html|xlsx|pdf | --json] [--out FILE]\n"
	"                     [--number N] [--recipient TEXT] [--signer NAME] [--date DATE]\n",
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
	"self-contained page with inline SVG charts, for printing. xlsx (with --out):\n"
	"Biểu 06a/VPCP/KSTT as a workbook: the grouped two-row header, numbered\n"
	"columns, each field and its procedures by name, withdrawn, returned and\n"
	"refused in their own columns (every row adds up), the reporting unit and\n"
	"the signatures. --json is --format json.\n"
	"html and pdf (with --out): the report as the department sends it (Decree\n"
	"30/2020/NĐ-CP, A4 portrait): the letterhead, the number (--number N gives\n"
	"\"Số: 0N/BC-SKHCN\"; without it the number is left blank to be written in),\n"
	"the place and date (--date, default today), \"Kính gửi\" (--recipient, default\n"
	"agency.yaml's report_to), the sections (receipt and handling; results and\n"
	"Biểu 06a by field; late dossiers, the steps and units that overran, the\n"
	"apologies; proposals from the figures) and the signature (agency.yaml's\n"
	"signer; --signer gives the name). Its charts go by reporting month, the\n"
	"15th to the 14th: 15/12/2022-14/01/2023 is month 1 (T1) of 2023, and each\n"
	"bar carries its values.\n",
	.run = run_report,
};
