/* seqgd-runner.h — runs an experiment off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "seqgd-config.h"
#include "seqgd-results.h"

G_BEGIN_DECLS

#define SEQGD_TYPE_RUNNER (seqgd_runner_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdRunner, seqgd_runner, SEQGD, RUNNER, GObject)

SeqgdRunner  *seqgd_runner_new          (void);
gboolean      seqgd_runner_start        (SeqgdRunner       *self,
                                         const SeqgdConfig *config);
void          seqgd_runner_cancel       (SeqgdRunner       *self);
gboolean      seqgd_runner_get_running  (SeqgdRunner       *self);
SeqgdResults *seqgd_runner_get_results  (SeqgdRunner       *self);
double        seqgd_runner_get_fraction (SeqgdRunner       *self);
double        seqgd_runner_get_eta      (SeqgdRunner       *self);

G_END_DECLS
