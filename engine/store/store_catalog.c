/*
 * store_catalog.c - loading the catalogue into PostgreSQL (see
 * store_catalog.h). All statements are parameterised.
 */
#include "store_catalog.h"
#include "strbuf.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *unit_name(mc_time_unit u)
{
	return u == MC_UNIT_WORKING_DAYS ? "working_days" : u == MC_UNIT_MONTHS ? "months" : "days";
}

static mc_time_unit unit_parse(const char *s)
{
	return !strcmp(s, "days") ? MC_UNIT_DAYS : !strcmp(s, "months") ? MC_UNIT_MONTHS
		: MC_UNIT_WORKING_DAYS;
}

/* A PostgreSQL array literal of strings: {"a","b"}. */
static void text_array(mc_buf *b, const char *const *items, size_t n)
{
	mc_buf_add(b, "{");
	for (size_t i = 0; i < n; i++) {
		mc_buf_add(b, i ? ",\"" : "\"");
		for (const char *p = items[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				mc_buf_add(b, "\\");
			mc_buf_addn(b, p, 1);
		}
		mc_buf_add(b, "\"");
	}
	mc_buf_add(b, "}");
}

static int count_references(mc_db *db, const char *agency, const char *code,
			    const char *version, long *out, mc_error *err)
{
	PGresult *res = NULL;
	*out = 0;
	int rc = mc_db_exec(db, "SELECT to_regclass('motcua.dossier') IS NOT NULL AS present",
			    0, NULL, &res, err);
	if (rc)
		return rc;
	int present = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	if (!present)
		return MC_OK;
	/* no receipt may take this version between the count and its change
	 * or removal (receipts check that it exists without locking it) */
	if ((rc = mc_db_exec(db, "LOCK TABLE motcua.dossier IN SHARE MODE", 0, NULL, NULL, err)))
		return rc;
	const char *p[] = { agency, code, version };
	rc = mc_db_exec(db, "SELECT count(*) FROM motcua.dossier WHERE agency_id = $1 "
			"AND procedure_code = $2 AND procedure_version = $3::int",
			3, p, &res, err);
	if (rc)
		return rc;
	*out = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	return MC_OK;
}

/* The checksum covers every column but the key, computed in SQL from the
 * statement's own parameters so it cannot drift from what is stored. */
#define CHECKSUM_EXPR \
	"md5(concat_ws(chr(31), $4::text, coalesce($5::text, '-'), $6::text, " \
	"coalesce($7::text, '-'), coalesce($8::text, '-'), coalesce($9::text, '-'), " \
	"coalesce($10::text, '-'), coalesce($11::text, '-'), $12::text, " \
	"($13::text::jsonb)::text))"

static int store_version(mc_db *db, const char *agency, const mc_procedure *p,
			 const mc_version *v, mc_catalog_load_stats *st, mc_error *err)
{
	char *steps = NULL;
	char num[16], from[16], to[16] = "", sh[16], shu[16], sth[16], stu[16];
	PGresult *res = NULL;
	int rc = MC_OK;
	/* [{id, name, unit, halves}] (jsonb normalises it: the checksum does not
	 * depend on how it is written) */
	json_t *arr = json_array();
	int ok = arr != NULL;
	for (size_t i = 0; ok && i < v->nsteps; i++)
		ok = json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i}", "id", v->steps[i].id,
							  "name", v->steps[i].name, "unit", v->steps[i].unit,
							  "halves", (int)v->steps[i].halves)) == 0;
	steps = ok ? json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(arr);
	if (!steps) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto cleanup;
	}
	snprintf(num, sizeof num, "%d", v->number);
	mc_format_date(from, sizeof from, v->from);
	if (v->to != INT32_MAX)
		mc_format_date(to, sizeof to, v->to);
	snprintf(sth, sizeof sth, "%d", v->statutory.halves);
	snprintf(stu, sizeof stu, "%s", unit_name(v->statutory.unit));
	snprintf(sh, sizeof sh, "%d", v->shortened.halves);
	snprintf(shu, sizeof shu, "%s", unit_name(v->shortened.unit));
	const char *params[] = {
		agency, p->code, num, from, v->to != INT32_MAX ? to : NULL, v->legal_basis,
		v->statutory_known ? sth : NULL, v->statutory_known ? stu : NULL,
		v->has_shortened ? sh : NULL, v->has_shortened ? shu : NULL,
		v->shortened_decision,
		v->on_supplement == MC_SUPPLEMENT_RESTART ? "restart" : "pause",
		steps
	};
	if ((rc = mc_db_exec(db,
			     "SELECT (SELECT checksum FROM motcua.procedure_version WHERE agency_id = $1 "
			     "AND code = $2 AND version = $3::int) AS stored, " CHECKSUM_EXPR " AS now",
			     13, params, &res, err)))
		goto cleanup;
	const char *stored = mc_db_get(res, 0, "stored");
	int same = stored && !strcmp(stored, mc_db_get(res, 0, "now"));
	int exists = stored != NULL;
	PQclear(res);
	res = NULL;
	if (same) {
		st->versions_unchanged++;
		goto cleanup;
	}
	if (exists) {
		long refs;
		if ((rc = count_references(db, agency, p->code, num, &refs, err)))
			goto cleanup;
		if (refs > 0) {
			rc = mc_error_set(err, MC_ERR_REFUSED,
					  "procedure '%s' version %d changed, but %ld dossier%s received under it",
					  p->code, v->number, refs, refs == 1 ? " was" : "s were");
			mc_error_hint(err, "leave that version as it was and add a new version with a later effective_from (%s)",
				      p->file);
			goto cleanup;
		}
	}
	if ((rc = mc_db_exec(db,
		 "INSERT INTO motcua.procedure_version (agency_id, code, version, effective_from, "
		 "effective_to, legal_basis, statutory_halves, statutory_unit, shortened_halves, "
		 "shortened_unit, shortened_decision, on_supplement, steps, checksum) "
		 "VALUES ($1, $2, $3::int, $4::text::date, $5::text::date, $6, $7::text::int, $8, "
		 "$9::text::int, $10, $11, $12, $13::text::jsonb, " CHECKSUM_EXPR ") "
		 "ON CONFLICT (agency_id, code, version) DO UPDATE SET effective_from = EXCLUDED.effective_from, "
		 "effective_to = EXCLUDED.effective_to, legal_basis = EXCLUDED.legal_basis, "
		 "statutory_halves = EXCLUDED.statutory_halves, statutory_unit = EXCLUDED.statutory_unit, "
		 "shortened_halves = EXCLUDED.shortened_halves, shortened_unit = EXCLUDED.shortened_unit, "
		 "shortened_decision = EXCLUDED.shortened_decision, on_supplement = EXCLUDED.on_supplement, "
		 "steps = EXCLUDED.steps, checksum = EXCLUDED.checksum",
			     13, params, NULL, err)))
		goto cleanup;

	if (exists)
		st->versions_updated++;
	else
		st->versions_added++;
cleanup:
	PQclear(res);
	free(steps);
	return rc;
}

static int store_procedure(mc_db *db, const char *agency, const mc_procedure *p,
			   mc_catalog_load_stats *st, mc_error *err)
{
	const char *ch[3];
	size_t nch = 0;
	if (p->channels & MC_CHANNEL_IN_PERSON) ch[nch++] = "in_person";
	if (p->channels & MC_CHANNEL_POST) ch[nch++] = "post";
	if (p->channels & MC_CHANNEL_ONLINE) ch[nch++] = "online";
	mc_buf arr = { 0 };
	text_array(&arr, ch, nch);
	const char *params[] = {
		agency, p->code, p->code_known ? "t" : "f", p->name, p->field,
		p->service_center ? "t" : "f", mc_buf_str(&arr), p->online_level, p->fee, p->source
	};
	int rc = mc_db_exec(db,
			    "INSERT INTO motcua.procedure (agency_id, code, code_known, name, field, "
			    "service_center, channels, online_level, fee, source) "
			    "VALUES ($1, $2, $3::boolean, $4, $5, $6::boolean, $7::text[], $8, $9, $10) "
			    "ON CONFLICT (agency_id, code) DO UPDATE SET code_known = EXCLUDED.code_known, "
			    "name = EXCLUDED.name, field = EXCLUDED.field, service_center = EXCLUDED.service_center, "
			    "channels = EXCLUDED.channels, online_level = EXCLUDED.online_level, "
			    "fee = EXCLUDED.fee, source = EXCLUDED.source "
			    "WHERE (procedure.code_known, procedure.name, procedure.field, procedure.service_center, "
			    "procedure.channels, procedure.online_level, procedure.fee, procedure.source) "
			    "IS DISTINCT FROM (EXCLUDED.code_known, EXCLUDED.name, EXCLUDED.field, "
			    "EXCLUDED.service_center, EXCLUDED.channels, EXCLUDED.online_level, EXCLUDED.fee, "
			    "EXCLUDED.source)",
			    10, params, NULL, err);
	mc_buf_free(&arr);
	if (rc)
		return rc;
	for (size_t i = 0; i < p->nversions; i++)
		if ((rc = store_version(db, agency, p, &p->versions[i], st, err)))
			return rc;
	/* versions dropped from the file */
	char n[16];
	snprintf(n, sizeof n, "%zu", p->nversions);
	const char *q[] = { agency, p->code, n };
	PGresult *res = NULL;
	if ((rc = mc_db_exec(db, "SELECT version FROM motcua.procedure_version WHERE agency_id = $1 "
			     "AND code = $2 AND version > $3::int", 3, q, &res, err)))
		return rc;
	for (int r = 0; r < PQntuples(res) && !rc; r++) {
		long refs;
		const char *ver = PQgetvalue(res, r, 0);
		if ((rc = count_references(db, agency, p->code, ver, &refs, err)))
			break;
		if (refs > 0) {
			rc = mc_error_set(err, MC_ERR_REFUSED,
					  "procedure '%s' version %s was removed, but %ld dossier%s received under it",
					  p->code, ver, refs, refs == 1 ? " was" : "s were");
			break;
		}
		const char *d[] = { agency, p->code, ver };
		rc = mc_db_exec(db, "DELETE FROM motcua.procedure_version WHERE agency_id = $1 "
				"AND code = $2 AND version = $3::int", 3, d, NULL, err);
		st->versions_removed++;
	}
	PQclear(res);
	return rc;
}

static int store_sets(mc_db *db, const char *agency, const mc_catalog *cat, mc_error *err)
{
	int rc = MC_OK;
	for (size_t i = 0; i < cat->nsets && !rc; i++) {
		const mc_catalog_set *s = &cat->sets[i];
		char asof[16], tot[16], ctr[16], onl[16], base[16];
		mc_format_date(asof, sizeof asof, s->as_of);
		snprintf(tot, sizeof tot, "%ld", s->declared_total);
		snprintf(ctr, sizeof ctr, "%ld", s->declared_center);
		snprintf(onl, sizeof onl, "%ld", s->declared_online);
		snprintf(base, sizeof base, "%ld", s->declared_online_base);
		const char *p[] = { agency, s->id, asof, tot, s->declared_center >= 0 ? ctr : NULL,
				    s->declared_online >= 0 ? onl : NULL,
				    s->declared_online_base >= 0 ? base : NULL, s->source };
		rc = mc_db_exec(db, "INSERT INTO motcua.catalog_set (agency_id, set_id, as_of, declared_total, "
				"declared_service_center, declared_online, declared_online_base, source) "
				"VALUES ($1, $2, $3::date, $4::int, $5::int, $6::int, $7::int, $8) "
				"ON CONFLICT (agency_id, set_id) DO UPDATE SET as_of = EXCLUDED.as_of, "
				"declared_total = EXCLUDED.declared_total, "
				"declared_service_center = EXCLUDED.declared_service_center, "
				"declared_online = EXCLUDED.declared_online, "
				"declared_online_base = EXCLUDED.declared_online_base, source = EXCLUDED.source",
				8, p, NULL, err);
		mc_buf arr = { 0 };
		text_array(&arr, (const char *const *)s->members, s->nmembers);
		const char *m[] = { agency, s->id, mc_buf_str(&arr) };
		if (!rc)
			rc = mc_db_exec(db, "DELETE FROM motcua.catalog_set_member WHERE agency_id = $1 "
					"AND set_id = $2 AND code <> ALL ($3::text[])", 3, m, NULL, err);
		if (!rc)
			rc = mc_db_exec(db, "INSERT INTO motcua.catalog_set_member (agency_id, set_id, code) "
					"SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING",
					3, m, NULL, err);
		mc_buf_free(&arr);
	}
	return rc;
}

int mc_store_catalog_load(mc_db *db, const mc_catalog *cat,
			  mc_catalog_load_stats *stats, mc_error *err)
{
	mc_catalog_load_stats st = { 0 };
	const char *agency = cat->agency->id;
	int rc = mc_db_begin(db, err);
	if (rc)
		return rc;
	const char *a[] = { agency, cat->agency->code, cat->agency->name };
	rc = mc_db_exec(db, "INSERT INTO motcua.agency (agency_id, code, name) VALUES ($1, $2, $3) "
			"ON CONFLICT (agency_id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name "
			"WHERE (agency.code, agency.name) IS DISTINCT FROM (EXCLUDED.code, EXCLUDED.name)",
			3, a, NULL, err);
	for (size_t i = 0; i < cat->nprocs && !rc; i++)
		rc = store_procedure(db, agency, &cat->procs[i], &st, err);
	if (!rc)
		rc = store_sets(db, agency, cat, err);
	if (!rc)
		rc = mc_db_commit(db, err);
	if (rc) {
		mc_db_rollback(db);
		return rc;
	}
	st.procedures = (int)cat->nprocs;
	*stats = st;
	return MC_OK;
}

/* Whether version `v` says what the stored row `r` of `res` says, in the
 * rules a dossier is replayed by (time, supplements, steps). */
static int rules_equal(const mc_version *v, const PGresult *res, int r, int first_step,
		       int nsteps)
{
	const char *sth = mc_db_get(res, r, "statutory_halves");
	const char *sh = mc_db_get(res, r, "shortened_halves");
	if (v->statutory_known != (sth != NULL) || v->has_shortened != (sh != NULL))
		return 0;
	if (sth && (atoi(sth) != v->statutory.halves ||
		    strcmp(mc_db_get(res, r, "statutory_unit"), unit_name(v->statutory.unit))))
		return 0;
	if (sh && (atoi(sh) != v->shortened.halves ||
		   strcmp(mc_db_get(res, r, "shortened_unit"), unit_name(v->shortened.unit))))
		return 0;
	if (strcmp(mc_db_get(res, r, "on_supplement"),
		   v->on_supplement == MC_SUPPLEMENT_RESTART ? "restart" : "pause"))
		return 0;
	if ((size_t)nsteps != v->nsteps)
		return 0;
	for (int k = 0; k < nsteps; k++) {
		int row = first_step + k;
		if (strcmp(mc_db_get(res, row, "step_id"), v->steps[k].id) ||
		    strcmp(mc_db_get(res, row, "step_name"), v->steps[k].name) ||
		    strcmp(mc_db_get(res, row, "step_unit"), v->steps[k].unit) ||
		    atoi(mc_db_get(res, row, "step_halves")) != v->steps[k].halves)
			return 0;
	}
	return 1;
}

/* Put the stored rules into `v` (the strings are the catalogue's to free). */
static int take_rules(mc_version *v, const PGresult *res, int r, int first_step, int nsteps,
		      mc_error *err)
{
	mc_step *steps = calloc(nsteps ? (size_t)nsteps : 1, sizeof *steps);
	if (!steps)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	for (int k = 0; k < nsteps; k++) {
		int row = first_step + k;
		steps[k].id = strdup(mc_db_get(res, row, "step_id"));
		steps[k].name = strdup(mc_db_get(res, row, "step_name"));
		steps[k].unit = strdup(mc_db_get(res, row, "step_unit"));
		steps[k].halves = atoi(mc_db_get(res, row, "step_halves"));
		if (!steps[k].id || !steps[k].name || !steps[k].unit) {
			for (int j = 0; j <= k; j++) {
				free(steps[j].id); free(steps[j].name); free(steps[j].unit);
			}
			free(steps);
			return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		}
	}
	if (nsteps == 0) {           /* the manual step (catalog.h), at the same unit */
		const char *unit = v->steps && v->steps[0].unit ? v->steps[0].unit : "mot_cua";
		if (!(steps[0].id = strdup(MC_MANUAL_STEP_ID)) ||
		    !(steps[0].name = strdup(MC_MANUAL_STEP_NAME)) || !(steps[0].unit = strdup(unit))) {
			free(steps[0].id); free(steps[0].name); free(steps[0].unit);
			free(steps);
			return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		}
	}
	for (size_t k = 0; k < (v->nsteps ? v->nsteps : 1) && v->steps; k++) {
		free(v->steps[k].id); free(v->steps[k].name); free(v->steps[k].unit);
	}
	free(v->steps);
	v->steps = steps;
	v->nsteps = (size_t)nsteps;
	const char *sth = mc_db_get(res, r, "statutory_halves");
	const char *sh = mc_db_get(res, r, "shortened_halves");
	v->statutory_known = sth != NULL;
	if (sth) {
		v->statutory.halves = atoi(sth);
		v->statutory.unit = unit_parse(mc_db_get(res, r, "statutory_unit"));
	}
	v->has_shortened = sh != NULL;
	if (sh) {
		v->shortened.halves = atoi(sh);
		v->shortened.unit = unit_parse(mc_db_get(res, r, "shortened_unit"));
	}
	v->on_supplement = strcmp(mc_db_get(res, r, "on_supplement"), "restart")
		? MC_SUPPLEMENT_PAUSE : MC_SUPPLEMENT_RESTART;
	return MC_OK;
}

int mc_store_catalog_sync(mc_db *db, mc_catalog *cat, int *changed, mc_error *err)
{
	PGresult *res = NULL;
	*changed = 0;
	const char *p[] = { cat->agency->id };
	/* one row per step, in version order (a stored version no dossier uses
	 * is the truth too, until the next catalog load replaces it) */
	int rc = mc_db_exec(db,
		"SELECT v.code, v.version, v.statutory_halves, v.statutory_unit, v.shortened_halves, "
		"v.shortened_unit, v.on_supplement, s.step->>'id' AS step_id, s.step->>'name' AS step_name, "
		"s.step->>'unit' AS step_unit, s.step->>'halves' AS step_halves "
		"FROM motcua.procedure_version v "
		"CROSS JOIN LATERAL jsonb_array_elements(v.steps) WITH ORDINALITY AS s(step, ord) "
		"WHERE v.agency_id = $1 ORDER BY v.code, v.version, s.ord", 1, p, &res, err);
	if (rc)
		return rc;
	int n = PQntuples(res);
	for (int r = 0; r < n && !rc;) {
		const char *code = mc_db_get(res, r, "code");
		int number = atoi(mc_db_get(res, r, "version"));
		int k = r;
		while (k < n && !strcmp(mc_db_get(res, k, "code"), code) &&
		       atoi(mc_db_get(res, k, "version")) == number)
			k++;
		mc_procedure *pr = (mc_procedure *)mc_catalog_find(cat, code);
		if (pr && number >= 1 && (size_t)number <= pr->nversions &&
		    !rules_equal(&pr->versions[number - 1], res, r, r, k - r)) {
			rc = take_rules(&pr->versions[number - 1], res, r, r, k - r, err);
			++*changed;
		}
		r = k;
	}
	PQclear(res);
	return rc;
}
