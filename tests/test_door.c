/*
 * The database's door (migration 0012) and the engine's state machine
 * agree: every (state, action) the pure machine allows is a transition of
 * motcua.transition with the state the machine reaches, and no other.
 */
#include "check.h"
#include "check_time.h"
#include "config.h"
#include "dossier.h"
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
					CHECK_INT(mc_dossier_apply(&n, (mc_action)a, at("2024-03-07T09:00"), "c",
								   "lý do", &err), MC_OK);
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

int main(void)
{
	int rc = testdb_available();
	if (rc)
		return rc;
	testdb_load_catalog(&cat, &cal);
	TESTDB_RUN(conninfo, test_transitions_match, TESTDB_MIGRATED, NULL);
	mc_catalog_free(cat);
	mc_calendar_free(cal);
	return CHECK_RESULT();
}
