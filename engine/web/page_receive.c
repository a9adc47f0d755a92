/*
 * page_receive.c - (being built) the page "Tiếp nhận hồ sơ".
 */
#include "page.h"

void mc_page_receive_form(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Tiếp nhận hồ sơ", "tiep-nhan");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Tiếp nhận hồ sơ");
	mc_page_send(rq, &b, 501);
}

void mc_page_receive(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Tiếp nhận hồ sơ", "tiep-nhan");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Tiếp nhận hồ sơ");
	mc_page_send(rq, &b, 501);
}

