/*
 * csv.c - RFC 4180 reader and field writer (see csv.h).
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

void mc_csv_init(mc_csv *c, const char *path, const char *text, size_t len)
{
	memset(c, 0, sizeof *c);
	c->text = text;
	c->len = len;
	c->path = path;
	c->line = 1;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		c->pos = 3;
}

void mc_csv_free(mc_csv *c)
{
	free(c->buf);
	c->buf = NULL;
	c->cap = 0;
}

int mc_csv_next(mc_csv *c, const char **fields, size_t *n, int *line, mc_error *err)
{
	if (c->pos >= c->len)
		return 0;
	/* a record is at most as long as the rest of the text */
	size_t need = c->len - c->pos + MC_CSV_MAX_FIELDS + 1;
	if (need > c->cap) {
		char *b = realloc(c->buf, need);
		if (!b)
			return -mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
		c->buf = b;
		c->cap = need;
	}
	size_t out = 0, nf = 0, col_start = c->pos;
	int rec_line = c->line;
	const char *t = c->text;
	for (;;) {
		if (nf == MC_CSV_MAX_FIELDS)
			return -mc_error_at(err, MC_ERR_INPUT, c->path, c->line, 1,
					    "more than %d fields in a record", MC_CSV_MAX_FIELDS);
		fields[nf++] = c->buf + out;
		if (c->pos < c->len && t[c->pos] == '"') {
			size_t q = c->pos++;
			int qline = c->line;
			for (;;) {
				if (c->pos >= c->len)
					return -mc_error_at(err, MC_ERR_INPUT, c->path, qline,
							    (int)(q - col_start) + 1, "unterminated quoted field");
				char ch = t[c->pos];
				if (ch == '"') {
					if (c->pos + 1 < c->len && t[c->pos + 1] == '"') {
						c->buf[out++] = '"';
						c->pos += 2;
						continue;
					}
					c->pos++;
					break;
				}
				if (ch == '\n')
					c->line++;
				c->buf[out++] = ch;
				c->pos++;
			}
			if (c->pos < c->len && t[c->pos] != ',' && t[c->pos] != '\n' && t[c->pos] != '\r')
				return -mc_error_at(err, MC_ERR_INPUT, c->path, c->line,
						    (int)(c->pos - col_start) + 1,
						    "text after a closing quote");
		} else {
			while (c->pos < c->len && t[c->pos] != ',' && t[c->pos] != '\n' &&
			       t[c->pos] != '\r') {
				if (t[c->pos] == '"')
					return -mc_error_at(err, MC_ERR_INPUT, c->path, c->line,
							    (int)(c->pos - col_start) + 1,
							    "a quote inside an unquoted field");
				c->buf[out++] = t[c->pos++];
			}
		}
		c->buf[out++] = '\0';
		if (c->pos < c->len && t[c->pos] == ',') {
			c->pos++;
			continue;
		}
		/* end of record */
		if (c->pos < c->len && t[c->pos] == '\r')
			c->pos++;
		if (c->pos < c->len && t[c->pos] == '\n')
			c->pos++;
		c->line++;
		break;
	}
	*n = nf;
	*line = rec_line;
	return 1;
}

void mc_csv_field(mc_buf *b, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		mc_buf_add(b, s);
		return;
	}
	mc_buf_add(b, "\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			mc_buf_add(b, "\"");
		mc_buf_addn(b, p, 1);
	}
	mc_buf_add(b, "\"");
}
