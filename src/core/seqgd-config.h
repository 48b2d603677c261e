/* seqgd-config.h — one description of an experiment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CLI, the window and every exported file share this struct, saved
 * as JSON.  Validation names the setting and the allowed range.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "seqgd-mlp.h"

G_BEGIN_DECLS

#define SEQGD_CONFIG_ERROR (seqgd_config_error_quark ())

typedef enum
{
  SEQGD_CONFIG_ERROR_INVALID, /* a value outside its range */
  SEQGD_CONFIG_ERROR_PARSE,   /* malformed JSON or a wrong type */
} SeqgdConfigError;

typedef struct
{
  char           *data_dir;      /* NULL: the default data source */
  guint           train_limit;   /* use the first N training images; 0 = all */
  double          holdout;       /* fraction held out as test set when the
                                  * data has no test files, 0 .. 0.5 */
  char          **rules;         /* NULL-terminated rule ids */
  guint           n_hidden;      /* hidden layers, 0 .. SEQGD_MLP_MAX_LAYERS-1 */
  guint           hidden[SEQGD_MLP_MAX_LAYERS];
  SeqgdActivation activation;
  SeqgdOutput     output;
  SeqgdInit       init;
  double          learning_rate; /* η */
  guint           batch_size;
  guint           epochs;
  guint           n_seeds;
  guint64         first_seed;
  double          loss_target;   /* "steps to reach" threshold on the
                                  * smoothed training loss */
  guint           threads;       /* worker threads; 0 = decide */
} SeqgdConfig;

/* Limits used by validation and by the settings panel's spin buttons. */
#define SEQGD_CONFIG_MAX_WIDTH      4096
#define SEQGD_CONFIG_MAX_BATCH      60000
#define SEQGD_CONFIG_MAX_EPOCHS     1000
#define SEQGD_CONFIG_MAX_SEEDS      100
#define SEQGD_CONFIG_MIN_LR         1e-6
#define SEQGD_CONFIG_MAX_LR         100.0
#define SEQGD_CONFIG_MAX_HOLDOUT    0.5
#define SEQGD_CONFIG_MAX_TARGET     1000.0
#define SEQGD_CONFIG_MAX_THREADS    64
/* Seeds are stored as JSON integers, which must stay within gint64. */
#define SEQGD_CONFIG_MAX_FIRST_SEED (G_MAXINT64 - SEQGD_CONFIG_MAX_SEEDS)

/* Default values that are not obvious from DESIGN. */
#define SEQGD_CONFIG_DEFAULT_HOLDOUT 0.1
#define SEQGD_CONFIG_DEFAULT_TARGET  0.5

GQuark       seqgd_config_error_quark (void);

/* The defaults of DESIGN: 784-128-10 sigmoid, softmax-CE, uniform fan-in,
 * η 0.1, batch 32, 3 epochs, one seed (0), the three main rules; also all
 * training images, holdout 0.1 (used only when the data has no test
 * files), loss target 0.5 and the number of threads decided by the
 * trainer. */
SeqgdConfig *seqgd_config_new_default (void);
SeqgdConfig *seqgd_config_copy        (const SeqgdConfig *self);
void         seqgd_config_free        (SeqgdConfig       *self);
gboolean     seqgd_config_equal       (const SeqgdConfig *a,
                                       const SeqgdConfig *b);

/* Checks every field; the first bad one is reported as, for example,
 * "Learning rate 0 is out of range: use a value from 1e-06 to 100". */
gboolean     seqgd_config_validate    (const SeqgdConfig *self,
                                       GError           **error);

/* Sets a list of rule ids from "a,b,c" (checked against the known rules)
 * and hidden widths from "128,64" ("" or "none" for no hidden layer). */
gboolean     seqgd_config_set_rules_string  (SeqgdConfig  *self,
                                             const char   *list,
                                             GError      **error);
gboolean     seqgd_config_set_hidden_string (SeqgdConfig  *self,
                                             const char   *list,
                                             GError      **error);
char        *seqgd_config_dup_hidden_string (const SeqgdConfig *self);

JsonNode    *seqgd_config_to_json     (const SeqgdConfig *self);
SeqgdConfig *seqgd_config_from_json   (JsonNode          *node,
                                       GError           **error);
char        *seqgd_config_to_string   (const SeqgdConfig *self);
SeqgdConfig *seqgd_config_from_string (const char        *json,
                                       GError           **error);
gboolean     seqgd_config_save        (const SeqgdConfig *self,
                                       const char        *path,
                                       GError           **error);
SeqgdConfig *seqgd_config_load        (const char        *path,
                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdConfig, seqgd_config_free)

G_END_DECLS
