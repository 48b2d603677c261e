/* test-plot-sync.c — a plot model following SeqgdResults as they grow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "seqgd-plot.h"

static void
append_steps (SeqgdResults *results,
              guint         run,
              guint         from,
              guint         to)
{
  for (guint i = from; i < to; i++)
    {
      SeqgdStepRecord r = { i + 1, (i + 1) / 100.0, (i + 1) * 32,
                            (i + 1) * 0.01, (float) (2.0 / (1 + i)) };

      seqgd_results_append_step (results, run, &r);
    }
}

static void
test_sync (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdResults) results = NULL;
  g_autoptr(SeqgdResults) other = NULL;
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autofree char *json = NULL;
  SeqgdEpochRecord epoch = { 1, 100, 1.0, 0.5, 0.45, 0.84 };
  guint a, b;
  guint64 step;

  results = seqgd_results_new (config, "Fashion-MNIST", 3200, 1000);
  a = seqgd_results_add_run (results, "simultaneous", 0);
  b = seqgd_results_add_run (results, "sequential", 0);

  /* Runs, labels from the rule table and metadata on the first sync. */
  g_assert_true (seqgd_plot_model_sync (model, results));
  g_assert_false (seqgd_plot_model_sync (model, results));
  g_assert_cmpuint (seqgd_plot_model_get_n_runs (model), ==, 2);
  g_assert_cmpstr (seqgd_plot_model_get_run_rule (model, b), ==, "sequential");
  g_assert_cmpstr (seqgd_plot_model_get_rule_study_name (model, 1), ==,
                   "numpySGD");
  json = seqgd_config_to_string (config);
  g_assert_cmpstr (seqgd_plot_model_get_metadata (model, "Config"), ==, json);
  g_assert_nonnull (strstr (seqgd_plot_model_get_metadata (model, "Dataset"),
                            "Fashion-MNIST"));
  g_assert_cmpstr (seqgd_plot_model_get_metadata (model, "Seeds"), ==, "0");

  /* Records arrive in pieces; each sync copies only the new ones. */
  append_steps (results, a, 0, 100);
  append_steps (results, b, 0, 40);
  g_assert_true (seqgd_plot_model_sync (model, results));
  g_assert_cmpuint (seqgd_plot_model_get_run_n_steps (model, a), ==, 100);
  g_assert_cmpuint (seqgd_plot_model_get_run_n_steps (model, b), ==, 40);
  append_steps (results, b, 40, 70);
  seqgd_results_append_epoch (results, a, &epoch);
  g_assert_true (seqgd_plot_model_sync (model, results));
  g_assert_cmpuint (seqgd_plot_model_get_run_n_steps (model, b), ==, 70);
  g_assert_false (seqgd_plot_model_sync (model, results));

  /* What the model draws is what was recorded. */
  {
    g_autoptr(SeqgdPlotLayout) layout = NULL;
    SeqgdPlotOptions options;
    SeqgdPlotHit hit;
    double px, py;

    seqgd_plot_options_init (&options);
    layout = seqgd_plot_layout_new (model, &options, 600, 400);
    seqgd_plot_layout_data_to_pixel (layout, 60, 2.0 / 60, &px, &py);
    g_assert_true (seqgd_plot_layout_hit_test (layout, px, py, 2, &hit));
    g_assert_cmpuint (hit.step, ==, 60);
    g_assert_cmpfloat_with_epsilon (hit.value, 2.0 / 60, 1e-6);
  }

  /* A status change is a change; divergence shows. */
  {
    SeqgdStepRecord r = { 71, 0.71, 71 * 32, 0.71, NAN };

    seqgd_results_append_step (results, b, &r);
    seqgd_results_set_status (results, b, SEQGD_RUN_DIVERGED, "loss is NaN");
  }
  g_assert_true (seqgd_plot_model_sync (model, results));
  g_assert_true (seqgd_plot_model_get_run_diverged (model, b, &step));
  g_assert_cmpuint (step, ==, 71);
  g_assert_false (seqgd_plot_model_get_run_diverged (model, a, NULL));

  /* Other results: the model starts afresh. */
  other = seqgd_results_new (config, "MNIST", 100, 10);
  seqgd_results_add_run (other, "autograd", 5);
  g_assert_true (seqgd_plot_model_sync (model, other));
  g_assert_cmpuint (seqgd_plot_model_get_n_runs (model), ==, 1);
  g_assert_cmpuint (seqgd_plot_model_get_run_seed (model, 0), ==, 5);
  g_assert_cmpstr (seqgd_plot_model_get_metadata (model, "Seeds"), ==, "5");
}

/* CSV goes through the results, raw and never smoothed. */
static void
test_export_csv (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdResults) results = seqgd_results_new (config, "Fashion-MNIST",
                                                       3200, 1000);
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqgd-plot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.csv", NULL);
  g_autofree char *contents = NULL;
  SeqgdPlotOptions options;

  append_steps (results, seqgd_results_add_run (results, "autograd", 0), 0, 10);
  seqgd_plot_model_sync (model, results);
  seqgd_plot_options_init (&options);
  options.smoothing = SEQGD_PLOT_SMOOTH_EMA;
  g_assert_true (seqgd_plot_export (model, &options, path, 100, 100, 1,
                                    &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "#"));
  /* Step 3's raw loss 2/3, not a smoothed value. */
  g_assert_nonnull (strstr (contents, "0.6666"));
  g_remove (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/sync/incremental", test_sync);
  g_test_add_func ("/plot/sync/export-csv", test_export_csv);

  return g_test_run ();
}
