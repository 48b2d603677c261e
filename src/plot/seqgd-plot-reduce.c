/* seqgd-plot-reduce.c — long curves reduced to what a pixel can show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a curve has more than two points per pixel column in view, each
 * column is drawn as its first, lowest, highest and last value (the
 * "M4" reduction), so every spike stays visible and the polyline has at
 * most four vertices per column.  Min and max come from the per-block
 * summaries where whole blocks fall inside the column, so the cost
 * grows with the number of columns and blocks, not points.  With fewer
 * points in view every recorded point is drawn at its own x.
 *
 * Non-finite values break the line; a column holding one is scanned
 * point by point so that the break falls where the values stop.
 */

#include "config.h"

#include <math.h>

#include "seqgd-plot-private.h"

/* Pixel coordinates far outside the plot are clamped to keep cairo's
 * fixed-point arithmetic in range; the clip hides them anyway. */
#define FAR 1e5

typedef struct
{
  const SeqgdPlotTransform *tr;
  GArray                   *points;
  gboolean                  broken;  /* the last thing emitted was a break */
} Emitter;

static void
emit (Emitter *e,
      double   px,
      double   t)
{
  double p[2];
  double py = _seqgd_plot_py (e->tr, t);
  double top = e->tr->top, bottom = e->tr->top + e->tr->height;

  p[0] = CLAMP (px, e->tr->left - FAR, e->tr->left + e->tr->width + FAR);
  p[1] = CLAMP (py, top - FAR, bottom + FAR);
  g_array_append_vals (e->points, p, 2);
  e->broken = FALSE;
}

static void
emit_break (Emitter *e)
{
  static const double gap[2] = { NAN, NAN };

  if (e->broken || e->points->len == 0)
    return;
  g_array_append_vals (e->points, gap, 2);
  e->broken = TRUE;
}

static void
emit_point (Emitter              *e,
            const SeqgdPlotCurve *c,
            guint                 i)
{
  if (isfinite (c->y[i]) && isfinite (c->x[i]))
    emit (e, _seqgd_plot_px (e->tr, c->x[i]), c->y[i]);
  else
    emit_break (e);
}

void
_seqgd_plot_curve_from_series (SeqgdPlotCurve        *curve,
                               const SeqgdPlotSeries *series,
                               gboolean               raw)
{
  curve->n = series->n;
  curve->x = series->x;
  curve->y = raw ? series->rt : series->t;
  curve->block_min = raw ? series->rt_min : series->t_min;
  curve->block_max = raw ? series->rt_max : series->t_max;
  curve->block_bad = raw ? series->rt_bad : series->t_bad;
}

static guint
upper_bound (const double *x,
             guint         lo,
             guint         hi,
             double        value)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (x[mid] <= value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The end of the pixel column that starts at @lo: upper_bound () over
 * [lo, hi), searched outward from @guess.  Columns of a long curve hold
 * about as many points as the one before, so probing there instead of
 * halving the whole rest of the curve takes a few probes, in cache. */
static guint
column_end (const double *x,
            guint         lo,
            guint         hi,
            double        value,
            guint         guess)
{
  guint step = 1, g = CLAMP (guess, lo, hi);

  if (g > lo && x[g - 1] > value)
    {
      /* The end is at or before g - 1. */
      guint b = g - 1;

      while (b > lo + step && x[b - step] > value)
        {
          b -= step;
          step *= 2;
        }
      return upper_bound (x, b > lo + step ? b - step + 1 : lo, b, value);
    }

  /* The end is at or after g. */
  while (g + step < hi && x[g + step] <= value)
    {
      g += step;
      step *= 2;
    }
  return upper_bound (x, g, MIN (g + step, hi), value);
}

typedef struct
{
  double   min;
  double   max;
  gboolean bad;
} Stats;

static void
scan (const SeqgdPlotCurve *c,
      guint                 a,
      guint                 b,
      Stats                *st)
{
  for (guint i = a; i < b; i++)
    {
      double y = c->y[i];

      if (isfinite (y))
        {
          st->min = MIN (st->min, y);
          st->max = MAX (st->max, y);
        }
      else
        st->bad = TRUE;
    }
}

/* The next column's last points, which its search and scan will read:
 * fetched while this column is worked on, as a long curve is read far
 * apart, a column's width at a time, and its data is not in cache. */
static inline void
prefetch_column (const SeqgdPlotCurve *c,
                 guint                 je,
                 guint                 i1,
                 guint                 last_n)
{
  guint next = MIN (je + last_n, i1 - 1);

  __builtin_prefetch (c->x + next);
  __builtin_prefetch (c->y + next);
  if (next >= SEQGD_PLOT_BLOCK)
    __builtin_prefetch (c->y + next - SEQGD_PLOT_BLOCK + 1);
}

/* Min, max and whether anything is non-finite in [a, b). */
static void
range_stats (const SeqgdPlotCurve *c,
             guint                 a,
             guint                 b,
             Stats                *st)
{
  guint first_block, last_block;

  st->min = INFINITY;
  st->max = -INFINITY;
  st->bad = FALSE;

  first_block = (a + SEQGD_PLOT_BLOCK - 1) / SEQGD_PLOT_BLOCK;
  last_block = b / SEQGD_PLOT_BLOCK;
  if (c->block_min == NULL || first_block >= last_block)
    {
      scan (c, a, b, st);
      return;
    }

  scan (c, a, first_block * SEQGD_PLOT_BLOCK, st);
  for (guint k = first_block; k < last_block; k++)
    {
      st->min = MIN (st->min, c->block_min[k]);
      st->max = MAX (st->max, c->block_max[k]);
      st->bad |= c->block_bad[k];
    }
  scan (c, last_block * SEQGD_PLOT_BLOCK, b, st);
}

static void
emit_group (Emitter *e,
            double   px,
            double   first,
            double   min,
            double   max,
            double   last)
{
  emit (e, px, first);
  if (min != first)
    emit (e, px, min);
  if (max != min)
    emit (e, px, max);
  if (last != max)
    emit (e, px, last);
}

/* A column holding non-finite values: one group per finite stretch. */
static void
emit_column_slow (Emitter              *e,
                  const SeqgdPlotCurve *c,
                  double                px,
                  guint                 a,
                  guint                 b)
{
  guint i = a;

  while (i < b)
    {
      guint start;
      double min = INFINITY, max = -INFINITY;

      while (i < b && !isfinite (c->y[i]))
        {
          emit_break (e);
          i++;
        }
      start = i;
      while (i < b && isfinite (c->y[i]))
        {
          min = MIN (min, c->y[i]);
          max = MAX (max, c->y[i]);
          i++;
        }
      if (i > start)
        emit_group (e, px, c->y[start], min, max, c->y[i - 1]);
    }
}

void
_seqgd_plot_reduce (const SeqgdPlotCurve     *c,
                    const SeqgdPlotTransform *tr,
                    GArray                   *points)
{
  Emitter e = { tr, points, TRUE };
  guint i0, i1, n_columns;
  double column_width;

  g_assert (tr->x1 > tr->x0);

  if (c->n == 0 || tr->width <= 0)
    return;

  i0 = _seqgd_plot_lower_bound (c->x, c->n, tr->x0);
  i1 = upper_bound (c->x, i0, c->n, tr->x1);
  n_columns = (guint) MAX (1.0, ceil (tr->width));
  column_width = tr->width / n_columns;

  /* Few points: draw them all, with one neighbour on each side so the
   * line runs to the edges of the plot. */
  if (i1 - i0 <= 2 * n_columns)
    {
      guint from = i0 > 0 ? i0 - 1 : 0;
      guint to = MIN (i1 + 1, c->n);

      for (guint i = from; i < to; i++)
        emit_point (&e, c, i);
      return;
    }

  if (i0 > 0)
    emit_point (&e, c, i0 - 1);

  for (guint col = 0, j = i0, last_n = 0; col < n_columns && j < i1; col++)
    {
      double x_end = tr->x0 + (tr->x1 - tr->x0) * (col + 1) / n_columns;
      guint je = col + 1 == n_columns
                 ? i1 : column_end (c->x, j, i1, x_end, j + last_n);
      double px = tr->left + (col + 0.5) * column_width;
      Stats st;

      if (je == j)
        continue;
      last_n = je - j;
      prefetch_column (c, je, i1, last_n);
      range_stats (c, j, je, &st);
      if (st.bad)
        emit_column_slow (&e, c, px, j, je);
      else
        emit_group (&e, px, c->y[j], st.min, st.max, c->y[je - 1]);
      j = je;
    }

  if (i1 < c->n)
    emit_point (&e, c, i1);
}

static void
envelope_column (GArray                   *boxes,
                 const SeqgdPlotTransform *tr,
                 double                    x_left,
                 double                    x_right,
                 double                    top,
                 double                    bottom)
{
  double lo = tr->top - FAR, hi = tr->top + tr->height + FAR;
  double box[4] = { x_left, CLAMP (top, lo, hi), x_right, CLAMP (bottom, lo, hi) };

  g_array_append_vals (boxes, box, 4);
}

/* Pixel extent of the finite values in [a, b) and the last of them. */
static gboolean
stretch_extent (const SeqgdPlotCurve     *c,
                const SeqgdPlotTransform *tr,
                guint                     a,
                guint                     b,
                double                   *top,
                double                   *bottom,
                double                   *last)
{
  double min = INFINITY, max = -INFINITY;

  for (guint i = a; i < b; i++)
    if (isfinite (c->y[i]))
      {
        min = MIN (min, c->y[i]);
        max = MAX (max, c->y[i]);
        *last = _seqgd_plot_py (tr, c->y[i]);
      }
  if (min > max)
    return FALSE;
  *top = _seqgd_plot_py (tr, max);
  *bottom = _seqgd_plot_py (tr, min);
  return TRUE;
}

gboolean
_seqgd_plot_reduce_envelope (const SeqgdPlotCurve     *c,
                             const SeqgdPlotTransform *tr,
                             double                    half_width,
                             GArray                   *boxes)
{
  guint i0, i1, n_columns;
  double column_width, prev_last = NAN;

  g_assert (tr->x1 > tr->x0);

  if (c->n == 0 || tr->width <= 0)
    return FALSE;

  i0 = _seqgd_plot_lower_bound (c->x, c->n, tr->x0);
  i1 = upper_bound (c->x, i0, c->n, tr->x1);
  n_columns = (guint) MAX (1.0, ceil (tr->width));
  column_width = tr->width / n_columns;
  if (i1 - i0 <= 2 * n_columns)
    return FALSE;

  if (i0 > 0 && isfinite (c->y[i0 - 1]))
    prev_last = _seqgd_plot_py (tr, c->y[i0 - 1]);

  for (guint col = 0, j = i0, last_n = 0; col < n_columns && j < i1; col++)
    {
      double x_end = tr->x0 + (tr->x1 - tr->x0) * (col + 1) / n_columns;
      guint je = col + 1 == n_columns
                 ? i1 : column_end (c->x, j, i1, x_end, j + last_n);
      double x_left = tr->left + col * column_width;
      double x_right = x_left + column_width;
      double top, bottom, last = NAN;
      Stats st;

      if (je == j)
        continue;
      last_n = je - j;

      prefetch_column (c, je, i1, last_n);
      range_stats (c, j, je, &st);
      if (!st.bad)
        {
          top = _seqgd_plot_py (tr, st.max);
          bottom = _seqgd_plot_py (tr, st.min);
          last = _seqgd_plot_py (tr, c->y[je - 1]);
        }
      else
        {
          guint first_bad = j, last_bad = je - 1;

          /* Values before the first non-finite one join the previous
           * column; after the last one a new stretch begins. */
          while (isfinite (c->y[first_bad]))
            first_bad++;
          while (isfinite (c->y[last_bad]))
            last_bad--;
          if (stretch_extent (c, tr, j, first_bad, &top, &bottom, &last))
            {
              if (isfinite (prev_last))
                {
                  top = MIN (top, prev_last);
                  bottom = MAX (bottom, prev_last);
                }
              envelope_column (boxes, tr, x_left, x_right,
                               top - half_width, bottom + half_width);
            }
          prev_last = NAN;
          if (!stretch_extent (c, tr, last_bad + 1, je, &top, &bottom, &last))
            {
              j = je;
              continue;
            }
        }

      /* Reach back to the previous column's last value so the curve
       * stays connected however steep it is. */
      if (isfinite (prev_last))
        {
          top = MIN (top, prev_last);
          bottom = MAX (bottom, prev_last);
        }
      envelope_column (boxes, tr, x_left, x_right,
                       top - half_width, bottom + half_width);
      prev_last = last;
      j = je;
    }
  return TRUE;
}

/* ---- bands ----------------------------------------------------------- */

typedef struct
{
  const SeqgdPlotTransform *tr;
  GArray                   *points;
  GArray                   *upper;   /* the open polygon's edges, pixels */
  GArray                   *lower;
} BandEmitter;

static inline gboolean
band_entry_bad (const SeqgdPlotAggregate *a,
                guint                     i)
{
  return !isfinite (a->lower[i]) || !isfinite (a->upper[i])
         || !isfinite (a->x[i]);
}

/* Ends the open polygon: the upper edge forward, the lower edge back. */
static void
band_flush (BandEmitter *b)
{
  static const double gap[2] = { NAN, NAN };
  guint n = b->upper->len / 2;

  if (n >= 2)
    {
      g_array_append_vals (b->points, b->upper->data, b->upper->len);
      for (guint i = n; i > 0; i--)
        g_array_append_vals (b->points,
                             &g_array_index (b->lower, double, 2 * (i - 1)),
                             2);
      g_array_append_vals (b->points, gap, 2);
    }
  g_array_set_size (b->upper, 0);
  g_array_set_size (b->lower, 0);
}

static void
band_push (BandEmitter *b,
           double       px,
           double       upper,
           double       lower)
{
  const SeqgdPlotTransform *tr = b->tr;
  double top = tr->top - FAR, bottom = tr->top + tr->height + FAR;
  double u[2], l[2];

  /* A diverged run's 1e37 lies far beyond the clip, and beyond what
   * cairo's fixed-point coordinates hold. */
  u[0] = l[0] = CLAMP (px, tr->left - FAR, tr->left + tr->width + FAR);
  u[1] = CLAMP (_seqgd_plot_py (tr, upper), top, bottom);
  l[1] = CLAMP (_seqgd_plot_py (tr, lower), top, bottom);
  g_array_append_vals (b->upper, u, 2);
  g_array_append_vals (b->lower, l, 2);
}

static void
band_point (BandEmitter              *b,
            const SeqgdPlotAggregate *a,
            guint                     i)
{
  if (band_entry_bad (a, i))
    band_flush (b);
  else
    band_push (b, _seqgd_plot_px (b->tr, a->x[i]), a->upper[i], a->lower[i]);
}

/* Entries [j, je) as one vertex on each edge at @px, or one per finite
 * stretch when some are not finite. */
static void
band_column (BandEmitter              *b,
             const SeqgdPlotAggregate *a,
             double                    px,
             guint                     j,
             guint                     je)
{
  guint first_block = (j + SEQGD_PLOT_BLOCK - 1) / SEQGD_PLOT_BLOCK;
  guint last_block = je / SEQGD_PLOT_BLOCK;
  double lo = INFINITY, hi = -INFINITY;
  gboolean bad = FALSE;

  if (first_block < last_block)
    {
      for (guint k = first_block; k < last_block && !bad; k++)
        {
          bad = a->band_bad[k];
          lo = MIN (lo, a->lower_min[k]);
          hi = MAX (hi, a->upper_max[k]);
        }
      for (guint i = j; i < first_block * SEQGD_PLOT_BLOCK && !bad; i++)
        {
          bad = band_entry_bad (a, i);
          lo = MIN (lo, a->lower[i]);
          hi = MAX (hi, a->upper[i]);
        }
      for (guint i = last_block * SEQGD_PLOT_BLOCK; i < je && !bad; i++)
        {
          bad = band_entry_bad (a, i);
          lo = MIN (lo, a->lower[i]);
          hi = MAX (hi, a->upper[i]);
        }
      if (!bad)
        {
          band_push (b, px, hi, lo);
          return;
        }
      lo = INFINITY;
      hi = -INFINITY;
    }

  for (guint i = j; i < je; i++)
    {
      if (band_entry_bad (a, i))
        {
          if (hi > -INFINITY)
            band_push (b, px, hi, lo);
          band_flush (b);
          lo = INFINITY;
          hi = -INFINITY;
          continue;
        }
      lo = MIN (lo, a->lower[i]);
      hi = MAX (hi, a->upper[i]);
    }
  if (hi > -INFINITY)
    band_push (b, px, hi, lo);
}

void
_seqgd_plot_reduce_band (const SeqgdPlotAggregate *a,
                         guint                     n,
                         const SeqgdPlotTransform *tr,
                         GArray                   *points)
{
  g_autoptr(GArray) upper = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lower = g_array_new (FALSE, FALSE, sizeof (double));
  BandEmitter b = { tr, points, upper, lower };
  guint i0, i1, n_columns;
  double column_width;

  g_assert (tr->x1 > tr->x0);
  g_assert (n <= a->n);

  if (n == 0 || tr->width <= 0)
    return;

  i0 = _seqgd_plot_lower_bound (a->x, n, tr->x0);
  i1 = upper_bound (a->x, i0, n, tr->x1);
  n_columns = (guint) MAX (1.0, ceil (tr->width));
  column_width = tr->width / n_columns;

  /* Few entries: each at its own x, with a neighbour on either side so
   * the band runs to the edges of the plot. */
  if (i1 - i0 <= 2 * n_columns)
    {
      for (guint i = i0 > 0 ? i0 - 1 : 0; i < MIN (i1 + 1, n); i++)
        band_point (&b, a, i);
      band_flush (&b);
      return;
    }

  if (i0 > 0)
    band_point (&b, a, i0 - 1);
  for (guint col = 0, j = i0, last_n = 0; col < n_columns && j < i1; col++)
    {
      double x_end = tr->x0 + (tr->x1 - tr->x0) * (col + 1) / n_columns;
      guint je = col + 1 == n_columns
                 ? i1 : column_end (a->x, j, i1, x_end, j + last_n);

      if (je == j)
        continue;
      last_n = je - j;
      band_column (&b, a, tr->left + (col + 0.5) * column_width, j, je);
      j = je;
    }
  if (i1 < n)
    band_point (&b, a, i1);
  band_flush (&b);
}
