/* seqgd-sources.c — the data sets found on this machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A source is described from its file headers alone: counts and image
 * size come from the IDX headers (through gzip when compressed, which
 * costs a few bytes of inflation), CIFAR-10 counts from the file lengths.
 * A source whose headers are wrong is still listed, with the reason, so a
 * damaged download is reported instead of silently skipped.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "seqgd-dataset-private.h"
#include "seqgd-sources.h"

#define SYSTEM_DATASETS_DIR "/usr/share/datasets"

G_DEFINE_BOXED_TYPE (SeqgdSource, seqgd_source, seqgd_source_copy, seqgd_source_free)

SeqgdSource *
seqgd_source_copy (const SeqgdSource *source)
{
  SeqgdSource *copy;

  g_return_val_if_fail (source != NULL, NULL);

  copy = g_memdup2 (source, sizeof *source);
  copy->name = g_strdup (source->name);
  copy->folder = g_strdup (source->folder);
  copy->problem = g_strdup (source->problem);

  return copy;
}

void
seqgd_source_free (SeqgdSource *source)
{
  if (source == NULL)
    return;

  g_free (source->name);
  g_free (source->folder);
  g_free (source->problem);
  g_free (source);
}

char *
seqgd_source_describe (const SeqgdSource *source)
{
  g_autofree char *size = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  if (source->problem != NULL)
    return g_strdup_printf ("%s — unusable: %s", source->name, source->problem);

  size = g_format_size (source->size);
  if (source->n_test > 0)
    return g_strdup_printf ("%s — %u training and %u test images of %u × %u%s, "
                            "%s, %s", source->name, source->n_train,
                            source->n_test, source->rows, source->cols,
                            source->channels == 3 ? " colour" : "", size,
                            source->folder);

  return g_strdup_printf ("%s — %u training images of %u × %u%s, no test set, "
                          "%s, %s", source->name, source->n_train, source->rows,
                          source->cols, source->channels == 3 ? " colour" : "",
                          size, source->folder);
}

char *
seqgd_sources_get_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "seqgd", NULL);
}

char *
seqgd_sources_get_mnist_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "seqgd", "mnist", NULL);
}

/* Probing. */

static guint64
file_size (const char *path)
{
  GStatBuf buf;

  if (path == NULL || g_stat (path, &buf) != 0)
    return 0;

  return buf.st_size;
}

static gboolean
probe_idx_pair (const char      *images,
                const char      *labels,
                SeqgdIdxHeader  *header,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autoptr(GInputStream) image_stream = NULL;
  g_autoptr(GInputStream) label_stream = NULL;
  SeqgdIdxHeader label_header;

  if (labels == NULL)
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND,
                   "%s: found, but not its labels file", images);
      return FALSE;
    }

  image_stream = _seqgd_open_data_file (images, cancellable, error);
  if (image_stream == NULL ||
      !_seqgd_idx_read_header (image_stream, images, SEQGD_IDX_IMAGES,
                               SEQGD_DATASET_MAX_BYTES, header, cancellable, error))
    return FALSE;

  label_stream = _seqgd_open_data_file (labels, cancellable, error);
  if (label_stream == NULL ||
      !_seqgd_idx_read_header (label_stream, labels, SEQGD_IDX_LABELS,
                               SEQGD_DATASET_MAX_BYTES, &label_header,
                               cancellable, error))
    return FALSE;

  if (label_header.n != header->n)
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_MISMATCH,
                   "%s holds %u images but %s holds %u labels",
                   images, header->n, labels, label_header.n);
      return FALSE;
    }

  return TRUE;
}

/* Counts the records of a CIFAR-10 batch from its length. */
static gboolean
probe_cifar10_file (const char    *path,
                    guint         *n,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GInputStream) stream = _seqgd_open_data_file (path, cancellable, error);
  const guint64 record = 1 + 3 * 32 * 32;
  guint64 length = 0;

  if (stream == NULL)
    return FALSE;

  /* Skipping seeks in plain files and inflates compressed ones. */
  for (;;)
    {
      gssize skipped = g_input_stream_skip (stream, 1 << 24, cancellable, error);

      if (skipped < 0)
        return FALSE;
      if (skipped == 0)
        break;
      length += skipped;
    }

  if (length == 0 || length % record != 0)
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_TRUNCATED,
                   "%s: its length, %" G_GUINT64_FORMAT " bytes, is not a "
                   "whole number of %" G_GUINT64_FORMAT "-byte records",
                   path, length, record);
      return FALSE;
    }

  *n += length / record;
  return TRUE;
}

static gboolean
probe_cifar10 (const SeqgdLayout  *layout,
               SeqgdSource        *source,
               GCancellable       *cancellable,
               GError            **error)
{
  if (layout->cifar_train[0] == NULL)
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND,
                   "%s: has the CIFAR-10 test batch but no training batch",
                   layout->folder);
      return FALSE;
    }

  for (guint i = 0; layout->cifar_train[i] != NULL; i++)
    {
      if (!probe_cifar10_file (layout->cifar_train[i], &source->n_train,
                               cancellable, error))
        return FALSE;
      source->size += file_size (layout->cifar_train[i]);
    }
  if (layout->cifar_test != NULL &&
      !probe_cifar10_file (layout->cifar_test, &source->n_test, cancellable, error))
    return FALSE;

  source->size += file_size (layout->cifar_test);
  source->rows = source->cols = 32;
  source->channels = 3;
  return TRUE;
}

static gboolean
probe_idx (const SeqgdLayout  *layout,
           SeqgdSource        *source,
           GCancellable       *cancellable,
           GError            **error)
{
  SeqgdIdxHeader train, test;

  if (layout->train_images == NULL)
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND,
                   "%s: has a test set but no training images", layout->folder);
      return FALSE;
    }

  if (!probe_idx_pair (layout->train_images, layout->train_labels, &train,
                       cancellable, error))
    return FALSE;
  source->n_train = train.n;
  source->rows = train.rows;
  source->cols = train.cols;
  source->channels = train.channels;
  source->size = file_size (layout->train_images) + file_size (layout->train_labels);

  if (layout->test_images == NULL)
    return TRUE;
  if (!probe_idx_pair (layout->test_images, layout->test_labels, &test,
                       cancellable, error))
    return FALSE;
  if (test.rows != train.rows || test.cols != train.cols ||
      test.channels != train.channels)
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_MISMATCH,
                   "%s: test images are %u × %u but training images %u × %u",
                   layout->folder, test.rows, test.cols, train.rows, train.cols);
      return FALSE;
    }
  source->n_test = test.n;
  source->size += file_size (layout->test_images) + file_size (layout->test_labels);

  return TRUE;
}

static SeqgdSource *
probe_layout (const SeqgdLayout *layout,
              SeqgdSourceOrigin  origin,
              GCancellable      *cancellable)
{
  g_autoptr(SeqgdSource) source = g_new0 (SeqgdSource, 1);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  source->name = g_strdup (layout->name);
  source->folder = g_strdup (layout->folder);
  source->origin = origin;

  if (layout->kind == SEQGD_LAYOUT_CIFAR10)
    ok = probe_cifar10 (layout, source, cancellable, &error);
  else
    ok = probe_idx (layout, source, cancellable, &error);

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return NULL;
      source->problem = g_strdup (error->message);
      source->n_train = source->n_test = 0;
    }

  return g_steal_pointer (&source);
}

SeqgdSource *
seqgd_sources_probe (const char         *folder,
                     SeqgdSourceOrigin   origin,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_auto(SeqgdLayout) layout = { 0 };
  SeqgdSource *source;

  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND,
                   "%s: no such folder", folder);
      return NULL;
    }
  if (!_seqgd_layout_find (folder, &layout))
    {
      g_set_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND,
                   "%s: no data set found", folder);
      return NULL;
    }

  source = probe_layout (&layout, origin, cancellable);
  if (source == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         "Operation was cancelled");

  return source;
}

/* Discovery. */

typedef struct
{
  GPtrArray    *sources;
  GHashTable   *seen;   /* canonical folders already looked at */
  GCancellable *cancellable;
} Discovery;

static void
look_here (Discovery         *discovery,
           const char        *folder,
           SeqgdSourceOrigin  origin)
{
  g_autofree char *canonical = g_canonicalize_filename (folder, NULL);
  g_auto(SeqgdLayout) layout = { 0 };
  SeqgdSource *source;

  if (g_hash_table_contains (discovery->seen, canonical))
    return;
  g_hash_table_add (discovery->seen, g_strdup (canonical));

  if (g_cancellable_is_cancelled (discovery->cancellable) ||
      !_seqgd_layout_find_here (canonical, &layout))
    return;

  source = probe_layout (&layout, origin, discovery->cancellable);
  if (source != NULL)
    g_ptr_array_add (discovery->sources, source);
}

/* @folder itself and the torchvision subfolders below it. */
static void
look_in_tree (Discovery         *discovery,
              const char        *folder,
              SeqgdSourceOrigin  origin)
{
  const char * const *subfolders = _seqgd_layout_subfolders ();

  look_here (discovery, folder, origin);
  for (guint i = 0; subfolders[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (folder, subfolders[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        look_here (discovery, path, origin);
    }
}

/* Each child folder of @parent, sorted, as a tree. */
static void
look_in_children (Discovery         *discovery,
                  const char        *parent,
                  SeqgdSourceOrigin  origin)
{
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (parent, names->pdata[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        look_in_tree (discovery, path, origin);
    }
}

GPtrArray *
seqgd_sources_discover (const char * const *extra_folders,
                        GCancellable       *cancellable)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                       g_free, NULL);
  g_autofree char *mnist = seqgd_sources_get_mnist_cache_dir ();
  g_autofree char *cache = seqgd_sources_get_cache_dir ();
  Discovery discovery = {
    .sources = g_ptr_array_new_with_free_func ((GDestroyNotify) seqgd_source_free),
    .seen = seen,
    .cancellable = cancellable,
  };

  /* Downloads first, MNIST before anything else there. */
  look_here (&discovery, mnist, SEQGD_SOURCE_CACHE);
  look_in_children (&discovery, cache, SEQGD_SOURCE_CACHE);

  for (guint i = 0; extra_folders != NULL && extra_folders[i] != NULL; i++)
    look_in_tree (&discovery, extra_folders[i], SEQGD_SOURCE_USER);

  look_here (&discovery, SEQGD_SOURCES_SYSTEM_FASHION_MNIST, SEQGD_SOURCE_SYSTEM);
  look_in_children (&discovery, SYSTEM_DATASETS_DIR, SEQGD_SOURCE_SYSTEM);

  return discovery.sources;
}

static void
discover_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  const char * const *extra_folders = task_data;
  GPtrArray *sources = seqgd_sources_discover (extra_folders, cancellable);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_ptr_array_unref (sources);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Operation was cancelled");
      return;
    }

  g_task_return_pointer (task, sources, (GDestroyNotify) g_ptr_array_unref);
}

void
seqgd_sources_discover_async (const char * const  *extra_folders,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, seqgd_sources_discover_async);
  g_task_set_task_data (task, g_strdupv ((char **) extra_folders),
                        (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, discover_thread);
}

GPtrArray *
seqgd_sources_discover_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        seqgd_sources_discover_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
is_usable (const SeqgdSource *source)
{
  return source != NULL && source->problem == NULL && source->n_train > 0;
}

char *
seqgd_sources_find_default_folder (void)
{
  return seqgd_sources_find_default_folder_full (NULL);
}

char *
seqgd_sources_find_default_folder_full (const char * const *extra_folders)
{
  const char *override = g_getenv (SEQGD_SOURCES_ENV_DATA_DIR);
  g_autofree char *mnist = NULL;
  g_autoptr(SeqgdSource) cached = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  mnist = seqgd_sources_get_mnist_cache_dir ();
  if (g_file_test (mnist, G_FILE_TEST_IS_DIR))
    {
      cached = seqgd_sources_probe (mnist, SEQGD_SOURCE_CACHE, NULL, NULL);
      if (is_usable (cached))
        return g_strdup (cached->folder);
    }

  /* MNIST anywhere, else whatever comes first: the folders the caller
   * names count as much as the cache, or a window listing MNIST from a
   * folder used before would load whatever else is installed. */
  sources = seqgd_sources_discover (extra_folders, NULL);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < sources->len; i++)
      {
        const SeqgdSource *source = g_ptr_array_index (sources, i);

        if (is_usable (source) && (pass == 1 || g_str_equal (source->name, "MNIST")))
          return g_strdup (source->folder);
      }

  return NULL;
}
