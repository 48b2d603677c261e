/* seqgd-dataset-private.h — parsers and folder layouts shared inside core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parsers work on any GInputStream so that data sources, the
 * downloader and the fuzz targets can feed them from files or memory.
 */

#pragma once

#include "seqgd-dataset.h"

G_BEGIN_DECLS

/* Largest pixel or label block one file may declare (1 GiB).  Full EMNIST
 * byclass is about 550 MB, CIFAR-10 about 150 MB. */
#define SEQGD_DATASET_MAX_BYTES (G_GUINT64_CONSTANT (1) << 30)

/* Largest side of an image, and most channels of an IDX image file. */
#define SEQGD_DATASET_MAX_SIDE     4096
#define SEQGD_DATASET_MAX_CHANNELS 4

typedef enum
{
  SEQGD_IDX_IMAGES, /* 3 dimensions (n, rows, cols) or 4 (n, channels, rows, cols) */
  SEQGD_IDX_LABELS, /* 1 dimension (n) */
} SeqgdIdxKind;

/* Header of an IDX file, validated. */
typedef struct
{
  guint   n;
  guint   rows;      /* 1 for labels */
  guint   cols;      /* 1 for labels */
  guint   channels;  /* 1 unless a 4-dimension image file */
  guint64 header_size;
  guint64 body_size; /* n × channels × rows × cols */
} SeqgdIdxHeader;

/* How the labels and pixels of an IDX pair are interpreted. */
typedef struct
{
  guint    n_classes;    /* labels, after the offset, lie in 0..n_classes-1 */
  guint    label_offset; /* subtracted from every stored label (EMNIST letters: 1) */
  gboolean transposed;   /* images are stored column-major (EMNIST) */
  guint64  max_bytes;    /* per file; SEQGD_DATASET_MAX_BYTES */
} SeqgdIdxOptions;

/* The files of one data set found in a folder. */
typedef enum
{
  SEQGD_LAYOUT_NONE,
  SEQGD_LAYOUT_IDX,
  SEQGD_LAYOUT_CIFAR10,
} SeqgdLayoutKind;

#define SEQGD_CIFAR10_MAX_TRAIN_BATCHES 5

typedef struct
{
  SeqgdLayoutKind kind;
  char           *folder;        /* where the files are */
  char           *name;          /* "MNIST", "Fashion-MNIST", … */
  SeqgdIdxOptions options;       /* IDX only */
  char           *train_images;  /* IDX; NULL when absent */
  char           *train_labels;
  char           *test_images;
  char           *test_labels;
  char           *cifar_train[SEQGD_CIFAR10_MAX_TRAIN_BATCHES + 1]; /* NULL-terminated */
  char           *cifar_test;
} SeqgdLayout;

void          _seqgd_idx_options_init       (SeqgdIdxOptions       *options,
                                             const char            *path);

/* Returns a stream reading @base decompressed when it starts with the gzip
 * magic bytes 1f 8b, or @base itself (a new reference) otherwise. */
GInputStream *_seqgd_open_maybe_gzip        (GInputStream          *base,
                                             GCancellable          *cancellable,
                                             GError               **error);

/* Opens @path for reading, decompressing gzip; errors name the file. */
GInputStream *_seqgd_open_data_file         (const char            *path,
                                             GCancellable          *cancellable,
                                             GError               **error);

gboolean      _seqgd_idx_read_header        (GInputStream          *stream,
                                             const char            *name,
                                             SeqgdIdxKind           kind,
                                             guint64                max_bytes,
                                             SeqgdIdxHeader        *header,
                                             GCancellable          *cancellable,
                                             GError               **error);

/* Reads a whole IDX file: header, body, and checks that nothing follows.
 * *data is allocated as the bytes arrive, never from the header alone. */
gboolean      _seqgd_idx_read               (GInputStream          *stream,
                                             const char            *name,
                                             SeqgdIdxKind           kind,
                                             guint64                max_bytes,
                                             SeqgdIdxHeader        *header,
                                             guint8               **data,
                                             GCancellable          *cancellable,
                                             GError               **error);

/* Parses an image and a label stream into a dataset. */
SeqgdDataset *_seqgd_dataset_parse_idx      (GInputStream          *images,
                                             const char            *images_name,
                                             GInputStream          *labels,
                                             const char            *labels_name,
                                             const SeqgdIdxOptions *options,
                                             GCancellable          *cancellable,
                                             GError               **error);

/* Parses CIFAR-10 binary records (1 label byte, 3 × 32 × 32 pixel bytes)
 * from each stream in turn into one dataset. */
SeqgdDataset *_seqgd_dataset_parse_cifar10  (GInputStream         **streams,
                                             const char           **names,
                                             guint                  n_streams,
                                             guint64                max_bytes,
                                             GCancellable          *cancellable,
                                             GError               **error);

/* Looks for a data set directly in @folder (no subfolders).  Returns
 * FALSE, with layout->kind NONE, when there is none. */
gboolean      _seqgd_layout_find_here       (const char            *folder,
                                             SeqgdLayout           *layout);

/* Looks in @folder, then in the subfolders other tools write (MNIST/raw,
 * FashionMNIST/raw, KMNIST/raw, EMNIST/raw, raw, cifar-10-batches-bin). */
gboolean      _seqgd_layout_find            (const char            *folder,
                                             SeqgdLayout           *layout);

/* The subfolders of @folder that _seqgd_layout_find looks into, in order. */
const char * const *_seqgd_layout_subfolders (void);

void          _seqgd_layout_clear           (SeqgdLayout           *layout);

/* A display name for the data in @path ("MNIST", "Fashion-MNIST", …),
 * from the folder names; the folder's own name when nothing matches. */
char         *_seqgd_dataset_name_for_path  (const char            *path);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SeqgdLayout, _seqgd_layout_clear)

G_END_DECLS
