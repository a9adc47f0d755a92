/*
 * copybin.c - binary COPY rows (see copybin.h).
 */
#include "copybin.h"

#include <string.h>

/* PostgreSQL's dates and timestamps count from 2000-01-01 (UTC) */
#define PG_EPOCH_DAYS 10957

static void be(mc_buf *b, uint64_t v, int bytes)
{
	char out[8];
	for (int i = 0; i < bytes; i++)
		out[i] = (char)(v >> (8 * (bytes - 1 - i)));
	mc_buf_addn(b, out, (size_t)bytes);
}

void mc_copybin_header(mc_buf *b)
{
	mc_buf_addn(b, "PGCOPY\n\377\r\n\0", 11);
	be(b, 0, 4);                  /* flags: no OIDs */
	be(b, 0, 4);                  /* no header extension */
}

void mc_copybin_row(mc_buf *b, int nfields)
{
	be(b, (uint64_t)nfields, 2);
}

void mc_copybin_text(mc_buf *b, const char *s)
{
	size_t n = strlen(s);
	be(b, n, 4);
	mc_buf_addn(b, s, n);
}

void mc_copybin_int8(mc_buf *b, int64_t v)
{
	be(b, 8, 4);
	be(b, (uint64_t)v, 8);
}

void mc_copybin_date(mc_buf *b, int32_t day)
{
	be(b, 4, 4);
	be(b, (uint64_t)(uint32_t)(day - PG_EPOCH_DAYS), 4);
}

void mc_copybin_timestamptz(mc_buf *b, mc_time t)
{
	be(b, 8, 4);
	be(b, (uint64_t)((t - (int64_t)PG_EPOCH_DAYS * MC_DAY_SECONDS) * 1000000), 8);
}

void mc_copybin_null(mc_buf *b)
{
	be(b, 0xffffffffu, 4);
}

void mc_copybin_trailer(mc_buf *b)
{
	be(b, 0xffffu, 2);
}
