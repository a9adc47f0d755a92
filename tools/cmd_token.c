/*
 * cmd_token.c - `motcua token add|list|revoke`: bearer tokens for machines
 * (the national portal) calling `motcua serve` (migration 0015). A token
 * is printed once, when it is made; the database keeps its SHA-256 alone.
 */
#include "accounts.h"
#include "api.h"
#include "commands.h"
#include "json_out.h"
#include "session.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int token_add(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "agency", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	const char *role = NULL, *agency = NULL;
	int c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'a': agency = optarg; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, "'token add' needs one NAME");
	if (!role)
		return cli_usage_error(cmd, "--role is required (integration)");
	if (strcmp(role, "integration"))
		return cli_usage_error(cmd, "a token's role is 'integration', not '%s' (people log in "
				       "with 'motcua user')", role);
	const char *name = argv[optind];
	if (strlen(name) >= MC_LOGIN_MAX)
		return cli_usage_error(cmd, "the name '%s' is too long", name);
	mc_error err;
	char token[65];
	unsigned char th[32];
	if (mc_auth_init(&err) || mc_token_new(token, &err))
		return cli_fail(&err);
	mc_token_hash(token, th);
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	rc = mc_store_token_add(s.db, name, th, role, agency ? agency : s.cat->agency->id, &err);
	cli_session_close(&s);
	if (rc) {
		memset(token, 0, sizeof token);
		return cli_fail(&err);
	}
	/* the token alone on stdout (for a script); the note for a person on stderr */
	printf("%s\n", token);
	fflush(stdout);
	memset(token, 0, sizeof token);
	fprintf(stderr, "token %s added (%s): it is shown this once; send it as "
		"'Authorization: Bearer TOKEN'\n", name, role);
	return 0;
}

static int token_list(const cli_command *cmd, int argc, char **argv)
{
	int json, rc = cli_json_only(cmd, argc, argv, &json);
	if (rc)
		return rc;
	cli_session s;
	rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	mc_token_info *ts = NULL;
	size_t n = 0;
	mc_error err;
	rc = mc_store_token_list(s.db, &ts, &n, &err);
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_object();
			mc_json_set(o, "name", mc_json_text(ts[i].name));
			mc_json_set(o, "role", mc_json_text(ts[i].role));
			mc_json_set(o, "agency", mc_json_text(ts[i].agency));
			mc_json_set(o, "created_at", mc_json_text(ts[i].created_at));
			mc_json_set(o, "last_used_at", ts[i].last_used_at[0]
				    ? mc_json_text(ts[i].last_used_at) : json_null());
			mc_json_set(o, "revoked", json_boolean(ts[i].revoked));
			json_array_append_new(a, o);
		}
		mc_json_print(a, stdout);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-12s %-10s %s %s%s\n", ts[i].name, ts[i].role, ts[i].agency,
			       ts[i].created_at, ts[i].last_used_at[0] ? ts[i].last_used_at : "-",
			       ts[i].revoked ? " (đã thu hồi)" : "");
		printf("%zu token%s\n", n, n == 1 ? "" : "s");
	}
	free(ts);
	return 0;
}

static int token_revoke(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	int c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1)
		return cli_option_error(cmd, c, argv);
	if (argc - optind != 1)
		return cli_usage_error(cmd, "'token revoke' needs one NAME");
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	mc_error err;
	rc = mc_store_token_revoke(s.db, argv[optind], &err);
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	printf("token %s revoked\n", argv[optind]);
	return 0;
}

static int run_token(const cli_command *cmd, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(cmd, "'token' needs a subcommand: add, list, revoke");
	const char *sub = argv[1];
	if (!strcmp(sub, "add"))
		return token_add(cmd, argc - 1, argv + 1);
	if (!strcmp(sub, "list"))
		return token_list(cmd, argc - 1, argv + 1);
	if (!strcmp(sub, "revoke"))
		return token_revoke(cmd, argc - 1, argv + 1);
	return cli_usage_error(cmd, "unknown subcommand '%s' (add, list, revoke)", sub);
}

const cli_command cmd_token = {
	.name = "token",
	.summary = "bearer tokens for machines calling motcua serve: add, list, revoke",
	.usage =
	"usage: motcua token add NAME --role integration [--agency A]\n"
	"       motcua token list [--json]\n"
	"       motcua token revoke NAME\n",
	.help =
	"add prints a new random 256-bit token once, on stdout; only its SHA-256 is\n"
	"stored. A request with 'Authorization: Bearer TOKEN' acts as NAME with the\n"
	"role integration (database role motcua_clerk), needs no cookie and no CSRF\n"
	"token, and each use is recorded in the login log with the client's address.\n"
	"A revoked or unknown token gets 401. NAME is not a user's login.\n",
	.run = run_token,
};
