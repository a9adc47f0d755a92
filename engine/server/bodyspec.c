/*
 * bodyspec.c - a request's JSON body read through a declarative spec
 * (api.h): the one way every handler takes its input. The body must be a
 * JSON object of bounded depth; each field has a type, may be required,
 * and a string is bounded in characters and free of control characters
 * (newlines only where the spec allows them). An unknown field is refused
 * too: a misspelt optional field would otherwise be silently ignored.
 */
#include "api.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

static int depth_of(const json_t *j)
{
	int d = 0;
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v) {
			int e = depth_of(v);
			if (e > d)
				d = e;
		}
		return d + 1;
	}
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) {
			int e = depth_of(v);
			if (e > d)
				d = e;
		}
		return d + 1;
	}
	return 0;
}

/* "'FIELD' WHAT" as the problem's detail. */
static int invalid(mc_request *rq, const char *field, const char *what)
{
	char detail[300];
	snprintf(detail, sizeof detail, "'%s' %s", field, what);
	mc_reply_problem(&rq->reply, 422, "invalid_field", detail, field, NULL);
	return -1;
}

/* A string as field `f` says (non-empty when `nonempty`). */
static int check_string(mc_request *rq, const mc_field *f, const json_t *j, const char *path,
			int nonempty)
{
	if (!json_is_string(j))
		return invalid(rq, path, "must be a string");
	const char *s = json_string_value(j);
	if (strlen(s) != json_string_length(j))
		return invalid(rq, path, "contains a NUL character");
	if (nonempty && !*s)
		return invalid(rq, path, "must not be empty");
	if (f->raw) {
		if (json_string_length(j) > f->max)
			return invalid(rq, path, "is too long");
	} else {
		mc_error e;
		if (mc_text_check(path, s, f->max, f->multiline, &e)) {
			mc_reply_problem(&rq->reply, 422, "invalid_field", e.message, path, NULL);
			return -1;
		}
	}
	return 0;
}

static int walk(mc_request *rq, const json_t *obj, const mc_field *spec, const char *prefix,
		const char **values, size_t nvalues)
{
	char path[128];
	/* no member the spec does not name */
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		const mc_field *f = spec;
		while (f->name && strcmp(f->name, key))
			f++;
		if (!f->name) {
			snprintf(path, sizeof path, "%s%.60s", prefix, key);
			return invalid(rq, path, "is not a field of this request");
		}
	}
	for (const mc_field *f = spec; f->name; f++) {
		snprintf(path, sizeof path, "%s%s", prefix, f->name);
		const json_t *j = json_object_get(obj, f->name);
		if (!j || json_is_null(j)) {
			if (f->required)
				return invalid(rq, path, "is required");
			continue;
		}
		if (f->type == MC_FIELD_OBJECT) {
			if (!json_is_object(j))
				return invalid(rq, path, "must be an object");
			char sub[128];
			snprintf(sub, sizeof sub, "%s.", path);
			if (walk(rq, j, f->fields, sub, values, nvalues))
				return -1;
			continue;
		}
		if (f->type == MC_FIELD_STRINGS) {
			if (!json_is_array(j))
				return invalid(rq, path, "must be an array of strings");
			if (json_array_size(j) > f->max_items) {
				char what[64];
				snprintf(what, sizeof what, "has more than %zu items", f->max_items);
				return invalid(rq, path, what);
			}
			size_t i;
			json_t *item;
			json_array_foreach(j, i, item) {
				char ipath[160];
				snprintf(ipath, sizeof ipath, "%s[%zu]", path, i);
				if (check_string(rq, f, item, ipath, 1))
					return -1;
			}
			continue;
		}
		if (check_string(rq, f, j, path, f->required))
			return -1;
		if ((size_t)f->slot < nvalues)
			values[f->slot] = json_string_value(j);
	}
	return 0;
}

int mc_body_parse(mc_request *rq, const mc_field *spec, const char **values, size_t nvalues,
		  json_t **root)
{
	for (size_t i = 0; i < nvalues; i++)
		values[i] = NULL;
	*root = NULL;
	json_error_t je;
	json_t *j = json_loadb(rq->body.data ? rq->body.data : "", rq->body.len,
			       JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		char detail[300];
		snprintf(detail, sizeof detail, "line %d, column %d: %s", je.line, je.column, je.text);
		mc_reply_problem(&rq->reply, 400, "malformed_json", detail, NULL, NULL);
		return -1;
	}
	if (!json_is_object(j) || depth_of(j) > MC_BODY_MAX_DEPTH) {
		mc_reply_problem(&rq->reply, 400, "malformed_json",
				 json_is_object(j) ? "the document is nested too deeply"
						   : "the body must be a JSON object", NULL, NULL);
		json_decref(j);
		return -1;
	}
	if (walk(rq, j, spec, "", values, nvalues)) {
		json_decref(j);
		return -1;
	}
	*root = j;
	return 0;
}
