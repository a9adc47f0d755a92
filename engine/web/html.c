/*
 * html.c - escaping for HTML and URLs, and the formatter that applies it
 * (see html.h).
 */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void mc_html_text(mc_buf *b, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (; *s; s++) {
		const char *e;
		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		mc_buf_addn(b, run, (size_t)(s - run));
		mc_buf_add(b, e);
		run = s + 1;
	}
	mc_buf_addn(b, run, (size_t)(s - run));
}

void mc_html_url(mc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			mc_buf_addn(b, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			mc_buf_addn(b, e, 3);
		}
	}
}

void mc_html(mc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		mc_buf_addn(b, run, (size_t)(p - run));
		p++;
		char num[32];
		switch (*p) {
		case 's': mc_html_text(b, va_arg(ap, const char *)); break;
		case 'u': mc_html_url(b, va_arg(ap, const char *)); break;
		case 'r': mc_buf_add(b, va_arg(ap, const char *)); break;
		case 'd':
			snprintf(num, sizeof num, "%d", va_arg(ap, int));
			mc_buf_add(b, num);
			break;
		case 'l':
			if (p[1] == 'd') {
				p++;
				snprintf(num, sizeof num, "%ld", va_arg(ap, long));
				mc_buf_add(b, num);
			}
			break;
		case 'z':
			if (p[1] == 'u') {
				p++;
				snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
				mc_buf_add(b, num);
			}
			break;
		case '%': mc_buf_add(b, "%"); break;
		case '\0': p--; break;
		default: break;     /* no such conversion: nothing written */
		}
		run = p + 1;
	}
	mc_buf_add(b, run);
	va_end(ap);
}

void mc_html_decimal(char *out, size_t n, double v, int decimals)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%.*f", decimals < 0 ? 0 : decimals, v);
	/* tmp is [-]digits[.digits]: regroup with '.' and ',' */
	const char *s = tmp;
	size_t o = 0;
	if (*s == '-' && o + 1 < n)
		out[o++] = *s++;
	const char *dot = strchr(s, '.');
	size_t intlen = dot ? (size_t)(dot - s) : strlen(s);
	for (size_t i = 0; i < intlen && o + 1 < n; i++) {
		if (i && (intlen - i) % 3 == 0 && o + 1 < n)
			out[o++] = '.';
		if (o + 1 < n)
			out[o++] = s[i];
	}
	if (dot) {
		if (o + 1 < n)
			out[o++] = ',';
		for (const char *q = dot + 1; *q && o + 1 < n; q++)
			out[o++] = *q;
	}
	out[o < n ? o : n - 1] = '\0';
}
