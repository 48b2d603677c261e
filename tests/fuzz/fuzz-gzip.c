/* fuzz-gzip.c — libFuzzer target for the gzip path of the IDX reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks a mode.  Mode 0 feeds the rest as it is, so raw
 * gzip streams are tried.  The other modes compress the rest first, then
 * damage the compressed stream: cut it at a position, or flip one of its
 * bytes, both chosen by the second byte.  So the decoder sees both
 * arbitrary bytes and nearly valid streams of IDX files.
 */

#include "config.h"

#include "fuzz-common.h"

static GBytes *
compress (const guint8 *data,
          gsize         size)
{
  g_autoptr(GZlibCompressor) compressor =
    g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream =
    g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  g_assert (g_output_stream_write_all (stream, data, size, NULL, NULL, NULL));
  g_assert (g_output_stream_close (stream, NULL, NULL));

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
parse (const guint8 *data,
       gsize         size)
{
  g_autoptr(GInputStream) base = fuzz_stream (data, size);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *pixels = NULL;
  SeqgdIdxHeader header;

  stream = _seqgd_open_maybe_gzip (base, NULL, &error);
  if (stream == NULL)
    return;

  if (_seqgd_idx_read (stream, "images.gz", SEQGD_IDX_IMAGES, FUZZ_MAX_BYTES,
                       &header, &pixels, NULL, &error))
    {
      g_assert (error == NULL);
      g_assert (header.body_size == (guint64) header.n * header.channels
                                    * header.rows * header.cols);
      g_assert (pixels[header.body_size - 1] <= 255);
    }
  else
    g_assert (error != NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) compressed = NULL;
  g_autofree guint8 *copy = NULL;
  gsize length;
  guint mode, where;

  if (size < 2)
    return 0;

  mode = data[0] % 3;
  where = data[1];
  if (mode == 0)
    {
      parse (data + 1, size - 1);
      return 0;
    }

  compressed = compress (data + 2, size - 2);
  length = g_bytes_get_size (compressed);
  copy = g_memdup2 (g_bytes_get_data (compressed, NULL), length);
  if (mode == 1)
    parse (copy, length * where / 256);
  else
    {
      copy[length * where / 256] ^= 1 << (where % 8);
      parse (copy, length);
    }

  return 0;
}
