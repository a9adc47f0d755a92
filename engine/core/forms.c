/*
 * forms.c - form numbers and titles by regime (DESIGN.md, "Outputs people
 * read"). Titles are verbatim.
 *
 * Dates, with their sources:
 * - Decree 118/2025/NĐ-CP (09/06/2025) replaces Decree 61/2018 from
 *   01/07/2025 (DOMAIN.md, "Since 2025"). The engine switches the forms on
 *   that day.
 * - Circular 03/2025/TT-VPCP, which carries the forms, is dated 15/09/2025
 *   ("Số: 03/2025/TT-VPCP | Hà Nội, ngày 15 tháng 9 năm 2025", its text as
 *   published at hethongphapluat.com; cited by Decision 128/2025/QĐ-UBND of
 *   Thanh Hóa, 09/10/2025, as "Thông tư số 03/2025/TT-VPCP ngày 15 tháng 9
 *   năm 2025"). thuviennhadat.vn ("Tải file word biểu mẫu Thông tư
 *   03/2025/TT-VPCP") says its Appendix I sets the forms "từ ngày
 *   15/9/2025" and lists Mẫu số 01-07 with the titles below. The article
 *   on its entry into force was not found in the sources searched, so
 *   the signing date is kept as data (forms_dated) and the switch stays on
 *   01/07/2025 until the department decides which forms it used from
 *   01/07 to 14/09/2025.
 */
#include "forms.h"
#include <stddef.h>

/* Days since 1970-01-01: Decree 118/2025/NĐ-CP in force 01/07/2025
 * (DOMAIN.md); Circular 03/2025/TT-VPCP
 * signed, and its forms dated, 15/09/2025 (recorded, not used for the
 * switch). tests/cli/test_forms.sh prints the forms of dossiers of 16/06
 * and 01/07/2025; test_dossier.sh receives on 30/06 and 01/07/2025. */
#define DECREE_118_2025_FROM 20270
#define CIRCULAR_03_2025_SIGNED 20346

static const mc_regime regime_2018 = {
	.circular = "Thông tư số 01/2018/TT-VPCP",
	.decree = "Nghị định số 61/2018/NĐ-CP",
	.from = 0,   /* every earlier day: older regimes are not told apart */
	.receipt_form = "Mẫu số 01",
	.receipt_title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	.supplement_form = "Mẫu số 02",
	.supplement_title = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
	.refusal_form = "Mẫu số 03",
	.refusal_title = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
	.apology_form = "Mẫu số 04",
	.apology_title = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
	.stop_form = NULL,
	.stop_title = NULL,
	.control_form = "Mẫu số 05",
	.control_title = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	.register_form = "Mẫu số 06",
	.register_title = "SỔ THEO DÕI HỒ SƠ",
};

/* Appendix I of Circular 03/2025/TT-VPCP, Mẫu số 01-07 (thuviennhadat.vn). */
static const mc_regime regime_2025 = {
	.circular = "Thông tư số 03/2025/TT-VPCP",
	.decree = "Nghị định số 118/2025/NĐ-CP",
	.from = DECREE_118_2025_FROM,
	.forms_dated = CIRCULAR_03_2025_SIGNED,
	.receipt_form = "Mẫu số 01",
	.receipt_title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	.supplement_form = "Mẫu số 02",
	.supplement_title = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
	.refusal_form = "Mẫu số 03",
	.refusal_title = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
	.apology_form = "Mẫu số 04",
	.apology_title = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
	.stop_form = "Mẫu số 05",
	.stop_title = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
	.control_form = "Mẫu số 06",
	.control_title = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	.register_form = "Mẫu số 07",
	.register_title = "SỔ THEO DÕI HỒ SƠ",
};

const mc_regime *mc_regime_2025(void)
{
	return &regime_2025;
}

const mc_regime *mc_regime_at(int32_t day)
{
	return day >= regime_2025.from ? &regime_2025 : &regime_2018;
}
