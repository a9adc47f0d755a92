/*
 * urlform.h - an HTML form's body (application/x-www-form-urlencoded),
 * decoded in place: `+` is a space, %XX a byte. Pure: the server's
 * requests use it (engine/server/form.c), the fuzzer and tests call it alone.
 */
#ifndef MOTCUA_URLFORM_H
#define MOTCUA_URLFORM_H

#include <stddef.h>

/* Split and decode buf[0..len) (which must have room for a NUL at
 * buf[len]) into at most `max` pairs: kv[2i] the name, kv[2i+1] the value,
 * pointing into buf. 0 with *n set, or -1 when the body is not a readable
 * form: a bad escape, a name or value that is not UTF-8 or holds a NUL or
 * a control character other than tab, CR and LF (a note may have several
 * lines), or more than `max` fields. */
int mc_urlform_parse(char *buf, size_t len, const char **kv, size_t max, size_t *n);

#endif
