/* test-sources.c — discovery of data sets on this machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache is a private temporary folder, emptied before each test.
 * The system's Fashion-MNIST may or may not be there; checks that depend
 * on it say so.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "seqgd-sources.h"
#include "seqgd-test-data.h"

static char *
make_mnist_cache (guint n_train,
                  guint n_test)
{
  g_autoptr(SeqgdDataset) train = seqgd_test_make_dataset (n_train, 28, 28);
  g_autoptr(SeqgdDataset) test = seqgd_test_make_dataset (n_test, 28, 28);
  char *mnist = seqgd_sources_get_mnist_cache_dir ();

  g_assert_cmpint (g_mkdir_with_parents (mnist, 0700), ==, 0);
  seqgd_test_save_pair (train, mnist, "train-images-idx3-ubyte.gz",
                        "train-labels-idx1-ubyte.gz");
  seqgd_test_save_pair (test, mnist, "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz");

  return mnist;
}

static guint64
sum_of_file_sizes (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint64 total = 0;
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GStatBuf buf;

      g_assert_cmpint (g_stat (path, &buf), ==, 0);
      total += buf.st_size;
    }

  return total;
}

static const SeqgdSource *
find_source (GPtrArray  *sources,
             const char *folder)
{
  g_autofree char *canonical = g_canonicalize_filename (folder, NULL);

  for (guint i = 0; i < sources->len; i++)
    {
      const SeqgdSource *source = g_ptr_array_index (sources, i);

      if (g_str_equal (source->folder, canonical))
        return source;
    }

  return NULL;
}

static void
test_cache_dir (void)
{
  g_autofree char *cache = seqgd_sources_get_cache_dir ();
  g_autofree char *mnist = seqgd_sources_get_mnist_cache_dir ();
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "seqgd", NULL);

  g_assert_cmpstr (cache, ==, expected);
  g_assert_true (g_str_has_prefix (mnist, cache));
  g_assert_true (g_str_has_suffix (mnist, G_DIR_SEPARATOR_S "mnist"));
}

static void
test_empty_cache (void)
{
  g_autoptr(GPtrArray) sources = seqgd_sources_discover (NULL, NULL);

  for (guint i = 0; i < sources->len; i++)
    {
      const SeqgdSource *source = g_ptr_array_index (sources, i);

      g_assert_cmpint (source->origin, ==, SEQGD_SOURCE_SYSTEM);
    }
}

static void
test_cache_mnist (void)
{
  g_autofree char *mnist = make_mnist_cache (30, 7);
  g_autoptr(GPtrArray) sources = seqgd_sources_discover (NULL, NULL);
  g_autofree char *folder = NULL;
  g_autofree char *line = NULL;
  const SeqgdSource *source;

  g_assert_cmpuint (sources->len, >=, 1);
  source = g_ptr_array_index (sources, 0);
  g_assert_cmpstr (source->name, ==, "MNIST");
  g_assert_cmpstr (source->folder, ==, mnist);
  g_assert_cmpint (source->origin, ==, SEQGD_SOURCE_CACHE);
  g_assert_cmpuint (source->n_train, ==, 30);
  g_assert_cmpuint (source->n_test, ==, 7);
  g_assert_cmpuint (source->rows, ==, 28);
  g_assert_cmpuint (source->cols, ==, 28);
  g_assert_cmpuint (source->channels, ==, 1);
  g_assert_cmpuint (source->size, ==, sum_of_file_sizes (mnist));
  g_assert_null (source->problem);

  line = seqgd_source_describe (source);
  g_assert_nonnull (strstr (line, "MNIST"));
  g_assert_nonnull (strstr (line, "30 training and 7 test images of 28 × 28"));

  g_unsetenv (SEQGD_SOURCES_ENV_DATA_DIR);
  folder = seqgd_sources_find_default_folder ();
  g_assert_cmpstr (folder, ==, mnist);
}

static void
test_env_override (void)
{
  g_autofree char *mnist = make_mnist_cache (5, 5);
  g_autofree char *folder = NULL;

  g_setenv (SEQGD_SOURCES_ENV_DATA_DIR, "/some/where/else", TRUE);
  folder = seqgd_sources_find_default_folder ();
  g_unsetenv (SEQGD_SOURCES_ENV_DATA_DIR);
  g_assert_cmpstr (folder, ==, "/some/where/else");
  g_assert_cmpstr (folder, !=, mnist);
}

static void
test_damaged_cache (void)
{
  g_autofree char *mnist = make_mnist_cache (10, 5);
  g_autofree char *images = g_build_filename (mnist, "train-images-idx3-ubyte.gz", NULL);
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GError) error = NULL;
  const SeqgdSource *source;

  /* A file that is not even gzip with an IDX header. */
  g_file_set_contents (images, "oops", 4, &error);
  g_assert_no_error (error);

  sources = seqgd_sources_discover (NULL, NULL);
  source = find_source (sources, mnist);
  g_assert_nonnull (source);
  g_assert_nonnull (source->problem);
  g_assert_nonnull (strstr (source->problem, "train-images-idx3-ubyte.gz"));
  g_assert_cmpuint (source->n_train, ==, 0);

  /* The default skips it: the system's data when installed, else none. */
  g_unsetenv (SEQGD_SOURCES_ENV_DATA_DIR);
  folder = seqgd_sources_find_default_folder ();
  g_assert_cmpstr (folder, !=, mnist);
  if (g_file_test (SEQGD_SOURCES_SYSTEM_FASHION_MNIST, G_FILE_TEST_IS_DIR))
    g_assert_cmpstr (folder, ==, SEQGD_SOURCES_SYSTEM_FASHION_MNIST);
  else
    g_assert_null (folder);
}

static void
test_user_folders (void)
{
  g_autofree char *root = seqgd_test_make_dir ();
  g_autofree char *fashion = g_build_filename (root, "FashionMNIST", "raw", NULL);
  g_autofree char *kmnist = g_build_filename (root, "KMNIST", "raw", NULL);
  g_autofree char *flat = g_build_filename (root, "digits", NULL);
  g_autoptr(SeqgdDataset) a = seqgd_test_make_dataset (11, 28, 28);
  g_autoptr(SeqgdDataset) b = seqgd_test_make_dataset (13, 28, 28);
  const char *extra[] = { root, flat, root, NULL };
  g_autoptr(GPtrArray) sources = NULL;
  const SeqgdSource *source;
  guint user = 0;

  g_assert_cmpint (g_mkdir_with_parents (fashion, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (kmnist, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (flat, 0700), ==, 0);
  seqgd_test_save_pair (a, fashion, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
  seqgd_test_save_pair (b, kmnist, "train-images-idx3-ubyte.gz",
                        "train-labels-idx1-ubyte.gz");
  seqgd_test_save_pair (b, kmnist, "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz");
  seqgd_test_save_pair (a, flat, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");

  sources = seqgd_sources_discover (extra, NULL);

  source = find_source (sources, fashion);
  g_assert_nonnull (source);
  g_assert_cmpstr (source->name, ==, "Fashion-MNIST");
  g_assert_cmpuint (source->n_train, ==, 11);
  g_assert_cmpuint (source->n_test, ==, 0);
  g_assert_cmpint (source->origin, ==, SEQGD_SOURCE_USER);

  source = find_source (sources, kmnist);
  g_assert_nonnull (source);
  g_assert_cmpstr (source->name, ==, "KMNIST");
  g_assert_cmpuint (source->n_train, ==, 13);
  g_assert_cmpuint (source->n_test, ==, 13);

  source = find_source (sources, flat);
  g_assert_nonnull (source);
  g_assert_cmpstr (source->name, ==, "digits");

  /* A folder named twice is listed once. */
  for (guint i = 0; i < sources->len; i++)
    if (((SeqgdSource *) g_ptr_array_index (sources, i))->origin == SEQGD_SOURCE_USER)
      user++;
  g_assert_cmpuint (user, ==, 3);

  seqgd_test_remove_tree (root);
}

/* MNIST in a folder used before wins over another data set elsewhere;
 * without MNIST anywhere, the first data set listed is used. */
static void
test_default_in_user_folders (void)
{
  g_autofree char *root = seqgd_test_make_dir ();
  g_autofree char *raw = g_build_filename (root, "MNIST", "raw", NULL);
  g_autofree char *kuzushiji = g_build_filename (root, "kmnist", NULL);
  g_autofree char *cache = seqgd_sources_get_cache_dir ();
  g_autofree char *fashion = g_build_filename (cache, "fashion-mnist", NULL);
  g_autoptr(SeqgdDataset) data = seqgd_test_make_dataset (6, 28, 28);
  const char *with_mnist[] = { kuzushiji, root, NULL };
  const char *without_mnist[] = { kuzushiji, NULL };
  g_autofree char *folder = NULL;

  g_assert_cmpint (g_mkdir_with_parents (raw, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (kuzushiji, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fashion, 0700), ==, 0);
  seqgd_test_save_pair (data, raw, "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte");
  seqgd_test_save_pair (data, kuzushiji, "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte");
  seqgd_test_save_pair (data, fashion, "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte");
  g_unsetenv (SEQGD_SOURCES_ENV_DATA_DIR);

  folder = seqgd_sources_find_default_folder_full (with_mnist);
  g_assert_cmpstr (folder, ==, raw);
  g_clear_pointer (&folder, g_free);

  /* Fashion-MNIST in the cache is listed before the user's folders. */
  folder = seqgd_sources_find_default_folder_full (without_mnist);
  g_assert_cmpstr (folder, ==, fashion);
  g_clear_pointer (&folder, g_free);
  seqgd_test_remove_tree (fashion);

  folder = seqgd_sources_find_default_folder_full (without_mnist);
  g_assert_cmpstr (folder, ==, kuzushiji);
  g_clear_pointer (&folder, g_free);

  /* Without the folders, only what is found by itself counts. */
  folder = seqgd_sources_find_default_folder ();
  g_assert_cmpstr (folder, !=, raw);
  g_assert_cmpstr (folder, !=, kuzushiji);

  seqgd_test_remove_tree (root);
}

static void
test_probe (void)
{
  g_autofree char *root = seqgd_test_make_dir ();
  g_autofree char *raw = g_build_filename (root, "MNIST", "raw", NULL);
  g_autofree char *cifar = g_build_filename (root, "cifar-10-batches-bin", NULL);
  g_autofree char *batch = g_build_filename (cifar, "data_batch_1.bin", NULL);
  g_autofree char *test_batch = g_build_filename (cifar, "test_batch.bin", NULL);
  g_autofree guint8 *records = g_malloc0 (3073 * 4);
  g_autoptr(SeqgdDataset) data = seqgd_test_make_dataset (9, 28, 28);
  g_autoptr(SeqgdSource) source = NULL;
  g_autoptr(SeqgdSource) copy = NULL;
  g_autoptr(GError) error = NULL;

  /* Missing and empty folders. */
  source = seqgd_sources_probe (raw, SEQGD_SOURCE_USER, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND);
  g_clear_error (&error);
  source = seqgd_sources_probe (root, SEQGD_SOURCE_USER, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, SEQGD_DATASET_ERROR, SEQGD_DATASET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The torchvision layout below the folder picked. */
  g_assert_cmpint (g_mkdir_with_parents (raw, 0700), ==, 0);
  seqgd_test_save_pair (data, raw, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
  source = seqgd_sources_probe (root, SEQGD_SOURCE_USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (source->folder, ==, raw);
  g_assert_cmpstr (source->name, ==, "MNIST");
  g_assert_cmpuint (source->n_train, ==, 9);
  copy = seqgd_source_copy (source);
  g_assert_cmpstr (copy->folder, ==, source->folder);
  g_clear_pointer (&source, seqgd_source_free);

  /* CIFAR-10 counts from file lengths. */
  g_assert_cmpint (g_mkdir_with_parents (cifar, 0700), ==, 0);
  g_file_set_contents (batch, (const char *) records, 3073 * 4, &error);
  g_assert_no_error (error);
  g_file_set_contents (test_batch, (const char *) records, 3073 * 2, &error);
  g_assert_no_error (error);
  source = seqgd_sources_probe (cifar, SEQGD_SOURCE_USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (source->name, ==, "CIFAR-10");
  g_assert_cmpuint (source->n_train, ==, 4);
  g_assert_cmpuint (source->n_test, ==, 2);
  g_assert_cmpuint (source->channels, ==, 3);
  g_assert_cmpuint (source->size, ==, 3073 * 6);
  g_clear_pointer (&source, seqgd_source_free);

  /* A batch whose length is not whole records. */
  g_file_set_contents (test_batch, (const char *) records, 3073 + 5, &error);
  g_assert_no_error (error);
  source = seqgd_sources_probe (cifar, SEQGD_SOURCE_USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (source->problem);
  g_assert_nonnull (strstr (source->problem, "test_batch.bin"));

  seqgd_test_remove_tree (root);
}

static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = seqgd_sources_discover_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *mnist = make_mnist_cache (4, 2);
  g_autoptr(GPtrArray) sources = NULL;
  const SeqgdSource *source;

  seqgd_sources_discover_async (NULL, NULL, discovered_cb, &sources);
  while (sources == NULL)
    g_main_context_iteration (NULL, TRUE);

  source = g_ptr_array_index (sources, 0);
  g_assert_cmpstr (source->folder, ==, mnist);
  g_assert_cmpuint (source->n_train, ==, 4);
}

static void
test_system_fashion_mnist (void)
{
  g_autoptr(GPtrArray) sources = NULL;
  const SeqgdSource *source;

  if (!g_file_test (SEQGD_SOURCES_SYSTEM_FASHION_MNIST, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("Fashion-MNIST is not installed (Debian package dataset-fashion-mnist)");
      return;
    }

  sources = seqgd_sources_discover (NULL, NULL);
  source = find_source (sources, SEQGD_SOURCES_SYSTEM_FASHION_MNIST);
  g_assert_nonnull (source);
  g_assert_cmpstr (source->name, ==, "Fashion-MNIST");
  g_assert_cmpint (source->origin, ==, SEQGD_SOURCE_SYSTEM);
  g_assert_cmpuint (source->n_train, ==, 60000);
  g_assert_cmpuint (source->n_test, ==, 10000);
  g_assert_cmpuint (source->size, ==,
                    sum_of_file_sizes (SEQGD_SOURCES_SYSTEM_FASHION_MNIST));
}

/* Every test starts with an empty cache folder. */
static void
run_with_empty_cache (gconstpointer data)
{
  g_autofree char *cache = seqgd_sources_get_cache_dir ();
  void (*test_func) (void) = (void (*) (void)) data;

  seqgd_test_remove_tree (cache);
  test_func ();
  seqgd_test_remove_tree (cache);
}

#define ADD(path, func) \
  g_test_add_data_func (path, (gconstpointer) func, run_with_empty_cache)

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = seqgd_test_make_dir ();
  g_autofree char *cache = g_build_filename (root, "cache", NULL);
  int status;

  /* A private cache folder, set before GLib reads it. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_unsetenv (SEQGD_SOURCES_ENV_DATA_DIR);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_user_cache_dir (), ==, cache);

  ADD ("/core/sources/cache-dir", test_cache_dir);
  ADD ("/core/sources/empty-cache", test_empty_cache);
  ADD ("/core/sources/cache-mnist", test_cache_mnist);
  ADD ("/core/sources/env-override", test_env_override);
  ADD ("/core/sources/damaged-cache", test_damaged_cache);
  ADD ("/core/sources/user-folders", test_user_folders);
  ADD ("/core/sources/default-in-user-folders", test_default_in_user_folders);
  ADD ("/core/sources/probe", test_probe);
  ADD ("/core/sources/async", test_async);
  ADD ("/core/sources/system-fashion-mnist", test_system_fashion_mnist);

  status = g_test_run ();
  seqgd_test_remove_tree (root);

  return status;
}
