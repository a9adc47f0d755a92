/*
 * dossier_view.c - freeing a dossier view (see dossier_view.h).
 */
#include "dossier_view.h"

#include <stdlib.h>
#include <string.h>

void mc_dossier_info_clear(mc_dossier_info *info)
{
	if (!info)
		return;
	free(info->applicant_name);
	free(info->applicant_address);
	free(info->applicant_phone);
	free(info->applicant_id_number);
	free(info->external_ref);
	free(info->idempotency_key);
	for (size_t i = 0; i < info->nevents; i++) {
		mc_event *e = &info->events[i];
		free(e->note);
		free(e->backdate_reason);
		free(e->field);
		free(e->old_value);
		free(e->new_value);
	}
	free(info->events);
	memset(info, 0, sizeof *info);
}
