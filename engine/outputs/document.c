/*
 * document.c - text and PDF rendering of forms (see document.h).
 */
#include "document.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#define TEXT_COLS 78

static int width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void pad(mc_buf *b, int n)
{
	for (int i = 0; i < n; i++)
		mc_buf_add(b, " ");
}

static void centered(mc_buf *b, const char *s, int left, int cols)
{
	pad(b, left + (cols - width(s)) / 2);
	mc_buf_add(b, s);
	mc_buf_add(b, "\n");
}

void mc_document_text(const mc_document *d, mc_buf *b)
{
	/* letterhead left (centred in 38 columns), heading right (in 40) */
	for (int i = 0; i < 3; i++) {
		const char *l = i < 4 ? d->left[i] : NULL, *r = i < 3 ? d->right[i] : NULL;
		if (!l && !r)
			break;
		int used = 0;
		if (l) {
			int p = (38 - width(l)) / 2;
			pad(b, p > 0 ? p : 0);
			mc_buf_add(b, l);
			used = (p > 0 ? p : 0) + width(l);
		}
		if (r) {
			int p = 38 + (40 - width(r)) / 2 - used;
			pad(b, p > 1 ? p : 1);
			mc_buf_add(b, r);
		}
		mc_buf_add(b, "\n");
	}
	mc_buf_add(b, "\n");
	if (d->above_title)
		mc_buf_addf(b, "%s\n\n", d->above_title);
	if (d->title)
		centered(b, d->title, 0, TEXT_COLS);
	if (d->subtitle)
		centered(b, d->subtitle, 0, TEXT_COLS);
	mc_buf_add(b, "\n");
	mc_buf_add(b, mc_buf_str(&d->body));
	if (d->sign[0]) {
		mc_buf_add(b, "\n");
		for (int i = 0; i < 4 && d->sign[i]; i++)
			centered(b, d->sign[i], 40, 38);
	}
}

void mc_document_clear(mc_document *d)
{
	mc_buf_free(&d->body);
	memset(d, 0, sizeof *d);
}

/* Draw `text` with `font` in a box of `w` points at (x, y); returns the
 * height used. align: 0 left, 1 centre. */
static double draw(cairo_t *cr, const char *text, const char *font, double x, double y,
		   double w, int align)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(layout, fd);
	pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, align ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	pango_layout_set_text(layout, text, -1);
	int pw, ph;
	pango_layout_get_size(layout, &pw, &ph);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	pango_font_description_free(fd);
	g_object_unref(layout);
	return (double)ph / PANGO_SCALE;
}

/* A QR code of `text`, `size` points wide, top-left at (x, y). */
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

int mc_document_pdf(const mc_document *d, const char *path, mc_error *err)
{
	const double mm = 72.0 / 25.4;
	int a5 = d->paper && !strcmp(d->paper, "A5");
	double pw = (a5 ? 148 : 210) * mm, ph = (a5 ? 210 : 297) * mm;
	double margin = (a5 ? 12 : 20) * mm, col = (pw - 2 * margin) / 2;
	const char *base = a5 ? "DejaVu Serif 8" : "DejaVu Serif 10.5";
	const char *head = a5 ? "DejaVu Serif 6" : "DejaVu Serif 9.5";
	const char *headb = a5 ? "DejaVu Serif Bold 6" : "DejaVu Serif Bold 9.5";
	const char *bold = a5 ? "DejaVu Serif Bold 8" : "DejaVu Serif Bold 10.5";
	const char *title = a5 ? "DejaVu Serif Bold 9" : "DejaVu Serif Bold 13";
	cairo_surface_t *surface = cairo_pdf_surface_create(path, pw, ph);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot create the PDF '%s'", path);
	}
	cairo_t *cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 0, 0, 0);
	double y = margin, yl = margin, yr = margin;
	/* the letterhead takes 45% of the width, the national heading 55% */
	double lw = (pw - 2 * margin) * 0.45, rw = (pw - 2 * margin) - lw;
	for (int i = 0; i < 4 && d->left[i]; i++)
		yl += draw(cr, d->left[i], i == 0 ? head : headb, margin, yl, lw, 1);
	for (int i = 0; i < 3 && d->right[i]; i++)
		yr += draw(cr, d->right[i], headb, margin + lw, yr, rw, 1);
	y = (yl > yr ? yl : yr) + 6 * mm;
	double qr_bottom = 0;
	if (d->qr) {
		/* the code in a corner, for scanners at the desk */
		double qs = (a5 ? 18 : 22) * mm;
		draw_qr(cr, d->qr, pw - margin - qs, y - 2 * mm, qs);
		qr_bottom = y - 2 * mm + qs + 1 * mm;
	}
	if (d->above_title)
		y += draw(cr, d->above_title, base, margin, y, pw - 2 * margin, 0) + 2 * mm;
	if (y < qr_bottom)
		y = qr_bottom;
	if (d->title)
		y += draw(cr, d->title, title, margin, y, pw - 2 * margin, 1);
	if (d->subtitle)
		y += draw(cr, d->subtitle, base, margin, y, pw - 2 * margin, 1);
	y += 4 * mm;
	/* body, line by line so that pages break between lines */
	const char *p = mc_buf_str(&d->body);
	char line[2048];
	while (*p) {
		size_t n = strcspn(p, "\n");
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line - 1 ? n : sizeof line - 1), p);
		p += n + (p[n] == '\n');
		PangoLayout *probe = pango_cairo_create_layout(cr);
		PangoFontDescription *fd = pango_font_description_from_string(base);
		pango_layout_set_font_description(probe, fd);
		pango_layout_set_width(probe, (int)((pw - 2 * margin) * PANGO_SCALE));
		pango_layout_set_wrap(probe, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_text(probe, line[0] ? line : " ", -1);
		int lwidth, lh;
		pango_layout_get_size(probe, &lwidth, &lh);
		pango_font_description_free(fd);
		g_object_unref(probe);
		if (y + (double)lh / PANGO_SCALE > ph - margin) {
			cairo_show_page(cr);
			y = margin;
		}
		y += draw(cr, line[0] ? line : " ", base, margin, y, pw - 2 * margin, 0);
	}
	if (d->sign[0]) {
		y += 6 * mm;
		if (y + 30 * mm > ph - margin) {
			cairo_show_page(cr);
			y = margin;
		}
		for (int i = 0; i < 4 && d->sign[i]; i++)
			y += draw(cr, d->sign[i], i == 0 ? bold : base, margin + col, y, col, 1) +
			     (i == 1 ? 14 * mm : 0);
	}
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_status_t st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS)
		return mc_error_set(err, MC_ERR_INTERNAL, "cannot write the PDF '%s': %s", path,
				    cairo_status_to_string(st));
	return MC_OK;
}
