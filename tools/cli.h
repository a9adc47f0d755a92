/*
 * cli.h - what every motcua subcommand shares: the command table entry,
 * usage errors, engine errors turned into exit statuses.
 */
#ifndef MOTCUA_CLI_H
#define MOTCUA_CLI_H

#include "error.h"

typedef struct cli_command {
	const char *name;
	const char *summary;   /* one line for the command list */
	const char *usage;     /* "usage: ..." lines, shown on misuse */
	const char *help;      /* the rest of `motcua help CMD` */
	int (*run)(const struct cli_command *cmd, int argc, char **argv);
} cli_command;

/* Print "motcua: error: <msg>" and the command's usage to stderr; return 2. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print an engine error and return its exit status. */
int cli_fail(const mc_error *err);

/* Full help for a command, on stdout. */
void cli_print_help(const cli_command *cmd);

/* The closest of `candidates` (NULL-terminated) to `word`, or NULL if none
 * is close enough to suggest. */
const char *cli_suggest(const char *word, const char *const *candidates);

/*
 * Options, the one way every command reads them: getopt_long over the
 * command's table, so --at X and --at=X both work and options may follow
 * the arguments. Call cli_opts_begin() first, then cli_getopt until -1; a
 * '?' or ':' it returns goes to cli_option_error.
 */
struct option;
void cli_opts_begin(void);
int cli_getopt(int argc, char **argv, const struct option *opts);
/* "unknown option '--frob'" or "option '--at' needs a value"; returns 2. */
int cli_option_error(const cli_command *cmd, int c, char **argv);
/* A command that takes --json and nothing else: sets *json; 0, or the
 * usage error's exit status. */
int cli_json_only(const cli_command *cmd, int argc, char **argv, int *json);

/* Parse an unsigned integer argument strictly (all digits, in range). */
int cli_parse_int(const char *s, long min, long max, long *out);

#endif
