/*
 * agency.c - loading procedures/agency.yaml (see agency.h).
 */
#include "agency.h"
#include "yamldoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mc_agency_free(mc_agency *a)
{
	if (!a)
		return;
	free(a->id); free(a->code); free(a->name); free(a->short_name);
	free(a->parent); free(a->province); free(a->service_center);
	free(a->letterhead_parent); free(a->letterhead_name);
	free(a->signer_title); free(a->signer_subtitle); free(a->signer_name);
	free(a->lookup_url);
	free(a->report_to);
	free(a->hours);
	for (size_t i = 0; i < a->nunits; i++) {
		free(a->units[i].id);
		free(a->units[i].name);
		free(a->units[i].email);
	}
	free(a->units);
	free(a);
}

const mc_unit *mc_agency_unit(const mc_agency *a, const char *id)
{
	for (size_t i = 0; i < a->nunits; i++)
		if (!strcmp(a->units[i].id, id))
			return &a->units[i];
	return NULL;
}

/* "07:00-11:30" */
static int parse_session(const char *s, int32_t *start, int32_t *end)
{
	int h1, m1, h2, m2;
	char tail;
	if (strlen(s) != 11 || sscanf(s, "%2d:%2d-%2d:%2d%c", &h1, &m1, &h2, &m2, &tail) != 4)
		return -1;
	if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59)
		return -1;
	*start = h1 * 3600 + m1 * 60;
	*end = h2 * 3600 + m2 * 60;
	return *start < *end && *end <= 24 * 3600 ? 0 : -1;
}

static int load_hours(const mc_ydoc *doc, const mc_ynode *seq, mc_agency *a, mc_error *err)
{
	static const char *const keys[] = { "from", "sessions", "source", NULL };
	int rc = mc_y_seq(doc, seq, "office_hours", err);
	if (rc)
		return rc;
	if (seq->n == 0)
		return mc_y_error(doc, seq, "office_hours", err, "at least one range is needed");
	a->hours = calloc(seq->n, sizeof *a->hours);
	if (!a->hours)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < seq->n; i++) {
		char field[64];
		snprintf(field, sizeof field, "office_hours[%zu]", i);
		const mc_ynode *r = seq->items[i], *from, *sess;
		mc_office_hours *h = &a->hours[i];
		if ((rc = mc_y_map(doc, r, field, keys, err)) ||
		    (rc = mc_y_need(doc, r, field, "from", &from, err)) ||
		    (rc = mc_y_need(doc, r, field, "sessions", &sess, err)))
			return rc;
		snprintf(field, sizeof field, "office_hours[%zu].from", i);
		if ((rc = mc_y_date(doc, from, field, &h->from, err)))
			return rc;
		if (i > 0 && h->from <= a->hours[i - 1].from)
			return mc_y_error(doc, from, field, err,
					  "ranges must be in date order");
		snprintf(field, sizeof field, "office_hours[%zu].sessions", i);
		if ((rc = mc_y_seq(doc, sess, field, err)))
			return rc;
		if (sess->n < 1 || sess->n > MC_MAX_SESSIONS)
			return mc_y_error(doc, sess, field, err, "expected 1 to %d sessions",
					  MC_MAX_SESSIONS);
		for (size_t k = 0; k < sess->n; k++) {
			const char *s;
			if ((rc = mc_y_str(doc, sess->items[k], field, &s, err)))
				return rc;
			if (parse_session(s, &h->start[k], &h->end[k]) ||
			    (k > 0 && h->start[k] < h->end[k - 1]))
				return mc_y_error(doc, sess->items[k], field, err,
						  "invalid session '%s' (expected HH:MM-HH:MM, in order, not overlapping)",
						  s);
		}
		h->n = (int)sess->n;
		a->nhours++;
	}
	return MC_OK;
}

static int load_units(const mc_ydoc *doc, const mc_ynode *seq, mc_agency *a, mc_error *err)
{
	static const char *const keys[] = { "id", "name", "email", NULL };
	int rc = mc_y_seq(doc, seq, "units", err);
	if (rc)
		return rc;
	a->units = calloc(seq->n ? seq->n : 1, sizeof *a->units);
	if (!a->units)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < seq->n; i++) {
		char field[64];
		snprintf(field, sizeof field, "units[%zu]", i);
		const mc_ynode *u = seq->items[i];
		mc_unit *unit = &a->units[i];
		a->nunits++;
		if ((rc = mc_y_map(doc, u, field, keys, err)) ||
		    (rc = mc_y_strdup(doc, u, field, "id", 1, &unit->id, err)) ||
		    (rc = mc_y_strdup(doc, u, field, "name", 1, &unit->name, err)) ||
		    (rc = mc_y_strdup(doc, u, field, "email", 0, &unit->email, err)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(a->units[k].id, unit->id))
				return mc_y_error(doc, mc_y_get(u, "id"), field, err,
						  "duplicate unit id '%s'", unit->id);
	}
	return MC_OK;
}

/* signer: {title, subtitle, name}, all optional: who signs letters */
static int load_signer(const mc_ydoc *doc, const mc_ynode *m, mc_agency *a, mc_error *err)
{
	static const char *const keys[] = { "title", "subtitle", "name", "source", NULL };
	int rc;
	if ((rc = mc_y_map(doc, m, "signer", keys, err)) ||
	    (rc = mc_y_strdup(doc, m, "signer", "title", 0, &a->signer_title, err)) ||
	    (rc = mc_y_strdup(doc, m, "signer", "subtitle", 0, &a->signer_subtitle, err)) ||
	    (rc = mc_y_strdup(doc, m, "signer", "name", 0, &a->signer_name, err)))
		return rc;
	if (a->signer_subtitle && !a->signer_title)
		return mc_y_error(doc, m, "signer", err, "a subtitle needs the title (e.g. \"KT. GIÁM ĐỐC\")");
	return MC_OK;
}

/* lookup_url: an http(s) address of letters, digits and URL punctuation
 * (it is printed and encoded in a QR code), its trailing '/' dropped */
static int check_lookup_url(const mc_ydoc *doc, const mc_ynode *n, char *url, mc_error *err)
{
	size_t len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		url[--len] = '\0';
	int ok = ((!strncmp(url, "https://", 8) && len > 8) || (!strncmp(url, "http://", 7) && len > 7)) &&
		 len <= 78;              /* with /tra-cuu/ and a token: the slip's room for it */
	for (const char *p = url; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		     strchr(":/.-_~%", *p);
	if (!ok)
		return mc_y_error(doc, n, "lookup_url", err,
				  "'%s': expected the desk's public address (at most 78 characters), such as "
				  "https://motcua.example.gov.vn",
				  url);
	return MC_OK;
}

int mc_agency_load(mc_agency **out, const char *path, mc_error *err)
{
	static const char *const keys[] = {
		"id", "code", "name", "short_name", "parent", "province",
		"service_center", "letterhead_parent", "letterhead_name", "signer", "lookup_url", "report_to", "office_hours", "units",
		NULL
	};
	mc_ydoc *doc = NULL;
	mc_agency *a = NULL;
	const mc_ynode *hours, *units;
	int rc = mc_ydoc_load(&doc, path, err);
	if (rc)
		return rc;
	a = calloc(1, sizeof *a);
	if (!a) {
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		goto cleanup;
	}
	const mc_ynode *root = doc->root;
	if ((rc = mc_y_map(doc, root, "", keys, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "id", 1, &a->id, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "code", 1, &a->code, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "name", 1, &a->name, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "short_name", 0, &a->short_name, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "parent", 1, &a->parent, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "province", 1, &a->province, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "service_center", 0, &a->service_center, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "letterhead_parent", 1, &a->letterhead_parent, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "letterhead_name", 1, &a->letterhead_name, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "lookup_url", 0, &a->lookup_url, err)) ||
	    (rc = mc_y_strdup(doc, root, "", "report_to", 0, &a->report_to, err)) ||
	    (rc = mc_y_need(doc, root, "", "office_hours", &hours, err)) ||
	    (rc = load_hours(doc, hours, a, err)) ||
	    (rc = mc_y_need(doc, root, "", "units", &units, err)) ||
	    (rc = load_units(doc, units, a, err)))
		goto cleanup;
	if (mc_y_get(root, "signer") && (rc = load_signer(doc, mc_y_get(root, "signer"), a, err)))
		goto cleanup;
	for (const char *p = a->id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
			rc = mc_y_error(doc, mc_y_get(root, "id"), "id", err,
					"'%s': use lowercase letters, digits and '-'", a->id);
			goto cleanup;
		}
	if (a->lookup_url && (rc = check_lookup_url(doc, mc_y_get(root, "lookup_url"), a->lookup_url, err)))
		goto cleanup;
	if (!a->short_name && !(a->short_name = strdup(a->name)))
		rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
cleanup:
	mc_ydoc_free(doc);
	if (rc) {
		mc_agency_free(a);
		return rc;
	}
	*out = a;
	return MC_OK;
}
