/*
 * agency.h - the agency this installation serves (procedures/agency.yaml):
 * its codes and names, office hours by date range, and the units that
 * handle the steps of its dossiers.
 */
#ifndef MOTCUA_AGENCY_H
#define MOTCUA_AGENCY_H

#include <stddef.h>
#include <stdint.h>
#include "calendar.h"
#include "error.h"

typedef struct mc_office_hours {
	int32_t from;                          /* first day */
	int n;
	int32_t start[MC_MAX_SESSIONS], end[MC_MAX_SESSIONS];
} mc_office_hours;

typedef struct mc_unit {
	char *id, *name, *email;
} mc_unit;

typedef struct mc_agency {
	char *id, *code, *name, *short_name, *parent, *province, *service_center;
	char *letterhead_parent, *letterhead_name;   /* as printed on forms */
	/* who signs letters: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / the name; each
	 * NULL when not configured (the name is never guessed) */
	char *signer_title, *signer_subtitle, *signer_name;
	/* the desk's public address for the citizen's look-up ("https://...",
	 * no trailing '/'): the slip's QR code is <lookup_url>/tra-cuu/<token>;
	 * NULL when not configured (the slip says so: no address is guessed) */
	char *lookup_url;
	/* whom the period reports go to ("Kính gửi"); NULL: the parent body */
	char *report_to;
	mc_office_hours *hours;
	size_t nhours;
	mc_unit *units;
	size_t nunits;
} mc_agency;

/* Load and validate agency.yaml. Free with mc_agency_free (accepts NULL). */
int mc_agency_load(mc_agency **out, const char *path, mc_error *err);
void mc_agency_free(mc_agency *a);

/* The unit with this id, or NULL. */
const mc_unit *mc_agency_unit(const mc_agency *a, const char *id);

#endif
