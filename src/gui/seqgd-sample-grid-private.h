/* seqgd-sample-grid-private.h — internals of the sample grid for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "seqgd-sample-grid.h"

G_BEGIN_DECLS

/* Example @index of @dataset as an RGB24 surface of cols × rows pixels,
 * grey images shown dark on light. */
cairo_surface_t *_seqgd_sample_grid_render_example (const SeqgdDataset *dataset,
                                                    guint               index);

G_END_DECLS
