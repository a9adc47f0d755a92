/*
 * slip.c - text slips (see slip.h).
 */
#include "slip.h"
#include "forms.h"

#include <stdio.h>
#include <string.h>

void mc_format_moment_vn(char *buf, size_t n, mc_time t)
{
	char d[16];
	int32_t s = mc_time_secs(t);
	mc_format_date_vn(d, sizeof d, mc_time_day(t));
	snprintf(buf, n, "%02d giờ %02d phút, ngày %s", s / 3600, s / 60 % 60, d);
}

/* The letterhead on the left, the national heading on the right. */
static void heading(mc_document *doc, const mc_agency *a, const char *paper)
{
	doc->paper = paper;
	doc->left[0] = a->letterhead_parent;
	doc->left[1] = a->letterhead_name;
	doc->left[2] = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ";
	doc->right[0] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	doc->right[1] = "Độc lập - Tự do - Hạnh phúc";
}

void mc_slip_receipt_doc(mc_document *doc, const mc_agency *a, const mc_dossier_info *info)
{
	const mc_dossier *d = &info->d;
	const mc_regime *r = mc_regime_at(mc_time_day(d->received_at));
	char t1[64], t2[64], dur[48];
	mc_buf *b = &doc->body;
	heading(doc, a, "A5");
	snprintf(doc->above_buf, sizeof doc->above_buf, "Mã hồ sơ: %s", info->code);
	doc->above_title = doc->above_buf;
	doc->qr = info->code;
	doc->title = r->receipt_title;
	snprintf(doc->subtitle_buf, sizeof doc->subtitle_buf, "(%s, %s)", r->receipt_form, r->circular);
	doc->subtitle = doc->subtitle_buf;
	mc_buf_addf(b, "Bộ phận tiếp nhận và trả kết quả %s\n", a->name);
	mc_buf_addf(b, "Tiếp nhận hồ sơ của: %s\n", info->applicant_name);
	if (info->applicant_address)
		mc_buf_addf(b, "Địa chỉ: %s\n", info->applicant_address);
	if (info->applicant_phone)
		mc_buf_addf(b, "Số điện thoại: %s\n", info->applicant_phone);
	mc_buf_addf(b, "Nội dung yêu cầu giải quyết: %s\n", info->procedure->name);
	mc_buf_addf(b, "Mã thủ tục: %s (phiên bản %d)\n", info->procedure->code, info->procedure_version);
	mc_duration_format_vn(dur, sizeof dur, mc_version_time(d->version));
	mc_buf_add(b, "1. Số lượng hồ sơ: 01 (bộ)\n");
	mc_buf_addf(b, "2. Thời gian giải quyết hồ sơ theo quy định là: %s%s\n", dur,
		    d->version->has_shortened ? " (đã rút ngắn)" : "");
	mc_format_moment_vn(t1, sizeof t1, d->received_at);
	mc_buf_addf(b, "3. Thời gian nhận hồ sơ: %s\n", t1);
	mc_format_moment_vn(t2, sizeof t2, d->due_at_receipt);
	mc_buf_addf(b, "4. Thời gian trả kết quả giải quyết hồ sơ: %s\n", t2);
	mc_buf_addf(b, "5. Hình thức nộp hồ sơ: %s\n", mc_channel_vn(info->channel));
	doc->sign[0] = "NGƯỜI TIẾP NHẬN";
	doc->sign[1] = "(Ký và ghi rõ họ tên)";
	doc->sign[2] = info->nevents ? info->events[0].actor : "";
}

void mc_slip_receipt(mc_buf *out, const mc_agency *a, const mc_dossier_info *info)
{
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	mc_slip_receipt_doc(&doc, a, info);
	mc_document_text(&doc, out);
	mc_document_clear(&doc);
}

void mc_slip_control_doc(mc_document *doc, const mc_agency *a, const mc_dossier_info *info,
			 mc_time now)
{
	const mc_dossier *d = &info->d;
	const mc_regime *r = mc_regime_at(mc_time_day(d->received_at));
	char t1[64], t2[64];
	mc_buf *b = &doc->body;
	heading(doc, a, "A4");
	doc->title = r->control_title;
	snprintf(doc->subtitle_buf, sizeof doc->subtitle_buf, "(%s, %s)", r->control_form, r->circular);
	doc->subtitle = doc->subtitle_buf;
	mc_buf_addf(b, "Mã hồ sơ: %s\n", info->code);
	mc_buf_addf(b, "Thủ tục: %s\n", info->procedure->name);
	mc_buf_addf(b, "Người nộp: %s\n", info->applicant_name);
	mc_format_moment_vn(t1, sizeof t1, d->received_at);
	mc_buf_addf(b, "Tiếp nhận: %s\n", t1);
	mc_format_moment_vn(t2, sizeof t2, d->due_at);
	mc_buf_addf(b, "Hẹn trả kết quả: %s", t2);
	if (d->due_at != d->due_at_receipt) {
		mc_format_moment_vn(t1, sizeof t1, d->due_at_receipt);
		mc_buf_addf(b, " (ban đầu %s; lùi do tạm dừng, bổ sung)", t1);
	}
	mc_buf_add(b, "\n");
	mc_status st = mc_dossier_status(d, now);
	mc_buf_addf(b, "Tình trạng: %s\n", mc_status_vn(st));
	if (d->supplement_count > 1)
		mc_buf_addf(b, "Lưu ý: hồ sơ đã yêu cầu bổ sung %d lần\n", d->supplement_count);
	mc_buf_add(b, "\nCác bước xử lý:\n");
	for (int k = 0; k < d->nsteps; k++) {
		const mc_step *s = &d->version->steps[k];
		const mc_step_run *run = &d->steps[k];
		const mc_unit *u = mc_agency_unit(a, s->unit);
		mc_duration share = { mc_version_time(d->version).unit, s->halves };
		char sh[48];
		mc_duration_format_vn(sh, sizeof sh, share);
		mc_buf_addf(b, "%d. %s — %s (%s)\n", k + 1, s->name, u ? u->name : s->unit, sh);
		if (!run->started) {
			mc_buf_add(b, "   Chưa đến bước này\n");
			continue;
		}
		mc_format_moment_vn(t1, sizeof t1, run->started);
		mc_buf_addf(b, "   Nhận hồ sơ: %s%s%s\n", t1, run->received_by[0] ? " — " : "",
			    run->received_by);
		mc_format_moment_vn(t2, sizeof t2, run->due);
		mc_buf_addf(b, "   Hạn xử lý: %s\n", t2);
		if (run->finished) {
			mc_format_moment_vn(t1, sizeof t1, run->finished);
			mc_buf_addf(b, "   Chuyển tiếp: %s%s%s\n", t1, run->finished_by[0] ? " — " : "",
				    run->finished_by);
		}
		int ss = mc_dossier_step_status(d, k, now);
		if (ss >= 0)
			mc_buf_addf(b, "   Kết quả: %s\n", mc_status_vn((mc_status)ss));
	}
	mc_buf_add(b, "\nNhật ký:\n");
	for (size_t i = 0; i < info->nevents; i++) {
		const mc_event *e = &info->events[i];
		char when[40];
		mc_format_moment(when, sizeof when, e->at);
		mc_buf_addf(b, "  %2d %s %-20s %-24s %s%s%s\n", e->seq, when, e->action, e->to_state,
			    e->actor, e->note ? " — " : "", e->note ? e->note : "");
	}
}

void mc_slip_control(mc_buf *out, const mc_agency *a, const mc_dossier_info *info, mc_time now)
{
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	mc_slip_control_doc(&doc, a, info, now);
	mc_document_text(&doc, out);
	mc_document_clear(&doc);
}
