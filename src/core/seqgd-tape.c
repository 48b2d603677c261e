/* seqgd-tape.c — a reverse-mode tape over matrix operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each operation kind is a row in op_classes: a name and a backward
 * function that reads the op's inputs, output and output gradient and
 * accumulates into the input gradients.  Forward runs when an op is
 * recorded.  The first contribution to a gradient overwrites it (GEMM
 * beta 0, plain copy) and later ones add, so no gradient is ever zeroed
 * in a separate pass; a leaf that receives nothing is zeroed at the end.
 *
 * The arena hands out 64-byte aligned blocks so that the kernels see
 * aligned rows for the common widths.  Not here: broadcasting beyond a
 * row bias, reductions other than the two losses, higher derivatives.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cblas.h>

#include "seqgd-tape.h"
#include "seqgd-mlp-private.h"

#define ALIGN_FLOATS 16  /* 64 bytes */

typedef struct
{
  guint    rows;
  guint    cols;
  float   *value;
  float   *grad;          /* NULL: no gradient needed */
  gboolean grad_written;  /* during backward: holds a contribution */
  gboolean leaf;
} Node;

typedef struct _Op Op;
typedef void (*BackwardFunc) (SeqgdTape *tape,
                              const Op  *op);

typedef enum
{
  OP_MATMUL,
  OP_ADD_ROW,
  OP_ACTIVATION,
  OP_SOFTMAX_CE,
  OP_SIGMOID_MSE,
} OpKind;

typedef struct
{
  const char   *name;
  BackwardFunc  backward;
} OpClass;

struct _Op
{
  OpKind          kind;
  SeqgdTapeNode   in[2];
  SeqgdTapeNode   out;
  SeqgdActivation activation;   /* OP_ACTIVATION */
  const guint8   *labels;       /* losses */
  float          *probs;        /* losses: rows × cols of the logits */
};

struct _SeqgdTape
{
  float *arena;
  gsize  arena_size;
  gsize  arena_used;
  Node  *nodes;
  guint  n_nodes;
  Op    *ops;
  guint  n_ops;
  guint  max_nodes;
  guint  max_rows;
  float *ones;        /* max_rows ones, for column sums */
};

/* Storage ------------------------------------------------------------ */

static gsize
round_up (gsize n)
{
  return (n + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
}

static float *
arena_alloc (SeqgdTape *self,
             gsize      n)
{
  float *p;

  n = round_up (n);
  g_assert (self->arena_used + n <= self->arena_size);

  p = self->arena + self->arena_used;
  self->arena_used += n;
  return p;
}

static Node *
node_at (SeqgdTape     *self,
         SeqgdTapeNode  node)
{
  g_assert (node < self->n_nodes);
  return &self->nodes[node];
}

static SeqgdTapeNode
add_node (SeqgdTape *self,
          guint      rows,
          guint      cols,
          gboolean   needs_grad)
{
  Node *n;

  g_assert (self->n_nodes < self->max_nodes);
  g_assert (rows <= self->max_rows || rows == 1);

  n = &self->nodes[self->n_nodes];
  *n = (Node) { .rows = rows, .cols = cols };
  n->value = arena_alloc (self, (gsize) rows * cols);
  if (needs_grad)
    n->grad = arena_alloc (self, (gsize) rows * cols);

  return self->n_nodes++;
}

static Op *
add_op (SeqgdTape     *self,
        OpKind         kind,
        SeqgdTapeNode  a,
        SeqgdTapeNode  b,
        SeqgdTapeNode  out)
{
  Op *op;

  g_assert (self->n_ops < self->max_nodes);

  op = &self->ops[self->n_ops++];
  *op = (Op) { .kind = kind, .in = { a, b }, .out = out };
  return op;
}

/* Where a contribution to @node's gradient goes: returns the buffer and
 * the GEMM beta to use (0 for the first contribution, 1 after). */
static float *
grad_target (SeqgdTape     *self,
             SeqgdTapeNode  node,
             float         *beta)
{
  Node *n = node_at (self, node);

  *beta = n->grad_written ? 1.0f : 0.0f;
  n->grad_written = TRUE;
  return n->grad;
}

static gboolean
valid_node (SeqgdTape     *self,
            SeqgdTapeNode  node)
{
  return node < self->n_nodes;
}

/* Public: construction ---------------------------------------------- */

SeqgdTape *
seqgd_tape_new (gsize n_floats,
                guint max_nodes,
                guint max_rows)
{
  SeqgdTape *self;

  g_return_val_if_fail (max_nodes >= 1, NULL);
  g_return_val_if_fail (max_rows >= 1, NULL);

  self = g_new0 (SeqgdTape, 1);
  self->arena_size = round_up (n_floats) + round_up (max_rows);
  self->arena = g_aligned_alloc0 (self->arena_size, sizeof (float),
                                  ALIGN_FLOATS * sizeof (float));
  self->nodes = g_new0 (Node, max_nodes);
  self->ops = g_new0 (Op, max_nodes);
  self->max_nodes = max_nodes;
  self->max_rows = max_rows;

  /* The ones vector sits at the start of the arena and survives resets. */
  self->ones = arena_alloc (self, max_rows);
  for (guint i = 0; i < max_rows; i++)
    self->ones[i] = 1.0f;

  seqgd_tape_reset (self);
  return self;
}

SeqgdTape *
seqgd_tape_new_for_mlp (const SeqgdMlp *net,
                        guint           max_batch)
{
  gsize n_floats = 0;
  guint L;

  g_return_val_if_fail (net != NULL, NULL);
  g_return_val_if_fail (max_batch >= 1, NULL);

  L = net->n_layers;

  /* Per layer a matmul, a bias add and (hidden) an activation, each with
   * a value and a gradient of B × D(l+1); the loss keeps its
   * probabilities and a scalar value and gradient. */
  for (guint l = 0; l < L; l++)
    n_floats += 6 * round_up ((gsize) max_batch * net->widths[l + 1]);
  n_floats += round_up ((gsize) max_batch * net->widths[L]);
  n_floats += 2 * ALIGN_FLOATS;

  /* Nodes: x, then W, b, product, sum, activation per layer, the loss. */
  return seqgd_tape_new (n_floats, 5 * L + 2, max_batch);
}

void
seqgd_tape_free (SeqgdTape *self)
{
  if (self == NULL)
    return;

  g_aligned_free (self->arena);
  g_free (self->nodes);
  g_free (self->ops);
  g_free (self);
}

void
seqgd_tape_reset (SeqgdTape *self)
{
  g_return_if_fail (self != NULL);

  self->n_nodes = 0;
  self->n_ops = 0;
  self->arena_used = round_up (self->max_rows);
}

guint
seqgd_tape_get_n_ops (SeqgdTape *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_ops;
}

SeqgdTapeNode
seqgd_tape_leaf (SeqgdTape   *self,
                 guint        rows,
                 guint        cols,
                 const float *value,
                 float       *grad)
{
  Node *n;

  g_return_val_if_fail (self != NULL, SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (value != NULL, SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (rows >= 1 && cols >= 1, SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (self->n_nodes < self->max_nodes, SEQGD_TAPE_NO_NODE);

  n = &self->nodes[self->n_nodes];
  /* A leaf's value is never written through this pointer. */
  *n = (Node) {
    .rows = rows, .cols = cols, .value = (float *) value, .grad = grad,
    .leaf = TRUE,
  };
  return self->n_nodes++;
}

/* Matmul ------------------------------------------------------------- */

SeqgdTapeNode
seqgd_tape_matmul (SeqgdTape     *self,
                   SeqgdTapeNode  a,
                   SeqgdTapeNode  b)
{
  Node *na, *nb, *nc;
  SeqgdTapeNode c;

  g_return_val_if_fail (self != NULL, SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (valid_node (self, a) && valid_node (self, b),
                        SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (self->nodes[a].cols == self->nodes[b].rows,
                        SEQGD_TAPE_NO_NODE);

  na = node_at (self, a);
  nb = node_at (self, b);
  c = add_node (self, na->rows, nb->cols,
                na->grad != NULL || nb->grad != NULL);
  na = node_at (self, a);
  nb = node_at (self, b);
  nc = node_at (self, c);

  /* C (m × n) = A (m × k) · B (k × n) */
  seqgd_matmul (FALSE, FALSE, na->rows, nb->cols, na->cols, 1.0f,
                na->value, nb->value, 0.0f, nc->value);

  add_op (self, OP_MATMUL, a, b, c);
  return c;
}

static void
matmul_backward (SeqgdTape *tape,
                 const Op  *op)
{
  Node *na = node_at (tape, op->in[0]);
  Node *nb = node_at (tape, op->in[1]);
  Node *nc = node_at (tape, op->out);
  guint m = na->rows, k = na->cols, n = nb->cols;
  float beta;
  float *g;

  if (na->grad != NULL)
    {
      /* dA (m × k) += dC (m × n) · Bᵀ (n × k) */
      g = grad_target (tape, op->in[0], &beta);
      seqgd_matmul (FALSE, TRUE, m, k, n, 1.0f, nc->grad, nb->value, beta, g);
    }

  if (nb->grad != NULL)
    {
      /* dB (k × n) += Aᵀ (k × m) · dC (m × n) */
      g = grad_target (tape, op->in[1], &beta);
      seqgd_matmul (TRUE, FALSE, k, n, m, 1.0f, na->value, nc->grad, beta, g);
    }
}

/* Bias add ----------------------------------------------------------- */

SeqgdTapeNode
seqgd_tape_add_row (SeqgdTape     *self,
                    SeqgdTapeNode  a,
                    SeqgdTapeNode  bias)
{
  Node *na, *nb, *nc;
  SeqgdTapeNode c;

  g_return_val_if_fail (self != NULL, SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (valid_node (self, a) && valid_node (self, bias),
                        SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (self->nodes[bias].rows == 1, SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (self->nodes[a].cols == self->nodes[bias].cols,
                        SEQGD_TAPE_NO_NODE);

  na = node_at (self, a);
  nb = node_at (self, bias);
  c = add_node (self, na->rows, na->cols,
                na->grad != NULL || nb->grad != NULL);
  na = node_at (self, a);
  nb = node_at (self, bias);
  nc = node_at (self, c);

  /* C (m × n) = A + 1 biasᵀ */
  for (guint i = 0; i < na->rows; i++)
    {
      const float *ai = na->value + (gsize) i * na->cols;
      float *ci = nc->value + (gsize) i * na->cols;

      for (guint j = 0; j < na->cols; j++)
        ci[j] = ai[j] + nb->value[j];
    }

  add_op (self, OP_ADD_ROW, a, bias, c);
  return c;
}

/* g = src (first contribution) or g += src, over @n values. */
static void
accumulate (float       *g,
            const float *src,
            gsize        n,
            float        beta)
{
  if (beta == 0.0f)
    memcpy (g, src, n * sizeof (float));
  else
    for (gsize i = 0; i < n; i++)
      g[i] += src[i];
}

static void
add_row_backward (SeqgdTape *tape,
                  const Op  *op)
{
  Node *na = node_at (tape, op->in[0]);
  Node *nb = node_at (tape, op->in[1]);
  Node *nc = node_at (tape, op->out);
  guint m = nc->rows, n = nc->cols;
  float beta;
  float *g;

  if (na->grad != NULL)
    {
      /* dA += dC */
      g = grad_target (tape, op->in[0], &beta);
      accumulate (g, nc->grad, (gsize) m * n, beta);
    }

  if (nb->grad != NULL)
    {
      /* dbias (n) += dCᵀ (n × m) · 1 (m) */
      g = grad_target (tape, op->in[1], &beta);
      cblas_sgemv (CblasRowMajor, CblasTrans, m, n, 1.0f, nc->grad, n,
                   tape->ones, 1, beta, g, 1);
    }
}

/* Activations -------------------------------------------------------- */

SeqgdTapeNode
seqgd_tape_activation (SeqgdTape       *self,
                       SeqgdActivation  activation,
                       SeqgdTapeNode    a)
{
  Node *na, *nc;
  SeqgdTapeNode c;
  Op *op;
  gsize n;

  g_return_val_if_fail (self != NULL, SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (valid_node (self, a), SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (activation <= SEQGD_ACTIVATION_RELU,
                        SEQGD_TAPE_NO_NODE);

  na = node_at (self, a);
  c = add_node (self, na->rows, na->cols, na->grad != NULL);
  na = node_at (self, a);
  nc = node_at (self, c);
  n = (gsize) na->rows * na->cols;

  /* The network's own vectorised kernel, so that both compute the same
   * values; the derivative below is the tape's own. */
  seqgd_activation_forward (activation, na->value, nc->value, n);

  op = add_op (self, OP_ACTIVATION, a, SEQGD_TAPE_NO_NODE, c);
  op->activation = activation;
  return c;
}

static void
activation_backward (SeqgdTape *tape,
                     const Op  *op)
{
  Node *na = node_at (tape, op->in[0]);
  Node *nc = node_at (tape, op->out);
  gsize n = (gsize) nc->rows * nc->cols;
  float beta;
  float *g;

  if (na->grad == NULL)
    return;

  /* dA += dC ⊙ f'(A), with f' from the output for sigmoid and tanh; one
   * plain loop per case so that each vectorises */
  g = grad_target (tape, op->in[0], &beta);
  if (beta == 0.0f)
    memset (g, 0, n * sizeof (float));

  switch (op->activation)
    {
    case SEQGD_ACTIVATION_SIGMOID:
      for (gsize i = 0; i < n; i++)
        g[i] += nc->grad[i] * (nc->value[i] * (1.0f - nc->value[i]));
      break;

    case SEQGD_ACTIVATION_TANH:
      for (gsize i = 0; i < n; i++)
        g[i] += nc->grad[i] * (1.0f - nc->value[i] * nc->value[i]);
      break;

    case SEQGD_ACTIVATION_RELU:
      for (gsize i = 0; i < n; i++)
        g[i] += na->value[i] > 0.0f ? nc->grad[i] : 0.0f;
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Losses ------------------------------------------------------------- */

static SeqgdTapeNode
record_loss (SeqgdTape     *self,
             OpKind         kind,
             SeqgdTapeNode  logits,
             const guint8  *y)
{
  Node *nz, *nl;
  SeqgdTapeNode loss;
  Op *op;
  float *probs;
  double total;
  guint m, C;

  nz = node_at (self, logits);
  m = nz->rows;
  C = nz->cols;
  probs = arena_alloc (self, (gsize) m * C);
  loss = add_node (self, 1, 1, nz->grad != NULL);
  nz = node_at (self, logits);
  nl = node_at (self, loss);

  /* The loss value and the probabilities its backward step needs. */
  if (kind == OP_SOFTMAX_CE)
    total = _seqgd_softmax_cross_entropy (nz->value, probs, y, m, C);
  else
    total = _seqgd_sigmoid_squared_error (nz->value, probs, y, m, C);
  nl->value[0] = (float) (total / m);

  op = add_op (self, kind, logits, SEQGD_TAPE_NO_NODE, loss);
  op->labels = y;
  op->probs = probs;
  return loss;
}

SeqgdTapeNode
seqgd_tape_softmax_cross_entropy (SeqgdTape     *self,
                                  SeqgdTapeNode  logits,
                                  const guint8  *y)
{
  g_return_val_if_fail (self != NULL && y != NULL, SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (valid_node (self, logits), SEQGD_TAPE_NO_NODE);

  return record_loss (self, OP_SOFTMAX_CE, logits, y);
}

SeqgdTapeNode
seqgd_tape_sigmoid_squared_error (SeqgdTape     *self,
                                  SeqgdTapeNode  logits,
                                  const guint8  *y)
{
  g_return_val_if_fail (self != NULL && y != NULL, SEQGD_TAPE_NO_NODE);
  g_return_val_if_fail (valid_node (self, logits), SEQGD_TAPE_NO_NODE);

  return record_loss (self, OP_SIGMOID_MSE, logits, y);
}

static void
loss_backward (SeqgdTape *tape,
               const Op  *op)
{
  Node *nz = node_at (tape, op->in[0]);
  Node *nl = node_at (tape, op->out);
  guint m = nz->rows, C = nz->cols;
  float scale, beta;
  float *g;

  if (nz->grad == NULL)
    return;

  /* dZ += dloss · ∂(mean loss)/∂Z */
  scale = nl->grad[0] / m;
  g = grad_target (tape, op->in[0], &beta);
  for (guint i = 0; i < m; i++)
    for (guint c = 0; c < C; c++)
      {
        gsize k = (gsize) i * C + c;
        float p = op->probs[k];
        float e = p - (c == op->labels[i] ? 1.0f : 0.0f);
        float d;

        if (op->kind == OP_SOFTMAX_CE)
          d = e * scale;                      /* (p − t) / m */
        else
          d = e * (p * (1.0f - p)) * scale;   /* (p − t) p (1 − p) / m */

        g[k] = beta == 0.0f ? d : g[k] + d;
      }
}

/* Backward ----------------------------------------------------------- */

static const OpClass op_classes[] = {
  [OP_MATMUL] = { "matmul", matmul_backward },
  [OP_ADD_ROW] = { "add-row", add_row_backward },
  [OP_ACTIVATION] = { "activation", activation_backward },
  [OP_SOFTMAX_CE] = { "softmax-cross-entropy", loss_backward },
  [OP_SIGMOID_MSE] = { "sigmoid-squared-error", loss_backward },
};

const float *
seqgd_tape_get_value (SeqgdTape     *self,
                      SeqgdTapeNode  node)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (valid_node (self, node), NULL);

  return self->nodes[node].value;
}

const float *
seqgd_tape_get_grad (SeqgdTape     *self,
                     SeqgdTapeNode  node)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (valid_node (self, node), NULL);

  return self->nodes[node].grad;
}

void
seqgd_tape_backward (SeqgdTape     *self,
                     SeqgdTapeNode  loss)
{
  Node *nl;

  g_return_if_fail (self != NULL);
  g_return_if_fail (valid_node (self, loss));
  g_return_if_fail (self->nodes[loss].rows == 1 &&
                    self->nodes[loss].cols == 1);

  for (guint i = 0; i < self->n_nodes; i++)
    self->nodes[i].grad_written = FALSE;

  /* Reverse order: every op runs after all ops that read its output.  An
   * op whose output got no gradient contributes nothing. */
  nl = node_at (self, loss);
  if (nl->grad != NULL)
    {
      nl->grad[0] = 1.0f;
      nl->grad_written = TRUE;

      for (guint i = self->n_ops; i-- > 0;)
        {
          const Op *op = &self->ops[i];

          if (node_at (self, op->out)->grad_written)
            op_classes[op->kind].backward (self, op);
        }
    }

  for (guint i = 0; i < self->n_nodes; i++)
    {
      Node *n = &self->nodes[i];

      if (n->leaf && n->grad != NULL && !n->grad_written)
        memset (n->grad, 0, (gsize) n->rows * n->cols * sizeof (float));
    }
}

float
seqgd_tape_mlp_gradients (SeqgdTape      *self,
                          const SeqgdMlp *net,
                          const float    *x,
                          const guint8   *y,
                          guint           B,
                          float          *grads)
{
  SeqgdTapeNode h, loss;
  guint L;

  g_return_val_if_fail (self != NULL && net != NULL, NAN);
  g_return_val_if_fail (x != NULL && y != NULL && grads != NULL, NAN);
  g_return_val_if_fail (B >= 1 && B <= self->max_rows, NAN);

  L = net->n_layers;
  seqgd_tape_reset (self);

  /* z[l] = a[l-1] W[l] + b[l]; a[l] = f(z[l]) below the output */
  h = seqgd_tape_leaf (self, B, net->widths[0], x, NULL);
  for (guint l = 0; l < L; l++)
    {
      guint d_in = net->widths[l], d_out = net->widths[l + 1];
      gsize w_off = net->W[l] - net->params;
      gsize b_off = net->b[l] - net->params;
      SeqgdTapeNode W, b;

      W = seqgd_tape_leaf (self, d_in, d_out, net->W[l], grads + w_off);
      b = seqgd_tape_leaf (self, 1, d_out, net->b[l], grads + b_off);
      h = seqgd_tape_add_row (self, seqgd_tape_matmul (self, h, W), b);
      if (l + 1 < L)
        h = seqgd_tape_activation (self, net->activation, h);
    }

  if (net->output == SEQGD_OUTPUT_SOFTMAX_CE)
    loss = seqgd_tape_softmax_cross_entropy (self, h, y);
  else
    loss = seqgd_tape_sigmoid_squared_error (self, h, y);

  seqgd_tape_backward (self, loss);
  return seqgd_tape_get_value (self, loss)[0];
}
