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
	free(info->applicant_email);
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

int mc_applicant_kind_valid(const char *kind)
{
	return kind && (!strcmp(kind, "citizen") || !strcmp(kind, "organisation"));
}

int mc_delivery_valid(const char *delivery)
{
	return delivery && (!strcmp(delivery, "desk") || !strcmp(delivery, "post") ||
			    !strcmp(delivery, "online"));
}

const char *mc_applicant_kind_vn(const char *kind)
{
	if (!kind)
		return "";
	if (!strcmp(kind, "citizen"))
		return "Công dân";
	if (!strcmp(kind, "organisation"))
		return "Tổ chức";
	return "";
}

const char *mc_delivery_vn(const char *delivery)
{
	if (!delivery)
		return "";
	if (!strcmp(delivery, "desk"))
		return "Nhận tại bộ phận một cửa";
	if (!strcmp(delivery, "post"))
		return "Nhận qua bưu chính";
	if (!strcmp(delivery, "online"))
		return "Nhận trực tuyến";
	return "";
}

int mc_email_valid(const char *s)
{
	if (!s)
		return 0;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return 0;
	for (const char *c = s; *c; c++)
		if (*c == ' ' || (*c >= '\t' && *c <= '\r'))
			return 0;
	const char *dom = at + 1;
	size_t n = strlen(dom);
	for (size_t i = 1; i + 1 < n; i++)
		if (dom[i] == '.')
			return 1;
	return 0;
}
