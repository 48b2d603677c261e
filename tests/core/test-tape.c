/* test-tape.c — the reverse-mode tape
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

/* The assertions are the tests: keep them in release builds too. */
#undef G_DISABLE_ASSERT

#include <math.h>
#include <string.h>

#include "seqgd-tape.h"

#include "mlp-reference.h"

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

/* The tape's gradients of an MLP against central differences of the
 * float64 reference, for every activation and output. */
static void
test_mlp_gradient_check (void)
{
  const SeqgdActivation activations[] = {
    SEQGD_ACTIVATION_SIGMOID, SEQGD_ACTIVATION_TANH, SEQGD_ACTIVATION_RELU,
  };
  const SeqgdOutput outputs[] = {
    SEQGD_OUTPUT_SOFTMAX_CE, SEQGD_OUTPUT_SIGMOID_MSE,
  };
  const guint widths[] = { 6, 5, 4, 3 };
  const guint B = 5;

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
      {
        g_autoptr (SeqgdMlp) net = make_net (3, widths, activations[a],
                                             outputs[o], 50 + a);
        g_autoptr (SeqgdTape) tape = seqgd_tape_new_for_mlp (net, B);
        g_autofree float *grads = g_new (float, net->n_params);
        g_autofree double *fd = g_new (double, net->n_params);
        g_autofree double *p = g_new (double, net->n_params);
        float x[5 * 6];
        guint8 y[5];
        double worst = 0, scale = 0;
        SeqgdRng rng;
        float loss;

        seqgd_rng_init (&rng, 51);
        reference_random_batch (net, &rng, B, x, y);
        for (guint i = 0; i < B * 6; i++)
          x[i] = 2 * x[i] - 1;
        for (gsize i = 0; i < net->n_params; i++)
          p[i] = net->params[i];

        loss = seqgd_tape_mlp_gradients (tape, net, x, y, B, grads);
        reference_gradients (net, x, y, B, 1e-6, fd);
        for (gsize i = 0; i < net->n_params; i++)
          {
            worst = MAX (worst, fabs (grads[i] - fd[i]));
            scale = MAX (scale, fabs (fd[i]));
          }

        g_test_message ("%s/%s: max |tape - finite difference| %.3g "
                        "(largest gradient %.3g)",
                        seqgd_activation_to_string (activations[a]),
                        seqgd_output_to_string (outputs[o]), worst, scale);
        g_assert_cmpfloat_with_epsilon (loss,
                                        reference_loss (net, p, x, y, B),
                                        1e-6);
        g_assert_cmpfloat (scale, >, 1e-3);
        g_assert_cmpfloat (worst, <=, 1e-6 + 1e-5 * scale);
      }
}

/* loss(A, b) = mean_i −log softmax(sigmoid(A·A + b))_{y_i}, in double. */
static double
shared_leaf_loss (const double *A,
                  const double *b,
                  const guint8 *y,
                  guint         n)
{
  double total = 0;

  for (guint i = 0; i < n; i++)
    {
      double h[4], m, s = 0;

      for (guint j = 0; j < n; j++)
        {
          double z = b[j];

          for (guint k = 0; k < n; k++)
            z += A[i * n + k] * A[k * n + j];
          h[j] = 1 / (1 + exp (-z));
        }
      m = h[0];
      for (guint j = 1; j < n; j++)
        m = MAX (m, h[j]);
      for (guint j = 0; j < n; j++)
        s += exp (h[j] - m);
      total += m + log (s) - h[y[i]];
    }

  return total / n;
}

/* A leaf used twice (both sides of A·A) collects both contributions, and
 * the left operand's gradient path (unused by an MLP) is right. */
static void
test_shared_leaf (void)
{
  const guint n = 4;
  float A[16], b[4], dA[16], db[4];
  double Ad[16], bd[4];
  const guint8 y[] = { 2, 0, 3, 3 };
  g_autoptr (SeqgdTape) tape = seqgd_tape_new (1024, 16, n);
  SeqgdTapeNode a, bias, h, loss;
  double worst = 0;
  SeqgdRng rng;

  seqgd_rng_init (&rng, 60);
  for (guint i = 0; i < 16; i++)
    Ad[i] = A[i] = (float) (2 * seqgd_rng_uniform (&rng) - 1);
  for (guint i = 0; i < 4; i++)
    bd[i] = b[i] = (float) (2 * seqgd_rng_uniform (&rng) - 1);

  a = seqgd_tape_leaf (tape, n, n, A, dA);
  bias = seqgd_tape_leaf (tape, 1, n, b, db);
  h = seqgd_tape_matmul (tape, a, a);
  h = seqgd_tape_add_row (tape, h, bias);
  h = seqgd_tape_activation (tape, SEQGD_ACTIVATION_SIGMOID, h);
  loss = seqgd_tape_softmax_cross_entropy (tape, h, y);
  seqgd_tape_backward (tape, loss);

  g_assert_cmpuint (seqgd_tape_get_n_ops (tape), ==, 4);
  g_assert_cmpfloat_with_epsilon (seqgd_tape_get_value (tape, loss)[0],
                                  shared_leaf_loss (Ad, bd, y, n), 1e-6);

  for (guint i = 0; i < 16 + 4; i++)
    {
      double *p = i < 16 ? &Ad[i] : &bd[i - 16];
      double saved = *p, up, down, g;

      *p = saved + 1e-6;
      up = shared_leaf_loss (Ad, bd, y, n);
      *p = saved - 1e-6;
      down = shared_leaf_loss (Ad, bd, y, n);
      *p = saved;
      g = (up - down) / 2e-6;
      worst = MAX (worst, fabs ((i < 16 ? dA[i] : db[i - 16]) - g));
    }

  g_test_message ("max |tape - finite difference| %.3g", worst);
  g_assert_cmpfloat (worst, <=, 1e-6);
}

/* A leaf that no path connects to the loss gets zeros, not stale data;
 * a leaf without a gradient buffer gets none. */
static void
test_unused_leaf (void)
{
  g_autoptr (SeqgdTape) tape = seqgd_tape_new (256, 8, 4);
  const float x[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  const float W[] = { 0.1f, -0.2f, 0.3f, 0.4f };
  float dW[4], dU[4];
  const guint8 y[] = { 0, 1, 1, 0 };
  SeqgdTapeNode nx, nW, nU, loss;

  for (guint i = 0; i < 4; i++)
    dW[i] = dU[i] = NAN;

  nx = seqgd_tape_leaf (tape, 4, 2, x, NULL);
  nW = seqgd_tape_leaf (tape, 2, 2, W, dW);
  nU = seqgd_tape_leaf (tape, 2, 2, W, dU);
  loss = seqgd_tape_sigmoid_squared_error (tape,
                                           seqgd_tape_matmul (tape, nx, nW),
                                           y);
  seqgd_tape_backward (tape, loss);

  g_assert_null (seqgd_tape_get_grad (tape, nx));
  g_assert_true (seqgd_tape_get_grad (tape, nU) == dU);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (isfinite (dW[i]));
      g_assert_cmpfloat (dU[i], ==, 0.0f);
    }
}

/* Recording again after a reset reuses the same storage, and the
 * recorded values are those of the network's forward pass. */
static void
test_reuse_and_values (void)
{
  const guint widths[] = { 20, 12, 8, 5 };
  const guint B = 9;
  g_autoptr (SeqgdMlp) net = make_net (3, widths, SEQGD_ACTIVATION_TANH,
                                       SEQGD_OUTPUT_SOFTMAX_CE, 70);
  g_autoptr (SeqgdTape) tape = seqgd_tape_new_for_mlp (net, 16);
  g_autoptr (SeqgdWorkspace) ws = seqgd_workspace_new (net, 16);
  g_autofree float *grads = g_new (float, net->n_params);
  g_autofree float *first = g_new (float, net->n_params);
  float x[9 * 20];
  guint8 y[9];
  const float *loss_value;
  SeqgdRng rng;
  float l1, l2;

  seqgd_rng_init (&rng, 71);
  reference_random_batch (net, &rng, B, x, y);

  l1 = seqgd_tape_mlp_gradients (tape, net, x, y, B, grads);
  memcpy (first, grads, net->n_params * sizeof (float));
  /* Nodes: x; W, b, product, sum, activation per hidden layer; W, b,
   * product, sum for the output; the loss: 1 + 5 + 5 + 4 = 15. */
  loss_value = seqgd_tape_get_value (tape, 15);
  g_assert_cmpfloat (loss_value[0], ==, l1);
  g_assert_cmpuint (seqgd_tape_get_n_ops (tape), ==, 3 * 3);

  for (guint i = 0; i < 20; i++)
    l2 = seqgd_tape_mlp_gradients (tape, net, x, y, B, grads);
  g_assert_cmpfloat (l1, ==, l2);
  g_assert_cmpmem (first, net->n_params * sizeof (float),
                   grads, net->n_params * sizeof (float));
  /* The loss node sits where it did. */
  g_assert_true (seqgd_tape_get_value (tape, 15) == loss_value);
  g_assert_cmpfloat (loss_value[0], ==, l2);

  /* Node 4 is z[0] (x, W0, b0, product, sum); node 5 is a[0]. */
  seqgd_mlp_forward (net, ws, x, y, B);
  g_assert_cmpfloat (reference_max_diff (seqgd_tape_get_value (tape, 4),
                                         ws->z[0], B * 12), <=, 1e-6);
  g_assert_cmpfloat (reference_max_diff (seqgd_tape_get_value (tape, 5),
                                         ws->a[0], B * 12), <=, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/tape/mlp-gradient-check", test_mlp_gradient_check);
  g_test_add_func ("/core/tape/shared-leaf", test_shared_leaf);
  g_test_add_func ("/core/tape/unused-leaf", test_unused_leaf);
  g_test_add_func ("/core/tape/reuse-and-values", test_reuse_and_values);

  return g_test_run ();
}
