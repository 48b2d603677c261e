/* fuzz-idx.c — libFuzzer target for plain IDX files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: two bytes choosing where the image file ends and how labels are
 * read, then the image file's bytes and the label file's bytes.
 */

#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GInputStream) images = NULL;
  g_autoptr(GInputStream) labels = NULL;
  g_autoptr(SeqgdDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  SeqgdIdxOptions options;
  gsize split;

  if (size < 2)
    return 0;

  split = ((gsize) data[0] << 8 | data[1]) % (size - 1);
  _seqgd_idx_options_init (&options, NULL);
  options.max_bytes = FUZZ_MAX_BYTES;
  if (data[1] & 0x80)
    {
      /* EMNIST letters: transposed images, labels 1..26. */
      options.transposed = TRUE;
      options.n_classes = 26;
      options.label_offset = 1;
    }

  images = fuzz_stream (data + 2, split);
  labels = fuzz_stream (data + 2 + split, size - 2 - split);
  dataset = _seqgd_dataset_parse_idx (images, "images", labels, "labels",
                                      &options, NULL, &error);
  g_assert ((dataset == NULL) != (error == NULL));
  if (dataset != NULL)
    fuzz_check_dataset (dataset);

  return 0;
}
