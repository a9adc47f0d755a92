/*
 * bench_api.c - receipts per second through `motcua serve` next to the same
 * receipts through the library, in one run.
 *
 * usage: BENCH_TOKEN=T bench_api SOCKET CLIENTS SECONDS
 *   SOCKET: the Unix socket of a running `motcua serve` (its own database);
 *   T: a bearer token of that server (motcua token add NAME --role integration).
 * First CLIENTS threads, each on its own keep-alive HTTP/1.1 connection,
 * POST /api/v1/dossiers for SECONDS (each with its own Idempotency-Key, as
 * the portal sends them); then CLIENTS processes, each with its own
 * connection to MOTCUA_DATABASE_URL (another database: receipts are dated
 * now, and an agency's day holds 9999), call mc_store_receive with the same
 * receipts for SECONDS. With BENCH_DOOR_URL (a third database), the same
 * receipts through the library once more, each transaction as the API's
 * (SET LOCAL ROLE motcua_clerk, the agency and the desk role, the receipt
 * and the commit in one round trip, then the flush, as `motcua serve`
 * does):
 * what the database's door costs, apart from HTTP. Prints
 *   api_receive RATE P50_MS P99_MS COUNT
 *   library_receive RATE COUNT
 *   library_as_clerk_receive RATE COUNT     (with BENCH_DOOR_URL)
 * BENCH_PHASES (a profile of one phase): which of api, library, door run
 * (default all; a phase not run prints a rate of 0).
 */
#include "accounts.h"
#include "bench_common.h"
#include "bench_http.h"
#include "store_catalog.h"
#include "store_dossier.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char *sock_path, *token;
static double t0, secs;

typedef struct client {
	int k;
	long n;
	double *lat;                 /* ms, one per receipt */
	size_t cap;
	int failed;
} client;

static void *api_client(void *arg)
{
	client *c = arg;
	int s = bench_connect_unix(sock_path);
	if (s < 0) {
		c->failed = 1;
		return NULL;
	}
	char body[512], req[2048], reply[16384];
	while (bench_now() - t0 < secs) {
		char name[48];
		snprintf(name, sizeof name, "Bench %d-%ld", c->k, c->n);
		json_t *o = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}}",
				      "procedure", c->n % 2 ? "1.000173" : "2.002131", "channel", "online",
				      "applicant", "name", name, "phone", "0905123456",
				      "address", "12 Lê Lợi", "id_number", "051190001234");
		int bl = o ? (int)json_dumpb(o, body, sizeof body, JSON_COMPACT | JSON_PRESERVE_ORDER) : 0;
		json_decref(o);
		if (bl <= 0 || bl >= (int)sizeof body) {
			c->failed = 1;
			break;
		}
		body[bl] = '\0';
		int rl = snprintf(req, sizeof req,
				  "POST /api/v1/dossiers HTTP/1.1\r\nHost: motcua\r\n"
				  "Authorization: Bearer %s\r\nIdempotency-Key: bench-%d-%ld\r\n"
				  "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
				  token, c->k, c->n, bl, body);
		double a = bench_now();
		reply[0] = '\0';
		int st = bench_send_all(s, req, (size_t)rl) ? -1 : bench_read_reply(s, reply, sizeof reply);
		if (st != 201) {
			fprintf(stderr, "bench_api: client %d: HTTP %d %.300s\n", c->k, st, reply);
			c->failed = 1;
			break;
		}
		if ((size_t)c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 1024;
			double *l = realloc(c->lat, c->cap * sizeof *l);
			if (!l) {
				c->failed = 1;
				break;
			}
			c->lat = l;
		}
		c->lat[c->n++] = (bench_now() - a) * 1e3;
	}
	close(s);
	return NULL;
}

typedef struct librun {
	mc_catalog *cat;
	mc_calendar *cal;
	const char *door;            /* NULL: as the owner, mc_store_receive */
} librun;

static int lib_clerk(int k, void *arg, void *result)
{
	const librun *rn = arg;
	mc_error err;
	mc_db *d = NULL;
	if (mc_db_connect(&d, rn->door ? rn->door : bench_conninfo(), &err)) {
		mc_error_print(&err, "bench_api");
		return 1;
	}
	mc_store_ctx ctx = { .db = d, .cat = rn->cat, .cal = rn->cal };
	long n = 0;
	while (bench_now() - t0 < secs) {
		char name[48], key[64];
		snprintf(name, sizeof name, "Bench %d-%ld", k, n);
		snprintf(key, sizeof key, "lib:bench:bench-%d-%ld", k, n);
		mc_receipt r = { .procedure = n % 2 ? "1.000173" : "2.002131",
				 .channel = MC_CH_ONLINE, .applicant = name, .phone = "0905123456",
				 .address = "12 Lê Lợi", .id_number = "051190001234",
				 .actor = "bench", .idempotency_key = key };
		mc_dossier_info info;
		int existed;
		int rc;
		if (rn->door) {
			rc = mc_db_begin(d, &err);
			if (!rc)
				rc = mc_store_act_as_desk(d, "motcua_clerk", rn->cat->agency->id,
							  "integration", &err);
			int ended = 0;
			if (!rc)
				rc = mc_store_receive_commit(&ctx, &r, &info, &existed, &ended, &err);
			if (!rc && !ended)
				rc = mc_db_commit(d, &err);
			else if (rc)
				mc_db_rollback(d);
		} else {
			rc = mc_store_receive(&ctx, &r, &info, &existed, &err);
		}
		if (rc) {
			mc_error_print(&err, "bench_api");
			mc_db_close(d);
			return 1;
		}
		mc_dossier_info_clear(&info);
		n++;
	}
	*(long *)result = n;
	mc_db_close(d);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	token = getenv("BENCH_TOKEN");
	if (argc != 4 || !token) {
		fprintf(stderr, "usage: BENCH_TOKEN=T bench_api SOCKET CLIENTS SECONDS\n");
		return 2;
	}
	sock_path = argv[1];
	int n = atoi(argv[2]);
	secs = atof(argv[3]);
	if (n < 1 || n > 256 || secs <= 0) {
		fprintf(stderr, "bench_api: bad CLIENTS or SECONDS\n");
		return 2;
	}
	const char *phases = getenv("BENCH_PHASES");
	int run_api = !phases || strstr(phases, "api"), run_lib = !phases || strstr(phases, "library"),
	    run_door = !phases || strstr(phases, "door");
	/* through the API */
	client *cs = calloc((size_t)n, sizeof *cs);
	pthread_t *th = calloc((size_t)n, sizeof *th);
	if (!cs || !th)
		return 1;
	t0 = bench_now();
	for (int k = 0; k < n && run_api; k++) {
		cs[k].k = k;
		pthread_create(&th[k], NULL, api_client, &cs[k]);
	}
	long total = 0;
	int failed = 0;
	for (int k = 0; k < n && run_api; k++) {
		pthread_join(th[k], NULL);
		total += cs[k].n;
		failed |= cs[k].failed;
	}
	double api_elapsed = bench_now() - t0;
	double *all = malloc((size_t)(total ? total : 1) * sizeof *all);
	if (!all)
		return 1;
	size_t m = 0;
	for (int k = 0; k < n; k++) {
		memcpy(all + m, cs[k].lat, (size_t)cs[k].n * sizeof *all);
		m += (size_t)cs[k].n;
		free(cs[k].lat);
	}
	qsort(all, m, sizeof *all, cmp_double);
	double p50 = m ? all[m / 2] : 0, p99 = m ? all[(m * 99) / 100] : 0;
	free(all);
	free(cs);
	free(th);
	/* through the library */
	librun rn = { 0 };
	mc_db *db = NULL;
	bench_open(&rn.cat, &rn.cal, &db);
	long *counts = calloc((size_t)n, sizeof *counts);
	if (!counts)
		return 1;
	t0 = bench_now();
	if (run_lib)
		failed |= bench_run_clerks(n, lib_clerk, &rn, counts, sizeof *counts);
	double lib_elapsed = bench_now() - t0;
	long lib_total = 0;
	for (int k = 0; k < n; k++)
		lib_total += counts[k];
	/* through the library as the API's database role */
	double door_rate = -1;
	long door_total = 0;
	const char *door = getenv("BENCH_DOOR_URL");
	if (door && run_door) {
		static const char *const roles[] = { "motcua_clerk", NULL };
		mc_db *dd = NULL;
		mc_error err;
		mc_catalog_load_stats st;
		if (mc_db_connect(&dd, door, &err) || mc_store_catalog_load(dd, rn.cat, &st, &err) ||
		    mc_store_server_check(dd, rn.cat->agency->id, roles, &err)) {
			mc_error_print(&err, "bench_api");
			return 1;
		}
		mc_db_close(dd);
		rn.door = door;
		memset(counts, 0, (size_t)n * sizeof *counts);
		t0 = bench_now();
		failed |= bench_run_clerks(n, lib_clerk, &rn, counts, sizeof *counts);
		double el = bench_now() - t0;
		for (int k = 0; k < n; k++)
			door_total += counts[k];
		door_rate = (double)door_total / el;
	}
	free(counts);
	mc_db_close(db);
	mc_catalog_free(rn.cat);
	mc_calendar_free(rn.cal);
	printf("api_receive %.0f %.2f %.2f %ld\n", (double)total / api_elapsed, p50, p99, total);
	printf("library_receive %.0f %ld\n", (double)lib_total / lib_elapsed, lib_total);
	if (door_rate >= 0)
		printf("library_as_clerk_receive %.0f %ld\n", door_rate, door_total);
	fprintf(stderr, "%ld receipts through the API, %ld through the library, %d clients, %.1f s each%s\n",
		total, lib_total, n, secs, failed ? " (FAILED)" : "");
	return failed;
}
