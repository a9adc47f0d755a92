/*
 * The Vietnamese lunar calendar: Tết and Hùng Kings day against the
 * reference dates (shared/reference/holidays-vn.md), known divergences from
 * China's calendar, leap months, invalid dates, and a round trip over every
 * day of 1900-2199.
 */
#include "check.h"
#include "civil.h"
#include "lunar.h"

static int32_t solar_of(int y, int m, int d, int leap)
{
	mc_lunar_date ld = { y, m, d, leap };
	int32_t day = 0;
	mc_error err;
	if (mc_lunar_to_solar(&ld, &day, &err)) {
		fprintf(stderr, "lunar %d-%d-%d%s: %s\n", y, m, d, leap ? " leap" : "", err.message);
		return -1;
	}
	return day;
}

static void check_date(int32_t day, const char *want, int line)
{
	char got[16];
	mc_format_date(got, sizeof got, day);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "%s:%d: got %s, expected %s\n", __FILE__, line, got, want);
		check_failures++;
	}
}
#define CHECK_DATE(day, want) check_date(day, want, __LINE__)

int main(void)
{
	/* Tết (1/1) and Hùng Kings (10/3), 2017-2026, from the reference file */
	static const struct { int y; const char *tet, *hung; } ref[] = {
		{ 2017, "2017-01-28", "2017-04-06" }, { 2018, "2018-02-16", "2018-04-25" },
		{ 2019, "2019-02-05", "2019-04-14" }, { 2020, "2020-01-25", "2020-04-02" },
		{ 2021, "2021-02-12", "2021-04-21" }, { 2022, "2022-02-01", "2022-04-10" },
		{ 2023, "2023-01-22", "2023-04-29" }, { 2024, "2024-02-10", "2024-04-18" },
		{ 2025, "2025-01-29", "2025-04-07" }, { 2026, "2026-02-17", "2026-04-26" },
	};
	for (size_t i = 0; i < sizeof ref / sizeof ref[0]; i++) {
		CHECK_DATE(solar_of(ref[i].y, 1, 1, 0), ref[i].tet);
		CHECK_DATE(solar_of(ref[i].y, 3, 10, 0), ref[i].hung);
	}
	/* Tết 1985: Vietnam 21/01, China 20/02 (UTC+7 vs UTC+8) */
	CHECK_DATE(solar_of(1985, 1, 1, 0), "1985-01-21");
	/* Tết 1968 in Vietnam fell on 29/01 (China: 30/01) */
	CHECK_DATE(solar_of(1968, 1, 1, 0), "1968-01-29");

	/* leap months: 2023 has a leap 2nd month, 2020 a leap 4th, 2025 a leap 6th */
	CHECK_INT(mc_lunar_leap_month(2023), 2);
	CHECK_INT(mc_lunar_leap_month(2020), 4);
	CHECK_INT(mc_lunar_leap_month(2025), 6);
	CHECK_INT(mc_lunar_leap_month(2024), 0);
	CHECK_DATE(solar_of(2023, 2, 1, 1), "2023-03-22");
	CHECK_DATE(solar_of(2025, 6, 1, 1), "2025-07-25");

	mc_lunar_date ld;
	mc_error err;
	CHECK_INT(mc_lunar_from_solar(mc_days_from_civil(2026, 2, 17), &ld, &err), MC_OK);
	CHECK_INT(ld.year, 2026); CHECK_INT(ld.month, 1); CHECK_INT(ld.day, 1); CHECK_INT(ld.leap, 0);
	CHECK_INT(mc_lunar_from_solar(mc_days_from_civil(2023, 4, 1), &ld, &err), MC_OK);
	CHECK_INT(ld.month, 2); CHECK_INT(ld.leap, 1); CHECK_INT(ld.day, 11);
	/* the day before Tết 2026 is the last day of year 2025 */
	CHECK_INT(mc_lunar_from_solar(mc_days_from_civil(2026, 2, 16), &ld, &err), MC_OK);
	CHECK_INT(ld.year, 2025); CHECK_INT(ld.month, 12);

	/* invalid lunar dates */
	mc_lunar_date bad = { 2026, 1, 1, 1 };
	int32_t day;
	CHECK_INT(mc_lunar_to_solar(&bad, &day, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "no leap month 1");
	mc_lunar_date bad2 = { 2023, 3, 1, 1 };
	CHECK_INT(mc_lunar_to_solar(&bad2, &day, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "its leap month is 2");
	mc_lunar_date bad3 = { 2026, 13, 1, 0 };
	CHECK_INT(mc_lunar_to_solar(&bad3, &day, &err), MC_ERR_INPUT);
	mc_lunar_date bad4 = { 2300, 1, 1, 0 };
	CHECK_INT(mc_lunar_to_solar(&bad4, &day, &err), MC_ERR_INPUT);
	CHECK_INT(mc_lunar_from_solar(mc_days_from_civil(1899, 6, 1), &ld, &err), MC_ERR_INPUT);

	/* 30th day of a 29-day month is refused */
	int found29 = 0;
	for (int m = 1; m <= 12 && !found29; m++) {
		int32_t a = solar_of(2026, m, 1, 0);
		int32_t b = m < 12 ? solar_of(2026, m + 1, 1, 0) : solar_of(2027, 1, 1, 0);
		if (b - a == 29) {
			found29 = 1;
			mc_lunar_date d30 = { 2026, m, 30, 0 };
			CHECK_INT(mc_lunar_to_solar(&d30, &day, &err), MC_ERR_INPUT);
			CHECK_HAS(err.message, "has 29 days");
		}
	}
	CHECK(found29);

	/* round trip over every day 1900-01-31 .. 2199-12-31; months run
	 * 29 or 30 days, lunar dates advance by one day at a time */
	int32_t first = mc_days_from_civil(1900, 1, 31), last = mc_days_from_civil(2199, 12, 31);
	mc_lunar_date prev = { 0, 0, 0, 0 };
	long bad_trips = 0;
	for (int32_t d = first; d <= last; d++) {
		if (mc_lunar_from_solar(d, &ld, &err)) {
			bad_trips++;
			continue;
		}
		int32_t back;
		if (mc_lunar_to_solar(&ld, &back, &err) || back != d)
			bad_trips++;
		if (d > first && ld.day != prev.day + 1 && !(ld.day == 1 && (prev.day == 29 || prev.day == 30)))
			bad_trips++;
		prev = ld;
	}
	CHECK_INT(bad_trips, 0);
	return CHECK_RESULT();
}
