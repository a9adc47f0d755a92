/*
 * dbpool.c - a bounded pool of PostgreSQL connections (see api.h). A slot
 * is connected on first use; a connection that broke (the server
 * restarted) is closed when it is given back, or when it is taken and
 * found closed by the server, and its slot connects anew.
 */
#include "api.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POOL_WAIT_SECONDS 5

int mc_pool_init(mc_pool *p, const char *conninfo, int n, mc_error *err)
{
	memset(p, 0, sizeof *p);
	p->conninfo = strdup(conninfo ? conninfo : "");
	p->db = calloc((size_t)n, sizeof *p->db);
	p->busy = calloc((size_t)n, sizeof *p->busy);
	if (!p->conninfo || !p->db || !p->busy) {
		mc_pool_free(p);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	p->n = n;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	return MC_OK;
}

void mc_pool_free(mc_pool *p)
{
	if (p->db) {
		for (int i = 0; i < p->n; i++)
			mc_db_close(p->db[i]);
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
	}
	free(p->db);
	free(p->busy);
	free(p->conninfo);
	memset(p, 0, sizeof *p);
}

/* An idle connection the server has not closed: one it ended (a restart)
 * has something to read, its goodbye or the end of the stream. (Nothing
 * else comes unasked on the pool's connections but, rarely, a notice: a
 * new connection then, all the same.) */
static int alive(mc_db *d)
{
	PGconn *c = mc_db_conn(d);
	if (PQstatus(c) != CONNECTION_OK)
		return 0;
	struct pollfd pf = { .fd = PQsocket(c), .events = POLLIN };
	return poll(&pf, 1, 0) == 0;
}

int mc_pool_get(mc_pool *p, int *slot, mc_db **db, mc_error *err)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += POOL_WAIT_SECONDS;
	pthread_mutex_lock(&p->mu);
	int found = -1;
	for (;;) {
		/* a connected free slot first, else any free one */
		for (int i = 0; i < p->n && found < 0; i++)
			if (!p->busy[i] && p->db[i])
				found = i;
		for (int i = 0; i < p->n && found < 0; i++)
			if (!p->busy[i])
				found = i;
		if (found >= 0)
			break;
		if (pthread_cond_timedwait(&p->cv, &p->mu, &until) == ETIMEDOUT) {
			pthread_mutex_unlock(&p->mu);
			return mc_error_set(err, MC_ERR_DBCONN,
					    "every database connection is busy (%d)", p->n);
		}
	}
	p->busy[found] = 1;
	mc_db *d = p->db[found];
	pthread_mutex_unlock(&p->mu);
	if (d && !alive(d)) {
		mc_db_close(d);
		d = NULL;
		pthread_mutex_lock(&p->mu);
		p->db[found] = NULL;
		pthread_mutex_unlock(&p->mu);
	}
	if (!d) {
		int rc = mc_db_connect(&d, p->conninfo, err);
		if (rc) {
			mc_pool_put(p, found, 1);
			return rc;
		}
		pthread_mutex_lock(&p->mu);
		p->db[found] = d;
		pthread_mutex_unlock(&p->mu);
	}
	*slot = found;
	*db = d;
	return MC_OK;
}

void mc_pool_put(mc_pool *p, int slot, int broken)
{
	mc_db *d = p->db[slot];
	if (d) {
		mc_db_rollback(d);
		PGconn *c = mc_db_conn(d);
		if (broken || PQstatus(c) != CONNECTION_OK || PQtransactionStatus(c) != PQTRANS_IDLE) {
			mc_db_close(d);
			d = NULL;
		}
	}
	pthread_mutex_lock(&p->mu);
	p->db[slot] = d;
	p->busy[slot] = 0;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}
