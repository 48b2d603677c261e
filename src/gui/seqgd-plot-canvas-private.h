/* seqgd-plot-canvas-private.h — internals of the plot canvas for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "seqgd-plot-canvas.h"

G_BEGIN_DECLS

gboolean _seqgd_plot_canvas_get_tooltip_bounds (SeqgdPlotCanvas *self,
                                                graphene_rect_t *bounds);

G_END_DECLS
