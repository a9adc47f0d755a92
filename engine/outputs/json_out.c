/*
 * json_out.c - JSON through jansson (see json_out.h).
 */
#include "json_out.h"

#include <stdlib.h>
#include <string.h>

/* A fixed-decimal number is an object with this one key, holding its text.
 * The key starts with a NUL byte: no key made from a C string equals it. */
static const char number_key[] = "\0mc:number";
#define NUMBER_KEY_LEN (sizeof number_key - 1)

static json_t *number_text(const char *text)
{
	json_t *o = json_object();
	if (o && json_object_setn_new_nocheck(o, number_key, NUMBER_KEY_LEN, json_string(text))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static const char *number_of(const json_t *j)
{
	if (!json_is_object(j) || json_object_size(j) != 1)
		return NULL;
	const json_t *v = json_object_getn(j, number_key, NUMBER_KEY_LEN);
	return v ? json_string_value(v) : NULL;
}

/* The length of the UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) { n = 2; cp = s[0] & 0x1F; }
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) { n = 3; cp = s[0] & 0x0F; }
	else if (s[0] >= 0xF0 && s[0] <= 0xF4) { n = 4; cp = s[0] & 0x07; }
	else return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

json_t *mc_json_text(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	/* not UTF-8: keep what is, replace each bad byte */
	mc_buf b = { 0 };
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);
		if (n) {
			mc_buf_addn(&b, (const char *)p, n);
			p += n;
		} else {
			mc_buf_add(&b, "\xEF\xBF\xBD");
			p++;
		}
	}
	j = json_string(mc_buf_str(&b));
	mc_buf_free(&b);
	return j;
}

json_t *mc_json_moment(mc_time t)
{
	if (!t)
		return json_null();
	char m[MC_MOMENT_MAX];
	mc_format_moment(m, sizeof m, t);
	return json_string(m);
}

json_t *mc_json_fixed(double v, int decimals)
{
	char t[64];
	snprintf(t, sizeof t, "%.*f", decimals, v);
	return number_text(t);
}

void mc_format_decimal(char *buf, size_t n, double v, int max_decimals)
{
	snprintf(buf, n, "%.*f", max_decimals, v);
	if (strchr(buf, '.')) {
		size_t len = strlen(buf);
		while (len && buf[len - 1] == '0')
			buf[--len] = '\0';
		if (len && buf[len - 1] == '.')
			buf[--len] = '\0';
	}
	if (!strcmp(buf, "-0"))
		snprintf(buf, n, "0");
}

json_t *mc_json_decimal(double v, int max_decimals)
{
	char t[400];
	mc_format_decimal(t, sizeof t, v, max_decimals);
	return number_text(t);
}

void mc_json_set(json_t *obj, const char *key, json_t *v)
{
	json_object_set_new(obj, key, v ? v : json_null());
}

static int to_buf(const char *buffer, size_t size, void *data)
{
	mc_buf_addn(data, buffer, size);
	return 0;
}

static void dump_scalar(const json_t *j, mc_buf *out)
{
	json_dump_callback(j, to_buf, out, JSON_ENCODE_ANY | JSON_COMPACT);
}

static void dump_key(const char *key, size_t len, mc_buf *out)
{
	json_t *k = json_stringn_nocheck(key, len);
	dump_scalar(k, out);
	json_decref(k);
	mc_buf_add(out, ":");
}

void mc_json_dump_members(const json_t *obj, mc_buf *out)
{
	const char *key;
	size_t len;
	json_t *v;
	int first = 1;
	json_object_keylen_foreach((json_t *)obj, key, len, v) {
		if (!first)
			mc_buf_add(out, ",");
		first = 0;
		dump_key(key, len, out);
		mc_json_dump(v, out);
	}
}

void mc_json_dump(const json_t *j, mc_buf *out)
{
	const char *num = number_of(j);
	if (num) {
		mc_buf_add(out, num);
	} else if (json_is_object(j)) {
		mc_buf_add(out, "{");
		mc_json_dump_members(j, out);
		mc_buf_add(out, "}");
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		mc_buf_add(out, "[");
		json_array_foreach((json_t *)j, i, v) {
			if (i)
				mc_buf_add(out, ",");
			mc_json_dump(v, out);
		}
		mc_buf_add(out, "]");
	} else if (j) {
		dump_scalar(j, out);
	} else {
		mc_buf_add(out, "null");
	}
}

void mc_json_print(json_t *j, FILE *f)
{
	mc_buf b = { 0 };
	mc_json_dump(j, &b);
	mc_buf_add(&b, "\n");
	fputs(mc_buf_str(&b), f);
	mc_buf_free(&b);
	json_decref(j);
}
