/*
 * sqlsplit.h - split an SQL script into statements.
 *
 * Migration files hold several statements; libpq's PQexecParams runs exactly
 * one, so the runner splits the file itself. Semicolons inside quotes
 * ('..', "..", E'..'), dollar-quoted bodies ($$..$$, $tag$..$tag$) and
 * comments (-- and nested block comments) do not end a statement.
 */
#ifndef MOTCUA_SQLSPLIT_H
#define MOTCUA_SQLSPLIT_H

#include <stddef.h>

/*
 * Find the next statement in text[*pos..len). On return 1, the statement is
 * text[*start .. *start + *n) (without the semicolon, leading blanks and
 * comments skipped), *line is its 1-based first line, and *pos is advanced
 * past it. Returns 0 at the end. Returns -1 on an unterminated quote or
 * comment (with *line where it starts).
 */
int mc_sql_next(const char *text, size_t len, size_t *pos, size_t *start,
		size_t *n, int *line);

#endif
