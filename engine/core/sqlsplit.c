/*
 * sqlsplit.c - statement splitter for migration scripts (see sqlsplit.h).
 */
#include "sqlsplit.h"

#include <ctype.h>
#include <string.h>

static int count_lines(const char *s, size_t from, size_t to)
{
	int n = 0;
	for (size_t i = from; i < to; i++)
		n += s[i] == '\n';
	return n;
}

/* Length of a dollar-quote tag starting at s[i] ('$'), or 0 if none. */
static size_t dollar_tag(const char *s, size_t len, size_t i)
{
	size_t j = i + 1;
	if (j < len && (isdigit((unsigned char)s[j])))
		return 0; /* $1 is a parameter, not a tag */
	while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_' ||
			   (unsigned char)s[j] >= 0x80))
		j++;
	if (j < len && s[j] == '$')
		return j - i + 1;
	return 0;
}

/* Skip a (nested) block comment starting at s[*i]; -1 if unterminated. */
static int skip_block_comment(const char *s, size_t len, size_t *i)
{
	int depth = 0;
	do {
		if (*i + 1 < len && s[*i] == '/' && s[*i + 1] == '*') {
			depth++;
			*i += 2;
		} else if (*i + 1 < len && s[*i] == '*' && s[*i + 1] == '/') {
			depth--;
			*i += 2;
		} else {
			(*i)++;
		}
	} while (depth > 0 && *i < len);
	return depth > 0 ? -1 : 0;
}

int mc_sql_next(const char *s, size_t len, size_t *pos, size_t *start,
		size_t *n, int *line)
{
	size_t i = *pos;
	int base_line = 1 + count_lines(s, 0, i);
	/* skip blanks, comments and empty statements */
	for (;;) {
		while (i < len && (isspace((unsigned char)s[i]) || s[i] == ';'))
			i++;
		if (i + 1 < len && s[i] == '-' && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
			size_t c0 = i;
			if (skip_block_comment(s, len, &i) < 0) {
				*line = base_line + count_lines(s, *pos, c0);
				return -1;
			}
			continue;
		}
		break;
	}
	if (i >= len) {
		*pos = len;
		return 0;
	}
	size_t begin = i;
	*line = base_line + count_lines(s, *pos, begin);
	while (i < len && s[i] != ';') {
		char c = s[i];
		if (c == '\'' || c == '"') {
			size_t q0 = i++;
			for (;;) {
				if (i >= len) {
					*line = base_line + count_lines(s, *pos, q0);
					return -1;
				}
				if (s[i] == '\\' && c == '\'' && q0 > 0 &&
				    (s[q0 - 1] == 'E' || s[q0 - 1] == 'e')) {
					i += 2;
					continue;
				}
				if (s[i] == c) {
					if (i + 1 < len && s[i + 1] == c) {
						i += 2;
						continue;
					}
					i++;
					break;
				}
				i++;
			}
		} else if (c == '$' && dollar_tag(s, len, i)) {
			size_t t = dollar_tag(s, len, i), q0 = i;
			const char *tag = s + i;
			i += t;
			for (;;) {
				if (i + t > len) {
					*line = base_line + count_lines(s, *pos, q0);
					return -1;
				}
				if (s[i] == '$' && memcmp(s + i, tag, t) == 0) {
					i += t;
					break;
				}
				i++;
			}
		} else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			size_t c0 = i;
			if (skip_block_comment(s, len, &i) < 0) {
				*line = base_line + count_lines(s, *pos, c0);
				return -1;
			}
		} else {
			i++;
		}
	}
	size_t end = i;
	while (end > begin && isspace((unsigned char)s[end - 1]))
		end--;
	*start = begin;
	*n = end - begin;
	*pos = i < len ? i + 1 : len;
	return 1;
}
