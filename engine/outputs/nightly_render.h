/*
 * nightly_render.h - the night's alerts as text (per unit, in Vietnamese),
 * CSV or JSON, streamed: begin, one call per alert (in unit order), end
 * with the desks. The caller writes out->len bytes whenever it likes (a
 * night of a million alerts never sits in memory).
 */
#ifndef MOTCUA_NIGHTLY_RENDER_H
#define MOTCUA_NIGHTLY_RENDER_H

#include "agency.h"
#include "lateness.h"
#include "office_view.h"
#include "strbuf.h"
#include "table.h"

typedef struct mc_nightly_out {
	mc_buf *b;
	mc_out_format fmt;
	const mc_agency *agency;
	long n, overdue, soon, apology;
	char unit[64];               /* text: the unit of the last heading */
} mc_nightly_out;

/* The heading: the night, how many dossiers were evaluated, how many alerts
 * this run recorded, whether the night had been evaluated before. */
void mc_nightly_out_begin(mc_nightly_out *o, mc_buf *b, mc_out_format fmt,
			  const mc_agency *agency, int32_t as_of, long evaluated, long alerts_new,
			  int already_done);
void mc_nightly_out_alert(mc_nightly_out *o, const mc_alert *a);
/* The totals and what is on each desk (CSV has neither). */
void mc_nightly_out_end(mc_nightly_out *o, const mc_desk *desks, size_t ndesks);

#endif
