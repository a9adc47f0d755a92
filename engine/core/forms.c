/*
 * forms.c - form numbers and titles by regime (DESIGN.md, "Outputs people
 * read"). Titles are verbatim.
 */
#include "forms.h"
#include "civil.h"

static const mc_regime regime_2018 = {
	.circular = "Thông tư số 01/2018/TT-VPCP",
	.receipt_form = "Mẫu số 01",
	.receipt_title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	.apology_form = "Mẫu số 04",
	.apology_title = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
	.control_form = "Mẫu số 05",
	.control_title = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	.register_form = "Mẫu số 06",
	.register_title = "SỔ THEO DÕI HỒ SƠ",
};

static const mc_regime regime_2025 = {
	.circular = "Thông tư số 03/2025/TT-VPCP",
	.receipt_form = "Mẫu số 01",
	.receipt_title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	.apology_form = "Mẫu số 04",
	.apology_title = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
	.control_form = "Mẫu số 06",
	.control_title = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	.register_form = "Mẫu số 07",
	.register_title = "SỔ THEO DÕI HỒ SƠ",
};

const mc_regime *mc_regime_at(int32_t day)
{
	return day >= mc_days_from_civil(2025, 7, 1) ? &regime_2025 : &regime_2018;
}
