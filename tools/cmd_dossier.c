/*
 * cmd_dossier.c - the clerks' commands: `motcua receive`, `act`, `show`,
 * `list`.
 */
#include "commands.h"
#include "dossier_render.h"
#include "queries.h"
#include "session.h"
#include "slip.h"
#include "strbuf.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- receive ---------------------------------------------------------- */

static int run_receive(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "procedure", required_argument, NULL, 'p' },
		{ "channel", required_argument, NULL, 'c' },
		{ "applicant", required_argument, NULL, 'a' },
		{ "address", required_argument, NULL, 'A' },
		{ "phone", required_argument, NULL, 'P' },
		{ "id-number", required_argument, NULL, 'i' },
		{ "email", required_argument, NULL, 'e' },
		{ "applicant-kind", required_argument, NULL, 'K' },
		{ "delivery", required_argument, NULL, 'd' },
		{ "at", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "idempotency-key", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "pdf", required_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ "document", required_argument, NULL, 'D' },
		{ "appointment", required_argument, NULL, 'T' },
		{ "appointment-reason", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	mc_receipt r = { .actor = "motcua" };
	const char *docs[MC_DOCUMENTS_MAX];
	const char *at_s = NULL, *pdf = NULL, *channel = NULL, *reason = NULL, *appt_s = NULL;
	int json = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'p': r.procedure = optarg; break;
		case 'c': channel = optarg; break;
		case 'a': r.applicant = optarg; break;
		case 'A': r.address = optarg; break;
		case 'P': r.phone = optarg; break;
		case 'i': r.id_number = optarg; break;
		case 'e': r.email = optarg; break;
		case 'K': r.applicant_kind = optarg; break;
		case 'd': r.delivery = optarg; break;
		case 't': at_s = optarg; break;
		case 'b': r.actor = optarg; break;
		case 'k': r.idempotency_key = optarg; break;
		case 'j': json = 1; break;
		case 'f': pdf = optarg; break;
		case 'r': reason = optarg; break;
		case 'T': appt_s = optarg; break;
		case 'R': r.appointment_reason = optarg; break;
		case 'D':
			if (r.ndocuments == MC_DOCUMENTS_MAX)
				return cli_usage_error(cmd, "at most %d --document options", MC_DOCUMENTS_MAX);
			if (!*optarg)
				return cli_usage_error(cmd, "--document needs the document's name");
			docs[r.ndocuments++] = optarg;
			break;
		default:
			return cli_option_error(cmd, c, argv);
		}
	}
	r.documents = docs;
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!r.procedure || !channel || !r.applicant)
		return cli_usage_error(cmd, "--procedure, --channel and --applicant are required");
	if (mc_channel_parse(channel, &r.channel))
		return cli_usage_error(cmd, "unknown channel '%s' (expected in_person, post or online)",
				       channel);
	if (r.email && !mc_email_valid(r.email))
		return cli_usage_error(cmd, "'%s' is not an e-mail address", r.email);
	if (r.applicant_kind && !mc_applicant_kind_valid(r.applicant_kind))
		return cli_usage_error(cmd, "unknown applicant kind '%s' (expected citizen or organisation)",
				       r.applicant_kind);
	if (r.delivery && !mc_delivery_valid(r.delivery))
		return cli_usage_error(cmd, "unknown result delivery '%s' (expected desk, post or online)",
				       r.delivery);
	mc_error err;
	if (at_s && cli_moment_arg(at_s, &r.at, &err))
		return cli_usage_error(cmd, "%s", err.message);
	if (reason && !at_s)
		return cli_usage_error(cmd, "--reason goes with --at (a receipt at another moment than now)");
	if (appt_s && cli_moment_arg(appt_s, &r.appointment, &err))
		return cli_usage_error(cmd, "--appointment: %s", err.message);
	if (appt_s && !(r.appointment_reason && *r.appointment_reason))
		return cli_usage_error(cmd, "--appointment needs --appointment-reason (why it is set by hand)");
	if (r.appointment_reason && !appt_s)
		return cli_usage_error(cmd, "--appointment-reason goes with --appointment");
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	s.ctx.backdate_reason = reason;
	int existed = 0;
	mc_dossier_info info;
	rc = mc_store_receive(&s.ctx, &r, &info, &existed, &err);
	const char *code = info.code;
	if (rc) {
		cli_session_close(&s);
		return cli_fail(&err);
	}
	mc_buf out = { 0 };
	if (json) {
		mc_render_receipt_json(&info, existed, &out);
	} else {
		if (existed)
			mc_buf_addf(&out, "(hồ sơ đã tiếp nhận trước đó với cùng khóa: %s)\n", code);
		mc_slip_receipt(&out, s.cat->agency, &info);
	}
	fputs(mc_buf_str(&out), stdout);
	mc_buf_free(&out);
	if (pdf) {
		/* the dossier is received: a PDF failure is reported, not undone */
		mc_document doc;
		memset(&doc, 0, sizeof doc);
		/* the receipt returns its code, not the look-up token the database
		 * drew (migration 0017): the slip's QR code needs it */
		if (s.cat->agency->lookup_url && !info.lookup_token[0]) {
			mc_dossier_info full;
			if ((rc = mc_store_dossier_get(&s.ctx, code, &full, &err))) {
				mc_dossier_info_clear(&info);
				cli_session_close(&s);
				return cli_fail(&err);
			}
			mc_dossier_info_clear(&info);
			info = full;
		}
		mc_slip_receipt_doc(&doc, s.cat->agency, &info);
		rc = mc_document_pdf(&doc, pdf, &err);
		mc_document_clear(&doc);
		if (rc)
			rc = cli_fail(&err);
	}
	mc_dossier_info_clear(&info);
	cli_session_close(&s);
	return rc;
}

const cli_command cmd_receive = {
	.name = "receive",
	.summary = "log a complete dossier and print the receipt and appointment slip",
	.usage =
	"usage: motcua receive --procedure CODE --channel in_person|post|online --applicant NAME\n"
	"                      [--address ..] [--phone ..] [--id-number ..] [--email ..]\n"
	"                      [--applicant-kind citizen|organisation]\n"
	"                      [--delivery desk|post|online] [--document NAME]...\n"
	"                      [--by CLERK] [--idempotency-key KEY] [--json] [--pdf FILE]\n"
	"                      [--at MOMENT --reason WHY]\n"
	"                      [--appointment \"YYYY-MM-DD HH:MM\" --appointment-reason WHY]\n",
	.help =
	"Assigns the dossier code AGENCYCODE-YYMMDD-XXXX (a gap-free daily sequence),\n"
	"binds the procedure version in force on the receipt date, computes the\n"
	"appointment and each step's due moment, and prints the slip (Mẫu 01 of the\n"
	"regime in force). The receipt's moment is now, the server's clock; --at\n"
	"records it at another moment: a correction of history, which needs --reason\n"
	"(and the office role), and is logged with it.\n"
	"--email, --applicant-kind and --delivery (where the result will be collected:\n"
	"at the desk, by post, online) are optional facts of the receipt.\n"
	"--document NAME (repeated, at most 50) records a document received, in\n"
	"order; the slip lists them (Thành phần hồ sơ). 'motcua catalog show CODE'\n"
	"lists the procedure's required documents.\n"
	"--appointment sets the appointment by hand, with --appointment-reason: only\n"
	"for a procedure whose processing time is unknown ('catalog check --gaps'),\n"
	"and only the office role may; the dossier is flagged in the reports.\n"
	"A retried receipt with the same --idempotency-key returns the same dossier.\n"
	"--pdf FILE also writes the slip as an A5 PDF.\n",
	.run = run_receive,
};

/* ---- act -------------------------------------------------------------- */

static int run_act(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "note", required_argument, NULL, 'n' },
		{ "at", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "reason", required_argument, NULL, 'r' },
		{ "field", required_argument, NULL, 'F' },
		{ "old", required_argument, NULL, 'O' },
		{ "new", required_argument, NULL, 'N' },
		{ "assignee", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	const char *by = "motcua", *note = NULL, *at_s = NULL, *reason = NULL;
	mc_act act = { 0 };
	int c, json = 0;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'b': by = optarg; break;
		case 'n': note = optarg; break;
		case 't': at_s = optarg; break;
		case 'j': json = 1; break;
		case 'r': reason = optarg; break;
		case 'F': act.field = optarg; break;
		case 'O': act.old_value = optarg; break;
		case 'N': act.new_value = optarg; break;
		case 'A': act.assignee = optarg; break;
		default:
			return cli_option_error(cmd, c, argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(cmd, "'act' needs a dossier code and an action");
	const char *code = argv[optind], *aname = argv[optind + 1];
	mc_action a;
	if (mc_action_parse(aname, &a) || a == MC_ACT_RECEIVE) {
		const char *names[MC_ACT__COUNT + 8];
		names[mc_action_words(names, MC_ACT__COUNT + 7)] = NULL;
		const char *s = cli_suggest(aname, names);
		if (s)
			return cli_usage_error(cmd, "unknown action '%s' (did you mean '%s'?)", aname, s);
		return cli_usage_error(cmd, "unknown action '%s'", aname);
	}
	if (a == MC_ACT_APOLOGY)
		return cli_usage_error(cmd, "apologies are issued with 'motcua apology CODE --reason ...'");
	mc_error err;
	if (at_s && cli_moment_arg(at_s, &act.at, &err))
		return cli_usage_error(cmd, "%s", err.message);
	if (reason && !at_s)
		return cli_usage_error(cmd, "--reason goes with --at (an action at another moment than now)");
	if (mc_action_needs_note(a) && (!note || !*note))
		return cli_usage_error(cmd, "'%s' needs %s: --note TEXT", mc_action_name(a),
				       a == MC_ACT_SUPPLEMENT_REQUEST ? "what is missing" : "the reason");
	if ((act.field || act.old_value || act.new_value) && a != MC_ACT_CORRECT)
		return cli_usage_error(cmd, "--field, --old and --new go with 'correct'");
	if (act.assignee && !mc_action_takes_assignee(a))
		return cli_usage_error(cmd, "--assignee goes with 'assign' and 'forward'");
	if (a == MC_ACT_ASSIGN && (!act.assignee || !*act.assignee))
		return cli_usage_error(cmd, "'assign' needs --assignee LOGIN (who takes the step)");
	if (act.assignee && !mc_store_login_valid(act.assignee))
		return cli_usage_error(cmd, "--assignee '%s' is not a login", act.assignee);
	if (a == MC_ACT_CORRECT && (!act.field || !act.new_value))
		return cli_usage_error(cmd, "'correct' needs --field NAME and --new VALUE (and --old VALUE)");
	act.action = a;
	act.actor = by;
	act.note = note;
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	s.ctx.backdate_reason = reason;
	mc_dossier_info info;
	rc = mc_store_act(&s.ctx, code, &act, &info, &err);
	mc_time at = act.at ? act.at : (mc_time)time(NULL);
	if (rc) {
		cli_session_close(&s);
		return cli_fail(&err);
	}
	mc_buf out = { 0 };
	mc_render_act(&info, a, at, json ? MC_OUT_JSON : MC_OUT_TEXT, &out);
	/* who holds the step now, when this action named them */
	if (!json && act.assignee && *info.d.assignee)
		mc_buf_addf(&out, "người xử lý: %s (%s)\n",
			    *info.assignee_name ? info.assignee_name : info.d.assignee, info.d.assignee);
	fputs(mc_buf_str(&out), stdout);
	mc_buf_free(&out);
	mc_dossier_info_clear(&info);
	cli_session_close(&s);
	return 0;
}

const cli_command cmd_act = {
	.name = "act",
	.summary = "move a dossier: forward, result_ready, return, supplement, pause, refuse...",
	.usage = "usage: motcua act CODE ACTION [--by USER] [--note TEXT] [--at MOMENT --reason WHY] [--json]\n"
	         "       motcua act CODE assign --assignee LOGIN [--by USER]\n"
	         "       motcua act CODE forward [--assignee LOGIN]\n"
	         "       motcua act CODE correct --field FIELD [--old VALUE] --new VALUE --note WHY\n"
	         "       motcua act CODE void --note WHY\n",
	.help =
	"actions:\n"
	"  forward              complete the current step and hand the dossier to the next\n"
	"                       (also: transfer, approve); --assignee LOGIN names who\n"
	"                       takes the next step (without it, nobody holds it yet)\n"
	"  assign               give the current step to a person: --assignee LOGIN, an\n"
	"                       active specialist, head or leader of the agency (heads,\n"
	"                       leaders, the office); the state does not change\n"
	"  result_ready         complete the last step: the result is at the one-stop desk\n"
	"                       (this moment decides early / on time / late)\n"
	"  return               hand the result to the applicant\n"
	"  supplement_request   ask for a supplement (the clock stops)\n"
	"  supplement_received  the complete supplement arrived (the clock runs again)\n"
	"  pause / resume       stop and restart the clock\n"
	"  refuse               refuse with a reason (--note required)\n"
	"  withdraw             the applicant withdraws the dossier\n"
	"  return_unprocessed   return the dossier unprocessed\n"
	"  correct              correct one fact of the receipt (office): --field one of\n"
	"                       applicant_name, applicant_address, applicant_phone,\n"
	"                       applicant_id_number, channel; --old the value you saw\n"
	"                       (checked), --new, and the reason as --note\n"
	"  void                 void a receipt logged by mistake (office; --note why): the\n"
	"                       code stays taken, the dossier leaves the statistics\n"
	"The action's moment is now, the server's clock; --at records another moment:\n"
	"a correction of history, which needs --reason (and the office role).\n"
	"--json prints the dossier's new state, due moment and status as JSON.\n"
	"An action the dossier's state does not allow is refused (exit 4) naming the\n"
	"state and the actions allowed; if another clerk changed the dossier first,\n"
	"nothing is done (exit 5).\n",
	.run = run_act,
};

/* ---- show ------------------------------------------------------------- */

static int run_show(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "receipt", no_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 't' },
		{ "pdf", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int json = 0, slip = 0, c;
	const char *at_s = NULL, *pdf = NULL;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'r': slip = 1; break;
		case 't': at_s = optarg; break;
		case 'f': pdf = optarg; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (optind == argc)
		return cli_usage_error(cmd, "'show' needs a dossier code");
	if (argc - optind > 1)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	const char *code = argv[optind];
	mc_error err;
	mc_time now;
	if (cli_moment_arg(at_s, &now, &err))
		return cli_usage_error(cmd, "%s", err.message);
	cli_session s;
	mc_dossier_info info;
	int rc = cli_session_dossier(&s, code, &info);
	if (rc)
		return rc;
	mc_buf out = { 0 };
	if (pdf) {
		mc_document doc;
		memset(&doc, 0, sizeof doc);
		if (slip)
			mc_slip_receipt_doc(&doc, s.cat->agency, &info);
		else
			mc_slip_control_doc(&doc, s.cat->agency, &info, now);
		if ((rc = mc_document_pdf(&doc, pdf, &err)))
			rc = cli_fail(&err);
		else
			printf("wrote %s\n", pdf);
		mc_document_clear(&doc);
	} else if (json)
		mc_render_dossier_json(&info, now, &out);
	else if (slip)
		mc_slip_receipt(&out, s.cat->agency, &info);
	else
		mc_slip_control(&out, s.cat->agency, &info, now);
	fputs(mc_buf_str(&out), stdout);
	mc_buf_free(&out);
	mc_dossier_info_clear(&info);
	cli_session_close(&s);
	return rc;
}

const cli_command cmd_show = {
	.name = "show",
	.summary = "a dossier, its status and its process control slip",
	.usage = "usage: motcua show CODE [--at MOMENT] [--json | --receipt] [--pdf FILE]\n",
	.help =
	"Prints the process control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ):\n"
	"each step, its unit, when it was received and handed on, by whom, its due\n"
	"moment and Trước hạn / Đúng hạn / Quá hạn. The status is as of --at (default:\n"
	"now): early / on time / late when finished; within time / due soon / overdue\n"
	"when open. --receipt prints the receipt slip again. --pdf FILE writes the\n"
	"slip as a PDF (control slip A4, receipt slip A5) instead of printing it.\n",
	.run = run_show,
};

/* ---- list ------------------------------------------------------------- */

static int run_list(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "overdue", no_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "state", required_argument, NULL, 's' },
		{ "unit", required_argument, NULL, 'u' },
		{ "at", required_argument, NULL, 't' },
		{ "assignee", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	const char *at_s = NULL;
	mc_queue_filter f = { 0 };
	int json = 0, csv = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'c': csv = 1; break;
		case 'o': f.overdue = 1; break;
		case 'a': f.all = 1; break;
		case 's': f.state = optarg; break;
		case 'u': f.unit = optarg; break;
		case 't': at_s = optarg; break;
		case 'A': f.assignee = optarg; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (f.assignee && !mc_store_login_valid(f.assignee))
		return cli_usage_error(cmd, "--assignee '%s' is not a login", f.assignee);
	if (json && csv)
		return cli_usage_error(cmd, "--json and --csv exclude each other");
	mc_dstate st;
	if (f.state && mc_dstate_parse(f.state, &st))
		return cli_usage_error(cmd, "unknown state '%s' (in_step, supplement_requested, paused, result_ready, returned, refused, withdrawn, returned_unprocessed)", f.state);
	mc_error err;
	if (cli_moment_arg(at_s, &f.now, &err))
		return cli_usage_error(cmd, "%s", err.message);
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	if (f.unit && !mc_agency_unit(s.cat->agency, f.unit)) {
		cli_session_close(&s);
		return cli_usage_error(cmd, "unknown unit '%s' (see procedures/agency.yaml)", f.unit);
	}
	mc_queue_item *items = NULL;
	size_t n = 0;
	rc = mc_store_queue(&s.ctx, &f, &items, &n, &err);
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	mc_buf out = { 0 };
	mc_render_queue(items, n, json ? MC_OUT_JSON : csv ? MC_OUT_CSV : MC_OUT_TEXT, &out);
	free(items);
	fputs(mc_buf_str(&out), stdout);
	mc_buf_free(&out);
	return 0;
}

const cli_command cmd_list = {
	.name = "list",
	.summary = "the work queues: open dossiers by state, unit, overdue",
	.usage = "usage: motcua list [--state STATE] [--unit UNIT] [--assignee LOGIN] [--overdue] [--all]\n"
		 "                   [--at MOMENT] [--json | --csv]\n",
	.help =
	"Lists open dossiers (all of them with --all, or those in --state), soonest\n"
	"due first. --unit keeps those whose current step belongs to that unit (ids in\n"
	"procedures/agency.yaml); --assignee those whose current step that person holds\n"
	"(motcua act CODE assign); --overdue those in a step past their due moment as\n"
	"of --at (default: now). --csv is RFC 4180 with a header row (UTF-8 with BOM).\n",
	.run = run_list,
};
