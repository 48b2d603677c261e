/* seqgd-config.c — the experiment config, its validation and its JSON form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A config is a plain struct.  Validation reports the first bad field by
 * its human name and the range it accepts.  The JSON form is a flat object
 * with one member per field; enums are written by name.  Reading starts
 * from the defaults, so a file may name only what it changes; members this
 * version does not know are ignored, and a member of the wrong type is an
 * error naming it.  A config read from JSON is always validated.
 *
 * Holdout defaults to 0.1: a data folder without test files still gets a
 * test set (its last tenth).  Folders with test files ignore it.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "seqgd-config.h"
#include "seqgd-config-private.h"
#include "seqgd-rule.h"

G_DEFINE_QUARK (seqgd-config-error-quark, seqgd_config_error)

/* JSON member names, shared by reader and writer. */
#define KEY_DATA_DIR      "data_dir"
#define KEY_TRAIN_LIMIT   "train_limit"
#define KEY_HOLDOUT       "holdout"
#define KEY_RULES         "rules"
#define KEY_HIDDEN        "hidden"
#define KEY_ACTIVATION    "activation"
#define KEY_OUTPUT        "output"
#define KEY_INIT          "init"
#define KEY_LEARNING_RATE "learning_rate"
#define KEY_BATCH_SIZE    "batch_size"
#define KEY_EPOCHS        "epochs"
#define KEY_SEEDS         "seeds"
#define KEY_FIRST_SEED    "first_seed"
#define KEY_LOSS_TARGET   "loss_target"
#define KEY_THREADS       "threads"

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID,
                       message);

  return FALSE;
}

static gboolean
check_uint (const char *name,
            guint       value,
            guint       min,
            guint       max,
            GError    **error)
{
  if (value >= min && value <= max)
    return TRUE;

  return invalid (error, "%s %u is out of range: use a value from %u to %u",
                  name, value, min, max);
}

static gboolean
check_double (const char *name,
              double      value,
              double      min,
              double      max,
              GError    **error)
{
  if (isfinite (value) && value >= min && value <= max)
    return TRUE;

  return invalid (error, "%s %g is out of range: use a value from %g to %g",
                  name, value, min, max);
}

static gboolean
check_rules (char  **rules,
             GError **error)
{
  if (rules == NULL || rules[0] == NULL)
    return invalid (error, "Rules: choose at least one rule");

  for (guint i = 0; rules[i] != NULL; i++)
    {
      if (seqgd_rule_lookup (rules[i]) == NULL)
        {
          g_autofree char *known = NULL;
          const SeqgdRule * const *list = seqgd_rule_list ();
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint j = 0; list[j] != NULL; j++)
            g_string_append_printf (names, "%s%s", j > 0 ? ", " : "",
                                    list[j]->id);
          known = g_string_free (g_steal_pointer (&names), FALSE);

          return invalid (error, "Rule “%s” is unknown: use one of %s",
                          rules[i], known);
        }

      for (guint j = 0; j < i; j++)
        if (g_str_equal (rules[i], rules[j]))
          return invalid (error, "Rule “%s” is listed twice", rules[i]);
    }

  return TRUE;
}

static gboolean
check_hidden (const SeqgdConfig *self,
              GError           **error)
{
  if (self->n_hidden > SEQGD_MLP_MAX_LAYERS - 1)
    return invalid (error, "Hidden layers %u is out of range: use a value "
                    "from 0 to %u", self->n_hidden, SEQGD_MLP_MAX_LAYERS - 1);

  for (guint i = 0; i < self->n_hidden; i++)
    if (self->hidden[i] < 1 || self->hidden[i] > SEQGD_CONFIG_MAX_WIDTH)
      return invalid (error,
                      "Width of hidden layer %u is %u, out of range: "
                      "use a value from 1 to %u",
                      i + 1, self->hidden[i], SEQGD_CONFIG_MAX_WIDTH);

  return TRUE;
}

static gboolean
check_enums (const SeqgdConfig *self,
             GError           **error)
{
  if ((guint) self->activation > SEQGD_ACTIVATION_RELU)
    return invalid (error, "Activation %d is unknown: use sigmoid, tanh "
                    "or relu", (int) self->activation);
  if ((guint) self->output > SEQGD_OUTPUT_SIGMOID_MSE)
    return invalid (error, "Output %d is unknown: use softmax-ce or "
                    "sigmoid-mse", (int) self->output);
  if ((guint) self->init > SEQGD_INIT_GAUSSIAN)
    return invalid (error, "Initialisation %d is unknown: use uniform, "
                    "xavier, he or gaussian", (int) self->init);

  return TRUE;
}

static gboolean
rules_equal (char **a,
             char **b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

SeqgdConfig *
seqgd_config_new_default (void)
{
  SeqgdConfig *self = g_new0 (SeqgdConfig, 1);
  const char * const *ids = seqgd_rule_default_ids ();

  self->data_dir = NULL;
  self->train_limit = 0;
  self->holdout = SEQGD_CONFIG_DEFAULT_HOLDOUT;
  self->rules = g_strdupv ((char **) ids);
  self->n_hidden = 1;
  self->hidden[0] = 128;
  self->activation = SEQGD_ACTIVATION_SIGMOID;
  self->output = SEQGD_OUTPUT_SOFTMAX_CE;
  self->init = SEQGD_INIT_UNIFORM_FAN_IN;
  self->learning_rate = 0.1;
  self->batch_size = 32;
  self->epochs = 3;
  self->n_seeds = 1;
  self->first_seed = 0;
  self->loss_target = SEQGD_CONFIG_DEFAULT_TARGET;
  self->threads = 0;

  return self;
}

SeqgdConfig *
seqgd_config_copy (const SeqgdConfig *self)
{
  SeqgdConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->data_dir = g_strdup (self->data_dir);
  copy->rules = g_strdupv (self->rules);

  return copy;
}

void
seqgd_config_free (SeqgdConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->data_dir);
  g_strfreev (self->rules);
  g_free (self);
}

gboolean
seqgd_config_equal (const SeqgdConfig *a,
                    const SeqgdConfig *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (g_strcmp0 (a->data_dir, b->data_dir) != 0)
    return FALSE;
  if (!rules_equal (a->rules, b->rules))
    return FALSE;
  if (a->n_hidden != b->n_hidden ||
      memcmp (a->hidden, b->hidden, a->n_hidden * sizeof a->hidden[0]) != 0)
    return FALSE;

  return a->train_limit == b->train_limit &&
         a->holdout == b->holdout &&
         a->activation == b->activation &&
         a->output == b->output &&
         a->init == b->init &&
         a->learning_rate == b->learning_rate &&
         a->batch_size == b->batch_size &&
         a->epochs == b->epochs &&
         a->n_seeds == b->n_seeds &&
         a->first_seed == b->first_seed &&
         a->loss_target == b->loss_target &&
         a->threads == b->threads;
}

gboolean
seqgd_config_validate (const SeqgdConfig *self,
                       GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->data_dir != NULL && self->data_dir[0] == '\0')
    return invalid (error, "Data folder is empty: name a folder or leave it "
                    "unset for the default data");

  return check_double ("Holdout", self->holdout, 0.0,
                       SEQGD_CONFIG_MAX_HOLDOUT, error) &&
         check_rules (self->rules, error) &&
         check_hidden (self, error) &&
         check_enums (self, error) &&
         check_double ("Learning rate", self->learning_rate,
                       SEQGD_CONFIG_MIN_LR, SEQGD_CONFIG_MAX_LR, error) &&
         check_uint ("Batch size", self->batch_size, 1,
                     SEQGD_CONFIG_MAX_BATCH, error) &&
         check_uint ("Epochs", self->epochs, 1,
                     SEQGD_CONFIG_MAX_EPOCHS, error) &&
         check_uint ("Seeds", self->n_seeds, 1,
                     SEQGD_CONFIG_MAX_SEEDS, error) &&
         (self->first_seed <= SEQGD_CONFIG_MAX_FIRST_SEED ||
          invalid (error, "First seed %" G_GUINT64_FORMAT " is out of range: "
                   "use a value from 0 to %" G_GINT64_FORMAT,
                   self->first_seed, (gint64) SEQGD_CONFIG_MAX_FIRST_SEED)) &&
         check_double ("Loss target", self->loss_target, 0.0,
                       SEQGD_CONFIG_MAX_TARGET, error) &&
         check_uint ("Threads", self->threads, 0,
                     SEQGD_CONFIG_MAX_THREADS, error);
}

gboolean
seqgd_config_set_rules_string (SeqgdConfig  *self,
                               const char   *list,
                               GError      **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (list != NULL, FALSE);

  parts = g_strsplit (list, ",", -1);
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *id = g_strstrip (parts[i]);

      if (*id != '\0')
        g_ptr_array_add (ids, g_strdup (id));
    }
  g_ptr_array_add (ids, NULL);

  if (!check_rules ((char **) ids->pdata, error))
    return FALSE;

  g_strfreev (self->rules);
  self->rules = (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);

  return TRUE;
}

static gboolean
parse_width (const char *text,
             guint      *width,
             GError    **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, SEQGD_CONFIG_MAX_WIDTH,
                                   &value, NULL))
    return invalid (error, "Hidden layer width “%s” is not valid: use whole "
                    "numbers from 1 to %u, separated by commas", text,
                    SEQGD_CONFIG_MAX_WIDTH);

  *width = (guint) value;
  return TRUE;
}

gboolean
seqgd_config_set_hidden_string (SeqgdConfig  *self,
                                const char   *list,
                                GError      **error)
{
  g_auto(GStrv) parts = NULL;
  guint widths[SEQGD_MLP_MAX_LAYERS];
  guint n = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (list != NULL, FALSE);

  parts = g_strsplit (list, ",", -1);
  if (parts[0] == NULL ||
      (parts[1] == NULL && (*g_strstrip (parts[0]) == '\0' ||
                            g_ascii_strcasecmp (parts[0], "none") == 0)))
    {
      self->n_hidden = 0;
      return TRUE;
    }

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (n == SEQGD_MLP_MAX_LAYERS - 1)
        return invalid (error, "Hidden layers %u is out of range: use a "
                        "value from 0 to %u", g_strv_length (parts),
                        SEQGD_MLP_MAX_LAYERS - 1);
      if (!parse_width (g_strstrip (parts[i]), &widths[n], error))
        return FALSE;
      n++;
    }

  memcpy (self->hidden, widths, n * sizeof widths[0]);
  self->n_hidden = n;

  return TRUE;
}

char *
seqgd_config_dup_hidden_string (const SeqgdConfig *self)
{
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->n_hidden == 0)
    return g_strdup ("none");

  text = g_string_new (NULL);
  for (guint i = 0; i < self->n_hidden && i < SEQGD_MLP_MAX_LAYERS; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? "," : "", self->hidden[i]);

  return g_string_free (text, FALSE);
}

JsonNode *
seqgd_config_to_json (const SeqgdConfig *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, KEY_DATA_DIR);
  if (self->data_dir != NULL)
    json_builder_add_string_value (builder, self->data_dir);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, KEY_TRAIN_LIMIT);
  json_builder_add_int_value (builder, self->train_limit);
  json_builder_set_member_name (builder, KEY_HOLDOUT);
  json_builder_add_double_value (builder, self->holdout);

  json_builder_set_member_name (builder, KEY_RULES);
  json_builder_begin_array (builder);
  for (guint i = 0; self->rules != NULL && self->rules[i] != NULL; i++)
    json_builder_add_string_value (builder, self->rules[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, KEY_HIDDEN);
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n_hidden && i < SEQGD_MLP_MAX_LAYERS; i++)
    json_builder_add_int_value (builder, self->hidden[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, KEY_ACTIVATION);
  json_builder_add_string_value (builder,
                                 seqgd_activation_to_string (self->activation));
  json_builder_set_member_name (builder, KEY_OUTPUT);
  json_builder_add_string_value (builder,
                                 seqgd_output_to_string (self->output));
  json_builder_set_member_name (builder, KEY_INIT);
  json_builder_add_string_value (builder, seqgd_init_to_string (self->init));

  json_builder_set_member_name (builder, KEY_LEARNING_RATE);
  json_builder_add_double_value (builder, self->learning_rate);
  json_builder_set_member_name (builder, KEY_BATCH_SIZE);
  json_builder_add_int_value (builder, self->batch_size);
  json_builder_set_member_name (builder, KEY_EPOCHS);
  json_builder_add_int_value (builder, self->epochs);
  json_builder_set_member_name (builder, KEY_SEEDS);
  json_builder_add_int_value (builder, self->n_seeds);
  json_builder_set_member_name (builder, KEY_FIRST_SEED);
  json_builder_add_int_value (builder, (gint64) self->first_seed);
  json_builder_set_member_name (builder, KEY_LOSS_TARGET);
  json_builder_add_double_value (builder, self->loss_target);
  json_builder_set_member_name (builder, KEY_THREADS);
  json_builder_add_int_value (builder, self->threads);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Readers for one member each.  They leave the field alone when the member
 * is absent and fail with SEQGD_CONFIG_ERROR_PARSE on a wrong type. */

static gboolean
wrong_type (const char *key,
            const char *expected,
            GError    **error)
{
  g_set_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_PARSE,
               "Setting “%s” must be %s", key, expected);
  return FALSE;
}

static JsonNode *
get_value (JsonObject *object,
           const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

/* A number within [@min, @max]; out of range values are reported with
 * the setting's human @name, as read_integer() does. */
static gboolean
read_number (JsonObject *object,
             const char *key,
             const char *name,
             double      min,
             double      max,
             double     *value,
             GError    **error)
{
  JsonNode *node = get_value (object, key);
  GType type;
  double number;

  if (node == NULL)
    return TRUE;

  type = json_node_get_value_type (node);
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE))
    return wrong_type (key, "a number", error);

  number = json_node_get_double (node);
  if (!(number >= min && number <= max))
    return invalid (error, "%s %g is out of range: use a value from %g to "
                    "%g (setting “%s”)", name, number, min, max, key);

  *value = number;
  return TRUE;
}

/* A whole number within [@min, @max]; "3.0" is accepted, "3.5" is not.
 * Out of range values are reported with the setting's human @name. */
static gboolean
read_integer (JsonObject *object,
              const char *key,
              const char *name,
              guint64     min,
              guint64     max,
              guint64    *value,
              GError    **error)
{
  JsonNode *node = get_value (object, key);
  GType type;
  double number;

  if (node == NULL)
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                      : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return wrong_type (key, "a whole number", error);

  number = json_node_get_double (node);
  if (type == G_TYPE_DOUBLE && number != floor (number))
    return wrong_type (key, "a whole number", error);

  if (type == G_TYPE_INT64 ? (json_node_get_int (node) < (gint64) min ||
                              (guint64) json_node_get_int (node) > max)
                           : (number < (double) min || number > (double) max))
    return invalid (error, "%s %.15g is out of range: use a value from %"
                    G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                    " (setting “%s”)", name, number, min, max, key);

  *value = type == G_TYPE_INT64 ? (guint64) json_node_get_int (node)
                                : (guint64) number;
  return TRUE;
}

static gboolean
read_uint (JsonObject *object,
           const char *key,
           const char *name,
           guint       min,
           guint       max,
           guint      *field,
           GError    **error)
{
  guint64 value = *field;

  if (!read_integer (object, key, name, min, max, &value, error))
    return FALSE;

  *field = (guint) value;
  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *key,
             const char **value,
             GError     **error)
{
  JsonNode *node = get_value (object, key);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (key, "a string", error);

  *value = json_node_get_string (node);
  return TRUE;
}

/* Enums are stored by name; each reader names the values it accepts. */
static gboolean
unknown_name (const char *key,
              const char *name,
              const char *allowed,
              GError    **error)
{
  return invalid (error, "Setting “%s” has unknown value “%s”: use %s",
                  key, name, allowed);
}

static gboolean
read_enums (JsonObject  *object,
            SeqgdConfig *self,
            GError     **error)
{
  const char *activation = NULL;
  const char *output = NULL;
  const char *init = NULL;

  if (!read_string (object, KEY_ACTIVATION, &activation, error) ||
      !read_string (object, KEY_OUTPUT, &output, error) ||
      !read_string (object, KEY_INIT, &init, error))
    return FALSE;

  if (activation != NULL &&
      !seqgd_activation_from_string (activation, &self->activation))
    return unknown_name (KEY_ACTIVATION, activation, "sigmoid, tanh or relu",
                         error);
  if (output != NULL && !seqgd_output_from_string (output, &self->output))
    return unknown_name (KEY_OUTPUT, output, "softmax-ce or sigmoid-mse",
                         error);
  if (init != NULL && !seqgd_init_from_string (init, &self->init))
    return unknown_name (KEY_INIT, init, "uniform, xavier, he or gaussian",
                         error);

  return TRUE;
}

static gboolean
read_rules (JsonObject  *object,
            SeqgdConfig *self,
            GError     **error)
{
  JsonNode *node = get_value (object, KEY_RULES);
  JsonArray *array;
  GStrvBuilder *builder;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (KEY_RULES, "a list of rule names", error);

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_strv_builder_unref (builder);
          return wrong_type (KEY_RULES, "a list of rule names", error);
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  g_strfreev (self->rules);
  self->rules = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return TRUE;
}

static gboolean
read_hidden (JsonObject  *object,
             SeqgdConfig *self,
             GError     **error)
{
  JsonNode *node = get_value (object, KEY_HIDDEN);
  JsonArray *array;
  guint n;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (KEY_HIDDEN, "a list of layer widths", error);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > SEQGD_MLP_MAX_LAYERS - 1)
    return invalid (error, "Hidden layers %u is out of range: use a value "
                    "from 0 to %u (setting “%s”)", n,
                    SEQGD_MLP_MAX_LAYERS - 1, KEY_HIDDEN);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_INT64)
        return wrong_type (KEY_HIDDEN, "a list of whole numbers", error);
      if (json_node_get_int (element) < 1 ||
          json_node_get_int (element) > SEQGD_CONFIG_MAX_WIDTH)
        return invalid (error, "Width of hidden layer %u is %" G_GINT64_FORMAT
                        ", out of range: use a value from 1 to %u "
                        "(setting “%s”)", i + 1, json_node_get_int (element),
                        SEQGD_CONFIG_MAX_WIDTH, KEY_HIDDEN);
      self->hidden[i] = (guint) json_node_get_int (element);
    }
  self->n_hidden = n;

  return TRUE;
}

static gboolean
read_data_dir (JsonObject  *object,
               SeqgdConfig *self,
               GError     **error)
{
  const char *dir = NULL;

  if (!read_string (object, KEY_DATA_DIR, &dir, error))
    return FALSE;

  /* An explicit null means the default data, like an absent member. */
  if (json_object_has_member (object, KEY_DATA_DIR))
    {
      g_free (self->data_dir);
      self->data_dir = g_strdup (dir);
    }

  return TRUE;
}

static gboolean
read_members (JsonObject  *object,
              SeqgdConfig *self,
              GError     **error)
{
  guint64 first_seed = self->first_seed;

  if (!read_data_dir (object, self, error) ||
      !read_uint (object, KEY_TRAIN_LIMIT, "Training limit", 0, G_MAXUINT,
                  &self->train_limit, error) ||
      !read_number (object, KEY_HOLDOUT, "Holdout", 0,
                    SEQGD_CONFIG_MAX_HOLDOUT, &self->holdout, error) ||
      !read_rules (object, self, error) ||
      !read_hidden (object, self, error) ||
      !read_enums (object, self, error) ||
      !read_number (object, KEY_LEARNING_RATE, "Learning rate",
                    SEQGD_CONFIG_MIN_LR, SEQGD_CONFIG_MAX_LR,
                    &self->learning_rate, error) ||
      !read_uint (object, KEY_BATCH_SIZE, "Batch size", 1,
                  SEQGD_CONFIG_MAX_BATCH, &self->batch_size, error) ||
      !read_uint (object, KEY_EPOCHS, "Epochs", 1, SEQGD_CONFIG_MAX_EPOCHS,
                  &self->epochs, error) ||
      !read_uint (object, KEY_SEEDS, "Seeds", 1, SEQGD_CONFIG_MAX_SEEDS,
                  &self->n_seeds, error) ||
      !read_integer (object, KEY_FIRST_SEED, "First seed", 0,
                     SEQGD_CONFIG_MAX_FIRST_SEED, &first_seed, error) ||
      !read_number (object, KEY_LOSS_TARGET, "Loss target", 0,
                    SEQGD_CONFIG_MAX_TARGET, &self->loss_target, error) ||
      !read_uint (object, KEY_THREADS, "Threads", 0,
                  SEQGD_CONFIG_MAX_THREADS, &self->threads, error))
    return FALSE;

  self->first_seed = first_seed;
  return TRUE;
}

SeqgdConfig *
seqgd_config_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(SeqgdConfig) self = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, SEQGD_CONFIG_ERROR,
                           SEQGD_CONFIG_ERROR_PARSE,
                           "An experiment config must be a JSON object");
      return NULL;
    }

  self = seqgd_config_new_default ();
  if (!read_members (json_node_get_object (node), self, error) ||
      !seqgd_config_validate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Appends the number at @text (which json-glib wrote) in its shortest
 * exact form; returns the length it had. */
static gsize
append_number (GString    *out,
               const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);
  gsize length = end - text;
  char shorter[G_ASCII_DTOSTR_BUF_SIZE];

  /* Integers and short doubles are left as they are. */
  if (length > 15 && strpbrk (text, ".eE") < end)
    for (int precision = 15; precision < 17; precision++)
      {
        char format[8];

        g_snprintf (format, sizeof format, "%%.%dg", precision);
        g_ascii_formatd (shorter, sizeof shorter, format, value);
        if (g_ascii_strtod (shorter, NULL) == value &&
            strpbrk (shorter, ".eE") != NULL)
          {
            g_string_append (out, shorter);
            return length;
          }
      }

  g_string_append_len (out, text, length);
  return length;
}

char *
_seqgd_json_to_string (JsonNode *node,
                       gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  GString *out;
  gboolean in_string = FALSE;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  /* Numbers are found outside strings only; a backslash in a string
   * escapes the next character. */
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string && *p == '\\' && p[1] != '\0')
        {
          g_string_append_len (out, p, 2);
          p++;
        }
      else if (*p == '"')
        {
          in_string = !in_string;
          g_string_append_c (out, *p);
        }
      else if (!in_string && (*p == '-' || g_ascii_isdigit (*p)))
        {
          p += append_number (out, p) - 1;
        }
      else
        {
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

char *
seqgd_config_to_string (const SeqgdConfig *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  node = seqgd_config_to_json (self);
  return _seqgd_json_to_string (node, TRUE);
}

SeqgdConfig *
seqgd_config_from_string (const char  *json,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_PARSE,
                   "Not valid JSON: %s", local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, SEQGD_CONFIG_ERROR,
                           SEQGD_CONFIG_ERROR_PARSE,
                           "Not valid JSON: the text is empty");
      return NULL;
    }

  return seqgd_config_from_json (json_parser_get_root (parser), error);
}

gboolean
seqgd_config_save (const SeqgdConfig  *self,
                   const char         *path,
                   GError            **error)
{
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = seqgd_config_to_string (self);
  contents = g_strconcat (text, "\n", NULL);
  if (!g_file_set_contents (path, contents, -1, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "Could not save the config to “%s”: %s", path,
                   local_error->message);
      return FALSE;
    }

  return TRUE;
}

SeqgdConfig *
seqgd_config_load (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  SeqgdConfig *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = seqgd_config_from_string (contents, &local_error);
  if (self == NULL)
    g_set_error (error, local_error->domain, local_error->code,
                 "Config “%s”: %s", path, local_error->message);

  return self;
}
