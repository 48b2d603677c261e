/* seqgd-rng.h — a small, explicit pseudo-random generator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* xoshiro256** seeded through splitmix64.  State is passed explicitly so
 * that runs never share hidden randomness and a seed reproduces bit for
 * bit on any machine. */
typedef struct
{
  guint64 s[4];
} SeqgdRng;

void    seqgd_rng_init     (SeqgdRng *rng,
                            guint64   seed);
guint64 seqgd_rng_next     (SeqgdRng *rng);
/* Uniform in [0, 1). */
double  seqgd_rng_uniform  (SeqgdRng *rng);
/* Uniform integer in [0, bound). */
guint32 seqgd_rng_below    (SeqgdRng *rng,
                            guint32   bound);
/* Standard normal (Box–Muller). */
double  seqgd_rng_normal   (SeqgdRng *rng);
/* Fisher–Yates shuffle of @values[0..n-1]. */
void    seqgd_rng_shuffle  (SeqgdRng *rng,
                            guint    *values,
                            guint     n);

G_END_DECLS
