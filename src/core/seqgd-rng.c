/* seqgd-rng.c — xoshiro256** with splitmix64 seeding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The generator of Blackman and Vigna (2018).  It is fast, passes the
 * usual statistical batteries and, unlike rand(), gives the same stream on
 * every platform, which bit-identical reruns need.
 */

#include "config.h"

#include <math.h>

#include "seqgd-rng.h"

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
seqgd_rng_init (SeqgdRng *rng,
                guint64   seed)
{
  guint64 state = seed;

  g_return_if_fail (rng != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rng->s); i++)
    rng->s[i] = splitmix64 (&state);
}

guint64
seqgd_rng_next (SeqgdRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

double
seqgd_rng_uniform (SeqgdRng *rng)
{
  /* The top 53 bits fill a double's mantissa exactly. */
  return (seqgd_rng_next (rng) >> 11) * 0x1.0p-53;
}

guint32
seqgd_rng_below (SeqgdRng *rng,
                 guint32   bound)
{
  guint64 m;
  guint32 low;

  g_return_val_if_fail (bound > 0, 0);

  /* Lemire's multiply-and-reject: unbiased without a division per draw. */
  m = (guint64) (guint32) (seqgd_rng_next (rng) >> 32) * bound;
  low = (guint32) m;
  if (low < bound)
    {
      guint32 threshold = -bound % bound;

      while (low < threshold)
        {
          m = (guint64) (guint32) (seqgd_rng_next (rng) >> 32) * bound;
          low = (guint32) m;
        }
    }

  return m >> 32;
}

double
seqgd_rng_normal (SeqgdRng *rng)
{
  double u1, u2;

  /* Box–Muller; u1 is kept away from zero so the logarithm is finite. */
  do
    u1 = seqgd_rng_uniform (rng);
  while (u1 <= 0.0);
  u2 = seqgd_rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

void
seqgd_rng_shuffle (SeqgdRng *rng,
                   guint    *values,
                   guint     n)
{
  g_return_if_fail (values != NULL || n == 0);

  for (guint i = n; i > 1; i--)
    {
      guint j = seqgd_rng_below (rng, i);
      guint tmp = values[i - 1];

      values[i - 1] = values[j];
      values[j] = tmp;
    }
}
