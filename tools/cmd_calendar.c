/*
 * cmd_calendar.c - `motcua calendar`: the working calendar and the lunar
 * calendar from the command line.
 */
#include "commands.h"
#include "calendar.h"
#include "config.h"
#include "json_out.h"
#include "lunar.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static int load(mc_calendar **cal)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_calendar_load(cal, dir, &err))
		return cli_fail(&err);
	return 0;
}

/* Print s left-aligned in `width` characters (UTF-8 aware). */
static void print_padded(const char *s, int width)
{
	int chars = 0;
	for (const char *p = s; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	fputs(s, stdout);
	for (; chars < width; chars++)
		putchar(' ');
}

static void vn_moment(char *buf, size_t n, mc_time t)
{
	char d[16];
	int32_t s = mc_time_secs(t);
	mc_format_date_vn(d, sizeof d, mc_time_day(t));
	snprintf(buf, n, "%02d:%02d %s, %s", s / 3600, s / 60 % 60,
		 mc_weekday_vn(mc_weekday(mc_time_day(t))), d);
}

static int cal_show(const cli_command *cmd, const char *arg, int json)
{
	long year;
	if (cli_parse_int(arg, MC_CAL_FIRST_YEAR, MC_CAL_LAST_YEAR, &year))
		return cli_usage_error(cmd, "invalid year '%s' (expected %d to %d)", arg,
				       MC_CAL_FIRST_YEAR, MC_CAL_LAST_YEAR);
	mc_calendar *cal = NULL;
	int rc = load(&cal);
	if (rc)
		return rc;
	int published;
	const char *ann;
	mc_calendar_year(cal, (int)year, &published, &ann, NULL);
	int32_t first = mc_days_from_civil((int)year, 1, 1), last = mc_days_from_civil((int)year, 12, 31);
	int working = 0;
	json_t *doc = NULL, *days = NULL;
	if (json) {
		doc = json_object();
		days = json_array();
		mc_json_set(doc, "year", json_integer(year));
		mc_json_set(doc, "status", json_string(published ? "published" : "projected"));
		mc_json_set(doc, "announcement", mc_json_text(ann));
	} else {
		printf("Năm %ld: %s\n", year,
		       published ? "lịch nghỉ đã công bố" :
		       "lịch nghỉ dự kiến (chưa công bố; tính theo Bộ luật Lao động và âm lịch)");
		if (published && *ann)
			printf("Văn bản: %s\n", ann);
		printf("\n");
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
			printf("  ");
			print_padded(mc_weekday_vn(mc_weekday(d)), 9);
			printf("%s  ", date);
			print_padded(mc_day_kind_vn(info.kind), 15);
			printf("%s%s\n", info.name ? info.name : "",
			       published && !info.confirmed ? " (suy ra, chưa xác nhận)" : "");
		}
	}
	if (json) {
		mc_json_set(doc, "days", days);
		mc_json_set(doc, "working_days", json_integer(working));
		mc_json_print(doc, stdout);
	} else
		printf("\nSố ngày làm việc trong năm: %d\n", working);
	mc_calendar_free(cal);
	return 0;
}

static int cal_add(const cli_command *cmd, const char *a, const char *b, int json)
{
	mc_error err;
	mc_time t, due;
	mc_duration d;
	if (mc_parse_moment(a, &t, &err) || mc_duration_parse(b, &d, &err))
		return cli_usage_error(cmd, "%s", err.message);
	mc_calendar *cal = NULL;
	int rc = load(&cal);
	if (rc)
		return rc;
	rc = mc_calendar_add(cal, t, d, &due, &err);
	mc_calendar_free(cal);
	if (rc)
		return cli_fail(&err);
	char s1[40], s2[40], dur[32];
	mc_format_moment(s1, sizeof s1, t);
	mc_format_moment(s2, sizeof s2, due);
	mc_duration_format(dur, sizeof dur, d);
	if (json) {
		json_t *o = json_object();
		mc_json_set(o, "start", json_string(s1));
		mc_json_set(o, "duration", json_string(dur));
		mc_json_set(o, "due", json_string(s2));
		mc_json_print(o, stdout);
	} else {
		char v1[64], v2[64], dv[48];
		vn_moment(v1, sizeof v1, t);
		vn_moment(v2, sizeof v2, due);
		mc_duration_format_vn(dv, sizeof dv, d);
		printf("Tiếp nhận: %s\nThời hạn:  %s\nHẹn trả:   %s\n%s\n", v1, dv, v2, s2);
	}
	return 0;
}

static int cal_between(const cli_command *cmd, const char *a, const char *b, int json)
{
	mc_error err;
	mc_time ta, tb;
	if (mc_parse_moment(a, &ta, &err) || mc_parse_moment(b, &tb, &err))
		return cli_usage_error(cmd, "%s", err.message);
	mc_calendar *cal = NULL;
	int rc = load(&cal);
	if (rc)
		return rc;
	int64_t ticks;
	rc = mc_calendar_between(cal, ta, tb, &ticks, &err);
	mc_calendar_free(cal);
	if (rc)
		return cli_fail(&err);
	char s1[40], s2[40];
	mc_format_moment(s1, sizeof s1, ta);
	mc_format_moment(s2, sizeof s2, tb);
	/* ticks are seconds of an 8-hour working day */
	long long mins = (long long)(ticks / 60);
	/* the working days exactly, in decimals (a tick is a second: six
	 * decimals tell every second apart), never with an exponent */
	double days = (double)ticks / MC_TICKS_PER_DAY;
	if (json) {
		json_t *o = json_object();
		mc_json_set(o, "from", json_string(s1));
		mc_json_set(o, "to", json_string(s2));
		mc_json_set(o, "working_days", mc_json_decimal(days, 6));
		mc_json_set(o, "working_minutes", json_integer(mins));
		mc_json_print(o, stdout);
	} else {
		char d[64];
		mc_format_decimal(d, sizeof d, days, 6);
		printf("Thời gian làm việc từ %s đến %s: %s ngày làm việc (%s%lld giờ %02lld phút)\n",
		       s1, s2, d, mins < 0 ? "-" : "", (mins < 0 ? -mins : mins) / 60,
		       (mins < 0 ? -mins : mins) % 60);
	}
	return 0;
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

static int cal_lunar(const cli_command *cmd, const char *a, int json)
{
	mc_error err;
	int32_t day;
	mc_lunar_date ld;
	if (mc_parse_date(a, &day, &err))
		return cli_usage_error(cmd, "%s", err.message);
	if (mc_lunar_from_solar(day, &ld, &err))
		return cli_fail(&err);
	char s[16];
	mc_format_date(s, sizeof s, day);
	if (json) {
		json_t *o = json_object();
		mc_json_set(o, "solar", json_string(s));
		mc_json_set(o, "lunar", lunar_json(&ld));
		mc_json_print(o, stdout);
	} else {
		char vn[16], name[32];
		mc_format_date_vn(vn, sizeof vn, day);
		mc_lunar_year_name(ld.year, name, sizeof name);
		printf("Dương lịch %s %s là ngày %02d/%02d%s năm %s (%d) âm lịch\n",
		       mc_weekday_vn(mc_weekday(day)), vn, ld.day, ld.month,
		       ld.leap ? " (tháng nhuận)" : "", name, ld.year);
	}
	return 0;
}

static int cal_solar(const cli_command *cmd, const char *a, int leap, int json)
{
	int y, m, d;
	char tail;
	if (strlen(a) != 10 || sscanf(a, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    a[4] != '-' || a[7] != '-')
		return cli_usage_error(cmd, "invalid lunar date '%s': expected YYYY-MM-DD", a);
	mc_lunar_date ld = { y, m, d, leap };
	mc_error err;
	int32_t day;
	if (mc_lunar_to_solar(&ld, &day, &err))
		return cli_usage_error(cmd, "invalid lunar date '%s': %s", a, err.message);
	char s[16];
	mc_format_date(s, sizeof s, day);
	if (json) {
		json_t *o = json_object();
		mc_json_set(o, "lunar", lunar_json(&ld));
		mc_json_set(o, "solar", json_string(s));
		mc_json_print(o, stdout);
	} else {
		char vn[16], name[32];
		mc_format_date_vn(vn, sizeof vn, day);
		mc_lunar_year_name(y, name, sizeof name);
		printf("Ngày %02d/%02d%s năm %s (%d) âm lịch là %s %s dương lịch\n", d, m,
		       leap ? " (tháng nhuận)" : "", name, y, mc_weekday_vn(mc_weekday(day)), vn);
	}
	return 0;
}

static int cal_day(const cli_command *cmd, const char *a, int json)
{
	mc_error err;
	int32_t day;
	if (mc_parse_date(a, &day, &err))
		return cli_usage_error(cmd, "%s", err.message);
	mc_calendar *cal = NULL;
	int rc = load(&cal);
	if (rc)
		return rc;
	mc_day_info info;
	if (mc_calendar_day(cal, day, &info, &err)) {
		mc_calendar_free(cal);
		return cli_fail(&err);
	}
	char s[16];
	if (json) {
		json_t *o = json_object();
		mc_format_date(s, sizeof s, day);
		mc_json_set(o, "date", json_string(s));
		mc_json_set(o, "working", json_boolean(info.working));
		mc_json_set(o, "kind", json_string(mc_day_kind_name(info.kind)));
		mc_json_set(o, "name", mc_json_text(info.name ? info.name : ""));
		mc_json_set(o, "projected", json_boolean(info.projected));
		mc_json_print(o, stdout);
	} else {
		mc_format_date_vn(s, sizeof s, day);
		printf("%s %s: %s%s%s%s%s\n", mc_weekday_vn(mc_weekday(day)), s,
		       info.working ? "ngày làm việc" : "ngày nghỉ",
		       info.kind != MC_DAY_WORKING ? " — " : "",
		       info.kind != MC_DAY_WORKING ? mc_day_kind_vn(info.kind) : "",
		       info.name ? ": " : "", info.name ? info.name : "");
		if (info.projected && info.kind != MC_DAY_WORKING && info.kind != MC_DAY_WEEKEND)
			printf("(năm chưa có lịch công bố: ngày nghỉ dự kiến)\n");
	}
	mc_calendar_free(cal);	/* info.name points into it */
	return 0;
}

static int run_calendar(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "leap", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pos[4];
	int npos = 0, json = 0, leap = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'l': leap = 1; break;
		default: return cli_option_error(cmd, c, argv);
		}
	}
	for (int i = optind; i < argc; i++) {
		if (npos == 4)
			return cli_usage_error(cmd, "too many arguments");
		pos[npos++] = argv[i];
	}
	if (npos == 0)
		return cli_usage_error(cmd, "'calendar' needs an action");
	static const struct { const char *name; int nargs; } actions[] = {
		{ "show", 1 }, { "add", 2 }, { "between", 2 }, { "lunar", 1 },
		{ "solar", 1 }, { "day", 1 }, { NULL, 0 }
	};
	const char *a = pos[0];
	int k = -1;
	for (int i = 0; actions[i].name; i++)
		if (!strcmp(a, actions[i].name))
			k = i;
	if (k < 0) {
		const char *names[] = { "show", "add", "between", "lunar", "solar", "day", NULL };
		const char *s = cli_suggest(a, names);
		if (s)
			return cli_usage_error(cmd, "unknown action '%s' (did you mean '%s'?)", a, s);
		return cli_usage_error(cmd, "unknown action '%s'", a);
	}
	if (npos - 1 != actions[k].nargs)
		return cli_usage_error(cmd, "'calendar %s' takes %d argument%s", a,
				       actions[k].nargs, actions[k].nargs > 1 ? "s" : "");
	if (leap && strcmp(a, "solar") != 0)
		return cli_usage_error(cmd, "--leap applies to 'calendar solar' only");
	switch (k) {
	case 0: return cal_show(cmd, pos[1], json);
	case 1: return cal_add(cmd, pos[1], pos[2], json);
	case 2: return cal_between(cmd, pos[1], pos[2], json);
	case 3: return cal_lunar(cmd, pos[1], json);
	case 4: return cal_solar(cmd, pos[1], leap, json);
	default: return cal_day(cmd, pos[1], json);
	}
}

const cli_command cmd_calendar = {
	.name = "calendar",
	.summary = "working days, holidays, due moments and the lunar calendar",
	.usage =
	"usage: motcua calendar show YEAR [--json]\n"
	"       motcua calendar day DATE [--json]\n"
	"       motcua calendar add MOMENT DURATION [--json]\n"
	"       motcua calendar between MOMENT MOMENT [--json]\n"
	"       motcua calendar lunar DATE [--json]\n"
	"       motcua calendar solar LUNAR-DATE [--leap] [--json]\n",
	.help =
	"actions:\n"
	"  show     the year's days off and worked Saturdays, with their names, and\n"
	"           whether the schedule is published or projected\n"
	"  day      is DATE a working day, and if not, why\n"
	"  add      the due moment of DURATION from MOMENT: '3wd' / '2.5wd' working\n"
	"           days (office time only, a start outside office hours counts from\n"
	"           the next session), or '15d' calendar days (Civil Code art. 147-148:\n"
	"           the first day is not counted; ends when the office closes on the\n"
	"           last day, or on the next working day if that day is off)\n"
	"  between  working time elapsed between two moments\n"
	"  lunar    the lunar date of a solar date (Vietnamese calendar, UTC+7)\n"
	"  solar    the solar date of a lunar date; --leap for the leap month\n"
	"\n"
	"DATE is YYYY-MM-DD; MOMENT is YYYY-MM-DDTHH:MM[:SS][+07:00] (Vietnam's time\n"
	"when no offset is given). Holiday data: procedures/calendar/YYYY.yaml;\n"
	"office hours: procedures/agency.yaml.\n",
	.run = run_calendar,
};
