/*
 * civil.c - civil dates and moments (see civil.h). Day arithmetic uses
 * Howard Hinnant's days_from_civil algorithm (proleptic Gregorian).
 */
#include "civil.h"

#include <stdio.h>
#include <string.h>

int32_t mc_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

void mc_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)yoe + era * 400 + (*m <= 2);
}

int mc_weekday(int32_t days)
{
	return (int)(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

int mc_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

int32_t mc_time_day(mc_time t)
{
	mc_time local = t + MC_TZ_OFFSET;
	/* after 1970 a plain division (by a constant: a multiply) is exact */
	if (local >= 0)
		return (int32_t)(local / MC_DAY_SECONDS);
	return (int32_t)floordiv(local, MC_DAY_SECONDS);
}

int32_t mc_time_secs(mc_time t)
{
	return (int32_t)(t + MC_TZ_OFFSET - (mc_time)mc_time_day(t) * MC_DAY_SECONDS);
}

mc_time mc_time_make(int32_t day, int32_t secs)
{
	return (mc_time)day * MC_DAY_SECONDS + secs - MC_TZ_OFFSET;
}

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* Read exactly `n` digits. */
static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parse YYYY-MM-DD at s (no trailing check). */
static int date_prefix(const char *s, const char *whole, int32_t *out, mc_error *err)
{
	int y, m, d;
	if (strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		return mc_error_set(err, MC_ERR_INPUT,
				    "invalid date '%s': expected YYYY-MM-DD", whole);
	if (y < 1)
		return mc_error_set(err, MC_ERR_INPUT,
				    "invalid date '%s': year 0000 does not exist", whole);
	if (m < 1 || m > 12)
		return mc_error_set(err, MC_ERR_INPUT,
				    "invalid date '%s': month %02d does not exist", whole, m);
	if (d < 1 || d > mc_days_in_month(y, m))
		return mc_error_set(err, MC_ERR_INPUT,
				    "invalid date '%s': %s %d has %d days", whole,
				    month_names[m - 1], y, mc_days_in_month(y, m));
	*out = mc_days_from_civil(y, m, d);
	return MC_OK;
}

int mc_parse_date(const char *s, int32_t *out, mc_error *err)
{
	int32_t day;
	int rc = date_prefix(s, s, &day, err);
	if (rc)
		return rc;
	if (s[10])
		return mc_error_set(err, MC_ERR_INPUT,
				    "invalid date '%s': expected YYYY-MM-DD", s);
	*out = day;
	return MC_OK;
}

int mc_parse_moment(const char *s, mc_time *out, mc_error *err)
{
	int32_t day;
	int rc = date_prefix(s, s, &day, err);
	if (rc)
		return rc;
	const char *p = s + 10;
	int hh = 0, mm = 0, ss = 0;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(p, 2, &hh) || p[2] != ':' || digits(p + 3, 2, &mm))
			return mc_error_set(err, MC_ERR_INPUT,
					    "invalid moment '%s': expected YYYY-MM-DDTHH:MM[:SS][+07:00]", s);
		p += 5;
		if (*p == ':') {
			if (digits(p + 1, 2, &ss))
				return mc_error_set(err, MC_ERR_INPUT,
						    "invalid moment '%s': bad seconds", s);
			p += 3;
		}
		if (hh > 23 || mm > 59 || ss > 59)
			return mc_error_set(err, MC_ERR_INPUT,
					    "invalid moment '%s': time %02d:%02d:%02d does not exist",
					    s, hh, mm, ss);
	}
	int offset = MC_TZ_OFFSET;
	if (*p == 'Z') {
		offset = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) ||
		    oh > 14 || om > 59)
			return mc_error_set(err, MC_ERR_INPUT,
					    "invalid moment '%s': bad UTC offset", s);
		offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		p += 6;
	}
	if (*p)
		return mc_error_set(err, MC_ERR_INPUT,
				    "invalid moment '%s': unexpected '%s'", s, p);
	*out = (mc_time)day * MC_DAY_SECONDS + hh * 3600 + mm * 60 + ss - offset;
	return MC_OK;
}

void mc_format_date(char *buf, size_t n, int32_t day)
{
	int y, m, d;
	mc_civil_from_days(day, &y, &m, &d);
	snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

void mc_format_date_vn(char *buf, size_t n, int32_t day)
{
	int y, m, d;
	mc_civil_from_days(day, &y, &m, &d);
	snprintf(buf, n, "%02d/%02d/%04d", d, m, y);
}

void mc_format_moment(char *buf, size_t n, mc_time t)
{
	int y, m, d;
	int32_t secs = mc_time_secs(t);
	mc_civil_from_days(mc_time_day(t), &y, &m, &d);
	/* written digit by digit (no printf): a page of the work queue writes
	 * some 1,500 moments */
	if (y >= 0 && y <= 9999 && n >= 26) {
		char *o = buf;
		int v[6] = { y, m, d, secs / 3600, secs / 60 % 60, secs % 60 };
		const char sep[6] = { '-', '-', 'T', ':', ':', '+' };
		for (int i = 0; i < 6; i++) {
			if (i == 0) {
				*o++ = (char)('0' + v[0] / 1000);
				*o++ = (char)('0' + v[0] / 100 % 10);
			}
			*o++ = (char)('0' + v[i] / 10 % 10);
			*o++ = (char)('0' + v[i] % 10);
			*o++ = sep[i];
		}
		memcpy(o, "07:00", 6);
		return;
	}
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", y, m, d,
		 secs / 3600, secs / 60 % 60, secs % 60);
}

const char *mc_weekday_vn(int wd)
{
	static const char *const names[] = {
		"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"
	};
	return names[wd];
}
