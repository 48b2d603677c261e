/* seqgd-application.c — the application object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns the remembered settings, the app-wide actions and accelerators,
 * and makes the main window.  The settings schema is looked up where it
 * is installed and, failing that, in the build folder, so the program
 * also runs straight from a build.
 */

#include "config.h"

#include "seqgd-application.h"
#include "seqgd-resources.h"
#include "seqgd-window.h"

#define SCHEMA_ID "io.github.seqgd.SeqGD"

struct _SeqgdApplication
{
  GtkApplication  parent_instance;

  /* Owned */
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (SeqgdApplication, seqgd_application, GTK_TYPE_APPLICATION)

static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, SCHEMA_ID, TRUE);
  if (schema != NULL)
    return g_settings_new_full (schema, NULL, NULL);

  source = g_settings_schema_source_new_from_directory (SEQGD_BUILD_DATADIR,
                                                        installed, FALSE,
                                                        &error);
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, FALSE);
  if (schema != NULL)
    return g_settings_new_full (schema, NULL, NULL);

  g_debug ("Settings schema %s not found; settings will not be remembered%s%s",
           SCHEMA_ID, error ? ": " : "", error ? error->message : "");
  return NULL;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not destroying) lets a window wait for its workers. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *authors[] = { "The SeqGD authors", NULL };
  GtkApplication *app = user_data;

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", "SeqGD",
                         "logo-icon-name", SCHEMA_ID,
                         "version", PACKAGE_VERSION,
                         "comments", "Compare how neural-network learning "
                                     "rules train, side by side",
                         "website", "https://github.com/seqgd/seqgd",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "copyright", "© 2026 The SeqGD authors",
                         NULL);
}

static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider,
                                       "/io/github/seqgd/SeqGD/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
seqgd_application_startup (GApplication *application)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.run", { "<Control>Return", "<Control>KP_Enter", NULL } },
    { "win.cancel", { "Escape", NULL } },
    { "win.export-plot", { "<Control>e", NULL } },
    { "win.export-data", { "<Control><Shift>e", NULL } },
    { "win.open-results", { "<Control>o", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };
  SeqgdApplication *self = SEQGD_APPLICATION (application);

  G_APPLICATION_CLASS (seqgd_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (SCHEMA_ID);
  load_style ();
  self->settings = new_settings ();
}

static void
seqgd_application_activate (GApplication *application)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (seqgd_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
}

static void
seqgd_application_dispose (GObject *object)
{
  SeqgdApplication *self = SEQGD_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (seqgd_application_parent_class)->dispose (object);
}

static void
seqgd_application_class_init (SeqgdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = seqgd_application_dispose;
  app_class->startup = seqgd_application_startup;
  app_class->activate = seqgd_application_activate;
}

static void
seqgd_application_init (SeqgdApplication *self)
{
  /* Keeps the resources, registered by a constructor, linked in from the
   * static library. */
  (void) seqgd_get_resource ();
}

SeqgdApplication *
seqgd_application_new (void)
{
  return g_object_new (SEQGD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* The same resources serve the development id. */
                       "resource-base-path", "/io/github/seqgd/SeqGD",
                       NULL);
}

/**
 * seqgd_application_get_settings:
 * @self: a #SeqgdApplication
 *
 * Returns: (transfer none) (nullable): the remembered settings, or %NULL
 *   when the schema is missing
 */
GSettings *
seqgd_application_get_settings (SeqgdApplication *self)
{
  g_return_val_if_fail (SEQGD_IS_APPLICATION (self), NULL);

  return self->settings;
}
