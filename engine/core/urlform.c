/*
 * urlform.c - decoding a form body (see urlform.h).
 */
#include "urlform.h"
#include "text.h"

#include <string.h>

/* Decode s[0..n) in place and end it with a NUL; its new length, or -1
 * for a bad escape. */
static long decode(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int h, l;
			if (i + 2 >= n || (h = mc_hex_digit(s[i + 1])) < 0 || (l = mc_hex_digit(s[i + 2])) < 0)
				return -1;
			c = (char)(h << 4 | l);
			i += 2;
		}
		s[o++] = c;
	}
	s[o] = '\0';
	return (long)o;
}

/* Whether s[0..n) is UTF-8 (shortest forms, no surrogates) without NUL or
 * control characters but tab, CR and LF. */
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
		size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
			   : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		if (!len || i + len > n)
			return 0;
		unsigned cp = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return 0;
		i += len;
	}
	return 1;
}

int mc_urlform_parse(char *buf, size_t len, const char **kv, size_t max, size_t *n)
{
	*n = 0;
	buf[len] = '\0';
	char *p = buf, *end = buf + len;
	while (p < end) {
		char *amp = memchr(p, '&', (size_t)(end - p));
		char *stop = amp ? amp : end;
		*stop = '\0';
		if (stop > p) {
			if (*n == max)
				return -1;
			char *eq = memchr(p, '=', (size_t)(stop - p));
			char *val = eq ? eq + 1 : stop;
			long kl = decode(p, (size_t)((eq ? eq : stop) - p));
			long vl = eq ? decode(val, (size_t)(stop - val)) : 0;
			if (kl < 0 || vl < 0 || !clean_utf8((unsigned char *)p, (size_t)kl) ||
			    !clean_utf8((unsigned char *)val, (size_t)vl))
				return -1;
			kv[2 * *n] = p;
			kv[2 * *n + 1] = eq ? val : "";
			(*n)++;
		}
		p = stop + 1;
	}
	return 0;
}
