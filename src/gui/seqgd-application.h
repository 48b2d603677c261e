/* seqgd-application.h — the application object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SEQGD_TYPE_APPLICATION (seqgd_application_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdApplication, seqgd_application, SEQGD, APPLICATION, GtkApplication)

SeqgdApplication *seqgd_application_new          (void);
GSettings        *seqgd_application_get_settings (SeqgdApplication *self);

G_END_DECLS
