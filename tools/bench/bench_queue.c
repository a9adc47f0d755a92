/*
 * bench_queue.c - the work-queue page of 500 dossiers through `motcua
 * serve` (GET /api/v1/dossiers?limit=500) next to the bare SQL that reads
 * the same rows, in one run.
 *
 * usage: BENCH_TOKEN=T bench_queue SOCKET REPS
 *   SOCKET: a running `motcua serve` whose database is MOTCUA_DATABASE_URL;
 *   T: a bearer token of that server. Tops the database up to 600 open
 *   dossiers (through the library) if it has fewer, then fetches the first
 *   page REPS times over one keep-alive connection, and runs the bare
 *   statement (the open dossiers of the agency in due order, the page's
 *   columns, LIMIT 500, as the owner: no row-level security, no JSON, no
 *   HTTP) REPS times on one libpq connection. Prints
 *   queue_page API_MS SQL_MS ROWS API_BEST SQL_BEST
 * (mean milliseconds a page, then the mean of the fastest round of ROUND
 * pages). The two alternate, ROUND pages at a time, so that a machine
 * whose load comes and goes weighs on both alike; one page of each goes
 * first, not timed (the server's pooled connection opens on first use).
 * Neither side parses its reply in the timed span: the API's is read off
 * the socket, the SQL's is libpq's PGresult.
 */
#include "bench_common.h"
#include "bench_http.h"
#include "store_dossier.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE 500
#define WANT_OPEN 600
#define ROUND 10

static long open_count(mc_db *db, const char *agency)
{
	const char *p[1] = { agency };
	PGresult *r = PQexecParams(mc_db_conn(db),
				   "SELECT count(*) FROM motcua.dossier WHERE agency_id = $1 AND "
				   "result IS NULL", 1, NULL, p, NULL, NULL, 0);
	long n = PQresultStatus(r) == PGRES_TUPLES_OK ? atol(PQgetvalue(r, 0, 0)) : -1;
	PQclear(r);
	return n;
}

/* One page through the API: 0, or -1 with a message. */
static int api_page(int s, const char *req, size_t rl, char *reply, size_t cap)
{
	reply[0] = '\0';
	int st = bench_send_all(s, req, rl) ? -1 : bench_read_reply(s, reply, cap);
	if (st != 200) {
		fprintf(stderr, "bench_queue: HTTP %d %.300s\n", st, reply);
		return -1;
	}
	return 0;
}

/* The bare statement: the same rows and columns, as the owner. */
static int sql_page(mc_db *db, const char *agency, long *rows)
{
	const char *p[1] = { agency };
	PGresult *r = PQexecParams(
		mc_db_conn(db),
		"SELECT code, procedure_code, applicant_name, state, step_id, step_unit, result, "
		"step_index, received_at, due_at, step_due_at, paused_since FROM motcua.dossier "
		"WHERE agency_id = $1 AND result IS NULL ORDER BY due_at, code LIMIT 500",
		1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "bench_queue: %s", PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	*rows = PQntuples(r);
	PQclear(r);
	return 0;
}

int main(int argc, char **argv)
{
	const char *token = getenv("BENCH_TOKEN");
	if (argc != 3 || !token) {
		fprintf(stderr, "usage: BENCH_TOKEN=T bench_queue SOCKET REPS\n");
		return 2;
	}
	int reps = atoi(argv[2]);
	mc_catalog *cat;
	mc_calendar *cal;
	mc_db *db;
	bench_open(&cat, &cal, &db);
	const char *agency = cat->agency->id;
	long have = open_count(db, agency);
	mc_store_ctx ctx = { .db = db, .cat = cat, .cal = cal };
	for (long k = have; k >= 0 && k < WANT_OPEN; k++) {
		char name[48];
		snprintf(name, sizeof name, "Hàng đợi %ld", k);
		mc_receipt r = { .procedure = k % 2 ? "1.000173" : "2.002131", .channel = MC_CH_IN_PERSON,
				 .applicant = name, .phone = "0905123456", .actor = "bench" };
		mc_dossier_info info;
		int existed;
		mc_error err;
		if (mc_store_receive(&ctx, &r, &info, &existed, &err)) {
			mc_error_print(&err, "bench_queue");
			return 1;
		}
		mc_dossier_info_clear(&info);
	}
	/* the API on one keep-alive connection, the bare SQL on one libpq
	 * connection, alternated ROUND pages at a time so that both see the
	 * same machine (the other sessions' load comes and goes) */
	int s = bench_connect_unix(argv[1]);
	if (s < 0)
		return 1;
	size_t cap = 4 << 20;
	char *reply = malloc(cap), req[512];
	int rl = snprintf(req, sizeof req,
			  "GET /api/v1/dossiers?limit=%d HTTP/1.1\r\nHost: motcua\r\n"
			  "Authorization: Bearer %s\r\n\r\n", PAGE, token);
	/* one of each first, not timed: the server opens its pooled
	 * connection on first use; the page's items are counted from it */
	long rows = 0, sql_rows = 0;
	if (api_page(s, req, (size_t)rl, reply, cap) || sql_page(db, agency, &sql_rows))
		return 1;
	json_t *page = json_loads(reply, 0, NULL);
	rows = (long)json_array_size(json_object_get(page, "items"));
	json_decref(page);
	double api_s = 0, sql_s = 0, api_best = 1e9, sql_best = 1e9;
	for (int done = 0; done < reps; done += ROUND) {
		int k = reps - done < ROUND ? reps - done : ROUND;
		double t0 = bench_now();
		for (int i = 0; i < k; i++)
			if (api_page(s, req, (size_t)rl, reply, cap))
				return 1;
		double t1 = bench_now();
		for (int i = 0; i < k; i++)
			if (sql_page(db, agency, &sql_rows))
				return 1;
		double t2 = bench_now();
		api_s += t1 - t0;
		sql_s += t2 - t1;
		if ((t1 - t0) / k < api_best)
			api_best = (t1 - t0) / k;
		if ((t2 - t1) / k < sql_best)
			sql_best = (t2 - t1) / k;
	}
	double api_ms = api_s * 1e3 / reps, sql_ms = sql_s * 1e3 / reps;
	close(s);
	free(reply);
	if (rows != sql_rows)
		fprintf(stderr, "bench_queue: the API gave %ld rows, the SQL %ld\n", rows, sql_rows);
	printf("queue_page %.3f %.3f %ld %.3f %.3f\n", api_ms, sql_ms, rows, api_best * 1e3,
	       sql_best * 1e3);
	mc_db_close(db);
	mc_calendar_free(cal);
	mc_catalog_free(cat);
	return 0;
}
