/* seqgd-mlp.h — a multilayer perceptron in one parameter buffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes: B batch rows; L weight layers; widths D0 (input) .. DL (classes).
 * W[l] is D(l) × D(l+1) row-major (l = 0..L-1), b[l] has D(l+1) entries, so
 * z = a W + b for a row vector a.  All of W and b live in one allocation of
 * n_params floats, in layer order W0 b0 W1 b1 …, so that an update over
 * every parameter is one loop.
 *
 * Losses are means over the batch.  Softmax with cross-entropy gives
 * −(1/B) Σ_i log p_{i,y_i}; sigmoid with squared error gives
 * (1/B) Σ_i Σ_c ½ (p_ic − t_ic)² against one-hot targets t (the sum over
 * classes, not the mean, so its gradient is (p − t) p (1 − p) / B).
 */

#pragma once

#include <glib.h>

#include "seqgd-rng.h"

G_BEGIN_DECLS

#define SEQGD_MLP_MAX_LAYERS 8   /* weight layers, so up to 7 hidden */

typedef enum
{
  SEQGD_ACTIVATION_SIGMOID,
  SEQGD_ACTIVATION_TANH,
  SEQGD_ACTIVATION_RELU,
} SeqgdActivation;

typedef enum
{
  SEQGD_OUTPUT_SOFTMAX_CE,   /* softmax with cross-entropy (default) */
  SEQGD_OUTPUT_SIGMOID_MSE,  /* sigmoid with mean squared error on one-hot */
} SeqgdOutput;

typedef enum
{
  SEQGD_INIT_UNIFORM_FAN_IN, /* U(±1/√fan_in) for W and b, as nn.Linear */
  SEQGD_INIT_XAVIER,         /* U(±√(6/(fan_in+fan_out))), b = 0 */
  SEQGD_INIT_HE,             /* N(0, 2/fan_in), b = 0 */
  SEQGD_INIT_GAUSSIAN,       /* N(0, 0.01²), b = 0 */
} SeqgdInit;

typedef struct
{
  guint           n_layers;                       /* L */
  guint           widths[SEQGD_MLP_MAX_LAYERS + 1]; /* D0..DL */
  SeqgdActivation activation;
  SeqgdOutput     output;

  gsize           n_params;
  float          *params;                         /* n_params */
  float          *W[SEQGD_MLP_MAX_LAYERS];        /* into params */
  float          *b[SEQGD_MLP_MAX_LAYERS];        /* into params */
} SeqgdMlp;

/* Names for enums, as used in configs, CSV and the command line
 * ("sigmoid", "tanh", "relu"; "softmax-ce", "sigmoid-mse";
 * "uniform", "xavier", "he", "gaussian").  from_string returns FALSE for an
 * unknown name. */
const char *seqgd_activation_to_string   (SeqgdActivation  value);
gboolean    seqgd_activation_from_string (const char      *name,
                                          SeqgdActivation *value);
const char *seqgd_output_to_string       (SeqgdOutput      value);
gboolean    seqgd_output_from_string     (const char      *name,
                                          SeqgdOutput     *value);
const char *seqgd_init_to_string         (SeqgdInit        value);
gboolean    seqgd_init_from_string       (const char      *name,
                                          SeqgdInit       *value);

/* @widths has n_layers + 1 entries. */
SeqgdMlp   *seqgd_mlp_new                (guint            n_layers,
                                          const guint     *widths,
                                          SeqgdActivation  activation,
                                          SeqgdOutput      output);
SeqgdMlp   *seqgd_mlp_copy               (const SeqgdMlp  *self);
/* Copies parameters between networks of the same shape. */
void        seqgd_mlp_copy_params        (SeqgdMlp        *dst,
                                          const SeqgdMlp  *src);
void        seqgd_mlp_free               (SeqgdMlp        *self);
void        seqgd_mlp_init_params        (SeqgdMlp        *self,
                                          SeqgdInit        init,
                                          SeqgdRng        *rng);

/* Scratch buffers for forward passes and hand-written backward passes
 * with batches of up to max_batch rows, allocated once. */
typedef struct
{
  guint  max_batch;
  float *z[SEQGD_MLP_MAX_LAYERS];     /* B × D(l+1), pre-activations */
  float *a[SEQGD_MLP_MAX_LAYERS];     /* B × D(l+1), activations (a[L-1] = output probs) */
  float *delta[SEQGD_MLP_MAX_LAYERS]; /* B × D(l+1), ∂loss/∂z */
  float *grads;                       /* n_params, laid out like params */
  float *dW[SEQGD_MLP_MAX_LAYERS];    /* into grads */
  float *db[SEQGD_MLP_MAX_LAYERS];    /* into grads */
  float *ones;                        /* max_batch ones, for row sums */
  float *memory;                      /* the single allocation */
} SeqgdWorkspace;

SeqgdWorkspace *seqgd_workspace_new      (const SeqgdMlp  *net,
                                          guint            max_batch);
void            seqgd_workspace_free     (SeqgdWorkspace  *ws);

/* Forward pass of @B rows of @x (B × D0) into ws->z and ws->a; returns the
 * mean loss over the batch against labels @y. */
float seqgd_mlp_forward                  (const SeqgdMlp  *self,
                                          SeqgdWorkspace  *ws,
                                          const float     *x,
                                          const guint8    *y,
                                          guint            B);

/* Counts correct predictions in the last forward pass. */
guint seqgd_mlp_count_correct            (const SeqgdMlp       *self,
                                          const SeqgdWorkspace *ws,
                                          const guint8         *y,
                                          guint                 B);

/* a = f(z) over @n values, and delta ⊙= f'(z) given z and a = f(z).
 * Vectorised; the exponential is accurate to about 2 ulp, not correctly
 * rounded, and every part of SeqGD uses these same kernels. */
void  seqgd_activation_forward           (SeqgdActivation  activation,
                                          const float     *z,
                                          float           *a,
                                          gsize            n);
void  seqgd_activation_backward          (SeqgdActivation  activation,
                                          const float     *z,
                                          const float     *a,
                                          float           *delta,
                                          gsize            n);

/* The building blocks of hand-written backward passes.  Layer indices are
 * 0-based as in W[l]; a_{-1} is the input x. */

/* ws->delta[L-1] = ∂loss/∂z[L-1] of the last forward pass (already
 * divided by B). */
void  seqgd_mlp_output_delta             (const SeqgdMlp  *self,
                                          SeqgdWorkspace  *ws,
                                          const guint8    *y,
                                          guint            B);
/* ws->delta[l] = (src Mᵀ) ⊙ f'(z[l]) for a hidden layer l < L-1, where src
 * is B × n_src and M is D(l+1) × n_src: with src = delta[l+1] and
 * M = W[l+1] this is the backprop recursion. */
void  seqgd_mlp_hidden_delta             (const SeqgdMlp  *self,
                                          SeqgdWorkspace  *ws,
                                          guint            l,
                                          const float     *src,
                                          guint            n_src,
                                          const float     *M,
                                          guint            B);
/* W[l] ← W[l] − lr a_{l-1}ᵀ delta[l] and b[l] ← b[l] − lr Σ_rows delta[l],
 * with the update folded into the gradient GEMM (alpha −lr, beta 1). */
void  seqgd_mlp_layer_step               (SeqgdMlp        *self,
                                          SeqgdWorkspace  *ws,
                                          guint            l,
                                          const float     *x,
                                          guint            B,
                                          float            lr);
/* Every gradient of the mean loss into ws->grads (backprop, all from the
 * current weights); returns the loss.  Runs its own forward pass. */
float seqgd_mlp_backward                 (const SeqgdMlp  *self,
                                          SeqgdWorkspace  *ws,
                                          const float     *x,
                                          const guint8    *y,
                                          guint            B);

/* C ← alpha op(A) op(B) + beta C for dense row-major matrices: op(A) is
 * M × K, op(B) is K × N, C is M × N; a transposed operand is stored as the
 * transpose (K × M, N × K).  seqgd_matmul calls CBLAS sgemm;
 * seqgd_matmul_naive is the plain triple loop it is tested against. */
typedef void (*SeqgdMatmulFunc) (gboolean     trans_a,
                                 gboolean     trans_b,
                                 guint        M,
                                 guint        N,
                                 guint        K,
                                 float        alpha,
                                 const float *A,
                                 const float *B,
                                 float        beta,
                                 float       *C);

void  seqgd_matmul                       (gboolean         trans_a,
                                          gboolean         trans_b,
                                          guint            M,
                                          guint            N,
                                          guint            K,
                                          float            alpha,
                                          const float     *A,
                                          const float     *B,
                                          float            beta,
                                          float           *C);
void  seqgd_matmul_naive                 (gboolean         trans_a,
                                          gboolean         trans_b,
                                          guint            M,
                                          guint            N,
                                          guint            K,
                                          float            alpha,
                                          const float     *A,
                                          const float     *B,
                                          float            beta,
                                          float           *C);

/* The BLAS in use, e.g. "OpenBLAS 0.3.21 (Haswell kernels)". */
char       *seqgd_blas_describe          (void);
/* OpenBLAS picks its kernels from the processor model and falls back to
 * old SSE3 ("Prescott") kernels on models it does not know, several times
 * slower.  When that happened on a processor with AVX2 or AVX-512,
 * returns the OPENBLAS_CORETYPE value that selects the right kernels
 * ("Haswell", "SkylakeX"); otherwise NULL.  OpenBLAS reads the variable
 * when it is loaded, so it must be in the environment at program start. */
const char *seqgd_blas_suggest_coretype  (void);

/* seqgd_mlp_forward with every product made by @matmul. */
float seqgd_mlp_forward_with             (const SeqgdMlp  *self,
                                          SeqgdWorkspace  *ws,
                                          const float     *x,
                                          const guint8    *y,
                                          guint            B,
                                          SeqgdMatmulFunc  matmul);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdMlp, seqgd_mlp_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdWorkspace, seqgd_workspace_free)

G_END_DECLS
