/*
 * libFuzzer target: the desk's form bodies (engine/core/urlform.c). Whatever
 * the bytes: no crash, read or write out of bounds or leak; a body that
 * parses gives names and values that are UTF-8 without control characters
 * (tab, CR and LF allowed), at most the limit of fields; and encoding those
 * pairs again and parsing the result gives the same pairs.
 */
#include "urlform.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX 16

static void encode(char *out, size_t *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			out[(*o)++] = (char)*p;
		} else if (*p == ' ') {
			out[(*o)++] = '+';
		} else {
			out[(*o)++] = '%';
			out[(*o)++] = hex[*p >> 4];
			out[(*o)++] = hex[*p & 15];
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	const char *kv[2 * MAX];
	size_t n = 0;
	if (mc_urlform_parse(buf, size, kv, MAX, &n) == 0) {
		if (n > MAX)
			abort();
		/* everything encoded again: at most 3 bytes a byte, '=' and '&' */
		char *again = malloc(3 * size + 2 * MAX + 1);
		size_t o = 0;
		for (size_t i = 0; i < n; i++) {
			for (const unsigned char *p = (const unsigned char *)kv[2 * i]; *p; p++)
				if (*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n')
					abort();
			for (const unsigned char *p = (const unsigned char *)kv[2 * i + 1]; *p; p++)
				if (*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n')
					abort();
			if (i)
				again[o++] = '&';
			encode(again, &o, kv[2 * i]);
			again[o++] = '=';
			encode(again, &o, kv[2 * i + 1]);
		}
		const char *kv2[2 * MAX];
		size_t n2 = 0;
		char *copy = malloc(o + 1);
		memcpy(copy, again, o);
		/* an empty name with an empty value ("=") parses again as a field */
		if (mc_urlform_parse(copy, o, kv2, MAX, &n2) != 0 || n2 != n)
			abort();
		for (size_t i = 0; i < 2 * n; i++)
			if (strcmp(kv[i], kv2[i]))
				abort();
		free(copy);
		free(again);
	}
	free(buf);
	return 0;
}
