/*
 * calendar.c - per-day tables and working-time arithmetic (see calendar.h).
 */
#include "calendar.h"
#include "lunar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NYEARS (MC_CAL_LAST_YEAR - MC_CAL_FIRST_YEAR + 1)
#define MAX_SCHEDULES 64
#define MAX_NAMES 4096

typedef struct schedule {
	int32_t from;                       /* first day it applies to */
	int n;
	int32_t start[MC_MAX_SESSIONS], end[MC_MAX_SESSIONS];
	int32_t total;                      /* seconds of office time */
} schedule;

/* day flags */
#define F_CONFIRMED 0x01
#define F_MARKED    0x02                /* set by published data */

struct mc_calendar {
	int32_t first;                      /* day number of 1900-01-01 */
	int32_t ndays;
	uint8_t *kind;                      /* mc_day_kind per day */
	uint8_t *flags;
	uint16_t *name;                     /* index into names, 0 = none */
	uint8_t *sched;                     /* index into schedules */
	int32_t *wd_before;                 /* working days before day i (ndays+1) */
	int32_t *wd_day;                    /* working day k -> day index */
	int32_t nwork;
	char *names[MAX_NAMES];
	int nnames;
	schedule schedules[MAX_SCHEDULES];
	int nsched;
	uint8_t published[NYEARS];
	char *announcement[NYEARS];
	int finished;
};

/* --- building ------------------------------------------------------- */

int mc_calendar_new(mc_calendar **out, mc_error *err)
{
	mc_calendar *cal = calloc(1, sizeof *cal);
	if (!cal)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	cal->first = mc_days_from_civil(MC_CAL_FIRST_YEAR, 1, 1);
	cal->ndays = mc_days_from_civil(MC_CAL_LAST_YEAR + 1, 1, 1) - cal->first;
	cal->kind = calloc((size_t)cal->ndays, 1);
	cal->flags = calloc((size_t)cal->ndays, 1);
	cal->name = calloc((size_t)cal->ndays, sizeof *cal->name);
	cal->sched = calloc((size_t)cal->ndays, 1);
	cal->wd_before = calloc((size_t)cal->ndays + 1, sizeof *cal->wd_before);
	cal->wd_day = calloc((size_t)cal->ndays, sizeof *cal->wd_day);
	cal->nnames = 1; /* index 0 = no name */
	if (!cal->kind || !cal->flags || !cal->name || !cal->sched ||
	    !cal->wd_before || !cal->wd_day) {
		mc_calendar_free(cal);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	for (int32_t i = 0; i < cal->ndays; i++) {
		int wd = mc_weekday(cal->first + i);
		cal->kind[i] = (wd == 0 || wd == 6) ? MC_DAY_WEEKEND : MC_DAY_WORKING;
	}
	/* the default office hours (DESIGN.md): 07:00-11:30, 13:30-17:00 */
	schedule *s = &cal->schedules[cal->nsched++];
	s->from = cal->first;
	s->n = 2;
	s->start[0] = 7 * 3600;
	s->end[0] = 11 * 3600 + 1800;
	s->start[1] = 13 * 3600 + 1800;
	s->end[1] = 17 * 3600;
	s->total = 8 * 3600;
	*out = cal;
	return MC_OK;
}

void mc_calendar_free(mc_calendar *cal)
{
	if (!cal)
		return;
	free(cal->kind);
	free(cal->flags);
	free(cal->name);
	free(cal->sched);
	free(cal->wd_before);
	free(cal->wd_day);
	for (int i = 0; i < cal->nnames; i++)
		free(cal->names[i]);
	for (int i = 0; i < NYEARS; i++)
		free(cal->announcement[i]);
	free(cal);
}

int mc_calendar_set_sessions(mc_calendar *cal, int32_t from, int n,
			     const int32_t *start, const int32_t *end, mc_error *err)
{
	if (n < 1 || n > MC_MAX_SESSIONS)
		return mc_error_set(err, MC_ERR_INPUT, "a day has 1 to %d office sessions, not %d",
				    MC_MAX_SESSIONS, n);
	int32_t total = 0;
	for (int i = 0; i < n; i++) {
		if (start[i] < 0 || end[i] > 24 * 3600 || start[i] >= end[i] ||
		    (i > 0 && start[i] < end[i - 1]))
			return mc_error_set(err, MC_ERR_INPUT,
					    "office sessions must be ascending, non-empty and not overlap");
		total += end[i] - start[i];
	}
	/* a range starting on the same day replaces the previous one */
	schedule *s = NULL;
	for (int i = 0; i < cal->nsched; i++)
		if (cal->schedules[i].from == from)
			s = &cal->schedules[i];
	if (!s) {
		if (cal->nsched == MAX_SCHEDULES)
			return mc_error_set(err, MC_ERR_INPUT, "too many office-hour ranges");
		s = &cal->schedules[cal->nsched++];
	}
	s->from = from;
	s->n = n;
	s->total = total;
	for (int i = 0; i < n; i++) {
		s->start[i] = start[i];
		s->end[i] = end[i];
	}
	return MC_OK;
}

static int year_index(int year)
{
	return year - MC_CAL_FIRST_YEAR;
}

int mc_calendar_publish_year(mc_calendar *cal, int year, const char *announcement,
			     mc_error *err)
{
	if (year < MC_CAL_FIRST_YEAR || year > MC_CAL_LAST_YEAR)
		return mc_error_set(err, MC_ERR_INPUT, "year %d is outside %d-%d", year,
				    MC_CAL_FIRST_YEAR, MC_CAL_LAST_YEAR);
	int y = year_index(year);
	if (cal->published[y])
		return mc_error_set(err, MC_ERR_INPUT, "year %d is published twice", year);
	cal->published[y] = 1;
	cal->announcement[y] = strdup(announcement ? announcement : "");
	if (!cal->announcement[y])
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	return MC_OK;
}

static int intern(mc_calendar *cal, const char *name, uint16_t *out, mc_error *err)
{
	if (!name) {
		*out = 0;
		return MC_OK;
	}
	for (int i = 1; i < cal->nnames; i++)
		if (!strcmp(cal->names[i], name)) {
			*out = (uint16_t)i;
			return MC_OK;
		}
	if (cal->nnames == MAX_NAMES)
		return mc_error_set(err, MC_ERR_INTERNAL, "too many holiday names");
	cal->names[cal->nnames] = strdup(name);
	if (!cal->names[cal->nnames])
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	*out = (uint16_t)cal->nnames++;
	return MC_OK;
}

static int day_index(const mc_calendar *cal, int32_t day, int32_t *out, mc_error *err)
{
	int64_t i = (int64_t)day - cal->first;      /* any int32 day: no overflow */
	if (i < 0 || i >= cal->ndays) {
		/* an implausible day (beyond the year 9999) is not formatted */
		char d[24] = "";
		if (day > -3000000 && day < 3000000) {
			d[0] = ' ';
			mc_format_date(d + 1, sizeof d - 1, day);
		}
		return mc_error_set(err, MC_ERR_INPUT,
				    "date%s is outside the calendar (%d-%d)", d,
				    MC_CAL_FIRST_YEAR, MC_CAL_LAST_YEAR);
	}
	*out = (int32_t)i;
	return MC_OK;
}

static const char *weekday_en(int wd)
{
	static const char *const names[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
					     "Thursday", "Friday", "Saturday" };
	return names[wd];
}

int mc_calendar_mark(mc_calendar *cal, int32_t day, mc_day_kind kind,
		     const char *name, int confirmed, mc_error *err)
{
	int32_t i = 0;
	int rc = day_index(cal, day, &i, err);
	if (rc)
		return rc;
	char d[16];
	mc_format_date(d, sizeof d, day);
	int wd = mc_weekday(day);
	int weekend = wd == 0 || wd == 6;
	if (cal->flags[i] & F_MARKED)
		return mc_error_set(err, MC_ERR_INPUT, "%s is listed twice", d);
	if (kind == MC_DAY_WORKED_SATURDAY && !weekend)
		return mc_error_set(err, MC_ERR_INPUT,
				    "%s is a %s: only a weekend day can be worked in exchange",
				    d, weekday_en(wd));
	if ((kind == MC_DAY_HOLIDAY || kind == MC_DAY_COMPENSATORY ||
	     kind == MC_DAY_SWAPPED) && weekend)
		return mc_error_set(err, MC_ERR_INPUT,
				    "%s is a %s, already a day off: list only weekdays off",
				    d, weekday_en(wd));
	if (kind == MC_DAY_WORKING || kind == MC_DAY_WEEKEND)
		return mc_error_set(err, MC_ERR_INPUT, "%s: only days off and worked Saturdays are listed", d);
	uint16_t n;
	if ((rc = intern(cal, name, &n, err)))
		return rc;
	cal->kind[i] = (uint8_t)kind;
	cal->name[i] = n;
	cal->flags[i] = (uint8_t)(F_MARKED | (confirmed ? F_CONFIRMED : 0));
	cal->finished = 0;
	return MC_OK;
}

/* --- projection of unpublished years ---------------------------------- */

static int is_weekend(int32_t day)
{
	int wd = mc_weekday(day);
	return wd == 0 || wd == 6;
}

/* Statutory holidays of `year` by the Labour Code in force (2012 code up to
 * 2020: Art. 115; 2019 code from 2021: Art. 112), with compensatory days
 * for those falling on a weekend (Art. 111(3) / 110(3)). */
static int project_year(mc_calendar *cal, int year, mc_error *err)
{
	struct { int32_t day; const char *name; } h[16];
	int n = 0;
	h[n].day = mc_days_from_civil(year, 1, 1);
	h[n++].name = "Tết Dương lịch";
	mc_lunar_date tet = { year, 1, 1, 0 }, hung = { year, 3, 10, 0 };
	int32_t tet_day, hung_day;
	if (mc_lunar_to_solar(&tet, &tet_day, err) || mc_lunar_to_solar(&hung, &hung_day, err))
		return MC_ERR_INPUT;
	for (int k = -1; k <= 3; k++) {
		h[n].day = tet_day + k;
		h[n++].name = "Tết Nguyên đán";
	}
	h[n].day = hung_day;
	h[n++].name = "Giỗ Tổ Hùng Vương (10/3 âm lịch)";
	h[n].day = mc_days_from_civil(year, 4, 30);
	h[n++].name = "Ngày Chiến thắng (30/4)";
	h[n].day = mc_days_from_civil(year, 5, 1);
	h[n++].name = "Ngày Quốc tế Lao động (1/5)";
	int32_t nd = mc_days_from_civil(year, 9, 2);
	h[n].day = nd;
	h[n++].name = "Quốc khánh (2/9)";
	if (year >= 2021) {
		/* the adjacent day the Prime Minister picks, as in 2021-2026:
		 * the one that joins the holiday to the weekend */
		static const int adj[7] = { +1, +1, -1, -1, +1, -1, -1 }; /* Sun..Sat */
		h[n].day = nd + adj[mc_weekday(nd)];
		h[n++].name = "Quốc khánh (ngày liền kề 2/9)";
	}
	/* sort by day (insertion sort, n <= 10) */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && h[j].day < h[j - 1].day; j--) {
			int32_t d = h[j].day;
			const char *s = h[j].name;
			h[j] = h[j - 1];
			h[j - 1].day = d;
			h[j - 1].name = s;
		}
	int rc;
	uint16_t name;
	for (int i = 0; i < n; i++) {
		int32_t idx = h[i].day - cal->first;
		if (idx < 0 || idx >= cal->ndays || is_weekend(h[i].day))
			continue;
		if ((rc = intern(cal, h[i].name, &name, err)))
			return rc;
		cal->kind[idx] = MC_DAY_HOLIDAY;
		cal->name[idx] = name;
	}
	for (int i = 0; i < n; i++) {
		if (!is_weekend(h[i].day))
			continue;
		int32_t d = h[i].day + 1;
		while (d - cal->first < cal->ndays &&
		       (is_weekend(d) || cal->kind[d - cal->first] != MC_DAY_WORKING))
			d++;
		int32_t idx = d - cal->first;
		if (idx < 0 || idx >= cal->ndays)
			continue;
		char label[160];
		int y, m, dd;
		mc_civil_from_days(h[i].day, &y, &m, &dd);
		snprintf(label, sizeof label, "Nghỉ bù %s (%02d/%02d)", h[i].name, dd, m);
		if ((rc = intern(cal, label, &name, err)))
			return rc;
		cal->kind[idx] = MC_DAY_COMPENSATORY;
		cal->name[idx] = name;
	}
	return MC_OK;
}

int mc_calendar_finish(mc_calendar *cal, mc_error *err)
{
	int rc;
	for (int y = MC_CAL_FIRST_YEAR; y <= MC_CAL_LAST_YEAR; y++)
		if (!cal->published[year_index(y)] && (rc = project_year(cal, y, err)))
			return rc;
	/* schedules by date: sort ranges, then assign per day */
	for (int i = 1; i < cal->nsched; i++)
		for (int j = i; j > 0 && cal->schedules[j].from < cal->schedules[j - 1].from; j--) {
			schedule t = cal->schedules[j];
			cal->schedules[j] = cal->schedules[j - 1];
			cal->schedules[j - 1] = t;
		}
	int s = 0;
	int32_t k = 0;
	for (int32_t i = 0; i < cal->ndays; i++) {
		while (s + 1 < cal->nsched && cal->schedules[s + 1].from <= cal->first + i)
			s++;
		cal->sched[i] = (uint8_t)s;
		cal->wd_before[i] = k;
		if (cal->kind[i] == MC_DAY_WORKING || cal->kind[i] == MC_DAY_WORKED_SATURDAY)
			cal->wd_day[k++] = i;
	}
	cal->wd_before[cal->ndays] = k;
	cal->nwork = k;
	cal->finished = 1;
	return MC_OK;
}

/* --- queries -------------------------------------------------------- */

static int is_working(const mc_calendar *cal, int32_t i)
{
	return cal->kind[i] == MC_DAY_WORKING || cal->kind[i] == MC_DAY_WORKED_SATURDAY;
}

int mc_calendar_day(const mc_calendar *cal, int32_t day, mc_day_info *out,
		    mc_error *err)
{
	int32_t i = 0;
	int rc = day_index(cal, day, &i, err);
	if (rc)
		return rc;
	int y, m, d;
	mc_civil_from_days(day, &y, &m, &d);
	const schedule *s = &cal->schedules[cal->sched[i]];
	out->kind = (mc_day_kind)cal->kind[i];
	out->working = is_working(cal, i);
	out->name = cal->name[i] ? cal->names[cal->name[i]] : NULL;
	out->confirmed = (cal->flags[i] & F_CONFIRMED) != 0;
	out->projected = !cal->published[year_index(y)];
	out->office_open = out->working ? s->start[0] : 0;
	out->office_close = out->working ? s->end[s->n - 1] : 0;
	return MC_OK;
}

int mc_calendar_year(const mc_calendar *cal, int year, int *published,
		     const char **announcement, mc_error *err)
{
	if (year < MC_CAL_FIRST_YEAR || year > MC_CAL_LAST_YEAR)
		return mc_error_set(err, MC_ERR_INPUT, "year %d is outside the calendar (%d-%d)",
				    year, MC_CAL_FIRST_YEAR, MC_CAL_LAST_YEAR);
	*published = cal->published[year_index(year)];
	*announcement = cal->announcement[year_index(year)] ? cal->announcement[year_index(year)] : "";
	return MC_OK;
}

/* The calendar's first and last days, for messages. */
#define FIRST_DAY_TEXT "1900-01-01"
#define LAST_DAY_TEXT "2199-12-31"

static int after_end(mc_error *err)
{
	return mc_error_set(err, MC_ERR_INPUT,
			    "the due moment falls after the end of the calendar (" LAST_DAY_TEXT ")");
}

/* Whether moment t lies on a day of the calendar (checked before anything
 * converts it, so an absurd t overflows nothing). */
static int check_moment(const mc_calendar *cal, mc_time t, mc_error *err)
{
	mc_time lo = mc_time_make(cal->first, 0), hi = mc_time_make(cal->first + cal->ndays, 0);
	if (t >= lo && t < hi)
		return MC_OK;
	/* an implausible moment (beyond the year 9999) is not formatted */
	const mc_time far = (mc_time)3000000 * MC_DAY_SECONDS;
	char m[48] = "";
	if (t > -far && t < far) {
		m[0] = ' ';
		mc_format_moment(m + 1, sizeof m - 1, t);
	}
	if (t < lo)
		return mc_error_set(err, MC_ERR_INPUT,
				    "the moment%s is before the start of the calendar (" FIRST_DAY_TEXT ")", m);
	return mc_error_set(err, MC_ERR_INPUT,
			    "the moment%s is after the end of the calendar (" LAST_DAY_TEXT ")", m);
}

/* The last coordinate of the working-time line: the close of the last
 * working day of the calendar. */
static int64_t coord_max(const mc_calendar *cal)
{
	return (int64_t)cal->nwork * MC_TICKS_PER_DAY;
}

/* Working-time coordinate of moment t, in ticks since 1900-01-01. */
static int coord_of(const mc_calendar *cal, mc_time t, int64_t *out, mc_error *err)
{
	int rc = check_moment(cal, t, err);
	if (rc)
		return rc;
	int32_t day = mc_time_day(t), i = day - cal->first;
	int64_t base = (int64_t)cal->wd_before[i] * MC_TICKS_PER_DAY;
	if (!is_working(cal, i)) {
		*out = base;
		return MC_OK;
	}
	const schedule *s = &cal->schedules[cal->sched[i]];
	int32_t secs = mc_time_secs(t), done = 0;
	for (int k = 0; k < s->n; k++) {
		if (secs >= s->end[k])
			done += s->end[k] - s->start[k];
		else if (secs > s->start[k])
			done += secs - s->start[k];
	}
	/* the usual 8-hour day needs no scaling (and no division) */
	*out = base + (s->total == MC_TICKS_PER_DAY ? done
			: (int64_t)done * MC_TICKS_PER_DAY / s->total);
	return MC_OK;
}

/* The moment at coordinate c, 0 < c <= coord_max (c = coord_max is the
 * close of the last working day). A coordinate at a day boundary is the end
 * of the earlier working day when `at_end` is set. */
static int moment_of(const mc_calendar *cal, int64_t c, int at_end, mc_time *out,
		     mc_error *err)
{
	if (c < 0 || c > coord_max(cal) || (!at_end && c == coord_max(cal)))
		return after_end(err);
	int64_t k = c / MC_TICKS_PER_DAY, f = c % MC_TICKS_PER_DAY;
	if (f == 0 && at_end && k > 0) {
		int32_t i = cal->wd_day[k - 1];       /* k <= nwork: checked above */
		const schedule *s = &cal->schedules[cal->sched[i]];
		*out = mc_time_make(cal->first + i, s->end[s->n - 1]);
		return MC_OK;
	}
	int32_t i = cal->wd_day[k];                   /* k < nwork */
	const schedule *s = &cal->schedules[cal->sched[i]];
	/* office seconds into the day, rounded up so the due moment is never
	 * earlier than the working time asks */
	int64_t left = s->total == MC_TICKS_PER_DAY ? f
		: (f * s->total + MC_TICKS_PER_DAY - 1) / MC_TICKS_PER_DAY;
	for (int n = 0; n < s->n; n++) {
		int32_t len = s->end[n] - s->start[n];
		if (left <= len) {
			*out = mc_time_make(cal->first + i, s->start[n] + (int32_t)left);
			return MC_OK;
		}
		left -= len;
	}
	*out = mc_time_make(cal->first + i, s->end[s->n - 1]);
	return MC_OK;
}

/* "2024-02-07T00:00:00+07:00 plus 43956wd" as an error's detail. */
static void detail_plus(mc_error *err, mc_time t, int64_t ticks)
{
	char m[MC_MOMENT_MAX];
	if (!err)
		return;
	mc_format_moment(m, sizeof m, t);
	if (ticks % (MC_TICKS_PER_DAY / 2) == 0)
		mc_error_detail(err, "%s plus %lld%swd of working time", m,
				(long long)(ticks / MC_TICKS_PER_DAY),
				ticks % MC_TICKS_PER_DAY ? ".5" : "");
	else
		mc_error_detail(err, "%s plus %lld seconds of working time (%lld working days)", m,
				(long long)ticks, (long long)(ticks / MC_TICKS_PER_DAY));
}

int mc_calendar_add_ticks(const mc_calendar *cal, mc_time t, int64_t ticks,
			  mc_time *out, mc_error *err)
{
	if (ticks < 0)
		return mc_error_set(err, MC_ERR_INPUT, "cannot add a negative duration");
	int64_t c;
	int rc = coord_of(cal, t, &c, err);
	if (rc)
		return rc;
	if (ticks == 0) {
		*out = t;
		return MC_OK;
	}
	/* c <= coord_max, so the subtraction cannot overflow (c + ticks could) */
	if (ticks > coord_max(cal) - c) {
		after_end(err);
		detail_plus(err, t, ticks);
		return MC_ERR_INPUT;
	}
	return moment_of(cal, c + ticks, 1, out, err);
}

int mc_calendar_add_days(const mc_calendar *cal, mc_time t, int days,
			 mc_time *out, mc_error *err)
{
	if (days < 0)
		return mc_error_set(err, MC_ERR_INPUT, "cannot add a negative duration");
	int rc = check_moment(cal, t, err);
	if (rc)
		return rc;
	if (days == 0) {
		*out = t;
		return MC_OK;
	}
	/* in int64: day + days cannot overflow */
	int64_t i = (int64_t)mc_time_day(t) - cal->first + days;
	while (i < cal->ndays && !is_working(cal, (int32_t)i))
		i++;
	if (i >= cal->ndays) {
		after_end(err);
		if (err) {
			char m[MC_MOMENT_MAX];
			mc_format_moment(m, sizeof m, t);
			mc_error_detail(err, "%s plus %d calendar days", m, days);
		}
		return MC_ERR_INPUT;
	}
	const schedule *s = &cal->schedules[cal->sched[i]];
	*out = mc_time_make(cal->first + (int32_t)i, s->end[s->n - 1]);
	return MC_OK;
}

/* Where the calendar ends, in months after 1900-01 (for the bound below). */
#define LAST_MONTH_INDEX ((int64_t)(MC_CAL_LAST_YEAR - MC_CAL_FIRST_YEAR) * 12 + 11)

/*
 * A period in months, as the Civil Code counts it (Bộ luật Dân sự 2015,
 * 91/2015/QH13; text as published on thuvienphapluat.vn, "Thời điểm bắt đầu
 * và kết thúc thời hạn được xác định như thế nào?",
 * https://thuvienphapluat.vn/hoi-dap-phap-luat/3896F-hd-thoi-diem-bat-dau-va-ket-thuc-thoi-han-duoc-xac-dinh-nhu-the-nao.html):
 *  - Điều 147 khoản 3: "Khi thời hạn bắt đầu bằng một sự kiện thì ngày xảy
 *    ra sự kiện không được tính mà tính từ ngày tiếp theo liền kề của ngày
 *    xảy ra sự kiện đó": the day of the receipt is not counted;
 *  - Điều 148 khoản 1 điểm c: "Khi thời hạn tính bằng tháng thì thời hạn
 *    kết thúc tại thời điểm kết thúc ngày tương ứng của tháng cuối cùng của
 *    thời hạn; nếu tháng kết thúc thời hạn không có ngày tương ứng thì thời
 *    hạn kết thúc vào ngày cuối cùng của tháng đó": received on the 15th,
 *    one month ends on the 15th of the next month; received on 31 January,
 *    on the last day of February;
 *  - Điều 148 khoản 2: "Khi ngày cuối cùng của thời hạn là ngày nghỉ cuối
 *    tuần hoặc ngày nghỉ lễ thì thời hạn kết thúc tại thời điểm kết thúc ngày
 *    làm việc tiếp theo ngày nghỉ đó": a last day off (weekend, Tết, a
 *    compensatory or swapped day) moves the end to the next working day.
 * The end of the day is the office's close, as for a period in days
 * (mc_calendar_add_days): the result is handed over at the desk. As there,
 * the day of the receipt is the calendar day of t, whatever the hour (a
 * receipt after hours counts from the same day as one in hours).
 */
int mc_calendar_add_months(const mc_calendar *cal, mc_time t, int months,
			   mc_time *out, mc_error *err)
{
	if (months < 0)
		return mc_error_set(err, MC_ERR_INPUT, "cannot add a negative duration");
	int rc = check_moment(cal, t, err);
	if (rc)
		return rc;
	if (months == 0) {
		*out = t;
		return MC_OK;
	}
	int y, m, d;
	mc_civil_from_days(mc_time_day(t), &y, &m, &d);
	/* in int64: the month index cannot overflow */
	int64_t mi = (int64_t)(y - MC_CAL_FIRST_YEAR) * 12 + (m - 1) + months;
	int64_t i = cal->ndays;
	if (mi <= LAST_MONTH_INDEX) {
		int ty = MC_CAL_FIRST_YEAR + (int)(mi / 12), tm = (int)(mi % 12) + 1;
		int dim = mc_days_in_month(ty, tm);
		i = (int64_t)mc_days_from_civil(ty, tm, d <= dim ? d : dim) - cal->first;
		while (i < cal->ndays && !is_working(cal, (int32_t)i))
			i++;
	}
	if (i >= cal->ndays) {
		after_end(err);
		if (err) {
			char mo[MC_MOMENT_MAX];
			mc_format_moment(mo, sizeof mo, t);
			mc_error_detail(err, "%s plus %d month%s", mo, months, months == 1 ? "" : "s");
		}
		return MC_ERR_INPUT;
	}
	const schedule *s = &cal->schedules[cal->sched[i]];
	*out = mc_time_make(cal->first + (int32_t)i, s->end[s->n - 1]);
	return MC_OK;
}

int mc_calendar_add(const mc_calendar *cal, mc_time t, mc_duration d,
		    mc_time *out, mc_error *err)
{
	if (d.unit == MC_UNIT_MONTHS) {
		if (d.halves % 2)
			return mc_error_set(err, MC_ERR_INPUT, "months cannot be halved");
		return mc_calendar_add_months(cal, t, d.halves / 2, out, err);
	}
	if (d.unit == MC_UNIT_WORKING_DAYS)
		return mc_calendar_add_ticks(cal, t, (int64_t)d.halves * (MC_TICKS_PER_DAY / 2),
					     out, err);
	if (d.halves % 2)
		return mc_error_set(err, MC_ERR_INPUT, "calendar days cannot be halved");
	return mc_calendar_add_days(cal, t, d.halves / 2, out, err);
}

int mc_calendar_prev_close(const mc_calendar *cal, int32_t day, mc_time *out, mc_error *err)
{
	int32_t i = 0;
	int rc = day_index(cal, day, &i, err);
	if (rc)
		return rc;
	int32_t k = cal->wd_before[i];
	if (k == 0)
		return mc_error_set(err, MC_ERR_INPUT, "no working day before the start of the calendar");
	int32_t j = cal->wd_day[k - 1];
	const schedule *s = &cal->schedules[cal->sched[j]];
	*out = mc_time_make(cal->first + j, s->end[s->n - 1]);
	return MC_OK;
}

int mc_calendar_between(const mc_calendar *cal, mc_time a, mc_time b,
			int64_t *ticks, mc_error *err)
{
	int64_t ca, cb;
	int rc = coord_of(cal, a, &ca, err);
	if (!rc)
		rc = coord_of(cal, b, &cb, err);
	if (rc)
		return rc;
	*ticks = cb - ca;
	return MC_OK;
}

/* --- durations ------------------------------------------------------ */

/* The longest duration a procedure can state: more than the calendar holds
 * (some 78,000 working days, 109,572 days), so the arithmetic says whether a
 * long one fits, while halves stay far from overflowing an int32. */
#define MAX_DURATION_DAYS 100000
/* months: 4000 is more than the calendar's 3600 */
#define MAX_DURATION_MONTHS 4000

int mc_duration_parse(const char *s, mc_duration *out, mc_error *err)
{
	const char *p = s;
	long whole = 0;
	int half = 0, ok = *p >= '0' && *p <= '9', too_long = 0;
	while (ok && *p >= '0' && *p <= '9') {
		whole = whole * 10 + (*p++ - '0');
		if (whole > MAX_DURATION_DAYS) {
			ok = 0;
			too_long = 1;
		}
	}
	if (ok && *p == '.') {
		if (p[1] == '5')
			half = 1;
		else if (p[1] != '0')
			ok = 0;
		if (ok)
			p += 2;
		if (ok && half && whole == MAX_DURATION_DAYS) {
			ok = 0;
			too_long = 1;
		}
	}
	mc_duration d = { MC_UNIT_WORKING_DAYS, (int32_t)(whole * 2 + half) };
	if (ok && !strcmp(p, "mo") && !half) {
		if (whole > MAX_DURATION_MONTHS)
			return mc_error_set(err, MC_ERR_INPUT,
					    "invalid duration '%s': at most %d months", s, MAX_DURATION_MONTHS);
		d.unit = MC_UNIT_MONTHS;
	} else if (ok && !strcmp(p, "wd"))
		d.unit = MC_UNIT_WORKING_DAYS;
	else if (ok && !strcmp(p, "d") && !half)
		d.unit = MC_UNIT_DAYS;
	else if (too_long)
		return mc_error_set(err, MC_ERR_INPUT,
				    "invalid duration '%s': at most %d days", s, MAX_DURATION_DAYS);
	else
		return mc_error_set(err, MC_ERR_INPUT,
				    "invalid duration '%s': expected N wd (working days, halves allowed, e.g. 2.5wd), N d (calendar days, e.g. 15d) or N mo (months, e.g. 1mo)",
				    s);
	*out = d;
	return MC_OK;
}

void mc_duration_format(char *buf, size_t n, mc_duration d)
{
	const char *unit = d.unit == MC_UNIT_WORKING_DAYS ? "wd" : d.unit == MC_UNIT_MONTHS ? "mo" : "d";
	if (d.halves % 2)
		snprintf(buf, n, "%d.5%s", d.halves / 2, unit);
	else
		snprintf(buf, n, "%d%s", d.halves / 2, unit);
}

void mc_duration_format_vn(char *buf, size_t n, mc_duration d)
{
	const char *unit = d.unit == MC_UNIT_WORKING_DAYS ? "ngày làm việc"
		: d.unit == MC_UNIT_MONTHS ? "tháng" : "ngày";
	if (d.halves % 2)
		snprintf(buf, n, "%d,5 %s", d.halves / 2, unit);
	else
		snprintf(buf, n, "%02d %s", d.halves / 2, unit);
}

const char *mc_day_kind_name(mc_day_kind k)
{
	static const char *const names[] = {
		"working", "worked_saturday", "weekend", "holiday", "compensatory", "swapped"
	};
	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

const char *mc_day_kind_vn(mc_day_kind k)
{
	static const char *const names[] = {
		"Ngày làm việc", "Làm bù", "Nghỉ cuối tuần", "Nghỉ lễ, Tết",
		"Nghỉ bù", "Nghỉ hoán đổi"
	};
	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* --- fingerprint ------------------------------------------------------ */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t mc_calendar_fingerprint(const mc_calendar *cal)
{
	uint64_t h = 1469598103934665603ULL;
	for (int32_t i = 0; i < cal->ndays; i++) {
		/* what decides working time: whether a day works, and its sessions */
		uint8_t w = cal->kind[i] == MC_DAY_WORKING || cal->kind[i] == MC_DAY_WORKED_SATURDAY;
		h = fnv(h, &w, 1);
		if (w)
			h = fnv(h, &cal->sched[i], 1);
	}
	for (int s = 0; s < cal->nsched; s++) {
		const schedule *sc = &cal->schedules[s];
		h = fnv(h, &sc->n, sizeof sc->n);
		h = fnv(h, sc->start, sizeof sc->start[0] * (size_t)sc->n);
		h = fnv(h, sc->end, sizeof sc->end[0] * (size_t)sc->n);
	}
	return h;
}
