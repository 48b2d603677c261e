/* test-accuracy.c — the default experiment on real data (suite "slow")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A correct implementation of every rule, with the defaults (784-128-10
 * sigmoid, softmax-CE, uniform init, η 0.1, batch 32, 3 epochs, seed 0),
 * reaches about 75–77 % on Fashion-MNIST when trained on its first 10,000
 * images, and about 90 % on MNIST digits when trained on the first 8,000
 * of the t10k set and tested on its last 2,000.  The bounds below leave a
 * margin for other seeds and BLAS builds, not for a broken rule.
 *
 * Fashion-MNIST comes from Debian's dataset-fashion-mnist package; MNIST
 * from the folder in $SEQGD_MNIST_T10K_DIR.  Missing data skips a test.
 */

#include "config.h"

#include "seqgd-trainer.h"

#define FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

static void
check_accuracy (SeqgdConfig  *config,
                SeqgdDataset *train,
                SeqgdDataset *test,
                double        minimum)
{
  g_autoptr(SeqgdResults) results = NULL;
  g_autoptr(GError) error = NULL;

  results = seqgd_trainer_prepare (config, train, test);
  g_assert_true (seqgd_trainer_run (results, train, test, NULL, NULL, NULL,
                                    &error));
  g_assert_no_error (error);

  for (guint i = 0; i < seqgd_results_get_n_runs (results); i++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, i);
      SeqgdRunSummary summary;

      seqgd_results_summarize (results, i, &summary);
      g_test_message ("%-13s test accuracy %.2f %%, test loss %.4f, "
                      "final train loss %.4f, %.2f s", run->rule,
                      100 * summary.final_test_accuracy,
                      summary.final_test_loss, summary.final_train_loss,
                      summary.seconds);
      g_assert_cmpint (run->status, ==, SEQGD_RUN_FINISHED);
      g_assert_cmpfloat (summary.final_test_accuracy, >=, minimum);
    }
}

static void
test_fashion_mnist (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (FASHION_MNIST_DIR, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("Fashion-MNIST is not installed (dataset-fashion-mnist)");
      return;
    }

  config->data_dir = g_strdup (FASHION_MNIST_DIR);
  config->train_limit = 10000;
  g_assert_true (seqgd_trainer_load_data (config, &train, &test, NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpuint (train->n, ==, 10000);
  g_assert_cmpuint (test->n, ==, 10000);

  check_accuracy (config, train, test, 0.72);
}

/* The t10k pair in @dir, plain or gzip. */
static SeqgdDataset *
load_t10k (const char  *dir,
           GError     **error)
{
  const char *suffixes[] = { ".gz", "" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *images_name = g_strconcat ("t10k-images-idx3-ubyte",
                                                  suffixes[i], NULL);
      g_autofree char *labels_name = g_strconcat ("t10k-labels-idx1-ubyte",
                                                  suffixes[i], NULL);
      g_autofree char *images = g_build_filename (dir, images_name, NULL);
      g_autofree char *labels = g_build_filename (dir, labels_name, NULL);

      if (g_file_test (images, G_FILE_TEST_EXISTS))
        return seqgd_dataset_load_idx (images, labels, NULL, error);
    }

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               "%s has no t10k-images-idx3-ubyte[.gz]", dir);
  return NULL;
}

static void
test_mnist (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdDataset) t10k = NULL;
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GError) error = NULL;
  const char *dir = g_getenv ("SEQGD_MNIST_T10K_DIR");

  if (dir == NULL || *dir == '\0')
    {
      g_test_skip ("SEQGD_MNIST_T10K_DIR is not set");
      return;
    }

  t10k = load_t10k (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t10k->n, ==, 10000);

  train = seqgd_dataset_new_subset (t10k, 0, 8000);
  test = seqgd_dataset_new_subset (t10k, 8000, 2000);
  check_accuracy (config, train, test, 0.86);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slow/accuracy/fashion-mnist", test_fashion_mnist);
  g_test_add_func ("/slow/accuracy/mnist", test_mnist);

  return g_test_run ();
}
