/*
 * calendar.h - working time over the Vietnamese civil-service calendar.
 *
 * A calendar knows, for every day of 1900-2199, whether it is a working day
 * and why not (weekend, public holiday, compensatory day off, swapped day
 * off; Saturdays worked in exchange are working days), and the office
 * sessions of each working day (by date range, per agency). Years with a
 * published schedule use it; other years are projected from the Labour Code
 * (2012 rules up to 2020, 2019 rules from 2021) and the lunar calendar.
 *
 * Working time is measured in ticks: MC_TICKS_PER_DAY per working day,
 * whatever the length of that day's sessions (one tick is one second of an
 * 8-hour day). A moment maps to a coordinate on the working-time line; adding
 * N working days adds N * MC_TICKS_PER_DAY to it, and a result exactly at a
 * day boundary is shown as the end of the earlier day (17:00, not 07:00 the
 * next morning), so "due on day D" means what a clerk means.
 *
 * All queries are O(1) after mc_calendar_finish (per-day tables).
 */
#ifndef MOTCUA_CALENDAR_H
#define MOTCUA_CALENDAR_H

#include <stddef.h>
#include <stdint.h>
#include "civil.h"
#include "error.h"

#define MC_TICKS_PER_DAY 28800
#define MC_CAL_FIRST_YEAR 1900
#define MC_CAL_LAST_YEAR 2199
#define MC_MAX_SESSIONS 4

typedef enum {
	MC_DAY_WORKING,          /* an ordinary working day */
	MC_DAY_WORKED_SATURDAY,  /* làm bù: a weekend day worked in exchange */
	MC_DAY_WEEKEND,
	MC_DAY_HOLIDAY,          /* statutory public holiday */
	MC_DAY_COMPENSATORY,     /* nghỉ bù: for a holiday on a weekend */
	MC_DAY_SWAPPED,          /* nghỉ hoán đổi: a weekday off, worked on a Saturday */
} mc_day_kind;

typedef struct mc_day_info {
	mc_day_kind kind;
	int working;
	const char *name;        /* holiday name (Vietnamese), NULL for plain days */
	int confirmed;           /* published and confirmed (not derived) */
	int projected;           /* the year has no published schedule */
	int32_t office_open, office_close;  /* seconds after midnight; 0 if not working */
} mc_day_info;

typedef enum { MC_UNIT_WORKING_DAYS, MC_UNIT_DAYS, MC_UNIT_MONTHS } mc_time_unit;

/* A processing time: working days (in halves), calendar days or months. */
typedef struct mc_duration {
	mc_time_unit unit;
	int32_t halves;          /* working days x 2; calendar days x 2; months x 2 */
} mc_duration;

typedef struct mc_calendar mc_calendar;

/* --- building ------------------------------------------------------- */

/* An empty calendar: Monday-Friday, sessions 07:00-11:30 and 13:30-17:00. */
int mc_calendar_new(mc_calendar **out, mc_error *err);
void mc_calendar_free(mc_calendar *cal);

/* Office sessions from day `from` on (until a later range starts). Sessions
 * are [start, end) in seconds after midnight, ascending, non-overlapping. */
int mc_calendar_set_sessions(mc_calendar *cal, int32_t from, int n,
			     const int32_t *start, const int32_t *end, mc_error *err);

/* Declare `year` published (its days come from mc_calendar_mark only). */
int mc_calendar_publish_year(mc_calendar *cal, int year, const char *announcement,
			     mc_error *err);

/* A published day: MC_DAY_HOLIDAY, _COMPENSATORY or _SWAPPED on a weekday,
 * or MC_DAY_WORKED_SATURDAY on a weekend day. */
int mc_calendar_mark(mc_calendar *cal, int32_t day, mc_day_kind kind,
		     const char *name, int confirmed, mc_error *err);

/* Project the unpublished years and build the tables. */
int mc_calendar_finish(mc_calendar *cal, mc_error *err);

/* Load procedures/agency.yaml (office hours) and procedures/calendar/ *.yaml
 * from the directory `procdir`, and finish. */
int mc_calendar_load(mc_calendar **out, const char *procdir, mc_error *err);

/* Load one published year (procedures/calendar/YYYY.yaml) into `cal`. */
int mc_calendar_load_year(mc_calendar *cal, const char *path, mc_error *err);

/* --- queries -------------------------------------------------------- */

int mc_calendar_day(const mc_calendar *cal, int32_t day, mc_day_info *out,
		    mc_error *err);
/* Whether the year is published, and its announcement(s) ("" if none). */
int mc_calendar_year(const mc_calendar *cal, int year, int *published,
		     const char **announcement, mc_error *err);

/*
 * The arithmetic stays inside the calendar: a moment outside 1900-01-01 ..
 * 2199-12-31 is MC_ERR_INPUT ("the moment ... is before the start of the
 * calendar (1900-01-01)"), and so is a result past the close of its last
 * working day ("the due moment falls after the end of the calendar
 * (2199-12-31)", with the start and the duration as the detail), whatever
 * the tick or day count: nothing overflows, nothing reads past a table.
 */

/* t + ticks of working time (ticks >= 0). */
int mc_calendar_add_ticks(const mc_calendar *cal, mc_time t, int64_t ticks,
			  mc_time *out, mc_error *err);
/* Civil Code 2015 art. 147-148: the day of t is not counted; the period
 * ends when the office closes on its last day, or on the next working day
 * when the last day is not one. */
int mc_calendar_add_days(const mc_calendar *cal, mc_time t, int days,
			 mc_time *out, mc_error *err);
/* Civil Code 2015 art. 147-148 for a period in months: the day of t is
 * not counted; the period ends on the day of the last month that
 * corresponds to the day of t (its last day when that month is shorter),
 * when the office closes, or on the next working day when that day is not
 * one. */
int mc_calendar_add_months(const mc_calendar *cal, mc_time t, int months,
			   mc_time *out, mc_error *err);
/* Any of the above according to the unit. */
int mc_calendar_add(const mc_calendar *cal, mc_time t, mc_duration d,
		    mc_time *out, mc_error *err);
/* The moment the office closes on the last working day before `day`: the
 * latest an apology is on time for a dossier due on `day`. */
int mc_calendar_prev_close(const mc_calendar *cal, int32_t day, mc_time *out, mc_error *err);
/* Working time from a to b in ticks (negative if b < a). */
int mc_calendar_between(const mc_calendar *cal, mc_time a, mc_time b,
			int64_t *ticks, mc_error *err);

/* --- durations ------------------------------------------------------ */

/* "3wd", "2.5wd", "0.5wd" (working days), "15d" (calendar days), "1mo"
 * (months); at most 100000 days or 4000 months (more than the calendar
 * holds, so the arithmetic says whether a long one fits). */
int mc_duration_parse(const char *s, mc_duration *out, mc_error *err);
/* The inverse: "2.5wd", "15d", "1mo". */
void mc_duration_format(char *buf, size_t n, mc_duration d);
/* "2,5 ngày làm việc", "15 ngày", "01 tháng" */
void mc_duration_format_vn(char *buf, size_t n, mc_duration d);

const char *mc_day_kind_name(mc_day_kind k);     /* "holiday" */
const char *mc_day_kind_vn(mc_day_kind k);       /* "Ngày lễ" */

/* A fingerprint of what decides working time (which days work, their
 * office sessions): two calendars with the same one count every duration
 * alike. The store keeps the last one applied to open dossiers. */
uint64_t mc_calendar_fingerprint(const mc_calendar *cal);

#endif
