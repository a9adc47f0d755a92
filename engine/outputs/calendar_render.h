/*
 * calendar_render.h - `motcua calendar`'s answers as text (Vietnamese) or
 * JSON: a year's days off, a day, a due moment, working time between two
 * moments, a lunar or solar date.
 */
#ifndef MOTCUA_CALENDAR_RENDER_H
#define MOTCUA_CALENDAR_RENDER_H

#include "calendar.h"
#include "lunar.h"
#include "strbuf.h"
#include "table.h"

/* The year's days off and worked Saturdays, and its count of working days. */
void mc_render_calendar_year(const mc_calendar *cal, int year, mc_out_format fmt, mc_buf *out);
void mc_render_calendar_day(int32_t day, const mc_day_info *info, mc_out_format fmt, mc_buf *out);
void mc_render_calendar_add(mc_time start, mc_duration d, mc_time due, mc_out_format fmt,
			    mc_buf *out);
/* `ticks` of working time (MC_TICKS_PER_DAY a day), in working days exactly. */
void mc_render_calendar_between(mc_time from, mc_time to, int64_t ticks, mc_out_format fmt,
				mc_buf *out);
/* solar -> lunar (lunar_first 0) or lunar -> solar (lunar_first 1) */
void mc_render_lunar(int32_t day, const mc_lunar_date *ld, int lunar_first, mc_out_format fmt,
		     mc_buf *out);

#endif
