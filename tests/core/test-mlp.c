/* test-mlp.c — the network: layout, initialisation, forward, gradients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

/* The assertions are the tests: keep them in release builds too. */
#undef G_DISABLE_ASSERT

#include <float.h>
#include <math.h>
#include <string.h>

#include "seqgd-mlp.h"

#include "mlp-reference.h"

static const SeqgdActivation activations[] = {
  SEQGD_ACTIVATION_SIGMOID, SEQGD_ACTIVATION_TANH, SEQGD_ACTIVATION_RELU,
};
static const SeqgdOutput outputs[] = {
  SEQGD_OUTPUT_SOFTMAX_CE, SEQGD_OUTPUT_SIGMOID_MSE,
};

static SeqgdMlp *
make_net (guint            n_layers,
          const guint     *widths,
          SeqgdActivation  activation,
          SeqgdOutput      output,
          guint64          seed)
{
  SeqgdMlp *net = seqgd_mlp_new (n_layers, widths, activation, output);
  SeqgdRng rng;

  seqgd_rng_init (&rng, seed);
  seqgd_mlp_init_params (net, SEQGD_INIT_UNIFORM_FAN_IN, &rng);
  return net;
}

static void
test_enum_strings (void)
{
  SeqgdActivation act;
  SeqgdOutput out;
  SeqgdInit init;

  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    {
      const char *name = seqgd_activation_to_string (activations[i]);

      g_assert_nonnull (name);
      g_assert_true (seqgd_activation_from_string (name, &act));
      g_assert_cmpint (act, ==, activations[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      const char *name = seqgd_output_to_string (outputs[i]);

      g_assert_nonnull (name);
      g_assert_true (seqgd_output_from_string (name, &out));
      g_assert_cmpint (out, ==, outputs[i]);
    }
  for (init = SEQGD_INIT_UNIFORM_FAN_IN; init <= SEQGD_INIT_GAUSSIAN; init++)
    {
      SeqgdInit back;

      g_assert_true (seqgd_init_from_string (seqgd_init_to_string (init),
                                             &back));
      g_assert_cmpint (back, ==, init);
    }

  g_assert_cmpstr (seqgd_activation_to_string (SEQGD_ACTIVATION_RELU), ==,
                   "relu");
  g_assert_cmpstr (seqgd_output_to_string (SEQGD_OUTPUT_SOFTMAX_CE), ==,
                   "softmax-ce");
  g_assert_cmpstr (seqgd_init_to_string (SEQGD_INIT_UNIFORM_FAN_IN), ==,
                   "uniform");
  g_assert_true (seqgd_activation_from_string ("Tanh", &act));
  g_assert_false (seqgd_activation_from_string ("softplus", &act));
  g_assert_false (seqgd_activation_from_string (NULL, &act));
  g_assert_false (seqgd_output_from_string ("", &out));
  g_assert_false (seqgd_init_from_string ("kaiming", &init));
}

static void
test_layout (void)
{
  const guint widths[] = { 784, 128, 10 };
  g_autoptr (SeqgdMlp) net = seqgd_mlp_new (2, widths, SEQGD_ACTIVATION_SIGMOID,
                                            SEQGD_OUTPUT_SOFTMAX_CE);
  g_autoptr (SeqgdWorkspace) ws = seqgd_workspace_new (net, 32);

  g_assert_cmpuint (net->n_params, ==, 784 * 128 + 128 + 128 * 10 + 10);
  g_assert_true (net->W[0] == net->params);
  g_assert_true (net->b[0] == net->params + 784 * 128);
  g_assert_true (net->W[1] == net->b[0] + 128);
  g_assert_true (net->b[1] == net->W[1] + 128 * 10);
  g_assert_true (ws->dW[1] - ws->grads == net->W[1] - net->params);
  g_assert_true (ws->db[1] - ws->grads == net->b[1] - net->params);
  g_assert_cmpuint (ws->max_batch, ==, 32);
  for (guint i = 0; i < 32; i++)
    g_assert_cmpfloat (ws->ones[i], ==, 1.0f);
}

static void
test_init (void)
{
  const guint widths[] = { 50, 40, 10 };
  SeqgdInit init;

  for (init = SEQGD_INIT_UNIFORM_FAN_IN; init <= SEQGD_INIT_GAUSSIAN; init++)
    {
      g_autoptr (SeqgdMlp) a = seqgd_mlp_new (2, widths,
                                              SEQGD_ACTIVATION_SIGMOID,
                                              SEQGD_OUTPUT_SOFTMAX_CE);
      g_autoptr (SeqgdMlp) b = seqgd_mlp_copy (a);
      SeqgdRng rng;

      seqgd_rng_init (&rng, 7);
      seqgd_mlp_init_params (a, init, &rng);
      seqgd_rng_init (&rng, 7);
      seqgd_mlp_init_params (b, init, &rng);
      g_assert_cmpmem (a->params, a->n_params * sizeof (float),
                       b->params, b->n_params * sizeof (float));

      for (guint l = 0; l < 2; l++)
        {
          gsize n_w = (gsize) widths[l] * widths[l + 1];
          double fan_in = widths[l], fan_out = widths[l + 1];
          double sum2 = 0.0, max_abs = 0.0, max_b = 0.0;
          double sd;

          for (gsize i = 0; i < n_w; i++)
            {
              sum2 += (double) a->W[l][i] * a->W[l][i];
              max_abs = MAX (max_abs, fabs (a->W[l][i]));
            }
          for (guint j = 0; j < widths[l + 1]; j++)
            max_b = MAX (max_b, fabs (a->b[l][j]));
          sd = sqrt (sum2 / n_w);

          switch (init)
            {
            case SEQGD_INIT_UNIFORM_FAN_IN:
              g_assert_cmpfloat (max_abs, <=, 1.0 / sqrt (fan_in));
              g_assert_cmpfloat (max_b, <=, 1.0 / sqrt (fan_in));
              g_assert_cmpfloat (max_b, >, 0.0);
              g_assert_cmpfloat_with_epsilon (sd, 1.0 / sqrt (3 * fan_in),
                                              0.1 / sqrt (fan_in));
              break;
            case SEQGD_INIT_XAVIER:
              g_assert_cmpfloat (max_abs, <=, sqrt (6 / (fan_in + fan_out)));
              g_assert_cmpfloat (max_b, ==, 0.0);
              break;
            case SEQGD_INIT_HE:
              g_assert_cmpfloat_with_epsilon (sd, sqrt (2 / fan_in),
                                              0.15 * sqrt (2 / fan_in));
              g_assert_cmpfloat (max_b, ==, 0.0);
              break;
            case SEQGD_INIT_GAUSSIAN:
              g_assert_cmpfloat_with_epsilon (sd, 0.01, 0.0015);
              g_assert_cmpfloat (max_b, ==, 0.0);
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }
}

/* The documented draw order: W0 row-major, then b0, then W1 … */
static void
test_init_order (void)
{
  const guint widths[] = { 3, 2, 2 };
  g_autoptr (SeqgdMlp) net = seqgd_mlp_new (2, widths,
                                            SEQGD_ACTIVATION_SIGMOID,
                                            SEQGD_OUTPUT_SOFTMAX_CE);
  SeqgdRng rng, check;

  seqgd_rng_init (&rng, 99);
  seqgd_mlp_init_params (net, SEQGD_INIT_UNIFORM_FAN_IN, &rng);

  seqgd_rng_init (&check, 99);
  for (guint l = 0; l < 2; l++)
    {
      double bound = 1.0 / sqrt (widths[l]);

      for (guint i = 0; i < widths[l] * widths[l + 1]; i++)
        g_assert_cmpfloat (net->W[l][i], ==,
                           (float) ((2 * seqgd_rng_uniform (&check) - 1)
                                    * bound));
      for (guint j = 0; j < widths[l + 1]; j++)
        g_assert_cmpfloat (net->b[l][j], ==,
                           (float) ((2 * seqgd_rng_uniform (&check) - 1)
                                    * bound));
    }
  /* Both generators have made the same number of draws. */
  g_assert_cmpuint (seqgd_rng_next (&rng), ==, seqgd_rng_next (&check));
}

static void
test_matmul_naive (void)
{
  const guint shapes[][3] = {
    { 1, 1, 1 }, { 7, 5, 3 }, { 32, 128, 784 }, { 13, 10, 128 },
    { 128, 10, 33 }, { 3, 17, 1 },
  };
  SeqgdRng rng;

  seqgd_rng_init (&rng, 3);

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (guint t = 0; t < 4; t++)
      {
        guint M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
        gboolean ta = t & 1, tb = t & 2;
        g_autofree float *A = g_new (float, (gsize) M * K);
        g_autofree float *B = g_new (float, (gsize) K * N);
        g_autofree float *C1 = g_new (float, (gsize) M * N);
        g_autofree float *C2 = g_new (float, (gsize) M * N);
        double worst;

        for (gsize i = 0; i < (gsize) M * K; i++)
          A[i] = (float) (2 * seqgd_rng_uniform (&rng) - 1);
        for (gsize i = 0; i < (gsize) K * N; i++)
          B[i] = (float) (2 * seqgd_rng_uniform (&rng) - 1);
        for (gsize i = 0; i < (gsize) M * N; i++)
          C1[i] = C2[i] = (float) seqgd_rng_uniform (&rng);

        seqgd_matmul (ta, tb, M, N, K, -0.5f, A, B, 1.0f, C1);
        seqgd_matmul_naive (ta, tb, M, N, K, -0.5f, A, B, 1.0f, C2);
        worst = reference_max_diff (C1, C2, (gsize) M * N);
        g_assert_cmpfloat (worst, <=, 1e-6 * K + 1e-6);

        /* beta 0 overwrites even NaN */
        for (gsize i = 0; i < (gsize) M * N; i++)
          C1[i] = C2[i] = NAN;
        seqgd_matmul (ta, tb, M, N, K, 1.0f, A, B, 0.0f, C1);
        seqgd_matmul_naive (ta, tb, M, N, K, 1.0f, A, B, 0.0f, C2);
        worst = reference_max_diff (C1, C2, (gsize) M * N);
        g_assert_cmpfloat (worst, <=, 1e-6 * K + 1e-6);
      }
}

static void
test_forward_naive (void)
{
  const guint widths[] = { 30, 20, 15, 10 };

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
      {
        g_autoptr (SeqgdMlp) net = make_net (3, widths, activations[a],
                                             outputs[o], 11);
        g_autoptr (SeqgdWorkspace) ws1 = seqgd_workspace_new (net, 16);
        g_autoptr (SeqgdWorkspace) ws2 = seqgd_workspace_new (net, 16);
        float x[16 * 30];
        guint8 y[16];
        SeqgdRng rng;
        float l1, l2;

        seqgd_rng_init (&rng, 5);
        reference_random_batch (net, &rng, 16, x, y);
        l1 = seqgd_mlp_forward (net, ws1, x, y, 16);
        l2 = seqgd_mlp_forward_with (net, ws2, x, y, 16, seqgd_matmul_naive);
        g_assert_cmpfloat_with_epsilon (l1, l2, 1e-5);
        for (guint l = 0; l < 3; l++)
          g_assert_cmpfloat (reference_max_diff (ws1->a[l], ws2->a[l],
                                                 16 * widths[l + 1]),
                             <=, 1e-5);
      }
}

/* The float loss matches the float64 reference. */
static void
test_forward_loss (void)
{
  const guint widths[] = { 12, 9, 5 };

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
      {
        g_autoptr (SeqgdMlp) net = make_net (2, widths, activations[a],
                                             outputs[o], 21);
        g_autoptr (SeqgdWorkspace) ws = seqgd_workspace_new (net, 8);
        g_autofree double *p = g_new (double, net->n_params);
        float x[8 * 12];
        guint8 y[8];
        SeqgdRng rng;
        float loss;

        seqgd_rng_init (&rng, 8);
        reference_random_batch (net, &rng, 8, x, y);
        for (gsize i = 0; i < net->n_params; i++)
          p[i] = net->params[i];

        loss = seqgd_mlp_forward (net, ws, x, y, 8);
        g_assert_cmpfloat_with_epsilon (loss,
                                        reference_loss (net, p, x, y, 8),
                                        1e-6);

        /* Output rows are probabilities */
        for (guint i = 0; i < 8 && outputs[o] == SEQGD_OUTPUT_SOFTMAX_CE; i++)
          {
            double s = 0;

            for (guint c = 0; c < 5; c++)
              s += ws->a[1][i * 5 + c];
            g_assert_cmpfloat_with_epsilon (s, 1.0, 1e-6);
          }
      }
}

/* Logits far beyond expf's range still give a finite, exact loss. */
static void
test_softmax_stable (void)
{
  const guint widths[] = { 2, 3 };
  g_autoptr (SeqgdMlp) net = seqgd_mlp_new (1, widths, SEQGD_ACTIVATION_RELU,
                                            SEQGD_OUTPUT_SOFTMAX_CE);
  g_autoptr (SeqgdWorkspace) ws = seqgd_workspace_new (net, 1);
  const float x[] = { 1.0f, 0.0f };
  const guint8 y[] = { 1 };
  float loss;

  /* z = (1000, 990, 0): loss = log(1 + e^-10 + e^-1000) + 10 */
  net->W[0][0] = 1000.0f;
  net->W[0][1] = 990.0f;
  net->W[0][2] = 0.0f;

  loss = seqgd_mlp_forward (net, ws, x, y, 1);
  g_assert_true (isfinite (loss));
  g_assert_cmpfloat_with_epsilon (loss, 10.0 + log1p (exp (-10.0)), 1e-5);
  g_assert_cmpuint (seqgd_mlp_count_correct (net, ws, y, 1), ==, 0);
}

static void
test_count_correct (void)
{
  const guint widths[] = { 3, 3 };
  g_autoptr (SeqgdMlp) net = seqgd_mlp_new (1, widths, SEQGD_ACTIVATION_SIGMOID,
                                            SEQGD_OUTPUT_SOFTMAX_CE);
  g_autoptr (SeqgdWorkspace) ws = seqgd_workspace_new (net, 4);
  /* W = 5 I: each one-hot row predicts its own position */
  const float x[] = { 1, 0, 0,  0, 1, 0,  0, 0, 1,  0, 1, 0 };
  const guint8 y[] = { 0, 1, 1, 2 };

  for (guint i = 0; i < 3; i++)
    net->W[0][i * 3 + i] = 5.0f;

  seqgd_mlp_forward (net, ws, x, y, 4);
  g_assert_cmpuint (seqgd_mlp_count_correct (net, ws, y, 4), ==, 2);
  g_assert_cmpuint (seqgd_mlp_count_correct (net, ws, y, 2), ==, 2);
}

/* seqgd_mlp_backward against central differences of the float64
 * reference, for every activation and output, with two hidden layers. */
static void
test_gradient_check (void)
{
  const guint widths[] = { 6, 5, 4, 3 };
  const guint B = 7;

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
      {
        g_autoptr (SeqgdMlp) net = make_net (3, widths, activations[a],
                                             outputs[o], 31 + a);
        g_autoptr (SeqgdWorkspace) ws = seqgd_workspace_new (net, B);
        g_autofree double *fd = g_new (double, net->n_params);
        float x[7 * 6];
        guint8 y[7];
        double worst = 0.0, scale = 0.0;
        SeqgdRng rng;

        seqgd_rng_init (&rng, 41);
        reference_random_batch (net, &rng, B, x, y);
        /* Inputs centred, so that ReLU units sit on both sides */
        for (guint i = 0; i < B * 6; i++)
          x[i] = 2 * x[i] - 1;

        seqgd_mlp_backward (net, ws, x, y, B);
        reference_gradients (net, x, y, B, 1e-6, fd);

        for (gsize i = 0; i < net->n_params; i++)
          {
            worst = MAX (worst, fabs (ws->grads[i] - fd[i]));
            scale = MAX (scale, fabs (fd[i]));
          }

        g_test_message ("%s/%s: max |backprop - finite difference| %.3g "
                        "(largest gradient %.3g)",
                        seqgd_activation_to_string (activations[a]),
                        seqgd_output_to_string (outputs[o]), worst, scale);
        g_assert_cmpfloat (scale, >, 1e-3);
        g_assert_cmpfloat (worst, <=, 1e-6 + 1e-5 * scale);
      }
}

/* A non-finite network gives a non-finite loss, no crash. */
static void
test_forward_non_finite (void)
{
  const guint widths[] = { 4, 3, 2 };
  g_autoptr (SeqgdMlp) net = make_net (2, widths, SEQGD_ACTIVATION_RELU,
                                       SEQGD_OUTPUT_SOFTMAX_CE, 1);
  g_autoptr (SeqgdWorkspace) ws = seqgd_workspace_new (net, 2);
  const float x[] = { 1, 2, 3, 4, 4, 3, 2, 1 };
  const guint8 y[] = { 0, 1 };

  net->W[1][0] = INFINITY;
  g_assert_false (isfinite (seqgd_mlp_forward (net, ws, x, y, 2)));
  net->W[1][0] = NAN;
  g_assert_false (isfinite (seqgd_mlp_forward (net, ws, x, y, 2)));
  g_assert_cmpuint (seqgd_mlp_count_correct (net, ws, y, 2), <=, 2);
}

/* The vectorised activations against double precision, over the whole
 * float range that matters and at the edges. */
static void
test_activation_kernels (void)
{
  const gsize n = 200001;
  g_autofree float *z = g_new (float, n);
  g_autofree float *a = g_new (float, n);
  const float edges[] = { INFINITY, -INFINITY, NAN, 88.5f, -88.5f, 1e-30f };
  float ea[G_N_ELEMENTS (edges)];
  double worst_sigmoid = 0, worst_tanh = 0;

  for (gsize i = 0; i < n; i++)
    z[i] = -100.0f + 200.0f * i / (n - 1);

  /* σ: relative error, wherever σ is a normal float */
  seqgd_activation_forward (SEQGD_ACTIVATION_SIGMOID, z, a, n);
  for (gsize i = 0; i < n; i++)
    {
      double want = 1.0 / (1.0 + exp (-(double) z[i]));

      if (want > 1e-37)
        worst_sigmoid = MAX (worst_sigmoid, fabs (a[i] - want) / want);
      g_assert_cmpfloat (a[i], >=, 0.0f);
      g_assert_cmpfloat (a[i], <=, 1.0f);
    }

  /* tanh: absolute error */
  seqgd_activation_forward (SEQGD_ACTIVATION_TANH, z, a, n);
  for (gsize i = 0; i < n; i++)
    worst_tanh = MAX (worst_tanh, fabs (a[i] - tanh ((double) z[i])));

  g_test_message ("sigmoid: max relative error %.3g; tanh: max absolute "
                  "error %.3g", worst_sigmoid, worst_tanh);
  g_assert_cmpfloat (worst_sigmoid, <=, 4 * FLT_EPSILON);
  g_assert_cmpfloat (worst_tanh, <=, 2 * FLT_EPSILON);

  seqgd_activation_forward (SEQGD_ACTIVATION_SIGMOID, edges, ea,
                            G_N_ELEMENTS (edges));
  g_assert_cmpfloat (ea[0], ==, 1.0f);
  g_assert_cmpfloat (ea[1], <, 1e-37f);
  g_assert_true (isnan (ea[2]));
  g_assert_cmpfloat (ea[3], ==, 1.0f);
  g_assert_cmpfloat (ea[5], ==, 0.5f);

  seqgd_activation_forward (SEQGD_ACTIVATION_RELU, edges, ea,
                            G_N_ELEMENTS (edges));
  g_assert_cmpfloat (ea[0], ==, INFINITY);
  g_assert_cmpfloat (ea[1], ==, 0.0f);
  g_assert_cmpfloat (ea[4], ==, 0.0f);
}

static void
test_blas (void)
{
  g_autofree char *blas = seqgd_blas_describe ();
  const char *coretype = seqgd_blas_suggest_coretype ();

  g_test_message ("%s; suggested OPENBLAS_CORETYPE: %s", blas,
                  coretype != NULL ? coretype : "none");
  g_assert_cmpuint (strlen (blas), >, 0);
  g_assert_true (coretype == NULL || g_str_equal (coretype, "SkylakeX")
                 || g_str_equal (coretype, "Haswell"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mlp/enum-strings", test_enum_strings);
  g_test_add_func ("/core/mlp/layout", test_layout);
  g_test_add_func ("/core/mlp/init", test_init);
  g_test_add_func ("/core/mlp/init-order", test_init_order);
  g_test_add_func ("/core/mlp/matmul-naive", test_matmul_naive);
  g_test_add_func ("/core/mlp/forward-naive", test_forward_naive);
  g_test_add_func ("/core/mlp/forward-loss", test_forward_loss);
  g_test_add_func ("/core/mlp/softmax-stable", test_softmax_stable);
  g_test_add_func ("/core/mlp/count-correct", test_count_correct);
  g_test_add_func ("/core/mlp/gradient-check", test_gradient_check);
  g_test_add_func ("/core/mlp/forward-non-finite", test_forward_non_finite);
  g_test_add_func ("/core/mlp/activation-kernels", test_activation_kernels);
  g_test_add_func ("/core/mlp/blas", test_blas);

  return g_test_run ();
}
