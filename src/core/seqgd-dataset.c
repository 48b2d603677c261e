/* seqgd-dataset.c — IDX and CIFAR-10 readers, labelled image sets as bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The readers treat every file as hostile.  An IDX header (magic number,
 * dimension count, dimensions) is checked before anything is allocated,
 * and even a valid header only bounds the buffer: memory grows as bytes
 * actually arrive, so a short file that declares a gigabyte costs only its
 * real length.  After the declared body the stream must end.  Gzip is
 * detected by its magic bytes and decompressed through GIO's zlib
 * converter, whose CRC check runs when the end of the stream is read.
 *
 * Labels: IDX sets have 10 classes unless the files are EMNIST, whose
 * variant (from the file name) fixes the class count; EMNIST letters are
 * stored as 1..26 and shifted to 0..25.  A label outside the range is an
 * error, never a reason to widen the output layer.
 *
 * Not handled: IDX element types other than unsigned bytes, CIFAR-100.
 */

#include "config.h"

#include <string.h>

#include "seqgd-dataset-private.h"

#define READ_CHUNK   (1024 * 1024)

/* Trailing bytes are counted up to this many, then just reported. */
#define MAX_TRAILING_COUNT (1024 * 1024)
#define CIFAR_SIDE   32
#define CIFAR_PIXELS (3 * CIFAR_SIDE * CIFAR_SIDE)
#define CIFAR_RECORD (1 + CIFAR_PIXELS)

G_DEFINE_QUARK (seqgd-dataset-error-quark, seqgd_dataset_error)

/* Dataset objects: reference counting, views and accessors. */

static void
dataset_clear (gpointer data)
{
  SeqgdDataset *self = data;

  g_free (self->name);
  g_free (self->source);
  g_free (self->owned_pixels);
  g_free (self->owned_labels);
  if (self->parent != NULL)
    seqgd_dataset_unref (self->parent);
}

SeqgdDataset *
seqgd_dataset_ref (SeqgdDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
seqgd_dataset_unref (SeqgdDataset *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, dataset_clear);
}

SeqgdDataset *
seqgd_dataset_new_take (const char *name,
                        guint       n,
                        guint       rows,
                        guint       cols,
                        guint       channels,
                        guint       n_classes,
                        guint8     *pixels,
                        guint8     *labels)
{
  SeqgdDataset *self;
  guint64 n_features = (guint64) rows * cols * channels;

  g_return_val_if_fail (rows > 0 && cols > 0 && channels > 0, NULL);
  g_return_val_if_fail (n_features <= G_MAXUINT, NULL);
  g_return_val_if_fail (n_classes > 0, NULL);
  g_return_val_if_fail (n == 0 || (pixels != NULL && labels != NULL), NULL);

  self = g_atomic_rc_box_new0 (SeqgdDataset);
  self->name = g_strdup (name != NULL ? name : "");
  self->n = n;
  self->rows = rows;
  self->cols = cols;
  self->channels = channels;
  self->n_features = (guint) n_features;
  self->n_classes = n_classes;
  self->owned_pixels = pixels;
  self->owned_labels = labels;
  self->pixels = pixels;
  self->labels = labels;

  return self;
}

SeqgdDataset *
seqgd_dataset_new_subset (SeqgdDataset *self,
                          guint         first,
                          guint         count)
{
  SeqgdDataset *subset;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (first <= self->n, NULL);
  g_return_val_if_fail (count <= self->n - first, NULL);

  subset = g_atomic_rc_box_new0 (SeqgdDataset);
  subset->name = g_strdup (self->name);
  subset->source = g_strdup (self->source);
  subset->n = count;
  subset->rows = self->rows;
  subset->cols = self->cols;
  subset->channels = self->channels;
  subset->n_features = self->n_features;
  subset->n_classes = self->n_classes;
  subset->transposed = self->transposed;
  subset->pixels = self->pixels + (gsize) first * self->n_features;
  subset->labels = self->labels + first;
  subset->parent = seqgd_dataset_ref (self);

  return subset;
}

void
seqgd_dataset_fill_batch (const SeqgdDataset *self,
                          const guint        *indices,
                          guint               B,
                          float              *x,
                          guint8             *y)
{
  gsize F;

  g_return_if_fail (self != NULL);
  g_return_if_fail (indices != NULL || B == 0);
  g_return_if_fail (x != NULL || B == 0);

  F = self->n_features;
  for (guint b = 0; b < B; b++)
    {
      const guint8 *src;
      float *dst = x + b * F;

      g_return_if_fail (indices[b] < self->n);

      src = self->pixels + (gsize) indices[b] * F;
      for (gsize j = 0; j < F; j++)
        dst[j] = src[j] / 255.0f;
      if (y != NULL)
        y[b] = self->labels[indices[b]];
    }
}

const guint8 *
seqgd_dataset_get_image (const SeqgdDataset *self,
                         guint               i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->n, NULL);

  return self->pixels + (gsize) i * self->n_features;
}

guint
seqgd_dataset_get_label (const SeqgdDataset *self,
                         guint               i)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (i < self->n, 0);

  return self->labels[i];
}

void
seqgd_dataset_get_image_rgb (const SeqgdDataset *self,
                             guint               i,
                             guint8             *rgb)
{
  const guint8 *image;
  gsize plane;

  g_return_if_fail (self != NULL);
  g_return_if_fail (i < self->n);
  g_return_if_fail (rgb != NULL);

  image = seqgd_dataset_get_image (self, i);
  plane = (gsize) self->rows * self->cols;
  for (gsize p = 0; p < plane; p++)
    for (guint c = 0; c < 3; c++)
      {
        /* Grey images repeat their one channel; colour is channel-major. */
        guint channel = self->channels >= 3 ? c : 0;

        rgb[p * 3 + c] = image[channel * plane + p];
      }
}

/* Class names for the preview, by data set name. */
static const char * const fashion_classes[] = {
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
};

static const char * const cifar10_classes[] = {
  "airplane", "automobile", "bird", "cat", "deer",
  "dog", "frog", "horse", "ship", "truck",
};

static const char * const kmnist_classes[] = {
  "o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo",
};

/* EMNIST balanced and bymerge merge the lower-case letters that look
 * like their capitals; these 11 remain. */
static const char emnist_merged_lower[] = "abdefghnqrt";

static const char *
emnist_class_name (const char *name,
                   guint       label)
{
  static const char *symbols[62];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      static char storage[62][2];

      for (guint i = 0; i < 62; i++)
        {
          storage[i][0] = i < 10 ? '0' + i : i < 36 ? 'A' + i - 10 : 'a' + i - 36;
          symbols[i] = storage[i];
        }
      g_once_init_leave (&initialized, 1);
    }

  if (strstr (name, "Letters") != NULL)
    return label < 26 ? symbols[36 + label] : NULL;
  if (strstr (name, "Balanced") != NULL || strstr (name, "Bymerge") != NULL)
    {
      if (label < 36)
        return symbols[label];
      if (label < 47)
        return symbols[36 + (emnist_merged_lower[label - 36] - 'a')];
      return NULL;
    }

  return label < 62 ? symbols[label] : NULL;
}

const char *
seqgd_dataset_get_class_name (const SeqgdDataset *self,
                              guint               label)
{
  static const char * const digits[] = {
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
  };

  g_return_val_if_fail (self != NULL, NULL);

  if (label >= self->n_classes)
    return NULL;
  if (g_str_equal (self->name, "Fashion-MNIST"))
    return fashion_classes[label];
  if (g_str_equal (self->name, "CIFAR-10"))
    return cifar10_classes[label];
  if (g_str_equal (self->name, "KMNIST"))
    return kmnist_classes[label];
  if (g_str_has_prefix (self->name, "EMNIST"))
    return emnist_class_name (self->name, label);
  if (g_str_equal (self->name, "MNIST") && label < 10)
    return digits[label];

  return NULL;
}

/* Errors. */

static void
set_error (GError     **error,
           int          code,
           const char  *name,
           const char  *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
set_error (GError     **error,
           int          code,
           const char  *name,
           const char  *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SEQGD_DATASET_ERROR, code, "%s: %s", name, message);
}

/* Turns a read error into one that names the file and says what happened;
 * @done and @total count bytes of the (decompressed) file. */
static void
propagate_read_error (GError     **error,
                      GError      *local,
                      const char  *name,
                      guint64      done,
                      guint64      total)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
           total > 0 && done >= total)
    {
      set_error (error, SEQGD_DATASET_ERROR_TRUNCATED, name,
                 "compressed data ends before the gzip trailer, after all %"
                 G_GUINT64_FORMAT " bytes", done);
      g_error_free (local);
    }
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    {
      set_error (error, SEQGD_DATASET_ERROR_TRUNCATED, name,
                 "compressed data ends early, after %" G_GUINT64_FORMAT
                 " of %" G_GUINT64_FORMAT " bytes", done, total);
      g_error_free (local);
    }
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      set_error (error, SEQGD_DATASET_ERROR_FORMAT, name,
                 "corrupt gzip data after %" G_GUINT64_FORMAT " bytes (%s)",
                 done, local->message);
      g_error_free (local);
    }
  else
    {
      set_error (error, SEQGD_DATASET_ERROR_IO, name,
                 "could not be read: %s", local->message);
      g_error_free (local);
    }
}

static char *
format_limit (guint64 bytes)
{
  if (bytes % (G_GUINT64_CONSTANT (1) << 30) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " GiB", bytes >> 30);
  if (bytes % (G_GUINT64_CONSTANT (1) << 20) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", bytes >> 20);

  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
}

/* Streams. */

GInputStream *
_seqgd_open_maybe_gzip (GInputStream  *base,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  const guint8 *head;
  gsize available = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);

  buffered = g_buffered_input_stream_new (base);
  while ((available = g_buffered_input_stream_get_available (
                        G_BUFFERED_INPUT_STREAM (buffered))) < 2)
    {
      gssize n = g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered),
                                               2 - available, cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
    }

  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered),
                                              &available);
  if (available < 2 || head[0] != 0x1f || head[1] != 0x8b)
    return g_steal_pointer (&buffered);

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  return g_converter_input_stream_new (buffered, G_CONVERTER (decompressor));
}

GInputStream *
_seqgd_open_data_file (const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local = NULL;
  GInputStream *result;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, &local);
  if (stream == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        set_error (error, SEQGD_DATASET_ERROR_NOT_FOUND, path, "no such file");
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        set_error (error, SEQGD_DATASET_ERROR_IO, path,
                   "could not be opened: %s", local->message);
      return NULL;
    }

  result = _seqgd_open_maybe_gzip (G_INPUT_STREAM (stream), cancellable, &local);
  if (result == NULL)
    propagate_read_error (error, g_steal_pointer (&local), path, 0, 0);

  return result;
}

/* IDX. */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16)
         | ((guint32) p[2] << 8) | (guint32) p[3];
}

static gboolean
check_idx_magic (const guint8  magic[4],
                 const char   *name,
                 SeqgdIdxKind  kind,
                 GError      **error)
{
  guint n_dims = magic[3];

  if (magic[0] != 0 || magic[1] != 0)
    {
      set_error (error, SEQGD_DATASET_ERROR_FORMAT, name,
                 "not an IDX file (it starts with the bytes "
                 "%02x %02x %02x %02x)", magic[0], magic[1], magic[2], magic[3]);
      return FALSE;
    }
  if (magic[2] != 0x08)
    {
      set_error (error, SEQGD_DATASET_ERROR_FORMAT, name,
                 "IDX element type 0x%02x is not supported; only unsigned "
                 "bytes (0x08) are", magic[2]);
      return FALSE;
    }
  if (kind == SEQGD_IDX_IMAGES && n_dims != 3 && n_dims != 4)
    {
      set_error (error, SEQGD_DATASET_ERROR_FORMAT, name,
                 "magic number 0x%08x declares %u dimension%s, but an image "
                 "file has 3 (count, rows, columns), magic number 0x00000803",
                 read_be32 (magic), n_dims, n_dims == 1 ? "" : "s");
      return FALSE;
    }
  if (kind == SEQGD_IDX_LABELS && n_dims != 1)
    {
      set_error (error, SEQGD_DATASET_ERROR_FORMAT, name,
                 "magic number 0x%08x declares %u dimensions, but a label "
                 "file has 1, magic number 0x00000801",
                 read_be32 (magic), n_dims);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_idx_dims (const guint32   *dims,
                guint            n_dims,
                const char      *name,
                SeqgdIdxKind     kind,
                guint64          max_bytes,
                SeqgdIdxHeader  *header,
                GError         **error)
{
  guint64 total = 1;
  gboolean overflow = FALSE;

  for (guint d = 0; d < n_dims; d++)
    {
      if (dims[d] == 0)
        {
          set_error (error, SEQGD_DATASET_ERROR_FORMAT, name,
                     d == 0 ? "holds no examples (its count is 0)"
                            : "declares a dimension of size 0");
          return FALSE;
        }
      overflow = overflow || !g_uint64_checked_mul (&total, total, dims[d]);
    }

  if (overflow || total > max_bytes)
    {
      g_autofree char *limit = format_limit (max_bytes);

      if (kind == SEQGD_IDX_IMAGES)
        set_error (error, SEQGD_DATASET_ERROR_TOO_LARGE, name,
                   "declares %u images of %u × %u pixels, more than the "
                   "limit of %s", dims[0], dims[n_dims - 2], dims[n_dims - 1],
                   limit);
      else
        set_error (error, SEQGD_DATASET_ERROR_TOO_LARGE, name,
                   "declares %u labels, more than the limit of %s",
                   dims[0], limit);
      return FALSE;
    }

  header->n = dims[0];
  header->channels = n_dims == 4 ? dims[1] : 1;
  header->rows = kind == SEQGD_IDX_IMAGES ? dims[n_dims - 2] : 1;
  header->cols = kind == SEQGD_IDX_IMAGES ? dims[n_dims - 1] : 1;
  header->header_size = 4 + 4 * (guint64) n_dims;
  header->body_size = total;

  if (header->rows > SEQGD_DATASET_MAX_SIDE || header->cols > SEQGD_DATASET_MAX_SIDE)
    {
      set_error (error, SEQGD_DATASET_ERROR_TOO_LARGE, name,
                 "declares images of %u × %u pixels; at most %u × %u are "
                 "supported", header->rows, header->cols,
                 SEQGD_DATASET_MAX_SIDE, SEQGD_DATASET_MAX_SIDE);
      return FALSE;
    }
  if (header->channels > SEQGD_DATASET_MAX_CHANNELS)
    {
      set_error (error, SEQGD_DATASET_ERROR_FORMAT, name,
                 "declares %u channels per image; at most %u are supported",
                 header->channels, SEQGD_DATASET_MAX_CHANNELS);
      return FALSE;
    }

  return TRUE;
}

gboolean
_seqgd_idx_read_header (GInputStream    *stream,
                        const char      *name,
                        SeqgdIdxKind     kind,
                        guint64          max_bytes,
                        SeqgdIdxHeader  *header,
                        GCancellable    *cancellable,
                        GError         **error)
{
  guint8 magic[4];
  guint8 raw[16];
  guint32 dims[4] = { 0, 0, 0, 0 };
  guint n_dims;
  gsize got = 0;
  GError *local = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (header != NULL, FALSE);

  memset (header, 0, sizeof *header);

  if (!g_input_stream_read_all (stream, magic, sizeof magic, &got,
                                cancellable, &local))
    {
      propagate_read_error (error, local, name, got, sizeof magic);
      return FALSE;
    }
  if (got == 0)
    {
      set_error (error, SEQGD_DATASET_ERROR_TRUNCATED, name, "file is empty");
      return FALSE;
    }
  if (got < sizeof magic)
    {
      set_error (error, SEQGD_DATASET_ERROR_TRUNCATED, name,
                 "file ends inside its header, after %" G_GSIZE_FORMAT " bytes",
                 got);
      return FALSE;
    }
  if (!check_idx_magic (magic, name, kind, error))
    return FALSE;

  n_dims = magic[3];
  if (!g_input_stream_read_all (stream, raw, 4 * n_dims, &got,
                                cancellable, &local))
    {
      propagate_read_error (error, local, name, 4 + got, 4 + 4 * n_dims);
      return FALSE;
    }
  if (got < 4 * n_dims)
    {
      set_error (error, SEQGD_DATASET_ERROR_TRUNCATED, name,
                 "file ends inside its header, after %" G_GSIZE_FORMAT
                 " of %u bytes", 4 + got, 4 + 4 * n_dims);
      return FALSE;
    }

  for (guint d = 0; d < n_dims; d++)
    dims[d] = read_be32 (raw + 4 * d);

  return check_idx_dims (dims, n_dims, name, kind, max_bytes, header, error);
}

/* Reads @size bytes into a buffer that grows as they arrive. */
static guint8 *
read_body (GInputStream  *stream,
           const char    *name,
           guint64        offset,
           guint64        size,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree guint8 *buffer = NULL;
  gsize capacity = MIN (size, READ_CHUNK);
  gsize done = 0;

  g_assert (size <= G_MAXSIZE);

  buffer = g_malloc (capacity);
  while (done < size)
    {
      gsize want, got = 0;
      GError *local = NULL;

      if (done == capacity)
        {
          capacity = (gsize) MIN (size, (guint64) capacity * 2);
          buffer = g_realloc (buffer, capacity);
        }

      want = MIN (capacity - done, READ_CHUNK);
      if (!g_input_stream_read_all (stream, buffer + done, want, &got,
                                    cancellable, &local))
        {
          propagate_read_error (error, local, name, offset + done + got,
                                offset + size);
          return NULL;
        }
      done += got;
      if (got < want)
        {
          set_error (error, SEQGD_DATASET_ERROR_TRUNCATED, name,
                     "file ends after %" G_GUINT64_FORMAT " of %"
                     G_GUINT64_FORMAT " bytes", offset + done, offset + size);
          return NULL;
        }
    }

  return g_steal_pointer (&buffer);
}

/* Checks that @stream has nothing after the @expected bytes read so far.
 * For gzip this also reads the trailer, which verifies the CRC. */
static gboolean
check_stream_end (GInputStream  *stream,
                  const char    *name,
                  guint64        expected,
                  GCancellable  *cancellable,
                  GError       **error)
{
  const guint64 max_extra = MAX_TRAILING_COUNT;
  g_autofree guint8 *scratch = g_malloc (64 * 1024);
  guint64 extra = 0;

  for (;;)
    {
      GError *local = NULL;
      gssize n = g_input_stream_read (stream, scratch, 64 * 1024,
                                      cancellable, &local);

      if (n < 0)
        {
          propagate_read_error (error, local, name, expected + extra, expected);
          return FALSE;
        }
      if (n == 0 || extra + n > max_extra)
        {
          extra += n;
          break;
        }
      extra += n;
    }

  if (extra > 0)
    {
      set_error (error, SEQGD_DATASET_ERROR_FORMAT, name,
                 "has %s%" G_GUINT64_FORMAT " bytes after the %"
                 G_GUINT64_FORMAT " its header declares",
                 extra > max_extra ? "more than " : "",
                 extra > max_extra ? max_extra : extra, expected);
      return FALSE;
    }

  return TRUE;
}

gboolean
_seqgd_idx_read (GInputStream    *stream,
                 const char      *name,
                 SeqgdIdxKind     kind,
                 guint64          max_bytes,
                 SeqgdIdxHeader  *header,
                 guint8         **data,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autofree guint8 *body = NULL;

  g_return_val_if_fail (data != NULL, FALSE);

  if (!_seqgd_idx_read_header (stream, name, kind, max_bytes, header,
                               cancellable, error))
    return FALSE;

  body = read_body (stream, name, header->header_size, header->body_size,
                    cancellable, error);
  if (body == NULL)
    return FALSE;
  if (!check_stream_end (stream, name, header->header_size + header->body_size,
                         cancellable, error))
    return FALSE;

  *data = g_steal_pointer (&body);
  return TRUE;
}

/* EMNIST variants, their class counts and label offsets. */
typedef struct
{
  const char *variant;
  const char *display;
  guint       n_classes;
  guint       label_offset;
} EmnistVariant;

static const EmnistVariant emnist_variants[] = {
  { "mnist",    "EMNIST MNIST",    10, 0 },
  { "digits",   "EMNIST Digits",   10, 0 },
  { "balanced", "EMNIST Balanced", 47, 0 },
  { "letters",  "EMNIST Letters",  26, 1 },
  { "bymerge",  "EMNIST Bymerge",  47, 0 },
  { "byclass",  "EMNIST Byclass",  62, 0 },
};

static const EmnistVariant *
emnist_variant_for_name (const char *basename)
{
  g_autofree char *lower = g_ascii_strdown (basename, -1);

  for (guint i = 0; i < G_N_ELEMENTS (emnist_variants); i++)
    {
      g_autofree char *needle = g_strdup_printf ("emnist-%s-",
                                                 emnist_variants[i].variant);

      if (strstr (lower, needle) != NULL)
        return &emnist_variants[i];
    }

  return NULL;
}

/* EMNIST is recognised by its file names (emnist-letters-…) or by the
 * folders that name the data set (see _seqgd_dataset_name_for_path), not
 * by any folder further up. */
static gboolean
is_emnist_path (const char *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *lower = g_ascii_strdown (basename, -1);
  g_autofree char *folder = NULL;
  g_autofree char *folder_name = NULL;

  if (strstr (lower, "emnist") != NULL)
    return TRUE;

  folder = g_path_get_dirname (path);
  folder_name = _seqgd_dataset_name_for_path (folder);
  return g_str_equal (folder_name, "EMNIST");
}

void
_seqgd_idx_options_init (SeqgdIdxOptions *options,
                         const char      *path)
{
  g_autofree char *basename = NULL;
  const EmnistVariant *variant;

  g_return_if_fail (options != NULL);

  options->n_classes = 10;
  options->label_offset = 0;
  options->transposed = FALSE;
  options->max_bytes = SEQGD_DATASET_MAX_BYTES;
  if (path == NULL || !is_emnist_path (path))
    return;

  /* EMNIST keeps the images of NIST's column-major scans; an unknown
   * variant gets the widest class range. */
  options->transposed = TRUE;
  options->n_classes = 62;
  basename = g_path_get_basename (path);
  variant = emnist_variant_for_name (basename);
  if (variant != NULL)
    {
      options->n_classes = variant->n_classes;
      options->label_offset = variant->label_offset;
    }
}

static void
transpose_images (guint8 *pixels,
                  guint   n_planes,
                  guint   rows,
                  guint   cols)
{
  gsize plane = (gsize) rows * cols;
  g_autofree guint8 *scratch = g_malloc (plane);

  /* A stored plane is cols × rows, column by column. */
  for (guint k = 0; k < n_planes; k++)
    {
      guint8 *image = pixels + k * plane;

      for (guint r = 0; r < rows; r++)
        for (guint c = 0; c < cols; c++)
          scratch[(gsize) r * cols + c] = image[(gsize) c * rows + r];
      memcpy (image, scratch, plane);
    }
}

static gboolean
check_labels (guint8                *labels,
              guint                  n,
              const char            *name,
              const SeqgdIdxOptions *options,
              GError               **error)
{
  guint first = options->label_offset;
  guint last = options->label_offset + options->n_classes - 1;

  for (guint i = 0; i < n; i++)
    {
      if (labels[i] < first || labels[i] > last)
        {
          set_error (error, SEQGD_DATASET_ERROR_LABEL_RANGE, name,
                     "label %u of example %u is outside %u..%u",
                     labels[i], i, first, last);
          return FALSE;
        }
      labels[i] -= first;
    }

  return TRUE;
}

SeqgdDataset *
_seqgd_dataset_parse_idx (GInputStream          *images,
                          const char            *images_name,
                          GInputStream          *labels,
                          const char            *labels_name,
                          const SeqgdIdxOptions *options,
                          GCancellable          *cancellable,
                          GError               **error)
{
  SeqgdIdxHeader ih, lh;
  g_autofree guint8 *pixels = NULL;
  g_autofree guint8 *label_bytes = NULL;
  SeqgdDataset *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (images), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (labels), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->n_classes > 0, NULL);
  g_return_val_if_fail (options->label_offset + options->n_classes <= 256, NULL);

  /* Both headers first, so that disagreeing files cost no allocation. */
  if (!_seqgd_idx_read_header (images, images_name, SEQGD_IDX_IMAGES,
                               options->max_bytes, &ih, cancellable, error))
    return NULL;
  if (!_seqgd_idx_read_header (labels, labels_name, SEQGD_IDX_LABELS,
                               options->max_bytes, &lh, cancellable, error))
    return NULL;
  if (ih.n != lh.n)
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_MISMATCH,
                   "%s holds %u images but %s holds %u labels",
                   images_name, ih.n, labels_name, lh.n);
      return NULL;
    }

  pixels = read_body (images, images_name, ih.header_size, ih.body_size,
                      cancellable, error);
  if (pixels == NULL ||
      !check_stream_end (images, images_name, ih.header_size + ih.body_size,
                         cancellable, error))
    return NULL;

  label_bytes = read_body (labels, labels_name, lh.header_size, lh.body_size,
                           cancellable, error);
  if (label_bytes == NULL ||
      !check_stream_end (labels, labels_name, lh.header_size + lh.body_size,
                         cancellable, error))
    return NULL;
  if (!check_labels (label_bytes, lh.n, labels_name, options, error))
    return NULL;

  if (options->transposed)
    transpose_images (pixels, ih.n * ih.channels, ih.rows, ih.cols);

  self = seqgd_dataset_new_take (NULL, ih.n, ih.rows, ih.cols, ih.channels,
                                 options->n_classes,
                                 g_steal_pointer (&pixels),
                                 g_steal_pointer (&label_bytes));
  self->transposed = options->transposed;
  return self;
}

/* Names. */

static const char *
known_name_for_component (const char *component)
{
  g_autofree char *lower = g_ascii_strdown (component, -1);

  if (strstr (lower, "fashion") != NULL)
    return "Fashion-MNIST";
  if (strstr (lower, "kmnist") != NULL || strstr (lower, "kuzushiji") != NULL)
    return "KMNIST";
  if (strstr (lower, "emnist") != NULL)
    return "EMNIST";
  if (strstr (lower, "cifar") != NULL)
    return "CIFAR-10";
  if (strstr (lower, "mnist") != NULL)
    return "MNIST";

  return NULL;
}

static gboolean
is_layout_component (const char *component)
{
  return *component == '\0' || g_str_equal (component, ".")
         || g_ascii_strcasecmp (component, "raw") == 0
         || g_ascii_strcasecmp (component, "processed") == 0;
}

char *
_seqgd_dataset_name_for_path (const char *path)
{
  g_auto(GStrv) parts = NULL;
  const char *fallback = NULL;
  guint n_parts, looked = 0;

  g_return_val_if_fail (path != NULL, NULL);

  /* The two innermost meaningful folder names decide; further up, a
   * folder called "mnist-work" says nothing about what lies below. */
  parts = g_strsplit (path, G_DIR_SEPARATOR_S, -1);
  n_parts = g_strv_length (parts);
  for (guint i = n_parts; i > 0 && looked < 2; i--)
    {
      const char *component = parts[i - 1];
      const char *known;

      if (is_layout_component (component))
        continue;
      if ((known = known_name_for_component (component)) != NULL)
        return g_strdup (known);
      if (fallback == NULL)
        fallback = component;
      looked++;
    }

  return g_strdup (fallback != NULL ? fallback : path);
}

SeqgdDataset *
seqgd_dataset_load_idx (const char    *images_path,
                        const char    *labels_path,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GInputStream) images = NULL;
  g_autoptr(GInputStream) labels = NULL;
  g_autofree char *folder = NULL;
  SeqgdIdxOptions options;
  SeqgdDataset *self;

  g_return_val_if_fail (images_path != NULL, NULL);
  g_return_val_if_fail (labels_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  images = _seqgd_open_data_file (images_path, cancellable, error);
  if (images == NULL)
    return NULL;
  labels = _seqgd_open_data_file (labels_path, cancellable, error);
  if (labels == NULL)
    return NULL;

  _seqgd_idx_options_init (&options, images_path);
  self = _seqgd_dataset_parse_idx (images, images_path, labels, labels_path,
                                   &options, cancellable, error);
  if (self == NULL)
    return NULL;

  folder = g_path_get_dirname (images_path);
  g_free (self->name);
  self->name = _seqgd_dataset_name_for_path (folder);
  if (options.transposed)
    {
      g_autofree char *basename = g_path_get_basename (images_path);
      const EmnistVariant *variant = emnist_variant_for_name (basename);

      g_free (self->name);
      self->name = g_strdup (variant != NULL ? variant->display : "EMNIST");
    }
  self->source = g_strdup (images_path);

  return self;
}

/* CIFAR-10. */

/* Appends the records of one batch to @pixels and @labels. */
static gboolean
read_cifar10_stream (GInputStream  *stream,
                     const char    *name,
                     guint64        max_bytes,
                     GByteArray    *pixels,
                     GByteArray    *labels,
                     GCancellable  *cancellable,
                     GError       **error)
{
  guint8 record[CIFAR_RECORD];
  guint64 records = 0;

  for (;;)
    {
      gsize got = 0;
      GError *local = NULL;

      if (!g_input_stream_read_all (stream, record, CIFAR_RECORD, &got,
                                    cancellable, &local))
        {
          propagate_read_error (error, local, name, records * CIFAR_RECORD + got, 0);
          return FALSE;
        }
      if (got == 0)
        break;

      if (got < CIFAR_RECORD)
        {
          set_error (error, SEQGD_DATASET_ERROR_TRUNCATED, name,
                     "file ends inside record %" G_GUINT64_FORMAT ": its "
                     "length, %" G_GUINT64_FORMAT " bytes, is not a multiple "
                     "of %u", records + 1, records * CIFAR_RECORD + got,
                     CIFAR_RECORD);
          return FALSE;
        }
      if (record[0] >= 10)
        {
          set_error (error, SEQGD_DATASET_ERROR_LABEL_RANGE, name,
                     "label %u of record %" G_GUINT64_FORMAT " is outside 0..9",
                     record[0], records + 1);
          return FALSE;
        }
      if ((guint64) pixels->len + CIFAR_PIXELS > max_bytes)
        {
          g_autofree char *limit = format_limit (max_bytes);

          set_error (error, SEQGD_DATASET_ERROR_TOO_LARGE, name,
                     "holds more images than the limit of %s", limit);
          return FALSE;
        }

      g_byte_array_append (labels, record, 1);
      g_byte_array_append (pixels, record + 1, CIFAR_PIXELS);
      records++;
    }

  if (records == 0)
    {
      set_error (error, SEQGD_DATASET_ERROR_TRUNCATED, name, "file is empty");
      return FALSE;
    }

  return TRUE;
}

SeqgdDataset *
_seqgd_dataset_parse_cifar10 (GInputStream **streams,
                              const char   **names,
                              guint          n_streams,
                              guint64        max_bytes,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GByteArray) pixels = g_byte_array_new ();
  g_autoptr(GByteArray) labels = g_byte_array_new ();
  guint n;

  g_return_val_if_fail (streams != NULL && names != NULL, NULL);
  g_return_val_if_fail (n_streams > 0, NULL);

  for (guint s = 0; s < n_streams; s++)
    if (!read_cifar10_stream (streams[s], names[s], max_bytes, pixels, labels,
                              cancellable, error))
      return NULL;

  n = labels->len;
  return seqgd_dataset_new_take ("CIFAR-10", n, CIFAR_SIDE, CIFAR_SIDE, 3, 10,
                                 g_byte_array_free (g_steal_pointer (&pixels), FALSE),
                                 g_byte_array_free (g_steal_pointer (&labels), FALSE));
}

static SeqgdDataset *
load_cifar10 (char * const  *paths,
              guint          n_paths,
              const char    *folder,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func (g_object_unref);
  SeqgdDataset *self;

  for (guint i = 0; i < n_paths; i++)
    {
      GInputStream *stream = _seqgd_open_data_file (paths[i], cancellable, error);

      if (stream == NULL)
        return NULL;
      g_ptr_array_add (streams, stream);
    }

  self = _seqgd_dataset_parse_cifar10 ((GInputStream **) streams->pdata,
                                       (const char **) paths, n_paths,
                                       SEQGD_DATASET_MAX_BYTES,
                                       cancellable, error);
  if (self != NULL)
    self->source = g_strdup (folder);

  return self;
}

/* Folders. */

static char *
find_file (const char *folder,
           const char *basename)
{
  g_autofree char *plain = g_build_filename (folder, basename, NULL);
  g_autofree char *gz = g_strconcat (plain, ".gz", NULL);

  /* The uncompressed copy is preferred: it reads faster. */
  if (g_file_test (plain, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&plain);
  if (g_file_test (gz, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&gz);

  return NULL;
}

static gboolean
find_idx_here (const char  *folder,
               const char  *prefix,
               SeqgdLayout *layout)
{
  g_autofree char *train_images = g_strdup_printf ("%strain-images-idx3-ubyte", prefix);
  g_autofree char *train_labels = g_strdup_printf ("%strain-labels-idx1-ubyte", prefix);
  g_autofree char *test_images = g_strdup_printf ("%st10k-images-idx3-ubyte", prefix);
  g_autofree char *test_labels = g_strdup_printf ("%st10k-labels-idx1-ubyte", prefix);
  g_autofree char *emnist_test_images = g_strdup_printf ("%stest-images-idx3-ubyte", prefix);
  g_autofree char *emnist_test_labels = g_strdup_printf ("%stest-labels-idx1-ubyte", prefix);

  layout->train_images = find_file (folder, train_images);
  layout->train_labels = find_file (folder, train_labels);
  layout->test_images = find_file (folder, test_images);
  layout->test_labels = find_file (folder, test_labels);

  /* EMNIST calls its test files "test", not "t10k". */
  if (layout->test_images == NULL && layout->test_labels == NULL)
    {
      layout->test_images = find_file (folder, emnist_test_images);
      layout->test_labels = find_file (folder, emnist_test_labels);
    }

  if (layout->train_images == NULL && layout->test_images == NULL)
    {
      g_clear_pointer (&layout->train_labels, g_free);
      g_clear_pointer (&layout->test_labels, g_free);
      return FALSE;
    }

  layout->kind = SEQGD_LAYOUT_IDX;
  return TRUE;
}

static gboolean
find_cifar10_here (const char  *folder,
                   SeqgdLayout *layout)
{
  guint n = 0;

  for (guint i = 1; i <= SEQGD_CIFAR10_MAX_TRAIN_BATCHES; i++)
    {
      g_autofree char *basename = g_strdup_printf ("data_batch_%u.bin", i);
      char *path = find_file (folder, basename);

      if (path == NULL)
        continue;
      layout->cifar_train[n++] = path;
    }
  layout->cifar_test = find_file (folder, "test_batch.bin");

  if (n == 0 && layout->cifar_test == NULL)
    return FALSE;

  layout->kind = SEQGD_LAYOUT_CIFAR10;
  layout->name = g_strdup ("CIFAR-10");
  return TRUE;
}

gboolean
_seqgd_layout_find_here (const char  *folder,
                         SeqgdLayout *layout)
{
  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (layout != NULL, FALSE);

  memset (layout, 0, sizeof *layout);
  layout->folder = g_strdup (folder);

  if (find_idx_here (folder, "", layout))
    {
      _seqgd_idx_options_init (&layout->options,
                               layout->train_images != NULL
                               ? layout->train_images : layout->test_images);
      layout->name = _seqgd_dataset_name_for_path (folder);
      return TRUE;
    }

  /* EMNIST: the variant closest to MNIST comes first. */
  for (guint i = 0; i < G_N_ELEMENTS (emnist_variants); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("emnist-%s-",
                                                 emnist_variants[i].variant);

      if (find_idx_here (folder, prefix, layout))
        {
          _seqgd_idx_options_init (&layout->options,
                                   layout->train_images != NULL
                                   ? layout->train_images : layout->test_images);
          layout->name = g_strdup (emnist_variants[i].display);
          return TRUE;
        }
    }

  if (find_cifar10_here (folder, layout))
    return TRUE;

  g_clear_pointer (&layout->folder, g_free);
  return FALSE;
}

const char * const *
_seqgd_layout_subfolders (void)
{
  static const char * const subfolders[] = {
    "MNIST" G_DIR_SEPARATOR_S "raw",
    "FashionMNIST" G_DIR_SEPARATOR_S "raw",
    "KMNIST" G_DIR_SEPARATOR_S "raw",
    "EMNIST" G_DIR_SEPARATOR_S "raw",
    "raw",
    "cifar-10-batches-bin",
    NULL
  };

  return subfolders;
}

gboolean
_seqgd_layout_find (const char  *folder,
                    SeqgdLayout *layout)
{
  const char * const *subfolders = _seqgd_layout_subfolders ();

  g_return_val_if_fail (folder != NULL, FALSE);

  if (_seqgd_layout_find_here (folder, layout))
    return TRUE;

  for (guint i = 0; subfolders[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (folder, subfolders[i], NULL);

      if (_seqgd_layout_find_here (path, layout))
        return TRUE;
    }

  return FALSE;
}

void
_seqgd_layout_clear (SeqgdLayout *layout)
{
  g_return_if_fail (layout != NULL);

  g_free (layout->folder);
  g_free (layout->name);
  g_free (layout->train_images);
  g_free (layout->train_labels);
  g_free (layout->test_images);
  g_free (layout->test_labels);
  for (guint i = 0; layout->cifar_train[i] != NULL; i++)
    g_free (layout->cifar_train[i]);
  g_free (layout->cifar_test);
  memset (layout, 0, sizeof *layout);
}

static SeqgdDataset *
load_idx_pair (const SeqgdLayout *layout,
               const char        *images_path,
               const char        *labels_path,
               const char        *what,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(GInputStream) images = NULL;
  g_autoptr(GInputStream) labels = NULL;
  SeqgdDataset *self;

  if (labels_path == NULL)
    {
      set_error (error, SEQGD_DATASET_ERROR_NOT_FOUND, images_path,
                 "found, but not the matching %s labels file", what);
      return NULL;
    }

  images = _seqgd_open_data_file (images_path, cancellable, error);
  if (images == NULL)
    return NULL;
  labels = _seqgd_open_data_file (labels_path, cancellable, error);
  if (labels == NULL)
    return NULL;

  self = _seqgd_dataset_parse_idx (images, images_path, labels, labels_path,
                                   &layout->options, cancellable, error);
  if (self == NULL)
    return NULL;

  g_free (self->name);
  self->name = g_strdup (layout->name);
  self->source = g_strdup (layout->folder);
  return self;
}

static gboolean
load_layout (const SeqgdLayout  *layout,
             SeqgdDataset      **train,
             SeqgdDataset      **test,
             GCancellable       *cancellable,
             GError            **error)
{
  if (layout->kind == SEQGD_LAYOUT_CIFAR10)
    {
      if (layout->cifar_train[0] == NULL)
        {
          set_error (error, SEQGD_DATASET_ERROR_NOT_FOUND, layout->folder,
                     "has the CIFAR-10 test batch but no training batch "
                     "(data_batch_1.bin …)");
          return FALSE;
        }
      *train = load_cifar10 ((char * const *) layout->cifar_train,
                             g_strv_length ((char **) layout->cifar_train),
                             layout->folder, cancellable, error);
      if (*train == NULL)
        return FALSE;
      if (layout->cifar_test != NULL)
        *test = load_cifar10 ((char * const *) &layout->cifar_test, 1,
                              layout->folder, cancellable, error);
      return layout->cifar_test == NULL || *test != NULL;
    }

  if (layout->train_images == NULL)
    {
      set_error (error, SEQGD_DATASET_ERROR_NOT_FOUND, layout->folder,
                 "has a test set but no training images "
                 "(train-images-idx3-ubyte or train-images-idx3-ubyte.gz)");
      return FALSE;
    }

  *train = load_idx_pair (layout, layout->train_images, layout->train_labels,
                          "training", cancellable, error);
  if (*train == NULL)
    return FALSE;
  if (layout->test_images == NULL)
    return TRUE;

  *test = load_idx_pair (layout, layout->test_images, layout->test_labels,
                         "test", cancellable, error);
  return *test != NULL;
}

gboolean
seqgd_dataset_load_folder (const char     *folder,
                           SeqgdDataset  **train,
                           SeqgdDataset  **test,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_auto(SeqgdLayout) layout = { 0 };
  g_autoptr(SeqgdDataset) train_set = NULL;
  g_autoptr(SeqgdDataset) test_set = NULL;

  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (train != NULL, FALSE);
  g_return_val_if_fail (test != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      set_error (error, SEQGD_DATASET_ERROR_NOT_FOUND, folder, "no such folder");
      return FALSE;
    }
  if (!_seqgd_layout_find (folder, &layout))
    {
      set_error (error, SEQGD_DATASET_ERROR_NOT_FOUND, folder,
                 "no data set found: expected train-images-idx3-ubyte[.gz] and "
                 "train-labels-idx1-ubyte[.gz] (also under MNIST/raw/), or "
                 "CIFAR-10's data_batch_1.bin");
      return FALSE;
    }

  if (!load_layout (&layout, &train_set, &test_set, cancellable, error))
    return FALSE;

  if (test_set != NULL &&
      (test_set->rows != train_set->rows || test_set->cols != train_set->cols ||
       test_set->channels != train_set->channels))
    {
      set_error (error, SEQGD_DATASET_ERROR_MISMATCH, folder,
                 "test images are %u × %u × %u but training images %u × %u × %u",
                 test_set->channels, test_set->rows, test_set->cols,
                 train_set->channels, train_set->rows, train_set->cols);
      return FALSE;
    }

  *train = g_steal_pointer (&train_set);
  *test = g_steal_pointer (&test_set);
  return TRUE;
}

typedef struct
{
  SeqgdDataset *train;
  SeqgdDataset *test;
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_pointer (&result->train, seqgd_dataset_unref);
  g_clear_pointer (&result->test, seqgd_dataset_unref);
  g_free (result);
}

static void
load_folder_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *folder = task_data;
  LoadResult *result = g_new0 (LoadResult, 1);
  GError *error = NULL;

  if (seqgd_dataset_load_folder (folder, &result->train, &result->test,
                                 cancellable, &error))
    g_task_return_pointer (task, result, load_result_free);
  else
    {
      load_result_free (result);
      g_task_return_error (task, error);
    }
}

void
seqgd_dataset_load_folder_async (const char          *folder,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (folder != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, seqgd_dataset_load_folder_async);
  g_task_set_task_data (task, g_strdup (folder), g_free);
  g_task_run_in_thread (task, load_folder_thread);
}

gboolean
seqgd_dataset_load_folder_finish (GAsyncResult  *result,
                                  SeqgdDataset **train,
                                  SeqgdDataset **test,
                                  GError       **error)
{
  LoadResult *loaded;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        seqgd_dataset_load_folder_async, FALSE);
  g_return_val_if_fail (train != NULL && test != NULL, FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  *train = g_steal_pointer (&loaded->train);
  *test = g_steal_pointer (&loaded->test);
  load_result_free (loaded);
  return TRUE;
}

/* Writing. */

static void
write_be32 (guint8  *p,
            guint32  value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

/* Writes @header then @body to a new file beside @path and renames it
 * over @path only when everything was written. */
static gboolean
write_atomically (const char    *path,
                  const guint8  *header,
                  gsize          header_size,
                  const guint8  *body,
                  gsize          body_size,
                  GError       **error)
{
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GFileOutputStream) file_stream = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *temp_path = NULL;

  for (guint attempt = 0; file_stream == NULL && attempt < 100; attempt++)
    {
      g_clear_error (&local);
      g_clear_object (&temp);
      g_free (temp_path);
      temp_path = g_strdup_printf ("%s.%08x.part", path, g_random_int ());
      temp = g_file_new_for_path (temp_path);
      file_stream = g_file_create (temp, G_FILE_CREATE_NONE, NULL, &local);
      if (file_stream == NULL &&
          !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        break;
    }
  if (file_stream == NULL)
    {
      g_set_error (error, G_IO_ERROR, local->code, "%s: could not be written: %s",
                   path, local->message);
      return FALSE;
    }

  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GZlibCompressor) compressor =
        g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);

      stream = g_converter_output_stream_new (G_OUTPUT_STREAM (file_stream),
                                              G_CONVERTER (compressor));
    }
  else
    stream = g_object_ref (G_OUTPUT_STREAM (file_stream));

  if (!g_output_stream_write_all (stream, header, header_size, NULL, NULL, &local) ||
      (body_size > 0 &&
       !g_output_stream_write_all (stream, body, body_size, NULL, NULL, &local)) ||
      !g_output_stream_close (stream, NULL, &local) ||
      !g_output_stream_close (G_OUTPUT_STREAM (file_stream), NULL, &local) ||
      !g_file_move (temp, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local))
    {
      g_file_delete (temp, NULL, NULL);
      g_set_error (error, G_IO_ERROR, local->code, "%s: could not be written: %s",
                   path, local->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
seqgd_dataset_save_idx (const SeqgdDataset *self,
                        const char         *images_path,
                        const char         *labels_path,
                        GError            **error)
{
  guint8 header[20];
  gsize header_size;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (images_path != NULL, FALSE);
  g_return_val_if_fail (labels_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Colour images are written with a channel dimension (magic 0x0804). */
  header_size = 0;
  write_be32 (header, self->channels > 1 ? 0x00000804 : 0x00000803);
  write_be32 (header + 4, self->n);
  header_size = 8;
  if (self->channels > 1)
    {
      write_be32 (header + header_size, self->channels);
      header_size += 4;
    }
  write_be32 (header + header_size, self->rows);
  write_be32 (header + header_size + 4, self->cols);
  header_size += 8;

  if (!write_atomically (images_path, header, header_size, self->pixels,
                         (gsize) self->n * self->n_features, error))
    return FALSE;

  write_be32 (header, 0x00000801);
  write_be32 (header + 4, self->n);
  return write_atomically (labels_path, header, 8, self->labels, self->n, error);
}
