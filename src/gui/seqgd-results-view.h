/* seqgd-results-view.h — the summary table of an experiment's runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "seqgd-results.h"

G_BEGIN_DECLS

#define SEQGD_TYPE_RESULTS_VIEW (seqgd_results_view_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdResultsView, seqgd_results_view, SEQGD, RESULTS_VIEW, GtkWidget)

GtkWidget *seqgd_results_view_new         (void);
void       seqgd_results_view_set_results (SeqgdResultsView *self,
                                           SeqgdResults     *results);
void       seqgd_results_view_refresh     (SeqgdResultsView *self);
guint      seqgd_results_view_get_n_rows  (SeqgdResultsView *self);
char      *seqgd_results_view_dup_text    (SeqgdResultsView *self,
                                           gboolean          selected_only);

G_END_DECLS
