/*
 * csv.h - an RFC 4180 reader: quoted fields with embedded commas, quotes
 * ("") and line breaks, CRLF or LF line ends, a UTF-8 byte-order mark.
 * Malformed input (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote) is an error naming the line and column.
 */
#ifndef MOTCUA_CSV_H
#define MOTCUA_CSV_H

#include <stddef.h>
#include "error.h"

#define MC_CSV_MAX_FIELDS 64

typedef struct mc_csv {
	const char *text;
	size_t len, pos;
	int line;                        /* line of the next record */
	const char *path;                /* for messages */
	char *buf;                       /* field storage of the current record */
	size_t cap;
} mc_csv;

void mc_csv_init(mc_csv *c, const char *path, const char *text, size_t len);
void mc_csv_free(mc_csv *c);

/* Read the next record: fields[i] point into the reader's storage until the
 * next call. Returns 1 with *n fields and *line the record's first line,
 * 0 at the end, or MC_ERR_INPUT (negated) on malformed input. */
int mc_csv_next(mc_csv *c, const char **fields, size_t *n, int *line, mc_error *err);

#endif
