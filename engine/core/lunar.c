/*
 * lunar.c - Vietnamese lunar calendar (see lunar.h), after Hồ Ngọc Đức's
 * published algorithm "Thuật toán tính âm lịch".
 */
#include "lunar.h"
#include "civil.h"

#include <math.h>
#include <stdio.h>

#define TZ 7.0
/* Julian day number of 1970-01-01. */
#define JD_EPOCH 2440588

static long jd_from_day(int32_t day) { return (long)day + JD_EPOCH; }
static int32_t day_from_jd(long jd) { return (int32_t)(jd - JD_EPOCH); }

/* Julian day of the k-th new moon after 1900-01-01 13:51 GMT (Meeus). */
static double new_moon(long k)
{
	const double T = k / 1236.85, T2 = T * T, T3 = T2 * T, dr = M_PI / 180;
	double jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
	jd1 += 0.00033 * sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
	const double M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
	const double Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
	const double F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
	double C1 = (0.1734 - 0.000393 * T) * sin(M * dr) + 0.0021 * sin(2 * dr * M);
	C1 = C1 - 0.4068 * sin(Mpr * dr) + 0.0161 * sin(dr * 2 * Mpr);
	C1 = C1 - 0.0004 * sin(dr * 3 * Mpr);
	C1 = C1 + 0.0104 * sin(dr * 2 * F) - 0.0051 * sin(dr * (M + Mpr));
	C1 = C1 - 0.0074 * sin(dr * (M - Mpr)) + 0.0004 * sin(dr * (2 * F + M));
	C1 = C1 - 0.0004 * sin(dr * (2 * F - M)) - 0.0006 * sin(dr * (2 * F + Mpr));
	C1 = C1 + 0.0010 * sin(dr * (2 * F - Mpr)) + 0.0005 * sin(dr * (2 * Mpr + M));
	double deltat;
	if (T < -11)
		deltat = 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 -
			 0.000000081 * T * T3;
	else
		deltat = -0.000278 + 0.000265 * T + 0.000262 * T2;
	return jd1 + C1 - deltat;
}

/* Local day (Julian day number) of the k-th new moon. */
static long new_moon_day(long k)
{
	return (long)floor(new_moon(k) + 0.5 + TZ / 24);
}

/* Sun's longitude in radians at Julian day jdn (Meeus, low precision). */
static double sun_longitude(double jdn)
{
	const double T = (jdn - 2451545.0) / 36525, T2 = T * T, dr = M_PI / 180;
	const double M = 357.52910 + 35999.05030 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
	const double L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
	double DL = (1.914600 - 0.004817 * T - 0.000014 * T2) * sin(dr * M);
	DL += (0.019993 - 0.000101 * T) * sin(dr * 2 * M) + 0.000290 * sin(dr * 3 * M);
	double L = (L0 + DL) * dr;
	L -= M_PI * 2 * floor(L / (M_PI * 2));
	return L;
}

/* Major solar term (0..11) at the start of local day `jd`. */
static int sun_sector(long jd)
{
	return (int)floor(sun_longitude(jd - 0.5 - TZ / 24) / M_PI * 6);
}

/* Julian day of the start of lunar month 11 (the month holding the winter
 * solstice) of solar year y. */
static long month11(int y)
{
	long off = jd_from_day(mc_days_from_civil(y, 12, 31)) - 2415021;
	long k = (long)floor(off / 29.530588853);
	long nm = new_moon_day(k);
	if (sun_sector(nm) >= 9)
		nm = new_moon_day(k - 1);
	return nm;
}

/* In a 13-month year starting at month 11 `a11`, the offset of the first
 * month with no major solar term: the leap month. */
static int leap_offset(long a11)
{
	long k = (long)floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
	int i = 1, last;
	int arc = sun_sector(new_moon_day(k + i));
	do {
		last = arc;
		i++;
		arc = sun_sector(new_moon_day(k + i));
	} while (arc != last && i < 14);
	return i - 1;
}

static int in_range(int32_t day)
{
	return day >= mc_days_from_civil(1900, 1, 31) &&
	       day <= mc_days_from_civil(2199, 12, 31);
}

int mc_lunar_from_solar(int32_t day, mc_lunar_date *out, mc_error *err)
{
	if (!in_range(day)) {
		char d[16];
		mc_format_date(d, sizeof d, day);
		return mc_error_set(err, MC_ERR_INPUT,
				    "date %s is outside the lunar calendar's range (1900-01-31 to 2199-12-31)", d);
	}
	int y, m, dd;
	mc_civil_from_days(day, &y, &m, &dd);
	long jd = jd_from_day(day);
	long k = (long)floor((jd - 2415021.076998695) / 29.530588853);
	/* The published algorithm tries new moon k+1 then k; around a few
	 * new moons (e.g. 2054-05-07) the estimate of k is off by one more,
	 * so search until month_start <= jd < next month's start. */
	long nm = k + 1;
	while (new_moon_day(nm) > jd)
		nm--;
	while (new_moon_day(nm + 1) <= jd)
		nm++;
	long month_start = new_moon_day(nm);
	long a11 = month11(y), b11 = a11;
	int lyear;
	if (a11 >= month_start) {
		lyear = y;
		a11 = month11(y - 1);
	} else {
		lyear = y + 1;
		b11 = month11(y + 1);
	}
	int lday = (int)(jd - month_start + 1);
	int diff = (int)floor((month_start - a11) / 29.0);
	int leap = 0, lmonth = diff + 11;
	if (b11 - a11 > 365) {
		int lo = leap_offset(a11);
		if (diff >= lo) {
			lmonth = diff + 10;
			if (diff == lo)
				leap = 1;
		}
	}
	if (lmonth > 12)
		lmonth -= 12;
	if (lmonth >= 11 && diff < 4)
		lyear -= 1;
	out->year = lyear;
	out->month = lmonth;
	out->day = lday;
	out->leap = leap;
	return MC_OK;
}

int mc_lunar_leap_month(int year)
{
	/* the leap month is the one month that exists twice */
	for (int m = 1; m <= 12; m++) {
		mc_lunar_date ld = { year, m, 1, 1 };
		int32_t day;
		if (mc_lunar_to_solar(&ld, &day, NULL) == MC_OK)
			return m;
	}
	return 0;
}

int mc_lunar_to_solar(const mc_lunar_date *ld, int32_t *out, mc_error *err)
{
	if (ld->year < MC_LUNAR_MIN_YEAR || ld->year > MC_LUNAR_MAX_YEAR)
		return mc_error_set(err, MC_ERR_INPUT,
				    "lunar year %d is outside the supported range (%d to %d)",
				    ld->year, MC_LUNAR_MIN_YEAR, MC_LUNAR_MAX_YEAR);
	if (ld->month < 1 || ld->month > 12)
		return mc_error_set(err, MC_ERR_INPUT, "lunar month %d does not exist", ld->month);
	if (ld->day < 1 || ld->day > 30)
		return mc_error_set(err, MC_ERR_INPUT, "lunar day %d does not exist", ld->day);
	long a11, b11;
	if (ld->month < 11) {
		a11 = month11(ld->year - 1);
		b11 = month11(ld->year);
	} else {
		a11 = month11(ld->year);
		b11 = month11(ld->year + 1);
	}
	long k = (long)floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
	int off = ld->month - 11;
	if (off < 0)
		off += 12;
	int leap_month = 0;
	if (b11 - a11 > 365) {
		int lo = leap_offset(a11);
		leap_month = lo - 2;
		if (leap_month <= 0)
			leap_month += 12;
		if (ld->leap || off >= lo) {
			if (ld->leap && ld->month != leap_month)
				goto no_leap;
			off += 1;
		}
	} else if (ld->leap) {
		goto no_leap;
	}
	long start = new_moon_day(k + off), next = new_moon_day(k + off + 1);
	if (ld->day > next - start)
		return mc_error_set(err, MC_ERR_INPUT,
				    "lunar month %d%s of %d has %ld days, not %d", ld->month,
				    ld->leap ? " (leap)" : "", ld->year, next - start, ld->day);
	*out = day_from_jd(start + ld->day - 1);
	return MC_OK;
no_leap:
	if (err) {
		int real = mc_lunar_leap_month(ld->year);
		if (real)
			return mc_error_set(err, MC_ERR_INPUT,
					    "lunar year %d has no leap month %d (its leap month is %d)",
					    ld->year, ld->month, real);
	}
	return mc_error_set(err, MC_ERR_INPUT, "lunar year %d has no leap month %d",
			    ld->year, ld->month);
}

void mc_lunar_year_name(int year, char *buf, int n)
{
	static const char *const can[] = { "Giáp", "Ất", "Bính", "Đinh", "Mậu",
					   "Kỷ", "Canh", "Tân", "Nhâm", "Quý" };
	static const char *const chi[] = { "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ",
					   "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi" };
	snprintf(buf, (size_t)n, "%s %s", can[(year + 6) % 10], chi[(year + 8) % 12]);
}
