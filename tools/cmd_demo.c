/*
 * cmd_demo.c - `motcua demo`: the main job, end to end on the configured
 * (or project-local) database. It grows as the engine does: today it
 * prepares the database, loads the catalogue and shows due moments
 * computed over the department's calendar.
 */
#include "commands.h"
#include "cli_shared.h"
#include "calendar.h"
#include "catalog.h"
#include "config.h"
#include "dbopen.h"
#include "store_catalog.h"

#include <limits.h>
#include <stdio.h>

static int demo_catalog(void)
{
	char dir[PATH_MAX];
	mc_catalog *cat = NULL;
	mc_calendar *cal = NULL;
	mc_db *db = NULL;
	mc_error err;
	mc_catalog_load_stats st;
	int rc;
	mc_config_path(dir, sizeof dir, "procedures");
	if ((rc = mc_catalog_load(&cat, dir, &err)) ||
	    (rc = mc_calendar_load(&cal, dir, &err)) ||
	    (rc = mc_dbopen(&db, NULL, &err)) ||
	    (rc = mc_store_catalog_load(db, cat, &st, &err)))
		goto cleanup;
	printf("\n== catalogue (%s) ==\n", dir);
	printf("%d procedures loaded; versions: %d added, %d unchanged\n", st.procedures,
	       st.versions_added + st.versions_updated, st.versions_unchanged);

	printf("\n== due moments: the X-ray licence across the 2018 and 2019 decisions ==\n");
	static const char *const receipts[] = {
		"2018-11-22T09:00", "2019-06-14T16:30", "2019-12-02T09:00", "2024-02-07T16:30"
	};
	const mc_procedure *x = mc_catalog_find(cat, "qng.atbx.01");
	for (size_t i = 0; x && i < sizeof receipts / sizeof receipts[0]; i++) {
		mc_time t, due;
		char a[40], b[40], d[32];
		if ((rc = mc_parse_moment(receipts[i], &t, &err)))
			goto cleanup;
		const mc_version *v = mc_catalog_version_at(x, mc_time_day(t));
		if (!v)
			continue;
		if ((rc = mc_calendar_add(cal, t, mc_version_time(v), &due, &err)))
			goto cleanup;
		mc_format_moment(a, sizeof a, t);
		mc_format_moment(b, sizeof b, due);
		mc_duration_format_vn(d, sizeof d, mc_version_time(v));
		printf("received %s  version %d  %-16s due %s\n", a, v->number, d, b);
	}
cleanup:
	mc_db_close(db);
	mc_calendar_free(cal);
	mc_catalog_free(cat);
	if (rc)
		return cli_fail(&err);
	printf("\nmore: motcua calendar show 2026 | motcua catalog list | motcua catalog show 1.000173\n");
	return 0;
}

static int run_demo(const cli_command *cmd, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
	printf("== motcua demo: database ==\n");
	int rc = cli_db_migrate(0);
	if (rc)
		return rc;
	return demo_catalog();
}

const cli_command cmd_demo = {
	.name = "demo",
	.summary = "run the main job end to end on the database (creating it if needed)",
	.usage = "usage: motcua demo\n",
	.help =
	"Creates and starts the project-local database when none is configured,\n"
	"applies the migrations, loads the procedure catalogue, and shows due\n"
	"moments computed over the department's calendar.\n",
	.run = run_demo,
};
