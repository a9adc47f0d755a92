/*
 * calendar_render.c - the calendar's answers in text and JSON (see
 * calendar_render.h).
 */
#include "calendar_render.h"
#include "json_out.h"

#include <stdio.h>

/* s left-aligned in `width` characters (UTF-8 aware). */
static void padded(mc_buf *b, const char *s, int width)
{
	int chars = 0;
	for (const char *p = s; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	mc_buf_add(b, s);
	for (; chars < width; chars++)
		mc_buf_add(b, " ");
}

static void vn_moment(char *buf, size_t n, mc_time t)
{
	char d[16];
	int32_t s = mc_time_secs(t);
	mc_format_date_vn(d, sizeof d, mc_time_day(t));
	snprintf(buf, n, "%02d:%02d %s, %s", s / 3600, s / 60 % 60,
		 mc_weekday_vn(mc_weekday(mc_time_day(t))), d);
}

static void dump(json_t *o, mc_buf *out)
{
	mc_json_dump(o, out);
	mc_buf_add(out, "\n");
	json_decref(o);
}

void mc_render_calendar_year(const mc_calendar *cal, int year, mc_out_format fmt, mc_buf *out)
{
	int published, working = 0, json = fmt == MC_OUT_JSON;
	const char *ann;
	mc_calendar_year(cal, year, &published, &ann, NULL);
	int32_t first = mc_days_from_civil(year, 1, 1), last = mc_days_from_civil(year, 12, 31);
	json_t *doc = NULL, *days = NULL;
	if (json) {
		doc = json_object();
		days = json_array();
		mc_json_set(doc, "year", json_integer(year));
		mc_json_set(doc, "status", json_string(published ? "published" : "projected"));
		mc_json_set(doc, "announcement", mc_json_text(ann));
	} else {
		mc_buf_addf(out, "Năm %d: %s\n", year,
			    published ? "lịch nghỉ đã công bố" :
			    "lịch nghỉ dự kiến (chưa công bố; tính theo Bộ luật Lao động và âm lịch)");
		if (published && *ann)
			mc_buf_addf(out, "Văn bản: %s\n", ann);
		mc_buf_add(out, "\n");
	}
	for (int32_t d = first; d <= last; d++) {
		mc_day_info info;
		mc_calendar_day(cal, d, &info, NULL);
		working += info.working;
		if (info.kind == MC_DAY_WORKING || info.kind == MC_DAY_WEEKEND)
			continue;
		char date[16];
		if (json) {
			json_t *e = json_object();
			mc_format_date(date, sizeof date, d);
			mc_json_set(e, "date", json_string(date));
			mc_json_set(e, "kind", json_string(mc_day_kind_name(info.kind)));
			mc_json_set(e, "working", json_boolean(info.working));
			mc_json_set(e, "name", mc_json_text(info.name ? info.name : ""));
			mc_json_set(e, "confirmed", json_boolean(info.confirmed));
			json_array_append_new(days, e);
		} else {
			mc_format_date_vn(date, sizeof date, d);
			mc_buf_add(out, "  ");
			padded(out, mc_weekday_vn(mc_weekday(d)), 9);
			mc_buf_addf(out, "%s  ", date);
			padded(out, mc_day_kind_vn(info.kind), 15);
			mc_buf_addf(out, "%s%s\n", info.name ? info.name : "",
				    published && !info.confirmed ? " (suy ra, chưa xác nhận)" : "");
		}
	}
	if (json) {
		mc_json_set(doc, "days", days);
		mc_json_set(doc, "working_days", json_integer(working));
		dump(doc, out);
	} else {
		mc_buf_addf(out, "\nSố ngày làm việc trong năm: %d\n", working);
	}
}

void mc_render_calendar_day(int32_t day, const mc_day_info *info, mc_out_format fmt, mc_buf *out)
{
	char s[16];
	if (fmt == MC_OUT_JSON) {
		json_t *o = json_object();
		mc_format_date(s, sizeof s, day);
		mc_json_set(o, "date", json_string(s));
		mc_json_set(o, "working", json_boolean(info->working));
		mc_json_set(o, "kind", json_string(mc_day_kind_name(info->kind)));
		mc_json_set(o, "name", mc_json_text(info->name ? info->name : ""));
		mc_json_set(o, "projected", json_boolean(info->projected));
		dump(o, out);
		return;
	}
	mc_format_date_vn(s, sizeof s, day);
	mc_buf_addf(out, "%s %s: %s%s%s%s%s\n", mc_weekday_vn(mc_weekday(day)), s,
		    info->working ? "ngày làm việc" : "ngày nghỉ",
		    info->kind != MC_DAY_WORKING ? " — " : "",
		    info->kind != MC_DAY_WORKING ? mc_day_kind_vn(info->kind) : "",
		    info->name ? ": " : "", info->name ? info->name : "");
	if (info->projected && info->kind != MC_DAY_WORKING && info->kind != MC_DAY_WEEKEND)
		mc_buf_add(out, "(năm chưa có lịch công bố: ngày nghỉ dự kiến)\n");
}

void mc_render_calendar_add(mc_time start, mc_duration d, mc_time due, mc_out_format fmt,
			    mc_buf *out)
{
	char s1[MC_MOMENT_MAX], s2[MC_MOMENT_MAX], dur[32];
	mc_format_moment(s1, sizeof s1, start);
	mc_format_moment(s2, sizeof s2, due);
	mc_duration_format(dur, sizeof dur, d);
	if (fmt == MC_OUT_JSON) {
		json_t *o = json_object();
		mc_json_set(o, "start", json_string(s1));
		mc_json_set(o, "duration", json_string(dur));
		mc_json_set(o, "due", json_string(s2));
		dump(o, out);
		return;
	}
	char v1[64], v2[64], dv[48];
	vn_moment(v1, sizeof v1, start);
	vn_moment(v2, sizeof v2, due);
	mc_duration_format_vn(dv, sizeof dv, d);
	mc_buf_addf(out, "Tiếp nhận: %s\nThời hạn:  %s\nHẹn trả:   %s\n%s\n", v1, dv, v2, s2);
}

void mc_render_calendar_between(mc_time from, mc_time to, int64_t ticks, mc_out_format fmt,
				mc_buf *out)
{
	char s1[MC_MOMENT_MAX], s2[MC_MOMENT_MAX];
	mc_format_moment(s1, sizeof s1, from);
	mc_format_moment(s2, sizeof s2, to);
	/* ticks are seconds of an 8-hour working day */
	long long mins = (long long)(ticks / 60);
	/* the working days exactly, in decimals (a tick is a second: six
	 * decimals tell every second apart), never with an exponent */
	double days = (double)ticks / MC_TICKS_PER_DAY;
	if (fmt == MC_OUT_JSON) {
		json_t *o = json_object();
		mc_json_set(o, "from", json_string(s1));
		mc_json_set(o, "to", json_string(s2));
		mc_json_set(o, "working_days", mc_json_decimal(days, 6));
		mc_json_set(o, "working_minutes", json_integer(mins));
		dump(o, out);
		return;
	}
	char d[64];
	long long m = mins < 0 ? -mins : mins;
	mc_format_decimal(d, sizeof d, days, 6);
	mc_buf_addf(out, "Thời gian làm việc từ %s đến %s: %s ngày làm việc (%s%lld giờ %02lld phút)\n",
		    s1, s2, d, mins < 0 ? "-" : "", m / 60, m % 60);
}

static json_t *lunar_json(const mc_lunar_date *ld)
{
	json_t *o = json_object();
	mc_json_set(o, "year", json_integer(ld->year));
	mc_json_set(o, "month", json_integer(ld->month));
	mc_json_set(o, "day", json_integer(ld->day));
	mc_json_set(o, "leap", json_boolean(ld->leap));
	return o;
}

void mc_render_lunar(int32_t day, const mc_lunar_date *ld, int lunar_first, mc_out_format fmt,
		     mc_buf *out)
{
	char s[16], vn[16], name[32];
	mc_format_date(s, sizeof s, day);
	if (fmt == MC_OUT_JSON) {
		json_t *o = json_object();
		if (lunar_first) {
			mc_json_set(o, "lunar", lunar_json(ld));
			mc_json_set(o, "solar", json_string(s));
		} else {
			mc_json_set(o, "solar", json_string(s));
			mc_json_set(o, "lunar", lunar_json(ld));
		}
		dump(o, out);
		return;
	}
	mc_format_date_vn(vn, sizeof vn, day);
	mc_lunar_year_name(ld->year, name, sizeof name);
	if (lunar_first)
		mc_buf_addf(out, "Ngày %02d/%02d%s năm %s (%d) âm lịch là %s %s dương lịch\n", ld->day,
			    ld->month, ld->leap ? " (tháng nhuận)" : "", name, ld->year,
			    mc_weekday_vn(mc_weekday(day)), vn);
	else
		mc_buf_addf(out, "Dương lịch %s %s là ngày %02d/%02d%s năm %s (%d) âm lịch\n",
			    mc_weekday_vn(mc_weekday(day)), vn, ld->day, ld->month,
			    ld->leap ? " (tháng nhuận)" : "", name, ld->year);
}
