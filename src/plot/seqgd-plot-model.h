/* seqgd-plot-model.h — the series a plot draws, and how it draws them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SeqgdPlotModel holds one series per run (rule, seed) with copies of
 * the run's step and epoch records.  It is filled either from a
 * SeqgdResults with seqgd_plot_model_sync(), which copies only the records
 * added since the last call and so can run on every frame while training
 * goes on, or directly with add_run()/append_steps()/append_epochs().
 *
 * Rules are numbered in the order their first run was added; each rule
 * has a colour from the Okabe–Ito palette, a dash pattern (so that a
 * greyscale print still separates them) and a visibility flag that the
 * legend toggles.  A model is used from one thread only.
 *
 * SeqgdPlotOptions says what to draw: which quantity on y, what on x,
 * smoothing, bands, log y, title, background and the visible data range.
 */

#pragma once

#include <glib.h>

#include "seqgd-results.h"

G_BEGIN_DECLS

typedef enum
{
  SEQGD_PLOT_Y_TRAIN_LOSS,     /* batch loss of every step */
  SEQGD_PLOT_Y_TEST_LOSS,      /* test loss at the end of each epoch */
  SEQGD_PLOT_Y_TEST_ACCURACY,  /* test accuracy (shown in %) per epoch */
} SeqgdPlotQuantity;

typedef enum
{
  SEQGD_PLOT_X_STEPS,
  SEQGD_PLOT_X_EPOCHS,
  SEQGD_PLOT_X_SAMPLES,
  SEQGD_PLOT_X_SECONDS,
} SeqgdPlotXMode;

typedef enum
{
  SEQGD_PLOT_SMOOTH_NONE,
  SEQGD_PLOT_SMOOTH_EMA,       /* debiased exponential moving average */
  SEQGD_PLOT_SMOOTH_WINDOW,    /* centred mean over a window in epochs */
} SeqgdPlotSmoothing;

typedef enum
{
  SEQGD_PLOT_BAND_NONE,
  SEQGD_PLOT_BAND_MIN_MAX,     /* spread of the seeds of a rule */
  SEQGD_PLOT_BAND_STDDEV,      /* mean ± one standard deviation */
} SeqgdPlotBand;

/* A data range.  With @automatic set the plot fits everything visible and
 * the four limits are ignored; y limits are data values even on a log
 * axis (they must then be positive). */
typedef struct
{
  gboolean automatic;
  double   x_min;
  double   x_max;
  double   y_min;
  double   y_max;
} SeqgdPlotView;

typedef struct
{
  SeqgdPlotQuantity  quantity;
  SeqgdPlotXMode     x_mode;
  gboolean           log_y;
  SeqgdPlotSmoothing smoothing;
  double             ema_weight;     /* 0 ≤ w < 1, weight of the past */
  double             window_epochs;  /* width of the centred window */
  SeqgdPlotBand      band;           /* used when a rule has ≥ 2 seeds */
  const char        *title;          /* borrowed; NULL: automatic, "": none */
  gboolean           transparent;    /* no background fill */
  SeqgdPlotView      view;
} SeqgdPlotOptions;

typedef struct _SeqgdPlotModel SeqgdPlotModel;

/* Options: training loss over steps, linear y, no smoothing (EMA weight
 * 0.9 and a 0.1-epoch window ready when chosen), min–max bands, automatic
 * title, white background, automatic view. */
void            seqgd_plot_options_init       (SeqgdPlotOptions *options);
void            seqgd_plot_view_reset         (SeqgdPlotView    *view);

const char     *seqgd_plot_quantity_to_string (SeqgdPlotQuantity quantity);
gboolean        seqgd_plot_quantity_from_string (const char        *name,
                                                 SeqgdPlotQuantity *quantity);
const char     *seqgd_plot_x_mode_to_string   (SeqgdPlotXMode    mode);
gboolean        seqgd_plot_x_mode_from_string (const char        *name,
                                               SeqgdPlotXMode    *mode);

SeqgdPlotModel *seqgd_plot_model_new          (void);
SeqgdPlotModel *seqgd_plot_model_ref          (SeqgdPlotModel   *self);
void            seqgd_plot_model_unref        (SeqgdPlotModel   *self);

/* Brings the model up to date with @results: adds new runs, copies the
 * records appended since the last sync, updates statuses and the export
 * metadata.  Syncing from a different results object starts afresh.
 * Returns TRUE when anything changed (the plot needs a redraw). */
gboolean        seqgd_plot_model_sync         (SeqgdPlotModel   *self,
                                               SeqgdResults     *results);
/* Drops every run and rule, the metadata and the link to any results. */
void            seqgd_plot_model_clear        (SeqgdPlotModel   *self);
/* Increases whenever the data or the visibility changes. */
guint64         seqgd_plot_model_get_generation (SeqgdPlotModel *self);

/* Building a model without SeqgdResults (tests, loaded files). */
guint           seqgd_plot_model_add_run      (SeqgdPlotModel   *self,
                                               const char       *rule,
                                               guint64           seed);
void            seqgd_plot_model_append_steps (SeqgdPlotModel        *self,
                                               guint                  run,
                                               const SeqgdStepRecord *records,
                                               guint                  n_records);
void            seqgd_plot_model_append_epochs (SeqgdPlotModel         *self,
                                                guint                   run,
                                                const SeqgdEpochRecord *records,
                                                guint                   n_records);
void            seqgd_plot_model_set_run_status (SeqgdPlotModel *self,
                                                 guint           run,
                                                 SeqgdRunStatus  status);
/* Training samples in one epoch, used to place epoch records on a
 * samples axis; sync sets it from the results. */
void            seqgd_plot_model_set_n_train  (SeqgdPlotModel   *self,
                                               guint             n_train);

/* Runs. */
guint           seqgd_plot_model_get_n_runs   (SeqgdPlotModel   *self);
const char     *seqgd_plot_model_get_run_rule (SeqgdPlotModel   *self,
                                               guint             run);
guint64         seqgd_plot_model_get_run_seed (SeqgdPlotModel   *self,
                                               guint             run);
guint           seqgd_plot_model_get_run_rule_index (SeqgdPlotModel *self,
                                                     guint           run);
guint           seqgd_plot_model_get_run_n_steps (SeqgdPlotModel *self,
                                                  guint           run);
/* TRUE when the run's loss became non-finite (or its status says it
 * diverged); @step receives the first non-finite step, 0 if unknown. */
gboolean        seqgd_plot_model_get_run_diverged (SeqgdPlotModel *self,
                                                   guint           run,
                                                   guint64        *step);

/* Rules, in the order their first run was added. */
guint           seqgd_plot_model_get_n_rules  (SeqgdPlotModel   *self);
const char     *seqgd_plot_model_get_rule_id  (SeqgdPlotModel   *self,
                                               guint             rule);
/* Returns the rule's index, or -1. */
int             seqgd_plot_model_find_rule    (SeqgdPlotModel   *self,
                                               const char       *rule_id);
/* Display names; sync fills them from the rule table.  Defaults: the id
 * and no study name. */
void            seqgd_plot_model_set_rule_label (SeqgdPlotModel *self,
                                                 guint           rule,
                                                 const char     *label,
                                                 const char     *study_name);
const char     *seqgd_plot_model_get_rule_label (SeqgdPlotModel *self,
                                                 guint           rule);
const char     *seqgd_plot_model_get_rule_study_name (SeqgdPlotModel *self,
                                                      guint           rule);
gboolean        seqgd_plot_model_get_rule_visible (SeqgdPlotModel *self,
                                                   guint           rule);
void            seqgd_plot_model_set_rule_visible (SeqgdPlotModel *self,
                                                   guint           rule,
                                                   gboolean        visible);
/* Colour as sRGB components in 0..1. */
void            seqgd_plot_model_get_rule_color (SeqgdPlotModel *self,
                                                 guint           rule,
                                                 double         *red,
                                                 double         *green,
                                                 double         *blue);

/* Export metadata as key/value text (config JSON, dataset, seeds, …);
 * sync sets "Config", "Dataset" and "Seeds".  A NULL value removes. */
void            seqgd_plot_model_set_metadata (SeqgdPlotModel   *self,
                                               const char       *key,
                                               const char       *value);
const char     *seqgd_plot_model_get_metadata (SeqgdPlotModel   *self,
                                               const char       *key);
/* Keys in the order they were first set, NULL-terminated; free with
 * g_free (the strings are borrowed). */
const char    **seqgd_plot_model_list_metadata (SeqgdPlotModel  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdPlotModel, seqgd_plot_model_unref)

G_END_DECLS
