/*
 * forms_render.h - the forms issued on a dossier's events: Mẫu 02 (Phiếu
 * yêu cầu bổ sung, hoàn thiện hồ sơ) for a supplement request, Mẫu 03
 * (Phiếu từ chối tiếp nhận giải quyết hồ sơ) for a refusal, and from
 * 01/07/2025 Mẫu 05 (Thông báo dừng giải quyết hồ sơ) for a pause. Each is
 * built from the dossier view and the event (its note says what is missing,
 * or why), in the form of the regime in force on the event's day.
 */
#ifndef MOTCUA_FORMS_RENDER_H
#define MOTCUA_FORMS_RENDER_H

#include "agency.h"
#include "document.h"
#include "dossier_view.h"

/* The latest event of `info` with this action ("supplement_request",
 * "refuse", "pause"), or NULL. */
const mc_event *mc_form_event(const mc_dossier_info *info, const char *action);

void mc_form_supplement(mc_document *doc, const mc_agency *agency, const mc_dossier_info *info,
			const mc_event *e);
void mc_form_refusal(mc_document *doc, const mc_agency *agency, const mc_dossier_info *info,
		     const mc_event *e);
/* Only for an event on or after the 2025 regime's first day (the caller
 * checks: mc_regime_at(day)->stop_form). */
void mc_form_stop(mc_document *doc, const mc_agency *agency, const mc_dossier_info *info,
		  const mc_event *e);

#endif
