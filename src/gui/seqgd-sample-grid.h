/* seqgd-sample-grid.h — a few images of a dataset with their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "seqgd-dataset.h"

G_BEGIN_DECLS

#define SEQGD_TYPE_SAMPLE_GRID (seqgd_sample_grid_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdSampleGrid, seqgd_sample_grid, SEQGD, SAMPLE_GRID, GtkWidget)

GtkWidget *seqgd_sample_grid_new         (void);
void       seqgd_sample_grid_set_dataset (SeqgdSampleGrid *self,
                                          SeqgdDataset    *dataset);
guint      seqgd_sample_grid_get_n_shown (SeqgdSampleGrid *self);
char      *seqgd_sample_grid_dup_label   (SeqgdSampleGrid *self,
                                          guint            index);

G_END_DECLS
