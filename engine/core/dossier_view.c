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
	free(info->appointment_reason);
	for (size_t i = 0; i < info->ndocuments; i++)
		free(info->documents[i]);
	free(info->documents);
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

int mc_documents_split(const char *joined, char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	if (!joined)
		return 0;
	size_t count = 1;
	for (const char *c = joined; *c; c++)
		count += *c == '\n';
	char **v = calloc(count, sizeof *v);
	if (!v)
		return -1;
	size_t k = 0;
	for (const char *c = joined;; k++) {
		const char *e = strchr(c, '\n');
		size_t len = e ? (size_t)(e - c) : strlen(c);
		if (!(v[k] = malloc(len + 1))) {
			for (size_t i = 0; i < k; i++)
				free(v[i]);
			free(v);
			return -1;
		}
		memcpy(v[k], c, len);
		v[k][len] = '\0';
		if (!e)
			break;
		c = e + 1;
	}
	*names = v;
	*n = k + 1;
	return 0;
}

char *mc_documents_join(const char *const *names, size_t n)
{
	if (!n)
		return NULL;
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(names[i]) + 1;
	char *s = malloc(len), *w = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(names[i]);
		memcpy(w, names[i], l);
		w += l;
		*w++ = i + 1 < n ? '\n' : '\0';
	}
	return s;
}
