/*
 * Working-time arithmetic over the department's calendar (procedures/):
 * table-driven edge cases, Tết of every published year, year boundaries,
 * calendar-day periods (Civil Code), projection of unpublished years, and
 * properties over random moments.
 */
#include "check.h"
#include "calendar.h"
#include "config.h"
#include "dossier.h"
#include "lateness.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

static mc_calendar *cal;

static mc_time at(const char *s)
{
	mc_time t;
	mc_error err;
	if (mc_parse_moment(s, &t, &err)) {
		fprintf(stderr, "bad test moment %s: %s\n", s, err.message);
		exit(1);
	}
	return t;
}

static void check_add(const char *start, const char *dur, const char *want, int line)
{
	mc_duration d;
	mc_error err;
	mc_time due;
	char got[40];
	if (mc_duration_parse(dur, &d, &err) || mc_calendar_add(cal, at(start), d, &due, &err)) {
		fprintf(stderr, "%s:%d: %s + %s failed: %s\n", __FILE__, line, start, dur, err.message);
		check_failures++;
		return;
	}
	mc_format_moment(got, sizeof got, due);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "%s:%d: %s + %s = %s, expected %s\n", __FILE__, line, start, dur, got, want);
		check_failures++;
	}
}
#define ADD(start, dur, want) check_add(start, dur, want, __LINE__)

static int64_t between(const char *a, const char *b)
{
	int64_t t = 0;
	mc_error err;
	if (mc_calendar_between(cal, at(a), at(b), &t, &err))
		fprintf(stderr, "between failed: %s\n", err.message);
	return t;
}

static void test_edges(void)
{
	/* the example: 16:30 the day before Tết 2024, 3 working days */
	ADD("2024-02-07T16:30", "3wd", "2024-02-19T16:30:00+07:00");
	/* inside office hours */
	ADD("2024-03-04T09:00", "1wd", "2024-03-05T09:00:00+07:00");
	ADD("2024-03-04T09:00", "5wd", "2024-03-11T09:00:00+07:00");
	/* a receipt at opening time is due at closing time, same day */
	ADD("2024-03-04T07:00", "1wd", "2024-03-04T17:00:00+07:00");
	/* before opening, after closing: the clock starts at the next session */
	ADD("2024-03-04T06:00", "1wd", "2024-03-04T17:00:00+07:00");
	ADD("2024-03-04T17:30", "1wd", "2024-03-05T17:00:00+07:00");
	ADD("2024-03-04T23:59", "2wd", "2024-03-06T17:00:00+07:00");
	ADD("2024-03-08T17:01", "1wd", "2024-03-11T17:00:00+07:00"); /* Friday evening */
	/* at lunch: the afternoon session is next */
	ADD("2024-03-04T12:00", "0.5wd", "2024-03-05T07:30:00+07:00");
	ADD("2024-03-04T12:00", "1wd", "2024-03-05T11:30:00+07:00");
	/* half days across lunch and across a weekend */
	ADD("2024-03-04T10:00", "0.5wd", "2024-03-04T16:00:00+07:00");
	ADD("2024-03-04T07:00", "0.5wd", "2024-03-04T11:00:00+07:00");
	ADD("2024-03-08T15:00", "0.5wd", "2024-03-11T09:00:00+07:00");
	ADD("2024-03-08T15:00", "2.5wd", "2024-03-13T09:00:00+07:00");
	/* received on a holiday (Tết 2024): counts from the first working day */
	ADD("2024-02-08T09:00", "1wd", "2024-02-15T17:00:00+07:00");
	/* received on a worked Saturday (làm bù 04/05/2024): it counts */
	ADD("2024-05-04T09:00", "1wd", "2024-05-06T09:00:00+07:00");
	/* an ordinary Saturday does not */
	ADD("2024-05-11T09:00", "1wd", "2024-05-13T17:00:00+07:00");
	/* the swapped Monday 29/04/2024, 30/4 and 1/5 are off */
	ADD("2024-04-26T16:00", "1wd", "2024-05-02T16:00:00+07:00");
	/* year ends: New Year 2026 plus the swapped Friday 02/01 */
	ADD("2025-12-31T16:00", "1wd", "2026-01-05T16:00:00+07:00");
	/* 31/12/2018 swapped for Saturday 05/01/2019 */
	ADD("2018-12-28T16:00", "1wd", "2019-01-02T16:00:00+07:00");
	ADD("2019-01-04T16:00", "1wd", "2019-01-05T16:00:00+07:00");
	/* an explicit offset is converted to Vietnam's time */
	ADD("2024-03-04T02:00Z", "1wd", "2024-03-05T09:00:00+07:00");
	/* zero is zero */
	ADD("2024-03-04T12:00", "0wd", "2024-03-04T12:00:00+07:00");

	/* calendar days (Civil Code art. 147-148) */
	ADD("2024-03-01T09:00", "3d", "2024-03-04T17:00:00+07:00");
	ADD("2024-03-01T16:59", "1d", "2024-03-04T17:00:00+07:00"); /* ends Sat -> Mon */
	ADD("2024-03-01T09:00", "2d", "2024-03-04T17:00:00+07:00"); /* ends Sun -> Mon */
	ADD("2024-04-20T09:00", "10d", "2024-05-02T17:00:00+07:00"); /* ends on 30/4 */
	ADD("2026-02-06T10:00", "10d", "2026-02-23T17:00:00+07:00"); /* ends in Tết */
	ADD("2026-02-15T10:00", "15d", "2026-03-02T17:00:00+07:00"); /* starts in Tết */
	/* the X-ray licence: 15 days in mid-2019, 10 in December 2019 */
	ADD("2019-07-01T09:00", "15d", "2019-07-16T17:00:00+07:00");
	ADD("2019-12-02T09:00", "10d", "2019-12-12T17:00:00+07:00");
	ADD("2019-12-20T09:00", "10d", "2019-12-30T17:00:00+07:00");

	/* elapsed working time */
	CHECK_INT(between("2024-03-08T16:00", "2024-03-11T08:00"), 7200);
	CHECK_INT(between("2024-03-11T08:00", "2024-03-08T16:00"), -7200);
	CHECK_INT(between("2024-03-04T11:00", "2024-03-04T14:00"), 3600);
	CHECK_INT(between("2024-02-07T07:00", "2024-02-19T17:00"), 4 * MC_TICKS_PER_DAY);
	CHECK_INT(between("2024-02-10T07:00", "2024-02-11T17:00"), 0);
}

static void test_tet(void)
{
	/* 16:00 on the last working day before each Tết break, plus one
	 * working day: 16:00 on the first working day after it */
	static const char *const cases[][2] = {
		{ "2017-01-25T16:00", "2017-02-02T16:00:00+07:00" },
		{ "2018-02-13T16:00", "2018-02-21T16:00:00+07:00" },
		{ "2019-02-01T16:00", "2019-02-11T16:00:00+07:00" },
		{ "2020-01-22T16:00", "2020-01-30T16:00:00+07:00" },
		{ "2021-02-09T16:00", "2021-02-17T16:00:00+07:00" },
		{ "2022-01-28T16:00", "2022-02-07T16:00:00+07:00" },
		{ "2023-01-19T16:00", "2023-01-27T16:00:00+07:00" },
		{ "2024-02-07T16:00", "2024-02-15T16:00:00+07:00" },
		{ "2025-01-24T16:00", "2025-02-03T16:00:00+07:00" },
		{ "2026-02-13T16:00", "2026-02-23T16:00:00+07:00" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_add(cases[i][0], "1wd", cases[i][1], __LINE__);
}

static int kind_of(int y, int m, int d)
{
	mc_day_info info;
	mc_calendar_day(cal, mc_days_from_civil(y, m, d), &info, NULL);
	return (int)info.kind;
}

static void test_days_and_projection(void)
{
	mc_day_info info;
	mc_error err;
	CHECK_INT(mc_calendar_day(cal, mc_days_from_civil(2026, 1, 10), &info, &err), MC_OK);
	CHECK(info.working);
	CHECK_INT(info.kind, MC_DAY_WORKED_SATURDAY);
	CHECK(!info.projected);
	CHECK_INT(kind_of(2026, 1, 2), MC_DAY_SWAPPED);
	CHECK_INT(kind_of(2026, 2, 17), MC_DAY_HOLIDAY);
	CHECK_INT(kind_of(2026, 4, 27), MC_DAY_COMPENSATORY);
	CHECK_INT(kind_of(2024, 3, 4), MC_DAY_WORKING);
	CHECK_INT(kind_of(2024, 3, 9), MC_DAY_WEEKEND);
	/* published data wins: 2019's swapped Monday 29/04 is not statutory */
	CHECK_INT(kind_of(2019, 4, 29), MC_DAY_SWAPPED);
	CHECK_INT(kind_of(2019, 5, 4), MC_DAY_WORKED_SATURDAY);
	int published;
	const char *ann;
	CHECK_INT(mc_calendar_year(cal, 2026, &published, &ann, &err), MC_OK);
	CHECK(published);
	CHECK_HAS(ann, "9441/TB-BNV");
	CHECK_INT(mc_calendar_year(cal, 2027, &published, &ann, &err), MC_OK);
	CHECK(!published);
	/* 2027 projected: Tết is 06/02/2027 (Sat): 05/02 last day of the year,
	 * 06-09/02; Sat 06 and Sun 07 compensated on Wed 10 and Thu 11 */
	CHECK_INT(mc_calendar_day(cal, mc_days_from_civil(2027, 2, 5), &info, &err), MC_OK);
	CHECK(info.projected);
	CHECK_INT(info.kind, MC_DAY_HOLIDAY);
	CHECK_STR(info.name, "Tết Nguyên đán");
	CHECK_INT(kind_of(2027, 2, 8), MC_DAY_HOLIDAY);
	CHECK_INT(kind_of(2027, 2, 9), MC_DAY_HOLIDAY);
	CHECK_INT(kind_of(2027, 2, 10), MC_DAY_COMPENSATORY);
	CHECK_INT(kind_of(2027, 2, 11), MC_DAY_COMPENSATORY);
	CHECK_INT(kind_of(2027, 2, 12), MC_DAY_WORKING);
	/* 2027: 10/3 lunar is 16/04; 1/5 is a Saturday -> Monday 03/05;
	 * 2/9 Thursday + Friday 3/9 (Labour Code 2019) */
	CHECK_INT(kind_of(2027, 4, 16), MC_DAY_HOLIDAY);
	CHECK_INT(kind_of(2027, 5, 3), MC_DAY_COMPENSATORY);
	CHECK_INT(kind_of(2027, 9, 2), MC_DAY_HOLIDAY);
	CHECK_INT(kind_of(2027, 9, 3), MC_DAY_HOLIDAY);
	/* before 2021 (Labour Code 2012) National Day is one day: 2/9/2016 Fri */
	CHECK_INT(kind_of(2016, 9, 2), MC_DAY_HOLIDAY);
	CHECK_INT(kind_of(2016, 9, 1), MC_DAY_WORKING);
	/* out of range */
	CHECK_INT(mc_calendar_day(cal, mc_days_from_civil(2200, 1, 1), &info, &err), MC_ERR_INPUT);
	/* durations */
	mc_duration d;
	CHECK_INT(mc_duration_parse("2.5wd", &d, &err), MC_OK);
	CHECK_INT(d.halves, 5);
	CHECK_INT(mc_duration_parse("15d", &d, &err), MC_OK);
	CHECK_INT(d.unit, MC_UNIT_DAYS);
	CHECK_INT(mc_duration_parse("2.5d", &d, &err), MC_ERR_INPUT);
	CHECK_INT(mc_duration_parse("3x", &d, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "invalid duration '3x'");
	CHECK_INT(mc_duration_parse("-1wd", &d, &err), MC_ERR_INPUT);
	CHECK_INT(mc_duration_parse("2.7wd", &d, &err), MC_ERR_INPUT);
	CHECK_INT(mc_duration_parse("wd", &d, &err), MC_ERR_INPUT);
}

static void test_properties(void)
{
	srand(20261123);
	mc_time lo = at("2017-01-01T00:00"), hi = at("2030-12-31T00:00");
	int bad_assoc = 0, bad_mono = 0, bad_between = 0, bad_after = 0;
	for (int i = 0; i < 200000; i++) {
		mc_time t = lo + (mc_time)(((double)rand() / RAND_MAX) * (double)(hi - lo));
		t -= t % 60;
		int64_t x = (rand() % 41) * (MC_TICKS_PER_DAY / 2);
		int64_t y = (rand() % 41) * (MC_TICKS_PER_DAY / 2);
		mc_time a, b, c, b2;
		int64_t el;
		mc_calendar_add_ticks(cal, t, x + y, &a, NULL);
		mc_calendar_add_ticks(cal, t, x, &b, NULL);
		mc_calendar_add_ticks(cal, b, y, &c, NULL);
		bad_assoc += a != c;
		mc_calendar_add_ticks(cal, t, x + MC_TICKS_PER_DAY / 2, &b2, NULL);
		bad_mono += b2 <= b;
		mc_calendar_between(cal, t, a, &el, NULL);
		bad_between += el != x + y;
		bad_after += (x + y > 0) && a <= t;
		/* monotonic in the start: a later start is never due earlier */
		mc_time t2 = t + 60 * (rand() % 3000), d1, d2;
		mc_calendar_add_ticks(cal, t, x, &d1, NULL);
		mc_calendar_add_ticks(cal, t2, x, &d2, NULL);
		bad_mono += d2 < d1;
	}
	CHECK_INT(bad_assoc, 0);
	CHECK_INT(bad_mono, 0);
	CHECK_INT(bad_between, 0);
	CHECK_INT(bad_after, 0);
	/* calendar days are monotonic too */
	int bad_days = 0;
	for (int i = 0; i < 20000; i++) {
		mc_time t = lo + (mc_time)(((double)rand() / RAND_MAX) * (double)(hi - lo)), d1, d2;
		int n = rand() % 40;
		mc_calendar_add_days(cal, t, n, &d1, NULL);
		mc_calendar_add_days(cal, t, n + 1, &d2, NULL);
		bad_days += d2 < d1;
	}
	CHECK_INT(bad_days, 0);
}

static void test_sessions(void)
{
	/* a summer schedule from 2024-05-01 with a 7.5-hour day, 07:00-11:00,
	 * 13:30-17:00: durations scale to each day's own length */
	mc_calendar *c2 = NULL;
	mc_error err;
	CHECK_INT(mc_calendar_new(&c2, &err), MC_OK);
	int32_t st[] = { 7 * 3600, 13 * 3600 + 1800 }, en[] = { 11 * 3600, 17 * 3600 };
	CHECK_INT(mc_calendar_set_sessions(c2, mc_days_from_civil(2024, 5, 1), 2, st, en, &err), MC_OK);
	CHECK_INT(mc_calendar_finish(c2, &err), MC_OK);
	mc_time due;
	char buf[40];
	mc_duration half = { MC_UNIT_WORKING_DAYS, 1 };
	CHECK_INT(mc_calendar_add(c2, at("2024-05-06T07:00"), half, &due, &err), MC_OK);
	mc_format_moment(buf, sizeof buf, due);
	CHECK_STR(buf, "2024-05-06T10:45:00+07:00"); /* half of 7h30 is 3h45 */
	CHECK_INT(mc_calendar_add(c2, at("2024-04-01T07:00"), half, &due, &err), MC_OK);
	mc_format_moment(buf, sizeof buf, due);
	CHECK_STR(buf, "2024-04-01T11:00:00+07:00");
	/* bad sessions */
	int32_t bst[] = { 9 * 3600, 8 * 3600 }, ben[] = { 12 * 3600, 10 * 3600 };
	CHECK_INT(mc_calendar_set_sessions(c2, 0, 2, bst, ben, &err), MC_ERR_INPUT);
	mc_calendar_free(c2);
}

/* mc_calendar_add of a duration text from a moment text must fail with
 * MC_ERR_INPUT and a message containing `frag`. */
static void check_add_fails(const char *start, const char *dur, const char *frag, int line)
{
	mc_duration d;
	mc_error err;
	mc_time due = 0;
	char got[40];
	if (mc_duration_parse(dur, &d, &err)) {
		fprintf(stderr, "%s:%d: %s does not parse: %s\n", __FILE__, line, dur, err.message);
		check_failures++;
		return;
	}
	int rc = mc_calendar_add(cal, at(start), d, &due, &err);
	if (rc != MC_ERR_INPUT) {
		mc_format_moment(got, sizeof got, due);
		fprintf(stderr, "%s:%d: %s + %s returned %d (%s), expected an input error\n",
			__FILE__, line, start, dur, rc, rc ? err.message : got);
		check_failures++;
	} else if (!strstr(err.message, frag)) {
		fprintf(stderr, "%s:%d: %s + %s: \"%s\", expected \"%s\"\n", __FILE__, line, start,
			dur, err.message, frag);
		check_failures++;
	}
}
#define ADD_FAILS(start, dur, frag) check_add_fails(start, dur, frag, __LINE__)
#define PAST_END "the due moment falls after the end of the calendar (2199-12-31)"

/* The calendar's ends: 1900-01-01 .. 2199-12-31 (a Tuesday, a working day:
 * its 17:00 is the last working moment), and no arithmetic past them. */
static void test_bounds(void)
{
	mc_error err;
	mc_time out = 0;
	int64_t ticks = 0;
	char buf[40];
	/* the issue: from 2024-02-07 the calendar holds 43955 working days;
	 * one more read past the table of working days (1900-01-01T17:00,
	 * a heap overflow at 78440wd, a date in 1926-1938 at 95713wd) */
	ADD("2024-02-07", "43955wd", "2199-12-31T17:00:00+07:00");
	ADD("2024-02-07", "43954.5wd", "2199-12-31T11:00:00+07:00");
	ADD_FAILS("2024-02-07", "43955.5wd", PAST_END);
	ADD_FAILS("2024-02-07", "43956wd", PAST_END);
	ADD_FAILS("2024-02-07", "78440wd", PAST_END);
	ADD_FAILS("2024-02-07", "95713wd", PAST_END);
	ADD_FAILS("2024-02-07", "100000wd", PAST_END);
	CHECK_INT(mc_calendar_add(cal, at("2024-02-07"), (mc_duration){ MC_UNIT_WORKING_DAYS, 87912 },
				  &out, &err), MC_ERR_INPUT);
	CHECK_HAS(err.detail, "2024-02-07T00:00:00+07:00 plus 43956wd");
	/* the receipt: 15 working days from 2199-12-26 */
	ADD_FAILS("2199-12-26T07:00", "15wd", PAST_END);
	ADD("2199-12-26T07:00", "4wd", "2199-12-31T17:00:00+07:00");
	ADD("2199-12-31T07:00", "1wd", "2199-12-31T17:00:00+07:00");
	ADD_FAILS("2199-12-31T07:00", "1.5wd", PAST_END);
	ADD_FAILS("2199-12-31T16:59", "0.5wd", PAST_END);
	ADD_FAILS("2199-12-31T17:00", "0.5wd", PAST_END);
	ADD_FAILS("2199-12-31T23:59:59", "0.5wd", PAST_END);
	/* the whole line: from the first moment to the last working moment */
	mc_time first = at("1900-01-01T00:00"), last = at("2199-12-31T23:59:59");
	CHECK_INT(mc_calendar_between(cal, first, last, &ticks, &err), MC_OK);
	CHECK_INT(ticks, 75089LL * MC_TICKS_PER_DAY);
	CHECK_INT(mc_calendar_between(cal, last, first, &ticks, &err), MC_OK);
	CHECK_INT(ticks, -75089LL * MC_TICKS_PER_DAY);
	CHECK_INT(mc_calendar_add_ticks(cal, first, 75089LL * MC_TICKS_PER_DAY, &out, &err), MC_OK);
	mc_format_moment(buf, sizeof buf, out);
	CHECK_STR(buf, "2199-12-31T17:00:00+07:00");
	CHECK_INT(mc_calendar_add_ticks(cal, first, 75089LL * MC_TICKS_PER_DAY + 1, &out, &err),
		  MC_ERR_INPUT);
	CHECK_STR(err.message, PAST_END);
	CHECK_INT(mc_calendar_add_ticks(cal, first, 1, &out, &err), MC_OK);
	mc_format_moment(buf, sizeof buf, out);
	CHECK_STR(buf, "1900-01-02T07:00:01+07:00");  /* 1900-01-01 is New Year's Day */
	/* tick counts that overflow an int64 when added to a coordinate */
	CHECK_INT(mc_calendar_add_ticks(cal, at("2024-02-07"), INT64_MAX, &out, &err), MC_ERR_INPUT);
	CHECK_STR(err.message, PAST_END);
	CHECK_INT(mc_calendar_add_ticks(cal, last, INT64_MAX, &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_add_ticks(cal, at("2024-02-07"), -1, &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_add_ticks(cal, at("2024-02-07"), INT64_MIN, &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_add(cal, at("2024-02-07"), (mc_duration){ MC_UNIT_WORKING_DAYS, -1 },
				  &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_add(cal, at("2024-02-07"), (mc_duration){ MC_UNIT_WORKING_DAYS, INT32_MAX },
				  &out, &err), MC_ERR_INPUT);
	CHECK_STR(err.message, PAST_END);
	/* calendar days: a period ending past 2199, or on its last days off */
	ADD("2199-12-21T09:00", "10d", "2199-12-31T17:00:00+07:00");
	ADD_FAILS("2199-12-22T09:00", "10d", PAST_END);
	ADD_FAILS("2024-02-07", "100000d", PAST_END);
	CHECK_INT(mc_calendar_add_days(cal, at("2024-02-07"), INT_MAX, &out, &err), MC_ERR_INPUT);
	CHECK_STR(err.message, PAST_END);
	CHECK_INT(mc_calendar_add_days(cal, last, INT_MAX, &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_add_days(cal, at("2024-02-07"), -1, &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_add_days(cal, at("2024-02-07"), INT_MIN, &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_add(cal, at("2024-02-07"), (mc_duration){ MC_UNIT_DAYS, INT32_MAX - 1 },
				  &out, &err), MC_ERR_INPUT);
	/* moments outside the calendar, plausible or absurd, even with nothing to add */
	static const char *const outside[] = {
		"1899-12-31T23:59:59", "1900-01-01T00:59:59+08:00", "0001-01-01", "2200-01-01T00:00",
		"2199-12-31T23:59:59-01:00", "9999-12-31T23:59:59",
	};
	for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
		mc_time t = at(outside[i]);
		CHECK_INT(mc_calendar_add_ticks(cal, t, MC_TICKS_PER_DAY, &out, &err), MC_ERR_INPUT);
		CHECK_HAS(err.message, "the calendar");
		CHECK_INT(mc_calendar_add_ticks(cal, t, 0, &out, &err), MC_ERR_INPUT);
		CHECK_INT(mc_calendar_add_days(cal, t, 1, &out, &err), MC_ERR_INPUT);
		CHECK_INT(mc_calendar_add_days(cal, t, 0, &out, &err), MC_ERR_INPUT);
		CHECK_INT(mc_calendar_between(cal, t, at("2024-02-07"), &ticks, &err), MC_ERR_INPUT);
		CHECK_INT(mc_calendar_between(cal, at("2024-02-07"), t, &ticks, &err), MC_ERR_INPUT);
	}
	CHECK_INT(mc_calendar_add_ticks(cal, at("1899-12-31T12:00"), 1, &out, &err), MC_ERR_INPUT);
	CHECK_STR(err.message, "the moment 1899-12-31T12:00:00+07:00 is before the start of the calendar (1900-01-01)");
	CHECK_INT(mc_calendar_between(cal, first, at("2200-01-01"), &ticks, &err), MC_ERR_INPUT);
	CHECK_STR(err.message, "the moment 2200-01-01T00:00:00+07:00 is after the end of the calendar (2199-12-31)");
	static const mc_time absurd[] = { INT64_MIN, INT64_MIN + 1, -INT64_MAX / 2, INT64_MAX / 2,
					  INT64_MAX - 1, INT64_MAX };
	for (size_t i = 0; i < sizeof absurd / sizeof absurd[0]; i++) {
		CHECK_INT(mc_calendar_add_ticks(cal, absurd[i], 1, &out, &err), MC_ERR_INPUT);
		CHECK_INT(mc_calendar_add_ticks(cal, absurd[i], INT64_MAX, &out, &err), MC_ERR_INPUT);
		CHECK_INT(mc_calendar_add_days(cal, absurd[i], INT_MAX, &out, &err), MC_ERR_INPUT);
		CHECK_INT(mc_calendar_between(cal, absurd[i], first, &ticks, &err), MC_ERR_INPUT);
	}
	/* the close before a day: none before the first working day */
	CHECK_INT(mc_calendar_prev_close(cal, mc_days_from_civil(1900, 1, 2), &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_prev_close(cal, mc_days_from_civil(1900, 1, 3), &out, &err), MC_OK);
	mc_format_moment(buf, sizeof buf, out);
	CHECK_STR(buf, "1900-01-02T17:00:00+07:00");
	CHECK_INT(mc_calendar_prev_close(cal, mc_days_from_civil(2199, 12, 31), &out, &err), MC_OK);
	mc_format_moment(buf, sizeof buf, out);
	CHECK_STR(buf, "2199-12-30T17:00:00+07:00");
	CHECK_INT(mc_calendar_prev_close(cal, mc_days_from_civil(2200, 1, 1), &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_prev_close(cal, mc_days_from_civil(1899, 12, 31), &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_prev_close(cal, INT32_MIN, &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_prev_close(cal, INT32_MAX, &out, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_day(cal, INT32_MAX, &(mc_day_info){ 0 }, &err), MC_ERR_INPUT);
	CHECK_INT(mc_calendar_day(cal, INT32_MIN, &(mc_day_info){ 0 }, &err), MC_ERR_INPUT);
	/* every duration the parser takes, in half days, from three starts:
	 * a result inside the calendar and after the start, or the error */
	static const char *const starts[] = { "2024-02-07", "1900-01-01", "2150-06-15T12:00" };
	int bad = 0;
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		mc_time t = at(starts[i]);
		int64_t room;
		CHECK_INT(mc_calendar_between(cal, t, last, &room, &err), MC_OK);
		for (int32_t h = 1; h <= 200000; h++) {
			int64_t tk = (int64_t)h * (MC_TICKS_PER_DAY / 2);
			int rc = mc_calendar_add(cal, t, (mc_duration){ MC_UNIT_WORKING_DAYS, h }, &out, NULL);
			if (tk <= room)
				bad += rc != MC_OK || out <= t || out > last;
			else
				bad += rc != MC_ERR_INPUT;
		}
		for (int32_t n = 1; n <= 110000; n++) {
			int rc = mc_calendar_add(cal, t, (mc_duration){ MC_UNIT_DAYS, 2 * n }, &out, NULL);
			bad += rc == MC_OK ? out <= t || out > last : rc != MC_ERR_INPUT;
		}
	}
	CHECK_INT(bad, 0);
}

/* The lateness rules at the calendar's end: work that would end past it
 * cannot finish on time (it did "finish" when the sum could not be made). */
static void test_lateness_at_end(void)
{
	mc_step steps[] = { { "a", "A", "u", 4 }, { "b", "B", "u", 2 } };
	mc_version v = { .number = 1, .steps = steps, .nsteps = 2 };
	mc_time due = at("2199-12-31T17:00"), now = at("2199-12-30T07:00");
	/* 2wd left of step a, 1wd of step b: 3wd from Monday 07:00 */
	CHECK_INT(mc_late_remaining(cal, &v, 0, due, now), 3 * MC_TICKS_PER_DAY);
	CHECK_INT(mc_late_cannot_finish(cal, &v, 0, due, due, now), 1);
	/* in the last step, work ending at the last working moment can */
	CHECK_INT(mc_late_cannot_finish(cal, &v, 1, due, due, now), 0);
	CHECK_INT(mc_late_cannot_finish(cal, &v, 0, at("2199-12-30T11:00"), due, now), 0);
}

/* A dossier at the calendar's end: received when its due moment still
 * fits, it is due soon on its last day (the one-working-day horizon falls
 * past the calendar, after any due moment). */
static void test_dossier_at_end(void)
{
	mc_step steps[] = { { "a", "A", "u", 2 } };
	mc_version v = { .number = 1, .statutory_known = 1,
			 .statutory = { MC_UNIT_WORKING_DAYS, 2 }, .steps = steps, .nsteps = 1 };
	mc_dossier d;
	mc_error err;
	char buf[40];
	CHECK_INT(mc_dossier_receive(&d, &v, cal, at("2199-12-31T07:00"), "x", &err), MC_OK);
	mc_format_moment(buf, sizeof buf, d.due_at);
	CHECK_STR(buf, "2199-12-31T17:00:00+07:00");
	CHECK_INT(mc_dossier_status(&d, at("2199-12-31T09:00")), MC_STATUS_DUE_SOON);
	CHECK_INT(mc_dossier_step_status(&d, 0, at("2199-12-31T09:00")), MC_STATUS_DUE_SOON);
	CHECK_INT(mc_dossier_status(&d, at("2199-12-31T18:00")), MC_STATUS_OVERDUE);
	/* the same a day earlier is due soon at the same hour */
	CHECK_INT(mc_dossier_receive(&d, &v, cal, at("2199-12-30T07:00"), "x", &err), MC_OK);
	CHECK_INT(mc_dossier_status(&d, at("2199-12-30T09:00")), MC_STATUS_DUE_SOON);
	/* paused, its due moment moves with the clock stopped: past the end of
	 * the calendar it is neither overdue nor due soon */
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_PAUSE, at("2199-12-30T08:00"), "x", NULL, &err), MC_OK);
	/* 7 hours waited: due 2199-12-31T15:00, within a working day */
	CHECK_INT(mc_dossier_status(&d, at("2199-12-30T18:00")), MC_STATUS_DUE_SOON);
	CHECK_INT(mc_dossier_status(&d, at("2199-12-31T18:00")), MC_STATUS_WITHIN_TIME);
	/* received too late: refused with the calendar's reason */
	CHECK_INT(mc_dossier_receive(&d, &v, cal, at("2199-12-31T07:01"), "x", &err), MC_ERR_INPUT);
	CHECK_STR(err.message, PAST_END);
	/* a resumption that would move the due moment past the end is refused
	 * and the dossier is unchanged; one that fits is taken (the receipts
	 * of tests/cli/test_bounds.sh can no longer be dated there: the door
	 * refuses moments in the future). v takes one working day: received
	 * Monday 30th 07:00, due 17:00. */
	CHECK_INT(mc_dossier_receive(&d, &v, cal, at("2199-12-30T07:00"), "x", &err), MC_OK);
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_PAUSE, at("2199-12-30T07:00"), "x", NULL, &err), MC_OK);
	mc_dossier before = d;
	/* 9 hours waited: due past the 31st's close */
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_RESUME, at("2199-12-31T08:00"), "x", NULL, &err), MC_ERR_INPUT);
	CHECK_STR(err.message, PAST_END);
	CHECK(memcmp(&before, &d, sizeof d) == 0);
	/* a working day waited: due at the last working moment */
	CHECK_INT(mc_dossier_apply(&d, MC_ACT_RESUME, at("2199-12-31T07:00"), "x", NULL, &err), MC_OK);
	mc_format_moment(buf, sizeof buf, d.due_at);
	CHECK_STR(buf, "2199-12-31T17:00:00+07:00");
}

static void test_duration_parse(void)
{
	mc_duration d;
	mc_error err;
	/* moments: the parser takes any year 0001-9999 (the calendar then says
	 * whether it covers it); year 0000 gets its own reason */
	mc_time t;
	CHECK_INT(mc_parse_moment("0000-06-15", &t, &err), MC_ERR_INPUT);
	CHECK_STR(err.message, "invalid date '0000-06-15': year 0000 does not exist");
	CHECK_INT(mc_parse_moment("0001-01-01T00:00Z", &t, &err), MC_OK);
	CHECK_INT(mc_parse_moment("9999-12-31T23:59:59-14:00", &t, &err), MC_OK);
	CHECK_INT(mc_calendar_add_ticks(cal, t, 1, &t, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "is after the end of the calendar (2199-12-31)");
	CHECK_INT(mc_duration_parse("0wd", &d, &err), MC_OK);
	CHECK_INT(d.halves, 0);
	CHECK_INT(mc_duration_parse("0.5wd", &d, &err), MC_OK);
	CHECK_INT(d.halves, 1);
	CHECK_INT(mc_duration_parse("1.5wd", &d, &err), MC_OK);
	CHECK_INT(d.halves, 3);
	CHECK_INT(mc_duration_parse("1.0wd", &d, &err), MC_OK);
	CHECK_INT(d.halves, 2);
	CHECK_INT(mc_duration_parse("43956wd", &d, &err), MC_OK);
	CHECK_INT(d.halves, 87912);
	CHECK_INT(mc_duration_parse("100000wd", &d, &err), MC_OK);
	CHECK_INT(d.halves, 200000);
	CHECK_INT(mc_duration_parse("100000d", &d, &err), MC_OK);
	CHECK_INT(d.unit, MC_UNIT_DAYS);
	/* too long: a clear message, no overflow however many digits */
	static const char *const huge[] = { "100001wd", "99999999999wd", "99999999999999999999999d",
					    "100000.5wd" };
	for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
		CHECK_INT(mc_duration_parse(huge[i], &d, &err), MC_ERR_INPUT);
		CHECK_HAS(err.message, "at most 100000 days");
	}
	static const char *const bad[] = { "-1wd", "+1wd", "1.5d", "1.wd", "1.", "1.55wd", ".5wd",
					   "1.5", "1", "", " 1wd", "1wd ", "1 wd", "1WD", "1e3wd",
					   "0x10wd", "1,5wd", "1.5.5wd", "1wdd" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(mc_duration_parse(bad[i], &d, &err), MC_ERR_INPUT);
		CHECK_HAS(err.message, "invalid duration");
	}
}

int main(void)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_calendar_load(&cal, dir, &err)) {
		mc_error_print(&err, "test_calendar");
		return 1;
	}
	test_edges();
	test_tet();
	test_days_and_projection();
	test_properties();
	test_sessions();
	test_bounds();
	test_duration_parse();
	test_lateness_at_end();
	test_dossier_at_end();
	mc_calendar_free(cal);
	return CHECK_RESULT();
}
