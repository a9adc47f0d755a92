/*
 * html.h - writing HTML: the one place a value becomes markup.
 *
 * Every value a page shows goes through mc_html(), whose conversions say
 * the context: %s escapes text for an element's content or a quoted
 * attribute value (& < > " ' become entities), %u percent-encodes a URL's
 * query component, %d/%ld/%zu write numbers, and %r inserts markup that is
 * already HTML (a fragment built by mc_html itself, or a literal of the
 * program). No other conversion exists, so a page cannot print a value raw
 * by forgetting to escape it.
 */
#ifndef MOTCUA_HTML_H
#define MOTCUA_HTML_H

#include <stddef.h>
#include "strbuf.h"

/* Append `fmt` with its values, each escaped for its conversion (above).
 * A NULL %s or %u writes nothing. */
void mc_html(mc_buf *b, const char *fmt, ...);

/* Escape `s` for text or a quoted attribute value. */
void mc_html_text(mc_buf *b, const char *s);
/* Percent-encode `s` as a URL query component (RFC 3986 unreserved kept). */
void mc_html_url(mc_buf *b, const char *s);

/* A number with the Vietnamese decimal comma and dot for thousands
 * ("1.234,5"), `decimals` digits after the comma. */
void mc_html_decimal(char *out, size_t n, double v, int decimals);

#endif
