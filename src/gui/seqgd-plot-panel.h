/* seqgd-plot-panel.h — the loss plot with its toolbar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SeqgdPlotPanel puts a small toolbar (y quantity, x axis, log scale,
 * smoothing, zoom) above a SeqgdPlotCanvas.  Its commands are actions in
 * the "plot" group: plot.reset-zoom, plot.zoom-in, plot.zoom-out,
 * plot.log-y (a toggle), plot.y-quantity, plot.x-mode and plot.smoothing
 * (with the values' nicks as string states) and plot.show-all-rules.
 */

#pragma once

#include <gtk/gtk.h>

#include "seqgd-plot-canvas.h"

G_BEGIN_DECLS

#define SEQGD_TYPE_PLOT_PANEL (seqgd_plot_panel_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdPlotPanel, seqgd_plot_panel,
                      SEQGD, PLOT_PANEL, GtkWidget)

/* GTypes for the plot's option enums, for properties and actions. */
#define SEQGD_TYPE_PLOT_PANEL_QUANTITY  (seqgd_plot_panel_quantity_get_type ())
#define SEQGD_TYPE_PLOT_PANEL_X_MODE    (seqgd_plot_panel_x_mode_get_type ())
#define SEQGD_TYPE_PLOT_PANEL_SMOOTHING (seqgd_plot_panel_smoothing_get_type ())

GType            seqgd_plot_panel_quantity_get_type  (void) G_GNUC_CONST;
GType            seqgd_plot_panel_x_mode_get_type    (void) G_GNUC_CONST;
GType            seqgd_plot_panel_smoothing_get_type (void) G_GNUC_CONST;

GtkWidget       *seqgd_plot_panel_new         (void);

/* Holds a reference to @results; NULL clears the plot. */
void             seqgd_plot_panel_set_results (SeqgdPlotPanel *self,
                                               SeqgdResults   *results);
SeqgdResults    *seqgd_plot_panel_get_results (SeqgdPlotPanel *self);

/* Copies new records into the plot and queues a redraw only when
 * something changed; call it on every frame while training. */
void             seqgd_plot_panel_refresh     (SeqgdPlotPanel *self);

/* Writes the plot as shown (PNG, SVG or PDF by extension), without the
 * hover overlay. */
gboolean         seqgd_plot_panel_export      (SeqgdPlotPanel *self,
                                               const char     *path,
                                               GError        **error);

SeqgdPlotCanvas *seqgd_plot_panel_get_canvas  (SeqgdPlotPanel *self);

G_END_DECLS
