/*
 * cmd_demo.c - `motcua demo`: the main job, end to end on the configured
 * (or project-local) database.
 */
#include "commands.h"
#include "cli_shared.h"

#include <stdio.h>

static int run_demo(const cli_command *cmd, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
	printf("== motcua demo: database ==\n");
	int rc = cli_db_migrate(0);
	if (rc)
		return rc;
	return 0;
}

const cli_command cmd_demo = {
	.name = "demo",
	.summary = "run the main job end to end on the database (creating it if needed)",
	.usage = "usage: motcua demo\n",
	.help =
	"Creates and starts the project-local database when none is configured,\n"
	"applies the migrations, and reports what it did.\n",
	.run = run_demo,
};
