/* test-cli.c — seqgd-cli end to end on small generated IDX files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test writes its data into a fresh temporary folder, runs the
 * built seqgd-cli as a subprocess and checks its exit status, its output
 * and the files it wrote.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "seqgd-results.h"
#include "seqgd-dataset.h"
#include "seqgd-test-server.h"

#define SIDE 8

typedef struct
{
  char *dir;        /* temporary folder for data and outputs */
  char *data;       /* IDX files, with a test set */
  char *data_train; /* IDX files, training set only */
} Fixture;

/* Ten classes, each a bright row of the 8 × 8 image over noise. */
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
      labels[i] = seqgd_rng_below (&rng, 10);
      for (guint p = 0; p < SIDE * SIDE; p++)
        pixels[i * SIDE * SIDE + p] =
          seqgd_rng_below (&rng, 60) + (p / SIDE == labels[i] % SIDE ? 180 : 0);
    }

  return seqgd_dataset_new_take ("Rows", n, SIDE, SIDE, 1, 10, pixels, labels);
}

static void
save_pair (SeqgdDataset *data,
           const char   *dir,
           const char   *prefix)
{
  g_autofree char *images_name = g_strconcat (prefix, "-images-idx3-ubyte",
                                              NULL);
  g_autofree char *labels_name = g_strconcat (prefix, "-labels-idx1-ubyte",
                                              NULL);
  g_autofree char *images = g_build_filename (dir, images_name, NULL);
  g_autofree char *labels = g_build_filename (dir, labels_name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (seqgd_dataset_save_idx (data, images, labels, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SeqgdDataset) train = make_dataset (200, 1);
  g_autoptr(SeqgdDataset) test = make_dataset (50, 2);

  f->dir = g_dir_make_tmp ("seqgd-cli-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->data = g_build_filename (f->dir, "data", NULL);
  f->data_train = g_build_filename (f->dir, "train-only", NULL);
  g_assert_cmpint (g_mkdir (f->data, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (f->data_train, 0755), ==, 0);

  save_pair (train, f->data, "train");
  save_pair (test, f->data, "t10k");
  save_pair (train, f->data_train, "train");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->data_train);
}

/* build/src/cli/seqgd-cli, found from G_TEST_BUILDDIR (build/tests) under
 * meson test, or from this program's folder (build/tests/cli). */
static char *
cli_path (void)
{
  char *path = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli",
                                      "seqgd-cli", NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_free (path);
      path = g_test_build_filename (G_TEST_BUILT, "..", "..", "src", "cli",
                                    "seqgd-cli", NULL);
    }

  return path;
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

/* Starts seqgd-cli with @env ("NAME=VALUE" strings, NULL-terminated; may
 * be NULL) added to the environment and the arguments in @argv_tail.
 * $SEQGD_DATA_DIR is removed so that the default data is the cache's. */
static GSubprocess *
spawn_cli (const char * const *env,
           GPtrArray          *argv_tail)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "SEQGD_DATA_DIR");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  g_ptr_array_add (argv, cli_path ());
  for (guint i = 0; i < argv_tail->len; i++)
    g_ptr_array_add (argv, g_strdup (argv_tail->pdata[i]));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher,
                                          (const char * const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);
  return process;
}

static Result
finish_cli (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  g_subprocess_communicate_utf8 (process, NULL, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  r.status = g_subprocess_get_exit_status (process);

  g_test_message ("exit %d\n--- stdout\n%s--- stderr\n%s", r.status, r.out,
                  r.err);
  return r;
}

static GPtrArray *
collect_args (const char *first,
              va_list     args)
{
  GPtrArray *list = g_ptr_array_new ();

  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (list, (gpointer) arg);

  return list;
}

/* Runs seqgd-cli with @env added to the environment and the
 * NULL-terminated arguments. */
static Result
run_cli_env (const char * const *env,
             const char         *first,
             ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  va_list args;

  va_start (args, first);
  argv = collect_args (first, args);
  va_end (args);
  process = spawn_cli (env, argv);

  return finish_cli (process);
}

/* Runs seqgd-cli with the NULL-terminated arguments. */
static Result
run_cli (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  va_list args;

  va_start (args, first);
  argv = collect_args (first, args);
  va_end (args);
  process = spawn_cli (NULL, argv);

  return finish_cli (process);
}

static guint
count_lines (const char *text,
             const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;

  return n;
}

static void
test_help (void)
{
  Result r = run_cli ("--help", NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Usage:"));
  g_assert_nonnull (strstr (r.out, "Examples:"));
  g_assert_nonnull (strstr (r.out, "--rules"));
  g_assert_nonnull (strstr (r.out, "--train-limit"));
  g_assert_nonnull (strstr (r.out, "seqgd-cli --download mnist\n"));
  g_assert_nonnull (strstr (r.out, "--plot loss.png\n"));
  g_assert_nonnull (strstr (r.out, "--help-plot"));
  g_assert_nonnull (strstr (r.out, "--help-download"));
  g_assert_nonnull (strstr (r.out, "--help-experiment"));

  /* What a newcomer needs to run, save and draw an experiment is listed
   * without asking for more help. */
  {
    const char * const common[] = {
      "--data=DIR", "--rules=LIST", "--hidden=LIST", "--lr=RATE",
      "--batch=N", "--epochs=N", "--train-limit=N", "--seeds=N",
      "--csv=FILE", "--json=FILE", "--plot=FILE", "--config=FILE",
      "--download=NAME",
    };

    for (guint i = 0; i < G_N_ELEMENTS (common); i++)
      g_assert_nonnull (strstr (r.out, common[i]));
  }
  g_assert_null (strstr (r.out, "--smooth=HOW"));
  result_clear (&r);

  r = run_cli ("--help-experiment", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--activation=NAME"));
  g_assert_nonnull (strstr (r.out, "--threads=N"));
  result_clear (&r);

  r = run_cli ("--help-plot", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--plot-y=QUANTITY"));
  g_assert_nonnull (strstr (r.out, "--smooth=HOW"));
  g_assert_nonnull (strstr (r.out, "--band=KIND"));
  g_assert_nonnull (strstr (r.out, "--size=WxH"));
  result_clear (&r);

  r = run_cli ("--help-download", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--mirror=URL"));
  g_assert_nonnull (strstr (r.out, "--no-public-mirrors"));
  result_clear (&r);

  r = run_cli ("--help-all", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--csv"));
  g_assert_nonnull (strstr (r.out, "--save-config"));
  g_assert_nonnull (strstr (r.out, "--plot=FILE"));
  g_assert_nonnull (strstr (r.out, "--download=NAME"));
  g_assert_nonnull (strstr (r.out, "--activation=NAME"));
  g_assert_nonnull (strstr (r.out, "--mirror=URL"));
  g_assert_nonnull (strstr (r.out, "--open=FILE"));
  result_clear (&r);

  r = run_cli ("--list-rules", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out, "autograd "), ==, 1);
  g_assert_cmpuint (count_lines (r.out, "sequential "), ==, 1);
  result_clear (&r);
}

static void
test_run (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "steps.csv", NULL);
  g_autofree char *json = g_build_filename (f->dir, "runs.json", NULL);
  g_autoptr(SeqgdResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree char *json_text = NULL;
  Result r;

  r = run_cli ("--data", f->data, "--hidden", "16", "--batch", "16",
               "--epochs", "2", "--seeds", "2", "--lr", "0.5",
               "--target", "1.5", "--csv", csv, "--json", json, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");

  /* The set-up, one row per run and a mean ± sd row per rule. */
  g_assert_nonnull (strstr (r.out, "Data: "));
  g_assert_nonnull (strstr (r.out, "200 training images, 50 test images"));
  g_assert_nonnull (strstr (r.out, "Network: 64-16-10 sigmoid"));
  g_assert_nonnull (strstr (r.out, "Steps to 1.5"));
  g_assert_nonnull (strstr (r.out, " Wall (s) "));
  g_assert_nonnull (strstr (r.out, " CPU (s) "));
  g_assert_cmpuint (count_lines (r.out, "autograd "), ==, 3);
  g_assert_cmpuint (count_lines (r.out, "simultaneous "), ==, 3);
  g_assert_cmpuint (count_lines (r.out, "sequential "), ==, 3);
  g_assert_nonnull (strstr (r.out, "Mean ± sd"));
  g_assert_nonnull (strstr (r.out, " 2/2 "));
  g_assert_cmpuint (count_lines (r.out, "sequential        1 "), ==, 1);
  g_assert_nonnull (strstr (r.out, "finished"));
  g_assert_null (strstr (r.out, "diverged"));

  /* 200 images in batches of 16 are 13 steps per epoch. */
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_cmpuint (count_lines (csv_text, "rule,seed,step,"), ==, 1);
  g_assert_cmpuint (count_lines (csv_text, "autograd,1,"), ==, 26);
  g_assert_cmpuint (count_lines (csv_text, "sequential,0,26,2,400,"), ==, 1);
  g_assert_cmpuint (count_lines (csv_text, "# run: "), ==, 6);

  g_assert_true (g_file_get_contents (json, &json_text, NULL, NULL));
  results = seqgd_results_load (csv, json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqgd_results_get_n_runs (results), ==, 6);
  g_assert_cmpuint (seqgd_results_get_n_test (results), ==, 50);
  g_assert_cmpuint (seqgd_results_get_config (results)->hidden[0], ==, 16);
  for (guint i = 0; i < 6; i++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, i);

      SeqgdRunSummary s;

      g_assert_cmpint (run->status, ==, SEQGD_RUN_FINISHED);
      g_assert_cmpuint (run->steps->len, ==, 26);
      g_assert_cmpuint (run->epochs->len, ==, 2);

      /* Both times of the whole run, evaluation included, are saved. */
      seqgd_results_summarize (results, i, &s);
      g_assert_cmpfloat (s.wall_seconds, >, 0);
      g_assert_cmpfloat (s.cpu_seconds, >, 0);
      g_assert_cmpfloat (s.wall_seconds, >=, s.seconds);
    }
  g_assert_nonnull (strstr (json_text, "\"wall_seconds\""));
  g_assert_nonnull (strstr (json_text, "\"cpu_seconds\""));
  result_clear (&r);
}

/* The lines of @text from the one starting with "Rule" to the first blank
 * one: the table of runs. */
static char *
runs_table (const char *text)
{
  const char *start = strstr (text, "Rule ");
  const char *end;

  g_assert_nonnull (start);
  end = strstr (start, "\n\n");
  g_assert_nonnull (end);

  return g_strndup (start, end - start);
}

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "steps.csv", NULL);
  g_autofree char *json = g_build_filename (f->dir, "runs.json", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "copy.csv", NULL);
  g_autofree char *trained = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree char *copy_text = NULL;
  Result r;

  r = run_cli ("--data", f->data, "--hidden", "8", "--epochs", "1",
               "--csv", csv, "--json", json, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  trained = runs_table (r.out);
  result_clear (&r);

  /* The same table from the files, and the CSV written again unchanged. */
  r = run_cli ("--open", csv, "--open", json, "--csv", copy, NULL);
  g_assert_cmpint (r.status, ==, 0);
  opened = runs_table (r.out);
  g_assert_cmpstr (opened, ==, trained);
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_true (g_file_get_contents (copy, &copy_text, NULL, NULL));
  g_assert_cmpstr (copy_text, ==, csv_text);
  result_clear (&r);

  g_assert_true (g_file_set_contents (json, "{\"runs\": 3}", -1, NULL));
  r = run_cli ("--open", json, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, json));
  result_clear (&r);
}

static void
test_holdout (Fixture       *f,
              gconstpointer  data)
{
  Result r;

  r = run_cli ("--data", f->data_train, "--epochs", "1", "--hidden", "4",
               "--holdout", "0.25", "--rules", "sequential", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "150 training images, 50 more held out"));
  result_clear (&r);

  r = run_cli ("--data", f->data_train, "--epochs", "1", "--hidden", "4",
               "--holdout", "0", "--train-limit", "64", "--rules",
               "autograd", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "Data:"));
  g_assert_cmpuint (count_lines (r.out, "autograd "), ==, 1);
  g_assert_nonnull (strstr (r.out, "-         -"));
  result_clear (&r);
}

static void
test_config_file (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *saved = g_build_filename (f->dir, "saved.json", NULL);
  g_autofree char *merged = g_build_filename (f->dir, "merged.json", NULL);
  g_autofree char *json = g_build_filename (f->dir, "runs.json", NULL);
  g_autoptr(SeqgdConfig) config = NULL;
  g_autoptr(SeqgdResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Result r;

  /* A config file sets batch 20 and 3 epochs. */
  config = seqgd_config_new_default ();
  config->data_dir = g_strdup (f->data);
  config->batch_size = 20;
  config->epochs = 3;
  config->hidden[0] = 8;
  g_assert_true (seqgd_config_set_rules_string (config, "simultaneous",
                                                NULL));
  g_assert_true (seqgd_config_save (config, saved, NULL));

  /* The command line overrides the epochs only. */
  r = run_cli ("--config", saved, "--epochs", "1", "--save-config", merged,
               "--json", json, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);

  g_clear_pointer (&config, seqgd_config_free);
  config = seqgd_config_load (merged, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->epochs, ==, 1);
  g_assert_cmpuint (config->batch_size, ==, 20);
  g_assert_cmpstr (config->rules[0], ==, "simultaneous");
  g_assert_null (config->rules[1]);

  results = seqgd_results_load (NULL, json, &error);
  g_assert_no_error (error);
  g_assert_true (seqgd_config_equal (seqgd_results_get_config (results),
                                     config));
  g_assert_cmpuint (seqgd_results_get_n_runs (results), ==, 1);

  /* A bad config file is a usage error naming the file. */
  g_assert_true (g_file_set_contents (saved, "{\"epochs\": \"three\"}", -1,
                                      NULL));
  r = run_cli ("--config", saved, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, saved));
  g_assert_nonnull (strstr (r.err, "epochs"));
  result_clear (&r);
}

typedef struct
{
  const char *args[5];
  const char *word;
} BadOptions;

static const BadOptions bad_options[] = {
  { { "--epochs", "0" }, "Epochs" },
  { { "--epochs", "many" }, "epochs" },
  { { "--batch", "-3" }, "--batch" },
  { { "--lr", "0" }, "Learning rate" },
  { { "--lr", "fast" }, "lr" },
  { { "--rules", "autograd,bogus" }, "bogus" },
  { { "--hidden", "12x" }, "12x" },
  { { "--hidden", "1,2,3,4,5,6,7,8" }, "--hidden 1,2,3,4,5,6,7,8: Hidden "
    "layers 8 is out of range" },
  { { "--rules", "sequential,sequential" }, "--rules sequential,sequential: "
    "Rule “sequential” is listed twice" },
  { { "--activation", "swish" }, "swish" },
  { { "--loss", "hinge" }, "hinge" },
  { { "--init", "zeros" }, "zeros" },
  { { "--holdout", "0.9" }, "Holdout" },
  { { "--seed", "-2" }, "--seed" },
  /* Values that once read as "not given" and fell back to the default. */
  { { "--batch", "-1" }, "--batch -1: Batch size must be a whole number "
    "from 1 to 60000" },
  { { "--epochs", "-1" }, "--epochs -1: Epochs must be a whole number "
    "from 1 to 1000" },
  { { "-e", "-1" }, "--epochs -1" },
  { { "--train-limit", "-1" }, "--train-limit -1: Training limit" },
  { { "--seeds", "-1" }, "--seeds -1: Seeds must be a whole number from 1 "
    "to 100" },
  { { "--threads", "-1" }, "--threads -1: Threads must be a whole number "
    "from 0 to 64" },
  { { "--seed", "-1" }, "--seed -1: First seed must be a whole number "
    "from 0 to" },
  { { "--lr", "nan" }, "--lr nan: Learning rate must be a number from "
    "1e-06 to 100" },
  { { "--lr", "inf" }, "--lr inf: Learning rate" },
  { { "--holdout", "nan" }, "--holdout nan: Holdout must be a number from "
    "0 to 0.5" },
  { { "--target", "nan" }, "--target nan: Loss target must be a number "
    "from 0 to 1000" },
  { { "--target", "-inf" }, "--target -inf: Loss target" },
  { { "--epochs", "0" }, "--epochs 0" },
  { { "--lr", "0" }, "--lr 0" },
  { { "--plot", "a.png", "--scale", "nan" }, "--scale nan" },
  { { "--nonsense" }, "nonsense" },
  { { "stray-argument" }, "stray-argument" },
  { { "--config", "/nonexistent/config.json" }, "/nonexistent/config.json" },
};

/* Each row is refused as a usage error (status 2) before anything runs,
 * with a message holding the row's word. */
static void
assert_options_refused (Fixture          *f,
                        const BadOptions *rows,
                        guint             n_rows)
{
  for (guint i = 0; i < n_rows; i++)
    {
      const BadOptions *b = &rows[i];
      Result r = run_cli ("--data", f->data, b->args[0], b->args[1],
                          b->args[2], b->args[3], NULL);

      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_nonnull (strstr (r.err, b->word));
      result_clear (&r);
    }
}

static void
test_bad_options (Fixture       *f,
                  gconstpointer  data)
{
  assert_options_refused (f, bad_options, G_N_ELEMENTS (bad_options));
}

static void
test_bad_data (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *images = g_build_filename (f->data,
                                              "train-images-idx3-ubyte",
                                              NULL);
  g_autofree char *contents = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);
  g_autofree char *unwritable = g_build_filename (f->dir, "no", "dir",
                                                  "s.csv", NULL);
  g_autofree char *nested = g_build_filename (images, "runs.json", NULL);
  gsize length;
  Result r;

  r = run_cli ("--data", missing, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, missing));
  result_clear (&r);

  /* Results into a folder that does not exist: refused before training,
   * status 1. */
  r = run_cli ("--data", f->data, "--epochs", "1", "--hidden", "4",
               "--csv", unwritable, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, unwritable));
  g_assert_nonnull (strstr (r.err, "does not exist"));
  result_clear (&r);

  /* Results that cannot be written in the end (the name is taken by a
   * folder): the table is printed, status 1. */
  r = run_cli ("--data", f->data, "--epochs", "1", "--hidden", "4",
               "--csv", f->data_train, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "finished"));
  g_assert_nonnull (strstr (r.err, f->data_train));
  result_clear (&r);

  /* A --json path below a file. */
  r = run_cli ("--data", f->data, "--json", nested, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, nested));
  g_assert_nonnull (strstr (r.err, "is not a folder"));
  result_clear (&r);

  /* The images file cut short. */
  g_assert_true (g_file_get_contents (images, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (images, contents, length - 100, NULL));
  r = run_cli ("--data", f->data, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "train-images-idx3-ubyte"));
  g_assert_cmpstr (r.out, ==, "");
  result_clear (&r);

  /* A wrong magic number. */
  contents[2] = 0x0c;
  g_assert_true (g_file_set_contents (images, contents, length, NULL));
  r = run_cli ("--data", f->data, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "train-images-idx3-ubyte"));
  result_clear (&r);
}

/* The data sets in a cache folder, a damaged one among them, and those
 * named by --data. */
static void
test_list_data (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SeqgdDataset) train = make_dataset (120, 3);
  g_autoptr(SeqgdDataset) test = make_dataset (30, 4);
  g_autofree char *cache = g_build_filename (f->dir, "cache", NULL);
  g_autofree char *mnist = g_build_filename (cache, "seqgd", "mnist", NULL);
  g_autofree char *broken = g_build_filename (cache, "seqgd", "broken",
                                              NULL);
  g_autofree char *images = g_build_filename (broken,
                                              "train-images-idx3-ubyte",
                                              NULL);
  g_autofree char *env = g_strconcat ("XDG_CACHE_HOME=", cache, NULL);
  g_autofree char *contents = NULL;
  const char *envp[] = { env, NULL };
  gsize length;
  Result r;

  g_assert_cmpint (g_mkdir_with_parents (mnist, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (broken, 0755), ==, 0);
  save_pair (train, mnist, "train");
  save_pair (test, mnist, "t10k");
  save_pair (train, broken, "train");
  g_assert_true (g_file_get_contents (images, &contents, &length, NULL));
  contents[2] = 0x0c;
  g_assert_true (g_file_set_contents (images, contents, length, NULL));

  r = run_cli_env (envp, "--list-data", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "* MNIST — 120 training and 30 test "
                                   "images of 8 × 8, "));
  g_assert_nonnull (strstr (r.out, mnist));
  g_assert_nonnull (strstr (r.out, "unusable: "));
  g_assert_nonnull (strstr (r.out, "    in "));
  g_assert_nonnull (strstr (r.out, broken));
  g_assert_nonnull (strstr (r.out, "Runs without --data train on this"));
  /* One data set marked, and the footnote saying what the mark means. */
  g_assert_cmpuint (count_lines (r.out, "* "), ==, 2);
  result_clear (&r);

  /* A folder named with --data is listed too, training set only. */
  r = run_cli_env (envp, "--list-data", "--data", f->data_train, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "200 training images of 8 × 8, no test "
                                   "set"));
  g_assert_nonnull (strstr (r.out, f->data_train));
  result_clear (&r);
}

/* Plot files ----------------------------------------------------------- */

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* Whether @needle occurs in @bytes, which may hold zero bytes. */
static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= size; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

/* Width and height from a PNG's IHDR chunk. */
static void
png_size (GBytes *png,
          guint  *width,
          guint  *height)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
                                      '\n' };
  gsize size;
  const guint8 *data = g_bytes_get_data (png, &size);

  g_assert_cmpuint (size, >, 24);
  g_assert_cmpmem (data, sizeof signature, signature, sizeof signature);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  *width = GUINT32_FROM_BE (*(const guint32 *) (data + 16));
  *height = GUINT32_FROM_BE (*(const guint32 *) (data + 20));
}

typedef struct
{
  guint    depth;
  char    *root;
  gboolean in_metadata;
  guint    n_text;
  GString *metadata;
} SvgCheck;

static void
svg_start_cb (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              user_data,
              GError              **error)
{
  SvgCheck *check = user_data;

  if (check->depth++ == 0)
    check->root = g_strdup (element);
  if (g_str_equal (element, "metadata"))
    check->in_metadata = TRUE;
  if (g_str_equal (element, "text"))
    check->n_text++;
  for (guint i = 0; check->in_metadata && names[i] != NULL; i++)
    g_string_append_printf (check->metadata, "%s;", values[i]);
}

static void
svg_end_cb (GMarkupParseContext  *context,
            const char           *element,
            gpointer              user_data,
            GError              **error)
{
  SvgCheck *check = user_data;

  check->depth--;
  if (g_str_equal (element, "metadata"))
    check->in_metadata = FALSE;
}

/* Parses @path as XML and checks that it is an SVG drawing with text
 * labels and the experiment's metadata. */
static void
assert_svg (const char *path)
{
  static const GMarkupParser parser = {
    .start_element = svg_start_cb,
    .end_element = svg_end_cb,
  };
  g_autoptr(GBytes) bytes = read_bytes (path);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SvgCheck check = { .metadata = g_string_new (NULL) };
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);

  context = g_markup_parse_context_new (&parser, 0, &check, NULL);
  g_markup_parse_context_parse (context, text, size, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (check.root, ==, "svg");
  g_assert_cmpuint (check.n_text, >, 5);
  g_assert_nonnull (strstr (check.metadata->str, "Config;"));
  g_assert_nonnull (strstr (check.metadata->str, "Dataset;"));
  g_assert_true (bytes_contain (bytes, "Training loss per step"));
  g_assert_true (bytes_contain (bytes, "(200 training, 50 test images)"));
  g_free (check.root);
  g_string_free (check.metadata, TRUE);
}

static void
test_plot (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "steps.csv", NULL);
  g_autofree char *json = g_build_filename (f->dir, "runs.json", NULL);
  g_autofree char *png = g_build_filename (f->dir, "loss.png", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "loss.svg", NULL);
  g_autofree char *redrawn = g_build_filename (f->dir, "again.svg", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "Accuracy.PDF", NULL);
  g_autoptr(GBytes) png_bytes = NULL;
  g_autoptr(GBytes) pdf_bytes = NULL;
  g_autoptr(GBytes) svg_bytes = NULL;
  g_autoptr(GBytes) redrawn_bytes = NULL;
  guint width, height;
  Result r;

  /* A PNG of the experiment just run, at the size and scale asked. */
  r = run_cli ("--data", f->data, "--hidden", "8", "--epochs", "2",
               "--seeds", "2", "--csv", csv, "--json", json, "--plot", png,
               "--size", "320x200", "--scale", "1.5", "--smooth", "ema:0.8",
               NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "finished"));
  g_assert_nonnull (strstr (r.out, "Plot written to "));
  png_bytes = read_bytes (png);
  png_size (png_bytes, &width, &height);
  g_assert_cmpuint (width, ==, 480);
  g_assert_cmpuint (height, ==, 300);
  g_assert_true (bytes_contain (png_bytes, "tEXtConfig"));
  g_assert_true (bytes_contain (png_bytes, "tEXtDataset"));
  result_clear (&r);

  /* Drawn again from the saved files, without training. */
  r = run_cli ("--data", f->data, "--hidden", "8", "--epochs", "2",
               "--seeds", "2", "--plot", svg, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  r = run_cli ("--open", csv, "--open", json, "--plot", redrawn, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "finished"));
  result_clear (&r);
  assert_svg (svg);
  assert_svg (redrawn);
  svg_bytes = read_bytes (svg);
  redrawn_bytes = read_bytes (redrawn);
  g_assert_true (g_bytes_equal (svg_bytes, redrawn_bytes));

  /* Any case of the extension; a PDF of the test accuracy per epoch. */
  r = run_cli ("--open", json, "--plot", pdf, "--plot-y", "test-accuracy",
               "--plot-x", "epochs", "--band", "std", "--background",
               "transparent", "--title", "", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  pdf_bytes = read_bytes (pdf);
  g_assert_cmpuint (g_bytes_get_size (pdf_bytes), >, 1000);
  g_assert_cmpmem (g_bytes_get_data (pdf_bytes, NULL), 5, "%PDF-", 5);
  g_assert_true (bytes_contain (pdf_bytes, "%%EOF"));
  result_clear (&r);

  /* Step records are missing from a JSON file alone: a note says so, and
   * a plot with nothing to draw is an error, not an empty file. */
  g_assert_cmpint (g_unlink (redrawn), ==, 0);
  r = run_cli ("--open", json, "--plot", redrawn, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no step records"));
  g_assert_nonnull (strstr (r.err, redrawn));
  g_assert_false (g_file_test (redrawn, G_FILE_TEST_EXISTS));
  result_clear (&r);

  /* Per-epoch test results are in the JSON file, not in the CSV. */
  r = run_cli ("--open", csv, "--plot", redrawn, "--plot-y",
               "test-accuracy", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "finished"));
  g_assert_nonnull (strstr (r.err, "JSON file written by --json"));
  g_assert_nonnull (strstr (r.err, "Nothing to draw in "));
  g_assert_nonnull (strstr (r.err, redrawn));
  g_assert_false (g_file_test (redrawn, G_FILE_TEST_EXISTS));
  result_clear (&r);

  /* Without a test set there is no test loss to draw. */
  r = run_cli ("--data", f->data_train, "--holdout", "0", "--hidden", "4",
               "--epochs", "1", "--plot", redrawn, "--plot-y", "test-loss",
               "-q", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no test set"));
  g_assert_false (g_file_test (redrawn, G_FILE_TEST_EXISTS));
  result_clear (&r);
}

static const BadOptions bad_plot_options[] = {
  { { "--plot", "loss.gif" }, "loss.gif" },
  { { "--plot", "loss" }, ".png, .svg or .pdf" },
  { { "--plot", "steps.csv" }, "--csv" },
  { { "--log-y" }, "--plot FILE" },
  { { "--plot", "a.png", "--plot-y", "weights" }, "weights" },
  { { "--plot", "a.png", "--plot-x", "hours" }, "hours" },
  { { "--plot", "a.png", "--smooth", "ema:1" }, "ema:1" },
  { { "--plot", "a.png", "--smooth", "window:0" }, "window:0" },
  { { "--plot", "a.png", "--smooth", "median" }, "median" },
  { { "--plot", "a.png", "--band", "quartiles" }, "quartiles" },
  { { "--plot", "a.png", "--size", "640" }, "640" },
  { { "--plot", "a.png", "--size", "0x10" }, "0x10" },
  { { "--plot", "a.png", "--scale", "0" }, "--scale" },
  { { "--plot", "a.png", "--background", "pink" }, "pink" },
};

/* Bad plot options are refused before any training. */
static void
test_plot_bad_options (Fixture       *f,
                       gconstpointer  data)
{
  assert_options_refused (f, bad_plot_options,
                          G_N_ELEMENTS (bad_plot_options));
}

/* A plot that cannot be written: the table is printed and the other files
 * written, the message names the file, and the status says it failed. */
static void
test_plot_unwritable (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *json = g_build_filename (f->dir, "runs.json", NULL);
  g_autofree char *png = g_build_filename (f->dir, "no", "dir", "loss.png",
                                           NULL);
  g_autofree char *taken = g_build_filename (f->dir, "taken.png", NULL);
  Result r;

  /* Its folder is missing: found before training. */
  r = run_cli ("--data", f->data, "--hidden", "4", "--epochs", "1",
               "--plot", png, "--json", json, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, png));
  g_assert_nonnull (strstr (r.err, "--plot "));
  g_assert_false (g_file_test (json, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  result_clear (&r);

  /* Its name is taken by a folder: found when writing, at the end. */
  g_assert_cmpint (g_mkdir (taken, 0755), ==, 0);
  r = run_cli ("--data", f->data, "--hidden", "4", "--epochs", "1",
               "--plot", taken, "--json", json, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "finished"));
  g_assert_nonnull (strstr (r.out, "Summary written to "));
  g_assert_null (strstr (r.out, "Plot written to "));
  g_assert_nonnull (strstr (r.err, taken));
  g_assert_true (g_file_test (json, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (taken, G_FILE_TEST_IS_DIR));
  result_clear (&r);
}

/* Downloads from a local server ---------------------------------------- */

typedef struct
{
  SeqgdTestServer *server;
  char            *dir;
  char            *sums;      /* md5sum file of the server's files */
  char            *target;    /* $XDG_CACHE_HOME/seqgd/mnist */
  char            *env[2];    /* XDG_CACHE_HOME=… */
} DownloadFixture;

static void
download_set_up (DownloadFixture *f,
                 gconstpointer    data)
{
  g_autofree char *cache = NULL;
  g_autoptr(GString) sums = g_string_new (NULL);

  f->server = seqgd_test_server_new ();
  f->dir = g_dir_make_tmp ("seqgd-cli-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  cache = g_build_filename (f->dir, "cache", NULL);
  f->target = g_build_filename (cache, "seqgd", "mnist", NULL);
  f->env[0] = g_strconcat ("XDG_CACHE_HOME=", cache, NULL);

  for (guint i = 0; i < SEQGD_TEST_SERVER_N_FILES; i++)
    {
      g_autofree char *md5 =
        g_compute_checksum_for_bytes (G_CHECKSUM_MD5, f->server->files[i]);

      g_string_append_printf (sums, "%s  %s\n", md5,
                              seqgd_test_server_file_names[i]);
    }
  f->sums = g_build_filename (f->dir, "MD5SUMS", NULL);
  g_assert_true (g_file_set_contents (f->sums, sums->str, -1, NULL));
}

static void
download_tear_down (DownloadFixture *f,
                    gconstpointer    data)
{
  seqgd_test_server_free (f->server);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->sums);
  g_free (f->target);
  g_free (f->env[0]);
}

/* The number of files in @dir, each of them one of MNIST's with the
 * server's bytes: no temporary, partial or wrong file. */
static guint
count_downloaded (DownloadFixture *f)
{
  g_autoptr(GDir) handle = g_dir_open (f->target, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->target, name, NULL);
      g_autoptr(GBytes) bytes = read_bytes (path);
      gboolean known = FALSE;

      for (guint i = 0; i < SEQGD_TEST_SERVER_N_FILES; i++)
        if (g_str_equal (name, seqgd_test_server_file_names[i]))
          {
            g_assert_true (g_bytes_equal (bytes, f->server->files[i]));
            known = TRUE;
          }
      g_assert_true (known);
      n++;
    }

  return n;
}

static void
test_download (DownloadFixture *f,
               gconstpointer    data)
{
  g_autofree char *mirrors = g_strdup_printf ("%s/missing/, %s/good",
                                              f->server->base,
                                              f->server->base);
  g_autofree char *expected = g_strconcat ("Data: MNIST from ", f->target,
                                           ":", NULL);
  Result r;

  /* The first mirror answers 404, the second has the files. */
  r = run_cli_env ((const char * const *) f->env, "--download", "mnist",
                   "--mirror", mirrors, "--no-public-mirrors", "--checksums",
                   f->sums, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, f->target));
  g_assert_nonnull (strstr (r.out, "MNIST — 60 training and 20 test images"));
  g_assert_nonnull (strstr (r.out, "Runs without --data now train on it"));
  g_assert_cmpuint (count_downloaded (f), ==, 4);
  g_assert_cmpuint (seqgd_test_server_get_requests (f->server), ==, 8);
  result_clear (&r);

  /* Again, quietly: the files are there and kept. */
  r = run_cli_env ((const char * const *) f->env, "--download", "mnist",
                   "--mirror", mirrors, "--no-public-mirrors", "--checksums",
                   f->sums, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpuint (count_downloaded (f), ==, 4);
  g_assert_cmpuint (seqgd_test_server_get_requests (f->server), ==, 8);
  result_clear (&r);

  /* A run without --data trains on it. */
  r = run_cli_env ((const char * const *) f->env, "--epochs", "1",
                   "--hidden", "4", "--rules", "sequential", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, expected));
  g_assert_nonnull (strstr (r.out, "60 training images, 20 test images"));
  g_assert_null (strstr (r.out, "found without --data"));
  g_assert_nonnull (strstr (r.out, "finished"));
  result_clear (&r);
}

static void
test_download_checksum (DownloadFixture *f,
                        gconstpointer    data)
{
  g_autofree char *missing = g_strconcat (f->server->base, "/missing/", NULL);
  g_autofree char *corrupt = g_strconcat (f->server->base, "/corrupt/", NULL);
  Result r;

  /* Each mirror's failure is named; nothing is left behind. */
  r = run_cli_env ((const char * const *) f->env, "--download", "mnist",
                   "--mirror", missing, "--mirror", corrupt,
                   "--no-public-mirrors", "--checksums", f->sums, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "train-images-idx3-ubyte.gz"));
  g_assert_nonnull (strstr (r.err, "HTTP 404"));
  g_assert_nonnull (strstr (r.err, "wrong checksum"));
  g_assert_nonnull (strstr (r.err, corrupt));
  g_assert_null (strstr (r.out, "Downloaded"));
  g_assert_cmpuint (count_downloaded (f), ==, 0);
  g_assert_cmpuint (seqgd_test_server_get_requests (f->server), ==, 2);
  result_clear (&r);
}

/* Ctrl-C during a transfer: status 130 and no file under a final name. */
static void
test_download_interrupt (DownloadFixture *f,
                         gconstpointer    data)
{
  g_autofree char *slow = g_strconcat (f->server->base, "/slow/", NULL);
  g_autofree char *sums_env = g_strconcat ("SEQGD_DOWNLOAD_MD5SUMS=", f->sums,
                                           NULL);
  const char *env[] = { f->env[0], sums_env, NULL };
  const char *args[] = { "--download", "mnist", "--mirror", slow,
                         "--no-public-mirrors" };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  Result r;

  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  process = spawn_cli (env, argv);

  /* The signal handler is in place before the first request. */
  while (seqgd_test_server_get_requests (f->server) == 0 &&
         g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpuint (seqgd_test_server_get_requests (f->server), ==, 1);
  g_subprocess_send_signal (process, SIGINT);

  /* Files finished before the signal may stay, complete. */
  r = finish_cli (process);
  g_assert_cmpint (r.status, ==, 130);
  g_assert_nonnull (strstr (r.err, "Interrupted"));
  g_assert_cmpuint (count_downloaded (f), <, SEQGD_TEST_SERVER_N_FILES);
  result_clear (&r);
}

static const BadOptions bad_download_options[] = {
  { { "--download", "cifar-10" }, "cifar-10" },
  { { "--mirror", "http://127.0.0.1:1/" }, "--download" },
  { { "--download", "mnist", "--epochs", "2" }, "--epochs" },
  { { "--download", "mnist", "--plot", "a.png" }, "--plot" },
  { { "--download", "mnist", "--no-public-mirrors" }, "--mirror" },
  { { "--download", "mnist", "--mirror", "ftp://example.org/" }, "ftp://" },
  { { "--download", "mnist", "--mirror", "mirror.example.org" },
    "mirror.example.org" },
};

static void
test_download_bad_options (DownloadFixture *f,
                           gconstpointer    data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_download_options); i++)
    {
      const BadOptions *b = &bad_download_options[i];
      Result r = run_cli_env ((const char * const *) f->env, b->args[0],
                              b->args[1], b->args[2], b->args[3], NULL);

      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_nonnull (strstr (r.err, b->word));
      result_clear (&r);
    }
  g_assert_cmpuint (seqgd_test_server_get_requests (f->server), ==, 0);
}

/* Ctrl-C stops training; the table, the files and the plot hold what was
 * done. */
static void
test_interrupt (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "steps.csv", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "loss.svg", NULL);
  g_autofree char *cli = cli_path ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(SeqgdResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              cli, "--data", f->data, "--epochs", "1000",
                              "--batch", "4", "--hidden", "1024", "--csv",
                              csv, "--plot", svg, NULL);
  g_assert_no_error (error);

  /* What it prints before the table fits in the pipe. */
  g_usleep (G_USEC_PER_SEC / 2);
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("--- stdout\n%s--- stderr\n%s", out, err);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_nonnull (strstr (err, "Interrupted"));
  g_assert_nonnull (strstr (out, "cancelled"));
  assert_svg (svg);

  results = seqgd_results_load (csv, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < seqgd_results_get_n_runs (results); i++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, i);

      g_assert_cmpint (run->status, ==, SEQGD_RUN_CANCELLED);
      g_assert_cmpuint (run->steps->len, <, 1000 * 50);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Proxies, from the environment or the desktop's settings, must not get
   * between a download and 127.0.0.1; the programs started inherit this. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("https_proxy");
  g_unsetenv ("all_proxy");
  g_unsetenv ("SEQGD_DOWNLOAD_MD5SUMS");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/help", test_help);
  g_test_add ("/cli/run", Fixture, NULL, fixture_set_up, test_run,
              fixture_tear_down);
  g_test_add ("/cli/open", Fixture, NULL, fixture_set_up, test_open,
              fixture_tear_down);
  g_test_add ("/cli/holdout", Fixture, NULL, fixture_set_up, test_holdout,
              fixture_tear_down);
  g_test_add ("/cli/config-file", Fixture, NULL, fixture_set_up,
              test_config_file, fixture_tear_down);
  g_test_add ("/cli/bad-options", Fixture, NULL, fixture_set_up,
              test_bad_options, fixture_tear_down);
  g_test_add ("/cli/bad-data", Fixture, NULL, fixture_set_up, test_bad_data,
              fixture_tear_down);
  g_test_add ("/cli/list-data", Fixture, NULL, fixture_set_up,
              test_list_data, fixture_tear_down);
  g_test_add ("/cli/plot", Fixture, NULL, fixture_set_up, test_plot,
              fixture_tear_down);
  g_test_add ("/cli/plot-bad-options", Fixture, NULL, fixture_set_up,
              test_plot_bad_options, fixture_tear_down);
  g_test_add ("/cli/plot-unwritable", Fixture, NULL, fixture_set_up,
              test_plot_unwritable, fixture_tear_down);
  g_test_add ("/cli/download", DownloadFixture, NULL, download_set_up,
              test_download, download_tear_down);
  g_test_add ("/cli/download-checksum", DownloadFixture, NULL,
              download_set_up, test_download_checksum, download_tear_down);
  g_test_add ("/cli/download-interrupt", DownloadFixture, NULL,
              download_set_up, test_download_interrupt, download_tear_down);
  g_test_add ("/cli/download-bad-options", DownloadFixture, NULL,
              download_set_up, test_download_bad_options, download_tear_down);
  g_test_add ("/cli/interrupt", Fixture, NULL, fixture_set_up,
              test_interrupt, fixture_tear_down);

  return g_test_run ();
}
