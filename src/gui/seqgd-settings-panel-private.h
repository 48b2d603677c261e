/* seqgd-settings-panel-private.h — internals of the settings panel for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "seqgd-settings-panel.h"

G_BEGIN_DECLS

/* Entries of the data source drop-down, "Found automatically" first. */
guint       _seqgd_settings_panel_get_n_sources     (SeqgdSettingsPanel *self);

/* Entry @index: its title, the line of details under it, and whether it
 * can be picked.  The strings belong to the panel. */
const char *_seqgd_settings_panel_get_source        (SeqgdSettingsPanel *self,
                                                     guint               index,
                                                     const char        **details,
                                                     gboolean           *usable);

GtkSpinButton *_seqgd_settings_panel_get_batch_spin (SeqgdSettingsPanel *self);

G_END_DECLS
