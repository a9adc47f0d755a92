/*
 * apology_letter.h - the apology letter (Phiếu / Văn bản xin lỗi, Mẫu 04 of
 * the regime in force on the letter's date) as a document for the text and
 * PDF renderers.
 */
#ifndef MOTCUA_APOLOGY_LETTER_H
#define MOTCUA_APOLOGY_LETTER_H

#include "agency.h"
#include "document.h"
#include "dossier_view.h"
#include "lateness.h"

/* Fill `doc` with the letter `a` for dossier `info` (clear with
 * mc_document_clear). A letter with number 0 is a draft. */
void mc_apology_letter(mc_document *doc, const mc_agency *agency, const mc_dossier_info *info,
		       const mc_apology *a, const char *reason);

/* The signature block of the agency's signer (agency.yaml `signer`) in
 * column `slot` (0 left, 1 right): its titles, and its name when configured
 * (else the hint and a blank line for the hand-written name). */
void mc_agency_signature(mc_document *doc, const mc_agency *agency, int slot);

#endif
