/*
 * papers.c - the forms of a dossier by name (see papers.h).
 */
#include "papers.h"
#include "apology_letter.h"
#include "apology_store.h"
#include "forms.h"
#include "forms_render.h"
#include "slip.h"

#include <stdlib.h>
#include <string.h>

const char *const mc_paper_kinds[] = {
	"receipt", "supplement", "refusal", "stop", "apology", "control", NULL
};

int mc_paper_kind_known(const char *kind)
{
	for (int i = 0; mc_paper_kinds[i]; i++)
		if (!strcmp(mc_paper_kinds[i], kind))
			return 1;
	return 0;
}

/* Fill `doc` with form `kind` of the dossier; MC_ERR_REFUSED (with what
 * is missing) when the dossier has no such form. */
int mc_paper_build(const mc_store_ctx *ctx, const mc_dossier_info *info, const char *kind,
		   mc_time now, mc_document *doc, mc_error *err)
{
	const mc_agency *ag = ctx->cat->agency;
	const mc_event *e;
	if (!strcmp(kind, "receipt")) {
		mc_slip_receipt_doc(doc, ag, info);
	} else if (!strcmp(kind, "control")) {
		mc_slip_control_doc(doc, ag, info, now);
	} else if (!strcmp(kind, "supplement")) {
		if (!(e = mc_form_event(info, "supplement_request")))
			return mc_error_set(err, MC_ERR_REFUSED,
					    "no supplement was requested for dossier '%s' (Mẫu 02 records a supplement request)",
					    info->code);
		mc_form_supplement(doc, ag, info, e);
	} else if (!strcmp(kind, "refusal")) {
		if (info->d.state != MC_DS_REFUSED || !(e = mc_form_event(info, "refuse")))
			return mc_error_set(err, MC_ERR_REFUSED,
					    "dossier '%s' was not refused (it is %s); Mẫu 03 is for a refused dossier",
					    info->code, info->nevents ? info->events[info->nevents - 1].to_state : "new");
		mc_form_refusal(doc, ag, info, e);
	} else if (!strcmp(kind, "stop")) {
		const mc_regime *r25 = mc_regime_2025();
		char from[16], day[16];
		mc_format_date_vn(from, sizeof from, r25->from);
		if (!(e = mc_form_event(info, "pause")))
			return mc_error_set(err, MC_ERR_REFUSED,
					    "dossier '%s' was never paused; the stop notice (Mẫu 05, %s) is for a paused dossier",
					    info->code, r25->circular);
		if (!mc_regime_at(mc_time_day(e->at))->stop_form) {
			mc_format_date_vn(day, sizeof day, mc_time_day(e->at));
			return mc_error_set(err, MC_ERR_REFUSED,
					    "dossier '%s' was paused on %s: the stop notice (Mẫu 05, %s) exists from %s only",
					    info->code, day, r25->circular, from);
		}
		mc_form_stop(doc, ag, info, e);
	} else if (!strcmp(kind, "apology")) {
		/* the letter as issued: its row in motcua.apology (number, date,
		 * appointment, reason), the same one the desk reprints */
		mc_apology a;
		char *reason = NULL;
		int found = 0;
		int rc = mc_store_apology_last(ctx, info->code, &a, &reason, &found, err);
		if (rc)
			return rc;
		if (!found)
			return mc_error_set(err, MC_ERR_REFUSED,
					    "no apology letter was issued for dossier '%s' (motcua apology CODE --reason TEXT issues one)",
					    info->code);
		mc_apology_letter(doc, ag, info, &a, reason);
		free(reason);
	} else {
		return mc_error_set(err, MC_ERR_USAGE, "unknown form '%s'", kind);
	}
	return MC_OK;
}
