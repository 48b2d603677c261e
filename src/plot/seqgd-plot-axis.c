/* seqgd-plot-axis.c — tick positions and labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linear axes get "nice" steps (1, 2 or 5 times a power of ten).  Log
 * axes get a labelled tick per decade and unlabelled ones at 2..9 times
 * it; a range of fewer than four decades labels 1, 2 and 5 times them,
 * or every multiple, or falls back to linear steps with the multiples as
 * minor ticks, so that the axis has about four labels or more.
 * Whether labels overlap depends on the font and is checked by layout,
 * which asks again with fewer ticks.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "seqgd-plot-private.h"

static void
add_tick (GArray   *ticks,
          double    value,
          gboolean  major,
          char     *label)
{
  SeqgdPlotTick tick = { value, major, label };

  g_array_append_val (ticks, tick);
}

void
_seqgd_plot_ticks_clear (GArray *ticks)
{
  for (guint i = 0; i < ticks->len; i++)
    g_free (g_array_index (ticks, SeqgdPlotTick, i).label);
  g_array_set_size (ticks, 0);
}

static double
nice_step (double span,
           guint  max_major)
{
  double raw = span / MAX (max_major, 1u);
  double mag = pow (10, floor (log10 (raw)));
  static const double mults[] = { 1, 2, 5, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (mults); i++)
    if (mults[i] * mag >= raw * (1 - 1e-9))
      return mults[i] * mag;
  return 10 * mag;
}

/* Scientific notation with as many mantissa digits as ticks @step
 * apart need: "2e+37", "1.5e+37", "1.02e-04". */
static char *
format_scientific (double value,
                   double step)
{
  int digits = 0;

  if (value != 0 && step > 0)
    digits = (int) (floor (log10 (fabs (value)))
                    - floor (log10 (step) + 1e-9));
  return g_strdup_printf ("%.*e", CLAMP (digits, 0, 8), value);
}

/* Text of @value on an axis whose ticks are @step apart.  Labels stay
 * short: thousands, millions and billions get k, M and G, and anything
 * from 10¹² up, or below 10⁻⁴ apart, reads in scientific notation (a
 * diverging loss reaches 10³⁷ before it becomes NaN). */
char *
_seqgd_plot_format_number (double value,
                           double step)
{
  static const struct { double scale; const char *suffix; } units[] = {
    { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" },
  };
  const char *suffix = "";
  g_autofree char *text = NULL;
  int decimals;

  step = fabs (step);
  if (fabs (value) < step * 1e-6)
    value = 0;

  if ((step > 0 && step < 1e-4) || step >= 1e12 || fabs (value) >= 1e12)
    {
      if (value == 0)
        return g_strdup ("0");
      text = format_scientific (value, step);
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (units); i++)
        /* k from steps of 10⁴, so that 1000, 2000, 3000 stay plain. */
        if (step >= (units[i].scale == 1e3 ? 1e4 : units[i].scale))
          {
            value /= units[i].scale;
            step /= units[i].scale;
            suffix = units[i].suffix;
            break;
          }
      if (value == 0 && suffix[0] != '\0')
        return g_strdup ("0");
      decimals = step > 0 ? (int) -floor (log10 (step) + 1e-9) : 0;
      decimals = CLAMP (decimals, 0, 10);
      text = g_strdup_printf ("%.*f%s", decimals, value, suffix);
    }

  /* A typographic minus sign. */
  if (text[0] == '-')
    return g_strconcat ("−", text + 1, NULL);
  return g_steal_pointer (&text);
}

void
_seqgd_plot_ticks_linear (double  lo,
                          double  hi,
                          guint   max_major,
                          GArray *ticks)
{
  double step, first;

  g_assert (hi > lo);

  step = nice_step (hi - lo, max_major);
  first = ceil (lo / step - 1e-9) * step;
  for (guint k = 0; k < 1000; k++)
    {
      double v = first + k * step;

      if (v > hi + step * 1e-9)
        break;
      if (fabs (v) < step * 1e-9)
        v = 0;
      add_tick (ticks, v, TRUE, _seqgd_plot_format_number (v, step));
    }
}

static char *
format_decade (int      k,
               gboolean plain)
{
  static const char * const sup[] = {
    "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹",
  };
  GString *s;
  char digits[16];

  if (plain)
    return _seqgd_plot_format_number (pow (10, k), pow (10, k));

  s = g_string_new ("10");
  if (k < 0)
    g_string_append (s, "⁻");
  g_snprintf (digits, sizeof digits, "%d", ABS (k));
  for (const char *d = digits; *d != '\0'; d++)
    g_string_append (s, sup[*d - '0']);
  return g_string_free (s, FALSE);
}

static guint
count_decades (int d0,
               int d1,
               double lo,
               double hi)
{
  guint n = 0;

  for (int k = d0; k <= d1; k++)
    n += pow (10, k) >= lo * (1 - 1e-9) && pow (10, k) <= hi * (1 + 1e-9);
  return n;
}

/* How many of the values m × 10^k in [lo, hi] with m in @mults there
 * are. */
static guint
count_multiples (int           d0,
                 int           d1,
                 double        lo,
                 double        hi,
                 const guint  *mults,
                 guint         n_mults)
{
  guint n = 0;

  for (int k = d0; k <= d1; k++)
    for (guint i = 0; i < n_mults; i++)
      {
        double v = mults[i] * pow (10, k);

        n += v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
      }
  return n;
}

static int
compare_ticks (gconstpointer a,
               gconstpointer b)
{
  double va = ((const SeqgdPlotTick *) a)->value;
  double vb = ((const SeqgdPlotTick *) b)->value;

  return (va > vb) - (va < vb);
}

static gboolean
in_set (guint        m,
        const guint *mults,
        guint        n_mults)
{
  for (guint i = 0; i < n_mults; i++)
    if (mults[i] == m)
      return TRUE;
  return FALSE;
}

/* Unlabelled ticks at 2..9 × 10^k, except where a labelled one is. */
static void
add_log_minor (int     d0,
               int     d1,
               double  lo,
               double  hi,
               GArray *ticks)
{
  guint n_major = ticks->len;

  for (int k = d0; k <= d1; k++)
    for (int m = 2; m <= 9; m++)
      {
        double v = m * pow (10, k);
        gboolean taken = FALSE;

        if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9))
          continue;
        for (guint i = 0; i < n_major && !taken; i++)
          taken = fabs (g_array_index (ticks, SeqgdPlotTick, i).value - v)
                  <= 1e-9 * v;
        if (!taken)
          add_tick (ticks, v, FALSE, NULL);
      }
  g_array_sort (ticks, compare_ticks);
}

/* A log axis wants at least this many labels; with fewer, one or two
 * decades read as "1" and "2" alone. */
#define LOG_MIN_LABELS 4

void
_seqgd_plot_ticks_log (double  lo,
                       double  hi,
                       guint   max_major,
                       GArray *ticks)
{
  static const guint m125[] = { 1, 2, 5 };
  static const guint m1to9[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  int d0, d1;
  guint n_decades, want;

  g_assert (hi > lo && lo > 0);

  d0 = (int) floor (log10 (lo));
  d1 = (int) ceil (log10 (hi));
  n_decades = count_decades (d0, d1, lo, hi);
  max_major = MAX (max_major, 2u);
  want = MIN (LOG_MIN_LABELS, max_major);

  if (n_decades >= want)
    {
      int stride = (int) ((n_decades + max_major - 1) / max_major);
      /* Plain numbers when all decades read well that way, otherwise
       * powers of ten throughout. */
      gboolean plain = pow (10, d0) >= 0.999e-3 && pow (10, d1) <= 1.001e4;

      for (int k = d0; k <= d1; k++)
        {
          double base = pow (10, k);

          if (base >= lo * (1 - 1e-9) && base <= hi * (1 + 1e-9))
            {
              gboolean labelled = ((k % stride) + stride) % stride == 0;

              add_tick (ticks, base, labelled,
                        labelled ? format_decade (k, plain) : NULL);
            }
          for (int m = 2; m <= 9 && stride == 1; m++)
            if (m * base >= lo && m * base <= hi)
              add_tick (ticks, m * base, FALSE, NULL);
        }
      return;
    }

  /* Few decades: label 1, 2 and 5 times powers of ten, or every
   * multiple from 1 to 9 when that is still too few. */
  {
    const guint *mults = NULL;
    guint n_mults = 0;
    guint n125 = count_multiples (d0, d1, lo, hi, m125, 3);
    guint n19 = count_multiples (d0, d1, lo, hi, m1to9, 9);

    if (n125 >= want && n125 <= max_major)
      mults = m125, n_mults = 3;
    else if (n19 >= want && n19 <= max_major)
      mults = m1to9, n_mults = 9;
    else if (n125 >= 2 && n125 <= max_major && n19 > max_major)
      mults = m125, n_mults = 3;

    if (mults != NULL)
      {
        for (int k = d0; k <= d1; k++)
          for (int m = 1; m <= 9; m++)
            {
              double v = m * pow (10, k);
              gboolean labelled = in_set ((guint) m, mults, n_mults);

              if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9))
                continue;
              add_tick (ticks, v, labelled,
                        labelled ? _seqgd_plot_format_number (v, pow (10, k))
                                 : NULL);
            }
        return;
      }
  }

  /* A narrow range: linear steps, which a log axis spaces unevenly but
   * readably, with minor ticks at the multiples of the decade. */
  _seqgd_plot_ticks_linear (lo, hi, max_major, ticks);
  for (guint i = 0; i < ticks->len; i++)
    if (g_array_index (ticks, SeqgdPlotTick, i).value <= 0)
      {
        g_free (g_array_index (ticks, SeqgdPlotTick, i).label);
        g_array_remove_index (ticks, i--);
      }
  add_log_minor (d0, d1, lo, hi, ticks);
}
