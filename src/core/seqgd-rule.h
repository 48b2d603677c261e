/* seqgd-rule.h — learning rules behind one interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rule performs one update of a network from one batch.  Everything it
 * needs between steps (workspace, tape, fixed feedback matrices) lives in
 * a SeqgdRuleState made once per run, so a step allocates nothing.
 */

#pragma once

#include "seqgd-mlp.h"

G_BEGIN_DECLS

typedef struct _SeqgdRuleState SeqgdRuleState;

typedef struct
{
  const char *id;          /* "autograd", "simultaneous", "sequential", … */
  const char *label;       /* "Autograd backprop" */
  const char *study_name;  /* "normalGD", "numpyGD", "numpySGD", or NULL */
  const char *description; /* one sentence for the settings panel */

  /* Returns the state for one run, or NULL with @error set when the rule
   * cannot train this network.  @rng seeds any fixed random matrices
   * (drawn here, once); rules that draw none accept NULL. */
  SeqgdRuleState *(*state_new)  (const SeqgdMlp *net,
                                 guint           max_batch,
                                 SeqgdRng       *rng,
                                 GError        **error);
  void            (*state_free) (SeqgdRuleState *state);

  /* Updates @net in place from @B rows of @x (B × D0) with labels @y at
   * learning rate @lr; returns the batch loss of the forward pass made
   * before the update (non-finite when the run has diverged). */
  float           (*step)       (SeqgdRuleState *state,
                                 SeqgdMlp       *net,
                                 const float    *x,
                                 const guint8   *y,
                                 guint           B,
                                 float           lr);
} SeqgdRule;

/* The rules this build knows, NULL-terminated, in display order. */
const SeqgdRule * const *seqgd_rule_list   (void);
const SeqgdRule         *seqgd_rule_lookup (const char *id);

/* The default rules of an experiment, NULL-terminated. */
const char * const      *seqgd_rule_default_ids (void);

/* The workspace holding the forward activations and the deltas of the
 * state's last step, for inspection by tests; NULL for rules that keep
 * them elsewhere (autograd keeps them on its tape). */
SeqgdWorkspace          *seqgd_rule_state_get_workspace (SeqgdRuleState *state);

G_END_DECLS
