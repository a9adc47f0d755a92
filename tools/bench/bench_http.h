/*
 * bench_http.h - the server benchmarks' HTTP client (bench_http.c).
 */
#ifndef MOTCUA_BENCH_HTTP_H
#define MOTCUA_BENCH_HTTP_H

#include <stddef.h>

/* A connection to the Unix socket at `path`, or -1 (said on stderr). */
int bench_connect_unix(const char *path);
/* Write all of p[0..n); 0 or -1. */
int bench_send_all(int s, const char *p, size_t n);
/* One reply: its status, its body (NUL-ended) moved to the start of buf;
 * -1 on a broken connection or a reply larger than cap. */
int bench_read_reply(int s, char *buf, size_t cap);

#endif
