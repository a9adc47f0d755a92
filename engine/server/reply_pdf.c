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

/* A file written by `write` into a temporary file, read back as the reply
 * (cairo and libxlsxwriter write files); `lock`: one at a time (pango is
 * not thread-safe here). */
int mc_reply_file(mc_request *rq, int (*write)(const char *path, void *arg, mc_error *err),
		  void *arg, int lock, const char *ctype, const char *disposition, const char *filename)
{
	char path[4096];
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/motcua-out.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	mc_error err;
	int fd = mkstemp(path);
	if (fd < 0) {
		mc_error_set(&err, MC_ERR_INTERNAL, "mkstemp: %s", strerror(errno));
		mc_reply_error(rq, &err);
		return -1;
	}
	close(fd);
	if (lock)
		pthread_mutex_lock(&rq->srv->pdf_mu);
	int rc = write(path, arg, &err);
	if (lock)
		pthread_mutex_unlock(&rq->srv->pdf_mu);
	mc_buf data = { 0 };
	if (!rc) {
		FILE *f = fopen(path, "rb");
		char chunk[8192];
		size_t k;
		if (!f)
			rc = mc_error_set(&err, MC_ERR_INTERNAL, "cannot read the file back");
		while (f && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
			mc_buf_addn(&data, chunk, k);
		if (f)
			fclose(f);
	}
	unlink(path);
	if (!rc && mc_buf_failed(&data))
		rc = mc_error_set(&err, MC_ERR_INTERNAL, "out of memory");
	if (rc) {
		mc_reply_error(rq, &err);
	} else {
		mc_reply_bytes(&rq->reply, 200, ctype, mc_buf_str(&data), data.len);
		mc_reply_header(&rq->reply, "Content-Disposition", "%s; filename=\"%s\"", disposition,
				filename);
	}
	mc_buf_free(&data);
	return rc ? -1 : 0;
}

static int write_pdf(const char *path, void *arg, mc_error *err)
{
	return mc_document_pdf(arg, path, err);
}

/* A document as a PDF reply. */
int mc_reply_pdf(mc_request *rq, const mc_document *doc, const char *filename)
{
	return mc_reply_file(rq, write_pdf, (void *)doc, 1, "application/pdf", "inline", filename);
}
