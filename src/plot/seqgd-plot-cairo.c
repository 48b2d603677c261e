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
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
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
