/*
 * cmd_form.c - `motcua form CODE receipt|supplement|refusal|stop|apology|
 * control [--pdf FILE] [--at MOMENT]`: any form of a dossier, as text or PDF.
 */
#include "commands.h"
#include "apology_letter.h"
#include "apology_store.h"
#include "forms.h"
#include "forms_render.h"
#include "session.h"
#include "slip.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {
	"receipt", "supplement", "refusal", "stop", "apology", "control", NULL
};

/* Fill `doc` with form `kind` of the dossier; MC_ERR_REFUSED (with what
 * is missing) when the dossier has no such form. */
static int build(cli_session *s, const mc_dossier_info *info, const char *kind, mc_time now,
		 mc_document *doc, mc_error *err)
{
	const mc_agency *ag = s->cat->agency;
	const mc_event *e;
	if (!strcmp(kind, "receipt")) {
		mc_slip_receipt_doc(doc, ag, info);
	} else if (!strcmp(kind, "control")) {
		mc_slip_control_doc(doc, ag, info, now);
	} else if (!strcmp(kind, "supplement")) {
		if (!(e = mc_form_event(info, "supplement_request")))
			return mc_error_set(err, MC_ERR_REFUSED,
					    "no supplement was requested for dossier '%s' (Mẫu 02 records a supplement request)",
					    info->code);
		mc_form_supplement(doc, ag, info, e);
	} else if (!strcmp(kind, "refusal")) {
		if (info->d.state != MC_DS_REFUSED || !(e = mc_form_event(info, "refuse")))
			return mc_error_set(err, MC_ERR_REFUSED,
					    "dossier '%s' was not refused (it is %s); Mẫu 03 is for a refused dossier",
					    info->code, info->nevents ? info->events[info->nevents - 1].to_state : "new");
		mc_form_refusal(doc, ag, info, e);
	} else if (!strcmp(kind, "stop")) {
		const mc_regime *r25 = mc_regime_2025();
		char from[16], day[16];
		mc_format_date_vn(from, sizeof from, r25->from);
		if (!(e = mc_form_event(info, "pause")))
			return mc_error_set(err, MC_ERR_REFUSED,
					    "dossier '%s' was never paused; the stop notice (Mẫu 05, %s) is for a paused dossier",
					    info->code, r25->circular);
		if (!mc_regime_at(mc_time_day(e->at))->stop_form) {
			mc_format_date_vn(day, sizeof day, mc_time_day(e->at));
			return mc_error_set(err, MC_ERR_REFUSED,
					    "dossier '%s' was paused on %s: the stop notice (Mẫu 05, %s) exists from %s only",
					    info->code, day, r25->circular, from);
		}
		mc_form_stop(doc, ag, info, e);
	} else {
		/* the letter as issued: its row in motcua.apology (number, date,
		 * appointment, reason), the same one the desk reprints */
		mc_apology a;
		char *reason = NULL;
		int found = 0;
		int rc = mc_store_apology_last(&s->ctx, info->code, &a, &reason, &found, err);
		if (rc)
			return rc;
		if (!found)
			return mc_error_set(err, MC_ERR_REFUSED,
					    "no apology letter was issued for dossier '%s' (motcua apology CODE --reason TEXT issues one)",
					    info->code);
		mc_apology_letter(doc, ag, info, &a, reason);
		free(reason);
	}
	return MC_OK;
}

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
	int known = 0;
	for (int i = 0; kinds[i]; i++)
		known |= !strcmp(kinds[i], kind);
	if (!known)
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
	rc = build(&s, &info, kind, now, &doc, &err);
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
