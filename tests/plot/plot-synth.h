/* plot-synth.h — plausible experiments for plot tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loss curves shaped like mini-batch training of a small MLP: a fast
 * drop, a slow tail, multiplicative batch noise, per-seed offsets.  The
 * rules "autograd" and "simultaneous" share their curve (they compute the
 * same gradients), "sequential" learns a little faster early on.
 */

#pragma once

#include <math.h>

#include "seqgd-plot.h"

static inline double
synth_gauss (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-12, 1.0);
  double v = g_rand_double (rand);

  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

static inline double
synth_loss (const char *rule,
            guint64     seed,
            double      epoch)
{
  double speed = g_str_equal (rule, "sequential") ? 1.35 : 1.0;
  double floor_ = 0.30 + 0.015 * (double) seed;

  return floor_ + 2.0 * exp (-epoch * 9 * speed) + 0.35 / (1 + 4 * epoch);
}

/* Adds one run with @n_steps steps of @steps_per_epoch and its epoch
 * records; the loss becomes NAN from @diverge_at on (0: never). */
static inline guint
synth_add_run (SeqgdPlotModel *model,
               const char     *rule,
               guint64         seed,
               guint           n_steps,
               guint           steps_per_epoch,
               guint           diverge_at)
{
  guint run = seqgd_plot_model_add_run (model, rule, seed);
  g_autoptr(GArray) steps = g_array_sized_new (FALSE, FALSE,
                                               sizeof (SeqgdStepRecord),
                                               n_steps);
  g_autoptr(GArray) epochs = g_array_new (FALSE, FALSE,
                                          sizeof (SeqgdEpochRecord));
  GRand *rand = g_rand_new_with_seed ((guint32) (seed * 7919 + 17));

  for (guint i = 1; i <= n_steps; i++)
    {
      SeqgdStepRecord r;
      double epoch = (double) i / steps_per_epoch;

      r.step = i;
      r.epoch = epoch;
      r.samples = (guint64) i * 32;
      r.seconds = i * 0.004;
      r.loss = (float) (synth_loss (rule, seed, epoch)
                        * exp (0.22 * synth_gauss (rand)));
      if (diverge_at > 0 && i >= diverge_at)
        r.loss = NAN;
      g_array_append_val (steps, r);

      if (i % steps_per_epoch == 0)
        {
          SeqgdEpochRecord e;

          e.epoch = i / steps_per_epoch;
          e.step = i;
          e.seconds = r.seconds;
          e.train_loss = synth_loss (rule, seed, epoch - 0.5);
          e.test_loss = diverge_at > 0 && i >= diverge_at
                        ? NAN : synth_loss (rule, seed, epoch) * 1.05;
          e.test_accuracy = diverge_at > 0 && i >= diverge_at
                            ? NAN : 1 - 0.32 * e.test_loss;
          g_array_append_val (epochs, e);
        }
    }
  seqgd_plot_model_append_steps (model, run,
                                 (const SeqgdStepRecord *) (gpointer) steps->data,
                                 steps->len);
  seqgd_plot_model_append_epochs (model, run,
                                  (const SeqgdEpochRecord *) (gpointer) epochs->data,
                                  epochs->len);
  seqgd_plot_model_set_run_status (model, run,
                                   diverge_at > 0 ? SEQGD_RUN_DIVERGED
                                                  : SEQGD_RUN_FINISHED);
  g_rand_free (rand);
  return run;
}

/* Three rules × @n_seeds seeds, three epochs of 1875 steps (batch 32 on
 * 60 000 images), with labels as the rule table gives them. */
static inline SeqgdPlotModel *
synth_experiment (guint n_seeds)
{
  static const char * const rules[] = { "autograd", "simultaneous",
                                        "sequential" };
  static const char * const labels[] = { "Autograd backprop",
                                         "Simultaneous backprop",
                                         "Sequential backprop" };
  static const char * const study[] = { "normalGD", "numpyGD", "numpySGD" };
  SeqgdPlotModel *model = seqgd_plot_model_new ();

  seqgd_plot_model_set_n_train (model, 60000);
  for (guint64 seed = 0; seed < n_seeds; seed++)
    for (guint r = 0; r < 3; r++)
      synth_add_run (model, rules[r], seed, 5625, 1875, 0);
  for (guint r = 0; r < 3; r++)
    seqgd_plot_model_set_rule_label (model, r, labels[r], study[r]);
  seqgd_plot_model_set_metadata (model, "Dataset",
                                 "Fashion-MNIST (60000 training, 10000 test images)");
  return model;
}
