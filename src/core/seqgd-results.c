/* seqgd-results.c — records of an experiment, their summaries and files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One mutex guards every run's arrays and status.  Trainer threads take it
 * once per appended record, which costs far less than the step itself;
 * readers copy what they need under the lock and draw from the copy.
 *
 * Two file formats describe the same results.  The CSV holds every step
 * record, one row per step, after "# " comment lines with the program, the
 * dataset, the config (as one line of JSON) and each run's status.  The
 * JSON holds the config, the dataset, and per run its status, its epoch
 * records and its summary; steps are left to the CSV.  Numbers are written
 * so that they read back to the same bits (seconds excepted); a
 * non-finite loss is written as nan, inf or -inf, in the JSON as a string
 * since JSON has no such numbers.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "seqgd-config-private.h"
#include "seqgd-results.h"

struct _SeqgdResults
{
  gatomicrefcount  ref_count;
  GMutex           mutex;

  SeqgdConfig     *config;
  char            *dataset;
  guint            n_train;
  guint            n_test;
  GPtrArray       *runs;       /* SeqgdRun */
};

#define CSV_COLUMNS "rule,seed,step,epoch,samples,seconds,loss"

static const char * const status_names[] = {
  [SEQGD_RUN_PENDING] = "pending",
  [SEQGD_RUN_RUNNING] = "running",
  [SEQGD_RUN_FINISHED] = "finished",
  [SEQGD_RUN_DIVERGED] = "diverged",
  [SEQGD_RUN_CANCELLED] = "cancelled",
  [SEQGD_RUN_FAILED] = "failed",
};

static void
run_free (gpointer data)
{
  SeqgdRun *run = data;

  g_free (run->rule);
  g_free (run->message);
  g_array_unref (run->steps);
  g_array_unref (run->epochs);
  g_free (run);
}

static SeqgdRun *
get_run_locked (SeqgdResults *self,
                guint         index)
{
  g_assert (index < self->runs->len);

  return g_ptr_array_index (self->runs, index);
}

/* Number formatting ---------------------------------------------------- */

/* The shortest of %.15g … %.17g that reads back to @value; "nan", "inf"
 * or "-inf" for the non-finite. */
static void
format_double (char   *buffer,
               gsize   size,
               double  value)
{
  if (isnan (value))
    g_strlcpy (buffer, "nan", size);
  else if (isinf (value))
    g_strlcpy (buffer, value > 0 ? "inf" : "-inf", size);
  else
    for (int precision = 15; precision <= 17; precision++)
      {
        char format[8];

        g_snprintf (format, sizeof format, "%%.%dg", precision);
        g_ascii_formatd (buffer, size, format, value);
        if (g_ascii_strtod (buffer, NULL) == value)
          break;
      }
}

static void
format_float (char   *buffer,
              gsize   size,
              float   value)
{
  if (!isfinite (value))
    {
      format_double (buffer, size, value);
      return;
    }

  for (int precision = 6; precision <= 9; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, size, format, value);
      if ((float) g_ascii_strtod (buffer, NULL) == value)
        break;
    }
}

/* One line of text: newlines would break the CSV comment format. */
static char *
one_line (const char *text)
{
  char *copy = g_strdup (text != NULL ? text : "");

  g_strdelimit (copy, "\r\n", ' ');
  return copy;
}

/* Summaries ------------------------------------------------------------ */

/* The 1-based epoch a step belongs to. */
static guint64
step_epoch (const SeqgdStepRecord *record,
            guint                  n_train)
{
  if (n_train > 0)
    return MAX (1, (record->samples + n_train - 1) / n_train);

  return MAX (1, (guint64) ceil (record->epoch - 1e-9));
}

static void
summarize_locked (SeqgdResults    *self,
                  const SeqgdRun  *run,
                  SeqgdRunSummary *summary)
{
  const SeqgdStepRecord *steps = (const SeqgdStepRecord *) run->steps->data;
  guint n = run->steps->len;
  double smoothed = 0, sum = 0;
  guint n_last = 0;

  summary->n_steps = n;
  summary->steps_to_target = -1;
  summary->final_train_loss = NAN;
  summary->final_test_loss = NAN;
  summary->final_test_accuracy = NAN;
  summary->seconds = n > 0 ? steps[n - 1].seconds : 0.0;
  summary->wall_seconds = run->wall_seconds;
  summary->cpu_seconds = run->cpu_seconds;

  for (guint i = 0; i < n; i++)
    {
      smoothed = i == 0 ? steps[i].loss
                        : (1.0 - SEQGD_RESULTS_SMOOTHING) * smoothed +
                          SEQGD_RESULTS_SMOOTHING * steps[i].loss;
      if (summary->steps_to_target < 0 &&
          smoothed <= self->config->loss_target)
        summary->steps_to_target = (gint64) steps[i].step;
    }

  /* Mean batch loss over the steps of the last epoch that has any. */
  for (guint i = n; i > 0; i--)
    {
      if (step_epoch (&steps[i - 1], self->n_train) !=
          step_epoch (&steps[n - 1], self->n_train))
        break;
      sum += steps[i - 1].loss;
      n_last++;
    }
  if (n_last > 0)
    summary->final_train_loss = sum / n_last;

  if (run->epochs->len > 0)
    {
      const SeqgdEpochRecord *last =
        &g_array_index (run->epochs, SeqgdEpochRecord, run->epochs->len - 1);

      summary->final_test_loss = last->test_loss;
      summary->final_test_accuracy = last->test_accuracy;
      summary->seconds = MAX (summary->seconds, last->seconds);

      /* Results read from a JSON file alone have epochs but no steps. */
      if (n == 0)
        {
          summary->final_train_loss = last->train_loss;
          summary->n_steps = last->step;
        }
    }
}

/* The container -------------------------------------------------------- */

SeqgdResults *
seqgd_results_new (const SeqgdConfig *config,
                   const char        *dataset_name,
                   guint              n_train,
                   guint              n_test)
{
  SeqgdResults *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_new0 (SeqgdResults, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->config = seqgd_config_copy (config);
  self->dataset = g_strdup (dataset_name != NULL ? dataset_name : "");
  self->n_train = n_train;
  self->n_test = n_test;
  self->runs = g_ptr_array_new_with_free_func (run_free);

  return self;
}

SeqgdResults *
seqgd_results_ref (SeqgdResults *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
seqgd_results_unref (SeqgdResults *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_ptr_array_unref (self->runs);
  g_free (self->dataset);
  seqgd_config_free (self->config);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const SeqgdConfig *
seqgd_results_get_config (SeqgdResults *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->config;
}

const char *
seqgd_results_get_dataset (SeqgdResults *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->dataset;
}

guint
seqgd_results_get_n_train (SeqgdResults *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_train;
}

guint
seqgd_results_get_n_test (SeqgdResults *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_test;
}

guint
seqgd_results_add_run (SeqgdResults *self,
                       const char   *rule,
                       guint64       seed)
{
  SeqgdRun *run;
  guint index;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (rule != NULL, 0);

  run = g_new0 (SeqgdRun, 1);
  run->rule = g_strdup (rule);
  run->seed = seed;
  run->status = SEQGD_RUN_PENDING;
  run->wall_seconds = NAN;
  run->cpu_seconds = NAN;
  run->steps = g_array_new (FALSE, FALSE, sizeof (SeqgdStepRecord));
  run->epochs = g_array_new (FALSE, FALSE, sizeof (SeqgdEpochRecord));

  g_mutex_lock (&self->mutex);
  index = self->runs->len;
  g_ptr_array_add (self->runs, run);
  g_mutex_unlock (&self->mutex);

  return index;
}

guint
seqgd_results_get_n_runs (SeqgdResults *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n = self->runs->len;
  g_mutex_unlock (&self->mutex);

  return n;
}

SeqgdRun *
seqgd_results_get_run (SeqgdResults *self,
                       guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->runs->len, NULL);

  /* No lock here: callers read a run's arrays with the (non-recursive)
   * lock held, as the header asks, and runs are only added while the
   * results are prepared, before any thread shares them. */
  return g_ptr_array_index (self->runs, index);
}

void
seqgd_results_reserve (SeqgdResults *self,
                       guint         run,
                       guint         n_steps,
                       guint         n_epochs)
{
  SeqgdRun *r;
  guint len;

  g_return_if_fail (self != NULL);
  g_return_if_fail (run < seqgd_results_get_n_runs (self));

  /* Growing and shrinking back keeps the capacity. */
  g_mutex_lock (&self->mutex);
  r = get_run_locked (self, run);
  len = r->steps->len;
  g_array_set_size (r->steps, len + n_steps);
  g_array_set_size (r->steps, len);
  len = r->epochs->len;
  g_array_set_size (r->epochs, len + n_epochs);
  g_array_set_size (r->epochs, len);
  g_mutex_unlock (&self->mutex);
}

void
seqgd_results_lock (SeqgdResults *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
}

void
seqgd_results_unlock (SeqgdResults *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_unlock (&self->mutex);
}

void
seqgd_results_append_step (SeqgdResults          *self,
                           guint                  run,
                           const SeqgdStepRecord *record)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (record != NULL);

  g_mutex_lock (&self->mutex);
  if (run < self->runs->len)
    g_array_append_vals (get_run_locked (self, run)->steps, record, 1);
  else
    g_critical ("%s: no run %u", G_STRFUNC, run);
  g_mutex_unlock (&self->mutex);
}

void
seqgd_results_append_epoch (SeqgdResults           *self,
                            guint                   run,
                            const SeqgdEpochRecord *record)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (record != NULL);

  g_mutex_lock (&self->mutex);
  if (run < self->runs->len)
    g_array_append_vals (get_run_locked (self, run)->epochs, record, 1);
  else
    g_critical ("%s: no run %u", G_STRFUNC, run);
  g_mutex_unlock (&self->mutex);
}

void
seqgd_results_set_status (SeqgdResults   *self,
                          guint           run,
                          SeqgdRunStatus  status,
                          const char     *message)
{
  SeqgdRun *r;

  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) status < G_N_ELEMENTS (status_names));
  g_return_if_fail (run < seqgd_results_get_n_runs (self));

  g_mutex_lock (&self->mutex);
  r = get_run_locked (self, run);
  r->status = status;
  g_free (r->message);
  r->message = g_strdup (message);
  g_mutex_unlock (&self->mutex);
}

void
seqgd_results_set_times (SeqgdResults *self,
                         guint         run,
                         double        wall_seconds,
                         double        cpu_seconds)
{
  SeqgdRun *r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (run < seqgd_results_get_n_runs (self));

  g_mutex_lock (&self->mutex);
  r = get_run_locked (self, run);
  r->wall_seconds = wall_seconds;
  r->cpu_seconds = cpu_seconds;
  g_mutex_unlock (&self->mutex);
}

static GArray *
copy_tail (GArray *array,
           guint   from)
{
  guint size = g_array_get_element_size (array);
  guint n = from < array->len ? array->len - from : 0;
  GArray *copy = g_array_sized_new (FALSE, FALSE, size, n);

  if (n > 0)
    g_array_append_vals (copy, array->data + (gsize) from * size, n);

  return copy;
}

GArray *
seqgd_results_copy_steps (SeqgdResults *self,
                          guint         run,
                          guint         from)
{
  GArray *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (run < seqgd_results_get_n_runs (self), NULL);

  g_mutex_lock (&self->mutex);
  copy = copy_tail (get_run_locked (self, run)->steps, from);
  g_mutex_unlock (&self->mutex);

  return copy;
}

GArray *
seqgd_results_copy_epochs (SeqgdResults *self,
                           guint         run,
                           guint         from)
{
  GArray *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (run < seqgd_results_get_n_runs (self), NULL);

  g_mutex_lock (&self->mutex);
  copy = copy_tail (get_run_locked (self, run)->epochs, from);
  g_mutex_unlock (&self->mutex);

  return copy;
}

SeqgdRunStatus
seqgd_results_get_status (SeqgdResults *self,
                          guint         run)
{
  SeqgdRunStatus status;

  g_return_val_if_fail (self != NULL, SEQGD_RUN_FAILED);
  g_return_val_if_fail (run < seqgd_results_get_n_runs (self),
                        SEQGD_RUN_FAILED);

  g_mutex_lock (&self->mutex);
  status = get_run_locked (self, run)->status;
  g_mutex_unlock (&self->mutex);

  return status;
}

void
seqgd_results_summarize (SeqgdResults    *self,
                         guint            run,
                         SeqgdRunSummary *summary)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (summary != NULL);
  g_return_if_fail (run < seqgd_results_get_n_runs (self));

  g_mutex_lock (&self->mutex);
  summarize_locked (self, get_run_locked (self, run), summary);
  g_mutex_unlock (&self->mutex);
}

typedef struct
{
  guint  n;
  double sum;
  double sum_sq;
} Moments;

static void
moments_add (Moments *m,
             double   value)
{
  if (!isfinite (value))
    return;

  m->n++;
  m->sum += value;
  m->sum_sq += value * value;
}

static SeqgdStat
moments_stat (const Moments *m)
{
  SeqgdStat stat = { m->n, NAN, NAN };
  double var;

  if (m->n == 0)
    return stat;

  stat.mean = m->sum / m->n;
  var = m->n > 1 ? (m->sum_sq - m->n * stat.mean * stat.mean) / (m->n - 1)
                 : 0.0;
  stat.sd = sqrt (MAX (var, 0.0));

  return stat;
}

void
seqgd_rule_summary_compute (SeqgdRuleSummary      *summary,
                            const SeqgdRunStatus  *status,
                            const SeqgdRunSummary *runs,
                            guint                  n_runs)
{
  Moments train = { 0 }, test = { 0 }, acc = { 0 }, wall = { 0 },
          cpu = { 0 }, steps = { 0 };

  g_return_if_fail (summary != NULL);
  g_return_if_fail (n_runs == 0 || (status != NULL && runs != NULL));

  memset (summary, 0, sizeof *summary);
  summary->n_runs = n_runs;

  for (guint i = 0; i < n_runs; i++)
    {
      const SeqgdRunSummary *s = &runs[i];

      g_return_if_fail ((guint) status[i] < G_N_ELEMENTS (summary->n_status));

      summary->n_status[status[i]]++;
      if (status[i] != SEQGD_RUN_FINISHED && status[i] != SEQGD_RUN_RUNNING)
        continue;

      summary->n_counted++;
      moments_add (&train, s->final_train_loss);
      moments_add (&test, s->final_test_loss);
      moments_add (&acc, s->final_test_accuracy);
      moments_add (&wall, s->wall_seconds);
      moments_add (&cpu, s->cpu_seconds);
      if (s->steps_to_target >= 0)
        moments_add (&steps, (double) s->steps_to_target);
    }

  summary->final_train_loss = moments_stat (&train);
  summary->final_test_loss = moments_stat (&test);
  summary->final_test_accuracy = moments_stat (&acc);
  summary->wall_seconds = moments_stat (&wall);
  summary->cpu_seconds = moments_stat (&cpu);
  summary->steps_to_target = moments_stat (&steps);
}

void
seqgd_results_summarize_rule (SeqgdResults     *self,
                              const char       *rule,
                              SeqgdRuleSummary *summary)
{
  g_autoptr(GArray) status = g_array_new (FALSE, FALSE,
                                          sizeof (SeqgdRunStatus));
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE,
                                        sizeof (SeqgdRunSummary));

  g_return_if_fail (self != NULL);
  g_return_if_fail (rule != NULL);
  g_return_if_fail (summary != NULL);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->runs->len; i++)
    {
      const SeqgdRun *run = get_run_locked (self, i);
      SeqgdRunSummary s;

      if (!g_str_equal (run->rule, rule))
        continue;
      summarize_locked (self, run, &s);
      g_array_append_val (status, run->status);
      g_array_append_val (runs, s);
    }
  g_mutex_unlock (&self->mutex);

  seqgd_rule_summary_compute (summary, (SeqgdRunStatus *) status->data,
                              (SeqgdRunSummary *) runs->data, runs->len);
}

const char *
seqgd_run_status_to_string (SeqgdRunStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

gboolean
seqgd_run_status_from_string (const char     *name,
                              SeqgdRunStatus *status)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (name, status_names[i]))
      {
        *status = (SeqgdRunStatus) i;
        return TRUE;
      }

  return FALSE;
}

/* Writing -------------------------------------------------------------- */

static gboolean
write_file (const char *path,
            GString    *contents,
            GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  /* g_file_set_contents writes a temporary file and renames it over
   * @path, so readers never see half a file and a failure leaves the old
   * one intact. */
  if (!g_file_set_contents (path, contents->str, contents->len, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "Could not save “%s”: %s", path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
config_to_line (const SeqgdConfig *config)
{
  g_autoptr(JsonNode) node = seqgd_config_to_json (config);

  return _seqgd_json_to_string (node, FALSE);
}

static void
append_csv_header (SeqgdResults *self,
                   GString      *out)
{
  g_autofree char *config = config_to_line (self->config);
  g_autofree char *dataset = one_line (self->dataset);

  g_string_append (out, "# SeqGD step records, one row per training step\n");
  g_string_append (out, "# program: SeqGD " PACKAGE_VERSION "\n");
  g_string_append_printf (out, "# dataset: %s\n", dataset);
  g_string_append_printf (out, "# n_train: %u\n", self->n_train);
  g_string_append_printf (out, "# n_test: %u\n", self->n_test);
  g_string_append_printf (out, "# config: %s\n", config);

  for (guint i = 0; i < self->runs->len; i++)
    {
      const SeqgdRun *run = get_run_locked (self, i);
      g_autofree char *message = one_line (run->message);

      g_string_append_printf (out, "# run: %s %" G_GUINT64_FORMAT " %s%s%s\n",
                              run->rule, run->seed,
                              status_names[run->status],
                              run->message != NULL ? " " : "", message);
    }

  g_string_append (out, CSV_COLUMNS "\n");
}

static void
append_csv_rows (const SeqgdRun *run,
                 GString        *out)
{
  for (guint i = 0; i < run->steps->len; i++)
    {
      const SeqgdStepRecord *r =
        &g_array_index (run->steps, SeqgdStepRecord, i);
      char epoch[G_ASCII_DTOSTR_BUF_SIZE];
      char seconds[G_ASCII_DTOSTR_BUF_SIZE];
      char loss[G_ASCII_DTOSTR_BUF_SIZE];

      format_double (epoch, sizeof epoch, r->epoch);
      g_ascii_formatd (seconds, sizeof seconds, "%.6f", r->seconds);
      format_float (loss, sizeof loss, r->loss);
      g_string_append_printf (out, "%s,%" G_GUINT64_FORMAT ",%"
                              G_GUINT64_FORMAT ",%s,%" G_GUINT64_FORMAT
                              ",%s,%s\n", run->rule, run->seed, r->step,
                              epoch, r->samples, seconds, loss);
    }
}

gboolean
seqgd_results_save_csv (SeqgdResults  *self,
                        const char    *path,
                        GError       **error)
{
  g_autoptr(GString) out = g_string_sized_new (1 << 16);

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->mutex);
  append_csv_header (self, out);
  for (guint i = 0; i < self->runs->len; i++)
    append_csv_rows (get_run_locked (self, i), out);
  g_mutex_unlock (&self->mutex);

  return write_file (path, out, error);
}

/* JSON has no NaN or infinity: those are written as strings. */
static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    {
      json_builder_add_double_value (builder, value);
    }
  else
    {
      char text[8];

      format_double (text, sizeof text, value);
      json_builder_add_string_value (builder, text);
    }
}

static void
add_epochs (JsonBuilder    *builder,
            const SeqgdRun *run)
{
  json_builder_set_member_name (builder, "epochs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < run->epochs->len; i++)
    {
      const SeqgdEpochRecord *e =
        &g_array_index (run->epochs, SeqgdEpochRecord, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "epoch");
      json_builder_add_int_value (builder, e->epoch);
      json_builder_set_member_name (builder, "step");
      json_builder_add_int_value (builder, (gint64) e->step);
      add_number (builder, "seconds", e->seconds);
      add_number (builder, "train_loss", e->train_loss);
      add_number (builder, "test_loss", e->test_loss);
      add_number (builder, "test_accuracy", e->test_accuracy);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_summary (JsonBuilder           *builder,
             const SeqgdRunSummary *summary)
{
  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  add_number (builder, "final_train_loss", summary->final_train_loss);
  add_number (builder, "final_test_loss", summary->final_test_loss);
  add_number (builder, "final_test_accuracy", summary->final_test_accuracy);
  add_number (builder, "seconds", summary->seconds);
  add_number (builder, "wall_seconds", summary->wall_seconds);
  add_number (builder, "cpu_seconds", summary->cpu_seconds);
  json_builder_set_member_name (builder, "steps_to_target");
  if (summary->steps_to_target >= 0)
    json_builder_add_int_value (builder, summary->steps_to_target);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "n_steps");
  json_builder_add_int_value (builder, (gint64) summary->n_steps);
  json_builder_end_object (builder);
}

static void
add_run (JsonBuilder  *builder,
         SeqgdResults *self,
         guint         index)
{
  const SeqgdRun *run = get_run_locked (self, index);
  SeqgdRunSummary summary;

  summarize_locked (self, run, &summary);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rule");
  json_builder_add_string_value (builder, run->rule);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, (gint64) run->seed);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status_names[run->status]);
  json_builder_set_member_name (builder, "message");
  if (run->message != NULL)
    json_builder_add_string_value (builder, run->message);
  else
    json_builder_add_null_value (builder);
  add_epochs (builder, run);
  add_summary (builder, &summary);
  json_builder_end_object (builder);
}

static JsonNode *
results_to_json_locked (SeqgdResults *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "program");
  json_builder_add_string_value (builder, "SeqGD " PACKAGE_VERSION);
  json_builder_set_member_name (builder, "config");
  json_builder_add_value (builder, seqgd_config_to_json (self->config));

  json_builder_set_member_name (builder, "dataset");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->dataset);
  json_builder_set_member_name (builder, "n_train");
  json_builder_add_int_value (builder, self->n_train);
  json_builder_set_member_name (builder, "n_test");
  json_builder_add_int_value (builder, self->n_test);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "runs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->runs->len; i++)
    add_run (builder, self, i);
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
seqgd_results_save_json (SeqgdResults  *self,
                         const char    *path,
                         GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->mutex);
  root = results_to_json_locked (self);
  g_mutex_unlock (&self->mutex);

  text = _seqgd_json_to_string (root, TRUE);
  out = g_string_new (text);
  g_string_append_c (out, '\n');

  return write_file (path, out, error);
}

/* Reading -------------------------------------------------------------- */

static gboolean
bad_file (GError    **error,
          const char *path,
          guint       line,
          const char *format,
          ...) G_GNUC_PRINTF (4, 5);

static gboolean
bad_file (GError    **error,
          const char *path,
          guint       line,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "“%s”, line %u: %s", path, line, message);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "“%s”: %s", path, message);

  return FALSE;
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;

  errno = 0;
  *value = g_ascii_strtod (text, &end);
  return *end == '\0' && (errno == 0 || errno == ERANGE);
}

static gboolean
parse_u64 (const char *text,
           guint64    *value)
{
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, value, NULL);
}

/* The run of @rule and @seed, added when it is not there yet. */
static guint
find_or_add_run (SeqgdResults *self,
                 GHashTable   *index,
                 const char   *rule,
                 guint64       seed)
{
  g_autofree char *key = g_strdup_printf ("%s %" G_GUINT64_FORMAT, rule, seed);
  gpointer found;

  if (g_hash_table_lookup_extended (index, key, NULL, &found))
    return GPOINTER_TO_UINT (found);

  found = GUINT_TO_POINTER (seqgd_results_add_run (self, rule, seed));
  g_hash_table_insert (index, g_steal_pointer (&key), found);

  return GPOINTER_TO_UINT (found);
}

static GHashTable *
index_runs (SeqgdResults *self)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal,
                                             g_free, NULL);

  for (guint i = 0; i < self->runs->len; i++)
    {
      SeqgdRun *run = g_ptr_array_index (self->runs, i);

      g_hash_table_insert (index,
                           g_strdup_printf ("%s %" G_GUINT64_FORMAT,
                                            run->rule, run->seed),
                           GUINT_TO_POINTER (i));
    }

  return index;
}

typedef struct
{
  const char    *path;
  guint          line;
  SeqgdResults  *results;     /* given (from the JSON) or made here */
  gboolean       own_header;  /* results come from this file's header */
  SeqgdConfig   *config;
  char          *dataset;
  guint64        n_train;
  guint64        n_test;
  GPtrArray     *run_lines;   /* "# run:" values, applied with the header */
  GHashTable    *index;
  int            column[7];   /* CSV_COLUMNS order → field number */
} CsvReader;

static void
csv_reader_clear (CsvReader *reader)
{
  g_clear_pointer (&reader->config, seqgd_config_free);
  g_clear_pointer (&reader->dataset, g_free);
  g_clear_pointer (&reader->run_lines, g_ptr_array_unref);
  g_clear_pointer (&reader->index, g_hash_table_unref);
}

static gboolean
csv_comment (CsvReader   *reader,
             const char  *text,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_str_has_prefix (text, "dataset: "))
    {
      g_free (reader->dataset);
      reader->dataset = g_strdup (text + 9);
    }
  else if (g_str_has_prefix (text, "n_train: "))
    {
      if (!parse_u64 (text + 9, &reader->n_train) ||
          reader->n_train > G_MAXUINT)
        return bad_file (error, reader->path, reader->line,
                         "n_train is not a count");
    }
  else if (g_str_has_prefix (text, "n_test: "))
    {
      if (!parse_u64 (text + 8, &reader->n_test) ||
          reader->n_test > G_MAXUINT)
        return bad_file (error, reader->path, reader->line,
                         "n_test is not a count");
    }
  else if (g_str_has_prefix (text, "config: "))
    {
      g_clear_pointer (&reader->config, seqgd_config_free);
      reader->config = seqgd_config_from_string (text + 8, &local_error);
      if (reader->config == NULL)
        return bad_file (error, reader->path, reader->line, "%s",
                         local_error->message);
    }
  else if (g_str_has_prefix (text, "run: "))
    g_ptr_array_add (reader->run_lines, g_strdup (text + 5));

  return TRUE;
}

/* "rule seed status[ message]" */
static gboolean
csv_apply_run_line (CsvReader  *reader,
                    const char *text,
                    GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (text, " ", 4);
  SeqgdRunStatus status;
  guint64 seed;
  guint run;

  if (g_strv_length (parts) < 3 || !parse_u64 (parts[1], &seed) ||
      !seqgd_run_status_from_string (parts[2], &status))
    return bad_file (error, reader->path, 0, "bad run line “%s”", text);

  run = find_or_add_run (reader->results, reader->index, parts[0], seed);
  seqgd_results_set_status (reader->results, run, status, parts[3]);

  return TRUE;
}

/* The column header ends the comments: the results can now be made. */
static gboolean
csv_columns (CsvReader   *reader,
             const char  *text,
             GError     **error)
{
  static const char * const names[] = {
    "rule", "seed", "step", "epoch", "samples", "seconds", "loss",
  };
  g_auto(GStrv) fields = g_strsplit (text, ",", -1);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      reader->column[i] = -1;
      for (guint j = 0; fields[j] != NULL; j++)
        if (g_str_equal (g_strstrip (fields[j]), names[i]))
          reader->column[i] = (int) j;
      if (reader->column[i] < 0)
        return bad_file (error, reader->path, reader->line,
                         "the column “%s” is missing", names[i]);
    }

  if (reader->results == NULL)
    {
      if (reader->config == NULL)
        return bad_file (error, reader->path, 0,
                         "the experiment config is missing");
      reader->results = seqgd_results_new (reader->config, reader->dataset,
                                           reader->n_train, reader->n_test);
      reader->own_header = TRUE;
    }

  reader->index = index_runs (reader->results);
  for (guint i = 0; reader->own_header && i < reader->run_lines->len; i++)
    if (!csv_apply_run_line (reader, g_ptr_array_index (reader->run_lines, i),
                             error))
      return FALSE;

  return TRUE;
}

static gboolean
csv_row (CsvReader   *reader,
         char        *text,
         GError     **error)
{
  g_auto(GStrv) fields = g_strsplit (text, ",", -1);
  guint n_fields = g_strv_length (fields);
  SeqgdStepRecord record;
  guint64 seed;
  double loss;
  guint run;

  for (guint i = 0; i < G_N_ELEMENTS (reader->column); i++)
    if ((guint) reader->column[i] >= n_fields)
      return bad_file (error, reader->path, reader->line,
                       "expected %u fields, found %u",
                       (guint) G_N_ELEMENTS (reader->column), n_fields);

#define FIELD(i) (fields[reader->column[i]])
  if (*FIELD (0) == '\0' || !parse_u64 (FIELD (1), &seed) ||
      !parse_u64 (FIELD (2), &record.step) ||
      !parse_double (FIELD (3), &record.epoch) ||
      !parse_u64 (FIELD (4), &record.samples) ||
      !parse_double (FIELD (5), &record.seconds) ||
      !parse_double (FIELD (6), &loss))
    return bad_file (error, reader->path, reader->line,
                     "a field is empty or not a number");
  record.loss = (float) loss;

  run = find_or_add_run (reader->results, reader->index, FIELD (0), seed);
#undef FIELD

  if (reader->own_header && seqgd_results_get_status (reader->results, run) ==
                            SEQGD_RUN_PENDING)
    seqgd_results_set_status (reader->results, run, SEQGD_RUN_FINISHED, NULL);
  seqgd_results_append_step (reader->results, run, &record);

  return TRUE;
}

static gboolean
csv_line (CsvReader  *reader,
          char       *text,
          GError    **error)
{
  gsize len = strlen (text);

  if (len > 0 && text[len - 1] == '\r')
    text[len - 1] = '\0';

  if (text[0] == '\0')
    return TRUE;
  if (text[0] == '#')
    {
      if (reader->index != NULL)
        return TRUE;
      return csv_comment (reader, text[1] == ' ' ? text + 2 : text + 1,
                          error);
    }
  if (reader->index == NULL)
    return csv_columns (reader, text, error);

  return csv_row (reader, text, error);
}

/* Reads @path into @results, or into new results made from its header when
 * *@results is NULL. */
static gboolean
load_csv (const char    *path,
          SeqgdResults **results,
          GError       **error)
{
  g_autofree char *contents = NULL;
  CsvReader reader = { .path = path, .results = *results };
  char *line, *next;
  gboolean ok = TRUE;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;

  reader.run_lines = g_ptr_array_new_with_free_func (g_free);
  for (line = contents; ok && line != NULL; line = next)
    {
      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      reader.line++;
      ok = csv_line (&reader, line, error);
    }

  if (ok && reader.index == NULL)
    ok = bad_file (error, path, 0, "the column header “" CSV_COLUMNS
                   "” is missing");

  if (ok && reader.own_header)
    *results = reader.results;
  else if (reader.own_header)
    seqgd_results_unref (reader.results);

  csv_reader_clear (&reader);
  return ok;
}

/* Members of an expected type, or NULL; json-glib's own getters warn on a
 * wrong type, and a file is not to be trusted. */
static JsonArray *
json_array_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node)
         ? json_node_get_array (node) : NULL;
}

static JsonObject *
json_object_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node)
         ? json_node_get_object (node) : NULL;
}

static const char *
json_string_member (JsonObject *object,
                    const char *name,
                    const char *fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;

  return json_node_get_string (node);
}

/* A number, or one of the strings "nan", "inf", "-inf"; null reads as NaN. */
static gboolean
json_number (JsonObject *object,
             const char *name,
             double     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NAN;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    case G_TYPE_STRING:
      return parse_double (json_node_get_string (node), value) &&
             !isfinite (*value);
    default:
      return FALSE;
    }
}

static gboolean
json_uint (JsonObject *object,
           const char *name,
           guint64     max,
           guint64    *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || (guint64) json_node_get_int (node) > max)
    return FALSE;

  *value = (guint64) json_node_get_int (node);
  return TRUE;
}

static gboolean
json_epoch (JsonNode         *node,
            SeqgdEpochRecord *record)
{
  JsonObject *object;
  guint64 epoch;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);

  if (!json_uint (object, "epoch", G_MAXUINT, &epoch) ||
      !json_uint (object, "step", G_MAXUINT64, &record->step) ||
      !json_number (object, "seconds", &record->seconds) ||
      !json_number (object, "train_loss", &record->train_loss) ||
      !json_number (object, "test_loss", &record->test_loss) ||
      !json_number (object, "test_accuracy", &record->test_accuracy))
    return FALSE;

  record->epoch = (guint) epoch;
  return TRUE;
}

static gboolean
json_run (SeqgdResults *self,
          JsonNode     *node)
{
  JsonObject *object, *summary;
  JsonArray *epochs;
  SeqgdRunStatus status;
  const char *rule, *status_name, *message;
  guint64 seed;
  guint run;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);

  rule = json_string_member (object, "rule", NULL);
  status_name = json_string_member (object, "status", "finished");
  message = json_string_member (object, "message", NULL);
  epochs = json_array_member (object, "epochs");
  summary = json_object_member (object, "summary");
  if (rule == NULL || !json_uint (object, "seed", G_MAXINT64, &seed) ||
      !seqgd_run_status_from_string (status_name, &status))
    return FALSE;

  run = seqgd_results_add_run (self, rule, seed);
  seqgd_results_set_status (self, run, status, message);
  if (summary != NULL)
    {
      double wall, cpu;

      if (!json_number (summary, "wall_seconds", &wall) ||
          !json_number (summary, "cpu_seconds", &cpu))
        return FALSE;
      seqgd_results_set_times (self, run, wall, cpu);
    }
  for (guint i = 0; epochs != NULL && i < json_array_get_length (epochs); i++)
    {
      SeqgdEpochRecord record;

      if (!json_epoch (json_array_get_element (epochs, i), &record))
        return FALSE;
      seqgd_results_append_epoch (self, run, &record);
    }

  return TRUE;
}

static SeqgdResults *
results_from_json (const char  *path,
                   JsonNode    *root,
                   GError     **error)
{
  g_autoptr(SeqgdConfig) config = NULL;
  g_autoptr(SeqgdResults) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object, *dataset;
  JsonNode *config_node;
  JsonArray *runs;
  guint64 n_train = 0, n_test = 0;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return bad_file (error, path, 0, "not a results object"), NULL;
  object = json_node_get_object (root);

  config_node = json_object_get_member (object, "config");
  if (config_node == NULL)
    return bad_file (error, path, 0, "the experiment config is missing"), NULL;
  config = seqgd_config_from_json (config_node, &local_error);
  if (config == NULL)
    return bad_file (error, path, 0, "%s", local_error->message), NULL;

  dataset = json_object_member (object, "dataset");
  if (dataset != NULL)
    {
      json_uint (dataset, "n_train", G_MAXUINT, &n_train);
      json_uint (dataset, "n_test", G_MAXUINT, &n_test);
    }
  self = seqgd_results_new (config, dataset == NULL ? NULL :
                            json_string_member (dataset, "name", NULL),
                            (guint) n_train, (guint) n_test);

  runs = json_array_member (object, "runs");
  for (guint i = 0; runs != NULL && i < json_array_get_length (runs); i++)
    if (!json_run (self, json_array_get_element (runs, i)))
      return bad_file (error, path, 0, "run %u is not valid", i + 1), NULL;

  return g_steal_pointer (&self);
}

static SeqgdResults *
load_json (const char  *path,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_mapped_file (parser, path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        bad_file (error, path, 0, "%s", local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    return bad_file (error, path, 0, "the file is empty"), NULL;

  return results_from_json (path, json_parser_get_root (parser), error);
}

SeqgdResults *
seqgd_results_load (const char  *csv_path,
                    const char  *json_path,
                    GError     **error)
{
  g_autoptr(SeqgdResults) self = NULL;

  g_return_val_if_fail (csv_path != NULL || json_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (json_path != NULL && (self = load_json (json_path, error)) == NULL)
    return NULL;
  if (csv_path != NULL && !load_csv (csv_path, &self, error))
    return NULL;

  return g_steal_pointer (&self);
}
