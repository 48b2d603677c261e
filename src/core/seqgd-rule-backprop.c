/* seqgd-rule-backprop.c — rules with hand-written backward passes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layers are 0-based here as in SeqgdMlp (W[l], delta[l] = ∂loss/∂z[l]);
 * DESIGN.md numbers them from 1.  Every rule makes one forward pass per
 * step, then walks the layers from the top:
 *
 *   simultaneous  delta[l-1] = (delta[l] W[l]ᵀ) ⊙ f'(z[l-1]) with W[l] as
 *                 it was before the step, then W[l], b[l] move;
 *   sequential    W[l], b[l] move first, and delta[l-1] goes through the
 *                 moved W[l];
 *   feedback alignment, direct feedback alignment
 *                 delta[l-1] goes through a fixed random matrix instead
 *                 of W[l], from delta[l] or straight from the output.
 *
 * Computing delta[l-1] before moving W[l] is the same as computing every
 * gradient first (nothing below layer l reads W[l] again), and lets each
 * weight update be folded into its gradient GEMM (alpha −η, beta 1), so
 * no gradient buffer is written at all.  The output error is the one of
 * the step's forward pass in every rule; nothing is recomputed after an
 * update.
 */

#include "config.h"

#include <math.h>

#include <gio/gio.h>

#include "seqgd-rule-private.h"

static SeqgdRuleState *
backprop_state_new (const SeqgdRule *rule,
                    const SeqgdMlp  *net,
                    guint            max_batch,
                    SeqgdRng        *rng,
                    GError         **error)
{
  g_return_val_if_fail (net != NULL, NULL);
  g_return_val_if_fail (max_batch >= 1, NULL);

  return _seqgd_rule_state_new (rule, net, max_batch);
}

static SeqgdRuleState *
simultaneous_state_new (const SeqgdMlp *net,
                        guint           max_batch,
                        SeqgdRng       *rng,
                        GError        **error)
{
  return backprop_state_new (&_seqgd_rule_simultaneous, net, max_batch, rng,
                             error);
}

static SeqgdRuleState *
sequential_state_new (const SeqgdMlp *net,
                      guint           max_batch,
                      SeqgdRng       *rng,
                      GError        **error)
{
  return backprop_state_new (&_seqgd_rule_sequential, net, max_batch, rng,
                             error);
}

/* The forward pass and output error every rule starts from. */
static float
forward_and_output_delta (SeqgdRuleState *state,
                          SeqgdMlp       *net,
                          const float    *x,
                          const guint8   *y,
                          guint           B)
{
  float loss;

  g_assert (B >= 1 && B <= state->ws->max_batch);

  loss = seqgd_mlp_forward (net, state->ws, x, y, B);
  seqgd_mlp_output_delta (net, state->ws, y, B);
  return loss;
}

static float
simultaneous_step (SeqgdRuleState *state,
                   SeqgdMlp       *net,
                   const float    *x,
                   const guint8   *y,
                   guint           B,
                   float           lr)
{
  SeqgdWorkspace *ws;
  float loss;

  g_return_val_if_fail (state != NULL && net != NULL, NAN);
  g_return_val_if_fail (x != NULL && y != NULL, NAN);
  g_return_val_if_fail (B >= 1 && B <= state->ws->max_batch, NAN);

  ws = state->ws;
  loss = forward_and_output_delta (state, net, x, y, B);

  for (guint l = net->n_layers; l-- > 0;)
    {
      /* delta[l-1] through W[l] as it was at the start of the step */
      if (l > 0)
        seqgd_mlp_hidden_delta (net, ws, l - 1, ws->delta[l],
                                net->widths[l + 1], net->W[l], B);
      /* then W[l] −= η a[l-1]ᵀ delta[l], b[l] −= η Σ delta[l] */
      seqgd_mlp_layer_step (net, ws, l, x, B, lr);
    }

  return loss;
}

static float
sequential_step (SeqgdRuleState *state,
                 SeqgdMlp       *net,
                 const float    *x,
                 const guint8   *y,
                 guint           B,
                 float           lr)
{
  SeqgdWorkspace *ws;
  float loss;

  g_return_val_if_fail (state != NULL && net != NULL, NAN);
  g_return_val_if_fail (x != NULL && y != NULL, NAN);
  g_return_val_if_fail (B >= 1 && B <= state->ws->max_batch, NAN);

  ws = state->ws;
  loss = forward_and_output_delta (state, net, x, y, B);

  for (guint l = net->n_layers; l-- > 0;)
    {
      /* W[l] −= η a[l-1]ᵀ delta[l], b[l] −= η Σ delta[l] at once */
      seqgd_mlp_layer_step (net, ws, l, x, B, lr);
      /* then delta[l-1] through the updated W[l] */
      if (l > 0)
        seqgd_mlp_hidden_delta (net, ws, l - 1, ws->delta[l],
                                net->widths[l + 1], net->W[l], B);
    }

  return loss;
}

/* Feedback alignment ------------------------------------------------- */

/* Fixed feedback matrices: feedback[l] for l = 1..L-1, drawn in that
 * order, row-major, each value U(±1/√rows) from @rng as the uniform
 * initialisation draws weights.  With @direct the matrices serve direct
 * feedback alignment: feedback[l] is D(l) × DL and carries the output
 * error to hidden layer l-1; otherwise it is shaped like W[l].  For one
 * hidden layer both give the same D1 × D2 matrix from the same draws. */
static SeqgdRuleState *
feedback_state_new (const SeqgdRule *rule,
                    const SeqgdMlp  *net,
                    guint            max_batch,
                    SeqgdRng        *rng,
                    gboolean         direct,
                    GError         **error)
{
  SeqgdRuleState *state;
  guint L, DL;
  gsize n_total = 0;
  float *p;

  g_return_val_if_fail (net != NULL, NULL);
  g_return_val_if_fail (max_batch >= 1, NULL);

  if (rng == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The rule “%s” needs a random generator for its fixed "
                   "feedback matrices", rule->id);
      return NULL;
    }

  state = _seqgd_rule_state_new (rule, net, max_batch);
  L = net->n_layers;
  DL = net->widths[L];

  for (guint l = 1; l < L; l++)
    n_total += (gsize) net->widths[l] * (direct ? DL : net->widths[l + 1]);
  if (n_total == 0)
    return state;

  state->feedback_memory = g_new (float, n_total);
  p = state->feedback_memory;
  for (guint l = 1; l < L; l++)
    {
      guint rows = net->widths[l];
      gsize n = (gsize) rows * (direct ? DL : net->widths[l + 1]);
      double bound = 1.0 / sqrt (rows);

      state->feedback[l] = p;
      for (gsize i = 0; i < n; i++)
        p[i] = (float) ((2.0 * seqgd_rng_uniform (rng) - 1.0) * bound);
      p += n;
    }

  return state;
}

static SeqgdRuleState *
fa_state_new (const SeqgdMlp *net,
              guint           max_batch,
              SeqgdRng       *rng,
              GError        **error)
{
  return feedback_state_new (&_seqgd_rule_feedback_alignment, net, max_batch,
                             rng, FALSE, error);
}

static SeqgdRuleState *
dfa_state_new (const SeqgdMlp *net,
               guint           max_batch,
               SeqgdRng       *rng,
               GError        **error)
{
  return feedback_state_new (&_seqgd_rule_direct_feedback_alignment, net,
                             max_batch, rng, TRUE, error);
}

static float
fa_step (SeqgdRuleState *state,
         SeqgdMlp       *net,
         const float    *x,
         const guint8   *y,
         guint           B,
         float           lr)
{
  SeqgdWorkspace *ws;
  float loss;

  g_return_val_if_fail (state != NULL && net != NULL, NAN);
  g_return_val_if_fail (x != NULL && y != NULL, NAN);
  g_return_val_if_fail (B >= 1 && B <= state->ws->max_batch, NAN);

  ws = state->ws;
  loss = forward_and_output_delta (state, net, x, y, B);

  for (guint l = net->n_layers; l-- > 0;)
    {
      /* delta[l-1] = (delta[l] feedback[l]ᵀ) ⊙ f'(z[l-1]) */
      if (l > 0)
        seqgd_mlp_hidden_delta (net, ws, l - 1, ws->delta[l],
                                net->widths[l + 1], state->feedback[l], B);
      seqgd_mlp_layer_step (net, ws, l, x, B, lr);
    }

  return loss;
}

static float
dfa_step (SeqgdRuleState *state,
          SeqgdMlp       *net,
          const float    *x,
          const guint8   *y,
          guint           B,
          float           lr)
{
  SeqgdWorkspace *ws;
  guint L;
  float loss;

  g_return_val_if_fail (state != NULL && net != NULL, NAN);
  g_return_val_if_fail (x != NULL && y != NULL, NAN);
  g_return_val_if_fail (B >= 1 && B <= state->ws->max_batch, NAN);

  ws = state->ws;
  L = net->n_layers;
  loss = forward_and_output_delta (state, net, x, y, B);

  for (guint l = L; l-- > 0;)
    {
      /* delta[l-1] = (delta[L-1] feedback[l]ᵀ) ⊙ f'(z[l-1]) */
      if (l > 0)
        seqgd_mlp_hidden_delta (net, ws, l - 1, ws->delta[L - 1],
                                net->widths[L], state->feedback[l], B);
      seqgd_mlp_layer_step (net, ws, l, x, B, lr);
    }

  return loss;
}

const SeqgdRule _seqgd_rule_simultaneous = {
  .id = "simultaneous",
  .label = "Simultaneous backprop",
  .study_name = "numpyGD",
  .description = "Hand-written backpropagation: every gradient comes from "
                 "the weights of this step, then all layers move together.",
  .state_new = simultaneous_state_new,
  .state_free = _seqgd_rule_state_free,
  .step = simultaneous_step,
};

const SeqgdRule _seqgd_rule_sequential = {
  .id = "sequential",
  .label = "Sequential backprop",
  .study_name = "numpySGD",
  .description = "Top-down: each layer moves as soon as its gradient is "
                 "known, and the error for the layer below passes through "
                 "the moved weights.",
  .state_new = sequential_state_new,
  .state_free = _seqgd_rule_state_free,
  .step = sequential_step,
};

const SeqgdRule _seqgd_rule_feedback_alignment = {
  .id = "feedback-alignment",
  .label = "Feedback alignment",
  .study_name = NULL,
  .description = "Errors travel down through fixed random matrices instead "
                 "of the transposed weights (Lillicrap et al., 2016).",
  .state_new = fa_state_new,
  .state_free = _seqgd_rule_state_free,
  .step = fa_step,
};

const SeqgdRule _seqgd_rule_direct_feedback_alignment = {
  .id = "direct-feedback-alignment",
  .label = "Direct feedback alignment",
  .study_name = NULL,
  .description = "The output error reaches every hidden layer directly "
                 "through a fixed random matrix (Nøkland, 2016).",
  .state_new = dfa_state_new,
  .state_free = _seqgd_rule_state_free,
  .step = dfa_step,
};
