/*
 * page_office.c - (being built) the page "Văn phòng".
 */
#include "page.h"

void mc_page_office(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Văn phòng", "van-phong");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Văn phòng");
	mc_page_send(rq, &b, 501);
}

void mc_page_office_post(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Văn phòng", "van-phong");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Văn phòng");
	mc_page_send(rq, &b, 501);
}

void mc_page_office_letter(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Văn phòng", "van-phong");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Văn phòng");
	mc_page_send(rq, &b, 501);
}

void mc_page_office_users(mc_request *rq)
{
	mc_buf b = { 0 };
	mc_page_begin(rq, &b, "Văn phòng", "van-phong");
	mc_html(&b, "<h1>%s</h1>\n<p>Trang này đang được xây dựng.</p>\n", "Văn phòng");
	mc_page_send(rq, &b, 501);
}

