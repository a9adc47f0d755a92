/*
 * The database's door (migration 0012) and the engine's state machine
 * agree: every (state, action) the pure machine allows is a transition of
 * motcua.transition with the state the machine reaches, and no other. The
 * table of who may do what (engine/core/roles.c) is the database's
 * motcua.desk_action row for row (migration 0018), and the event log
 * refuses an action the session's desk role may not take.
 */
#include "check.h"
#include "check_time.h"
#include "config.h"
#include "accounts.h"
#include "dossier.h"
#include "queries.h"
#include "roles.h"
#include "store_dossier.h"
#include "testdb.h"

#include <stdlib.h>

static char conninfo[256];
static mc_catalog *cat;
static mc_calendar *cal;


/* A 1.000173 dossier (4 steps) in state s, at its middle step or its last. */
static void reach(mc_dossier *d, mc_dstate s, int last)
{
	const mc_version *v = mc_catalog_version_at(mc_catalog_find(cat, "1.000173"),
						    mc_days_from_civil(2024, 1, 1));
	mc_dossier_receive(d, v, cal, at("2024-03-04T09:00"), "c", NULL);
	mc_dossier_apply(d, MC_ACT_FORWARD, at("2024-03-05T09:00"), "c", NULL, NULL);
	if (last || s == MC_DS_RESULT_READY || s == MC_DS_RETURNED)
		for (int k = 0; k < 2; k++)
			mc_dossier_apply(d, MC_ACT_FORWARD, at("2024-03-05T09:00"), "c", NULL, NULL);
	mc_time t = at("2024-03-06T09:00");
	static const mc_action to[MC_DS__COUNT] = {
		[MC_DS_SUPPLEMENT_REQUESTED] = MC_ACT_SUPPLEMENT_REQUEST, [MC_DS_PAUSED] = MC_ACT_PAUSE,
		[MC_DS_RESULT_READY] = MC_ACT_RESULT_READY, [MC_DS_REFUSED] = MC_ACT_REFUSE,
		[MC_DS_WITHDRAWN] = MC_ACT_WITHDRAW, [MC_DS_RETURNED_UNPROCESSED] = MC_ACT_RETURN_UNPROCESSED,
		[MC_DS_VOIDED] = MC_ACT_VOID,
	};
	if (s == MC_DS_RETURNED) {
		mc_dossier_apply(d, MC_ACT_RESULT_READY, t, "c", NULL, NULL);
		mc_dossier_apply(d, MC_ACT_RETURN, t, "c", NULL, NULL);
	} else if (s != MC_DS_IN_STEP) {
		mc_dossier_apply(d, to[s], t, "c", "lý do", NULL);
	}
}

static void test_transitions_match(void)
{
	mc_db *db = testdb_connect(conninfo);
	PGresult *res = NULL;
	mc_error err;
	CHECK_INT(mc_db_exec(db, "SELECT from_state, action, to_state FROM motcua.transition",
			     0, NULL, &res, &err), MC_OK);
	int rows = res ? PQntuples(res) : 0, matched = 0;
	for (int s = 0; s < MC_DS__COUNT; s++) {
		for (int a = 1; a < MC_ACT__COUNT; a++) {
			int allowed = 0;
			mc_dstate after = (mc_dstate)s;
			for (int last = 0; last < 2; last++) {
				mc_dossier d;
				reach(&d, (mc_dstate)s, last);
				CHECK_INT(d.state, s);
				if (mc_dossier_allowed(&d, (mc_action)a)) {
					mc_dossier n = d;
					CHECK_INT(mc_dossier_apply_to(&n, (mc_action)a, at("2024-03-07T09:00"), "c",
								      "lý do", a == MC_ACT_ASSIGN ? "cv.an" : NULL,
								      &err), MC_OK);
					allowed = 1;
					after = n.state;
				}
			}
			int found = 0;
			for (int r = 0; r < rows; r++)
				if (!strcmp(PQgetvalue(res, r, 0), mc_dstate_name((mc_dstate)s)) &&
				    !strcmp(PQgetvalue(res, r, 1), mc_action_name((mc_action)a))) {
					found = 1;
					if (strcmp(PQgetvalue(res, r, 2), mc_dstate_name(after))) {
						fprintf(stderr, "%s --%s--> %s in the door, %s in the engine\n",
							PQgetvalue(res, r, 0), PQgetvalue(res, r, 1),
							PQgetvalue(res, r, 2), mc_dstate_name(after));
						check_failures++;
					}
				}
			if (found != allowed) {
				fprintf(stderr, "state %s, action %s: the engine %s it, the door %s\n",
					mc_dstate_name((mc_dstate)s), mc_action_name((mc_action)a),
					allowed ? "allows" : "refuses", found ? "allows" : "refuses");
				check_failures++;
			}
			matched += found;
		}
	}
	CHECK_INT(matched, rows);          /* no transition the engine lacks */
	PQclear(res);
	mc_db_close(db);
}

static void test_desk_roles_match(void)
{
	static const char *const roles[] = { "clerk", "specialist", "head", "leader", "office",
					     "admin", "auditor", "integration" };
	mc_db *db = testdb_connect(conninfo);
	PGresult *res = NULL;
	mc_error err;
	CHECK_INT(mc_db_exec(db, "SELECT desk_role, action FROM motcua.desk_action", 0, NULL, &res,
			     &err), MC_OK);
	int rows = res ? PQntuples(res) : 0, matched = 0;
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		/* MC_ACT__COUNT: backdate, and one more: appoint (0022) */
		for (int a = 0; a <= MC_ACT__COUNT + 1; a++) {
			const char *name = a < MC_ACT__COUNT ? mc_action_name((mc_action)a)
					   : a == MC_ACT__COUNT ? "backdate" : "appoint";
			int may = a < MC_ACT__COUNT ? mc_role_may(roles[i], (mc_action)a)
				  : a == MC_ACT__COUNT ? mc_role_may_backdate(roles[i])
				  : mc_role_may_appoint(roles[i]);
			int found = 0;
			for (int r = 0; r < rows; r++)
				found |= !strcmp(PQgetvalue(res, r, 0), roles[i]) &&
					 !strcmp(PQgetvalue(res, r, 1), name);
			if (found != may) {
				fprintf(stderr, "role %s, action %s: roles.c %s, the database %s\n", roles[i],
					name, may ? "allows" : "refuses", found ? "allows" : "refuses");
				check_failures++;
			}
			matched += found;
		}
	}
	CHECK_INT(matched, rows);
	PQclear(res);
	CHECK(!mc_role_may("nobody", MC_ACT_RECEIVE));
	mc_db_close(db);
}

/* A receipt as `desk` (a person's role) in one transaction: its result. */
static int receive_as(mc_db *db, const char *desk, mc_error *err)
{
	mc_store_ctx ctx = { .db = db, .cat = cat, .cal = cal };
	mc_receipt r = { .procedure = "2.002131", .channel = MC_CH_IN_PERSON,
			 .applicant = "Nguyễn Văn Vai Trò", .actor = "t" };
	mc_dossier_info info;
	int existed = 0;
	int rc = mc_db_begin(db, err);
	if (!rc)
		rc = mc_store_act_as_desk(db, "motcua_clerk", cat->agency->id, desk, err);
	if (!rc)
		rc = mc_store_receive_in_tx(&ctx, &r, &info, &existed, err);
	if (!rc) {
		mc_dossier_info_clear(&info);
		rc = mc_db_commit(db, err);
	} else {
		mc_db_rollback(db);
	}
	return rc;
}

static void test_desk_role_enforced(void)
{
	mc_db *db = testdb_connect(conninfo);
	mc_error err;
	/* this login acts for the agency, as `motcua serve` makes its own */
	const char *p[] = { cat->agency->id };
	CHECK_INT(mc_db_exec(db, "INSERT INTO motcua.agency_member VALUES (session_user, $1) "
			     "ON CONFLICT DO NOTHING", 1, p, NULL, &err), MC_OK);
	/* the group role motcua_clerk may receive; a specialist at the desk may not */
	CHECK(receive_as(db, "specialist", &err) != MC_OK);
	CHECK_HAS(err.message, "the role specialist may not receive");
	CHECK_STR(err.sqlstate, "42501");
	CHECK(receive_as(db, "auditor", &err) != MC_OK);
	CHECK_INT(receive_as(db, "clerk", &err), MC_OK);
	CHECK_INT(receive_as(db, "integration", &err), MC_OK);
	/* the role is kept in the log; none set (the command line): none kept */
	PGresult *res = NULL;
	CHECK_INT(mc_db_exec(db, "SELECT coalesce(desk_role, '-') FROM motcua.dossier_event "
			     "ORDER BY recorded_at, code", 0, NULL, &res, &err), MC_OK);
	CHECK_INT(res ? PQntuples(res) : 0, 2);
	if (res && PQntuples(res) == 2) {
		CHECK_STR(PQgetvalue(res, 0, 0), "clerk");
		CHECK_STR(PQgetvalue(res, 1, 0), "integration");
	}
	PQclear(res);
	/* a supplement request without what is missing: refused by the log itself */
	CHECK_INT(mc_db_exec(db, "SELECT code FROM motcua.dossier LIMIT 1", 0, NULL, &res, &err), MC_OK);
	if (res && PQntuples(res) == 1) {
		char code[MC_CODE_MAX];
		snprintf(code, sizeof code, "%s", PQgetvalue(res, 0, 0));
		const char *ap[] = { cat->agency->id, code };
		CHECK(mc_db_exec(db, "INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, "
				 "actor, to_state) VALUES ($1, $2, 99, now(), 'supplement_request', 't', "
				 "'supplement_requested')", 2, ap, NULL, &err) != MC_OK);
		CHECK_HAS(err.message, "needs what is missing");
	}
	PQclear(res);
	mc_db_close(db);
}

static long count_where(mc_db *db, const char *sql)
{
	return testdb_scalar(db, sql);
}

/* The holder of a step: the door takes an active specialist, head or
 * leader of the agency, refuses anyone else (22023, nothing written), keeps
 * the assignee in the log and the row, and verify replays it. */
static void test_assignee_door(void)
{
	mc_db *db = testdb_connect(conninfo);
	mc_error err;
	mc_store_ctx ctx = { .db = db, .cat = cat, .cal = cal };
	const char *p[] = { cat->agency->id };
	CHECK_INT(mc_store_set_agency(db, cat->agency->id, &err), MC_OK);   /* as the command line */
	CHECK_INT(mc_db_exec(db, "INSERT INTO motcua.app_user (login, full_name, role, unit, agency_id, "
			     "password_hash, disabled) VALUES "
			     "('cv.an', 'Nguyễn Văn An', 'specialist', 'qlcnganh', $1, '$argon2id$x', false), "
			     "('tp.binh', 'Trần Thị Bình', 'head', 'qlcnganh', $1, '$argon2id$x', false), "
			     "('tn.cuc', 'Lê Thị Cúc', 'clerk', 'mot_cua', $1, '$argon2id$x', false), "
			     "('cv.cu', 'Phạm Văn Cũ', 'specialist', 'qlcnganh', $1, '$argon2id$x', true), "
			     "('cv.khac', 'Võ Văn Khác', 'specialist', 'qlcnganh', 'other', '$argon2id$x', false)",
			     1, p, NULL, &err), MC_OK);
	mc_receipt r = { .procedure = "2.002131", .channel = MC_CH_IN_PERSON,
			 .applicant = "Nguyễn Văn Giao", .actor = "t" };
	mc_dossier_info info;
	int existed = 0;
	CHECK_INT(mc_store_receive(&ctx, &r, &info, &existed, &err), MC_OK);
	char code[MC_CODE_MAX];
	snprintf(code, sizeof code, "%s", info.code);
	mc_dossier_info_clear(&info);
	/* refused: unknown, a clerk, disabled, another agency's; nothing written */
	static const char *const refused[] = { "cv.khong", "tn.cuc", "cv.cu", "cv.khac" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		mc_act a = { .action = MC_ACT_ASSIGN, .actor = "tp.binh", .assignee = refused[i] };
		CHECK_INT(mc_store_act(&ctx, code, &a, NULL, &err), MC_ERR_INPUT);
		CHECK_STR(err.sqlstate, "22023");
		CHECK_HAS(err.message, "is not an active specialist, head or leader");
	}
	CHECK_INT(count_where(db, "SELECT count(*) FROM motcua.dossier_event WHERE seq > 1"), 0);
	CHECK_INT(count_where(db, "SELECT count(*) FROM motcua.dossier WHERE assignee IS NOT NULL"), 0);
	/* not a login at all: refused before the door */
	mc_act bad = { .action = MC_ACT_ASSIGN, .actor = "tp.binh", .assignee = "Nguyễn Văn An" };
	CHECK_INT(mc_store_act(&ctx, code, &bad, NULL, &err), MC_ERR_INPUT);
	/* the door alone refuses an assignee on another action, and an assign without one */
	const char *ap[] = { cat->agency->id, code };
	CHECK(mc_db_exec(db, "SELECT motcua.append_event($1, $2, 1, now(), 'pause', 't', NULL, 'paused', "
			 "0, d.step_id, d.step_unit, d.step_due_at, d.due_at, now(), 0, 0, NULL, NULL, NULL, "
			 "NULL, NULL, 'cv.an') FROM motcua.dossier d WHERE d.code = $2", 2, ap, NULL,
			 &err) != MC_OK);
	CHECK_HAS(err.message, "names no assignee");
	CHECK(mc_db_exec(db, "SELECT motcua.append_event($1, $2, 1, now(), 'assign', 't', NULL, 'in_step', "
			 "0, d.step_id, d.step_unit, d.step_due_at, d.due_at, NULL, 0, 0, NULL, NULL, NULL, "
			 "NULL, NULL, NULL) FROM motcua.dossier d WHERE d.code = $2", 2, ap, NULL,
			 &err) != MC_OK);
	CHECK_HAS(err.message, "assign needs the assignee");
	/* accepted: the row and the log keep it, the view carries the name */
	mc_act a = { .action = MC_ACT_ASSIGN, .actor = "tp.binh", .assignee = "cv.an" };
	CHECK_INT(mc_store_act(&ctx, code, &a, &info, &err), MC_OK);
	CHECK_STR(info.d.assignee, "cv.an");
	CHECK_STR(info.assignee_name, "Nguyễn Văn An");
	CHECK_STR(mc_dstate_name(info.d.state), "in_step");
	mc_dossier_info_clear(&info);
	CHECK_INT(count_where(db, "SELECT count(*) FROM motcua.dossier WHERE assignee = 'cv.an'"), 1);
	CHECK_INT(count_where(db, "SELECT count(*) FROM motcua.dossier_event WHERE action = 'assign' "
			      "AND assignee = 'cv.an'"), 1);
	CHECK_INT(mc_store_dossier_verify(&ctx, code, NULL, &err), MC_OK);
	CHECK_INT(mc_store_dossier_get(&ctx, code, &info, &err), MC_OK);
	CHECK_STR(info.d.assignee, "cv.an");
	mc_dossier_info_clear(&info);
	/* a forward names the next holder (a head), one without names nobody */
	mc_act f = { .action = MC_ACT_FORWARD, .actor = "cv.an", .assignee = "tp.binh" };
	CHECK_INT(mc_store_act(&ctx, code, &f, &info, &err), MC_OK);
	CHECK_STR(info.assignee_name, "Trần Thị Bình");
	mc_dossier_info_clear(&info);
	CHECK_INT(count_where(db, "SELECT count(*) FROM motcua.dossier WHERE assignee = 'tp.binh'"), 1);
	mc_act f2 = { .action = MC_ACT_FORWARD, .actor = "tp.binh" };
	CHECK_INT(mc_store_act(&ctx, code, &f2, NULL, &err), MC_OK);
	CHECK_INT(count_where(db, "SELECT count(*) FROM motcua.dossier WHERE assignee IS NULL"), 1);
	CHECK_INT(mc_store_dossier_verify(&ctx, code, NULL, &err), MC_OK);
	/* a row whose holder disagrees with its log is found */
	CHECK_INT(mc_db_exec(db, "UPDATE motcua.dossier SET assignee = 'cv.an' WHERE code = $1", 1, ap + 1,
			     NULL, &err), MC_OK);
	CHECK_INT(mc_store_dossier_verify(&ctx, code, NULL, &err), MC_ERR_INPUT);
	CHECK_HAS(err.message, "column assignee is 'cv.an' but its log gives ''");
	mc_db_close(db);
}

/* A unit of work inside a request's transaction is a savepoint: it never
 * commits the request (whose SET LOCAL role would end with it). */
static void test_unit_inside_transaction(void)
{
	mc_db *db = testdb_connect(conninfo);
	mc_error err;
	PGresult *res = NULL;
	int own = -1;
	CHECK_INT(mc_db_begin(db, &err), MC_OK);
	CHECK_INT(mc_db_exec(db, "SELECT set_config('role', 'motcua_office', true)", 0, NULL, NULL, &err),
		  MC_OK);
	CHECK_INT(mc_db_begin_unit(db, &own, &err), MC_OK);
	CHECK_INT(own, 0);
	CHECK_INT(mc_db_end_unit(db, own, MC_OK, &err), MC_OK);
	CHECK_INT(mc_db_exec(db, "SELECT current_user", 0, NULL, &res, &err), MC_OK);
	CHECK_STR(res ? PQgetvalue(res, 0, 0) : "", "motcua_office");
	PQclear(res);
	/* a failed unit goes back to its savepoint; the request goes on */
	CHECK_INT(mc_db_begin_unit(db, &own, &err), MC_OK);
	mc_db_exec(db, "SELECT 1/0", 0, NULL, NULL, &err);
	CHECK_INT(mc_db_end_unit(db, own, MC_ERR_DB, &err), MC_ERR_DB);
	CHECK_INT(mc_db_exec(db, "SELECT current_user", 0, NULL, &res, &err), MC_OK);
	CHECK_STR(res ? PQgetvalue(res, 0, 0) : "", "motcua_office");
	PQclear(res);
	mc_db_rollback(db);
	/* with no transaction open, it is one of its own */
	CHECK_INT(mc_db_begin_unit(db, &own, &err), MC_OK);
	CHECK_INT(own, 1);
	CHECK_INT(mc_db_end_unit(db, own, MC_OK, &err), MC_OK);
	CHECK_INT(PQtransactionStatus(mc_db_conn(db)), PQTRANS_IDLE);
	mc_db_close(db);
}

int main(void)
{
	int rc = testdb_available();
	if (rc)
		return rc;
	testdb_load_catalog(&cat, &cal);
	TESTDB_RUN(conninfo, test_transitions_match, TESTDB_MIGRATED, NULL);
	TESTDB_RUN(conninfo, test_desk_roles_match, TESTDB_MIGRATED, NULL);
	TESTDB_RUN(conninfo, test_desk_role_enforced, TESTDB_CATALOG, cat);
	TESTDB_RUN(conninfo, test_unit_inside_transaction, TESTDB_MIGRATED, NULL);
	TESTDB_RUN(conninfo, test_assignee_door, TESTDB_CATALOG, cat);
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return CHECK_RESULT();
}
