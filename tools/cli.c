/*
 * cli.c - shared CLI helpers (see cli.h).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "motcua: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (cmd) {
		fprintf(stderr, "%s", cmd->usage);
		fprintf(stderr, "try 'motcua help %s' for more\n", cmd->name);
	} else {
		fprintf(stderr, "try 'motcua --help'\n");
	}
	return MC_EXIT_USAGE;
}

int cli_fail(const mc_error *err)
{
	mc_error_print(err, "motcua");
	return mc_error_exit_status(err->code);
}

void cli_print_help(const cli_command *cmd)
{
	printf("motcua %s - %s\n\n%s", cmd->name, cmd->summary, cmd->usage);
	if (cmd->help && *cmd->help)
		printf("\n%s", cmd->help);
}

/* Optimal string alignment distance: edits plus adjacent transpositions,
 * so "shwo" is one step from "show". */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return (size_t)-1;
	size_t d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

const char *cli_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	for (size_t i = 0; candidates[i]; i++) {
		size_t d = edit_distance(word, candidates[i]);
		/* a prefix is a good guess too: "cal" -> "calendar" */
		if (strncmp(candidates[i], word, strlen(word)) == 0 && strlen(word) >= 2)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	size_t limit = strlen(word) <= 4 ? 1 : 2;
	return best_d <= limit ? best : NULL;
}

int cli_parse_int(const char *s, long min, long max, long *out)
{
	if (!s || !*s)
		return -1;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void cli_opts_begin(void)
{
	optind = 0;          /* glibc: start over, permuting again */
	opterr = 0;          /* our messages, not getopt's */
}

int cli_getopt(int argc, char **argv, const struct option *opts)
{
	/* ':' first: a missing argument is ':', an unknown option '?' */
	return getopt_long(argc, argv, ":", opts, NULL);
}

int cli_option_error(const cli_command *cmd, int c, char **argv)
{
	const char *opt = argv[optind - 1];
	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", opt);
	if (strncmp(opt, "--", 2) != 0 && optopt && optopt < 128)
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", opt);
}

int cli_json_only(const cli_command *cmd, int argc, char **argv, int *json)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 } };
	int c;
	*json = 0;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		if (c != 'j')
			return cli_option_error(cmd, c, argv);
		*json = 1;
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}
