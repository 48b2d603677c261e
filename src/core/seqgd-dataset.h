/* seqgd-dataset.h — labelled image sets kept as bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SEQGD_DATASET_ERROR (seqgd_dataset_error_quark ())

typedef enum
{
  SEQGD_DATASET_ERROR_NOT_FOUND,   /* a file or folder is missing */
  SEQGD_DATASET_ERROR_IO,          /* the file could not be read */
  SEQGD_DATASET_ERROR_FORMAT,      /* wrong magic, type or dimension count */
  SEQGD_DATASET_ERROR_TRUNCATED,   /* shorter than its header declares */
  SEQGD_DATASET_ERROR_TOO_LARGE,   /* declared sizes overflow or exceed limits */
  SEQGD_DATASET_ERROR_MISMATCH,    /* image and label files disagree */
  SEQGD_DATASET_ERROR_LABEL_RANGE, /* a label outside 0..n_classes-1 */
} SeqgdDatasetError;

/* A dataset is immutable once loaded and reference counted, so the GUI,
 * a worker thread and a subset can share it without copying pixels.
 *
 * Pixels are stored as bytes, n × n_features, row-major, channel-major
 * within an example for colour data (as CIFAR-10 stores them).  Converting
 * to floats happens per batch (seqgd_dataset_fill_batch).
 */
typedef struct _SeqgdDataset SeqgdDataset;

struct _SeqgdDataset
{
  /*< public, read-only >*/
  char         *name;        /* "MNIST", "Fashion-MNIST", "CIFAR-10", … */
  char         *source;      /* path or folder it came from, for messages */
  guint         n;           /* examples */
  guint         rows;
  guint         cols;
  guint         channels;    /* 1 for IDX, 3 for CIFAR-10 */
  guint         n_features;  /* rows × cols × channels */
  guint         n_classes;   /* 10 for MNIST-style sets */
  const guint8 *pixels;      /* n × n_features */
  const guint8 *labels;      /* n */

  /*< private >*/
  SeqgdDataset *parent;      /* set for subsets, which borrow its bytes */
  guint8       *owned_pixels;
  guint8       *owned_labels;
  gboolean      transposed;  /* the file stored images column-major (EMNIST);
                              * pixels are upright once loaded */
};

GQuark        seqgd_dataset_error_quark   (void);

SeqgdDataset *seqgd_dataset_ref           (SeqgdDataset  *self);
void          seqgd_dataset_unref         (SeqgdDataset  *self);

/* Reads an IDX image file and its label file, each plain or gzip
 * (detected by content, not name).  Every header field is checked before
 * memory is allocated, and memory grows only as bytes arrive.  Labels
 * must lie in 0..9, except for EMNIST (recognised by "emnist" in the
 * path; its images are transposed upright at load), whose variant sets
 * the class count: letters are stored as 1..26 and become 0..25.  Errors
 * are in SEQGD_DATASET_ERROR (G_IO_ERROR_CANCELLED when cancelled) and
 * name the file. */
SeqgdDataset *seqgd_dataset_load_idx      (const char    *images_path,
                                           const char    *labels_path,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* Finds a training set and, when present, a test set in @folder: the
 * usual IDX names (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],
 * t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), also under
 * MNIST/raw/ as torchvision writes it, or CIFAR-10 binary batches.
 * *test is set to NULL when the folder has no test files. */
gboolean      seqgd_dataset_load_folder   (const char     *folder,
                                           SeqgdDataset  **train,
                                           SeqgdDataset  **test,
                                           GCancellable   *cancellable,
                                           GError        **error);

/* seqgd_dataset_load_folder in a worker thread, for a window: the
 * callback runs on the thread-default main context of the caller. */
void          seqgd_dataset_load_folder_async  (const char           *folder,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean      seqgd_dataset_load_folder_finish (GAsyncResult         *result,
                                                SeqgdDataset        **train,
                                                SeqgdDataset        **test,
                                                GError              **error);

/* A view of @count examples starting at @first; shares the bytes. */
SeqgdDataset *seqgd_dataset_new_subset    (SeqgdDataset  *self,
                                           guint          first,
                                           guint          count);

/* Builds a dataset from bytes it takes ownership of (tests, generators). */
SeqgdDataset *seqgd_dataset_new_take      (const char    *name,
                                           guint          n,
                                           guint          rows,
                                           guint          cols,
                                           guint          channels,
                                           guint          n_classes,
                                           guint8        *pixels,
                                           guint8        *labels);

/* Copies examples @indices[0..B-1] into @x (B × n_features, scaled to
 * [0, 1]) and their labels into @y (B). */
void          seqgd_dataset_fill_batch    (const SeqgdDataset *self,
                                           const guint        *indices,
                                           guint               B,
                                           float              *x,
                                           guint8             *y);

/* Writes an IDX pair (plain, or gzip when the name ends in .gz); used by
 * tests and tools to make small data sets. */
gboolean      seqgd_dataset_save_idx      (const SeqgdDataset *self,
                                           const char         *images_path,
                                           const char         *labels_path,
                                           GError            **error);

/* Example @i: n_features bytes, upright, channel-major.  Valid as long as
 * @self is. */
const guint8 *seqgd_dataset_get_image     (const SeqgdDataset *self,
                                           guint               i);
guint         seqgd_dataset_get_label     (const SeqgdDataset *self,
                                           guint               i);

/* Copies example @i into @rgb (rows × cols × 3, interleaved), repeating
 * the single channel of grey images; for previews. */
void          seqgd_dataset_get_image_rgb (const SeqgdDataset *self,
                                           guint               i,
                                           guint8             *rgb);

/* A short name for class @label ("7", "Sneaker", "cat"), or NULL when
 * the data set's classes have no known names. */
const char   *seqgd_dataset_get_class_name (const SeqgdDataset *self,
                                            guint               label);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdDataset, seqgd_dataset_unref)

G_END_DECLS
