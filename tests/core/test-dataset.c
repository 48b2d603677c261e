/* test-dataset.c — IDX and CIFAR-10 readers against good and broken files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sys/resource.h>

#include <glib/gstdio.h>

#include "seqgd-dataset.h"
#include "seqgd-dataset-private.h"
#include "seqgd-test-data.h"

/* The small set most cases start from: N images of R × C pixels. */
#define N 3
#define R 4
#define C 5

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = seqgd_test_make_dir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  seqgd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Building files. */

static void
append_be32 (GByteArray *array,
             guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (array, bytes, 4);
}

static GByteArray *
make_images (guint n,
             guint rows,
             guint cols)
{
  GByteArray *array = g_byte_array_new ();

  append_be32 (array, 0x00000803);
  append_be32 (array, n);
  append_be32 (array, rows);
  append_be32 (array, cols);
  for (guint i = 0; i < n * rows * cols; i++)
    {
      /* Varied bytes, so that gzip cannot shrink them to nothing. */
      guint8 value = (i * 2654435761u) >> 24;

      g_byte_array_append (array, &value, 1);
    }

  return array;
}

static GByteArray *
make_labels (guint n)
{
  GByteArray *array = g_byte_array_new ();

  append_be32 (array, 0x00000801);
  append_be32 (array, n);
  for (guint i = 0; i < n; i++)
    {
      guint8 value = i % 10;

      g_byte_array_append (array, &value, 1);
    }

  return array;
}

static char *
write_file (const char   *dir,
            const char   *name,
            const guint8 *data,
            gsize         size)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);

  return path;
}

/* Bad files: each case breaks one thing in an otherwise good pair. */

typedef enum
{
  GZIP_NONE,
  GZIP_IMAGES,  /* gzip the images file after the mutation */
} GzipMode;

typedef struct
{
  const char *name;
  void      (*mutate) (GByteArray *images,
                       GByteArray *labels);
  GzipMode    gzip;
  int         code;
  const char *message;     /* part of the expected message */
  gboolean    blame_labels; /* the message names the labels file */
} BadCase;

static void
set_byte (GByteArray *array,
          guint       index,
          guint8      value)
{
  g_assert_cmpuint (index, <, array->len);
  array->data[index] = value;
}

static void
set_be32 (GByteArray *array,
          guint       offset,
          guint32     value)
{
  set_byte (array, offset, value >> 24);
  set_byte (array, offset + 1, value >> 16);
  set_byte (array, offset + 2, value >> 8);
  set_byte (array, offset + 3, value);
}

static void
mutate_magic (GByteArray *images, GByteArray *labels)
{
  set_byte (images, 0, 0x50);
}

static void
mutate_type (GByteArray *images, GByteArray *labels)
{
  set_byte (images, 2, 0x0d);
}

static void
mutate_image_dims (GByteArray *images, GByteArray *labels)
{
  set_byte (images, 3, 2);
}

static void
mutate_label_dims (GByteArray *images, GByteArray *labels)
{
  set_byte (labels, 3, 3);
}

static void
mutate_header_cut (GByteArray *images, GByteArray *labels)
{
  g_byte_array_set_size (images, 10);
}

static void
mutate_magic_cut (GByteArray *images, GByteArray *labels)
{
  g_byte_array_set_size (labels, 3);
}

static void
mutate_body_cut (GByteArray *images, GByteArray *labels)
{
  g_byte_array_set_size (images, images->len - 7);
}

static void
mutate_labels_cut (GByteArray *images, GByteArray *labels)
{
  g_byte_array_set_size (labels, labels->len - 1);
}

static void
mutate_counts (GByteArray *images, GByteArray *labels)
{
  set_be32 (labels, 4, N - 1);
  g_byte_array_set_size (labels, labels->len - 1);
}

static void
mutate_overflow_32 (GByteArray *images, GByteArray *labels)
{
  /* 65536 × 256 × 256 = 2^32, zero in 32-bit arithmetic. */
  set_be32 (images, 4, 65536);
  set_be32 (images, 8, 256);
  set_be32 (images, 12, 256);
  set_be32 (labels, 4, 65536);
}

static void
mutate_overflow_64 (GByteArray *images, GByteArray *labels)
{
  set_be32 (images, 4, 0xffffffff);
  set_be32 (images, 8, 0xffffffff);
  set_be32 (images, 12, 0xffffffff);
  set_be32 (labels, 4, 0xffffffff);
}

static void
mutate_huge (GByteArray *images, GByteArray *labels)
{
  /* 2,000,000 × 28 × 28 is 1.46 GiB: over the limit, refused unread. */
  set_be32 (images, 4, 2000000);
  set_be32 (images, 8, 28);
  set_be32 (images, 12, 28);
  set_be32 (labels, 4, 2000000);
}

static void
mutate_big_but_short (GByteArray *images, GByteArray *labels)
{
  /* 1,000,000 × 28 × 28 is within the limit, but the bytes are not there. */
  set_be32 (images, 4, 1000000);
  set_be32 (images, 8, 28);
  set_be32 (images, 12, 28);
  set_be32 (labels, 4, 1000000);
}

static void
mutate_huge_side (GByteArray *images, GByteArray *labels)
{
  set_be32 (images, 4, 1);
  set_be32 (images, 8, 1);
  set_be32 (images, 12, 100000);
  set_be32 (labels, 4, 1);
}

static void
mutate_zero_count (GByteArray *images, GByteArray *labels)
{
  set_be32 (images, 4, 0);
  set_be32 (labels, 4, 0);
}

static void
mutate_zero_rows (GByteArray *images, GByteArray *labels)
{
  set_be32 (images, 8, 0);
}

static void
mutate_label_range (GByteArray *images, GByteArray *labels)
{
  set_byte (labels, 8 + 1, 10);
}

static void
mutate_label_255 (GByteArray *images, GByteArray *labels)
{
  set_byte (labels, 8 + 2, 255);
}

static void
mutate_trailing (GByteArray *images, GByteArray *labels)
{
  g_byte_array_append (images, (const guint8 *) "extra", 5);
}

static void
mutate_trailing_labels (GByteArray *images, GByteArray *labels)
{
  g_byte_array_append (labels, (const guint8 *) "\0", 1);
}

static void
mutate_empty (GByteArray *images, GByteArray *labels)
{
  g_byte_array_set_size (images, 0);
}

static void
mutate_channels (GByteArray *images, GByteArray *labels)
{
  /* A 4-dimension file whose channel count is absurd. */
  g_autoptr(GByteArray) copy = g_byte_array_new ();

  append_be32 (copy, 0x00000804);
  append_be32 (copy, N);
  append_be32 (copy, 9);
  append_be32 (copy, R);
  append_be32 (copy, C);
  g_byte_array_append (copy, images->data + 16, images->len - 16);
  g_byte_array_set_size (images, 0);
  g_byte_array_append (images, copy->data, copy->len);
}

static void
mutate_nothing (GByteArray *images, GByteArray *labels)
{
}

static const BadCase bad_cases[] = {
  { "wrong-magic", mutate_magic, GZIP_NONE,
    SEQGD_DATASET_ERROR_FORMAT, "not an IDX file", FALSE },
  { "wrong-type-byte", mutate_type, GZIP_NONE,
    SEQGD_DATASET_ERROR_FORMAT, "element type 0x0d", FALSE },
  { "wrong-image-dims", mutate_image_dims, GZIP_NONE,
    SEQGD_DATASET_ERROR_FORMAT, "declares 2 dimensions", FALSE },
  { "wrong-label-dims", mutate_label_dims, GZIP_NONE,
    SEQGD_DATASET_ERROR_FORMAT, "declares 3 dimensions", TRUE },
  { "truncated-header", mutate_header_cut, GZIP_NONE,
    SEQGD_DATASET_ERROR_TRUNCATED, "ends inside its header, after 10 of 16", FALSE },
  { "truncated-magic", mutate_magic_cut, GZIP_NONE,
    SEQGD_DATASET_ERROR_TRUNCATED, "ends inside its header, after 3 bytes", TRUE },
  { "truncated-body", mutate_body_cut, GZIP_NONE,
    SEQGD_DATASET_ERROR_TRUNCATED, "file ends after 69 of 76 bytes", FALSE },
  { "truncated-body-gzip", mutate_body_cut, GZIP_IMAGES,
    SEQGD_DATASET_ERROR_TRUNCATED, "file ends after 69 of 76 bytes", FALSE },
  { "truncated-labels", mutate_labels_cut, GZIP_NONE,
    SEQGD_DATASET_ERROR_TRUNCATED, "file ends after 10 of 11 bytes", TRUE },
  { "counts-disagree", mutate_counts, GZIP_NONE,
    SEQGD_DATASET_ERROR_MISMATCH, "holds 3 images but", FALSE },
  { "overflow-32", mutate_overflow_32, GZIP_NONE,
    SEQGD_DATASET_ERROR_TOO_LARGE, "65536 images of 256 × 256", FALSE },
  { "overflow-64", mutate_overflow_64, GZIP_NONE,
    SEQGD_DATASET_ERROR_TOO_LARGE, "more than the limit of 1 GiB", FALSE },
  { "huge-declared", mutate_huge, GZIP_NONE,
    SEQGD_DATASET_ERROR_TOO_LARGE, "2000000 images of 28 × 28", FALSE },
  { "huge-declared-gzip", mutate_huge, GZIP_IMAGES,
    SEQGD_DATASET_ERROR_TOO_LARGE, "2000000 images of 28 × 28", FALSE },
  { "big-but-short", mutate_big_but_short, GZIP_NONE,
    SEQGD_DATASET_ERROR_TRUNCATED, "file ends after 76 of 784000016 bytes", FALSE },
  { "huge-side", mutate_huge_side, GZIP_NONE,
    SEQGD_DATASET_ERROR_TOO_LARGE, "1 × 100000 pixels", FALSE },
  { "zero-count", mutate_zero_count, GZIP_NONE,
    SEQGD_DATASET_ERROR_FORMAT, "holds no examples", FALSE },
  { "zero-rows", mutate_zero_rows, GZIP_NONE,
    SEQGD_DATASET_ERROR_FORMAT, "dimension of size 0", FALSE },
  { "too-many-channels", mutate_channels, GZIP_NONE,
    SEQGD_DATASET_ERROR_FORMAT, "9 channels", FALSE },
  { "label-out-of-range", mutate_label_range, GZIP_NONE,
    SEQGD_DATASET_ERROR_LABEL_RANGE, "label 10 of example 1 is outside 0..9", TRUE },
  { "label-255", mutate_label_255, GZIP_NONE,
    SEQGD_DATASET_ERROR_LABEL_RANGE, "label 255 of example 2", TRUE },
  { "trailing-garbage", mutate_trailing, GZIP_NONE,
    SEQGD_DATASET_ERROR_FORMAT, "has 5 bytes after the 76", FALSE },
  { "trailing-garbage-gzip", mutate_trailing, GZIP_IMAGES,
    SEQGD_DATASET_ERROR_FORMAT, "has 5 bytes after the 76", FALSE },
  { "trailing-garbage-labels", mutate_trailing_labels, GZIP_NONE,
    SEQGD_DATASET_ERROR_FORMAT, "has 1 bytes after the 11", TRUE },
  { "empty-file", mutate_empty, GZIP_NONE,
    SEQGD_DATASET_ERROR_TRUNCATED, "file is empty", FALSE },
  { "empty-gzip", mutate_empty, GZIP_IMAGES,
    SEQGD_DATASET_ERROR_TRUNCATED, "file is empty", FALSE },
  /* Sanity check of the table's machinery: an untouched pair loads. */
  { "untouched", mutate_nothing, GZIP_IMAGES, -1, NULL, FALSE },
};

static void
check_bad_case (Fixture       *fixture,
                gconstpointer  data)
{
  const BadCase *bad = data;
  g_autoptr(GByteArray) images = make_images (N, R, C);
  g_autoptr(GByteArray) labels = make_labels (N);
  g_autofree char *images_path = NULL;
  g_autofree char *labels_path = NULL;
  g_autoptr(SeqgdDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  bad->mutate (images, labels);
  if (bad->gzip == GZIP_IMAGES)
    {
      g_autoptr(GBytes) gz = seqgd_test_gzip (images->data, images->len);
      gsize size;
      const guint8 *bytes = g_bytes_get_data (gz, &size);

      images_path = write_file (fixture->dir, "train-images-idx3-ubyte.gz", bytes, size);
    }
  else
    images_path = write_file (fixture->dir, "train-images-idx3-ubyte",
                              images->data, images->len);
  labels_path = write_file (fixture->dir, "train-labels-idx1-ubyte",
                            labels->data, labels->len);

  dataset = seqgd_dataset_load_idx (images_path, labels_path, NULL, &error);
  if (bad->code < 0)
    {
      g_assert_no_error (error);
      g_assert_nonnull (dataset);
      g_assert_cmpuint (dataset->n, ==, N);
      return;
    }

  g_test_message ("%s: %s", bad->name, error != NULL ? error->message : "no error");
  g_assert_null (dataset);
  g_assert_error (error, SEQGD_DATASET_ERROR, bad->code);
  g_assert_nonnull (strstr (error->message, bad->message));
  g_assert_nonnull (strstr (error->message,
                            bad->blame_labels ? "train-labels-idx1-ubyte"
                                              : "train-images-idx3-ubyte"));
}

/* Gzip damage that cannot be made by mutating the uncompressed bytes. */

static GBytes *
gzip_of_good_images (void)
{
  g_autoptr(GByteArray) images = make_images (40, 28, 28);

  return seqgd_test_gzip (images->data, images->len);
}

static SeqgdDataset *
load_with_gzip_images (Fixture       *fixture,
                       const guint8  *gz,
                       gsize          size,
                       guint          n,
                       GError       **error)
{
  g_autoptr(GByteArray) labels = make_labels (n);
  g_autofree char *images_path = write_file (fixture->dir, "t10k-images-idx3-ubyte.gz",
                                             gz, size);
  g_autofree char *labels_path = write_file (fixture->dir, "t10k-labels-idx1-ubyte",
                                             labels->data, labels->len);

  return seqgd_dataset_load_idx (images_path, labels_path, NULL, error);
}

static void
test_gzip_cut (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GBytes) gz = gzip_of_good_images ();
  gsize size;
  const guint8 *bytes = g_bytes_get_data (gz, &size);

  /* Cut at several places: inside the deflate data and in the trailer. */
  for (gsize cut = size / 4; cut < size; cut += size / 4 > 0 ? size / 4 : 1)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqgdDataset) dataset = NULL;

      dataset = load_with_gzip_images (fixture, bytes, cut, 40, &error);
      g_test_message ("cut at %" G_GSIZE_FORMAT ": %s", cut,
                      error != NULL ? error->message : "no error");
      g_assert_null (dataset);
      g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_TRUNCATED);
      g_assert_nonnull (strstr (error->message, "t10k-images-idx3-ubyte.gz"));
    }

  /* The last trailer byte (part of the length) missing. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SeqgdDataset) dataset = NULL;

    dataset = load_with_gzip_images (fixture, bytes, size - 1, 40, &error);
    g_assert_null (dataset);
    g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_TRUNCATED);
  }
}

static void
test_gzip_corrupt (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) gz = gzip_of_good_images ();
  gsize size = g_bytes_get_size (gz);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (gz, NULL), size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqgdDataset) dataset = NULL;

  /* Damage the middle of the deflate stream; either the decoder or the
   * CRC in the trailer must notice. */
  for (gsize i = size / 2; i < size / 2 + 16; i++)
    bytes[i] ^= 0x5a;

  dataset = load_with_gzip_images (fixture, bytes, size, 40, &error);
  g_test_message ("%s", error != NULL ? error->message : "no error");
  g_assert_null (dataset);
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_FORMAT) ||
                 g_error_matches (error, SEQGD_DATASET_ERROR,
                                  SEQGD_DATASET_ERROR_TRUNCATED));
  g_assert_nonnull (strstr (error->message, "t10k-images-idx3-ubyte.gz"));
}

static void
test_gzip_crc (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GBytes) gz = gzip_of_good_images ();
  gsize size = g_bytes_get_size (gz);
  g_autofree guint8 *bytes = g_memdup2 (g_bytes_get_data (gz, NULL), size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqgdDataset) dataset = NULL;

  /* The CRC-32 is the trailer's first 4 bytes. */
  bytes[size - 8] ^= 0xff;

  dataset = load_with_gzip_images (fixture, bytes, size, 40, &error);
  g_assert_null (dataset);
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "corrupt gzip data"));
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GByteArray) labels = make_labels (N);
  g_autofree char *images_path = g_build_filename (fixture->dir, "nothing-here", NULL);
  g_autofree char *labels_path = write_file (fixture->dir, "labels",
                                             labels->data, labels->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqgdDataset) dataset = NULL;

  dataset = seqgd_dataset_load_idx (images_path, labels_path, NULL, &error);
  g_assert_null (dataset);
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nothing-here"));
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SeqgdDataset) good = seqgd_test_make_dataset (10, R, C);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *images_path = g_build_filename (fixture->dir, "i.gz", NULL);
  g_autofree char *labels_path = g_build_filename (fixture->dir, "l.gz", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqgdDataset) dataset = NULL;

  seqgd_test_save_pair (good, fixture->dir, "i.gz", "l.gz");
  g_cancellable_cancel (cancellable);
  dataset = seqgd_dataset_load_idx (images_path, labels_path, cancellable, &error);
  g_assert_null (dataset);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Good files. */

static void
assert_same_data (const SeqgdDataset *a,
                  const SeqgdDataset *b)
{
  g_assert_cmpuint (a->n, ==, b->n);
  g_assert_cmpuint (a->rows, ==, b->rows);
  g_assert_cmpuint (a->cols, ==, b->cols);
  g_assert_cmpuint (a->channels, ==, b->channels);
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  g_assert_cmpmem (a->pixels, (gsize) a->n * a->n_features,
                   b->pixels, (gsize) b->n * b->n_features);
  g_assert_cmpmem (a->labels, a->n, b->labels, b->n);
}

static void
round_trip (Fixture    *fixture,
            const char *images,
            const char *labels)
{
  g_autoptr(SeqgdDataset) original = seqgd_test_make_dataset (25, 28, 28);
  g_autoptr(SeqgdDataset) loaded = NULL;
  g_autofree char *images_path = g_build_filename (fixture->dir, images, NULL);
  g_autofree char *labels_path = g_build_filename (fixture->dir, labels, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  seqgd_test_save_pair (original, fixture->dir, images, labels);

  /* The files really are what their names say. */
  g_file_get_contents (images_path, &contents, &length, &error);
  g_assert_no_error (error);
  if (g_str_has_suffix (images, ".gz"))
    {
      g_assert_cmpuint ((guint8) contents[0], ==, 0x1f);
      g_assert_cmpuint ((guint8) contents[1], ==, 0x8b);
    }
  else
    g_assert_cmpuint (length, ==, 16 + 25 * 28 * 28);

  loaded = seqgd_dataset_load_idx (images_path, labels_path, NULL, &error);
  g_assert_no_error (error);
  assert_same_data (original, loaded);
  g_assert_cmpuint (loaded->n_classes, ==, 10);
  g_assert_cmpstr (loaded->source, ==, images_path);
  g_assert_false (loaded->transposed);
}

static void
test_round_trip_plain (Fixture       *fixture,
                       gconstpointer  data)
{
  round_trip (fixture, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
}

static void
test_round_trip_gzip (Fixture       *fixture,
                      gconstpointer  data)
{
  round_trip (fixture, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
}

static void
test_round_trip_colour (Fixture       *fixture,
                        gconstpointer  data)
{
  guint8 *pixels = g_malloc (4 * 3 * 6 * 5);
  guint8 *labels = g_malloc (4);
  g_autoptr(SeqgdDataset) original = NULL;
  g_autoptr(SeqgdDataset) loaded = NULL;
  g_autofree char *images_path = g_build_filename (fixture->dir, "c-images", NULL);
  g_autofree char *labels_path = g_build_filename (fixture->dir, "c-labels", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 4 * 3 * 6 * 5; i++)
    pixels[i] = i;
  for (guint i = 0; i < 4; i++)
    labels[i] = 9 - i;
  original = seqgd_dataset_new_take ("Colour", 4, 6, 5, 3, 10, pixels, labels);
  seqgd_test_save_pair (original, fixture->dir, "c-images", "c-labels");

  loaded = seqgd_dataset_load_idx (images_path, labels_path, NULL, &error);
  g_assert_no_error (error);
  assert_same_data (original, loaded);
}

static void
test_save_leaves_no_temp (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(SeqgdDataset) original = seqgd_test_make_dataset (5, R, C);
  g_autofree char *bad_path = g_build_filename (fixture->dir, "no-such-dir", "x", NULL);
  g_autofree char *labels_path = g_build_filename (fixture->dir, "labels", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;

  g_assert_false (seqgd_dataset_save_idx (original, bad_path, labels_path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "no-such-dir"));
  g_clear_error (&error);

  /* Overwriting an existing pair replaces it and leaves only two files. */
  seqgd_test_save_pair (original, fixture->dir, "images", "labels");
  seqgd_test_save_pair (original, fixture->dir, "images", "labels");
  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  for (guint count = 0;; count++)
    {
      const char *name = g_dir_read_name (dir);

      if (name == NULL)
        {
          g_assert_cmpuint (count, ==, 2);
          break;
        }
      g_assert_true (g_str_equal (name, "images") || g_str_equal (name, "labels"));
    }
}

static void
test_subset (void)
{
  g_autoptr(SeqgdDataset) data = seqgd_test_make_dataset (10, R, C);
  g_autoptr(SeqgdDataset) subset = seqgd_dataset_new_subset (data, 3, 5);
  g_autoptr(SeqgdDataset) nested = seqgd_dataset_new_subset (subset, 1, 2);
  g_autoptr(SeqgdDataset) empty = seqgd_dataset_new_subset (data, 10, 0);

  g_assert_cmpuint (subset->n, ==, 5);
  g_assert_true (subset->pixels == data->pixels + 3 * R * C);
  g_assert_true (subset->labels == data->labels + 3);
  g_assert_cmpuint (nested->n, ==, 2);
  g_assert_true (nested->pixels == data->pixels + 4 * R * C);
  g_assert_cmpuint (seqgd_dataset_get_label (nested, 1), ==, data->labels[5]);
  g_assert_cmpuint (empty->n, ==, 0);
  g_assert_cmpstr (subset->name, ==, "Test");

  /* The view keeps its parent's bytes alive. */
  g_clear_pointer (&data, seqgd_dataset_unref);
  g_assert_cmpuint (nested->pixels[0], ==, (4 * R * C * 7 + 3) & 0xff);
}

static void
test_fill_batch (void)
{
  g_autoptr(SeqgdDataset) data = seqgd_test_make_dataset (6, R, C);
  const guint indices[] = { 5, 0, 5 };
  float x[3 * R * C];
  guint8 y[3];

  seqgd_dataset_fill_batch (data, indices, 3, x, y);
  for (guint b = 0; b < 3; b++)
    {
      g_assert_cmpuint (y[b], ==, data->labels[indices[b]]);
      for (guint j = 0; j < R * C; j++)
        {
          guint8 byte = data->pixels[indices[b] * R * C + j];

          g_assert_cmpfloat (x[b * R * C + j], ==, byte / 255.0f);
          g_assert_cmpfloat (x[b * R * C + j], >=, 0.0f);
          g_assert_cmpfloat (x[b * R * C + j], <=, 1.0f);
        }
    }

  /* Labels are optional. */
  seqgd_dataset_fill_batch (data, indices, 1, x, NULL);
  g_assert_cmpfloat (x[0], ==, data->pixels[5 * R * C] / 255.0f);
}

static void
test_image_rgb (void)
{
  g_autoptr(SeqgdDataset) grey = seqgd_test_make_dataset (2, R, C);
  guint8 *pixels = g_malloc (3 * 2 * 2);
  guint8 *labels = g_malloc0 (1);
  g_autoptr(SeqgdDataset) colour = NULL;
  guint8 rgb[R * C * 3];

  seqgd_dataset_get_image_rgb (grey, 1, rgb);
  for (guint p = 0; p < R * C; p++)
    for (guint c = 0; c < 3; c++)
      g_assert_cmpuint (rgb[p * 3 + c], ==, grey->pixels[R * C + p]);

  /* Channel-major planes become interleaved triples. */
  for (guint i = 0; i < 12; i++)
    pixels[i] = i;
  colour = seqgd_dataset_new_take ("CIFAR-10", 1, 2, 2, 3, 10, pixels, labels);
  seqgd_dataset_get_image_rgb (colour, 0, rgb);
  g_assert_cmpuint (rgb[0], ==, 0);
  g_assert_cmpuint (rgb[1], ==, 4);
  g_assert_cmpuint (rgb[2], ==, 8);
  g_assert_cmpuint (rgb[3], ==, 1);
  g_assert_cmpstr (seqgd_dataset_get_class_name (colour, 3), ==, "cat");
  g_assert_null (seqgd_dataset_get_class_name (colour, 10));
  g_assert_null (seqgd_dataset_get_class_name (grey, 3));
}

/* Folders. */

static void
test_folder_flat (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SeqgdDataset) train_in = seqgd_test_make_dataset (12, R, C);
  g_autoptr(SeqgdDataset) test_in = seqgd_test_make_dataset (4, R, C);
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GError) error = NULL;

  seqgd_test_save_pair (train_in, fixture->dir, "train-images-idx3-ubyte.gz",
             "train-labels-idx1-ubyte.gz");

  /* Without a test set. */
  g_assert_true (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_no_error (error);
  assert_same_data (train_in, train);
  g_assert_null (test);
  g_clear_pointer (&train, seqgd_dataset_unref);

  /* With one, plain. */
  seqgd_test_save_pair (test_in, fixture->dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
  g_assert_true (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_no_error (error);
  assert_same_data (train_in, train);
  assert_same_data (test_in, test);
  g_assert_cmpstr (train->source, ==, fixture->dir);
}

static void
test_folder_torchvision (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *layouts[][2] = {
    { "MNIST", "MNIST" },
    { "FashionMNIST", "Fashion-MNIST" },
    { "KMNIST", "KMNIST" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      g_autofree char *root = g_build_filename (fixture->dir, layouts[i][0], NULL);
      g_autofree char *raw = g_build_filename (root, layouts[i][0], "raw", NULL);
      g_autoptr(SeqgdDataset) train_in = seqgd_test_make_dataset (8 + i, R, C);
      g_autoptr(SeqgdDataset) test_in = seqgd_test_make_dataset (3, R, C);
      g_autoptr(SeqgdDataset) train = NULL;
      g_autoptr(SeqgdDataset) test = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir_with_parents (raw, 0700), ==, 0);
      seqgd_test_save_pair (train_in, raw, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
      seqgd_test_save_pair (test_in, raw, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

      g_assert_true (seqgd_dataset_load_folder (root, &train, &test, NULL, &error));
      g_assert_no_error (error);
      assert_same_data (train_in, train);
      assert_same_data (test_in, test);
      g_assert_cmpstr (train->name, ==, layouts[i][1]);
      g_assert_cmpstr (test->name, ==, layouts[i][1]);
    }
}

static void
test_folder_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SeqgdDataset) set = seqgd_test_make_dataset (5, R, C);
  g_autoptr(SeqgdDataset) other = seqgd_test_make_dataset (5, R + 1, C);
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "absent", NULL);
  g_autofree char *labels = g_build_filename (fixture->dir, "t10k-labels-idx1-ubyte", NULL);
  GError *error = NULL;

  /* No such folder. */
  g_assert_false (seqgd_dataset_load_folder (missing, &train, &test, NULL, &error));
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An empty folder. */
  g_assert_false (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no data set found"));
  g_clear_error (&error);

  /* A test set alone. */
  seqgd_test_save_pair (set, fixture->dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
  g_assert_false (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no training images"));
  g_clear_error (&error);

  /* Test images of another size. */
  seqgd_test_save_pair (other, fixture->dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
  g_assert_false (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_MISMATCH);
  g_clear_error (&error);

  /* Test images without their labels. */
  g_assert_cmpint (g_remove (labels), ==, 0);
  g_assert_false (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "labels"));
  g_clear_error (&error);

  g_assert_null (train);
  g_assert_null (test);
}

/* Memory follows the bytes that arrive, not the header's promise: with
 * the data segment capped at 128 MiB, a file declaring 784 MB must fail
 * as truncated, not abort in g_malloc. */

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif

static void
test_no_allocation_from_header (Fixture       *fixture,
                                gconstpointer  data)
{
#ifdef UNDER_ASAN
  g_test_skip ("AddressSanitizer cannot run with a capped data segment");
#else
  if (g_test_subprocess ())
    {
      struct rlimit limit = { 128 << 20, 128 << 20 };
      const char *names[] = { "huge-images", "huge-images.gz" };

      g_assert_cmpint (setrlimit (RLIMIT_DATA, &limit), ==, 0);
      /* The cap bites: such a buffer cannot be had. */
      g_assert_null (g_try_malloc (784000000));

      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        {
          g_autoptr(GByteArray) images = make_images (N, R, C);
          g_autoptr(GByteArray) labels = make_labels (N);
          g_autofree char *images_path = NULL;
          g_autofree char *labels_path = NULL;
          g_autoptr(SeqgdDataset) dataset = NULL;
          g_autoptr(GError) error = NULL;

          mutate_big_but_short (images, labels);
          if (k == 1)
            {
              g_autoptr(GBytes) gz = seqgd_test_gzip (images->data, images->len);

              images_path = write_file (fixture->dir, names[k],
                                        g_bytes_get_data (gz, NULL),
                                        g_bytes_get_size (gz));
            }
          else
            images_path = write_file (fixture->dir, names[k], images->data, images->len);
          labels_path = write_file (fixture->dir, "labels", labels->data, labels->len);

          dataset = seqgd_dataset_load_idx (images_path, labels_path, NULL, &error);
          g_assert_null (dataset);
          g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_TRUNCATED);
        }
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
#endif
}

/* Loading in a worker thread. */

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
load_folder_async (const char     *folder,
                   GCancellable   *cancellable,
                   SeqgdDataset  **train,
                   SeqgdDataset  **test,
                   GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  seqgd_dataset_load_folder_async (folder, cancellable, loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return seqgd_dataset_load_folder_finish (result, train, test, error);
}

static void
test_folder_async (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SeqgdDataset) train_in = seqgd_test_make_dataset (9, R, C);
  g_autoptr(SeqgdDataset) test_in = seqgd_test_make_dataset (4, R, C);
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *missing = g_build_filename (fixture->dir, "missing", NULL);
  g_autoptr(GError) error = NULL;

  seqgd_test_save_pair (train_in, fixture->dir, "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte");
  seqgd_test_save_pair (test_in, fixture->dir, "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz");

  g_assert_true (load_folder_async (fixture->dir, NULL, &train, &test, &error));
  g_assert_no_error (error);
  assert_same_data (train_in, train);
  assert_same_data (test_in, test);
  g_clear_pointer (&train, seqgd_dataset_unref);
  g_clear_pointer (&test, seqgd_dataset_unref);

  g_assert_false (load_folder_async (missing, NULL, &train, &test, &error));
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  g_assert_false (load_folder_async (fixture->dir, cancellable, &train, &test, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (train);
  g_assert_null (test);
}

/* EMNIST and CIFAR-10. */

/* An EMNIST-style file: the header says rows × cols, but each image is
 * stored column by column.  Pixel (r, c) of image i is i + 10 r + c. */
static GByteArray *
make_transposed_images (guint n,
                        guint rows,
                        guint cols)
{
  GByteArray *array = g_byte_array_new ();

  append_be32 (array, 0x00000803);
  append_be32 (array, n);
  append_be32 (array, rows);
  append_be32 (array, cols);
  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < cols; c++)
      for (guint r = 0; r < rows; r++)
        {
          guint8 value = i + 10 * r + c;

          g_byte_array_append (array, &value, 1);
        }

  return array;
}

static void
test_emnist_letters (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *raw = g_build_filename (fixture->dir, "EMNIST", "raw", NULL);
  g_autoptr(GByteArray) images = make_transposed_images (26, 4, 5);
  g_autoptr(GByteArray) labels = g_byte_array_new ();
  g_autofree char *images_path = NULL;
  g_autofree char *labels_path = NULL;
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GError) error = NULL;

  /* Letters are labelled 1..26. */
  append_be32 (labels, 0x00000801);
  append_be32 (labels, 26);
  for (guint8 k = 1; k <= 26; k++)
    g_byte_array_append (labels, &k, 1);

  g_assert_cmpint (g_mkdir_with_parents (raw, 0700), ==, 0);
  images_path = write_file (raw, "emnist-letters-train-images-idx3-ubyte",
                            images->data, images->len);
  labels_path = write_file (raw, "emnist-letters-train-labels-idx1-ubyte",
                            labels->data, labels->len);

  g_assert_true (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (test);
  g_assert_cmpstr (train->name, ==, "EMNIST Letters");
  g_assert_cmpuint (train->n_classes, ==, 26);
  g_assert_true (train->transposed);
  g_assert_cmpuint (train->rows, ==, 4);
  g_assert_cmpuint (train->cols, ==, 5);
  for (guint i = 0; i < 26; i++)
    {
      const guint8 *image = seqgd_dataset_get_image (train, i);

      g_assert_cmpuint (train->labels[i], ==, i);
      for (guint r = 0; r < 4; r++)
        for (guint c = 0; c < 5; c++)
          g_assert_cmpuint (image[r * 5 + c], ==, i + 10 * r + c);
    }
  g_assert_cmpstr (seqgd_dataset_get_class_name (train, 0), ==, "a");
  g_assert_cmpstr (seqgd_dataset_get_class_name (train, 25), ==, "z");

  /* A letter labelled 0 is out of range. */
  labels->data[8 + 3] = 0;
  g_free (labels_path);
  labels_path = write_file (raw, "emnist-letters-train-labels-idx1-ubyte",
                            labels->data, labels->len);
  g_clear_pointer (&train, seqgd_dataset_unref);
  g_assert_false (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_LABEL_RANGE);
  g_assert_nonnull (strstr (error->message, "label 0 of example 3 is outside 1..26"));
}

static void
test_emnist_balanced (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GByteArray) images = make_transposed_images (47, 28, 28);
  g_autoptr(GByteArray) labels = g_byte_array_new ();
  g_autoptr(GByteArray) test_images = make_transposed_images (2, 28, 28);
  g_autoptr(GByteArray) test_labels = g_byte_array_new ();
  g_autofree char *path = NULL;
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(SeqgdDataset) direct = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) gz = seqgd_test_gzip (images->data, images->len);

  append_be32 (labels, 0x00000801);
  append_be32 (labels, 47);
  for (guint8 k = 0; k < 47; k++)
    g_byte_array_append (labels, &k, 1);
  append_be32 (test_labels, 0x00000801);
  append_be32 (test_labels, 2);
  g_byte_array_append (test_labels, (const guint8 *) "\x05\x2e", 2);

  g_free (write_file (fixture->dir, "emnist-balanced-train-images-idx3-ubyte.gz",
                      g_bytes_get_data (gz, NULL), g_bytes_get_size (gz)));
  path = write_file (fixture->dir, "emnist-balanced-train-labels-idx1-ubyte",
                     labels->data, labels->len);
  g_free (write_file (fixture->dir, "emnist-balanced-test-images-idx3-ubyte",
                      test_images->data, test_images->len));
  g_free (write_file (fixture->dir, "emnist-balanced-test-labels-idx1-ubyte",
                      test_labels->data, test_labels->len));

  g_assert_true (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (train->name, ==, "EMNIST Balanced");
  g_assert_cmpuint (train->n_classes, ==, 47);
  g_assert_cmpuint (test->n, ==, 2);
  g_assert_cmpuint (test->labels[1], ==, 46);
  g_assert_cmpuint (seqgd_dataset_get_image (test, 1)[3 * 28 + 2], ==, 1 + 30 + 2);
  g_assert_cmpstr (seqgd_dataset_get_class_name (train, 10), ==, "A");
  g_assert_cmpstr (seqgd_dataset_get_class_name (train, 36), ==, "a");
  g_assert_cmpstr (seqgd_dataset_get_class_name (train, 46), ==, "t");

  /* load_idx recognises EMNIST by its file name too. */
  {
    g_autofree char *images_path =
      g_build_filename (fixture->dir, "emnist-balanced-train-images-idx3-ubyte.gz", NULL);

    direct = seqgd_dataset_load_idx (images_path, path, NULL, &error);
    g_assert_no_error (error);
    assert_same_data (train, direct);
    g_assert_cmpstr (direct->name, ==, "EMNIST Balanced");
  }
}

static void
test_emnist_by_folder (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *emnist = g_build_filename (fixture->dir, "EMNIST", "raw", NULL);
  g_autofree char *far = g_build_filename (fixture->dir, "emnist-work", "mnist-copy",
                                          "digits", NULL);
  g_autoptr(GByteArray) images = make_transposed_images (3, 4, 5);
  g_autoptr(GByteArray) labels = make_labels (3);
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GError) error = NULL;

  /* Usual names in a folder called EMNIST: transposed. */
  g_assert_cmpint (g_mkdir_with_parents (emnist, 0700), ==, 0);
  g_free (write_file (emnist, "train-images-idx3-ubyte", images->data, images->len));
  g_free (write_file (emnist, "train-labels-idx1-ubyte", labels->data, labels->len));
  g_assert_true (seqgd_dataset_load_folder (emnist, &train, &test, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (train->name, ==, "EMNIST");
  g_assert_true (train->transposed);
  g_assert_cmpuint (seqgd_dataset_get_image (train, 2)[1 * 5 + 3], ==, 2 + 10 + 3);
  g_clear_pointer (&train, seqgd_dataset_unref);

  /* "emnist" further up says nothing about the files: kept as stored. */
  g_assert_cmpint (g_mkdir_with_parents (far, 0700), ==, 0);
  g_free (write_file (far, "train-images-idx3-ubyte", images->data, images->len));
  g_free (write_file (far, "train-labels-idx1-ubyte", labels->data, labels->len));
  g_assert_true (seqgd_dataset_load_folder (far, &train, &test, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (train->name, ==, "MNIST");
  g_assert_false (train->transposed);
  g_assert_cmpuint (seqgd_dataset_get_image (train, 2)[1], ==, images->data[16 + 2 * 20 + 1]);
}

static GByteArray *
make_cifar10 (guint n,
              guint first)
{
  GByteArray *array = g_byte_array_new ();

  for (guint i = 0; i < n; i++)
    {
      guint8 label = (first + i) % 10;

      g_byte_array_append (array, &label, 1);
      for (guint j = 0; j < 3072; j++)
        {
          guint8 value = (first + i) * 3 + j / 1024;

          g_byte_array_append (array, &value, 1);
        }
    }

  return array;
}

static void
test_cifar10 (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "cifar-10-batches-bin", NULL);
  g_autoptr(GByteArray) batch1 = make_cifar10 (3, 0);
  g_autoptr(GByteArray) batch2 = make_cifar10 (4, 3);
  g_autoptr(GByteArray) test_batch = make_cifar10 (2, 7);
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GError) error = NULL;
  guint8 rgb[32 * 32 * 3];

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_free (write_file (folder, "data_batch_1.bin", batch1->data, batch1->len));
  g_free (write_file (folder, "data_batch_2.bin", batch2->data, batch2->len));
  g_free (write_file (folder, "test_batch.bin", test_batch->data, test_batch->len));

  g_assert_true (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (train->name, ==, "CIFAR-10");
  g_assert_cmpuint (train->n, ==, 7);
  g_assert_cmpuint (test->n, ==, 2);
  g_assert_cmpuint (train->channels, ==, 3);
  g_assert_cmpuint (train->n_features, ==, 3072);
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpuint (train->labels[i], ==, i);
      g_assert_cmpuint (seqgd_dataset_get_image (train, i)[0], ==, i * 3);
      g_assert_cmpuint (seqgd_dataset_get_image (train, i)[2048], ==, i * 3 + 2);
    }
  g_assert_cmpuint (test->labels[1], ==, 8);
  seqgd_dataset_get_image_rgb (test, 1, rgb);
  g_assert_cmpuint (rgb[0], ==, 24);
  g_assert_cmpuint (rgb[1], ==, 25);
  g_assert_cmpuint (rgb[2], ==, 26);
  g_assert_cmpstr (seqgd_dataset_get_class_name (test, test->labels[1]), ==, "ship");
}

static void
test_cifar10_bad (Fixture       *fixture,
                  gconstpointer  data)
{
  struct {
    guint       cut;        /* bytes removed from the end */
    guint       bad_label;  /* record whose label becomes 10, or 0 */
    int         code;
    const char *message;
  } cases[] = {
    { 100, 0, SEQGD_DATASET_ERROR_TRUNCATED, "file ends inside record 3" },
    { 3 * 3073, 0, SEQGD_DATASET_ERROR_TRUNCATED, "file is empty" },
    { 0, 2, SEQGD_DATASET_ERROR_LABEL_RANGE, "label 10 of record 2 is outside 0..9" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(GByteArray) batch = make_cifar10 (3, 0);
      g_autoptr(SeqgdDataset) train = NULL;
      g_autoptr(SeqgdDataset) test = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[k].bad_label > 0)
        batch->data[(cases[k].bad_label - 1) * 3073] = 10;
      g_byte_array_set_size (batch, batch->len - cases[k].cut);
      g_free (write_file (fixture->dir, "data_batch_1.bin", batch->data, batch->len));

      g_assert_false (seqgd_dataset_load_folder (fixture->dir, &train, &test, NULL, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, SEQGD_DATASET_ERROR, cases[k].code);
      g_assert_nonnull (strstr (error->message, cases[k].message));
      g_assert_nonnull (strstr (error->message, "data_batch_1.bin"));
    }
}

/* The limit counts the pixels of all batches together, up to and
 * including the limit itself. */
static void
test_cifar10_limit (void)
{
  g_autoptr(GByteArray) first = make_cifar10 (2, 0);
  g_autoptr(GByteArray) second = make_cifar10 (2, 2);
  const char *names[] = { "data_batch_1.bin", "data_batch_2.bin" };

  for (guint limit = 3; limit <= 4; limit++)
    {
      GInputStream *streams[2] = {
        g_memory_input_stream_new_from_data (first->data, first->len, NULL),
        g_memory_input_stream_new_from_data (second->data, second->len, NULL),
      };
      g_autoptr(SeqgdDataset) data = NULL;
      g_autoptr(GError) error = NULL;

      data = _seqgd_dataset_parse_cifar10 (streams, names, 2, limit * 3072,
                                           NULL, &error);
      if (limit == 3)
        {
          g_assert_null (data);
          g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_TOO_LARGE);
          g_assert_nonnull (strstr (error->message, "data_batch_2.bin"));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpuint (data->n, ==, 4);
        }
      g_object_unref (streams[0]);
      g_object_unref (streams[1]);
    }
}

/* Real data, when installed. */

static void
test_real_fashion_mnist (void)
{
  const char *folder = "/usr/share/datasets/fashion-mnist";
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[10] = { 0 };

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
      return;
    }

  g_assert_true (seqgd_dataset_load_folder (folder, &train, &test, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (train->name, ==, "Fashion-MNIST");
  g_assert_cmpuint (train->n, ==, 60000);
  g_assert_cmpuint (test->n, ==, 10000);
  g_assert_cmpuint (train->n_features, ==, 784);
  g_assert_cmpuint (train->n_classes, ==, 10);

  /* Fashion-MNIST is balanced: 6000 of each class in training. */
  for (guint i = 0; i < train->n; i++)
    counts[train->labels[i]]++;
  for (guint k = 0; k < 10; k++)
    g_assert_cmpuint (counts[k], ==, 6000);
  g_assert_cmpstr (seqgd_dataset_get_class_name (train, train->labels[0]), ==, "Ankle boot");
}

static void
test_real_mnist_t10k (void)
{
  const char *folder = g_getenv ("SEQGD_MNIST_T10K_DIR");
  const guint8 first[] = { 7, 2, 1, 0, 4, 1, 4, 9, 5, 9 };
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(GError) error = NULL;
  guint64 ink = 0;

  if (folder == NULL || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("SEQGD_MNIST_T10K_DIR does not name the MNIST test set folder");
      return;
    }

  images = g_build_filename (folder, "t10k-images-idx3-ubyte.gz", NULL);
  labels = g_build_filename (folder, "t10k-labels-idx1-ubyte.gz", NULL);
  test = seqgd_dataset_load_idx (images, labels, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (test->n, ==, 10000);
  g_assert_cmpuint (test->rows, ==, 28);
  g_assert_cmpuint (test->cols, ==, 28);
  g_assert_cmpmem (test->labels, sizeof first, first, sizeof first);

  /* MNIST digits are centred: the border rows are blank, the middle not. */
  for (guint i = 0; i < 100; i++)
    {
      const guint8 *image = seqgd_dataset_get_image (test, i);

      for (guint c = 0; c < 28; c++)
        g_assert_cmpuint (image[c], ==, 0);
      for (guint c = 0; c < 28; c++)
        ink += image[14 * 28 + c];
    }
  g_assert_cmpuint (ink, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/dataset/bad/%s", bad_cases[i].name);

      g_test_add (path, Fixture, &bad_cases[i],
                  fixture_set_up, check_bad_case, fixture_tear_down);
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/dataset/bad/gzip-cut", test_gzip_cut);
  ADD ("/core/dataset/bad/gzip-corrupt", test_gzip_corrupt);
  ADD ("/core/dataset/bad/gzip-crc", test_gzip_crc);
  ADD ("/core/dataset/bad/missing-file", test_missing_file);
  ADD ("/core/dataset/cancelled", test_cancelled);
  ADD ("/core/dataset/round-trip/plain", test_round_trip_plain);
  ADD ("/core/dataset/round-trip/gzip", test_round_trip_gzip);
  ADD ("/core/dataset/round-trip/colour", test_round_trip_colour);
  ADD ("/core/dataset/save/atomic", test_save_leaves_no_temp);
  ADD ("/core/dataset/folder/flat", test_folder_flat);
  ADD ("/core/dataset/folder/torchvision", test_folder_torchvision);
  ADD ("/core/dataset/folder/errors", test_folder_errors);
  ADD ("/core/dataset/folder/async", test_folder_async);
  ADD ("/core/dataset/bad/no-allocation-from-header", test_no_allocation_from_header);
  ADD ("/core/dataset/emnist/letters", test_emnist_letters);
  ADD ("/core/dataset/emnist/balanced", test_emnist_balanced);
  ADD ("/core/dataset/emnist/by-folder", test_emnist_by_folder);
  ADD ("/core/dataset/cifar10/good", test_cifar10);
  ADD ("/core/dataset/cifar10/bad", test_cifar10_bad);
  g_test_add_func ("/core/dataset/cifar10/limit", test_cifar10_limit);
#undef ADD

  g_test_add_func ("/core/dataset/subset", test_subset);
  g_test_add_func ("/core/dataset/fill-batch", test_fill_batch);
  g_test_add_func ("/core/dataset/image-rgb", test_image_rgb);
  g_test_add_func ("/core/dataset/real/fashion-mnist", test_real_fashion_mnist);
  g_test_add_func ("/core/dataset/real/mnist-t10k", test_real_mnist_t10k);

  return g_test_run ();
}
