/* test-plot-model.c — runs, rules, smoothing, reduction, divergence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "seqgd-plot-private.h"
#include "plot-synth.h"

static void
test_rules (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  double c[3][3];
  guint64 gen;

  g_assert_cmpuint (seqgd_plot_model_add_run (model, "autograd", 0), ==, 0);
  g_assert_cmpuint (seqgd_plot_model_add_run (model, "sequential", 0), ==, 1);
  g_assert_cmpuint (seqgd_plot_model_add_run (model, "autograd", 1), ==, 2);
  g_assert_cmpuint (seqgd_plot_model_add_run (model, "simultaneous", 1), ==, 3);

  g_assert_cmpuint (seqgd_plot_model_get_n_rules (model), ==, 3);
  g_assert_cmpint (seqgd_plot_model_find_rule (model, "sequential"), ==, 1);
  g_assert_cmpint (seqgd_plot_model_find_rule (model, "nope"), ==, -1);
  g_assert_cmpuint (seqgd_plot_model_get_run_rule_index (model, 2), ==, 0);
  g_assert_cmpuint (seqgd_plot_model_get_run_seed (model, 3), ==, 1);
  g_assert_cmpstr (seqgd_plot_model_get_rule_label (model, 2), ==,
                   "simultaneous");

  /* Distinct colours; Okabe–Ito blue first. */
  for (guint r = 0; r < 3; r++)
    seqgd_plot_model_get_rule_color (model, r, &c[r][0], &c[r][1], &c[r][2]);
  g_assert_cmpfloat_with_epsilon (c[0][2], 0xb2 / 255.0, 1e-9);
  g_assert_true (memcmp (c[0], c[1], sizeof c[0]) != 0);
  g_assert_true (memcmp (c[1], c[2], sizeof c[0]) != 0);

  gen = seqgd_plot_model_get_generation (model);
  seqgd_plot_model_set_rule_visible (model, 1, FALSE);
  g_assert_false (seqgd_plot_model_get_rule_visible (model, 1));
  g_assert_cmpuint (seqgd_plot_model_get_generation (model), >, gen);
  gen = seqgd_plot_model_get_generation (model);
  seqgd_plot_model_set_rule_visible (model, 1, FALSE);
  g_assert_cmpuint (seqgd_plot_model_get_generation (model), ==, gen);

  seqgd_plot_model_set_metadata (model, "Config", "{}");
  seqgd_plot_model_set_metadata (model, "Seeds", "0, 1");
  seqgd_plot_model_set_metadata (model, "Config", "{\"epochs\": 3}");
  {
    g_autofree const char **keys = seqgd_plot_model_list_metadata (model);

    g_assert_cmpstr (keys[0], ==, "Config");
    g_assert_cmpstr (keys[1], ==, "Seeds");
    g_assert_null (keys[2]);
  }
  g_assert_cmpstr (seqgd_plot_model_get_metadata (model, "Config"), ==,
                   "{\"epochs\": 3}");
  seqgd_plot_model_set_metadata (model, "Config", NULL);
  g_assert_null (seqgd_plot_model_get_metadata (model, "Config"));
}

static void
fill_steps (GArray *steps,
            guint   n)
{
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 1; i <= n; i++)
    {
      SeqgdStepRecord r = { i, i / 100.0, i * 32, i * 0.01, 0 };

      r.loss = (float) (1 + 0.5 * sin (i * 0.05) + g_rand_double (rand));
      g_array_append_val (steps, r);
    }
  g_rand_free (rand);
}

/* Values appended a few at a time, as sync does on every frame, smooth
 * to the same numbers as all appended at once. */
static void
check_incremental (SeqgdPlotSmoothing smoothing,
                   gboolean           log_y)
{
  g_autoptr(SeqgdPlotModel) whole = seqgd_plot_model_new ();
  g_autoptr(SeqgdPlotModel) parts = seqgd_plot_model_new ();
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (SeqgdStepRecord));
  GRand *rand = g_rand_new_with_seed (7);
  SeqgdPlotOptions options;
  SeqgdPlotKey key;
  SeqgdPlotSeries *a, *b;
  guint n = 3000, done = 0;

  seqgd_plot_options_init (&options);
  options.smoothing = smoothing;
  options.ema_weight = 0.95;
  options.window_epochs = 0.5;
  options.log_y = log_y;
  _seqgd_plot_key_from_options (&key, &options);

  fill_steps (steps, n);
  seqgd_plot_model_add_run (whole, "a", 0);
  seqgd_plot_model_append_steps (whole, 0,
                                 (SeqgdStepRecord *) (gpointer) steps->data, n);
  a = _seqgd_plot_model_get_series (whole, 0, &key);

  seqgd_plot_model_add_run (parts, "a", 0);
  while (done < n)
    {
      guint k = (guint) g_rand_int_range (rand, 1, 200);

      /* MIN () evaluates its arguments twice: no random draw inside. */
      k = MIN (k, n - done);

      seqgd_plot_model_append_steps (parts, 0,
                                     &g_array_index (steps, SeqgdStepRecord,
                                                     done), k);
      done += k;
      b = _seqgd_plot_model_get_series (parts, 0, &key);
      g_assert_cmpuint (b->n, ==, done);
    }

  g_assert_cmpuint (a->n, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat_with_epsilon (a->s[i], b->s[i], 1e-9);
      g_assert_cmpfloat_with_epsilon (a->t[i], b->t[i], 1e-9);
    }
  for (guint k = 0; k < (n + SEQGD_PLOT_BLOCK - 1) / SEQGD_PLOT_BLOCK; k++)
    {
      g_assert_cmpfloat_with_epsilon (a->t_min[k], b->t_min[k], 1e-9);
      g_assert_cmpfloat_with_epsilon (a->t_max[k], b->t_max[k], 1e-9);
    }
  g_rand_free (rand);
}

static void
test_smoothing_incremental (void)
{
  check_incremental (SEQGD_PLOT_SMOOTH_NONE, FALSE);
  check_incremental (SEQGD_PLOT_SMOOTH_EMA, FALSE);
  check_incremental (SEQGD_PLOT_SMOOTH_WINDOW, FALSE);
  check_incremental (SEQGD_PLOT_SMOOTH_WINDOW, TRUE);
}

static void
test_smoothing_values (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  SeqgdPlotOptions options;
  SeqgdPlotKey key;
  SeqgdPlotSeries *s;
  guint n = 400;

  seqgd_plot_model_add_run (model, "a", 0);
  for (guint i = 1; i <= n; i++)
    {
      /* loss = epoch: a straight line. */
      SeqgdStepRecord r = { i, i / 100.0, i, i, (float) (i / 100.0) };

      seqgd_plot_model_append_steps (model, 0, &r, 1);
    }

  /* The debiased EMA starts at the first value, not near zero. */
  seqgd_plot_options_init (&options);
  options.smoothing = SEQGD_PLOT_SMOOTH_EMA;
  options.ema_weight = 0.9;
  _seqgd_plot_key_from_options (&key, &options);
  s = _seqgd_plot_model_get_series (model, 0, &key);
  g_assert_cmpfloat_with_epsilon (s->s[0], 0.01, 1e-7);
  g_assert_cmpfloat (s->s[n - 1], <, s->v[n - 1]);
  g_assert_cmpfloat (s->s[n - 1], >, s->v[n - 1] - 0.1);

  /* One non-finite value breaks the curve; the average starts again
   * after it instead of staying non-finite for good. */
  {
    SeqgdStepRecord r = { n + 1, (n + 1) / 100.0, n + 1, n + 1, NAN };

    seqgd_plot_model_append_steps (model, 0, &r, 1);
    for (guint i = n + 2; i <= n + 50; i++)
      {
        r = (SeqgdStepRecord) { i, i / 100.0, i, i, 7.0f };
        seqgd_plot_model_append_steps (model, 0, &r, 1);
      }
    s = _seqgd_plot_model_get_series (model, 0, &key);
    g_assert_cmpuint (s->n, ==, n + 50);
    g_assert_false (isfinite (s->s[n]));
    /* Debiased anew: the first value after the gap is the value. */
    g_assert_cmpfloat_with_epsilon (s->s[n + 1], 7.0, 1e-9);
    for (guint i = n + 1; i < n + 50; i++)
      g_assert_cmpfloat_with_epsilon (s->s[i], 7.0, 1e-9);
  }

  /* A centred window leaves a straight line alone inside the range. */
  options.smoothing = SEQGD_PLOT_SMOOTH_WINDOW;
  options.window_epochs = 0.2;
  _seqgd_plot_key_from_options (&key, &options);
  s = _seqgd_plot_model_get_series (model, 0, &key);
  for (guint i = 20; i < n - 20; i++)
    g_assert_cmpfloat_with_epsilon (s->s[i], s->v[i], 1e-6);
  /* At the ends it averages what there is. */
  g_assert_cmpfloat (s->s[0], >, s->v[0]);
}

/* Every extreme of a long noisy series with spikes appears among the
 * reduced points, and there are at most four per column. */
static void
test_reduce_keeps_extremes (void)
{
  guint n = 200000, width = 500;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *bmin = g_new (double, n / SEQGD_PLOT_BLOCK + 1);
  g_autofree double *bmax = g_new (double, n / SEQGD_PLOT_BLOCK + 1);
  g_autofree guint8 *bbad = g_new0 (guint8, n / SEQGD_PLOT_BLOCK + 1);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  SeqgdPlotTransform tr = { 0, n, -20, 20, 10, 10, width, 300 };
  SeqgdPlotCurve curve = { n, x, y, bmin, bmax, bbad };
  GRand *rand = g_rand_new_with_seed (3);
  guint spikes[40];

  for (guint i = 0; i < n; i++)
    {
      x[i] = i;
      y[i] = g_rand_double_range (rand, -1, 1);
    }
  for (guint k = 0; k < G_N_ELEMENTS (spikes); k++)
    {
      spikes[k] = (guint) g_rand_int_range (rand, 0, (gint32) n);
      y[spikes[k]] = (k % 2 ? 1 : -1) * g_rand_double_range (rand, 3, 19);
    }
  for (guint b = 0; b * SEQGD_PLOT_BLOCK < n; b++)
    {
      bmin[b] = INFINITY;
      bmax[b] = -INFINITY;
      for (guint i = b * SEQGD_PLOT_BLOCK;
           i < MIN (n, (b + 1) * SEQGD_PLOT_BLOCK); i++)
        {
          bmin[b] = MIN (bmin[b], y[i]);
          bmax[b] = MAX (bmax[b], y[i]);
        }
    }

  _seqgd_plot_reduce (&curve, &tr, points);
  g_assert_cmpuint (points->len / 2, <=, 4 * width + 2);

  for (guint k = 0; k < G_N_ELEMENTS (spikes); k++)
    {
      double want_y = _seqgd_plot_py (&tr, y[spikes[k]]);
      double want_x = floor (_seqgd_plot_px (&tr, x[spikes[k]]) - tr.left);
      gboolean found = FALSE;

      for (guint i = 0; i < points->len / 2 && !found; i++)
        {
          double px = g_array_index (points, double, 2 * i);
          double py = g_array_index (points, double, 2 * i + 1);

          found = py == want_y && fabs (px - tr.left - want_x - 0.5) < 1.01;
        }
      g_assert_true (found);
    }

  /* The column boxes cover every spike, and every column is covered. */
  g_array_set_size (points, 0);
  g_assert_true (_seqgd_plot_reduce_envelope (&curve, &tr, 0.5, points));
  g_assert_cmpuint (points->len / 4, ==, width);
  for (guint k = 0; k < G_N_ELEMENTS (spikes); k++)
    {
      double want_y = _seqgd_plot_py (&tr, y[spikes[k]]);
      double px = _seqgd_plot_px (&tr, x[spikes[k]]);
      gboolean covered = FALSE;

      for (guint i = 0; i < points->len && !covered; i += 4)
        {
          double *box = &g_array_index (points, double, i);

          covered = px >= box[0] - 1e-9 && px <= box[2] + 1e-9
                    && want_y >= box[1] && want_y <= box[3];
        }
      g_assert_true (covered);
    }

  /* A gap breaks the line exactly once, and zoomed in every point is
   * drawn at its own x. */
  y[1000] = NAN;
  bbad[1000 / SEQGD_PLOT_BLOCK] = 1;
  tr.x0 = 900;
  tr.x1 = 1100;
  g_array_set_size (points, 0);
  _seqgd_plot_reduce (&curve, &tr, points);
  {
    guint n_breaks = 0, n_points = points->len / 2;

    for (guint i = 0; i < n_points; i++)
      n_breaks += isnan (g_array_index (points, double, 2 * i));
    g_assert_cmpuint (n_breaks, ==, 1);
    /* 201 points in [900, 1100], one of them NAN, plus a neighbour each
     * side. */
    g_assert_cmpuint (n_points, ==, 203);
    g_assert_cmpfloat_with_epsilon (g_array_index (points, double, 2),
                                    _seqgd_plot_px (&tr, 900), 1e-9);
  }
  g_rand_free (rand);
}

static gboolean
scene_has_text (const SeqgdPlotScene *scene,
                const char           *needle)
{
  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

      if (item->kind == SEQGD_PLOT_ITEM_TEXT && strstr (item->text, needle))
        return TRUE;
    }
  return FALSE;
}

static void
test_divergence (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  const SeqgdPlotScene *scene;
  SeqgdPlotOptions options;
  guint64 step;
  guint n_marks = 0;

  synth_add_run (model, "simultaneous", 0, 1000, 250, 0);
  synth_add_run (model, "sequential", 0, 1000, 250, 300);
  g_assert_false (seqgd_plot_model_get_run_diverged (model, 0, &step));
  g_assert_true (seqgd_plot_model_get_run_diverged (model, 1, &step));
  g_assert_cmpuint (step, ==, 300);

  seqgd_plot_options_init (&options);
  for (int log = 0; log <= 1; log++)
    {
      options.log_y = log;
      g_clear_pointer (&layout, seqgd_plot_layout_unref);
      layout = seqgd_plot_layout_new (model, &options, 800, 500);
      scene = seqgd_plot_layout_get_scene (layout);
      g_assert_true (scene_has_text (scene, "diverged at step 300"));

      n_marks = 0;
      for (guint i = 0; i < scene->items->len; i++)
        {
          const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);
          double px;

          if (item->kind == SEQGD_PLOT_ITEM_MARKER
              && item->role == SEQGD_PLOT_ROLE_DIVERGED)
            {
              n_marks++;
              g_assert_cmpint (item->run, ==, 1);
              seqgd_plot_layout_data_to_pixel (layout, 300, 1, &px, NULL);
              g_assert_cmpfloat_with_epsilon (g_array_index (item->points,
                                                             double, 0),
                                              px, 1e-9);
            }
          /* The diverged run's line stops at its last finite value. */
          if (item->kind == SEQGD_PLOT_ITEM_LINE && item->run == 1
              && item->role == SEQGD_PLOT_ROLE_SERIES)
            {
              seqgd_plot_layout_data_to_pixel (layout, 300, 1, &px, NULL);
              for (guint k = 0; k < item->points->len; k += 2)
                if (!isnan (g_array_index (item->points, double, k)))
                  g_assert_cmpfloat (g_array_index (item->points, double, k),
                                     <, px);
            }
        }
      g_assert_cmpuint (n_marks, ==, 1);
    }

  /* A y range that ignores the non-finite values. */
  {
    SeqgdPlotView view;

    seqgd_plot_layout_get_view (layout, &view);
    g_assert_true (isfinite (view.y_max));
    g_assert_cmpfloat (view.y_max, <, 10);
  }
}

/* Adds a run of @n steps whose loss at step i is @loss (i). */
static guint
add_run_of (SeqgdPlotModel *model,
            const char     *rule,
            guint           n,
            double        (*loss) (guint i))
{
  guint run = seqgd_plot_model_add_run (model, rule, 0);

  for (guint i = 1; i <= n; i++)
    {
      SeqgdStepRecord r = { i, i / 100.0, i * 32, i * 0.01, (float) loss (i) };

      seqgd_plot_model_append_steps (model, run, &r, 1);
    }
  return run;
}

static double
healthy_loss (guint i)
{
  return 0.5 + 1.5 * exp (-(double) i / 100.0);
}

/* Grows by a factor of 1.25 a step from 2 to about 1e37, then NaN. */
static double
exploding_loss (guint i)
{
  return i <= 380 ? 2 * pow (1.25, i) : NAN;
}

/* A run that blew up to 1e37 does not squash the healthy curve into a
 * flat line: the automatic range stays near the healthy values, the
 * exploding curve leaves the plot at the top and its mark sits on the
 * plot's edge. */
static void
test_divergence_range (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  SeqgdPlotOptions options;

  add_run_of (model, "simultaneous", 500, healthy_loss);
  add_run_of (model, "sequential", 500, exploding_loss);
  g_assert_true (seqgd_plot_model_get_run_diverged (model, 1, NULL));

  seqgd_plot_options_init (&options);
  for (int log = 0; log <= 1; log++)
    {
      g_autoptr(SeqgdPlotLayout) layout = NULL;
      const SeqgdPlotScene *scene;
      SeqgdPlotView view;
      SeqgdPlotRect area;
      guint n_marks = 0;
      gboolean leaves_top = FALSE;

      options.log_y = log;
      layout = seqgd_plot_layout_new (model, &options, 800, 500);
      seqgd_plot_layout_get_view (layout, &view);
      seqgd_plot_layout_get_plot_area (layout, &area);
      g_assert_cmpfloat (view.y_max, <, 100 * 2.0);
      g_assert_cmpfloat (view.y_max, >=, 2.0);

      scene = seqgd_plot_layout_get_scene (layout);
      for (guint i = 0; i < scene->items->len; i++)
        {
          const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

          if (item->role == SEQGD_PLOT_ROLE_DIVERGED)
            for (guint k = 0; k < item->points->len; k += 2)
              {
                double x = g_array_index (item->points, double, k);
                double y = g_array_index (item->points, double, k + 1);

                g_assert_cmpfloat (x, >=, area.x);
                g_assert_cmpfloat (x, <=, area.x + area.width);
                g_assert_cmpfloat (y, >=, area.y);
                g_assert_cmpfloat (y, <=, area.y + area.height);
                n_marks++;
              }
          /* The exploding curve is drawn up to the top edge. */
          if (item->role == SEQGD_PLOT_ROLE_SERIES && item->run == 1)
            for (guint k = 1; k < item->points->len; k += 2)
              leaves_top |= g_array_index (item->points, double, k) < area.y;
        }
      g_assert_cmpuint (n_marks, ==, 1);
      g_assert_true (leaves_top);
    }
}

static double
flickering_loss (guint i)
{
  return i == 100 || i == 200 || (i >= 300 && i < 310) ? NAN : 1.0;
}

/* Every gap of non-finite values is marked where it starts, not only
 * the first. */
static void
test_divergence_gaps (void)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  const SeqgdPlotScene *scene;
  SeqgdPlotOptions options;
  guint n_marks = 0;

  add_run_of (model, "a", 400, flickering_loss);
  seqgd_plot_options_init (&options);
  layout = seqgd_plot_layout_new (model, &options, 800, 500);
  scene = seqgd_plot_layout_get_scene (layout);
  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);
      static const double steps[] = { 100, 200, 300 };

      if (item->role != SEQGD_PLOT_ROLE_DIVERGED)
        continue;
      for (guint k = 0; k < item->points->len; k += 2, n_marks++)
        {
          double px;

          g_assert_cmpuint (n_marks, <, G_N_ELEMENTS (steps));
          seqgd_plot_layout_data_to_pixel (layout, steps[n_marks], 1, &px,
                                           NULL);
          g_assert_cmpfloat_with_epsilon (g_array_index (item->points, double,
                                                         k), px, 1e-9);
        }
    }
  g_assert_cmpuint (n_marks, ==, 3);
}

/* Three seeds of one rule whose records arrive in uneven pieces, one
 * seed stopping early as a diverged run does: after every piece the
 * rule's mean and band equal those computed from scratch, and an update
 * computes only the entries the new records can change. */
static void
check_aggregate_incremental (SeqgdPlotSmoothing smoothing,
                             SeqgdPlotBand      band,
                             gboolean           log_y)
{
  g_autoptr(SeqgdPlotModel) parts = seqgd_plot_model_new ();
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (SeqgdStepRecord));
  GRand *rand = g_rand_new_with_seed (3);
  SeqgdPlotOptions options;
  SeqgdPlotKey key;
  guint n = 4000, stop = 1500, done[3] = { 0, 0, 0 };

  seqgd_plot_options_init (&options);
  options.smoothing = smoothing;
  options.window_epochs = 0.5;
  options.log_y = log_y;
  options.band = band;
  _seqgd_plot_key_from_options (&key, &options);
  fill_steps (steps, n);
  for (guint64 seed = 0; seed < 3; seed++)
    seqgd_plot_model_add_run (parts, "a", seed);

  while (done[0] < n)
    {
      g_autoptr(SeqgdPlotModel) whole = seqgd_plot_model_new ();
      const SeqgdPlotAggregate *a, *b;
      guint from = G_MAXUINT, longest = 0;

      for (guint r = 0; r < 3; r++)
        {
          guint end = r == 2 ? stop : n;
          guint k = (guint) g_rand_int_range (rand, 0, 300);

          k = MIN (k, end - done[r]);

          /* Each seed's values differ a little from the others'. */
          for (guint i = done[r]; i < done[r] + k; i++)
            {
              SeqgdStepRecord rec = g_array_index (steps, SeqgdStepRecord, i);

              rec.loss *= 1 + 0.1f * r;
              seqgd_plot_model_append_steps (parts, r, &rec, 1);
            }
          if (k > 0)
            from = MIN (from, done[r]);
          done[r] += k;
          longest = MAX (longest, done[r]);
        }
      b = _seqgd_plot_model_get_aggregate (parts, 0, &key, band);

      for (guint r = 0; r < 3; r++)
        {
          seqgd_plot_model_add_run (whole, "a", r);
          for (guint i = 0; i < done[r]; i++)
            {
              SeqgdStepRecord rec = g_array_index (steps, SeqgdStepRecord, i);

              rec.loss *= 1 + 0.1f * r;
              seqgd_plot_model_append_steps (whole, r, &rec, 1);
            }
        }
      a = _seqgd_plot_model_get_aggregate (whole, 0, &key, band);

      g_assert_cmpuint (a->n, ==, longest);
      g_assert_cmpuint (b->n, ==, longest);
      for (guint i = 0; i < a->n; i++)
        {
          g_assert_cmpfloat (a->x[i], ==, b->x[i]);
          g_assert_true (isfinite (a->mean[i]) == isfinite (b->mean[i]));
          if (!isfinite (a->mean[i]))
            continue;
          g_assert_cmpfloat_with_epsilon (a->mean[i], b->mean[i], 1e-9);
          g_assert_cmpfloat_with_epsilon (a->lower[i], b->lower[i], 1e-9);
          g_assert_cmpfloat_with_epsilon (a->upper[i], b->upper[i], 1e-9);
        }
      for (guint k = 0; k < a->n / SEQGD_PLOT_BLOCK; k++)
        {
          g_assert_cmpfloat (a->mean_min[k], ==, b->mean_min[k]);
          g_assert_cmpfloat (a->upper_max[k], ==, b->upper_max[k]);
          g_assert_cmpuint (a->band_bad[k], ==, b->band_bad[k]);
        }
      {
        double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };

        _seqgd_plot_aggregate_extent (a, a->n, &lo[0], &hi[0]);
        _seqgd_plot_aggregate_extent (b, b->n, &lo[1], &hi[1]);
        g_assert_cmpfloat (lo[0], ==, lo[1]);
        g_assert_cmpfloat (hi[0], ==, hi[1]);
      }

      /* Without smoothing or with an EMA the old entries are final, so
       * only those from the shortest seed that grew are new; the centred
       * window reopens half a window before them.  The stopped seed
       * costs nothing. */
      if (from == G_MAXUINT)
        g_assert_cmpuint (b->n_computed, ==, 0);
      else if (smoothing != SEQGD_PLOT_SMOOTH_WINDOW && from > 0)
        g_assert_cmpuint (b->n_computed, ==, longest - from);
      else
        g_assert_cmpuint (b->n_computed, <=, longest - from + 100);
    }

  /* Nothing new: nothing to compute. */
  g_assert_cmpuint (_seqgd_plot_model_get_aggregate (parts, 0, &key,
                                                     band)->n_computed, ==, 0);
  g_rand_free (rand);
}

static void
test_aggregate_incremental (void)
{
  check_aggregate_incremental (SEQGD_PLOT_SMOOTH_NONE,
                               SEQGD_PLOT_BAND_MIN_MAX, FALSE);
  check_aggregate_incremental (SEQGD_PLOT_SMOOTH_EMA,
                               SEQGD_PLOT_BAND_STDDEV, TRUE);
  check_aggregate_incremental (SEQGD_PLOT_SMOOTH_WINDOW,
                               SEQGD_PLOT_BAND_STDDEV, FALSE);
}

/* Curves of @role, whether stroked or drawn as column boxes. */
static guint
count_curves (const SeqgdPlotScene *scene,
              SeqgdPlotRole         role)
{
  return seqgd_plot_scene_count (scene, SEQGD_PLOT_ITEM_LINE, role)
         + seqgd_plot_scene_count (scene, SEQGD_PLOT_ITEM_BOXES, role);
}

/* Several seeds: a mean line and a band per rule. */
static void
test_mean_and_band (void)
{
  g_autoptr(SeqgdPlotModel) model = synth_experiment (3);
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  SeqgdPlotOptions options;
  const SeqgdPlotScene *scene;

  seqgd_plot_options_init (&options);
  options.smoothing = SEQGD_PLOT_SMOOTH_EMA;
  layout = seqgd_plot_layout_new (model, &options, 900, 600);
  scene = seqgd_plot_layout_get_scene (layout);
  g_assert_cmpuint (count_curves (scene, SEQGD_PLOT_ROLE_MEAN), ==, 3);
  g_assert_cmpuint (seqgd_plot_scene_count (scene, SEQGD_PLOT_ITEM_BAND,
                                            SEQGD_PLOT_ROLE_BAND), ==, 3);
  g_assert_cmpuint (count_curves (scene, SEQGD_PLOT_ROLE_SERIES), ==, 9);
  /* The unsmoothed values stay in sight, faintly, under the band. */
  g_assert_cmpuint (count_curves (scene, SEQGD_PLOT_ROLE_RAW), ==, 9);
  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

      if (item->role == SEQGD_PLOT_ROLE_RAW)
        g_assert_cmpfloat (item->rgba[3], <=, 0.25);
    }

  /* Without bands, or with one seed, there is no mean. */
  g_clear_pointer (&layout, seqgd_plot_layout_unref);
  options.band = SEQGD_PLOT_BAND_NONE;
  layout = seqgd_plot_layout_new (model, &options, 900, 600);
  scene = seqgd_plot_layout_get_scene (layout);
  g_assert_cmpuint (count_curves (scene, SEQGD_PLOT_ROLE_MEAN), ==, 0);
  g_assert_cmpuint (count_curves (scene, SEQGD_PLOT_ROLE_RAW), ==, 9);

  /* Hiding a rule removes its curves. */
  g_clear_pointer (&layout, seqgd_plot_layout_unref);
  options.band = SEQGD_PLOT_BAND_STDDEV;
  seqgd_plot_model_set_rule_visible (model, 2, FALSE);
  layout = seqgd_plot_layout_new (model, &options, 900, 600);
  scene = seqgd_plot_layout_get_scene (layout);
  g_assert_cmpuint (count_curves (scene, SEQGD_PLOT_ROLE_MEAN), ==, 2);
  g_assert_cmpuint (count_curves (scene, SEQGD_PLOT_ROLE_SERIES), ==, 6);
}

/* A few epochs' test accuracy gets a dot at every point of each main
 * curve, and on the legend's samples; long curves get none. */
static void
test_dots (void)
{
  g_autoptr(SeqgdPlotModel) one = synth_experiment (1);
  g_autoptr(SeqgdPlotModel) three = synth_experiment (3);
  SeqgdPlotModel *models[2] = { one, three };
  SeqgdPlotOptions options;

  seqgd_plot_options_init (&options);
  for (guint m = 0; m < 2; m++)
    for (guint q = 0; q < 2; q++)
      {
        g_autoptr(SeqgdPlotLayout) layout = NULL;
        const SeqgdPlotScene *scene;
        guint n_data = 0, n_legend = 0, n_points = 0;

        options.quantity = q == 0 ? SEQGD_PLOT_Y_TEST_ACCURACY
                                  : SEQGD_PLOT_Y_TRAIN_LOSS;
        options.x_mode = q == 0 ? SEQGD_PLOT_X_EPOCHS : SEQGD_PLOT_X_STEPS;
        layout = seqgd_plot_layout_new (models[m], &options, 900, 600);
        scene = seqgd_plot_layout_get_scene (layout);
        for (guint i = 0; i < scene->items->len; i++)
          {
            const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

            if (item->kind != SEQGD_PLOT_ITEM_DOTS)
              continue;
            if (item->role == SEQGD_PLOT_ROLE_LEGEND)
              n_legend++;
            else
              {
                /* On the mean with several seeds, else on each run. */
                g_assert_cmpint (item->role, ==, m == 0
                                 ? SEQGD_PLOT_ROLE_SERIES
                                 : SEQGD_PLOT_ROLE_MEAN);
                n_data++;
                n_points += item->points->len / 2;
              }
          }
        g_assert_cmpuint (n_legend, ==, q == 0 ? 3 : 0);
        g_assert_cmpuint (n_data, ==, q == 0 ? 3 : 0);
        /* Three epochs. */
        g_assert_cmpuint (n_points, ==, q == 0 ? 9 : 0);
      }
}

/* Over training time the seeds reach each step at different times, so
 * a mean taken step by step would not lie among the curves it summed:
 * each seed's curve is drawn at its own times, without mean or band,
 * and the legend shows no band swatch. */
static void
test_seconds_no_band (void)
{
  g_autoptr(SeqgdPlotModel) model = synth_experiment (3);
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  const SeqgdPlotScene *scene;
  SeqgdPlotOptions options;

  seqgd_plot_options_init (&options);
  options.smoothing = SEQGD_PLOT_SMOOTH_EMA;
  options.x_mode = SEQGD_PLOT_X_SECONDS;
  layout = seqgd_plot_layout_new (model, &options, 900, 600);
  scene = seqgd_plot_layout_get_scene (layout);
  g_assert_cmpuint (seqgd_plot_scene_count (scene, SEQGD_PLOT_ITEM_BAND,
                                            SEQGD_PLOT_ROLE_BAND), ==, 0);
  g_assert_cmpuint (count_curves (scene, SEQGD_PLOT_ROLE_MEAN), ==, 0);
  g_assert_cmpuint (count_curves (scene, SEQGD_PLOT_ROLE_SERIES), ==, 9);
  g_assert_cmpuint (seqgd_plot_scene_count (scene, SEQGD_PLOT_ITEM_RECT,
                                            SEQGD_PLOT_ROLE_LEGEND), ==, 0);
  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

      if (item->role == SEQGD_PLOT_ROLE_SERIES)
        g_assert_cmpfloat (item->rgba[3], >=, 0.8);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/model/rules", test_rules);
  g_test_add_func ("/plot/model/smoothing-incremental",
                   test_smoothing_incremental);
  g_test_add_func ("/plot/model/smoothing-values", test_smoothing_values);
  g_test_add_func ("/plot/model/reduce-keeps-extremes",
                   test_reduce_keeps_extremes);
  g_test_add_func ("/plot/model/divergence", test_divergence);
  g_test_add_func ("/plot/model/divergence-range", test_divergence_range);
  g_test_add_func ("/plot/model/divergence-gaps", test_divergence_gaps);
  g_test_add_func ("/plot/model/mean-and-band", test_mean_and_band);
  g_test_add_func ("/plot/model/seconds-no-band", test_seconds_no_band);
  g_test_add_func ("/plot/model/dots", test_dots);
  g_test_add_func ("/plot/model/aggregate-incremental",
                   test_aggregate_incremental);

  return g_test_run ();
}
