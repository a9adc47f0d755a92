/*
 * libFuzzer target: the date, moment and duration parsers, and what their
 * results feed (lunar conversion, working-time arithmetic).
 */
#include "calendar.h"
#include "lunar.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mc_calendar *cal, *odd;

/* The default calendar (8-hour days: no scaling) and one whose days change
 * length (a 7 h 25 min day from 2000, a 3-session 6-hour day from 2150),
 * where working time is scaled to each day and rounded up. */
static void setup(void)
{
	int32_t st1[] = { 7 * 3600 + 1800, 13 * 3600 }, en1[] = { 11 * 3600 + 900, 16 * 3600 + 2400 };
	int32_t st2[] = { 6 * 3600, 10 * 3600, 20 * 3600 }, en2[] = { 8 * 3600, 12 * 3600, 22 * 3600 };
	if (mc_calendar_new(&cal, NULL) || mc_calendar_finish(cal, NULL) ||
	    mc_calendar_new(&odd, NULL) ||
	    mc_calendar_set_sessions(odd, mc_days_from_civil(2000, 1, 1), 2, st1, en1, NULL) ||
	    mc_calendar_set_sessions(odd, mc_days_from_civil(2150, 1, 1), 3, st2, en2, NULL) ||
	    mc_calendar_finish(odd, NULL))
		abort();
}

/* A result of the calendar arithmetic: inside the calendar, after the
 * start, and (for working days) `ticks` of working time later, give or take
 * the rounding up to whole seconds on a day that is not 8 hours long. */
static void check_result(const mc_calendar *c, mc_time t, mc_time out, int64_t ticks)
{
	mc_time lo = mc_time_make(mc_days_from_civil(MC_CAL_FIRST_YEAR, 1, 1), 0);
	mc_time hi = mc_time_make(mc_days_from_civil(MC_CAL_LAST_YEAR + 1, 1, 1), 0);
	if (out < lo || out >= hi || out < t)
		abort();
	int64_t el;
	if (ticks >= 0 && (mc_calendar_between(c, t, out, &el, NULL) != MC_OK ||
			   el < ticks || el > ticks + (c == cal ? 0 : 8)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!cal)
		setup();
	char s[128];
	size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
	memcpy(s, data, n);
	s[n] = '\0';
	mc_error err;
	int32_t day;
	mc_time t, out;
	mc_duration d;
	if (mc_parse_date(s, &day, &err) == MC_OK) {
		mc_lunar_date ld;
		if (mc_lunar_from_solar(day, &ld, &err) == MC_OK) {
			int32_t back;
			if (mc_lunar_to_solar(&ld, &back, &err) != MC_OK || back != day)
				abort();   /* the round trip must hold */
		}
	}
	if (mc_parse_moment(s, &t, &err) == MC_OK) {
		/* a moment formats back to itself */
		char f[48];
		mc_time back;
		mc_format_moment(f, sizeof f, t);
		if (mc_parse_moment(f, &back, NULL) == MC_OK && back != t)
			abort();
		int64_t ticks;
		for (int k = 0; k < 2; k++) {
			const mc_calendar *c = k ? odd : cal;
			if (mc_calendar_add_ticks(c, t, MC_TICKS_PER_DAY, &out, &err) == MC_OK)
				check_result(c, t, out, MC_TICKS_PER_DAY);
			if (mc_calendar_between(c, t, t + 86400, &ticks, &err) == MC_OK &&
			    (ticks < 0 || ticks > 86400))
				abort();
			mc_calendar_prev_close(c, mc_time_day(t), &out, &err);
		}
	}
	/* "MOMENT DURATION" */
	char *sp = strchr(s, ' ');
	if (sp) {
		*sp = '\0';
		if (mc_parse_moment(s, &t, &err) == MC_OK && mc_duration_parse(sp + 1, &d, &err) == MC_OK)
			for (int k = 0; k < 2; k++) {
				const mc_calendar *c = k ? odd : cal;
				if (mc_calendar_add(c, t, d, &out, &err) == MC_OK)
					check_result(c, t, out, d.unit == MC_UNIT_WORKING_DAYS
						     ? (int64_t)d.halves * (MC_TICKS_PER_DAY / 2) : -1);
			}
	} else if (mc_duration_parse(s, &d, &err) == MC_OK) {
		/* a duration formats back to itself */
		char back[32];
		mc_duration d2;
		mc_duration_format(back, sizeof back, d);
		if (mc_duration_parse(back, &d2, NULL) != MC_OK || d2.unit != d.unit || d2.halves != d.halves)
			abort();
	}
	return 0;
}
