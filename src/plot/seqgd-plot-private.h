/* seqgd-plot-private.h — what the plot's files share with each other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "seqgd-plot.h"
#include "seqgd-plot-scene.h"

G_BEGIN_DECLS

/* Points are summarised in blocks of this many for fast reduction.  A
 * pixel column reads the points at its ends one by one and the blocks
 * between them; with small blocks the ends are a cache line or two. */
#define SEQGD_PLOT_BLOCK 16

/* One run's values as drawn, for one choice of quantity, x mode,
 * smoothing and y scale.  Arrays have @n entries; @s is the smoothed
 * value (== @v without smoothing) and @t the drawn y, that is @s or its
 * log10 (non-finite when the value is not positive).  @rt is the drawn
 * raw value (@v or its log10).  Block summaries cover @t and @rt. */
typedef struct
{
  guint   n;
  guint   capacity;
  double *x;
  double *v;
  double *s;
  double *t;
  double *rt;
  /* per block of SEQGD_PLOT_BLOCK: min and max of finite @t / @rt and
   * whether any value in the block is non-finite */
  double *t_min;
  double *t_max;
  double *rt_min;
  double *rt_max;
  guint8 *t_bad;
  guint8 *rt_bad;
  guint   n_blocks_done;    /* complete blocks summarised */
  guint   n_smoothed_done;  /* values whose smoothing is final */
  double  ema;              /* EMA state after n_smoothed_done values */
  double  ema_power;        /* weight^n_smoothed_done, for the debias */
  /* the range of finite @t and @rt over the first n_extent_blocks
   * blocks, which are complete and final, so that the whole range costs
   * a few blocks to find, not a pass over all */
  guint   n_extent_blocks;
  double  t_lo, t_hi;
  double  rt_lo, rt_hi;
} SeqgdPlotSeries;

/* Extends [@lo, @hi] by the finite drawn values (@raw: unsmoothed) of
 * the series' first @n values. */
void      _seqgd_plot_series_extent   (const SeqgdPlotSeries *s,
                                       guint                  n,
                                       gboolean               raw,
                                       double                *lo,
                                       double                *hi);

typedef struct
{
  SeqgdPlotQuantity  quantity;
  SeqgdPlotXMode     x_mode;
  SeqgdPlotSmoothing smoothing;
  double             ema_weight;
  double             window_epochs;
  gboolean           log_y;
} SeqgdPlotKey;

void      _seqgd_plot_key_from_options (SeqgdPlotKey           *key,
                                        const SeqgdPlotOptions *options);

/* A rule's mean and spread over its runs, index by index (the runs of
 * one experiment share their steps), for one series key and band kind.
 * Arrays have @n entries, as many as the longest run has values; where
 * a run has no value yet or a non-finite one, mean and band are NAN and
 * @x is the mean x of the runs that have the index.  Values are drawn
 * units (log10 on log axes).  Like SeqgdPlotSeries it grows with the
 * runs: an update recomputes only the entries whose inputs changed. */
typedef struct
{
  guint   n;
  guint   capacity;
  double *x;
  double *mean;
  double *lower;
  double *upper;
  /* per block of SEQGD_PLOT_BLOCK: min and max of the finite means and
   * whether one is not finite; the lowest finite lower edge, the
   * highest finite upper edge and whether an edge or x is not finite */
  double *mean_min;
  double *mean_max;
  guint8 *mean_bad;
  double *lower_min;
  double *upper_max;
  guint8 *band_bad;
  guint   n_computed;       /* entries the last update computed */
  /* the band's range over the first n_extent_blocks blocks, whose
   * entries no update recomputes (but a fresh start) */
  guint   n_extent_blocks;
  double  lower_lo;
  double  upper_hi;

  /* what the entries were computed from */
  SeqgdPlotBand band;
  gboolean      log_y;
  guint64       series_reset;  /* the model's count of series resets */
  guint         n_runs;
  guint        *seen_n;        /* per run: values and final smoothed */
  guint        *seen_done;     /* values at the last update */
} SeqgdPlotAggregate;

void      _seqgd_plot_aggregate_free  (SeqgdPlotAggregate     *a);
/* Brings @a up to date with @runs, the series of one rule's runs in the
 * order they were added. */
void      _seqgd_plot_aggregate_update (SeqgdPlotAggregate    *a,
                                        SeqgdPlotSeries * const *runs,
                                        guint                  n_runs,
                                        SeqgdPlotBand          band,
                                        gboolean               log_y,
                                        guint64                series_reset);
/* Extends [@lo, @hi] by the band edges of the first @n entries. */
void      _seqgd_plot_aggregate_extent (const SeqgdPlotAggregate *a,
                                        guint                     n,
                                        double                   *lo,
                                        double                   *hi);

/* The mean and band of @rule's runs for @key, brought up to date with
 * the runs' records.  Owned by the model; valid until the next call. */
const SeqgdPlotAggregate *_seqgd_plot_model_get_aggregate
                                      (SeqgdPlotModel     *self,
                                       guint               rule,
                                       const SeqgdPlotKey *key,
                                       SeqgdPlotBand       band);

/* The run's series for @key, brought up to date with the run's records.
 * Owned by the model; valid until the next call with another key. */
SeqgdPlotSeries *_seqgd_plot_model_get_series (SeqgdPlotModel     *self,
                                               guint               run,
                                               const SeqgdPlotKey *key);
const SeqgdStepRecord  *_seqgd_plot_model_get_steps  (SeqgdPlotModel *self,
                                                      guint           run,
                                                      guint          *n);
const SeqgdEpochRecord *_seqgd_plot_model_get_epochs (SeqgdPlotModel *self,
                                                      guint           run,
                                                      guint          *n);
guint     _seqgd_plot_model_get_n_train (SeqgdPlotModel *self);
/* A hook that writes the raw records as CSV; set by sync. */
gboolean  _seqgd_plot_model_save_csv  (SeqgdPlotModel *self,
                                       const char     *path,
                                       GError        **error);
typedef gboolean (*SeqgdPlotCsvWriter) (gpointer     source,
                                        const char  *path,
                                        GError     **error);
void      _seqgd_plot_model_set_source (SeqgdPlotModel     *self,
                                        gpointer            source,
                                        GDestroyNotify      source_free,
                                        SeqgdPlotCsvWriter  csv_writer);
gpointer  _seqgd_plot_model_get_source (SeqgdPlotModel *self);
void      _seqgd_plot_model_set_status_only (SeqgdPlotModel *self,
                                             guint           run,
                                             SeqgdRunStatus  status,
                                             gboolean       *changed);

/* Min and max of the finite values of v[lo, hi) (INFINITY and -INFINITY
 * when none), and 1 in @bad when any is not finite. */
void      _seqgd_plot_block_summary   (const double *v,
                                       guint         lo,
                                       guint         hi,
                                       double       *min,
                                       double       *max,
                                       guint8       *bad);

/* First index i in [0, n) with x[i] >= value (n when none). */
guint     _seqgd_plot_lower_bound     (const double *x,
                                       guint         n,
                                       double        value);

/* Ticks. */
typedef struct
{
  double value;     /* in data units (not log10) */
  gboolean major;   /* labelled */
  char  *label;     /* NULL for minor ticks */
} SeqgdPlotTick;

/* Fills @ticks (SeqgdPlotTick) for the range [lo, hi] with about
 * @max_major labelled ticks; @hi > @lo.  For @log the range is in data
 * units and positive. */
void      _seqgd_plot_ticks_linear    (double        lo,
                                       double        hi,
                                       guint         max_major,
                                       GArray       *ticks);
void      _seqgd_plot_ticks_log       (double        lo,
                                       double        hi,
                                       guint         max_major,
                                       GArray       *ticks);
void      _seqgd_plot_ticks_clear     (GArray       *ticks);
char     *_seqgd_plot_format_number   (double        value,
                                       double        step);

/* Reduction of a curve to at most four points per pixel column of the
 * plot area, appended to @points as pixel (x, y) pairs; a NAN pair breaks
 * the line.  When few points are visible they are all kept. */
typedef struct
{
  double x0, x1;        /* data range on x */
  double t0, t1;        /* drawn range on y (log10 on log axes) */
  double left, top, width, height;   /* plot area in pixels */
} SeqgdPlotTransform;

typedef struct
{
  guint         n;
  const double *x;          /* non-decreasing */
  const double *y;          /* drawn values, non-finite ones break the line */
  const double *block_min;  /* per SEQGD_PLOT_BLOCK points, or NULL */
  const double *block_max;
  const guint8 *block_bad;
} SeqgdPlotCurve;

void      _seqgd_plot_curve_from_series (SeqgdPlotCurve        *curve,
                                         const SeqgdPlotSeries *series,
                                         gboolean               raw);
void      _seqgd_plot_reduce          (const SeqgdPlotCurve     *curve,
                                       const SeqgdPlotTransform *tr,
                                       GArray                   *points);
/* For a dense curve drawn without dashes: the area a line of width
 * 2 × @half_width through the reduced points would cover, as one box per
 * pixel column (x0, y0, x1, y1), which fills far faster than the zigzag
 * strokes.  Returns FALSE, adding nothing, when the curve is not dense in
 * view. */
gboolean  _seqgd_plot_reduce_envelope (const SeqgdPlotCurve     *curve,
                                       const SeqgdPlotTransform *tr,
                                       double                    half_width,
                                       GArray                   *boxes);
/* The first @n entries of an aggregate's band as filled polygons: per
 * finite stretch the upper edge forward, the lower edge back and a NAN
 * point.  Where entries are dense, each edge has one vertex per pixel
 * column at the column's extreme, found from the block summaries. */
void      _seqgd_plot_reduce_band     (const SeqgdPlotAggregate *a,
                                       guint                     n,
                                       const SeqgdPlotTransform *tr,
                                       GArray                   *points);

static inline double
_seqgd_plot_px (const SeqgdPlotTransform *tr,
                double                    x)
{
  return tr->left + (x - tr->x0) / (tr->x1 - tr->x0) * tr->width;
}

static inline double
_seqgd_plot_py (const SeqgdPlotTransform *tr,
                double                    t)
{
  return tr->top + tr->height - (t - tr->t0) / (tr->t1 - tr->t0) * tr->height;
}

/* Sets font and text of a pango layout as the scene's text runs use. */
void      _seqgd_plot_text_setup      (PangoLayout  *layout,
                                       const char   *family,
                                       double        size,
                                       gboolean      bold,
                                       const char   *text);

/* Drawing a scene with cairo and pango. */
void      _seqgd_plot_scene_draw_cairo (const SeqgdPlotScene *scene,
                                        cairo_t              *cr);
/* The SVG text of a scene with the given metadata (key, value pairs,
 * NULL-terminated). */
char     *_seqgd_plot_scene_to_svg    (const SeqgdPlotScene *scene,
                                       const char * const   *metadata);

/* Writes @len bytes to @path atomically. */
gboolean  _seqgd_plot_write_atomic    (const char   *path,
                                       const void   *data,
                                       gsize         len,
                                       GError      **error);
/* Inserts text chunks (key, value pairs, NULL-terminated) before IEND
 * of the PNG in @png.  Returns FALSE when @png is not a PNG. */
gboolean  _seqgd_plot_png_add_text    (GByteArray          *png,
                                       const char * const  *metadata);

G_END_DECLS
