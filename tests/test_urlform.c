/*
 * test_urlform.c - the desk's form bodies (engine/core/urlform.c).
 */
#include "check.h"
#include "urlform.h"

#include <stdlib.h>

/* parse a copy of `body`: the result, the pairs in kv */
static int parse(const char *body, char **keep, const char **kv, size_t max, size_t *n)
{
	size_t len = strlen(body);
	*keep = malloc(len + 1);
	memcpy(*keep, body, len);
	return mc_urlform_parse(*keep, len, kv, max, n);
}

int main(void)
{
	const char *kv[16];
	size_t n;
	char *b;

	CHECK_INT(parse("login=nv.an&password=m%E1%BA%ADt+kh%E1%BA%A9u", &b, kv, 8, &n), 0);
	CHECK_INT(n, 2);
	CHECK_STR(kv[0], "login");
	CHECK_STR(kv[1], "nv.an");
	CHECK_STR(kv[3], "mật khẩu");
	free(b);
	/* repeated names, a name without '=', empty fields skipped */
	CHECK_INT(parse("code=A&&code=B&flag&=", &b, kv, 8, &n), 0);
	CHECK_INT(n, 4);
	CHECK_STR(kv[2], "code");
	CHECK_STR(kv[3], "B");
	CHECK_STR(kv[4], "flag");
	CHECK_STR(kv[5], "");
	CHECK_STR(kv[6], "");
	free(b);
	/* a note of two lines */
	CHECK_INT(parse("note=d%C3%B2ng+1%0D%0Ad%C3%B2ng+2%09x", &b, kv, 8, &n), 0);
	CHECK_STR(kv[1], "dòng 1\r\ndòng 2\tx");
	free(b);
	/* an escaped '&' and '=' stay in the value */
	CHECK_INT(parse("q=a%26b%3Dc", &b, kv, 8, &n), 0);
	CHECK_STR(kv[1], "a&b=c");
	free(b);
	/* refused: bad escapes, NUL, other controls, bad UTF-8, overlong, too many */
	const char *bad[] = { "a=%zz", "a=%4", "a=%", "a=x%00y", "%00=1", "a=%1B[31m", "a=%7F",
			      "a=%C0%80", "a=%E0%80%AF", "a=%ED%A0%80", "a=%F4%90%80%80", "a=%C3",
			      "a=%FF", "a=%C2%85", NULL };
	for (int i = 0; bad[i]; i++) {
		int rc = parse(bad[i], &b, kv, 8, &n);
		if (rc != -1)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		CHECK_INT(rc, -1);
		free(b);
	}
	CHECK_INT(parse("a=1&b=2&c=3", &b, kv, 2, &n), -1);
	free(b);
	CHECK_INT(parse("", &b, kv, 2, &n), 0);
	CHECK_INT(n, 0);
	free(b);
	return check_failures ? 1 : 0;
}
