/*
 * strbuf.c - growable string buffer (see strbuf.h).
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(mc_buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *d = realloc(b->data, cap);
	if (!d) {
		b->failed = 1;
		return -1;
	}
	b->data = d;
	b->cap = cap;
	return 0;
}

void mc_buf_reserve(mc_buf *b, size_t extra)
{
	grow(b, extra);
}

void mc_buf_addn(mc_buf *b, const char *s, size_t n)
{
	if (grow(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void mc_buf_add(mc_buf *b, const char *s)
{
	mc_buf_addn(b, s, strlen(s));
}

void mc_buf_addf(mc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *mc_buf_str(const mc_buf *b)
{
	return b->data ? b->data : "";
}

int mc_buf_failed(const mc_buf *b)
{
	return b->failed;
}

void mc_buf_clear(mc_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void mc_buf_free(mc_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}
