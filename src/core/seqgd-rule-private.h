/* seqgd-rule-private.h — what the rule implementations share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "seqgd-rule.h"
#include "seqgd-tape.h"

G_BEGIN_DECLS

/* One state type serves every rule; each uses the fields it needs. */
struct _SeqgdRuleState
{
  const SeqgdRule *rule;
  SeqgdWorkspace  *ws;
  SeqgdTape       *tape;                             /* autograd */
  float           *grads;                            /* autograd, n_params */

  /* Fixed random feedback matrices (feedback alignment rules), in one
   * allocation; feedback[l] is used in place of W[l] or NULL. */
  float           *feedback_memory;
  float           *feedback[SEQGD_MLP_MAX_LAYERS];
};

SeqgdRuleState *_seqgd_rule_state_new  (const SeqgdRule *rule,
                                        const SeqgdMlp  *net,
                                        guint            max_batch);
void            _seqgd_rule_state_free (SeqgdRuleState  *state);

extern const SeqgdRule _seqgd_rule_autograd;
extern const SeqgdRule _seqgd_rule_simultaneous;
extern const SeqgdRule _seqgd_rule_sequential;
extern const SeqgdRule _seqgd_rule_feedback_alignment;
extern const SeqgdRule _seqgd_rule_direct_feedback_alignment;

G_END_DECLS
