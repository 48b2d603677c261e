/* seqgd-settings-panel.h — every setting of an experiment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "seqgd-config.h"
#include "seqgd-dataset.h"

G_BEGIN_DECLS

#define SEQGD_TYPE_SETTINGS_PANEL (seqgd_settings_panel_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdSettingsPanel, seqgd_settings_panel, SEQGD, SETTINGS_PANEL, GtkWidget)

GtkWidget    *seqgd_settings_panel_new          (void);
void          seqgd_settings_panel_set_settings (SeqgdSettingsPanel *self,
                                                 GSettings          *settings);
SeqgdConfig  *seqgd_settings_panel_dup_config   (SeqgdSettingsPanel *self);
void          seqgd_settings_panel_set_config   (SeqgdSettingsPanel *self,
                                                 const SeqgdConfig  *config);
void          seqgd_settings_panel_set_data_dir (SeqgdSettingsPanel *self,
                                                 const char         *data_dir);
gboolean      seqgd_settings_panel_get_valid    (SeqgdSettingsPanel *self);
const char   *seqgd_settings_panel_get_problem  (SeqgdSettingsPanel *self);
gboolean      seqgd_settings_panel_get_loading  (SeqgdSettingsPanel *self);
const char   *seqgd_settings_panel_get_data_summary (SeqgdSettingsPanel *self);
const char   *seqgd_settings_panel_get_data_folder  (SeqgdSettingsPanel *self);
SeqgdDataset *seqgd_settings_panel_get_dataset  (SeqgdSettingsPanel *self);

G_END_DECLS
