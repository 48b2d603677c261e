/* seqgd-trainer.c — runs an experiment of rules × seeds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fairness comes from three random streams per seed, each drawn from the
 * seed alone: the initial weights (drawn once per seed, before any run
 * starts, and copied into every rule's network), the batch order (one
 * permutation per epoch; every run of the seed draws the same sequence of
 * permutations from its own copy of the stream, so runs need not wait
 * for each other), and whatever fixed random matrices a rule wants.  The
 * last batch of an epoch keeps the remainder, so it may be smaller.
 *
 * Runs are independent, so several may go on at once: worker threads take
 * the next pending run until none is left.  OpenBLAS's thread count is
 * process-wide; with one worker it gets every core, with several each
 * GEMM runs single-threaded.  On small networks (784-128-10, batch 32) a
 * GEMM is too short to be worth splitting over cores, so runs in parallel
 * win, and all runs at once beat one run per core: three runs on two
 * cores end together after 1.5 run-times instead of 2, and every curve
 * grows from the start.  tests/bench/bench-experiment.c measures it (on
 * two cores: serial 5.3 s, two at once 3.2 s, three at once 2.5 s).
 *
 * Step times ("seconds") cover training only: the clock stops while the
 * test set is evaluated at the end of each epoch.  When runs share the
 * cores the clock is the worker thread's CPU time (OpenBLAS then computes
 * on that thread alone), so that a rule's time does not depend on how
 * many other runs went on beside it; a single run is timed by the wall
 * clock, as its GEMMs may use every core.
 *
 * Each run also records two totals from its first step to its end, test
 * evaluations included: the wall-clock time, which is what a user waits
 * for (runs that share the cores take longer by it), and the processor
 * time, of the worker thread when runs share the cores, or else of the
 * whole process, whose other threads then compute the run's GEMMs.
 */

#include "config.h"

#include <cblas.h>
#include <math.h>
#include <time.h>

#include "seqgd-rule.h"
#include "seqgd-sources.h"
#include "seqgd-trainer.h"

/* Rows per forward pass when evaluating. */
#define EVAL_BATCH 500

/* With threads = 0, at most this many runs per core go on at once. */
#define AUTO_RUNS_PER_CORE 4

/* Step records reserved per run before it starts (40 MB); longer runs
 * grow their array now and then. */
#define MAX_RESERVED_STEPS (1u << 20)

/* Least time between two progress reports of one run. */
#define PROGRESS_INTERVAL 0.02

/* Stream numbers mixed into a seed, one per use of randomness. */
#define STREAM_ORDER G_GUINT64_CONSTANT (0x5eb0b0c4e1d2a3f1)
#define STREAM_RULE  G_GUINT64_CONSTANT (0x2c6fe96ee78b6955)

typedef struct
{
  SeqgdResults      *results;
  const SeqgdConfig *config;     /* owned by results */
  SeqgdDataset      *train;
  SeqgdDataset      *test;       /* may be NULL */
  guint              n_layers;
  guint              widths[SEQGD_MLP_MAX_LAYERS + 1];
  GHashTable        *inits;      /* seed (guint64 *) → SeqgdMlp */
  GArray            *pending;    /* run indices, guint */
  gint               next;       /* atomic: next index into pending */
  guint              steps_per_epoch;

  gboolean           cpu_clock;  /* time runs by thread CPU time */

  GCancellable      *cancellable;
  SeqgdProgressFunc  progress;
  gpointer           user_data;
  GMutex             progress_mutex;
  guint64            total_steps;
  guint64            done_steps;  /* under progress_mutex */
} Experiment;

/* A stopwatch on the wall clock or on the calling thread's CPU time. */
typedef struct
{
  clockid_t id;
  double    start;
  double    paused_at;   /* < 0 while running */
} RunClock;

/* Everything one run needs, allocated when it starts. */
typedef struct
{
  guint                index;
  const SeqgdRule     *rule;
  SeqgdRuleState      *state;
  SeqgdMlp            *net;
  SeqgdWorkspace      *eval_ws;
  guint               *order;     /* n_train */
  guint               *indices;   /* EVAL_BATCH, for evaluation */
  float               *x;         /* MAX (batch, EVAL_BATCH) × D0 */
  guint8              *y;         /* MAX (batch, EVAL_BATCH) */
  SeqgdRng             order_rng;
  RunClock             clock;
  double               wall_start;   /* CLOCK_MONOTONIC at the first step */
  double               cpu_start;    /* on cpu_id */
  clockid_t            cpu_id;
  GTimer              *since_report;
  guint64              unreported;   /* steps not yet in done_steps */
  guint64              steps_left;   /* of this run, for progress */
} RunContext;

/* Clock ---------------------------------------------------------------- */

static double
clock_now (clockid_t id)
{
  struct timespec ts;

  clock_gettime (id, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
run_clock_start (RunClock *clock,
                 gboolean  cpu)
{
  clock->id = cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
  clock->start = clock_now (clock->id);
  clock->paused_at = -1;
}

static double
run_clock_elapsed (const RunClock *clock)
{
  double now = clock->paused_at >= 0 ? clock->paused_at
                                     : clock_now (clock->id);

  return now - clock->start;
}

static void
run_clock_pause (RunClock *clock)
{
  clock->paused_at = clock_now (clock->id);
}

static void
run_clock_resume (RunClock *clock)
{
  clock->start += clock_now (clock->id) - clock->paused_at;
  clock->paused_at = -1;
}

/* Randomness ----------------------------------------------------------- */

static void
rng_init_stream (SeqgdRng *rng,
                 guint64   seed,
                 guint64   stream)
{
  SeqgdRng mix;

  seqgd_rng_init (&mix, stream);
  seqgd_rng_init (rng, seed ^ seqgd_rng_next (&mix));
}

/* Data ----------------------------------------------------------------- */

/* Splits off the last @fraction of @full as a test set. */
static gboolean
split_holdout (SeqgdDataset  *full,
               double         fraction,
               SeqgdDataset **train,
               SeqgdDataset **test,
               GError       **error)
{
  guint n_test = (guint) round (full->n * fraction);

  if (n_test == 0)
    n_test = 1;
  if (n_test >= full->n)
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_MISMATCH,
                   "“%s” has too few examples (%u) to hold out a "
                   "fraction %g",
                   full->source, full->n, fraction);
      return FALSE;
    }

  *train = seqgd_dataset_new_subset (full, 0, full->n - n_test);
  *test = seqgd_dataset_new_subset (full, full->n - n_test, n_test);

  return TRUE;
}

gboolean
seqgd_trainer_load_data (const SeqgdConfig  *config,
                         SeqgdDataset      **train,
                         SeqgdDataset      **test,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autofree char *folder = NULL;
  g_autoptr(SeqgdDataset) full_train = NULL;
  g_autoptr(SeqgdDataset) full_test = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (train != NULL && test != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  folder = config->data_dir != NULL ? g_strdup (config->data_dir)
                                    : seqgd_sources_find_default_folder ();
  if (folder == NULL)
    {
      g_autofree char *cache = seqgd_sources_get_mnist_cache_dir ();

      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND,
                   "No data set found in %s or %s; choose a folder with "
                   "MNIST-style IDX files", cache,
                   SEQGD_SOURCES_SYSTEM_FASHION_MNIST);
      return FALSE;
    }

  if (!seqgd_dataset_load_folder (folder, &full_train, &full_test,
                                  cancellable, error))
    return FALSE;

  return seqgd_trainer_split_data (config, full_train, full_test, train, test,
                                   error);
}

gboolean
seqgd_trainer_split_data (const SeqgdConfig  *config,
                          SeqgdDataset       *full_train,
                          SeqgdDataset       *full_test,
                          SeqgdDataset      **train,
                          SeqgdDataset      **test,
                          GError            **error)
{
  g_autoptr(SeqgdDataset) kept = NULL;
  g_autoptr(SeqgdDataset) held = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (full_train != NULL, FALSE);
  g_return_val_if_fail (train != NULL && test != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Without test files the last part of the training set is the test set,
   * taken before train_limit so that it does not move with the limit. */
  if (full_test == NULL && config->holdout > 0)
    {
      if (!split_holdout (full_train, config->holdout, &kept, &held, error))
        return FALSE;
    }
  else
    {
      kept = seqgd_dataset_ref (full_train);
      held = full_test != NULL ? seqgd_dataset_ref (full_test) : NULL;
    }

  if (config->train_limit > 0 && config->train_limit < kept->n)
    {
      SeqgdDataset *limited = seqgd_dataset_new_subset (kept, 0,
                                                        config->train_limit);

      seqgd_dataset_unref (kept);
      kept = limited;
    }

  *train = g_steal_pointer (&kept);
  *test = g_steal_pointer (&held);

  return TRUE;
}

SeqgdResults *
seqgd_trainer_prepare (const SeqgdConfig *config,
                       SeqgdDataset      *train,
                       SeqgdDataset      *test)
{
  SeqgdResults *results;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (train != NULL, NULL);

  results = seqgd_results_new (config, train->name, train->n,
                               test != NULL ? test->n : 0);
  for (guint s = 0; s < config->n_seeds; s++)
    for (guint r = 0; config->rules != NULL && config->rules[r] != NULL; r++)
      seqgd_results_add_run (results, config->rules[r],
                             config->first_seed + s);

  return results;
}

/* Evaluation ----------------------------------------------------------- */

/* Mean loss and accuracy over @data, in passes of ws->max_batch rows
 * through the caller's buffers @x (max_batch × D0), @y and @indices. */
static void
evaluate_into (const SeqgdMlp     *net,
               SeqgdWorkspace     *ws,
               const SeqgdDataset *data,
               float              *x,
               guint8             *y,
               guint              *indices,
               double             *loss,
               double             *accuracy)
{
  double loss_sum = 0;
  guint64 correct = 0;

  g_assert (data->n > 0);

  for (guint first = 0; first < data->n; first += ws->max_batch)
    {
      guint B = MIN (ws->max_batch, data->n - first);

      for (guint i = 0; i < B; i++)
        indices[i] = first + i;
      seqgd_dataset_fill_batch (data, indices, B, x, y);
      loss_sum += (double) seqgd_mlp_forward (net, ws, x, y, B) * B;
      correct += seqgd_mlp_count_correct (net, ws, y, B);
    }

  *loss = loss_sum / data->n;
  *accuracy = (double) correct / data->n;
}

void
seqgd_trainer_evaluate (const SeqgdMlp     *net,
                        SeqgdWorkspace     *ws,
                        const SeqgdDataset *data,
                        double             *loss,
                        double             *accuracy)
{
  g_autofree float *x = NULL;
  g_autofree guint8 *y = NULL;
  g_autofree guint *indices = NULL;

  g_return_if_fail (net != NULL);
  g_return_if_fail (ws != NULL && ws->max_batch > 0);
  g_return_if_fail (data != NULL);
  g_return_if_fail (data->n_features == net->widths[0]);
  g_return_if_fail (loss != NULL && accuracy != NULL);

  if (data->n == 0)
    {
      *loss = NAN;
      *accuracy = NAN;
      return;
    }

  x = g_new (float, (gsize) ws->max_batch * data->n_features);
  y = g_new (guint8, ws->max_batch);
  indices = g_new (guint, ws->max_batch);
  evaluate_into (net, ws, data, x, y, indices, loss, accuracy);
}

/* One run -------------------------------------------------------------- */

static void
report_progress (Experiment *ex,
                 RunContext *ctx,
                 gboolean    force)
{
  double fraction;

  if (!force && g_timer_elapsed (ctx->since_report, NULL) < PROGRESS_INTERVAL)
    return;

  g_mutex_lock (&ex->progress_mutex);
  ex->done_steps += ctx->unreported;
  fraction = ex->total_steps > 0
             ? (double) ex->done_steps / ex->total_steps : 1.0;
  if (ex->progress != NULL)
    ex->progress (MIN (fraction, 1.0), ex->user_data);
  g_mutex_unlock (&ex->progress_mutex);

  ctx->unreported = 0;
  g_timer_start (ctx->since_report);
}

/* A run that stops early counts its remaining steps as done, so that the
 * progress of the whole experiment still ends at 1. */
static void
finish_progress (Experiment *ex,
                 RunContext *ctx)
{
  ctx->unreported += ctx->steps_left;
  ctx->steps_left = 0;
  if (ctx->since_report == NULL)
    ctx->since_report = g_timer_new ();
  report_progress (ex, ctx, TRUE);
}

static void
run_context_clear (RunContext *ctx)
{
  if (ctx->state != NULL)
    ctx->rule->state_free (ctx->state);
  g_clear_pointer (&ctx->net, seqgd_mlp_free);
  g_clear_pointer (&ctx->eval_ws, seqgd_workspace_free);
  g_clear_pointer (&ctx->order, g_free);
  g_clear_pointer (&ctx->indices, g_free);
  g_clear_pointer (&ctx->x, g_free);
  g_clear_pointer (&ctx->y, g_free);
  g_clear_pointer (&ctx->since_report, g_timer_destroy);
}

static gboolean
run_context_init (Experiment     *ex,
                  RunContext     *ctx,
                  const SeqgdRun *run,
                  GError        **error)
{
  guint batch = ex->config->batch_size;
  guint rows = MAX (batch, EVAL_BATCH);
  const SeqgdMlp *init = g_hash_table_lookup (ex->inits, &run->seed);
  SeqgdRng rule_rng;

  g_assert (init != NULL);

  ctx->rule = seqgd_rule_lookup (run->rule);
  if (ctx->rule == NULL)
    {
      g_set_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID,
                   "Rule “%s” is unknown", run->rule);
      return FALSE;
    }

  ctx->net = seqgd_mlp_copy (init);
  rng_init_stream (&rule_rng, run->seed, STREAM_RULE);
  ctx->state = ctx->rule->state_new (ctx->net, batch, &rule_rng, error);
  if (ctx->state == NULL)
    return FALSE;

  ctx->eval_ws = seqgd_workspace_new (ctx->net, EVAL_BATCH);
  ctx->order = g_new (guint, ex->train->n);
  ctx->indices = g_new (guint, EVAL_BATCH);
  ctx->x = g_new (float, (gsize) rows * ex->widths[0]);
  ctx->y = g_new (guint8, rows);
  rng_init_stream (&ctx->order_rng, run->seed, STREAM_ORDER);
  ctx->since_report = g_timer_new ();

  return TRUE;
}

/* Trains one epoch; returns the status to stop with, or RUNNING to go on. */
static SeqgdRunStatus
train_epoch (Experiment *ex,
             RunContext *ctx,
             guint       epoch,
             double     *loss_sum,
             char      **message)
{
  const SeqgdConfig *config = ex->config;
  guint n = ex->train->n;
  guint64 step = (guint64) (epoch - 1) * ex->steps_per_epoch;

  /* The same permutation for every rule of this seed. */
  for (guint i = 0; i < n; i++)
    ctx->order[i] = i;
  seqgd_rng_shuffle (&ctx->order_rng, ctx->order, n);

  *loss_sum = 0;
  for (guint first = 0; first < n; first += config->batch_size)
    {
      guint B = MIN (config->batch_size, n - first);
      SeqgdStepRecord record;

      if (g_cancellable_is_cancelled (ex->cancellable))
        return SEQGD_RUN_CANCELLED;

      seqgd_dataset_fill_batch (ex->train, ctx->order + first, B,
                                ctx->x, ctx->y);
      record.loss = ctx->rule->step (ctx->state, ctx->net, ctx->x, ctx->y, B,
                                     (float) config->learning_rate);
      record.step = ++step;
      record.samples = (guint64) (epoch - 1) * n + first + B;
      record.epoch = (double) record.samples / n;
      record.seconds = run_clock_elapsed (&ctx->clock);
      seqgd_results_append_step (ex->results, ctx->index, &record);
      *loss_sum += record.loss;

      ctx->unreported++;
      ctx->steps_left--;
      report_progress (ex, ctx, FALSE);

      if (!isfinite (record.loss))
        {
          *message = g_strdup_printf ("The loss became %s at step %"
                                      G_GUINT64_FORMAT " (epoch %u)",
                                      isnan (record.loss) ? "NaN" : "infinite",
                                      record.step, epoch);
          return SEQGD_RUN_DIVERGED;
        }
    }

  return SEQGD_RUN_RUNNING;
}

static void
record_epoch (Experiment *ex,
              RunContext *ctx,
              guint       epoch,
              double      loss_sum)
{
  SeqgdEpochRecord record = {
    .epoch = epoch,
    .step = (guint64) epoch * ex->steps_per_epoch,
    .seconds = run_clock_elapsed (&ctx->clock),
    .train_loss = loss_sum / ex->steps_per_epoch,
    .test_loss = NAN,
    .test_accuracy = NAN,
  };

  if (ex->test != NULL && ex->test->n > 0)
    {
      run_clock_pause (&ctx->clock);
      evaluate_into (ctx->net, ctx->eval_ws, ex->test, ctx->x, ctx->y,
                     ctx->indices, &record.test_loss, &record.test_accuracy);
      run_clock_resume (&ctx->clock);
    }

  seqgd_results_append_epoch (ex->results, ctx->index, &record);
}

static void
train_run (Experiment *ex,
           guint       index)
{
  const SeqgdRun *run = seqgd_results_get_run (ex->results, index);
  RunContext ctx = { .index = index };
  SeqgdRunStatus status = SEQGD_RUN_RUNNING;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_cancellable_is_cancelled (ex->cancellable))
    {
      seqgd_results_set_status (ex->results, index, SEQGD_RUN_CANCELLED, NULL);
      return;
    }

  seqgd_results_set_status (ex->results, index, SEQGD_RUN_RUNNING, NULL);
  ctx.steps_left = (guint64) ex->config->epochs * ex->steps_per_epoch;
  if (!run_context_init (ex, &ctx, run, &error))
    {
      seqgd_results_set_status (ex->results, index, SEQGD_RUN_FAILED,
                                error->message);
      finish_progress (ex, &ctx);
      run_context_clear (&ctx);
      return;
    }

  seqgd_results_reserve (ex->results, index,
                         MIN (ex->config->epochs * ex->steps_per_epoch,
                              MAX_RESERVED_STEPS),
                         ex->config->epochs);
  run_clock_start (&ctx.clock, ex->cpu_clock);
  ctx.cpu_id = ex->cpu_clock ? CLOCK_THREAD_CPUTIME_ID
                             : CLOCK_PROCESS_CPUTIME_ID;
  ctx.wall_start = clock_now (CLOCK_MONOTONIC);
  ctx.cpu_start = clock_now (ctx.cpu_id);

  for (guint epoch = 1; status == SEQGD_RUN_RUNNING &&
                        epoch <= ex->config->epochs; epoch++)
    {
      double loss_sum;

      status = train_epoch (ex, &ctx, epoch, &loss_sum, &message);
      if (status == SEQGD_RUN_RUNNING)
        record_epoch (ex, &ctx, epoch, loss_sum);
    }

  seqgd_results_set_times (ex->results, index,
                           clock_now (CLOCK_MONOTONIC) - ctx.wall_start,
                           clock_now (ctx.cpu_id) - ctx.cpu_start);
  finish_progress (ex, &ctx);
  seqgd_results_set_status (ex->results, index,
                            status == SEQGD_RUN_RUNNING ? SEQGD_RUN_FINISHED
                                                        : status,
                            message);
  run_context_clear (&ctx);
}

/* The experiment ------------------------------------------------------- */

static gpointer
worker (gpointer data)
{
  Experiment *ex = data;
  guint next;

  while ((next = (guint) g_atomic_int_add (&ex->next, 1)) < ex->pending->len)
    train_run (ex, g_array_index (ex->pending, guint, next));

  return NULL;
}

/* Worker threads for @n_runs runs: the config's choice, or else every run
 * at once, up to AUTO_RUNS_PER_CORE per core (see the file header). */
static guint
choose_workers (const SeqgdConfig *config,
                guint              n_runs)
{
  guint n = config->threads;

  if (n == 0)
    n = AUTO_RUNS_PER_CORE * MAX (1, g_get_num_processors ());

  return CLAMP (n, 1, MAX (n_runs, 1));
}

static void
run_workers (Experiment *ex,
             guint       n_workers)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
#ifdef OPENBLAS_VERSION
  int blas_threads = openblas_get_num_threads ();
#endif

  ex->cpu_clock = n_workers > 1;
#ifdef OPENBLAS_VERSION

  openblas_set_num_threads (n_workers > 1 ? 1 : g_get_num_processors ());
#endif

  g_debug ("Training %u runs on %u worker threads", ex->pending->len,
           n_workers);
  for (guint i = 1; i < n_workers; i++)
    g_ptr_array_add (threads, g_thread_new ("seqgd-trainer", worker, ex));
  worker (ex);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

#ifdef OPENBLAS_VERSION
  openblas_set_num_threads (blas_threads);
#endif
}

static gboolean
check_data (const SeqgdConfig *config,
            SeqgdDataset      *train,
            SeqgdDataset      *test,
            GError           **error)
{
  if (!seqgd_config_validate (config, error))
    return FALSE;

  if (train->n == 0 || train->n_features == 0 || train->n_classes < 2)
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_FORMAT,
                   "“%s” has no examples to train on", train->source);
      return FALSE;
    }
  if (test != NULL && (test->n_features != train->n_features ||
                       test->n_classes != train->n_classes))
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_MISMATCH,
                   "The test set “%s” has %u features and %u classes, the "
                   "training set %u and %u", test->source, test->n_features,
                   test->n_classes, train->n_features, train->n_classes);
      return FALSE;
    }

  return TRUE;
}

static void
experiment_init (Experiment   *ex,
                 SeqgdResults *results,
                 SeqgdDataset *train,
                 SeqgdDataset *test)
{
  const SeqgdConfig *config = seqgd_results_get_config (results);

  ex->results = results;
  ex->config = config;
  ex->train = train;
  ex->test = test;
  ex->n_layers = config->n_hidden + 1;
  ex->widths[0] = train->n_features;
  for (guint l = 0; l < config->n_hidden; l++)
    ex->widths[l + 1] = config->hidden[l];
  ex->widths[ex->n_layers] = train->n_classes;
  ex->steps_per_epoch = (train->n + config->batch_size - 1) /
                        config->batch_size;
  ex->inits = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                     (GDestroyNotify) seqgd_mlp_free);
  ex->pending = g_array_new (FALSE, FALSE, sizeof (guint));
  g_mutex_init (&ex->progress_mutex);
}

static void
experiment_clear (Experiment *ex)
{
  g_hash_table_unref (ex->inits);
  g_array_unref (ex->pending);
  g_mutex_clear (&ex->progress_mutex);
}

/* Collects the pending runs and draws each seed's initial weights once. */
static void
experiment_collect (Experiment *ex)
{
  guint n_runs = seqgd_results_get_n_runs (ex->results);

  for (guint i = 0; i < n_runs; i++)
    {
      SeqgdRun *run = seqgd_results_get_run (ex->results, i);
      SeqgdMlp *net;
      SeqgdRng rng;

      if (seqgd_results_get_status (ex->results, i) != SEQGD_RUN_PENDING)
        continue;
      g_array_append_val (ex->pending, i);
      ex->total_steps += (guint64) ex->config->epochs * ex->steps_per_epoch;

      if (g_hash_table_contains (ex->inits, &run->seed))
        continue;
      net = seqgd_mlp_new (ex->n_layers, ex->widths, ex->config->activation,
                           ex->config->output);
      seqgd_rng_init (&rng, run->seed);
      seqgd_mlp_init_params (net, ex->config->init, &rng);
      g_hash_table_insert (ex->inits, &run->seed, net);
    }
}

/* FALSE with the first run's message when every run failed to start. */
static gboolean
check_failures (Experiment *ex,
                GError    **error)
{
  SeqgdRun *first = NULL;

  for (guint i = 0; i < ex->pending->len; i++)
    {
      guint index = g_array_index (ex->pending, guint, i);
      SeqgdRun *run = seqgd_results_get_run (ex->results, index);

      if (seqgd_results_get_status (ex->results, index) != SEQGD_RUN_FAILED)
        return TRUE;
      if (first == NULL)
        first = run;
    }

  if (first == NULL)
    return TRUE;

  seqgd_results_lock (ex->results);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "No run could start: %s",
               first->message != NULL ? first->message : "unknown error");
  seqgd_results_unlock (ex->results);

  return FALSE;
}

gboolean
seqgd_trainer_run (SeqgdResults       *results,
                   SeqgdDataset       *train,
                   SeqgdDataset       *test,
                   SeqgdProgressFunc   progress,
                   gpointer            user_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  Experiment ex = { 0 };
  gboolean ok;

  g_return_val_if_fail (results != NULL, FALSE);
  g_return_val_if_fail (train != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable),
                        FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_data (seqgd_results_get_config (results), train, test, error))
    return FALSE;

  experiment_init (&ex, results, train, test);
  ex.progress = progress;
  ex.user_data = user_data;
  ex.cancellable = cancellable;
  experiment_collect (&ex);

  run_workers (&ex, choose_workers (ex.config, ex.pending->len));

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      for (guint i = 0; i < ex.pending->len; i++)
        {
          guint index = g_array_index (ex.pending, guint, i);

          if (seqgd_results_get_status (results, index) == SEQGD_RUN_PENDING)
            seqgd_results_set_status (results, index, SEQGD_RUN_CANCELLED,
                                      NULL);
        }
      ok = FALSE;
    }
  else
    {
      ok = check_failures (&ex, error);
    }

  experiment_clear (&ex);
  return ok;
}
