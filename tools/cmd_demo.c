/*
 * cmd_demo.c - `motcua demo`: the main job end to end on the configured (or
 * project-local) database: the catalogue and calendar, a realistic year of
 * the department's work replayed day by day with the nightly job and the
 * apology letters it calls for, the half-year and yearly reports, and sample
 * documents in an output folder.
 */
#include "commands.h"
#include "accounts.h"
#include "api.h"
#include "cli_shared.h"
#include "apology.h"
#include "apology_letter.h"
#include "config.h"
#include "generate.h"
#include "nightly.h"
#include "queries.h"
#include "report.h"
#include "report_render.h"
#include "session.h"
#include "slip.h"
#include "store_catalog.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEMO_SEED 2023
#define DEMO_DOSSIERS 160

typedef struct demo {
	cli_session *s;
	char outdir[PATH_MAX];
	long nights, alerts, letters, late_letters;
	int32_t letter_day;            /* the night being processed */
	int wrote_letter;
	mc_error *err;
} demo;

static int write_file(const char *path, const mc_buf *b, mc_error *err)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(mc_buf_str(b), 1, b->len, f) != b->len || fclose(f) != 0) {
		if (f)
			fclose(f);
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot write '%s': %s", path, strerror(errno));
	}
	return MC_OK;
}

/* The office issues the letters the nightly job asked for, first thing in
 * the morning after the night. */
static int issue_letter(const char *code, void *arg)
{
	demo *dm = arg;
	mc_dossier_info info;
	int rc = mc_store_dossier_get(&dm->s->ctx, code, &info, dm->err);
	if (rc)
		return rc;
	int leader = !strcmp(info.d.version->steps[info.d.step].unit, "lanh_dao");
	mc_apology_req r = {
		.code = code, .by = "Văn phòng Sở",
		.reason = leader ? "Lãnh đạo Sở đi công tác, chưa ký duyệt kết quả"
				 : "Hồ sơ cần thẩm định, xác minh thêm",
		.at = mc_time_make(dm->letter_day, 7 * 3600),
	};
	if (r.at < info.d.last_at)
		r.at = info.d.last_at;
	mc_apology a;
	rc = mc_apology_issue(&dm->s->ctx, &r, &a, dm->err);
	if (!rc) {
		dm->letters++;
		dm->late_letters += a.late;
		if (!dm->wrote_letter) {
			char path[PATH_MAX + 32];
			mc_document doc;
			memset(&doc, 0, sizeof doc);
			snprintf(path, sizeof path, "%s/van-ban-xin-loi.pdf", dm->outdir);
			mc_apology_letter(&doc, dm->s->cat->agency, &info, &a, r.reason);
			rc = mc_document_pdf(&doc, path, dm->err);
			mc_document_clear(&doc);
			dm->wrote_letter = 1;
		}
	}
	mc_dossier_info_clear(&info);
	return rc;
}

static int demo_night(int32_t day, void *arg)
{
	demo *dm = arg;
	mc_nightly_opts o = { .as_of = day };
	mc_nightly_stats st;
	int rc = mc_nightly_run(&dm->s->ctx, &o, &st, dm->err);
	if (rc)
		return rc;
	dm->nights++;
	dm->alerts += st.alerts_new;
	mc_day_info info;
	if (mc_calendar_day(dm->s->cal, day, &info, NULL) != MC_OK || !info.working)
		return MC_OK;              /* letters go out on working days */
	dm->letter_day = day;
	return mc_apology_pending(&dm->s->ctx, mc_time_make(day, 7 * 3600), issue_letter, dm, dm->err);
}

static void progress(size_t done, size_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rreplaying the year: %zu/%zu actions", done, total);
	if (done == total)
		fputc('\n', stderr);
}

static int samples(demo *dm, mc_error *err)
{
	/* the first dossier's receipt slip, and the control slip of a late one */
	char first[MC_CODE_MAX], late[MC_CODE_MAX];
	int rc = mc_store_sample_dossiers(&dm->s->ctx, first, sizeof first, late, sizeof late, err);
	const char *codes[2] = { first, late };
	for (int i = 0; i < 2 && !rc; i++) {
		mc_dossier_info info;
		char path[PATH_MAX + 32];
		int receipt = i == 0;
		if (!codes[i][0])
			continue;
		if ((rc = mc_store_dossier_get(&dm->s->ctx, codes[i], &info, err)))
			break;
		mc_document doc;
		memset(&doc, 0, sizeof doc);
		if (receipt)
			mc_slip_receipt_doc(&doc, dm->s->cat->agency, &info);
		else
			mc_slip_control_doc(&doc, dm->s->cat->agency, &info, info.d.last_at);
		snprintf(path, sizeof path, "%s/%s.pdf", dm->outdir,
			 receipt ? "giay-tiep-nhan" : "phieu-kiem-soat-ho-so-tre-han");
		rc = mc_document_pdf(&doc, path, err);
		mc_document_clear(&doc);
		mc_dossier_info_clear(&info);
	}
	return rc;
}

static int reports(demo *dm, mc_error *err)
{
	static const struct { const char *kind, *spec, *file; int print; } rep[] = {
		{ "half", "2023H1", "bao-cao-6-thang-2023", 1 },
		{ "year", "2023", "bao-cao-nam-2023", 1 },
	};
	for (size_t i = 0; i < sizeof rep / sizeof rep[0]; i++) {
		int32_t from, to;
		mc_report r;
		int rc = mc_report_period(rep[i].kind, rep[i].spec, &from, &to, err);
		if (!rc)
			rc = mc_report_build(&dm->s->ctx, from, to, &r, err);
		if (rc)
			return rc;
		mc_buf text = { 0 }, html = { 0 }, json = { 0 };
		char path[PATH_MAX + 64];
		mc_report_text(&r, dm->s->cat->agency, &text);
		mc_report_paper paper = { .date = mc_time_day((mc_time)time(NULL)) };
		mc_report_html(&r, dm->s->cat->agency, &paper, &html);
		mc_report_json(&r, &json);
		if (rep[i].print)
			printf("\n%s", mc_buf_str(&text));
		snprintf(path, sizeof path, "%s/%s.html", dm->outdir, rep[i].file);
		rc = write_file(path, &html, err);
		snprintf(path, sizeof path, "%s/%s.json", dm->outdir, rep[i].file);
		if (!rc)
			rc = write_file(path, &json, err);
		snprintf(path, sizeof path, "%s/%s.txt", dm->outdir, rep[i].file);
		if (!rc)
			rc = write_file(path, &text, err);
		mc_buf_free(&text);
		mc_buf_free(&html);
		mc_buf_free(&json);
		mc_report_free(&r);
		if (rc)
			return rc;
	}
	return MC_OK;
}

/* One login per role of a person, for trying `motcua serve`: created when
 * absent, with a random password printed this once (only its Argon2id hash
 * is kept). For the demo only: see README.md, "Serving". */
static int demo_logins(cli_session *s, mc_error *err)
{
	static const struct {
		const char *login, *name, *role, *unit;
	} people[] = {
		{ "demo.tiepnhan", "Nguyễn Thị Tiếp", "clerk", "mot_cua" },
		{ "demo.chuyenvien", "Trần Văn Chuyên", "specialist", "qlcnganh" },
		{ "demo.truongphong", "Lê Thị Phương", "head", "qlcnganh" },
		{ "demo.lanhdao", "Phạm Minh Đạo", "leader", "lanh_dao" },
		{ "demo.vanphong", "Hoàng Thị Văn", "office", "van_phong" },
		{ "demo.kiemtra", "Võ Văn Kiểm", "auditor", "thanh_tra" },
		{ "demo.quantri", "Đặng Quốc Trị", "admin", "van_phong" },
	};
	int rc = mc_auth_init(err);
	if (rc)
		return rc;
	printf("\n== the desk in a browser, and its API (demo logins, for the demo only) ==\n"
	       "start it:  build/tools/motcua serve --listen 127.0.0.1:8080\n"
	       "the desk:  http://127.0.0.1:8080/  (log in as a role below; the citizen's look-up: "
	       "http://127.0.0.1:8080/tra-cuu)\n"
	       "the API:   curl -c jar -H 'Content-Type: application/json' "
	       "-d '{\"login\":\"demo.tiepnhan\",\"password\":\"...\"}' "
	       "http://127.0.0.1:8080/api/v1/session\n"
	       "a password lost: build/tools/motcua user passwd LOGIN --password-stdin\n");
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		mc_user u;
		char hash[MC_PWHASH_MAX];
		int found = 0;
		if ((rc = mc_store_user_find(s->db, people[i].login, &u, hash, sizeof hash, &found, err)))
			return rc;
		if (found) {
			printf("  %-18s %-11s (already there: its password was printed when it was made)\n",
			       people[i].login, people[i].role);
			continue;
		}
		char token[65], pw[24];
		if ((rc = mc_token_new(token, err)))
			return rc;
		snprintf(pw, sizeof pw, "demo-%.16s", token);
		memset(&u, 0, sizeof u);
		snprintf(u.login, sizeof u.login, "%s", people[i].login);
		snprintf(u.full_name, sizeof u.full_name, "%s", people[i].name);
		snprintf(u.role, sizeof u.role, "%s", people[i].role);
		snprintf(u.unit, sizeof u.unit, "%s", people[i].unit);
		snprintf(u.agency, sizeof u.agency, "%s", s->cat->agency->id);
		if ((rc = mc_password_hash(pw, hash, err)) || (rc = mc_store_user_add(s->db, &u, hash, err)))
			return rc;
		printf("  %-18s %-11s password %s  (shown this once)\n", people[i].login, people[i].role, pw);
	}
	return MC_OK;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run_demo(const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	int c;
	cli_opts_begin();
	while ((c = cli_getopt(argc, argv, opts)) != -1)
		return cli_option_error(cmd, c, argv);
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	double t0 = now();
	printf("== motcua demo: database ==\n");
	int rc = cli_db_migrate(1);
	if (rc)
		return rc;
	cli_session s;
	if ((rc = cli_session_open(&s, CLI_SESSION_DB_AS_FILED)))
		return rc;
	/* the demo year is history: its events say so */
	s.ctx.backdate_reason = "dữ liệu mẫu (motcua demo)";
	mc_error err;
	demo dm = { .s = &s, .err = &err };
	mc_catalog_load_stats cs;
	mc_plan plan = { 0 };
	mc_config_path(dm.outdir, sizeof dm.outdir, "out");
	if (mkdir(dm.outdir, 0755) != 0 && errno != EEXIST) {
		rc = mc_error_set(&err, MC_ERR_INTERNAL, "cannot create '%s': %s", dm.outdir, strerror(errno));
		goto done;
	}
	strncat(dm.outdir, "/demo", sizeof dm.outdir - strlen(dm.outdir) - 1);
	if (mkdir(dm.outdir, 0755) != 0 && errno != EEXIST) {
		rc = mc_error_set(&err, MC_ERR_INTERNAL, "cannot create '%s': %s", dm.outdir, strerror(errno));
		goto done;
	}
	if ((rc = mc_store_catalog_load(s.db, s.cat, &cs, &err)))
		goto done;
	if ((rc = cli_session_sync(&s)))
		return rc;
	printf("catalogue: %d procedures (%d versions added, %d unchanged); calendar 1900-2199, "
	       "published 2017-2026\n", cs.procedures, cs.versions_added, cs.versions_unchanged);

	/* the reporting year 2023: 15/12/2022 - 14/12/2023 */
	mc_plan_opts o = { .from = mc_days_from_civil(2022, 12, 15), .to = mc_days_from_civil(2023, 12, 14),
			   .dossiers = DEMO_DOSSIERS, .seed = DEMO_SEED,
			   .trip_from = mc_days_from_civil(2023, 5, 15), .trip_to = mc_days_from_civil(2023, 5, 19) };
	long existing = 0;
	if ((rc = mc_store_count_received(&s.ctx, mc_time_make(o.from, 0), mc_time_make(o.to + 1, 0),
					  &existing, &err)))
		goto done;
	if (existing > 0) {
		printf("\nthe demo year (15/12/2022 - 14/12/2023) is already in this database "
		       "(%ld dossiers): showing its reports\n", existing);
	} else {
		if ((rc = mc_plan_make(&plan, s.cat, s.cal, &o, &err)))
			goto done;
		printf("\n== a year of work: %zu dossiers, %zu actions (seed %d), nightly job every night ==\n",
		       plan.ndossiers, plan.nactions, DEMO_SEED);
		if ((rc = mc_plan_run(&s.ctx, &plan, o.to + 1, demo_night, &dm,
				      isatty(2) ? progress : NULL, &err)))
			goto done;
		printf("%ld nights evaluated: %ld alerts raised; %ld apology letters issued "
		       "(%ld after the deadline)\n", dm.nights, dm.alerts, dm.letters, dm.late_letters);
	}
	if ((rc = reports(&dm, &err)) || (rc = samples(&dm, &err)) || (rc = demo_logins(&s, &err)))
		goto done;
	printf("\n== done in %.1f s ==\n", now() - t0);
	printf("Kết quả trong thư mục %s:\n"
	       "  bao-cao-nam-2023.html, bao-cao-6-thang-2023.html   báo cáo (mở bằng trình duyệt, in được)\n"
	       "  bao-cao-*.txt, bao-cao-*.json                       cùng số liệu, dạng văn bản và JSON\n"
	       "  giay-tiep-nhan.pdf                                  Giấy tiếp nhận hồ sơ và hẹn trả kết quả\n"
	       "  phieu-kiem-soat-ho-so-tre-han.pdf                   Phiếu kiểm soát quá trình của một hồ sơ trễ hạn\n"
	       "  van-ban-xin-loi.pdf                                 văn bản xin lỗi đầu tiên của năm\n"
	       "Next: motcua list --all | motcua show CODE | motcua nightly --as-of 2023-05-22 | motcua report --quarter 2023Q2\n"
	       "      motcua serve (the desk at http://127.0.0.1:8080/ and the API; the demo logins above)\n",
	       dm.outdir);
done:
	mc_plan_free(&plan);
	cli_session_close(&s);
	if (rc)
		return cli_fail(&err);
	return 0;
}

const cli_command cmd_demo = {
	.name = "demo",
	.summary = "run the main job end to end: a realistic year, nightly, letters, reports",
	.usage = "usage: motcua demo\n",
	.help =
	"Creates and starts the project-local database when none is configured,\n"
	"applies the migrations and loads the catalogue, then replays a realistic\n"
	"year of the department's work (15/12/2022-14/12/2023, fixed seed: mostly\n"
	"online receipts, a few supplements and pauses, late dossiers around Tết and\n"
	"during the leader's business trip 15-19/05/2023) day by day through the same\n"
	"code as receive/act, running the nightly job every night and issuing the\n"
	"apology letters it calls for. Prints the half-year and yearly reports and\n"
	"writes them (HTML, text, JSON) with sample PDFs into out/demo. Run again, it\n"
	"finds the year already there and only shows the reports. Ends with one\n"
	"login per role for `motcua serve` (made once; its password printed then).\n",
	.run = run_demo,
};
