/*
 * cmd_apology.c - `motcua apology CODE --reason TEXT ...` and
 * `motcua apology --pending`.
 */
#include "commands.h"
#include "apology.h"
#include "apology_letter.h"
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct pending_ctx {
	cli_session *s;
	mc_time at;
	const char *pdf_dir;
	int n;
	mc_error *err;
} pending_ctx;

static int print_letter(cli_session *s, const mc_dossier_info *info, const mc_apology *a,
			const char *reason, const char *pdf, mc_error *err)
{
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	mc_apology_letter(&doc, s->cat->agency, info, a, reason);
	int rc = MC_OK;
	if (pdf)
		rc = mc_document_pdf(&doc, pdf, err);
	else {
		mc_buf b = { 0 };
		mc_document_text(&doc, &b);
		fputs(mc_buf_str(&b), stdout);
		mc_buf_free(&b);
	}
	mc_document_clear(&doc);
	return rc;
}

static int on_pending(const char *code, void *arg)
{
	pending_ctx *p = arg;
	mc_dossier_info info;
	mc_apology a;
	int rc = mc_store_dossier_get(&p->s->ctx, code, &info, p->err);
	if (rc)
		return rc;
	rc = mc_apology_draft(p->s->ctx.cal, &info, p->at, 0, &a, p->err);
	if (!rc) {
		char path[1200];
		if (p->pdf_dir)
			snprintf(path, sizeof path, "%s/xin-loi-%s.pdf", p->pdf_dir, code);
		else
			printf("%s==== %s ====\n", p->n ? "\n" : "", code);
		rc = print_letter(p->s, &info, &a, "[nêu lý do]", p->pdf_dir ? path : NULL, p->err);
		if (!rc && p->pdf_dir)
			printf("%s\n", path);
		p->n++;
	}
	mc_dossier_info_clear(&info);
	return rc;
}

static int run_apology(const cli_command *cmd, int argc, char **argv)
{
	const char *code = NULL, *reason = NULL, *by = "motcua", *at_s = NULL, *appt_s = NULL;
	const char *pdf = NULL, *pdf_dir = NULL, *force_reason = NULL;
	int pending = 0, force = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int more = i + 1 < argc;
		if (!strcmp(a, "--pending")) pending = 1;
		else if (!strcmp(a, "--force")) force = 1;
		else if (!strcmp(a, "--reason") && more) reason = argv[++i];
		else if (!strcmp(a, "--force-reason") && more) force_reason = argv[++i];
		else if (!strcmp(a, "--by") && more) by = argv[++i];
		else if (!strcmp(a, "--at") && more) at_s = argv[++i];
		else if (!strcmp(a, "--new-appointment") && more) appt_s = argv[++i];
		else if (!strcmp(a, "--pdf") && more) pdf = argv[++i];
		else if (!strcmp(a, "--pdf-dir") && more) pdf_dir = argv[++i];
		else if (a[0] == '-') return cli_usage_error(cmd, "unknown or incomplete option '%s'", a);
		else if (!code) code = a;
		else return cli_usage_error(cmd, "unexpected argument '%s'", a);
	}
	mc_error err;
	mc_time at, appt = 0;
	if (cli_moment_arg(at_s, &at, &err) || (appt_s && mc_parse_moment(appt_s, &appt, &err)))
		return cli_usage_error(cmd, "%s", err.message);
	if (pending == !!code)
		return cli_usage_error(cmd, "give a dossier code, or --pending");
	if (pending && (reason || pdf || force || appt_s))
		return cli_usage_error(cmd, "--pending drafts letters: it takes only --at and --pdf-dir");
	if (!pending && !reason)
		return cli_usage_error(cmd, "an apology states its reason: --reason TEXT");
	if (!pending && pdf_dir)
		return cli_usage_error(cmd, "--pdf-dir goes with --pending; use --pdf FILE");
	if (force && !force_reason)
		return cli_usage_error(cmd, "--force needs --force-reason TEXT (it is recorded)");
	if (pdf_dir && mkdir(pdf_dir, 0755) != 0 && errno != EEXIST)
		return cli_usage_error(cmd, "cannot create '%s': %s", pdf_dir, strerror(errno));
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	if (pending) {
		pending_ctx p = { &s, at, pdf_dir, 0, &err };
		rc = mc_apology_pending(&s.ctx, at, on_pending, &p, &err);
		if (!rc)
			fprintf(stderr, "motcua apology: %d dossier%s need%s a letter (drafts, not issued)\n",
				p.n, p.n == 1 ? "" : "s", p.n == 1 ? "s" : "");
	} else {
		mc_apology_req r = { code, reason, by, at, appt, force, force_reason };
		mc_apology a;
		mc_dossier_info info;
		rc = mc_apology_issue(&s.ctx, &r, &a, &err);
		if (!rc && !(rc = mc_store_dossier_get(&s.ctx, code, &info, &err))) {
			rc = print_letter(&s, &info, &a, reason, pdf, &err);
			if (!rc)
				fprintf(stderr, "motcua apology: letter %d/%d issued for %s%s%s\n", a.number,
					a.year, code, a.late ? " (LATE: after the deadline one working day before the due date)" : "",
					a.forced ? " (second re-set, forced)" : "");
			mc_dossier_info_clear(&info);
		}
	}
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	return 0;
}

const cli_command cmd_apology = {
	.name = "apology",
	.summary = "issue an apology letter and new appointment, or draft the pending ones",
	.usage =
	"usage: motcua apology CODE --reason TEXT [--new-appointment MOMENT] [--at MOMENT]\n"
	"                      [--by USER] [--force --force-reason TEXT] [--pdf FILE]\n"
	"       motcua apology --pending [--at MOMENT] [--pdf-dir DIR]\n",
	.help =
	"Issues Mẫu 04 of the regime in force on the letter's date (Phiếu xin lỗi và hẹn\n"
	"lại ngày trả kết quả before 01/07/2025; Văn bản xin lỗi và đề nghị gia hạn thời\n"
	"gian giải quyết from then), numbered without gaps per agency and year, and\n"
	"records it on the dossier. The new appointment defaults to now plus the\n"
	"remaining steps' shares. The appointment may be re-set once: a second letter\n"
	"needs --force and --force-reason. A letter after the last working day before\n"
	"the due date is flagged late. An apology never changes early/on time/late.\n"
	"--pending prints (or writes as PDFs) drafts for every open dossier that cannot\n"
	"finish on time and has no letter yet.\n",
	.run = run_apology,
};
