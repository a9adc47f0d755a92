/*
 * apology_letter.c - the apology letter, Mẫu 04 of the regime in force on
 * its date (see apology_letter.h).
 */
#include "apology_letter.h"
#include "forms.h"
#include "slip.h"

#include <stdio.h>
#include <string.h>

void mc_agency_signature(mc_document *doc, const mc_agency *ag, int slot)
{
	if (ag->signer_title && ag->signer_subtitle)
		snprintf(doc->sign_buf[slot], sizeof doc->sign_buf[slot], "%s\n%s", ag->signer_title,
			 ag->signer_subtitle);
	else
		snprintf(doc->sign_buf[slot], sizeof doc->sign_buf[slot], "%s",
			 ag->signer_title ? ag->signer_title : "THỦ TRƯỞNG CƠ QUAN");
	doc->sign[slot].title = doc->sign_buf[slot];
	doc->sign[slot].hint = ag->signer_name && *ag->signer_name ? NULL : "(Ký, ghi rõ họ tên và đóng dấu)";
	doc->sign[slot].name = ag->signer_name;
}

void mc_apology_letter(mc_document *doc, const mc_agency *ag, const mc_dossier_info *info,
		       const mc_apology *a, const char *reason)
{
	const mc_regime *r = mc_regime_at(mc_time_day(a->issued_at));
	int new_regime = r->stop_form != NULL;
	const char *who = info->applicant_name;
	char t1[64], t2[64], d[16];
	mc_buf *b = &doc->body;
	mc_form_heading(doc, ag, "A4", 0);
	/* Decree 30/2020, Appendix I: numbers below 10 are written with a 0 */
	if (a->number)
		snprintf(doc->number_buf, sizeof doc->number_buf, "Số: %02d/XL-SKHCN", a->number);
	else
		snprintf(doc->number_buf, sizeof doc->number_buf, "Số: ..../XL-SKHCN (DỰ THẢO)");
	doc->number = doc->number_buf;
	mc_document_place_date(doc, ag->province, mc_time_day(a->issued_at));
	doc->title = r->apology_title;
	snprintf(doc->subtitle_buf, sizeof doc->subtitle_buf, "(%s, %s)", r->apology_form, r->circular);
	doc->subtitle = doc->subtitle_buf;
	mc_buf_addf(b, "Kính gửi: %s\n", who);
	if (info->applicant_address)
		mc_buf_addf(b, "Địa chỉ: %s\n", info->applicant_address);
	mc_buf_add(b, "\n");
	mc_format_date_vn(d, sizeof d, mc_time_day(info->d.received_at));
	mc_buf_addf(b, "Ngày %s, %s tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính: %s.\n",
		    d, ag->name, info->procedure->name);
	mc_buf_addf(b, "Mã hồ sơ: %s.\n", info->code);
	mc_format_moment_vn(t1, sizeof t1, a->original_due);
	mc_buf_addf(b, "Thời hạn trả kết quả giải quyết hồ sơ ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả: %s.\n", t1);
	mc_buf_addf(b, "Tuy nhiên, đến nay %s chưa thể trả kết quả giải quyết hồ sơ đúng thời hạn nêu trên.\n",
		    ag->name);
	mc_buf_addf(b, "Lý do: %s.\n", reason);
	mc_format_moment_vn(t2, sizeof t2, a->new_appointment);
	if (new_regime)
		mc_buf_addf(b, "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của %s. "
			    "%s trân trọng xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ đến %s.\n",
			    who, ag->name, t2);
	else
		mc_buf_addf(b, "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của %s. "
			    "%s trân trọng xin lỗi %s và hẹn lại ngày trả kết quả: %s.\n",
			    who, ag->name, who, t2);
	mc_buf_addf(b, "Xin trân trọng cảm ơn sự hợp tác của %s.\n", who);
	doc->recipients = "- Như trên;\n- Bộ phận Một cửa (Trung tâm Phục vụ hành chính công tỉnh);\n"
			  "- Lưu: VT, hồ sơ.\n";
	mc_agency_signature(doc, ag, 1);
}
