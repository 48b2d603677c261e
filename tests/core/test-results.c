/* test-results.c — the results container, summaries and files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "seqgd-results.h"
#include "test-privileges.h"

#define N_TRAIN 100
#define BATCH   32   /* 4 steps per epoch: 32, 32, 32, 4 */

static guint64
samples_after (guint64 step)
{
  guint64 epoch = (step - 1) / 4, within = (step - 1) % 4 + 1;

  return epoch * N_TRAIN + MIN (within * BATCH, N_TRAIN);
}

static void
append_steps (SeqgdResults *results,
              guint         run,
              const float  *losses,
              guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      SeqgdStepRecord record = {
        .step = i + 1,
        .samples = samples_after (i + 1),
        .seconds = 0.001 * (i + 1),
        .loss = losses[i],
      };

      record.epoch = (double) record.samples / N_TRAIN;
      seqgd_results_append_step (results, run, &record);
    }
}

static void
append_epoch (SeqgdResults *results,
              guint         run,
              guint         epoch,
              double        train_loss,
              double        test_loss,
              double        accuracy)
{
  SeqgdEpochRecord record = {
    .epoch = epoch,
    .step = epoch * 4,
    .seconds = 0.004 * epoch + 0.0005,
    .train_loss = train_loss,
    .test_loss = test_loss,
    .test_accuracy = accuracy,
  };

  seqgd_results_append_epoch (results, run, &record);
}

static const float good_losses[] = { 2.3f, 2.0f, 1.6f, 1.1f, 0.9f, 0.7f,
                                     0.6f, 0.1234567f };

/* Three runs: one finished with two epochs, one that diverged in its
 * second epoch, one cancelled before its first step. */
static SeqgdResults *
make_results (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  SeqgdResults *results;
  const float bad[] = { 2.3f, 5.0f, 40.0f, 800.0f, INFINITY, NAN };
  guint run;

  config->batch_size = BATCH;
  config->epochs = 2;
  config->loss_target = 1.0;
  results = seqgd_results_new (config, "Tiny, \"odd\"\nname", N_TRAIN, 0);

  run = seqgd_results_add_run (results, "autograd", 0);
  append_steps (results, run, good_losses, G_N_ELEMENTS (good_losses));
  append_epoch (results, run, 1, 1.75, NAN, NAN);
  append_epoch (results, run, 2, 0.58086417, NAN, NAN);
  seqgd_results_set_status (results, run, SEQGD_RUN_FINISHED, NULL);

  run = seqgd_results_add_run (results, "sequential", 0);
  append_steps (results, run, bad, G_N_ELEMENTS (bad));
  append_epoch (results, run, 1, 211.825, NAN, NAN);
  seqgd_results_set_status (results, run, SEQGD_RUN_DIVERGED,
                            "The loss became NaN at step 6 (epoch 2)");

  run = seqgd_results_add_run (results, "simultaneous", 7);
  seqgd_results_set_status (results, run, SEQGD_RUN_CANCELLED, NULL);

  return results;
}

static void
test_container (void)
{
  g_autoptr(SeqgdResults) results = make_results ();
  g_autoptr(GArray) steps = NULL;
  g_autoptr(GArray) tail = NULL;
  g_autoptr(GArray) none = NULL;
  SeqgdRun *run;

  g_assert_cmpuint (seqgd_results_get_n_runs (results), ==, 3);
  g_assert_cmpuint (seqgd_results_get_n_train (results), ==, N_TRAIN);
  g_assert_cmpuint (seqgd_results_get_n_test (results), ==, 0);
  g_assert_cmpuint (seqgd_results_get_config (results)->epochs, ==, 2);

  run = seqgd_results_get_run (results, 2);
  g_assert_cmpstr (run->rule, ==, "simultaneous");
  g_assert_cmpuint (run->seed, ==, 7);
  g_assert_cmpint (seqgd_results_get_status (results, 1), ==,
                   SEQGD_RUN_DIVERGED);

  steps = seqgd_results_copy_steps (results, 0, 0);
  tail = seqgd_results_copy_steps (results, 0, 6);
  none = seqgd_results_copy_steps (results, 0, 100);
  g_assert_cmpuint (steps->len, ==, 8);
  g_assert_cmpuint (tail->len, ==, 2);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (g_array_index (tail, SeqgdStepRecord, 0).step, ==, 7);
  g_assert_cmpfloat (g_array_index (steps, SeqgdStepRecord, 3).epoch, ==, 1.0);

  seqgd_results_reserve (results, 2, 1000, 10);
  g_assert_cmpuint (seqgd_results_get_run (results, 2)->steps->len, ==, 0);
}

static void
test_status_names (void)
{
  for (SeqgdRunStatus s = SEQGD_RUN_PENDING; s <= SEQGD_RUN_FAILED; s++)
    {
      SeqgdRunStatus back = -1;

      g_assert_true (seqgd_run_status_from_string (
                       seqgd_run_status_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  g_assert_cmpstr (seqgd_run_status_to_string (SEQGD_RUN_DIVERGED), ==,
                   "diverged");
}

/* The first step at which the smoothed good_losses reach @target. */
static gint64
expected_steps (double target)
{
  double smoothed = good_losses[0];

  for (guint i = 0; i < G_N_ELEMENTS (good_losses); i++)
    {
      if (i > 0)
        smoothed = (1 - SEQGD_RESULTS_SMOOTHING) * smoothed +
                   SEQGD_RESULTS_SMOOTHING * good_losses[i];
      if (smoothed <= target)
        return i + 1;
    }

  return -1;
}

static void
test_summary (void)
{
  g_autoptr(SeqgdResults) results = make_results ();
  SeqgdRunSummary summary;

  seqgd_results_summarize (results, 0, &summary);
  g_assert_cmpuint (summary.n_steps, ==, 8);
  g_assert_cmpfloat_with_epsilon (summary.final_train_loss,
                                  (0.9 + 0.7 + 0.6 + 0.1234567) / 4, 1e-6);
  g_assert_true (isnan (summary.final_test_loss));
  g_assert_true (isnan (summary.final_test_accuracy));
  g_assert_cmpfloat_with_epsilon (summary.seconds, 0.0085, 1e-12);

  /* Raw losses reach 1.0 at step 5, the smoothed loss never does. */
  g_assert_cmpint (expected_steps (1.0), ==, -1);
  g_assert_cmpint (summary.steps_to_target, ==, -1);

  /* 2.2 is reached by a raw loss at step 2, smoothed only at step 4. */
  ((SeqgdConfig *) seqgd_results_get_config (results))->loss_target = 2.2;
  seqgd_results_summarize (results, 0, &summary);
  g_assert_cmpint (expected_steps (2.2), ==, 4);
  g_assert_cmpint (summary.steps_to_target, ==, 4);

  seqgd_results_summarize (results, 1, &summary);
  g_assert_true (isnan (summary.final_train_loss));
  g_assert_cmpint (summary.steps_to_target, ==, -1);

  seqgd_results_summarize (results, 2, &summary);
  g_assert_cmpuint (summary.n_steps, ==, 0);
  g_assert_true (isnan (summary.final_train_loss));
  g_assert_cmpfloat (summary.seconds, ==, 0);
}

static void
test_summary_test_set (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdResults) results = seqgd_results_new (config, "x", 100, 50);
  const float losses[] = { 0.2f, 0.2f, 0.2f, 0.2f, 0.4f };
  SeqgdRunSummary summary;

  /* A run cancelled one step into its second epoch: the final train loss
   * is that of the partial epoch. */
  append_steps (results, 0 + seqgd_results_add_run (results, "autograd", 3),
                losses, G_N_ELEMENTS (losses));
  append_epoch (results, 0, 1, 0.2, 0.25, 0.875);
  seqgd_results_summarize (results, 0, &summary);
  g_assert_cmpfloat_with_epsilon (summary.final_train_loss, 0.4, 1e-7);
  g_assert_cmpfloat (summary.final_test_loss, ==, 0.25);
  g_assert_cmpfloat (summary.final_test_accuracy, ==, 0.875);
  g_assert_cmpint (summary.steps_to_target, ==, 1);
}

/* A rule over its seeds: finished and running runs count, a diverged one
 * and other rules' runs do not. */
static void
test_rule_summary (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdResults) results = seqgd_results_new (config, "x", 100, 50);
  const float losses[] = { 0.2f, 0.2f, 0.2f, 0.2f, 0.4f };
  const float never[] = { 2.0f, 2.0f };
  const double accuracy[] = { 0.8, 0.9, NAN, 0.85 };
  const SeqgdRunStatus status[] = { SEQGD_RUN_FINISHED, SEQGD_RUN_FINISHED,
                                    SEQGD_RUN_DIVERGED, SEQGD_RUN_RUNNING };
  SeqgdRuleSummary summary;
  guint run;

  run = seqgd_results_add_run (results, "autograd", 0);
  append_steps (results, run, losses, G_N_ELEMENTS (losses));
  append_epoch (results, run, 1, 0.2, 0.1, 0.1);
  seqgd_results_set_status (results, run, SEQGD_RUN_FINISHED, NULL);

  for (guint seed = 0; seed < G_N_ELEMENTS (status); seed++)
    {
      run = seqgd_results_add_run (results, "sequential", seed);
      if (seed == 1)
        append_steps (results, run, never, G_N_ELEMENTS (never));
      else
        append_steps (results, run, losses, G_N_ELEMENTS (losses));
      append_epoch (results, run, 1, 0.2, 0.3 + 0.1 * seed, accuracy[seed]);
      seqgd_results_set_status (results, run, status[seed], NULL);
    }

  seqgd_results_summarize_rule (results, "sequential", &summary);
  g_assert_cmpuint (summary.n_runs, ==, 4);
  g_assert_cmpuint (summary.n_counted, ==, 3);
  g_assert_cmpuint (summary.n_status[SEQGD_RUN_FINISHED], ==, 2);
  g_assert_cmpuint (summary.n_status[SEQGD_RUN_DIVERGED], ==, 1);
  g_assert_cmpuint (summary.n_status[SEQGD_RUN_RUNNING], ==, 1);

  g_assert_cmpuint (summary.final_test_accuracy.n, ==, 3);
  g_assert_cmpfloat_with_epsilon (summary.final_test_accuracy.mean, 0.85,
                                  1e-12);
  g_assert_cmpfloat_with_epsilon (summary.final_test_accuracy.sd, 0.05,
                                  1e-12);
  g_assert_cmpfloat_with_epsilon (summary.final_test_loss.mean,
                                  (0.3 + 0.4 + 0.6) / 3, 1e-12);

  /* Seed 1 never reached the target. */
  g_assert_cmpuint (summary.steps_to_target.n, ==, 2);
  g_assert_cmpfloat (summary.steps_to_target.mean, ==, 1.0);
  g_assert_cmpfloat (summary.steps_to_target.sd, ==, 0.0);

  /* One run: no spread; no run: no values. */
  seqgd_results_summarize_rule (results, "autograd", &summary);
  g_assert_cmpuint (summary.n_counted, ==, 1);
  g_assert_cmpfloat (summary.final_test_accuracy.sd, ==, 0.0);
  seqgd_results_summarize_rule (results, "simultaneous", &summary);
  g_assert_cmpuint (summary.n_runs, ==, 0);
  g_assert_cmpuint (summary.final_train_loss.n, ==, 0);
  g_assert_true (isnan (summary.final_train_loss.mean));
}

static void
assert_float_same (float a,
                   float b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_double_same (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_steps_equal (SeqgdResults *a,
                    guint         run_a,
                    SeqgdResults *b,
                    guint         run_b)
{
  g_autoptr(GArray) sa = seqgd_results_copy_steps (a, run_a, 0);
  g_autoptr(GArray) sb = seqgd_results_copy_steps (b, run_b, 0);

  g_assert_cmpuint (sa->len, ==, sb->len);
  for (guint i = 0; i < sa->len; i++)
    {
      SeqgdStepRecord *ra = &g_array_index (sa, SeqgdStepRecord, i);
      SeqgdStepRecord *rb = &g_array_index (sb, SeqgdStepRecord, i);

      g_assert_cmpuint (ra->step, ==, rb->step);
      g_assert_cmpfloat (ra->epoch, ==, rb->epoch);
      g_assert_cmpuint (ra->samples, ==, rb->samples);
      g_assert_cmpfloat_with_epsilon (ra->seconds, rb->seconds, 1e-6);
      assert_float_same (ra->loss, rb->loss);
    }
}

static void
assert_epochs_equal (SeqgdResults *a,
                     guint         run_a,
                     SeqgdResults *b,
                     guint         run_b)
{
  g_autoptr(GArray) ea = seqgd_results_copy_epochs (a, run_a, 0);
  g_autoptr(GArray) eb = seqgd_results_copy_epochs (b, run_b, 0);

  g_assert_cmpuint (ea->len, ==, eb->len);
  for (guint i = 0; i < ea->len; i++)
    {
      SeqgdEpochRecord *ra = &g_array_index (ea, SeqgdEpochRecord, i);
      SeqgdEpochRecord *rb = &g_array_index (eb, SeqgdEpochRecord, i);

      g_assert_cmpuint (ra->epoch, ==, rb->epoch);
      g_assert_cmpuint (ra->step, ==, rb->step);
      assert_double_same (ra->seconds, rb->seconds);
      assert_double_same (ra->train_loss, rb->train_loss);
      assert_double_same (ra->test_loss, rb->test_loss);
      assert_double_same (ra->test_accuracy, rb->test_accuracy);
    }
}

static void
assert_runs_equal (SeqgdResults *a,
                   SeqgdResults *b,
                   gboolean      with_steps,
                   gboolean      with_epochs)
{
  g_assert_true (seqgd_config_equal (seqgd_results_get_config (a),
                                     seqgd_results_get_config (b)));
  g_assert_cmpuint (seqgd_results_get_n_train (a), ==,
                    seqgd_results_get_n_train (b));
  g_assert_cmpuint (seqgd_results_get_n_test (a), ==,
                    seqgd_results_get_n_test (b));
  g_assert_cmpuint (seqgd_results_get_n_runs (a), ==,
                    seqgd_results_get_n_runs (b));

  for (guint i = 0; i < seqgd_results_get_n_runs (a); i++)
    {
      SeqgdRun *ra = seqgd_results_get_run (a, i);
      SeqgdRun *rb = seqgd_results_get_run (b, i);

      g_assert_cmpstr (ra->rule, ==, rb->rule);
      g_assert_cmpuint (ra->seed, ==, rb->seed);
      g_assert_cmpint (ra->status, ==, rb->status);
      g_assert_cmpstr (ra->message, ==, rb->message);
      if (with_steps)
        assert_steps_equal (a, i, b, i);
      if (with_epochs)
        assert_epochs_equal (a, i, b, i);
    }
}

typedef struct
{
  char *dir;
  char *csv;
  char *json;
} Files;

static void
files_init (Files *files)
{
  files->dir = g_dir_make_tmp ("seqgd-results-XXXXXX", NULL);
  g_assert_nonnull (files->dir);
  files->csv = g_build_filename (files->dir, "results.csv", NULL);
  files->json = g_build_filename (files->dir, "results.json", NULL);
}

static void
files_clear (Files *files)
{
  g_unlink (files->csv);
  g_unlink (files->json);
  g_assert_cmpint (g_rmdir (files->dir), ==, 0);
  g_free (files->dir);
  g_free (files->csv);
  g_free (files->json);
}

static void
test_round_trip (void)
{
  g_autoptr(SeqgdResults) results = make_results ();
  g_autoptr(SeqgdResults) both = NULL;
  g_autoptr(SeqgdResults) csv_only = NULL;
  g_autoptr(SeqgdResults) json_only = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_text = NULL;
  SeqgdRunSummary summary;
  Files files;

  files_init (&files);
  g_assert_true (seqgd_results_save_csv (results, files.csv, &error));
  g_assert_no_error (error);
  g_assert_true (seqgd_results_save_json (results, files.json, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (files.csv, &csv_text, NULL, NULL));
  g_test_message ("%s", csv_text);
  g_assert_nonnull (strstr (csv_text, "\nrule,seed,step,epoch,samples,"
                                      "seconds,loss\n"));
  g_assert_nonnull (strstr (csv_text, "# program: SeqGD " PACKAGE_VERSION));
  g_assert_nonnull (strstr (csv_text, "# config: {"));
  g_assert_nonnull (strstr (csv_text, "\nautograd,0,8,2,200,0.008000,"
                                      "0.1234567\n"));
  g_assert_nonnull (strstr (csv_text, ",inf\n"));
  g_assert_nonnull (strstr (csv_text, ",nan\n"));

  both = seqgd_results_load (files.csv, files.json, &error);
  g_assert_no_error (error);
  assert_runs_equal (results, both, TRUE, TRUE);
  g_assert_cmpstr (seqgd_results_get_dataset (both), ==,
                   seqgd_results_get_dataset (results));

  csv_only = seqgd_results_load (files.csv, NULL, &error);
  g_assert_no_error (error);
  assert_runs_equal (results, csv_only, TRUE, FALSE);
  g_assert_cmpstr (seqgd_results_get_dataset (csv_only), ==,
                   "Tiny, \"odd\" name");

  json_only = seqgd_results_load (NULL, files.json, &error);
  g_assert_no_error (error);
  assert_runs_equal (results, json_only, FALSE, TRUE);

  /* Without steps, the summary falls back on the last epoch record. */
  seqgd_results_summarize (json_only, 0, &summary);
  g_assert_cmpfloat (summary.final_train_loss, ==, 0.58086417);
  g_assert_cmpuint (summary.n_steps, ==, 8);
  g_assert_cmpint (summary.steps_to_target, ==, -1);

  files_clear (&files);
}

static void
test_json_content (void)
{
  g_autoptr(SeqgdResults) results = make_results ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *run, *summary;
  Files files;

  files_init (&files);
  g_assert_true (seqgd_results_save_json (results, files.json, &error));
  g_assert_true (json_parser_load_from_file (parser, files.json, &error));
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "program"), ==,
                   "SeqGD " PACKAGE_VERSION);
  g_assert_true (json_object_has_member (root, "config"));
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (root, "dataset"),
                     "n_train"), ==, N_TRAIN);
  run = json_array_get_object_element (
          json_object_get_array_member (root, "runs"), 1);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==,
                   "diverged");
  summary = json_object_get_object_member (run, "summary");
  g_assert_cmpstr (json_object_get_string_member (summary,
                                                  "final_train_loss"),
                   ==, "nan");
  g_assert_true (json_object_get_null_member (summary, "steps_to_target"));

  files_clear (&files);
}

static void
test_load_bad (void)
{
  const char *bad_csv[] = {
    "",
    "# config: {}\n",
    "rule,seed,step\nautograd,0,1\n",
    "# config: {}\nrule,seed,step,epoch,samples,seconds,loss\n"
    "autograd,0,1,0.5,10,0.1\n",
    "# config: {}\nrule,seed,step,epoch,samples,seconds,loss\n"
    "autograd,x,1,0.5,10,0.1,2.0\n",
    "# config: {}\nrule,seed,step,epoch,samples,seconds,loss\n"
    "autograd,0,1,0.5,10,0.1,lots\n",
    "# config: {\"epochs\": -3}\nrule,seed,step,epoch,samples,seconds,loss\n",
    "# config: {}\n# run: autograd zero finished\n"
    "rule,seed,step,epoch,samples,seconds,loss\n",
  };
  const char *bad_json[] = {
    "",
    "[]",
    "{\"runs\": []}",
    "{\"config\": {\"batch_size\": 0}}",
    "{\"config\": {}, \"runs\": [{\"rule\": \"autograd\"}]}",
    "{\"config\": {}, \"runs\": [{\"rule\": \"autograd\", \"seed\": 0,"
    "  \"status\": \"sleeping\"}]}",
    "{\"config\": {}, \"runs\": [{\"rule\": \"autograd\", \"seed\": 0,"
    "  \"epochs\": [{\"epoch\": 1, \"step\": 1, \"seconds\": \"slow\"}]}]}",
    "{\"config\": {}, \"runs\": [5]}",
  };
  Files files;

  files_init (&files);
  for (guint i = 0; i < G_N_ELEMENTS (bad_csv); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqgdResults) results = NULL;

      g_assert_true (g_file_set_contents (files.csv, bad_csv[i], -1, NULL));
      results = seqgd_results_load (files.csv, NULL, &error);
      g_assert_null (results);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, files.csv));
      g_test_message ("%s", error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_json); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqgdResults) results = NULL;

      g_assert_true (g_file_set_contents (files.json, bad_json[i], -1, NULL));
      results = seqgd_results_load (NULL, files.json, &error);
      g_assert_null (results);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, files.json));
      g_test_message ("%s", error->message);
    }
  files_clear (&files);

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (seqgd_results_load ("/nonexistent/r.csv", NULL, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  }
}

static void
assert_save_fails_intact (SeqgdResults *results,
                          const char   *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_false (seqgd_results_save_csv (results, path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (seqgd_results_save_json (results, path, &error));
  g_assert_nonnull (strstr (error->message, path));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old contents\n");
}

/* Saving into a read-only directory fails and leaves the old files as
 * they were.  The saves run in a subprocess without root's privileges,
 * so that the permissions apply also where the tests run as root. */
static void
test_atomic_read_only_dir (void)
{
  g_autoptr(SeqgdResults) results = make_results ();
  Files files;

  if (g_test_subprocess ())
    {
      const char *csv = g_getenv ("SEQGD_TEST_READ_ONLY_TARGET");

      test_drop_privileges ();
      g_assert_nonnull (csv);
      assert_save_fails_intact (results, csv);
      return;
    }

  files_init (&files);
  g_assert_true (g_file_set_contents (files.csv, "old contents\n", -1, NULL));
  g_assert_true (g_file_set_contents (files.json, "{}", -1, NULL));
  g_assert_cmpint (g_chmod (files.csv, 0644), ==, 0);
  g_assert_cmpint (g_chmod (files.dir, 0555), ==, 0);

  g_setenv ("SEQGD_TEST_READ_ONLY_TARGET", files.csv, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("SEQGD_TEST_READ_ONLY_TARGET");
  g_test_trap_assert_passed ();

  /* The old file intact, and nothing left beside the two files. */
  {
    g_autofree char *contents = NULL;
    g_autoptr(GDir) dir = g_dir_open (files.dir, 0, NULL);
    guint n = 0;

    g_assert_true (g_file_get_contents (files.csv, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "old contents\n");
    g_assert_nonnull (dir);
    while (g_dir_read_name (dir) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }

  g_assert_cmpint (g_chmod (files.dir, 0755), ==, 0);
  files_clear (&files);
}

/* A write that fails half way (here: over the file size limit) must leave
 * the old file as it was; this works for root too. */
static void
test_atomic_write_fails (void)
{
  g_autoptr(SeqgdResults) results = make_results ();
  struct rlimit saved, small = { 0 };
  Files files;

  files_init (&files);
  g_assert_true (g_file_set_contents (files.csv, "old contents\n", -1, NULL));

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small.rlim_cur = 64;
  small.rlim_max = saved.rlim_max;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);

  assert_save_fails_intact (results, files.csv);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_DFL);

  /* Nothing is left behind but the file itself. */
  {
    g_autoptr(GDir) dir = g_dir_open (files.dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (dir) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
  files_clear (&files);
}

static void
test_missing_dir (void)
{
  g_autoptr(SeqgdResults) results = make_results ();
  g_autoptr(GError) error = NULL;
  const char *path = "/nonexistent/folder/results.csv";

  g_assert_false (seqgd_results_save_csv (results, path, &error));
  g_assert_nonnull (strstr (error->message, path));
}

typedef struct
{
  SeqgdResults *results;
  guint         run;
} Writer;

static gpointer
write_steps (gpointer data)
{
  Writer *w = data;

  for (guint i = 0; i < 20000; i++)
    {
      SeqgdStepRecord record = { .step = i + 1, .loss = (float) i };

      seqgd_results_append_step (w->results, w->run, &record);
    }

  return NULL;
}

/* Readers see only whole records, in order, while writers append. */
static void
test_threads (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdResults) results = seqgd_results_new (config, "x", 1, 0);
  Writer writers[2];
  GThread *threads[2];
  guint seen = 0;

  for (guint i = 0; i < 2; i++)
    {
      writers[i].results = results;
      writers[i].run = seqgd_results_add_run (results, "autograd", i);
      threads[i] = g_thread_new ("writer", write_steps, &writers[i]);
    }

  while (seen < 20000)
    {
      g_autoptr(GArray) tail = seqgd_results_copy_steps (results, 0, seen);

      for (guint i = 0; i < tail->len; i++)
        g_assert_cmpuint (g_array_index (tail, SeqgdStepRecord, i).step, ==,
                          seen + i + 1);
      seen += tail->len;
    }

  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (seqgd_results_get_run (results, 1)->steps->len, ==,
                    20000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/results/container", test_container);
  g_test_add_func ("/core/results/status-names", test_status_names);
  g_test_add_func ("/core/results/summary", test_summary);
  g_test_add_func ("/core/results/summary-test-set", test_summary_test_set);
  g_test_add_func ("/core/results/rule-summary", test_rule_summary);
  g_test_add_func ("/core/results/round-trip", test_round_trip);
  g_test_add_func ("/core/results/json-content", test_json_content);
  g_test_add_func ("/core/results/load-bad", test_load_bad);
  g_test_add_func ("/core/results/atomic-read-only-dir",
                   test_atomic_read_only_dir);
  g_test_add_func ("/core/results/atomic-write-fails",
                   test_atomic_write_fails);
  g_test_add_func ("/core/results/missing-dir", test_missing_dir);
  g_test_add_func ("/core/results/threads", test_threads);

  return g_test_run ();
}
