/*
 * yamldoc.c - strict YAML loading on libyaml (see yamldoc.h).
 */
#include "yamldoc.h"
#include "civil.h"
#include "fileutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 32

static void node_free(mc_ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->keys)
			node_free(n->keys[i]);
		node_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->value);
	free(n);
}

void mc_ydoc_free(mc_ydoc *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	free(doc->path);
	free(doc->text);
	free(doc);
}

/* Quote line `line` of the text with a caret under `col`, into err->detail. */
static void quote_line(const mc_ydoc *doc, int line, int col, mc_error *err)
{
	if (!err || !doc->text || line < 1)
		return;
	const char *p = doc->text;
	for (int l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return;
	int len = (int)strcspn(p, "\n");
	if (len > 200)
		len = 200;
	/* caret position counts characters, not bytes, for Vietnamese text */
	int caret = 0;
	for (int i = 0, c = 1; i < len && c < col; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80) {
			caret++;
			c++;
		}
	char pad[256];
	int k = caret < 250 ? caret : 250;
	memset(pad, ' ', (size_t)k);
	pad[k] = '\0';
	snprintf(err->detail, sizeof err->detail, "%5d | %.*s\n      | %s^", line, len, p, pad);
}

int mc_y_error(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	       mc_error *err, const char *fmt, ...)
{
	if (!err)
		return MC_ERR_INPUT;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	int line = node ? node->line : 0, col = node ? node->col : 0;
	if (field && *field)
		mc_error_at(err, MC_ERR_INPUT, doc->path, line, col, "field '%s': %s", field, msg);
	else
		mc_error_at(err, MC_ERR_INPUT, doc->path, line, col, "%s", msg);
	quote_line(doc, line, col, err);
	return MC_ERR_INPUT;
}

/* An error at a libyaml mark: "<what>" or "<what> '<quote><name>'". */
static int at_mark(const mc_ydoc *doc, yaml_mark_t mark, mc_error *err,
		   const char *what, const char *quote, const unsigned char *name)
{
	mc_ynode fake = { .line = (int)mark.line + 1, .col = (int)mark.column + 1 };
	if (name)
		return mc_y_error(doc, &fake, NULL, err, "%s '%s%s')", what, quote,
				  (const char *)name);
	return mc_y_error(doc, &fake, NULL, err, "%s", what);
}

static mc_ynode *node_new(mc_ykind kind, yaml_mark_t mark)
{
	mc_ynode *n = calloc(1, sizeof *n);
	if (n) {
		n->kind = kind;
		n->line = (int)mark.line + 1;
		n->col = (int)mark.column + 1;
	}
	return n;
}

/* Append child (and key, for maps) to parent; 0 on success. */
static int node_add(mc_ynode *parent, mc_ynode *key, mc_ynode *child)
{
	size_t n = parent->n + 1;
	mc_ynode **items = realloc(parent->items, n * sizeof *items);
	if (!items)
		return -1;
	parent->items = items;
	if (parent->kind == MC_Y_MAP) {
		mc_ynode **keys = realloc(parent->keys, n * sizeof *keys);
		if (!keys)
			return -1;
		parent->keys = keys;
		keys[n - 1] = key;
	}
	items[n - 1] = child;
	parent->n = n;
	return 0;
}

typedef struct frame {
	mc_ynode *node;
	mc_ynode *pending_key;  /* map: key waiting for its value */
} frame;

int mc_ydoc_parse(mc_ydoc **out, const char *path, const char *text,
		  size_t len, mc_error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	frame stack[MAX_DEPTH + 1];
	int depth = 0, rc = MC_OK, docs = 0, done = 0;
	mc_ydoc *doc = calloc(1, sizeof *doc);
	if (!doc)
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	doc->path = strdup(path);
	doc->text = malloc(len + 1);
	if (!doc->path || !doc->text) {
		mc_ydoc_free(doc);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	memcpy(doc->text, text, len);
	doc->text[len] = '\0';
	if (!yaml_parser_initialize(&parser)) {
		mc_ydoc_free(doc);
		return mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)doc->text, len);

	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			mc_ynode fake = { .line = (int)parser.problem_mark.line + 1,
					  .col = (int)parser.problem_mark.column + 1 };
			rc = mc_y_error(doc, &fake, NULL, err, "invalid YAML: %s%s%s",
					parser.problem ? parser.problem : "syntax error",
					parser.context ? " " : "",
					parser.context ? parser.context : "");
			break;
		}
		mc_ynode *node = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = at_mark(doc, ev.start_mark, err,
					     "only one YAML document per file", "", NULL);
			break;
		case YAML_ALIAS_EVENT:
			rc = at_mark(doc, ev.start_mark, err,
				     "aliases are not allowed (alias", "*",
				     ev.data.alias.anchor);
			break;
		case YAML_SCALAR_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT: {
			const unsigned char *anchor =
				ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.anchor :
				ev.type == YAML_MAPPING_START_EVENT ? ev.data.mapping_start.anchor :
				ev.data.sequence_start.anchor;
			const unsigned char *tag =
				ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.tag :
				ev.type == YAML_MAPPING_START_EVENT ? ev.data.mapping_start.tag :
				ev.data.sequence_start.tag;
			if (anchor) {
				rc = at_mark(doc, ev.start_mark, err,
					     "anchors are not allowed (anchor", "&", anchor);
				break;
			}
			if (tag) {
				rc = at_mark(doc, ev.start_mark, err,
					     "tags are not allowed (tag", "", tag);
				break;
			}
			mc_ykind kind = ev.type == YAML_SCALAR_EVENT ? MC_Y_SCALAR :
					ev.type == YAML_MAPPING_START_EVENT ? MC_Y_MAP : MC_Y_SEQ;
			node = node_new(kind, ev.start_mark);
			if (!node) {
				rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
				break;
			}
			if (kind == MC_Y_SCALAR) {
				node->value = malloc(ev.data.scalar.length + 1);
				if (!node->value) {
					node_free(node);
					rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
					break;
				}
				memcpy(node->value, ev.data.scalar.value, ev.data.scalar.length);
				node->value[ev.data.scalar.length] = '\0';
				if (strlen(node->value) != ev.data.scalar.length) {
					rc = at_mark(doc, ev.start_mark, err,
						     "NUL character in a value", "", NULL);
					node_free(node);
					break;
				}
				node->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			}
			/* attach to the parent */
			if (depth == 0) {
				doc->root = node;
			} else {
				frame *f = &stack[depth - 1];
				if (f->node->kind == MC_Y_SEQ) {
					if (node_add(f->node, NULL, node)) {
						node_free(node);
						rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
						break;
					}
				} else if (!f->pending_key) {
					if (kind != MC_Y_SCALAR) {
						rc = mc_y_error(doc, node, NULL, err,
								"a key must be a plain string");
						node_free(node);
						break;
					}
					for (size_t i = 0; i < f->node->n; i++)
						if (!strcmp(f->node->keys[i]->value, node->value)) {
							rc = mc_y_error(doc, node, NULL, err,
									"duplicate key '%s' (first at line %d)",
									node->value, f->node->keys[i]->line);
							break;
						}
					if (rc) {
						node_free(node);
						break;
					}
					f->pending_key = node;
					node = NULL; /* a key is not a container to push */
					break;
				} else {
					if (node_add(f->node, f->pending_key, node)) {
						node_free(node);
						rc = mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
						break;
					}
					f->pending_key = NULL;
				}
			}
			if (kind != MC_Y_SCALAR) {
				if (depth == MAX_DEPTH) {
					rc = mc_y_error(doc, node, NULL, err,
							"nested deeper than %d levels", MAX_DEPTH);
					break;
				}
				stack[depth].node = node;
				stack[depth].pending_key = NULL;
				depth++;
			}
			break;
		}
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (rc)
			break;
	}
	yaml_parser_delete(&parser);
	if (!rc && !doc->root)
		rc = mc_error_at(err, MC_ERR_INPUT, path, 1, 1, "the file is empty");
	if (rc) {
		/* a pending key that never got its value belongs to no node */
		for (int i = 0; i < depth; i++)
			node_free(stack[i].pending_key);
		mc_ydoc_free(doc);
		return rc;
	}
	*out = doc;
	return MC_OK;
}

int mc_ydoc_load(mc_ydoc **out, const char *path, mc_error *err)
{
	char *text = NULL;
	size_t len;
	int rc = mc_file_read(path, &text, &len, err);
	if (rc)
		return rc;
	rc = mc_ydoc_parse(out, path, text, len, err);
	free(text);
	return rc;
}

static const char *kind_name(mc_ykind k)
{
	return k == MC_Y_MAP ? "a mapping" : k == MC_Y_SEQ ? "a list" : "a scalar";
}

int mc_y_map(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	     const char *const *allowed, mc_error *err)
{
	if (node->kind != MC_Y_MAP)
		return mc_y_error(doc, node, field, err, "expected a mapping, found %s",
				  kind_name(node->kind));
	for (size_t i = 0; i < node->n; i++) {
		const char *k = node->keys[i]->value;
		int ok = 0;
		for (size_t j = 0; allowed[j] && !ok; j++)
			ok = !strcmp(k, allowed[j]);
		if (!ok) {
			char list[300] = "";
			for (size_t j = 0; allowed[j]; j++) {
				strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
				strncat(list, allowed[j], sizeof list - strlen(list) - 1);
			}
			return mc_y_error(doc, node->keys[i], field, err,
					  "unknown key '%s' (expected one of: %s)", k, list);
		}
	}
	return MC_OK;
}

const mc_ynode *mc_y_get(const mc_ynode *node, const char *key)
{
	if (!node || node->kind != MC_Y_MAP)
		return NULL;
	for (size_t i = 0; i < node->n; i++)
		if (!strcmp(node->keys[i]->value, key))
			return node->items[i];
	return NULL;
}

int mc_y_need(const mc_ydoc *doc, const mc_ynode *map, const char *field,
	      const char *key, const mc_ynode **out, mc_error *err)
{
	const mc_ynode *v = mc_y_get(map, key);
	if (!v)
		return mc_y_error(doc, map, field, err, "missing required key '%s'", key);
	*out = v;
	return MC_OK;
}

int mc_y_seq(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	     mc_error *err)
{
	if (node->kind != MC_Y_SEQ)
		return mc_y_error(doc, node, field, err, "expected a list, found %s",
				  kind_name(node->kind));
	return MC_OK;
}

static int scalar(const mc_ydoc *doc, const mc_ynode *node, const char *field,
		  const char *expected, mc_error *err)
{
	if (node->kind != MC_Y_SCALAR)
		return mc_y_error(doc, node, field, err, "expected %s, found %s",
				  expected, kind_name(node->kind));
	return MC_OK;
}

int mc_y_str(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	     const char **out, mc_error *err)
{
	int rc = scalar(doc, node, field, "a string", err);
	if (rc)
		return rc;
	if (!node->value[0] || (!node->quoted && (!strcmp(node->value, "~") ||
						  !strcmp(node->value, "null"))))
		return mc_y_error(doc, node, field, err, "expected a non-empty string");
	*out = node->value;
	return MC_OK;
}

int mc_y_strdup(const mc_ydoc *doc, const mc_ynode *map, const char *path,
		const char *key, int required, char **out, mc_error *err)
{
	const mc_ynode *v = mc_y_get(map, key);
	if (!v)
		return required ? mc_y_error(doc, map, path, err, "missing required key '%s'", key)
				: MC_OK;
	char field[256];
	snprintf(field, sizeof field, "%s%s%s", path, *path ? "." : "", key);
	const char *s;
	int rc = mc_y_str(doc, v, field, &s, err);
	if (rc)
		return rc;
	*out = strdup(s);
	return *out ? MC_OK : mc_error_set(err, MC_ERR_INTERNAL, "out of memory");
}

int mc_y_int(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	     long min, long max, long *out, mc_error *err)
{
	int rc = scalar(doc, node, field, "an integer", err);
	if (rc)
		return rc;
	const char *s = node->value;
	long v = 0;
	int ok = !node->quoted && *s;
	for (const char *p = s; ok && *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000L)
			ok = 0;
		else
			v = v * 10 + (*p - '0');
	}
	if (!ok)
		return mc_y_error(doc, node, field, err, "expected an integer, found '%s'", s);
	if (v < min || v > max)
		return mc_y_error(doc, node, field, err, "%ld is out of range (%ld to %ld)",
				  v, min, max);
	*out = v;
	return MC_OK;
}

int mc_y_bool(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	      int *out, mc_error *err)
{
	int rc = scalar(doc, node, field, "true or false", err);
	if (rc)
		return rc;
	if (!node->quoted && !strcmp(node->value, "true"))
		*out = 1;
	else if (!node->quoted && !strcmp(node->value, "false"))
		*out = 0;
	else {
		static const char *const yaml11[] = { "yes", "no", "on", "off", "y", "n",
						      "Yes", "No", "YES", "NO", "True",
						      "False", "TRUE", "FALSE", NULL };
		for (size_t i = 0; yaml11[i]; i++)
			if (!strcmp(node->value, yaml11[i]))
				return mc_y_error(doc, node, field, err,
						  "expected true or false, found '%s' (YAML 1.1 booleans are not accepted)",
						  node->value);
		return mc_y_error(doc, node, field, err, "expected true or false, found '%s'",
				  node->value);
	}
	return MC_OK;
}

int mc_y_date(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	      int32_t *out, mc_error *err)
{
	int rc = scalar(doc, node, field, "a date YYYY-MM-DD", err);
	if (rc)
		return rc;
	mc_error e;
	if (mc_parse_date(node->value, out, &e))
		return mc_y_error(doc, node, field, err, "%s", e.message);
	return MC_OK;
}

int mc_y_halves(const mc_ydoc *doc, const mc_ynode *node, const char *field,
		int32_t *out, mc_error *err)
{
	int rc = scalar(doc, node, field, "a number of days", err);
	if (rc)
		return rc;
	const char *s = node->value;
	long whole = 0;
	const char *p = s;
	int ok = !node->quoted && *p >= '0' && *p <= '9';
	while (ok && *p >= '0' && *p <= '9' && whole < 100000)
		whole = whole * 10 + (*p++ - '0');
	int half = 0;
	if (ok && *p == '.') {
		if (!strcmp(p, ".5"))
			half = 1;
		else if (strcmp(p, ".0") != 0)
			ok = 0;
		p += 2;
		if (ok && *p)
			ok = 0;
	} else if (ok && *p) {
		ok = 0;
	}
	if (!ok)
		return mc_y_error(doc, node, field, err,
				  "expected a number of days in halves (3, 2.5, 0.5), found '%s'", s);
	*out = (int32_t)(whole * 2 + half);
	return MC_OK;
}

int mc_y_enum(const mc_ydoc *doc, const mc_ynode *node, const char *field,
	      const char *const *choices, int *out, mc_error *err)
{
	char list[300] = "";
	for (size_t j = 0; choices[j]; j++) {
		strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
		strncat(list, choices[j], sizeof list - strlen(list) - 1);
	}
	if (node->kind != MC_Y_SCALAR)
		return mc_y_error(doc, node, field, err, "expected one of: %s", list);
	for (int j = 0; choices[j]; j++)
		if (!strcmp(node->value, choices[j])) {
			*out = j;
			return MC_OK;
		}
	return mc_y_error(doc, node, field, err, "unknown value '%s' (expected one of: %s)",
			  node->value, list);
}
