/*
 * cmd_apology.c - `motcua apology CODE --reason TEXT ...` and
 * `motcua apology --pending`.
 */
#include "commands.h"
#include "apology.h"
#include "apology_letter.h"
#include "dossier_render.h"
#include "session.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct pending_ctx {
	cli_session *s;
	mc_time at;
	const char *pdf_dir;
	int n;
	json_t *json;                /* --json: the drafts */
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
		if (p->json) {
			json_t *o = mc_apology_json(&info, &a, NULL);
			mc_json_set(o, "pdf", p->pdf_dir ? mc_json_text(path) : json_null());
			json_array_append_new(p->json, o);
			if (p->pdf_dir)
				rc = print_letter(p->s, &info, &a, "[nêu lý do]", path, p->err);
		} else {
			if (!p->pdf_dir)
				printf("%s==== %s ====\n", p->n ? "\n" : "", code);
			rc = print_letter(p->s, &info, &a, "[nêu lý do]", p->pdf_dir ? path : NULL, p->err);
			if (!rc && p->pdf_dir)
				printf("%s\n", path);
		}
		p->n++;
	}
	mc_dossier_info_clear(&info);
	return rc;
}

static int run_apology(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pending", no_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'F' },
		{ "reason", required_argument, NULL, 'r' },
		{ "force-reason", required_argument, NULL, 'R' },
		{ "by", required_argument, NULL, 'b' },
		{ "at", required_argument, NULL, 't' },
		{ "new-appointment", required_argument, NULL, 'n' },
		{ "pdf", required_argument, NULL, 'f' },
		{ "pdf-dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "backdate-reason", required_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 }
	};
	const char *code = NULL, *reason = NULL, *by = "motcua", *at_s = NULL, *appt_s = NULL;
	const char *pdf = NULL, *pdf_dir = NULL, *force_reason = NULL, *backdate = NULL;
	int pending = 0, force = 0, json = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'P': pending = 1; break;
		case 'F': force = 1; break;
		case 'r': reason = optarg; break;
		case 'R': force_reason = optarg; break;
		case 'b': by = optarg; break;
		case 't': at_s = optarg; break;
		case 'n': appt_s = optarg; break;
		case 'f': pdf = optarg; break;
		case 'd': pdf_dir = optarg; break;
		case 'j': json = 1; break;
		case 'B': backdate = optarg; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (optind < argc)
		code = argv[optind];
	if (argc - optind > 1)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	mc_error err;
	mc_time at, appt = 0;
	if (cli_moment_arg(at_s, &at, &err) || (appt_s && mc_parse_moment(appt_s, &appt, &err)))
		return cli_usage_error(cmd, "%s", err.message);
	if (pending == !!code)
		return cli_usage_error(cmd, "give a dossier code, or --pending");
	if (pending && (reason || pdf || force || appt_s))
		return cli_usage_error(cmd, "--pending drafts letters: it takes only --at, --pdf-dir and --json");
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
	s.ctx.backdate_reason = backdate;
	if (pending) {
		pending_ctx p = { &s, at, pdf_dir, 0, json ? json_array() : NULL, &err };
		rc = mc_apology_pending(&s.ctx, at, on_pending, &p, &err);
		if (!rc && p.json)
			mc_json_print(p.json, stdout);
		else
			json_decref(p.json);
		if (!rc)
			fprintf(stderr, "motcua apology: %d dossier%s need%s a letter (drafts, not issued)\n",
				p.n, p.n == 1 ? "" : "s", p.n == 1 ? "s" : "");
	} else {
		mc_apology_req r = { code, reason, by, at, appt, force, force_reason };
		mc_apology a;
		mc_dossier_info info;
		rc = mc_apology_issue(&s.ctx, &r, &a, &err);
		if (!rc && !(rc = mc_store_dossier_get(&s.ctx, code, &info, &err))) {
			if (json) {
				/* the letter's facts; its text only as the PDF, if asked */
				if (pdf)
					rc = print_letter(&s, &info, &a, reason, pdf, &err);
				if (!rc)
					mc_json_print(mc_apology_json(&info, &a, reason), stdout);
			} else {
				rc = print_letter(&s, &info, &a, reason, pdf, &err);
			}
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
	"                      [--by USER] [--force --force-reason TEXT] [--pdf FILE] [--json]\n"
	"                      [--backdate-reason WHY]\n"
	"       motcua apology --pending [--at MOMENT] [--pdf-dir DIR] [--json]\n",
	.help =
	"Issues Mẫu 04 of the regime in force on the letter's date (Phiếu xin lỗi và hẹn\n"
	"lại ngày trả kết quả before 01/07/2025; Văn bản xin lỗi và đề nghị gia hạn thời\n"
	"gian giải quyết from then), numbered without gaps per agency and year, and\n"
	"records it on the dossier. The new appointment defaults to now plus the\n"
	"remaining steps' shares. The appointment may be re-set once: a second letter\n"
	"needs --force and --force-reason. A letter after the last working day before\n"
	"the due date is flagged late. An apology never changes early/on time/late.\n"
	"The letter is issued now; --at issues it at another moment, a correction of\n"
	"history that needs --backdate-reason (and the office role).\n"
	"--pending prints (or writes as PDFs) drafts for every open dossier that cannot\n"
	"finish on time and has no letter yet.\n"
	"--json prints the letter's number, dates, lateness and reason (the drafts'\n"
	"with --pending) as JSON instead of the letter's text.\n",
	.run = run_apology,
};
