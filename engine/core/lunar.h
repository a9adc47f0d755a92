/*
 * lunar.h - the Vietnamese lunisolar calendar, 1900-2199.
 *
 * Hồ Ngọc Đức's method: new moons and solar terms computed with Meeus's
 * formulas, the Chinese month rules applied on the meridian of UTC+7 (which
 * is why some years differ from China's calendar, e.g. Tết 1985).
 */
#ifndef MOTCUA_LUNAR_H
#define MOTCUA_LUNAR_H

#include <stdint.h>
#include "error.h"

#define MC_LUNAR_MIN_YEAR 1900
#define MC_LUNAR_MAX_YEAR 2199

typedef struct mc_lunar_date {
	int year, month, day;
	int leap;            /* the month is the year's leap (intercalary) month */
} mc_lunar_date;

/* Solar day (days since 1970-01-01) to lunar date. MC_ERR_INPUT outside
 * 1900-01-31 (Tết 1900) .. 2199-12-31. */
int mc_lunar_from_solar(int32_t day, mc_lunar_date *out, mc_error *err);

/* Lunar date to solar day. MC_ERR_INPUT when the date does not exist: a
 * month outside 1-12, a leap month the year lacks, day 30 of a 29-day
 * month, or a year outside 1900-2199. */
int mc_lunar_to_solar(const mc_lunar_date *ld, int32_t *out, mc_error *err);

/* The year's leap month (1-12), or 0 if it has none. */
int mc_lunar_leap_month(int year);

/* "Bính Ngọ" for 2026. */
void mc_lunar_year_name(int year, char *buf, int n);

#endif
