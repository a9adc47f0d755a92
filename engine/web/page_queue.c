/*
 * page_queue.c - (being built) the page "Hồ sơ".
 */
#include "page.h"

void mc_page_queue(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Hồ sơ", "ho-so");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Hồ sơ");
	mc_page_send(rq, &b, 501);
}

void mc_page_queue_bulk(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Hồ sơ", "ho-so");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Hồ sơ");
	mc_page_send(rq, &b, 501);
}

