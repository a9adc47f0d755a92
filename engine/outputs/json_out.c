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

/* jansson's output into the buffer: it calls this for every piece (a
 * quote, a key, a separator), so the common case is a bare copy. */
static int to_buf(const char *buffer, size_t size, void *data)
{
	mc_buf *b = data;
	if (b->data && b->len + size < b->cap) {
		memcpy(b->data + b->len, buffer, size);
		b->len += size;
		b->data[b->len] = '\0';
		return 0;
	}
	mc_buf_addn(b, buffer, size);
	return mc_buf_failed(b) ? -1 : 0;
}

/* Whether the tree holds a fixed-decimal number anywhere. */
static int has_number(const json_t *j)
{
	if (json_is_object(j)) {
		if (number_of(j))
			return 1;
		const char *key;
		json_t *v;
		json_object_foreach((json_t *)j, key, v)
			if ((json_is_object(v) || json_is_array(v)) && has_number(v))
				return 1;
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach((json_t *)j, i, v)
			if ((json_is_object(v) || json_is_array(v)) && has_number(v))
				return 1;
	}
	return 0;
}

/* A tree without fixed-decimal numbers, all of it written by jansson in
 * one call; `embed`: an object's members or an array's items without the
 * brackets (JSON_EMBED). */
static void dump_jansson(const json_t *j, int embed, mc_buf *out)
{
	json_dump_callback(j, to_buf, out,
			   JSON_ENCODE_ANY | JSON_COMPACT | (embed ? JSON_EMBED : 0));
}

void mc_json_dump_key(const char *key, mc_buf *out)
{
	json_t *k = json_string_nocheck(key);
	dump_jansson(k, 0, out);
	json_decref(k);
	mc_buf_add(out, ":");
}

void mc_json_dump_fixed(double v, int decimals, mc_buf *out)
{
	char t[64];
	snprintf(t, sizeof t, "%.*f", decimals, v);
	mc_buf_add(out, t);
}

void mc_json_dump_plain_members(const json_t *obj, mc_buf *out)
{
	dump_jansson(obj, 1, out);
}

void mc_json_dump_hundredths(int64_t num, int64_t den, mc_buf *out)
{
	/* the hundredths of |num / den| rounded to nearest: a value exactly
	 * half way is left to printf, whose rounding of the binary value
	 * decides it; any other is at least 1/den of a hundredth from half
	 * way, far beyond the double's error, so both round alike */
	int64_t mag = num < 0 ? -num : num;
	int64_t q = mag * 100 / den, r = mag * 100 % den;
	if (2 * r == den) {
		mc_json_dump_fixed((double)num / (double)den, 2, out);
		return;
	}
	if (2 * r > den)
		q++;
	char t[32], *e = t + sizeof t, *p = e;
	*--p = (char)('0' + q % 10);
	*--p = (char)('0' + q / 10 % 10);
	*--p = '.';
	q /= 100;
	do
		*--p = (char)('0' + q % 10);
	while ((q /= 10));
	if (num < 0)
		*--p = '-';           /* as printf: -0.00 for a small negative */
	mc_buf_addn(out, p, (size_t)(e - p));
}

void mc_json_dump_members(const json_t *obj, mc_buf *out)
{
	if (!has_number(obj)) {
		dump_jansson(obj, 1, out);
		return;
	}
	const char *key;
	size_t len;
	json_t *v;
	int first = 1;
	json_object_keylen_foreach((json_t *)obj, key, len, v) {
		if (!first)
			mc_buf_add(out, ",");
		first = 0;
		json_t *k = json_stringn_nocheck(key, len);
		dump_jansson(k, 0, out);
		json_decref(k);
		mc_buf_add(out, ":");
		mc_json_dump(v, out);
	}
}

void mc_json_dump(const json_t *j, mc_buf *out)
{
	const char *num = number_of(j);
	if (num) {
		mc_buf_add(out, num);
	} else if (!j) {
		mc_buf_add(out, "null");
	} else if (!has_number(j)) {
		dump_jansson(j, 0, out);
	} else if (json_is_object(j)) {
		mc_buf_add(out, "{");
		mc_json_dump_members(j, out);
		mc_buf_add(out, "}");
	} else {
		size_t i;
		json_t *v;
		mc_buf_add(out, "[");
		json_array_foreach((json_t *)j, i, v) {
			if (i)
				mc_buf_add(out, ",");
			mc_json_dump(v, out);
		}
		mc_buf_add(out, "]");
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
