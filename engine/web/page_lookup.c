/*
 * page_lookup.c - (being built) the page "Tra cứu hồ sơ".
 */
#include "page.h"

void mc_page_lookup(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Tra cứu hồ sơ", "tra-cuu");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Tra cứu hồ sơ");
	mc_page_send(rq, &b, 501);
}

void mc_page_lookup_token(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Tra cứu hồ sơ", "tra-cuu");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Tra cứu hồ sơ");
	mc_page_send(rq, &b, 501);
}

