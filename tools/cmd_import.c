/*
 * cmd_import.c - `motcua import FILE.csv`.
 */
#include "commands.h"
#include "fileutil.h"
#include "import.h"
#include "session.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int run_import(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	int c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1)
		return cli_option_error(cmd, c, argv);
	if (argc - optind != 1)
		return cli_usage_error(cmd, "'import' needs one CSV file");
	const char *path = argv[optind];
	char *text = NULL;
	size_t len;
	mc_error err;
	if (mc_file_read(path, &text, &len, &err))
		return cli_fail(&err);
	cli_session s;
	int rc = cli_session_open(&s, 1);
	if (rc) {
		free(text);
		return rc;
	}
	mc_import_stats st;
	rc = mc_import_csv(&s.ctx, path, text, len, &st, &err);
	free(text);
	cli_session_close(&s);
	if (rc) {
		fprintf(stderr, "motcua: nothing was imported\n");
		return cli_fail(&err);
	}
	printf("imported %d rows: %d dossiers received, %d actions\n", st.rows, st.dossiers, st.actions);
	return 0;
}

const cli_command cmd_import = {
	.name = "import",
	.summary = "replay the history of another one-stop system from a CSV of actions",
	.usage = "usage: motcua import FILE.csv\n",
	.help =
	"The CSV (RFC 4180, UTF-8, header row) has the columns\n"
	"  dossier,at,action,procedure,channel,applicant,actor,note\n"
	"one action per row in the order they happened; `dossier` is the old system's\n"
	"reference, and procedure, channel and applicant are needed on receive rows.\n"
	"Rows are replayed through the same state machine at their moments, in one\n"
	"transaction: an invalid row aborts the import naming FILE:LINE, and nothing\n"
	"is written.\n",
	.run = run_import,
};
