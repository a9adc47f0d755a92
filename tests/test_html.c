/*
 * test_html.c - the desk's escaping (engine/web/html.c): text and quoted
 * attributes, URL components, the formatter's conversions, and the
 * Vietnamese decimal comma.
 */
#include "check.h"
#include "html.h"

#include <stdlib.h>

static char *fmt1(const char *f, const char *v)
{
	mc_buf b = { 0 };
	mc_html(&b, f, v);
	char *s = strdup(mc_buf_str(&b));
	mc_buf_free(&b);
	return s;
}

static void check_fmt(const char *f, const char *v, const char *want)
{
	char *s = fmt1(f, v);
	CHECK_STR(s, want);
	free(s);
}

int main(void)
{
	/* every character that ends a text or an attribute value */
	check_fmt("<p>%s</p>", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	check_fmt("<input value=\"%s\">", "\" onfocus=\"x", "<input value=\"&quot; onfocus=&quot;x\">");
	check_fmt("<a title='%s'>", "' onclick='x", "<a title='&#39; onclick=&#39;x'>");
	check_fmt("%s", "A & B", "A &amp; B");
	check_fmt("%s", "Nguyễn Văn An", "Nguyễn Văn An");     /* UTF-8 kept as it is */
	check_fmt("[%s]", NULL, "[]");
	/* a URL component: only unreserved characters stay */
	check_fmt("/ho-so?q=%u", "0905 123&x=<1>", "/ho-so?q=0905%20123%26x%3D%3C1%3E");
	check_fmt("?next=%u", "/ho-so/a b", "?next=%2Fho-so%2Fa%20b");
	check_fmt("%u", "Đ", "%C4%90");
	check_fmt("javascript:%u", "alert(1)", "javascript:alert%281%29");
	/* markup of the program itself, and numbers */
	check_fmt("<b>%r</b>", "<i>x</i>", "<b><i>x</i></b>");
	{
		mc_buf b = { 0 };
		mc_html(&b, "%d %ld %zu 100%% %s", -3, 1234567890L, (size_t)42, "&");
		CHECK_STR(mc_buf_str(&b), "-3 1234567890 42 100% &amp;");
		mc_buf_free(&b);
	}
	/* an unknown conversion writes nothing (and takes no argument) */
	check_fmt("a%xb%s", "<", "ab&lt;");
	/* a trailing % is dropped */
	check_fmt("50%", NULL, "50");

	char n[32];
	mc_html_decimal(n, sizeof n, 1234.5, 1);
	CHECK_STR(n, "1.234,5");
	mc_html_decimal(n, sizeof n, 75.0, 1);
	CHECK_STR(n, "75,0");
	mc_html_decimal(n, sizeof n, -1234567.25, 2);
	CHECK_STR(n, "-1.234.567,25");
	mc_html_decimal(n, sizeof n, 999, 0);
	CHECK_STR(n, "999");
	mc_html_decimal(n, sizeof n, 1000, 0);
	CHECK_STR(n, "1.000");
	return check_failures ? 1 : 0;
}
