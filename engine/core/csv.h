/*
 * csv.h - RFC 4180, both ways. The writer (mc_csv_field, mc_csv_bom) is
 * the one every CSV output goes through: a field is quoted, its quotes
 * doubled, when it holds a comma, a quote or a line break; records end in
 * CRLF; files start with the UTF-8 byte-order mark (Excel reads Vietnamese
 * right only then).
 *
 * The reader: quoted fields with embedded commas, quotes
 * ("") and line breaks, CRLF or LF line ends, a UTF-8 byte-order mark.
 * Malformed input (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote) is an error naming the line and column.
 */
#ifndef MOTCUA_CSV_H
#define MOTCUA_CSV_H

#include <stddef.h>
#include "error.h"
#include "strbuf.h"

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

/* The UTF-8 byte-order mark that opens every CSV file motcua writes. */
#define MC_CSV_BOM "\xEF\xBB\xBF"
/* The record separator. */
#define MC_CSV_EOL "\r\n"

/* Append one field, quoted when it must be (NULL is an empty field). */
void mc_csv_field(mc_buf *b, const char *s);

#endif
