/*
 * cmd_calendar.c - `motcua calendar`: the working calendar and the lunar
 * calendar from the command line.
 */
#include "commands.h"
#include "calendar.h"
#include "calendar_render.h"
#include "config.h"
#include "json_out.h"
#include "lunar.h"
#include "session.h"

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

/* The answer, in text or JSON, on stdout. */
static void emit(const mc_buf *b)
{
	fputs(mc_buf_str(b), stdout);
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
	mc_buf b = { 0 };
	mc_render_calendar_year(cal, (int)year, json ? MC_OUT_JSON : MC_OUT_TEXT, &b);
	emit(&b);
	mc_buf_free(&b);
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
	mc_buf out = { 0 };
	mc_render_calendar_add(t, d, due, json ? MC_OUT_JSON : MC_OUT_TEXT, &out);
	emit(&out);
	mc_buf_free(&out);
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
	mc_buf out = { 0 };
	mc_render_calendar_between(ta, tb, ticks, json ? MC_OUT_JSON : MC_OUT_TEXT, &out);
	emit(&out);
	mc_buf_free(&out);
	return 0;
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
	mc_buf out = { 0 };
	mc_render_lunar(day, &ld, 0, json ? MC_OUT_JSON : MC_OUT_TEXT, &out);
	emit(&out);
	mc_buf_free(&out);
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
	mc_buf out = { 0 };
	mc_render_lunar(day, &ld, 1, json ? MC_OUT_JSON : MC_OUT_TEXT, &out);
	emit(&out);
	mc_buf_free(&out);
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
	mc_buf out = { 0 };
	mc_render_calendar_day(day, &info, json ? MC_OUT_JSON : MC_OUT_TEXT, &out);
	emit(&out);
	mc_buf_free(&out);
	mc_calendar_free(cal);	/* info.name points into it */
	return 0;
}

/* calendar apply: the due moments of open dossiers after a calendar change */
static int cal_apply(int force, int json)
{
	cli_session s;
	mc_error err;
	mc_recompute_stats st;
	int rc = cli_session_open(&s, 1);
	if (rc)
		return rc;
	rc = mc_store_recompute(&s.ctx, force, &st, &err);
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	if (json) {
		json_t *o = json_object();
		mc_json_set(o, "open_dossiers", json_integer(st.open));
		mc_json_set(o, "recomputed", json_integer(st.changed));
		mc_json_set(o, "first", json_boolean(st.first));
		mc_json_set(o, "unchanged", json_boolean(st.unchanged && !force));
		mc_json_print(o, stdout);
	} else if ((st.first || st.unchanged) && !force) {
		printf(st.first ? "the calendar is recorded as the one the open dossiers were computed with\n"
		       : "the calendar has not changed since it was last applied: nothing to do\n");
	} else {
		printf("%ld open dossier%s replayed with the calendar: the due moments of %ld changed "
		       "(logged in due_change)\n", st.open, st.open == 1 ? "" : "s", st.changed);
	}
	return 0;
}

static int run_calendar(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "leap", no_argument, NULL, 'l' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pos[4];
	int npos = 0, json = 0, leap = 0, force = 0, c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'l': leap = 1; break;
		case 'f': force = 1; break;
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
		{ "solar", 1 }, { "day", 1 }, { "apply", 0 }, { NULL, 0 }
	};
	const char *a = pos[0];
	int k = -1;
	for (int i = 0; actions[i].name; i++)
		if (!strcmp(a, actions[i].name))
			k = i;
	if (k < 0) {
		const char *names[] = { "show", "add", "between", "lunar", "solar", "day", "apply", NULL };
		const char *s = cli_suggest(a, names);
		if (s)
			return cli_usage_error(cmd, "unknown action '%s' (did you mean '%s'?)", a, s);
		return cli_usage_error(cmd, "unknown action '%s'", a);
	}
	if (npos - 1 != actions[k].nargs)
		return cli_usage_error(cmd, "'calendar %s' takes %d argument%s", a,
				       actions[k].nargs, actions[k].nargs == 1 ? "" : "s");
	if (force && strcmp(a, "apply") != 0)
		return cli_usage_error(cmd, "--force applies to 'calendar apply' only");
	if (leap && strcmp(a, "solar") != 0)
		return cli_usage_error(cmd, "--leap applies to 'calendar solar' only");
	switch (k) {
	case 0: return cal_show(cmd, pos[1], json);
	case 1: return cal_add(cmd, pos[1], pos[2], json);
	case 2: return cal_between(cmd, pos[1], pos[2], json);
	case 3: return cal_lunar(cmd, pos[1], json);
	case 4: return cal_solar(cmd, pos[1], leap, json);
	case 6: return cal_apply(force, json);
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
	"       motcua calendar solar LUNAR-DATE [--leap] [--json]\n"
	"       motcua calendar apply [--force] [--json]\n",
	.help =
	"actions:\n"
	"  show     the year's days off and worked Saturdays, with their names, and\n"
	"           whether the schedule is published or projected\n"
	"  day      is DATE a working day, and if not, why\n"
	"  add      the due moment of DURATION from MOMENT: '3wd' / '2.5wd' working\n"
	"           days (office time only, a start outside office hours counts from\n"
	"           the next session), or '15d' calendar days (Civil Code art. 147-148:\n"
	"           the first day is not counted; ends when the office closes on the\n"
	"           last day, or on the next working day if that day is off), or\n"
	"           '1mo' months (the same articles: it ends on the corresponding day\n"
	"           of the last month, or that month's last day if it has none)\n"
	"  between  working time elapsed between two moments\n"
	"  lunar    the lunar date of a solar date (Vietnamese calendar, UTC+7)\n"
	"  solar    the solar date of a lunar date; --leap for the leap month\n"
	"  apply    after a change of procedures/calendar/ or office hours (a day off\n"
	"           announced): recompute the due moments of every open dossier, each\n"
	"           change logged (the nightly job does it before judging a night);\n"
	"           office role. --force replays every open dossier anyway.\n"
	"\n"
	"DATE is YYYY-MM-DD; MOMENT is YYYY-MM-DDTHH:MM[:SS][+07:00] (Vietnam's time\n"
	"when no offset is given). Holiday data: procedures/calendar/YYYY.yaml;\n"
	"office hours: procedures/agency.yaml.\n",
	.run = run_calendar,
};
