/* seqgd-sources.h — the data sets found on this machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Discovery looks in the app's cache folder (where downloads go), in
 * folders the caller names (for instance those the user opened before,
 * also in their torchvision layout), and in Debian's Fashion-MNIST
 * package.  It reads headers only, never pixels, so it is quick enough to
 * run when a window opens; the async variant keeps even that off the
 * main thread.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Debian's dataset-fashion-mnist package installs here. */
#define SEQGD_SOURCES_SYSTEM_FASHION_MNIST "/usr/share/datasets/fashion-mnist"

/* Overrides the default data folder (seqgd_sources_find_default_folder). */
#define SEQGD_SOURCES_ENV_DATA_DIR "SEQGD_DATA_DIR"

typedef enum
{
  SEQGD_SOURCE_CACHE,  /* the app's cache folder: downloads */
  SEQGD_SOURCE_USER,   /* a folder the caller named */
  SEQGD_SOURCE_SYSTEM, /* installed by the system's packages */
} SeqgdSourceOrigin;

#define SEQGD_TYPE_SOURCE (seqgd_source_get_type ())

typedef struct
{
  char             *name;     /* "MNIST", "Fashion-MNIST", "CIFAR-10", … */
  char             *folder;   /* pass to seqgd_dataset_load_folder */
  SeqgdSourceOrigin origin;
  guint             n_train;  /* training examples */
  guint             n_test;   /* test examples; 0 when there is no test set */
  guint             rows;
  guint             cols;
  guint             channels;
  guint64           size;     /* bytes of its files on disk */
  char             *problem;  /* NULL, or why the files cannot be used */
} SeqgdSource;

GType        seqgd_source_get_type              (void) G_GNUC_CONST;
SeqgdSource *seqgd_source_copy                  (const SeqgdSource   *source);
void         seqgd_source_free                  (SeqgdSource         *source);

/* A line for lists and logs: "MNIST — 60,000 + 10,000 images of 28 × 28,
 * 11.1 MB, ~/.cache/seqgd/mnist". */
char        *seqgd_source_describe              (const SeqgdSource   *source);

/* $XDG_CACHE_HOME/seqgd; not created. */
char        *seqgd_sources_get_cache_dir        (void);

/* Where MNIST is downloaded to and looked for: $XDG_CACHE_HOME/seqgd/mnist. */
char        *seqgd_sources_get_mnist_cache_dir  (void);

/* Reads the headers of the data set in @folder (directly or in a
 * torchvision layout below it).  Returns NULL with an error when there is
 * none; a source with ->problem set when its files are damaged. */
SeqgdSource *seqgd_sources_probe                (const char          *folder,
                                                 SeqgdSourceOrigin    origin,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* All data sets found: the cache, then each of @extra_folders (may be
 * NULL) and the torchvision subfolders below it, then the system's.
 * Each folder is listed once.  Returns an array of SeqgdSource. */
GPtrArray   *seqgd_sources_discover             (const char * const  *extra_folders,
                                                 GCancellable        *cancellable);

void         seqgd_sources_discover_async       (const char * const  *extra_folders,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray   *seqgd_sources_discover_finish      (GAsyncResult        *result,
                                                 GError             **error);

/* The folder to use when none is chosen: $SEQGD_DATA_DIR when set, else
 * MNIST in the cache when it is usable, else the first usable MNIST
 * discovered, else the first usable data set discovered, else NULL. */
char        *seqgd_sources_find_default_folder  (void);

/* The same, looking for MNIST in @extra_folders (may be NULL) as
 * seqgd_sources_discover does, so that MNIST in a folder used before wins
 * over another data set installed on the system. */
char        *seqgd_sources_find_default_folder_full (const char * const *extra_folders);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdSource, seqgd_source_free)

G_END_DECLS
