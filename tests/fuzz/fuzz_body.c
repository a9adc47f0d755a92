/*
 * libFuzzer target: the request-body handlers of `motcua serve` (jansson's
 * parser with its limits, and engine/server/bodyspec.c's declarative specs)
 * over the bodies a client may send. The first byte picks the spec (the
 * login, the receipt with its nested applicant and its documents, an action with a multiline
 * note); the rest is the body. Whatever the bytes: no crash or leak, and
 * either every value handed out obeys its spec, or the reply is a problem
 * document (400 or 422) that is itself valid JSON naming its code.
 */
#include "api.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const mc_field login_fields[] = {
	{ .name = "login", .type = MC_FIELD_STRING, .required = 1, .max = 64, .slot = 0 },
	{ .name = "password", .type = MC_FIELD_STRING, .required = 1, .max = 1024, .raw = 1,
	  .slot = 1 },
	{ 0 }
};

static const mc_field applicant_fields[] = {
	{ .name = "name", .type = MC_FIELD_STRING, .required = 1, .max = 300, .slot = 2 },
	{ .name = "phone", .type = MC_FIELD_STRING, .max = 40, .slot = 3 },
	{ .name = "address", .type = MC_FIELD_STRING, .max = 500, .slot = 4 },
	{ .name = "id_number", .type = MC_FIELD_STRING, .max = 40, .slot = 5 },
	{ 0 }
};

static const mc_field receive_fields[] = {
	{ .name = "procedure", .type = MC_FIELD_STRING, .required = 1, .max = 64, .slot = 0 },
	{ .name = "channel", .type = MC_FIELD_STRING, .required = 1, .max = 16, .slot = 1 },
	{ .name = "applicant", .type = MC_FIELD_OBJECT, .required = 1, .fields = applicant_fields },
	{ .name = "documents", .type = MC_FIELD_STRINGS, .max = 300, .max_items = 50 },
	{ 0 }
};

static const mc_field act_fields[] = {
	{ .name = "action", .type = MC_FIELD_STRING, .required = 1, .max = 32, .slot = 0 },
	{ .name = "note", .type = MC_FIELD_STRING, .max = 2000, .multiline = 1, .slot = 1 },
	{ 0 }
};

static const mc_field *const specs[] = { login_fields, receive_fields, act_fields };

/* Every string field of `spec` (and its objects') that was handed out obeys it. */
static void check_values(const mc_field *spec, const char **values, const json_t *obj)
{
	for (const mc_field *f = spec; f->name; f++) {
		const json_t *j = json_object_get(obj, f->name);
		if (f->type == MC_FIELD_OBJECT) {
			if (f->required && !json_is_object(j))
				abort();
			if (json_is_object(j))
				check_values(f->fields, values, j);
			continue;
		}
		if (f->type == MC_FIELD_STRINGS) {
			/* accepted: absent, null, or an array of bounded non-empty strings */
			if (!j || json_is_null(j))
				continue;
			if (!json_is_array(j) || json_array_size(j) > f->max_items)
				abort();
			size_t i;
			json_t *item;
			json_array_foreach(j, i, item) {
				mc_error e;
				const char *v = json_string_value(item);
				if (!v || !*v || strlen(v) != json_string_length(item) ||
				    mc_text_check(f->name, v, f->max, f->multiline, &e))
					abort();
			}
			continue;
		}
		const char *v = values[f->slot];
		if (f->required && (!v || !*v))
			abort();
		if (!v)
			continue;
		if (!json_is_string(j) || strcmp(v, json_string_value(j)) ||
		    strlen(v) != json_string_length(j))
			abort();
		mc_error e;
		if (f->raw ? strlen(v) > f->max : mc_text_check(f->name, v, f->max, f->multiline, &e) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const mc_field *spec = specs[data[0] % 3];
	mc_request rq;
	memset(&rq, 0, sizeof rq);
	rq.method = "POST";
	mc_buf_addn(&rq.body, (const char *)data + 1, size - 1);
	const char *values[6];
	json_t *root = NULL;
	if (mc_body_parse(&rq, spec, values, 6, &root) == 0) {
		if (!json_is_object(root) || rq.reply.status != 0)
			abort();
		check_values(spec, values, root);
		json_decref(root);
	} else {
		if (root || (rq.reply.status != 400 && rq.reply.status != 422))
			abort();
		json_t *p = json_loadb(rq.reply.body.data, rq.reply.body.len, 0, NULL);
		if (!json_is_object(p) || !json_is_string(json_object_get(p, "code")) ||
		    json_integer_value(json_object_get(p, "status")) != rq.reply.status ||
		    (rq.reply.status == 422 && !json_is_string(json_object_get(p, "field"))))
			abort();
		json_decref(p);
	}
	mc_buf_free(&rq.body);
	mc_buf_free(&rq.reply.body);
	return 0;
}
