/* seqgd-test-data.c — small generated data sets for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "seqgd-test-data.h"

SeqgdDataset *
seqgd_test_make_dataset (guint n,
                         guint rows,
                         guint cols)
{
  guint8 *pixels = g_malloc ((gsize) n * rows * cols);
  guint8 *labels = g_malloc (n);

  for (gsize i = 0; i < (gsize) n * rows * cols; i++)
    pixels[i] = (i * 7 + 3) & 0xff;
  for (guint i = 0; i < n; i++)
    labels[i] = (i * 3) % 10;

  return seqgd_dataset_new_take ("Test", n, rows, cols, 1, 10, pixels, labels);
}

void
seqgd_test_save_pair (SeqgdDataset *data,
                      const char   *dir,
                      const char   *images,
                      const char   *labels)
{
  g_autofree char *images_path = g_build_filename (dir, images, NULL);
  g_autofree char *labels_path = g_build_filename (dir, labels, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (seqgd_dataset_save_idx (data, images_path, labels_path, &error));
  g_assert_no_error (error);
}

GBytes *
seqgd_test_gzip (const guint8 *data,
                 gsize         size)
{
  g_autoptr(GZlibCompressor) compressor =
    g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream =
    g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (stream, data, size, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

GBytes *
seqgd_test_idx_bytes (SeqgdDataset *data,
                      gboolean      labels,
                      gboolean      gzip)
{
  g_autofree char *dir = seqgd_test_make_dir ();
  const char *name = gzip ? "file.gz" : "file";
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  seqgd_test_save_pair (data, dir, labels ? "unused" : name, labels ? name : "unused");
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  seqgd_test_remove_tree (dir);

  return g_bytes_new_take (contents, length);
}

char *
seqgd_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("seqgd-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
seqgd_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          seqgd_test_remove_tree (child);
        }
    }
  g_remove (path);
}
