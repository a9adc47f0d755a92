/*
 * strbuf.h - a growable string buffer. (CSV fields: csv.h; JSON documents:
 * jansson through outputs/json_out.h.)
 *
 * Appends never fail visibly: on allocation failure the buffer is marked
 * failed (mc_buf_failed) and further appends are ignored, so a caller
 * checks once at the end.
 */
#ifndef MOTCUA_STRBUF_H
#define MOTCUA_STRBUF_H

#include <stddef.h>

typedef struct mc_buf {
	char *data;      /* NUL-terminated; NULL until the first append */
	size_t len, cap;
	int failed;
} mc_buf;

void mc_buf_add(mc_buf *b, const char *s);
/* Room for `extra` more bytes at once (a failure marks the buffer). */
void mc_buf_reserve(mc_buf *b, size_t extra);
void mc_buf_addn(mc_buf *b, const char *s, size_t n);
void mc_buf_addf(mc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contents ("" if empty). */
const char *mc_buf_str(const mc_buf *b);
int mc_buf_failed(const mc_buf *b);
/* Empty it, keeping its memory for the next use (a failure stays). */
void mc_buf_clear(mc_buf *b);
void mc_buf_free(mc_buf *b);

#endif
