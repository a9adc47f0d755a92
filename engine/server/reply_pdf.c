/*
 * reply_pdf.c - a document as a PDF reply (apart from http_reply.c, which
 * the body fuzzer links without the PDF renderer).
 */
#include "api.h"
#include "document.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A document as a PDF reply (rendered to a temporary file: cairo writes
 * files; one rendering at a time, pango is not thread-safe here). */
int mc_reply_pdf(mc_request *rq, const mc_document *doc, const char *filename)
{
	char path[4096];
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/motcua-pdf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	mc_error err;
	int fd = mkstemp(path);
	if (fd < 0) {
		mc_error_set(&err, MC_ERR_INTERNAL, "mkstemp: %s", strerror(errno));
		mc_reply_error(rq, &err);
		return -1;
	}
	close(fd);
	pthread_mutex_lock(&rq->srv->pdf_mu);
	int rc = mc_document_pdf(doc, path, &err);
	pthread_mutex_unlock(&rq->srv->pdf_mu);
	mc_buf pdf = { 0 };
	if (!rc) {
		FILE *f = fopen(path, "rb");
		char chunk[8192];
		size_t k;
		if (!f)
			rc = mc_error_set(&err, MC_ERR_INTERNAL, "cannot read the PDF back");
		while (f && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
			mc_buf_addn(&pdf, chunk, k);
		if (f)
			fclose(f);
	}
	unlink(path);
	if (!rc && mc_buf_failed(&pdf))
		rc = mc_error_set(&err, MC_ERR_INTERNAL, "out of memory");
	if (rc) {
		mc_reply_error(rq, &err);
	} else {
		mc_reply_bytes(&rq->reply, 200, "application/pdf", mc_buf_str(&pdf), pdf.len);
		mc_reply_header(&rq->reply, "Content-Disposition", "inline; filename=\"%s\"", filename);
	}
	mc_buf_free(&pdf);
	return rc ? -1 : 0;
}
