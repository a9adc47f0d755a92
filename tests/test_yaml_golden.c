/*
 * Golden diagnostics: every tests/yaml/bad/KIND-NAME.yaml must be refused
 * with exactly the message in KIND-NAME.err (file:line:column, the field,
 * what was expected, the quoted line). KIND is agency, calendar or
 * procedure. MOTCUA_GOLDEN_UPDATE=1 rewrites the .err files.
 */
#include "check.h"
#include "agency.h"
#include "calendar.h"
#include "catalog.h"
#include "fileutil.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *src = getenv("MOTCUA_SRC");
	if (!src || chdir(src) != 0) {
		fprintf(stderr, "MOTCUA_SRC must name the source tree\n");
		return 1;
	}
	const char *update = getenv("MOTCUA_GOLDEN_UPDATE");
	mc_agency *agency = NULL;
	mc_error err;
	if (mc_agency_load(&agency, "procedures/agency.yaml", &err)) {
		mc_error_print(&err, "test");
		return 1;
	}
	DIR *d = opendir("tests/yaml/bad");
	if (!d)
		return 1;
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 256) {
		size_t len = strlen(e->d_name);
		if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml"))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	CHECK(n >= 15);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX], errpath[PATH_MAX], got[2048];
		snprintf(path, sizeof path, "tests/yaml/bad/%s", names[i]);
		snprintf(errpath, sizeof errpath, "tests/yaml/bad/%.*s.err",
			 (int)(strlen(names[i]) - 5), names[i]);
		int rc;
		mc_error_clear(&err);
		if (!strncmp(names[i], "agency-", 7)) {
			mc_agency *a = NULL;
			rc = mc_agency_load(&a, path, &err);
			mc_agency_free(a);
		} else if (!strncmp(names[i], "calendar-", 9)) {
			mc_calendar *cal = NULL;
			mc_calendar_new(&cal, NULL);
			rc = mc_calendar_load_year(cal, path, &err);
			mc_calendar_free(cal);
		} else {
			mc_procedure p;
			rc = mc_procedure_load(&p, path, agency, &err);
			if (!rc)
				mc_procedure_clear(&p);
		}
		if (rc != MC_ERR_INPUT) {
			fprintf(stderr, "%s: expected an input error, got code %d\n", path, rc);
			check_failures++;
			continue;
		}
		mc_error_format(&err, "motcua", got, sizeof got);
		if (update && !strcmp(update, "1")) {
			FILE *f = fopen(errpath, "w");
			if (f) {
				fputs(got, f);
				fclose(f);
			}
			continue;
		}
		char *want = NULL;
		size_t len;
		if (mc_file_read(errpath, &want, &len, &err)) {
			fprintf(stderr, "%s: no expected diagnostic %s\n", path, errpath);
			check_failures++;
			continue;
		}
		if (strcmp(got, want) != 0) {
			fprintf(stderr, "%s: diagnostic differs\n--- expected\n%s--- got\n%s", path, want, got);
			check_failures++;
		}
		free(want);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	mc_agency_free(agency);
	return CHECK_RESULT();
}
