/*
 * cmd_serve.c - `motcua serve`: its options; the server is engine/server.
 */
#include "commands.h"
#include "server.h"

#include <getopt.h>
#include <stdio.h>

static int run_serve(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "db-connections", required_argument, NULL, 'd' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "idle", required_argument, NULL, 'i' },
		{ "absolute", required_argument, NULL, 'a' },
		{ "secure-cookies", no_argument, NULL, 's' },
		{ "trusted-proxy", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	mc_server_opts o;
	mc_server_opts_default(&o);
	long v;
	int c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'l': o.listen = optarg; break;
		case 's': o.secure_cookies = 1; break;
		case 'P': o.trusted_proxy = 1; break;
		case 't': case 'd': case 'b': case 'T': case 'i': case 'a':
			if (cli_parse_int(optarg, c == 'b' ? 1024 : 1,
					  c == 't' || c == 'd' ? 256 : c == 'b' ? 16L << 20 : 7 * 86400L, &v))
				return cli_usage_error(cmd, "bad value '%s' for '%s'", optarg, argv[optind - 1]);
			if (c == 't') o.threads = (int)v;
			else if (c == 'd') o.db_connections = (int)v;
			else if (c == 'b') o.max_body = (size_t)v;
			else if (c == 'T') o.timeout = (int)v;
			else if (c == 'i') o.idle = (int)v;
			else o.absolute = (int)v;
			break;
		default:
			return cli_option_error(cmd, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	mc_error err;
	if (mc_server_run(&o, &err))
		return cli_fail(&err);
	return 0;
}

const cli_command cmd_serve = {
	.name = "serve",
	.summary = "the engine over HTTP: a JSON API with accounts and sessions",
	.usage =
	"usage: motcua serve [--listen HOST:PORT | --listen unix:PATH] [--threads N]\n"
	"                    [--db-connections N] [--max-body BYTES] [--timeout SECONDS]\n"
	"                    [--idle SECONDS] [--absolute SECONDS] [--secure-cookies]\n"
	"                    [--trusted-proxy]\n",
	.help =
	"Serves the API under /api/v1 (see README.md, \"Serving\") on --listen (default\n"
	"127.0.0.1:8080; PORT 0 picks a free port, printed at start), a thread per\n"
	"connection, --threads requests handled at once (4) and --db-connections\n"
	"PostgreSQL connections (4).\n"
	"People log in with the accounts of 'motcua user'; each request runs as its\n"
	"user's group role. A body over --max-body (65536) is refused (413); an idle\n"
	"connection is closed after --timeout (30) seconds; a session ends after\n"
	"--idle (1800) seconds unused or --absolute (43200) seconds. --secure-cookies\n"
	"marks the session cookie Secure (behind a TLS reverse proxy). --trusted-proxy\n"
	"(behind nginx, tools/nginx/motcua.conf): from a peer on the Unix socket or\n"
	"loopback, the client's address is the last of X-Forwarded-For (in the logs\n"
	"and the per-address login limit) and X-Forwarded-Proto: https makes the\n"
	"cookie Secure. Under systemd (Type=notify) it sends READY=1 once listening\n"
	"and STOPPING=1 at a stop (tools/systemd/motcua-serve.service). One line per\n"
	"request on stderr. SIGTERM or SIGINT: no new connections, the requests in\n"
	"flight finish, exit 0.\n",
	.run = run_serve,
};
