/*
 * slip.h - the receipt and appointment slip and the process control slip,
 * as plain text (Vietnamese, UTF-8), in the form of the regime in force.
 */
#ifndef MOTCUA_SLIP_H
#define MOTCUA_SLIP_H

#include "agency.h"
#include "dossier_view.h"
#include "document.h"
#include "strbuf.h"

/* Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
void mc_slip_receipt(mc_buf *out, const mc_agency *agency, const mc_dossier_info *info);
/* Mẫu 05 / 06: Phiếu kiểm soát quá trình giải quyết hồ sơ, as of `now`. */
void mc_slip_control(mc_buf *out, const mc_agency *agency, const mc_dossier_info *info,
		     mc_time now);

/* The same as documents, for the PDF renderer (clear with
 * mc_document_clear). */
void mc_slip_receipt_doc(mc_document *doc, const mc_agency *agency, const mc_dossier_info *info);
void mc_slip_control_doc(mc_document *doc, const mc_agency *agency, const mc_dossier_info *info,
			 mc_time now);

/* The letterhead (with the desk's line when `desk`) and the national
 * heading, on `paper`. */
void mc_form_heading(mc_document *doc, const mc_agency *agency, const char *paper, int desk);
/* When the processing time started counting: the receipt moment, or for a
 * receipt outside office hours the opening of the next session. */
mc_time mc_clock_start(const mc_dossier *d);

/* "09 giờ 00 phút, ngày 04/03/2024" */
void mc_format_moment_vn(char *buf, size_t n, mc_time t);

#endif
