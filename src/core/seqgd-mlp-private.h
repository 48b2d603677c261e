/* seqgd-mlp-private.h — the output losses, shared with the tape
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "seqgd-mlp.h"

G_BEGIN_DECLS

/* Both turn the logits z (B × C) into output probabilities p (B × C) and
 * return the loss summed over the rows: Σ_i −log softmax(z_i)_{y_i}, or
 * Σ_i Σ_c ½ (sigmoid(z_ic) − t_ic)² with t the one-hot labels. */
double _seqgd_softmax_cross_entropy (const float  *z,
                                     float        *p,
                                     const guint8 *y,
                                     guint         B,
                                     guint         C);
double _seqgd_sigmoid_squared_error (const float  *z,
                                     float        *p,
                                     const guint8 *y,
                                     guint         B,
                                     guint         C);

G_END_DECLS
