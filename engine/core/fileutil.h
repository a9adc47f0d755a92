/*
 * fileutil.h - small file helpers.
 */
#ifndef MOTCUA_FILEUTIL_H
#define MOTCUA_FILEUTIL_H

#include <stddef.h>
#include "error.h"

/* Read a whole file into a NUL-terminated buffer the caller frees. */
int mc_file_read(const char *path, char **out, size_t *len, mc_error *err);

/* The files in `dir` whose names end with `suffix`, as sorted "dir/name"
 * paths. Free with mc_dir_list_free. */
int mc_dir_list(const char *dir, const char *suffix, char ***out, size_t *n, mc_error *err);
void mc_dir_list_free(char **files, size_t n);

#endif
