/*
 * fileutil.h - small file helpers.
 */
#ifndef MOTCUA_FILEUTIL_H
#define MOTCUA_FILEUTIL_H

#include <stddef.h>
#include "error.h"

/* Read a whole file into a NUL-terminated buffer the caller frees. */
int mc_file_read(const char *path, char **out, size_t *len, mc_error *err);

#endif
