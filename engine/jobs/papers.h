/*
 * papers.h - the forms of a dossier by name, for `motcua form` and the
 * API's /dossiers/{code}/forms/{form}.pdf: receipt (Mẫu 01), supplement
 * (Mẫu 02), refusal (Mẫu 03), stop (Mẫu 05 of 2025), apology (Mẫu 04, as
 * issued) and control (Mẫu 05/2018, 06/2025), each in the form of the
 * regime in force on its day.
 */
#ifndef MOTCUA_PAPERS_H
#define MOTCUA_PAPERS_H

#include "document.h"
#include "dossier_view.h"
#include "store_dossier.h"

/* The forms' names, NULL-ended, and whether `kind` is one. */
extern const char *const mc_paper_kinds[];
int mc_paper_kind_known(const char *kind);

/* Fill `doc` with form `kind` of the dossier (`now`: the control slip's
 * moment); MC_ERR_REFUSED, saying what is missing, when the dossier has no
 * such paper (no supplement requested, not refused, never paused or paused
 * before the 2025 regime, no apology issued). */
int mc_paper_build(const mc_store_ctx *ctx, const mc_dossier_info *info, const char *kind,
		   mc_time now, mc_document *doc, mc_error *err);

#endif
