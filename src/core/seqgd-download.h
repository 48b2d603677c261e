/* seqgd-download.h — fetching MNIST from its public mirrors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file is tried on every mirror in turn, written under a temporary
 * name, checked against its published MD5 sum, parsed with the IDX
 * reader, and only then renamed to its final name, so a final name never
 * holds a partial or wrong file.  Files already present and matching
 * their sum are kept.
 *
 * The window uses seqgd_download_run_async (progress and the result
 * arrive on the caller's main context); the command line uses
 * seqgd_download_mnist_sync, which blocks and reports progress from the
 * calling thread.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SEQGD_DOWNLOAD_ERROR (seqgd_download_error_quark ())

typedef enum
{
  SEQGD_DOWNLOAD_ERROR_OFFLINE,   /* the host cannot be resolved or reached */
  SEQGD_DOWNLOAD_ERROR_NETWORK,   /* another transfer failure (TLS, protocol) */
  SEQGD_DOWNLOAD_ERROR_HTTP,      /* the server answered with an error status */
  SEQGD_DOWNLOAD_ERROR_TRUNCATED, /* the transfer ended before the whole file */
  SEQGD_DOWNLOAD_ERROR_CHECKSUM,  /* the bytes are not the published file */
  SEQGD_DOWNLOAD_ERROR_INVALID,   /* the file is not valid IDX data */
  SEQGD_DOWNLOAD_ERROR_WRITE,     /* the target folder cannot be written */
} SeqgdDownloadError;

/* Names a checksum file for seqgd_download_mnist_sync. */
#define SEQGD_DOWNLOAD_ENV_MD5SUMS "SEQGD_DOWNLOAD_MD5SUMS"

/* The mirrors tried by default, in order. */
#define SEQGD_DOWNLOAD_MNIST_MIRRORS \
  "https://ossci-datasets.s3.amazonaws.com/mnist/", \
  "http://yann.lecun.com/exdb/mnist/", \
  "https://storage.googleapis.com/cvdf-datasets/mnist/"

typedef struct
{
  const char *file_name;   /* the file being fetched */
  const char *url;         /* where from; NULL when the file was already present */
  guint       file_index;  /* 0 .. n_files - 1 */
  guint       n_files;
  guint64     file_done;   /* bytes of this file so far */
  guint64     file_total;  /* its size; 0 when not known */
  guint64     done;        /* bytes of all files so far, kept files included */
  guint64     total;       /* all files; 0 when a size is not known */
  double      rate;        /* bytes per second over this run's transfers */
} SeqgdDownloadProgress;

/* One line for a terminal or a status label, for example
 * "t10k-images-idx3-ubyte.gz: 1.2 MB of 1.6 MB, 3.4 MB/s (92 % of all)". */
char *seqgd_download_progress_format (const SeqgdDownloadProgress *progress);

typedef void (*SeqgdDownloadProgressFunc) (const SeqgdDownloadProgress *progress,
                                           gpointer                     user_data);

#define SEQGD_TYPE_DOWNLOAD (seqgd_download_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdDownload, seqgd_download, SEQGD, DOWNLOAD, GObject)

GQuark         seqgd_download_error_quark        (void);

/* A download of MNIST's four files into @folder, created when missing
 * (NULL: seqgd_sources_get_mnist_cache_dir), from the default mirrors. */
SeqgdDownload *seqgd_download_new_mnist          (const char                *folder);

const char    *seqgd_download_get_folder         (SeqgdDownload             *self);

/* Replaces the mirror list (base URLs; a missing final slash is added). */
void           seqgd_download_set_mirrors        (SeqgdDownload             *self,
                                                  const char * const        *mirrors);

/* Tries @mirror before the others (a local copy, a proxy). */
void           seqgd_download_prepend_mirror     (SeqgdDownload             *self,
                                                  const char                *mirror);

/* The mirrors in the order they are tried, as a new NULL-terminated array. */
char         **seqgd_download_dup_mirrors        (SeqgdDownload             *self);

/* The files of this download in order, as a new NULL-terminated array. */
char         **seqgd_download_dup_file_names     (SeqgdDownload             *self);

/* The expected MD5 sum (lower case, owned by @self) and size (0: unknown)
 * of @file_name; FALSE when it is not one of this download's files. */
gboolean       seqgd_download_get_expected       (SeqgdDownload             *self,
                                                  const char                *file_name,
                                                  const char               **md5,
                                                  guint64                   *size);

/* Replaces the expected MD5 sum and size (0: unknown) of @file_name,
 * one of the files of this download; for tests and re-packaged copies. */
gboolean       seqgd_download_set_expected       (SeqgdDownload             *self,
                                                  const char                *file_name,
                                                  const char                *md5,
                                                  guint64                    size);

/* Reads expected sums from a file in md5sum's format ("<md5>  <name>"
 * per line; names not part of this download are ignored, sizes become
 * unknown).  Errors in G_IO_ERROR, or SEQGD_DOWNLOAD_ERROR_INVALID for a
 * malformed line. */
gboolean       seqgd_download_load_checksums     (SeqgdDownload             *self,
                                                  const char                *path,
                                                  GError                   **error);

/* Called at most every 100 ms per file and once when each file is done;
 * with run_async on the main context that was the thread default when
 * the run started. */
void           seqgd_download_set_progress_func  (SeqgdDownload             *self,
                                                  SeqgdDownloadProgressFunc  func,
                                                  gpointer                   user_data,
                                                  GDestroyNotify             destroy);

/* Runs in a worker thread.  Errors: SEQGD_DOWNLOAD_ERROR naming the file
 * and listing each mirror's failure, or G_IO_ERROR_CANCELLED. */
void           seqgd_download_run_async          (SeqgdDownload             *self,
                                                  GCancellable              *cancellable,
                                                  GAsyncReadyCallback        callback,
                                                  gpointer                   user_data);
gboolean       seqgd_download_run_finish         (SeqgdDownload             *self,
                                                  GAsyncResult              *result,
                                                  GError                   **error);

/* Blocks; progress is reported from the calling thread. */
gboolean       seqgd_download_run_sync           (SeqgdDownload             *self,
                                                  GCancellable              *cancellable,
                                                  GError                   **error);

/* One call for the command line: downloads MNIST into @folder (NULL: the
 * cache), trying @mirror (may be NULL) before the default mirrors.  When
 * $SEQGD_DOWNLOAD_MD5SUMS names a file, its sums replace the published
 * ones (a re-packaged local copy, tests). */
gboolean       seqgd_download_mnist_sync         (const char                *folder,
                                                  const char                *mirror,
                                                  SeqgdDownloadProgressFunc  progress,
                                                  gpointer                   user_data,
                                                  GCancellable              *cancellable,
                                                  GError                   **error);

G_END_DECLS
