/*
 * The output model without a database: JSON through jansson (compact, keys
 * in order, escapes, fixed decimals, bytes that are not UTF-8), the CSV
 * writer's quoting, and a table rendered as CSV and JSON.
 */
#include "check.h"
#include "csv.h"
#include "json_out.h"
#include "report_model.h"
#include "table.h"

static void json_documents(void)
{
	mc_buf b = { 0 };
	json_t *o = json_object(), *a = json_array();
	mc_json_set(o, "z", json_integer(1));
	mc_json_set(o, "a", mc_json_text("q\"uo\\te\nnew\ttab\001 / đ"));
	mc_json_set(o, "late", mc_json_fixed(0, 2));
	mc_json_set(o, "pct", mc_json_fixed(75, 1));
	mc_json_set(o, "days", mc_json_decimal(11286.5, 6));
	mc_json_set(o, "none", mc_json_moment(0));
	mc_json_set(o, "null", NULL);
	json_array_append_new(a, mc_json_fixed(1.375, 2));
	json_array_append_new(a, json_true());
	mc_json_set(o, "list", a);
	mc_json_dump(o, &b);
	CHECK_STR(mc_buf_str(&b), "{\"z\":1,\"a\":\"q\\\"uo\\\\te\\nnew\\ttab\\u0001 / đ\",\"late\":0.00,"
		  "\"pct\":75.0,\"days\":11286.5,\"none\":null,\"null\":null,\"list\":[1.38,true]}");
	mc_buf_clear(&b);
	mc_json_dump_members(o, &b);
	CHECK(!strncmp(mc_buf_str(&b), "\"z\":1,\"a\":", 10));
	json_decref(o);

	/* a key that only looks like the fixed-number tag stays an object */
	o = json_object();
	mc_json_set(o, "mc:number", json_string("1"));
	mc_buf_clear(&b);
	mc_json_dump(o, &b);
	CHECK_STR(mc_buf_str(&b), "{\"mc:number\":\"1\"}");
	json_decref(o);

	/* not UTF-8: each bad byte becomes U+FFFD, the rest is kept */
	json_t *s = mc_json_text("a\xff" "b\xc3");
	mc_buf_clear(&b);
	mc_json_dump(s, &b);
	CHECK_STR(mc_buf_str(&b), "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");
	json_decref(s);
	mc_buf_free(&b);
}

static void decimals(void)
{
	char d[64];
	mc_format_decimal(d, sizeof d, 1250.5, 6);
	CHECK_STR(d, "1250.5");
	mc_format_decimal(d, sizeof d, 11286.5, 6);
	CHECK_STR(d, "11286.5");
	mc_format_decimal(d, sizeof d, 3, 6);
	CHECK_STR(d, "3");
	mc_format_decimal(d, sizeof d, -0.25, 6);
	CHECK_STR(d, "-0.25");
	mc_format_decimal(d, sizeof d, -0.0000001, 6);
	CHECK_STR(d, "0");
	mc_format_decimal(d, sizeof d, 1e15, 6);
	CHECK_STR(d, "1000000000000000");
}

static void csv_fields(void)
{
	mc_buf b = { 0 };
	mc_csv_field(&b, "plain");
	mc_buf_add(&b, ",");
	mc_csv_field(&b, "a,b");
	mc_buf_add(&b, ",");
	mc_csv_field(&b, "say \"hi\"");
	mc_buf_add(&b, ",");
	mc_csv_field(&b, "two\nlines");
	mc_buf_add(&b, ",");
	mc_csv_field(&b, NULL);
	CHECK_STR(mc_buf_str(&b), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",");
	mc_buf_free(&b);
}

static void tables(void)
{
	static const mc_column cols[] = {
		{ "name", MC_COL_TEXT, 0, "Name" },
		{ "n", MC_COL_INT, 0, NULL },
		{ "late", MC_COL_NUMBER, 2, NULL },
		{ "at", MC_COL_MOMENT, 0, NULL },
		{ "ok", MC_COL_BOOL, 0, NULL },
	};
	mc_table t;
	mc_table_init(&t, cols, 5);
	char name[16] = "x,\"y\"";
	mc_cell r1[] = { mc_cell_text(name), mc_cell_int(-3), mc_cell_number(1.5),
			 mc_cell_moment(1708335000), mc_cell_bool(1) };
	mc_table_add(&t, r1);
	name[0] = 'X';               /* the table kept its own copy */
	mc_cell r2[] = { mc_cell_text(NULL), mc_cell_int(0), mc_cell_number(0),
			 mc_cell_moment(0), mc_cell_bool(0) };
	mc_table_add(&t, r2);
	mc_buf b = { 0 };
	mc_table_csv(&t, &b);
	CHECK_STR(mc_buf_str(&b), MC_CSV_BOM "Name,n,late,at,ok\r\n"
		  "\"x,\"\"y\"\"\",-3,1.50,2024-02-19T16:30:00+07:00,true\r\n"
		  ",0,0.00,,false\r\n");
	mc_buf_clear(&b);
	json_t *j = mc_table_json(&t);
	mc_json_dump(j, &b);
	CHECK_STR(mc_buf_str(&b), "[{\"name\":\"x,\\\"y\\\"\",\"n\":-3,\"late\":1.50,"
		  "\"at\":\"2024-02-19T16:30:00+07:00\",\"ok\":true},"
		  "{\"name\":null,\"n\":0,\"late\":0.00,\"at\":null,\"ok\":false}]");
	json_decref(j);
	mc_buf_free(&b);
	mc_table_free(&t);
	CHECK_INT(mc_out_format_parse("csv"), MC_OUT_CSV);
	CHECK_INT(mc_out_format_parse("xml"), -1);
}

static void count_columns(void)
{
	/* the Biểu 06a table: ten columns, positions 1..10, sums included */
	const mc_count_column *cols[16];
	size_t n = mc_count_table(cols, 16);
	CHECK_INT(n, 10);
	CHECK_STR(cols[0]->abbr, "Tổng");
	CHECK_STR(cols[2]->label, "Trực tiếp, bưu chính");
	mc_counts c = { .carried = 1, .online = 2, .in_person = 3, .post = 4, .early = 5,
			.on_time = 6, .late = 7 };
	CHECK_INT(cols[0]->value(&c), 10);
	CHECK_INT(cols[2]->value(&c), 7);
	CHECK_INT(cols[4]->value(&c), 18);
	size_t csv = 0, json = 0;
	for (size_t i = 0; i < mc_count_ncolumns; i++) {
		csv += !!(mc_count_columns[i].in & MC_COUNT_CSV);
		json += !!(mc_count_columns[i].in & MC_COUNT_JSON);
		if (mc_count_columns[i].in)
			CHECK(mc_count_columns[i].key != NULL);
	}
	CHECK_INT(csv, 14);
	CHECK_INT(json, 13);
}

/* Two decimals without printf: as printf writes them, ties, negative
 * values and -0.00 included (working days: ticks of 28800 a day). */
static void hundredths(void)
{
	mc_buf a = { 0 }, b = { 0 };
	long bad = 0;
	static const int64_t dens[] = { 28800, 3, 8, 1000000 };
	for (size_t d = 0; d < sizeof dens / sizeof dens[0]; d++)
		for (int64_t k = -300000; k <= 300000; k += d ? 7 : 1) {
			mc_buf_clear(&a);
			mc_buf_clear(&b);
			mc_json_dump_hundredths(k, dens[d], &a);
			mc_json_dump_fixed((double)k / (double)dens[d], 2, &b);
			if (strcmp(mc_buf_str(&a), mc_buf_str(&b)) && bad++ < 3)
				fprintf(stderr, "%lld/%lld: %s, printf %s\n", (long long)k,
					(long long)dens[d], mc_buf_str(&a), mc_buf_str(&b));
		}
	CHECK_INT(bad, 0);
	mc_buf_clear(&a);
	mc_json_dump_hundredths(-1, 28800, &a);
	CHECK_STR(mc_buf_str(&a), "-0.00");
	mc_buf_clear(&a);
	mc_json_dump_hundredths(144, 28800, &a);   /* half a hundredth: printf's */
	mc_buf_clear(&b);
	mc_json_dump_fixed(144 / 28800.0, 2, &b);
	CHECK_STR(mc_buf_str(&a), mc_buf_str(&b));
	mc_buf_clear(&a);
	mc_json_dump_hundredths(123456789, 28800, &a);
	CHECK_STR(mc_buf_str(&a), "4286.69");
	mc_buf_free(&a);
	mc_buf_free(&b);
}

int main(void)
{
	json_documents();
	hundredths();
	decimals();
	csv_fields();
	tables();
	count_columns();
	return CHECK_RESULT();
}
