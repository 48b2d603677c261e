/* seqgd-trainer.h — runs an experiment of rules × seeds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each seed the initial weights are drawn once and copied into every
 * rule's network, and one batch order per epoch is drawn from the seed,
 * so runs of one seed differ by their rule alone.  Runs may go on in
 * parallel threads.  The trainer never touches a GUI: it appends records
 * to a SeqgdResults and calls the progress function from its own threads.
 */

#pragma once

#include "seqgd-config.h"
#include "seqgd-dataset.h"
#include "seqgd-results.h"

G_BEGIN_DECLS

/* Called from worker threads, at most every few milliseconds per run, with
 * the fraction of all steps done (0..1).  Must be thread-safe and quick. */
typedef void (*SeqgdProgressFunc) (double   fraction,
                                   gpointer user_data);

/* Loads the data a config names: @config->data_dir, or the default data
 * source when it is NULL; then applies train_limit and holdout.  *test is
 * NULL only when there is no test set and holdout is 0. */
gboolean      seqgd_trainer_load_data (const SeqgdConfig  *config,
                                       SeqgdDataset      **train,
                                       SeqgdDataset      **test,
                                       GCancellable       *cancellable,
                                       GError            **error);

/* The part of seqgd_trainer_load_data that follows loading: when @full_test
 * is NULL and holdout > 0, the LAST holdout fraction of @full_train
 * (rounded, at least one example) becomes the test set; then the first
 * train_limit examples of what is left are kept for training.  The split
 * is deterministic and shares bytes with @full_train. */
gboolean      seqgd_trainer_split_data (const SeqgdConfig  *config,
                                        SeqgdDataset       *full_train,
                                        SeqgdDataset       *full_test,
                                        SeqgdDataset      **train,
                                        SeqgdDataset      **test,
                                        GError            **error);

/* Creates the results (one run per rule and seed, all pending) that
 * seqgd_trainer_run fills. */
SeqgdResults *seqgd_trainer_prepare   (const SeqgdConfig  *config,
                                       SeqgdDataset       *train,
                                       SeqgdDataset       *test);

/* Runs every pending run of @results to the end.  Blocks; call it from a
 * worker thread in a GUI.  Returns FALSE with G_IO_ERROR_CANCELLED when
 * @cancellable was triggered (records so far are kept, runs marked
 * cancelled), or with another error when nothing could run.  A diverging
 * run is marked SEQGD_RUN_DIVERGED and the others go on; that is not an
 * error. */
gboolean      seqgd_trainer_run       (SeqgdResults       *results,
                                       SeqgdDataset       *train,
                                       SeqgdDataset       *test,
                                       SeqgdProgressFunc   progress,
                                       gpointer            user_data,
                                       GCancellable       *cancellable,
                                       GError            **error);

/* Test loss and accuracy of @net on all of @data. */
void          seqgd_trainer_evaluate  (const SeqgdMlp     *net,
                                       SeqgdWorkspace     *ws,
                                       const SeqgdDataset *data,
                                       double             *loss,
                                       double             *accuracy);

G_END_DECLS
