/*
 * fileutil.c - small file helpers.
 */
#include "fileutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mc_file_read(const char *path, char **out, size_t *len, mc_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return mc_error_set(err, MC_ERR_INPUT, "cannot read '%s': %s", path,
				    strerror(errno));
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n + 1 < cap)
			break;
		char *bigger = realloc(buf, cap * 2);
		if (!bigger) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	int failed = ferror(f);
	fclose(f);
	if (!buf)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory reading '%s'", path);
	if (failed) {
		free(buf);
		return mc_error_set(err, MC_ERR_INPUT, "cannot read '%s'", path);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return MC_OK;
}
