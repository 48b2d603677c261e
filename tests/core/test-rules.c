/* test-rules.c — the learning rules and the properties DESIGN.md pins down
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

/* The assertions are the tests: keep them in release builds too. */
#undef G_DISABLE_ASSERT

#include <math.h>
#include <string.h>

#include "seqgd-rule.h"
#include "seqgd-tape.h"

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

static SeqgdRuleState *
make_state (const char     *id,
            const SeqgdMlp *net,
            guint           max_batch,
            guint64         seed)
{
  const SeqgdRule *rule = seqgd_rule_lookup (id);
  g_autoptr (GError) error = NULL;
  SeqgdRuleState *state;
  SeqgdRng rng;

  g_assert_nonnull (rule);
  seqgd_rng_init (&rng, seed);
  state = rule->state_new (net, max_batch, &rng, &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);
  return state;
}

/* A fixed set of random batches to train on. */
typedef struct
{
  guint   B;
  guint   n_batches;
  float  *x;   /* n_batches × B × D0 */
  guint8 *y;   /* n_batches × B */
} Batches;

static Batches *
batches_new (const SeqgdMlp *net,
             guint           B,
             guint           n_batches,
             guint64         seed)
{
  Batches *b = g_new0 (Batches, 1);
  SeqgdRng rng;

  seqgd_rng_init (&rng, seed);
  b->B = B;
  b->n_batches = n_batches;
  b->x = g_new (float, (gsize) n_batches * B * net->widths[0]);
  b->y = g_new (guint8, (gsize) n_batches * B);
  for (guint i = 0; i < n_batches; i++)
    reference_random_batch (net, &rng, B,
                            b->x + (gsize) i * B * net->widths[0],
                            b->y + (gsize) i * B);
  return b;
}

static void
batches_free (Batches *b)
{
  g_free (b->x);
  g_free (b->y);
  g_free (b);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batches, batches_free)

/* Runs @n_steps steps of rule @id from @net's weights over @b, cycling
 * through the batches, on a copy of @net; losses go to @losses. */
static SeqgdMlp *
train (const char     *id,
       const SeqgdMlp *net,
       const Batches  *b,
       guint           n_steps,
       float           lr,
       float          *losses)
{
  SeqgdMlp *copy = seqgd_mlp_copy (net);
  SeqgdRuleState *state = make_state (id, net, b->B, 1);
  const SeqgdRule *rule = seqgd_rule_lookup (id);

  for (guint s = 0; s < n_steps; s++)
    {
      guint i = s % b->n_batches;
      float loss = rule->step (state, copy,
                               b->x + (gsize) i * b->B * net->widths[0],
                               b->y + (gsize) i * b->B, b->B, lr);
      if (losses != NULL)
        losses[s] = loss;
    }

  rule->state_free (state);
  return copy;
}

/* Registry ----------------------------------------------------------- */

static void
test_registry (void)
{
  const SeqgdRule * const *list = seqgd_rule_list ();
  const char * const *defaults = seqgd_rule_default_ids ();
  const char * const order[] = { "autograd", "simultaneous", "sequential" };
  guint n = 0;

  for (; list[n] != NULL; n++)
    {
      g_assert_true (seqgd_rule_lookup (list[n]->id) == list[n]);
      g_assert_cmpuint (strlen (list[n]->label), >, 0);
      g_assert_cmpuint (strlen (list[n]->description), >, 20);
      g_assert_nonnull (list[n]->state_new);
      g_assert_nonnull (list[n]->state_free);
      g_assert_nonnull (list[n]->step);
    }
  g_assert_cmpuint (n, >=, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (list[i]->id, ==, order[i]);
      g_assert_cmpstr (defaults[i], ==, order[i]);
    }
  g_assert_null (defaults[3]);

  g_assert_cmpstr (seqgd_rule_lookup ("autograd")->study_name, ==, "normalGD");
  g_assert_cmpstr (seqgd_rule_lookup ("simultaneous")->study_name, ==,
                   "numpyGD");
  g_assert_cmpstr (seqgd_rule_lookup ("sequential")->study_name, ==,
                   "numpySGD");
  g_assert_nonnull (seqgd_rule_lookup ("feedback-alignment"));
  g_assert_nonnull (seqgd_rule_lookup ("direct-feedback-alignment"));
  g_assert_null (seqgd_rule_lookup ("adam"));
  g_assert_null (seqgd_rule_lookup (""));
}

/* Gradients ---------------------------------------------------------- */

/* The tape and the hand-written backward pass give the same gradients. */
static void
test_autograd_gradients (void)
{
  const guint widths[] = { 784, 128, 10 };
  const guint deep[] = { 20, 16, 12, 10 };

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
      for (guint shape = 0; shape < 2; shape++)
        {
          g_autoptr (SeqgdMlp) net = shape == 0
            ? make_net (2, widths, activations[a], outputs[o], 3)
            : make_net (3, deep, activations[a], outputs[o], 3);
          g_autoptr (SeqgdWorkspace) ws = seqgd_workspace_new (net, 32);
          g_autoptr (SeqgdTape) tape = seqgd_tape_new_for_mlp (net, 32);
          g_autofree float *grads = g_new (float, net->n_params);
          g_autoptr (Batches) b = batches_new (net, 32, 1, 4);
          float l1, l2;
          double worst, scale = 0;

          l1 = seqgd_mlp_backward (net, ws, b->x, b->y, 32);
          l2 = seqgd_tape_mlp_gradients (tape, net, b->x, b->y, 32, grads);
          worst = reference_max_diff (ws->grads, grads, net->n_params);
          for (gsize i = 0; i < net->n_params; i++)
            scale = MAX (scale, fabs (grads[i]));

          /* The two forward passes may round differently (the tape
           * adds the bias after its product), so the losses agree to
           * float rounding, not bit for bit. */
          g_test_message ("%s/%s, %u layers: loss %.9g vs %.9g, "
                          "max gradient difference %.3g of %.3g",
                          seqgd_activation_to_string (activations[a]),
                          seqgd_output_to_string (outputs[o]),
                          net->n_layers, l1, l2, worst, scale);
          g_assert_cmpfloat (fabsf (l1 - l2), <=, 1e-6f * fabsf (l1));
          g_assert_cmpfloat (worst, <=, 1e-5 * scale);
        }
}

/* One step of autograd and of simultaneous is p − η ∇p with the
 * backprop gradient. */
static void
test_step_is_gradient_step (void)
{
  const guint widths[] = { 30, 20, 15, 10 };
  const char * const ids[] = { "autograd", "simultaneous" };
  const float lr = 0.5f;

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
      for (guint r = 0; r < G_N_ELEMENTS (ids); r++)
        {
          g_autoptr (SeqgdMlp) net = make_net (3, widths, activations[a],
                                               outputs[o], 5);
          g_autoptr (SeqgdWorkspace) ws = seqgd_workspace_new (net, 16);
          g_autoptr (Batches) b = batches_new (net, 16, 1, 6);
          g_autoptr (SeqgdMlp) stepped = NULL;
          g_autofree float *expected = g_new (float, net->n_params);
          double worst;

          seqgd_mlp_backward (net, ws, b->x, b->y, 16);
          for (gsize i = 0; i < net->n_params; i++)
            expected[i] = net->params[i] - lr * ws->grads[i];

          stepped = train (ids[r], net, b, 1, lr, NULL);
          worst = reference_max_diff (stepped->params, expected,
                                      net->n_params);
          g_assert_cmpfloat (worst, <=, 1e-6);
        }
}

/* From the same start, autograd and simultaneous trace the same curve. */
static void
test_autograd_vs_simultaneous (void)
{
  const guint widths[] = { 784, 128, 10 };

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    {
      g_autoptr (SeqgdMlp) net = make_net (2, widths, activations[a],
                                           SEQGD_OUTPUT_SOFTMAX_CE, 9);
      g_autoptr (Batches) b = batches_new (net, 32, 10, 10);
      g_autoptr (SeqgdMlp) n1 = NULL;
      g_autoptr (SeqgdMlp) n2 = NULL;
      float l1[50], l2[50];
      double worst_loss = 0, worst_param;

      n1 = train ("autograd", net, b, 50, 0.1f, l1);
      n2 = train ("simultaneous", net, b, 50, 0.1f, l2);

      for (guint s = 0; s < 50; s++)
        worst_loss = MAX (worst_loss, fabs (l1[s] - l2[s]));
      worst_param = reference_max_diff (n1->params, n2->params, net->n_params);

      g_test_message ("%s: 50 steps, loss %.4f -> %.4f; max loss difference "
                      "%.3g, max parameter difference %.3g",
                      seqgd_activation_to_string (activations[a]),
                      l1[0], l1[49], worst_loss, worst_param);
      g_assert_cmpfloat (l1[49], <, l1[0]);
      g_assert_cmpfloat (worst_loss, <=, 1e-4);
      g_assert_cmpfloat (worst_param, <=, 1e-4);
    }
}

/* Sequential ---------------------------------------------------------- */

/* Without a hidden layer there is nothing to be sequential about. */
static void
test_sequential_single_layer (void)
{
  const guint widths[] = { 50, 10 };

  for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
    {
      g_autoptr (SeqgdMlp) net = make_net (1, widths, SEQGD_ACTIVATION_SIGMOID,
                                           outputs[o], 12);
      g_autoptr (Batches) b = batches_new (net, 16, 4, 13);
      g_autoptr (SeqgdMlp) n1 = NULL;
      g_autoptr (SeqgdMlp) n2 = NULL;
      float l1[20], l2[20];
      double worst;

      n1 = train ("sequential", net, b, 20, 0.5f, l1);
      n2 = train ("simultaneous", net, b, 20, 0.5f, l2);
      worst = reference_max_diff (n1->params, n2->params, net->n_params);
      g_test_message ("%s: max parameter difference after 20 steps %.3g",
                      seqgd_output_to_string (outputs[o]), worst);
      g_assert_cmpfloat (worst, <=, 1e-7);
      g_assert_cmpmem (l1, sizeof l1, l2, sizeof l2);
    }
}

/* δ1(seq) = δ1(sim) − η (E Eᵀ H) ⊙ f'(z1), with E = δ2 and H = a1 of the
 * step's forward pass, checked in double from the simultaneous pass. */
static void
test_sequential_identity (void)
{
  const guint widths[] = { 40, 24, 10 };
  const guint B = 16, D1 = 24, C = 10;
  const float lr = 0.3f;

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
      {
        g_autoptr (SeqgdMlp) net = make_net (2, widths, activations[a],
                                             outputs[o], 14);
        g_autoptr (SeqgdMlp) n_sim = seqgd_mlp_copy (net);
        g_autoptr (SeqgdMlp) n_seq = seqgd_mlp_copy (net);
        g_autoptr (Batches) b = batches_new (net, B, 1, 15);
        SeqgdRuleState *sim = make_state ("simultaneous", net, B, 1);
        SeqgdRuleState *seq = make_state ("sequential", net, B, 1);
        SeqgdWorkspace *ws_sim, *ws_seq;
        double worst = 0, scale = 0, effect = 0;

        seqgd_rule_lookup ("simultaneous")->step (sim, n_sim, b->x, b->y, B,
                                                  lr);
        seqgd_rule_lookup ("sequential")->step (seq, n_seq, b->x, b->y, B, lr);
        ws_sim = seqgd_rule_state_get_workspace (sim);
        ws_seq = seqgd_rule_state_get_workspace (seq);

        for (guint i = 0; i < B; i++)
          for (guint j = 0; j < D1; j++)
            {
              const float *E = ws_sim->delta[1];
              const float *H = ws_sim->a[0];
              double z = ws_sim->z[0][i * D1 + j];
              double h = H[i * D1 + j];
              double fprime, gram = 0, expected;

              if (activations[a] == SEQGD_ACTIVATION_SIGMOID)
                fprime = h * (1 - h);
              else if (activations[a] == SEQGD_ACTIVATION_TANH)
                fprime = 1 - h * h;
              else
                fprime = z > 0;

              /* (E Eᵀ H)_ij = Σ_k Σ_c E_ic E_kc H_kj */
              for (guint k = 0; k < B; k++)
                {
                  double eek = 0;

                  for (guint c = 0; c < C; c++)
                    eek += (double) E[i * C + c] * E[k * C + c];
                  gram += eek * H[k * D1 + j];
                }

              expected = ws_sim->delta[0][i * D1 + j] - lr * gram * fprime;
              worst = MAX (worst, fabs (ws_seq->delta[0][i * D1 + j]
                                        - expected));
              scale = MAX (scale, fabs (expected));
              effect = MAX (effect, fabs (lr * gram * fprime));
            }

        g_test_message ("%s/%s: max |delta1(seq) - identity| %.3g, "
                        "size of the eta term %.3g, of delta1 %.3g",
                        seqgd_activation_to_string (activations[a]),
                        seqgd_output_to_string (outputs[o]),
                        worst, effect, scale);
        /* The correction is far above rounding, and the identity holds to
         * rounding. */
        g_assert_cmpfloat (effect, >, 1e-3 * scale);
        g_assert_cmpfloat (worst, <=, 1e-6 * scale + 1e-9);

        seqgd_rule_lookup ("simultaneous")->state_free (sim);
        seqgd_rule_lookup ("sequential")->state_free (seq);
      }
}

/* After one step, |p(seq) − p(sim)| shrinks like η². */
static void
test_sequential_eta_squared (void)
{
  const guint widths[] = { 40, 24, 10 };
  const float etas[] = { 0.8f, 0.4f, 0.2f, 0.1f };
  double diffs[G_N_ELEMENTS (etas)];
  g_autoptr (SeqgdMlp) net = make_net (2, widths, SEQGD_ACTIVATION_SIGMOID,
                                       SEQGD_OUTPUT_SOFTMAX_CE, 16);
  g_autoptr (Batches) b = batches_new (net, 32, 1, 17);

  for (guint e = 0; e < G_N_ELEMENTS (etas); e++)
    {
      g_autoptr (SeqgdMlp) n1 = train ("sequential", net, b, 1, etas[e],
                                       NULL);
      g_autoptr (SeqgdMlp) n2 = train ("simultaneous", net, b, 1, etas[e],
                                       NULL);
      double sum = 0;

      for (gsize i = 0; i < net->n_params; i++)
        sum += ((double) n1->params[i] - n2->params[i])
               * ((double) n1->params[i] - n2->params[i]);
      diffs[e] = sqrt (sum);
    }

  for (guint e = 1; e < G_N_ELEMENTS (etas); e++)
    {
      double ratio = diffs[e - 1] / diffs[e];

      g_test_message ("eta %.2f: |p(seq) - p(sim)| %.4g; halving eta divides it by %.3f",
                      etas[e], diffs[e], ratio);
      g_assert_cmpfloat (ratio, >, 3.5);
      g_assert_cmpfloat (ratio, <, 4.5);
    }
}

/* Feedback alignment -------------------------------------------------- */

/* With one hidden layer, direct feedback alignment is feedback alignment. */
static void
test_dfa_equals_fa (void)
{
  const guint widths[] = { 40, 24, 10 };

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    {
      g_autoptr (SeqgdMlp) net = make_net (2, widths, activations[a],
                                           SEQGD_OUTPUT_SOFTMAX_CE, 18);
      g_autoptr (Batches) b = batches_new (net, 16, 4, 19);
      g_autoptr (SeqgdMlp) n1 = NULL;
      g_autoptr (SeqgdMlp) n2 = NULL;
      g_autoptr (SeqgdMlp) n3 = NULL;
      float l1[30], l2[30];

      n1 = train ("feedback-alignment", net, b, 30, 0.2f, l1);
      n2 = train ("direct-feedback-alignment", net, b, 30, 0.2f, l2);
      n3 = train ("simultaneous", net, b, 30, 0.2f, NULL);
      g_assert_cmpmem (n1->params, net->n_params * sizeof (float),
                       n2->params, net->n_params * sizeof (float));
      g_assert_cmpmem (l1, sizeof l1, l2, sizeof l2);
      /* and it is not backprop */
      g_assert_cmpfloat (reference_max_diff (n1->params, n3->params,
                                             net->n_params), >, 1e-4);
    }
}

/* The feedback rules draw their matrices from the generator they are
 * given, and refuse to work without one. */
static void
test_feedback_needs_rng (void)
{
  const guint widths[] = { 10, 8, 4 };
  const char * const ids[] = {
    "feedback-alignment", "direct-feedback-alignment",
  };
  g_autoptr (SeqgdMlp) net = make_net (2, widths, SEQGD_ACTIVATION_SIGMOID,
                                       SEQGD_OUTPUT_SOFTMAX_CE, 30);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const SeqgdRule *rule = seqgd_rule_lookup (ids[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (Batches) b = batches_new (net, 4, 1, 31);
      g_autoptr (SeqgdMlp) n1 = seqgd_mlp_copy (net);
      g_autoptr (SeqgdMlp) n2 = seqgd_mlp_copy (net);
      SeqgdRuleState *s1 = make_state (ids[i], net, 4, 1);
      SeqgdRuleState *s2 = make_state (ids[i], net, 4, 2);

      g_assert_null (rule->state_new (net, 4, NULL, &error));
      g_assert_nonnull (error);

      /* Different generators, different feedback, different updates of
       * the first layer. */
      rule->step (s1, n1, b->x, b->y, 4, 0.5f);
      rule->step (s2, n2, b->x, b->y, 4, 0.5f);
      g_assert_cmpfloat (reference_max_diff (n1->W[0], n2->W[0], 10 * 8), >,
                         0);
      g_assert_cmpmem (n1->W[1], 8 * 4 * sizeof (float),
                       n2->W[1], 8 * 4 * sizeof (float));
      rule->state_free (s1);
      rule->state_free (s2);
    }

  /* The others take NULL. */
  for (guint i = 0; i < 3; i++)
    {
      const SeqgdRule *rule = seqgd_rule_list ()[i];
      SeqgdRuleState *state = rule->state_new (net, 4, NULL, NULL);

      g_assert_nonnull (state);
      rule->state_free (state);
    }
}

/* Every rule goes downhill on a small fixed problem, also with two hidden
 * layers, where the feedback rules differ. */
static void
test_rules_learn (void)
{
  const guint widths[] = { 20, 16, 12, 4 };
  const SeqgdRule * const *list = seqgd_rule_list ();
  g_autoptr (SeqgdMlp) net = make_net (3, widths, SEQGD_ACTIVATION_TANH,
                                       SEQGD_OUTPUT_SOFTMAX_CE, 20);
  g_autoptr (Batches) b = batches_new (net, 24, 1, 21);

  for (guint r = 0; list[r] != NULL; r++)
    {
      g_autoptr (SeqgdMlp) trained = NULL;
      float losses[300];

      trained = train (list[r]->id, net, b, 300, 0.1f, losses);
      g_test_message ("%s: loss %.4f -> %.4f", list[r]->id, losses[0],
                      losses[299]);
      g_assert_cmpfloat (losses[299], <, 0.85 * losses[0]);
    }
}

/* Reproducibility and robustness -------------------------------------- */

static void
test_deterministic (void)
{
  const guint widths[] = { 64, 32, 10 };
  const SeqgdRule * const *list = seqgd_rule_list ();
  g_autoptr (SeqgdMlp) net = make_net (2, widths, SEQGD_ACTIVATION_RELU,
                                       SEQGD_OUTPUT_SOFTMAX_CE, 22);
  g_autoptr (Batches) b = batches_new (net, 32, 5, 23);

  for (guint r = 0; list[r] != NULL; r++)
    {
      g_autoptr (SeqgdMlp) n1 = train (list[r]->id, net, b, 40, 0.05f, NULL);
      g_autoptr (SeqgdMlp) n2 = train (list[r]->id, net, b, 40, 0.05f, NULL);

      g_assert_cmpmem (n1->params, net->n_params * sizeof (float),
                       n2->params, net->n_params * sizeof (float));
      g_assert_cmpfloat (reference_max_diff (n1->params, net->params,
                                             net->n_params), >, 0);
    }
}

/* A smaller last batch in a state made for larger ones. */
static void
test_partial_batch (void)
{
  const guint widths[] = { 30, 20, 10 };
  const SeqgdRule * const *list = seqgd_rule_list ();
  g_autoptr (SeqgdMlp) net = make_net (2, widths, SEQGD_ACTIVATION_SIGMOID,
                                       SEQGD_OUTPUT_SOFTMAX_CE, 24);
  g_autoptr (Batches) b = batches_new (net, 7, 1, 25);

  for (guint r = 0; list[r] != NULL; r++)
    {
      g_autoptr (SeqgdMlp) n1 = seqgd_mlp_copy (net);
      g_autoptr (SeqgdMlp) n2 = seqgd_mlp_copy (net);
      SeqgdRuleState *big = make_state (list[r]->id, net, 64, 1);
      SeqgdRuleState *exact = make_state (list[r]->id, net, 7, 1);

      list[r]->step (big, n1, b->x, b->y, 7, 0.1f);
      list[r]->step (exact, n2, b->x, b->y, 7, 0.1f);
      g_assert_cmpfloat (reference_max_diff (n1->params, n2->params,
                                             net->n_params), <=, 1e-7);
      list[r]->state_free (big);
      list[r]->state_free (exact);
    }
}

/* A huge learning rate blows every rule up: the loss leaves any sensible
 * range, and with ReLU units (unbounded) it overflows to a non-finite
 * value; stepping on with non-finite weights must not crash. */
static void
test_divergence (void)
{
  const guint widths[] = { 30, 20, 10 };
  const SeqgdRule * const *list = seqgd_rule_list ();

  for (guint r = 0; list[r] != NULL; r++)
    for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
      {
        g_autoptr (SeqgdMlp) net = make_net (2, widths, activations[a],
                                             SEQGD_OUTPUT_SOFTMAX_CE, 26);
        g_autoptr (Batches) b = batches_new (net, 8, 3, 27);
        SeqgdRuleState *state = make_state (list[r]->id, net, 8, 1);
        guint first_huge = 0, first_bad = 0;

        for (guint s = 1; s <= 100; s++)
          {
            guint i = s % 3;
            float loss = list[r]->step (state, net, b->x + i * 8 * 30,
                                        b->y + i * 8, 8, 1e30f);

            if (!(loss < 1e6f) && first_huge == 0)
              first_huge = s;
            if (!isfinite (loss) && first_bad == 0)
              first_bad = s;
            if (first_bad != 0 && s > first_bad + 3)
              break;
          }

        g_test_message ("%s/%s: loss above 1e6 from step %u, non-finite "
                        "from step %u",
                        list[r]->id,
                        seqgd_activation_to_string (activations[a]),
                        first_huge, first_bad);
        g_assert_cmpuint (first_huge, >, 0);
        if (activations[a] == SEQGD_ACTIVATION_RELU)
          g_assert_cmpuint (first_bad, >, 0);
        list[r]->state_free (state);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/rules/registry", test_registry);
  g_test_add_func ("/core/rules/autograd-gradients", test_autograd_gradients);
  g_test_add_func ("/core/rules/step-is-gradient-step",
                   test_step_is_gradient_step);
  g_test_add_func ("/core/rules/autograd-vs-simultaneous",
                   test_autograd_vs_simultaneous);
  g_test_add_func ("/core/rules/sequential-single-layer",
                   test_sequential_single_layer);
  g_test_add_func ("/core/rules/sequential-identity",
                   test_sequential_identity);
  g_test_add_func ("/core/rules/sequential-eta-squared",
                   test_sequential_eta_squared);
  g_test_add_func ("/core/rules/dfa-equals-fa", test_dfa_equals_fa);
  g_test_add_func ("/core/rules/feedback-needs-rng", test_feedback_needs_rng);
  g_test_add_func ("/core/rules/rules-learn", test_rules_learn);
  g_test_add_func ("/core/rules/deterministic", test_deterministic);
  g_test_add_func ("/core/rules/partial-batch", test_partial_batch);
  g_test_add_func ("/core/rules/divergence", test_divergence);

  return g_test_run ();
}
