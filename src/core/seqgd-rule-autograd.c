/* seqgd-rule-autograd.c — backprop by a reverse-mode tape (normalGD)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One step records the forward pass on the tape, runs the tape's generic
 * backward pass into a gradient buffer laid out like the parameters, then
 * moves every parameter: p ← p − η ∇p, one AXPY over all of them.  No
 * optimizer state, no momentum.  It shares no backward code with the
 * hand-written rules, which is what makes comparing them a check.
 */

#include "config.h"

#include <math.h>

#include <cblas.h>

#include "seqgd-rule-private.h"

static SeqgdRuleState *
autograd_state_new (const SeqgdMlp *net,
                    guint           max_batch,
                    SeqgdRng       *rng,
                    GError        **error)
{
  SeqgdRuleState *state;

  g_return_val_if_fail (net != NULL, NULL);
  g_return_val_if_fail (max_batch >= 1, NULL);

  /* The tape holds the activations, so there is no workspace. */
  state = g_new0 (SeqgdRuleState, 1);
  state->rule = &_seqgd_rule_autograd;
  state->tape = seqgd_tape_new_for_mlp (net, max_batch);
  state->grads = g_new0 (float, net->n_params);
  return state;
}

static float
autograd_step (SeqgdRuleState *state,
               SeqgdMlp       *net,
               const float    *x,
               const guint8   *y,
               guint           B,
               float           lr)
{
  float *grads;
  float loss;

  g_return_val_if_fail (state != NULL && net != NULL, NAN);
  g_return_val_if_fail (x != NULL && y != NULL, NAN);
  g_return_val_if_fail (B >= 1, NAN);

  grads = state->grads;

  /* Record, differentiate, then p ← p − η ∇p over every parameter */
  loss = seqgd_tape_mlp_gradients (state->tape, net, x, y, B, grads);
  cblas_saxpy (net->n_params, -lr, grads, 1, net->params, 1);

  return loss;
}

const SeqgdRule _seqgd_rule_autograd = {
  .id = "autograd",
  .label = "Autograd backprop",
  .study_name = "normalGD",
  .description = "Records the forward pass on a tape, differentiates it in "
                 "reverse and moves every parameter against its gradient.",
  .state_new = autograd_state_new,
  .state_free = _seqgd_rule_state_free,
  .step = autograd_step,
};
