/*
 * json_out.h - JSON documents through jansson.
 *
 * Every JSON motcua prints is a json_t tree built with jansson and written
 * by mc_json_dump: compact ({"a":1,"b":[2]}), keys in the order they were
 * added, UTF-8 as is, strings escaped by jansson. The one thing jansson
 * does not write is a number with a fixed count of decimals (0.00, 75.0):
 * mc_json_fixed makes one, and mc_json_dump writes it as that number. A
 * tree (or subtree) without one is written by jansson in a single call.
 */
#ifndef MOTCUA_JSON_OUT_H
#define MOTCUA_JSON_OUT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "civil.h"
#include "strbuf.h"

/* A string; NULL gives null. Bytes that are not UTF-8 become U+FFFD, so
 * any C string makes a valid document. */
json_t *mc_json_text(const char *s);
/* "2024-02-19T16:30:00+07:00", or null when t is 0 (not set). */
json_t *mc_json_moment(mc_time t);
/* v with exactly `decimals` decimals, written as a JSON number: 0.00. */
json_t *mc_json_fixed(double v, int decimals);
/* v in decimal notation, never an exponent, without trailing zeros, at
 * most `max_decimals` decimals: 0.25, 1250.5, 11286.5, 3. */
json_t *mc_json_decimal(double v, int max_decimals);

/* Add `v` to `obj` under `key` (takes the reference; a NULL v adds null). */
void mc_json_set(json_t *obj, const char *key, json_t *v);

/* Append the document (compact, no newline). */
void mc_json_dump(const json_t *j, mc_buf *out);
/* Append an object's members without its braces: "a":1,"b":2 (for an
 * object streamed a piece at a time). */
void mc_json_dump_members(const json_t *obj, mc_buf *out);
/* The same for an object known to hold no fixed-decimal number (none
 * looked for): jansson writes them in one call. */
void mc_json_dump_plain_members(const json_t *obj, mc_buf *out);
/* For a document written a piece at a time: a key and its colon
 * ("key":, the key written by jansson), and a number with exactly
 * `decimals` decimals, as mc_json_fixed writes it (3.50). */
void mc_json_dump_key(const char *key, mc_buf *out);
void mc_json_dump_fixed(double v, int decimals, mc_buf *out);
/* num / den with two decimals, exactly as mc_json_dump_fixed((double)num
 * / den, 2) writes it, without printf (a page of 500 items writes 500):
 * for 0 < den <= 1000000 and |num| < 10^12. */
void mc_json_dump_hundredths(int64_t num, int64_t den, mc_buf *out);
/* Write the document and a newline to f, and release it. */
void mc_json_print(json_t *j, FILE *f);

/* v in decimal notation with at most `max_decimals` decimals, trailing
 * zeros (and a trailing point) removed; never an exponent. */
void mc_format_decimal(char *buf, size_t n, double v, int max_decimals);

#endif
