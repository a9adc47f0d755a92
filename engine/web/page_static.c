/*
 * page_static.c - GET /static/{name}: the stylesheet and the script of the
 * desk, from the program itself. They change only with the program, so a
 * browser may keep them an hour and revalidate by ETag.
 */
#include "assets.h"
#include "page.h"

#include <string.h>

void mc_page_static(mc_request *rq)
{
	for (const mc_asset *a = mc_assets; a->name; a++) {
		if (strcmp(a->name, rq->param))
			continue;
		const char *inm = mc_rq_header(rq, "If-None-Match");
		if (inm && !strcmp(inm, a->etag)) {
			mc_reply_bytes(&rq->reply, 304, NULL, "", 0);
		} else {
			mc_reply_bytes(&rq->reply, 200, a->ctype, (const char *)a->data, a->len);
		}
		mc_reply_header(&rq->reply, "ETag", "%s", a->etag);
		mc_reply_header(&rq->reply, "Cache-Control", "public, max-age=3600");
		return;
	}
	mc_reply_bytes(&rq->reply, 404, "text/plain; charset=utf-8", "Không tìm thấy\n",
		       strlen("Không tìm thấy\n"));
}
