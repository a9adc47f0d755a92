/*
 * table.h - the one output model of listings: rows of named, typed
 * columns, and one renderer per format (psql's printTable is the model).
 *
 * A command builds an mc_table (or, for a listing too long to hold, hands
 * the renderers one row at a time: mc_table_csv_head / mc_table_csv_row,
 * mc_table_json_row) and never formats a cell itself:
 *   CSV   RFC 4180 through mc_csv_field, UTF-8 BOM, CRLF, a heading row;
 *   JSON  an array of objects keyed by column name (jansson);
 * A cell's type decides its spelling: text as is; int in decimal; number
 * with the column's decimals; moment as 2024-02-19T16:30:00+07:00; bool as
 * true/false. A null cell is empty in CSV and null in JSON.
 */
#ifndef MOTCUA_TABLE_H
#define MOTCUA_TABLE_H

#include <stddef.h>

#include "civil.h"
#include "json_out.h"
#include "strbuf.h"

typedef enum { MC_OUT_TEXT, MC_OUT_CSV, MC_OUT_JSON } mc_out_format;

/* "text", "csv", "json" -> format; -1 if none of them. */
int mc_out_format_parse(const char *s);

typedef enum { MC_COL_TEXT, MC_COL_INT, MC_COL_NUMBER, MC_COL_MOMENT, MC_COL_BOOL } mc_col_type;

typedef struct mc_column {
	const char *name;         /* the JSON key, and the CSV heading */
	mc_col_type type;
	int decimals;             /* MC_COL_NUMBER: digits after the point */
	const char *heading;      /* the CSV heading, when it is not `name` */
} mc_column;

typedef struct mc_cell {
	int null;
	const char *s;            /* MC_COL_TEXT */
	long long i;              /* MC_COL_INT, MC_COL_BOOL */
	double d;                 /* MC_COL_NUMBER */
	mc_time t;                /* MC_COL_MOMENT */
} mc_cell;

static inline mc_cell mc_cell_text(const char *s) { return (mc_cell){ .null = !s, .s = s }; }
static inline mc_cell mc_cell_int(long long i) { return (mc_cell){ .i = i }; }
static inline mc_cell mc_cell_number(double d) { return (mc_cell){ .d = d }; }
/* a moment; 0 (not set) is null */
static inline mc_cell mc_cell_moment(mc_time t) { return (mc_cell){ .null = !t, .t = t }; }
static inline mc_cell mc_cell_bool(int b) { return (mc_cell){ .i = !!b }; }

typedef struct mc_table {
	const mc_column *cols;
	size_t ncols;
	mc_cell *cells;           /* nrows * ncols; text cells own a copy */
	size_t nrows, cap;
	int failed;               /* out of memory: rows were lost */
} mc_table;

void mc_table_init(mc_table *t, const mc_column *cols, size_t ncols);
/* Append a row of ncols cells (text is copied). */
void mc_table_add(mc_table *t, const mc_cell *row);
void mc_table_free(mc_table *t);

/* The whole table as CSV (BOM, heading row, rows). */
void mc_table_csv(const mc_table *t, mc_buf *out);
/* The whole table as a JSON array of objects. */
json_t *mc_table_json(const mc_table *t);

/* One piece at a time. */
void mc_table_csv_head(const mc_column *cols, size_t ncols, mc_buf *out);
void mc_table_csv_row(const mc_column *cols, size_t ncols, const mc_cell *row, mc_buf *out);
json_t *mc_table_json_row(const mc_column *cols, size_t ncols, const mc_cell *row);

#endif
