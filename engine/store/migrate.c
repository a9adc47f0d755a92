/*
 * migrate.c - the migration runner (see migrate.h).
 */
#include "migrate.h"
#include "sqlsplit.h"
#include "fileutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pg_advisory_lock key: "motcua" in ASCII. */
#define MIGRATE_LOCK_KEY "120325461472609"

static int is_migration_name(const char *n)
{
	size_t len = strlen(n);
	if (len < 10 || strcmp(n + len - 4, ".sql") != 0)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)n[i]))
			return 0;
	if (n[4] != '_')
		return 0;
	for (size_t i = 5; i < len - 4; i++)
		if (!islower((unsigned char)n[i]) && !isdigit((unsigned char)n[i]) &&
		    n[i] != '_')
			return 0;
	return 1;
}

void mc_migration_list_free(mc_migration_list *list)
{
	if (!list)
		return;
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

static int read_dir(const char *dir, mc_migration_list *out, mc_error *err)
{
	char **files = NULL;
	size_t n = 0;
	int rc = mc_dir_list(dir, ".sql", &files, &n, err);
	if (rc)
		return rc;
	mc_migration_list l = { calloc(n ? n : 1, sizeof *l.items), 0 };
	if (!l.items)
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		const char *base = strrchr(files[i], '/') + 1;
		if (!is_migration_name(base)) {
			rc = mc_error_set(err, MC_ERR_INPUT,
					  "%s: a migration file must be named NNNN_name.sql (lowercase)",
					  files[i]);
			break;
		}
		mc_migration *m = &l.items[l.count++];
		m->version = atoi(base);
		snprintf(m->name, sizeof m->name, "%s", base);
		snprintf(m->path, sizeof m->path, "%s", files[i]);
		/* files come sorted by name, so equal numbers are neighbours */
		if (l.count > 1 && m->version == m[-1].version)
			rc = mc_error_set(err, MC_ERR_INPUT, "migrations '%s' and '%s' have the same number",
					  m[-1].path, m->path);
	}
	mc_dir_list_free(files, n);
	if (rc) {
		free(l.items);
		return rc;
	}
	*out = l;
	return MC_OK;
}

static int checksum(mc_db *db, const char *text, char out[65], mc_error *err)
{
	PGresult *res = NULL;
	const char *p[] = { text };
	int rc = mc_db_exec(db, "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS sum",
			    1, p, &res, err);
	if (rc)
		return rc;
	snprintf(out, 65, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return MC_OK;
}

/* Match the directory against the record: fill applied/applied_at, verify
 * checksums. Returns MC_ERR_INPUT on tampering. */
static int reconcile(mc_db *db, mc_migration_list *l, mc_error *err)
{
	PGresult *res = NULL;
	char *text = NULL;
	int rc = mc_db_exec(db, "SELECT to_regclass('motcua.schema_migration') IS NOT NULL AS present",
			    0, NULL, &res, err);
	if (rc)
		return rc;
	int present = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	res = NULL;
	for (size_t i = 0; i < l->count; i++) {
		size_t len;
		if ((rc = mc_file_read(l->items[i].path, &text, &len, err)))
			goto cleanup;
		if ((rc = checksum(db, text, l->items[i].checksum, err)))
			goto cleanup;
		free(text);
		text = NULL;
	}
	if (!present)
		return MC_OK;
	rc = mc_db_exec(db, "SELECT version, name, checksum, "
			"to_char(applied_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS') AS at "
			"FROM motcua.schema_migration ORDER BY version",
			0, NULL, &res, err);
	if (rc)
		goto cleanup;
	for (int r = 0; r < PQntuples(res); r++) {
		int v = atoi(mc_db_get(res, r, "version"));
		const char *sum = mc_db_get(res, r, "checksum");
		mc_migration *m = NULL;
		for (size_t i = 0; i < l->count; i++)
			if (l->items[i].version == v)
				m = &l->items[i];
		if (!m) {
			rc = mc_error_set(err, MC_ERR_INPUT,
					  "applied migration %04d ('%s') has no file in the migrations directory",
					  v, mc_db_get(res, r, "name"));
			goto cleanup;
		}
		if (strcmp(sum, m->checksum) != 0) {
			rc = mc_error_set(err, MC_ERR_INPUT,
					  "migration '%s' was changed after it was applied", m->path);
			mc_error_detail(err, "recorded sha256 %s, file now %s", sum, m->checksum);
			mc_error_hint(err, "restore the file and put the change in a new migration");
			goto cleanup;
		}
		m->applied = 1;
		snprintf(m->applied_at, sizeof m->applied_at, "%s", mc_db_get(res, r, "at"));
	}
cleanup:
	free(text);
	PQclear(res);
	return rc;
}

int mc_migrate_files(const char *dir, mc_migration_list *out, mc_error *err)
{
	return read_dir(dir, out, err);
}

int mc_migrate_status(mc_db *db, const char *dir, mc_migration_list *out,
		      mc_error *err)
{
	mc_migration_list l = { 0 };
	int rc = read_dir(dir, &l, err);
	if (rc)
		return rc;
	if ((rc = reconcile(db, &l, err))) {
		mc_migration_list_free(&l);
		return rc;
	}
	*out = l;
	return MC_OK;
}

static int apply_one(mc_db *db, mc_migration *m, mc_error *err)
{
	char *text = NULL;
	size_t len;
	int rc = mc_file_read(m->path, &text, &len, err);
	if (rc)
		return rc;
	if ((rc = mc_db_begin(db, err)))
		goto cleanup;
	size_t pos = 0, start, n;
	int line, got;
	while ((got = mc_sql_next(text, len, &pos, &start, &n, &line)) == 1) {
		char saved = text[start + n];
		text[start + n] = '\0';
		rc = mc_db_exec(db, text + start, 0, NULL, NULL, err);
		text[start + n] = saved;
		if (rc) {
			if (err) {
				/* keep the database's message, put the place first */
				snprintf(err->file, sizeof err->file, "%s", m->path);
				err->line = line;
				err->column = 1;
				mc_error_prefix(err, MC_OK, "migration failed, nothing applied: ");
			}
			goto cleanup;
		}
	}
	if (got < 0) {
		rc = mc_error_at(err, MC_ERR_INPUT, m->path, line, 1,
				 "unterminated quote or comment");
		goto cleanup;
	}
	char version[16];
	snprintf(version, sizeof version, "%d", m->version);
	const char *p[] = { version, m->name, m->checksum };
	rc = mc_db_exec(db, "INSERT INTO motcua.schema_migration (version, name, checksum) "
			"VALUES ($1, $2, $3)", 3, p, NULL, err);
	if (rc)
		goto cleanup;
	rc = mc_db_commit(db, err);
	if (!rc)
		m->applied = 1;
cleanup:
	if (rc)
		mc_db_rollback(db);
	free(text);
	return rc;
}

int mc_migrate_apply(mc_db *db, const char *dir, int *applied,
		     void (*report)(const mc_migration *m, void *arg), void *arg,
		     mc_error *err)
{
	mc_migration_list l = { 0 };
	const char *key[] = { MIGRATE_LOCK_KEY };
	int locked = 0;
	*applied = 0;
	int rc = mc_db_exec(db, "SELECT pg_advisory_lock($1::bigint)", 1, key, NULL, err);
	if (rc)
		return rc;
	locked = 1;
	rc = mc_db_exec(db, "CREATE SCHEMA IF NOT EXISTS motcua", 0, NULL, NULL, err);
	if (!rc)
		rc = mc_db_exec(db,
				"CREATE TABLE IF NOT EXISTS motcua.schema_migration ("
				" version integer PRIMARY KEY,"
				" name text NOT NULL,"
				" checksum text NOT NULL,"
				" applied_at timestamptz NOT NULL DEFAULT now())",
				0, NULL, NULL, err);
	if (rc)
		goto cleanup;
	if ((rc = mc_migrate_status(db, dir, &l, err)))
		goto cleanup;
	for (size_t i = 0; i < l.count; i++) {
		if (l.items[i].applied)
			continue;
		if ((rc = apply_one(db, &l.items[i], err)))
			goto cleanup;
		(*applied)++;
		if (report)
			report(&l.items[i], arg);
	}
cleanup:
	if (locked && PQstatus(mc_db_conn(db)) == CONNECTION_OK)
		mc_db_exec(db, "SELECT pg_advisory_unlock($1::bigint)", 1, key, NULL, NULL);
	mc_migration_list_free(&l);
	return rc;
}
