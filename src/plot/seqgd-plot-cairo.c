/* seqgd-plot-cairo.c — drawing a scene with cairo and pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The backend of the window, PNG and PDF.  Text is laid out again on the
 * target context with unhinted metrics, the same settings layout used to
 * measure it, so anchors land where layout expected.
 */

#include "config.h"

#include <math.h>

#include <pango/pangocairo.h>

#include "seqgd-plot-private.h"

static void
set_source (cairo_t      *cr,
            const double  rgba[4])
{
  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
}

/* Adds the polyline to the path; NAN points start a new sub-path, and
 * with @close each sub-path is closed (polygons). */
static void
trace (cairo_t      *cr,
       const GArray *points,
       gboolean      close)
{
  const double *p = (const double *) (gpointer) points->data;
  guint n = points->len / 2;
  gboolean open = FALSE;

  for (guint i = 0; i < n; i++)
    {
      double x = p[2 * i], y = p[2 * i + 1];

      if (!isfinite (x) || !isfinite (y))
        {
          if (open && close)
            cairo_close_path (cr);
          open = FALSE;
          continue;
        }
      if (open)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      open = TRUE;
    }
  if (open && close)
    cairo_close_path (cr);
}

static void
draw_line (cairo_t             *cr,
           const SeqgdPlotItem *item)
{
  if (item->points->len < 4 || item->line_width <= 0)
    return;

  cairo_new_path (cr);
  trace (cr, item->points, FALSE);
  set_source (cr, item->rgba);
  cairo_set_line_width (cr, item->line_width);
  cairo_set_dash (cr, item->dash, (int) item->n_dash, 0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_line_cap (cr, item->n_dash > 0 ? CAIRO_LINE_CAP_BUTT
                                           : CAIRO_LINE_CAP_ROUND);
  if (item->role == SEQGD_PLOT_ROLE_GRID || item->role == SEQGD_PLOT_ROLE_TICK
      || item->role == SEQGD_PLOT_ROLE_FRAME)
    cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_band (cairo_t             *cr,
           const SeqgdPlotItem *item)
{
  cairo_new_path (cr);
  trace (cr, item->points, TRUE);
  set_source (cr, item->rgba);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
}

static gboolean
is_vector (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_SCRIPT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Adds @coverage (0..1) of the pixel at (@x, @y) of an A8 mask. */
static inline void
cover (guint8 *row,
       int     x,
       double  coverage)
{
  int v = row[x] + (int) (coverage * 255 + 0.5);

  row[x] = (guint8) MIN (v, 255);
}

static double
overlap (double a0,
         double a1,
         double b0,
         double b1)
{
  return MAX (0.0, MIN (a1, b1) - MAX (a0, b0));
}

/* Boxes rasterised into an A8 mask with exact area coverage, then one
 * mask operation.  cairo's general fill is far slower for a thousand
 * thin boxes.  Returns FALSE when the transformation is not a plain
 * scale and translation, and the caller fills a path instead. */
static gboolean
mask_boxes (cairo_t             *cr,
            const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;
  cairo_matrix_t m;
  double cx0, cy0, cx1, cy1, oversample = 1;
  cairo_surface_t *mask;
  guint8 *data;
  int stride, w, h, ox, oy;

  cairo_get_matrix (cr, &m);
  if (m.xy != 0 || m.yx != 0 || m.xx <= 0 || m.yy <= 0)
    return FALSE;
  /* A recording surface may be replayed at a higher scale later. */
  if (cairo_surface_get_type (cairo_get_target (cr))
      == CAIRO_SURFACE_TYPE_RECORDING)
    oversample = 2;

  /* Only the visible part of the boxes, in device pixels. */
  cairo_clip_extents (cr, &cx0, &cy0, &cx1, &cy1);
  {
    double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY;

    for (guint i = 0; i + 3 < item->points->len; i += 4)
      {
        bx0 = MIN (bx0, p[i]);
        by0 = MIN (by0, p[i + 1]);
        bx1 = MAX (bx1, p[i + 2]);
        by1 = MAX (by1, p[i + 3]);
      }
    cx0 = MAX (cx0, bx0);
    cy0 = MAX (cy0, by0);
    cx1 = MIN (cx1, bx1);
    cy1 = MIN (cy1, by1);
    if (cx1 <= cx0 || cy1 <= cy0)
      return TRUE;
  }
  cairo_user_to_device (cr, &cx0, &cy0);
  cairo_user_to_device (cr, &cx1, &cy1);
  ox = (int) floor (MIN (cx0, cx1) * oversample);
  oy = (int) floor (MIN (cy0, cy1) * oversample);
  w = (int) ceil (MAX (cx0, cx1) * oversample) - ox;
  h = (int) ceil (MAX (cy0, cy1) * oversample) - oy;
  if (w <= 0 || h <= 0)
    return TRUE;
  if ((gint64) w * h > 64 * 1024 * 1024)
    return FALSE;

  mask = cairo_image_surface_create (CAIRO_FORMAT_A8, w, h);
  data = cairo_image_surface_get_data (mask);
  stride = cairo_image_surface_get_stride (mask);

  for (guint i = 0; i + 3 < item->points->len; i += 4)
    {
      double x0 = p[i], y0 = p[i + 1], x1 = p[i + 2], y1 = p[i + 3];

      cairo_user_to_device (cr, &x0, &y0);
      cairo_user_to_device (cr, &x1, &y1);
      x0 = x0 * oversample - ox;
      x1 = x1 * oversample - ox;
      y0 = MAX (y0 * oversample - oy, 0.0);
      y1 = MIN (y1 * oversample - oy, (double) h);
      if (y1 <= y0)
        continue;

      for (int px = MAX ((int) floor (x0), 0); px < MIN ((int) ceil (x1), w);
           px++)
        {
          double cov_x = overlap (x0, x1, px, px + 1);

          for (int py = (int) floor (y0); py < (int) ceil (y1); py++)
            cover (data + (gsize) py * stride, px,
                   cov_x * overlap (y0, y1, py, py + 1));
        }
    }
  cairo_surface_mark_dirty (mask);

  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_scale (cr, 1 / oversample, 1 / oversample);
  set_source (cr, item->rgba);
  cairo_mask_surface (cr, mask, ox, oy);
  cairo_restore (cr);
  cairo_surface_destroy (mask);
  return TRUE;
}

static void
draw_boxes (cairo_t             *cr,
            const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;

  if (!is_vector (cr) && mask_boxes (cr, item))
    return;

  cairo_new_path (cr);
  for (guint i = 0; i + 3 < item->points->len; i += 4)
    cairo_rectangle (cr, p[i], p[i + 1], p[i + 2] - p[i], p[i + 3] - p[i + 1]);
  set_source (cr, item->rgba);
  cairo_fill (cr);
}

static void
draw_rect (cairo_t             *cr,
           const SeqgdPlotItem *item)
{
  cairo_new_path (cr);
  cairo_rectangle (cr, item->x, item->y, item->width, item->height);
  if (item->fill[3] > 0)
    {
      set_source (cr, item->fill);
      cairo_fill_preserve (cr);
    }
  if (item->line_width > 0)
    {
      set_source (cr, item->rgba);
      cairo_set_line_width (cr, item->line_width);
      cairo_stroke_preserve (cr);
    }
  cairo_new_path (cr);
}

static void
draw_markers (cairo_t             *cr,
              const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;
  double r = item->width > 0 ? item->width : 4;

  cairo_new_path (cr);
  for (guint i = 0; i + 1 < item->points->len; i += 2)
    {
      double x = p[i], y = p[i + 1];

      if (!isfinite (x) || !isfinite (y))
        continue;
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x - r, y + r);
      cairo_line_to (cr, x + r, y - r);
    }
  set_source (cr, item->rgba);
  cairo_set_line_width (cr, item->line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke (cr);
}

static void
draw_text (cairo_t              *cr,
           const SeqgdPlotScene *scene,
           const SeqgdPlotItem  *item)
{
  g_autoptr(PangoLayout) pl = NULL;
  cairo_font_options_t *fo;
  PangoRectangle logical;
  double w, h;

  if (item->text == NULL || item->text[0] == '\0')
    return;

  pl = pango_cairo_create_layout (cr);
  fo = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (pl), fo);
  pango_cairo_context_set_resolution (pango_layout_get_context (pl), 96);
  cairo_font_options_destroy (fo);
  pango_layout_context_changed (pl);

  _seqgd_plot_text_setup (pl, scene->font_family, item->font_size,
                          item->bold, item->text);
  pango_layout_get_extents (pl, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;

  cairo_save (cr);
  cairo_translate (cr, item->x, item->y);
  if (item->vertical)
    {
      cairo_rotate (cr, -G_PI / 2);
      cairo_move_to (cr, -w * item->valign, -h * item->halign);
    }
  else
    cairo_move_to (cr, -w * item->halign, -h * item->valign);
  set_source (cr, item->rgba);
  pango_cairo_show_layout (cr, pl);
  cairo_restore (cr);
}

void
_seqgd_plot_scene_draw_cairo (const SeqgdPlotScene *scene,
                              cairo_t              *cr)
{
  guint depth = 0;

  cairo_save (cr);
  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

      switch (item->kind)
        {
        case SEQGD_PLOT_ITEM_LINE:
          draw_line (cr, item);
          break;
        case SEQGD_PLOT_ITEM_BAND:
          draw_band (cr, item);
          break;
        case SEQGD_PLOT_ITEM_RECT:
          draw_rect (cr, item);
          break;
        case SEQGD_PLOT_ITEM_BOXES:
          draw_boxes (cr, item);
          break;
        case SEQGD_PLOT_ITEM_TEXT:
          draw_text (cr, scene, item);
          break;
        case SEQGD_PLOT_ITEM_MARKER:
          draw_markers (cr, item);
          break;
        case SEQGD_PLOT_ITEM_CLIP:
          cairo_save (cr);
          cairo_new_path (cr);
          cairo_rectangle (cr, item->x, item->y, item->width, item->height);
          cairo_clip (cr);
          depth++;
          break;
        case SEQGD_PLOT_ITEM_UNCLIP:
          if (depth > 0)
            {
              cairo_restore (cr);
              depth--;
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  while (depth-- > 0)
    cairo_restore (cr);
  cairo_restore (cr);
}
