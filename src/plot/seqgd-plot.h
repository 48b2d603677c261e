/* seqgd-plot.h — the loss plot: drawing and exporting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry point for a view (render on a cairo context at a size) and
 * one for files.  Exports are drawn from the same scene as the screen:
 * PNG and PDF through cairo, SVG by a writer that keeps labels as text.
 * Each file carries the model's metadata (config JSON, dataset, seeds,
 * program version).  Files are written atomically: into a temporary file
 * beside the target, then renamed, so a failure leaves the old file.
 */

#pragma once

#include <gio/gio.h>
#include <cairo.h>

#include "seqgd-plot-model.h"
#include "seqgd-plot-layout.h"

G_BEGIN_DECLS

#define SEQGD_PLOT_ERROR (seqgd_plot_error_quark ())

typedef enum
{
  SEQGD_PLOT_ERROR_FORMAT,  /* unknown file extension */
  SEQGD_PLOT_ERROR_WRITE,   /* the file could not be written */
  SEQGD_PLOT_ERROR_NO_DATA, /* CSV asked for but the model has no results */
} SeqgdPlotError;

typedef enum
{
  SEQGD_PLOT_FORMAT_PNG,
  SEQGD_PLOT_FORMAT_SVG,
  SEQGD_PLOT_FORMAT_PDF,
  SEQGD_PLOT_FORMAT_CSV,    /* the raw records, never smoothed */
} SeqgdPlotFormat;

GQuark    seqgd_plot_error_quark       (void);

/* Draws the whole plot on @cr at @width × @height user units. */
void      seqgd_plot_render            (SeqgdPlotModel         *model,
                                        const SeqgdPlotOptions *options,
                                        cairo_t                *cr,
                                        double                  width,
                                        double                  height);

/* The format named by @path's extension (.png .svg .pdf .csv, any case). */
gboolean  seqgd_plot_format_from_path  (const char             *path,
                                        SeqgdPlotFormat        *format,
                                        GError                **error);

/* Writes @path in the format its extension names.  @width × @height is
 * the plot size in pixels for PNG and SVG and in points for PDF; PNG
 * pixels are multiplied by @scale (2 for HiDPI, ~4 for print).  CSV needs
 * a model synced from SeqgdResults and ignores the size. */
gboolean  seqgd_plot_export            (SeqgdPlotModel         *model,
                                        const SeqgdPlotOptions *options,
                                        const char             *path,
                                        double                  width,
                                        double                  height,
                                        double                  scale,
                                        GError                **error);

/* The same, one format each. */
gboolean  seqgd_plot_export_png        (SeqgdPlotModel         *model,
                                        const SeqgdPlotOptions *options,
                                        const char             *path,
                                        double                  width,
                                        double                  height,
                                        double                  scale,
                                        GError                **error);
gboolean  seqgd_plot_export_svg        (SeqgdPlotModel         *model,
                                        const SeqgdPlotOptions *options,
                                        const char             *path,
                                        double                  width,
                                        double                  height,
                                        GError                **error);
gboolean  seqgd_plot_export_pdf        (SeqgdPlotModel         *model,
                                        const SeqgdPlotOptions *options,
                                        const char             *path,
                                        double                  width,
                                        double                  height,
                                        GError                **error);

G_END_DECLS
