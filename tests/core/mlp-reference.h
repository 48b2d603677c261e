/* mlp-reference.h — test helpers: random data and a float64 reference loss
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference recomputes the network's mean batch loss in double with
 * plain loops, independent of seqgd-mlp.c, so that central finite
 * differences of it (step 1e-6) give gradients accurate to about 1e-9 to
 * check the float gradients against.
 */

#pragma once

#include <math.h>

#include "seqgd-mlp.h"

/* x (B × D0) uniform in [0, 1), labels below DL. */
static inline void
reference_random_batch (const SeqgdMlp *net,
                        SeqgdRng       *rng,
                        guint           B,
                        float          *x,
                        guint8         *y)
{
  for (gsize i = 0; i < (gsize) B * net->widths[0]; i++)
    x[i] = (float) seqgd_rng_uniform (rng);
  for (guint i = 0; i < B; i++)
    y[i] = seqgd_rng_below (rng, net->widths[net->n_layers]);
}

static inline double
reference_activation (SeqgdActivation f,
                      double          z)
{
  switch (f)
    {
    case SEQGD_ACTIVATION_SIGMOID:
      return 1.0 / (1.0 + exp (-z));
    case SEQGD_ACTIVATION_TANH:
      return tanh (z);
    case SEQGD_ACTIVATION_RELU:
    default:
      return z > 0.0 ? z : 0.0;
    }
}

/* Mean loss of @net on the batch, with parameters @params (n_params
 * doubles laid out like net->params). */
static inline double
reference_loss (const SeqgdMlp *net,
                const double   *params,
                const float    *x,
                const guint8   *y,
                guint           B)
{
  guint L = net->n_layers;
  guint max_w = 0;
  double total = 0.0;
  double *in, *out;

  for (guint l = 0; l <= L; l++)
    max_w = MAX (max_w, net->widths[l]);
  in = g_new (double, max_w);
  out = g_new (double, max_w);

  for (guint i = 0; i < B; i++)
    {
      guint C = net->widths[L];

      for (guint k = 0; k < net->widths[0]; k++)
        in[k] = x[(gsize) i * net->widths[0] + k];

      for (guint l = 0; l < L; l++)
        {
          guint d_in = net->widths[l], d_out = net->widths[l + 1];
          const double *W = params + (net->W[l] - net->params);
          const double *b = params + (net->b[l] - net->params);

          for (guint j = 0; j < d_out; j++)
            {
              double z = b[j];

              for (guint k = 0; k < d_in; k++)
                z += in[k] * W[(gsize) k * d_out + j];
              out[j] = l + 1 < L ? reference_activation (net->activation, z)
                                 : z;
            }
          memcpy (in, out, d_out * sizeof (double));
        }

      if (net->output == SEQGD_OUTPUT_SOFTMAX_CE)
        {
          double m = in[0], s = 0.0;

          for (guint c = 1; c < C; c++)
            m = MAX (m, in[c]);
          for (guint c = 0; c < C; c++)
            s += exp (in[c] - m);
          total += m + log (s) - in[y[i]];
        }
      else
        {
          for (guint c = 0; c < C; c++)
            {
              double e = 1.0 / (1.0 + exp (-in[c])) - (c == y[i]);

              total += 0.5 * e * e;
            }
        }
    }

  g_free (in);
  g_free (out);
  return total / B;
}

/* Central differences of reference_loss at net->params into @grads. */
static inline void
reference_gradients (const SeqgdMlp *net,
                     const float    *x,
                     const guint8   *y,
                     guint           B,
                     double          eps,
                     double         *grads)
{
  double *p = g_new (double, net->n_params);

  for (gsize i = 0; i < net->n_params; i++)
    p[i] = net->params[i];

  for (gsize i = 0; i < net->n_params; i++)
    {
      double saved = p[i];
      double up, down;

      p[i] = saved + eps;
      up = reference_loss (net, p, x, y, B);
      p[i] = saved - eps;
      down = reference_loss (net, p, x, y, B);
      p[i] = saved;
      grads[i] = (up - down) / (2.0 * eps);
    }

  g_free (p);
}

/* Largest |a − b| over @n floats. */
static inline double
reference_max_diff (const float *a,
                    const float *b,
                    gsize        n)
{
  double worst = 0.0;

  for (gsize i = 0; i < n; i++)
    worst = MAX (worst, fabs ((double) a[i] - b[i]));
  return worst;
}
