/*
 * copybin.h - rows in PostgreSQL's binary COPY format, built in an mc_buf.
 *
 * The nightly job appends up to a million alert rows a night; in binary
 * format the server neither parses timestamps nor numbers, and the client
 * does not format them (about a third of COPY's cost in text format).
 * Layout: a header, then per row the field count and each field as a
 * length-prefixed big-endian value, then a trailer (see the COPY manual).
 */
#ifndef MOTCUA_COPYBIN_H
#define MOTCUA_COPYBIN_H

#include "civil.h"
#include "strbuf.h"

void mc_copybin_header(mc_buf *b);
void mc_copybin_row(mc_buf *b, int nfields);
void mc_copybin_text(mc_buf *b, const char *s);
void mc_copybin_int8(mc_buf *b, int64_t v);
void mc_copybin_date(mc_buf *b, int32_t day);            /* a day number (civil.h) */
void mc_copybin_timestamptz(mc_buf *b, mc_time t);
void mc_copybin_null(mc_buf *b);
void mc_copybin_trailer(mc_buf *b);

#endif
