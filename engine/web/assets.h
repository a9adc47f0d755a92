/*
 * assets.h - the desk's static files, built into the program (embed.py
 * writes assets.c from engine/web/static/ at build time).
 */
#ifndef MOTCUA_ASSETS_H
#define MOTCUA_ASSETS_H

#include <stddef.h>

typedef struct mc_asset {
	const char *name, *ctype;
	const unsigned char *data;
	size_t len;
	const char *etag;            /* a hash of the content, quoted */
} mc_asset;

extern const mc_asset mc_assets[];   /* ended by a NULL name */

#endif
