/*
 * cmd_user.c - `motcua user add|list|disable|passwd`: the accounts of
 * `motcua serve` (migration 0013). Passwords come on standard input only,
 * never on the command line (where `ps` shows them).
 */
#include "accounts.h"
#include "api.h"
#include "commands.h"
#include "json_out.h"
#include "session.h"
#include "text.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int role_error(const cli_command *cmd, const char *role)
{
	const char *s = cli_suggest(role, mc_role_names);
	if (s)
		return cli_usage_error(cmd, "unknown role '%s' (did you mean '%s'?)", role, s);
	return cli_usage_error(cmd, "unknown role '%s' (clerk, specialist, head, leader, office, "
			       "auditor, admin, integration)", role);
}

static int read_password(char *hash, mc_error *err)
{
	char pw[1026];
	int rc = mc_password_read(stdin, pw, sizeof pw, err);
	if (!rc)
		rc = mc_auth_init(err);
	if (!rc)
		rc = mc_password_hash(pw, hash, err);
	memset(pw, 0, sizeof pw);
	return rc;
}

static int user_add(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "unit", required_argument, NULL, 'u' },
		{ "agency", required_argument, NULL, 'a' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char *name = NULL, *role = NULL, *unit = NULL, *agency = NULL;
	int pw_stdin = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'r': role = optarg; break;
		case 'u': unit = optarg; break;
		case 'a': agency = optarg; break;
		case 'p': pw_stdin = 1; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, "'user add' needs one LOGIN");
	if (!name || !role || !pw_stdin)
		return cli_usage_error(cmd, "--name, --role and --password-stdin are required");
	if (!mc_role_db(role, NULL))
		return role_error(cmd, role);
	mc_user u;
	memset(&u, 0, sizeof u);
	mc_error err;
	if (strlen(argv[optind]) >= sizeof u.login || strlen(name) >= sizeof u.full_name ||
	    (unit && strlen(unit) >= sizeof u.unit))
		return cli_usage_error(cmd, "the login, name or unit is too long");
	if (mc_text_check("the name", name, 200, 0, &err))
		return cli_usage_error(cmd, "%s", err.message);
	snprintf(u.login, sizeof u.login, "%s", argv[optind]);
	snprintf(u.full_name, sizeof u.full_name, "%s", name);
	snprintf(u.role, sizeof u.role, "%s", role);
	snprintf(u.unit, sizeof u.unit, "%s", unit ? unit : "");
	char hash[MC_PWHASH_MAX];
	if (read_password(hash, &err))
		return cli_fail(&err);
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	if (unit && !mc_agency_unit(s.cat->agency, unit)) {
		cli_session_close(&s);
		return cli_usage_error(cmd, "unknown unit '%s' (see procedures/agency.yaml)", unit);
	}
	snprintf(u.agency, sizeof u.agency, "%s", agency ? agency : s.cat->agency->id);
	rc = mc_store_user_add(s.db, &u, hash, &err);
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	printf("user %s added (%s)\n", u.login, u.role);
	return 0;
}

static int user_list(const cli_command *cmd, int argc, char **argv)
{
	int json, rc = cli_json_only(cmd, argc, argv, &json);
	if (rc)
		return rc;
	cli_session s;
	rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	mc_user *us = NULL;
	size_t n = 0;
	mc_error err;
	rc = mc_store_user_list(s.db, &us, &n, &err);
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = mc_user_json(&us[i]);
			mc_json_set(o, "disabled", json_boolean(us[i].disabled));
			mc_json_set(o, "created_at", mc_json_text(us[i].created_at));
			json_array_append_new(a, o);
		}
		mc_json_print(a, stdout);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-12s %-16s %s%s\n", us[i].login, us[i].role,
			       us[i].unit[0] ? us[i].unit : "-", us[i].full_name,
			       us[i].disabled ? " (đã khóa)" : "");
		printf("%zu user%s\n", n, n == 1 ? "" : "s");
	}
	free(us);
	return 0;
}

static int user_change(const cli_command *cmd, int argc, char **argv, int passwd)
{
	static const struct option opts[] = {
		{ "password-stdin", no_argument, NULL, 'p' }, { NULL, 0, NULL, 0 }
	};
	int pw_stdin = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		if (c == 'p' && passwd)
			pw_stdin = 1;
		else
			return cli_option_error(cmd, c, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, "'user %s' needs one LOGIN", passwd ? "passwd" : "disable");
	if (passwd && !pw_stdin)
		return cli_usage_error(cmd, "--password-stdin is required");
	mc_error err;
	char hash[MC_PWHASH_MAX];
	if (passwd && read_password(hash, &err))
		return cli_fail(&err);
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	const char *login = argv[optind];
	rc = passwd ? mc_store_user_passwd(s.db, login, hash, &err)
		    : mc_store_user_disable(s.db, login, &err);
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	printf(passwd ? "user %s: password changed, sessions closed\n"
		      : "user %s: disabled, sessions closed\n", login);
	return 0;
}

static int run_user(const cli_command *cmd, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(cmd, "'user' needs a subcommand: add, list, disable, passwd");
	const char *sub = argv[1];
	if (!strcmp(sub, "add"))
		return user_add(cmd, argc - 1, argv + 1);
	if (!strcmp(sub, "list"))
		return user_list(cmd, argc - 1, argv + 1);
	if (!strcmp(sub, "disable"))
		return user_change(cmd, argc - 1, argv + 1, 0);
	if (!strcmp(sub, "passwd"))
		return user_change(cmd, argc - 1, argv + 1, 1);
	return cli_usage_error(cmd, "unknown subcommand '%s' (add, list, disable, passwd)", sub);
}

const cli_command cmd_user = {
	.name = "user",
	.summary = "the accounts of motcua serve: add, list, disable, passwd",
	.usage =
	"usage: motcua user add LOGIN --name \"Họ và tên\" --role ROLE [--unit UNIT] [--agency A]\n"
	"                       --password-stdin\n"
	"       motcua user list [--json]\n"
	"       motcua user disable LOGIN\n"
	"       motcua user passwd LOGIN --password-stdin\n",
	.help =
	"Roles: clerk (tiếp nhận), specialist (chuyên viên), head (lãnh đạo phòng),\n"
	"leader (lãnh đạo Sở) act as the database role motcua_clerk; office (văn\n"
	"phòng) and admin as motcua_office; auditor reads only (motcua_auditor);\n"
	"integration is for machines (motcua_clerk). The password is one line on\n"
	"standard input (8 to 1024 bytes), stored as an Argon2id hash. disable and\n"
	"passwd also close the user's open sessions.\n",
	.run = run_user,
};
