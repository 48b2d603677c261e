/* seqgd-plot-model.c — runs, rules and the values a plot draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model keeps copies of every run's records and, for the options last
 * drawn, one SeqgdPlotSeries per run: x values, values, smoothed values,
 * the drawn (possibly log10) values and min/max summaries per block of
 * points.  All of it grows incrementally: appending records costs time in
 * proportion to the new records (the centred window recomputes only the
 * tail whose window was still open), so syncing on every frame of a long
 * run stays cheap.  Each rule's mean and band over its seeds grow the
 * same way (seqgd-plot-aggregate.c).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "seqgd-plot-private.h"

typedef struct
{
  char          *rule;
  guint64        seed;
  guint          rule_index;
  SeqgdRunStatus status;
  GArray        *steps;      /* SeqgdStepRecord */
  GArray        *epochs;     /* SeqgdEpochRecord */
  guint64        bad_step;   /* first non-finite step, 0: none */
  gboolean       has_bad;
  SeqgdPlotSeries series;
  double        *psum;       /* prefix sums of finite values, n + 1 */
  guint         *pbad;       /* prefix counts of non-finite values */
} PlotRun;

typedef struct
{
  char    *id;
  char    *label;
  char    *study_name;
  gboolean visible;
  SeqgdPlotAggregate *aggregate;  /* mean and band, made when drawn */
} PlotRule;

struct _SeqgdPlotModel
{
  gatomicrefcount    ref_count;
  GPtrArray         *runs;      /* PlotRun */
  GPtrArray         *rules;     /* PlotRule */
  guint64            generation;
  guint              n_train;

  SeqgdPlotKey       key;
  gboolean           have_key;
  guint64            series_reset;  /* times every series started over */

  GPtrArray         *meta_keys;
  GHashTable        *meta;

  gpointer           source;
  GDestroyNotify     source_free;
  SeqgdPlotCsvWriter csv_writer;
};

/* Okabe & Ito (2008), ordered so that the first three are far apart in
 * hue and in lightness; yellow, weak on white, comes last. */
static const guint32 palette[] = {
  0x0072B2, /* blue */
  0xD55E00, /* vermillion */
  0x009E73, /* bluish green */
  0xCC79A7, /* reddish purple */
  0xE69F00, /* orange */
  0x56B4E9, /* sky blue */
  0x000000, /* black */
  0xF0E442, /* yellow */
};

static void
series_clear (SeqgdPlotSeries *s)
{
  g_clear_pointer (&s->x, g_free);
  g_clear_pointer (&s->v, g_free);
  g_clear_pointer (&s->s, g_free);
  g_clear_pointer (&s->t, g_free);
  g_clear_pointer (&s->rt, g_free);
  g_clear_pointer (&s->t_min, g_free);
  g_clear_pointer (&s->t_max, g_free);
  g_clear_pointer (&s->rt_min, g_free);
  g_clear_pointer (&s->rt_max, g_free);
  g_clear_pointer (&s->t_bad, g_free);
  g_clear_pointer (&s->rt_bad, g_free);
  memset (s, 0, sizeof *s);
}

static void
plot_run_free (gpointer data)
{
  PlotRun *run = data;

  g_free (run->rule);
  g_array_unref (run->steps);
  g_array_unref (run->epochs);
  series_clear (&run->series);
  g_free (run->psum);
  g_free (run->pbad);
  g_free (run);
}

static void
plot_rule_free (gpointer data)
{
  PlotRule *rule = data;

  g_free (rule->id);
  g_free (rule->label);
  g_free (rule->study_name);
  _seqgd_plot_aggregate_free (rule->aggregate);
  g_free (rule);
}

void
seqgd_plot_options_init (SeqgdPlotOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->quantity = SEQGD_PLOT_Y_TRAIN_LOSS;
  options->x_mode = SEQGD_PLOT_X_STEPS;
  options->smoothing = SEQGD_PLOT_SMOOTH_NONE;
  options->ema_weight = 0.9;
  options->window_epochs = 0.1;
  options->band = SEQGD_PLOT_BAND_MIN_MAX;
  seqgd_plot_view_reset (&options->view);
}

void
seqgd_plot_view_reset (SeqgdPlotView *view)
{
  g_return_if_fail (view != NULL);

  view->automatic = TRUE;
  view->x_min = 0;
  view->x_max = 1;
  view->y_min = 0;
  view->y_max = 1;
}

static const char * const quantity_names[] = {
  "train-loss", "test-loss", "test-accuracy",
};

static const char * const x_mode_names[] = {
  "steps", "epochs", "samples", "seconds",
};

const char *
seqgd_plot_quantity_to_string (SeqgdPlotQuantity quantity)
{
  g_return_val_if_fail (quantity <= SEQGD_PLOT_Y_TEST_ACCURACY, NULL);

  return quantity_names[quantity];
}

gboolean
seqgd_plot_quantity_from_string (const char        *name,
                                 SeqgdPlotQuantity *quantity)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (quantity_names); i++)
    if (g_ascii_strcasecmp (name, quantity_names[i]) == 0)
      {
        if (quantity != NULL)
          *quantity = (SeqgdPlotQuantity) i;
        return TRUE;
      }
  return FALSE;
}

const char *
seqgd_plot_x_mode_to_string (SeqgdPlotXMode mode)
{
  g_return_val_if_fail (mode <= SEQGD_PLOT_X_SECONDS, NULL);

  return x_mode_names[mode];
}

gboolean
seqgd_plot_x_mode_from_string (const char     *name,
                               SeqgdPlotXMode *mode)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (x_mode_names); i++)
    if (g_ascii_strcasecmp (name, x_mode_names[i]) == 0)
      {
        if (mode != NULL)
          *mode = (SeqgdPlotXMode) i;
        return TRUE;
      }
  return FALSE;
}

SeqgdPlotModel *
seqgd_plot_model_new (void)
{
  SeqgdPlotModel *self = g_new0 (SeqgdPlotModel, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->runs = g_ptr_array_new_with_free_func (plot_run_free);
  self->rules = g_ptr_array_new_with_free_func (plot_rule_free);
  self->meta_keys = g_ptr_array_new_with_free_func (g_free);
  self->meta = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  return self;
}

SeqgdPlotModel *
seqgd_plot_model_ref (SeqgdPlotModel *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
drop_source (SeqgdPlotModel *self)
{
  if (self->source != NULL && self->source_free != NULL)
    self->source_free (self->source);
  self->source = NULL;
  self->source_free = NULL;
  self->csv_writer = NULL;
}

void
seqgd_plot_model_unref (SeqgdPlotModel *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  drop_source (self);
  g_ptr_array_unref (self->runs);
  g_ptr_array_unref (self->rules);
  g_ptr_array_unref (self->meta_keys);
  g_hash_table_unref (self->meta);
  g_free (self);
}

void
seqgd_plot_model_clear (SeqgdPlotModel *self)
{
  g_return_if_fail (self != NULL);

  drop_source (self);
  g_ptr_array_set_size (self->runs, 0);
  g_ptr_array_set_size (self->rules, 0);
  g_ptr_array_set_size (self->meta_keys, 0);
  g_hash_table_remove_all (self->meta);
  self->n_train = 0;
  self->generation++;
}

guint64
seqgd_plot_model_get_generation (SeqgdPlotModel *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->generation;
}

int
seqgd_plot_model_find_rule (SeqgdPlotModel *self,
                            const char     *rule_id)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (rule_id != NULL, -1);

  for (guint i = 0; i < self->rules->len; i++)
    {
      PlotRule *rule = g_ptr_array_index (self->rules, i);

      if (g_strcmp0 (rule->id, rule_id) == 0)
        return (int) i;
    }
  return -1;
}

guint
seqgd_plot_model_add_run (SeqgdPlotModel *self,
                          const char     *rule,
                          guint64         seed)
{
  PlotRun *run;
  int rule_index;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (rule != NULL, 0);

  rule_index = seqgd_plot_model_find_rule (self, rule);
  if (rule_index < 0)
    {
      PlotRule *r = g_new0 (PlotRule, 1);

      r->id = g_strdup (rule);
      r->label = g_strdup (rule);
      r->visible = TRUE;
      g_ptr_array_add (self->rules, r);
      rule_index = (int) self->rules->len - 1;
    }

  run = g_new0 (PlotRun, 1);
  run->rule = g_strdup (rule);
  run->seed = seed;
  run->rule_index = (guint) rule_index;
  run->status = SEQGD_RUN_PENDING;
  run->steps = g_array_new (FALSE, FALSE, sizeof (SeqgdStepRecord));
  run->epochs = g_array_new (FALSE, FALSE, sizeof (SeqgdEpochRecord));
  g_ptr_array_add (self->runs, run);
  self->generation++;
  return self->runs->len - 1;
}

static PlotRun *
get_run (SeqgdPlotModel *self,
         guint           index)
{
  g_assert (index < self->runs->len);
  return g_ptr_array_index (self->runs, index);
}

static PlotRule *
get_rule (SeqgdPlotModel *self,
          guint           index)
{
  g_assert (index < self->rules->len);
  return g_ptr_array_index (self->rules, index);
}

void
seqgd_plot_model_append_steps (SeqgdPlotModel        *self,
                               guint                  run,
                               const SeqgdStepRecord *records,
                               guint                  n_records)
{
  PlotRun *r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (run < self->runs->len);
  g_return_if_fail (records != NULL || n_records == 0);

  if (n_records == 0)
    return;

  r = get_run (self, run);
  for (guint i = 0; i < n_records && !r->has_bad; i++)
    if (!isfinite (records[i].loss))
      {
        r->has_bad = TRUE;
        r->bad_step = records[i].step;
      }
  g_array_append_vals (r->steps, records, n_records);
  self->generation++;
}

void
seqgd_plot_model_append_epochs (SeqgdPlotModel         *self,
                                guint                   run,
                                const SeqgdEpochRecord *records,
                                guint                   n_records)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (run < self->runs->len);
  g_return_if_fail (records != NULL || n_records == 0);

  if (n_records == 0)
    return;

  g_array_append_vals (get_run (self, run)->epochs, records, n_records);
  self->generation++;
}

void
_seqgd_plot_model_set_status_only (SeqgdPlotModel *self,
                                   guint           run,
                                   SeqgdRunStatus  status,
                                   gboolean       *changed)
{
  PlotRun *r = get_run (self, run);

  if (r->status == status)
    return;
  r->status = status;
  self->generation++;
  if (changed != NULL)
    *changed = TRUE;
}

void
seqgd_plot_model_set_run_status (SeqgdPlotModel *self,
                                 guint           run,
                                 SeqgdRunStatus  status)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (run < self->runs->len);

  _seqgd_plot_model_set_status_only (self, run, status, NULL);
}

void
seqgd_plot_model_set_n_train (SeqgdPlotModel *self,
                              guint           n_train)
{
  g_return_if_fail (self != NULL);

  if (self->n_train == n_train)
    return;
  self->n_train = n_train;
  self->have_key = FALSE;
  self->generation++;
}

guint
_seqgd_plot_model_get_n_train (SeqgdPlotModel *self)
{
  return self->n_train;
}

guint
seqgd_plot_model_get_n_runs (SeqgdPlotModel *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->runs->len;
}

const char *
seqgd_plot_model_get_run_rule (SeqgdPlotModel *self,
                               guint           run)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (run < self->runs->len, NULL);

  return get_run (self, run)->rule;
}

guint64
seqgd_plot_model_get_run_seed (SeqgdPlotModel *self,
                               guint           run)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (run < self->runs->len, 0);

  return get_run (self, run)->seed;
}

guint
seqgd_plot_model_get_run_rule_index (SeqgdPlotModel *self,
                                     guint           run)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (run < self->runs->len, 0);

  return get_run (self, run)->rule_index;
}

guint
seqgd_plot_model_get_run_n_steps (SeqgdPlotModel *self,
                                  guint           run)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (run < self->runs->len, 0);

  return get_run (self, run)->steps->len;
}

gboolean
seqgd_plot_model_get_run_diverged (SeqgdPlotModel *self,
                                   guint           run,
                                   guint64        *step)
{
  PlotRun *r;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (run < self->runs->len, FALSE);

  r = get_run (self, run);
  if (step != NULL)
    *step = r->has_bad ? r->bad_step : 0;
  return r->has_bad || r->status == SEQGD_RUN_DIVERGED;
}

guint
seqgd_plot_model_get_n_rules (SeqgdPlotModel *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rules->len;
}

const char *
seqgd_plot_model_get_rule_id (SeqgdPlotModel *self,
                              guint           rule)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rule < self->rules->len, NULL);

  return get_rule (self, rule)->id;
}

void
seqgd_plot_model_set_rule_label (SeqgdPlotModel *self,
                                 guint           rule,
                                 const char     *label,
                                 const char     *study_name)
{
  PlotRule *r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (rule < self->rules->len);

  r = get_rule (self, rule);
  if (g_strcmp0 (r->label, label) == 0
      && g_strcmp0 (r->study_name, study_name) == 0)
    return;
  g_free (r->label);
  r->label = g_strdup (label != NULL ? label : r->id);
  g_free (r->study_name);
  r->study_name = g_strdup (study_name);
  self->generation++;
}

const char *
seqgd_plot_model_get_rule_label (SeqgdPlotModel *self,
                                 guint           rule)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rule < self->rules->len, NULL);

  return get_rule (self, rule)->label;
}

const char *
seqgd_plot_model_get_rule_study_name (SeqgdPlotModel *self,
                                      guint           rule)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rule < self->rules->len, NULL);

  return get_rule (self, rule)->study_name;
}

gboolean
seqgd_plot_model_get_rule_visible (SeqgdPlotModel *self,
                                   guint           rule)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rule < self->rules->len, FALSE);

  return get_rule (self, rule)->visible;
}

void
seqgd_plot_model_set_rule_visible (SeqgdPlotModel *self,
                                   guint           rule,
                                   gboolean        visible)
{
  PlotRule *r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (rule < self->rules->len);

  r = get_rule (self, rule);
  if (r->visible == !!visible)
    return;
  r->visible = !!visible;
  self->generation++;
}

void
seqgd_plot_model_get_rule_color (SeqgdPlotModel *self,
                                 guint           rule,
                                 double         *red,
                                 double         *green,
                                 double         *blue)
{
  guint32 c;

  g_return_if_fail (self != NULL);

  c = palette[rule % G_N_ELEMENTS (palette)];
  if (red != NULL)
    *red = ((c >> 16) & 0xff) / 255.0;
  if (green != NULL)
    *green = ((c >> 8) & 0xff) / 255.0;
  if (blue != NULL)
    *blue = (c & 0xff) / 255.0;
}

void
seqgd_plot_model_set_metadata (SeqgdPlotModel *self,
                               const char     *key,
                               const char     *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  for (guint i = 0; i < self->meta_keys->len; i++)
    {
      const char *k = g_ptr_array_index (self->meta_keys, i);

      if (strcmp (k, key) != 0)
        continue;
      if (value == NULL)
        {
          g_hash_table_remove (self->meta, k);
          g_ptr_array_remove_index (self->meta_keys, i);
        }
      else
        g_hash_table_insert (self->meta, (gpointer) k, g_strdup (value));
      return;
    }

  if (value == NULL)
    return;
  g_ptr_array_add (self->meta_keys, g_strdup (key));
  g_hash_table_insert (self->meta,
                       g_ptr_array_index (self->meta_keys,
                                          self->meta_keys->len - 1),
                       g_strdup (value));
}

const char *
seqgd_plot_model_get_metadata (SeqgdPlotModel *self,
                               const char     *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->meta, key);
}

const char **
seqgd_plot_model_list_metadata (SeqgdPlotModel *self)
{
  const char **keys;

  g_return_val_if_fail (self != NULL, NULL);

  keys = g_new0 (const char *, self->meta_keys->len + 1);
  for (guint i = 0; i < self->meta_keys->len; i++)
    keys[i] = g_ptr_array_index (self->meta_keys, i);
  return keys;
}

void
_seqgd_plot_model_set_source (SeqgdPlotModel     *self,
                              gpointer            source,
                              GDestroyNotify      source_free,
                              SeqgdPlotCsvWriter  csv_writer)
{
  drop_source (self);
  self->source = source;
  self->source_free = source_free;
  self->csv_writer = csv_writer;
}

gpointer
_seqgd_plot_model_get_source (SeqgdPlotModel *self)
{
  return self->source;
}

gboolean
_seqgd_plot_model_save_csv (SeqgdPlotModel *self,
                            const char     *path,
                            GError        **error)
{
  if (self->csv_writer == NULL)
    {
      g_set_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_NO_DATA,
                   "Cannot write “%s”: there are no recorded results to "
                   "save as CSV", path);
      return FALSE;
    }
  return self->csv_writer (self->source, path, error);
}

const SeqgdStepRecord *
_seqgd_plot_model_get_steps (SeqgdPlotModel *self,
                             guint           run,
                             guint          *n)
{
  PlotRun *r = get_run (self, run);

  *n = r->steps->len;
  return (const SeqgdStepRecord *) (gpointer) r->steps->data;
}

const SeqgdEpochRecord *
_seqgd_plot_model_get_epochs (SeqgdPlotModel *self,
                              guint           run,
                              guint          *n)
{
  PlotRun *r = get_run (self, run);

  *n = r->epochs->len;
  return (const SeqgdEpochRecord *) (gpointer) r->epochs->data;
}

/* ---- series ---------------------------------------------------------- */

void
_seqgd_plot_key_from_options (SeqgdPlotKey           *key,
                              const SeqgdPlotOptions *options)
{
  memset (key, 0, sizeof *key);
  key->quantity = options->quantity;
  key->x_mode = options->x_mode;
  key->smoothing = options->smoothing;
  if (key->smoothing == SEQGD_PLOT_SMOOTH_EMA)
    key->ema_weight = CLAMP (options->ema_weight, 0.0, 0.9999);
  if (key->smoothing == SEQGD_PLOT_SMOOTH_WINDOW)
    key->window_epochs = MAX (options->window_epochs, 0.0);
  key->log_y = !!options->log_y;
}

static gboolean
key_equal (const SeqgdPlotKey *a,
           const SeqgdPlotKey *b)
{
  return a->quantity == b->quantity
         && a->x_mode == b->x_mode
         && a->smoothing == b->smoothing
         && a->ema_weight == b->ema_weight
         && a->window_epochs == b->window_epochs
         && a->log_y == b->log_y;
}

static guint
source_length (PlotRun            *r,
               const SeqgdPlotKey *key)
{
  return key->quantity == SEQGD_PLOT_Y_TRAIN_LOSS ? r->steps->len
                                                  : r->epochs->len;
}

static double
source_epoch (PlotRun            *r,
              const SeqgdPlotKey *key,
              guint               i)
{
  if (key->quantity == SEQGD_PLOT_Y_TRAIN_LOSS)
    return g_array_index (r->steps, SeqgdStepRecord, i).epoch;
  return g_array_index (r->epochs, SeqgdEpochRecord, i).epoch;
}

static void
source_point (SeqgdPlotModel     *self,
              PlotRun            *r,
              const SeqgdPlotKey *key,
              guint               i,
              double             *x,
              double             *v)
{
  if (key->quantity == SEQGD_PLOT_Y_TRAIN_LOSS)
    {
      const SeqgdStepRecord *s = &g_array_index (r->steps, SeqgdStepRecord, i);

      *v = s->loss;
      switch (key->x_mode)
        {
        case SEQGD_PLOT_X_STEPS: *x = (double) s->step; break;
        case SEQGD_PLOT_X_EPOCHS: *x = s->epoch; break;
        case SEQGD_PLOT_X_SAMPLES: *x = (double) s->samples; break;
        case SEQGD_PLOT_X_SECONDS: default: *x = s->seconds; break;
        }
      return;
    }
  else
    {
      const SeqgdEpochRecord *e = &g_array_index (r->epochs,
                                                  SeqgdEpochRecord, i);

      *v = key->quantity == SEQGD_PLOT_Y_TEST_LOSS ? e->test_loss
                                                   : 100.0 * e->test_accuracy;
      switch (key->x_mode)
        {
        case SEQGD_PLOT_X_STEPS: *x = (double) e->step; break;
        case SEQGD_PLOT_X_EPOCHS: *x = e->epoch; break;
        case SEQGD_PLOT_X_SECONDS: *x = e->seconds; break;
        case SEQGD_PLOT_X_SAMPLES: default:
          {
            guint64 k = e->step;

            /* Step records are numbered 1, 2, … so step k is at k - 1. */
            if (k >= 1 && k <= r->steps->len
                && g_array_index (r->steps, SeqgdStepRecord, k - 1).step == k)
              *x = (double) g_array_index (r->steps, SeqgdStepRecord,
                                           k - 1).samples;
            else
              *x = (double) e->epoch * self->n_train;
          }
          break;
        }
    }
}

static void
series_reserve (SeqgdPlotSeries *s,
                PlotRun         *r,
                guint            n)
{
  guint cap, n_blocks;

  if (n <= s->capacity)
    return;

  cap = MAX (n, MAX (256u, s->capacity + s->capacity / 2));
  n_blocks = cap / SEQGD_PLOT_BLOCK + 1;
  s->x = g_renew (double, s->x, cap);
  s->v = g_renew (double, s->v, cap);
  s->s = g_renew (double, s->s, cap);
  s->t = g_renew (double, s->t, cap);
  s->rt = g_renew (double, s->rt, cap);
  s->t_min = g_renew (double, s->t_min, n_blocks);
  s->t_max = g_renew (double, s->t_max, n_blocks);
  s->rt_min = g_renew (double, s->rt_min, n_blocks);
  s->rt_max = g_renew (double, s->rt_max, n_blocks);
  s->t_bad = g_renew (guint8, s->t_bad, n_blocks);
  s->rt_bad = g_renew (guint8, s->rt_bad, n_blocks);
  r->psum = g_renew (double, r->psum, cap + 1);
  r->pbad = g_renew (guint, r->pbad, cap + 1);
  s->capacity = cap;
}

/* First index in [0, n) whose epoch is ≥ e (with @strict, > e). */
static guint
epoch_bound (PlotRun            *r,
             const SeqgdPlotKey *key,
             guint               n,
             double              e,
             gboolean            strict)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      double m = source_epoch (r, key, mid);

      if (strict ? m <= e : m < e)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Smooths values [from, n) and returns the first index whose smoothing
 * may still change when more values arrive. */
static guint
smooth (PlotRun            *r,
        const SeqgdPlotKey *key,
        guint               from,
        guint               n)
{
  SeqgdPlotSeries *s = &r->series;

  switch (key->smoothing)
    {
    case SEQGD_PLOT_SMOOTH_EMA:
      for (guint i = from; i < n; i++)
        {
          /* A non-finite value would poison every later average; it
           * breaks the curve, and the average starts again, debiased
           * anew, at the next finite value. */
          if (!isfinite (s->v[i]))
            {
              s->ema = 0;
              s->ema_power = 1;
              s->s[i] = s->v[i];
              continue;
            }
          s->ema = key->ema_weight * s->ema + (1 - key->ema_weight) * s->v[i];
          s->ema_power *= key->ema_weight;
          s->s[i] = s->ema / (1 - s->ema_power);
        }
      return n;

    case SEQGD_PLOT_SMOOTH_WINDOW:
      {
        double half = key->window_epochs / 2;
        double last;
        guint done;

        if (n == 0)
          return 0;
        last = source_epoch (r, key, n - 1);
        for (guint i = from; i < n; i++)
          {
            double e = source_epoch (r, key, i);
            /* Tolerance so that rounding in the recorded epochs does not
             * make the window lopsided. */
            double eps = 1e-9 * MAX (1.0, fabs (e));
            guint lo = epoch_bound (r, key, n, e - half - eps, FALSE);
            guint hi = epoch_bound (r, key, n, e + half + eps, TRUE);

            if (r->pbad[hi] - r->pbad[lo] > 0)
              s->s[i] = NAN;
            else
              s->s[i] = (r->psum[hi] - r->psum[lo]) / (hi - lo);
          }
        /* Windows reaching past the last value are not final yet. */
        done = epoch_bound (r, key, n, last - half, FALSE);
        return MIN (done, n);
      }

    case SEQGD_PLOT_SMOOTH_NONE:
    default:
      memcpy (s->s + from, s->v + from, (n - from) * sizeof (double));
      return n;
    }
}

static void
summarise_blocks (SeqgdPlotSeries *s,
                  guint            first_block)
{
  guint n_blocks = (s->n + SEQGD_PLOT_BLOCK - 1) / SEQGD_PLOT_BLOCK;

  for (guint b = first_block; b < n_blocks; b++)
    {
      guint lo = b * SEQGD_PLOT_BLOCK;
      guint hi = MIN (s->n, lo + SEQGD_PLOT_BLOCK);

      _seqgd_plot_block_summary (s->t, lo, hi, &s->t_min[b], &s->t_max[b],
                                 &s->t_bad[b]);
      _seqgd_plot_block_summary (s->rt, lo, hi, &s->rt_min[b],
                                 &s->rt_max[b], &s->rt_bad[b]);
    }
  s->n_blocks_done = s->n / SEQGD_PLOT_BLOCK;
}

/* Folds the blocks that became complete and final into the range. */
static void
extend_extent (SeqgdPlotSeries *s)
{
  guint final_blocks = MIN (s->n_smoothed_done, s->n) / SEQGD_PLOT_BLOCK;

  for (guint b = s->n_extent_blocks; b < final_blocks; b++)
    {
      s->t_lo = MIN (s->t_lo, s->t_min[b]);
      s->t_hi = MAX (s->t_hi, s->t_max[b]);
      s->rt_lo = MIN (s->rt_lo, s->rt_min[b]);
      s->rt_hi = MAX (s->rt_hi, s->rt_max[b]);
    }
  s->n_extent_blocks = MAX (s->n_extent_blocks, final_blocks);
}

void
_seqgd_plot_series_extent (const SeqgdPlotSeries *s,
                           guint                  n,
                           gboolean               raw,
                           double                *lo,
                           double                *hi)
{
  const double *bmin = raw ? s->rt_min : s->t_min;
  const double *bmax = raw ? s->rt_max : s->t_max;
  guint n_blocks = (n + SEQGD_PLOT_BLOCK - 1) / SEQGD_PLOT_BLOCK;
  guint from = 0;

  g_assert (n <= s->n);

  if (n >= s->n_extent_blocks * SEQGD_PLOT_BLOCK)
    {
      from = s->n_extent_blocks;
      *lo = MIN (*lo, raw ? s->rt_lo : s->t_lo);
      *hi = MAX (*hi, raw ? s->rt_hi : s->t_hi);
    }
  for (guint b = from; b < n_blocks; b++)
    {
      *lo = MIN (*lo, bmin[b]);
      *hi = MAX (*hi, bmax[b]);
    }
}

static inline double
transform (double   v,
           gboolean log_y)
{
  if (!log_y)
    return v;
  return v > 0 ? log10 (v) : NAN;
}

static void
update_series (SeqgdPlotModel     *self,
               PlotRun            *r,
               const SeqgdPlotKey *key)
{
  SeqgdPlotSeries *s = &r->series;
  guint n = source_length (r, key);
  guint old_n = s->n;
  guint changed;

  if (n == old_n)
    return;

  series_reserve (s, r, n);
  if (old_n == 0)
    {
      r->psum[0] = 0;
      r->pbad[0] = 0;
      s->ema = 0;
      s->ema_power = 1;
      s->n_smoothed_done = 0;
      s->n_blocks_done = 0;
      s->n_extent_blocks = 0;
      s->t_lo = s->rt_lo = INFINITY;
      s->t_hi = s->rt_hi = -INFINITY;
    }

  for (guint i = old_n; i < n; i++)
    {
      source_point (self, r, key, i, &s->x[i], &s->v[i]);
      s->rt[i] = transform (s->v[i], key->log_y);
      r->psum[i + 1] = r->psum[i] + (isfinite (s->v[i]) ? s->v[i] : 0);
      r->pbad[i + 1] = r->pbad[i] + !isfinite (s->v[i]);
    }
  s->n = n;

  changed = s->n_smoothed_done;
  s->n_smoothed_done = smooth (r, key, changed, n);
  for (guint i = changed; i < n; i++)
    s->t[i] = transform (s->s[i], key->log_y);

  summarise_blocks (s, MIN (changed, old_n) / SEQGD_PLOT_BLOCK);
  extend_extent (s);
}

SeqgdPlotSeries *
_seqgd_plot_model_get_series (SeqgdPlotModel     *self,
                              guint               run,
                              const SeqgdPlotKey *key)
{
  PlotRun *r = get_run (self, run);

  if (!self->have_key || !key_equal (&self->key, key))
    {
      for (guint i = 0; i < self->runs->len; i++)
        get_run (self, i)->series.n = 0;
      self->key = *key;
      self->have_key = TRUE;
      self->series_reset++;
    }

  update_series (self, r, key);
  return &r->series;
}

const SeqgdPlotAggregate *
_seqgd_plot_model_get_aggregate (SeqgdPlotModel     *self,
                                 guint               rule,
                                 const SeqgdPlotKey *key,
                                 SeqgdPlotBand       band)
{
  PlotRule *ru = get_rule (self, rule);
  g_autofree SeqgdPlotSeries **runs = g_new (SeqgdPlotSeries *,
                                             MAX (self->runs->len, 1u));
  guint k = 0;

  /* Bringing the series up to date first may start them all over (a
   * new key), which the reset count then tells the aggregate. */
  for (guint i = 0; i < self->runs->len; i++)
    if (get_run (self, i)->rule_index == rule)
      runs[k++] = _seqgd_plot_model_get_series (self, i, key);

  if (ru->aggregate == NULL)
    ru->aggregate = g_new0 (SeqgdPlotAggregate, 1);
  _seqgd_plot_aggregate_update (ru->aggregate, runs, k, band, key->log_y,
                                self->series_reset);
  return ru->aggregate;
}

void
_seqgd_plot_block_summary (const double *v,
                           guint         lo,
                           guint         hi,
                           double       *min,
                           double       *max,
                           guint8       *bad)
{
  double lowest = INFINITY, highest = -INFINITY;
  guint8 any_bad = 0;

  for (guint i = lo; i < hi; i++)
    {
      if (isfinite (v[i]))
        {
          lowest = MIN (lowest, v[i]);
          highest = MAX (highest, v[i]);
        }
      else
        any_bad = 1;
    }

  *min = lowest;
  *max = highest;
  *bad = any_bad;
}

guint
_seqgd_plot_lower_bound (const double *x,
                         guint         n,
                         double        value)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (x[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}
