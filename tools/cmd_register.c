/*
 * cmd_register.c - `motcua register --from DATE --to DATE [--pdf FILE |
 * --xlsx FILE | --csv]`: the register of dossiers (Sổ theo dõi hồ sơ).
 */
#include "commands.h"
#include "register_render.h"
#include "register_store.h"
#include "session.h"
#include "xlsx_out.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int run_register(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "pdf", required_argument, NULL, 'p' },
		{ "xlsx", required_argument, NULL, 'x' },
		{ "csv", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	const char *from_s = NULL, *to_s = NULL, *pdf = NULL, *xlsx = NULL;
	int csv = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'F': from_s = optarg; break;
		case 'T': to_s = optarg; break;
		case 'p': pdf = optarg; break;
		case 'x': xlsx = optarg; break;
		case 'c': csv = 1; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!!pdf + !!xlsx + csv > 1)
		return cli_usage_error(cmd, "give one of --pdf, --xlsx and --csv");
	if (!from_s || !to_s)
		return cli_usage_error(cmd, "give the period: --from DATE --to DATE");
	mc_error err;
	int32_t from, to, change = 0;
	if (mc_parse_date(from_s, &from, &err) || mc_parse_date(to_s, &to, &err))
		return cli_usage_error(cmd, "%s", err.message);
	if (to < from)
		return cli_usage_error(cmd, "the period ends (%s) before it starts (%s)", to_s, from_s);
	const mc_regime *reg = mc_register_regime(from, to, &change);
	if (!reg) {
		char day[16], before[16];
		mc_format_date_vn(day, sizeof day, change);
		mc_format_date_vn(before, sizeof before, change - 1);
		return cli_usage_error(cmd,
				       "the forms change on %s (%s): one register is in one form; "
				       "give a period up to %s and one from %s",
				       day, mc_regime_at(change)->circular, before, day);
	}
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	mc_dossier_info *rows = NULL;
	size_t n = 0;
	rc = mc_store_register(&s.ctx, from, to, &rows, &n, &err);
	if (!rc) {
		const mc_agency *a = s.cat->agency;
		if (xlsx) {
			if (!(rc = mc_register_xlsx(a, reg, from, to, rows, n, xlsx, &err)))
				printf("wrote %s\n", xlsx);
		} else if (csv) {
			mc_buf b = { 0 };
			mc_register_csv(&b, rows, n, a);
			fputs(mc_buf_str(&b), stdout);
			mc_buf_free(&b);
		} else {
			mc_document doc;
			memset(&doc, 0, sizeof doc);
			mc_register_doc(&doc, a, reg, from, to, rows, n);
			if (pdf) {
				if (!(rc = mc_document_pdf(&doc, pdf, &err)))
					printf("wrote %s\n", pdf);
			} else {
				mc_buf b = { 0 };
				mc_document_text(&doc, &b);
				fputs(mc_buf_str(&b), stdout);
				mc_buf_free(&b);
			}
			mc_document_clear(&doc);
		}
	}
	mc_store_register_free(rows, n);
	cli_session_close(&s);
	return rc ? cli_fail(&err) : 0;
}

const cli_command cmd_register = {
	.name = "register",
	.summary = "the register of dossiers (Sổ theo dõi hồ sơ), as text, CSV, PDF or xlsx",
	.usage = "usage: motcua register --from DATE --to DATE [--pdf FILE | --xlsx FILE | --csv]\n",
	.help =
	"One row per dossier received from --from to --to (inclusive dates), in the\n"
	"order of receipt, in the columns of the register's form: Mẫu số 06 of\n"
	"Circular 01/2018/TT-VPCP for a period before 01/07/2025, Mẫu số 07 of\n"
	"Circular 03/2025/TT-VPCP from then (a period across that day is refused:\n"
	"one register is in one form). A voided receipt is not in the register.\n"
	"Text by default; --csv: UTF-8 with BOM (Excel), RFC 4180; --pdf FILE: A4\n"
	"landscape, Liberation Serif; --xlsx FILE: a workbook with the form's\n"
	"grouped header, to print on A4 landscape. The 'Ký nhận' column is left\n"
	"for the applicant's signature.\n",
	.run = run_register,
};
