/*
 * session.c - opening the catalogue, calendar and database together.
 */
#include "session.h"
#include "cli.h"
#include "config.h"
#include "dbopen.h"
#include "queries.h"
#include "store_catalog.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int cli_session_open(cli_session *s, int need_db)
{
	char dir[PATH_MAX];
	mc_error err;
	memset(s, 0, sizeof *s);
	mc_config_path(dir, sizeof dir, "procedures");
	int rc = mc_catalog_load(&s->cat, dir, &err);
	if (!rc)
		rc = mc_calendar_load(&s->cal, dir, &err);
	if (!rc && need_db)
		rc = mc_dbopen(&s->db, NULL, &err);
	if (rc) {
		cli_session_close(s);
		return cli_fail(&err);
	}
	if (s->db) {
		/* the session's agency, for row-level security (migration 0006) */
		if (mc_store_set_agency(s->db, s->cat->agency->id, &err)) {
			cli_session_close(s);
			return cli_fail(&err);
		}
	}
	s->ctx.db = s->db;
	s->ctx.cat = s->cat;
	s->ctx.cal = s->cal;
	if (s->db && need_db != CLI_SESSION_DB_AS_FILED && (rc = cli_session_sync(s)))
		return rc;
	return 0;
}

int cli_session_sync(cli_session *s)
{
	mc_error err;
	int changed = 0;
	if (mc_store_catalog_sync(s->db, s->cat, &changed, &err)) {
		/* a database not migrated yet has no versions to take */
		if (!strcmp(err.sqlstate, "42P01"))
			return 0;
		cli_session_close(s);
		return cli_fail(&err);
	}
	if (changed)
		fprintf(stderr, "motcua: warning: %d procedure version%s in procedures/ differ%s from the "
			"stored one%s; the stored rules are used (dossiers were received under them)\n",
			changed, changed == 1 ? "" : "s", changed == 1 ? "s" : "", changed == 1 ? "" : "s");
	return 0;
}

void cli_session_close(cli_session *s)
{
	mc_db_close(s->db);
	mc_calendar_free(s->cal);
	mc_catalog_free(s->cat);
	memset(s, 0, sizeof *s);
}

int cli_moment_arg(const char *s, mc_time *out, mc_error *err)
{
	if (!s) {
		*out = (mc_time)time(NULL);
		return 0;
	}
	return mc_parse_moment(s, out, err);
}

int cli_session_dossier(cli_session *s, const char *code, mc_dossier_info *info)
{
	mc_error err;
	int rc = cli_session_open(s, 1);
	if (rc)
		return rc;
	if (mc_store_dossier_get(&s->ctx, code, info, &err)) {
		cli_session_close(s);
		return cli_fail(&err);
	}
	return 0;
}
