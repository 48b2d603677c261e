/* bench-experiment.c — runs in parallel against OpenBLAS threads per run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times the default three-rule experiment (784-128-10 sigmoid, batch 32,
 * one epoch) three ways: the runs one after another, each GEMM spread
 * over every core by OpenBLAS; as many runs at once as there are cores,
 * OpenBLAS single-threaded; and every run at once, OpenBLAS
 * single-threaded.  Wall time covers training and the end-of-epoch
 * evaluation, as a user waits for both.  The trainer's automatic choice
 * (threads = 0) is timed last and should match the fastest.
 *
 * Data: Fashion-MNIST when installed, else random images of MNIST's size.
 *
 * Run it with `meson test -C build --benchmark` or directly:
 * build/tests/bench/bench-experiment [--repeat N] [--images N]
 */

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "seqgd-trainer.h"

#define FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

static int repeat = 3;
static int n_images = 60000;

static const GOptionEntry entries[] = {
  { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat,
    "Time each way N times and keep the fastest (default: 3)", "N" },
  { "images", 'n', 0, G_OPTION_ARG_INT, &n_images,
    "Training images per epoch (default: 60000)", "N" },
  G_OPTION_ENTRY_NULL
};

static SeqgdDataset *
random_dataset (guint n)
{
  guint8 *pixels = g_new (guint8, (gsize) n * 784);
  guint8 *labels = g_new (guint8, n);
  SeqgdRng rng;

  seqgd_rng_init (&rng, 1);
  for (gsize i = 0; i < (gsize) n * 784; i++)
    pixels[i] = (guint8) seqgd_rng_below (&rng, 256);
  for (guint i = 0; i < n; i++)
    labels[i] = (guint8) seqgd_rng_below (&rng, 10);

  return seqgd_dataset_new_take ("random", n, 28, 28, 1, 10, pixels, labels);
}

static void
load_data (SeqgdConfig   *config,
           SeqgdDataset **train,
           SeqgdDataset **test)
{
  g_autoptr(GError) error = NULL;

  config->train_limit = n_images;
  if (g_file_test (FASHION_MNIST_DIR, G_FILE_TEST_IS_DIR))
    {
      config->data_dir = g_strdup (FASHION_MNIST_DIR);
      if (seqgd_trainer_load_data (config, train, test, NULL, &error))
        return;
      g_printerr ("Could not load Fashion-MNIST, using random data: %s\n",
                  error->message);
    }

  *train = random_dataset (n_images);
  *test = random_dataset (10000);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec * 1e-6;
}

/* Wall seconds for the whole experiment with @threads worker threads,
 * the best of the repeats, and the CPU seconds that run used. */
static double
time_experiment (SeqgdConfig  *config,
                 guint         threads,
                 SeqgdDataset *train,
                 SeqgdDataset *test,
                 double       *cpu)
{
  double best = G_MAXDOUBLE;

  config->threads = threads;
  for (int r = 0; r < repeat; r++)
    {
      g_autoptr(SeqgdResults) results = seqgd_trainer_prepare (config, train,
                                                               test);
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_seconds ();
      double wall;

      if (!seqgd_trainer_run (results, train, test, NULL, NULL, NULL, &error))
        g_error ("Training failed: %s", error->message);
      wall = (g_get_monotonic_time () - start) / 1e6;
      if (wall < best)
        {
          best = wall;
          *cpu = cpu_seconds () - cpu_start;
        }
    }

  return best;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GError) error = NULL;
  guint n_cores = g_get_num_processors ();
  guint n_runs = g_strv_length (config->rules);
  double serial, per_core, all, automatic;
  double cpu[4];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      repeat < 1 || n_images < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "Bad arguments");
      return 2;
    }

  config->epochs = 1;
  load_data (config, &train, &test);
  printf ("Default experiment, %u rules, 1 epoch of %u %s images, "
          "test set %u; %u cores; best of %d\n", n_runs, train->n,
          train->name, test != NULL ? test->n : 0, n_cores, repeat);

  printf ("%-38s %8s %8s %10s\n", "", "wall (s)", "CPU (s)", "speed-up");
  serial = time_experiment (config, 1, train, test, &cpu[0]);
  printf ("serial, %u BLAS threads per run         %8.2f %8.2f %9.2fx\n",
          n_cores, serial, cpu[0], 1.0);
  per_core = time_experiment (config, n_cores, train, test, &cpu[1]);
  printf ("%u runs at once, 1 BLAS thread each     %8.2f %8.2f %9.2fx\n",
          MIN (n_cores, n_runs), per_core, cpu[1], serial / per_core);
  all = time_experiment (config, n_runs, train, test, &cpu[2]);
  printf ("%u runs at once, 1 BLAS thread each     %8.2f %8.2f %9.2fx\n",
          n_runs, all, cpu[2], serial / all);
  automatic = time_experiment (config, 0, train, test, &cpu[3]);
  printf ("automatic choice (threads = 0)         %8.2f %8.2f %9.2fx\n",
          automatic, cpu[3], serial / automatic);

  return 0;
}
