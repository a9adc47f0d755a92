/*
 * table.c - rows of typed columns and their CSV and JSON renderers (see
 * table.h).
 */
#include "table.h"
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mc_out_format_parse(const char *s)
{
	if (!strcmp(s, "text"))
		return MC_OUT_TEXT;
	if (!strcmp(s, "csv"))
		return MC_OUT_CSV;
	if (!strcmp(s, "json"))
		return MC_OUT_JSON;
	return -1;
}

void mc_table_init(mc_table *t, const mc_column *cols, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols;
}

void mc_table_add(mc_table *t, const mc_cell *row)
{
	if (t->failed)
		return;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		mc_cell *c = realloc(t->cells, cap * t->ncols * sizeof *c);
		if (!c) {
			t->failed = 1;
			return;
		}
		t->cells = c;
		t->cap = cap;
	}
	mc_cell *dst = t->cells + t->nrows * t->ncols;
	for (size_t i = 0; i < t->ncols; i++) {
		dst[i] = row[i];
		if (t->cols[i].type == MC_COL_TEXT && !row[i].null) {
			char *s = strdup(row[i].s);
			if (!s) {
				for (size_t k = 0; k < i; k++)
					if (t->cols[k].type == MC_COL_TEXT)
						free((char *)dst[k].s);
				t->failed = 1;
				return;
			}
			dst[i].s = s;
		}
	}
	t->nrows++;
}

void mc_table_free(mc_table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t i = 0; i < t->ncols; i++)
			if (t->cols[i].type == MC_COL_TEXT)
				free((char *)t->cells[r * t->ncols + i].s);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

void mc_table_csv_head(const mc_column *cols, size_t ncols, mc_buf *out)
{
	mc_buf_add(out, MC_CSV_BOM);
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			mc_buf_add(out, ",");
		mc_csv_field(out, cols[i].heading ? cols[i].heading : cols[i].name);
	}
	mc_buf_add(out, MC_CSV_EOL);
}

void mc_table_csv_row(const mc_column *cols, size_t ncols, const mc_cell *row, mc_buf *out)
{
	for (size_t i = 0; i < ncols; i++) {
		const mc_cell *c = &row[i];
		char v[64];
		if (i)
			mc_buf_add(out, ",");
		if (c->null)
			continue;
		switch (cols[i].type) {
		case MC_COL_TEXT: mc_csv_field(out, c->s); break;
		case MC_COL_INT: mc_buf_addf(out, "%lld", c->i); break;
		case MC_COL_NUMBER: mc_buf_addf(out, "%.*f", cols[i].decimals, c->d); break;
		case MC_COL_MOMENT:
			mc_format_moment(v, sizeof v, c->t);
			mc_csv_field(out, v);
			break;
		case MC_COL_BOOL: mc_buf_add(out, c->i ? "true" : "false"); break;
		}
	}
	mc_buf_add(out, MC_CSV_EOL);
}

json_t *mc_table_json_row(const mc_column *cols, size_t ncols, const mc_cell *row)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < ncols; i++) {
		const mc_cell *c = &row[i];
		json_t *v = NULL;
		if (!c->null) {
			switch (cols[i].type) {
			case MC_COL_TEXT: v = mc_json_text(c->s); break;
			case MC_COL_INT: v = json_integer(c->i); break;
			case MC_COL_NUMBER: v = mc_json_fixed(c->d, cols[i].decimals); break;
			case MC_COL_MOMENT: v = mc_json_moment(c->t); break;
			case MC_COL_BOOL: v = json_boolean(c->i); break;
			}
		}
		mc_json_set(o, cols[i].name, v);
	}
	return o;
}

void mc_table_csv(const mc_table *t, mc_buf *out)
{
	mc_table_csv_head(t->cols, t->ncols, out);
	for (size_t r = 0; r < t->nrows; r++)
		mc_table_csv_row(t->cols, t->ncols, t->cells + r * t->ncols, out);
}

json_t *mc_table_json(const mc_table *t)
{
	json_t *a = json_array();
	for (size_t r = 0; a && r < t->nrows; r++)
		json_array_append_new(a, mc_table_json_row(t->cols, t->ncols, t->cells + r * t->ncols));
	return a;
}
