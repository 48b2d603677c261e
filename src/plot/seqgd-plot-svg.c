/* seqgd-plot-svg.c — a scene as SVG with real text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cairo's SVG surface turns text into glyph outlines; this writer keeps
 * every label a <text> element, writes each curve as one <path> whose
 * class names its role (series, raw, mean, band, …) and puts the
 * experiment's description in <metadata>.  Baselines come from the same
 * pango measurement the layout used.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "seqgd-plot-private.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define SEQGD_NS "https://seqgd.github.io/ns/plot"

static void
num (GString *s,
     double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (fabs (v) < 5e-3)
    v = 0;
  g_ascii_formatd (buf, sizeof buf, "%.2f", v);
  /* Trim trailing zeros: "12.50" → "12.5", "3.00" → "3". */
  if (strchr (buf, '.') != NULL)
    {
      char *end = buf + strlen (buf) - 1;

      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  g_string_append (s, buf);
}

static void
color (GString      *s,
       const char   *attr,
       const double  rgba[4])
{
  g_string_append_printf (s, " %s=\"#%02x%02x%02x\"", attr,
                          (guint) lround (CLAMP (rgba[0], 0, 1) * 255),
                          (guint) lround (CLAMP (rgba[1], 0, 1) * 255),
                          (guint) lround (CLAMP (rgba[2], 0, 1) * 255));
  if (rgba[3] < 1)
    {
      g_string_append_printf (s, " %s-opacity=\"", attr);
      num (s, rgba[3]);
      g_string_append_c (s, '"');
    }
}

static void
escaped (GString    *s,
         const char *text)
{
  g_autofree char *e = g_markup_escape_text (text, -1);

  g_string_append (s, e);
}

static void
path_data (GString      *s,
           const GArray *points,
           gboolean      close)
{
  const double *p = (const double *) (gpointer) points->data;
  gboolean open = FALSE;

  for (guint i = 0; i + 1 < points->len; i += 2)
    {
      if (!isfinite (p[i]) || !isfinite (p[i + 1]))
        {
          if (open && close)
            g_string_append (s, "Z");
          open = FALSE;
          continue;
        }
      g_string_append_c (s, open ? 'L' : 'M');
      num (s, p[i]);
      g_string_append_c (s, ' ');
      num (s, p[i + 1]);
      open = TRUE;
    }
  if (open && close)
    g_string_append (s, "Z");
}

static void
open_element (GString             *s,
              const char          *name,
              const SeqgdPlotItem *item)
{
  g_string_append_printf (s, "<%s class=\"%s\"", name,
                          seqgd_plot_role_to_string (item->role));
  if (item->rule >= 0)
    g_string_append_printf (s, " data-rule=\"%d\"", item->rule);
  if (item->run >= 0)
    g_string_append_printf (s, " data-run=\"%d\"", item->run);
}

static void
write_line (GString             *s,
            const SeqgdPlotItem *item)
{
  if (item->points->len < 4 || item->line_width <= 0)
    return;

  open_element (s, "path", item);
  g_string_append (s, " fill=\"none\"");
  color (s, "stroke", item->rgba);
  g_string_append (s, " stroke-width=\"");
  num (s, item->line_width);
  g_string_append (s, "\" stroke-linejoin=\"round\"");
  if (item->n_dash > 0)
    {
      g_string_append (s, " stroke-dasharray=\"");
      for (guint i = 0; i < item->n_dash; i++)
        {
          if (i > 0)
            g_string_append_c (s, ' ');
          num (s, item->dash[i]);
        }
      g_string_append_c (s, '"');
    }
  else if (item->role != SEQGD_PLOT_ROLE_GRID
           && item->role != SEQGD_PLOT_ROLE_TICK
           && item->role != SEQGD_PLOT_ROLE_FRAME)
    g_string_append (s, " stroke-linecap=\"round\"");
  g_string_append (s, " d=\"");
  path_data (s, item->points, FALSE);
  g_string_append (s, "\"/>\n");
}

static void
write_band (GString             *s,
            const SeqgdPlotItem *item)
{
  if (item->points->len < 6)
    return;

  open_element (s, "path", item);
  color (s, "fill", item->rgba);
  g_string_append (s, " stroke=\"none\" d=\"");
  path_data (s, item->points, TRUE);
  g_string_append (s, "\"/>\n");
}

static void
write_boxes (GString             *s,
             const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;

  if (item->points->len < 4)
    return;

  open_element (s, "path", item);
  color (s, "fill", item->rgba);
  g_string_append (s, " stroke=\"none\" d=\"");
  for (guint i = 0; i + 3 < item->points->len; i += 4)
    {
      g_string_append_c (s, 'M');
      num (s, p[i]);
      g_string_append_c (s, ' ');
      num (s, p[i + 1]);
      g_string_append (s, "H");
      num (s, p[i + 2]);
      g_string_append (s, "V");
      num (s, p[i + 3]);
      g_string_append (s, "H");
      num (s, p[i]);
      g_string_append_c (s, 'Z');
    }
  g_string_append (s, "\"/>\n");
}

static void
write_rect (GString             *s,
            const SeqgdPlotItem *item)
{
  open_element (s, "rect", item);
  g_string_append (s, " x=\"");
  num (s, item->x);
  g_string_append (s, "\" y=\"");
  num (s, item->y);
  g_string_append (s, "\" width=\"");
  num (s, item->width);
  g_string_append (s, "\" height=\"");
  num (s, item->height);
  g_string_append_c (s, '"');
  if (item->fill[3] > 0)
    color (s, "fill", item->fill);
  else
    g_string_append (s, " fill=\"none\"");
  if (item->line_width > 0)
    {
      color (s, "stroke", item->rgba);
      g_string_append (s, " stroke-width=\"");
      num (s, item->line_width);
      g_string_append_c (s, '"');
    }
  g_string_append (s, "/>\n");
}

/* Discs as one path of two half-circle arcs each. */
static void
write_dots (GString             *s,
            const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;
  double r = item->width;

  open_element (s, "path", item);
  color (s, "fill", item->rgba);
  if (item->line_width > 0)
    {
      color (s, "stroke", item->fill);
      g_string_append (s, " stroke-width=\"");
      num (s, item->line_width);
      g_string_append_c (s, '"');
    }
  g_string_append (s, " d=\"");
  for (guint i = 0; i + 1 < item->points->len; i += 2)
    {
      double x = p[i], y = p[i + 1];

      if (!isfinite (x) || !isfinite (y))
        continue;
      g_string_append_c (s, 'M');
      num (s, x - r);
      g_string_append_c (s, ' ');
      num (s, y);
      for (int k = 0; k < 2; k++)
        {
          g_string_append_c (s, 'a');
          num (s, r);
          g_string_append_c (s, ' ');
          num (s, r);
          g_string_append (s, " 0 1 0 ");
          num (s, k == 0 ? 2 * r : -2 * r);
          g_string_append (s, " 0");
        }
    }
  g_string_append (s, "\"/>\n");
}

static void
write_markers (GString             *s,
               const SeqgdPlotItem *item)
{
  const double *p = (const double *) (gpointer) item->points->data;
  double r = item->width > 0 ? item->width : 4;

  open_element (s, "path", item);
  g_string_append (s, " fill=\"none\"");
  color (s, "stroke", item->rgba);
  g_string_append (s, " stroke-linecap=\"round\" stroke-width=\"");
  num (s, item->line_width);
  g_string_append (s, "\" d=\"");
  for (guint i = 0; i + 1 < item->points->len; i += 2)
    {
      double x = p[i], y = p[i + 1];

      if (!isfinite (x) || !isfinite (y))
        continue;
      g_string_append_c (s, 'M');
      num (s, x - r);
      g_string_append_c (s, ' ');
      num (s, y - r);
      g_string_append_c (s, 'L');
      num (s, x + r);
      g_string_append_c (s, ' ');
      num (s, y + r);
      g_string_append_c (s, 'M');
      num (s, x - r);
      g_string_append_c (s, ' ');
      num (s, y + r);
      g_string_append_c (s, 'L');
      num (s, x + r);
      g_string_append_c (s, ' ');
      num (s, y - r);
    }
  g_string_append (s, "\"/>\n");
}

static void
write_text (GString              *s,
            const SeqgdPlotScene *scene,
            PangoContext         *pango,
            const SeqgdPlotItem  *item)
{
  g_autoptr(PangoLayout) pl = pango_layout_new (pango);
  PangoRectangle logical;
  double h, baseline, along;
  const char *anchor;

  if (item->text == NULL || item->text[0] == '\0')
    return;

  _seqgd_plot_text_setup (pl, scene->font_family, item->font_size,
                          item->bold, item->text);
  pango_layout_get_extents (pl, NULL, &logical);
  h = (double) logical.height / PANGO_SCALE;
  baseline = (double) pango_layout_get_baseline (pl) / PANGO_SCALE;
  along = item->vertical ? item->valign : item->halign;
  anchor = along < 0.25 ? "start" : along > 0.75 ? "end" : "middle";
  if (item->vertical)
    anchor = along < 0.25 ? "end" : along > 0.75 ? "start" : "middle";

  open_element (s, "text", item);
  if (item->vertical)
    {
      g_string_append (s, " transform=\"translate(");
      num (s, item->x);
      g_string_append_c (s, ' ');
      num (s, item->y);
      g_string_append (s, ") rotate(-90)\" x=\"0\" y=\"");
      num (s, baseline - h * item->halign);
    }
  else
    {
      g_string_append (s, " x=\"");
      num (s, item->x);
      g_string_append (s, "\" y=\"");
      num (s, item->y - h * item->valign + baseline);
    }
  g_string_append_printf (s, "\" text-anchor=\"%s\" font-size=\"", anchor);
  num (s, item->font_size);
  g_string_append_c (s, '"');
  if (item->bold)
    g_string_append (s, " font-weight=\"bold\"");
  color (s, "fill", item->rgba);
  g_string_append_c (s, '>');
  escaped (s, item->text);
  g_string_append (s, "</text>\n");
}

static void
write_metadata (GString            *s,
                const char * const *metadata)
{
  g_string_append (s, "<metadata>\n<seqgd:plot xmlns:seqgd=\"" SEQGD_NS "\">\n");
  for (guint i = 0; metadata != NULL && metadata[i] != NULL
                    && metadata[i + 1] != NULL; i += 2)
    {
      g_string_append (s, "<seqgd:item name=\"");
      escaped (s, metadata[i]);
      g_string_append (s, "\">");
      escaped (s, metadata[i + 1]);
      g_string_append (s, "</seqgd:item>\n");
    }
  g_string_append (s, "</seqgd:plot>\n</metadata>\n");
}

char *
_seqgd_plot_scene_to_svg (const SeqgdPlotScene *scene,
                          const char * const   *metadata)
{
  GString *s = g_string_new (NULL);
  PangoContext *pango;
  cairo_font_options_t *fo = cairo_font_options_create ();
  guint n_clips = 0, depth = 0;

  pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango, fo);
  pango_cairo_context_set_resolution (pango, 96);
  cairo_font_options_destroy (fo);

  g_string_append (s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append (s, "<svg xmlns=\"" SVG_NS "\" version=\"1.1\" width=\"");
  num (s, scene->width);
  g_string_append (s, "\" height=\"");
  num (s, scene->height);
  g_string_append (s, "\" viewBox=\"0 0 ");
  num (s, scene->width);
  g_string_append_c (s, ' ');
  num (s, scene->height);
  g_string_append (s, "\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n");

  for (guint i = 0; metadata != NULL && metadata[i] != NULL
                    && metadata[i + 1] != NULL; i += 2)
    if (strcmp (metadata[i], "Title") == 0)
      {
        g_string_append (s, "<title>");
        escaped (s, metadata[i + 1]);
        g_string_append (s, "</title>\n");
      }
  write_metadata (s, metadata);

  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

      switch (item->kind)
        {
        case SEQGD_PLOT_ITEM_LINE:
          write_line (s, item);
          break;
        case SEQGD_PLOT_ITEM_BAND:
          write_band (s, item);
          break;
        case SEQGD_PLOT_ITEM_RECT:
          write_rect (s, item);
          break;
        case SEQGD_PLOT_ITEM_BOXES:
          write_boxes (s, item);
          break;
        case SEQGD_PLOT_ITEM_TEXT:
          write_text (s, scene, pango, item);
          break;
        case SEQGD_PLOT_ITEM_MARKER:
          write_markers (s, item);
          break;
        case SEQGD_PLOT_ITEM_DOTS:
          write_dots (s, item);
          break;
        case SEQGD_PLOT_ITEM_CLIP:
          g_string_append_printf (s, "<clipPath id=\"clip%u\"><rect x=\"",
                                  n_clips);
          num (s, item->x);
          g_string_append (s, "\" y=\"");
          num (s, item->y);
          g_string_append (s, "\" width=\"");
          num (s, item->width);
          g_string_append (s, "\" height=\"");
          num (s, item->height);
          g_string_append_printf (s, "\"/></clipPath>\n"
                                  "<g clip-path=\"url(#clip%u)\">\n", n_clips);
          n_clips++;
          depth++;
          break;
        case SEQGD_PLOT_ITEM_UNCLIP:
          if (depth > 0)
            {
              g_string_append (s, "</g>\n");
              depth--;
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  while (depth-- > 0)
    g_string_append (s, "</g>\n");
  g_string_append (s, "</svg>\n");
  g_object_unref (pango);
  return g_string_free (s, FALSE);
}
