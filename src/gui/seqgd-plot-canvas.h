/* seqgd-plot-canvas.h — the interactive loss plot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SeqgdPlotCanvas draws a SeqgdPlotModel with the plot renderer and adds
 * what only a screen has: a hover marker, guide line and tooltip, zoom
 * and pan with mouse and keyboard, a rubber band for zooming to a box,
 * and legend entries that hide or show a rule's series.  The data range
 * shown lives in the options (options.view), so an export draws exactly
 * what the canvas shows, minus the hover overlay.
 */

#pragma once

#include <gtk/gtk.h>

#include "seqgd-plot.h"

G_BEGIN_DECLS

#define SEQGD_TYPE_PLOT_CANVAS (seqgd_plot_canvas_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdPlotCanvas, seqgd_plot_canvas,
                      SEQGD, PLOT_CANVAS, GtkWidget)

GtkWidget              *seqgd_plot_canvas_new           (void);

/* Data.  set_results() syncs at once; refresh() copies the records added
 * since and returns TRUE when anything changed (and a redraw is queued). */
void                    seqgd_plot_canvas_set_results   (SeqgdPlotCanvas *self,
                                                         SeqgdResults    *results);
SeqgdResults           *seqgd_plot_canvas_get_results   (SeqgdPlotCanvas *self);
gboolean                seqgd_plot_canvas_refresh       (SeqgdPlotCanvas *self);
SeqgdPlotModel         *seqgd_plot_canvas_get_model     (SeqgdPlotCanvas *self);

/* What is drawn.  The canvas copies the options; options->title is
 * copied too. */
const SeqgdPlotOptions *seqgd_plot_canvas_get_options   (SeqgdPlotCanvas        *self);
void                    seqgd_plot_canvas_set_options   (SeqgdPlotCanvas        *self,
                                                         const SeqgdPlotOptions *options);

/* Zoom and pan.  Factors > 1 zoom in around the centre of the plot area;
 * pan moves the content by a fraction of the plot area's size. */
void                    seqgd_plot_canvas_zoom          (SeqgdPlotCanvas *self,
                                                         double           factor);
void                    seqgd_plot_canvas_pan           (SeqgdPlotCanvas *self,
                                                         double           fraction_x,
                                                         double           fraction_y);
void                    seqgd_plot_canvas_reset_zoom    (SeqgdPlotCanvas *self);
gboolean                seqgd_plot_canvas_get_zoomed    (SeqgdPlotCanvas *self);

/* Legend: toggles the visibility of a rule's series. */
void                    seqgd_plot_canvas_toggle_rule   (SeqgdPlotCanvas *self,
                                                         guint            rule);

/* The layout last drawn (or made for the current size), for geometry and
 * hit-tests; NULL before the canvas has a size. */
SeqgdPlotLayout        *seqgd_plot_canvas_get_layout    (SeqgdPlotCanvas *self);

/* The text of the hover tooltip, or NULL when nothing is hovered. */
const char             *seqgd_plot_canvas_get_hover_text (SeqgdPlotCanvas *self);

/* Writes the plot as shown (PNG, SVG or PDF by extension) at the
 * canvas's size; PNG at twice the pixel density. */
gboolean                seqgd_plot_canvas_export        (SeqgdPlotCanvas *self,
                                                         const char      *path,
                                                         GError         **error);

G_END_DECLS
