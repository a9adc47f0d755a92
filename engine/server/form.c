/*
 * form.c - the body of an HTML form (application/x-www-form-urlencoded),
 * parsed once per request, on first use (engine/core/urlform.c). A value
 * that is not valid UTF-8 or holds a control character other than a
 * newline or tab makes the whole form unreadable (mc_rq_form_ok says so),
 * so a handler never sees such bytes.
 */
#include "api.h"
#include "urlform.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FORM_FIELDS_MAX 600

static void parse(mc_request *rq)
{
	rq->form_parsed = 1;
	rq->form_ok = 1;
	const char *ct = mc_rq_header(rq, "Content-Type");
	if (!rq->body.len)
		return;
	if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33)) {
		rq->form_ok = 0;
		return;
	}
	rq->form_buf = malloc(rq->body.len + 1);
	rq->form_kv = calloc(2 * FORM_FIELDS_MAX, sizeof *rq->form_kv);
	if (!rq->form_buf || !rq->form_kv) {
		rq->form_ok = 0;
		return;
	}
	memcpy(rq->form_buf, rq->body.data, rq->body.len);
	if (mc_urlform_parse(rq->form_buf, rq->body.len, rq->form_kv, FORM_FIELDS_MAX, &rq->form_n)) {
		rq->form_n = 0;
		rq->form_ok = 0;
	}
}

int mc_rq_form_ok(mc_request *rq)
{
	if (!rq->form_parsed)
		parse(rq);
	return rq->form_ok;
}

const char *mc_rq_form_nth(mc_request *rq, const char *name, size_t nth)
{
	if (!mc_rq_form_ok(rq))
		return NULL;
	for (size_t i = 0; i < rq->form_n; i++)
		if (!strcmp(rq->form_kv[2 * i], name) && nth-- == 0)
			return rq->form_kv[2 * i + 1];
	return NULL;
}

const char *mc_rq_form(mc_request *rq, const char *name)
{
	return mc_rq_form_nth(rq, name, 0);
}

void mc_rq_form_free(mc_request *rq)
{
	free(rq->form_buf);
	free(rq->form_kv);
	rq->form_buf = NULL;
	rq->form_kv = NULL;
}
