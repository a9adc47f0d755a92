/*
 * fileutil.c - small file helpers.
 */
#include "fileutil.h"

#include <dirent.h>
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

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void mc_dir_list_free(char **files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

int mc_dir_list(const char *dir, const char *suffix, char ***out, size_t *n, mc_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return mc_error_set(err, MC_ERR_INPUT, "cannot open the directory '%s': %s", dir,
				    strerror(errno));
	char **files = NULL;
	size_t count = 0, cap = 0, sl = strlen(suffix);
	struct dirent *e;
	int rc = MC_OK;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= sl || strcmp(e->d_name + len - sl, suffix) != 0)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			char **bigger = realloc(files, cap * sizeof *bigger);
			if (!bigger) {
				rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
				break;
			}
			files = bigger;
		}
		size_t sz = strlen(dir) + len + 2;
		if (!(files[count] = malloc(sz))) {
			rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
			break;
		}
		snprintf(files[count++], sz, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (rc) {
		mc_dir_list_free(files, count);
		return rc;
	}
	if (count)
		qsort(files, count, sizeof *files, by_name);
	*out = files;
	*n = count;
	return MC_OK;
}
