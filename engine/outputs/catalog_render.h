/*
 * catalog_render.h - the procedure catalogue as text (Vietnamese) or JSON:
 * the procedures in force on a day, and one procedure's version.
 */
#ifndef MOTCUA_CATALOG_RENDER_H
#define MOTCUA_CATALOG_RENDER_H

#include "catalog.h"
#include "strbuf.h"
#include "table.h"

/* The procedures with a version in force on `at`, and their count. */
void mc_render_catalog_list(const mc_catalog *cat, int32_t at, mc_out_format fmt, mc_buf *out);
/* Version `v` of `p`: times, the cut, the internal steps and their units. */
void mc_render_procedure(const mc_agency *agency, const mc_procedure *p, const mc_version *v,
			 mc_out_format fmt, mc_buf *out);

#endif
