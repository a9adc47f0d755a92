/*
 * motcua.c - the `motcua` command: a table of subcommands over libmotcua.
 */
#include "commands.h"
#include "motcua_config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static const cli_command *const commands[] = {
	&cmd_demo,
	&cmd_db,
	&cmd_calendar,
	&cmd_catalog,
	&cmd_receive,
	&cmd_act,
	&cmd_show,
	&cmd_list,
	&cmd_import,
	&cmd_nightly,
	&cmd_apology,
	&cmd_report,
	&cmd_generate,
	&cmd_serve,
	&cmd_user,
	&cmd_token,
	&cmd_form,
	&cmd_register,
	NULL
};

static const char main_usage[] =
	"usage: motcua COMMAND [ARGS...]\n"
	"       motcua help COMMAND | motcua COMMAND --help\n";

static void print_main_help(void)
{
	printf("motcua %s - one-stop-shop dossier processing (Sở KH&CN Quảng Ngãi)\n\n%s\ncommands:\n",
	       MOTCUA_VERSION, main_usage);
	for (size_t i = 0; commands[i]; i++)
		printf("  %-10s %s\n", commands[i]->name, commands[i]->summary);
	printf("  %-10s %s\n", "help", "show the help of a command");
	printf("\n"
	       "database:\n"
	       "  MOTCUA_DATABASE_URL (or PGHOST, PGDATABASE, ...) selects a PostgreSQL server;\n"
	       "  with none set, motcua creates and runs a project-local cluster in var/pg\n"
	       "  (MOTCUA_PGDATA), reachable only through a Unix socket in that directory.\n"
	       "  MOTCUA_HOME is the project directory holding procedures/ and migrations/.\n"
	       "\n"
	       "exit status:\n"
	       "  0  success\n"
	       "  1  failure (I/O, internal error)\n"
	       "  2  misuse or invalid input (bad option, YAML or CSV error, bad date)\n"
	       "  3  not found (no such dossier, procedure...)\n"
	       "  4  refused by a rule (illegal transition, appointment already re-set...)\n"
	       "  5  conflict: someone else changed the same thing first; retry\n"
	       "  6  database unavailable\n"
	       "  7  database error\n");
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[32];
	size_t n = 0;
	for (size_t i = 0; commands[i] && n < 30; i++)
		names[n++] = commands[i]->name;
	names[n++] = "help";
	names[n] = NULL;
	fprintf(stderr, "motcua: error: unknown command '%s'\n", name);
	const char *s = cli_suggest(name, names);
	if (s)
		fprintf(stderr, "did you mean 'motcua %s'?\n", s);
	fprintf(stderr, "%stry 'motcua --help'\n", main_usage);
	return MC_EXIT_USAGE;
}

static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (argc < 2) {
		fprintf(stderr, "motcua: error: no command given\n%stry 'motcua --help'\n",
			main_usage);
		return MC_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		print_main_help();
		return MC_EXIT_OK;
	}
	if (!strcmp(name, "--version")) {
		printf("motcua %s\n", MOTCUA_VERSION);
		return MC_EXIT_OK;
	}
	if (!strcmp(name, "help")) {
		if (argc < 3) {
			print_main_help();
			return MC_EXIT_OK;
		}
		const cli_command *c = find_command(argv[2]);
		if (!c)
			return unknown_command(argv[2]);
		cli_print_help(c);
		return MC_EXIT_OK;
	}
	const cli_command *cmd = find_command(name);
	if (!cmd)
		return unknown_command(name);
	if (wants_help(argc - 1, argv + 1)) {
		cli_print_help(cmd);
		return MC_EXIT_OK;
	}
	return cmd->run(cmd, argc - 1, argv + 1);
}
