/* seqgd-test-data.h — small generated data sets for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "seqgd-dataset.h"

G_BEGIN_DECLS

/* @n images of @rows × @cols with varied pixels and labels 0..9. */
SeqgdDataset *seqgd_test_make_dataset (guint         n,
                                       guint         rows,
                                       guint         cols);

/* Saves @data as @images and @labels (gzip when the name ends in .gz)
 * inside @dir; asserts success. */
void          seqgd_test_save_pair    (SeqgdDataset *data,
                                       const char   *dir,
                                       const char   *images,
                                       const char   *labels);

/* Bytes of an IDX image or label file for @data. */
GBytes       *seqgd_test_idx_bytes    (SeqgdDataset *data,
                                       gboolean      labels,
                                       gboolean      gzip);

GBytes       *seqgd_test_gzip         (const guint8 *data,
                                       gsize         size);

/* A new temporary folder, and its removal with everything inside. */
char         *seqgd_test_make_dir     (void);
void          seqgd_test_remove_tree  (const char   *path);

G_END_DECLS
