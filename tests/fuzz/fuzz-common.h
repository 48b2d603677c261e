/* fuzz-common.h — shared helpers of the parser fuzz targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "seqgd-dataset-private.h"

/* Small enough that a fuzz input can never make the parser allocate much,
 * large enough for every size check to be reachable. */
#define FUZZ_MAX_BYTES (16 * 1024 * 1024)

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static inline GInputStream *
fuzz_stream (const guint8 *data,
             gsize         size)
{
  /* The fuzzer owns @data for the duration of the call. */
  return g_memory_input_stream_new_from_data (data, size, NULL);
}

static inline void
fuzz_check_dataset (SeqgdDataset *dataset)
{
  /* A dataset the parser accepts must be fully readable. */
  guint sum = 0;

  for (guint i = 0; i < dataset->n; i++)
    {
      const guint8 *image = seqgd_dataset_get_image (dataset, i);

      sum += image[0] + image[dataset->n_features - 1];
      g_assert (dataset->labels[i] < dataset->n_classes);
    }
  (void) sum;
}
