/* seqgd-plot-layout.h — a plot laid out at one size: geometry, hit-tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SeqgdPlotLayout is the model drawn with some options at a given size
 * in pixels (cairo user units): the resolved data range, the plot area,
 * ticks, legend and a scene of drawing primitives.  It answers the
 * questions an interactive view asks — where is the plot area, which
 * data value is under this pixel, which legend entry, which recorded
 * point — and computes the views that zoom and pan produce, without
 * touching any widget.
 *
 * A layout is cheap to make (long series are reduced to a few points per
 * pixel column), so a view makes a new one on every draw and keeps the
 * last for hit-tests.  It keeps a reference to the model and stays valid
 * while records are appended to it; its range and scene do not change.
 */

#pragma once

#include <cairo.h>

#include "seqgd-plot-model.h"
#include "seqgd-plot-scene.h"

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} SeqgdPlotRect;

/* A recorded point found by a hit-test. */
typedef struct
{
  guint  run;         /* run index in the model */
  guint  rule;        /* rule index in the model */
  guint  index;       /* record index: step record for training loss,
                       * epoch record for the per-epoch quantities */
  guint64 step;
  double epoch;
  double x;           /* x value in the layout's x mode */
  double value;       /* the recorded value (accuracy in %) */
  double smoothed;    /* the smoothed value; equals @value without smoothing */
  double px;          /* pixel position of the point as drawn */
  double py;
} SeqgdPlotHit;

typedef struct _SeqgdPlotLayout SeqgdPlotLayout;

SeqgdPlotLayout  *seqgd_plot_layout_new      (SeqgdPlotModel         *model,
                                              const SeqgdPlotOptions *options,
                                              double                  width,
                                              double                  height);
SeqgdPlotLayout  *seqgd_plot_layout_ref      (SeqgdPlotLayout        *self);
void              seqgd_plot_layout_unref    (SeqgdPlotLayout        *self);

SeqgdPlotModel   *seqgd_plot_layout_get_model   (SeqgdPlotLayout *self);
const SeqgdPlotOptions *seqgd_plot_layout_get_options (SeqgdPlotLayout *self);
void              seqgd_plot_layout_get_size    (SeqgdPlotLayout *self,
                                                 double          *width,
                                                 double          *height);

/* Draws the plot on @cr, whose user space has the layout's size with the
 * origin at the top left (as in a widget's snapshot). */
void              seqgd_plot_layout_render   (SeqgdPlotLayout        *self,
                                              cairo_t                *cr);

/* The primitives render() draws, for backends and tests. */
const SeqgdPlotScene *seqgd_plot_layout_get_scene (SeqgdPlotLayout *self);

/* Geometry. */
void              seqgd_plot_layout_get_plot_area (SeqgdPlotLayout *self,
                                                   SeqgdPlotRect   *area);
/* The range actually shown (automatic views resolved); automatic is
 * FALSE in the result. */
void              seqgd_plot_layout_get_view  (SeqgdPlotLayout *self,
                                               SeqgdPlotView   *view);
void              seqgd_plot_layout_data_to_pixel (SeqgdPlotLayout *self,
                                                   double           x,
                                                   double           y,
                                                   double          *px,
                                                   double          *py);
void              seqgd_plot_layout_pixel_to_data (SeqgdPlotLayout *self,
                                                   double           px,
                                                   double           py,
                                                   double          *x,
                                                   double          *y);

/* Views derived from this layout's view.  Zoom keeps the data point under
 * (@px, @py) fixed; a factor > 1 zooms in, 1 leaves that axis alone.  Pan
 * moves the content by (@dx, @dy) pixels, as a drag does.  Zoom-box fits
 * the pixel rectangle between two corners (returns FALSE and leaves
 * @view alone when the box is smaller than 3 pixels either way). */
void              seqgd_plot_layout_zoom      (SeqgdPlotLayout *self,
                                               double           px,
                                               double           py,
                                               double           factor_x,
                                               double           factor_y,
                                               SeqgdPlotView   *view);
void              seqgd_plot_layout_pan       (SeqgdPlotLayout *self,
                                               double           dx,
                                               double           dy,
                                               SeqgdPlotView   *view);
gboolean          seqgd_plot_layout_zoom_box  (SeqgdPlotLayout *self,
                                               double           px0,
                                               double           py0,
                                               double           px1,
                                               double           py1,
                                               SeqgdPlotView   *view);

/* The rule whose legend entry contains (@px, @py), or -1. */
int               seqgd_plot_layout_legend_hit (SeqgdPlotLayout *self,
                                                double           px,
                                                double           py);

/* The recorded point nearest to (@px, @py) on the nearest visible series,
 * at most @radius pixels away, measured to the point as drawn (the
 * smoothed curve when smoothing is on).  Returns FALSE when there is
 * none. */
gboolean          seqgd_plot_layout_hit_test  (SeqgdPlotLayout *self,
                                               double           px,
                                               double           py,
                                               double           radius,
                                               SeqgdPlotHit    *hit);
/* Tooltip text for a hit: rule (and study name), seed, step, epoch, the
 * value and the smoothed value.  Plain text, several lines. */
char             *seqgd_plot_layout_describe  (SeqgdPlotLayout    *self,
                                               const SeqgdPlotHit *hit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdPlotLayout, seqgd_plot_layout_unref)

G_END_DECLS
