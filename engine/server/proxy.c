/*
 * proxy.c - the client's address and scheme behind a trusted reverse proxy
 * (nginx, tools/nginx/motcua.conf): X-Forwarded-For and X-Forwarded-Proto,
 * read only with --trusted-proxy and only from a local peer (the Unix
 * socket or loopback), so a client reaching the server directly cannot
 * choose the address its failed logins are counted under.
 */
#include "api.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void mc_rq_forwarded(mc_request *rq, int peer_local)
{
	rq->secure = rq->srv->o.secure_cookies;
	if (!rq->srv->o.trusted_proxy || !peer_local)
		return;
	const char *xff = mc_rq_header(rq, "X-Forwarded-For");
	if (xff) {
		/* the last entry: the address the proxy itself saw */
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ' || *last == '\t')
			last++;
		char a[64];
		size_t n = strcspn(last, " \t");
		unsigned char bin[16];
		if (n > 0 && n < sizeof a) {
			memcpy(a, last, n);
			a[n] = '\0';
			if (inet_pton(AF_INET, a, bin) == 1 || inet_pton(AF_INET6, a, bin) == 1)
				snprintf(rq->client, sizeof rq->client, "%s", a);
		}
	}
	const char *proto = mc_rq_header(rq, "X-Forwarded-Proto");
	if (proto && !strcasecmp(proto, "https"))
		rq->secure = 1;
}
