/*
 * civil.h - civil dates and moments in Vietnam's time (UTC+7, no DST).
 *
 * A day is an int32 count of days since 1970-01-01; a moment (mc_time) is
 * int64 seconds since the Unix epoch. Parsers are strict: every character is
 * checked, and a date that does not exist is an error that says why.
 */
#ifndef MOTCUA_CIVIL_H
#define MOTCUA_CIVIL_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

typedef int64_t mc_time;

#define MC_TZ_OFFSET (7 * 3600)   /* Vietnam: UTC+7 all year */
#define MC_DAY_SECONDS 86400
/* Room for a formatted moment, "2024-03-04T09:00:00+07:00" and its NUL. */
#define MC_MOMENT_MAX 40

int32_t mc_days_from_civil(int y, int m, int d);
void mc_civil_from_days(int32_t days, int *y, int *m, int *d);
/* 0 = Sunday ... 6 = Saturday */
int mc_weekday(int32_t days);
int mc_days_in_month(int y, int m);

/* Local day of a moment, and seconds since local midnight. */
int32_t mc_time_day(mc_time t);
int32_t mc_time_secs(mc_time t);
mc_time mc_time_make(int32_t day, int32_t secs);

/* "YYYY-MM-DD". `what` names the argument in error messages. */
int mc_parse_date(const char *s, int32_t *out, mc_error *err);
/*
 * "YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM|-HH:MM]" (a space may replace T). With
 * no offset the moment is in Vietnam's time; a bare date is its 00:00.
 */
int mc_parse_moment(const char *s, mc_time *out, mc_error *err);

/* "2024-02-19" */
void mc_format_date(char *buf, size_t n, int32_t day);
/* "19/02/2024" */
void mc_format_date_vn(char *buf, size_t n, int32_t day);
/* "2024-02-19T16:30:00+07:00" */
void mc_format_moment(char *buf, size_t n, mc_time t);
/* "Thứ Hai" ... "Chủ nhật" */
const char *mc_weekday_vn(int wd);

#endif
