/*
 * cmd_catalog.c - `motcua catalog check|list|show|load`.
 */
#include "commands.h"
#include "catalog.h"
#include "catalog_render.h"
#include "config.h"
#include "dbopen.h"
#include "store_catalog.h"
#include "strbuf.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int load(mc_catalog **cat, const char *dir)
{
	char def[PATH_MAX];
	mc_error err;
	if (!dir) {
		mc_config_path(def, sizeof def, "procedures");
		dir = def;
	}
	if (mc_catalog_load(cat, dir, &err))
		return cli_fail(&err);
	return 0;
}

static int32_t today(void)
{
	return mc_time_day((mc_time)time(NULL));
}

static int cat_check(const char *dir, int gaps)
{
	mc_catalog *cat = NULL;
	int rc = load(&cat, dir);
	if (rc)
		return rc;
	size_t versions = 0, shortened = 0;
	for (size_t i = 0; i < cat->nprocs; i++) {
		versions += cat->procs[i].nversions;
		for (size_t k = 0; k < cat->procs[i].nversions; k++)
			shortened += cat->procs[i].versions[k].has_shortened;
	}
	printf("catalogue OK: %zu procedures, %zu versions (%zu with a shortened time), %zu sets\n",
	       cat->nprocs, versions, shortened, cat->nsets);
	if (gaps) {
		size_t n = mc_catalog_gaps(cat, stdout);
		printf("%zu gap%s: facts the sources did not give\n", n, n == 1 ? "" : "s");
	}
	mc_catalog_free(cat);
	return 0;
}

static int cat_list(int32_t at, int json)
{
	mc_catalog *cat = NULL;
	int rc = load(&cat, NULL);
	if (rc)
		return rc;
	mc_buf out = { 0 };
	mc_render_catalog_list(cat, at, json ? MC_OUT_JSON : MC_OUT_TEXT, &out);
	fputs(mc_buf_str(&out), stdout);
	mc_buf_free(&out);
	mc_catalog_free(cat);
	return 0;
}

static int cat_show(const cli_command *cmd, const char *code, int32_t at, int json)
{
	mc_catalog *cat = NULL;
	int rc = load(&cat, NULL);
	if (rc)
		return rc;
	const mc_procedure *p = mc_catalog_find(cat, code);
	if (!p) {
		mc_catalog_free(cat);
		mc_error err;
		mc_error_set(&err, MC_ERR_NOTFOUND, "no procedure '%s' in the catalogue", code);
		mc_error_hint(&err, "'motcua catalog list' shows the codes");
		(void)cmd;
		return cli_fail(&err);
	}
	const mc_version *v = mc_catalog_version_at(p, at);
	if (!v) {
		char d[16];
		mc_format_date_vn(d, sizeof d, at);
		mc_catalog_free(cat);
		mc_error err;
		mc_error_set(&err, MC_ERR_NOTFOUND, "procedure '%s' has no version in force on %s", code, d);
		return cli_fail(&err);
	}
	mc_buf out = { 0 };
	mc_render_procedure(cat->agency, p, v, json ? MC_OUT_JSON : MC_OUT_TEXT, &out);
	fputs(mc_buf_str(&out), stdout);
	mc_buf_free(&out);
	mc_catalog_free(cat);
	return 0;
}

static int cat_load(void)
{
	mc_catalog *cat = NULL;
	mc_db *db = NULL;
	mc_error err;
	mc_catalog_load_stats st;
	int rc = load(&cat, NULL);
	if (rc)
		return rc;
	if (!(rc = mc_dbopen(&db, NULL, &err)))
		rc = mc_store_catalog_load(db, cat, &st, &err);
	mc_db_close(db);
	mc_catalog_free(cat);
	if (rc)
		return cli_fail(&err);
	printf("catalogue loaded: %d procedures; versions: %d added, %d updated, %d unchanged, %d removed\n",
	       st.procedures, st.versions_added, st.versions_updated, st.versions_unchanged,
	       st.versions_removed);
	return 0;
}

static int run_catalog(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "gaps", no_argument, NULL, 'g' },
		{ "at", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pos[3];
	int npos = 0, json = 0, gaps = 0, c;
	const char *at_s = NULL;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'g': gaps = 1; break;
		case 't': at_s = optarg; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	for (int i = optind; i < argc; i++) {
		if (npos == 3)
			return cli_usage_error(cmd, "too many arguments");
		pos[npos++] = argv[i];
	}
	if (npos == 0)
		return cli_usage_error(cmd, "'catalog' needs an action");
	int32_t at = today();
	mc_error err;
	if (at_s && mc_parse_date(at_s, &at, &err))
		return cli_usage_error(cmd, "%s", err.message);
	const char *a = pos[0];
	if (!strcmp(a, "check")) {
		if (npos > 2 || json || at_s)
			return cli_usage_error(cmd, "usage: catalog check [DIR] [--gaps]");
		return cat_check(npos == 2 ? pos[1] : NULL, gaps);
	}
	if (gaps)
		return cli_usage_error(cmd, "--gaps applies to 'catalog check' only");
	if (!strcmp(a, "list")) {
		if (npos != 1)
			return cli_usage_error(cmd, "'catalog list' takes no argument");
		return cat_list(at, json);
	}
	if (!strcmp(a, "show")) {
		if (npos != 2)
			return cli_usage_error(cmd, "'catalog show' needs a procedure code");
		return cat_show(cmd, pos[1], at, json);
	}
	if (!strcmp(a, "load")) {
		if (npos != 1 || json || at_s)
			return cli_usage_error(cmd, "'catalog load' takes no argument");
		return cat_load();
	}
	static const char *const names[] = { "check", "list", "show", "load", NULL };
	const char *s = cli_suggest(a, names);
	if (s)
		return cli_usage_error(cmd, "unknown action '%s' (did you mean '%s'?)", a, s);
	return cli_usage_error(cmd, "unknown action '%s'", a);
}

const cli_command cmd_catalog = {
	.name = "catalog",
	.summary = "the procedure catalogue: check, list, show, load into the database",
	.usage =
	"usage: motcua catalog check [DIR] [--gaps]\n"
	"       motcua catalog list [--at DATE] [--json]\n"
	"       motcua catalog show CODE [--at DATE] [--json]\n"
	"       motcua catalog load\n",
	.help =
	"actions:\n"
	"  check  validate procedures/ (or DIR): agency.yaml, catalog/ *.yaml, sets.yaml;\n"
	"         --gaps lists the facts the sources did not give (unknown codes, times,\n"
	"         fees, template steps, sets short of their declared size)\n"
	"  list   the procedures in force on DATE (default: today)\n"
	"  show   the version in force on DATE: times, the cut against the statutory\n"
	"         time (the province's target is 30%), steps\n"
	"  load   store every version in the database, idempotently; a changed version\n"
	"         that dossiers reference is refused with the dossier count\n",
	.run = run_catalog,
};
