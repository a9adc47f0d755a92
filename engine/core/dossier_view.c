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
	for (size_t i = 0; i < info->nevents; i++)
		free(info->events[i].note);
	free(info->events);
	memset(info, 0, sizeof *info);
}
