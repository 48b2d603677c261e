/* seqgd-tape.h — reverse-mode differentiation over matrix operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tape records forward operations as they run (eagerly, like an
 * autograd library): each operation computes its output node at once and
 * appends itself, with its input and output nodes, to the tape.
 * seqgd_tape_backward then walks the tape in reverse and lets every
 * operation pass the gradient of its output to its inputs.
 *
 * Nodes are row-major float32 matrices.  Leaves wrap memory the caller
 * owns (inputs, parameters) and receive their gradient in a buffer the
 * caller passes, or none; every other value and gradient lives in one
 * arena allocated with the tape.  seqgd_tape_reset forgets the recording
 * but keeps the arena, so that recording a step allocates nothing.
 */

#pragma once

#include "seqgd-mlp.h"

G_BEGIN_DECLS

typedef struct _SeqgdTape SeqgdTape;

/* A node on a tape: an index, valid until the next reset. */
typedef guint SeqgdTapeNode;

#define SEQGD_TAPE_NO_NODE G_MAXUINT

/* A tape with room for @n_floats floats of node storage, @max_nodes nodes
 * and operations, and matrices of up to @max_rows rows. */
SeqgdTape    *seqgd_tape_new          (gsize            n_floats,
                                       guint            max_nodes,
                                       guint            max_rows);
/* A tape sized for recording @net on batches of up to @max_batch rows. */
SeqgdTape    *seqgd_tape_new_for_mlp  (const SeqgdMlp  *net,
                                       guint            max_batch);
void          seqgd_tape_free         (SeqgdTape       *self);
void          seqgd_tape_reset        (SeqgdTape       *self);
guint         seqgd_tape_get_n_ops    (SeqgdTape       *self);

/* A rows × cols leaf over @value (not copied; read only).  When @grad is
 * not NULL, backward writes ∂out/∂value there (zeros if no path). */
SeqgdTapeNode seqgd_tape_leaf         (SeqgdTape       *self,
                                       guint            rows,
                                       guint            cols,
                                       const float     *value,
                                       float           *grad);

/* a (m × k) · b (k × n) */
SeqgdTapeNode seqgd_tape_matmul       (SeqgdTape       *self,
                                       SeqgdTapeNode    a,
                                       SeqgdTapeNode    b);
/* a (m × n) + bias (1 × n) added to every row */
SeqgdTapeNode seqgd_tape_add_row      (SeqgdTape       *self,
                                       SeqgdTapeNode    a,
                                       SeqgdTapeNode    bias);
/* f(a) elementwise */
SeqgdTapeNode seqgd_tape_activation   (SeqgdTape       *self,
                                       SeqgdActivation  activation,
                                       SeqgdTapeNode    a);
/* 1 × 1: the mean over rows of −log softmax(logits)_{y}. */
SeqgdTapeNode seqgd_tape_softmax_cross_entropy (SeqgdTape    *self,
                                                SeqgdTapeNode logits,
                                                const guint8 *y);
/* 1 × 1: the mean over rows of Σ_c ½ (sigmoid(logits) − onehot(y))². */
SeqgdTapeNode seqgd_tape_sigmoid_squared_error (SeqgdTape    *self,
                                                SeqgdTapeNode logits,
                                                const guint8 *y);

const float  *seqgd_tape_get_value    (SeqgdTape       *self,
                                       SeqgdTapeNode    node);
/* Gradient of @node after backward, or NULL when it needs none. */
const float  *seqgd_tape_get_grad     (SeqgdTape       *self,
                                       SeqgdTapeNode    node);

/* Back-propagates from the 1 × 1 node @loss through every recorded
 * operation into the leaves' gradient buffers. */
void          seqgd_tape_backward     (SeqgdTape       *self,
                                       SeqgdTapeNode    loss);

/* Resets the tape, records @net's forward pass over @B rows of @x, runs
 * backward, and leaves every parameter gradient in @grads (n_params floats,
 * laid out like net->params).  Returns the mean batch loss. */
float         seqgd_tape_mlp_gradients (SeqgdTape      *self,
                                        const SeqgdMlp *net,
                                        const float    *x,
                                        const guint8   *y,
                                        guint           B,
                                        float          *grads);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdTape, seqgd_tape_free)

G_END_DECLS
