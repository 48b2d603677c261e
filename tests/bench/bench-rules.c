/* bench-rules.c — seconds per epoch of each rule against the sgemm floor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the default network (784-128-10, sigmoid, softmax with
 * cross-entropy) on random data, times one epoch of 60,000 images under
 * every rule at batch sizes 32, 128 and 1000, and compares it with the
 * dense floor: the same sequence of sgemm calls one step of backprop
 * needs (forward x·W0 and a0·W1; ∇W1 = a0ᵀ δ1; δ0 = δ1 W1ᵀ;
 * ∇W0 = xᵀ δ0), timed in the same run.  Each configuration runs with
 * OpenBLAS on one thread and on two, and finally as two runs side by side
 * with one thread each, which is how an experiment of several rules can
 * use two cores instead.
 *
 * Run it with `meson test -C build --benchmark` or directly:
 * build/tests/bench/bench-rules [--repeat N] [--batch B] [--epoch-images N]
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "seqgd-rule.h"

#define D0 784
#define D1 128
#define D2 10
#define POOL_ROWS 8192

typedef struct
{
  guint         B;
  guint         n_images;
  const float  *pool;    /* POOL_ROWS × D0 */
  const guint8 *labels;  /* POOL_ROWS */
} Epoch;

/* The batch of step @s: consecutive rows of the pool, wrapping. */
static guint
batch_offset (const Epoch *e,
              guint        s)
{
  return (guint) (((guint64) s * e->B) % (POOL_ROWS - e->B + 1));
}

static guint
batch_rows (const Epoch *e,
            guint        s)
{
  return MIN (e->B, e->n_images - s * e->B);
}

static guint
n_steps (const Epoch *e)
{
  return (e->n_images + e->B - 1) / e->B;
}

/* Multiply-adds of the five products of one step with @B rows, × 2. */
static double
step_flops (guint B)
{
  return 2.0 * B * (2.0 * D0 * D1 + 3.0 * D1 * D2);
}

static double
epoch_flops (const Epoch *e)
{
  double total = 0;

  for (guint s = 0; s < n_steps (e); s++)
    total += step_flops (batch_rows (e, s));
  return total;
}

/* The floor --------------------------------------------------------- */

typedef struct
{
  float *W0, *W1, *a0, *z1, *d1, *d0, *dW0, *dW1;
  float *memory;
} FloorBuffers;

static void
floor_buffers_init (FloorBuffers *f,
                    guint         B)
{
  gsize sizes[] = {
    D0 * D1, D1 * D2, (gsize) B * D1, (gsize) B * D2, (gsize) B * D2,
    (gsize) B * D1, D0 * D1, D1 * D2,
  };
  float **ptrs[] = {
    &f->W0, &f->W1, &f->a0, &f->z1, &f->d1, &f->d0, &f->dW0, &f->dW1,
  };
  gsize total = 0;
  float *p;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    total += sizes[i];
  f->memory = g_new0 (float, total);
  for (guint i = 0; i < total; i++)
    f->memory[i] = 1e-3f * (i % 97);

  p = f->memory;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    *ptrs[i] = p, p += sizes[i];
}

static double
time_floor (const Epoch *e)
{
  FloorBuffers f;
  gint64 start;
  double seconds;

  floor_buffers_init (&f, e->B);

  start = g_get_monotonic_time ();
  for (guint s = 0; s < n_steps (e); s++)
    {
      const float *x = e->pool + (gsize) batch_offset (e, s) * D0;
      guint B = batch_rows (e, s);

      /* a0 (B × D1) = x (B × D0) · W0 (D0 × D1) */
      seqgd_matmul (FALSE, FALSE, B, D1, D0, 1.0f, x, f.W0, 1.0f, f.a0);
      /* z1 (B × D2) = a0 · W1 (D1 × D2) */
      seqgd_matmul (FALSE, FALSE, B, D2, D1, 1.0f, f.a0, f.W1, 1.0f, f.z1);
      /* W1 −= η a0ᵀ (D1 × B) · d1 (B × D2) */
      seqgd_matmul (TRUE, FALSE, D1, D2, B, -1e-9f, f.a0, f.d1, 1.0f, f.W1);
      /* d0 (B × D1) = d1 (B × D2) · W1ᵀ */
      seqgd_matmul (FALSE, TRUE, B, D1, D2, 1.0f, f.d1, f.W1, 0.0f, f.d0);
      /* W0 −= η xᵀ (D0 × B) · d0 (B × D1) */
      seqgd_matmul (TRUE, FALSE, D0, D1, B, -1e-9f, x, f.d0, 1.0f, f.W0);
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;

  g_free (f.memory);
  return seconds;
}

/* Rules -------------------------------------------------------------- */

static SeqgdMlp *
default_network (void)
{
  const guint widths[] = { D0, D1, D2 };
  SeqgdMlp *net = seqgd_mlp_new (2, widths, SEQGD_ACTIVATION_SIGMOID,
                                 SEQGD_OUTPUT_SOFTMAX_CE);
  SeqgdRng rng;

  seqgd_rng_init (&rng, 0);
  seqgd_mlp_init_params (net, SEQGD_INIT_UNIFORM_FAN_IN, &rng);
  return net;
}

/* Seconds for one epoch of @rule; the final loss goes to @loss so that
 * the work cannot be optimised away and a broken run shows. */
static double
time_rule (const SeqgdRule *rule,
           const Epoch     *e,
           float           *loss)
{
  g_autoptr (SeqgdMlp) net = default_network ();
  g_autoptr (GError) error = NULL;
  SeqgdRuleState *state;
  SeqgdRng rng;
  gint64 start;
  double seconds;

  seqgd_rng_init (&rng, 1);
  state = rule->state_new (net, e->B, &rng, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint s = 0; s < n_steps (e); s++)
    {
      guint off = batch_offset (e, s);

      *loss = rule->step (state, net, e->pool + (gsize) off * D0,
                          e->labels + off, batch_rows (e, s), 0.1f);
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;

  rule->state_free (state);
  return seconds;
}

typedef struct
{
  const SeqgdRule *rule;   /* NULL: the floor */
  const Epoch     *epoch;
  double           seconds;
  float            loss;
} Job;

static gpointer
job_thread (gpointer data)
{
  Job *job = data;

  if (job->rule != NULL)
    job->seconds = time_rule (job->rule, job->epoch, &job->loss);
  else
    job->seconds = time_floor (job->epoch);
  return NULL;
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* @n_parallel copies of the job run side by side; the times are those of
 * all of them divided by @n_parallel, so that they compare with a single
 * run's seconds per epoch.  @cpu is processor time, which a busy machine
 * disturbs less than wall time. */
static double
measure_once (const SeqgdRule *rule,
              const Epoch     *e,
              guint            n_parallel,
              double          *cpu,
              float           *loss)
{
  Job jobs[2] = { { rule, e, 0, 0 }, { rule, e, 0, 0 } };
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_seconds ();

  if (n_parallel == 1)
    job_thread (&jobs[0]);
  else
    {
      GThread *other = g_thread_new ("bench", job_thread, &jobs[1]);

      job_thread (&jobs[0]);
      g_thread_join (other);
    }

  *loss = jobs[0].loss;
  *cpu = (cpu_seconds () - cpu_start) / n_parallel;
  return (g_get_monotonic_time () - start) / 1e6 / n_parallel;
}

static void
set_threads (guint n)
{
#ifdef OPENBLAS_VERSION
  openblas_set_num_threads (n);
#else
  (void) n;
#endif
}

static void
print_row (guint       B,
           const char *mode,
           const char *name,
           double      seconds,
           double      cpu,
           double      flops,
           double      floor_seconds,
           double      floor_cpu,
           float       loss)
{
  printf ("%6u  %-11s %-26s %8.3f %8.1f %7.2f %8.3f %7.2f",
          B, mode, name, seconds, flops / seconds / 1e9,
          seconds / floor_seconds, cpu, cpu / floor_cpu);
  if (!isnan (loss))
    printf ("  %.4f", loss);
  printf ("\n");
}

static void
run_batch (guint         B,
           guint         n_images,
           const float  *pool,
           const guint8 *labels,
           guint         repeat,
           const char   *only_rule)
{
  const SeqgdRule * const *rules = seqgd_rule_list ();
  const struct { const char *name; guint threads; guint parallel; } modes[] = {
    { "1 thread", 1, 1 },
    { "2 threads", 2, 1 },
    { "2 runs x 1", 1, 2 },
  };
  Epoch e = { B, n_images, pool, labels };
  double flops = epoch_flops (&e);

  guint n_rules = 0;

  while (rules[n_rules] != NULL)
    n_rules++;

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      /* Slot 0 is the floor, then the rules.  The repeats go round all of
       * them in turn and each keeps its fastest, so that a slow spell of
       * the machine does not fall on one of them only. */
      g_autofree double *best = g_new (double, n_rules + 1);
      g_autofree double *best_cpu = g_new (double, n_rules + 1);
      g_autofree float *loss = g_new (float, n_rules + 1);

      for (guint i = 0; i <= n_rules; i++)
        best[i] = best_cpu[i] = INFINITY;

      set_threads (modes[m].threads);
      for (guint r = 0; r < repeat; r++)
        for (guint i = 0; i <= n_rules; i++)
          {
            const SeqgdRule *rule = i == 0 ? NULL : rules[i - 1];
            double cpu;

            if (rule != NULL && only_rule != NULL
                && g_strcmp0 (only_rule, rule->id) != 0)
              continue;
            best[i] = MIN (best[i], measure_once (rule, &e, modes[m].parallel,
                                                  &cpu, &loss[i]));
            best_cpu[i] = MIN (best_cpu[i], cpu);
          }

      print_row (B, modes[m].name, "dense floor (sgemm only)", best[0],
                 best_cpu[0], flops, best[0], best_cpu[0], NAN);
      for (guint i = 1; i <= n_rules; i++)
        if (isfinite (best[i]))
          print_row (B, modes[m].name, rules[i - 1]->id, best[i], best_cpu[i],
                     flops, best[0], best_cpu[0], loss[i]);
      printf ("\n");
      fflush (stdout);
    }
}

int
main (int   argc,
      char *argv[])
{
  int repeat = 2, only_batch = 0, n_images = 60000;
  g_autofree char *only_rule = NULL;
  const GOptionEntry entries[] = {
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat,
      "Runs per measurement; the fastest counts (default 2)", "N" },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &only_batch,
      "Measure this batch size only", "B" },
    { "epoch-images", 'n', 0, G_OPTION_ARG_INT, &n_images,
      "Images per epoch (default 60000)", "N" },
    { "rule", 0, 0, G_OPTION_ARG_STRING, &only_rule,
      "Measure this rule only (and the floor)", "ID" },
    { NULL },
  };
  const guint batches[] = { 32, 128, 1000 };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree float *pool = NULL;
  g_autofree guint8 *labels = NULL;
  SeqgdRng rng;

  context = g_option_context_new ("— time the learning rules");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (repeat < 1 || n_images < 1 || only_batch < 0 || only_batch > POOL_ROWS)
    {
      fprintf (stderr, "Options out of range: --repeat and --epoch-images "
               "must be positive, --batch at most %d\n", POOL_ROWS);
      return 2;
    }
  if (only_rule != NULL && seqgd_rule_lookup (only_rule) == NULL)
    {
      fprintf (stderr, "Unknown rule “%s”\n", only_rule);
      return 2;
    }

  /* Pixels in [0, 1) and labels 0..9, as the trainer would pass them. */
  seqgd_rng_init (&rng, 42);
  pool = g_new (float, (gsize) POOL_ROWS * D0);
  labels = g_new (guint8, POOL_ROWS);
  for (gsize i = 0; i < (gsize) POOL_ROWS * D0; i++)
    pool[i] = (float) seqgd_rng_uniform (&rng);
  for (guint i = 0; i < POOL_ROWS; i++)
    labels[i] = seqgd_rng_below (&rng, D2);

  printf ("SeqGD rules: %d-%d-%d sigmoid, softmax-ce, %d images per epoch, "
          "random data, best of %d\n", D0, D1, D2, n_images, repeat);
  {
    g_autofree char *blas = seqgd_blas_describe ();
    const char *coretype = seqgd_blas_suggest_coretype ();

    printf ("%s, %u processors\n", blas, g_get_num_processors ());
    if (coretype != NULL)
      printf ("Note: OpenBLAS did not recognise this processor and uses slow "
              "generic kernels;\nrun with OPENBLAS_CORETYPE=%s for the "
              "right ones.\n", coretype);
  }
  printf ("Seconds per epoch, wall clock and processor time (cpu), fastest "
          "of the repeats;\n'2 runs x 1' runs two epochs side by side with "
          "one OpenBLAS thread each and\nreports time / 2; x floor = seconds "
          "/ the floor's seconds in the same mode.\n\n");
  printf ("%6s  %-11s %-26s %8s %8s %7s %8s %7s  %s\n", "batch", "mode",
          "rule", "wall s", "GFLOP/s", "x floor", "cpu s", "x floor",
          "last loss");

  for (guint i = 0; i < G_N_ELEMENTS (batches); i++)
    if (only_batch == 0 || (guint) only_batch == batches[i])
      run_batch (batches[i], n_images, pool, labels, repeat, only_rule);
  if (only_batch != 0 && only_batch != 32 && only_batch != 128
      && only_batch != 1000)
    run_batch (only_batch, n_images, pool, labels, repeat, only_rule);

  return 0;
}
