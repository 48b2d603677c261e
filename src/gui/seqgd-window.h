/* seqgd-window.h — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "seqgd-results.h"
#include "seqgd-results-view.h"
#include "seqgd-settings-panel.h"

G_BEGIN_DECLS

#define SEQGD_TYPE_WINDOW (seqgd_window_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdWindow, seqgd_window, SEQGD, WINDOW, GtkApplicationWindow)

SeqgdWindow        *seqgd_window_new                (GtkApplication *application);
SeqgdSettingsPanel *seqgd_window_get_settings_panel (SeqgdWindow    *self);
SeqgdResultsView   *seqgd_window_get_results_view   (SeqgdWindow    *self);
GtkWidget          *seqgd_window_get_plot           (SeqgdWindow    *self);
SeqgdResults       *seqgd_window_get_results        (SeqgdWindow    *self);
gboolean            seqgd_window_get_running        (SeqgdWindow    *self);
const char         *seqgd_window_get_message        (SeqgdWindow    *self);
gboolean            seqgd_window_export_plot        (SeqgdWindow    *self,
                                                     const char     *path,
                                                     GError        **error);
gboolean            seqgd_window_export_data        (SeqgdWindow    *self,
                                                     const char     *csv_path,
                                                     const char     *json_path,
                                                     GError        **error);
gboolean            seqgd_window_open_results       (SeqgdWindow    *self,
                                                     const char     *csv_path,
                                                     const char     *json_path,
                                                     GError        **error);

G_END_DECLS
