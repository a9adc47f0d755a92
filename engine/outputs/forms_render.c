/*
 * forms_render.c - Mẫu 02, 03 and 05 (see forms_render.h).
 */
#include "forms_render.h"
#include "apology_letter.h"
#include "forms.h"
#include "slip.h"

#include <stdio.h>
#include <string.h>

const mc_event *mc_form_event(const mc_dossier_info *info, const char *action)
{
	for (size_t i = info->nevents; i-- > 0;)
		if (!strcmp(info->events[i].action, action))
			return &info->events[i];
	return NULL;
}

/* Who and what: the applicant, their contacts, the request. */
static void applicant(mc_buf *b, const mc_agency *a, const mc_dossier_info *info)
{
	char t[64];
	mc_buf_addf(b, "Bộ phận tiếp nhận và trả kết quả %s\n", a->name);
	mc_buf_addf(b, "Tiếp nhận hồ sơ của: %s\n", info->applicant_name);
	if (info->applicant_address)
		mc_buf_addf(b, "Địa chỉ: %s\n", info->applicant_address);
	if (info->applicant_phone)
		mc_buf_addf(b, "Số điện thoại: %s\n", info->applicant_phone);
	mc_buf_addf(b, "Nội dung yêu cầu giải quyết: %s\n", info->procedure->name);
	mc_format_moment_vn(t, sizeof t, info->d.received_at);
	mc_buf_addf(b, "Thời gian nhận hồ sơ: %s\n", t);
}

/* The note as numbered items: one per line or per ';'. */
static void items(mc_buf *b, const char *note)
{
	int n = 0;
	const char *p = note && *note ? note : "(không ghi nội dung)";
	while (*p) {
		size_t k = strcspn(p, ";\n");
		const char *s = p;
		size_t len = k;
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '.'))
			len--;
		if (len)
			mc_buf_addf(b, "%d. %.*s.\n", ++n, (int)len, s);
		p += k + (p[k] != 0);
	}
}

static void form_titles(mc_document *doc, const char *form, const char *circular)
{
	snprintf(doc->subtitle_buf, sizeof doc->subtitle_buf, "(%s, %s)", form, circular);
	doc->subtitle = doc->subtitle_buf;
}

void mc_form_supplement(mc_document *doc, const mc_agency *a, const mc_dossier_info *info,
			const mc_event *e)
{
	const mc_regime *r = mc_regime_at(mc_time_day(e->at));
	mc_buf *b = &doc->body;
	char t[64];
	mc_form_heading(doc, a, "A5", 1);
	mc_document_place_date(doc, a->province, mc_time_day(e->at));
	snprintf(doc->above_buf, sizeof doc->above_buf, "Mã hồ sơ: %s", info->code);
	doc->above_title = doc->above_buf;
	doc->title = r->supplement_title;
	form_titles(doc, r->supplement_form, r->circular);
	applicant(b, a, info);
	int nth = 0;
	for (size_t i = 0; i < info->nevents && &info->events[i] <= e; i++)
		nth += !strcmp(info->events[i].action, "supplement_request");
	mc_format_moment_vn(t, sizeof t, e->at);
	mc_buf_addf(b, "Ngày yêu cầu bổ sung: %s%s", t, nth > 1 ? "" : "\n");
	if (nth > 1)
		mc_buf_addf(b, " (lần thứ %02d)\n", nth);
	mc_buf_add(b, "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:\n");
	items(b, e->note);
	mc_buf_add(b, "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, xin liên hệ Bộ phận tiếp nhận "
		   "và trả kết quả để được hướng dẫn. Thời gian chờ bổ sung không tính vào thời gian "
		   "giải quyết hồ sơ.\n");
	doc->sign[1] = (mc_signature){ "NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", e->actor };
}

void mc_form_refusal(mc_document *doc, const mc_agency *a, const mc_dossier_info *info,
		     const mc_event *e)
{
	const mc_regime *r = mc_regime_at(mc_time_day(e->at));
	mc_buf *b = &doc->body;
	mc_form_heading(doc, a, "A5", 1);
	mc_document_place_date(doc, a->province, mc_time_day(e->at));
	snprintf(doc->above_buf, sizeof doc->above_buf, "Mã hồ sơ: %s", info->code);
	doc->above_title = doc->above_buf;
	doc->title = r->refusal_title;
	form_titles(doc, r->refusal_form, r->circular);
	applicant(b, a, info);
	mc_buf_addf(b, "Qua xem xét, %s thông báo không tiếp nhận, giải quyết hồ sơ này với lý do "
		    "cụ thể như sau:\n", a->name);
	items(b, e->note);
	mc_buf_addf(b, "Xin thông báo để %s được biết và thực hiện.\n", info->applicant_name);
	doc->sign[1] = (mc_signature){ "NGƯỜI LẬP PHIẾU", "(Ký và ghi rõ họ tên)", e->actor };
}

void mc_form_stop(mc_document *doc, const mc_agency *a, const mc_dossier_info *info,
		  const mc_event *e)
{
	const mc_regime *r = mc_regime_at(mc_time_day(e->at));
	mc_buf *b = &doc->body;
	char d[16], t[64];
	mc_form_heading(doc, a, "A4", 0);
	/* notices have no register of their own yet: the number is written in
	 * when it is entered in the outgoing register */
	snprintf(doc->number_buf, sizeof doc->number_buf, "Số: ....../TB-SKHCN");
	doc->number = doc->number_buf;
	mc_document_place_date(doc, a->province, mc_time_day(e->at));
	doc->title = r->stop_title ? r->stop_title : "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ";
	form_titles(doc, r->stop_form ? r->stop_form : "", r->circular);
	mc_buf_addf(b, "Kính gửi: %s\n", info->applicant_name);
	if (info->applicant_address)
		mc_buf_addf(b, "Địa chỉ: %s\n", info->applicant_address);
	mc_buf_add(b, "\n");
	mc_format_date_vn(d, sizeof d, mc_time_day(info->d.received_at));
	mc_buf_addf(b, "Ngày %s, %s tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: %s.\n",
		    d, a->name, info->procedure->name);
	mc_buf_addf(b, "Mã hồ sơ: %s.\n", info->code);
	mc_format_moment_vn(t, sizeof t, e->at);
	mc_buf_addf(b, "%s thông báo dừng giải quyết hồ sơ nêu trên từ %s.\n", a->name, t);
	mc_buf_add(b, "Lý do:\n");
	items(b, e->note);
	mc_buf_addf(b, "%s thông báo để %s được biết.\n", a->name, info->applicant_name);
	doc->recipients = "- Như trên;\n- Bộ phận Một cửa (Trung tâm Phục vụ hành chính công tỉnh);\n"
			  "- Lưu: VT, hồ sơ.\n";
	mc_agency_signature(doc, a, 1);
}
