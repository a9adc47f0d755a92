/*
 * slip.c - the receipt slip and the control slip (see slip.h).
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

void mc_form_heading(mc_document *doc, const mc_agency *a, const char *paper, int desk)
{
	doc->paper = paper;
	doc->left[0] = a->letterhead_parent;
	doc->left[1] = a->letterhead_name;
	if (desk)
		doc->left[2] = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ";
	doc->right[0] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	doc->right[1] = "Độc lập - Tự do - Hạnh phúc";
}

mc_time mc_clock_start(const mc_dossier *d)
{
	/* the working-time line: one tick after the receipt is one second after
	 * it within a session; outside, it is just after the next one opens */
	mc_time next;
	mc_error err;
	if (!d->cal || mc_calendar_add_ticks(d->cal, d->received_at, 1, &next, &err))
		return d->received_at;
	if (next - d->received_at <= 60)
		return d->received_at;
	return next - next % 60;
}

void mc_slip_receipt_doc(mc_document *doc, const mc_agency *a, const mc_dossier_info *info)
{
	const mc_dossier *d = &info->d;
	const mc_regime *r = mc_regime_at(mc_time_day(d->received_at));
	char t1[64], t2[64], dur[48];
	mc_buf *b = &doc->body;
	mc_form_heading(doc, a, "A5", 1);
	mc_document_place_date(doc, a->province, mc_time_day(d->received_at));
	snprintf(doc->above_buf, sizeof doc->above_buf, "Mã hồ sơ: %s", info->code);
	doc->above_title = doc->above_buf;
	/* the QR code opens the citizen's look-up: the desk's public address
	 * and the dossier's unguessable token (number_buf: a receipt has no
	 * number); without a configured address it holds the code, and the
	 * slip says there is no address (none is guessed) */
	doc->qr = info->code;
	if (a->lookup_url && info->lookup_token[0]) {
		int n = snprintf(doc->number_buf, sizeof doc->number_buf, "%s/tra-cuu/%s", a->lookup_url,
				 info->lookup_token);
		if (n > 0 && (size_t)n < sizeof doc->number_buf)
			doc->qr = doc->number_buf;
	}
	doc->title = r->receipt_title;
	snprintf(doc->subtitle_buf, sizeof doc->subtitle_buf, "(%s, %s)", r->receipt_form, r->circular);
	doc->subtitle = doc->subtitle_buf;
	doc->copies[0] = "Liên 1: Lưu tại Bộ phận tiếp nhận và trả kết quả";
	doc->copies[1] = "Liên 2: Giao người nộp hồ sơ";
	mc_buf_addf(b, "Bộ phận tiếp nhận và trả kết quả %s\n", a->name);
	mc_buf_addf(b, "Tiếp nhận hồ sơ của: %s\n", info->applicant_name);
	if (info->applicant_address)
		mc_buf_addf(b, "Địa chỉ: %s\n", info->applicant_address);
	if (info->applicant_phone)
		mc_buf_addf(b, "Số điện thoại: %s\n", info->applicant_phone);
	if (info->applicant_email)
		mc_buf_addf(b, "Thư điện tử: %s\n", info->applicant_email);
	mc_buf_addf(b, "Nội dung yêu cầu giải quyết: %s\n", info->procedure->name);
	if (info->ndocuments) {
		/* the documents received, numbered as the form lists them */
		mc_buf_add(b, "Thành phần hồ sơ đã nhận gồm:\n");
		for (size_t i = 0; i < info->ndocuments; i++)
			mc_buf_addf(b, "  %zu) %s\n", i + 1, info->documents[i]);
	}
	mc_duration_format_vn(dur, sizeof dur, mc_version_time(d->version));
	mc_buf_addf(b, "1. Số lượng hồ sơ: %02d (bộ)\n", d->version->sets > 0 ? d->version->sets : 1);
	if (d->manual)        /* the time is unknown: the office set the appointment */
		mc_buf_addf(b, "2. Thời gian giải quyết hồ sơ theo quy định là: chưa xác định; ngày hẹn "
			       "trả kết quả do cơ quan ấn định (lý do: %s)\n",
			    info->appointment_reason ? info->appointment_reason : "");
	else
		mc_buf_addf(b, "2. Thời gian giải quyết hồ sơ theo quy định là: %s%s\n", dur,
			    d->version->has_shortened ? " (đã rút ngắn)" : "");
	mc_format_moment_vn(t1, sizeof t1, d->received_at);
	mc_buf_addf(b, "3. Thời gian nhận hồ sơ: %s\n", t1);
	mc_time start = mc_clock_start(d);
	if (start != d->received_at) {
		mc_format_moment_vn(t1, sizeof t1, start);
		mc_buf_addf(b, "(Hồ sơ tiếp nhận ngoài giờ hành chính; thời gian giải quyết tính từ %s)\n", t1);
	}
	mc_format_moment_vn(t2, sizeof t2, d->due_at_receipt);
	mc_buf_addf(b, "4. Thời gian trả kết quả giải quyết hồ sơ: %s\n", t2);
	mc_buf_addf(b, "5. Hình thức nộp hồ sơ: %s\n", mc_channel_vn(info->channel));
	if (info->delivery[0])
		mc_buf_addf(b, "6. Hình thức nhận kết quả: %s\n", mc_delivery_vn(info->delivery));
	/* the register entry (migration 0024): the year's register, the
	 * receipt's number in it */
	if (info->register_no)
		mc_buf_addf(b, "Vào Sổ theo dõi hồ sơ, Quyển số: %d, Số thứ tự: %d\n", info->register_year,
			    info->register_no);
	if (!a->lookup_url)
		mc_buf_add(b, "(Chưa có địa chỉ tra cứu hồ sơ qua mạng: mã QR trên giấy này chỉ ghi mã hồ sơ.)\n");
	/* procedures/agency.yaml ships the province's code with zeros for the
	 * department's unit (not found in public sources): a slip printed
	 * with it says so */
	if (!strncmp(a->code, "000.00.00.", 10))
		mc_buf_addf(b, "(Mã cơ quan %s là mã tạm, chưa phải mã định danh của Sở: giấy này chỉ "
			       "dùng để thử.)\n", a->code);
	doc->sign[0] = (mc_signature){ "NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", info->applicant_name };
	doc->sign[1] = (mc_signature){ "NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)",
				       info->nevents ? info->events[0].actor : NULL };
}

void mc_slip_receipt(mc_buf *out, const mc_agency *a, const mc_dossier_info *info)
{
	mc_document doc;
	memset(&doc, 0, sizeof doc);
	mc_slip_receipt_doc(&doc, a, info);
	mc_document_text(&doc, out);
	mc_document_clear(&doc);
}

/* "09:00 04/03/2024" (a no-break space): a moment in a table cell */
static void short_moment(char *buf, size_t n, mc_time t)
{
	char d[16];
	int32_t s = mc_time_secs(t);
	mc_format_date_vn(d, sizeof d, mc_time_day(t));
	snprintf(buf, n, "%02d:%02d\u00a0%s", s / 3600, s / 60 % 60, d);   /* no break */
}

void mc_slip_control_doc(mc_document *doc, const mc_agency *a, const mc_dossier_info *info,
			 mc_time now)
{
	const mc_dossier *d = &info->d;
	const mc_regime *r = mc_regime_at(mc_time_day(d->received_at));
	char t1[64], t2[64];
	mc_buf *b = &doc->body;
	mc_form_heading(doc, a, "A4", 1);
	doc->title = r->control_title;
	snprintf(doc->subtitle_buf, sizeof doc->subtitle_buf, "(%s, %s)", r->control_form, r->circular);
	doc->subtitle = doc->subtitle_buf;
	mc_buf_addf(b, "Mã hồ sơ: %s\n", info->code);
	mc_buf_addf(b, "Thủ tục: %s\n", info->procedure->name);
	mc_buf_addf(b, "Người nộp: %s", info->applicant_name);
	if (info->applicant_kind[0])
		mc_buf_addf(b, " (%s)", mc_applicant_kind_vn(info->applicant_kind));
	mc_buf_add(b, "\n");
	if (info->applicant_email)
		mc_buf_addf(b, "Thư điện tử: %s\n", info->applicant_email);
	if (info->delivery[0])
		mc_buf_addf(b, "Nhận kết quả: %s\n", mc_delivery_vn(info->delivery));
	if (info->ndocuments)
		mc_buf_add(b, "Giấy tờ đã nhận:\n");
	for (size_t i = 0; i < info->ndocuments; i++)
		mc_buf_addf(b, "  %zu) %s\n", i + 1, info->documents[i]);
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
	mc_buf_add(b, "\n");
	/* the form's table: one row per hand-over, signature cells for who
	 * handed and who received */
	static const char *const head[] = {
		"Bước, đơn vị xử lý", "Thời gian giao, nhận hồ sơ; người giao, người nhận (ký)",
		"Kết quả (Trước hạn / Đúng hạn / Quá hạn)", "Ghi chú"
	};
	mc_document_row(doc, 1, 4, head);
	for (int k = 0; k < d->nsteps; k++) {
		const mc_step *s = &d->version->steps[k];
		const mc_step_run *run = &d->steps[k];
		const mc_unit *u = mc_agency_unit(a, s->unit);
		mc_duration share = mc_step_share(d->version, (size_t)k);
		char sh[48], c0[512], c1[700] = "", c2[64] = "";
		mc_duration_format_vn(sh, sizeof sh, share);
		if (d->manual)
			snprintf(sh, sizeof sh, "theo ngày hẹn ấn định");
		snprintf(c0, sizeof c0, "%d. %s\n%s\nThời hạn: %s", k + 1, s->name, u ? u->name : s->unit, sh);
		if (!run->started) {
			snprintf(c1, sizeof c1, "Chưa đến bước này");
		} else {
			char t3[64];
			short_moment(t1, sizeof t1, run->started);
			short_moment(t2, sizeof t2, run->due);
			int n = snprintf(c1, sizeof c1, "Nhận: %s\nHạn: %s\nNgười nhận: %s", t1, t2,
					 run->received_by);
			if (run->finished && n > 0 && (size_t)n < sizeof c1) {
				short_moment(t3, sizeof t3, run->finished);
				snprintf(c1 + n, sizeof c1 - (size_t)n, "\nGiao: %s\nNgười giao: %s", t3,
					 run->finished_by);
			}
			int ss = mc_dossier_step_status(d, k, now);
			if (ss >= 0)
				snprintf(c2, sizeof c2, "%s", mc_status_vn((mc_status)ss));
		}
		const char *cells[] = { c0, c1, c2, "" };   /* notes by hand */
		mc_document_row(doc, 0, 4, cells);
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
