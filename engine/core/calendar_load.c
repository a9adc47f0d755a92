/*
 * calendar_load.c - build a calendar from the procedures directory:
 * agency.yaml (office hours) and calendar/YYYY.yaml (published years).
 */
#include "agency.h"
#include "calendar.h"
#include "fileutil.h"
#include "yamldoc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mc_calendar_load_year(mc_calendar *cal, const char *path, mc_error *err)
{
	static const char *const keys[] = {
		"year", "announcements", "source", "days_off", "worked_saturdays", NULL
	};
	static const char *const off_keys[] = { "date", "kind", "name", "confirmed", NULL };
	static const char *const work_keys[] = { "date", "name", "confirmed", NULL };
	static const char *const kinds[] = { "holiday", "compensatory", "swapped", NULL };
	static const mc_day_kind kind_of[] = { MC_DAY_HOLIDAY, MC_DAY_COMPENSATORY, MC_DAY_SWAPPED };
	mc_ydoc *doc = NULL;
	const mc_ynode *yn, *ann, *off, *work, *src;
	long year;
	char announcement[1024] = "";
	int rc = mc_ydoc_load(&doc, path, err);
	if (rc)
		return rc;
	const mc_ynode *root = doc->root;
	if ((rc = mc_y_map(doc, root, "", keys, err)) ||
	    (rc = mc_y_need(doc, root, "", "year", &yn, err)) ||
	    (rc = mc_y_int(doc, yn, "year", MC_CAL_FIRST_YEAR, MC_CAL_LAST_YEAR, &year, err)) ||
	    (rc = mc_y_need(doc, root, "", "announcements", &ann, err)) ||
	    (rc = mc_y_seq(doc, ann, "announcements", err)) ||
	    (rc = mc_y_need(doc, root, "", "source", &src, err)) ||
	    (rc = mc_y_need(doc, root, "", "days_off", &off, err)) ||
	    (rc = mc_y_seq(doc, off, "days_off", err)) ||
	    (rc = mc_y_need(doc, root, "", "worked_saturdays", &work, err)) ||
	    (rc = mc_y_seq(doc, work, "worked_saturdays", err)))
		goto cleanup;
	const char *s;
	if ((rc = mc_y_str(doc, src, "source", &s, err)))
		goto cleanup;
	for (size_t i = 0; i < ann->n; i++) {
		if ((rc = mc_y_str(doc, ann->items[i], "announcements", &s, err)))
			goto cleanup;
		if (i)
			strncat(announcement, "; ", sizeof announcement - strlen(announcement) - 1);
		strncat(announcement, s, sizeof announcement - strlen(announcement) - 1);
	}
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strlen(base) == 9 && strspn(base, "0123456789") == 4 && atol(base) != year) {
		rc = mc_y_error(doc, yn, "year", err, "year %ld is in the file '%s'", year, base);
		goto cleanup;
	}
	if ((rc = mc_calendar_publish_year(cal, (int)year, announcement, err))) {
		rc = mc_y_error(doc, yn, "year", err, "%s", err->message);
		goto cleanup;
	}
	for (int pass = 0; pass < 2; pass++) {
		const mc_ynode *seq = pass ? work : off;
		for (size_t i = 0; i < seq->n; i++) {
			char field[64];
			snprintf(field, sizeof field, "%s[%zu]", pass ? "worked_saturdays" : "days_off", i);
			const mc_ynode *e = seq->items[i], *dn, *nn, *cn, *kn;
			int32_t day;
			const char *name;
			int confirmed, k = 0;
			if ((rc = mc_y_map(doc, e, field, pass ? work_keys : off_keys, err)) ||
			    (rc = mc_y_need(doc, e, field, "date", &dn, err)) ||
			    (rc = mc_y_date(doc, dn, field, &day, err)) ||
			    (rc = mc_y_need(doc, e, field, "name", &nn, err)) ||
			    (rc = mc_y_str(doc, nn, field, &name, err)) ||
			    (rc = mc_y_need(doc, e, field, "confirmed", &cn, err)) ||
			    (rc = mc_y_bool(doc, cn, field, &confirmed, err)))
				goto cleanup;
			if (!pass && ((rc = mc_y_need(doc, e, field, "kind", &kn, err)) ||
				      (rc = mc_y_enum(doc, kn, field, kinds, &k, err))))
				goto cleanup;
			int y, m, d;
			mc_civil_from_days(day, &y, &m, &d);
			/* a year's schedule may reach into the adjacent year
			 * (31/12/2018 swapped for the 2019 New Year) */
			if (y < year - 1 || y > year + 1) {
				rc = mc_y_error(doc, dn, field, err, "date is not in or next to %ld", year);
				goto cleanup;
			}
			mc_error e2;
			if (mc_calendar_mark(cal, day, pass ? MC_DAY_WORKED_SATURDAY : kind_of[k],
					     name, confirmed, &e2)) {
				rc = mc_y_error(doc, dn, field, err, "%s", e2.message);
				goto cleanup;
			}
		}
	}
cleanup:
	mc_ydoc_free(doc);
	return rc;
}

int mc_calendar_load(mc_calendar **out, const char *procdir, mc_error *err)
{
	mc_calendar *cal = NULL;
	mc_agency *agency = NULL;
	char path[PATH_MAX];
	char **files = NULL;
	size_t nfiles = 0;
	int rc = mc_calendar_new(&cal, err);
	if (rc)
		return rc;
	snprintf(path, sizeof path, "%s/agency.yaml", procdir);
	if ((rc = mc_agency_load(&agency, path, err)))
		goto cleanup;
	for (size_t i = 0; i < agency->nhours; i++) {
		const mc_office_hours *h = &agency->hours[i];
		if ((rc = mc_calendar_set_sessions(cal, h->from, h->n, h->start, h->end, err)))
			goto cleanup;
	}
	snprintf(path, sizeof path, "%s/calendar", procdir);
	if ((rc = mc_dir_list(path, ".yaml", &files, &nfiles, err)))
		goto cleanup;
	for (size_t i = 0; i < nfiles; i++) {
		/* the file name says the year it holds: YYYY.yaml */
		const char *base = strrchr(files[i], '/') + 1;
		if (strlen(base) != 9 || strspn(base, "0123456789") != 4) {
			rc = mc_error_set(err, MC_ERR_INPUT,
					  "%s: a calendar file must be named YYYY.yaml", files[i]);
			goto cleanup;
		}
		if ((rc = mc_calendar_load_year(cal, files[i], err)))
			goto cleanup;
	}
	rc = mc_calendar_finish(cal, err);
cleanup:
	mc_dir_list_free(files, nfiles);
	mc_agency_free(agency);
	if (rc) {
		mc_calendar_free(cal);
		return rc;
	}
	*out = cal;
	return MC_OK;
}
