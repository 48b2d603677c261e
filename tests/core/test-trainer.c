/* test-trainer.c — paired runs, reproducibility, cancel and divergence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data is generated: 4 × 4 images of three classes, each class a
 * bright quadrant over noise, so that a tiny network learns it in a few
 * epochs and a whole experiment takes milliseconds.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "seqgd-trainer.h"

#define SIDE      4
#define N_CLASSES 3

static SeqgdDataset *
make_dataset (guint   n,
              guint64 seed)
{
  guint8 *pixels = g_new (guint8, (gsize) n * SIDE * SIDE);
  guint8 *labels = g_new (guint8, n);
  SeqgdRng rng;

  seqgd_rng_init (&rng, seed);
  for (guint i = 0; i < n; i++)
    {
      guint8 *image = pixels + (gsize) i * SIDE * SIDE;

      labels[i] = seqgd_rng_below (&rng, N_CLASSES);
      for (guint r = 0; r < SIDE; r++)
        for (guint c = 0; c < SIDE; c++)
          {
            guint quadrant = (r / 2) * 2 + c / 2;
            guint value = seqgd_rng_below (&rng, 90);

            if (quadrant == labels[i])
              value += 160;
            image[r * SIDE + c] = (guint8) value;
          }
    }

  return seqgd_dataset_new_take ("Quadrants", n, SIDE, SIDE, 1, N_CLASSES,
                                 pixels, labels);
}

static SeqgdConfig *
tiny_config (void)
{
  SeqgdConfig *config = seqgd_config_new_default ();

  config->hidden[0] = 8;
  config->batch_size = 10;
  config->epochs = 3;
  config->learning_rate = 0.5;
  config->loss_target = 0.8;
  return config;
}

typedef struct
{
  double  last;
  guint   calls;
  gboolean monotonic;
  GCancellable *cancel_at_first;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *p = user_data;

  /* The trainer serialises calls, so no lock is needed here. */
  if (fraction < p->last || fraction < 0 || fraction > 1)
    p->monotonic = FALSE;
  p->last = fraction;
  p->calls++;
  if (p->cancel_at_first != NULL)
    g_cancellable_cancel (p->cancel_at_first);
}

static SeqgdResults *
run_experiment (const SeqgdConfig *config,
                SeqgdDataset      *train,
                SeqgdDataset      *test)
{
  g_autoptr(GError) error = NULL;
  Progress progress = { .monotonic = TRUE };
  SeqgdResults *results;

  results = seqgd_trainer_prepare (config, train, test);
  g_assert_true (seqgd_trainer_run (results, train, test, progress_cb,
                                    &progress, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (progress.monotonic);
  g_assert_cmpfloat (progress.last, ==, 1.0);

  return results;
}

static void
test_prepare (void)
{
  g_autoptr(SeqgdConfig) config = tiny_config ();
  g_autoptr(SeqgdDataset) data = make_dataset (50, 1);
  g_autoptr(SeqgdResults) results = NULL;
  const char *rules[] = { "autograd", "simultaneous", "sequential" };

  config->n_seeds = 2;
  config->first_seed = 40;
  results = seqgd_trainer_prepare (config, data, NULL);

  g_assert_cmpuint (seqgd_results_get_n_runs (results), ==, 6);
  g_assert_cmpuint (seqgd_results_get_n_train (results), ==, 50);
  g_assert_cmpuint (seqgd_results_get_n_test (results), ==, 0);
  g_assert_cmpstr (seqgd_results_get_dataset (results), ==, "Quadrants");
  for (guint i = 0; i < 6; i++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, i);

      g_assert_cmpstr (run->rule, ==, rules[i % 3]);
      g_assert_cmpuint (run->seed, ==, 40 + i / 3);
      g_assert_cmpint (run->status, ==, SEQGD_RUN_PENDING);
    }
}

static void
test_records (void)
{
  g_autoptr(SeqgdConfig) config = tiny_config ();
  g_autoptr(SeqgdDataset) train = make_dataset (195, 1);
  g_autoptr(SeqgdDataset) test = make_dataset (40, 2);
  g_autoptr(SeqgdResults) results = run_experiment (config, train, test);

  for (guint r = 0; r < seqgd_results_get_n_runs (results); r++)
    {
      g_autoptr(GArray) steps = seqgd_results_copy_steps (results, r, 0);
      g_autoptr(GArray) epochs = seqgd_results_copy_epochs (results, r, 0);
      SeqgdStepRecord *s = (SeqgdStepRecord *) steps->data;
      SeqgdEpochRecord *first_epoch;
      SeqgdRunSummary summary;

      g_assert_cmpint (seqgd_results_get_status (results, r), ==,
                       SEQGD_RUN_FINISHED);

      /* 195 examples in batches of 10: 19 full ones and one of 5. */
      g_assert_cmpuint (steps->len, ==, 60);
      g_assert_cmpuint (s[18].samples, ==, 190);
      g_assert_cmpuint (s[19].samples, ==, 195);
      g_assert_cmpfloat (s[19].epoch, ==, 1.0);
      g_assert_cmpuint (s[20].samples, ==, 205);
      g_assert_cmpuint (s[59].samples, ==, 585);
      g_assert_cmpfloat (s[59].epoch, ==, 3.0);
      for (guint i = 0; i < steps->len; i++)
        {
          g_assert_cmpuint (s[i].step, ==, i + 1);
          g_assert_true (isfinite (s[i].loss));
          g_assert_true (i == 0 || s[i].seconds >= s[i - 1].seconds);
        }

      g_assert_cmpuint (epochs->len, ==, 3);
      for (guint e = 0; e < 3; e++)
        {
          SeqgdEpochRecord *rec = &g_array_index (epochs, SeqgdEpochRecord, e);
          double mean = 0;

          for (guint i = e * 20; i < e * 20 + 20; i++)
            mean += s[i].loss / 20.0;
          g_assert_cmpuint (rec->epoch, ==, e + 1);
          g_assert_cmpuint (rec->step, ==, (e + 1) * 20);
          g_assert_cmpfloat_with_epsilon (rec->train_loss, mean, 1e-6);
          g_assert_true (rec->test_accuracy >= 0 && rec->test_accuracy <= 1);
          g_assert_true (isfinite (rec->test_loss));
        }

      /* The tiny task is learnt: the loss falls and accuracy is high. */
      seqgd_results_summarize (results, r, &summary);
      g_test_message ("%s: train %.4f, test %.4f, accuracy %.3f, target at %"
                      G_GINT64_FORMAT,
                      seqgd_results_get_run (results, r)->rule,
                      summary.final_train_loss, summary.final_test_loss,
                      summary.final_test_accuracy, summary.steps_to_target);
      first_epoch = &g_array_index (epochs, SeqgdEpochRecord, 0);
      g_assert_cmpfloat (summary.final_train_loss, <, first_epoch->train_loss);
      g_assert_cmpfloat (summary.final_test_accuracy, >, 0.8);
      g_assert_cmpint (summary.steps_to_target, >, 1);
    }
}

/* Every rule of a seed starts from the same weights on the same batch, so
 * the first losses agree exactly; the order of batches is shared too, so
 * autograd and simultaneous (same gradients) stay together. */
static void
test_paired_runs (void)
{
  g_autoptr(SeqgdConfig) config = tiny_config ();
  g_autoptr(SeqgdDataset) train = make_dataset (95, 3);
  g_autoptr(SeqgdResults) results = NULL;
  float first[2][3];
  double max_gap = 0;

  config->n_seeds = 2;
  config->threads = 2;
  results = run_experiment (config, train, NULL);

  for (guint r = 0; r < 6; r++)
    {
      g_autoptr(GArray) steps = seqgd_results_copy_steps (results, r, 0);

      first[r / 3][r % 3] = g_array_index (steps, SeqgdStepRecord, 0).loss;
    }
  for (guint s = 0; s < 2; s++)
    {
      g_test_message ("seed %u first losses: %.9g %.9g %.9g", s,
                      first[s][0], first[s][1], first[s][2]);
      g_assert_cmpfloat (first[s][0], ==, first[s][1]);
      g_assert_cmpfloat (first[s][0], ==, first[s][2]);
    }
  g_assert_cmpfloat (first[0][0], !=, first[1][0]);

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(GArray) autograd = seqgd_results_copy_steps (results, 3 * s, 0);
      g_autoptr(GArray) simult = seqgd_results_copy_steps (results, 3 * s + 1,
                                                           0);
      g_autoptr(GArray) seq = seqgd_results_copy_steps (results, 3 * s + 2, 0);
      gboolean seq_differs = FALSE;

      for (guint i = 0; i < autograd->len; i++)
        {
          float a = g_array_index (autograd, SeqgdStepRecord, i).loss;
          float b = g_array_index (simult, SeqgdStepRecord, i).loss;
          float c = g_array_index (seq, SeqgdStepRecord, i).loss;

          max_gap = MAX (max_gap, fabs (a - b));
          seq_differs |= c != b;
        }
      g_assert_true (seq_differs);
    }
  g_test_message ("autograd vs simultaneous: max loss gap %.3g", max_gap);
  g_assert_cmpfloat (max_gap, <, 1e-4);
}

static void
assert_same_records (SeqgdResults *a,
                     SeqgdResults *b)
{
  g_assert_cmpuint (seqgd_results_get_n_runs (a), ==,
                    seqgd_results_get_n_runs (b));

  for (guint r = 0; r < seqgd_results_get_n_runs (a); r++)
    {
      g_autoptr(GArray) sa = seqgd_results_copy_steps (a, r, 0);
      g_autoptr(GArray) sb = seqgd_results_copy_steps (b, r, 0);
      g_autoptr(GArray) ea = seqgd_results_copy_epochs (a, r, 0);
      g_autoptr(GArray) eb = seqgd_results_copy_epochs (b, r, 0);

      g_assert_cmpuint (sa->len, ==, sb->len);
      for (guint i = 0; i < sa->len; i++)
        {
          SeqgdStepRecord *x = &g_array_index (sa, SeqgdStepRecord, i);
          SeqgdStepRecord *y = &g_array_index (sb, SeqgdStepRecord, i);

          g_assert_cmpuint (x->step, ==, y->step);
          g_assert_cmpuint (x->samples, ==, y->samples);
          g_assert_cmpmem (&x->epoch, sizeof x->epoch, &y->epoch,
                           sizeof y->epoch);
          g_assert_cmpmem (&x->loss, sizeof x->loss, &y->loss, sizeof y->loss);
        }

      g_assert_cmpuint (ea->len, ==, eb->len);
      for (guint i = 0; i < ea->len; i++)
        {
          SeqgdEpochRecord *x = &g_array_index (ea, SeqgdEpochRecord, i);
          SeqgdEpochRecord *y = &g_array_index (eb, SeqgdEpochRecord, i);

          g_assert_cmpmem (&x->train_loss, sizeof (double), &y->train_loss,
                           sizeof (double));
          g_assert_cmpmem (&x->test_loss, sizeof (double), &y->test_loss,
                           sizeof (double));
          g_assert_cmpmem (&x->test_accuracy, sizeof (double),
                           &y->test_accuracy, sizeof (double));
        }
    }
}

static void
test_rerun_identical (void)
{
  g_autoptr(SeqgdConfig) config = tiny_config ();
  g_autoptr(SeqgdDataset) train = make_dataset (95, 4);
  g_autoptr(SeqgdDataset) test = make_dataset (30, 5);
  g_autoptr(SeqgdResults) first = NULL;
  g_autoptr(SeqgdResults) second = NULL;

  config->n_seeds = 2;
  config->threads = 3;
  first = run_experiment (config, train, test);
  second = run_experiment (config, train, test);
  assert_same_records (first, second);
}

static void
test_cancel (void)
{
  g_autoptr(SeqgdConfig) config = tiny_config ();
  g_autoptr(SeqgdDataset) train = make_dataset (2000, 6);
  g_autoptr(SeqgdResults) results = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Progress progress = { .monotonic = TRUE, .cancel_at_first = cancellable };
  guint64 total = 0;
  guint64 full = (guint64) SEQGD_CONFIG_MAX_EPOCHS * 200;

  /* Long enough that the first progress report comes mid-run. */
  config->epochs = SEQGD_CONFIG_MAX_EPOCHS;
  config->threads = 2;
  results = seqgd_trainer_prepare (config, train, NULL);
  g_assert_false (seqgd_trainer_run (results, train, NULL, progress_cb,
                                     &progress, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  for (guint r = 0; r < seqgd_results_get_n_runs (results); r++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, r);

      g_assert_cmpint (seqgd_results_get_status (results, r), ==,
                       SEQGD_RUN_CANCELLED);
      g_assert_cmpuint (run->steps->len, <, full);
      g_assert_cmpuint (run->epochs->len, ==, run->steps->len / 200);
      total += run->steps->len;
    }
  g_test_message ("steps done before the cancel took effect: %"
                  G_GUINT64_FORMAT, total);
  g_assert_cmpuint (total, >, 0);

  /* Already cancelled: nothing runs. */
  g_clear_error (&error);
  g_clear_pointer (&results, seqgd_results_unref);
  results = seqgd_trainer_prepare (config, train, NULL);
  g_assert_false (seqgd_trainer_run (results, train, NULL, NULL, NULL,
                                     cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (guint r = 0; r < seqgd_results_get_n_runs (results); r++)
    {
      g_assert_cmpint (seqgd_results_get_status (results, r), ==,
                       SEQGD_RUN_CANCELLED);
      g_assert_cmpuint (seqgd_results_get_run (results, r)->steps->len, ==, 0);
    }
}

static void
assert_diverged (SeqgdRun *run)
{
  SeqgdStepRecord *last;
  g_autofree char *step = NULL;

  g_assert_cmpint (run->status, ==, SEQGD_RUN_DIVERGED);
  g_assert_cmpuint (run->steps->len, >, 0);
  last = &g_array_index (run->steps, SeqgdStepRecord, run->steps->len - 1);
  g_assert_false (isfinite (last->loss));
  for (guint i = 0; i + 1 < run->steps->len; i++)
    g_assert_true (isfinite (g_array_index (run->steps, SeqgdStepRecord,
                                            i).loss));

  step = g_strdup_printf ("step %" G_GUINT64_FORMAT, last->step);
  g_assert_nonnull (run->message);
  g_assert_nonnull (strstr (run->message, step));
}

/* DESIGN: with ReLU units sequential diverges at learning rates where
 * simultaneous still trains.  The diverged runs stop at their first
 * non-finite loss; the others, on other threads, finish. */
static void
test_diverge_one (void)
{
  g_autoptr(SeqgdConfig) config = tiny_config ();
  g_autoptr(SeqgdDataset) train = make_dataset (95, 7);
  g_autoptr(SeqgdDataset) test = make_dataset (20, 8);
  g_autoptr(SeqgdResults) results = NULL;

  config->activation = SEQGD_ACTIVATION_RELU;
  config->hidden[0] = 32;
  config->learning_rate = 20;
  config->epochs = 20;
  config->n_seeds = 2;
  config->threads = 2;
  results = run_experiment (config, train, test);

  for (guint r = 0; r < seqgd_results_get_n_runs (results); r++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, r);

      g_test_message ("%s seed %" G_GUINT64_FORMAT ": %s after %u steps%s%s",
                      run->rule, run->seed,
                      seqgd_run_status_to_string (run->status),
                      run->steps->len, run->message ? ": " : "",
                      run->message ? run->message : "");
      if (g_str_equal (run->rule, "sequential"))
        {
          assert_diverged (run);
          continue;
        }

      g_assert_cmpint (run->status, ==, SEQGD_RUN_FINISHED);
      g_assert_null (run->message);
      g_assert_cmpuint (run->steps->len, ==, 200);
      g_assert_cmpuint (run->epochs->len, ==, 20);
    }
}

static void
test_split (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdDataset) full = make_dataset (100, 10);
  g_autoptr(SeqgdDataset) other = make_dataset (30, 11);
  g_autoptr(GError) error = NULL;
  SeqgdDataset *train = NULL, *test = NULL;

  /* Holdout: the last 20 examples, byte for byte. */
  config->holdout = 0.2;
  g_assert_true (seqgd_trainer_split_data (config, full, NULL, &train, &test,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpuint (train->n, ==, 80);
  g_assert_cmpuint (test->n, ==, 20);
  g_assert_true (train->pixels == full->pixels);
  g_assert_true (test->pixels == full->pixels + 80 * SIDE * SIDE);
  g_assert_true (test->labels == full->labels + 80);
  g_clear_pointer (&train, seqgd_dataset_unref);
  g_clear_pointer (&test, seqgd_dataset_unref);

  /* The limit applies to what is left, the test set does not move. */
  config->train_limit = 30;
  g_assert_true (seqgd_trainer_split_data (config, full, NULL, &train, &test,
                                           &error));
  g_assert_cmpuint (train->n, ==, 30);
  g_assert_cmpuint (test->n, ==, 20);
  g_assert_true (test->labels == full->labels + 80);
  g_clear_pointer (&train, seqgd_dataset_unref);
  g_clear_pointer (&test, seqgd_dataset_unref);

  /* A real test set wins over holdout. */
  g_assert_true (seqgd_trainer_split_data (config, full, other, &train, &test,
                                           &error));
  g_assert_cmpuint (train->n, ==, 30);
  g_assert_true (test == other);
  g_clear_pointer (&train, seqgd_dataset_unref);
  g_clear_pointer (&test, seqgd_dataset_unref);

  /* No holdout and no test set: no test. */
  config->holdout = 0;
  config->train_limit = 0;
  g_assert_true (seqgd_trainer_split_data (config, full, NULL, &train, &test,
                                           &error));
  g_assert_cmpuint (train->n, ==, 100);
  g_assert_null (test);
  g_clear_pointer (&train, seqgd_dataset_unref);

  /* A tiny fraction still holds out one example; too few examples fail. */
  config->holdout = 0.001;
  g_assert_true (seqgd_trainer_split_data (config, full, NULL, &train, &test,
                                           &error));
  g_assert_cmpuint (test->n, ==, 1);
  g_clear_pointer (&train, seqgd_dataset_unref);
  g_clear_pointer (&test, seqgd_dataset_unref);
  {
    g_autoptr(SeqgdDataset) one = make_dataset (1, 12);

    g_assert_false (seqgd_trainer_split_data (config, one, NULL, &train,
                                              &test, &error));
    g_assert_nonnull (error);
    g_test_message ("%s", error->message);
  }
}

static void
test_load_data (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdDataset) full = make_dataset (100, 16);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqgd-trainer-XXXXXX", NULL);
  g_autofree char *images = g_build_filename (dir, "train-images-idx3-ubyte",
                                              NULL);
  g_autofree char *labels = g_build_filename (dir, "train-labels-idx1-ubyte",
                                              NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  SeqgdDataset *train = NULL, *test = NULL;

  g_assert_true (seqgd_dataset_save_idx (full, images, labels, &error));
  g_assert_no_error (error);

  /* A folder without test files: the last quarter is held out. */
  config->data_dir = g_strdup (dir);
  config->holdout = 0.25;
  config->train_limit = 60;
  g_assert_true (seqgd_trainer_load_data (config, &train, &test, NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpuint (train->n, ==, 60);
  g_assert_cmpuint (test->n, ==, 25);
  g_assert_cmpmem (test->labels, 25, full->labels + 75, 25);
  g_assert_cmpmem (train->pixels, 60 * SIDE * SIDE, full->pixels,
                   60 * SIDE * SIDE);
  g_clear_pointer (&train, seqgd_dataset_unref);
  g_clear_pointer (&test, seqgd_dataset_unref);

  g_free (config->data_dir);
  config->data_dir = g_strdup (missing);
  g_assert_false (seqgd_trainer_load_data (config, &train, &test, NULL,
                                           &error));
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND);
  g_assert_null (train);

  g_unlink (images);
  g_unlink (labels);
  g_rmdir (dir);
}

static void
test_evaluate (void)
{
  g_autoptr(SeqgdDataset) data = make_dataset (1234, 13);
  const guint widths[] = { SIDE * SIDE, 8, N_CLASSES };
  g_autoptr(SeqgdMlp) net = seqgd_mlp_new (2, widths, SEQGD_ACTIVATION_TANH,
                                           SEQGD_OUTPUT_SOFTMAX_CE);
  g_autoptr(SeqgdWorkspace) small = NULL;
  g_autoptr(SeqgdWorkspace) whole = NULL;
  g_autofree float *x = g_new (float, 1234 * SIDE * SIDE);
  g_autofree guint8 *y = g_new (guint8, 1234);
  g_autofree guint *all = g_new (guint, 1234);
  double loss, accuracy, ref_loss;
  guint correct;
  SeqgdRng rng;

  seqgd_rng_init (&rng, 14);
  seqgd_mlp_init_params (net, SEQGD_INIT_XAVIER, &rng);

  /* In passes of 100 rows (the last one of 34) against one pass. */
  small = seqgd_workspace_new (net, 100);
  seqgd_trainer_evaluate (net, small, data, &loss, &accuracy);

  whole = seqgd_workspace_new (net, 1234);
  for (guint i = 0; i < 1234; i++)
    all[i] = i;
  seqgd_dataset_fill_batch (data, all, 1234, x, y);
  ref_loss = seqgd_mlp_forward (net, whole, x, y, 1234);
  correct = seqgd_mlp_count_correct (net, whole, y, 1234);

  g_test_message ("loss %.6f (one pass %.6f), accuracy %.4f", loss, ref_loss,
                  accuracy);
  g_assert_cmpfloat_with_epsilon (loss, ref_loss, 1e-5);
  g_assert_cmpfloat (accuracy, ==, correct / 1234.0);
}

static void
test_bad_data (void)
{
  g_autoptr(SeqgdConfig) config = tiny_config ();
  g_autoptr(SeqgdDataset) train = make_dataset (20, 15);
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(SeqgdResults) results = NULL;
  g_autoptr(GError) error = NULL;

  test = seqgd_dataset_new_take ("Wide", 2, 5, 5, 1, N_CLASSES,
                                 g_new0 (guint8, 50), g_new0 (guint8, 2));
  results = seqgd_trainer_prepare (config, train, test);
  g_assert_false (seqgd_trainer_run (results, train, test, NULL, NULL, NULL,
                                     &error));
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_MISMATCH);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_clear_pointer (&results, seqgd_results_unref);

  config->batch_size = 0;
  results = seqgd_trainer_prepare (config, train, NULL);
  g_assert_false (seqgd_trainer_run (results, train, NULL, NULL, NULL, NULL,
                                     &error));
  g_assert_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/trainer/prepare", test_prepare);
  g_test_add_func ("/core/trainer/records", test_records);
  g_test_add_func ("/core/trainer/paired-runs", test_paired_runs);
  g_test_add_func ("/core/trainer/rerun-identical", test_rerun_identical);
  g_test_add_func ("/core/trainer/cancel", test_cancel);
  g_test_add_func ("/core/trainer/diverge-one", test_diverge_one);
  g_test_add_func ("/core/trainer/split", test_split);
  g_test_add_func ("/core/trainer/load-data", test_load_data);
  g_test_add_func ("/core/trainer/evaluate", test_evaluate);
  g_test_add_func ("/core/trainer/bad-data", test_bad_data);

  return g_test_run ();
}
