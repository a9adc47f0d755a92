/*
 * The catalogue: the shortening table's versions and their selection by
 * date, and loading into PostgreSQL: idempotent, and a changed version that
 * dossiers reference is refused with the count, changing nothing.
 */
#include "check.h"
#include "catalog.h"
#include "config.h"
#include "store_catalog.h"
#include "store_dossier.h"
#include "testdb.h"

#include <limits.h>
#include <stdlib.h>

static const mc_version *at(const mc_procedure *p, int y, int m, int d)
{
	return mc_catalog_version_at(p, mc_days_from_civil(y, m, d));
}

static void test_versions(const mc_catalog *cat)
{
	/* the X-ray licence: 30 days by law, 15 from 23/11/2018, 10 from 19/11/2019 */
	const mc_procedure *x = mc_catalog_find(cat, "qng.atbx.01");
	CHECK(x != NULL);
	if (!x)
		return;
	CHECK_HAS(x->name, "X-quang");
	const mc_version *v = at(x, 2018, 11, 22);
	CHECK(v && !v->has_shortened && v->statutory.halves == 60 && v->statutory.unit == MC_UNIT_DAYS);
	v = at(x, 2018, 11, 23);
	CHECK(v && v->has_shortened && v->shortened.halves == 30);
	CHECK_HAS(v ? v->shortened_decision : "", "2093/QĐ-UBND");
	v = at(x, 2019, 6, 15);             /* mid-2019: 15 days */
	CHECK(v && mc_version_time(v).halves == 30);
	v = at(x, 2019, 11, 18);
	CHECK(v && mc_version_time(v).halves == 30);
	v = at(x, 2019, 12, 2);             /* December 2019: 10 days */
	CHECK(v && mc_version_time(v).halves == 20);
	CHECK_HAS(v ? v->shortened_decision : "", "1757/QĐ-UBND");
	CHECK(v && v->number == 3);
	CHECK(v && (int)(mc_version_cut_percent(v) * 10 + 0.5) == 667);
	CHECK(at(x, 2016, 12, 31) == NULL);  /* before the data starts */
	/* radiation worker certificate 1.000173: 10 -> 7 working days */
	const mc_procedure *c = mc_catalog_find(cat, "1.000173");
	CHECK(c != NULL);
	if (c) {
		v = at(c, 2020, 1, 1);
		CHECK(v && v->statutory.halves == 20 && v->shortened.halves == 14 &&
		      v->shortened.unit == MC_UNIT_WORKING_DAYS);
		CHECK(v && (int)(mc_version_cut_percent(v) + 0.5) == 30);
		int32_t sum = 0;
		for (size_t i = 0; v && i < v->nsteps; i++)
			sum += v->steps[i].halves;
		CHECK_INT(sum, 14);
	}
	/* the 12 shortenings of the table: 10 procedures, 12 shortened versions */
	int shortened = 0;
	for (size_t i = 0; i < cat->nprocs; i++)
		for (size_t k = 0; k < cat->procs[i].nversions; k++)
			shortened += cat->procs[i].versions[k].has_shortened;
	CHECK_INT(shortened, 12);
	CHECK(mc_catalog_find(cat, "nope") == NULL);
	CHECK(cat->nsets == 2);
	CHECK_INT(cat->sets[0].declared_total, 65);
	CHECK_INT(cat->sets[1].declared_total, 49);
}

#define PROC_HEAD \
	"code: \"9.999999\"\nname: \"Thử\"\nfield: \"Thử\"\nservice_center: true\n" \
	"channels: [in_person]\nonline_level: unknown\nfee: unknown\nsource: \"tests\"\n" \
	"versions:\n  - effective_from: 2018-01-01\n    legal_basis: \"test\"\n" \
	"    statutory: {amount: 5, unit: working_days}\n    steps_source: template\n" \
	"    steps:\n      - {id: a, name: \"A\", unit: mot_cua, days: 5}\n"

static int parse(mc_procedure *p, const char *text, mc_error *err)
{
	return mc_procedure_parse(p, "t.yaml", text, strlen(text), NULL, err);
}

/* The required documents: a known list with its forms, required flags,
 * conditions and sets; unknown when absent or written unknown; refused
 * when malformed, by line and column. */
static void test_documents(const mc_catalog *cat)
{
	mc_procedure p;
	mc_error err;
	CHECK_INT(parse(&p, PROC_HEAD
		"    sets: 1\n"
		"    documents_source: \"Hà Nam, skhcn.hanam.gov.vn\"\n"
		"    documents:\n"
		"      - {name: \"Đơn đề nghị\", form: \"01 bản chính\", required: true}\n"
		"      - name: \"Giấy ủy quyền\"\n"
		"        form: \"01 bản sao có chứng thực\"\n"
		"        required: true\n"
		"        condition: \"khi người nộp không phải người đề nghị\"\n"
		"      - {name: \"Tài liệu khác\", form: \"01 bản sao\", required: false}\n"
		"      - {name: \"Phiếu khám sức khỏe\", form: unknown, required: true}\n", &err), MC_OK);
	const mc_version *v = &p.versions[0];
	CHECK(v->documents_known);
	CHECK_INT(v->ndocuments, 4);
	CHECK_INT(v->sets, 1);
	CHECK_STR(v->documents_source, "Hà Nam, skhcn.hanam.gov.vn");
	CHECK_STR(v->documents[0].name, "Đơn đề nghị");
	CHECK_STR(v->documents[0].form, "01 bản chính");
	CHECK(v->documents[0].required && v->documents[0].condition == NULL);
	CHECK_STR(v->documents[1].form, "01 bản sao có chứng thực");
	CHECK_STR(v->documents[1].condition, "khi người nộp không phải người đề nghị");
	CHECK(!v->documents[2].required);
	CHECK(v->documents[3].form == NULL);  /* form: unknown */
	mc_procedure_clear(&p);

	/* absent, or written unknown: not known, and counted as a gap */
	CHECK_INT(parse(&p, PROC_HEAD, &err), MC_OK);
	CHECK(!p.versions[0].documents_known && p.versions[0].ndocuments == 0 && p.versions[0].sets == 0);
	mc_procedure_clear(&p);
	CHECK_INT(parse(&p, PROC_HEAD "    documents: unknown\n    sets: 2\n", &err), MC_OK);
	CHECK(!p.versions[0].documents_known && p.versions[0].sets == 2);
	mc_procedure_clear(&p);

	/* refused, naming the line and column */
	CHECK_INT(parse(&p, PROC_HEAD "    documents: []\n    documents_source: \"x\"\n", &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "an empty list of documents");
	CHECK_INT(parse(&p, PROC_HEAD "    documents: unknown\n    documents_source: \"x\"\n", &err),
		  MC_ERR_INPUT);
	CHECK_HAS(err.message, "but the list is unknown");
	CHECK_INT(parse(&p, PROC_HEAD "    documents_source: \"x\"\n    documents:\n"
			"      - {name: \"Đơn\", required: true}\n", &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "missing required key 'form'");
	CHECK_INT(err.line, 18);
	CHECK_INT(parse(&p, PROC_HEAD "    documents_source: \"x\"\n    documents:\n"
			"      - {name: \"Đơn\", form: \"01 bản\", required: true, copies: 2}\n", &err),
		  MC_ERR_INPUT);
	CHECK_HAS(err.message, "unknown key 'copies'");
	CHECK_INT(parse(&p, PROC_HEAD "    sets: 0\n", &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "out of range");

	/* the catalogue's lists: the X-ray declaration's is known */
	const mc_procedure *x = mc_catalog_find(cat, "2.002131");
	CHECK(x && x->versions[0].documents_known && x->versions[0].ndocuments >= 1);
	size_t unknown = 0, versions = 0;
	for (size_t i = 0; i < cat->nprocs; i++)
		for (size_t k = 0; k < cat->procs[i].nversions; k++, versions++)
			unknown += !cat->procs[i].versions[k].documents_known;
	CHECK(unknown > 0 && unknown < versions);
}

static void test_load(mc_catalog *cat, const char *conninfo)
{
	mc_db *db = NULL;
	mc_error err;
	mc_catalog_load_stats st;
	if (mc_db_connect(&db, conninfo, &err)) {
		mc_error_print(&err, "test");
		check_failures++;
		return;
	}
	CHECK_INT(mc_store_catalog_load(db, cat, &st, &err), MC_OK);
	CHECK_INT(st.procedures, (long)cat->nprocs);
	CHECK(st.versions_added > 60);
	long versions = testdb_scalar(db, "SELECT count(*) FROM procedure_version");
	CHECK_INT(versions, st.versions_added);
	/* again: nothing changes */
	CHECK_INT(mc_store_catalog_load(db, cat, &st, &err), MC_OK);
	CHECK_INT(st.versions_added, 0);
	CHECK_INT(st.versions_updated, 0);
	CHECK_INT(st.versions_unchanged, versions);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM catalog_set_member WHERE set_id = '2020'"),
		  (long)cat->sets[0].nmembers);
	CHECK_INT(testdb_scalar(db, "SELECT shortened_halves FROM procedure_version "
			     "WHERE code = 'qng.atbx.01' AND version = 3"), 20);

	/* a change to an unreferenced version is applied */
	mc_procedure *x = (mc_procedure *)mc_catalog_find(cat, "qng.atbx.01");
	char *old = x->versions[2].legal_basis;
	x->versions[2].legal_basis = "Quyết định 1757/QĐ-UBND (sửa)";
	CHECK_INT(mc_store_catalog_load(db, cat, &st, &err), MC_OK);
	CHECK_INT(st.versions_updated, 1);

	/* dossiers reference version 3: a further change is refused */
	mc_calendar *cal = NULL;
	char dir[PATH_MAX];
	mc_config_path(dir, sizeof dir, "procedures");
	CHECK_INT(mc_calendar_load(&cal, dir, &err), MC_OK);
	mc_store_ctx s = { .db = db, .cat = cat, .cal = cal, .backdate_reason = TESTDB_BACKDATE };
	for (int i = 0; i < 2; i++) {
		char code[96];
		int existed;
		mc_receipt r = { .procedure = "qng.atbx.01", .channel = MC_CH_POST, .applicant = "A",
				 .actor = "clerk" };
		mc_parse_moment("2020-01-06T09:00", &r.at, NULL);
		CHECK_INT(testdb_receive(&s, &r, 0, code, sizeof code, &existed, &err), MC_OK);
	}
	mc_calendar_free(cal);
	x->versions[2].legal_basis = old;
	x->versions[1].legal_basis = "changed too, in the same load";
	CHECK_INT(mc_store_catalog_load(db, cat, &st, &err), MC_ERR_REFUSED);
	CHECK_HAS(err.message, "procedure 'qng.atbx.01' version 3 changed, but 2 dossiers were received under it");
	/* nothing was written: version 2's change was rolled back too */
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM procedure_version WHERE legal_basis = 'changed too, in the same load'"), 0);
	CHECK_INT(testdb_scalar(db, "SELECT count(*) FROM procedure_version WHERE legal_basis = 'Quyết định 1757/QĐ-UBND (sửa)'"), 1);
	x->versions[1].legal_basis = NULL; /* restored below from a fresh load */
	mc_db_close(db);
}

static mc_catalog *cat;
static char conninfo[256];

static void test_catalog_load(void)
{
	/* keep the strings test_load swaps in owned by the catalogue */
	mc_procedure *x = (mc_procedure *)mc_catalog_find(cat, "qng.atbx.01");
	char *v2 = x->versions[1].legal_basis;
	test_load(cat, conninfo);
	x->versions[1].legal_basis = v2;
}

int main(void)
{
	char dir[PATH_MAX];
	mc_error err;
	mc_config_path(dir, sizeof dir, "procedures");
	if (mc_catalog_load(&cat, dir, &err)) {
		mc_error_print(&err, "test_catalog");
		return 1;
	}
	test_versions(cat);
	test_documents(cat);
	int rc = testdb_available();
	if (rc) {
		mc_catalog_free(cat);
		return rc;
	}
	/* a migrated database without the catalogue: test_load loads it */
	TESTDB_RUN(conninfo, test_catalog_load, TESTDB_MIGRATED, NULL);
	mc_catalog_free(cat);
	return CHECK_RESULT();
}
