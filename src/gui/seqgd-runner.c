/* seqgd-runner.c — runs an experiment off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two one-shot worker tasks: the first loads the data and prepares the
 * results, the second trains.  Between them the main thread learns about
 * the results, so the window can show the runs before the first step.
 * Workers only touch the shared RunState, which each task holds a
 * reference to; progress travels through an atomic integer.  While a task
 * is out the application is held, so it cannot quit under a worker.
 */

#include "config.h"

#include "seqgd-runner.h"
#include "seqgd-trainer.h"

#define PROGRESS_SCALE 1000000

typedef struct
{
  SeqgdConfig  *config;
  SeqgdDataset *train;
  SeqgdDataset *test;
  SeqgdResults *results;
  gint          progress; /* fraction done × PROGRESS_SCALE, atomic */
} RunState;

struct _SeqgdRunner
{
  GObject       parent_instance;

  /* Owned */
  GCancellable *cancellable;
  RunState     *state;
  SeqgdResults *results;
  GApplication *held_app;

  gint64        train_started; /* monotonic µs; 0 before training */
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (SeqgdRunner, seqgd_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_RESULTS,
  N_PROPS
};

enum {
  PREPARED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
run_state_clear (gpointer data)
{
  RunState *state = data;

  g_clear_pointer (&state->config, seqgd_config_free);
  g_clear_pointer (&state->train, seqgd_dataset_unref);
  g_clear_pointer (&state->test, seqgd_dataset_unref);
  g_clear_pointer (&state->results, seqgd_results_unref);
}

static void
run_state_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, run_state_clear);
}

static void
seqgd_runner_finish (SeqgdRunner  *self,
                     const GError *error)
{
  g_autoptr(GApplication) app = g_steal_pointer (&self->held_app);

  g_assert (self->running);

  self->running = FALSE;
  self->train_started = 0;
  g_clear_pointer (&self->state, run_state_release);
  g_clear_object (&self->cancellable);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, error);

  if (app != NULL)
    g_application_release (app);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  RunState *state = user_data;

  g_atomic_int_set (&state->progress,
                    (gint) (CLAMP (fraction, 0.0, 1.0) * PROGRESS_SCALE));
}

static void
train_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RunState *state = task_data;
  GError *error = NULL;

  if (seqgd_trainer_run (state->results, state->train, state->test,
                         progress_cb, state, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
train_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SeqgdRunner *self = SEQGD_RUNNER (object);
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  seqgd_runner_finish (self, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  RunState *state = task_data;
  GError *error = NULL;

  if (!seqgd_trainer_load_data (state->config, &state->train, &state->test,
                                cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  state->results = seqgd_trainer_prepare (state->config, state->train,
                                          state->test);
  g_task_return_boolean (task, TRUE);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SeqgdRunner *self = SEQGD_RUNNER (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_cancellable_set_error_if_cancelled (self->cancellable, &error))
    {
      seqgd_runner_finish (self, error);
      return;
    }

  self->results = seqgd_results_ref (self->state->results);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
  g_signal_emit (self, signals[PREPARED], 0);

  /* A handler may have cancelled; the trainer then returns at once. */
  self->train_started = g_get_monotonic_time ();
  task = g_task_new (self, self->cancellable, train_done_cb, NULL);
  g_task_set_source_tag (task, train_thread);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self->state),
                        run_state_release);
  g_task_run_in_thread (task, train_thread);
}

static void
seqgd_runner_dispose (GObject *object)
{
  SeqgdRunner *self = SEQGD_RUNNER (object);

  /* Tasks hold a reference, so this only happens when nothing runs. */
  g_assert (!self->running);
  g_clear_pointer (&self->results, seqgd_results_unref);

  G_OBJECT_CLASS (seqgd_runner_parent_class)->dispose (object);
}

static void
seqgd_runner_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SeqgdRunner *self = SEQGD_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_RESULTS:
      g_value_set_pointer (value, self->results);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqgd_runner_class_init (SeqgdRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = seqgd_runner_dispose;
  object_class->get_property = seqgd_runner_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RESULTS] =
    g_param_spec_pointer ("results", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The data is loaded and every run exists, pending. */
  signals[PREPARED] =
    g_signal_new ("prepared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Training ended; the error is NULL on success, G_IO_ERROR_CANCELLED
   * after a cancel, or says why nothing could run. */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
seqgd_runner_init (SeqgdRunner *self)
{
}

SeqgdRunner *
seqgd_runner_new (void)
{
  return g_object_new (SEQGD_TYPE_RUNNER, NULL);
}

/**
 * seqgd_runner_start:
 * @self: a #SeqgdRunner
 * @config: the experiment, copied
 *
 * Loads the data @config names and trains every run in worker threads.
 * Emits #SeqgdRunner::prepared once the results exist and
 * #SeqgdRunner::finished at the end.
 *
 * Returns: %FALSE when an experiment is already running
 */
gboolean
seqgd_runner_start (SeqgdRunner       *self,
                    const SeqgdConfig *config)
{
  g_autoptr(GTask) task = NULL;
  GApplication *app;

  g_return_val_if_fail (SEQGD_IS_RUNNER (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (self->running)
    return FALSE;

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  self->state = g_atomic_rc_box_new0 (RunState);
  self->state->config = seqgd_config_copy (config);

  app = g_application_get_default ();
  if (app != NULL)
    {
      self->held_app = g_object_ref (app);
      g_application_hold (app);
    }

  if (self->results != NULL)
    {
      g_clear_pointer (&self->results, seqgd_results_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, load_thread);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self->state),
                        run_state_release);
  g_task_run_in_thread (task, load_thread);

  return TRUE;
}

void
seqgd_runner_cancel (SeqgdRunner *self)
{
  g_return_if_fail (SEQGD_IS_RUNNER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
seqgd_runner_get_running (SeqgdRunner *self)
{
  g_return_val_if_fail (SEQGD_IS_RUNNER (self), FALSE);

  return self->running;
}

/**
 * seqgd_runner_get_results:
 * @self: a #SeqgdRunner
 *
 * Returns: (transfer none) (nullable): the results of the current or last
 *   experiment, or %NULL before they are prepared
 */
SeqgdResults *
seqgd_runner_get_results (SeqgdRunner *self)
{
  g_return_val_if_fail (SEQGD_IS_RUNNER (self), NULL);

  return self->results;
}

/* The fraction of all training steps done, 0 while loading. */
double
seqgd_runner_get_fraction (SeqgdRunner *self)
{
  g_return_val_if_fail (SEQGD_IS_RUNNER (self), 0.0);

  if (self->state == NULL)
    return 0.0;

  return g_atomic_int_get (&self->state->progress) / (double) PROGRESS_SCALE;
}

/* Seconds left at the rate so far, or a negative value when unknown. */
double
seqgd_runner_get_eta (SeqgdRunner *self)
{
  double fraction;
  double elapsed;

  g_return_val_if_fail (SEQGD_IS_RUNNER (self), -1.0);

  fraction = seqgd_runner_get_fraction (self);
  if (self->train_started == 0 || fraction < 0.005)
    return -1.0;

  elapsed = (g_get_monotonic_time () - self->train_started) / 1e6;
  if (elapsed < 1.0)
    return -1.0;

  return elapsed * (1.0 - fraction) / fraction;
}
