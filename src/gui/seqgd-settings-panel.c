/* seqgd-settings-panel.c — every setting of an experiment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel keeps a SeqgdConfig in step with its widgets.  Each change is
 * checked at once: a field that cannot be read gets the "error" style and
 * a line below saying why, and the panel's "valid" property turns FALSE
 * with the first problem in "problem", which the window uses to disable
 * Run.  Valid values are written to GSettings as they change, so the next
 * launch starts where the user left off.
 *
 * The data the settings name is loaded in a worker thread to show what is
 * in use, how many images it has and a few samples.
 */

#include "config.h"

#include <math.h>

#include "seqgd-download.h"
#include "seqgd-rule.h"
#include "seqgd-sample-grid.h"
#include "seqgd-settings-panel-private.h"
#include "seqgd-sources.h"
#include "seqgd-trainer.h"

#define MAX_RECENT_FOLDERS 5

struct _SeqgdSettingsPanel
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkSpinner      *data_spinner;
  GtkLabel        *dataset_title;
  GtkLabel        *dataset_details;
  GtkLabel        *data_error;
  GtkDropDown     *source_dropdown;
  GtkButton       *choose_folder_button;
  GtkBox          *download_row;
  GtkButton       *download_button;
  GtkEntry        *mirror_entry;
  GtkBox          *download_progress_row;
  GtkProgressBar  *download_progress;
  GtkButton       *download_cancel_button;
  SeqgdSampleGrid *sample_grid;
  GtkSpinButton   *train_limit_spin;
  GtkSpinButton   *holdout_spin;
  GtkSpinButton   *loss_target_spin;
  GtkSpinButton   *threads_spin;
  GtkLabel        *train_limit_hint;
  GtkBox          *rules_box;
  GtkLabel        *rules_error;
  GtkEntry        *hidden_entry;
  GtkLabel        *hidden_error;
  GtkDropDown     *activation_dropdown;
  GtkDropDown     *output_dropdown;
  GtkDropDown     *init_dropdown;
  GtkEntry        *lr_entry;
  GtkLabel        *lr_error;
  GtkSpinButton   *batch_spin;
  GtkSpinButton   *epochs_spin;
  GtkSpinButton   *seeds_spin;
  GtkSpinButton   *first_seed_spin;
  GtkLabel        *config_error;

  /* Borrowed: one check button per rule of seqgd_rule_list () */
  GPtrArray       *rule_checks;

  /* Owned */
  GSettings       *settings;
  SeqgdConfig     *config;
  GtkStringList   *source_names;    /* the drop-down's titles */
  GPtrArray       *source_rows;     /* SourceRow, one per title */
  GPtrArray       *sources;         /* SeqgdSource, as discovered */
  GCancellable    *discover_cancellable;
  SeqgdDownload   *download;
  GCancellable    *download_cancellable;
  GCancellable    *load_cancellable;
  SeqgdDataset    *train;
  SeqgdDataset    *test;
  char            *problem;
  char            *data_summary;
  char            *data_folder;     /* where the loaded data came from */
  GtkFileChooserNative *chooser;

  guint            updating : 1;    /* widgets being set from the config */
  guint            loading : 1;
  guint            data_ok : 1;
  guint            valid : 1;
};

G_DEFINE_FINAL_TYPE (SeqgdSettingsPanel, seqgd_settings_panel, GTK_TYPE_WIDGET)

/* What the drop-down knows about each of its entries beyond the title. */
typedef struct
{
  char     *folder;   /* NULL for the default */
  char     *details;  /* counts and size, or why the files cannot be used */
  char     *tooltip;  /* the whole description, with the folder */
  gboolean  usable;
} SourceRow;

static void
source_row_free (gpointer data)
{
  SourceRow *row = data;

  g_free (row->folder);
  g_free (row->details);
  g_free (row->tooltip);
  g_free (row);
}

enum {
  PROP_0,
  PROP_VALID,
  PROP_PROBLEM,
  PROP_LOADING,
  PROP_DATA_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void seqgd_settings_panel_load_data (SeqgdSettingsPanel *self);

/* Shows @message under a field, or hides the line when it is NULL. */
static void
set_field_error (GtkWidget  *field,
                 GtkLabel   *label,
                 const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);

  if (field == NULL)
    return;

  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                               : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (copy[0] == '\0')
    return FALSE;

  /* Accept a decimal comma too, whatever the locale. */
  g_strdelimit (copy, ",", '.');
  *value = g_ascii_strtod (copy, &end);

  return end != NULL && *end == '\0' && isfinite (*value);
}

/* Reads the fields that need parsing; returns the first problem. */
static char *
check_fields (SeqgdSettingsPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) rules = g_strv_builder_new ();
  const SeqgdRule * const *list = seqgd_rule_list ();
  char *problem = NULL;
  guint n_rules = 0;
  double lr;

  /* Hidden widths. */
  if (!seqgd_config_set_hidden_string (self->config,
                                       gtk_editable_get_text (GTK_EDITABLE (self->hidden_entry)),
                                       &error))
    {
      problem = g_strdup (error->message);
      set_field_error (GTK_WIDGET (self->hidden_entry), self->hidden_error,
                       error->message);
      g_clear_error (&error);
    }
  else
    set_field_error (GTK_WIDGET (self->hidden_entry), self->hidden_error, NULL);

  /* Learning rate. */
  if (!parse_double (gtk_editable_get_text (GTK_EDITABLE (self->lr_entry)), &lr))
    {
      const char *message = "Enter a number such as 0.1 or 1e-3";

      if (problem == NULL)
        problem = g_strdup_printf ("Learning rate: %s", message);
      set_field_error (GTK_WIDGET (self->lr_entry), self->lr_error, message);
    }
  else if (lr < SEQGD_CONFIG_MIN_LR || lr > SEQGD_CONFIG_MAX_LR)
    {
      g_autofree char *message =
        g_strdup_printf ("Use a value from %g to %g",
                         SEQGD_CONFIG_MIN_LR, SEQGD_CONFIG_MAX_LR);

      if (problem == NULL)
        problem = g_strdup_printf ("Learning rate: %s", message);
      set_field_error (GTK_WIDGET (self->lr_entry), self->lr_error, message);
    }
  else
    {
      self->config->learning_rate = lr;
      set_field_error (GTK_WIDGET (self->lr_entry), self->lr_error, NULL);
    }

  /* Rules. */
  for (guint i = 0; list[i] != NULL; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->rule_checks, i)))
      {
        g_strv_builder_add (rules, list[i]->id);
        n_rules++;
      }
  g_strfreev (self->config->rules);
  self->config->rules = g_strv_builder_end (rules);
  if (n_rules == 0)
    {
      const char *message = "Choose at least one rule to train";

      if (problem == NULL)
        problem = g_strdup (message);
      set_field_error (NULL, self->rules_error, message);
    }
  else
    set_field_error (NULL, self->rules_error, NULL);

  return problem;
}

static void
read_plain_fields (SeqgdSettingsPanel *self)
{
  SeqgdConfig *config = self->config;

  config->train_limit = gtk_spin_button_get_value_as_int (self->train_limit_spin);
  config->activation = gtk_drop_down_get_selected (self->activation_dropdown);
  config->output = gtk_drop_down_get_selected (self->output_dropdown);
  config->init = gtk_drop_down_get_selected (self->init_dropdown);
  config->batch_size = gtk_spin_button_get_value_as_int (self->batch_spin);
  config->epochs = gtk_spin_button_get_value_as_int (self->epochs_spin);
  config->n_seeds = gtk_spin_button_get_value_as_int (self->seeds_spin);
  config->first_seed = (guint64) gtk_spin_button_get_value (self->first_seed_spin);
  config->holdout = gtk_spin_button_get_value (self->holdout_spin);
  config->loss_target = gtk_spin_button_get_value (self->loss_target_spin);
  config->threads = gtk_spin_button_get_value_as_int (self->threads_spin);
}

static void
save_settings (SeqgdSettingsPanel *self)
{
  const SeqgdConfig *config = self->config;
  g_autofree char *hidden = NULL;

  if (self->settings == NULL)
    return;

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "data-dir",
                         config->data_dir ? config->data_dir : "");
  g_settings_set_uint (self->settings, "train-limit", config->train_limit);
  g_settings_set_strv (self->settings, "rules",
                       (const char * const *) config->rules);
  hidden = seqgd_config_dup_hidden_string (config);
  g_settings_set_string (self->settings, "hidden", hidden);
  g_settings_set_string (self->settings, "activation",
                         seqgd_activation_to_string (config->activation));
  g_settings_set_string (self->settings, "output",
                         seqgd_output_to_string (config->output));
  g_settings_set_string (self->settings, "init",
                         seqgd_init_to_string (config->init));
  g_settings_set_double (self->settings, "learning-rate", config->learning_rate);
  g_settings_set_uint (self->settings, "batch-size", config->batch_size);
  g_settings_set_uint (self->settings, "epochs", config->epochs);
  g_settings_set_uint (self->settings, "n-seeds", config->n_seeds);
  g_settings_set_uint64 (self->settings, "first-seed", config->first_seed);
  g_settings_set_double (self->settings, "holdout", config->holdout);
  g_settings_set_double (self->settings, "loss-target", config->loss_target);
  g_settings_set_uint (self->settings, "threads", config->threads);
  g_settings_apply (self->settings);
}

static void
set_problem (SeqgdSettingsPanel *self,
             char               *problem)
{
  gboolean valid = problem == NULL;

  if (g_strcmp0 (problem, self->problem) != 0)
    {
      g_free (self->problem);
      self->problem = problem;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
  else
    g_free (problem);

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

/* Re-reads every widget into the config and checks it. */
static void
revalidate (SeqgdSettingsPanel *self)
{
  g_autoptr(GError) error = NULL;
  char *problem;

  read_plain_fields (self);
  problem = check_fields (self);

  if (problem == NULL && !seqgd_config_validate (self->config, &error))
    {
      problem = g_strdup (error->message);
      set_field_error (NULL, self->config_error, error->message);
    }
  else
    set_field_error (NULL, self->config_error, NULL);

  if (problem == NULL)
    save_settings (self);

  if (problem == NULL && !self->data_ok && !self->loading)
    problem = g_strdup ("The training data could not be loaded");

  set_problem (self, problem);
}

static void
field_changed_cb (SeqgdSettingsPanel *self)
{
  if (!self->updating)
    revalidate (self);
}

/* Data sources. */

/* 60000 as "60,000", whatever the locale. */
static char *
format_count (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *text = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

static gboolean
source_is_usable (const SeqgdSource *source)
{
  return source->problem == NULL && source->n_train > 0;
}

static char *
source_title (const SeqgdSource *source)
{
  g_autofree char *base = NULL;

  switch (source->origin)
    {
    case SEQGD_SOURCE_CACHE:
      return g_strdup_printf ("%s, downloaded", source->name);

    case SEQGD_SOURCE_SYSTEM:
      return g_strdup_printf ("%s, installed", source->name);

    case SEQGD_SOURCE_USER:
    default:
      base = g_path_get_basename (source->folder);
      return g_strdup_printf ("%s in “%s”", source->name, base);
    }
}

/* "60,000 + 10,000 images of 28 × 28, 11.1 MB": what a source holds,
 * short enough for a line under its title. */
static char *
source_details (const SeqgdSource *source)
{
  g_autofree char *n_train = NULL;
  g_autofree char *n_test = NULL;
  g_autofree char *size = NULL;
  const char *colour = source->channels == 3 ? " colour" : "";

  if (!source_is_usable (source))
    return g_strdup_printf ("Cannot be used: %s",
                            source->problem ? source->problem
                                            : "it holds no images");

  n_train = format_count (source->n_train);
  size = g_format_size (source->size);
  if (source->n_test == 0)
    return g_strdup_printf ("%s%s images of %u × %u, no test set, %s",
                            n_train, colour, source->rows, source->cols, size);

  n_test = format_count (source->n_test);
  return g_strdup_printf ("%s + %s%s images of %u × %u, %s", n_train, n_test,
                          colour, source->rows, source->cols, size);
}

static void
add_source_row (SeqgdSettingsPanel *self,
                const char         *title,
                const char         *folder,
                char               *details,
                char               *tooltip,
                gboolean            usable)
{
  SourceRow *row = g_new0 (SourceRow, 1);

  row->folder = g_strdup (folder);
  row->details = details;
  row->tooltip = tooltip;
  row->usable = usable;

  /* The row first: appending the title may bind a list item at once. */
  g_ptr_array_add (self->source_rows, row);
  gtk_string_list_append (self->source_names, title);
}

/* Fills the drop-down from the sources found and selects the folder in
 * use, adding it when discovery did not list it.  Damaged sources are
 * listed too, greyed out with the reason, so that a broken download is
 * seen instead of silently missing. */
static void
update_sources (SeqgdSettingsPanel *self)
{
  const char *dir = self->config->data_dir;
  gboolean have_cached_mnist = FALSE;
  const SourceRow *row;
  guint selected = 0;

  self->updating = TRUE;

  gtk_string_list_splice (self->source_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->source_names)),
                          NULL);
  g_ptr_array_set_size (self->source_rows, 0);

  add_source_row (self, "Found automatically", NULL,
                  g_strdup ("MNIST when it is here, else the first data set found"),
                  NULL, TRUE);

  for (guint i = 0; self->sources != NULL && i < self->sources->len; i++)
    {
      const SeqgdSource *source = g_ptr_array_index (self->sources, i);
      g_autofree char *title = source_title (source);
      gboolean usable = source_is_usable (source);

      if (usable && source->origin == SEQGD_SOURCE_CACHE &&
          g_strcmp0 (source->name, "MNIST") == 0)
        have_cached_mnist = TRUE;

      add_source_row (self, title, source->folder, source_details (source),
                      seqgd_source_describe (source), usable);
      if (g_strcmp0 (source->folder, dir) == 0)
        selected = self->source_rows->len - 1;
    }

  if (dir != NULL && selected == 0)
    {
      g_autofree char *base = g_path_get_basename (dir);
      g_autofree char *title = g_strdup_printf ("Folder “%s”", base);

      add_source_row (self, title, dir, g_strdup (dir), g_strdup (dir), TRUE);
      selected = self->source_rows->len - 1;
    }

  row = g_ptr_array_index (self->source_rows, selected);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_dropdown),
                               row->tooltip ? row->tooltip : row->details);
  gtk_drop_down_set_selected (self->source_dropdown, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->download_row),
                          !have_cached_mnist && self->download == NULL);
  self->updating = FALSE;
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SeqgdSettingsPanel) self = user_data;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;

  sources = seqgd_sources_discover_finish (result, &error);
  if (sources == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Failed to look for data sets: %s", error->message);
      return;
    }
  if (self->discover_cancellable == NULL)
    return;

  g_clear_object (&self->discover_cancellable);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  self->sources = g_steal_pointer (&sources);
  update_sources (self);
}

/* The folders used before, and the one in use. */
static char **
dup_recent_folders (SeqgdSettingsPanel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (self->settings != NULL)
    {
      g_auto(GStrv) recent = g_settings_get_strv (self->settings,
                                                  "recent-folders");

      g_strv_builder_addv (builder, (const char **) recent);
    }
  if (self->config->data_dir != NULL)
    g_strv_builder_add (builder, self->config->data_dir);

  return g_strv_builder_end (builder);
}

/* Looks for data sets, in the folders used before too. */
static void
discover_sources (SeqgdSettingsPanel *self)
{
  g_auto(GStrv) extra = dup_recent_folders (self);

  if (self->discover_cancellable != NULL)
    g_cancellable_cancel (self->discover_cancellable);
  g_clear_object (&self->discover_cancellable);
  self->discover_cancellable = g_cancellable_new ();

  seqgd_sources_discover_async ((const char * const *) extra,
                                self->discover_cancellable, discover_cb,
                                g_object_ref (self));
}

static void
remember_folder (SeqgdSettingsPanel *self,
                 const char         *folder)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-folders");
  g_strv_builder_add (builder, folder);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_FOLDERS; i++)
    if (g_strcmp0 (recent[i], folder) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-folders",
                       (const char * const *) updated);
}

static void
set_data_dir (SeqgdSettingsPanel *self,
              const char         *data_dir)
{
  if (data_dir != NULL && data_dir[0] == '\0')
    data_dir = NULL;
  if (g_strcmp0 (data_dir, self->config->data_dir) == 0)
    return;

  g_free (self->config->data_dir);
  self->config->data_dir = g_strdup (data_dir);
  update_sources (self);
  seqgd_settings_panel_load_data (self);
  revalidate (self);
}

/* The drop-down's button shows the title alone; its list adds a line of
 * details under each title and greys out sources that cannot be used. */
static void
setup_source_button_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  GtkWidget *title = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, title);
}

static void
bind_source_button_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

static void
setup_source_row_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (details), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (details), 48);
  gtk_label_set_width_chars (GTK_LABEL (details), 36);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (item, box);
}

static void
bind_source_row_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    SeqgdSettingsPanel       *self)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_next_sibling (title);
  guint position = gtk_list_item_get_position (item);
  const SourceRow *row = NULL;
  gboolean usable;

  if (position < self->source_rows->len)
    row = g_ptr_array_index (self->source_rows, position);
  usable = row == NULL || row->usable;

  gtk_label_set_text (GTK_LABEL (title), gtk_string_object_get_string (string));
  gtk_label_set_text (GTK_LABEL (details), row ? row->details : "");
  gtk_widget_set_visible (details, row != NULL && row->details != NULL);
  gtk_widget_set_tooltip_text (box, row ? row->tooltip : NULL);
  gtk_widget_set_sensitive (box, usable);
  gtk_list_item_set_selectable (item, usable);
  gtk_list_item_set_activatable (item, usable);
}

static void
set_up_source_factories (SeqgdSettingsPanel *self)
{
  g_autoptr(GtkListItemFactory) button = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list = gtk_signal_list_item_factory_new ();

  g_signal_connect (button, "setup", G_CALLBACK (setup_source_button_cb), NULL);
  g_signal_connect (button, "bind", G_CALLBACK (bind_source_button_cb), NULL);
  g_signal_connect (list, "setup", G_CALLBACK (setup_source_row_cb), NULL);
  g_signal_connect_object (list, "bind", G_CALLBACK (bind_source_row_cb),
                           self, 0);
  gtk_drop_down_set_factory (self->source_dropdown, button);
  gtk_drop_down_set_list_factory (self->source_dropdown, list);
}

static void
source_selected_cb (SeqgdSettingsPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->source_dropdown);

  const SourceRow *row;

  if (self->updating || selected >= self->source_rows->len)
    return;

  /* Greyed-out rows cannot be picked from the list; nor here. */
  row = g_ptr_array_index (self->source_rows, selected);
  if (!row->usable)
    {
      update_sources (self);
      return;
    }

  set_data_dir (self, row->folder);
}

static void
chooser_response_cb (SeqgdSettingsPanel   *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    {
      remember_folder (self, path);
      set_data_dir (self, path);
      discover_sources (self);
    }

  g_clear_object (&self->chooser);
}

static void
choose_folder_cb (SeqgdSettingsPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new ("Choose a Data Folder",
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               "_Use Folder", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->config->data_dir != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (self->config->data_dir);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Loading the data in a worker. */

typedef struct
{
  SeqgdConfig  *config;
  char        **recent;   /* folders used before, for the default data */
  SeqgdDataset *train;
  SeqgdDataset *test;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_pointer (&load->config, seqgd_config_free);
  g_clear_pointer (&load->recent, g_strfreev);
  g_clear_pointer (&load->train, seqgd_dataset_unref);
  g_clear_pointer (&load->test, seqgd_dataset_unref);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;

  /* The drop-down lists data from the folders used before, so the
   * default must be chosen among them too. */
  if (load->config->data_dir == NULL)
    load->config->data_dir =
      seqgd_sources_find_default_folder_full ((const char * const *) load->recent);

  if (seqgd_trainer_load_data (load->config, &load->train, &load->test,
                               cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static char *
describe_data (const SeqgdDataset *train,
               const SeqgdDataset *test)
{
  g_autofree char *shape = NULL;
  g_autofree char *n_train = format_count (train->n);
  g_autofree char *n_test = test ? format_count (test->n) : NULL;

  if (train->channels > 1)
    shape = g_strdup_printf ("%u × %u × %u", train->channels, train->rows,
                             train->cols);
  else
    shape = g_strdup_printf ("%u × %u", train->rows, train->cols);

  if (test != NULL)
    return g_strdup_printf ("%s training and %s test images of %s, "
                            "%u classes", n_train, n_test, shape,
                            train->n_classes);

  return g_strdup_printf ("%s training images of %s, %u classes; "
                          "no test set", n_train, shape, train->n_classes);
}

static void
set_loading (SeqgdSettingsPanel *self,
             gboolean            loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  gtk_spinner_set_spinning (self->data_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->data_spinner), loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_data_summary (SeqgdSettingsPanel *self,
                  const char         *summary)
{
  if (g_strcmp0 (summary, self->data_summary) == 0)
    return;

  g_free (self->data_summary);
  self->data_summary = g_strdup (summary);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_SUMMARY]);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SeqgdSettingsPanel *self = SEQGD_SETTINGS_PANEL (object);
  LoadData *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *count = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->train, seqgd_dataset_unref);
  g_clear_pointer (&self->test, seqgd_dataset_unref);
  g_clear_pointer (&self->data_folder, g_free);

  if (error != NULL)
    {
      g_autofree char *message =
        g_strdup_printf ("%s. Choose another folder with MNIST-style files.",
                         error->message);

      g_debug ("Failed to load data: %s", error->message);
      self->data_ok = FALSE;
      gtk_label_set_text (self->dataset_title, "No data");
      gtk_label_set_text (self->dataset_details, "");
      set_field_error (NULL, self->data_error, message);
      seqgd_sample_grid_set_dataset (self->sample_grid, NULL);
      set_data_summary (self, NULL);
    }
  else
    {
      self->data_folder = g_strdup (load->config->data_dir);
      self->train = g_steal_pointer (&load->train);
      self->test = g_steal_pointer (&load->test);
      self->data_ok = TRUE;
      details = describe_data (self->train, self->test);
      gtk_label_set_text (self->dataset_title, self->train->name);
      gtk_label_set_text (self->dataset_details, details);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->dataset_details),
                                   self->train->source);
      set_field_error (NULL, self->data_error, NULL);
      seqgd_sample_grid_set_dataset (self->sample_grid, self->train);
      count = format_count (self->train->n);
      summary = g_strdup_printf ("%s, %s training images", self->train->name,
                                 count);
      set_data_summary (self, summary);
    }

  set_loading (self, FALSE);
  revalidate (self);
}

static void
seqgd_settings_panel_load_data (SeqgdSettingsPanel *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_assert (SEQGD_IS_SETTINGS_PANEL (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  /* The whole set: the subset size only changes what a run uses. */
  load = g_new0 (LoadData, 1);
  load->config = seqgd_config_copy (self->config);
  load->config->train_limit = 0;
  load->recent = dup_recent_folders (self);

  gtk_label_set_text (self->dataset_title, "Loading data…");
  set_loading (self, TRUE);

  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, seqgd_settings_panel_load_data);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/* Downloading MNIST. */

static void
download_progress_cb (const SeqgdDownloadProgress *progress,
                      gpointer                     user_data)
{
  SeqgdSettingsPanel *self = user_data;
  g_autofree char *text = NULL;
  double fraction;

  if (progress->total > 0)
    fraction = (double) progress->done / progress->total;
  else
    fraction = (progress->file_index +
                (progress->file_total > 0
                   ? (double) progress->file_done / progress->file_total
                   : 0.0)) / MAX (progress->n_files, 1);

  if (progress->url == NULL)
    text = g_strdup_printf ("%s already here", progress->file_name);
  else
    text = g_strdup_printf ("%s: %.1f MB, %.1f MB/s", progress->file_name,
                            progress->file_done / 1e6, progress->rate / 1e6);

  gtk_progress_bar_set_fraction (self->download_progress, CLAMP (fraction, 0, 1));
  gtk_progress_bar_set_text (self->download_progress, text);
}

static void
download_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SeqgdSettingsPanel) self = user_data;
  SeqgdDownload *download = SEQGD_DOWNLOAD (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_strdup (seqgd_download_get_folder (download));
  gboolean ok;

  ok = seqgd_download_run_finish (download, result, &error);
  if (self->download_cancellable == NULL)
    return;

  g_clear_object (&self->download_cancellable);
  g_clear_object (&self->download);
  gtk_widget_set_visible (GTK_WIDGET (self->download_progress_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->download_row), TRUE);

  if (ok)
    {
      set_data_dir (self, folder);
      discover_sources (self);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message =
        g_strdup_printf ("Could not download MNIST: %s. Check the network "
                         "connection, or name a mirror with the button "
                         "beside Download.", error->message);

      g_debug ("Failed to download MNIST: %s", error->message);
      set_field_error (NULL, self->data_error, message);
    }
}

static void
download_cb (SeqgdSettingsPanel *self)
{
  const char *mirror = gtk_editable_get_text (GTK_EDITABLE (self->mirror_entry));

  if (self->download != NULL)
    return;

  self->download = seqgd_download_new_mnist (NULL);
  if (mirror[0] != '\0')
    seqgd_download_prepend_mirror (self->download, mirror);
  seqgd_download_set_progress_func (self->download, download_progress_cb,
                                    g_object_ref (self), g_object_unref);
  self->download_cancellable = g_cancellable_new ();

  set_field_error (NULL, self->data_error, NULL);
  gtk_progress_bar_set_fraction (self->download_progress, 0);
  gtk_progress_bar_set_text (self->download_progress, "Connecting…");
  gtk_widget_set_visible (GTK_WIDGET (self->download_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->download_progress_row), TRUE);

  seqgd_download_run_async (self->download, self->download_cancellable,
                            download_done_cb, g_object_ref (self));
}

static void
download_cancel_cb (SeqgdSettingsPanel *self)
{
  if (self->download_cancellable != NULL)
    g_cancellable_cancel (self->download_cancellable);
}

static void
mirror_changed_cb (SeqgdSettingsPanel *self)
{
  if (self->settings != NULL && !self->updating)
    g_settings_set_string (self->settings, "download-mirror",
                           gtk_editable_get_text (GTK_EDITABLE (self->mirror_entry)));
}

/* Rules. */

static void
add_rule_checks (SeqgdSettingsPanel *self)
{
  const SeqgdRule * const *list = seqgd_rule_list ();

  for (guint i = 0; list[i] != NULL; i++)
    {
      const SeqgdRule *rule = list[i];
      g_autofree char *title = NULL;
      GtkWidget *check;
      GtkWidget *label;

      if (rule->study_name != NULL)
        title = g_strdup_printf ("%s (%s)", rule->label, rule->study_name);
      else
        title = g_strdup (rule->label);

      check = gtk_check_button_new_with_label (title);
      gtk_widget_set_tooltip_text (check, rule->description);
      g_signal_connect_object (check, "toggled",
                               G_CALLBACK (field_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (self->rules_box, check);
      g_ptr_array_add (self->rule_checks, check);

      label = gtk_label_new (rule->description);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_widget_set_margin_start (label, 28);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      label, NULL, -1);
      gtk_box_append (self->rules_box, label);
    }
}

/* Config to widgets. */

static void
show_config (SeqgdSettingsPanel *self)
{
  const SeqgdConfig *config = self->config;
  const SeqgdRule * const *list = seqgd_rule_list ();
  g_autofree char *hidden = seqgd_config_dup_hidden_string (config);
  char lr[G_ASCII_DTOSTR_BUF_SIZE];

  self->updating = TRUE;

  gtk_spin_button_set_value (self->train_limit_spin, config->train_limit);
  for (guint i = 0; list[i] != NULL; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->rule_checks, i),
                                 config->rules != NULL &&
                                 g_strv_contains ((const char * const *) config->rules,
                                                  list[i]->id));
  gtk_editable_set_text (GTK_EDITABLE (self->hidden_entry), hidden);
  gtk_drop_down_set_selected (self->activation_dropdown, config->activation);
  gtk_drop_down_set_selected (self->output_dropdown, config->output);
  gtk_drop_down_set_selected (self->init_dropdown, config->init);
  g_ascii_formatd (lr, sizeof lr, "%g", config->learning_rate);
  gtk_editable_set_text (GTK_EDITABLE (self->lr_entry), lr);
  gtk_spin_button_set_value (self->batch_spin, config->batch_size);
  gtk_spin_button_set_value (self->epochs_spin, config->epochs);
  gtk_spin_button_set_value (self->seeds_spin, config->n_seeds);
  gtk_spin_button_set_value (self->first_seed_spin, (double) config->first_seed);
  gtk_spin_button_set_value (self->holdout_spin, config->holdout);
  gtk_spin_button_set_value (self->loss_target_spin, config->loss_target);
  gtk_spin_button_set_value (self->threads_spin, config->threads);

  self->updating = FALSE;

  update_sources (self);
}

static SeqgdConfig *
config_from_settings (GSettings *settings)
{
  SeqgdConfig *config = seqgd_config_new_default ();
  g_autofree char *data_dir = g_settings_get_string (settings, "data-dir");
  g_autofree char *hidden = g_settings_get_string (settings, "hidden");
  g_autofree char *activation = g_settings_get_string (settings, "activation");
  g_autofree char *output = g_settings_get_string (settings, "output");
  g_autofree char *init = g_settings_get_string (settings, "init");
  g_auto(GStrv) rules = g_settings_get_strv (settings, "rules");

  /* A folder that has gone since (deleted, or on a disk no longer
   * there) gives way to the data found automatically rather than opening
   * the window on an error. */
  if (data_dir[0] != '\0' && g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    config->data_dir = g_steal_pointer (&data_dir);
  else if (data_dir[0] != '\0')
    g_debug ("The remembered data folder %s is gone; finding data instead",
             data_dir);
  config->train_limit = g_settings_get_uint (settings, "train-limit");
  g_strfreev (config->rules);
  config->rules = g_steal_pointer (&rules);

  /* A remembered value this build cannot read keeps the default. */
  seqgd_config_set_hidden_string (config, hidden, NULL);
  seqgd_activation_from_string (activation, &config->activation);
  seqgd_output_from_string (output, &config->output);
  seqgd_init_from_string (init, &config->init);

  config->learning_rate = g_settings_get_double (settings, "learning-rate");
  config->batch_size = g_settings_get_uint (settings, "batch-size");
  config->epochs = g_settings_get_uint (settings, "epochs");
  config->n_seeds = g_settings_get_uint (settings, "n-seeds");
  config->first_seed = g_settings_get_uint64 (settings, "first-seed");
  config->holdout = g_settings_get_double (settings, "holdout");
  config->loss_target = g_settings_get_double (settings, "loss-target");
  config->threads = g_settings_get_uint (settings, "threads");

  return config;
}

static void
seqgd_settings_panel_dispose (GObject *object)
{
  SeqgdSettingsPanel *self = SEQGD_SETTINGS_PANEL (object);
  GtkWidget *child;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->discover_cancellable != NULL)
    g_cancellable_cancel (self->discover_cancellable);
  g_clear_object (&self->discover_cancellable);
  if (self->download_cancellable != NULL)
    g_cancellable_cancel (self->download_cancellable);
  g_clear_object (&self->download_cancellable);
  g_clear_object (&self->download);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  /* The sections have no ids, so unparent whatever is left. */
  gtk_widget_dispose_template (GTK_WIDGET (self), SEQGD_TYPE_SETTINGS_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->settings);
  g_clear_object (&self->source_names);
  g_clear_pointer (&self->source_rows, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->rule_checks, g_ptr_array_unref);
  g_clear_pointer (&self->train, seqgd_dataset_unref);
  g_clear_pointer (&self->test, seqgd_dataset_unref);

  G_OBJECT_CLASS (seqgd_settings_panel_parent_class)->dispose (object);
}

static void
seqgd_settings_panel_finalize (GObject *object)
{
  SeqgdSettingsPanel *self = SEQGD_SETTINGS_PANEL (object);

  g_clear_pointer (&self->config, seqgd_config_free);
  g_free (self->problem);
  g_free (self->data_summary);
  g_free (self->data_folder);

  G_OBJECT_CLASS (seqgd_settings_panel_parent_class)->finalize (object);
}

static void
seqgd_settings_panel_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SeqgdSettingsPanel *self = SEQGD_SETTINGS_PANEL (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_DATA_SUMMARY:
      g_value_set_string (value, self->data_summary);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqgd_settings_panel_class_init (SeqgdSettingsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqgd_settings_panel_dispose;
  object_class->finalize = seqgd_settings_panel_finalize;
  object_class->get_property = seqgd_settings_panel_get_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DATA_SUMMARY] =
    g_param_spec_string ("data-summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SEQGD_TYPE_SAMPLE_GRID);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/seqgd/SeqGD/ui/seqgd-settings-panel.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, SeqgdSettingsPanel, name)
  BIND (data_spinner);
  BIND (dataset_title);
  BIND (dataset_details);
  BIND (data_error);
  BIND (source_dropdown);
  BIND (choose_folder_button);
  BIND (download_row);
  BIND (download_button);
  BIND (mirror_entry);
  BIND (download_progress_row);
  BIND (download_progress);
  BIND (download_cancel_button);
  BIND (sample_grid);
  BIND (train_limit_spin);
  BIND (holdout_spin);
  BIND (loss_target_spin);
  BIND (threads_spin);
  BIND (train_limit_hint);
  BIND (rules_box);
  BIND (rules_error);
  BIND (hidden_entry);
  BIND (hidden_error);
  BIND (activation_dropdown);
  BIND (output_dropdown);
  BIND (init_dropdown);
  BIND (lr_entry);
  BIND (lr_error);
  BIND (batch_spin);
  BIND (epochs_spin);
  BIND (seeds_spin);
  BIND (first_seed_spin);
  BIND (config_error);
#undef BIND

  gtk_widget_class_set_css_name (widget_class, "settingspanel");
}

/* A wheel turned over a spin button that does not have the focus scrolls
 * the panel, as whoever scrolls down the settings means, instead of
 * changing the value under the pointer; once clicked into, the spin
 * button takes the wheel again. */
static gboolean
spin_scroll_cb (GtkEventControllerScroll *controller,
                double                    dx,
                double                    dy,
                gpointer                  user_data)
{
  GtkWidget *spin;
  GtkWidget *scroller;
  GtkAdjustment *adjustment;
  double step = 1;

  spin = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  if (gtk_widget_get_state_flags (spin) & GTK_STATE_FLAG_FOCUS_WITHIN)
    return FALSE;

  scroller = gtk_widget_get_ancestor (spin, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller == NULL)
    return TRUE;

  /* GtkScrolledWindow's own step for a wheel click. */
  adjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  if (gtk_event_controller_scroll_get_unit (controller) ==
      GDK_SCROLL_UNIT_WHEEL)
    step = pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0);
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_value (adjustment) +
                            dy * step);

  return TRUE;
}

static void
guard_spin_scroll (GtkSpinButton *spin)
{
  GtkEventController *scroll;

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (spin_scroll_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (spin), scroll);
}

static void
connect_fields (SeqgdSettingsPanel *self)
{
  GObject *changed[] = {
    G_OBJECT (self->train_limit_spin), G_OBJECT (self->batch_spin),
    G_OBJECT (self->epochs_spin), G_OBJECT (self->seeds_spin),
    G_OBJECT (self->first_seed_spin), G_OBJECT (self->holdout_spin),
    G_OBJECT (self->loss_target_spin), G_OBJECT (self->threads_spin),
  };
  GObject *selected[] = {
    G_OBJECT (self->activation_dropdown), G_OBJECT (self->output_dropdown),
    G_OBJECT (self->init_dropdown),
  };

  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    {
      g_signal_connect_object (changed[i], "value-changed",
                               G_CALLBACK (field_changed_cb), self,
                               G_CONNECT_SWAPPED);
      guard_spin_scroll (GTK_SPIN_BUTTON (changed[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (selected); i++)
    g_signal_connect_object (selected[i], "notify::selected",
                             G_CALLBACK (field_changed_cb), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hidden_entry, "changed",
                           G_CALLBACK (field_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lr_entry, "changed",
                           G_CALLBACK (field_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_dropdown, "notify::selected",
                           G_CALLBACK (source_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->choose_folder_button, "clicked",
                           G_CALLBACK (choose_folder_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->download_button, "clicked",
                           G_CALLBACK (download_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->download_cancel_button, "clicked",
                           G_CALLBACK (download_cancel_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mirror_entry, "changed",
                           G_CALLBACK (mirror_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
seqgd_settings_panel_init (SeqgdSettingsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->config = seqgd_config_new_default ();
  self->rule_checks = g_ptr_array_new ();
  self->source_rows = g_ptr_array_new_with_free_func (source_row_free);
  self->source_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->source_dropdown,
                           G_LIST_MODEL (self->source_names));
  set_up_source_factories (self);

  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->batch_spin),
                            SEQGD_CONFIG_MAX_BATCH);
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->epochs_spin),
                            SEQGD_CONFIG_MAX_EPOCHS);
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->seeds_spin),
                            SEQGD_CONFIG_MAX_SEEDS);
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->holdout_spin),
                            SEQGD_CONFIG_MAX_HOLDOUT);
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->loss_target_spin),
                            SEQGD_CONFIG_MAX_TARGET);
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->threads_spin),
                            SEQGD_CONFIG_MAX_THREADS);

  add_rule_checks (self);
  connect_fields (self);
  show_config (self);
  seqgd_settings_panel_load_data (self);
  discover_sources (self);
  revalidate (self);
}

GtkWidget *
seqgd_settings_panel_new (void)
{
  return g_object_new (SEQGD_TYPE_SETTINGS_PANEL, NULL);
}

/**
 * seqgd_settings_panel_set_settings:
 * @self: a #SeqgdSettingsPanel
 * @settings: (nullable): where to read the last settings from and save
 *   changes to
 *
 * Shows the settings stored in @settings and remembers every valid change
 * there from now on.
 */
void
seqgd_settings_panel_set_settings (SeqgdSettingsPanel *self,
                                   GSettings          *settings)
{
  g_autoptr(SeqgdConfig) config = NULL;
  g_autofree char *mirror = NULL;

  g_return_if_fail (SEQGD_IS_SETTINGS_PANEL (self));
  g_return_if_fail (!settings || G_IS_SETTINGS (settings));

  if (!g_set_object (&self->settings, settings) || settings == NULL)
    return;

  self->updating = TRUE;
  mirror = g_settings_get_string (settings, "download-mirror");
  gtk_editable_set_text (GTK_EDITABLE (self->mirror_entry), mirror);
  self->updating = FALSE;

  config = config_from_settings (settings);
  seqgd_settings_panel_set_config (self, config);

  /* The default data may lie in a folder these settings remember. */
  if (self->config->data_dir == NULL)
    seqgd_settings_panel_load_data (self);
  discover_sources (self);
}

/**
 * seqgd_settings_panel_dup_config:
 * @self: a #SeqgdSettingsPanel
 *
 * Returns: (transfer full): the experiment as currently set, which may be
 *   invalid; see #SeqgdSettingsPanel:valid
 */
SeqgdConfig *
seqgd_settings_panel_dup_config (SeqgdSettingsPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), NULL);

  return seqgd_config_copy (self->config);
}

void
seqgd_settings_panel_set_config (SeqgdSettingsPanel *self,
                                 const SeqgdConfig  *config)
{
  gboolean new_data;

  g_return_if_fail (SEQGD_IS_SETTINGS_PANEL (self));
  g_return_if_fail (config != NULL);

  new_data = g_strcmp0 (config->data_dir, self->config->data_dir) != 0;
  seqgd_config_free (self->config);
  self->config = seqgd_config_copy (config);

  show_config (self);
  if (new_data)
    seqgd_settings_panel_load_data (self);
  revalidate (self);
}

/* Uses the data in @data_dir, or the default data when it is NULL. */
void
seqgd_settings_panel_set_data_dir (SeqgdSettingsPanel *self,
                                   const char         *data_dir)
{
  g_return_if_fail (SEQGD_IS_SETTINGS_PANEL (self));

  set_data_dir (self, data_dir);
}

gboolean
seqgd_settings_panel_get_valid (SeqgdSettingsPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), FALSE);

  return self->valid;
}

/* The first problem that keeps the settings from running, or NULL. */
const char *
seqgd_settings_panel_get_problem (SeqgdSettingsPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), NULL);

  return self->problem;
}

gboolean
seqgd_settings_panel_get_loading (SeqgdSettingsPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), FALSE);

  return self->loading;
}

/* "MNIST, 60,000 images", or NULL when no data is loaded. */
const char *
seqgd_settings_panel_get_data_summary (SeqgdSettingsPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), NULL);

  return self->data_summary;
}

/**
 * seqgd_settings_panel_get_data_folder:
 * @self: a #SeqgdSettingsPanel
 *
 * Returns: (nullable): the folder the loaded data came from, which is
 *   the one chosen for the default when no folder is set
 */
const char *
seqgd_settings_panel_get_data_folder (SeqgdSettingsPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), NULL);

  return self->data_folder;
}

/**
 * seqgd_settings_panel_get_dataset:
 * @self: a #SeqgdSettingsPanel
 *
 * Returns: (transfer none) (nullable): the loaded training set
 */
SeqgdDataset *
seqgd_settings_panel_get_dataset (SeqgdSettingsPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), NULL);

  return self->train;
}

guint
_seqgd_settings_panel_get_n_sources (SeqgdSettingsPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), 0);

  return self->source_rows->len;
}

const char *
_seqgd_settings_panel_get_source (SeqgdSettingsPanel  *self,
                                  guint                index,
                                  const char         **details,
                                  gboolean            *usable)
{
  const SourceRow *row;

  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), NULL);
  g_return_val_if_fail (index < self->source_rows->len, NULL);

  row = g_ptr_array_index (self->source_rows, index);
  if (details != NULL)
    *details = row->details;
  if (usable != NULL)
    *usable = row->usable;

  return gtk_string_list_get_string (self->source_names, index);
}

GtkSpinButton *
_seqgd_settings_panel_get_batch_spin (SeqgdSettingsPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_SETTINGS_PANEL (self), NULL);

  return self->batch_spin;
}
