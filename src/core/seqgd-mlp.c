/* seqgd-mlp.c — the network, its forward pass and backprop building blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes: B batch rows; L weight layers; widths D0 (input) .. DL (classes);
 * W[l] is D(l) × D(l+1), b[l] is D(l+1), z[l], a[l] and delta[l] are
 * B × D(l+1).  Everything is float32 and row-major, and every product goes
 * through CBLAS sgemm/sgemv.  The pieces of a backward pass live here so
 * that the rules (seqgd-rule-backprop.c) are short lists of steps; the
 * reverse-mode tape of the autograd rule is separate (seqgd-tape.c) and is
 * checked against these.
 *
 * Not here: anything about datasets, batching or learning-rate schedules.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cblas.h>

#include "seqgd-mlp.h"
#include "seqgd-mlp-private.h"

typedef struct
{
  int         value;
  const char *name;
} EnumName;

static const EnumName activation_names[] = {
  { SEQGD_ACTIVATION_SIGMOID, "sigmoid" },
  { SEQGD_ACTIVATION_TANH, "tanh" },
  { SEQGD_ACTIVATION_RELU, "relu" },
};

static const EnumName output_names[] = {
  { SEQGD_OUTPUT_SOFTMAX_CE, "softmax-ce" },
  { SEQGD_OUTPUT_SIGMOID_MSE, "sigmoid-mse" },
};

static const EnumName init_names[] = {
  { SEQGD_INIT_UNIFORM_FAN_IN, "uniform" },
  { SEQGD_INIT_XAVIER, "xavier" },
  { SEQGD_INIT_HE, "he" },
  { SEQGD_INIT_GAUSSIAN, "gaussian" },
};

static const char *
enum_to_string (const EnumName *names,
                gsize           n_names,
                int             value)
{
  for (gsize i = 0; i < n_names; i++)
    if (names[i].value == value)
      return names[i].name;

  return NULL;
}

static gboolean
enum_from_string (const EnumName *names,
                  gsize           n_names,
                  const char     *name,
                  int            *value)
{
  if (name == NULL)
    return FALSE;

  for (gsize i = 0; i < n_names; i++)
    if (g_ascii_strcasecmp (names[i].name, name) == 0)
      {
        *value = names[i].value;
        return TRUE;
      }

  return FALSE;
}

const char *
seqgd_activation_to_string (SeqgdActivation value)
{
  return enum_to_string (activation_names, G_N_ELEMENTS (activation_names),
                         value);
}

gboolean
seqgd_activation_from_string (const char      *name,
                              SeqgdActivation *value)
{
  int v;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!enum_from_string (activation_names, G_N_ELEMENTS (activation_names),
                         name, &v))
    return FALSE;
  *value = v;
  return TRUE;
}

const char *
seqgd_output_to_string (SeqgdOutput value)
{
  return enum_to_string (output_names, G_N_ELEMENTS (output_names), value);
}

gboolean
seqgd_output_from_string (const char  *name,
                          SeqgdOutput *value)
{
  int v;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!enum_from_string (output_names, G_N_ELEMENTS (output_names), name, &v))
    return FALSE;
  *value = v;
  return TRUE;
}

const char *
seqgd_init_to_string (SeqgdInit value)
{
  return enum_to_string (init_names, G_N_ELEMENTS (init_names), value);
}

gboolean
seqgd_init_from_string (const char *name,
                        SeqgdInit  *value)
{
  int v;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!enum_from_string (init_names, G_N_ELEMENTS (init_names), name, &v))
    return FALSE;
  *value = v;
  return TRUE;
}

/* Network ------------------------------------------------------------ */

SeqgdMlp *
seqgd_mlp_new (guint            n_layers,
               const guint     *widths,
               SeqgdActivation  activation,
               SeqgdOutput      output)
{
  SeqgdMlp *self;
  gsize offset = 0;

  g_return_val_if_fail (n_layers >= 1 && n_layers <= SEQGD_MLP_MAX_LAYERS,
                        NULL);
  g_return_val_if_fail (widths != NULL, NULL);
  g_return_val_if_fail (activation <= SEQGD_ACTIVATION_RELU, NULL);
  g_return_val_if_fail (output <= SEQGD_OUTPUT_SIGMOID_MSE, NULL);
  for (guint l = 0; l <= n_layers; l++)
    g_return_val_if_fail (widths[l] >= 1 && widths[l] <= 1 << 16, NULL);

  self = g_new0 (SeqgdMlp, 1);
  self->n_layers = n_layers;
  memcpy (self->widths, widths, (n_layers + 1) * sizeof (guint));
  self->activation = activation;
  self->output = output;

  for (guint l = 0; l < n_layers; l++)
    self->n_params += (gsize) widths[l] * widths[l + 1] + widths[l + 1];
  self->params = g_new0 (float, self->n_params);

  /* W0 b0 W1 b1 … */
  for (guint l = 0; l < n_layers; l++)
    {
      self->W[l] = self->params + offset;
      offset += (gsize) widths[l] * widths[l + 1];
      self->b[l] = self->params + offset;
      offset += widths[l + 1];
    }
  g_assert (offset == self->n_params);

  return self;
}

SeqgdMlp *
seqgd_mlp_copy (const SeqgdMlp *self)
{
  SeqgdMlp *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = seqgd_mlp_new (self->n_layers, self->widths, self->activation,
                        self->output);
  seqgd_mlp_copy_params (copy, self);
  return copy;
}

void
seqgd_mlp_copy_params (SeqgdMlp       *dst,
                       const SeqgdMlp *src)
{
  g_return_if_fail (dst != NULL && src != NULL);
  g_return_if_fail (dst->n_layers == src->n_layers);
  g_return_if_fail (memcmp (dst->widths, src->widths,
                            (src->n_layers + 1) * sizeof (guint)) == 0);

  memcpy (dst->params, src->params, src->n_params * sizeof (float));
}

void
seqgd_mlp_free (SeqgdMlp *self)
{
  if (self == NULL)
    return;

  g_free (self->params);
  g_free (self);
}

/* Fills @n floats with U(−bound, bound). */
static void
fill_uniform (float    *values,
              gsize     n,
              double    bound,
              SeqgdRng *rng)
{
  for (gsize i = 0; i < n; i++)
    values[i] = (float) ((2.0 * seqgd_rng_uniform (rng) - 1.0) * bound);
}

/* Fills @n floats with N(0, sd²). */
static void
fill_normal (float    *values,
             gsize     n,
             double    sd,
             SeqgdRng *rng)
{
  for (gsize i = 0; i < n; i++)
    values[i] = (float) (seqgd_rng_normal (rng) * sd);
}

/* The draw order is fixed so that a seed gives the same network anywhere:
 * layer by layer from the input, W[l] in row-major order (row = input
 * unit, so W[l][i][j] connects input i to output j — the transpose of
 * nn.Linear's weight), then b[l] when the scheme draws biases.  One
 * seqgd_rng_uniform or seqgd_rng_normal call per value. */
void
seqgd_mlp_init_params (SeqgdMlp  *self,
                       SeqgdInit  init,
                       SeqgdRng  *rng)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (rng != NULL);
  g_return_if_fail (init <= SEQGD_INIT_GAUSSIAN);

  for (guint l = 0; l < self->n_layers; l++)
    {
      double fan_in = self->widths[l];
      double fan_out = self->widths[l + 1];
      gsize n_w = (gsize) self->widths[l] * self->widths[l + 1];
      gsize n_b = self->widths[l + 1];

      switch (init)
        {
        case SEQGD_INIT_UNIFORM_FAN_IN:
          fill_uniform (self->W[l], n_w, 1.0 / sqrt (fan_in), rng);
          fill_uniform (self->b[l], n_b, 1.0 / sqrt (fan_in), rng);
          break;

        case SEQGD_INIT_XAVIER:
          fill_uniform (self->W[l], n_w, sqrt (6.0 / (fan_in + fan_out)), rng);
          memset (self->b[l], 0, n_b * sizeof (float));
          break;

        case SEQGD_INIT_HE:
          fill_normal (self->W[l], n_w, sqrt (2.0 / fan_in), rng);
          memset (self->b[l], 0, n_b * sizeof (float));
          break;

        case SEQGD_INIT_GAUSSIAN:
          fill_normal (self->W[l], n_w, 0.01, rng);
          memset (self->b[l], 0, n_b * sizeof (float));
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* Workspace ---------------------------------------------------------- */

SeqgdWorkspace *
seqgd_workspace_new (const SeqgdMlp *net,
                     guint           max_batch)
{
  SeqgdWorkspace *ws;
  gsize n_act = 0;
  gsize n_total;
  float *p;

  g_return_val_if_fail (net != NULL, NULL);
  g_return_val_if_fail (max_batch >= 1, NULL);

  for (guint l = 0; l < net->n_layers; l++)
    n_act += net->widths[l + 1];
  /* z, a and delta per layer; gradients; the ones vector.  Widths are at
   * most 2^16 and layers 8, so with a 32-bit batch this fits in 64 bits. */
  n_total = 3 * n_act * max_batch + net->n_params + max_batch;

  ws = g_new0 (SeqgdWorkspace, 1);
  ws->max_batch = max_batch;
  ws->memory = g_new (float, n_total);
  p = ws->memory;

  for (guint l = 0; l < net->n_layers; l++)
    {
      gsize n = (gsize) max_batch * net->widths[l + 1];

      ws->z[l] = p, p += n;
      ws->a[l] = p, p += n;
      ws->delta[l] = p, p += n;
    }

  ws->grads = p;
  for (guint l = 0; l < net->n_layers; l++)
    {
      ws->dW[l] = ws->grads + (net->W[l] - net->params);
      ws->db[l] = ws->grads + (net->b[l] - net->params);
    }
  p += net->n_params;

  ws->ones = p;
  for (guint i = 0; i < max_batch; i++)
    ws->ones[i] = 1.0f;
  p += max_batch;

  g_assert ((gsize) (p - ws->memory) == n_total);

  /* Defined contents, so that nothing ever reads uninitialised floats. */
  memset (ws->memory, 0, (n_total - max_batch) * sizeof (float));

  return ws;
}

void
seqgd_workspace_free (SeqgdWorkspace *ws)
{
  if (ws == NULL)
    return;

  g_free (ws->memory);
  g_free (ws);
}

/* Matrix products ---------------------------------------------------- */

void
seqgd_matmul (gboolean     trans_a,
              gboolean     trans_b,
              guint        M,
              guint        N,
              guint        K,
              float        alpha,
              const float *A,
              const float *B,
              float        beta,
              float       *C)
{
  /* Row-major leading dimensions are the stored row lengths. */
  cblas_sgemm (CblasRowMajor,
               trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans,
               M, N, K,
               alpha, A, trans_a ? M : K,
               B, trans_b ? K : N,
               beta, C, N);
}

void
seqgd_matmul_naive (gboolean     trans_a,
                    gboolean     trans_b,
                    guint        M,
                    guint        N,
                    guint        K,
                    float        alpha,
                    const float *A,
                    const float *B,
                    float        beta,
                    float       *C)
{
  for (guint i = 0; i < M; i++)
    for (guint j = 0; j < N; j++)
      {
        float sum = 0.0f;

        for (guint k = 0; k < K; k++)
          {
            float a = trans_a ? A[(gsize) k * M + i] : A[(gsize) i * K + k];
            float b = trans_b ? B[(gsize) j * K + k] : B[(gsize) k * N + j];

            sum += a * b;
          }

        /* beta = 0 overwrites, as BLAS does, even if C held NaN. */
        if (beta == 0.0f)
          C[(gsize) i * N + j] = alpha * sum;
        else
          C[(gsize) i * N + j] = alpha * sum + beta * C[(gsize) i * N + j];
      }
}

/* Elementwise kernels ------------------------------------------------ */

/* The elementwise loops are cloned for AVX-512 and AVX2 and picked at
 * load time, so that a generic x86-64 build still uses wide vectors; they
 * are written without calls or branches so that the compiler vectorises
 * them. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) \
    && !defined(__SANITIZE_ADDRESS__)
# define VECTOR_KERNEL \
  __attribute__ ((target_clones ("avx512f", "avx2", "default"), \
                  optimize ("tree-vectorize")))
#else
# define VECTOR_KERNEL
#endif

/* e^x for float32 within about 2 ulp, vectorisable: x = k ln 2 + r with
 * |r| ≤ ln 2 / 2, e^r by its Taylor polynomial to degree 7, and 2^k put
 * straight into the exponent bits.  x is clamped to [−87, 88] so that
 * 2^k stays a normal number (e^−87 ≈ 1.6e−38 stands in for anything
 * smaller, which a sigmoid cannot tell from 0); NaN stays NaN. */
static inline float
exp_kernel (float x)
{
  const float shifter = 12582912.0f;   /* 1.5 · 2^23: rounds to integer */
  float t, k, r, p, scale;
  guint32 bits;

  x = x > 88.0f ? 88.0f : x;
  x = x < -87.0f ? -87.0f : x;

  t = x * 1.44269504088896341f + shifter;
  k = t - shifter;
  memcpy (&bits, &t, sizeof bits);
  bits = (bits - 0x4B400000u + 127u) << 23;   /* 2^k */
  memcpy (&scale, &bits, sizeof scale);

  /* ln 2 in two parts, so that r is exact to float precision */
  r = x - k * 0.693145751953125f;
  r = r - k * 1.428606765330187045e-06f;

  p = 1.0f / 5040;
  p = p * r + 1.0f / 720;
  p = p * r + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;

  return p * scale;
}

VECTOR_KERNEL static void
sigmoid_kernel (const float *z,
                float       *a,
                gsize        n)
{
  for (gsize i = 0; i < n; i++)
    a[i] = 1.0f / (1.0f + exp_kernel (-z[i]));
}

/* tanh z = 2 σ(2z) − 1; absolute error about 1e−7. */
VECTOR_KERNEL static void
tanh_kernel (const float *z,
             float       *a,
             gsize        n)
{
  for (gsize i = 0; i < n; i++)
    a[i] = 2.0f / (1.0f + exp_kernel (-2.0f * z[i])) - 1.0f;
}

VECTOR_KERNEL static void
relu_kernel (const float *z,
             float       *a,
             gsize        n)
{
  for (gsize i = 0; i < n; i++)
    a[i] = z[i] > 0.0f ? z[i] : 0.0f;
}

void
seqgd_activation_forward (SeqgdActivation  activation,
                          const float     *z,
                          float           *a,
                          gsize            n)
{
  g_return_if_fail (z != NULL || n == 0);
  g_return_if_fail (a != NULL || n == 0);

  switch (activation)
    {
    case SEQGD_ACTIVATION_SIGMOID:
      sigmoid_kernel (z, a, n);
      break;

    case SEQGD_ACTIVATION_TANH:
      tanh_kernel (z, a, n);
      break;

    case SEQGD_ACTIVATION_RELU:
      relu_kernel (z, a, n);
      break;

    default:
      g_return_if_reached ();
    }
}

VECTOR_KERNEL static void
sigmoid_derivative_kernel (const float *a,
                           float       *delta,
                           gsize        n)
{
  for (gsize i = 0; i < n; i++)
    delta[i] *= a[i] * (1.0f - a[i]);
}

VECTOR_KERNEL static void
tanh_derivative_kernel (const float *a,
                        float       *delta,
                        gsize        n)
{
  for (gsize i = 0; i < n; i++)
    delta[i] *= 1.0f - a[i] * a[i];
}

VECTOR_KERNEL static void
relu_derivative_kernel (const float *z,
                        float       *delta,
                        gsize        n)
{
  for (gsize i = 0; i < n; i++)
    delta[i] = z[i] > 0.0f ? delta[i] : 0.0f;
}

void
seqgd_activation_backward (SeqgdActivation  activation,
                           const float     *z,
                           const float     *a,
                           float           *delta,
                           gsize            n)
{
  g_return_if_fail ((z != NULL && a != NULL && delta != NULL) || n == 0);

  switch (activation)
    {
    case SEQGD_ACTIVATION_SIGMOID:
      sigmoid_derivative_kernel (a, delta, n);
      break;

    case SEQGD_ACTIVATION_TANH:
      tanh_derivative_kernel (a, delta, n);
      break;

    case SEQGD_ACTIVATION_RELU:
      relu_derivative_kernel (z, delta, n);
      break;

    default:
      g_return_if_reached ();
    }
}

/* BLAS --------------------------------------------------------------- */

char *
seqgd_blas_describe (void)
{
#ifdef OPENBLAS_VERSION
  g_autofree char *version = g_strstrip (g_strdup (OPENBLAS_VERSION));

  return g_strdup_printf ("%s (%s kernels)", version, openblas_get_corename ());
#else
  return g_strdup ("CBLAS");
#endif
}

const char *
seqgd_blas_suggest_coretype (void)
{
#if defined(OPENBLAS_VERSION) && defined(__x86_64__) && defined(__GNUC__)
  static const char * const generic[] = {
    "prescott", "core2", "penryn", "dunnington", "nehalem", "atom",
    "katmai", "coppermine", "northwood", "banias", "unknown",
  };
  const char *core = openblas_get_corename ();
  gboolean weak = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (generic); i++)
    if (core != NULL && g_ascii_strcasecmp (core, generic[i]) == 0)
      weak = TRUE;
  if (!weak)
    return NULL;

  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw")
      && __builtin_cpu_supports ("avx512vl")
      && __builtin_cpu_supports ("avx512dq"))
    return "SkylakeX";
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return "Haswell";
#endif
  return NULL;
}

/* Forward ------------------------------------------------------------ */

/* Softmax of each row of z (B × C) into p; returns Σ_i −log p_{i,y_i},
 * computed as m + log Σ exp(z − m) − z_y with m the row maximum so that
 * no exponential overflows. */
double
_seqgd_softmax_cross_entropy (const float  *z,
                              float        *p,
                              const guint8 *y,
                              guint         B,
                              guint         C)
{
  double total = 0.0;

  for (guint i = 0; i < B; i++)
    {
      const float *zi = z + (gsize) i * C;
      float *pi = p + (gsize) i * C;
      float m = zi[0];
      float sum = 0.0f;

      g_assert (y[i] < C);

      for (guint c = 1; c < C; c++)
        m = zi[c] > m ? zi[c] : m;
      for (guint c = 0; c < C; c++)
        {
          pi[c] = expf (zi[c] - m);
          sum += pi[c];
        }
      for (guint c = 0; c < C; c++)
        pi[c] /= sum;

      total += (double) m + log (sum) - zi[y[i]];
    }

  return total;
}

/* Sigmoid of z (B × C) into p; returns Σ_i Σ_c ½ (p_ic − t_ic)². */
double
_seqgd_sigmoid_squared_error (const float  *z,
                              float        *p,
                              const guint8 *y,
                              guint         B,
                              guint         C)
{
  double total = 0.0;

  seqgd_activation_forward (SEQGD_ACTIVATION_SIGMOID, z, p, (gsize) B * C);

  for (guint i = 0; i < B; i++)
    {
      const float *pi = p + (gsize) i * C;

      g_assert (y[i] < C);

      for (guint c = 0; c < C; c++)
        {
          float e = pi[c] - (c == y[i] ? 1.0f : 0.0f);

          total += 0.5 * e * e;
        }
    }

  return total;
}

/* out (B × D) = each row set to the bias b (D), ready for a beta-1 GEMM. */
static void
broadcast_rows (float       *out,
                const float *b,
                guint        B,
                guint        D)
{
  for (guint i = 0; i < B; i++)
    memcpy (out + (gsize) i * D, b, D * sizeof (float));
}

float
seqgd_mlp_forward_with (const SeqgdMlp  *self,
                        SeqgdWorkspace  *ws,
                        const float     *x,
                        const guint8    *y,
                        guint            B,
                        SeqgdMatmulFunc  matmul)
{
  guint L, C;
  const float *in = x;
  double total;

  g_return_val_if_fail (self != NULL && ws != NULL, NAN);
  g_return_val_if_fail (x != NULL && y != NULL, NAN);
  g_return_val_if_fail (B >= 1 && B <= ws->max_batch, NAN);
  g_return_val_if_fail (matmul != NULL, NAN);

  L = self->n_layers;
  C = self->widths[L];

  for (guint l = 0; l < L; l++)
    {
      guint d_in = self->widths[l];
      guint d_out = self->widths[l + 1];

      /* z[l] (B × d_out) = in (B × d_in) · W[l] (d_in × d_out) + b[l] */
      broadcast_rows (ws->z[l], self->b[l], B, d_out);
      matmul (FALSE, FALSE, B, d_out, d_in, 1.0f, in, self->W[l], 1.0f,
              ws->z[l]);

      if (l + 1 < L)
        seqgd_activation_forward (self->activation, ws->z[l], ws->a[l],
                                  (gsize) B * d_out);
      in = ws->a[l];
    }

  /* Output probabilities into a[L-1] and the summed loss. */
  if (self->output == SEQGD_OUTPUT_SOFTMAX_CE)
    total = _seqgd_softmax_cross_entropy (ws->z[L - 1], ws->a[L - 1], y, B,
                                          C);
  else
    total = _seqgd_sigmoid_squared_error (ws->z[L - 1], ws->a[L - 1], y, B,
                                          C);

  return (float) (total / B);
}

float
seqgd_mlp_forward (const SeqgdMlp  *self,
                   SeqgdWorkspace  *ws,
                   const float     *x,
                   const guint8    *y,
                   guint            B)
{
  return seqgd_mlp_forward_with (self, ws, x, y, B, seqgd_matmul);
}

guint
seqgd_mlp_count_correct (const SeqgdMlp       *self,
                         const SeqgdWorkspace *ws,
                         const guint8         *y,
                         guint                 B)
{
  guint C, correct = 0;
  const float *p;

  g_return_val_if_fail (self != NULL && ws != NULL && y != NULL, 0);
  g_return_val_if_fail (B <= ws->max_batch, 0);

  C = self->widths[self->n_layers];
  p = ws->a[self->n_layers - 1];

  /* Argmax per row; the first of equal maxima wins, and a NaN row
   * predicts class 0. */
  for (guint i = 0; i < B; i++)
    {
      const float *pi = p + (gsize) i * C;
      guint best = 0;

      for (guint c = 1; c < C; c++)
        if (pi[c] > pi[best])
          best = c;

      if (best == y[i])
        correct++;
    }

  return correct;
}

/* Backward ----------------------------------------------------------- */

void
seqgd_mlp_output_delta (const SeqgdMlp  *self,
                        SeqgdWorkspace  *ws,
                        const guint8    *y,
                        guint            B)
{
  guint L, C;
  const float *p;
  float *delta;
  float inv_b;

  g_return_if_fail (self != NULL && ws != NULL && y != NULL);
  g_return_if_fail (B >= 1 && B <= ws->max_batch);

  L = self->n_layers;
  C = self->widths[L];
  p = ws->a[L - 1];
  delta = ws->delta[L - 1];
  inv_b = 1.0f / B;

  for (guint i = 0; i < B; i++)
    for (guint c = 0; c < C; c++)
      {
        gsize k = (gsize) i * C + c;
        float e = p[k] - (c == y[i] ? 1.0f : 0.0f);

        /* softmax-CE: (p − t)/B; sigmoid-MSE: (p − t) p (1 − p)/B */
        if (self->output == SEQGD_OUTPUT_SOFTMAX_CE)
          delta[k] = e * inv_b;
        else
          delta[k] = e * p[k] * (1.0f - p[k]) * inv_b;
      }
}

void
seqgd_mlp_hidden_delta (const SeqgdMlp  *self,
                        SeqgdWorkspace  *ws,
                        guint            l,
                        const float     *src,
                        guint            n_src,
                        const float     *M,
                        guint            B)
{
  guint d;

  g_return_if_fail (self != NULL && ws != NULL);
  g_return_if_fail (l + 1 < self->n_layers);
  g_return_if_fail (src != NULL && M != NULL);
  g_return_if_fail (B >= 1 && B <= ws->max_batch);

  d = self->widths[l + 1];

  /* delta[l] (B × d) = src (B × n_src) · Mᵀ (n_src × d) */
  seqgd_matmul (FALSE, TRUE, B, d, n_src, 1.0f, src, M, 0.0f, ws->delta[l]);
  seqgd_activation_backward (self->activation, ws->z[l], ws->a[l],
                             ws->delta[l], (gsize) B * d);
}

void
seqgd_mlp_layer_step (SeqgdMlp        *self,
                      SeqgdWorkspace  *ws,
                      guint            l,
                      const float     *x,
                      guint            B,
                      float            lr)
{
  guint d_in, d_out;
  const float *in;

  g_return_if_fail (self != NULL && ws != NULL && x != NULL);
  g_return_if_fail (l < self->n_layers);
  g_return_if_fail (B >= 1 && B <= ws->max_batch);

  d_in = self->widths[l];
  d_out = self->widths[l + 1];
  in = l == 0 ? x : ws->a[l - 1];

  /* W[l] (d_in × d_out) −= lr · inᵀ (d_in × B) · delta[l] (B × d_out) */
  seqgd_matmul (TRUE, FALSE, d_in, d_out, B, -lr, in, ws->delta[l], 1.0f,
                self->W[l]);
  /* b[l] (d_out) −= lr · delta[l]ᵀ (d_out × B) · 1 (B) */
  cblas_sgemv (CblasRowMajor, CblasTrans, B, d_out, -lr, ws->delta[l], d_out,
               ws->ones, 1, 1.0f, self->b[l], 1);
}

float
seqgd_mlp_backward (const SeqgdMlp  *self,
                    SeqgdWorkspace  *ws,
                    const float     *x,
                    const guint8    *y,
                    guint            B)
{
  float loss;

  g_return_val_if_fail (self != NULL && ws != NULL, NAN);
  g_return_val_if_fail (x != NULL && y != NULL, NAN);
  g_return_val_if_fail (B >= 1 && B <= ws->max_batch, NAN);

  loss = seqgd_mlp_forward (self, ws, x, y, B);
  seqgd_mlp_output_delta (self, ws, y, B);

  for (guint l = self->n_layers; l-- > 0;)
    {
      guint d_in = self->widths[l];
      guint d_out = self->widths[l + 1];
      const float *in = l == 0 ? x : ws->a[l - 1];

      /* dW[l] (d_in × d_out) = inᵀ (d_in × B) · delta[l] (B × d_out) */
      seqgd_matmul (TRUE, FALSE, d_in, d_out, B, 1.0f, in, ws->delta[l],
                    0.0f, ws->dW[l]);
      /* db[l] (d_out) = delta[l]ᵀ (d_out × B) · 1 (B) */
      cblas_sgemv (CblasRowMajor, CblasTrans, B, d_out, 1.0f, ws->delta[l],
                   d_out, ws->ones, 1, 0.0f, ws->db[l], 1);

      if (l > 0)
        seqgd_mlp_hidden_delta (self, ws, l - 1, ws->delta[l], d_out,
                                self->W[l], B);
    }

  return loss;
}
