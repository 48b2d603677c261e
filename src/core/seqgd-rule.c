/* seqgd-rule.c — the list of learning rules and their shared state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules themselves are in seqgd-rule-autograd.c (the tape) and
 * seqgd-rule-backprop.c (hand-written backward passes).
 */

#include "config.h"

#include "seqgd-rule-private.h"

static const SeqgdRule * const rules[] = {
  &_seqgd_rule_autograd,
  &_seqgd_rule_simultaneous,
  &_seqgd_rule_sequential,
  &_seqgd_rule_feedback_alignment,
  &_seqgd_rule_direct_feedback_alignment,
  NULL,
};

static const char * const default_ids[] = {
  "autograd",
  "simultaneous",
  "sequential",
  NULL,
};

const SeqgdRule * const *
seqgd_rule_list (void)
{
  return rules;
}

const SeqgdRule *
seqgd_rule_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; rules[i] != NULL; i++)
    if (g_strcmp0 (rules[i]->id, id) == 0)
      return rules[i];

  return NULL;
}

const char * const *
seqgd_rule_default_ids (void)
{
  return default_ids;
}

SeqgdWorkspace *
seqgd_rule_state_get_workspace (SeqgdRuleState *state)
{
  g_return_val_if_fail (state != NULL, NULL);

  return state->ws;
}

/* A state with a workspace for @net; rules add what else they need. */
SeqgdRuleState *
_seqgd_rule_state_new (const SeqgdRule *rule,
                       const SeqgdMlp  *net,
                       guint            max_batch)
{
  SeqgdRuleState *state = g_new0 (SeqgdRuleState, 1);

  state->rule = rule;
  state->ws = seqgd_workspace_new (net, max_batch);
  return state;
}

void
_seqgd_rule_state_free (SeqgdRuleState *state)
{
  if (state == NULL)
    return;

  g_clear_pointer (&state->ws, seqgd_workspace_free);
  g_clear_pointer (&state->tape, seqgd_tape_free);
  g_free (state->grads);
  g_free (state->feedback_memory);
  g_free (state);
}
