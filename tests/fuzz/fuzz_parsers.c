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
		int64_t ticks;
		mc_calendar_add_ticks(cal, t, MC_TICKS_PER_DAY, &out, &err);
		mc_calendar_between(cal, t, t + 86400, &ticks, &err);
	}
	/* "MOMENT DURATION" */
	char *sp = strchr(s, ' ');
	if (sp) {
		*sp = '\0';
		if (mc_parse_moment(s, &t, &err) == MC_OK && mc_duration_parse(sp + 1, &d, &err) == MC_OK)
			mc_calendar_add(cal, t, d, &out, &err);
	} else if (mc_duration_parse(s, &d, &err) == MC_OK) {
		char back[32];
		mc_duration_format(back, sizeof back, d);
	}
	return 0;
}
