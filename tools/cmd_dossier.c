/*
 * cmd_dossier.c - the clerks' commands: `motcua receive`, `act`, `show`,
 * `list`.
 */
#include "commands.h"
#include "session.h"
#include "slip.h"
#include "strbuf.h"

#include <getopt.h>
#include <stdio.h>
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
		{ "at", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "idempotency-key", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "pdf", required_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	mc_receipt r = { .actor = "motcua" };
	const char *at_s = NULL, *pdf = NULL, *channel = NULL, *reason = NULL;
	int json = 0, c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': r.procedure = optarg; break;
		case 'c': channel = optarg; break;
		case 'a': r.applicant = optarg; break;
		case 'A': r.address = optarg; break;
		case 'P': r.phone = optarg; break;
		case 'i': r.id_number = optarg; break;
		case 't': at_s = optarg; break;
		case 'b': r.actor = optarg; break;
		case 'k': r.idempotency_key = optarg; break;
		case 'j': json = 1; break;
		case 'f': pdf = optarg; break;
		case 'r': reason = optarg; break;
		default:
			return cli_usage_error(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!r.procedure || !channel || !r.applicant)
		return cli_usage_error(cmd, "--procedure, --channel and --applicant are required");
	if (mc_channel_parse(channel, &r.channel))
		return cli_usage_error(cmd, "unknown channel '%s' (expected in_person, post or online)",
				       channel);
	mc_error err;
	if (at_s && cli_moment_arg(at_s, &r.at, &err))
		return cli_usage_error(cmd, "%s", err.message);
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
		char t1[40], t2[40];
		mc_format_moment(t1, sizeof t1, info.d.received_at);
		mc_format_moment(t2, sizeof t2, info.d.due_at);
		mc_buf_add(&out, "{\"code\":");
		mc_buf_json_str(&out, code);
		mc_buf_addf(&out, ",\"existed\":%s,\"received_at\":\"%s\",\"due_at\":\"%s\",\"version\":%d}\n",
			    existed ? "true" : "false", t1, t2, info.procedure_version);
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
	"                      [--address ..] [--phone ..] [--id-number ..] [--at MOMENT]\n"
	"                      [--by CLERK] [--idempotency-key KEY] [--json] [--pdf FILE]\n"
	"                      [--at MOMENT --reason WHY]\n",
	.help =
	"Assigns the dossier code AGENCYCODE-YYMMDD-XXXX (a gap-free daily sequence),\n"
	"binds the procedure version in force on the receipt date, computes the\n"
	"appointment and each step's due moment, and prints the slip (Mẫu 01 of the\n"
	"regime in force). The receipt's moment is now; --at records it at another\n"
	"moment, a correction of history that needs --reason (and the office role).\n"
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
		{ "reason", required_argument, NULL, 'r' },
		{ "field", required_argument, NULL, 'F' },
		{ "old", required_argument, NULL, 'O' },
		{ "new", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	const char *by = "motcua", *note = NULL, *at_s = NULL, *reason = NULL;
	mc_act act = { 0 };
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b': by = optarg; break;
		case 'n': note = optarg; break;
		case 't': at_s = optarg; break;
		case 'r': reason = optarg; break;
		case 'F': act.field = optarg; break;
		case 'O': act.old_value = optarg; break;
		case 'N': act.new_value = optarg; break;
		default:
			return cli_usage_error(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
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
	if (mc_action_needs_note(a) && (!note || !*note))
		return cli_usage_error(cmd, "'%s' needs the reason: --note TEXT", mc_action_name(a));
	if ((act.field || act.old_value || act.new_value) && a != MC_ACT_CORRECT)
		return cli_usage_error(cmd, "--field, --old and --new go with 'correct'");
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
	char where[200], due[40];
	mc_dossier_describe_state(&info.d, where, sizeof where);
	mc_format_moment(due, sizeof due, info.d.due_at);
	printf("%s: %s -> %s; due %s; %s\n", code, mc_action_name(a), where, due,
	       mc_status_vn(mc_dossier_status(&info.d, at)));
	mc_dossier_info_clear(&info);
	cli_session_close(&s);
	return 0;
}

const cli_command cmd_act = {
	.name = "act",
	.summary = "move a dossier: forward, result_ready, return, supplement, pause, refuse...",
	.usage = "usage: motcua act CODE ACTION [--by USER] [--note TEXT] [--at MOMENT --reason WHY]\n"
	         "       motcua act CODE correct --field FIELD [--old VALUE] --new VALUE --note WHY\n"
	         "       motcua act CODE void --note WHY\n",
	.help =
	"actions:\n"
	"  forward              complete the current step and hand the dossier to the next\n"
	"                       (also: transfer, approve)\n"
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
	"The action's moment is now; --at records another moment, a correction of\n"
	"history that needs --reason (and the office role).\n"
	"An action the dossier's state does not allow is refused (exit 4) naming the\n"
	"state and the actions allowed; if another clerk changed the dossier first,\n"
	"nothing is done (exit 5).\n",
	.run = run_act,
};

/* ---- show ------------------------------------------------------------- */

static void json_moment(mc_buf *b, const char *key, mc_time t)
{
	char m[40];
	mc_buf_addf(b, ",\"%s\":", key);
	if (!t) {
		mc_buf_add(b, "null");
		return;
	}
	mc_format_moment(m, sizeof m, t);
	mc_buf_json_str(b, m);
}

static void show_json(mc_buf *b, const mc_dossier_info *info, mc_time now)
{
	const mc_dossier *d = &info->d;
	mc_buf_add(b, "{\"code\":");
	mc_buf_json_str(b, info->code);
	mc_buf_add(b, ",\"procedure\":");
	mc_buf_json_str(b, info->procedure_code);
	mc_buf_addf(b, ",\"version\":%d,\"channel\":\"%s\",\"applicant\":", info->procedure_version,
		    mc_channel_name(info->channel));
	mc_buf_json_str(b, info->applicant_name);
	mc_buf_addf(b, ",\"state\":\"%s\",\"status\":\"%s\"", mc_dstate_name(d->state),
		    mc_status_name(mc_dossier_status(d, now)));
	json_moment(b, "received_at", d->received_at);
	json_moment(b, "due_at_receipt", d->due_at_receipt);
	json_moment(b, "due_at", d->due_at);
	json_moment(b, "finished_at", d->finished_at);
	json_moment(b, "closed_at", d->closed_at);
	mc_buf_addf(b, ",\"supplement_count\":%d,\"steps\":[", d->supplement_count);
	for (int k = 0; k < d->nsteps; k++) {
		const mc_step_run *r = &d->steps[k];
		mc_buf_add(b, k ? ",{\"id\":" : "{\"id\":");
		mc_buf_json_str(b, d->version->steps[k].id);
		mc_buf_add(b, ",\"unit\":");
		mc_buf_json_str(b, d->version->steps[k].unit);
		json_moment(b, "started", r->started);
		json_moment(b, "due", r->started ? r->due : 0);
		json_moment(b, "finished", r->finished);
		int ss = mc_dossier_step_status(d, k, now);
		mc_buf_add(b, ",\"status\":");
		if (ss < 0)
			mc_buf_add(b, "null}");
		else
			mc_buf_addf(b, "\"%s\"}", mc_status_name((mc_status)ss));
	}
	mc_buf_addf(b, "],\"events\":%zu}\n", info->nevents);
}

static int run_show(const cli_command *cmd, int argc, char **argv)
{
	int json = 0, slip = 0;
	const char *code = NULL, *at_s = NULL, *pdf = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--receipt"))
			slip = 1;
		else if (!strcmp(argv[i], "--at") && i + 1 < argc)
			at_s = argv[++i];
		else if (!strcmp(argv[i], "--pdf") && i + 1 < argc)
			pdf = argv[++i];
		else if (argv[i][0] == '-')
			return cli_usage_error(cmd, "unknown or incomplete option '%s'", argv[i]);
		else if (!code)
			code = argv[i];
		else
			return cli_usage_error(cmd, "unexpected argument '%s'", argv[i]);
	}
	if (!code)
		return cli_usage_error(cmd, "'show' needs a dossier code");
	mc_error err;
	mc_time now;
	if (cli_moment_arg(at_s, &now, &err))
		return cli_usage_error(cmd, "%s", err.message);
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	mc_dossier_info info;
	if ((rc = mc_store_dossier_get(&s.ctx, code, &info, &err))) {
		cli_session_close(&s);
		return cli_fail(&err);
	}
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
		show_json(&out, &info, now);
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
	const char *state = NULL, *unit = NULL, *at_s = NULL;
	int overdue = 0, json = 0, csv = 0, all = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--csv"))
			csv = 1;
		else if (!strcmp(argv[i], "--overdue"))
			overdue = 1;
		else if (!strcmp(argv[i], "--all"))
			all = 1;
		else if (!strcmp(argv[i], "--state") && i + 1 < argc)
			state = argv[++i];
		else if (!strcmp(argv[i], "--unit") && i + 1 < argc)
			unit = argv[++i];
		else if (!strcmp(argv[i], "--at") && i + 1 < argc)
			at_s = argv[++i];
		else
			return cli_usage_error(cmd, "unknown or incomplete option '%s'", argv[i]);
	}
	if (json && csv)
		return cli_usage_error(cmd, "--json and --csv exclude each other");
	mc_dstate st;
	if (state && mc_dstate_parse(state, &st))
		return cli_usage_error(cmd, "unknown state '%s' (in_step, supplement_requested, paused, result_ready, returned, refused, withdrawn, returned_unprocessed)", state);
	mc_error err;
	mc_time now;
	if (cli_moment_arg(at_s, &now, &err))
		return cli_usage_error(cmd, "%s", err.message);
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	if (unit && !mc_agency_unit(s.cat->agency, unit)) {
		cli_session_close(&s);
		return cli_usage_error(cmd, "unknown unit '%s' (see procedures/agency.yaml)", unit);
	}
	char nowbuf[40];
	mc_format_moment(nowbuf, sizeof nowbuf, now);
	/* open dossiers unless a state or --all says otherwise; overdue means
	 * the clock is running (in a step) and the due moment has passed */
	const char *p[] = { s.cat->agency->id, state, unit, overdue ? "t" : "f", nowbuf,
			    all ? "t" : "f" };
	PGresult *res = NULL;
	rc = mc_db_exec(s.db,
			"SELECT code, procedure_code, channel, state, coalesce(step_id, '') AS step_id, "
			"coalesce(step_unit, '') AS step_unit, "
			"to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD\"T\"HH24:MI') AS received, "
			"to_char(due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD\"T\"HH24:MI') AS due, "
			"coalesce(to_char(step_due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD\"T\"HH24:MI'), '') AS step_due, "
			"(state = 'in_step' AND due_at < $5::timestamptz) AS overdue, "
			"coalesce(result, '') AS result "
			"FROM motcua.dossier WHERE agency_id = $1 "
			"AND ($2::text IS NULL OR state = $2) "
			"AND ($2::text IS NOT NULL OR $6::boolean OR result IS NULL) "
			"AND ($3::text IS NULL OR step_unit = $3) "
			"AND (NOT $4::boolean OR (state = 'in_step' AND due_at < $5::timestamptz)) "
			"ORDER BY due_at, code",
			6, p, &res, &err);
	if (rc) {
		cli_session_close(&s);
		return cli_fail(&err);
	}
	static const char *const cols[] = { "code", "procedure_code", "channel", "state", "step_id",
					    "step_unit", "received", "due", "step_due", "result" };
	mc_buf out = { 0 };
	int n = PQntuples(res);
	if (json)
		mc_buf_add(&out, "[");
	if (csv)
		mc_buf_add(&out, "code,procedure,channel,state,step,unit,received_at,due_at,step_due_at,result,overdue\r\n");
	for (int r = 0; r < n; r++) {
		int od = !strcmp(mc_db_get(res, r, "overdue"), "t");
		if (json) {
			mc_buf_add(&out, r ? ",{" : "{");
			for (int c = 0; c < 10; c++) {
				mc_buf_addf(&out, "%s\"%s\":", c ? "," : "", c == 1 ? "procedure" : cols[c]);
				mc_buf_json_str(&out, mc_db_get(res, r, cols[c]));
			}
			mc_buf_addf(&out, ",\"overdue\":%s}", od ? "true" : "false");
		} else if (csv) {
			for (int c = 0; c < 10; c++) {
				if (c)
					mc_buf_add(&out, ",");
				mc_buf_csv_field(&out, mc_db_get(res, r, cols[c]));
			}
			mc_buf_addf(&out, ",%s\r\n", od ? "true" : "false");
		} else {
			mc_buf_addf(&out, "%-26s %-12s %-20s %-12s %-10s hạn %s%s\n",
				    mc_db_get(res, r, "code"), mc_db_get(res, r, "procedure_code"),
				    mc_db_get(res, r, "state"), mc_db_get(res, r, "step_id"),
				    mc_db_get(res, r, "step_unit"), mc_db_get(res, r, "due"),
				    od ? "  QUÁ HẠN" : "");
		}
	}
	if (json)
		mc_buf_add(&out, "]\n");
	else if (!csv)
		mc_buf_addf(&out, "%d hồ sơ\n", n);
	PQclear(res);
	fputs(mc_buf_str(&out), stdout);
	mc_buf_free(&out);
	cli_session_close(&s);
	return 0;
}

const cli_command cmd_list = {
	.name = "list",
	.summary = "the work queues: open dossiers by state, unit, overdue",
	.usage = "usage: motcua list [--state STATE] [--unit UNIT] [--overdue] [--all] [--at MOMENT]\n"
		 "                   [--json | --csv]\n",
	.help =
	"Lists open dossiers (all of them with --all, or those in --state), soonest\n"
	"due first. --unit keeps those whose current step belongs to that unit (ids in\n"
	"procedures/agency.yaml); --overdue those in a step past their due moment as\n"
	"of --at (default: now). --csv is RFC 4180 with a header row.\n",
	.run = run_list,
};
