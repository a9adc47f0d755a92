/*
 * catalog.c - loading and validating the procedure catalogue (see catalog.h).
 */
#include "catalog.h"
#include "fileutil.h"
#include "yamldoc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const channel_names[MC_CH__COUNT] = { "in_person", "post", "online" };
/* as the receipt slip says it (Mẫu 01, "Hình thức nộp hồ sơ") */
static const char *const channel_vn_names[MC_CH__COUNT] = {
	"Trực tiếp tại Bộ phận Một cửa", "Qua dịch vụ bưu chính công ích",
	"Trực tuyến (Cổng dịch vụ công)"
};

const char *mc_channel_name(mc_channel c)
{
	return (unsigned)c < MC_CH__COUNT ? channel_names[c] : "";
}

const char *mc_channel_vn(mc_channel c)
{
	return (unsigned)c < MC_CH__COUNT ? channel_vn_names[c] : "";
}

int mc_channel_parse(const char *s, mc_channel *out)
{
	for (int i = 0; s && i < MC_CH__COUNT; i++)
		if (!strcmp(s, channel_names[i])) {
			*out = (mc_channel)i;
			return 0;
		}
	return -1;
}

void mc_procedure_clear(mc_procedure *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nversions; i++) {
		mc_version *v = &p->versions[i];
		free(v->legal_basis); free(v->time_text); free(v->steps_source);
		free(v->shortened_decision);
		for (size_t k = 0; k < v->nsteps; k++) {
			free(v->steps[k].id); free(v->steps[k].name); free(v->steps[k].unit);
		}
		if (v->nsteps == 0 && v->steps) {        /* the manual step, if any */
			free(v->steps[0].id); free(v->steps[0].name); free(v->steps[0].unit);
		}
		free(v->steps);
		for (size_t k = 0; k < v->ndocuments; k++) {
			free(v->documents[k].name); free(v->documents[k].form);
			free(v->documents[k].condition);
		}
		free(v->documents); free(v->documents_source);
	}
	free(p->versions);
	free(p->code); free(p->name); free(p->field); free(p->fee); free(p->source);
	free(p->era); free(p->online_level); free(p->online_text); free(p->file);
	memset(p, 0, sizeof *p);
}

void mc_catalog_free(mc_catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->nprocs; i++)
		mc_procedure_clear(&cat->procs[i]);
	free(cat->procs);
	for (size_t i = 0; i < cat->nsets; i++) {
		mc_catalog_set *s = &cat->sets[i];
		free(s->id); free(s->source); free(s->members_source);
		for (size_t k = 0; k < s->nmembers; k++)
			free(s->members[k]);
		free(s->members);
	}
	free(cat->sets);
	mc_agency_free(cat->agency);
	free(cat);
}

/* {amount: N, unit: working_days|days[, decision: ..]} or "unknown". */
static int get_time(const mc_ydoc *doc, const mc_ynode *node, const char *field,
		    int allow_unknown, int with_decision, int *known, mc_duration *out,
		    char **decision, mc_error *err)
{
	static const char *const keys[] = { "amount", "unit", NULL };
	static const char *const keys_dec[] = { "amount", "unit", "decision", NULL };
	static const char *const units[] = { "working_days", "days", "months", NULL };
	if (node->kind == MC_Y_SCALAR && !node->quoted && !strcmp(node->value, "unknown")) {
		if (!allow_unknown)
			return mc_y_error(doc, node, field, err, "the time must be known here");
		*known = 0;
		return MC_OK;
	}
	const mc_ynode *a, *u;
	int rc, k;
	char f[160];
	if ((rc = mc_y_map(doc, node, field, with_decision ? keys_dec : keys, err)) ||
	    (rc = mc_y_need(doc, node, field, "amount", &a, err)) ||
	    (rc = mc_y_need(doc, node, field, "unit", &u, err)))
		return rc;
	snprintf(f, sizeof f, "%s.amount", field);
	if ((rc = mc_y_halves(doc, a, f, &out->halves, err)))
		return rc;
	snprintf(f, sizeof f, "%s.unit", field);
	if ((rc = mc_y_enum(doc, u, f, units, &k, err)))
		return rc;
	out->unit = k == 0 ? MC_UNIT_WORKING_DAYS : k == 1 ? MC_UNIT_DAYS : MC_UNIT_MONTHS;
	if (out->unit == MC_UNIT_DAYS && out->halves % 2)
		return mc_y_error(doc, a, f, err, "calendar days cannot be halved");
	if (out->unit == MC_UNIT_MONTHS && out->halves % 2)
		return mc_y_error(doc, a, f, err, "months cannot be halved");
	if (out->halves <= 0)
		return mc_y_error(doc, a, field, err, "a processing time must be more than 0");
	if (with_decision && (rc = mc_y_strdup(doc, node, field, "decision", 1, decision, err)))
		return rc;
	*known = 1;
	return MC_OK;
}

static int load_steps(const mc_ydoc *doc, const mc_ynode *seq, const char *field,
		      mc_version *v, const mc_agency *agency, mc_error *err)
{
	static const char *const keys[] = { "id", "name", "unit", "days", NULL };
	int rc = mc_y_seq(doc, seq, field, err);
	if (rc)
		return rc;
	v->steps = calloc(seq->n ? seq->n : 1, sizeof *v->steps);
	if (!v->steps)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < seq->n; i++) {
		char f[160];
		snprintf(f, sizeof f, "%s[%zu]", field, i);
		const mc_ynode *s = seq->items[i], *days;
		mc_step *st = &v->steps[i];
		v->nsteps++;
		if ((rc = mc_y_map(doc, s, f, keys, err)) ||
		    (rc = mc_y_strdup(doc, s, f, "id", 1, &st->id, err)) ||
		    (rc = mc_y_strdup(doc, s, f, "name", 1, &st->name, err)) ||
		    (rc = mc_y_strdup(doc, s, f, "unit", 1, &st->unit, err)) ||
		    (rc = mc_y_need(doc, s, f, "days", &days, err)))
			return rc;
		char fd[180];
		snprintf(fd, sizeof fd, "%s.days", f);
		if ((rc = mc_y_halves(doc, days, fd, &st->halves, err)))
			return rc;
		if (st->halves == 0)
			return mc_y_error(doc, days, fd, err, "a step's share must be more than 0");
		if (agency && !mc_agency_unit(agency, st->unit))
			return mc_y_error(doc, mc_y_get(s, "unit"), f, err,
					  "unknown unit '%s' (units are declared in agency.yaml)", st->unit);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(v->steps[k].id, st->id))
				return mc_y_error(doc, mc_y_get(s, "id"), f, err,
						  "duplicate step id '%s'", st->id);
	}
	return MC_OK;
}

/* documents: unknown, or [{name, form, required[, condition]}, ..] */
static int load_documents(const mc_ydoc *doc, const mc_ynode *version, const char *path,
			  mc_version *v, mc_error *err)
{
	static const char *const keys[] = { "name", "form", "required", "condition", NULL };
	const mc_ynode *seq = mc_y_get(version, "documents"), *n;
	char field[160];
	int rc;
	snprintf(field, sizeof field, "%s.documents", path);
	if ((n = mc_y_get(version, "sets"))) {
		long sets;
		char f[160];
		snprintf(f, sizeof f, "%s.sets", path);
		if ((rc = mc_y_int(doc, n, f, 1, 20, &sets, err)))
			return rc;
		v->sets = (int)sets;
	}
	if (!seq || (seq->kind == MC_Y_SCALAR && !seq->quoted && !strcmp(seq->value, "unknown"))) {
		if ((n = mc_y_get(version, "documents_source")))
			return mc_y_error(doc, n, field, err,
					  "documents_source names the source of a list, but the list is unknown");
		return MC_OK;
	}
	if (seq->kind != MC_Y_SEQ)
		return mc_y_error(doc, seq, field, err,
				  "expected a list of documents, or unknown");
	if (seq->n == 0)
		return mc_y_error(doc, seq, field, err,
				  "an empty list of documents (write unknown when the sources do not give it)");
	if (!mc_y_get(version, "documents_source"))
		return mc_y_error(doc, seq, field, err,
				  "a list of documents needs its documents_source");
	if ((rc = mc_y_strdup(doc, version, path, "documents_source", 1, &v->documents_source, err)))
		return rc;
	v->documents = calloc(seq->n, sizeof *v->documents);
	if (!v->documents)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < seq->n; i++) {
		char f[180], fr[200];
		snprintf(f, sizeof f, "%s[%zu]", field, i);
		snprintf(fr, sizeof fr, "%s.required", f);
		const mc_ynode *d = seq->items[i], *req;
		mc_required_doc *dc = &v->documents[i];
		v->ndocuments++;
		if ((rc = mc_y_map(doc, d, f, keys, err)) ||
		    (rc = mc_y_strdup(doc, d, f, "name", 1, &dc->name, err)) ||
		    (rc = mc_y_need(doc, d, f, "form", &n, err)) ||
		    /* form: unknown when the source names the document but not
		     * whether an original or a copy */
		    (!(n->kind == MC_Y_SCALAR && !n->quoted && !strcmp(n->value, "unknown")) &&
		     (rc = mc_y_strdup(doc, d, f, "form", 1, &dc->form, err))) ||
		    (rc = mc_y_strdup(doc, d, f, "condition", 0, &dc->condition, err)) ||
		    (rc = mc_y_need(doc, d, f, "required", &req, err)) ||
		    (rc = mc_y_bool(doc, req, fr, &dc->required, err)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(v->documents[k].name, dc->name))
				return mc_y_error(doc, mc_y_get(d, "name"), f, err,
						  "document '%s' is listed twice", dc->name);
	}
	v->documents_known = 1;
	return MC_OK;
}

static int load_version(const mc_ydoc *doc, const mc_ynode *node, const char *field,
			mc_version *v, const mc_agency *agency, mc_error *err)
{
	static const char *const keys[] = {
		"effective_from", "effective_to", "legal_basis", "statutory", "time_text",
		"shortened", "on_supplement", "steps_source", "steps", "sets", "documents",
		"documents_source", NULL
	};
	static const char *const policies[] = { "pause", "restart", NULL };
	const mc_ynode *from, *stat, *steps, *n;
	int rc, k;
	char f[160];
	v->line = node->line;
	v->to = INT32_MAX;
	if ((rc = mc_y_map(doc, node, field, keys, err)) ||
	    (rc = mc_y_need(doc, node, field, "effective_from", &from, err)))
		return rc;
	snprintf(f, sizeof f, "%s.effective_from", field);
	if ((rc = mc_y_date(doc, from, f, &v->from, err)))
		return rc;
	if ((n = mc_y_get(node, "effective_to"))) {
		snprintf(f, sizeof f, "%s.effective_to", field);
		if ((rc = mc_y_date(doc, n, f, &v->to, err)))
			return rc;
		if (v->to < v->from)
			return mc_y_error(doc, n, f, err, "effective_to is before effective_from");
	}
	if ((rc = mc_y_strdup(doc, node, field, "legal_basis", 1, &v->legal_basis, err)) ||
	    (rc = mc_y_strdup(doc, node, field, "time_text", 0, &v->time_text, err)) ||
	    (rc = mc_y_need(doc, node, field, "statutory", &stat, err)))
		return rc;
	snprintf(f, sizeof f, "%s.statutory", field);
	if ((rc = get_time(doc, stat, f, 1, 0, &v->statutory_known, &v->statutory, NULL, err)))
		return rc;
	if ((n = mc_y_get(node, "shortened"))) {
		snprintf(f, sizeof f, "%s.shortened", field);
		if ((rc = get_time(doc, n, f, 0, 1, &v->has_shortened, &v->shortened,
				   &v->shortened_decision, err)))
			return rc;
		if (!v->statutory_known)
			return mc_y_error(doc, n, f, err, "a shortened time needs a known statutory time");
		if (v->shortened.unit != v->statutory.unit)
			return mc_y_error(doc, n, f, err, "the shortened time must use the statutory time's unit");
		if (v->shortened.halves > v->statutory.halves)
			return mc_y_error(doc, n, f, err,
					  "the shortened time is longer than the statutory time");
	}
	v->on_supplement = MC_SUPPLEMENT_PAUSE;
	if ((n = mc_y_get(node, "on_supplement"))) {
		snprintf(f, sizeof f, "%s.on_supplement", field);
		if ((rc = mc_y_enum(doc, n, f, policies, &k, err)))
			return rc;
		v->on_supplement = k ? MC_SUPPLEMENT_RESTART : MC_SUPPLEMENT_PAUSE;
	}
	if ((rc = mc_y_strdup(doc, node, field, "steps_source", 1, &v->steps_source, err)) ||
	    (rc = mc_y_need(doc, node, field, "steps", &steps, err)))
		return rc;
	snprintf(f, sizeof f, "%s.steps", field);
	if ((rc = load_steps(doc, steps, f, v, agency, err)) ||
	    (rc = load_documents(doc, node, field, v, err)))
		return rc;
	if (v->statutory_known && mc_version_time(v).unit == MC_UNIT_MONTHS) {
		/* a month is no fixed number of days: see mc_step_share */
		int32_t sum = 0, most = MC_MONTH_STEP_HALVES * (mc_version_time(v).halves / 2);
		for (size_t i = 0; i < v->nsteps; i++)
			sum += v->steps[i].halves;
		if (v->nsteps == 0)
			return mc_y_error(doc, steps, f, err,
					  "a version with a known time needs its internal steps");
		if (sum > most)
			return mc_y_error(doc, steps, f, err,
					  "the steps' shares add up to %d%s working days, more than the %d a period of %d month%s may share",
					  sum / 2, sum % 2 ? ".5" : "", most / 2,
					  mc_version_time(v).halves / 2,
					  mc_version_time(v).halves == 2 ? "" : "s");
	} else if (v->statutory_known) {
		mc_duration t = mc_version_time(v);
		int32_t sum = 0;
		for (size_t i = 0; i < v->nsteps; i++) {
			sum += v->steps[i].halves;
			if (t.unit == MC_UNIT_DAYS && v->steps[i].halves % 2)
				return mc_y_error(doc, steps->items[i], f, err,
						  "a procedure counted in calendar days has whole-day steps");
		}
		if (v->nsteps == 0)
			return mc_y_error(doc, steps, f, err,
					  "a version with a known time needs its internal steps");
		if (sum != t.halves) {
			char a[32], b[32];
			mc_duration ds = { t.unit, sum };
			mc_duration_format(a, sizeof a, ds);
			mc_duration_format(b, sizeof b, t);
			return mc_y_error(doc, steps, f, err,
					  "the steps' shares add up to %s, not the %s in force", a, b);
		}
	} else if (v->nsteps) {
		return mc_y_error(doc, steps, f, err, "steps need a known processing time");
	} else {
		/* the one step of a dossier received with an appointment set by
		 * hand (mc_dossier_receive_manual): at the desk that took it */
		const char *unit = agency && agency->nunits ? agency->units[0].id : "mot_cua";
		if (!(v->steps[0].id = strdup(MC_MANUAL_STEP_ID)) ||
		    !(v->steps[0].name = strdup(MC_MANUAL_STEP_NAME)) ||
		    !(v->steps[0].unit = strdup(unit)))
			return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	return MC_OK;
}

static int procedure_from_doc(mc_procedure *p, mc_ydoc *doc, const char *path,
			      const mc_agency *agency, mc_error *err);

int mc_procedure_load(mc_procedure *p, const char *path, const mc_agency *agency,
		      mc_error *err)
{
	mc_ydoc *doc = NULL;
	int rc = mc_ydoc_load(&doc, path, err);
	if (rc)
		return rc;
	return procedure_from_doc(p, doc, path, agency, err);
}

int mc_procedure_parse(mc_procedure *p, const char *name, const char *text, size_t len,
		       const mc_agency *agency, mc_error *err)
{
	mc_ydoc *doc = NULL;
	int rc = mc_ydoc_parse(&doc, name, text, len, err);
	if (rc)
		return rc;
	return procedure_from_doc(p, doc, name, agency, err);
}

/* Takes ownership of doc. */
static int procedure_from_doc(mc_procedure *p, mc_ydoc *doc, const char *path,
			      const mc_agency *agency, mc_error *err)
{
	static const char *const keys[] = {
		"code", "local_id", "name", "field", "service_center", "channels",
		"online_level", "online_text", "fee", "source", "era", "versions", NULL
	};
	static const char *const channels[] = { "in_person", "post", "online", NULL };
	_Static_assert(MC_CH__COUNT == 3, "the channels' YAML names follow mc_channel");
	static const char *const levels[] = { "2", "3", "4", "full", "partial", "unknown", NULL };
	const mc_ynode *code, *sc, *ch, *ol, *vs;
	int rc = MC_OK;
	memset(p, 0, sizeof *p);
	const mc_ynode *root = doc->root;
	if (!(p->file = strdup(path))) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto cleanup;
	}
	if ((rc = mc_y_map(doc, root, "", keys, err)) ||
	    (rc = mc_y_need(doc, root, "", "code", &code, err)))
		goto cleanup;
	if (code->kind == MC_Y_SCALAR && !code->quoted && !strcmp(code->value, "unknown")) {
		if ((rc = mc_y_strdup(doc, root, "", "local_id", 1, &p->code, err)))
			goto cleanup;
	} else {
		if ((rc = mc_y_strdup(doc, root, "", "code", 1, &p->code, err)))
			goto cleanup;
		if (mc_y_get(root, "local_id")) {
			rc = mc_y_error(doc, mc_y_get(root, "local_id"), "local_id", err,
					"a procedure with a national code has no local_id");
			goto cleanup;
		}
		p->code_known = 1;
	}
	if ((rc = mc_y_strdup(doc, root, "", "name", 1, &p->name, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "field", 1, &p->field, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "source", 1, &p->source, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "era", 0, &p->era, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "online_text", 0, &p->online_text, err)) ||
	    (rc = mc_y_need(doc, root, "", "service_center", &sc, err)) ||
	    (rc = mc_y_bool(doc, sc, "service_center", &p->service_center, err)) ||
	    (rc = mc_y_need(doc, root, "", "channels", &ch, err)) ||
	    (rc = mc_y_seq(doc, ch, "channels", err)) ||
	    (rc = mc_y_need(doc, root, "", "online_level", &ol, err)) ||
	    (rc = mc_y_need(doc, root, "", "versions", &vs, err)) ||
	    (rc = mc_y_seq(doc, vs, "versions", err)))
		goto cleanup;
	const mc_ynode *fee = mc_y_get(root, "fee");
	if (!fee) {
		rc = mc_y_error(doc, root, "", err, "missing required key 'fee'");
		goto cleanup;
	}
	if (!(fee->kind == MC_Y_SCALAR && !fee->quoted && !strcmp(fee->value, "unknown")) &&
	    (rc = mc_y_strdup(doc, root, "", "fee", 1, &p->fee, err)))
		goto cleanup;
	int k;
	if ((rc = mc_y_enum(doc, ol, "online_level", levels, &k, err)))
		goto cleanup;
	if (!(p->online_level = strdup(levels[k]))) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < ch->n; i++) {
		if ((rc = mc_y_enum(doc, ch->items[i], "channels", channels, &k, err)))
			goto cleanup;
		if (p->channels & (1 << k)) {
			rc = mc_y_error(doc, ch->items[i], "channels", err, "'%s' is listed twice",
					channels[k]);
			goto cleanup;
		}
		p->channels |= 1 << k;
	}
	if (vs->n == 0) {
		rc = mc_y_error(doc, vs, "versions", err, "a procedure needs at least one version");
		goto cleanup;
	}
	p->versions = calloc(vs->n, sizeof *p->versions);
	if (!p->versions) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < vs->n; i++) {
		char f[64];
		snprintf(f, sizeof f, "versions[%zu]", i);
		mc_version *v = &p->versions[i];
		p->nversions++;
		v->number = (int)i + 1;
		if ((rc = load_version(doc, vs->items[i], f, v, agency, err)))
			goto cleanup;
		if (i > 0) {
			mc_version *prev = &p->versions[i - 1];
			if (v->from <= prev->from) {
				rc = mc_y_error(doc, mc_y_get(vs->items[i], "effective_from"), f, err,
						"versions must be in date order (this one starts before or with the previous one)");
				goto cleanup;
			}
			if (prev->to != INT32_MAX && prev->to >= v->from) {
				rc = mc_y_error(doc, mc_y_get(vs->items[i], "effective_from"), f, err,
						"this version overlaps the previous one (effective_to %s)",
						"is on or after this effective_from");
				goto cleanup;
			}
			/* an open-ended version ends the day before the next one starts */
			if (prev->to == INT32_MAX)
				prev->to = v->from - 1;
		}
	}
cleanup:
	mc_ydoc_free(doc);
	if (rc)
		mc_procedure_clear(p);
	return rc;
}

static int load_sets(mc_catalog *cat, const char *path, mc_error *err)
{
	static const char *const root_keys[] = { "sets", NULL };
	static const char *const keys[] = { "id", "as_of", "source", "declared", "members_source",
					    "members", NULL };
	static const char *const dkeys[] = { "total", "service_center", "online_l34",
					     "online_base", NULL };
	mc_ydoc *doc = NULL;
	const mc_ynode *sets;
	int rc = mc_ydoc_load(&doc, path, err);
	if (rc)
		return rc;
	if ((rc = mc_y_map(doc, doc->root, "", root_keys, err)) ||
	    (rc = mc_y_need(doc, doc->root, "", "sets", &sets, err)) ||
	    (rc = mc_y_seq(doc, sets, "sets", err)))
		goto cleanup;
	cat->sets = calloc(sets->n ? sets->n : 1, sizeof *cat->sets);
	if (!cat->sets) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < sets->n; i++) {
		char f[64];
		snprintf(f, sizeof f, "sets[%zu]", i);
		const mc_ynode *s = sets->items[i], *asof, *dec, *mem, *n;
		mc_catalog_set *cs = &cat->sets[i];
		cat->nsets++;
		if ((rc = mc_y_map(doc, s, f, keys, err)) ||
		    (rc = mc_y_strdup(doc, s, f, "id", 1, &cs->id, err)) ||
		    (rc = mc_y_strdup(doc, s, f, "source", 1, &cs->source, err)) ||
		    (rc = mc_y_strdup(doc, s, f, "members_source", 1, &cs->members_source, err)) ||
		    (rc = mc_y_need(doc, s, f, "as_of", &asof, err)) ||
		    (rc = mc_y_date(doc, asof, f, &cs->as_of, err)) ||
		    (rc = mc_y_need(doc, s, f, "declared", &dec, err)) ||
		    (rc = mc_y_map(doc, dec, f, dkeys, err)) ||
		    (rc = mc_y_need(doc, dec, f, "total", &n, err)) ||
		    (rc = mc_y_int(doc, n, f, 0, 10000, &cs->declared_total, err)) ||
		    (rc = mc_y_need(doc, s, f, "members", &mem, err)) ||
		    (rc = mc_y_seq(doc, mem, f, err)))
			goto cleanup;
		cs->declared_center = cs->declared_online = cs->declared_online_base = -1;
		if ((n = mc_y_get(dec, "service_center")) &&
		    (rc = mc_y_int(doc, n, f, 0, 10000, &cs->declared_center, err)))
			goto cleanup;
		if ((n = mc_y_get(dec, "online_l34")) &&
		    (rc = mc_y_int(doc, n, f, 0, 10000, &cs->declared_online, err)))
			goto cleanup;
		if ((n = mc_y_get(dec, "online_base")) &&
		    (rc = mc_y_int(doc, n, f, 0, 10000, &cs->declared_online_base, err)))
			goto cleanup;
		cs->members = calloc(mem->n ? mem->n : 1, sizeof *cs->members);
		if (!cs->members) {
			rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
			goto cleanup;
		}
		for (size_t k = 0; k < mem->n; k++) {
			const char *code;
			if ((rc = mc_y_str(doc, mem->items[k], f, &code, err)))
				goto cleanup;
			if (!mc_catalog_find(cat, code)) {
				rc = mc_y_error(doc, mem->items[k], f, err,
						"no procedure '%s' in the catalogue", code);
				goto cleanup;
			}
			if (!(cs->members[cs->nmembers++] = strdup(code))) {
				rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
				goto cleanup;
			}
		}
	}
cleanup:
	mc_ydoc_free(doc);
	return rc;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const mc_procedure *)a)->code, ((const mc_procedure *)b)->code);
}

int mc_catalog_load(mc_catalog **out, const char *procdir, mc_error *err)
{
	char path[PATH_MAX];
	char **files = NULL;
	size_t nfiles = 0;
	mc_catalog *cat = calloc(1, sizeof *cat);
	if (!cat)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	snprintf(path, sizeof path, "%s/agency.yaml", procdir);
	int rc = mc_agency_load(&cat->agency, path, err);
	if (rc)
		goto cleanup;
	snprintf(path, sizeof path, "%s/catalog", procdir);
	if ((rc = mc_dir_list(path, ".yaml", &files, &nfiles, err)))
		goto cleanup;
	cat->procs = calloc(nfiles ? nfiles : 1, sizeof *cat->procs);
	if (!cat->procs) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < nfiles; i++) {
		mc_procedure *p = &cat->procs[cat->nprocs];
		if ((rc = mc_procedure_load(p, files[i], cat->agency, err)))
			goto cleanup;
		cat->nprocs++;
		/* the file is named after the code, so codes are unique */
		const char *base = strrchr(files[i], '/') + 1;
		if (strncmp(base, p->code, strlen(p->code)) != 0 ||
		    strcmp(base + strlen(p->code), ".yaml") != 0) {
			rc = mc_error_at(err, MC_ERR_INPUT, files[i], 0, 0,
					 "the file of procedure '%s' must be named '%s.yaml'",
					 p->code, p->code);
			goto cleanup;
		}
	}
	qsort(cat->procs, cat->nprocs, sizeof *cat->procs, by_code);
	snprintf(path, sizeof path, "%s/sets.yaml", procdir);
	rc = load_sets(cat, path, err);
cleanup:
	mc_dir_list_free(files, nfiles);
	if (rc) {
		mc_catalog_free(cat);
		return rc;
	}
	*out = cat;
	return MC_OK;
}

const mc_procedure *mc_catalog_find(const mc_catalog *cat, const char *code)
{
	mc_procedure key = { .code = (char *)code };
	return bsearch(&key, cat->procs, cat->nprocs, sizeof *cat->procs, by_code);
}

const mc_version *mc_catalog_version_at(const mc_procedure *p, int32_t day)
{
	for (size_t i = p->nversions; i-- > 0;)
		if (p->versions[i].from <= day)
			return day <= p->versions[i].to ? &p->versions[i] : NULL;
	return NULL;
}

mc_duration mc_version_time(const mc_version *v)
{
	return v->has_shortened ? v->shortened : v->statutory;
}

mc_duration mc_step_share(const mc_version *v, size_t k)
{
	mc_duration t = mc_version_time(v);
	mc_duration d = { t.unit == MC_UNIT_MONTHS ? MC_UNIT_WORKING_DAYS : t.unit,
			  k < v->nsteps ? v->steps[k].halves : 0 };
	return d;
}

double mc_version_cut_percent(const mc_version *v)
{
	if (!v->has_shortened || !v->statutory_known || v->statutory.halves == 0)
		return 0;
	return 100.0 * (v->statutory.halves - v->shortened.halves) / v->statutory.halves;
}

size_t mc_catalog_gaps(const mc_catalog *cat, void *fp)
{
	FILE *f = fp;
	size_t n = 0;
	for (size_t i = 0; i < cat->nprocs; i++) {
		const mc_procedure *p = &cat->procs[i];
		if (!p->code_known && ++n)
			fprintf(f, "%s: national code unknown (local id used)\n", p->code);
		if (!p->fee && ++n)
			fprintf(f, "%s: fee unknown\n", p->code);
		if (!strcmp(p->online_level, "unknown") && ++n)
			fprintf(f, "%s: online service level unknown\n", p->code);
		if (strstr(p->name, "chưa") && ++n)
			fprintf(f, "%s: name not confirmed by a source\n", p->code);
		for (size_t k = 0; k < p->nversions; k++) {
			const mc_version *v = &p->versions[k];
			if (!v->statutory_known && ++n)
				fprintf(f, "%s: version %d: processing time unknown%s%s%s (receipts need an appointment set by hand, office role)\n",
					p->code, v->number, v->time_text ? " (source says: " : "",
					v->time_text ? v->time_text : "", v->time_text ? ")" : "");
			else if (!strcmp(v->steps_source, "template") && ++n)
				fprintf(f, "%s: version %d: internal steps are the template, not the province's process\n",
					p->code, v->number);
			if (!v->documents_known && ++n)
				fprintf(f, "%s: version %d: required documents unknown\n", p->code, v->number);
		}
	}
	for (size_t i = 0; i < cat->nsets; i++) {
		const mc_catalog_set *s = &cat->sets[i];
		if ((long)s->nmembers < s->declared_total && ++n)
			fprintf(f, "set %s: %zu of the %ld declared procedures are identified (%s)\n",
				s->id, s->nmembers, s->declared_total, s->members_source);
	}
	return n;
}
