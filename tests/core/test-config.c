/* test-config.c — defaults, validation and the JSON form of a config
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "seqgd-config.h"

static void
test_defaults (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(GError) error = NULL;
  const char * const rules[] = { "autograd", "simultaneous", "sequential",
                                 NULL };

  g_assert_true (seqgd_config_validate (config, &error));
  g_assert_no_error (error);

  g_assert_null (config->data_dir);
  g_assert_cmpstrv (config->rules, rules);
  g_assert_cmpuint (config->n_hidden, ==, 1);
  g_assert_cmpuint (config->hidden[0], ==, 128);
  g_assert_cmpint (config->activation, ==, SEQGD_ACTIVATION_SIGMOID);
  g_assert_cmpint (config->output, ==, SEQGD_OUTPUT_SOFTMAX_CE);
  g_assert_cmpint (config->init, ==, SEQGD_INIT_UNIFORM_FAN_IN);
  g_assert_cmpfloat (config->learning_rate, ==, 0.1);
  g_assert_cmpuint (config->batch_size, ==, 32);
  g_assert_cmpuint (config->epochs, ==, 3);
  g_assert_cmpuint (config->n_seeds, ==, 1);
  g_assert_cmpuint (config->first_seed, ==, 0);
  g_assert_cmpfloat (config->holdout, ==, SEQGD_CONFIG_DEFAULT_HOLDOUT);
  g_assert_cmpfloat (config->loss_target, ==, SEQGD_CONFIG_DEFAULT_TARGET);
  g_assert_cmpuint (config->threads, ==, 0);
  g_assert_cmpuint (config->train_limit, ==, 0);
}

/* Each case breaks one field; the message must name the setting and, for
 * numbers, the allowed range. */
typedef struct
{
  const char *name;
  void      (*apply) (SeqgdConfig *config);
  const char *words[3];
} InvalidCase;

static void lr_zero (SeqgdConfig *c) { c->learning_rate = 0; }
static void lr_huge (SeqgdConfig *c) { c->learning_rate = 1000; }
static void lr_nan (SeqgdConfig *c) { c->learning_rate = NAN; }
static void batch_zero (SeqgdConfig *c) { c->batch_size = 0; }
static void batch_huge (SeqgdConfig *c) { c->batch_size = 60001; }
static void epochs_zero (SeqgdConfig *c) { c->epochs = 0; }
static void epochs_huge (SeqgdConfig *c) { c->epochs = 1001; }
static void seeds_zero (SeqgdConfig *c) { c->n_seeds = 0; }
static void seeds_huge (SeqgdConfig *c) { c->n_seeds = 101; }
static void first_seed_huge (SeqgdConfig *c) { c->first_seed = G_MAXUINT64; }
static void holdout_negative (SeqgdConfig *c) { c->holdout = -0.1; }
static void holdout_huge (SeqgdConfig *c) { c->holdout = 0.6; }
static void target_negative (SeqgdConfig *c) { c->loss_target = -1; }
static void target_inf (SeqgdConfig *c) { c->loss_target = INFINITY; }
static void threads_huge (SeqgdConfig *c) { c->threads = 65; }
static void width_zero (SeqgdConfig *c) { c->hidden[0] = 0; }
static void width_huge (SeqgdConfig *c) { c->hidden[0] = 5000; }
static void too_many_layers (SeqgdConfig *c) { c->n_hidden = 8; }
static void activation_bad (SeqgdConfig *c) { c->activation = 17; }
static void output_bad (SeqgdConfig *c) { c->output = 9; }
static void init_bad (SeqgdConfig *c) { c->init = 9; }

static void
data_dir_empty (SeqgdConfig *c)
{
  g_free (c->data_dir);
  c->data_dir = g_strdup ("");
}

static void
rules_empty (SeqgdConfig *c)
{
  g_strfreev (c->rules);
  c->rules = g_new0 (char *, 1);
}

static void
rules_unknown (SeqgdConfig *c)
{
  g_strfreev (c->rules);
  c->rules = g_strsplit ("autograd,nonsense", ",", -1);
}

static void
rules_twice (SeqgdConfig *c)
{
  g_strfreev (c->rules);
  c->rules = g_strsplit ("sequential,sequential", ",", -1);
}

static const InvalidCase invalid_cases[] = {
  { "lr-zero", lr_zero, { "Learning rate", "1e-06", "100" } },
  { "lr-huge", lr_huge, { "Learning rate", "1000", "100" } },
  { "lr-nan", lr_nan, { "Learning rate", "nan", "100" } },
  { "batch-zero", batch_zero, { "Batch size", "1", "60000" } },
  { "batch-huge", batch_huge, { "Batch size", "60001", "60000" } },
  { "epochs-zero", epochs_zero, { "Epochs", "1", "1000" } },
  { "epochs-huge", epochs_huge, { "Epochs", "1001", "1000" } },
  { "seeds-zero", seeds_zero, { "Seeds", "1", "100" } },
  { "seeds-huge", seeds_huge, { "Seeds", "101", "100" } },
  { "first-seed", first_seed_huge, { "First seed", "0", NULL } },
  { "holdout-negative", holdout_negative, { "Holdout", "0.5", NULL } },
  { "holdout-huge", holdout_huge, { "Holdout", "0.6", "0.5" } },
  { "target-negative", target_negative, { "Loss target", "1000", NULL } },
  { "target-inf", target_inf, { "Loss target", "inf", NULL } },
  { "threads", threads_huge, { "Threads", "65", "64" } },
  { "width-zero", width_zero, { "hidden layer 1", "1", "4096" } },
  { "width-huge", width_huge, { "hidden layer 1", "5000", "4096" } },
  { "layers", too_many_layers, { "Hidden layers", "8", "7" } },
  { "activation", activation_bad, { "Activation", "relu", NULL } },
  { "output", output_bad, { "Output", "softmax-ce", NULL } },
  { "init", init_bad, { "Initialisation", "xavier", NULL } },
  { "data-dir", data_dir_empty, { "Data folder", NULL, NULL } },
  { "rules-empty", rules_empty, { "Rules", NULL, NULL } },
  { "rules-unknown", rules_unknown, { "nonsense", "sequential", NULL } },
  { "rules-twice", rules_twice, { "sequential", "twice", NULL } },
};

static void
test_invalid (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(GError) error = NULL;

  c->apply (config);
  g_assert_false (seqgd_config_validate (config, &error));
  g_assert_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID);
  g_test_message ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (c->words) && c->words[i]; i++)
    g_assert_nonnull (strstr (error->message, c->words[i]));
}

static void
test_edges_valid (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();

  config->learning_rate = SEQGD_CONFIG_MIN_LR;
  config->batch_size = SEQGD_CONFIG_MAX_BATCH;
  config->epochs = SEQGD_CONFIG_MAX_EPOCHS;
  config->n_seeds = SEQGD_CONFIG_MAX_SEEDS;
  config->first_seed = SEQGD_CONFIG_MAX_FIRST_SEED;
  config->holdout = 0.5;
  config->loss_target = 0;
  config->threads = SEQGD_CONFIG_MAX_THREADS;
  config->n_hidden = 0;
  g_assert_true (seqgd_config_validate (config, NULL));

  config->n_hidden = SEQGD_MLP_MAX_LAYERS - 1;
  for (guint i = 0; i < config->n_hidden; i++)
    config->hidden[i] = i == 0 ? SEQGD_CONFIG_MAX_WIDTH : 1;
  config->learning_rate = SEQGD_CONFIG_MAX_LR;
  g_assert_true (seqgd_config_validate (config, NULL));
}

static void
test_lists (void)
{
  g_autoptr(SeqgdConfig) config = seqgd_config_new_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *hidden = NULL;
  const char * const rules[] = { "sequential", "autograd", NULL };

  g_assert_true (seqgd_config_set_rules_string (config, " sequential, "
                                                "autograd ", &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (config->rules, rules);

  g_assert_false (seqgd_config_set_rules_string (config, "autograd,bogus",
                                                 &error));
  g_assert_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bogus"));
  g_assert_cmpstrv (config->rules, rules);
  g_clear_error (&error);

  g_assert_false (seqgd_config_set_rules_string (config, "", &error));
  g_assert_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (seqgd_config_set_hidden_string (config, "256, 64", &error));
  g_assert_cmpuint (config->n_hidden, ==, 2);
  g_assert_cmpuint (config->hidden[0], ==, 256);
  g_assert_cmpuint (config->hidden[1], ==, 64);
  hidden = seqgd_config_dup_hidden_string (config);
  g_assert_cmpstr (hidden, ==, "256,64");
  g_clear_pointer (&hidden, g_free);

  g_assert_true (seqgd_config_set_hidden_string (config, "none", &error));
  g_assert_cmpuint (config->n_hidden, ==, 0);
  hidden = seqgd_config_dup_hidden_string (config);
  g_assert_cmpstr (hidden, ==, "none");
  g_assert_true (seqgd_config_set_hidden_string (config, "", &error));
  g_assert_cmpuint (config->n_hidden, ==, 0);

  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "12x", "0", "64,,32", "1,2,3,4,5,6,7,8" };

      g_assert_false (seqgd_config_set_hidden_string (config, bad[i],
                                                      &error));
      g_assert_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID);
      g_test_message ("%s: %s", bad[i], error->message);
      if (i == 3)
        g_assert_nonnull (strstr (error->message, "Hidden layers 8 is out "
                                  "of range: use a value from 0 to 7"));
      g_clear_error (&error);
    }
  g_assert_cmpuint (config->n_hidden, ==, 0);
}

static SeqgdConfig *
unusual_config (void)
{
  SeqgdConfig *config = seqgd_config_new_default ();

  /* Numbers inside strings must survive the shortening of doubles. */
  config->data_dir = g_strdup ("/tmp/some data/“quoted” \"0.10000000000000001"
                               "\" \\ -2.50000000000000001e3");
  config->train_limit = 1234;
  config->holdout = 0.25;
  g_assert_true (seqgd_config_set_rules_string (config, "sequential", NULL));
  g_assert_true (seqgd_config_set_hidden_string (config, "300,100", NULL));
  config->activation = SEQGD_ACTIVATION_RELU;
  config->output = SEQGD_OUTPUT_SIGMOID_MSE;
  config->init = SEQGD_INIT_HE;
  config->learning_rate = 0.0123456789;
  config->batch_size = 17;
  config->epochs = 4;
  config->n_seeds = 5;
  config->first_seed = G_GUINT64_CONSTANT (9007199254740993);
  config->loss_target = 0.3;
  config->threads = 3;

  return config;
}

static void
test_json_round_trip (void)
{
  g_autoptr(SeqgdConfig) defaults = seqgd_config_new_default ();
  g_autoptr(SeqgdConfig) config = unusual_config ();
  g_autoptr(SeqgdConfig) back = NULL;
  g_autoptr(SeqgdConfig) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_false (seqgd_config_equal (config, defaults));
  copy = seqgd_config_copy (config);
  g_assert_true (seqgd_config_equal (config, copy));

  text = seqgd_config_to_string (config);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "\"learning_rate\" : 0.0123456789,"));
  back = seqgd_config_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (seqgd_config_equal (config, back));
  g_clear_pointer (&back, seqgd_config_free);
  g_clear_pointer (&text, g_free);

  text = seqgd_config_to_string (defaults);
  back = seqgd_config_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (seqgd_config_equal (defaults, back));
}

static void
test_json_file (void)
{
  g_autoptr(SeqgdConfig) config = unusual_config ();
  g_autoptr(SeqgdConfig) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqgd-config-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "config.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *unwritable = g_build_filename (dir, "no", "such", "dir",
                                                  "c.json", NULL);

  g_assert_true (seqgd_config_save (config, path, &error));
  g_assert_no_error (error);
  back = seqgd_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (seqgd_config_equal (config, back));

  g_assert_null (seqgd_config_load (missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_false (seqgd_config_save (config, unwritable, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, unwritable));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{\"epochs\": \"many\"}", -1,
                                      NULL));
  g_assert_null (seqgd_config_load (path, &error));
  g_assert_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "epochs"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_json_partial (void)
{
  g_autoptr(SeqgdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  /* Unknown members are ignored; absent ones keep their defaults. */
  config = seqgd_config_from_string ("{ \"epochs\": 7, \"colour\": [1, {}],"
                                     "  \"future\": { \"x\": null },"
                                     "  \"learning_rate\": 1,"
                                     "  \"batch_size\": 64.0,"
                                     "  \"data_dir\": null }", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->epochs, ==, 7);
  g_assert_cmpfloat (config->learning_rate, ==, 1.0);
  g_assert_cmpuint (config->batch_size, ==, 64);
  g_assert_cmpuint (config->hidden[0], ==, 128);
  g_assert_null (config->data_dir);
  g_clear_pointer (&config, seqgd_config_free);

  config = seqgd_config_from_string ("{}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->epochs, ==, 3);
}

typedef struct
{
  const char *json;
  int         code;
  const char *word;
} BadJson;

static const BadJson bad_json[] = {
  { "", SEQGD_CONFIG_ERROR_PARSE, "JSON" },
  { "{ \"epochs\": 3", SEQGD_CONFIG_ERROR_PARSE, "JSON" },
  { "[1, 2]", SEQGD_CONFIG_ERROR_PARSE, "object" },
  { "42", SEQGD_CONFIG_ERROR_PARSE, "object" },
  { "{\"epochs\": \"3\"}", SEQGD_CONFIG_ERROR_PARSE, "epochs" },
  { "{\"epochs\": 2.5}", SEQGD_CONFIG_ERROR_PARSE, "epochs" },
  { "{\"epochs\": -1}", SEQGD_CONFIG_ERROR_INVALID, "epochs" },
  { "{\"epochs\": 0}", SEQGD_CONFIG_ERROR_INVALID, "Epochs" },
  { "{\"epochs\": 1e30}", SEQGD_CONFIG_ERROR_INVALID, "epochs" },
  { "{\"batch_size\": true}", SEQGD_CONFIG_ERROR_PARSE, "batch_size" },
  { "{\"learning_rate\": \"fast\"}", SEQGD_CONFIG_ERROR_PARSE,
    "learning_rate" },
  { "{\"learning_rate\": 500}", SEQGD_CONFIG_ERROR_INVALID,
    "Learning rate" },
  { "{\"learning_rate\": 500}", SEQGD_CONFIG_ERROR_INVALID,
    "(setting “learning_rate”)" },
  { "{\"loss_target\": -1}", SEQGD_CONFIG_ERROR_INVALID,
    "(setting “loss_target”)" },
  { "{\"holdout\": 0.9}", SEQGD_CONFIG_ERROR_INVALID,
    "(setting “holdout”)" },
  { "{\"hidden\": [0]}", SEQGD_CONFIG_ERROR_INVALID, "(setting “hidden”)" },
  { "{\"hidden\": [1,1,1,1,1,1,1,1]}", SEQGD_CONFIG_ERROR_INVALID,
    "Hidden layers 8 is out of range: use a value from 0 to 7" },
  { "{\"rules\": \"autograd\"}", SEQGD_CONFIG_ERROR_PARSE, "rules" },
  { "{\"rules\": [1]}", SEQGD_CONFIG_ERROR_PARSE, "rules" },
  { "{\"rules\": [\"nope\"]}", SEQGD_CONFIG_ERROR_INVALID, "nope" },
  { "{\"rules\": []}", SEQGD_CONFIG_ERROR_INVALID, "Rules" },
  { "{\"hidden\": 128}", SEQGD_CONFIG_ERROR_PARSE, "hidden" },
  { "{\"hidden\": [\"128\"]}", SEQGD_CONFIG_ERROR_PARSE, "hidden" },
  { "{\"hidden\": [0]}", SEQGD_CONFIG_ERROR_INVALID, "hidden layer 1" },
  { "{\"hidden\": [1,1,1,1,1,1,1,1]}", SEQGD_CONFIG_ERROR_INVALID,
    "Hidden layers" },
  { "{\"activation\": \"swish\"}", SEQGD_CONFIG_ERROR_INVALID, "swish" },
  { "{\"activation\": 2}", SEQGD_CONFIG_ERROR_PARSE, "activation" },
  { "{\"output\": \"hinge\"}", SEQGD_CONFIG_ERROR_INVALID, "output" },
  { "{\"init\": \"zeros\"}", SEQGD_CONFIG_ERROR_INVALID, "init" },
  { "{\"data_dir\": 5}", SEQGD_CONFIG_ERROR_PARSE, "data_dir" },
  { "{\"first_seed\": -5}", SEQGD_CONFIG_ERROR_INVALID, "first_seed" },
  { "{\"holdout\": 0.9}", SEQGD_CONFIG_ERROR_INVALID, "Holdout" },
  { "{\"threads\": {}}", SEQGD_CONFIG_ERROR_PARSE, "threads" },
  { "{\"seeds\": [3]}", SEQGD_CONFIG_ERROR_PARSE, "seeds" },
};

static void
test_json_bad (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_json); i++)
    {
      g_autoptr(SeqgdConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      config = seqgd_config_from_string (bad_json[i].json, &error);
      g_assert_null (config);
      g_assert_error (error, SEQGD_CONFIG_ERROR, bad_json[i].code);
      g_test_message ("%s → %s", bad_json[i].json, error->message);
      g_assert_nonnull (strstr (error->message, bad_json[i].word));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/config/defaults", test_defaults);
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/core/config/invalid/",
                                           invalid_cases[i].name, NULL);

      g_test_add_data_func (path, &invalid_cases[i], test_invalid);
    }
  g_test_add_func ("/core/config/edges-valid", test_edges_valid);
  g_test_add_func ("/core/config/lists", test_lists);
  g_test_add_func ("/core/config/json-round-trip", test_json_round_trip);
  g_test_add_func ("/core/config/json-file", test_json_file);
  g_test_add_func ("/core/config/json-partial", test_json_partial);
  g_test_add_func ("/core/config/json-bad", test_json_bad);

  return g_test_run ();
}
