/* fuzz-cifar.c — libFuzzer target for CIFAR-10 binary batches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: two bytes choosing where the first batch ends, then two batches
 * read one after the other into one dataset.
 */

#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GInputStream *streams[2];
  const char *names[2] = { "data_batch_1.bin", "data_batch_2.bin" };
  g_autoptr(SeqgdDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  gsize split;

  if (size < 2)
    return 0;

  split = ((gsize) data[0] << 8 | data[1]) % (size - 1);
  streams[0] = fuzz_stream (data + 2, split);
  streams[1] = fuzz_stream (data + 2 + split, size - 2 - split);

  dataset = _seqgd_dataset_parse_cifar10 (streams, names, 2, FUZZ_MAX_BYTES,
                                          NULL, &error);
  g_assert ((dataset == NULL) != (error == NULL));
  if (dataset != NULL)
    {
      g_assert (dataset->channels == 3 && dataset->n_features == 3072);
      fuzz_check_dataset (dataset);
    }

  g_object_unref (streams[0]);
  g_object_unref (streams[1]);
  return 0;
}
