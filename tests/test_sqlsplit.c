/* Unit tests of the migration statement splitter. */
#include "check.h"
#include "sqlsplit.h"

#include <stdlib.h>

static int split(const char *sql, char out[][200], int *lines, int max)
{
	size_t pos = 0, start, n, len = strlen(sql);
	int line, k = 0, rc;
	while ((rc = mc_sql_next(sql, len, &pos, &start, &n, &line)) == 1 && k < max) {
		snprintf(out[k], 200, "%.*s", (int)n, sql + start);
		lines[k++] = line;
	}
	return rc < 0 ? -line : k;
}

int main(void)
{
	char st[8][200];
	int lines[8];

	CHECK_INT(split("", st, lines, 8), 0);
	CHECK_INT(split("  ;; -- only a comment\n", st, lines, 8), 0);

	CHECK_INT(split("SELECT 1; SELECT 2", st, lines, 8), 2);
	CHECK_STR(st[0], "SELECT 1");
	CHECK_STR(st[1], "SELECT 2");

	CHECK_INT(split("-- head\nCREATE TABLE t (a text DEFAULT 'x;y');\n\n"
			"/* a /* nested */ ; comment */\nINSERT INTO t VALUES ('it''s;');",
			st, lines, 8), 2);
	CHECK_STR(st[0], "CREATE TABLE t (a text DEFAULT 'x;y')");
	CHECK_INT(lines[0], 2);
	CHECK_STR(st[1], "INSERT INTO t VALUES ('it''s;')");
	CHECK_INT(lines[1], 5);

	CHECK_INT(split("CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;\n"
			"SELECT $$a;b$$, $1;", st, lines, 8), 2);
	CHECK_STR(st[0], "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql");
	CHECK_STR(st[1], "SELECT $$a;b$$, $1");
	CHECK_INT(lines[1], 2);

	CHECK_INT(split("SELECT E'a\\';b'; SELECT \"x;y\"", st, lines, 8), 2);
	CHECK_STR(st[0], "SELECT E'a\\';b'");

	/* unterminated: reported at the line where it opens */
	CHECK_INT(split("SELECT 1;\nSELECT 'open", st, lines, 8), -2);
	CHECK_INT(split("SELECT 1;\n\n/* open", st, lines, 8), -3);
	CHECK_INT(split("SELECT $x$ never closed", st, lines, 8), -1);
	return CHECK_RESULT();
}
