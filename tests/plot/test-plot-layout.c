/* test-plot-layout.c — ticks, legend placement, geometry, zoom and pan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "seqgd-plot-private.h"
#include "plot-synth.h"

static GArray *
ticks_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (SeqgdPlotTick));
}

static void
ticks_free (GArray *ticks)
{
  _seqgd_plot_ticks_clear (ticks);
  g_array_unref (ticks);
}

/* "v:label" for every tick, majors only when @majors_only. */
static char *
ticks_to_string (GArray   *ticks,
                 gboolean  majors_only)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ticks->len; i++)
    {
      SeqgdPlotTick *t = &g_array_index (ticks, SeqgdPlotTick, i);

      if (majors_only && !t->major)
        continue;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, t->label != NULL ? t->label : "·");
    }
  return g_string_free (s, FALSE);
}

static void
check_linear (double      lo,
              double      hi,
              guint       max_major,
              const char *expected)
{
  GArray *ticks = ticks_new ();
  g_autofree char *got = NULL;

  _seqgd_plot_ticks_linear (lo, hi, max_major, ticks);
  got = ticks_to_string (ticks, FALSE);
  g_assert_cmpstr (got, ==, expected);
  ticks_free (ticks);
}

static void
test_ticks_linear (void)
{
  check_linear (0, 1, 5, "0.0 0.2 0.4 0.6 0.8 1.0");
  check_linear (0, 5625, 6, "0 1000 2000 3000 4000 5000");
  check_linear (0.31, 2.87, 6, "0.5 1.0 1.5 2.0 2.5");
  check_linear (-3, 3, 3, "−2 0 2");
  check_linear (0, 180000, 4, "0 50k 100k 150k");
  check_linear (86.4, 89.1, 6, "86.5 87.0 87.5 88.0 88.5 89.0");
  check_linear (1, 3, 4, "1.0 1.5 2.0 2.5 3.0");
  check_linear (0, 3e6, 3, "0 1M 2M 3M");
  check_linear (0.000101, 0.000109, 4, "1.02e-04 1.04e-04 1.06e-04 1.08e-04");
  check_linear (0, 3e9, 3, "0 1G 2G 3G");
  /* What a diverging loss reaches before it becomes NaN. */
  check_linear (0, 2e37, 4, "0 5e+36 1.0e+37 1.5e+37 2.0e+37");
  check_linear (0, 2e13, 4, "0 5e+12 1.0e+13 1.5e+13 2.0e+13");

  /* Whatever the magnitude, labels stay short. */
  for (int e = -300; e <= 300; e += 7)
    for (int m = 1; m <= 9; m += 4)
      {
        double hi = m * pow (10, e);
        GArray *ticks = ticks_new ();

        _seqgd_plot_ticks_linear (hi * 0.1, hi, 5, ticks);
        for (guint i = 0; i < ticks->len; i++)
          {
            const char *label = g_array_index (ticks, SeqgdPlotTick, i).label;

            if (g_utf8_strlen (label, -1) > 9)
              g_error ("“%s” is too long a label for %g", label, hi);
          }
        ticks_free (ticks);
      }
}

static void
test_ticks_log (void)
{
  GArray *ticks = ticks_new ();
  g_autofree char *majors = NULL;
  g_autofree char *all = NULL;
  guint n_minor = 0;

  /* Four decades: labelled decades, eight minor ticks between each. */
  _seqgd_plot_ticks_log (0.01, 10, 8, ticks);
  majors = ticks_to_string (ticks, TRUE);
  g_assert_cmpstr (majors, ==, "0.01 0.1 1 10");
  for (guint i = 0; i < ticks->len; i++)
    n_minor += !g_array_index (ticks, SeqgdPlotTick, i).major;
  g_assert_cmpuint (n_minor, ==, 3 * 8);
  _seqgd_plot_ticks_clear (ticks);

  /* Too many decades for the room: every other one is labelled. */
  _seqgd_plot_ticks_log (1e-8, 1e3, 6, ticks);
  g_clear_pointer (&majors, g_free);
  majors = ticks_to_string (ticks, TRUE);
  g_assert_cmpstr (majors, ==, "10⁻⁸ 10⁻⁶ 10⁻⁴ 10⁻² 10⁰ 10²");
  _seqgd_plot_ticks_clear (ticks);

  /* Under two decades: 1, 2, 5 labelled, the rest minor. */
  _seqgd_plot_ticks_log (0.15, 3.4, 8, ticks);
  all = ticks_to_string (ticks, FALSE);
  g_assert_cmpstr (all, ==, "0.2 · · 0.5 · · · · 1 2 ·");
  _seqgd_plot_ticks_clear (ticks);

  /* One or two decades on a tall axis: at least four labels, and minor
   * ticks between them. */
  {
    /* low, high, whether some multiple of a decade is left unlabelled */
    static const double ranges[][3] = {
      { 0.8, 2.6, 0 }, { 0.09, 1.2, 1 }, { 0.3, 2.5, 0 }, { 1.05, 1.9, 0 },
      { 0.5, 20, 1 }, { 0.2, 12, 1 },
    };

    for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
      {
        guint n_major = 0, n_minor_ = 0;

        _seqgd_plot_ticks_log (ranges[r][0], ranges[r][1], 15, ticks);
        for (guint i = 0; i < ticks->len; i++)
          {
            const SeqgdPlotTick *t = &g_array_index (ticks, SeqgdPlotTick, i);

            n_major += t->major;
            n_minor_ += !t->major;
            if (i > 0)
              g_assert_cmpfloat (t->value, >,
                                 g_array_index (ticks, SeqgdPlotTick,
                                                i - 1).value);
          }
        if (n_major < 4 || (ranges[r][2] != 0 && n_minor_ == 0))
          g_error ("%u labels and %u minor ticks for %g to %g", n_major,
                   n_minor_, ranges[r][0], ranges[r][1]);
        _seqgd_plot_ticks_clear (ticks);
      }
  }

  /* Narrow: falls back to linear steps, still at least two labels. */
  _seqgd_plot_ticks_log (0.31, 0.42, 6, ticks);
  g_clear_pointer (&majors, g_free);
  majors = ticks_to_string (ticks, TRUE);
  g_assert_cmpstr (majors, ==, "0.32 0.34 0.36 0.38 0.40 0.42");
  ticks_free (ticks);
}

static gboolean
rects_overlap (const SeqgdPlotRect *a,
               double               x,
               double               y,
               double               w,
               double               h)
{
  return a->x < x + w && x < a->x + a->width
         && a->y < y + h && y < a->y + a->height;
}

/* The bounding box of a text item as laid out, measured like layout. */
static void
text_box (const SeqgdPlotItem *item,
          double              *x,
          double              *y,
          double              *w,
          double              *h)
{
  PangoContext *ctx = pango_font_map_create_context (
    pango_cairo_font_map_get_default ());
  PangoLayout *pl = pango_layout_new (ctx);
  PangoRectangle r;

  _seqgd_plot_text_setup (pl, "Sans", item->font_size, item->bold,
                          item->text);
  pango_layout_get_extents (pl, NULL, &r);
  *w = (double) r.width / PANGO_SCALE;
  *h = (double) r.height / PANGO_SCALE;
  if (item->vertical)
    {
      double t = *w;

      *w = *h;
      *h = t;
      *x = item->x - *w * item->halign;
      *y = item->y - *h * item->valign;
    }
  else
    {
      *x = item->x - *w * item->halign;
      *y = item->y - *h * item->valign;
    }
  g_object_unref (pl);
  g_object_unref (ctx);
}

/* No two texts of @role overlap, and none covers the plot area. */
static void
check_texts (SeqgdPlotLayout *layout,
             gboolean         legend_inside_ok)
{
  const SeqgdPlotScene *scene = seqgd_plot_layout_get_scene (layout);
  SeqgdPlotRect area;

  seqgd_plot_layout_get_plot_area (layout, &area);
  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *a = g_ptr_array_index (scene->items, i);
      double ax, ay, aw, ah;

      if (a->kind != SEQGD_PLOT_ITEM_TEXT || a->role == SEQGD_PLOT_ROLE_MESSAGE)
        continue;
      text_box (a, &ax, &ay, &aw, &ah);
      if (rects_overlap (&area, ax + 0.5, ay + 0.5, aw - 1, ah - 1)
          && !(a->role == SEQGD_PLOT_ROLE_LEGEND && legend_inside_ok))
        g_error ("“%s” (role %d) covers the plot area at %gx%g", a->text,
                 a->role, scene->width, scene->height);
      g_assert_cmpfloat (ax, >=, -0.5);
      if (ax + aw > scene->width + 0.5)
        g_error ("“%s” (role %d) reaches past the right edge at %gx%g",
                 a->text, a->role, scene->width, scene->height);
      for (guint j = i + 1; j < scene->items->len; j++)
        {
          const SeqgdPlotItem *b = g_ptr_array_index (scene->items, j);
          SeqgdPlotRect ra = { ax, ay, aw, ah };
          double bx, by, bw, bh;

          if (b->kind != SEQGD_PLOT_ITEM_TEXT)
            continue;
          text_box (b, &bx, &by, &bw, &bh);
          if (rects_overlap (&ra, bx + 0.5, by + 0.5, bw - 1, bh - 1))
            g_error ("“%s” (%g,%g %gx%g, role %d) overlaps “%s” (%g,%g %gx%g) "
                     "at %gx%g", a->text, ax, ay, aw, ah, a->role, b->text,
                     bx, by, bw, bh, scene->width, scene->height);
        }
    }
}

/* Long and crowded labels: x in samples far from zero, which need twelve
 * digits each, and a loss over one decade, which a log axis labels at
 * several multiples crowded at the top of the decade. */
static SeqgdPlotModel *
long_labels_model (void)
{
  SeqgdPlotModel *model = seqgd_plot_model_new ();
  guint run = seqgd_plot_model_add_run (model, "a", 0);

  for (guint i = 1; i <= 400; i++)
    {
      SeqgdStepRecord r = { i, i / 100.0, 123456789012 + (guint64) i * 37,
                            1e6 + i * 0.5,
                            (float) (0.3 * exp (2.1 * i / 400.0)) };

      seqgd_plot_model_append_steps (model, run, &r, 1);
    }
  seqgd_plot_model_set_rule_label (model, 0, "A", NULL);
  return model;
}

static void
test_labels_never_overlap (void)
{
  g_autoptr(SeqgdPlotModel) model = synth_experiment (1);
  g_autoptr(SeqgdPlotModel) long_labels = long_labels_model ();
  static const double sizes[][2] = {
    { 1200, 800 }, { 640, 400 }, { 420, 300 }, { 300, 220 },
  };
  static const double narrow[][2] = {
    { 640, 400 }, { 420, 300 }, { 300, 220 }, { 240, 600 }, { 330, 160 },
  };

  /* Narrow plots with long labels, which only the guards keep apart. */
  for (guint i = 0; i < G_N_ELEMENTS (narrow); i++)
    for (SeqgdPlotXMode x = SEQGD_PLOT_X_STEPS; x <= SEQGD_PLOT_X_SECONDS; x++)
      {
        g_autoptr(SeqgdPlotLayout) layout = NULL;
        SeqgdPlotOptions options;

        seqgd_plot_options_init (&options);
        options.x_mode = x;
        options.log_y = TRUE;
        layout = seqgd_plot_layout_new (long_labels, &options, narrow[i][0],
                                        narrow[i][1]);
        check_texts (layout, FALSE);
      }

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int log = 0; log <= 1; log++)
      for (SeqgdPlotXMode x = SEQGD_PLOT_X_STEPS; x <= SEQGD_PLOT_X_SECONDS;
           x++)
        {
          g_autoptr(SeqgdPlotLayout) layout = NULL;
          SeqgdPlotOptions options;

          seqgd_plot_options_init (&options);
          options.log_y = log;
          options.x_mode = x;
          layout = seqgd_plot_layout_new (model, &options, sizes[i][0],
                                          sizes[i][1]);
          check_texts (layout, sizes[i][0] < 400);
        }
}

static void
legend_extent (SeqgdPlotLayout *layout,
               SeqgdPlotRect   *box)
{
  const SeqgdPlotScene *scene = seqgd_plot_layout_get_scene (layout);
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);
      double x, y, w, h;

      if (item->role != SEQGD_PLOT_ROLE_LEGEND
          || item->kind != SEQGD_PLOT_ITEM_TEXT)
        continue;
      text_box (item, &x, &y, &w, &h);
      x0 = MIN (x0, x - 40);
      y0 = MIN (y0, y);
      x1 = MAX (x1, x + w);
      y1 = MAX (y1, y + h);
    }
  *box = (SeqgdPlotRect) { x0, y0, x1 - x0, y1 - y0 };
}

static void
test_legend_placement (void)
{
  g_autoptr(SeqgdPlotModel) model = synth_experiment (1);
  g_autoptr(SeqgdPlotModel) many = seqgd_plot_model_new ();
  SeqgdPlotOptions options;
  SeqgdPlotRect area, legend;

  seqgd_plot_options_init (&options);

  /* Three rules on a wide plot: one row above the data. */
  {
    g_autoptr(SeqgdPlotLayout) layout = seqgd_plot_layout_new (model, &options,
                                                               1200, 800);

    seqgd_plot_layout_get_plot_area (layout, &area);
    legend_extent (layout, &legend);
    g_assert_cmpfloat (legend.y + legend.height, <=, area.y);
    g_assert_cmpuint (seqgd_plot_scene_count (seqgd_plot_layout_get_scene (layout),
                                              SEQGD_PLOT_ITEM_TEXT,
                                              SEQGD_PLOT_ROLE_LEGEND), ==, 3);
  }

  /* Eight rules do not fit in a row: a column to the right. */
  for (guint r = 0; r < 8; r++)
    {
      g_autofree char *id = g_strdup_printf ("rule-%u", r);

      g_autofree char *label = g_strdup_printf ("Feedback alignment, "
                                                "variant %u", r);

      synth_add_run (many, id, 0, 500, 100, 0);
      seqgd_plot_model_set_rule_label (many, r, label, NULL);
    }
  {
    g_autoptr(SeqgdPlotLayout) layout = seqgd_plot_layout_new (many, &options,
                                                               1000, 700);

    seqgd_plot_layout_get_plot_area (layout, &area);
    legend_extent (layout, &legend);
    g_assert_cmpfloat (legend.x, >=, area.x + area.width);
    check_texts (layout, FALSE);
  }
}

/* An inside legend goes to the corner with the least data: with curves
 * rising into the top right, not there. */
static void
test_legend_inside_best_corner (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  SeqgdPlotOptions options;
  SeqgdPlotRect area, legend;

  for (guint r = 0; r < 4; r++)
    {
      g_autofree char *id = g_strdup_printf ("rule-%u", r);
      g_autofree char *label = g_strdup_printf ("Feedback alignment with a "
                                                "long name, variant %u", r);
      guint run = seqgd_plot_model_add_run (model, id, 0);

      for (guint i = 1; i <= 200; i++)
        {
          SeqgdStepRecord rec = { i, i / 100.0, i * 32, i * 0.01,
                                  (float) (0.1 * r + i / 100.0) };

          seqgd_plot_model_append_steps (model, run, &rec, 1);
        }
      seqgd_plot_model_set_rule_label (model, r, label, NULL);
    }

  seqgd_plot_options_init (&options);
  layout = seqgd_plot_layout_new (model, &options, 600, 420);
  seqgd_plot_layout_get_plot_area (layout, &area);
  legend_extent (layout, &legend);
  /* Inside: neither above nor to the right of the plot area. */
  g_assert_cmpfloat (legend.y, >, area.y);
  g_assert_cmpfloat (legend.x + legend.width, <, area.x + area.width);
  /* Not in the top right, where the curves end. */
  g_assert_true (legend.x + legend.width < area.x + area.width - 40
                 || legend.y > area.y + area.height / 2);
}

static void
test_geometry (void)
{
  g_autoptr(SeqgdPlotModel) model = synth_experiment (1);
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  SeqgdPlotOptions options;
  SeqgdPlotRect area;
  SeqgdPlotView view, zoomed;
  double px, py, x, y;

  seqgd_plot_options_init (&options);
  options.log_y = TRUE;
  layout = seqgd_plot_layout_new (model, &options, 800, 500);
  seqgd_plot_layout_get_plot_area (layout, &area);
  g_assert_cmpfloat (area.x, >, 20);
  g_assert_cmpfloat (area.x + area.width, <, 800);
  g_assert_cmpfloat (area.y + area.height, <, 500);

  /* The automatic view starts at step 0 and holds every value, with a
   * little room after the last step so that it is not on the edge. */
  seqgd_plot_layout_get_view (layout, &view);
  g_assert_false (view.automatic);
  g_assert_cmpfloat (view.x_min, ==, 0);
  g_assert_cmpfloat (view.x_max, >, 5625);
  g_assert_cmpfloat (view.x_max, <=, 5625 * 1.05);
  g_assert_cmpfloat (view.y_min, >, 0);

  /* Data ↔ pixel round trip, on a log axis. */
  seqgd_plot_layout_data_to_pixel (layout, 1000, 0.5, &px, &py);
  seqgd_plot_layout_pixel_to_data (layout, px, py, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 1000, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 0.5, 1e-12);
  seqgd_plot_layout_data_to_pixel (layout, view.x_min, view.y_min, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, area.x, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, area.y + area.height, 1e-9);

  /* Zoom keeps the point under the pointer where it is. */
  seqgd_plot_layout_data_to_pixel (layout, 2000, 0.4, &px, &py);
  seqgd_plot_layout_zoom (layout, px, py, 4, 2, &zoomed);
  g_assert_cmpfloat_with_epsilon ((zoomed.x_max - zoomed.x_min) * 4,
                                  view.x_max - view.x_min, 1e-6);
  g_assert_cmpfloat_with_epsilon (log10 (zoomed.y_max / zoomed.y_min) * 2,
                                  log10 (view.y_max / view.y_min), 1e-9);
  options.view = zoomed;
  {
    g_autoptr(SeqgdPlotLayout) z = seqgd_plot_layout_new (model, &options,
                                                          800, 500);
    double px2, py2;

    seqgd_plot_layout_data_to_pixel (z, 2000, 0.4, &px2, &py2);
    g_assert_cmpfloat_with_epsilon (px2, px, 1e-6);
    g_assert_cmpfloat_with_epsilon (py2, py, 1e-6);

    /* A drag moves the content with the pointer. */
    seqgd_plot_layout_pan (z, 30, -20, &options.view);
  }
  {
    g_autoptr(SeqgdPlotLayout) p = seqgd_plot_layout_new (model, &options,
                                                          800, 500);
    double px3, py3;

    seqgd_plot_layout_data_to_pixel (p, 2000, 0.4, &px3, &py3);
    g_assert_cmpfloat_with_epsilon (px3, px + 30, 1e-6);
    g_assert_cmpfloat_with_epsilon (py3, py - 20, 1e-6);
  }

  /* A box zoom fits the box; a tiny box is refused. */
  g_assert_false (seqgd_plot_layout_zoom_box (layout, 100, 100, 101, 150,
                                              &zoomed));
  g_assert_true (seqgd_plot_layout_zoom_box (layout, area.x, area.y,
                                             area.x + area.width / 2,
                                             area.y + area.height, &zoomed));
  g_assert_cmpfloat_with_epsilon (zoomed.x_max, (view.x_min + view.x_max) / 2,
                                  1e-6);
  g_assert_cmpfloat_with_epsilon (zoomed.y_min, view.y_min, 1e-9);
}

/* Degenerate data never crashes and still gives a usable range. */
static void
test_degenerate (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  SeqgdPlotOptions options;
  SeqgdStepRecord rec = { 1, 0.1, 32, 0.01, 0.5f };
  SeqgdStepRecord neg[3] = {
    { 1, 0.1, 32, 0.01, -1.0f }, { 2, 0.2, 64, 0.02, 0.0f },
    { 3, 0.3, 96, 0.03, -2.0f },
  };
  guint run = 0;

  seqgd_plot_options_init (&options);

  for (int pass = 0; pass < 4; pass++)
    {
      for (int log = 0; log <= 1; log++)
        {
          g_autoptr(SeqgdPlotLayout) layout = NULL;
          SeqgdPlotView view;
          SeqgdPlotHit hit;

          options.log_y = log;
          layout = seqgd_plot_layout_new (model, &options, 400, 300);
          seqgd_plot_layout_get_view (layout, &view);
          g_assert_cmpfloat (view.x_max, >, view.x_min);
          g_assert_cmpfloat (view.y_max, >, view.y_min);
          g_assert_true (isfinite (view.y_max) && isfinite (view.x_max));
          if (log)
            g_assert_cmpfloat (view.y_min, >, 0);
          seqgd_plot_layout_hit_test (layout, 200, 150, 500, &hit);
          check_texts (layout, FALSE);
        }

      switch (pass)
        {
        case 0:  /* empty run */
          run = seqgd_plot_model_add_run (model, "a", 0);
          break;
        case 1:  /* single point */
          seqgd_plot_model_append_steps (model, run, &rec, 1);
          break;
        case 2:  /* constant */
          for (guint i = 2; i < 50; i++)
            {
              rec.step = i;
              seqgd_plot_model_append_steps (model, run, &rec, 1);
            }
          break;
        default:
          break;
        }
    }

  /* Only non-positive values on a log axis: a message, no curve. */
  {
    g_autoptr(SeqgdPlotModel) m = seqgd_plot_model_new ();
    g_autoptr(SeqgdPlotLayout) layout = NULL;
    const SeqgdPlotScene *scene;

    seqgd_plot_model_append_steps (m, seqgd_plot_model_add_run (m, "b", 1),
                                   neg, 3);
    options.log_y = TRUE;
    layout = seqgd_plot_layout_new (m, &options, 400, 300);
    scene = seqgd_plot_layout_get_scene (layout);
    g_assert_cmpuint (seqgd_plot_scene_count (scene, SEQGD_PLOT_ITEM_TEXT,
                                              SEQGD_PLOT_ROLE_MESSAGE), ==, 1);
  }
}

/* The dash pattern of @item in units of its line width, as text. */
static char *
dash_of (const SeqgdPlotItem *item)
{
  GString *s = g_string_new ("");

  for (guint i = 0; i < item->n_dash; i++)
    g_string_append_printf (s, "%s%.3g", i > 0 ? "," : "",
                            item->dash[i] / MAX (item->line_width, 1.0));
  return g_string_free (s, FALSE);
}

/* Each rule's legend sample carries the rule's own dash, and so do its
 * main line and mean, but for dense unsmoothed curves, which are drawn
 * as solid envelopes; means are drawn above every seed's curve.
 * Otherwise a rule that draws the same values as another (autograd and
 * simultaneous backprop) vanishes under it. */
static void
check_dashes (SeqgdPlotModel *model,
              gboolean        smooth)
{
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  const SeqgdPlotScene *scene;
  SeqgdPlotOptions options;
  char *legend[3] = { NULL, NULL, NULL };
  guint n_main = 0, last_seed_curve = 0, first_mean = G_MAXUINT;

  seqgd_plot_options_init (&options);
  if (smooth)
    options.smoothing = SEQGD_PLOT_SMOOTH_EMA;
  layout = seqgd_plot_layout_new (model, &options, 960, 600);
  scene = seqgd_plot_layout_get_scene (layout);

  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

      if (item->role == SEQGD_PLOT_ROLE_LEGEND
          && item->kind == SEQGD_PLOT_ITEM_LINE)
        {
          g_assert_cmpint (item->rule, >=, 0);
          g_assert_cmpint (item->rule, <, 3);
          legend[item->rule] = dash_of (item);
        }
    }
  for (guint r = 0; r < 3; r++)
    {
      g_assert_nonnull (legend[r]);
      for (guint q = 0; q < r; q++)
        g_assert_cmpstr (legend[q], !=, legend[r]);
    }
  g_assert_cmpstr (legend[1], !=, "");
  g_assert_cmpstr (legend[2], !=, "");

  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);
      gboolean main_line = item->role == SEQGD_PLOT_ROLE_MEAN
                           || (item->role == SEQGD_PLOT_ROLE_SERIES
                               && item->rgba[3] > 0.8);

      if (item->role == SEQGD_PLOT_ROLE_SERIES
          || item->role == SEQGD_PLOT_ROLE_RAW
          || item->role == SEQGD_PLOT_ROLE_BAND)
        last_seed_curve = i;
      if (item->role == SEQGD_PLOT_ROLE_MEAN)
        first_mean = MIN (first_mean, i);
      if (main_line && item->kind == SEQGD_PLOT_ITEM_BOXES)
        {
          g_assert_false (smooth);
          n_main++;
        }
      else if (main_line)
        {
          g_autofree char *dash = dash_of (item);

          g_assert_cmpint (item->kind, ==, SEQGD_PLOT_ITEM_LINE);
          g_assert_cmpstr (dash, ==, legend[item->rule]);
          n_main++;
        }
    }
  g_assert_cmpuint (n_main, >=, 3);
  if (first_mean != G_MAXUINT)
    g_assert_cmpuint (first_mean, >, last_seed_curve);
  for (guint r = 0; r < 3; r++)
    g_free (legend[r]);
}

static void
test_dashes (void)
{
  g_autoptr(SeqgdPlotModel) one = synth_experiment (1);
  g_autoptr(SeqgdPlotModel) three = synth_experiment (3);

  /* 5625 steps on 960 pixels: dense curves, dashed once smoothed. */
  check_dashes (one, TRUE);
  check_dashes (three, TRUE);
  check_dashes (one, FALSE);
  check_dashes (three, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/ticks/linear", test_ticks_linear);
  g_test_add_func ("/plot/ticks/log", test_ticks_log);
  g_test_add_func ("/plot/layout/labels-never-overlap",
                   test_labels_never_overlap);
  g_test_add_func ("/plot/layout/legend-placement", test_legend_placement);
  g_test_add_func ("/plot/layout/legend-inside-best-corner",
                   test_legend_inside_best_corner);
  g_test_add_func ("/plot/layout/geometry", test_geometry);
  g_test_add_func ("/plot/layout/degenerate", test_degenerate);
  g_test_add_func ("/plot/layout/dashes", test_dashes);

  return g_test_run ();
}
