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
	mc_buf_add(b, "\n");
	const char *p = mc_buf_str(&d->body);
	while (*p) {
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
	PangoLayout *l = layout(pg, s ? s : "", t->header[r] ? "Bold" : "", pg->tpt, w,
				t->header[r] ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, 0);
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
	pg->y += 5 * mm;
	/* the body, line by line so that pages break between lines */
	const char *p = mc_buf_str(&d->body);
	while (*p) {
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
