/*
 * document.c - text and PDF rendering of forms (see document.h).
 *
 * The PDF follows Decree 30/2020/NĐ-CP, Appendix I: A4 with margins of
 * 20 mm top and bottom, 30 mm left, 15 mm right; the national heading in
 * bold capitals on one line (12-13 pt), the motto in bold (13-14 pt) with a
 * rule as wide as it; the agency's name in bold with a short rule (a third
 * of its width) under it; the number and the place and date (italic) on one
 * line under them; the title in bold capitals (13-14 pt); the body in 13-14
 * pt, justified; signature titles in bold, hints in italic. A5 is the same
 * page scaled by 148/210.
 */
#include "document.h"
#include "civil.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_COLS 78
#define MAX_COLS 16
/* Liberation Serif is metric-compatible with Times New Roman, the face the
 * decree names; DejaVu Serif covers any glyph it lacks. */
#define FAMILY "Liberation Serif,DejaVu Serif"

static int width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static int width_n(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n && s[i]; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

/* The byte length of the first `cols` characters of s. */
static size_t bytes_of(const char *s, int cols)
{
	size_t i = 0;
	int c = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (c == cols)
				break;
			c++;
		}
		i++;
	}
	return i;
}

static void pad(mc_buf *b, int n)
{
	for (int i = 0; i < n; i++)
		mc_buf_add(b, " ");
}

static void centered(mc_buf *b, const char *s, int left, int cols)
{
	if (!*s) {
		mc_buf_add(b, "\n");
		return;
	}
	int p = left + (cols - width(s)) / 2;
	pad(b, p > 0 ? p : 0);
	mc_buf_add(b, s);
	mc_buf_add(b, "\n");
}

static void dashes(char *buf, size_t n, int count)
{
	size_t i = 0;
	for (; i + 1 < n && (int)i < count; i++)
		buf[i] = '-';
	buf[i] = 0;
}

void mc_document_row(mc_document *d, int header, int n, const char *const *cells)
{
	mc_buf_add(&d->body, header ? MC_DOC_HEAD : MC_DOC_ROW);
	for (int i = 0; i < n; i++) {
		if (i)
			mc_buf_add(&d->body, MC_DOC_CELL);
		/* a cell's own line breaks become MC_DOC_BR */
		for (const char *p = cells[i] ? cells[i] : ""; *p; p++)
			mc_buf_addf(&d->body, "%c", *p == '\n' ? MC_DOC_BR[0] : *p);
	}
	mc_buf_add(&d->body, "\n");
}

void mc_document_place_date(mc_document *d, const char *place, int32_t day)
{
	int y, m, dd;
	mc_civil_from_days(day, &y, &m, &dd);
	snprintf(d->place_buf, sizeof d->place_buf, "%s, ngày %02d tháng %02d năm %d", place, dd, m, y);
	d->place_date = d->place_buf;
}

/* ---- charts ------------------------------------------------------------ */

#define CHART_MAX_BARS 64
#define CHART_MAX_SERIES 3

/* Encoded as one line: MC_DOC_CHART title CELL note CELL names (BR-separated)
 * then one CELL per bar: its label, BR, its values BR-separated. */
typedef struct chart {
	char title[256], note[512];
	int ns;
	char names[CHART_MAX_SERIES][64];
	size_t n;
	char labels[CHART_MAX_BARS][96];
	long v[CHART_MAX_BARS][CHART_MAX_SERIES];
} chart;

static void chart_text_part(mc_buf *b, const char *s)
{
	/* markup bytes never enter a chart's own text */
	for (const char *p = s ? s : ""; *p; p++)
		if ((unsigned char)*p >= 0x20 || *p == '\t')
			mc_buf_addn(b, p, 1);
}

void mc_document_chart(mc_document *d, const char *title, const char *note, int nseries,
		       const char *const *names, size_t n, const char *const *labels,
		       const long *values)
{
	if (nseries < 1)
		nseries = 1;
	if (nseries > CHART_MAX_SERIES)
		nseries = CHART_MAX_SERIES;
	if (n > CHART_MAX_BARS)
		n = CHART_MAX_BARS;
	mc_buf_add(&d->body, MC_DOC_CHART);
	chart_text_part(&d->body, title);
	mc_buf_add(&d->body, MC_DOC_CELL);
	chart_text_part(&d->body, note);
	mc_buf_add(&d->body, MC_DOC_CELL);
	for (int s = 0; s < nseries; s++) {
		if (s)
			mc_buf_add(&d->body, MC_DOC_BR);
		chart_text_part(&d->body, names[s]);
	}
	for (size_t i = 0; i < n; i++) {
		mc_buf_add(&d->body, MC_DOC_CELL);
		chart_text_part(&d->body, labels[i]);
		for (int s = 0; s < nseries; s++)
			mc_buf_addf(&d->body, MC_DOC_BR "%ld", values[i * (size_t)nseries + (size_t)s]);
	}
	mc_buf_add(&d->body, "\n");
}

/* Copy the part of [s, end) up to `stop` into dst; returns past it. */
static const char *chart_part(const char *s, const char *end, char stop, char *dst, size_t n)
{
	const char *e = memchr(s, stop, (size_t)(end - s));
	if (!e)
		e = end;
	snprintf(dst, n, "%.*s", (int)(e - s), s);
	return e < end ? e + 1 : end;
}

/* Parse the chart line at *p (its MC_DOC_CHART first); advance *p. */
static void chart_parse(chart *c, const char **p)
{
	const char *s = *p + 1;
	size_t len = strcspn(s, "\n");
	const char *end = s + len;
	memset(c, 0, sizeof *c);
	s = chart_part(s, end, MC_DOC_CELL[0], c->title, sizeof c->title);
	s = chart_part(s, end, MC_DOC_CELL[0], c->note, sizeof c->note);
	char names[256];
	s = chart_part(s, end, MC_DOC_CELL[0], names, sizeof names);
	const char *q = names, *qe = names + strlen(names);
	while (c->ns < CHART_MAX_SERIES) {
		q = chart_part(q, qe, MC_DOC_BR[0], c->names[c->ns], sizeof c->names[c->ns]);
		c->ns++;
		if (q >= qe)
			break;
	}
	while (s < end && c->n < CHART_MAX_BARS) {
		char bar[512];
		s = chart_part(s, end, MC_DOC_CELL[0], bar, sizeof bar);
		const char *b = bar, *be = bar + strlen(bar);
		b = chart_part(b, be, MC_DOC_BR[0], c->labels[c->n], sizeof c->labels[c->n]);
		for (int k = 0; k < c->ns && b < be; k++) {
			char num[32];
			b = chart_part(b, be, MC_DOC_BR[0], num, sizeof num);
			c->v[c->n][k] = strtol(num, NULL, 10);
		}
		c->n++;
	}
	*p = end + (*end == '\n');
}

static long chart_total(const chart *c, size_t i)
{
	long t = 0;
	for (int k = 0; k < c->ns; k++)
		t += c->v[i][k];
	return t;
}

static long chart_max(const chart *c)
{
	long m = 0;
	for (size_t i = 0; i < c->n; i++)
		if (chart_total(c, i) > m)
			m = chart_total(c, i);
	return m > 0 ? m : 1;
}

/* The series' colours: distinct in colour and in grey when printed black
 * and white (dark, light, middle). */
static const double chart_rgb[CHART_MAX_SERIES][3] = {
	{ 0.12, 0.29, 0.49 }, { 0.62, 0.78, 0.90 }, { 0.85, 0.47, 0.13 }
};
static const char *const chart_hex[CHART_MAX_SERIES] = { "#1f4a7d", "#9ec7e6", "#d97821" };
/* the value inside a part: white on the dark ones */
static const int chart_light_text[CHART_MAX_SERIES] = { 1, 0, 1 };

/* Text: the title, then one line a bar with its values and total. */
static void text_chart(mc_buf *b, const chart *c)
{
	mc_buf_addf(b, "%s\n", c->title);
	for (size_t i = 0; i < c->n; i++) {
		mc_buf_addf(b, "  %s:", c->labels[i]);
		for (int k = 0; k < c->ns && c->ns > 1; k++)
			mc_buf_addf(b, "%s %s %ld", k ? "," : "", c->names[k], c->v[i][k]);
		mc_buf_addf(b, "%s%ld\n", c->ns > 1 ? "; cộng " : " ", chart_total(c, i));
	}
	if (c->note[0])
		mc_buf_addf(b, "%s\n", c->note);
}

/* ---- tables ------------------------------------------------------------ */

typedef struct table {
	int nrows, ncols;
	int *header;                       /* per row; owned */
	char *(*cell)[MAX_COLS];           /* per row; owned, MC_DOC_BR kept */
	int cols[MAX_COLS];                /* widths in characters (text) */
	const double *shares;              /* the document's column shares, or NULL */
} table;

/* Parse the table starting at *p; advance *p past it. */
static void table_parse(table *t, const char **p)
{
	int cap = 0;
	memset(t, 0, sizeof *t);
	while (**p == MC_DOC_ROW[0] || **p == MC_DOC_HEAD[0]) {
		const char *s = *p;
		size_t n = strcspn(s, "\n");
		if (t->nrows == cap) {
			int ncap = cap ? 2 * cap : 16;
			int *h = realloc(t->header, (size_t)ncap * sizeof *h);
			if (h)
				t->header = h;
			char *(*c)[MAX_COLS] = h ? realloc(t->cell, (size_t)ncap * sizeof *c) : NULL;
			if (!c) {
				/* out of memory: the rest of the table is left out */
				while (**p == MC_DOC_ROW[0] || **p == MC_DOC_HEAD[0])
					*p += strcspn(*p, "\n") + ((*p)[strcspn(*p, "\n")] == '\n');
				break;
			}
			t->cell = c;
			memset(t->cell + cap, 0, (size_t)(ncap - cap) * sizeof *c);
			cap = ncap;
		}
		int r = t->nrows++;
		t->header[r] = *s == MC_DOC_HEAD[0];
		const char *c = s + 1, *end = s + n;
		int k = 0;
		while (c <= end && k < MAX_COLS) {
			const char *e = memchr(c, MC_DOC_CELL[0], (size_t)(end - c));
			if (!e)
				e = end;
			t->cell[r][k++] = strndup(c, (size_t)(e - c));
			c = e + 1;
		}
		if (k > t->ncols)
			t->ncols = k;
		*p = s + n + (s[n] == '\n');
	}
}

static void table_free(table *t)
{
	for (int r = 0; r < t->nrows; r++)
		for (int k = 0; k < MAX_COLS; k++)
			free(t->cell[r][k]);
	free(t->cell);
	free(t->header);
}

/* How wide `n` bytes of `s` are: in characters (text), or in points
 * (PDF, `ctx` a page). */
typedef double (*measure_fn)(const char *s, size_t n, void *ctx);

static double measure_chars(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	return width_n(s, n);
}

/* The widest line of the body (natural; headers wrap) and the least width
 * of column k: its widest word, and in the first column, which heads each
 * row, its cells' first lines kept whole (up to `cap`). */
static void column_measure(const table *t, int k, measure_fn m, void *ctx, double cap,
			   double *natural, double *least)
{
	*natural = *least = m("000", 3, ctx);
	for (int r = 0; r < t->nrows; r++) {
		const char *s = t->cell[r][k] ? t->cell[r][k] : "";
		int first = 1;
		while (*s) {
			size_t n = strcspn(s, MC_DOC_BR);
			double lw = m(s, n, ctx);
			if (!t->header[r] && k == 0 && first && lw > *least)
				*least = lw > cap * 0.95 ? cap * 0.95 : lw;
			if (lw > cap)
				lw = cap;
			if (!t->header[r] && lw > *natural)
				*natural = lw;
			for (size_t i = 0; i < n;) {
				size_t wl = strcspn(s + i, " " MC_DOC_BR);
				if (wl > n - i)
					wl = n - i;
				double ww = m(s + i, wl, ctx);
				if (ww > *least)
					*least = ww;
				i += wl + 1;
			}
			first = 0;
			s += n + (s[n] != 0);
		}
	}
	if (*natural < *least)
		*natural = *least;
	if (*natural < cap / 3.6)   /* room for a note by hand */
		*natural = cap / 3.6;
}

/* Column widths within `avail` into w[]: each its natural width when they
 * all fit; else each at least its least width, the rest shared in
 * proportion to what each would take more. */
static void table_widths(const table *t, double avail, measure_fn m, void *ctx, double *w)
{
	double nat[MAX_COLS], least[MAX_COLS], snat = 0, sleast = 0;
	if (t->shares) {
		/* the document sets them (a form's fixed columns) */
		for (int k = 0; k < t->ncols; k++)
			w[k] = t->shares[k] * avail;
		return;
	}
	for (int k = 0; k < t->ncols; k++) {
		column_measure(t, k, m, ctx, avail * 0.45, &nat[k], &least[k]);
		snat += nat[k];
		sleast += least[k];
	}
	for (int k = 0; k < t->ncols; k++) {
		if (snat <= avail)
			w[k] = nat[k];
		else if (sleast >= avail || snat == sleast)
			w[k] = least[k] * avail / sleast;
		else
			w[k] = least[k] + (nat[k] - least[k]) * (avail - sleast) / (snat - sleast);
	}
}

/* Wrap `s` (up to MC_DOC_BR or the end) into lines of at most `w`
 * characters, at spaces where it can; each line ends with '\n'. */
static void wrap(mc_buf *out, const char *s, size_t n, int w)
{
	while (n > 0) {
		if (width_n(s, n) <= w) {
			mc_buf_addf(out, "%.*s\n", (int)n, s);
			return;
		}
		size_t cut = bytes_of(s, w), brk = cut;
		while (brk > 0 && s[brk] != ' ')
			brk--;
		if (brk == 0)
			brk = cut;
		mc_buf_addf(out, "%.*s\n", (int)brk, s);
		while (brk < n && s[brk] == ' ')
			brk++;
		s += brk;
		n -= brk;
	}
}

static void text_rule(mc_buf *b, const table *t)
{
	mc_buf_add(b, "+");
	for (int k = 0; k < t->ncols; k++) {
		char d[128];
		dashes(d, sizeof d, t->cols[k] + 2);
		mc_buf_addf(b, "%s+", d);
	}
	mc_buf_add(b, "\n");
}

static void text_table(mc_buf *b, table *t, int width)
{
	double w[MAX_COLS];
	table_widths(t, width - 1 - 3 * t->ncols, measure_chars, NULL, w);
	for (int k = 0; k < t->ncols; k++)
		t->cols[k] = (int)w[k];
	text_rule(b, t);
	for (int r = 0; r < t->nrows; r++) {
		mc_buf lines[MAX_COLS];
		const char *at[MAX_COLS];
		int more = 1;
		for (int k = 0; k < t->ncols; k++) {
			memset(&lines[k], 0, sizeof lines[k]);
			const char *s = t->cell[r][k] ? t->cell[r][k] : "";
			for (;;) {
				size_t n = strcspn(s, MC_DOC_BR);
				if (n)
					wrap(&lines[k], s, n, t->cols[k]);
				else
					mc_buf_add(&lines[k], "\n");
				if (!s[n])
					break;
				s += n + 1;
			}
			at[k] = mc_buf_str(&lines[k]);
		}
		while (more) {
			more = 0;
			mc_buf_add(b, "|");
			for (int k = 0; k < t->ncols; k++) {
				size_t n = strcspn(at[k], "\n");
				mc_buf_addf(b, " %.*s", (int)n, at[k]);
				pad(b, t->cols[k] - width_n(at[k], n) + 1);
				mc_buf_add(b, "|");
				at[k] += n + (at[k][n] == '\n');
			}
			mc_buf_add(b, "\n");
			for (int k = 0; k < t->ncols; k++)
				more |= *at[k] != 0;
		}
		for (int k = 0; k < t->ncols; k++)
			mc_buf_free(&lines[k]);
		if (t->header[r] || r == t->nrows - 1)
			text_rule(b, t);
	}
}

/* ---- text -------------------------------------------------------------- */

static void two_columns(mc_buf *b, const char *l, const char *r)
{
	int used = 0;
	if (l && *l) {
		int p = (38 - width(l)) / 2;
		pad(b, p > 0 ? p : 0);
		mc_buf_add(b, l);
		used = (p > 0 ? p : 0) + width(l);
	}
	if (r && *r) {
		int p = 38 + (40 - width(r)) / 2 - used;
		pad(b, p > 1 ? p : 1);
		mc_buf_add(b, r);
	}
	mc_buf_add(b, "\n");
}

static void text_signatures(mc_buf *b, const mc_document *d)
{
	/* each block as lines: title lines, hint, a blank line, the name */
	mc_buf blk[2];
	for (int i = 0; i < 2; i++) {
		memset(&blk[i], 0, sizeof blk[i]);
		const mc_signature *s = &d->sign[i];
		if (!s->title)
			continue;
		mc_buf_addf(&blk[i], "%s\n", s->title);
		if (s->hint)
			mc_buf_addf(&blk[i], "%s\n", s->hint);
		if (s->name && *s->name)
			mc_buf_addf(&blk[i], "\n%s\n", s->name);
		else
			mc_buf_add(&blk[i], "\n");
	}
	const char *a = mc_buf_str(&blk[0]), *c = mc_buf_str(&blk[1]);
	mc_buf_add(b, "\n");
	while (*a || *c) {
		size_t na = strcspn(a, "\n"), nc = strcspn(c, "\n");
		char la[256], lc[256];
		snprintf(la, sizeof la, "%.*s", (int)na, a);
		snprintf(lc, sizeof lc, "%.*s", (int)nc, c);
		if (*a)
			two_columns(b, la, *c ? lc : NULL);
		else
			centered(b, lc, 40, 38);
		a += na + (a[na] == '\n');
		c += nc + (c[nc] == '\n');
	}
	for (int i = 0; i < 2; i++)
		mc_buf_free(&blk[i]);
}

void mc_document_text(const mc_document *d, mc_buf *b)
{
	/* letterhead left (centred in 38 columns), heading right (in 40), each
	 * with its rule */
	const char *L[6], *R[5];
	char lrule[64], rrule[64];
	int nl = 0, nr = 0;
	for (int i = 0; i < 4 && d->left[i]; i++)
		L[nl++] = d->left[i];
	if (nl) {
		dashes(lrule, sizeof lrule, width(L[nl - 1]) / 3 > 3 ? width(L[nl - 1]) / 3 : 3);
		L[nl++] = lrule;
	}
	for (int i = 0; i < 3 && d->right[i]; i++)
		R[nr++] = d->right[i];
	if (nr) {
		dashes(rrule, sizeof rrule, width(R[nr - 1]));
		R[nr++] = rrule;
	}
	for (int i = 0; i < nl || i < nr; i++)
		two_columns(b, i < nl ? L[i] : NULL, i < nr ? R[i] : NULL);
	if (d->number || d->place_date)
		two_columns(b, d->number, d->place_date);
	mc_buf_add(b, "\n");
	if (d->above_title)
		mc_buf_addf(b, "%s\n\n", d->above_title);
	int tc = d->text_cols > 0 ? d->text_cols : TEXT_COLS;
	if (d->title)
		centered(b, d->title, 0, tc);
	if (d->subtitle)
		centered(b, d->subtitle, 0, tc);
	if (d->subject) {
		char rule[64];
		centered(b, d->subject, 0, tc);
		dashes(rule, sizeof rule, width(d->subject) / 3 > 3 ? width(d->subject) / 3 : 3);
		centered(b, rule, 0, tc);
	}
	mc_buf_add(b, "\n");
	const char *p = mc_buf_str(&d->body);
	while (*p) {
		if (*p == MC_DOC_CHART[0]) {
			chart c;
			chart_parse(&c, &p);
			text_chart(b, &c);
			continue;
		}
		if (*p == MC_DOC_CENTER[0]) {
			size_t n = strcspn(++p, "\n");
			char line[1024];
			snprintf(line, sizeof line, "%.*s", (int)n, p);
			centered(b, line, 0, tc);
			p += n + (p[n] == '\n');
			continue;
		}
		if (*p == MC_DOC_ROW[0] || *p == MC_DOC_HEAD[0]) {
			table t;
			table_parse(&t, &p);
			t.shares = d->shares;
			text_table(b, &t, tc);
			table_free(&t);
			continue;
		}
		if (*p == MC_DOC_SMALL[0] || *p == MC_DOC_BOLD[0])
			p++;
		size_t n = strcspn(p, "\n");
		mc_buf_addf(b, "%.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	if (d->recipients)
		mc_buf_addf(b, "\nNơi nhận:\n%s", d->recipients);
	if (d->sign[0].title || d->sign[1].title)
		text_signatures(b, d);
}

void mc_document_clear(mc_document *d)
{
	mc_buf_free(&d->body);
	memset(d, 0, sizeof *d);
}

/* ---- PDF --------------------------------------------------------------- */

typedef struct page {
	cairo_t *cr;
	double pw, ph, top, bottom, left, right, tw, k;  /* k: the scale, 1 on A4 */
	double tpt;                                     /* tables' size */
	double y;
} page;

static PangoLayout *layout(page *pg, const char *text, const char *style, double pt, double w,
			   PangoAlignment al, int justify)
{
	char font[128];
	snprintf(font, sizeof font, FAMILY " %s %.2f", style, pt * pg->k);
	PangoLayout *l = pango_cairo_create_layout(pg->cr);
	/* sizes in points of the page: pango's default of 96 dpi would set
	 * "13 pt" at 17.3 pt of the PDF (cairo's unit is the point) */
	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
	pango_layout_context_changed(l);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (w > 0) {
		pango_layout_set_width(l, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, al);
	pango_layout_set_justify(l, justify);
	pango_layout_set_text(l, text, -1);
	return l;
}

static double layout_h(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double layout_w(PangoLayout *l)
{
	PangoRectangle ink, logical;
	pango_layout_get_extents(l, &ink, &logical);
	return (double)logical.width / PANGO_SCALE;
}

/* Show and free `l` at (x, y); returns its height. */
static double show(page *pg, PangoLayout *l, double x, double y)
{
	double h = layout_h(l);
	cairo_move_to(pg->cr, x, y);
	pango_cairo_show_layout(pg->cr, l);
	g_object_unref(l);
	return h;
}

static void hline(page *pg, double x0, double x1, double y)
{
	cairo_set_line_width(pg->cr, 0.6 * pg->k);
	cairo_move_to(pg->cr, x0, y);
	cairo_line_to(pg->cr, x1, y);
	cairo_stroke(pg->cr);
}

/* One line centred in [x, x + w], its size reduced until it fits on one
 * line; `rule` > 0 draws a rule under it of that fraction of its width.
 * Returns the height used. */
static double one_line(page *pg, const char *text, const char *style, double pt, double x,
		       double w, double rule)
{
	PangoLayout *l = layout(pg, text, style, pt, 0, PANGO_ALIGN_LEFT, 0);
	double tw = layout_w(l);
	if (tw > w) {
		g_object_unref(l);
		pt *= w / tw * 0.98;
		l = layout(pg, text, style, pt, 0, PANGO_ALIGN_LEFT, 0);
		tw = layout_w(l);
	}
	double h = show(pg, l, x + (w - tw) / 2, pg->y);
	if (rule > 0) {
		double rw = tw * rule;
		hline(pg, x + (w - rw) / 2, x + (w + rw) / 2, pg->y + h + 2.2 * pg->k);
		h += 4 * pg->k;
	}
	return h;
}

static PangoLayout *no_orphan(page *pg, const char *text, const char *style, double pt,
			      double *w);

/* The size of the letterhead's lines: 12.5 pt, down to 11 pt for the
 * lines that fit on one line at that size to stay on one line; a longer
 * one wraps. */
static double letterhead_pt(page *pg, const char *const *lines, int n, double w)
{
	double pt = 12.5;
	for (int i = 0; i < n; i++) {
		PangoLayout *l = layout(pg, lines[i], i == 0 && n > 1 ? "" : "Bold", 12.5, 0,
					PANGO_ALIGN_LEFT, 0);
		double tw = layout_w(l), fit = 12.5 * w / tw * 0.98;
		g_object_unref(l);
		if (fit >= 11 && fit < pt)
			pt = fit;
	}
	return pt;
}

/* A letterhead line at `pt`, centred (wrapped, no word alone, when it is
 * too long); `rule`: a rule a third of its width under it. */
static double letterhead_line(page *pg, const char *text, const char *style, double pt, double x,
			      double w, int rule)
{
	PangoLayout *l;
	double tw, nw = w;
	l = no_orphan(pg, text, style, pt, &nw);
	tw = layout_w(l);
	x += (w - nw) / 2;
	w = nw;
	double h = show(pg, l, x, pg->y);
	if (rule) {
		double rw = tw / 3;
		hline(pg, x + (w - rw) / 2, x + (w + rw) / 2, pg->y + h + 2.2 * pg->k);
		h += 4 * pg->k;
	}
	return h;
}

/* `text` centred in *w points; when its last line would hold one word
 * alone, it is set narrower (*w is what it took) until the last line
 * holds two. */
static PangoLayout *no_orphan(page *pg, const char *text, const char *style, double pt,
			      double *w)
{
	PangoLayout *l = layout(pg, text, style, pt, *w, PANGO_ALIGN_CENTER, 0);
	for (int tries = 0; tries < 12; tries++) {
		int n = pango_layout_get_line_count(l);
		if (n < 2)
			break;
		PangoLayoutLine *last = pango_layout_get_line_readonly(l, n - 1);
		const char *s = text + last->start_index;
		int len = last->length;
		while (len > 0 && s[len - 1] == ' ')
			len--;
		if (memchr(s, ' ', (size_t)len))
			break;
		g_object_unref(l);
		*w *= 0.93;
		l = layout(pg, text, style, pt, *w, PANGO_ALIGN_CENTER, 0);
	}
	return l;
}

/* The title, centred, no word alone on its last line, and its lines
 * balanced: as narrow as it can be set without taking one more line. */
static double title(page *pg, const char *text, const char *style, double pt)
{
	double w = pg->tw;
	PangoLayout *l = no_orphan(pg, text, style, pt, &w);
	int n = pango_layout_get_line_count(l);
	while (n > 1 && w > pg->tw * 0.5) {
		double nw = w * 0.96;
		PangoLayout *t = no_orphan(pg, text, style, pt, &nw);
		if (pango_layout_get_line_count(t) > n) {
			g_object_unref(t);
			break;
		}
		g_object_unref(l);
		l = t;
		w = nw;
	}
	return show(pg, l, pg->left + (pg->tw - w) / 2, pg->y);
}

static void new_page(page *pg)
{
	cairo_show_page(pg->cr);
	pg->y = pg->top;
}

/* Tables are set a little smaller than the body. */
#define TABLE_PT 11

static double measure_points(const char *s, size_t n, void *ctx)
{
	page *pg = ctx;
	char *text = strndup(s, n);
	PangoLayout *l = layout(pg, text ? text : "", "Bold", pg->tpt, 0, PANGO_ALIGN_LEFT, 0);
	double w = layout_w(l) + 1;
	g_object_unref(l);
	free(text);
	return w;
}

static PangoLayout *cell_layout(page *pg, const table *t, int r, int k, double w)
{
	char *s = strdup(t->cell[r][k] ? t->cell[r][k] : "");
	for (char *c = s; c && *c; c++)
		if (*c == MC_DOC_BR[0])
			*c = '\n';
	/* a figure (digits, a decimal comma) is set at the right */
	int num = s && !t->header[r] && *s && strspn(s, "0123456789,.%") == strlen(s);
	PangoLayout *l = layout(pg, s ? s : "", t->header[r] ? "Bold" : "", pg->tpt, w,
				t->header[r] ? PANGO_ALIGN_CENTER : num ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, 0);
	free(s);
	return l;
}

/* Row r: its height, and drawn with its cells' borders when `draw`. */
static double pdf_row(page *pg, const table *t, int r, const double *cw, double padx,
		      double pady, int draw)
{
	PangoLayout *ls[MAX_COLS];
	double rh = 0, x = pg->left;
	for (int k = 0; k < t->ncols; k++) {
		ls[k] = cell_layout(pg, t, r, k, cw[k] - 2 * padx);
		if (layout_h(ls[k]) + 2 * pady > rh)
			rh = layout_h(ls[k]) + 2 * pady;
	}
	cairo_set_line_width(pg->cr, 0.6 * pg->k);
	for (int k = 0; k < t->ncols; k++) {
		if (draw) {
			cairo_rectangle(pg->cr, x, pg->y, cw[k], rh);
			cairo_stroke(pg->cr);
			show(pg, ls[k], x + padx, pg->y + pady);
		} else
			g_object_unref(ls[k]);
		x += cw[k];
	}
	if (draw)
		pg->y += rh;
	return rh;
}

/* A table; on a new page the header row is repeated. */
static void pdf_table(page *pg, table *t)
{
	/* the cells' padding in proportion to the tables' size */
	double padx = 1.6 * pg->k * 72 / 25.4 * pg->tpt / TABLE_PT, pady = 1.0 * pg->k * 72 / 25.4;
	double cw[MAX_COLS];
	table_widths(t, pg->tw - 2 * padx * t->ncols - 1, measure_points, pg, cw);
	for (int k = 0; k < t->ncols; k++)
		cw[k] += 2 * padx;
	int head = -1;
	for (int r = 0; r < t->nrows; r++) {
		if (t->header[r])
			head = r;
		if (pg->y + pdf_row(pg, t, r, cw, padx, pady, 0) > pg->ph - pg->bottom) {
			new_page(pg);
			if (head >= 0 && head != r)
				pdf_row(pg, t, head, cw, padx, pady, 1);
		}
		pdf_row(pg, t, r, cw, padx, pady, 1);
	}
	pg->y += 3 * pg->k;
}

/* A bar chart across the text's width, kept on one page: the title, the
 * bars with each part's value inside it (when it has room) and the bar's
 * total above it, the labels under them, the legend and the note. */
static void pdf_chart(page *pg, const chart *c)
{
	double mm = 72.0 / 25.4 * pg->k, plot_h = 52 * mm, vpt = 9;
	PangoLayout *tl = layout(pg, c->title, "Bold", 12, pg->tw, PANGO_ALIGN_CENTER, 0);
	PangoLayout *nl = c->note[0] ? layout(pg, c->note, "Italic", 10, pg->tw, PANGO_ALIGN_LEFT, 0) : NULL;
	double need = layout_h(tl) + 6 * mm + plot_h + 14 * mm + (nl ? layout_h(nl) : 0);
	if (pg->y + need > pg->ph - pg->bottom)
		new_page(pg);
	pg->y += 2 * mm;
	pg->y += show(pg, tl, pg->left, pg->y) + 5 * mm;
	long max = chart_max(c);
	double x0 = pg->left + 2 * mm, x1 = pg->left + pg->tw - 2 * mm, base = pg->y + plot_h;
	double slot = c->n ? (x1 - x0) / (double)c->n : x1 - x0;
	double bw = slot * 0.62;
	if (bw > 16 * mm)
		bw = 16 * mm;
	/* labels wrap within their slot, smaller when a word would not fit */
	double lpt = 9;
	for (size_t i = 0; i < c->n; i++) {
		const char *w0 = c->labels[i];
		while (*w0) {
			size_t wl = strcspn(w0, " ");
			char word[64];
			snprintf(word, sizeof word, "%.*s", (int)wl, w0);
			PangoLayout *l = layout(pg, word, "", 9, 0, PANGO_ALIGN_LEFT, 0);
			double w = layout_w(l);
			g_object_unref(l);
			if (w > slot * 0.95 && 9 * slot * 0.95 / w < lpt)
				lpt = 9 * slot * 0.95 / w;
			w0 += wl + (w0[wl] == ' ');
		}
	}
	if (slot < 8 * mm)
		vpt = 7.5;
	cairo_t *cr = pg->cr;
	double label_end = base + 5 * mm;
	for (size_t i = 0; i < c->n; i++) {
		double x = x0 + slot * (double)i + (slot - bw) / 2, y = base;
		for (int k = 0; k < c->ns; k++) {
			double h = plot_h * (double)c->v[i][k] / (double)max;
			if (h <= 0)
				continue;
			cairo_set_source_rgb(cr, chart_rgb[k][0], chart_rgb[k][1], chart_rgb[k][2]);
			cairo_rectangle(cr, x, y - h, bw, h);
			cairo_fill(cr);
			if (c->ns > 1) {
				char v[24];
				snprintf(v, sizeof v, "%ld", c->v[i][k]);
				PangoLayout *l = layout(pg, v, "", vpt, 0, PANGO_ALIGN_LEFT, 0);
				if (layout_h(l) <= h && layout_w(l) <= bw) {
					double g = chart_light_text[k] ? 1 : 0;
					cairo_set_source_rgb(cr, g, g, g);
					show(pg, l, x + (bw - layout_w(l)) / 2, y - h / 2 - layout_h(l) / 2);
				} else
					g_object_unref(l);
			}
			y -= h;
		}
		char tot[24];
		snprintf(tot, sizeof tot, "%ld", chart_total(c, i));
		cairo_set_source_rgb(cr, 0, 0, 0);
		PangoLayout *l = layout(pg, tot, "Bold", vpt + 0.5, 0, PANGO_ALIGN_LEFT, 0);
		show(pg, l, x + (bw - layout_w(l)) / 2, y - layout_h(l) - 0.5 * mm);
		l = layout(pg, c->labels[i], "", lpt, slot * 0.95, PANGO_ALIGN_CENTER, 0);
		double lh = show(pg, l, x0 + slot * (double)i + slot * 0.025, base + 1 * mm);
		if (base + 1 * mm + lh > label_end)
			label_end = base + 1 * mm + lh;
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	hline(pg, x0, x1, base);
	pg->y = label_end + 1.5 * mm;
	if (c->ns > 1) {
		/* the legend, centred: a swatch and the name of each series */
		double widths[CHART_MAX_SERIES], total = 0;
		for (int k = 0; k < c->ns; k++) {
			PangoLayout *l = layout(pg, c->names[k], "", 10, 0, PANGO_ALIGN_LEFT, 0);
			widths[k] = layout_w(l) + 6 * mm;
			total += widths[k];
			g_object_unref(l);
		}
		double x = pg->left + (pg->tw - total) / 2, h = 0;
		for (int k = 0; k < c->ns; k++) {
			cairo_set_source_rgb(cr, chart_rgb[k][0], chart_rgb[k][1], chart_rgb[k][2]);
			cairo_rectangle(cr, x, pg->y + 1 * mm, 3 * mm, 3 * mm);
			cairo_fill_preserve(cr);
			cairo_set_source_rgb(cr, 0, 0, 0);
			cairo_set_line_width(cr, 0.4 * pg->k);
			cairo_stroke(cr);
			PangoLayout *l = layout(pg, c->names[k], "", 10, 0, PANGO_ALIGN_LEFT, 0);
			h = show(pg, l, x + 4 * mm, pg->y);
			x += widths[k];
		}
		pg->y += h + 2 * mm;
	}
	if (nl)
		pg->y += show(pg, nl, pg->left, pg->y);
	pg->y += 4 * mm;
}

static void draw_qr(cairo_t *cr, const char *text, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return;
	double m = size / (q->width + 2);   /* a quiet zone of one module */
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				cairo_rectangle(cr, x + (c + 1) * m, y + (r + 1) * m, m, m);
	cairo_fill(cr);
	QRcode_free(q);
}

/* Room for a signature (and the seal), in mm on A4. */
#define SIGN_ROOM 18

static double signature(page *pg, const mc_signature *s, double x, double w, double y0)
{
	double mm = 72.0 / 25.4 * pg->k;
	pg->y = y0;
	pg->y += show(pg, layout(pg, s->title, "Bold", 13, w, PANGO_ALIGN_CENTER, 0), x, pg->y);
	if (s->hint)
		pg->y += show(pg, layout(pg, s->hint, "Italic", 13, w, PANGO_ALIGN_CENTER, 0), x, pg->y);
	pg->y += SIGN_ROOM * mm;
	if (s->name && *s->name)
		pg->y += show(pg, layout(pg, s->name, "Bold", 13, w, PANGO_ALIGN_CENTER, 0), x, pg->y);
	return pg->y;
}

static void render(page *pg, const mc_document *d, const char *copy)
{
	double mm = 72.0 / 25.4 * pg->k;
	pg->y = pg->top;
	if (copy) {
		PangoLayout *l = layout(pg, copy, "Italic", 11, pg->tw, PANGO_ALIGN_RIGHT, 0);
		show(pg, l, pg->left, pg->top - 8 * mm);
	}
	/* the letterhead takes 42% of the width, the national heading 58% */
	double lw = pg->tw * 0.42, rw = pg->tw - lw, y0 = pg->y, yl, yr;
	int nl = 0;
	while (nl < 4 && d->left[nl])
		nl++;
	/* the letterhead no larger than the national heading, which keeps to
	 * one line */
	double lpt = letterhead_pt(pg, d->left, nl, lw);
	if (d->right[0]) {
		PangoLayout *l = layout(pg, d->right[0], "Bold", 12.5, 0, PANGO_ALIGN_LEFT, 0);
		double rfit = 12.5 * rw / layout_w(l) * 0.98;
		g_object_unref(l);
		if (rfit < lpt)
			lpt = rfit;
	}
	for (int i = 0; i < nl; i++)
		pg->y += letterhead_line(pg, d->left[i], i == 0 && nl > 1 ? "" : "Bold", lpt, pg->left,
					 lw, i == nl - 1);
	yl = pg->y;
	pg->y = y0;
	for (int i = 0; i < 3 && d->right[i]; i++)
		pg->y += one_line(pg, d->right[i], "Bold", i == 0 ? 12.5 : 13.5, pg->left + lw, rw,
				  i == 1 || !d->right[i + 1] ? 1.0 : 0);
	yr = pg->y;
	pg->y = (yl > yr ? yl : yr) + 2 * mm;
	if (d->number || d->place_date) {
		double h1 = 0, h2 = 0;
		double y = pg->y;
		if (d->number)
			h1 = one_line(pg, d->number, "", 13, pg->left, lw, 0);
		pg->y = y;
		if (d->place_date)
			h2 = one_line(pg, d->place_date, "Italic", 13, pg->left + lw, rw, 0);
		pg->y = y;
		pg->y += (h1 > h2 ? h1 : h2);
	}
	pg->y += 5 * mm;
	double qr_bottom = 0;
	if (d->qr) {
		/* the code in a corner, for scanners at the desk */
		double qs = 26 * mm;
		draw_qr(pg->cr, d->qr, pg->pw - pg->right - qs, pg->y - 2 * mm, qs);
		qr_bottom = pg->y - 2 * mm + qs + 1 * mm;
	}
	if (d->above_title)
		pg->y += show(pg, layout(pg, d->above_title, "", 13, pg->tw * 0.7, PANGO_ALIGN_LEFT, 0),
			      pg->left, pg->y) + 2 * mm;
	if (pg->y < qr_bottom)
		pg->y = qr_bottom;
	if (d->title)
		pg->y += title(pg, d->title, "Bold", 14);
	if (d->subtitle)
		pg->y += show(pg, layout(pg, d->subtitle, "Italic", 12, pg->tw, PANGO_ALIGN_CENTER, 0),
			      pg->left, pg->y);
	if (d->subject) {
		/* the subject in bold, no word alone on a line, a rule a third of
		 * its width under it */
		double w = pg->tw * 0.8;
		PangoLayout *l = no_orphan(pg, d->subject, "Bold", 14, &w);
		double sw = layout_w(l);
		pg->y += show(pg, l, pg->left + (pg->tw - w) / 2, pg->y);
		hline(pg, pg->left + pg->tw / 2 - sw / 6, pg->left + pg->tw / 2 + sw / 6, pg->y + 3 * pg->k);
		pg->y += 6 * pg->k;
	}
	pg->y += 5 * mm;
	/* the body, line by line so that pages break between lines */
	const char *p = mc_buf_str(&d->body);
	while (*p) {
		if (*p == MC_DOC_CHART[0]) {
			chart c;
			chart_parse(&c, &p);
			pdf_chart(pg, &c);
			continue;
		}
		if (*p == MC_DOC_CENTER[0]) {
			size_t n = strcspn(++p, "\n");
			char *line = strndup(p, n);
			p += n + (p[n] == '\n');
			PangoLayout *l = layout(pg, line ? line : " ", "", 14, pg->tw, PANGO_ALIGN_CENTER, 0);
			free(line);
			if (pg->y + layout_h(l) > pg->ph - pg->bottom)
				new_page(pg);
			pg->y += show(pg, l, pg->left, pg->y) + 2 * pg->k;
			continue;
		}
		if (*p == MC_DOC_ROW[0] || *p == MC_DOC_HEAD[0]) {
			table t;
			table_parse(&t, &p);
			t.shares = d->shares;
			pdf_table(pg, &t);
			table_free(&t);
			continue;
		}
		int small = *p == MC_DOC_SMALL[0], bold = *p == MC_DOC_BOLD[0];
		p += small || bold;
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);
		p += n + (p[n] == '\n');
		PangoLayout *l = layout(pg, line[0] ? line : " ", bold ? "Bold" : "", small ? 11 : 13,
					pg->tw, PANGO_ALIGN_LEFT, !small);
		free(line);
		if (pg->y + layout_h(l) > pg->ph - pg->bottom)
			new_page(pg);
		pg->y += show(pg, l, pg->left, pg->y) + (small ? 0 : 2 * pg->k);
	}
	if (d->sign[0].title || d->sign[1].title || d->recipients) {
		pg->y += 5 * mm;
		if (pg->y + (SIGN_ROOM + 14) * mm > pg->ph - pg->bottom)
			new_page(pg);
		double y0s = pg->y, half = pg->tw / 2, end = y0s;
		if (d->recipients) {
			/* Decree 30/2020: "Nơi nhận:" bold italic 12 pt, the list 11 pt */
			pg->y += show(pg, layout(pg, "Nơi nhận:", "Bold Italic", 12, half, PANGO_ALIGN_LEFT, 0),
				      pg->left, pg->y);
			pg->y += show(pg, layout(pg, d->recipients, "", 11, half, PANGO_ALIGN_LEFT, 0),
				      pg->left, pg->y);
			end = pg->y;
		}
		for (int i = 0; i < 2; i++) {
			if (!d->sign[i].title)
				continue;
			double e = signature(pg, &d->sign[i], pg->left + i * half, half, y0s);
			if (e > end)
				end = e;
		}
		pg->y = end;
	}
	cairo_show_page(pg->cr);
}

int mc_document_pdf(const mc_document *d, const char *path, mc_error *err)
{
	const double mm = 72.0 / 25.4;
	int a5 = d->paper && !strcmp(d->paper, "A5");
	page pg = { 0 };
	pg.k = a5 ? 148.0 / 210.0 : 1.0;
	pg.pw = (a5 ? 148 : 210) * mm;
	pg.ph = (a5 ? 210 : 297) * mm;
	if (d->landscape) {
		/* the same margins, the long side across (binding at the left) */
		double t = pg.pw;
		pg.pw = pg.ph;
		pg.ph = t;
	}
	pg.tpt = d->table_pt > 0 ? d->table_pt : TABLE_PT;
	pg.top = pg.bottom = 20 * mm * pg.k;
	pg.left = 30 * mm * pg.k;
	pg.right = 15 * mm * pg.k;
	pg.tw = pg.pw - pg.left - pg.right;
	cairo_surface_t *surface = cairo_pdf_surface_create(path, pg.pw, pg.ph);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot create the PDF '%s'", path);
	}
	pg.cr = cairo_create(surface);
	cairo_set_source_rgb(pg.cr, 0, 0, 0);
	if (!d->copies[0])
		render(&pg, d, NULL);
	for (int i = 0; i < 3 && d->copies[i]; i++)
		render(&pg, d, d->copies[i]);
	cairo_destroy(pg.cr);
	cairo_surface_finish(surface);
	cairo_status_t st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot write the PDF '%s': %s", path,
				    cairo_status_to_string(st));
	return MC_OK;
}

/* ---- HTML -------------------------------------------------------------- */

static void html_esc(mc_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		switch (s[i]) {
		case '<': mc_buf_add(b, "&lt;"); break;
		case '>': mc_buf_add(b, "&gt;"); break;
		case '&': mc_buf_add(b, "&amp;"); break;
		case '"': mc_buf_add(b, "&quot;"); break;
		case '\n': mc_buf_add(b, "<br>"); break;
		default:
			if ((unsigned char)s[i] >= 0x20)
				mc_buf_addn(b, s + i, 1);
			else if (s[i] == MC_DOC_BR[0])
				mc_buf_add(b, "<br>");
		}
	}
}

static void html_s(mc_buf *b, const char *s)
{
	html_esc(b, s, strlen(s));
}

/* The chart as inline SVG, the same drawing as the PDF's. */
static void html_chart(mc_buf *b, const chart *c)
{
	const double W = 640, plot_h = 190, top = 22, x0 = 8, x1 = W - 8;
	double slot = c->n ? (x1 - x0) / (double)c->n : x1 - x0, bw = slot * 0.62;
	if (bw > 48)
		bw = 48;
	int legend = c->ns > 1;
	double H = top + plot_h + 36 + (legend ? 22 : 0);
	long max = chart_max(c);
	double vpt = slot < 24 ? 9 : 11;
	mc_buf_add(b, "<figure class=\"chart\"><figcaption>");
	html_s(b, c->title);
	mc_buf_addf(b, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
		    "width=\"100%%\" role=\"img\" font-family=\"Liberation Serif, Times New Roman, serif\">"
		    "<title>", W, H);
	html_s(b, c->title);
	mc_buf_add(b, "</title>\n");
	double base = top + plot_h;
	for (size_t i = 0; i < c->n; i++) {
		double x = x0 + slot * (double)i + (slot - bw) / 2, y = base;
		/* the bar's figures in words, for a reader and a test */
		mc_buf_add(b, "<g><title>");
		html_s(b, c->labels[i]);
		mc_buf_add(b, ":");
		for (int k = 0; k < c->ns; k++) {
			mc_buf_addf(b, "%s ", k ? "," : "");
			html_s(b, c->names[k]);
			mc_buf_addf(b, " %ld", c->v[i][k]);
		}
		mc_buf_add(b, "</title>");
		for (int k = 0; k < c->ns; k++) {
			double h = plot_h * (double)c->v[i][k] / (double)max;
			if (h <= 0)
				continue;
			mc_buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
				    x, y - h, bw, h, chart_hex[k]);
			if (c->ns > 1 && h >= vpt + 2)
				mc_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"middle\" "
					    "dominant-baseline=\"central\" fill=\"%s\">%ld</text>",
					    x + bw / 2, y - h / 2, vpt, chart_light_text[k] ? "#fff" : "#000", c->v[i][k]);
			y -= h;
		}
		mc_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" font-weight=\"bold\" "
			    "text-anchor=\"middle\">%ld</text>", x + bw / 2, y - 3, vpt + 1, chart_total(c, i));
		/* a long label on two lines, split at its middle space */
		double lx = x0 + slot * (double)i + slot / 2, fs = slot < 40 ? 9.0 : 11.0;
		const char *lab = c->labels[i];
		size_t len = strlen(lab), cut = 0;
		if ((double)width(lab) * fs * 0.5 > slot * 0.95)
			for (size_t k = 0; k < len; k++)
				if (lab[k] == ' ' && (!cut || (k > len / 2 ? k - len / 2 : len / 2 - k) <
							      (cut > len / 2 ? cut - len / 2 : len / 2 - cut)))
					cut = k;
		mc_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"middle\">",
			    lx, base + 15, fs);
		if (cut) {
			html_esc(b, lab, cut);
			mc_buf_addf(b, "<tspan x=\"%.1f\" dy=\"%.0f\">", lx, fs + 2);
			html_s(b, lab + cut + 1);
			mc_buf_add(b, "</tspan>");
		} else
			html_s(b, lab);
		mc_buf_add(b, "</text></g>\n");
	}
	mc_buf_addf(b, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#000\"/>\n",
		    x0, base, x1, base);
	if (legend) {
		double x = W / 2 - 95.0 * c->ns / 2;
		for (int k = 0; k < c->ns; k++, x += 95) {
			mc_buf_addf(b, "<rect x=\"%.0f\" y=\"%.0f\" width=\"11\" height=\"11\" fill=\"%s\" "
				    "stroke=\"#000\" stroke-width=\"0.5\"/><text x=\"%.0f\" y=\"%.0f\" font-size=\"12\">",
				    x, H - 16, chart_hex[k], x + 15, H - 6);
			html_s(b, c->names[k]);
			mc_buf_add(b, "</text>");
		}
		mc_buf_add(b, "\n");
	}
	mc_buf_add(b, "</svg>");
	if (c->note[0]) {
		mc_buf_add(b, "<p class=\"note\">");
		html_s(b, c->note);
		mc_buf_add(b, "</p>");
	}
	mc_buf_add(b, "</figure>\n");
}

static void html_table(mc_buf *b, const table *t)
{
	mc_buf_add(b, "<table class=\"grid\">\n");
	for (int r = 0; r < t->nrows; r++) {
		mc_buf_add(b, "<tr>");
		for (int k = 0; k < t->ncols; k++) {
			const char *s = t->cell[r][k] ? t->cell[r][k] : "";
			/* figures right-aligned */
			int num = !t->header[r] && *s && strspn(s, "0123456789,.-%") == strlen(s);
			mc_buf_add(b, t->header[r] ? "<th>" : num ? "<td class=\"n\">" : "<td>");
			html_s(b, s);
			mc_buf_add(b, t->header[r] ? "</th>" : "</td>");
		}
		mc_buf_add(b, "</tr>\n");
	}
	mc_buf_add(b, "</table>\n");
}

static void html_signature(mc_buf *b, const mc_signature *s)
{
	mc_buf_add(b, "<p class=\"sign-title\">");
	html_s(b, s->title);
	mc_buf_add(b, "</p>");
	if (s->hint) {
		mc_buf_add(b, "<p class=\"sign-hint\">");
		html_s(b, s->hint);
		mc_buf_add(b, "</p>");
	}
	mc_buf_add(b, "<p class=\"sign-room\"></p><p class=\"sign-name\">");
	if (s->name)
		html_s(b, s->name);
	mc_buf_add(b, "</p>");
}

void mc_document_html(const mc_document *d, mc_buf *b)
{
	mc_buf_add(b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>");
	if (d->title)
		html_s(b, d->title);
	if (d->subject) {
		mc_buf_add(b, " — ");
		html_s(b, d->subject);
	}
	/* Decree 30/2020 on A4: margins 20 mm top and bottom, 30 mm left,
	 * 15 mm right; a Times face, 13 pt */
	mc_buf_add(b, "</title><style>\n"
		   "@page{size:A4 portrait;margin:20mm 15mm 20mm 30mm}\n"
		   "body{font-family:'Liberation Serif','Times New Roman',serif;font-size:13pt;line-height:1.3;"
		   "margin:2em auto;max-width:165mm;color:#000;background:#fff}\n"
		   "@media print{body{margin:0;max-width:none}}\n"
		   "table.heading,table.signatures{width:100%;border-collapse:collapse}\n"
		   "table.heading td,table.signatures td{vertical-align:top;text-align:center;padding:0}\n"
		   "table.heading td.left{width:42%}table.heading td.right{width:58%}\n"
		   ".head{margin:0;font-size:12.5pt;white-space:nowrap}.b{font-weight:bold}\n"
		   ".motto{margin:0;font-weight:bold;font-size:13.5pt;display:inline-block;border-bottom:0.6pt solid #000}\n"
		   ".agency{margin:0;font-weight:bold;font-size:12.5pt}"
		   ".rule{width:33%;margin:2pt auto 0;border:0;border-top:0.6pt solid #000}\n"
		   ".number{margin:6pt 0 0}.place{margin:6pt 0 0;font-style:italic}\n"
		   "h1{font-size:14pt;text-align:center;margin:18pt 0 0}"
		   ".subtitle{text-align:center;font-style:italic;font-size:12pt;margin:0}\n"
		   ".subject{text-align:center;font-weight:bold;font-size:14pt;margin:0 auto;max-width:80%}\n"
		   ".subject-rule{width:25%;margin:3pt auto 12pt;border:0;border-top:0.6pt solid #000}\n"
		   "p.body{margin:0 0 3pt;text-align:justify;text-indent:1cm}"
		   "p.bold{margin:9pt 0 3pt;font-weight:bold}\n"
		   "p.center{margin:6pt 0 9pt;text-align:center;font-size:14pt}p.small{margin:0;font-size:11pt}\n"
		   "table.grid{border-collapse:collapse;width:100%;font-size:10.5pt;margin:4pt 0 8pt;"
		   "page-break-inside:auto}\n"
		   "table.grid th,table.grid td{border:0.6pt solid #000;padding:1pt 3pt;vertical-align:top}"
		   "table.grid th{font-weight:bold;text-align:center}table.grid td.n{text-align:right}\n"
		   "table.grid tr{page-break-inside:avoid}\n"
		   "figure.chart{margin:8pt 0;page-break-inside:avoid}"
		   "figure.chart figcaption{font-weight:bold;text-align:center;font-size:12pt}\n"
		   "p.note{font-size:10pt;font-style:italic;margin:2pt 0}\n"
		   "table.signatures{margin-top:14pt;page-break-inside:avoid}"
		   "table.signatures td{width:50%}\n"
		   ".recipients{text-align:left!important;font-size:11pt}"
		   ".recipients p{margin:0}.recipients .label{font-weight:bold;font-style:italic;font-size:12pt}\n"
		   ".sign-title{margin:0;font-weight:bold}.sign-hint{margin:0;font-style:italic}"
		   ".sign-room{height:18mm;margin:0}.sign-name{margin:0;font-weight:bold}\n"
		   "</style></head><body>\n<table class=\"heading\"><tr><td class=\"left\">");
	int nl = 0;
	while (nl < 4 && d->left[nl])
		nl++;
	for (int i = 0; i < nl; i++) {
		mc_buf_add(b, i == 0 && nl > 1 ? "<p class=\"head\">" : "<p class=\"agency\">");
		html_s(b, d->left[i]);
		mc_buf_add(b, "</p>");
	}
	if (nl)
		mc_buf_add(b, "<hr class=\"rule\">");
	mc_buf_add(b, "</td><td class=\"right\">");
	for (int i = 0; i < 3 && d->right[i]; i++) {
		mc_buf_add(b, i == 0 ? "<p class=\"head b\">" : "<p class=\"motto\">");
		html_s(b, d->right[i]);
		mc_buf_add(b, "</p>");
	}
	mc_buf_add(b, "</td></tr>\n<tr><td class=\"left\"><p class=\"number\">");
	if (d->number)
		html_s(b, d->number);
	mc_buf_add(b, "</p></td><td class=\"right\"><p class=\"place\">");
	if (d->place_date)
		html_s(b, d->place_date);
	mc_buf_add(b, "</p></td></tr></table>\n");
	if (d->above_title) {
		mc_buf_add(b, "<p>");
		html_s(b, d->above_title);
		mc_buf_add(b, "</p>\n");
	}
	if (d->title) {
		mc_buf_add(b, "<h1>");
		html_s(b, d->title);
		mc_buf_add(b, "</h1>\n");
	}
	if (d->subtitle) {
		mc_buf_add(b, "<p class=\"subtitle\">");
		html_s(b, d->subtitle);
		mc_buf_add(b, "</p>\n");
	}
	if (d->subject) {
		mc_buf_add(b, "<p class=\"subject\">");
		html_s(b, d->subject);
		mc_buf_add(b, "</p><hr class=\"subject-rule\">\n");
	}
	const char *p = mc_buf_str(&d->body);
	while (*p) {
		if (*p == MC_DOC_CHART[0]) {
			chart *c = malloc(sizeof *c);
			if (!c) {
				p += strcspn(p, "\n");
				p += *p == '\n';
				continue;
			}
			chart_parse(c, &p);
			html_chart(b, c);
			free(c);
			continue;
		}
		if (*p == MC_DOC_ROW[0] || *p == MC_DOC_HEAD[0]) {
			table t;
			table_parse(&t, &p);
			html_table(b, &t);
			table_free(&t);
			continue;
		}
		const char *cls = "body";
		if (*p == MC_DOC_SMALL[0])
			cls = "small";
		else if (*p == MC_DOC_BOLD[0])
			cls = "bold";
		else if (*p == MC_DOC_CENTER[0])
			cls = "center";
		if (strcmp(cls, "body"))
			p++;
		size_t n = strcspn(p, "\n");
		mc_buf_addf(b, "<p class=\"%s\">", cls);
		html_esc(b, p, n);
		mc_buf_add(b, "</p>\n");
		p += n + (p[n] == '\n');
	}
	if (d->sign[0].title || d->sign[1].title || d->recipients) {
		mc_buf_add(b, "<table class=\"signatures\"><tr><td class=\"");
		mc_buf_add(b, d->recipients ? "recipients\">" : "\">");
		if (d->recipients) {
			mc_buf_add(b, "<p class=\"label\">Nơi nhận:</p><p>");
			html_s(b, d->recipients);
			mc_buf_add(b, "</p>");
		} else if (d->sign[0].title)
			html_signature(b, &d->sign[0]);
		mc_buf_add(b, "</td><td>");
		if (d->sign[1].title)
			html_signature(b, &d->sign[1]);
		mc_buf_add(b, "</td></tr></table>\n");
	}
	mc_buf_add(b, "</body></html>\n");
}
