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

static mc_calendar *cal;

/* A result of the calendar arithmetic: inside the calendar, after the
 * start, and (for working days) exactly `ticks` of working time later. */
static void check_result(mc_time t, mc_time out, int64_t ticks)
{
	mc_time lo = mc_time_make(mc_days_from_civil(MC_CAL_FIRST_YEAR, 1, 1), 0);
	mc_time hi = mc_time_make(mc_days_from_civil(MC_CAL_LAST_YEAR + 1, 1, 1), 0);
	if (out < lo || out >= hi || out < t)
		abort();
	int64_t el;
	if (ticks >= 0 && (mc_calendar_between(cal, t, out, &el, NULL) != MC_OK || el != ticks))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!cal && (mc_calendar_new(&cal, NULL) || mc_calendar_finish(cal, NULL)))
		abort();
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
		if (mc_calendar_add_ticks(cal, t, MC_TICKS_PER_DAY, &out, &err) == MC_OK)
			check_result(t, out, MC_TICKS_PER_DAY);
		mc_calendar_between(cal, t, t + 86400, &ticks, &err);
	}
	/* "MOMENT DURATION" */
	char *sp = strchr(s, ' ');
	if (sp) {
		*sp = '\0';
		if (mc_parse_moment(s, &t, &err) == MC_OK && mc_duration_parse(sp + 1, &d, &err) == MC_OK &&
		    mc_calendar_add(cal, t, d, &out, &err) == MC_OK)
			check_result(t, out, d.unit == MC_UNIT_WORKING_DAYS
					 ? (int64_t)d.halves * (MC_TICKS_PER_DAY / 2) : -1);
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
