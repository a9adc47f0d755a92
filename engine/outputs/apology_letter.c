/*
 * apology_letter.c - the apology letter, Mẫu 04 of the regime in force on
 * its date (see apology_letter.h).
 */
#include "apology_letter.h"
#include "forms.h"
#include "slip.h"

#include <stdio.h>
#include <string.h>

void mc_apology_letter(mc_document *doc, const mc_agency *ag, const mc_dossier_info *info,
		       const mc_apology *a, const char *reason)
{
	const mc_regime *r = mc_regime_at(mc_time_day(a->issued_at));
	int new_regime = strstr(r->circular, "03/2025") != NULL;
	char t1[64], t2[64], d[16];
	int y, m, dd;
	mc_buf *b = &doc->body;
	doc->paper = "A4";
	doc->left[0] = ag->letterhead_parent;
	doc->left[1] = ag->letterhead_name;
	doc->right[0] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	doc->right[1] = "Độc lập - Tự do - Hạnh phúc";
	mc_civil_from_days(mc_time_day(a->issued_at), &y, &m, &dd);
	if (a->number)
		snprintf(doc->above_buf, sizeof doc->above_buf,
			 "Số: %d/XL-SKHCN%*s%s, ngày %02d tháng %02d năm %d", a->number, 20, "",
			 ag->province, dd, m, y);
	else
		snprintf(doc->above_buf, sizeof doc->above_buf,
			 "Số: ..../XL-SKHCN (DỰ THẢO)%*s%s, ngày %02d tháng %02d năm %d", 10, "",
			 ag->province, dd, m, y);
	doc->above_title = doc->above_buf;
	doc->title = r->apology_title;
	snprintf(doc->subtitle_buf, sizeof doc->subtitle_buf, "(%s, %s)", r->apology_form, r->circular);
	doc->subtitle = doc->subtitle_buf;
	mc_buf_addf(b, "Kính gửi: %s\n", info->applicant_name);
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
		mc_buf_addf(b, "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà/Tổ chức. "
			    "%s trân trọng xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ đến %s.\n",
			    ag->name, t2);
	else
		mc_buf_addf(b, "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà/Tổ chức. "
			    "%s trân trọng xin lỗi Ông/Bà/Tổ chức và hẹn lại ngày trả kết quả: %s.\n",
			    ag->name, t2);
	mc_buf_add(b, "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà/Tổ chức.\n\n");
	mc_buf_add(b, "Nơi nhận:\n- Như trên;\n- Bộ phận Một cửa (Trung tâm Phục vụ hành chính công tỉnh);\n"
		   "- Lưu: VT, hồ sơ.\n");
	doc->sign[0] = "THỦ TRƯỞNG CƠ QUAN";
	doc->sign[1] = "(Ký, ghi rõ họ tên và đóng dấu)";
}
