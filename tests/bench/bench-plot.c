/* bench-plot.c — how fast the plot draws long series and finds points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Full redraws (layout, reduction and cairo rasterisation of the whole
 * plot at 1200 × 800) of three series of 10⁶ and of 10⁴ points, their
 * ratio, and the hover lookup on the long series.  The first draw of a
 * model also builds its per-series caches; that one-time cost is printed
 * apart.  Targets: the long render within 3× of the short one and under
 * 16 ms, a lookup under 0.1 ms; the three-seed plot under 16 ms too,
 * printed also as a multiple of the short single-seed render.
 */

#include "config.h"

#include <math.h>
#include <time.h>

#include "plot-synth.h"

#define WIDTH  1200
#define HEIGHT 800

static SeqgdPlotModel *
make_model (guint n_points)
{
  static const char * const rules[] = { "autograd", "simultaneous",
                                        "sequential" };
  SeqgdPlotModel *model = seqgd_plot_model_new ();

  for (guint r = 0; r < 3; r++)
    synth_add_run (model, rules[r], 0, n_points, MAX (n_points / 3, 1u), 0);
  return model;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
render_once (SeqgdPlotModel         *model,
             const SeqgdPlotOptions *options,
             cairo_surface_t        *surface,
             double                 *wall)
{
  gint64 start = g_get_monotonic_time ();
  double cpu = cpu_ms ();
  cairo_t *cr = cairo_create (surface);

  seqgd_plot_render (model, options, cr, WIDTH, HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  *wall = (g_get_monotonic_time () - start) / 1000.0;
  return cpu_ms () - cpu;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median CPU time of @reps renders in milliseconds; *first gets the
 * first render's, *wall the median wall-clock time. */
static double
time_render (SeqgdPlotModel         *model,
             const SeqgdPlotOptions *options,
             guint                   reps,
             double                 *first,
             double                 *wall)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         WIDTH, HEIGHT);
  g_autofree double *times = g_new (double, reps);
  g_autofree double *walls = g_new (double, reps);
  double median, unused;

  *first = render_once (model, options, surface, &unused);
  for (guint i = 0; i < reps; i++)
    times[i] = render_once (model, options, surface, &walls[i]);
  qsort (times, reps, sizeof (double), compare_double);
  qsort (walls, reps, sizeof (double), compare_double);
  median = times[reps / 2];
  *wall = walls[reps / 2];
  cairo_surface_destroy (surface);
  return median;
}

static double
time_lookup (SeqgdPlotModel         *model,
             const SeqgdPlotOptions *options,
             double                 *hit_rate)
{
  g_autoptr(SeqgdPlotLayout) layout = seqgd_plot_layout_new (model, options,
                                                             WIDTH, HEIGHT);
  GRand *rand = g_rand_new_with_seed (11);
  SeqgdPlotRect area;
  guint n = 20000, hits = 0;
  double start, elapsed;

  seqgd_plot_layout_get_plot_area (layout, &area);
  start = cpu_ms ();
  for (guint i = 0; i < n; i++)
    {
      SeqgdPlotHit hit;
      double px = area.x + g_rand_double (rand) * area.width;
      double py = area.y + g_rand_double (rand) * area.height;

      hits += seqgd_plot_layout_hit_test (layout, px, py, 12, &hit);
    }
  elapsed = (cpu_ms () - start) / n;
  *hit_rate = (double) hits / n;
  g_rand_free (rand);
  return elapsed;
}

/* Returns the median time of the short render. */
static double
bench (const char *label,
       gboolean    log_y)
{
  g_autoptr(SeqgdPlotModel) big = make_model (1000000);
  g_autoptr(SeqgdPlotModel) small = make_model (10000);
  SeqgdPlotOptions options;
  double big_first, small_first, big_ms, small_ms, big_wall, small_wall;
  double lookup_ms, hit_rate;

  seqgd_plot_options_init (&options);
  options.log_y = log_y;

  big_ms = time_render (big, &options, 30, &big_first, &big_wall);
  small_ms = time_render (small, &options, 30, &small_first, &small_wall);
  lookup_ms = time_lookup (big, &options, &hit_rate);

  g_print ("%s y axis, %d x %d pixels (CPU ms, median of 30):\n",
           label, WIDTH, HEIGHT);
  g_print ("  render 3 x 10^6 points: %6.2f ms  (wall %.2f; first render, "
           "building caches: %.1f)\n", big_ms, big_wall, big_first);
  g_print ("  render 3 x 10^4 points: %6.2f ms  (wall %.2f)\n",
           small_ms, small_wall);
  g_print ("  ratio long / short:     %6.2f     (target <= 3; long target "
           "< 16 ms)\n", big_ms / small_ms);
  g_print ("  hover lookup, 3 x 10^6: %6.4f ms (target < 0.1 ms; %.0f %% of "
           "random pixels within 12 px of a point)\n",
           lookup_ms, 100 * hit_rate);
  return small_ms;
}

/* The slow path: three seeds per rule, smoothed, so every render builds
 * means and bands and draws dashed means over faint raw curves. */
static void
bench_seeds (double small_ms)
{
  static const char * const rules[] = { "autograd", "simultaneous",
                                        "sequential" };
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  SeqgdPlotOptions options;
  guint n_points = 1000000 / 3;
  double ms, first, wall;

  for (guint64 seed = 0; seed < 3; seed++)
    for (guint r = 0; r < 3; r++)
      synth_add_run (model, rules[r], seed, n_points, n_points / 3, 0);
  seqgd_plot_options_init (&options);
  options.smoothing = SEQGD_PLOT_SMOOTH_EMA;

  ms = time_render (model, &options, 30, &first, &wall);
  g_print ("3 seeds x 3 rules, EMA, bands, dashed means, %d x %d pixels:\n",
           WIDTH, HEIGHT);
  g_print ("  render 9 x %u points: %6.2f ms  (wall %.2f; first render, "
           "building caches: %.1f)\n", n_points, ms, wall, first);
  g_print ("  ratio to one seed, 3 x 10^4, linear: %6.2f  (target: the "
           "render < 16 ms)\n", ms / small_ms);
}

int
main (int    argc,
      char **argv)
{
  double small_ms = bench ("linear", FALSE);

  bench ("log", TRUE);
  bench_seeds (small_ms);
  return 0;
}
