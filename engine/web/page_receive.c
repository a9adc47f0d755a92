/*
 * page_receive.c - the page "Tiếp nhận hồ sơ": GET and POST /tiep-nhan.
 *
 * GET /tiep-nhan lists the catalogue's procedures (a <select> grouped by
 * field, narrowed by ?q= without script, filtered as one types with it);
 * ?procedure=CODE shows the chosen one's time in force and channels, the
 * appointment a receipt now would get (computed as the receipt computes
 * it: mc_dossier_receive at the server's clock), a warning outside office
 * hours, and the receipt form. POST /tiep-nhan receives the dossier as
 * POST /api/v1/dossiers does (mc_store_receive_in_tx in the request's
 * transaction, with a savepoint and the idempotency key's retry); the key
 * is a random hidden field of the form, so a double click or a retry of
 * the same form never makes two dossiers. Then 303 to ?da-nhan=CODE: the
 * code, the appointment and the slip PDF (two copies: Liên 1, Liên 2).
 * A bad field is told beside it, the form refilled, with status 422, and
 * nothing is written.
 *
 * The form lists the version's required documents as a checklist (or,
 * when the catalogue does not know them, a text area: one document a
 * line); the documents checked are recorded with the receipt and listed
 * on the slip. A receipt with a required document unchecked is allowed
 * (the clerk may receive an incomplete dossier and request a supplement),
 * but the first post of such a form saves nothing: the form comes back
 * with the missing documents listed, and a second post confirms.
 */
#include "page.h"
#include "roles.h"
#include "slip.h"
#include "store_dossier.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const receivers[] = { "clerk", "office", "admin", NULL };

/* The fields of the form, as sent (NULL: not sent). */
enum { V_PROCEDURE, V_NAME, V_KIND, V_ID, V_PHONE, V_EMAIL, V_ADDRESS, V_CHANNEL,
       V_DELIVERY, V_KEY, V_DOCUMENTS, V_CONFIRM, V_APPOINTMENT, V_APPOINTMENT_REASON, V__N };
static const char *const field_names[V__N] = {
	"procedure", "applicant", "kind", "id_number", "phone", "email", "address", "channel",
	"delivery", "key", "documents", "confirm", "appointment", "appointment_reason"
};

typedef struct form {
	const char *v[V__N];
	const char *err[V__N];       /* the message beside each field, NULL: none */
	const char *notice;          /* a message above the form */
	int nerr;
	/* the checklist: which of the version's documents are checked ("doc"
	 * fields, by index), and the required ones missing when the clerk is
	 * asked to confirm (asking = 1) */
	unsigned char doc_on[MC_DOCUMENTS_MAX];
	int asking;
	const mc_version *missing_of;
} form;

static int allowed(mc_request *rq)
{
	if (mc_page_role_in(rq, receivers))
		return 1;
	mc_page_fail(rq, 403, "Không có quyền",
		     "Chỉ cán bộ tiếp nhận, văn phòng và quản trị được tiếp nhận hồ sơ.");
	return 0;
}

static const char *val(const form *f, int i)
{
	return f->v[i] ? f->v[i] : "";
}

static void bad(form *f, int i, const char *msg)
{
	if (!f->err[i]) {
		f->err[i] = msg;
		f->nerr++;
	}
}

/* The Latin letters with diacritics (Vietnamese's among them) and their
 * base letter: the search ignores accents ("khai bao" finds "khai báo"). */
static const struct { unsigned cp; char base; } folds[] = {
	{ 0x00C0, 'a' }, { 0x00C1, 'a' }, { 0x00C2, 'a' }, { 0x00C3, 'a' }, { 0x00C4, 'a' },
	{ 0x00C5, 'a' }, { 0x00C7, 'c' }, { 0x00C8, 'e' }, { 0x00C9, 'e' }, { 0x00CA, 'e' },
	{ 0x00CB, 'e' }, { 0x00CC, 'i' }, { 0x00CD, 'i' }, { 0x00CE, 'i' }, { 0x00CF, 'i' },
	{ 0x00D1, 'n' }, { 0x00D2, 'o' }, { 0x00D3, 'o' }, { 0x00D4, 'o' }, { 0x00D5, 'o' },
	{ 0x00D6, 'o' }, { 0x00D9, 'u' }, { 0x00DA, 'u' }, { 0x00DB, 'u' }, { 0x00DC, 'u' },
	{ 0x00DD, 'y' }, { 0x00E0, 'a' }, { 0x00E1, 'a' }, { 0x00E2, 'a' }, { 0x00E3, 'a' },
	{ 0x00E4, 'a' }, { 0x00E5, 'a' }, { 0x00E7, 'c' }, { 0x00E8, 'e' }, { 0x00E9, 'e' },
	{ 0x00EA, 'e' }, { 0x00EB, 'e' }, { 0x00EC, 'i' }, { 0x00ED, 'i' }, { 0x00EE, 'i' },
	{ 0x00EF, 'i' }, { 0x00F1, 'n' }, { 0x00F2, 'o' }, { 0x00F3, 'o' }, { 0x00F4, 'o' },
	{ 0x00F5, 'o' }, { 0x00F6, 'o' }, { 0x00F9, 'u' }, { 0x00FA, 'u' }, { 0x00FB, 'u' },
	{ 0x00FC, 'u' }, { 0x00FD, 'y' }, { 0x00FF, 'y' }, { 0x0100, 'a' }, { 0x0101, 'a' },
	{ 0x0102, 'a' }, { 0x0103, 'a' }, { 0x0104, 'a' }, { 0x0105, 'a' }, { 0x0106, 'c' },
	{ 0x0107, 'c' }, { 0x0108, 'c' }, { 0x0109, 'c' }, { 0x010A, 'c' }, { 0x010B, 'c' },
	{ 0x010C, 'c' }, { 0x010D, 'c' }, { 0x010E, 'd' }, { 0x010F, 'd' }, { 0x0110, 'd' },
	{ 0x0111, 'd' }, { 0x0112, 'e' }, { 0x0113, 'e' }, { 0x0114, 'e' }, { 0x0115, 'e' },
	{ 0x0116, 'e' }, { 0x0117, 'e' }, { 0x0118, 'e' }, { 0x0119, 'e' }, { 0x011A, 'e' },
	{ 0x011B, 'e' }, { 0x011C, 'g' }, { 0x011D, 'g' }, { 0x011E, 'g' }, { 0x011F, 'g' },
	{ 0x0120, 'g' }, { 0x0121, 'g' }, { 0x0122, 'g' }, { 0x0123, 'g' }, { 0x0124, 'h' },
	{ 0x0125, 'h' }, { 0x0128, 'i' }, { 0x0129, 'i' }, { 0x012A, 'i' }, { 0x012B, 'i' },
	{ 0x012C, 'i' }, { 0x012D, 'i' }, { 0x012E, 'i' }, { 0x012F, 'i' }, { 0x0130, 'i' },
	{ 0x0134, 'j' }, { 0x0135, 'j' }, { 0x0136, 'k' }, { 0x0137, 'k' }, { 0x0139, 'l' },
	{ 0x013A, 'l' }, { 0x013B, 'l' }, { 0x013C, 'l' }, { 0x013D, 'l' }, { 0x013E, 'l' },
	{ 0x0143, 'n' }, { 0x0144, 'n' }, { 0x0145, 'n' }, { 0x0146, 'n' }, { 0x0147, 'n' },
	{ 0x0148, 'n' }, { 0x014C, 'o' }, { 0x014D, 'o' }, { 0x014E, 'o' }, { 0x014F, 'o' },
	{ 0x0150, 'o' }, { 0x0151, 'o' }, { 0x0154, 'r' }, { 0x0155, 'r' }, { 0x0156, 'r' },
	{ 0x0157, 'r' }, { 0x0158, 'r' }, { 0x0159, 'r' }, { 0x015A, 's' }, { 0x015B, 's' },
	{ 0x015C, 's' }, { 0x015D, 's' }, { 0x015E, 's' }, { 0x015F, 's' }, { 0x0160, 's' },
	{ 0x0161, 's' }, { 0x0162, 't' }, { 0x0163, 't' }, { 0x0164, 't' }, { 0x0165, 't' },
	{ 0x0168, 'u' }, { 0x0169, 'u' }, { 0x016A, 'u' }, { 0x016B, 'u' }, { 0x016C, 'u' },
	{ 0x016D, 'u' }, { 0x016E, 'u' }, { 0x016F, 'u' }, { 0x0170, 'u' }, { 0x0171, 'u' },
	{ 0x0172, 'u' }, { 0x0173, 'u' }, { 0x0174, 'w' }, { 0x0175, 'w' }, { 0x0176, 'y' },
	{ 0x0177, 'y' }, { 0x0178, 'y' }, { 0x0179, 'z' }, { 0x017A, 'z' }, { 0x017B, 'z' },
	{ 0x017C, 'z' }, { 0x017D, 'z' }, { 0x017E, 'z' }, { 0x01A0, 'o' }, { 0x01A1, 'o' },
	{ 0x01AF, 'u' }, { 0x01B0, 'u' }, { 0x01CD, 'a' }, { 0x01CE, 'a' }, { 0x01CF, 'i' },
	{ 0x01D0, 'i' }, { 0x01D1, 'o' }, { 0x01D2, 'o' }, { 0x01D3, 'u' }, { 0x01D4, 'u' },
	{ 0x01D5, 'u' }, { 0x01D6, 'u' }, { 0x01D7, 'u' }, { 0x01D8, 'u' }, { 0x01D9, 'u' },
	{ 0x01DA, 'u' }, { 0x01DB, 'u' }, { 0x01DC, 'u' }, { 0x01DE, 'a' }, { 0x01DF, 'a' },
	{ 0x01E0, 'a' }, { 0x01E1, 'a' }, { 0x01E6, 'g' }, { 0x01E7, 'g' }, { 0x01E8, 'k' },
	{ 0x01E9, 'k' }, { 0x01EA, 'o' }, { 0x01EB, 'o' }, { 0x01EC, 'o' }, { 0x01ED, 'o' },
	{ 0x01F0, 'j' }, { 0x01F4, 'g' }, { 0x01F5, 'g' }, { 0x01F8, 'n' }, { 0x01F9, 'n' },
	{ 0x01FA, 'a' }, { 0x01FB, 'a' }, { 0x0200, 'a' }, { 0x0201, 'a' }, { 0x0202, 'a' },
	{ 0x0203, 'a' }, { 0x0204, 'e' }, { 0x0205, 'e' }, { 0x0206, 'e' }, { 0x0207, 'e' },
	{ 0x0208, 'i' }, { 0x0209, 'i' }, { 0x020A, 'i' }, { 0x020B, 'i' }, { 0x020C, 'o' },
	{ 0x020D, 'o' }, { 0x020E, 'o' }, { 0x020F, 'o' }, { 0x0210, 'r' }, { 0x0211, 'r' },
	{ 0x0212, 'r' }, { 0x0213, 'r' }, { 0x0214, 'u' }, { 0x0215, 'u' }, { 0x0216, 'u' },
	{ 0x0217, 'u' }, { 0x0218, 's' }, { 0x0219, 's' }, { 0x021A, 't' }, { 0x021B, 't' },
	{ 0x021E, 'h' }, { 0x021F, 'h' }, { 0x0226, 'a' }, { 0x0227, 'a' }, { 0x0228, 'e' },
	{ 0x0229, 'e' }, { 0x022A, 'o' }, { 0x022B, 'o' }, { 0x022C, 'o' }, { 0x022D, 'o' },
	{ 0x022E, 'o' }, { 0x022F, 'o' }, { 0x0230, 'o' }, { 0x0231, 'o' }, { 0x0232, 'y' },
	{ 0x0233, 'y' }, { 0x1EA0, 'a' }, { 0x1EA1, 'a' }, { 0x1EA2, 'a' }, { 0x1EA3, 'a' },
	{ 0x1EA4, 'a' }, { 0x1EA5, 'a' }, { 0x1EA6, 'a' }, { 0x1EA7, 'a' }, { 0x1EA8, 'a' },
	{ 0x1EA9, 'a' }, { 0x1EAA, 'a' }, { 0x1EAB, 'a' }, { 0x1EAC, 'a' }, { 0x1EAD, 'a' },
	{ 0x1EAE, 'a' }, { 0x1EAF, 'a' }, { 0x1EB0, 'a' }, { 0x1EB1, 'a' }, { 0x1EB2, 'a' },
	{ 0x1EB3, 'a' }, { 0x1EB4, 'a' }, { 0x1EB5, 'a' }, { 0x1EB6, 'a' }, { 0x1EB7, 'a' },
	{ 0x1EB8, 'e' }, { 0x1EB9, 'e' }, { 0x1EBA, 'e' }, { 0x1EBB, 'e' }, { 0x1EBC, 'e' },
	{ 0x1EBD, 'e' }, { 0x1EBE, 'e' }, { 0x1EBF, 'e' }, { 0x1EC0, 'e' }, { 0x1EC1, 'e' },
	{ 0x1EC2, 'e' }, { 0x1EC3, 'e' }, { 0x1EC4, 'e' }, { 0x1EC5, 'e' }, { 0x1EC6, 'e' },
	{ 0x1EC7, 'e' }, { 0x1EC8, 'i' }, { 0x1EC9, 'i' }, { 0x1ECA, 'i' }, { 0x1ECB, 'i' },
	{ 0x1ECC, 'o' }, { 0x1ECD, 'o' }, { 0x1ECE, 'o' }, { 0x1ECF, 'o' }, { 0x1ED0, 'o' },
	{ 0x1ED1, 'o' }, { 0x1ED2, 'o' }, { 0x1ED3, 'o' }, { 0x1ED4, 'o' }, { 0x1ED5, 'o' },
	{ 0x1ED6, 'o' }, { 0x1ED7, 'o' }, { 0x1ED8, 'o' }, { 0x1ED9, 'o' }, { 0x1EDA, 'o' },
	{ 0x1EDB, 'o' }, { 0x1EDC, 'o' }, { 0x1EDD, 'o' }, { 0x1EDE, 'o' }, { 0x1EDF, 'o' },
	{ 0x1EE0, 'o' }, { 0x1EE1, 'o' }, { 0x1EE2, 'o' }, { 0x1EE3, 'o' }, { 0x1EE4, 'u' },
	{ 0x1EE5, 'u' }, { 0x1EE6, 'u' }, { 0x1EE7, 'u' }, { 0x1EE8, 'u' }, { 0x1EE9, 'u' },
	{ 0x1EEA, 'u' }, { 0x1EEB, 'u' }, { 0x1EEC, 'u' }, { 0x1EED, 'u' }, { 0x1EEE, 'u' },
	{ 0x1EEF, 'u' }, { 0x1EF0, 'u' }, { 0x1EF1, 'u' }, { 0x1EF2, 'y' }, { 0x1EF3, 'y' },
	{ 0x1EF4, 'y' }, { 0x1EF5, 'y' }, { 0x1EF6, 'y' }, { 0x1EF7, 'y' }, { 0x1EF8, 'y' },
	{ 0x1EF9, 'y' }
};

/* `s` in lower case without diacritics, for the search ("" when NULL). */
static void fold(char *out, size_t n, const char *s)
{
	size_t i = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p && i + 1 < n) {
		unsigned cp = *p;
		int len = 1;
		if (cp >= 0xC0 && cp < 0xE0 && (p[1] & 0xC0) == 0x80) {
			cp = ((cp & 0x1Fu) << 6) | (p[1] & 0x3Fu);
			len = 2;
		} else if (cp >= 0xE0 && cp < 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
			cp = ((cp & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
			len = 3;
		}
		char c = 0;
		if (cp < 0x80) {
			c = (char)tolower((int)cp);
		} else {
			for (size_t k = 0; k < sizeof folds / sizeof folds[0]; k++)
				if (folds[k].cp == cp)
					c = folds[k].base;
		}
		if (c) {
			out[i++] = c;
		} else {            /* another character: kept as it is */
			if (i + (size_t)len >= n)
				break;
			memcpy(out + i, p, (size_t)len);
			i += (size_t)len;
		}
		p += len;
	}
	out[i] = '\0';
}

static int matches(const mc_procedure *p, const char *q)
{
	if (!q || !*q)
		return 1;
	char needle[200], hay[1200];
	fold(needle, sizeof needle, q);
	snprintf(hay, sizeof hay, "%s %s %s", p->code, p->name ? p->name : "",
		 p->field ? p->field : "");
	char low[1200];
	fold(low, sizeof low, hay);
	return strstr(low, needle) != NULL;
}

/* The version in force today and whether its time is known. */
static const mc_version *in_force(const mc_procedure *p, mc_time now)
{
	return p ? mc_catalog_version_at(p, mc_time_day(now)) : NULL;
}

/* Whether this user may receive under `v`: a known time, or the office
 * setting the appointment by hand (migration 0022). */
static int receivable(const mc_request *rq, const mc_version *v)
{
	return v && (v->statutory_known || mc_role_may_appoint(rq->user.role));
}

/* "15 ngày làm việc" (the time in force) with what it shortens. */
static void time_text(mc_buf *b, const mc_version *v)
{
	char t[64], s[64];
	if (!v->statutory_known) {
		mc_html(b, "%s", "chưa rõ");
		return;
	}
	mc_duration_format_vn(t, sizeof t, mc_version_time(v));
	if (v->has_shortened) {
		mc_duration_format_vn(s, sizeof s, v->statutory);
		mc_html(b, "<strong>%s</strong> (đã rút ngắn; theo quy định %s)", t, s);
	} else {
		mc_html(b, "<strong>%s</strong> (theo quy định)", t);
	}
}

/* ---- the list of procedures -------------------------------------------- */

static void picker(mc_request *rq, mc_buf *b, const char *q, const mc_procedure *chosen,
		   const form *f)
{
	const mc_catalog *cat = rq->srv->cat;
	mc_time now = (mc_time)time(NULL);
	mc_html(b, "<section class=\"card\" aria-labelledby=\"pick-title\">\n"
		   "<h2 id=\"pick-title\">1. Chọn thủ tục</h2>\n"
		   "<form method=\"get\" action=\"/tiep-nhan\" class=\"pick\" id=\"pick-form\" "
		   "role=\"search\">\n"
		   "<label for=\"q\">Tìm theo tên, mã hoặc lĩnh vực</label>\n"
		   "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"100\" "
		   "autocomplete=\"off\"%r>\n"
		   "<button type=\"submit\" name=\"tim\" value=\"1\" class=\"no-js\">Tìm</button>\n"
		   "<label for=\"procedure-pick\">Thủ tục</label>\n",
		q ? q : "", chosen ? "" : " autofocus");
	mc_html(b, "<select id=\"procedure-pick\" name=\"procedure\" size=\"8\"%r>\n",
		f->err[V_PROCEDURE] ? " aria-invalid=\"true\" aria-describedby=\"err-procedure\"" : "");
	size_t shown = 0;
	/* grouped by field, in the order the fields first appear */
	for (size_t i = 0; i < cat->nprocs; i++) {
		const char *field = cat->procs[i].field ? cat->procs[i].field : "";
		int first = 1;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cat->procs[j].field ? cat->procs[j].field : "", field))
				first = 0;
		if (!first)
			continue;
		int opened = 0;
		for (size_t j = i; j < cat->nprocs; j++) {
			const mc_procedure *p = &cat->procs[j];
			if (strcmp(p->field ? p->field : "", field) || !matches(p, q))
				continue;
			if (!opened) {
				mc_html(b, "<optgroup label=\"%s\">\n", *field ? field : "Khác");
				opened = 1;
			}
			const mc_version *v = in_force(p, now);
			char search[1200];
			char hay[1200];
			snprintf(hay, sizeof hay, "%s %s %s", p->code, p->name ? p->name : "", field);
			fold(search, sizeof search, hay);
			mc_html(b, "<option value=\"%s\" data-search=\"%s\"%r>%s — %s%r</option>\n",
				p->code, search, chosen == p ? " selected" : "", p->code,
				p->name ? p->name : "",
				!v ? " (không còn hiệu lực)" : !v->statutory_known ? " (chưa rõ thời hạn)" : "");
			shown++;
		}
		if (opened)
			mc_html(b, "%r", "</optgroup>\n");
	}
	mc_html(b, "%r", "</select>\n");
	if (f->err[V_PROCEDURE])
		mc_html(b, "<p class=\"error\" id=\"err-procedure\">%s</p>\n", f->err[V_PROCEDURE]);
	if (!shown)
		mc_html(b, "<p class=\"notice\">Không có thủ tục nào khớp với “%s”.</p>\n", q ? q : "");
	mc_html(b, "<p class=\"hint\" id=\"pick-count\" aria-live=\"polite\">%zu thủ tục</p>\n"
		   "<button type=\"submit\" class=\"primary\" id=\"pick\">Chọn thủ tục</button>\n"
		   "</form>\n</section>\n", shown);
}

/* ---- the chosen procedure and the appointment ---------------------------- */

static void procedure_card(mc_request *rq, mc_buf *b, const mc_procedure *p, const mc_version *v)
{
	mc_time now = (mc_time)time(NULL);
	mc_html(b, "<section class=\"card\" aria-labelledby=\"proc-title\" id=\"procedure-info\">\n"
		   "<h2 id=\"proc-title\">%s</h2>\n<dl class=\"facts\">\n"
		   "<dt>Mã thủ tục</dt><dd>%s</dd>\n<dt>Lĩnh vực</dt><dd>%s</dd>\n"
		   "<dt>Thời hạn giải quyết</dt><dd id=\"time-in-force\">",
		p->name ? p->name : p->code, p->code, p->field ? p->field : "");
	time_text(b, v);
	mc_html(b, "%r", "</dd>\n<dt>Hình thức nộp</dt><dd id=\"channels\">");
	int n = 0;
	for (int c = 0; c < MC_CH__COUNT; c++)
		if (p->channels & (1 << c))
			mc_html(b, "%r%s", n++ ? ", " : "", mc_channel_vn((mc_channel)c));
	if (p->fee && *p->fee)
		mc_html(b, "</dd>\n<dt>Lệ phí</dt><dd>%s", p->fee);
	mc_html(b, "%r", "</dd>\n</dl>\n");
	if (!v->statutory_known) {   /* the office sets the appointment */
		mc_html(b, "%r", "<p class=\"notice warn\" id=\"manual-appointment\" role=\"status\">"
				 "<strong>Thủ tục chưa có thời hạn giải quyết trong danh mục.</strong> "
				 "Văn phòng ấn định ngày hẹn trả kết quả và ghi rõ lý do; hồ sơ được "
				 "đánh dấu trong báo cáo.</p>\n</section>\n");
		return;
	}
	mc_dossier d;
	mc_error err;
	if (mc_dossier_receive(&d, v, rq->srv->cal, now, rq->user.login, &err)) {
		mc_html(b, "<p class=\"error\">Không tính được ngày hẹn: %s</p>\n</section>\n",
			err.message);
		return;
	}
	char due[64], start[64], dur[32], iso[40];
	mc_format_moment_vn(due, sizeof due, d.due_at_receipt);
	mc_duration_format(dur, sizeof dur, mc_version_time(v));
	mc_format_moment(iso, sizeof iso, now);
	mc_html(b, "<p class=\"appointment\" id=\"appointment\" data-duration=\"%s\" data-now=\"%s\" "
		   "aria-live=\"polite\">Nếu tiếp nhận lúc này, hẹn trả kết quả: "
		   "<strong id=\"appointment-at\">%s</strong></p>\n", dur, iso, due);
	mc_time clock = mc_clock_start(&d);
	if (clock != d.received_at) {
		mc_format_moment_vn(start, sizeof start, clock);
		mc_html(b, "<p class=\"notice warn\" id=\"off-hours\" role=\"status\">"
			   "<strong>Ngoài giờ hành chính hoặc ngày nghỉ.</strong> Thời gian giải quyết "
			   "bắt đầu tính từ phiên làm việc tiếp theo: <strong>%s</strong>. "
			   "Phiếu hẹn cũng ghi rõ điều này.</p>\n", start);
	}
	mc_html(b, "%r", "</section>\n");
}

/* ---- the receipt form ---------------------------------------------------- */

static void error_of(mc_buf *b, const form *f, int i)
{
	if (f->err[i])
		mc_html(b, "<p class=\"error\" id=\"err-%s\">%s</p>\n", field_names[i], f->err[i]);
}

static void described(mc_buf *b, const form *f, int i)
{
	if (f->err[i])
		mc_html(b, " aria-invalid=\"true\" aria-describedby=\"err-%s\"", field_names[i]);
}

static void text_field(mc_buf *b, const form *f, int i, const char *label, const char *type,
		       const char *autocomplete, int max, int required, const char *hint)
{
	mc_html(b, "<div class=\"field\">\n<label for=\"f-%s\">%s%r</label>\n", field_names[i], label,
		required ? " <span class=\"req\">(bắt buộc)</span>" : "");
	if (hint)
		mc_html(b, "<p class=\"hint\" id=\"hint-%s\">%s</p>\n", field_names[i], hint);
	mc_html(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\" maxlength=\"%d\" "
		   "value=\"%s\"%r", field_names[i], field_names[i], type, autocomplete, max,
		val(f, i), required ? " required" : "");
	if (f->err[i])
		mc_html(b, " aria-invalid=\"true\" aria-describedby=\"err-%s%r%s\"", field_names[i],
			hint ? " hint-" : "", hint ? field_names[i] : "");
	else if (hint)
		mc_html(b, " aria-describedby=\"hint-%s\"", field_names[i]);
	mc_html(b, "%r", ">\n");
	error_of(b, f, i);
	mc_html(b, "%r", "</div>\n");
}

static int checked(const form *f, int i, const char *value, const char *dflt)
{
	const char *v = f->v[i] && *f->v[i] ? f->v[i] : dflt;
	return !strcmp(v, value);
}

static void radios(mc_buf *b, const form *f, int i, const char *legend, const char *dflt,
		   const char *const *values, const char *const *labels)
{
	mc_html(b, "<fieldset class=\"field radios\">\n<legend>%s</legend>\n", legend);
	for (int k = 0; values[k]; k++)
		mc_html(b, "<label><input type=\"radio\" name=\"%s\" id=\"f-%s-%s\" value=\"%s\"%r> %s"
			   "</label>\n", field_names[i], field_names[i], values[k], values[k],
			checked(f, i, values[k], dflt) ? " checked" : "", labels[k]);
	error_of(b, f, i);
	mc_html(b, "%r", "</fieldset>\n");
}

/* The documents received: the version's list as checkboxes (required
 * ones marked, conditions shown), or a text area when the list is unknown. */
static void checklist(mc_buf *b, const mc_version *v, const form *f)
{
	if (!v->documents_known || !v->ndocuments) {
		mc_html(b, "%r", "<div class=\"field\">\n<label for=\"f-documents\">Giấy tờ đã nhận "
				 "(mỗi dòng một loại)</label>\n<p class=\"hint\" id=\"hint-documents\">"
				 "Danh mục chưa có thành phần hồ sơ của thủ tục này: ghi các giấy tờ "
				 "đã nhận, mỗi dòng một loại.</p>\n");
		mc_html(b, "<textarea id=\"f-documents\" name=\"documents\" rows=\"4\" "
			   "aria-describedby=\"hint-documents%r\"%r>%s</textarea>\n",
			f->err[V_DOCUMENTS] ? " err-documents" : "",
			f->err[V_DOCUMENTS] ? " aria-invalid=\"true\"" : "", val(f, V_DOCUMENTS));
		error_of(b, f, V_DOCUMENTS);
		mc_html(b, "%r", "</div>\n");
		return;
	}
	mc_html(b, "%r", "<fieldset class=\"field checklist\" id=\"documents\">\n"
			 "<legend>Thành phần hồ sơ đã nhận</legend>\n"
			 "<p class=\"hint\">Đánh dấu các giấy tờ người nộp đã nộp.</p>\n");
	for (size_t i = 0; i < v->ndocuments && i < MC_DOCUMENTS_MAX; i++) {
		const mc_required_doc *d = &v->documents[i];
		mc_html(b, "<div class=\"check\"><input type=\"checkbox\" name=\"doc\" id=\"f-doc-%zu\" "
			   "value=\"%zu\"%r", i, i, f->doc_on[i] ? " checked" : "");
		if (d->condition)
			mc_html(b, " aria-describedby=\"cond-%zu\"", i);
		mc_html(b, "> <label for=\"f-doc-%zu\">%s", i, d->name);
		if (d->form)
			mc_html(b, " <span class=\"hint\">(%s)</span>", d->form);
		if (d->required)
			mc_html(b, "%r", " <span class=\"req\">(bắt buộc)</span>");
		mc_html(b, "%r", "</label>");
		if (d->condition)
			mc_html(b, "<p class=\"hint\" id=\"cond-%zu\">Chỉ khi: %s</p>", i, d->condition);
		mc_html(b, "%r", "</div>\n");
	}
	mc_html(b, "%r", "</fieldset>\n");
}

static void receipt_form(mc_request *rq, mc_buf *b, const mc_procedure *p, const mc_version *v,
			 const form *f)
{
	char key[65];
	mc_error err;
	const char *k = f->v[V_KEY];
	if (!k || strlen(k) != 64 || strspn(k, "0123456789abcdef") != 64) {
		if (mc_token_new(key, &err)) {
			mc_html(b, "%r", "<p class=\"error\">Lỗi hệ thống: không tạo được biểu mẫu.</p>\n");
			return;
		}
		k = key;
	}
	mc_html(b, "<section class=\"card\" aria-labelledby=\"form-title\">\n"
		   "<h2 id=\"form-title\">2. Thông tin người nộp hồ sơ</h2>\n"
		   "<form method=\"post\" action=\"/tiep-nhan\" id=\"receipt\" data-once novalidate>\n");
	mc_page_csrf(rq, b);
	mc_html(b, "<input type=\"hidden\" name=\"procedure\" value=\"%s\">\n"
		   "<input type=\"hidden\" name=\"key\" value=\"%s\">\n", p->code, k);
	static const char *const kinds[] = { "citizen", "organisation", NULL };
	static const char *const kind_vn[] = { "Công dân", "Tổ chức, doanh nghiệp", NULL };
	radios(b, f, V_KIND, "Người nộp là", "citizen", kinds, kind_vn);
	text_field(b, f, V_NAME, "Họ và tên (hoặc tên tổ chức)", "text", "name", 300, 1, NULL);
	text_field(b, f, V_ID, "Số CCCD / giấy tờ tùy thân (hoặc mã số doanh nghiệp)", "text", "off",
		   40, 0, NULL);
	text_field(b, f, V_PHONE, "Số điện thoại", "tel", "tel", 40, 0, "Ví dụ: 0912 345 678");
	text_field(b, f, V_EMAIL, "Thư điện tử", "email", "email", 254, 0, NULL);
	text_field(b, f, V_ADDRESS, "Địa chỉ", "text", "street-address", 500, 0, NULL);
	mc_html(b, "<div class=\"field\">\n<label for=\"f-channel\">Hình thức nộp</label>\n"
		   "<select id=\"f-channel\" name=\"channel\"");
	described(b, f, V_CHANNEL);
	mc_html(b, "%r", ">\n");
	for (int c = 0; c < MC_CH__COUNT; c++) {
		if (!(p->channels & (1 << c)) && !checked(f, V_CHANNEL, mc_channel_name((mc_channel)c), "in_person"))
			continue;
		mc_html(b, "<option value=\"%s\"%r>%s</option>\n", mc_channel_name((mc_channel)c),
			checked(f, V_CHANNEL, mc_channel_name((mc_channel)c), "in_person") ? " selected" : "",
			mc_channel_vn((mc_channel)c));
	}
	mc_html(b, "%r", "</select>\n");
	error_of(b, f, V_CHANNEL);
	mc_html(b, "%r", "</div>\n");
	static const char *const deliveries[] = { "desk", "post", "online", NULL };
	static const char *const delivery_vn[] = { "Tại bộ phận một cửa", "Qua bưu chính",
						   "Trực tuyến", NULL };
	radios(b, f, V_DELIVERY, "Nơi nhận kết quả", "desk", deliveries, delivery_vn);
	checklist(b, v, f);
	if (!v->statutory_known) {
		mc_html(b, "%r", "<fieldset class=\"field\" id=\"appointment-by-hand\">\n"
				 "<legend>Ngày hẹn trả kết quả (văn phòng ấn định)</legend>\n");
		text_field(b, f, V_APPOINTMENT, "Ngày, giờ hẹn trả", "datetime-local", "off", 20, 1,
			   "Trong giờ hành chính của một ngày làm việc.");
		text_field(b, f, V_APPOINTMENT_REASON, "Lý do ấn định ngày hẹn", "text", "off",
			   MC_TEXT_REASON_MAX, 1, "Ví dụ: văn bản quy định chưa nêu thời hạn giải quyết.");
		mc_html(b, "%r", "</fieldset>\n");
	}
	if (f->asking)
		mc_html(b, "%r", "<input type=\"hidden\" name=\"confirm\" value=\"missing\">\n"
				 "<button type=\"submit\" class=\"primary\" id=\"save\">Vẫn tiếp nhận "
				 "(hồ sơ còn thiếu giấy tờ)</button>\n");
	else
		mc_html(b, "%r", "<button type=\"submit\" class=\"primary\" id=\"save\">Tiếp nhận hồ sơ"
				 "</button>\n");
	mc_html(b, "%r", "</form>\n</section>\n");
}

static void form_page(mc_request *rq, int status, form *f)
{
	const char *q = mc_rq_query(rq, "q");
	const mc_procedure *p = f->v[V_PROCEDURE] && *f->v[V_PROCEDURE]
				? mc_catalog_find(rq->srv->cat, f->v[V_PROCEDURE]) : NULL;
	const mc_version *v = in_force(p, (mc_time)time(NULL));
	if (f->v[V_PROCEDURE] && *f->v[V_PROCEDURE]) {
		if (!p)
			bad(f, V_PROCEDURE, "Không tìm thấy thủ tục có mã này trong danh mục.");
		else if (!v)
			bad(f, V_PROCEDURE, "Thủ tục này không còn (hoặc chưa có) hiệu lực hôm nay.");
		else if (!receivable(rq, v))
			bad(f, V_PROCEDURE, "Thủ tục này chưa có thời hạn giải quyết trong danh mục: "
					    "chưa thể tiếp nhận và hẹn trả kết quả. Vui lòng báo văn phòng.");
		if (f->err[V_PROCEDURE] && status < 400)
			status = 422;
	}
	mc_buf b = { 0 };
	mc_page_begin_with(rq, &b, "Tiếp nhận hồ sơ", "tiep-nhan", "receive");
	mc_html(&b, "%r", "<h1>Tiếp nhận hồ sơ</h1>\n");
	if (f->asking && f->missing_of) {
		mc_html(&b, "%r", "<div class=\"notice warn\" role=\"alert\" id=\"missing-documents\">"
				  "<p><strong>Hồ sơ còn thiếu giấy tờ bắt buộc — chưa lưu.</strong> "
				  "Các giấy tờ chưa đánh dấu:</p>\n<ul>\n");
		const mc_version *mv = f->missing_of;
		for (size_t i = 0; i < mv->ndocuments && i < MC_DOCUMENTS_MAX; i++)
			if (mv->documents[i].required && !f->doc_on[i])
				mc_html(&b, "<li>%s</li>\n", mv->documents[i].name);
		mc_html(&b, "%r", "</ul>\n<p>Nếu vẫn tiếp nhận (rồi yêu cầu bổ sung), bấm “Vẫn tiếp "
				  "nhận” bên dưới; nếu không, đánh dấu các giấy tờ đã nhận rồi gửi "
				  "lại.</p>\n</div>\n");
	} else if (f->notice)
		mc_html(&b, "<p class=\"error\" role=\"alert\">%s</p>\n", f->notice);
	else if (f->nerr && !f->err[V_PROCEDURE])
		mc_html(&b, "%r", "<p class=\"error\" role=\"alert\" id=\"form-errors\">Hồ sơ chưa được "
				  "tiếp nhận: vui lòng sửa các mục ghi bên dưới.</p>\n");
	mc_html(&b, "%r", "<div class=\"receive\">\n");
	picker(rq, &b, q, p, f);
	if (p && receivable(rq, v)) {
		mc_html(&b, "%r", "<div class=\"receive-main\">\n");
		procedure_card(rq, &b, p, v);
		receipt_form(rq, &b, p, v, f);
		mc_html(&b, "%r", "</div>\n");
	}
	mc_html(&b, "%r", "</div>\n");
	mc_page_send(rq, &b, status);
}

/* ---- the result -------------------------------------------------------- */

static void result_page(mc_request *rq, const char *code)
{
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_dossier_info info;
	mc_error err;
	int rc = mc_store_dossier_get(&ctx, code, &info, &err);
	if (rc) {
		mc_page_error(rq, &err);
		return;
	}
	char due[64], at[64], start[64];
	mc_format_moment_vn(due, sizeof due, info.d.due_at_receipt);
	mc_format_moment_vn(at, sizeof at, info.d.received_at);
	mc_buf b = { 0 };
	mc_page_begin_with(rq, &b, "Đã tiếp nhận hồ sơ", "tiep-nhan", "receive");
	mc_html(&b, "<h1>Đã tiếp nhận hồ sơ</h1>\n"
		    "<section class=\"card done\" aria-labelledby=\"done-title\">\n"
		    "<p class=\"success\" role=\"status\" id=\"done-title\">Hồ sơ đã được tiếp nhận. "
		    "Mã hồ sơ: <strong id=\"done-code\">%s</strong></p>\n<dl class=\"facts\">\n"
		    "<dt>Thủ tục</dt><dd>%s</dd>\n<dt>Người nộp</dt><dd>%s%r%s%r</dd>\n"
		    "<dt>Tiếp nhận</dt><dd>%s</dd>\n"
		    "<dt>Hẹn trả kết quả</dt><dd><strong id=\"done-appointment\">%s</strong></dd>\n",
		info.code, info.procedure ? info.procedure->name : info.procedure_code,
		info.applicant_name, info.applicant_kind[0] ? " (" : "",
		mc_applicant_kind_vn(info.applicant_kind), info.applicant_kind[0] ? ")" : "", at, due);
	if (info.delivery[0])
		mc_html(&b, "<dt>Nhận kết quả</dt><dd>%s</dd>\n", mc_delivery_vn(info.delivery));
	if (info.ndocuments) {
		mc_html(&b, "%r", "<dt>Giấy tờ đã nhận</dt><dd><ol id=\"done-documents\">\n");
		for (size_t i = 0; i < info.ndocuments; i++)
			mc_html(&b, "<li>%s</li>\n", info.documents[i]);
		mc_html(&b, "%r", "</ol></dd>\n");
	}
	mc_html(&b, "%r", "</dl>\n");
	mc_time clock = mc_clock_start(&info.d);
	if (clock != info.d.received_at) {
		mc_format_moment_vn(start, sizeof start, clock);
		mc_html(&b, "<p class=\"notice warn\" id=\"off-hours\">Hồ sơ tiếp nhận ngoài giờ hành "
			    "chính: thời gian giải quyết tính từ phiên làm việc tiếp theo, <strong>%s"
			    "</strong>.</p>\n", start);
	}
	mc_html(&b, "<p class=\"actions\"><a class=\"button primary\" id=\"print-slip\" "
		    "href=\"/api/v1/dossiers/%u/slip.pdf\" target=\"_blank\" rel=\"noopener\">"
		    "In phiếu hẹn (2 liên)</a> "
		    "<a class=\"button\" href=\"/ho-so/%u\">Xem hồ sơ</a> "
		    "<a class=\"button\" id=\"next-receipt\" href=\"/tiep-nhan?procedure=%u\">"
		    "Tiếp nhận hồ sơ khác (cùng thủ tục)</a> "
		    "<a class=\"button\" href=\"/tiep-nhan\">Chọn thủ tục khác</a></p>\n</section>\n",
		info.code, info.code, info.procedure_code);
	mc_page_send(rq, &b, 200);
	mc_dossier_info_clear(&info);
}

/* ---- GET ------------------------------------------------------------------ */

void mc_page_receive_form(mc_request *rq)
{
	if (!allowed(rq))
		return;
	const char *done = mc_rq_query(rq, "da-nhan");
	if (done && *done) {
		result_page(rq, done);
		return;
	}
	form f = { 0 };
	f.v[V_PROCEDURE] = mc_rq_query(rq, "procedure");
	form_page(rq, 200, &f);
}

/* ---- POST ----------------------------------------------------------------- */

/* A phone number: digits, spaces, dots, dashes, one leading '+'; 8 to 15
 * digits. */
static int phone_ok(const char *s)
{
	int digits = 0;
	for (const char *c = s; *c; c++) {
		if (*c >= '0' && *c <= '9')
			digits++;
		else if (!(*c == ' ' || *c == '.' || *c == '-' || (*c == '+' && c == s)))
			return 0;
	}
	return digits >= 8 && digits <= 15;
}

/* An identity number: letters, digits and dashes. */
static int id_ok(const char *s)
{
	for (const char *c = s; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '-')
			return 0;
	return 1;
}

static const char *trimmed(mc_request *rq, const char *name)
{
	const char *s = mc_rq_form(rq, name);
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	return s;
}

static void check_form(mc_request *rq, form *f, mc_receipt *r)
{
	mc_error err;
	const char *n = f->v[V_NAME];
	if (!n || !*n)
		bad(f, V_NAME, "Vui lòng nhập họ và tên người nộp hồ sơ.");
	else if (mc_text_check("name", n, MC_TEXT_NAME_MAX, 0, &err))
		bad(f, V_NAME, "Họ và tên quá dài hoặc có ký tự không hợp lệ.");
	const char *ph = f->v[V_PHONE];
	if (ph && *ph && !phone_ok(ph))
		bad(f, V_PHONE, "Số điện thoại không hợp lệ (8 đến 15 chữ số, ví dụ 0912 345 678).");
	const char *em = f->v[V_EMAIL];
	if (em && *em && (strlen(em) > MC_TEXT_EMAIL_MAX || !mc_email_valid(em)))
		bad(f, V_EMAIL, "Địa chỉ thư điện tử không hợp lệ (ví dụ ten@example.vn).");
	const char *id = f->v[V_ID];
	if (id && *id && (strlen(id) > MC_TEXT_ID_MAX || !id_ok(id)))
		bad(f, V_ID, "Số giấy tờ chỉ gồm chữ, số và dấu gạch ngang (tối đa 40 ký tự).");
	const char *ad = f->v[V_ADDRESS];
	if (ad && *ad && mc_text_check("address", ad, MC_TEXT_ADDRESS_MAX, 0, &err))
		bad(f, V_ADDRESS, "Địa chỉ quá dài hoặc có ký tự không hợp lệ.");
	if (f->v[V_KIND] && *f->v[V_KIND] && !mc_applicant_kind_valid(f->v[V_KIND]))
		bad(f, V_KIND, "Vui lòng chọn công dân hoặc tổ chức.");
	if (f->v[V_DELIVERY] && *f->v[V_DELIVERY] && !mc_delivery_valid(f->v[V_DELIVERY]))
		bad(f, V_DELIVERY, "Vui lòng chọn nơi nhận kết quả.");
	const mc_procedure *p = mc_catalog_find(rq->srv->cat, val(f, V_PROCEDURE));
	const char *ch = f->v[V_CHANNEL] && *f->v[V_CHANNEL] ? f->v[V_CHANNEL] : "in_person";
	if (mc_channel_parse(ch, &r->channel))
		bad(f, V_CHANNEL, "Hình thức nộp không hợp lệ.");
	else if (p && !(p->channels & (1 << r->channel)))
		bad(f, V_CHANNEL, "Thủ tục này không nhận hồ sơ theo hình thức này.");
	r->procedure = val(f, V_PROCEDURE);
	r->applicant = n;
	r->phone = ph;
	r->email = em;
	r->id_number = id;
	r->address = ad;
	r->applicant_kind = f->v[V_KIND] && *f->v[V_KIND] ? f->v[V_KIND] : NULL;
	r->delivery = f->v[V_DELIVERY] && *f->v[V_DELIVERY] ? f->v[V_DELIVERY] : NULL;
	r->actor = rq->user.login;
}

/*
 * The documents of a posted form: with the version's list, the checked
 * boxes (the "doc" fields, indexes into the list), their names into
 * `names`; without it, the non-empty lines of the text area (copied into
 * *text, which the caller frees). Returns how many required documents are
 * unchecked; a bad value is an error of the form.
 */
static int documents_of(mc_request *rq, form *f, const mc_version *v, const char **names,
			size_t *n, char **text)
{
	*n = 0;
	*text = NULL;
	if (v->documents_known && v->ndocuments) {
		const char *s;
		for (size_t k = 0; (s = mc_rq_form_nth(rq, "doc", k)); k++) {
			char *end;
			unsigned long i = strtoul(s, &end, 10);
			if (!*s || *end || !isdigit((unsigned char)*s) || i >= v->ndocuments ||
			    i >= MC_DOCUMENTS_MAX) {
				f->notice = "Biểu mẫu không hợp lệ (giấy tờ không có trong danh mục). "
					    "Vui lòng kiểm tra và gửi lại.";
				f->nerr++;
				return 0;
			}
			f->doc_on[i] = 1;
		}
		int missing = 0;
		for (size_t i = 0; i < v->ndocuments && i < MC_DOCUMENTS_MAX; i++) {
			if (f->doc_on[i])
				names[(*n)++] = v->documents[i].name;
			else if (v->documents[i].required)
				missing++;
		}
		return missing;
	}
	const char *t = f->v[V_DOCUMENTS];
	if (!t || !*t)
		return 0;
	mc_error err;
	if (strlen(t) > (size_t)MC_DOCUMENTS_MAX * (MC_DOCUMENT_NAME_MAX * 4 + 2) ||
	    mc_text_check("documents", t, (size_t)MC_DOCUMENTS_MAX * (MC_DOCUMENT_NAME_MAX + 2), 1,
			  &err)) {
		bad(f, V_DOCUMENTS, "Danh sách giấy tờ quá dài hoặc có ký tự không hợp lệ.");
		return 0;
	}
	if (!(*text = strdup(t))) {
		f->notice = "Lỗi hệ thống: thiếu bộ nhớ.";
		f->nerr++;
		return 0;
	}
	for (char *line = *text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line)
			continue;
		if (*n == MC_DOCUMENTS_MAX) {
			bad(f, V_DOCUMENTS, "Tối đa 50 loại giấy tờ.");
			return 0;
		}
		if (mc_text_check("document", line, MC_DOCUMENT_NAME_MAX, 0, &err)) {
			bad(f, V_DOCUMENTS, "Mỗi loại giấy tờ tối đa 300 ký tự, không có ký tự điều khiển.");
			return 0;
		}
		names[(*n)++] = line;
	}
	return 0;
}

void mc_page_receive(mc_request *rq)
{
	if (!allowed(rq) || !mc_page_form(rq))
		return;
	form f = { 0 };
	for (int i = 0; i < V__N; i++)
		f.v[i] = trimmed(rq, field_names[i]);
	const mc_procedure *p = mc_catalog_find(rq->srv->cat, val(&f, V_PROCEDURE));
	const mc_version *v = in_force(p, (mc_time)time(NULL));
	if (!p || !receivable(rq, v)) {
		if (!f.v[V_PROCEDURE] || !*f.v[V_PROCEDURE])
			bad(&f, V_PROCEDURE, "Vui lòng chọn thủ tục.");
		form_page(rq, 422, &f);
		return;
	}
	mc_receipt r = { 0 };
	check_form(rq, &f, &r);
	if (!v->statutory_known) {   /* the office's appointment, and why */
		mc_error perr;
		const char *ap = f.v[V_APPOINTMENT], *why = f.v[V_APPOINTMENT_REASON];
		if (!ap || !*ap)
			bad(&f, V_APPOINTMENT, "Vui lòng nhập ngày, giờ hẹn trả kết quả.");
		else if (mc_parse_moment(ap, &r.appointment, &perr))
			bad(&f, V_APPOINTMENT, "Ngày, giờ hẹn không hợp lệ (ví dụ 2026-12-10 09:00).");
		if (!why || !*why)
			bad(&f, V_APPOINTMENT_REASON, "Vui lòng ghi lý do ấn định ngày hẹn.");
		else if (mc_text_check("reason", why, MC_TEXT_REASON_MAX, 0, &perr))
			bad(&f, V_APPOINTMENT_REASON, "Lý do quá dài hoặc có ký tự không hợp lệ.");
		r.appointment_reason = why;
	}
	const char *key = f.v[V_KEY];
	if (!f.nerr && (!key || strlen(key) != 64 || strspn(key, "0123456789abcdef") != 64)) {
		f.notice = "Biểu mẫu không hợp lệ (thiếu mã biểu mẫu). Vui lòng kiểm tra và gửi lại.";
		f.nerr++;
	}
	/* the documents received: the checklist's, or the text's lines */
	const char *names[MC_DOCUMENTS_MAX];
	char *text = NULL;
	int missing = documents_of(rq, &f, v, names, &r.ndocuments, &text);
	r.documents = names;
	if (f.nerr) {
		form_page(rq, 422, &f);
		free(text);
		return;
	}
	if (missing && !(f.v[V_CONFIRM] && !strcmp(f.v[V_CONFIRM], "missing"))) {
		/* asked once: the next post of this form saves */
		f.asking = 1;
		f.missing_of = v;
		form_page(rq, 200, &f);
		free(text);
		return;
	}
	/* the form's key is the user's own, apart from the API's */
	char scoped[MC_LOGIN_MAX + 80];
	snprintf(scoped, sizeof scoped, "web:%s:%s", rq->user.login, key);
	r.idempotency_key = scoped;
	mc_store_ctx ctx = mc_rq_ctx(rq);
	mc_dossier_info info;
	mc_error err;
	char msg[400];
	int existed = 0;
	int rc = mc_store_savepoint(rq->db, &err);
	if (!rc)
		rc = mc_store_receive_in_tx(&ctx, &r, &info, &existed, &err);
	/* a retry raced with the first post of the form, which committed first */
	if (rc == MC_ERR_DB && !strcmp(err.constraint, "dossier_idempotency_key") &&
	    !(rc = mc_store_savepoint_rollback(rq->db, &err)))
		rc = mc_store_receive_in_tx(&ctx, &r, &info, &existed, &err);
	free(text);
	if (rc == MC_ERR_CONFLICT) {
		/* the form was sent before with other facts: a new form for these */
		f.v[V_KEY] = NULL;
		f.notice = "Biểu mẫu này đã được dùng để tiếp nhận một hồ sơ khác. Thông tin bạn nhập "
			   "vẫn còn bên dưới: kiểm tra lại rồi bấm “Tiếp nhận hồ sơ” để tiếp nhận hồ sơ mới.";
		form_page(rq, 409, &f);
		return;
	}
	if (rc == MC_ERR_NOTFOUND || rc == MC_ERR_INPUT || rc == MC_ERR_USAGE ||
	    (rc == MC_ERR_REFUSED && strcmp(err.sqlstate, "42501"))) {
		snprintf(msg, sizeof msg, "Hồ sơ chưa được tiếp nhận: %s.", err.message);
		f.notice = msg;
		form_page(rq, 422, &f);
		return;
	}
	if (rc) {
		mc_page_error(rq, &err);
		return;
	}
	char where[MC_CODE_MAX + 32];
	snprintf(where, sizeof where, "/tiep-nhan?da-nhan=%s", info.code);
	mc_dossier_info_clear(&info);
	mc_page_redirect(rq, where);
}
