/*
 * form.c - the body of an HTML form (application/x-www-form-urlencoded),
 * parsed once per request, on first use: `+` is a space, %XX a byte. A
 * value that is not valid UTF-8 or holds a control character other than a
 * newline or tab makes the whole form unreadable (mc_rq_form_ok says so),
 * so a handler never sees such bytes.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FORM_FIELDS_MAX 600

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) in place; its new length, or -1 for a bad escape. */
static long decode(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int h, l;
			if (i + 2 >= n || (h = hexval(s[i + 1])) < 0 || (l = hexval(s[i + 2])) < 0)
				return -1;
			c = (char)(h << 4 | l);
			i += 2;
		}
		s[o++] = c;
	}
	s[o] = '\0';
	return (long)o;
}

/* Whether s is UTF-8 without control characters (newline, CR and tab
 * allowed: a note may have several lines). */
static int clean_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
		if (!len || i + len > n)
			return 0;
		unsigned cp = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

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
	rq->form_buf[rq->body.len] = '\0';
	char *p = rq->form_buf, *end = p + rq->body.len;
	while (p < end) {
		char *amp = memchr(p, '&', (size_t)(end - p));
		char *stop = amp ? amp : end;
		*stop = '\0';
		if (stop > p) {
			if (rq->form_n == FORM_FIELDS_MAX) {
				rq->form_ok = 0;
				return;
			}
			char *eq = memchr(p, '=', (size_t)(stop - p));
			char *val = eq ? eq + 1 : stop;
			long kl = decode(p, (size_t)((eq ? eq : stop) - p));
			long vl = eq ? decode(val, (size_t)(stop - val)) : 0;
			if (kl < 0 || vl < 0 || !clean_utf8((unsigned char *)p, (size_t)kl) ||
			    !clean_utf8((unsigned char *)val, (size_t)vl) ||
			    strlen(p) != (size_t)kl || strlen(val) != (size_t)vl) {
				rq->form_ok = 0;
				return;
			}
			rq->form_kv[2 * rq->form_n] = p;
			rq->form_kv[2 * rq->form_n + 1] = eq ? val : "";
			rq->form_n++;
		}
		p = stop + 1;
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
