/* seqgd-plot-sync.c — keeping a plot model up to date with results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only file of the plot that calls into the core's results and rule
 * table, so that the rest draws series built from plain arrays.
 */

#include "config.h"

#include "seqgd-plot-private.h"
#include "seqgd-rule.h"

static gboolean
save_csv_cb (gpointer     source,
             const char  *path,
             GError     **error)
{
  return seqgd_results_save_csv (source, path, error);
}

static void
attach (SeqgdPlotModel *self,
        SeqgdResults   *results)
{
  const SeqgdConfig *config = seqgd_results_get_config (results);
  g_autofree char *json = NULL;
  g_autofree char *dataset = NULL;

  seqgd_plot_model_clear (self);
  _seqgd_plot_model_set_source (self, seqgd_results_ref (results),
                                (GDestroyNotify) seqgd_results_unref,
                                save_csv_cb);
  seqgd_plot_model_set_n_train (self, seqgd_results_get_n_train (results));

  if (config != NULL)
    {
      json = seqgd_config_to_string (config);
      seqgd_plot_model_set_metadata (self, "Config", json);
    }
  dataset = g_strdup_printf ("%s (%u training, %u test images)",
                             seqgd_results_get_dataset (results) != NULL
                             ? seqgd_results_get_dataset (results) : "unknown",
                             seqgd_results_get_n_train (results),
                             seqgd_results_get_n_test (results));
  seqgd_plot_model_set_metadata (self, "Dataset", dataset);
}

static void
update_seeds (SeqgdPlotModel *self)
{
  g_autoptr(GString) seeds = g_string_new (NULL);
  guint n = seqgd_plot_model_get_n_runs (self);

  for (guint i = 0; i < n; i++)
    {
      guint64 seed = seqgd_plot_model_get_run_seed (self, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = seqgd_plot_model_get_run_seed (self, j) == seed;
      if (seen)
        continue;
      if (seeds->len > 0)
        g_string_append (seeds, ", ");
      g_string_append_printf (seeds, "%" G_GUINT64_FORMAT, seed);
    }
  seqgd_plot_model_set_metadata (self, "Seeds", seeds->str);
}

static void
add_run (SeqgdPlotModel *self,
         SeqgdResults   *results,
         guint           index)
{
  g_autofree char *rule_id = NULL;
  const SeqgdRule *rule;
  guint64 seed;
  int rule_index;

  seqgd_results_lock (results);
  {
    SeqgdRun *run = seqgd_results_get_run (results, index);

    rule_id = g_strdup (run->rule);
    seed = run->seed;
  }
  seqgd_results_unlock (results);

  seqgd_plot_model_add_run (self, rule_id, seed);
  rule_index = seqgd_plot_model_find_rule (self, rule_id);
  rule = seqgd_rule_lookup (rule_id);
  if (rule != NULL && rule_index >= 0)
    seqgd_plot_model_set_rule_label (self, (guint) rule_index, rule->label,
                                     rule->study_name);
}

gboolean
seqgd_plot_model_sync (SeqgdPlotModel *self,
                       SeqgdResults   *results)
{
  guint64 before;
  guint n_runs;
  gboolean new_runs = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (results != NULL, FALSE);

  before = seqgd_plot_model_get_generation (self);
  if (_seqgd_plot_model_get_source (self) != (gpointer) results)
    attach (self, results);

  n_runs = seqgd_results_get_n_runs (results);
  for (guint i = seqgd_plot_model_get_n_runs (self); i < n_runs; i++)
    {
      add_run (self, results, i);
      new_runs = TRUE;
    }
  if (new_runs)
    update_seeds (self);

  for (guint i = 0; i < n_runs; i++)
    {
      guint n_steps, n_epochs;
      g_autoptr(GArray) steps = NULL;
      g_autoptr(GArray) epochs = NULL;

      _seqgd_plot_model_get_steps (self, i, &n_steps);
      _seqgd_plot_model_get_epochs (self, i, &n_epochs);
      steps = seqgd_results_copy_steps (results, i, n_steps);
      epochs = seqgd_results_copy_epochs (results, i, n_epochs);
      seqgd_plot_model_append_steps (self, i,
                                     (const SeqgdStepRecord *) (gpointer) steps->data,
                                     steps->len);
      seqgd_plot_model_append_epochs (self, i,
                                      (const SeqgdEpochRecord *) (gpointer) epochs->data,
                                      epochs->len);
      _seqgd_plot_model_set_status_only (self, i,
                                         seqgd_results_get_status (results, i),
                                         NULL);
    }

  return seqgd_plot_model_get_generation (self) != before;
}
