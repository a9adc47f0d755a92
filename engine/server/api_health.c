/*
 * api_health.c - GET /api/v1/health: the server answers and the database
 * is reachable, and its schema version. No session.
 */
#include "api.h"
#include "json_out.h"

void mc_api_health(mc_request *rq)
{
	mc_error err;
	int version = 0;
	if (mc_store_schema_version(rq->db, &version, &err)) {
		if (err.code == MC_ERR_DBCONN)
			rq->broken = 1;
		json_t *x = json_object();
		mc_json_set(x, "database", mc_json_text("unreachable"));
		mc_reply_problem(&rq->reply, 503, "database_unavailable", NULL, NULL, x);
		mc_reply_header(&rq->reply, "Retry-After", "5");
		return;
	}
	json_t *o = json_object();
	mc_json_set(o, "status", mc_json_text("ok"));
	mc_json_set(o, "database", mc_json_text("ok"));
	mc_json_set(o, "schema", json_integer(version));
	mc_reply_json(&rq->reply, 200, o);
}
