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

/* The width in pixels that a data curve's or band's points span;
 * infinite for other items, which are never dense. */
static double
pixel_span (const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;
  double x0 = INFINITY, x1 = -INFINITY;

  if (item->role != SEQGD_PLOT_ROLE_SERIES && item->role != SEQGD_PLOT_ROLE_RAW
      && item->role != SEQGD_PLOT_ROLE_MEAN
      && item->role != SEQGD_PLOT_ROLE_BAND)
    return INFINITY;
  for (guint i = 0; i + 1 < item->points->len; i += 2)
    if (isfinite (p[i]))
      {
        x0 = MIN (x0, p[i]);
        x1 = MAX (x1, p[i]);
      }
  return x1 > x0 ? x1 - x0 : INFINITY;
}

static gboolean is_vector       (cairo_t             *cr);
static gboolean mask_dense_line (cairo_t             *cr,
                                 const SeqgdPlotItem *item);

static void
draw_line (cairo_t             *cr,
           const SeqgdPlotItem *item)
{
  if (item->points->len < 4 || item->line_width <= 0)
    return;
  /* Solid, a line with a vertex per pixel column covers what its column
   * spans do; dashed, only a zigzag does not lose its pattern by it. */
  if (!is_vector (cr)
      && item->points->len / 2 > (item->n_dash > 0 ? 1.5 : 0.9)
                                 * pixel_span (item)
      && mask_dense_line (cr, item))
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
  /* A band with a vertex per pixel column on each edge is translucent
   * and rough at that scale; cairo's 4 × 4 coverage looks the same there
   * at a third of the cost of its finest. */
  if (item->points->len / 2 > 1.5 * pixel_span (item))
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_fill (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
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

/* Columns of a box mask composited together. */
#define MASK_STRIP 32

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
mask_boxes (cairo_t      *cr,
            const GArray *boxes,
            const double  rgba[4])
{
  const double *p = (const double *) (gpointer) boxes->data;
  cairo_matrix_t m;
  double cx0, cy0, cx1, cy1, oversample = 1;
  cairo_surface_t *mask;
  guint8 *data;
  int stride, w, h, ox, oy, n_strips;
  int *strip_y0, *strip_y1;

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

    for (guint i = 0; i + 3 < boxes->len; i += 4)
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
  n_strips = w / MASK_STRIP + 1;
  strip_y0 = g_new (int, n_strips);
  strip_y1 = g_new (int, n_strips);
  for (int k = 0; k < n_strips; k++)
    {
      strip_y0[k] = h;
      strip_y1[k] = 0;
    }

  for (guint i = 0; i + 3 < boxes->len; i += 4)
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
          int k = px / MASK_STRIP;

          strip_y0[k] = MIN (strip_y0[k], (int) floor (y0));
          strip_y1[k] = MAX (strip_y1[k], (int) ceil (y1));
          int r0 = (int) floor (y0), r1 = (int) ceil (y1);
          guint8 full = (guint8) (cov_x * 255 + 0.5);

          /* Rows inside the box are covered as far as the column is;
           * only the first and last can be partly outside. */
          cover (data + (gsize) r0 * stride, px,
                 cov_x * overlap (y0, y1, r0, r0 + 1));
          for (int py = r0 + 1; py < r1 - 1; py++)
            {
              guint8 *q = data + (gsize) py * stride + px;

              *q = (guint8) MIN (*q + full, 255);
            }
          if (r1 - 1 > r0)
            cover (data + (gsize) (r1 - 1) * stride, px,
                   cov_x * overlap (y0, y1, r1 - 1, r1));
        }
    }
  cairo_surface_mark_dirty (mask);

  /* Each strip of columns is composited only over the rows its boxes
   * reach: a curve covers a small part of its bounding box, and the
   * mask operation costs per pixel of the area it is given.  The strips
   * are whole pixels apart, so none is drawn twice. */
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_scale (cr, 1 / oversample, 1 / oversample);
  set_source (cr, rgba);
  for (int k = 0; k < n_strips; k++)
    {
      if (strip_y1[k] <= strip_y0[k])
        continue;
      cairo_save (cr);
      cairo_rectangle (cr, ox + k * MASK_STRIP, oy + strip_y0[k],
                       MIN (MASK_STRIP, w - k * MASK_STRIP),
                       strip_y1[k] - strip_y0[k]);
      cairo_clip (cr);
      cairo_mask_surface (cr, mask, ox, oy);
      cairo_restore (cr);
    }
  cairo_restore (cr);
  cairo_surface_destroy (mask);
  g_free (strip_y0);
  g_free (strip_y1);
  return TRUE;
}

/* Appends the parts of the box [x0, x1] × [y0, y1] that the dash pattern
 * leaves on, with the pattern laid along x from @origin. */
static void
dashed_box (GArray              *boxes,
            const SeqgdPlotItem *item,
            double               origin,
            double               period,
            double               x0,
            double               y0,
            double               x1,
            double               y1)
{
  double start = x0 - fmod (x0 - origin, period);

  for (double base = start; base < x1; base += period)
    {
      double on = base;

      for (guint k = 0; k < item->n_dash; k++)
        {
          double end = on + item->dash[k];

          if (k % 2 == 0 && end > x0 && on < x1)
            {
              double box[4] = { MAX (on, x0), y0, MIN (end, x1), y1 };

              g_array_append_vals (boxes, box, 4);
            }
          on = end;
        }
    }
}

/* A polyline with several vertices per pixel column, as the reduction
 * makes a long curve, covers in each column the span of its vertices
 * there and of the last one before; stroking the zigzag costs cairo time
 * per vertex for the same pixels, so it is drawn as those spans, like
 * a dense envelope.  A dash pattern is laid along x: on a zigzag, dashes
 * along the path would fall at random and no longer read as a pattern.
 * Returns FALSE, drawing nothing, when the points are not in columns. */
static gboolean
mask_dense_line (cairo_t             *cr,
                 const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;
  guint n = item->points->len / 2;
  double hw = item->line_width / 2, period = 0, origin = NAN;
  double prev_x = NAN, prev_last = NAN;
  g_autoptr(GArray) cols = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_cols;

  for (guint k = 0; k < item->n_dash; k++)
    period += item->dash[k];
  if (item->n_dash > 0 && (period <= 0 || item->n_dash % 2 != 0))
    return FALSE;

  /* Columns: x, top, bottom, connected to the previous one. */
  for (guint i = 0; i < n;)
    {
      double x = p[2 * i], top, bottom, last, col[4];

      if (!isfinite (x) || !isfinite (p[2 * i + 1]))
        {
          prev_last = NAN;
          i++;
          continue;
        }
      top = bottom = p[2 * i + 1];
      if (isfinite (prev_last))
        {
          if (x <= prev_x)
            return FALSE;
          top = MIN (top, prev_last);
          bottom = MAX (bottom, prev_last);
        }
      for (last = p[2 * i + 1], i++; i < n && p[2 * i] == x; i++)
        {
          if (!isfinite (p[2 * i + 1]))
            break;
          last = p[2 * i + 1];
          top = MIN (top, last);
          bottom = MAX (bottom, last);
        }
      col[0] = x;
      col[1] = top;
      col[2] = bottom;
      col[3] = isfinite (prev_last);
      g_array_append_vals (cols, col, 4);
      prev_x = x;
      prev_last = last;
    }

  /* Each column reaches halfway to its neighbours, and a line width
   * beyond its vertices up and down. */
  n_cols = cols->len / 4;
  for (guint c = 0; c < n_cols; c++)
    {
      const double *col = &g_array_index (cols, double, 4 * c);
      double left = c > 0 && col[3] ? (col[-4] + col[0]) / 2 : col[0] - 0.5;
      double right = c + 1 < n_cols && col[7] ? (col[0] + col[4]) / 2
                                              : col[0] + 0.5;
      double box[4] = { left, col[1] - hw, right, col[2] + hw };

      if (right - left > 1.5)
        return FALSE;
      if (!isfinite (origin))
        origin = left;
      if (item->n_dash == 0)
        g_array_append_vals (boxes, box, 4);
      else
        dashed_box (boxes, item, origin, period, box[0], box[1], box[2],
                    box[3]);
    }
  return mask_boxes (cr, boxes, item->rgba);
}

static void
draw_boxes (cairo_t             *cr,
            const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;

  if (!is_vector (cr) && mask_boxes (cr, item->points, item->rgba))
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
draw_dots (cairo_t             *cr,
           const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;

  cairo_new_path (cr);
  for (guint i = 0; i + 1 < item->points->len; i += 2)
    {
      if (!isfinite (p[i]) || !isfinite (p[i + 1]))
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, p[i], p[i + 1], item->width, 0, 2 * G_PI);
    }
  set_source (cr, item->rgba);
  if (item->line_width > 0)
    {
      cairo_fill_preserve (cr);
      set_source (cr, item->fill);
      cairo_set_line_width (cr, item->line_width);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
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
        case SEQGD_PLOT_ITEM_DOTS:
          draw_dots (cr, item);
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
