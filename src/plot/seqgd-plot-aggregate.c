/* seqgd-plot-aggregate.c — a rule's mean and band over its seeds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mean and spread of a rule's runs, index by index, with min/max
 * summaries per block of entries so that drawing them costs time in
 * proportion to pixel columns, not entries.  An update looks at what
 * each run's series did since the last one: values below a run's final
 * smoothed count never change, so only the entries from the lowest such
 * count of a run that grew are computed again.  While training goes on
 * that is the last few entries; a run that stopped (diverged, or ran
 * ahead of the others) costs nothing until it grows again.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "seqgd-plot-private.h"

void
_seqgd_plot_aggregate_free (SeqgdPlotAggregate *a)
{
  if (a == NULL)
    return;

  g_free (a->x);
  g_free (a->mean);
  g_free (a->lower);
  g_free (a->upper);
  g_free (a->mean_min);
  g_free (a->mean_max);
  g_free (a->mean_bad);
  g_free (a->lower_min);
  g_free (a->upper_max);
  g_free (a->band_bad);
  g_free (a->seen_n);
  g_free (a->seen_done);
  g_free (a);
}

static void
reserve (SeqgdPlotAggregate *a,
         guint               n)
{
  guint cap, n_blocks;

  if (n <= a->capacity)
    return;

  cap = MAX (n, MAX (256u, a->capacity + a->capacity / 2));
  n_blocks = cap / SEQGD_PLOT_BLOCK + 1;
  a->x = g_renew (double, a->x, cap);
  a->mean = g_renew (double, a->mean, cap);
  a->lower = g_renew (double, a->lower, cap);
  a->upper = g_renew (double, a->upper, cap);
  a->mean_min = g_renew (double, a->mean_min, n_blocks);
  a->mean_max = g_renew (double, a->mean_max, n_blocks);
  a->mean_bad = g_renew (guint8, a->mean_bad, n_blocks);
  a->lower_min = g_renew (double, a->lower_min, n_blocks);
  a->upper_max = g_renew (double, a->upper_max, n_blocks);
  a->band_bad = g_renew (guint8, a->band_bad, n_blocks);
  a->capacity = cap;
}

static inline double
to_drawn (double   v,
          gboolean log_y)
{
  if (!log_y)
    return v;
  return v > 0 ? log10 (v) : NAN;
}

/* Entry @i from the runs' smoothed values.  Where a run has no value
 * at @i (it stopped, or has not got there yet) the mean is undefined and
 * left out. */
static void
compute_entry (SeqgdPlotAggregate      *a,
               SeqgdPlotSeries * const *runs,
               guint                    n_runs,
               guint                    i)
{
  double sx = 0, sum = 0, sum2 = 0, lo = INFINITY, hi = -INFINITY;
  double mean, var, sd, l, u;
  guint m = 0, mx = 0;
  gboolean bad = FALSE;

  for (guint j = 0; j < n_runs; j++)
    {
      double v;

      if (i >= runs[j]->n)
        {
          bad = TRUE;
          continue;
        }
      sx += runs[j]->x[i];
      mx++;
      v = runs[j]->s[i];
      if (!isfinite (v))
        {
          bad = TRUE;
          continue;
        }
      sum += v;
      sum2 += v * v;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
      m++;
    }

  a->x[i] = mx > 0 ? sx / mx : NAN;
  if (bad || m == 0)
    {
      a->mean[i] = a->lower[i] = a->upper[i] = NAN;
      return;
    }

  mean = sum / m;
  var = MAX (0.0, (sum2 - m * mean * mean) / MAX (m - 1, 1u));
  sd = sqrt (var);
  l = lo;
  u = hi;
  if (a->band == SEQGD_PLOT_BAND_STDDEV)
    {
      l = mean - sd;
      u = mean + sd;
      /* A log axis cannot show a lower edge at or below zero; the
       * lowest seed is the honest stand-in. */
      if (a->log_y && l <= 0)
        l = lo;
    }
  a->mean[i] = to_drawn (mean, a->log_y);
  a->lower[i] = to_drawn (l, a->log_y);
  a->upper[i] = to_drawn (u, a->log_y);
}

static void
summarise_blocks (SeqgdPlotAggregate *a,
                  guint               first_block)
{
  guint n_blocks = (a->n + SEQGD_PLOT_BLOCK - 1) / SEQGD_PLOT_BLOCK;

  for (guint b = first_block; b < n_blocks; b++)
    {
      guint lo = b * SEQGD_PLOT_BLOCK;
      guint hi = MIN (a->n, lo + SEQGD_PLOT_BLOCK);
      double lmin = INFINITY, umax = -INFINITY;
      guint8 bbad = 0;

      _seqgd_plot_block_summary (a->mean, lo, hi, &a->mean_min[b],
                                 &a->mean_max[b], &a->mean_bad[b]);
      for (guint i = lo; i < hi; i++)
        {
          if (isfinite (a->lower[i]))
            lmin = MIN (lmin, a->lower[i]);
          if (isfinite (a->upper[i]))
            umax = MAX (umax, a->upper[i]);
          if (!isfinite (a->lower[i]) || !isfinite (a->upper[i])
              || !isfinite (a->x[i]))
            bbad = 1;
        }
      a->lower_min[b] = lmin;
      a->upper_max[b] = umax;
      a->band_bad[b] = bbad;
    }
}

void
_seqgd_plot_aggregate_update (SeqgdPlotAggregate      *a,
                              SeqgdPlotSeries * const *runs,
                              guint                    n_runs,
                              SeqgdPlotBand            band,
                              gboolean                 log_y,
                              guint64                  series_reset)
{
  guint from = G_MAXUINT, longest = 0, final = G_MAXUINT;

  for (guint j = 0; j < n_runs; j++)
    longest = MAX (longest, runs[j]->n);

  if (a->band != band || a->log_y != !!log_y
      || a->series_reset != series_reset || a->n_runs != n_runs)
    {
      /* Other inputs: start afresh. */
      a->band = band;
      a->log_y = !!log_y;
      a->series_reset = series_reset;
      a->n_runs = n_runs;
      a->seen_n = g_renew (guint, a->seen_n, MAX (n_runs, 1u));
      a->seen_done = g_renew (guint, a->seen_done, MAX (n_runs, 1u));
      a->n = 0;
      a->n_extent_blocks = 0;
      a->lower_lo = INFINITY;
      a->upper_hi = -INFINITY;
      from = 0;
    }
  else
    {
      /* Entries below a run's final smoothed count at the last update
       * saw values that have not changed since. */
      for (guint j = 0; j < n_runs; j++)
        if (runs[j]->n != a->seen_n[j]
            || runs[j]->n_smoothed_done != a->seen_done[j])
          from = MIN (from, a->seen_done[j]);
    }

  a->n_computed = 0;
  if (from == G_MAXUINT)
    return;

  from = MIN (from, MIN (a->n, longest));
  reserve (a, longest);
  for (guint i = from; i < longest; i++)
    compute_entry (a, runs, n_runs, i);
  a->n = longest;
  a->n_computed = longest - from;
  summarise_blocks (a, from / SEQGD_PLOT_BLOCK);

  for (guint j = 0; j < n_runs; j++)
    {
      a->seen_n[j] = runs[j]->n;
      a->seen_done[j] = MIN (runs[j]->n_smoothed_done, runs[j]->n);
      final = MIN (final, a->seen_done[j]);
    }

  /* No later update starts below the lowest final count. */
  for (guint b = a->n_extent_blocks; b < final / SEQGD_PLOT_BLOCK; b++)
    {
      a->lower_lo = MIN (a->lower_lo, a->lower_min[b]);
      a->upper_hi = MAX (a->upper_hi, a->upper_max[b]);
    }
  a->n_extent_blocks = MAX (a->n_extent_blocks, final / SEQGD_PLOT_BLOCK);
}

void
_seqgd_plot_aggregate_extent (const SeqgdPlotAggregate *a,
                              guint                     n,
                              double                   *lo,
                              double                   *hi)
{
  guint n_full, from = 0;

  g_assert (n <= a->n);

  n_full = n / SEQGD_PLOT_BLOCK;
  if (n_full >= a->n_extent_blocks)
    {
      from = a->n_extent_blocks;
      *lo = MIN (*lo, a->lower_lo);
      *hi = MAX (*hi, a->upper_hi);
    }
  for (guint b = from; b < n_full; b++)
    {
      *lo = MIN (*lo, a->lower_min[b]);
      *hi = MAX (*hi, a->upper_max[b]);
    }
  for (guint i = n_full * SEQGD_PLOT_BLOCK; i < n; i++)
    {
      if (isfinite (a->lower[i]))
        *lo = MIN (*lo, a->lower[i]);
      if (isfinite (a->upper[i]))
        *hi = MAX (*hi, a->upper[i]);
    }
}
