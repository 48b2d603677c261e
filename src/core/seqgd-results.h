/* seqgd-results.h — what an experiment recorded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SeqgdResults holds the config, the dataset description and one SeqgdRun
 * per (rule, seed).  Trainer threads append records while the window reads
 * them: every access to a run's arrays after the experiment has started
 * goes through seqgd_results_lock()/unlock(), or through the copy helpers,
 * which take the lock themselves.  Records are never changed once
 * appended, so a reader may remember how many it has seen.
 */

#pragma once

#include <gio/gio.h>

#include "seqgd-config.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 step;      /* 1-based index of the update */
  double  epoch;     /* fractional epoch after this step, e.g. 0.5 */
  guint64 samples;   /* training samples seen after this step */
  double  seconds;   /* run time after this step (training only) */
  float   loss;      /* batch loss of this step's forward pass */
} SeqgdStepRecord;

typedef struct
{
  guint   epoch;          /* 1-based */
  guint64 step;           /* steps done when the epoch ended */
  double  seconds;
  double  train_loss;     /* mean batch loss over the epoch */
  double  test_loss;      /* NAN when there is no test set */
  double  test_accuracy;  /* 0..1, NAN when there is no test set */
} SeqgdEpochRecord;

typedef enum
{
  SEQGD_RUN_PENDING,
  SEQGD_RUN_RUNNING,
  SEQGD_RUN_FINISHED,
  SEQGD_RUN_DIVERGED,   /* loss became non-finite; stopped */
  SEQGD_RUN_CANCELLED,
  SEQGD_RUN_FAILED,     /* an error, in run->message */
} SeqgdRunStatus;

typedef struct
{
  char           *rule;      /* rule id */
  guint64         seed;
  SeqgdRunStatus  status;
  char           *message;   /* why it diverged or failed, or NULL */
  GArray         *steps;     /* SeqgdStepRecord */
  GArray         *epochs;    /* SeqgdEpochRecord */
  double          wall_seconds;  /* see SeqgdRunSummary; NAN: not known */
  double          cpu_seconds;
} SeqgdRun;

/* Summary of one run, computed from its records. */
typedef struct
{
  double  final_train_loss;  /* mean loss of the last epoch's steps */
  double  final_test_loss;   /* NAN without a test set */
  double  final_test_accuracy;
  double  seconds;           /* training time on the step records' clock */
  double  wall_seconds;      /* wall-clock time from the run's first step
                              * to its end, test evaluation included;
                              * NAN when not known (files without it) */
  double  cpu_seconds;       /* processor time over the same span */
  gint64  steps_to_target;   /* first step whose smoothed loss ≤ target; -1: never */
  guint64 n_steps;
} SeqgdRunSummary;

/* Steps to target are counted on an exponential moving average of the
 * batch loss, s(1) = loss(1), s(t) = (1 − w) s(t−1) + w loss(t), with this
 * weight w on the newest loss: a time constant of about 20 steps, enough
 * to keep one lucky batch from counting as reaching the target. */
#define SEQGD_RESULTS_SMOOTHING 0.05

typedef struct _SeqgdResults SeqgdResults;

SeqgdResults     *seqgd_results_new          (const SeqgdConfig *config,
                                              const char        *dataset_name,
                                              guint              n_train,
                                              guint              n_test);
SeqgdResults     *seqgd_results_ref          (SeqgdResults      *self);
void              seqgd_results_unref        (SeqgdResults      *self);

const SeqgdConfig *seqgd_results_get_config  (SeqgdResults      *self);
const char       *seqgd_results_get_dataset  (SeqgdResults      *self);
guint             seqgd_results_get_n_train  (SeqgdResults      *self);
guint             seqgd_results_get_n_test   (SeqgdResults      *self);

/* Adds a run and returns its index; runs are ordered by seed, then by the
 * config's rule order. */
guint             seqgd_results_add_run      (SeqgdResults      *self,
                                              const char        *rule,
                                              guint64            seed);
guint             seqgd_results_get_n_runs   (SeqgdResults      *self);
/* The run itself; read its arrays with the lock held. */
SeqgdRun         *seqgd_results_get_run      (SeqgdResults      *self,
                                              guint              index);

/* Makes room for a run's records up front so appending allocates nothing. */
void              seqgd_results_reserve      (SeqgdResults      *self,
                                              guint              run,
                                              guint              n_steps,
                                              guint              n_epochs);

void              seqgd_results_lock         (SeqgdResults      *self);
void              seqgd_results_unlock       (SeqgdResults      *self);

/* Writers (the trainer); each takes the lock. */
void              seqgd_results_append_step  (SeqgdResults          *self,
                                              guint                  run,
                                              const SeqgdStepRecord *record);
void              seqgd_results_append_epoch (SeqgdResults           *self,
                                              guint                   run,
                                              const SeqgdEpochRecord *record);
void              seqgd_results_set_status   (SeqgdResults      *self,
                                              guint              run,
                                              SeqgdRunStatus     status,
                                              const char        *message);
void              seqgd_results_set_times    (SeqgdResults      *self,
                                              guint              run,
                                              double             wall_seconds,
                                              double             cpu_seconds);

/* Readers; each takes the lock.  copy_steps copies records from index
 * @from on into a new array (possibly empty). */
GArray           *seqgd_results_copy_steps   (SeqgdResults      *self,
                                              guint              run,
                                              guint              from);
GArray           *seqgd_results_copy_epochs  (SeqgdResults      *self,
                                              guint              run,
                                              guint              from);
SeqgdRunStatus    seqgd_results_get_status   (SeqgdResults      *self,
                                              guint              run);
void              seqgd_results_summarize    (SeqgdResults      *self,
                                              guint              run,
                                              SeqgdRunSummary   *summary);

/* Mean and sample standard deviation of one summary value over the seeds
 * of a rule, counting the runs where it is finite. */
typedef struct
{
  guint  n;
  double mean;   /* NAN when n is 0 */
  double sd;     /* NAN when n is 0, 0 when n is 1 */
} SeqgdStat;

/* A rule over its seeds.  The statistics count the runs that finished and,
 * while an experiment trains, those still running; a run that diverged,
 * failed or was cancelled has no comparable final values and is left out.
 * Steps to target count the runs that reached it. */
typedef struct
{
  guint     n_runs;
  guint     n_counted;
  guint     n_status[SEQGD_RUN_FAILED + 1];
  SeqgdStat final_train_loss;
  SeqgdStat final_test_loss;
  SeqgdStat final_test_accuracy;
  SeqgdStat wall_seconds;
  SeqgdStat cpu_seconds;
  SeqgdStat steps_to_target;
} SeqgdRuleSummary;

void              seqgd_results_summarize_rule (SeqgdResults     *self,
                                                const char       *rule,
                                                SeqgdRuleSummary *summary);
/* The same from the statuses and summaries of a rule's @n_runs runs, for
 * a reader that already holds them. */
void              seqgd_rule_summary_compute   (SeqgdRuleSummary      *summary,
                                                const SeqgdRunStatus  *status,
                                                const SeqgdRunSummary *runs,
                                                guint                  n_runs);

const char       *seqgd_run_status_to_string (SeqgdRunStatus     status);
gboolean          seqgd_run_status_from_string (const char      *name,
                                                SeqgdRunStatus  *status);

/* Files.  The CSV has one row per step (columns rule, seed, step, epoch,
 * samples, seconds, loss) with the config and dataset as "# " header
 * comments; the JSON holds the config, dataset, per-run status, epoch
 * records and summaries.  Both are written atomically.  load_pair reads a
 * CSV/JSON pair back (either may be NULL when the other has enough). */
gboolean          seqgd_results_save_csv     (SeqgdResults      *self,
                                              const char        *path,
                                              GError           **error);
gboolean          seqgd_results_save_json    (SeqgdResults      *self,
                                              const char        *path,
                                              GError           **error);
SeqgdResults     *seqgd_results_load         (const char        *csv_path,
                                              const char        *json_path,
                                              GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdResults, seqgd_results_unref)

G_END_DECLS
