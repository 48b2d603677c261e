/* test-window.c — the application window, driven through its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under a display server (Xvfb in CI) and skips without one.  Each
 * test opens a fresh window of one registered application, points its
 * settings at small generated IDX files and drives it through the same
 * actions the header bar and the menu use.
 */

#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "seqgd-application.h"
#include "seqgd-plot-panel.h"
#include "seqgd-settings-panel-private.h"
#include "seqgd-window.h"

static SeqgdApplication *app;
static char *data_dir;       /* quick data: a run takes well under a second */
static char *slow_data_dir;  /* enough data that a run lasts seconds */
static char *cache_dir;      /* XDG_CACHE_HOME, private to the tests */

/* Writes @n images of @side × @side whose bright square's position gives
 * the label, so that a small network learns them in one epoch. */
static void
make_idx_pair (const char *dir,
               const char *prefix,
               guint       n,
               guint       side,
               guint32     seed)
{
  g_autoptr(SeqgdDataset) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *images_path = NULL;
  g_autofree char *labels_path = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *pixels = g_malloc0 ((gsize) n * side * side);
  guint8 *classes = g_malloc (n);

  for (guint i = 0; i < n; i++)
    {
      guint8 *px = pixels + (gsize) i * side * side;
      guint label = g_rand_int_range (rand, 0, 10);
      guint r0 = (label / 5) * (side / 2);
      guint c0 = (label % 5) * (side / 5);

      classes[i] = label;
      for (guint k = 0; k < side * side; k++)
        px[k] = g_rand_int_range (rand, 0, 40);
      for (guint r = r0; r < r0 + side / 2; r++)
        for (guint c = c0; c < c0 + side / 5; c++)
          px[r * side + c] = 200 + g_rand_int_range (rand, 0, 56);
    }

  data = seqgd_dataset_new_take ("Test squares", n, side, side, 1, 10,
                                 pixels, classes);
  images = g_strdup_printf ("%s-images-idx3-ubyte", prefix);
  labels = g_strdup_printf ("%s-labels-idx1-ubyte", prefix);
  images_path = g_build_filename (dir, images, NULL);
  labels_path = g_build_filename (dir, labels, NULL);
  seqgd_dataset_save_idx (data, images_path, labels_path, &error);
  g_assert_no_error (error);
}

static char *
make_data_dir (guint n_train,
               guint side)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("seqgd-gui-XXXXXX", &error);

  g_assert_no_error (error);
  make_idx_pair (dir, "train", n_train, side, 1);
  make_idx_pair (dir, "t10k", n_train / 4, side, 2);

  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Main loop helpers. */

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main loop until @condition holds; fails after @seconds. */
static void
wait_for (Condition   condition,
          gpointer    data,
          guint       seconds,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

static gboolean
data_loaded (gpointer data)
{
  return !seqgd_settings_panel_get_loading (seqgd_window_get_settings_panel (data));
}

static gboolean
not_running (gpointer data)
{
  return !seqgd_window_get_running (data);
}

static gboolean
training_started (gpointer data)
{
  SeqgdResults *results = seqgd_window_get_results (data);
  g_autoptr(GArray) steps = NULL;

  if (results == NULL)
    return FALSE;
  steps = seqgd_results_copy_steps (results, 0, 0);

  return steps->len >= 5;
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

/* Window set-up. */

static SeqgdWindow *
open_window (void)
{
  SeqgdWindow *window = seqgd_window_new (GTK_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  wait_for (data_loaded, window, 30, "the data to load");

  return window;
}

static void
close_window (SeqgdWindow *window)
{
  gtk_window_close (GTK_WINDOW (window));
  wait_for (no_windows, NULL, 30, "the window to close");
}

static void
use_seeds_config (SeqgdWindow *window,
                  const char  *dir,
                  guint        epochs,
                  const char  *hidden,
                  guint        n_seeds)
{
  SeqgdSettingsPanel *panel = seqgd_window_get_settings_panel (window);
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();

  g_free (config->data_dir);
  config->data_dir = g_strdup (dir);
  config->epochs = epochs;
  config->batch_size = 16;
  config->n_seeds = n_seeds;
  g_assert_true (seqgd_config_set_hidden_string (config, hidden, NULL));

  seqgd_settings_panel_set_config (panel, config);
  wait_for (data_loaded, window, 30, "the data to load");
  g_assert_null (seqgd_settings_panel_get_problem (panel));
  g_assert_true (seqgd_settings_panel_get_valid (panel));
}

static void
use_config (SeqgdWindow *window,
            const char  *dir,
            guint        epochs,
            const char  *hidden)
{
  use_seeds_config (window, dir, epochs, hidden, 1);
}

static gboolean
action_enabled (SeqgdWindow *window,
                const char  *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

static void
run_to_end (SeqgdWindow *window)
{
  g_assert_true (action_enabled (window, "run"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "run", NULL);
  g_assert_true (seqgd_window_get_running (window));
  g_assert_false (action_enabled (window, "run"));
  g_assert_true (action_enabled (window, "cancel"));
  wait_for (not_running, window, 60, "training to finish");
}

/* Tests. */

static void
test_window_defaults (void)
{
  SeqgdWindow *window = open_window ();
  SeqgdSettingsPanel *panel = seqgd_window_get_settings_panel (window);
  g_autoptr(SeqgdConfig) config = seqgd_settings_panel_dup_config (panel);
  g_autoptr(SeqgdConfig) defaults = seqgd_config_new_default ();
  int width, height;

  /* The memory settings backend starts from the schema's defaults. */
  config->data_dir = (g_free (config->data_dir), NULL);
  g_assert_true (seqgd_config_equal (config, defaults));

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (height, ==, 800);

  g_assert_null (seqgd_window_get_results (window));
  g_assert_null (seqgd_window_get_message (window));
  g_assert_cmpuint (seqgd_results_view_get_n_rows (seqgd_window_get_results_view (window)), ==, 0);
  g_assert_false (action_enabled (window, "cancel"));
  g_assert_false (action_enabled (window, "export-plot"));
  g_assert_false (action_enabled (window, "export-data"));
  g_assert_true (action_enabled (window, "open-results"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  close_window (window);
}

static void
test_window_invalid_settings (void)
{
  SeqgdWindow *window = open_window ();
  SeqgdSettingsPanel *panel = seqgd_window_get_settings_panel (window);
  g_autoptr(SeqgdConfig) config = NULL;
  g_autofree char *missing = g_build_filename (data_dir, "missing", NULL);

  use_config (window, data_dir, 1, "16");
  g_assert_true (action_enabled (window, "run"));

  /* No rule chosen. */
  config = seqgd_settings_panel_dup_config (panel);
  g_strfreev (config->rules);
  config->rules = g_new0 (char *, 1);
  seqgd_settings_panel_set_config (panel, config);
  g_assert_false (seqgd_settings_panel_get_valid (panel));
  g_assert_nonnull (seqgd_settings_panel_get_problem (panel));
  g_assert_false (action_enabled (window, "run"));

  /* A folder without data. */
  g_clear_pointer (&config, seqgd_config_free);
  config = seqgd_config_new_default ();
  config->data_dir = g_strdup (missing);
  seqgd_settings_panel_set_config (panel, config);
  wait_for (data_loaded, window, 30, "the data to fail");
  g_assert_false (seqgd_settings_panel_get_valid (panel));
  g_assert_false (action_enabled (window, "run"));

  /* Fixing it enables Run again. */
  seqgd_settings_panel_set_data_dir (panel, data_dir);
  wait_for (data_loaded, window, 30, "the data to load");
  g_assert_true (seqgd_settings_panel_get_valid (panel));
  g_assert_true (action_enabled (window, "run"));

  close_window (window);
}

static void
test_window_corrupt_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqgd-gui-bad-XXXXXX", &error);
  g_autofree char *images = g_build_filename (dir, "train-images-idx3-ubyte", NULL);
  g_autofree char *labels = g_build_filename (dir, "train-labels-idx1-ubyte", NULL);
  SeqgdWindow *window;
  SeqgdSettingsPanel *panel;

  g_assert_no_error (error);
  g_file_set_contents (images, "\0\0\x08\x03 this is not an IDX file", 28, &error);
  g_assert_no_error (error);
  g_file_set_contents (labels, "\0\0\x08\x01\0\0\0\x05", 8, &error);
  g_assert_no_error (error);

  window = open_window ();
  panel = seqgd_window_get_settings_panel (window);
  seqgd_settings_panel_set_data_dir (panel, dir);
  wait_for (data_loaded, window, 30, "the data to fail");
  g_assert_false (seqgd_settings_panel_get_valid (panel));
  g_assert_false (action_enabled (window, "run"));
  close_window (window);

  remove_tree (dir);
}

static void
test_window_run (void)
{
  SeqgdWindow *window = open_window ();
  SeqgdResultsView *view;
  SeqgdResults *results;
  GtkWidget *plot;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_runs;

  use_config (window, data_dir, 1, "16");
  run_to_end (window);

  results = seqgd_window_get_results (window);
  g_assert_nonnull (results);
  n_runs = seqgd_results_get_n_runs (results);
  g_assert_cmpuint (n_runs, ==, 3);
  for (guint i = 0; i < n_runs; i++)
    {
      g_autoptr(GArray) steps = seqgd_results_copy_steps (results, i, 0);
      g_autoptr(GArray) epochs = seqgd_results_copy_epochs (results, i, 0);

      g_assert_cmpint (seqgd_results_get_status (results, i), ==,
                       SEQGD_RUN_FINISHED);
      g_assert_cmpuint (steps->len, >, 0);
      g_assert_cmpuint (epochs->len, ==, 1);
    }

  /* The plot shows these results and the table has a row per run. */
  plot = seqgd_window_get_plot (window);
  g_assert_true (SEQGD_IS_PLOT_PANEL (plot));
  g_assert_true (seqgd_plot_panel_get_results (SEQGD_PLOT_PANEL (plot)) == results);
  view = seqgd_window_get_results_view (window);
  g_assert_cmpuint (seqgd_results_view_get_n_rows (view), ==, n_runs);

  text = seqgd_results_view_dup_text (view, FALSE);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_runs + 2);
  g_assert_true (g_str_has_prefix (lines[0], "rule\tseed\t"));
  for (guint i = 1; i <= n_runs; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 8);
      g_assert_cmpstr (cells[7], ==, "Finished");
      g_assert_cmpfloat (g_ascii_strtod (cells[2], NULL), >, 0.0);
    }

  g_assert_true (action_enabled (window, "run"));
  g_assert_false (action_enabled (window, "cancel"));
  g_assert_true (action_enabled (window, "export-plot"));
  g_assert_null (seqgd_window_get_message (window));

  close_window (window);
}

/* With several seeds the table has a row per rule with the mean and
 * spread, which opens into the seeds' rows and copies as two lines. */
static void
test_window_seeds (void)
{
  SeqgdWindow *window = open_window ();
  SeqgdResultsView *view = seqgd_window_get_results_view (window);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_mean = 0, n_sd = 0, n_seed_rows = 0;

  use_seeds_config (window, data_dir, 1, "16", 2);
  run_to_end (window);

  g_assert_cmpuint (seqgd_results_get_n_runs (seqgd_window_get_results (window)),
                    ==, 6);
  g_assert_cmpuint (seqgd_results_view_get_n_rows (view), ==, 6);

  /* Header, 6 runs, a mean and an sd line per rule, and the last "". */
  text = seqgd_results_view_dup_text (view, FALSE);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 6 + 2 * 3 + 1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 8);
      if (g_str_equal (cells[1], "mean"))
        {
          n_mean++;
          g_assert_cmpfloat (g_ascii_strtod (cells[2], NULL), >, 0.0);
          g_assert_cmpstr (cells[7], ==, "Finished");
        }
      else if (g_str_equal (cells[1], "sd"))
        {
          n_sd++;
          g_assert_cmpfloat (g_ascii_strtod (cells[2], NULL), >=, 0.0);
        }
      else
        n_seed_rows++;
    }
  g_assert_cmpuint (n_mean, ==, 3);
  g_assert_cmpuint (n_sd, ==, 3);
  g_assert_cmpuint (n_seed_rows, ==, 6);

  close_window (window);
}

static void
test_window_cancel (void)
{
  SeqgdWindow *window = open_window ();
  SeqgdResults *results;
  gint64 start;
  double waited;

  use_config (window, slow_data_dir, 50, "256");

  for (guint round = 0; round < 2; round++)
    {
      g_action_group_activate_action (G_ACTION_GROUP (window), "run", NULL);
      wait_for (training_started, window, 30, "training to start");

      start = g_get_monotonic_time ();
      g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
      wait_for (not_running, window, 10, "the cancel to take");
      waited = (g_get_monotonic_time () - start) / 1e6;
      g_test_message ("cancel took %.3f s", waited);
      g_assert_cmpfloat (waited, <, 1.0);

      /* The curves so far are kept and the window can run again. */
      results = seqgd_window_get_results (window);
      g_assert_nonnull (results);
      g_assert_cmpint (seqgd_results_get_status (results, 0), ==,
                       SEQGD_RUN_CANCELLED);
      g_assert_true (training_started (window));
      g_assert_true (action_enabled (window, "run"));
      g_assert_false (action_enabled (window, "cancel"));
      g_assert_true (action_enabled (window, "export-data"));
    }

  close_window (window);
}

static void
assert_file_starts_with (const char *path,
                         const char *prefix,
                         gsize       length)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >=, length);
  g_assert_cmpmem (contents, length, prefix, length);
}

static void
test_window_export (void)
{
  SeqgdWindow *window = open_window ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqgd-gui-export-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "plot.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "plot.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "plot.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "results.csv", NULL);
  g_autofree char *json = g_build_filename (dir, "results.json", NULL);
  g_autofree char *svg_text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SeqgdResults *results;

  g_assert_no_error (error);

  /* Nothing to export before a run. */
  g_assert_false (seqgd_window_export_plot (window, png, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  use_config (window, data_dir, 1, "16");
  run_to_end (window);

  g_assert_true (seqgd_window_export_plot (window, png, &error));
  g_assert_no_error (error);
  assert_file_starts_with (png, "\x89PNG\r\n\x1a\n", 8);
  g_assert_true (seqgd_window_export_plot (window, pdf, &error));
  g_assert_no_error (error);
  assert_file_starts_with (pdf, "%PDF-", 5);
  g_assert_true (seqgd_window_export_plot (window, svg, &error));
  g_assert_no_error (error);
  g_file_get_contents (svg, &svg_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg_text, "<svg"));
  g_assert_nonnull (strstr (svg_text, "</svg>"));

  g_assert_true (seqgd_window_export_data (window, csv, json, &error));
  g_assert_no_error (error);
  json_parser_load_from_file (parser, json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  /* A folder that does not exist gives an error, not a crash. */
  g_assert_false (seqgd_window_export_plot (window, "/nonexistent/seqgd/plot.png",
                                            &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (seqgd_window_export_data (window, "/nonexistent/seqgd/r.csv",
                                            NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* What was written opens again in place of the experiment. */
  results = seqgd_window_get_results (window);
  g_assert_true (seqgd_window_open_results (window, csv, json, &error));
  g_assert_no_error (error);
  g_assert_true (seqgd_window_get_results (window) != results);
  g_assert_cmpuint (seqgd_results_get_n_runs (seqgd_window_get_results (window)),
                    ==, 3);
  g_assert_cmpuint (seqgd_results_view_get_n_rows (seqgd_window_get_results_view (window)),
                    ==, 3);

  /* A broken file is refused and the shown results stay. */
  results = seqgd_window_get_results (window);
  g_file_set_contents (json, "{ not json", -1, &error);
  g_assert_no_error (error);
  g_assert_false (seqgd_window_open_results (window, NULL, json, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (seqgd_window_get_results (window) == results);

  close_window (window);
  remove_tree (dir);
}

static void
test_window_close_while_training (void)
{
  SeqgdWindow *window = open_window ();

  use_config (window, slow_data_dir, 50, "256");
  g_action_group_activate_action (G_ACTION_GROUP (window), "run", NULL);
  wait_for (training_started, window, 30, "training to start");

  /* Fatal warnings make any warning during the close fail the test. */
  gtk_window_close (GTK_WINDOW (window));
  wait_for (no_windows, NULL, 10, "the window to close");
}

static void
test_app_quit_while_training (void)
{
  SeqgdWindow *window = open_window ();

  use_config (window, slow_data_dir, 50, "256");
  g_action_group_activate_action (G_ACTION_GROUP (window), "run", NULL);
  wait_for (training_started, window, 30, "training to start");

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  wait_for (no_windows, NULL, 10, "the window to close");
}

/* Settings of their own, starting from the schema's defaults. */
static GSettings *
new_memory_settings (void)
{
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GError) error = NULL;

  source = g_settings_schema_source_new_from_directory (SEQGD_BUILD_DATADIR,
                                                        NULL, FALSE, &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (source, "io.github.seqgd.SeqGD",
                                            FALSE);
  g_assert_nonnull (schema);

  return g_settings_new_full (schema, backend, NULL);
}

/* The index of the drop-down entry whose title starts with @prefix. */
static int
find_source_entry (SeqgdSettingsPanel *panel,
                   const char         *prefix)
{
  for (guint i = 0; i < _seqgd_settings_panel_get_n_sources (panel); i++)
    if (g_str_has_prefix (_seqgd_settings_panel_get_source (panel, i, NULL, NULL),
                          prefix))
      return i;

  return -1;
}

static gboolean
damaged_source_listed (gpointer data)
{
  return find_source_entry (data, "KMNIST") >= 0;
}

static void
test_window_sources (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("seqgd-gui-sources-XXXXXX", &error);
  g_autofree char *mnist = g_build_filename (root, "digits", NULL);
  g_autofree char *raw = g_build_filename (mnist, "MNIST", "raw", NULL);
  g_autofree char *kmnist = g_build_filename (root, "KMNIST", NULL);
  g_autofree char *bad = g_build_filename (kmnist, "train-images-idx3-ubyte", NULL);
  const char *recent[] = { mnist, kmnist, NULL };
  g_autoptr(GSettings) settings = new_memory_settings ();
  g_autoptr(SeqgdConfig) config = NULL;
  SeqgdWindow *window;
  SeqgdSettingsPanel *panel;
  const char *details;
  gboolean usable;
  int entry;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (raw, 0700), ==, 0);
  make_idx_pair (raw, "train", 40, 12, 3);
  make_idx_pair (raw, "t10k", 8, 12, 4);
  g_assert_cmpint (g_mkdir_with_parents (kmnist, 0700), ==, 0);
  make_idx_pair (kmnist, "train", 10, 12, 5);
  g_file_set_contents (bad, "oops", 4, &error);
  g_assert_no_error (error);
  g_settings_set_strv (settings, "recent-folders", recent);

  window = open_window ();
  panel = seqgd_window_get_settings_panel (window);
  seqgd_settings_panel_set_settings (panel, settings);
  wait_for (damaged_source_listed, panel, 30, "the sources to be listed");
  wait_for (data_loaded, window, 30, "the data to load");

  /* "Found automatically" loads MNIST from a folder used before, as the
   * list shows it, not another data set installed on the system. */
  config = seqgd_settings_panel_dup_config (panel);
  g_assert_null (config->data_dir);
  g_assert_cmpstr (seqgd_settings_panel_get_data_folder (panel), ==, raw);
  g_assert_cmpstr (seqgd_settings_panel_get_dataset (panel)->name, ==, "MNIST");

  /* A usable source says how many images it has and how big they are. */
  entry = find_source_entry (panel, "MNIST");
  g_assert_cmpint (entry, >, 0);
  _seqgd_settings_panel_get_source (panel, entry, &details, &usable);
  g_assert_true (usable);
  g_assert_nonnull (strstr (details, "40 + 8 images of 12 × 12"));
  g_assert_nonnull (strstr (details, "kB"));

  /* A damaged one is listed, cannot be picked, and says why. */
  entry = find_source_entry (panel, "KMNIST");
  _seqgd_settings_panel_get_source (panel, entry, &details, &usable);
  g_assert_false (usable);
  g_assert_nonnull (strstr (details, bad));

  close_window (window);
  remove_tree (root);
}

/* A remembered folder that is gone falls back to the data found
 * automatically instead of an error. */
static void
test_window_gone_folder (void)
{
  g_autoptr(GSettings) settings = new_memory_settings ();
  g_autoptr(SeqgdConfig) config = NULL;
  SeqgdSettingsPanel *panel;
  SeqgdWindow *window;
  const char *problem;

  g_settings_set_string (settings, "data-dir", "/nonexistent/seqgd-data");
  window = open_window ();
  panel = seqgd_window_get_settings_panel (window);
  seqgd_settings_panel_set_settings (panel, settings);
  wait_for (data_loaded, window, 30, "the data to load");

  config = seqgd_settings_panel_dup_config (panel);
  g_assert_null (config->data_dir);
  problem = seqgd_settings_panel_get_problem (panel);
  g_assert_true (problem == NULL ||
                 strstr (problem, "/nonexistent/seqgd-data") == NULL);

  close_window (window);
}

/* Turns the wheel once over @widget as GTK would: scroll controllers in
 * the capture phase first, then the others, until one handles it. */
static void
wheel_over (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  const GtkPropagationPhase phases[] = { GTK_PHASE_CAPTURE, GTK_PHASE_TARGET,
                                         GTK_PHASE_BUBBLE };

  for (guint p = 0; p < G_N_ELEMENTS (phases); p++)
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
        gboolean handled = FALSE;

        if (!GTK_IS_EVENT_CONTROLLER_SCROLL (c) ||
            gtk_event_controller_get_propagation_phase (c) != phases[p])
          continue;
        g_signal_emit_by_name (c, "scroll", 0.0, 1.0, &handled);
        if (handled)
          return;
      }
}

/* The wheel over a spin button the user has not clicked into scrolls the
 * settings, and leaves the value alone. */
static void
test_window_spin_wheel (void)
{
  SeqgdWindow *window = open_window ();
  SeqgdSettingsPanel *panel = seqgd_window_get_settings_panel (window);
  GtkSpinButton *batch = _seqgd_settings_panel_get_batch_spin (panel);
  double before = gtk_spin_button_get_value (batch);

  wheel_over (GTK_WIDGET (batch));
  g_assert_cmpfloat (gtk_spin_button_get_value (batch), ==, before);

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("No display; run under Xvfb");
      return g_test_run ();
    }

  /* Data found in the cache must be what a test put there. */
  cache_dir = g_dir_make_tmp ("seqgd-gui-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  gtk_init ();
  app = seqgd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  /* Keeps the application alive between the tests' windows. */
  g_application_hold (G_APPLICATION (app));

  data_dir = make_data_dir (400, 12);
  slow_data_dir = make_data_dir (20000, 28);

  g_test_add_func ("/gui/window/defaults", test_window_defaults);
  g_test_add_func ("/gui/window/invalid-settings", test_window_invalid_settings);
  g_test_add_func ("/gui/window/corrupt-data", test_window_corrupt_data);
  g_test_add_func ("/gui/window/sources", test_window_sources);
  g_test_add_func ("/gui/window/run", test_window_run);
  g_test_add_func ("/gui/window/seeds", test_window_seeds);
  g_test_add_func ("/gui/window/gone-folder", test_window_gone_folder);
  g_test_add_func ("/gui/window/spin-wheel", test_window_spin_wheel);
  g_test_add_func ("/gui/window/cancel", test_window_cancel);
  g_test_add_func ("/gui/window/export", test_window_export);
  g_test_add_func ("/gui/window/close-while-training",
                   test_window_close_while_training);
  g_test_add_func ("/gui/app/quit-while-training", test_app_quit_while_training);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  remove_tree (data_dir);
  remove_tree (slow_data_dir);
  g_free (data_dir);
  g_free (slow_data_dir);
  remove_tree (cache_dir);
  g_free (cache_dir);

  return status;
}
