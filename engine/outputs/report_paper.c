/*
 * report_paper.c - the period report as the department sends it (see
 * report_render.h): a Decree 30/2020/NĐ-CP document (letterhead, number,
 * place and date, title and subject, "Kính gửi", the sections, the
 * signature), drawn as a PDF or one HTML page by document.c.
 *
 * The sections are the usual ones of a provincial department's report on
 * the one-stop mechanism: I. the receipt and handling of dossiers; II. the
 * results and indicators (Biểu 06a/VPCP/KSTT by field); III. the late
 * dossiers, the steps and units that overran, the apologies; IV. the
 * proposals, each stated only when the period's figures call for it. The
 * charts go by the department's reporting months (15th to 14th).
 */
#include "report_render.h"
#include "apology_letter.h"
#include "civil.h"
#include "slip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double pct(long num, long den)
{
	return den ? 100.0 * (double)num / (double)den : -1;
}

/* "95,2%" or "—" */
static void pct_vn(char *buf, size_t n, double p)
{
	if (p < 0) {
		snprintf(buf, n, "—");
		return;
	}
	snprintf(buf, n, "%.1f%%", p);
	for (char *c = buf; *c; c++)
		if (*c == '.')
			*c = ',';
}

static const char *const roman[] = { "I", "II", "III", "IV" };

/* What the period is called: "quý I năm 2023", "6 tháng đầu năm 2023",
 * "năm 2023", "tháng 3 năm 2023" for the department's periods (15th to
 * 14th), else "từ ngày 01/01/2023 đến ngày 31/03/2023". */
void mc_report_period_name(char *buf, size_t n, int32_t from, int32_t to)
{
	int fy, fm, fd, ty, tm, td;
	mc_civil_from_days(from, &fy, &fm, &fd);
	mc_civil_from_days(to, &ty, &tm, &td);
	int months = (ty * 12 + tm) - (fy * 12 + fm);
	if (fd == 15 && td == 14 && months >= 1) {
		if (months == 12 && tm == 12) {
			snprintf(buf, n, "năm %d", ty);
			return;
		}
		if (months == 6 && (tm == 6 || tm == 12)) {
			snprintf(buf, n, "6 tháng %s năm %d", tm == 6 ? "đầu" : "cuối", ty);
			return;
		}
		if (months == 3 && tm % 3 == 0) {
			snprintf(buf, n, "quý %s năm %d", roman[tm / 3 - 1], ty);
			return;
		}
		if (months == 1) {
			snprintf(buf, n, "tháng %d năm %d", tm, ty);
			return;
		}
	}
	char f[16], t[16];
	mc_format_date_vn(f, sizeof f, from);
	mc_format_date_vn(t, sizeof t, to);
	snprintf(buf, n, "từ ngày %s đến ngày %s", f, t);
}

static long resolved(const mc_counts *c)
{
	return c->early + c->on_time + c->late;
}

/* Every reporting month of the period, in order, with its figures (a month
 * with none is there with zeros). */
static size_t period_months(const mc_report *r, mc_month *out, size_t max)
{
	int y, m, ey, em;
	mc_report_month_of(r->from, &y, &m);
	mc_report_month_of(r->to, &ey, &em);
	size_t n = 0;
	while (n < max && (y < ey || (y == ey && m <= em))) {
		mc_month *mo = &out[n++];
		memset(mo, 0, sizeof *mo);
		mo->year = y;
		mo->month = m;
		for (size_t k = 0; k < r->nmonths; k++)
			if (r->months[k].year == y && r->months[k].month == m)
				*mo = r->months[k];
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return n;
}

#define MAX_MONTHS 64

static void charts_by_month(mc_document *d, const mc_report *r, int results)
{
	mc_month mo[MAX_MONTHS];
	size_t n = period_months(r, mo, MAX_MONTHS);
	if (!n)
		return;
	char lbuf[MAX_MONTHS][16];
	const char *labels[MAX_MONTHS];
	long v[MAX_MONTHS * 3];
	int same_year = mo[0].year == mo[n - 1].year;
	for (size_t i = 0; i < n; i++) {
		if (same_year)
			snprintf(lbuf[i], sizeof lbuf[i], "T%d", mo[i].month);
		else
			snprintf(lbuf[i], sizeof lbuf[i], "T%d/%d", mo[i].month, mo[i].year % 100);
		labels[i] = lbuf[i];
		v[3 * i] = results ? mo[i].early : mo[i].online;
		v[3 * i + 1] = results ? mo[i].on_time : mo[i].in_person;
		v[3 * i + 2] = results ? mo[i].late : mo[i].post;
	}
	/* the first month's days, as the note's example */
	int y0 = mo[0].year, m0 = mo[0].month;
	int py = m0 == 1 ? y0 - 1 : y0, pm = m0 == 1 ? 12 : m0 - 1;
	char a[16], b[16], note[400], title[200];
	mc_format_date_vn(a, sizeof a, mc_days_from_civil(py, pm, 15));
	mc_format_date_vn(b, sizeof b, mc_days_from_civil(y0, m0, 14));
	snprintf(note, sizeof note, "Tháng báo cáo tính từ ngày 15 tháng trước đến ngày 14 (%s: từ %s đến %s)%s.",
		 lbuf[0], a, b, results ? "; hồ sơ tính vào tháng có kết quả"
		 : "; không gồm hồ sơ kỳ trước chuyển sang");
	if (same_year)
		snprintf(title, sizeof title, "%s theo tháng năm %d", results ? "Kết quả giải quyết hồ sơ"
			 : "Hồ sơ tiếp nhận", y0);
	else
		snprintf(title, sizeof title, "%s theo tháng", results ? "Kết quả giải quyết hồ sơ"
			 : "Hồ sơ tiếp nhận");
	static const char *const in[3] = { "Trực tuyến", "Trực tiếp", "Bưu chính" };
	static const char *const res[3] = { "Trước hạn", "Đúng hạn", "Quá hạn" };
	mc_document_chart(d, title, note, 3, results ? res : in, n, labels, v);
}

/* The steps that overran, summed per unit. */
typedef struct unit_late {
	const char *unit;
	long steps;
	double days;
} unit_late;

static size_t late_by_unit(const mc_report *r, unit_late *u, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nlate; i++) {
		size_t k = 0;
		while (k < n && strcmp(u[k].unit, r->late_steps[i].unit))
			k++;
		if (k == n) {
			if (n == max)
				continue;
			u[n++] = (unit_late){ r->late_steps[i].unit, 0, 0 };
		}
		u[k].steps++;
		u[k].days += r->late_steps[i].late_days;
	}
	return n;
}

static const char *unit_name(const mc_agency *a, const char *id)
{
	const mc_unit *u = mc_agency_unit(a, id);
	return u ? u->name : id;
}

/* "2,50" */
static void days_vn(char *buf, size_t n, double d)
{
	snprintf(buf, n, "%.2f", d);
	for (char *c = buf; *c; c++)
		if (*c == '.')
			*c = ',';
}

static void field_table(mc_document *d, const mc_report *r)
{
	const mc_count_column *cols[16];
	size_t nc = mc_count_table(cols, 14);
	const char *cells[16];
	char num[16][24], stt[16];
	cells[0] = "STT";
	cells[1] = "Lĩnh vực";
	for (size_t k = 0; k < nc; k++)
		cells[2 + k] = cols[k]->label;
	mc_document_row(d, 1, (int)nc + 2, cells);
	for (size_t i = 0; i <= r->nfields; i++) {
		const mc_counts *c = i < r->nfields ? &r->fields[i].c : &r->total;
		snprintf(stt, sizeof stt, "%zu", i + 1);
		cells[0] = i < r->nfields ? stt : "";
		cells[1] = i < r->nfields ? r->fields[i].name : "Tổng cộng";
		for (size_t k = 0; k < nc; k++) {
			snprintf(num[k], sizeof num[k], "%ld", cols[k]->value(c));
			cells[2 + k] = num[k];
		}
		mc_document_row(d, 0, (int)nc + 2, cells);
	}
}

void mc_report_doc(mc_document *d, const mc_report *r, const mc_agency *a,
		   const mc_report_paper *p)
{
	const mc_counts *c = &r->total;
	mc_buf *b = &d->body;
	char period[120], f[16], t[16], x[32], y[32];
	mc_report_period_name(period, sizeof period, r->from, r->to);
	mc_format_date_vn(f, sizeof f, r->from);
	mc_format_date_vn(t, sizeof t, r->to);
	mc_form_heading(d, a, "A4", 0);
	/* Decree 30/2020, Appendix I: numbers below 10 are written with a 0;
	 * without a number it is left to be written in from the outgoing
	 * register */
	if (p && p->number > 0)
		snprintf(d->number_buf, sizeof d->number_buf, "Số: %02d/BC-SKHCN", p->number);
	else
		snprintf(d->number_buf, sizeof d->number_buf, "Số:       /BC-SKHCN");
	d->number = d->number_buf;
	mc_document_place_date(d, a->province, p ? p->date : r->to);
	d->title = "BÁO CÁO";
	snprintf(d->subtitle_buf, sizeof d->subtitle_buf,
		 "Kết quả thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính %s",
		 period);
	d->subject = d->subtitle_buf;
	const char *to = p && p->recipient ? p->recipient : a->report_to ? a->report_to : a->parent;
	mc_buf_addf(b, MC_DOC_CENTER "Kính gửi: %s.\n", to);
	if (!strncmp(period, "từ ngày", strlen("từ ngày")))
		mc_buf_addf(b, "%s báo cáo kết quả thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết "
			    "thủ tục hành chính %s như sau:\n", a->name, period);
	else
		mc_buf_addf(b, "%s báo cáo kết quả thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết "
			    "thủ tục hành chính %s (kỳ báo cáo từ ngày %s đến ngày %s) như sau:\n", a->name, period, f, t);

	mc_buf_add(b, MC_DOC_BOLD "I. TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ\n");
	mc_buf_add(b, MC_DOC_BOLD "1. Tiếp nhận hồ sơ\n");
	pct_vn(x, sizeof x, pct(c->online, c->online + c->in_person + c->post));
	mc_buf_addf(b, "Tổng số hồ sơ tiếp nhận: %ld hồ sơ, trong đó: %ld hồ sơ kỳ trước chuyển sang; %ld hồ sơ "
		    "tiếp nhận mới trong kỳ (%ld hồ sơ trực tuyến, %ld hồ sơ trực tiếp, %ld hồ sơ qua dịch vụ bưu "
		    "chính công ích). Tỷ lệ hồ sơ tiếp nhận trực tuyến trong số hồ sơ tiếp nhận mới: %s.\n",
		    mc_counts_total(c), c->carried, c->online + c->in_person + c->post, c->online, c->in_person,
		    c->post, x);
	charts_by_month(d, r, 0);
	mc_buf_add(b, MC_DOC_BOLD "2. Giải quyết hồ sơ\n");
	mc_buf_addf(b, "Đã giải quyết, trả kết quả %ld hồ sơ (%ld hồ sơ trước hạn, %ld hồ sơ đúng hạn, %ld hồ sơ "
		    "quá hạn); %ld hồ sơ rút, %ld hồ sơ trả lại, %ld hồ sơ từ chối giải quyết; đang giải quyết "
		    "%ld hồ sơ (%ld hồ sơ chưa đến hạn, %ld hồ sơ quá hạn).\n",
		    resolved(c), c->early, c->on_time, c->late, c->withdrawn, c->unprocessed, c->refused,
		    c->open_within + c->open_overdue, c->open_within, c->open_overdue);
	charts_by_month(d, r, 1);

	mc_buf_add(b, MC_DOC_BOLD "II. KẾT QUẢ\n");
	double on_time = pct(c->early + c->on_time, resolved(c));
	pct_vn(x, sizeof x, on_time);
	mc_buf_addf(b, "- Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn: %s (mục tiêu từ 95%%, phấn đấu 100%%).\n", x);
	pct_vn(y, sizeof y, pct(c->early + c->on_time + c->open_within,
				resolved(c) + c->open_within + c->open_overdue));
	mc_buf_addf(b, "- Tỷ lệ hồ sơ đã giải quyết và đang giải quyết trong hạn trên số hồ sơ xử lý trong kỳ: %s.\n", y);
	mc_buf_addf(b, "- Văn bản xin lỗi đã phát hành: %ld; hồ sơ phải yêu cầu bổ sung từ lần thứ hai: %ld.\n",
		    r->apologies, c->second_supplements);
	if (r->voids || r->corrections)
		mc_buf_addf(b, "- Điều chỉnh trong kỳ: %ld hồ sơ hủy do tiếp nhận nhầm (không tính vào số liệu), "
			    "%ld lần đính chính thông tin người nộp.\n", r->voids, r->corrections);
	if (r->manual_appointments) {
		mc_buf_add(b, "- ");
		mc_report_manual_line(r, b);
		mc_buf_add(b, ".\n");
	}
	mc_buf_add(b, "Kết quả theo lĩnh vực (số liệu của Biểu 06a/VPCP/KSTT):\n");
	field_table(d, r);

	mc_buf_add(b, MC_DOC_BOLD "III. HỒ SƠ QUÁ HẠN, NGUYÊN NHÂN VÀ VIỆC XIN LỖI\n");
	unit_late ul[32];
	size_t nu = late_by_unit(r, ul, 32);
	if (!r->late_dossiers) {
		mc_buf_add(b, "Trong kỳ không có hồ sơ giải quyết quá hạn.\n");
	} else {
		mc_buf_addf(b, "Trong kỳ có %ld hồ sơ quá hạn (%ld hồ sơ đã trả kết quả quá hạn, %ld hồ sơ đang giải "
			    "quyết quá hạn).", r->late_dossiers, c->late, c->open_overdue);
		if (nu) {
			mc_buf_addf(b, " Bước xử lý trễ hạn theo đơn vị%s:\n", r->late_listed < r->late_dossiers
				    ? " (của các hồ sơ được liệt kê)" : "");
			const char *head[4] = { "STT", "Đơn vị xử lý", "Số bước trễ hạn", "Tổng số ngày làm việc trễ" };
			mc_document_row(d, 1, 4, head);
			for (size_t i = 0; i < nu; i++) {
				char s1[16], s2[24], s3[24];
				snprintf(s1, sizeof s1, "%zu", i + 1);
				snprintf(s2, sizeof s2, "%ld", ul[i].steps);
				days_vn(s3, sizeof s3, ul[i].days);
				const char *row[4] = { s1, unit_name(a, ul[i].unit), s2, s3 };
				mc_document_row(d, 0, 4, row);
			}
			/* the units' names without their parenthesis */
			const char *labels[32];
			char lbuf[32][120];
			long v[32];
			for (size_t i = 0; i < nu; i++) {
				const char *name = unit_name(a, ul[i].unit);
				snprintf(lbuf[i], sizeof lbuf[i], "%.*s", (int)strcspn(name, "("), name);
				size_t k = strlen(lbuf[i]);
				while (k && lbuf[i][k - 1] == ' ')
					lbuf[i][--k] = 0;
				labels[i] = lbuf[i];
				v[i] = ul[i].steps;
			}
			const char *names[1] = { "Bước trễ hạn" };
			mc_document_chart(d, "Số bước xử lý trễ hạn theo đơn vị", NULL, 1, names, nu, labels, v);
			mc_buf_add(b, "Các hồ sơ và bước xử lý trễ hạn:\n");
			const char *h2[5] = { "STT", "Mã hồ sơ", "Bước", "Đơn vị", "Số ngày làm việc trễ" };
			mc_document_row(d, 1, 5, h2);
			for (size_t i = 0; i < r->nlate; i++) {
				char s1[16], s3[24];
				snprintf(s1, sizeof s1, "%zu", i + 1);
				days_vn(s3, sizeof s3, r->late_steps[i].late_days);
				const char *row[5] = { s1, r->late_steps[i].code, r->late_steps[i].step,
						       unit_name(a, r->late_steps[i].unit), s3 };
				mc_document_row(d, 0, 5, row);
			}
			if (r->late_listed < r->late_dossiers)
				mc_buf_addf(b, "(Liệt kê %ld trong số %ld hồ sơ quá hạn.)\n", r->late_listed,
					    r->late_dossiers);
		} else {
			mc_buf_add(b, "\n");
		}
		mc_buf_add(b, "Nguyên nhân: bước xử lý và đơn vị để quá thời hạn của từng bước nêu trên; nguyên nhân "
			   "cụ thể do đơn vị xử lý giải trình.\n");
	}
	mc_buf_addf(b, "Việc xin lỗi: %ld văn bản xin lỗi đã phát hành trong kỳ (%ld văn bản gửi muộn, %ld trường hợp "
		    "hẹn lại lần hai).\n", r->apologies, r->apologies_late, r->apologies_forced);

	mc_buf_add(b, MC_DOC_BOLD "IV. ĐỀ XUẤT, KIẾN NGHỊ\n");
	int proposals = 0;
	if (on_time >= 0 && on_time < 95) {
		mc_buf_addf(b, "- Các đơn vị có bước xử lý trễ hạn rà soát quy trình nội bộ để tỷ lệ hồ sơ giải quyết "
			    "trước hạn, đúng hạn đạt mục tiêu từ 95%% (kỳ này %s).\n", x);
		proposals++;
	}
	if (c->open_overdue) {
		mc_buf_addf(b, "- Khẩn trương giải quyết %ld hồ sơ đang quá hạn; thực hiện xin lỗi và hẹn lại thời gian "
			    "trả kết quả đối với từng hồ sơ.\n", c->open_overdue);
		proposals++;
	}
	double online = pct(c->online, c->online + c->in_person + c->post);
	if (online >= 0 && online < 50) {
		pct_vn(y, sizeof y, online);
		mc_buf_addf(b, "- Tăng cường hướng dẫn tổ chức, cá nhân nộp hồ sơ trực tuyến (kỳ này %s, dưới mức 50%%).\n", y);
		proposals++;
	}
	if (c->second_supplements) {
		mc_buf_addf(b, "- Hướng dẫn đầy đủ thành phần hồ sơ ngay từ lần đầu: %ld hồ sơ phải yêu cầu bổ sung từ "
			    "lần thứ hai.\n", c->second_supplements);
		proposals++;
	}
	if (!proposals)
		mc_buf_add(b, "Số liệu kỳ này không có nội dung phải đề xuất; tiếp tục duy trì việc giải quyết hồ sơ "
			   "trước hạn, đúng hạn.\n");
	mc_buf_addf(b, "Trên đây là báo cáo kết quả thực hiện cơ chế một cửa, một cửa liên thông %s của %s./.\n",
		    period, a->name);
	d->recipients = "- Như trên;\n- Lưu: VT.\n";
	mc_agency_signature(d, a, 1);
	if (p && p->signer && *p->signer) {
		d->sign[1].name = p->signer;
		d->sign[1].hint = NULL;
	}
}

void mc_report_html(const mc_report *r, const mc_agency *a, const mc_report_paper *p, mc_buf *out)
{
	mc_document d;
	memset(&d, 0, sizeof d);
	d.table_pt = 10;
	mc_report_doc(&d, r, a, p);
	mc_document_html(&d, out);
	mc_document_clear(&d);
}

int mc_report_pdf(const mc_report *r, const mc_agency *a, const mc_report_paper *p, const char *path,
		  mc_error *err)
{
	mc_document d;
	memset(&d, 0, sizeof d);
	d.table_pt = 10;
	mc_report_doc(&d, r, a, p);
	int rc = mc_document_pdf(&d, path, err);
	mc_document_clear(&d);
	return rc;
}
