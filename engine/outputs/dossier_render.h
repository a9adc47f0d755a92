/*
 * dossier_render.h - the clerks' commands' outputs: the receipt, a dossier
 * (show), the line after an action (act), an apology, and work queues
 * (list), in text, CSV and JSON. The slips themselves are in slip.h.
 */
#ifndef MOTCUA_DOSSIER_RENDER_H
#define MOTCUA_DOSSIER_RENDER_H

#include "agency.h"
#include "dossier_view.h"
#include "lateness.h"
#include "office_view.h"
#include "strbuf.h"
#include "table.h"

/* receive --json: {"code":..,"existed":..,"received_at":..,"due_at":..,"version":..} */
void mc_render_receipt_json(const mc_dossier_info *info, int existed, mc_buf *out);

/* show --json: the dossier, its state and status at `now`, its steps. */
void mc_render_dossier_json(const mc_dossier_info *info, mc_time now, mc_buf *out);

/* act: "CODE: action -> where; due ...; status" or its JSON. */
void mc_render_act(const mc_dossier_info *info, mc_action a, mc_time at, mc_out_format fmt,
		   mc_buf *out);

/* apology --json: a letter (issued, or a draft when a->number is 0). */
json_t *mc_apology_json(const mc_dossier_info *info, const mc_apology *a, const char *reason);

/* list: the work queue, as text (one line each and a count), CSV or JSON. */
void mc_render_queue(const mc_queue_item *items, size_t n, mc_out_format fmt, mc_buf *out);

#endif
