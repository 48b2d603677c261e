/* test-plot-hit.c — pixel → recorded point, legend entries, tooltips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "seqgd-plot-private.h"
#include "plot-synth.h"

/* A run whose loss at step i (1-based) is f(i). */
static guint
add_line (SeqgdPlotModel *model,
          const char     *rule,
          guint64         seed,
          guint           n,
          double        (*f) (guint i))
{
  guint run = seqgd_plot_model_add_run (model, rule, seed);

  for (guint i = 1; i <= n; i++)
    {
      SeqgdStepRecord r = { i, i / 10.0, i * 10, i * 0.1, (float) f (i) };

      seqgd_plot_model_append_steps (model, run, &r, 1);
    }
  return run;
}

static double
rising (guint i)
{
  return i;
}

static double
flat (guint i)
{
  return 30;
}

static double
with_gap (guint i)
{
  return i >= 48 && i <= 52 ? NAN : 60;
}

static double
powers (guint i)
{
  return pow (10, ((double) i - 50) / 10);
}

static SeqgdPlotLayout *
layout_for (SeqgdPlotModel *model,
            gboolean        log_y,
            double          y_min,
            double          y_max)
{
  SeqgdPlotOptions options;

  seqgd_plot_options_init (&options);
  options.log_y = log_y;
  options.view.automatic = FALSE;
  options.view.x_min = 0;
  options.view.x_max = 101;
  options.view.y_min = y_min;
  options.view.y_max = y_max;
  return seqgd_plot_layout_new (model, &options, 800, 600);
}

static void
test_hit_nearest (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  SeqgdPlotHit hit;
  double px, py;

  add_line (model, "rising", 0, 100, rising);
  add_line (model, "flat", 0, 100, flat);
  layout = layout_for (model, FALSE, 0, 101);

  /* Two pixels off the point (50, 50) of "rising". */
  seqgd_plot_layout_data_to_pixel (layout, 50, 50, &px, &py);
  g_assert_true (seqgd_plot_layout_hit_test (layout, px + 1, py - 2, 8, &hit));
  g_assert_cmpuint (hit.run, ==, 0);
  g_assert_cmpuint (hit.index, ==, 49);
  g_assert_cmpuint (hit.step, ==, 50);
  g_assert_cmpfloat (hit.value, ==, 50);
  g_assert_cmpfloat_with_epsilon (hit.px, px, 1e-9);
  g_assert_cmpfloat_with_epsilon (hit.py, py, 1e-9);

  /* Near "flat" at step 70; the nearest series wins, not the first. */
  seqgd_plot_layout_data_to_pixel (layout, 70, 30, &px, &py);
  g_assert_true (seqgd_plot_layout_hit_test (layout, px, py + 3, 8, &hit));
  g_assert_cmpuint (hit.run, ==, 1);
  g_assert_cmpuint (hit.step, ==, 70);

  /* Where the curves cross (30, 30) both are at the same distance. */
  seqgd_plot_layout_data_to_pixel (layout, 30, 30, &px, &py);
  g_assert_true (seqgd_plot_layout_hit_test (layout, px, py, 8, &hit));
  g_assert_cmpuint (hit.step, ==, 30);

  /* Far from everything, or a zero radius: nothing. */
  seqgd_plot_layout_data_to_pixel (layout, 20, 90, &px, &py);
  g_assert_false (seqgd_plot_layout_hit_test (layout, px, py, 10, &hit));
  g_assert_false (seqgd_plot_layout_hit_test (layout, px, py, 0, &hit));
}

static void
test_hit_hidden (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  SeqgdPlotHit hit;
  double px, py;

  add_line (model, "rising", 0, 100, rising);
  add_line (model, "flat", 0, 100, flat);
  seqgd_plot_model_set_rule_visible (model, 1, FALSE);
  layout = layout_for (model, FALSE, 0, 101);

  /* Right on a hidden point: the visible series farther away is found
   * only if it is within the radius. */
  seqgd_plot_layout_data_to_pixel (layout, 70, 30, &px, &py);
  g_assert_false (seqgd_plot_layout_hit_test (layout, px, py, 8, &hit));
  seqgd_plot_layout_data_to_pixel (layout, 32, 30, &px, &py);
  g_assert_true (seqgd_plot_layout_hit_test (layout, px, py, 40, &hit));
  g_assert_cmpuint (hit.run, ==, 0);
}

static void
test_hit_gap (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  SeqgdPlotHit hit;
  double px, py;

  add_line (model, "gappy", 0, 100, with_gap);
  layout = layout_for (model, FALSE, 0, 101);

  /* In the middle of the gap: the nearest recorded finite point. */
  seqgd_plot_layout_data_to_pixel (layout, 50, 60, &px, &py);
  g_assert_true (seqgd_plot_layout_hit_test (layout, px, py, 30, &hit));
  g_assert_true (hit.step == 47 || hit.step == 53);
  g_assert_true (isfinite (hit.value));
  seqgd_plot_layout_data_to_pixel (layout, 49.6, 60, &px, &py);
  g_assert_true (seqgd_plot_layout_hit_test (layout, px, py, 30, &hit));
  g_assert_cmpuint (hit.step, ==, 47);
  /* A radius smaller than the gap finds nothing. */
  seqgd_plot_layout_data_to_pixel (layout, 50, 60, &px, &py);
  g_assert_false (seqgd_plot_layout_hit_test (layout, px, py, 5, &hit));
}

static void
test_hit_log (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  SeqgdPlotHit hit;
  double px, py;

  add_line (model, "powers", 0, 100, powers);
  layout = layout_for (model, TRUE, 1e-5, 1e5);

  for (guint step = 5; step <= 95; step += 15)
    {
      seqgd_plot_layout_data_to_pixel (layout, step, powers (step), &px, &py);
      g_assert_true (seqgd_plot_layout_hit_test (layout, px + 0.5, py + 0.5,
                                                 6, &hit));
      g_assert_cmpuint (hit.step, ==, step);
      g_assert_cmpfloat_with_epsilon (hit.value / powers (step), 1, 1e-6);
    }

  /* The same pixel on a linear axis is far from the small values. */
  g_clear_pointer (&layout, seqgd_plot_layout_unref);
  layout = layout_for (model, FALSE, 0, 101);
  seqgd_plot_layout_data_to_pixel (layout, 20, 50, &px, &py);
  g_assert_false (seqgd_plot_layout_hit_test (layout, px, py, 6, &hit));
}

/* A million points: still the exact nearest point. */
static void
test_hit_long (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  SeqgdPlotOptions options;
  SeqgdPlotHit hit;
  double px, py;
  guint n = 1000000;

  synth_add_run (model, "long", 0, n, 100000, 0);
  seqgd_plot_options_init (&options);
  layout = seqgd_plot_layout_new (model, &options, 1200, 800);

  for (guint k = 0; k < 5; k++)
    {
      guint i = 1 + k * 199999;
      const SeqgdStepRecord *st;
      guint n_steps;
      double best = INFINITY;
      guint best_i = 0;

      st = _seqgd_plot_model_get_steps (model, 0, &n_steps);
      seqgd_plot_layout_data_to_pixel (layout, i, st[i - 1].loss, &px, &py);
      g_assert_true (seqgd_plot_layout_hit_test (layout, px, py, 8, &hit));

      /* Brute force over all points agrees. */
      for (guint j = 0; j < n; j++)
        {
          double qx, qy;

          seqgd_plot_layout_data_to_pixel (layout, st[j].step, st[j].loss,
                                           &qx, &qy);
          if ((qx - px) * (qx - px) + (qy - py) * (qy - py) < best)
            {
              best = (qx - px) * (qx - px) + (qy - py) * (qy - py);
              best_i = j;
            }
        }
      g_assert_cmpfloat_with_epsilon ((hit.px - px) * (hit.px - px)
                                      + (hit.py - py) * (hit.py - py),
                                      best, 1e-6);
      g_assert_cmpuint (hit.index, ==, best_i);
    }
}

static void
test_legend_hit (void)
{
  g_autoptr(SeqgdPlotModel) model = synth_experiment (1);
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  const SeqgdPlotScene *scene;
  SeqgdPlotOptions options;
  SeqgdPlotRect area;
  guint found = 0;

  seqgd_plot_options_init (&options);
  layout = seqgd_plot_layout_new (model, &options, 1000, 600);
  scene = seqgd_plot_layout_get_scene (layout);
  seqgd_plot_layout_get_plot_area (layout, &area);

  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

      if (item->kind != SEQGD_PLOT_ITEM_TEXT
          || item->role != SEQGD_PLOT_ROLE_LEGEND)
        continue;
      /* On the label and on the line sample left of it. */
      g_assert_cmpint (seqgd_plot_layout_legend_hit (layout, item->x + 5,
                                                     item->y), ==, item->rule);
      g_assert_cmpint (seqgd_plot_layout_legend_hit (layout, item->x - 20,
                                                     item->y), ==, item->rule);
      found++;
    }
  g_assert_cmpuint (found, ==, 3);
  g_assert_cmpint (seqgd_plot_layout_legend_hit (layout,
                                                 area.x + area.width / 2,
                                                 area.y + area.height / 2),
                   ==, -1);
}

static void
test_describe (void)
{
  g_autoptr(SeqgdPlotModel) model = synth_experiment (1);
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  g_autofree char *text = NULL;
  SeqgdPlotOptions options;
  SeqgdPlotHit hit;
  const SeqgdStepRecord *st;
  guint n;
  double px, py;

  seqgd_plot_options_init (&options);
  options.smoothing = SEQGD_PLOT_SMOOTH_EMA;
  layout = seqgd_plot_layout_new (model, &options, 1000, 600);

  /* Aim at the smoothed curve of the third run, step 4000. */
  {
    SeqgdPlotKey key;
    SeqgdPlotSeries *s;

    _seqgd_plot_key_from_options (&key, &options);
    s = _seqgd_plot_model_get_series (model, 2, &key);
    seqgd_plot_layout_data_to_pixel (layout, 4000, s->s[3999], &px, &py);
  }
  g_assert_true (seqgd_plot_layout_hit_test (layout, px, py, 3, &hit));
  st = _seqgd_plot_model_get_steps (model, hit.run, &n);
  text = seqgd_plot_layout_describe (layout, &hit);
  g_test_message ("%s", text);

  g_assert_nonnull (strstr (text, seqgd_plot_model_get_rule_label (model,
                                                                   hit.rule)));
  g_assert_nonnull (strstr (text, "(numpy"));
  g_assert_nonnull (strstr (text, "Seed 0"));
  {
    g_autofree char *step = g_strdup_printf ("Step %" G_GUINT64_FORMAT,
                                             st[hit.index].step);
    g_autofree char *loss = g_strdup_printf ("Loss %.4g",
                                             (double) st[hit.index].loss);

    g_assert_nonnull (strstr (text, step));
    g_assert_nonnull (strstr (text, loss));
  }
  g_assert_nonnull (strstr (text, "epoch"));
  g_assert_nonnull (strstr (text, "smoothed"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/hit/nearest", test_hit_nearest);
  g_test_add_func ("/plot/hit/hidden", test_hit_hidden);
  g_test_add_func ("/plot/hit/gap", test_hit_gap);
  g_test_add_func ("/plot/hit/log", test_hit_log);
  g_test_add_func ("/plot/hit/long", test_hit_long);
  g_test_add_func ("/plot/hit/legend", test_legend_hit);
  g_test_add_func ("/plot/hit/describe", test_describe);

  return g_test_run ();
}
