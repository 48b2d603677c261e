/* seqgd-window.c — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Settings on the left, the plot and the results table on the right, Run
 * and Cancel in the header bar.  Training goes on in a SeqgdRunner's
 * worker threads; while it does, a timer at about 30 Hz pulls the new
 * records into the plot, the table (less often) and the progress bar.
 * Closing the window during training cancels, hides the window and
 * destroys it once the workers have returned, so nothing they use goes
 * away under them.
 */

#include "config.h"

#include <math.h>

#include "seqgd-application.h"
#include "seqgd-plot-panel.h"
#include "seqgd-rule.h"
#include "seqgd-runner.h"
#include "seqgd-window.h"

#define TICK_INTERVAL_MS 33
#define TABLE_EVERY_N_TICKS 8

struct _SeqgdWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template widgets */
  GtkLabel             *subtitle_label;
  GtkButton            *run_button;
  GtkRevealer          *message_revealer;
  GtkWidget            *message_bar;
  GtkImage             *message_icon;
  GtkLabel             *message_label;
  GtkPaned             *main_paned;
  GtkPaned             *plot_paned;
  SeqgdSettingsPanel   *settings_panel;
  GtkBox               *plot_slot;
  SeqgdResultsView     *results_view;
  GtkLabel             *status_label;
  GtkProgressBar       *progress_bar;

  /* Borrowed */
  GtkWidget            *plot;

  /* Owned */
  SeqgdRunner          *runner;
  SeqgdResults         *results;      /* what the plot and table show */
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  char                 *message;
  char                 *opened_name;  /* set while showing opened files */

  guint                 tick_id;
  guint                 n_ticks;
  gint64                started;
  guint                 close_pending : 1;
};

G_DEFINE_FINAL_TYPE (SeqgdWindow, seqgd_window, GTK_TYPE_APPLICATION_WINDOW)

/* The plot panel.  Everything the window asks of it is here. */

static void
plot_create (SeqgdWindow *self)
{
  self->plot = seqgd_plot_panel_new ();
  gtk_widget_set_vexpand (self->plot, TRUE);
  gtk_widget_set_hexpand (self->plot, TRUE);
  gtk_box_append (self->plot_slot, self->plot);
}

static void
plot_set_results (SeqgdWindow  *self,
                  SeqgdResults *results)
{
  seqgd_plot_panel_set_results (SEQGD_PLOT_PANEL (self->plot), results);
}

static void
plot_refresh (SeqgdWindow *self)
{
  seqgd_plot_panel_refresh (SEQGD_PLOT_PANEL (self->plot));
}

static gboolean
plot_export (SeqgdWindow  *self,
             const char   *path,
             GError      **error)
{
  return seqgd_plot_panel_export (SEQGD_PLOT_PANEL (self->plot), path, error);
}

/* Messages. */

static void
show_message (SeqgdWindow *self,
              gboolean     is_error,
              const char  *format,
              ...) G_GNUC_PRINTF (3, 4);

static void
show_message (SeqgdWindow *self,
              gboolean     is_error,
              const char  *format,
              ...)
{
  va_list args;

  va_start (args, format);
  g_free (self->message);
  self->message = g_strdup_vprintf (format, args);
  va_end (args);

  gtk_label_set_text (self->message_label, self->message);
  gtk_image_set_from_icon_name (self->message_icon,
                                is_error ? "dialog-warning-symbolic"
                                         : "emblem-ok-symbolic");
  if (is_error)
    gtk_widget_add_css_class (self->message_bar, "error");
  else
    gtk_widget_remove_css_class (self->message_bar, "error");
  gtk_revealer_set_reveal_child (self->message_revealer, TRUE);
}

static void
hide_message (SeqgdWindow *self)
{
  g_clear_pointer (&self->message, g_free);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
}

/* State of actions and labels. */

static void
update_title (SeqgdWindow *self)
{
  const char *summary;

  if (self->opened_name != NULL)
    {
      g_autofree char *text = g_strdup_printf ("Opened %s", self->opened_name);

      gtk_label_set_text (self->subtitle_label, text);
      return;
    }

  summary = seqgd_settings_panel_get_data_summary (self->settings_panel);
  gtk_label_set_text (self->subtitle_label, summary ? summary : "");
}

static void
update_actions (SeqgdWindow *self)
{
  gboolean running = seqgd_runner_get_running (self->runner);
  gboolean valid = seqgd_settings_panel_get_valid (self->settings_panel);
  gboolean have_results = self->results != NULL;
  const char *problem;
  GAction *action;

#define ENABLE(name, value) \
  action = g_action_map_lookup_action (G_ACTION_MAP (self), name); \
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), value)
  ENABLE ("run", !running && valid);
  ENABLE ("cancel", running);
  ENABLE ("export-plot", have_results);
  ENABLE ("export-data", have_results);
  ENABLE ("open-results", !running);
#undef ENABLE

  gtk_widget_set_sensitive (GTK_WIDGET (self->settings_panel), !running);

  problem = seqgd_settings_panel_get_problem (self->settings_panel);
  if (!running && problem != NULL)
    {
      g_autofree char *tip = g_strdup_printf ("Cannot run: %s", problem);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button), tip);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button),
                                 "Train every chosen rule (Ctrl+Return)");
}

static void
panel_changed_cb (SeqgdWindow *self)
{
  update_actions (self);
  update_title (self);
}

/* What the window shows. */

static void
show_results (SeqgdWindow  *self,
              SeqgdResults *results)
{
  if (results != NULL)
    seqgd_results_ref (results);
  g_clear_pointer (&self->results, seqgd_results_unref);
  self->results = results;

  plot_set_results (self, results);
  seqgd_results_view_set_results (self->results_view, results);
  update_actions (self);
}

static char *
format_duration (double seconds)
{
  if (seconds < 60)
    return g_strdup_printf ("%.0f s", MAX (seconds, 1));
  if (seconds < 3600)
    return g_strdup_printf ("%.0f min %02.0f s", seconds / 60 - 0.5,
                            fmod (seconds, 60));

  return g_strdup_printf ("%.0f h %02.0f min", seconds / 3600 - 0.5,
                          fmod (seconds / 60, 60));
}

static void
update_progress (SeqgdWindow *self)
{
  double fraction = seqgd_runner_get_fraction (self->runner);
  double eta = seqgd_runner_get_eta (self->runner);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);

  if (self->results == NULL)
    text = g_strdup ("Loading data…");
  else if (eta < 0)
    text = g_strdup_printf ("Training… %.0f %%", 100 * fraction);
  else
    {
      g_autofree char *left = format_duration (eta);

      text = g_strdup_printf ("Training… %.0f %%, about %s left",
                              100 * fraction, left);
    }
  gtk_label_set_text (self->status_label, text);
}

static gboolean
tick_cb (gpointer user_data)
{
  SeqgdWindow *self = user_data;

  if (self->results != NULL)
    {
      plot_refresh (self);
      if (++self->n_ticks % TABLE_EVERY_N_TICKS == 0)
        seqgd_results_view_refresh (self->results_view);
    }
  update_progress (self);

  return G_SOURCE_CONTINUE;
}

static void
runner_prepared_cb (SeqgdWindow *self)
{
  show_results (self, seqgd_runner_get_results (self->runner));
  update_progress (self);
}

/* Names the runs that diverged or failed, or returns NULL. */
static char *
describe_bad_runs (SeqgdResults *results)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_runs = seqgd_results_get_n_runs (results);
  guint n_bad = 0;

  for (guint i = 0; i < n_runs; i++)
    {
      SeqgdRunStatus status = seqgd_results_get_status (results, i);
      const SeqgdRule *rule;
      SeqgdRun *run;

      if (status != SEQGD_RUN_DIVERGED && status != SEQGD_RUN_FAILED)
        continue;

      /* get_run may take the lock itself; the run's address never
       * changes. */
      run = seqgd_results_get_run (results, i);
      seqgd_results_lock (results);
      rule = seqgd_rule_lookup (run->rule);
      g_string_append_printf (text, "%s%s with seed %" G_GUINT64_FORMAT " %s",
                              n_bad > 0 ? ". " : "",
                              rule ? rule->label : run->rule, run->seed,
                              status == SEQGD_RUN_DIVERGED ? "diverged"
                                                           : "failed");
      if (run->message != NULL)
        {
          g_autofree char *reason = g_strdup (run->message);

          /* "The loss became…" reads on after a colon in lower case. */
          if (g_ascii_isupper (reason[0]) && g_ascii_islower (reason[1]))
            reason[0] = g_ascii_tolower (reason[0]);
          if (g_str_has_suffix (reason, "."))
            reason[strlen (reason) - 1] = '\0';
          g_string_append_printf (text, ": %s", reason);
        }
      seqgd_results_unlock (results);
      n_bad++;
    }

  if (n_bad == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
runner_finished_cb (SeqgdWindow  *self,
                    const GError *error)
{
  double elapsed = (g_get_monotonic_time () - self->started) / 1e6;
  g_autofree char *duration = format_duration (elapsed);
  g_autofree char *bad = NULL;

  g_clear_handle_id (&self->tick_id, g_source_remove);

  if (self->close_pending)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (self->results != NULL)
    {
      plot_refresh (self);
      seqgd_results_view_refresh (self->results_view);
      bad = describe_bad_runs (self->results);
    }

  if (error == NULL)
    {
      g_autofree char *text = g_strdup_printf ("Finished in %s", duration);

      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_label_set_text (self->status_label, text);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (self->status_label,
                        "Cancelled; the curves so far are kept");
  else
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_label_set_text (self->status_label, "Training failed");
      show_message (self, TRUE,
                    "Could not train: %s. Check the data and settings, "
                    "then run again.", error->message);
    }

  if (bad != NULL && (error == NULL ||
                      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    show_message (self, TRUE,
                  "%s. The other runs went on; a smaller learning rate "
                  "may keep it stable.", bad);

  update_actions (self);
}

/* Actions. */

static void
run_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  SeqgdWindow *self = user_data;
  g_autoptr(SeqgdConfig) config = NULL;

  if (!seqgd_settings_panel_get_valid (self->settings_panel) ||
      seqgd_runner_get_running (self->runner))
    return;

  config = seqgd_settings_panel_dup_config (self->settings_panel);

  /* Train on the data the panel shows, which for the default was chosen
   * among the folders used before too. */
  if (config->data_dir == NULL)
    config->data_dir =
      g_strdup (seqgd_settings_panel_get_data_folder (self->settings_panel));

  if (!seqgd_runner_start (self->runner, config))
    return;

  hide_message (self);
  g_clear_pointer (&self->opened_name, g_free);
  update_title (self);
  self->started = g_get_monotonic_time ();
  self->n_ticks = 0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_text (self->status_label, "Loading data…");
  self->tick_id = g_timeout_add (TICK_INTERVAL_MS, tick_cb, self);
  update_actions (self);
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  SeqgdWindow *self = user_data;

  if (!seqgd_runner_get_running (self->runner))
    return;

  seqgd_runner_cancel (self->runner);
  gtk_label_set_text (self->status_label, "Cancelling…");
}

static void
dismiss_message_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  hide_message (user_data);
}

/* File choosers. */

typedef void (*ChooserDone) (SeqgdWindow *self,
                             GFile       *file,
                             GtkFileFilter *filter);

static void
chooser_response_cb (GtkFileChooserNative *chooser,
                     int                   response,
                     gpointer              user_data)
{
  SeqgdWindow *self = user_data;
  ChooserDone done = g_object_get_data (G_OBJECT (chooser), "done");
  g_autoptr(GFile) file = NULL;

  g_object_ref (chooser);
  g_clear_object (&self->chooser);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    done (self, file, gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser)));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static GtkFileFilter *
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);

  return filter;
}

static GtkFileChooser *
open_chooser (SeqgdWindow          *self,
              const char           *title,
              GtkFileChooserAction  kind,
              const char           *accept,
              ChooserDone           done)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), kind,
                                               accept, "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "done", done);
  g_signal_connect (self->chooser, "response",
                    G_CALLBACK (chooser_response_cb), self);

  return GTK_FILE_CHOOSER (self->chooser);
}

/* Adds @extension when @path has none of @known. */
static char *
with_extension (const char         *path,
                const char * const *known,
                const char         *extension)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; known[i] != NULL; i++)
    if (g_str_has_suffix (lower, known[i]))
      return g_strdup (path);

  return g_strconcat (path, extension, NULL);
}

static void
export_plot_done (SeqgdWindow   *self,
                  GFile         *file,
                  GtkFileFilter *filter)
{
  static const char * const known[] = { ".png", ".svg", ".pdf", NULL };
  g_autofree char *chosen = g_file_get_path (file);
  g_autofree char *path = NULL;
  const char *extension = ".png";
  g_autoptr(GError) error = NULL;

  if (filter != NULL)
    extension = g_object_get_data (G_OBJECT (filter), "extension");
  path = with_extension (chosen, known, extension ? extension : ".png");

  if (seqgd_window_export_plot (self, path, &error))
    show_message (self, FALSE, "Saved the plot to %s", path);
  else
    show_message (self, TRUE, "Could not save the plot: %s. Choose a folder "
                  "you can write to and try again.", error->message);
}

static void
export_plot_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  static const struct { const char *name, *pattern, *mime, *ext; } kinds[] = {
    { "PNG Image", "*.png", "image/png", ".png" },
    { "SVG Drawing", "*.svg", "image/svg+xml", ".svg" },
    { "PDF Document", "*.pdf", "application/pdf", ".pdf" },
  };
  SeqgdWindow *self = user_data;
  GtkFileChooser *chooser;

  chooser = open_chooser (self, "Export Plot", GTK_FILE_CHOOSER_ACTION_SAVE,
                          "_Export", export_plot_done);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkFileFilter *filter = add_filter (chooser, kinds[i].name,
                                          kinds[i].pattern, kinds[i].mime);

      g_object_set_data (G_OBJECT (filter), "extension", (gpointer) kinds[i].ext);
    }
  gtk_file_chooser_set_current_name (chooser, "seqgd-loss.png");
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The JSON file that goes with @path: same name, other extension. */
static char *
sibling_path (const char *path,
              const char *extension)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);
  g_autofree char *stem = NULL;

  if (dot == NULL || (slash != NULL && dot < slash))
    return g_strconcat (path, extension, NULL);

  stem = g_strndup (path, dot - path);
  return g_strconcat (stem, extension, NULL);
}

static void
export_data_done (SeqgdWindow   *self,
                  GFile         *file,
                  GtkFileFilter *filter)
{
  static const char * const known[] = { ".csv", NULL };
  g_autofree char *chosen = g_file_get_path (file);
  g_autofree char *csv_path = with_extension (chosen, known, ".csv");
  g_autofree char *json_path = sibling_path (csv_path, ".json");
  g_autofree char *json_name = g_path_get_basename (json_path);
  g_autoptr(GError) error = NULL;

  if (seqgd_window_export_data (self, csv_path, json_path, &error))
    show_message (self, FALSE, "Saved the records to %s and the summary "
                  "beside it as %s", csv_path, json_name);
  else
    show_message (self, TRUE, "Could not save the results: %s. Choose a "
                  "folder you can write to and try again.", error->message);
}

static void
export_data_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  SeqgdWindow *self = user_data;
  GtkFileChooser *chooser;

  chooser = open_chooser (self, "Export Data", GTK_FILE_CHOOSER_ACTION_SAVE,
                          "_Export", export_data_done);
  add_filter (chooser, "CSV Records with JSON Summary", "*.csv", "text/csv");
  gtk_file_chooser_set_current_name (chooser, "seqgd-results.csv");
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_results_done (SeqgdWindow   *self,
                   GFile         *file,
                   GtkFileFilter *filter)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_autofree char *csv_path = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr(GError) error = NULL;

  /* Either file of a pair will do; its partner is used when present. */
  if (g_str_has_suffix (lower, ".json"))
    {
      json_path = g_strdup (path);
      csv_path = sibling_path (path, ".csv");
    }
  else
    {
      csv_path = g_strdup (path);
      json_path = sibling_path (path, ".json");
    }
  if (!g_file_test (csv_path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&csv_path, g_free);
  if (!g_file_test (json_path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&json_path, g_free);

  if (seqgd_window_open_results (self, csv_path, json_path, &error))
    show_message (self, FALSE, "Showing the results saved in %s", path);
  else
    show_message (self, TRUE, "Could not open the results: %s. Choose a CSV "
                  "or JSON file exported by SeqGD.", error->message);
}

static void
open_results_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  SeqgdWindow *self = user_data;
  GtkFileChooser *chooser;
  GtkFileFilter *filter;

  chooser = open_chooser (self, "Open Results", GTK_FILE_CHOOSER_ACTION_OPEN,
                          "_Open", open_results_done);
  filter = add_filter (chooser, "SeqGD Results", "*.csv", "text/csv");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static const GActionEntry win_entries[] = {
  { "run", run_action },
  { "cancel", cancel_action },
  { "export-plot", export_plot_action },
  { "export-data", export_data_action },
  { "open-results", open_results_action },
  { "dismiss-message", dismiss_message_action },
};

/* Window life. */

static void
save_window_state (SeqgdWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
seqgd_window_close_request (GtkWindow *window)
{
  SeqgdWindow *self = SEQGD_WINDOW (window);

  save_window_state (self);

  /* Wait for the workers: they return within a step of the cancel. */
  if (seqgd_runner_get_running (self->runner))
    {
      self->close_pending = TRUE;
      seqgd_runner_cancel (self->runner);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (seqgd_window_parent_class)->close_request (window);
}

static void
seqgd_window_dispose (GObject *object)
{
  SeqgdWindow *self = SEQGD_WINDOW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->runner != NULL)
    {
      /* The runner's tasks keep it and the application alive until the
       * workers return; only our handlers go now. */
      g_signal_handlers_disconnect_by_data (self->runner, self);
      seqgd_runner_cancel (self->runner);
      g_clear_object (&self->runner);
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEQGD_TYPE_WINDOW);

  g_clear_pointer (&self->results, seqgd_results_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (seqgd_window_parent_class)->dispose (object);
}

static void
seqgd_window_finalize (GObject *object)
{
  SeqgdWindow *self = SEQGD_WINDOW (object);

  g_free (self->message);
  g_free (self->opened_name);

  G_OBJECT_CLASS (seqgd_window_parent_class)->finalize (object);
}

static void
seqgd_window_class_init (SeqgdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = seqgd_window_dispose;
  object_class->finalize = seqgd_window_finalize;
  window_class->close_request = seqgd_window_close_request;

  g_type_ensure (SEQGD_TYPE_SETTINGS_PANEL);
  g_type_ensure (SEQGD_TYPE_RESULTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/seqgd/SeqGD/ui/seqgd-window.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, SeqgdWindow, name)
  BIND (subtitle_label);
  BIND (run_button);
  BIND (message_revealer);
  BIND (message_bar);
  BIND (message_icon);
  BIND (message_label);
  BIND (main_paned);
  BIND (plot_paned);
  BIND (settings_panel);
  BIND (plot_slot);
  BIND (results_view);
  BIND (status_label);
  BIND (progress_bar);
#undef BIND
}

static void
add_help_overlay (SeqgdWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  builder = gtk_builder_new_from_resource ("/io/github/seqgd/SeqGD/ui/seqgd-shortcuts.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self),
                                           GTK_SHORTCUTS_WINDOW (overlay));
}

static void
seqgd_window_init (SeqgdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);
  add_help_overlay (self);
  plot_create (self);

  self->runner = seqgd_runner_new ();
  g_signal_connect_swapped (self->runner, "prepared",
                            G_CALLBACK (runner_prepared_cb), self);
  g_signal_connect_swapped (self->runner, "finished",
                            G_CALLBACK (runner_finished_cb), self);

  g_signal_connect_object (self->settings_panel, "notify::valid",
                           G_CALLBACK (panel_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings_panel, "notify::problem",
                           G_CALLBACK (panel_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings_panel, "notify::data-summary",
                           G_CALLBACK (panel_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_label_set_text (self->status_label,
                      "Choose the settings, then press Run (Ctrl+Return)");
  gtk_paned_set_position (self->plot_paned, 560);
  update_actions (self);
  update_title (self);
}

/* Settings come from the application, so the window reads them after
 * construction. */
static void
seqgd_window_set_settings (SeqgdWindow *self,
                           GSettings   *settings)
{
  int width, height;

  g_assert (SEQGD_IS_WINDOW (self));

  if (settings == NULL)
    return;

  self->settings = g_object_ref (settings);
  width = g_settings_get_int (settings, "window-width");
  height = g_settings_get_int (settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 800),
                               MAX (height, 560));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  seqgd_settings_panel_set_settings (self->settings_panel, settings);
}

SeqgdWindow *
seqgd_window_new (GtkApplication *application)
{
  SeqgdWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  self = g_object_new (SEQGD_TYPE_WINDOW, "application", application, NULL);
  if (SEQGD_IS_APPLICATION (application))
    seqgd_window_set_settings (self,
                               seqgd_application_get_settings (SEQGD_APPLICATION (application)));

  return self;
}

SeqgdSettingsPanel *
seqgd_window_get_settings_panel (SeqgdWindow *self)
{
  g_return_val_if_fail (SEQGD_IS_WINDOW (self), NULL);

  return self->settings_panel;
}

SeqgdResultsView *
seqgd_window_get_results_view (SeqgdWindow *self)
{
  g_return_val_if_fail (SEQGD_IS_WINDOW (self), NULL);

  return self->results_view;
}

/**
 * seqgd_window_get_plot:
 * @self: a #SeqgdWindow
 *
 * Returns: (transfer none): the plot panel
 */
GtkWidget *
seqgd_window_get_plot (SeqgdWindow *self)
{
  g_return_val_if_fail (SEQGD_IS_WINDOW (self), NULL);

  return self->plot;
}

/**
 * seqgd_window_get_results:
 * @self: a #SeqgdWindow
 *
 * Returns: (transfer none) (nullable): the results shown
 */
SeqgdResults *
seqgd_window_get_results (SeqgdWindow *self)
{
  g_return_val_if_fail (SEQGD_IS_WINDOW (self), NULL);

  return self->results;
}

gboolean
seqgd_window_get_running (SeqgdWindow *self)
{
  g_return_val_if_fail (SEQGD_IS_WINDOW (self), FALSE);

  return seqgd_runner_get_running (self->runner);
}

/* The message shown above the plot, or NULL when there is none. */
const char *
seqgd_window_get_message (SeqgdWindow *self)
{
  g_return_val_if_fail (SEQGD_IS_WINDOW (self), NULL);

  return self->message;
}

/**
 * seqgd_window_export_plot:
 * @self: a #SeqgdWindow
 * @path: the file to write; its extension picks PNG, SVG or PDF
 * @error: return location for a #GError
 *
 * Writes the plot as shown, without the hover marker.
 */
gboolean
seqgd_window_export_plot (SeqgdWindow  *self,
                          const char   *path,
                          GError      **error)
{
  g_return_val_if_fail (SEQGD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->results == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           "There is nothing to export yet");
      return FALSE;
    }

  return plot_export (self, path, error);
}

/**
 * seqgd_window_export_data:
 * @self: a #SeqgdWindow
 * @csv_path: (nullable): where to write every step record as CSV
 * @json_path: (nullable): where to write the config, epochs and summaries
 * @error: return location for a #GError
 */
gboolean
seqgd_window_export_data (SeqgdWindow  *self,
                          const char   *csv_path,
                          const char   *json_path,
                          GError      **error)
{
  g_return_val_if_fail (SEQGD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (csv_path != NULL || json_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->results == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           "There is nothing to export yet");
      return FALSE;
    }

  if (csv_path != NULL &&
      !seqgd_results_save_csv (self->results, csv_path, error))
    return FALSE;

  return json_path == NULL ||
         seqgd_results_save_json (self->results, json_path, error);
}

/**
 * seqgd_window_open_results:
 * @self: a #SeqgdWindow
 * @csv_path: (nullable): a CSV file written by SeqGD
 * @json_path: (nullable): the JSON file written with it
 * @error: return location for a #GError
 *
 * Shows saved results in place of the current experiment.  Fails while an
 * experiment runs.
 */
gboolean
seqgd_window_open_results (SeqgdWindow  *self,
                           const char   *csv_path,
                           const char   *json_path,
                           GError      **error)
{
  g_autoptr(SeqgdResults) results = NULL;
  const char *path = csv_path ? csv_path : json_path;

  g_return_val_if_fail (SEQGD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (seqgd_runner_get_running (self->runner))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           "An experiment is running; cancel it first");
      return FALSE;
    }
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "No CSV or JSON file was given");
      return FALSE;
    }

  results = seqgd_results_load (csv_path, json_path, error);
  if (results == NULL)
    return FALSE;

  /* Name the pair by its shared stem. */
  g_free (self->opened_name);
  self->opened_name = g_path_get_basename (path);
  if (strrchr (self->opened_name, '.') != NULL)
    *strrchr (self->opened_name, '.') = '\0';
  show_results (self, results);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_text (self->status_label, "Showing saved results");
  update_title (self);

  return TRUE;
}
