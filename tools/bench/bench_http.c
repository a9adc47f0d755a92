/*
 * bench_http.c - a minimal HTTP/1.1 client over a Unix socket for the
 * server benchmarks: keep-alive requests, replies with Content-Length.
 */
#include "bench_http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int bench_connect_unix(const char *sock_path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock_path);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa)) {
		fprintf(stderr, "bench: cannot connect to %s: %s\n", sock_path, strerror(errno));
		if (s >= 0)
			close(s);
		return -1;
	}
	return s;
}

int bench_send_all(int s, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(s, p, n);
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* One reply: its status; the body (NUL-ended) in buf. -1 on a broken connection. */
int bench_read_reply(int s, char *buf, size_t cap)
{
	size_t len = 0;
	char *end = NULL;
	while (!(end = strstr(buf, "\r\n\r\n"))) {
		if (len + 1 >= cap)
			return -1;
		ssize_t k = read(s, buf + len, cap - 1 - len);
		if (k <= 0)
			return -1;
		len += (size_t)k;
		buf[len] = '\0';
	}
	int status = 0;
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	size_t body = 0;
	for (char *l = strstr(buf, "\r\n"); l && l < end; l = strstr(l + 2, "\r\n"))
		if (!strncasecmp(l + 2, "Content-Length:", 15))
			body = strtoul(l + 17, NULL, 10);
	size_t head = (size_t)(end + 4 - buf);
	if (head + body >= cap)
		return -1;
	while (len < head + body) {
		ssize_t k = read(s, buf + len, head + body - len);
		if (k <= 0)
			return -1;
		len += (size_t)k;
	}
	buf[len] = '\0';
	memmove(buf, buf + head, body + 1);
	return status;
}

