/*
 * document.h - a printed form: the letterhead and national heading, a
 * title, the body lines and a signature block. Rendered as plain text
 * (fixed width) or as a PDF page (cairo + pango, which shape Vietnamese
 * diacritics correctly).
 */
#ifndef MOTCUA_DOCUMENT_H
#define MOTCUA_DOCUMENT_H

#include "error.h"
#include "strbuf.h"

typedef struct mc_document {
	const char *paper;          /* "A4" or "A5" */
	const char *left[4];        /* letterhead lines (NULL-ended) */
	const char *right[3];       /* national heading lines (NULL-ended) */
	const char *above_title;    /* e.g. "Mã hồ sơ: ..." */
	const char *title, *subtitle;
	mc_buf body;                /* lines of text, '\n'-separated; owned */
	const char *sign[4];        /* signature block lines (NULL-ended) */
	const char *qr;             /* text shown as a QR code (PDF only), or NULL */
	char above_buf[200], subtitle_buf[200];   /* storage for composed lines */
} mc_document;

void mc_document_text(const mc_document *d, mc_buf *out);
int mc_document_pdf(const mc_document *d, const char *path, mc_error *err);
void mc_document_clear(mc_document *d);

#endif
