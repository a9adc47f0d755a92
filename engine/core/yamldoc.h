/*
 * yamldoc.h - strict YAML documents for procedure and calendar files.
 *
 * libyaml's events are built into a small tree that remembers where every
 * node is. The loader refuses what a hand-written definition file must not
 * contain: aliases and anchors, tags, duplicate keys, non-scalar keys, more
 * than one document, nesting deeper than 32, and an empty file. Typed getters
 * then report errors as file:line:column with the field path and what was
 * expected, plus the source line and a caret in the error's detail:
 *
 *   procedures/x.yaml:12:7: field 'versions[0].steps[2]': unknown key 'stepz'
 *   (expected one of: id, name, unit, days)
 *
 * Only `true` and `false` are booleans: YAML 1.1's yes/no/on/off are errors.
 */
#ifndef MOTCUA_YAMLDOC_H
#define MOTCUA_YAMLDOC_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

typedef enum { MC_Y_SCALAR, MC_Y_MAP, MC_Y_SEQ } mc_ykind;

typedef struct mc_ynode {
	mc_ykind kind;
	int line, col;              /* 1-based */
	char *value;                /* scalar text ("" for an empty scalar) */
	int quoted;                 /* scalar was quoted: never a number/bool */
	size_t n;                   /* map pairs or seq items */
	struct mc_ynode **keys;     /* map: key scalars */
	struct mc_ynode **items;    /* map: values; seq: items */
} mc_ynode;

typedef struct mc_ydoc {
	char *path;
	char *text;                 /* the file, for quoting lines in errors */
	mc_ynode *root;
} mc_ydoc;

/* Load and parse a file. Free with mc_ydoc_free (accepts NULL). */
int mc_ydoc_load(mc_ydoc **out, const char *path, mc_error *err);
/* Parse text given in memory; `path` is used in messages. */
int mc_ydoc_parse(mc_ydoc **out, const char *path, const char *text,
		  size_t len, mc_error *err);
void mc_ydoc_free(mc_ydoc *doc);

/* Report an error at a node: sets file:line:col, message and the quoted
 * source line with a caret. `field` may be NULL. Returns MC_ERR_INPUT. */
int mc_y_error(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	       mc_error *err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Check that `node` is a map whose keys are all in `allowed` (NULL-ended). */
int mc_y_map(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	     const char *const *allowed, mc_error *err);
/* The value of `key` in map `node`, or NULL. */
const mc_ynode *mc_y_get(const mc_ynode *node, const char *key);
/* Like mc_y_get, but a missing key is an error. */
int mc_y_need(const mc_ydoc *doc, const mc_ynode *map, const char *field,
	      const char *key, const mc_ynode **out, mc_error *err);
int mc_y_seq(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	     mc_error *err);

/* Typed scalars. `field` names the value in messages. */
int mc_y_str(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	     const char **out, mc_error *err);             /* non-empty */
int mc_y_int(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	     long min, long max, long *out, mc_error *err);
int mc_y_bool(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	      int *out, mc_error *err);
/* A date YYYY-MM-DD, as days since 1970-01-01. */
int mc_y_date(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	      int32_t *out, mc_error *err);
/* A decimal number of days in halves (3, 2.5, 0.5) as a count of halves. */
int mc_y_halves(const mc_ydoc *doc, const mc_ynode *node, const char *field,
		int32_t *out, mc_error *err);
/* The string at `key` of `map`, copied (caller frees). A missing key is
 * an error when `required`, else *out is left as it is. `path` prefixes the
 * field name in messages ("versions[0]" gives "versions[0].key"). */
int mc_y_strdup(const mc_ydoc *doc, const mc_ynode *map, const char *path,
		const char *key, int required, char **out, mc_error *err);
/* One of `choices` (NULL-ended); *out is its index. */
int mc_y_enum(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	      const char *const *choices, int *out, mc_error *err);

#endif
