/*
 * cmd_generate.c - `motcua generate`: synthetic dossiers for benchmarks and
 * trials, through the same code as receive/act.
 */
#include "commands.h"
#include "generate.h"
#include "session.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void progress(size_t done, size_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rmotcua generate: %zu/%zu actions", done, total);
	if (done == total)
		fputc('\n', stderr);
}

static int run_generate(const cli_command *cmd, int argc, char **argv)
{
	long n = -1, seed = 1;
	const char *from_s = "2023-01-01", *to_s = "2023-12-31";
	static const struct option opts[] = {
		{ "dossiers", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'n':
			if (cli_parse_int(optarg, 1, 100000000, &n))
				return cli_usage_error(cmd, "invalid --dossiers '%s'", optarg);
			break;
		case 's':
			if (cli_parse_int(optarg, 0, 2147483647, &seed))
				return cli_usage_error(cmd, "invalid --seed '%s'", optarg);
			break;
		case 'F': from_s = optarg; break;
		case 'T': to_s = optarg; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (n < 0)
		return cli_usage_error(cmd, "--dossiers N is required");
	mc_error err;
	mc_plan_opts o = { .dossiers = n, .seed = (uint64_t)seed };
	if (mc_parse_date(from_s, &o.from, &err) || mc_parse_date(to_s, &o.to, &err))
		return cli_usage_error(cmd, "%s", err.message);
	if (o.to < o.from)
		return cli_usage_error(cmd, "--to is before --from");
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	mc_plan plan = { 0 };
	rc = mc_plan_make(&plan, s.cat, s.cal, &o, &err);
	if (!rc)
		rc = mc_plan_run(&s.ctx, &plan, o.to, NULL, NULL, isatty(2) ? progress : NULL, &err);
	if (!rc)
		printf("generated %zu dossiers, %zu actions (seed %ld, %s to %s)\n", plan.ndossiers,
		       plan.nactions, seed, from_s, to_s);
	mc_plan_free(&plan);
	cli_session_close(&s);
	return rc ? cli_fail(&err) : 0;
}

const cli_command cmd_generate = {
	.name = "generate",
	.summary = "generate realistic synthetic dossiers (benchmarks, trials)",
	.usage = "usage: motcua generate --dossiers N [--seed S] [--from DATE] [--to DATE]\n",
	.help =
	"Plans N dossiers received on the working days between --from and --to\n"
	"(default: 2023), with the same seed giving the same dossiers, and replays\n"
	"them in time order through the same code as receive and act. Procedures in\n"
	"proportion, mostly online, steps at realistic shares of their time, a few\n"
	"supplements, pauses, withdrawals, refusals, and late leader sign-offs\n"
	"around Tết.\n",
	.run = run_generate,
};
