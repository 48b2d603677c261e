/* plot-synthetic.h — made-up training curves for the plot widget's tests
 * and demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each run's loss decays exponentially towards a floor, at a rate set by
 * its rule, with a little deterministic wiggle per seed, so every point
 * is known exactly and the curves do not cross.
 */

#pragma once

#include <math.h>

#include "seqgd-results.h"

#define SYNTHETIC_STEPS_PER_EPOCH 100
#define SYNTHETIC_BATCH           32
#define SYNTHETIC_FIRST_SEED      7

static const char * const synthetic_rules[] = {
  "autograd", "simultaneous", "sequential",
};

static inline float
synthetic_loss (guint   rule,
                guint64 seed,
                guint64 step)
{
  double tau = 60.0 + 90.0 * rule;
  double floor = 0.15 + 0.25 * rule;
  double wiggle = 0.03 * sin (0.37 * step + 1.3 * seed);

  return (float) (2.3 * exp (-(double) step / tau) + floor + wiggle);
}

static inline SeqgdStepRecord
synthetic_step (guint   rule,
                guint64 seed,
                guint64 step)
{
  SeqgdStepRecord record = {
    .step = step,
    .epoch = (double) step / SYNTHETIC_STEPS_PER_EPOCH,
    .samples = step * SYNTHETIC_BATCH,
    .seconds = step * (0.004 + 0.002 * rule),
    .loss = synthetic_loss (rule, seed, step),
  };

  return record;
}

static inline SeqgdEpochRecord
synthetic_epoch (guint   rule,
                 guint64 seed,
                 guint   epoch)
{
  guint64 step = (guint64) epoch * SYNTHETIC_STEPS_PER_EPOCH;
  double loss = synthetic_loss (rule, seed, step);
  SeqgdEpochRecord record = {
    .epoch = epoch,
    .step = step,
    .seconds = step * (0.004 + 0.002 * rule),
    .train_loss = loss,
    .test_loss = loss * 1.1,
    .test_accuracy = 1.0 - loss / 3.0,
  };

  return record;
}

/* The index of the run of @rule with @seed (the results order runs by
 * seed and then by the config's rule order, not by when they were added). */
static inline guint
synthetic_find_run (SeqgdResults *results,
                    guint         rule,
                    guint64       seed)
{
  guint n_runs = seqgd_results_get_n_runs (results);

  /* A run's rule and seed never change once added. */
  for (guint i = 0; i < n_runs; i++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, i);

      if (run->seed == seed && g_str_equal (run->rule, synthetic_rules[rule]))
        return i;
    }

  g_assert_not_reached ();
}

/* Appends steps (@from, @to] of every run and the epochs they complete. */
static inline void
synthetic_append (SeqgdResults *results,
                  guint         n_rules,
                  guint         n_seeds,
                  guint64       from,
                  guint64       to)
{
  for (guint s = 0; s < n_seeds; s++)
    for (guint r = 0; r < n_rules; r++)
      {
        guint64 seed = SYNTHETIC_FIRST_SEED + s;
        guint run = synthetic_find_run (results, r, seed);

        for (guint64 step = from + 1; step <= to; step++)
          {
            SeqgdStepRecord record = synthetic_step (r, seed, step);

            seqgd_results_append_step (results, run, &record);
            if (step % SYNTHETIC_STEPS_PER_EPOCH == 0)
              {
                SeqgdEpochRecord epoch =
                  synthetic_epoch (r, seed, step / SYNTHETIC_STEPS_PER_EPOCH);

                seqgd_results_append_epoch (results, run, &epoch);
              }
          }
      }
}

/* Results with @n_rules rules × @n_seeds seeds (seeds
 * SYNTHETIC_FIRST_SEED, +1, …) and @n_steps steps each. */
static inline SeqgdResults *
synthetic_results_new (guint   n_rules,
                       guint   n_seeds,
                       guint64 n_steps)
{
  SeqgdConfig *config = seqgd_config_new_default ();
  SeqgdResults *results;

  g_assert (n_rules <= G_N_ELEMENTS (synthetic_rules));

  results = seqgd_results_new (config, "Synthetic",
                               SYNTHETIC_STEPS_PER_EPOCH * SYNTHETIC_BATCH,
                               1000);
  seqgd_config_free (config);

  for (guint s = 0; s < n_seeds; s++)
    for (guint r = 0; r < n_rules; r++)
      seqgd_results_add_run (results, synthetic_rules[r],
                             SYNTHETIC_FIRST_SEED + s);

  synthetic_append (results, n_rules, n_seeds, 0, n_steps);

  return results;
}
