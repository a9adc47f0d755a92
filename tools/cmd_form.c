/*
 * cmd_form.c - `motcua form CODE receipt|supplement|refusal|stop|apology|
 * control [--pdf FILE] [--at MOMENT]`: any form of a dossier, as text or PDF.
 */
#include "commands.h"
#include "papers.h"
#include "session.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_form(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pdf", required_argument, NULL, 'f' },
		{ "at", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pdf = NULL, *at_s = NULL;
	int c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'f': pdf = optarg; break;
		case 't': at_s = optarg; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (argc - optind < 2)
		return cli_usage_error(cmd, "'form' needs a dossier code and a form (%s)",
				       "receipt, supplement, refusal, stop, apology, control");
	if (argc - optind > 2)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 2]);
	const char *code = argv[optind], *kind = argv[optind + 1];
	if (!mc_paper_kind_known(kind))
		return cli_usage_error(cmd, "unknown form '%s' (expected receipt, supplement, refusal, stop, apology or control)",
				       kind);
	mc_error err;
	mc_time now;
	if (cli_moment_arg(at_s, &now, &err))
		return cli_usage_error(cmd, "%s", err.message);
	cli_session s;
	mc_dossier_info info;
	int rc = cli_session_dossier(&s, code, &info);
	if (rc)
		return rc;
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	rc = mc_paper_build(&s.ctx, &info, kind, now, &doc, &err);
	if (!rc && pdf) {
		if (!(rc = mc_document_pdf(&doc, pdf, &err)))
			printf("wrote %s\n", pdf);
	} else if (!rc) {
		mc_buf out = { 0 };
		mc_document_text(&doc, &out);
		fputs(mc_buf_str(&out), stdout);
		mc_buf_free(&out);
	}
	mc_document_clear(&doc);
	mc_dossier_info_clear(&info);
	cli_session_close(&s);
	return rc ? cli_fail(&err) : 0;
}

const cli_command cmd_form = {
	.name = "form",
	.summary = "print any form of a dossier (Mẫu 01-06), as text or PDF",
	.usage = "usage: motcua form CODE receipt|supplement|refusal|stop|apology|control\n"
		 "                   [--pdf FILE] [--at MOMENT]\n",
	.help =
	"Prints one form of the dossier in the form of the regime in force on its day\n"
	"(Circular 01/2018/TT-VPCP before 01/07/2025, 03/2025/TT-VPCP from then):\n"
	"  receipt     Mẫu 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả (two copies in PDF)\n"
	"  supplement  Mẫu 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: the latest\n"
	"              supplement request and its note (what is missing and why)\n"
	"  refusal     Mẫu 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ: a refused\n"
	"              dossier, with the refusal's reason\n"
	"  stop        Mẫu 05 (2025), Thông báo dừng giải quyết hồ sơ: the latest pause,\n"
	"              from 01/07/2025 only\n"
	"  apology     Mẫu 04, the apology letter as it was issued (the latest one, by\n"
	"              motcua apology): its number, date, new appointment and reason\n"
	"  control     Mẫu 05 (2018) / 06 (2025), Phiếu kiểm soát quá trình giải quyết\n"
	"              hồ sơ, its results as of --at (default: now)\n"
	"--pdf FILE writes the form as a PDF (A4; the desk's slips A5) instead.\n"
	"A form the dossier does not have is refused (exit 4) with what is missing.\n",
	.run = run_form,
};
