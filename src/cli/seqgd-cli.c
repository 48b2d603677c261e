/* seqgd-cli.c — the headless runner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a config from the defaults, an optional JSON file and the
 * command line (in that order of precedence, last wins), loads the data,
 * trains on a worker thread while the main loop shows progress and waits
 * for Ctrl-C, then prints a results table and writes the files asked for
 * (CSV, JSON and the loss plot, drawn by the plot library).  An
 * interrupted experiment still reports and saves what it computed.  With
 * --open it reports, and redraws, saved results instead of training; with
 * --download it fetches MNIST into the cache folder and exits; with
 * --list-data it lists the data sets found on this machine.
 *
 * Exit status: 0 done, 1 data or file error, 2 bad option or config,
 * 130 interrupted.
 */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "seqgd-download.h"
#include "seqgd-plot.h"
#include "seqgd-rule.h"
#include "seqgd-sources.h"
#include "seqgd-trainer.h"

enum
{
  EXIT_OK = 0,
  EXIT_DATA = 1,
  EXIT_USAGE = 2,
  EXIT_INTERRUPTED = 130,
};

/* A number typed on the command line, once it has been checked against
 * the range its option accepts. */
typedef struct
{
  gboolean given;
  gint64   value;
} CountOption;

typedef struct
{
  gboolean given;
  double   value;
} RealOption;

/* Options: every field starts unset (NULL, FALSE or not given) so that
 * only what the user typed overrides the config file. */
typedef struct
{
  char        *data_dir;
  char        *rules;
  char        *hidden;
  char        *activation;
  char        *loss;
  char        *init;
  RealOption   learning_rate;
  CountOption  batch_size;
  CountOption  epochs;
  CountOption  train_limit;
  RealOption   holdout;
  CountOption  n_seeds;
  CountOption  first_seed;
  RealOption   loss_target;
  CountOption  threads;
  char        *csv_path;
  char        *json_path;
  char        *config_path;
  char        *save_config_path;
  char       **open_paths;
  gboolean     quiet;
  gboolean     list_rules;
  gboolean     list_data;

  /* The plot file and how it looks. */
  char        *plot_path;
  char        *plot_y;
  char        *plot_x;
  gboolean     log_y;
  char        *smooth;
  char        *band;
  char        *plot_size;
  RealOption   plot_scale;
  char        *background;
  char        *title;

  /* Fetching data. */
  char        *download;
  char       **mirrors;
  gboolean     no_public_mirrors;
  char        *checksums;
} Options;

static Options opt;

/* The numeric options, the name their messages give the setting and the
 * values they accept (the config's limits). */
typedef struct
{
  const char  *name;
  char         short_name;
  const char  *setting;
  gint64       min;
  gint64       max;
  CountOption *option;
} CountSpec;

typedef struct
{
  const char *name;
  char        short_name;
  const char *setting;
  double      min;
  double      max;
  RealOption *option;
} RealSpec;

static const CountSpec count_specs[] = {
  { "batch", 'b', "Batch size", 1, SEQGD_CONFIG_MAX_BATCH, &opt.batch_size },
  { "epochs", 'e', "Epochs", 1, SEQGD_CONFIG_MAX_EPOCHS, &opt.epochs },
  { "train-limit", 'n', "Training limit", 0, G_MAXUINT, &opt.train_limit },
  { "seeds", 's', "Seeds", 1, SEQGD_CONFIG_MAX_SEEDS, &opt.n_seeds },
  { "seed", 0, "First seed", 0, SEQGD_CONFIG_MAX_FIRST_SEED,
    &opt.first_seed },
  { "threads", 'j', "Threads", 0, SEQGD_CONFIG_MAX_THREADS, &opt.threads },
};

static const RealSpec real_specs[] = {
  { "lr", 0, "Learning rate", SEQGD_CONFIG_MIN_LR, SEQGD_CONFIG_MAX_LR,
    &opt.learning_rate },
  { "holdout", 0, "Holdout", 0, SEQGD_CONFIG_MAX_HOLDOUT, &opt.holdout },
  { "target", 't', "Loss target", 0, SEQGD_CONFIG_MAX_TARGET,
    &opt.loss_target },
  { "scale", 0, "Plot scale", 0.1, 16, &opt.plot_scale },
};

/* Whether @option_name, as GOption passes it ("--epochs" or "-e"), is
 * the option @name with @short_name. */
static gboolean
option_is (const char *option_name,
           const char *name,
           char        short_name)
{
  if (g_str_has_prefix (option_name, "--"))
    return g_str_equal (option_name + 2, name);

  return short_name != 0 && option_name[0] == '-' &&
         option_name[1] == short_name && option_name[2] == '\0';
}

static gboolean
parse_count_cb (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (count_specs); i++)
    {
      const CountSpec *spec = &count_specs[i];
      gint64 number;

      if (!option_is (option_name, spec->name, spec->short_name))
        continue;

      if (!g_ascii_string_to_signed (value, 10, spec->min, spec->max,
                                     &number, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--%s %s: %s must be a whole number from %"
                       G_GINT64_FORMAT " to %" G_GINT64_FORMAT, spec->name,
                       value, spec->setting, spec->min, spec->max);
          return FALSE;
        }
      spec->option->given = TRUE;
      spec->option->value = number;
      return TRUE;
    }

  g_return_val_if_reached (FALSE);
}

static gboolean
parse_real_cb (const char  *option_name,
               const char  *value,
               gpointer     data,
               GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (real_specs); i++)
    {
      const RealSpec *spec = &real_specs[i];
      char *end = NULL;
      double number;

      if (!option_is (option_name, spec->name, spec->short_name))
        continue;

      /* In the user's locale or the C one, as GOption reads numbers. */
      number = g_strtod (value, &end);
      if (end == value || *end != '\0' ||
          !(number >= spec->min && number <= spec->max))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--%s %s: %s must be a number from %g to %g",
                       spec->name, value, spec->setting, spec->min,
                       spec->max);
          return FALSE;
        }
      spec->option->given = TRUE;
      spec->option->value = number;
      return TRUE;
    }

  g_return_val_if_reached (FALSE);
}

/* What plain --help shows: enough to run, save and draw an experiment. */
static const GOptionEntry common_entries[] = {
  { "data", 'd', 0, G_OPTION_ARG_FILENAME, &opt.data_dir,
    "Folder with the IDX files (default: the first data found, see below)",
    "DIR" },
  { "rules", 'r', 0, G_OPTION_ARG_STRING, &opt.rules,
    "Learning rules to compare, comma-separated, or “all” "
    "(default: autograd,simultaneous,sequential)", "LIST" },
  { "hidden", 0, 0, G_OPTION_ARG_STRING, &opt.hidden,
    "Hidden layer widths, comma-separated, or “none” (default: 128)",
    "LIST" },
  { "lr", 0, 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_real_cb,
    "Learning rate (default: 0.1)", "RATE" },
  { "batch", 'b', 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_count_cb,
    "Examples per step (default: 32)", "N" },
  { "epochs", 'e', 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_count_cb,
    "Passes over the training set (default: 3)", "N" },
  { "train-limit", 'n', 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_count_cb,
    "Train on the first N training images only (default: all)", "N" },
  { "seeds", 's', 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_count_cb,
    "Number of seeds (initial weights and batch orders) (default: 1)", "N" },
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, &opt.config_path,
    "Read the experiment from a JSON config; options override it", "FILE" },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt.csv_path,
    "Write every step's loss as CSV", "FILE" },
  { "json", 0, 0, G_OPTION_ARG_FILENAME, &opt.json_path,
    "Write the config, epoch records and summaries as JSON", "FILE" },
  { "plot", 'p', 0, G_OPTION_ARG_FILENAME, &opt.plot_path,
    "Draw the loss curves into a .png, .svg or .pdf file (see --help-plot)",
    "FILE" },
  { "download", 0, 0, G_OPTION_ARG_STRING, &opt.download,
    "Download the data set NAME (mnist) and exit; it goes to the cache "
    "folder, where runs without --data find it, or to --data DIR", "NAME" },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry experiment_entries[] = {
  { "activation", 0, 0, G_OPTION_ARG_STRING, &opt.activation,
    "Hidden units: sigmoid, tanh or relu (default: sigmoid)", "NAME" },
  { "loss", 0, 0, G_OPTION_ARG_STRING, &opt.loss,
    "Output and loss: softmax-ce or sigmoid-mse (default: softmax-ce)",
    "NAME" },
  { "init", 0, 0, G_OPTION_ARG_STRING, &opt.init,
    "Initial weights: uniform, xavier, he or gaussian (default: uniform)",
    "NAME" },
  { "holdout", 0, 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_real_cb,
    "Fraction of the training set kept as test set when the data has no "
    "test files (default: 0.1)", "F" },
  { "seed", 0, 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_count_cb,
    "First seed (default: 0)", "FIRST" },
  { "target", 't', 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_real_cb,
    "Loss target for the “steps to target” column (default: 0.5)", "LOSS" },
  { "threads", 'j', 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_count_cb,
    "Runs trained at once; 0 decides by the number of cores (default: 0)",
    "N" },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry output_entries[] = {
  { "save-config", 0, 0, G_OPTION_ARG_FILENAME, &opt.save_config_path,
    "Save the experiment as a JSON config", "FILE" },
  { "open", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt.open_paths,
    "Instead of training, report saved results: a CSV and/or JSON file "
    "written by --csv/--json (give the option once per file); with --plot, "
    "draw them again", "FILE" },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt.quiet,
    "Print only the results table", NULL },
  { "list-rules", 0, 0, G_OPTION_ARG_NONE, &opt.list_rules,
    "List the learning rules and exit", NULL },
  { "list-data", 0, 0, G_OPTION_ARG_NONE, &opt.list_data,
    "List the data sets found on this machine (and in --data DIR) and exit",
    NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry plot_entries[] = {
  { "plot-y", 0, 0, G_OPTION_ARG_STRING, &opt.plot_y,
    "train-loss (each step's batch loss), or per epoch test-loss or "
    "test-accuracy (default: train-loss)", "QUANTITY" },
  { "plot-x", 0, 0, G_OPTION_ARG_STRING, &opt.plot_x,
    "Horizontal axis: steps, epochs, samples or seconds (default: steps)",
    "AXIS" },
  { "log-y", 0, 0, G_OPTION_ARG_NONE, &opt.log_y,
    "Logarithmic vertical axis", NULL },
  { "smooth", 0, 0, G_OPTION_ARG_STRING, &opt.smooth,
    "none; ema[:WEIGHT], a moving average giving the past WEIGHT (0.9); or "
    "window[:EPOCHS], a centred mean over EPOCHS (0.1) (default: none)",
    "HOW" },
  { "band", 0, 0, G_OPTION_ARG_STRING, &opt.band,
    "With several seeds, the band around each rule's mean: min-max, std "
    "(± one standard deviation) or none (default: min-max)", "KIND" },
  { "size", 0, 0, G_OPTION_ARG_STRING, &opt.plot_size,
    "Plot size, in pixels for PNG and SVG and in points for PDF "
    "(default: 960x600)", "WxH" },
  { "scale", 0, 0, G_OPTION_ARG_CALLBACK,
    (gpointer) parse_real_cb,
    "Pixels per unit of --size in a PNG: 1 for the screen, 2 for HiDPI, "
    "4 for print (default: 2)", "F" },
  { "background", 0, 0, G_OPTION_ARG_STRING, &opt.background,
    "white or transparent (default: white)", "FILL" },
  { "title", 0, 0, G_OPTION_ARG_STRING, &opt.title,
    "Title above the plot; \"\" for none (default: names what is "
    "drawn, such as “Training loss per step”)", "TEXT" },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry download_entries[] = {
  { "mirror", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.mirrors,
    "Try this base URL before the public mirrors; repeat the option or "
    "separate URLs with commas for several", "URL" },
  { "no-public-mirrors", 0, 0, G_OPTION_ARG_NONE, &opt.no_public_mirrors,
    "Try only the --mirror URLs", NULL },
  { "checksums", 0, 0, G_OPTION_ARG_FILENAME, &opt.checksums,
    "Check the files against the MD5 sums in FILE (md5sum's format) "
    "instead of the published ones, for a re-packaged copy "
    "(default: $" SEQGD_DOWNLOAD_ENV_MD5SUMS " when set)", "FILE" },
  G_OPTION_ENTRY_NULL
};

static const char summary[] =
  "Trains the same small neural network under several learning rules, from\n"
  "identical starting weights and with the same batches, and compares how\n"
  "fast the loss falls and how well each rule classifies the test set.";

/* The help text below the options; %s is MNIST's cache folder. */
static const char description_format[] =
  "Examples:\n"
  "  seqgd-cli --download mnist\n"
  "      Fetch MNIST (11.6 MB) into %s;\n"
  "      from then on, runs without --data train on it.\n"
  "  seqgd-cli\n"
  "      The default experiment: 784-128-10 sigmoid network, learning rate\n"
  "      0.1, batch 32, 3 epochs, rules autograd, simultaneous, sequential.\n"
  "  seqgd-cli --train-limit 10000 --seeds 3 --csv steps.csv --json runs.json\n"
  "      Three seeds on the first 10,000 training images; every step's loss\n"
  "      saved to steps.csv, the settings and per-epoch results to runs.json.\n"
  "  seqgd-cli --lr 0.05 --epochs 5 --plot loss.png\n"
  "      Another learning rate and length; the loss curves drawn in loss.png.\n"
  "  seqgd-cli --open steps.csv --open runs.json --plot loss.svg --log-y\n"
  "      The results table of the earlier experiment, from its files, and\n"
  "      its curves drawn again on a log scale, without training.\n"
  "\n"
  "More options: --help-experiment (activation, loss, initial weights,\n"
  "holdout, first seed, loss target, threads), --help-output (--open,\n"
  "--save-config, --quiet, lists), --help-plot (what the plot shows and\n"
  "how), --help-download (mirrors), --help-all (everything).\n"
  "\n"
  "Data: a folder with train-images-idx3-ubyte[.gz], train-labels-idx1-\n"
  "ubyte[.gz] and, optionally, t10k-images/-labels (also under MNIST/raw/).\n"
  "Without --data the first of these is used: $" SEQGD_SOURCES_ENV_DATA_DIR
  " when set, MNIST\nin the cache folder, then Fashion-MNIST from Debian's "
  "dataset-fashion-mnist\npackage.  The first lines of the output say which "
  "data a run uses.\n"
  "\n"
  "Exit status: 0 done, 1 data or file error, 2 bad option or config,\n"
  "130 interrupted (what was computed is still printed and saved).\n";

/* Config --------------------------------------------------------------- */

/* Sets a bad-option error; returns FALSE. */
static gboolean
usage_error (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
usage_error (GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       message);

  return FALSE;
}

static gboolean
set_enum_names (SeqgdConfig  *config,
                GError      **error)
{
  if (opt.activation != NULL &&
      !seqgd_activation_from_string (opt.activation, &config->activation))
    {
      g_set_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID,
                   "--activation %s: use sigmoid, tanh or relu",
                   opt.activation);
      return FALSE;
    }
  if (opt.loss != NULL && !seqgd_output_from_string (opt.loss,
                                                     &config->output))
    {
      g_set_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID,
                   "--loss %s: use softmax-ce or sigmoid-mse", opt.loss);
      return FALSE;
    }
  if (opt.init != NULL && !seqgd_init_from_string (opt.init, &config->init))
    {
      g_set_error (error, SEQGD_CONFIG_ERROR, SEQGD_CONFIG_ERROR_INVALID,
                   "--init %s: use uniform, xavier, he or gaussian",
                   opt.init);
      return FALSE;
    }

  return TRUE;
}

static char *
all_rule_ids (void)
{
  const SeqgdRule * const *rules = seqgd_rule_list ();
  GString *ids = g_string_new (NULL);

  for (guint i = 0; rules[i] != NULL; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", rules[i]->id);

  return g_string_free (ids, FALSE);
}

static gboolean
apply_options (SeqgdConfig  *config,
               GError      **error)
{
  if (opt.data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_strdup (opt.data_dir);
    }
  if (opt.rules != NULL)
    {
      g_autofree char *all = all_rule_ids ();

      if (!seqgd_config_set_rules_string (config,
                                          g_str_equal (opt.rules, "all")
                                          ? all : opt.rules, error))
        {
          g_prefix_error (error, "--rules %s: ", opt.rules);
          return FALSE;
        }
    }
  if (opt.hidden != NULL &&
      !seqgd_config_set_hidden_string (config, opt.hidden, error))
    {
      g_prefix_error (error, "--hidden %s: ", opt.hidden);
      return FALSE;
    }
  if (!set_enum_names (config, error))
    return FALSE;

  /* The numbers were checked against their ranges as they were read. */
  if (opt.learning_rate.given)
    config->learning_rate = opt.learning_rate.value;
  if (opt.holdout.given)
    config->holdout = opt.holdout.value;
  if (opt.loss_target.given)
    config->loss_target = opt.loss_target.value;
  if (opt.first_seed.given)
    config->first_seed = (guint64) opt.first_seed.value;
  if (opt.batch_size.given)
    config->batch_size = (guint) opt.batch_size.value;
  if (opt.epochs.given)
    config->epochs = (guint) opt.epochs.value;
  if (opt.train_limit.given)
    config->train_limit = (guint) opt.train_limit.value;
  if (opt.n_seeds.given)
    config->n_seeds = (guint) opt.n_seeds.value;
  if (opt.threads.given)
    config->threads = (guint) opt.threads.value;

  return TRUE;
}

static SeqgdConfig *
build_config (GError **error)
{
  g_autoptr(SeqgdConfig) config = NULL;

  if (opt.config_path != NULL)
    config = seqgd_config_load (opt.config_path, error);
  else
    config = seqgd_config_new_default ();

  if (config == NULL || !apply_options (config, error) ||
      !seqgd_config_validate (config, error))
    return NULL;

  return g_steal_pointer (&config);
}

/* Plot ----------------------------------------------------------------- */

typedef struct
{
  SeqgdPlotOptions options;
  double           width;
  double           height;
  double           scale;
} PlotSettings;

static PlotSettings plot_settings;

/* "none", "ema", "ema:0.95", "window" or "window:0.5". */
static gboolean
parse_smoothing (const char        *text,
                 SeqgdPlotOptions  *options,
                 GError           **error)
{
  const char *colon = strchr (text, ':');
  g_autofree char *kind = g_strndup (text, colon != NULL ? (gsize) (colon - text)
                                                         : strlen (text));
  double value = NAN;
  char *end = NULL;

  if (colon != NULL)
    {
      value = g_ascii_strtod (colon + 1, &end);
      if (end == colon + 1 || *end != '\0')
        value = -1;
    }

  if (g_ascii_strcasecmp (kind, "none") == 0 && colon == NULL)
    options->smoothing = SEQGD_PLOT_SMOOTH_NONE;
  else if (g_ascii_strcasecmp (kind, "ema") == 0)
    {
      if (colon != NULL && !(value >= 0 && value < 1))
        return usage_error (error, "--smooth %s: the EMA weight is a "
                                 "number from 0 to below 1, such as ema:0.9",
                                 text);
      options->smoothing = SEQGD_PLOT_SMOOTH_EMA;
      if (colon != NULL)
        options->ema_weight = value;
    }
  else if (g_ascii_strcasecmp (kind, "window") == 0)
    {
      if (colon != NULL && !(value >= 0.01 && value <= 100))
        return usage_error (error, "--smooth %s: the window is 0.01 to "
                                 "100 epochs wide, such as window:0.5", text);
      options->smoothing = SEQGD_PLOT_SMOOTH_WINDOW;
      if (colon != NULL)
        options->window_epochs = value;
    }
  else
    return usage_error (error, "--smooth %s: use none, ema, ema:WEIGHT, "
                             "window or window:EPOCHS", text);

  return TRUE;
}

static gboolean
parse_band (const char     *text,
            SeqgdPlotBand  *band,
            GError        **error)
{
  if (g_ascii_strcasecmp (text, "min-max") == 0)
    *band = SEQGD_PLOT_BAND_MIN_MAX;
  else if (g_ascii_strcasecmp (text, "std") == 0)
    *band = SEQGD_PLOT_BAND_STDDEV;
  else if (g_ascii_strcasecmp (text, "none") == 0)
    *band = SEQGD_PLOT_BAND_NONE;
  else
    return usage_error (error, "--band %s: use min-max, std or none",
                             text);

  return TRUE;
}

/* "960x600"; an "X" or "×" also separates. */
static gboolean
parse_size (const char  *text,
            double      *width,
            double      *height,
            GError     **error)
{
  g_autofree char *copy = g_strdup (text);
  char *sep = strstr (copy, "×");
  guint64 w = 0, h = 0;
  gsize skip = 3;

  if (sep == NULL)
    {
      sep = strpbrk (copy, "xX");
      skip = 1;
    }
  if (sep != NULL)
    {
      *sep = '\0';
      if (!g_ascii_string_to_unsigned (copy, 10, 1, 32767, &w, NULL) ||
          !g_ascii_string_to_unsigned (sep + skip, 10, 1, 32767, &h, NULL))
        sep = NULL;
    }
  if (sep == NULL)
    return usage_error (error, "--size %s: use WIDTHxHEIGHT, each from "
                             "1 to 32767, such as 960x600", text);

  *width = (double) w;
  *height = (double) h;
  return TRUE;
}

/* The first plot option given, or NULL. */
static const char *
plot_option_given (void)
{
  const struct { gboolean given; const char *name; } options[] = {
    { opt.plot_y != NULL, "--plot-y" },
    { opt.plot_x != NULL, "--plot-x" },
    { opt.log_y, "--log-y" },
    { opt.smooth != NULL, "--smooth" },
    { opt.band != NULL, "--band" },
    { opt.plot_size != NULL, "--size" },
    { opt.plot_scale.given, "--scale" },
    { opt.background != NULL, "--background" },
    { opt.title != NULL, "--title" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (options[i].given)
      return options[i].name;

  return NULL;
}

/* The plot file's format and look, checked before any training. */
static gboolean
parse_plot_options (GError **error)
{
  SeqgdPlotOptions *o = &plot_settings.options;
  SeqgdPlotFormat format;

  seqgd_plot_options_init (o);
  plot_settings.width = 960;
  plot_settings.height = 600;
  plot_settings.scale = 2;

  if (opt.plot_path == NULL)
    return plot_option_given () == NULL ||
           usage_error (error, "%s shapes the plot file: name it with "
                             "--plot FILE", plot_option_given ());

  if (!seqgd_plot_format_from_path (opt.plot_path, &format, NULL) ||
      format == SEQGD_PLOT_FORMAT_CSV)
    return usage_error (error, "--plot %s: use a name ending in .png, "
                             ".svg or .pdf (step records go to --csv)",
                             opt.plot_path);

  if (opt.plot_y != NULL &&
      !seqgd_plot_quantity_from_string (opt.plot_y, &o->quantity))
    return usage_error (error, "--plot-y %s: use train-loss, test-loss "
                             "or test-accuracy", opt.plot_y);
  if (opt.plot_x != NULL &&
      !seqgd_plot_x_mode_from_string (opt.plot_x, &o->x_mode))
    return usage_error (error, "--plot-x %s: use steps, epochs, samples "
                             "or seconds", opt.plot_x);
  o->log_y = opt.log_y;
  if (opt.smooth != NULL && !parse_smoothing (opt.smooth, o, error))
    return FALSE;
  if (opt.band != NULL && !parse_band (opt.band, &o->band, error))
    return FALSE;
  if (opt.plot_size != NULL &&
      !parse_size (opt.plot_size, &plot_settings.width, &plot_settings.height,
                   error))
    return FALSE;
  if (opt.plot_scale.given)
    plot_settings.scale = opt.plot_scale.value;
  if (opt.background != NULL)
    {
      if (g_ascii_strcasecmp (opt.background, "white") != 0 &&
          g_ascii_strcasecmp (opt.background, "transparent") != 0)
        return usage_error (error, "--background %s: use white or "
                                 "transparent", opt.background);
      o->transparent = g_ascii_strcasecmp (opt.background,
                                           "transparent") == 0;
    }
  o->title = opt.title;

  return TRUE;
}

/* Whether any run has a value of @quantity to draw. */
static gboolean
has_plot_data (SeqgdResults      *results,
               SeqgdPlotQuantity  quantity,
               gboolean          *any_epochs)
{
  guint n_runs = seqgd_results_get_n_runs (results);
  gboolean found = FALSE;

  *any_epochs = FALSE;
  seqgd_results_lock (results);
  for (guint i = 0; !found && i < n_runs; i++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, i);

      if (quantity == SEQGD_PLOT_Y_TRAIN_LOSS)
        {
          found = run->steps->len > 0;
          continue;
        }

      for (guint e = 0; !found && e < run->epochs->len; e++)
        {
          const SeqgdEpochRecord *r =
            &g_array_index (run->epochs, SeqgdEpochRecord, e);

          *any_epochs = TRUE;
          found = !isnan (quantity == SEQGD_PLOT_Y_TEST_LOSS
                          ? r->test_loss : r->test_accuracy);
        }
    }
  seqgd_results_unlock (results);

  return found;
}

/* Why a plot of @quantity has nothing to draw, and what would help. */
static const char *
explain_no_plot_data (SeqgdPlotQuantity quantity,
                      gboolean          any_epochs)
{
  if (quantity == SEQGD_PLOT_Y_TRAIN_LOSS)
    return opt.open_paths != NULL
           ? "the files hold no step records, so there is no training loss "
             "per step;\nopen the CSV file written by --csv too, or plot "
             "--plot-y test-loss"
           : "no training step was done";
  if (any_epochs)
    return "the experiment had no test set; with --data, a folder without "
           "test files\nkeeps a --holdout share of the training images "
           "for testing";

  return opt.open_paths != NULL
         ? "the per-epoch test loss and accuracy are in the JSON file "
           "written by --json,\nwhich was not opened; open it too "
           "(--open runs.json)"
         : "no epoch was finished";
}

/* Draws the plot file; a plot with nothing at all to draw is not
 * written, and is an error. */
static gboolean
write_plot (SeqgdResults  *results,
            GError       **error)
{
  g_autoptr(SeqgdPlotModel) model = seqgd_plot_model_new ();
  SeqgdPlotQuantity quantity = plot_settings.options.quantity;
  gboolean any_epochs;

  if (!has_plot_data (results, quantity, &any_epochs))
    {
      g_printerr ("Note: %s.\n", explain_no_plot_data (quantity,
                                                        any_epochs));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Nothing to draw in “%s”: there is no %s to plot, so the "
                   "file was not written", opt.plot_path,
                   seqgd_plot_quantity_to_string (quantity));
      return FALSE;
    }

  seqgd_plot_model_sync (model, results);
  return seqgd_plot_export (model, &plot_settings.options, opt.plot_path,
                            plot_settings.width, plot_settings.height,
                            plot_settings.scale, error);
}

/* Checks, before any training, that each output file can be created
 * where it is named: its folder exists and is a writable folder.  The
 * files themselves are written (atomically) at the end. */
static gboolean
check_output_paths (GError **error)
{
  const struct { const char *option; const char *path; } outputs[] = {
    { "--csv", opt.csv_path },
    { "--json", opt.json_path },
    { "--plot", opt.plot_path },
  };

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *folder = NULL;
      const char *problem = NULL;

      if (outputs[i].path == NULL)
        continue;

      folder = g_path_get_dirname (outputs[i].path);
      if (!g_file_test (folder, G_FILE_TEST_EXISTS))
        problem = "does not exist";
      else if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        problem = "is not a folder";
      else if (access (folder, W_OK | X_OK) != 0)
        problem = "is not writable";

      if (problem != NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                       "%s %s: the folder “%s” %s, so the file cannot be "
                       "written", outputs[i].option, outputs[i].path, folder,
                       problem);
          return FALSE;
        }
    }

  return TRUE;
}

/* Download ------------------------------------------------------------- */

/* The first option that runs or reports an experiment, or NULL. */
static const char *
experiment_option_given (void)
{
  const struct { gboolean given; const char *name; } options[] = {
    { opt.rules != NULL, "--rules" },
    { opt.hidden != NULL, "--hidden" },
    { opt.activation != NULL, "--activation" },
    { opt.loss != NULL, "--loss" },
    { opt.init != NULL, "--init" },
    { opt.learning_rate.given, "--lr" },
    { opt.batch_size.given, "--batch" },
    { opt.epochs.given, "--epochs" },
    { opt.train_limit.given, "--train-limit" },
    { opt.holdout.given, "--holdout" },
    { opt.n_seeds.given, "--seeds" },
    { opt.first_seed.given, "--seed" },
    { opt.loss_target.given, "--target" },
    { opt.threads.given, "--threads" },
    { opt.csv_path != NULL, "--csv" },
    { opt.json_path != NULL, "--json" },
    { opt.config_path != NULL, "--config" },
    { opt.save_config_path != NULL, "--save-config" },
    { opt.open_paths != NULL, "--open" },
    { opt.plot_path != NULL, "--plot" },
    { opt.list_rules, "--list-rules" },
    { opt.list_data, "--list-data" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (options[i].given)
      return options[i].name;

  return NULL;
}

/* The --mirror URLs in order, each option split at its commas. */
static GPtrArray *
mirror_list (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; opt.mirrors != NULL && opt.mirrors[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (opt.mirrors[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          char *url = g_strstrip (parts[j]);

          if (*url != '\0')
            g_ptr_array_add (list, g_strdup (url));
        }
    }

  return list;
}

static gboolean
parse_download_options (GError **error)
{
  g_autoptr(GPtrArray) mirrors = mirror_list ();
  const char *other = experiment_option_given ();

  if (opt.download == NULL)
    {
      if (opt.mirrors != NULL || opt.no_public_mirrors ||
          opt.checksums != NULL)
        return usage_error (error, "%s only applies to --download mnist",
                                 opt.checksums != NULL ? "--checksums"
                                 : opt.mirrors != NULL ? "--mirror"
                                 : "--no-public-mirrors");
      return TRUE;
    }

  if (g_ascii_strcasecmp (opt.download, "mnist") != 0)
    return usage_error (error, "--download %s: the data set offered "
                             "for download is mnist", opt.download);
  if (other != NULL)
    return usage_error (error, "--download fetches the data and exits, "
                             "so %s has nothing to act on; run the experiment "
                             "with a second command", other);
  if (opt.no_public_mirrors && mirrors->len == 0)
    return usage_error (error, "--no-public-mirrors needs a --mirror "
                             "URL to download from");

  for (guint i = 0; i < mirrors->len; i++)
    {
      const char *url = mirrors->pdata[i];
      g_autofree char *scheme = g_uri_parse_scheme (url);

      if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 &&
                             g_ascii_strcasecmp (scheme, "https") != 0) ||
          !g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
        return usage_error (error, "--mirror %s: use an http:// or "
                                 "https:// URL of the folder that holds the "
                                 "files", url);
    }

  return TRUE;
}

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  gboolean      show_progress;
  gboolean      ok;
  GError       *error;
} Fetch;

static void
download_progress_cb (const SeqgdDownloadProgress *progress,
                      gpointer                     user_data)
{
  Fetch *fetch = user_data;
  g_autofree char *line = NULL;

  if (!fetch->show_progress)
    return;

  line = seqgd_download_progress_format (progress);
  fprintf (stderr, "\r\033[K%u/%u %s", progress->file_index + 1,
           progress->n_files, line);
  fflush (stderr);
}

static void
download_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->ok = seqgd_download_run_finish (SEQGD_DOWNLOAD (object), result,
                                         &fetch->error);
  g_main_loop_quit (fetch->loop);
}

static gboolean
download_interrupt_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  g_cancellable_cancel (fetch->cancellable);
  return G_SOURCE_CONTINUE;
}

static SeqgdDownload *
prepare_download (GError **error)
{
  g_autoptr(SeqgdDownload) download = seqgd_download_new_mnist (opt.data_dir);
  g_autoptr(GPtrArray) mirrors = mirror_list ();
  const char *checksums = opt.checksums;

  if (checksums == NULL)
    checksums = g_getenv (SEQGD_DOWNLOAD_ENV_MD5SUMS);
  if (checksums != NULL && *checksums != '\0' &&
      !seqgd_download_load_checksums (download, checksums, error))
    return NULL;

  if (opt.no_public_mirrors)
    {
      g_ptr_array_add (mirrors, NULL);
      seqgd_download_set_mirrors (download,
                                  (const char * const *) mirrors->pdata);
    }
  else
    for (guint i = mirrors->len; i > 0; i--)
      seqgd_download_prepend_mirror (download, mirrors->pdata[i - 1]);

  return g_steal_pointer (&download);
}

/* What was downloaded, and how a run finds it. */
static void
print_downloaded (const char *folder)
{
  g_autoptr(SeqgdSource) source = NULL;
  g_autofree char *line = NULL;
  g_autofree char *default_folder = NULL;

  source = seqgd_sources_probe (folder, opt.data_dir != NULL
                                        ? SEQGD_SOURCE_USER
                                        : SEQGD_SOURCE_CACHE, NULL, NULL);
  if (source != NULL)
    line = seqgd_source_describe (source);
  g_print ("Downloaded: %s\n", line != NULL ? line : folder);

  if (opt.data_dir != NULL)
    {
      g_print ("Train on it with --data %s\n", folder);
      return;
    }

  default_folder = seqgd_sources_find_default_folder ();
  if (source != NULL && g_strcmp0 (default_folder, source->folder) == 0)
    g_print ("Runs without --data now train on it.\n");
  else if (g_getenv (SEQGD_SOURCES_ENV_DATA_DIR) != NULL)
    g_print ("Runs without --data use $%s (%s); unset it to train on "
             "MNIST.\n", SEQGD_SOURCES_ENV_DATA_DIR, default_folder);
}

/* Says how the download ended; returns the exit status. */
static int
report_download (Fetch      *fetch,
                 const char *folder)
{
  if (fetch->ok)
    {
      if (!opt.quiet)
        print_downloaded (folder);
      return EXIT_OK;
    }

  if (g_error_matches (fetch->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("Interrupted: the download stopped; no partial file was "
                  "kept.\n");
      return EXIT_INTERRUPTED;
    }

  g_printerr ("seqgd-cli: %s\n", fetch->error->message);
  if (g_error_matches (fetch->error, SEQGD_DOWNLOAD_ERROR,
                       SEQGD_DOWNLOAD_ERROR_OFFLINE))
    g_printerr ("Check the network connection, or name a nearer copy with "
                "--mirror URL.\n");
  return EXIT_DATA;
}

static int
download_data (void)
{
  g_autoptr(SeqgdDownload) download = NULL;
  g_autoptr(GError) error = NULL;
  Fetch fetch = { 0 };
  guint sigint_id, sigterm_id;
  int status;

  download = prepare_download (&error);
  if (download == NULL)
    {
      g_printerr ("seqgd-cli: %s\n", error->message);
      return EXIT_USAGE;
    }

  if (!opt.quiet)
    g_print ("Downloading MNIST into %s\n",
             seqgd_download_get_folder (download));
  fetch.loop = g_main_loop_new (NULL, FALSE);
  fetch.cancellable = g_cancellable_new ();
  fetch.show_progress = !opt.quiet && isatty (STDERR_FILENO);
  seqgd_download_set_progress_func (download, download_progress_cb, &fetch,
                                    NULL);
  sigint_id = g_unix_signal_add (SIGINT, download_interrupt_cb, &fetch);
  sigterm_id = g_unix_signal_add (SIGTERM, download_interrupt_cb, &fetch);

  seqgd_download_run_async (download, fetch.cancellable, download_done_cb,
                            &fetch);
  g_main_loop_run (fetch.loop);
  if (fetch.show_progress)
    fputs ("\r\033[K", stderr);

  status = report_download (&fetch, seqgd_download_get_folder (download));

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_error (&fetch.error);
  g_clear_object (&fetch.cancellable);
  g_clear_pointer (&fetch.loop, g_main_loop_unref);
  return status;
}

/* Running -------------------------------------------------------------- */

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  SeqgdResults *results;
  SeqgdDataset *train;
  SeqgdDataset *test;
  gint          progress;     /* atomic, in 1/10000 */
  GTimer       *timer;
  gboolean      show_progress;
  gboolean      ok;
  GError       *error;
} Session;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Session *session = user_data;

  g_atomic_int_set (&session->progress, (gint) (fraction * 10000));
}

static gboolean
quit_cb (gpointer user_data)
{
  Session *session = user_data;

  g_main_loop_quit (session->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
train_thread (gpointer data)
{
  Session *session = data;

  session->ok = seqgd_trainer_run (session->results, session->train,
                                   session->test, progress_cb, session,
                                   session->cancellable, &session->error);
  g_idle_add (quit_cb, session);

  return NULL;
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Session *session = user_data;

  if (!g_cancellable_is_cancelled (session->cancellable))
    {
      if (session->show_progress)
        fputs ("\r\033[K", stderr);
      g_printerr ("Interrupted: stopping after the current step…\n");
      g_cancellable_cancel (session->cancellable);
    }

  return G_SOURCE_CONTINUE;
}

static void
format_duration (char   *buffer,
                 gsize   size,
                 double  seconds)
{
  guint s = (guint) MIN (seconds + 0.5, 359999.0);

  if (s >= 3600)
    g_snprintf (buffer, size, "%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
  else
    g_snprintf (buffer, size, "%u:%02u", s / 60, s % 60);
}

static gboolean
show_progress_cb (gpointer user_data)
{
  Session *session = user_data;
  double fraction = g_atomic_int_get (&session->progress) / 10000.0;
  double elapsed = g_timer_elapsed (session->timer, NULL);
  char eta[16] = "-:--";

  if (fraction > 0.001 && elapsed > 0.5)
    format_duration (eta, sizeof eta, elapsed * (1 - fraction) / fraction);
  fprintf (stderr, "\r\033[KTraining: %5.1f %%  ETA %s", 100 * fraction, eta);
  fflush (stderr);

  return G_SOURCE_CONTINUE;
}

static void
run_experiment (Session *session)
{
  GThread *thread;
  guint progress_id = 0;

  session->loop = g_main_loop_new (NULL, FALSE);
  session->timer = g_timer_new ();

  if (session->show_progress)
    progress_id = g_timeout_add (200, show_progress_cb, session);

  thread = g_thread_new ("seqgd-experiment", train_thread, session);
  g_main_loop_run (session->loop);
  g_thread_join (thread);

  if (progress_id != 0)
    {
      g_source_remove (progress_id);
      fputs ("\r\033[K", stderr);
    }
  g_clear_pointer (&session->timer, g_timer_destroy);
  g_clear_pointer (&session->loop, g_main_loop_unref);
}

/* Reporting ------------------------------------------------------------ */

static const SeqgdDataset *
dataset_root (const SeqgdDataset *data)
{
  while (data->parent != NULL)
    data = data->parent;

  return data;
}

static void
print_setup (const SeqgdConfig  *config,
             const SeqgdDataset *train,
             const SeqgdDataset *test)
{
  g_autofree char *hidden = seqgd_config_dup_hidden_string (config);
  g_autofree char *rules = g_strjoinv (", ", config->rules);
  const char *data_dir_env = g_getenv (SEQGD_SOURCES_ENV_DATA_DIR);

  g_print ("Data: %s from %s: %u training images", train->name,
           train->source, train->n);
  if (test == NULL)
    g_print (", no test set\n");
  else if (dataset_root (test) == dataset_root (train))
    g_print (", %u more held out for testing\n", test->n);
  else
    g_print (", %u test images\n", test->n);

  /* How the data was chosen when --data did not name it. */
  if (config->data_dir == NULL && data_dir_env != NULL &&
      *data_dir_env != '\0')
    g_print ("      (named by $%s)\n", SEQGD_SOURCES_ENV_DATA_DIR);
  else if (config->data_dir == NULL && !g_str_equal (train->name, "MNIST"))
    g_print ("      (found without --data; “seqgd-cli --download mnist” "
             "makes MNIST the default)\n");

  g_print ("Network: %u-%s-%u %s, %s, %s initialisation\n",
           train->n_features, config->n_hidden > 0 ? hidden : "",
           train->n_classes, seqgd_activation_to_string (config->activation),
           seqgd_output_to_string (config->output),
           seqgd_init_to_string (config->init));
  g_print ("Training: learning rate %g, batch %u, %u epoch%s, %u seed%s "
           "from %" G_GUINT64_FORMAT "; rules %s\n\n",
           config->learning_rate, config->batch_size, config->epochs,
           config->epochs == 1 ? "" : "s", config->n_seeds,
           config->n_seeds == 1 ? "" : "s", config->first_seed, rules);
}

/* @value with @decimals digits and @suffix; "-" when not known. */
static void
format_value (char       *buffer,
              gsize       size,
              int         decimals,
              const char *suffix,
              double      value)
{
  if (isfinite (value))
    g_snprintf (buffer, size, "%.*f%s", decimals, value, suffix);
  else if (isnan (value))
    g_strlcpy (buffer, "-", size);
  else
    g_strlcpy (buffer, value > 0 ? "inf" : "-inf", size);
}

static int
rule_width (SeqgdResults *results)
{
  int width = 4;

  for (guint i = 0; i < seqgd_results_get_n_runs (results); i++)
    width = MAX (width, (int) strlen (seqgd_results_get_run (results,
                                                             i)->rule));
  return width;
}

static void
print_runs (SeqgdResults *results)
{
  const SeqgdConfig *config = seqgd_results_get_config (results);
  int w = rule_width (results);
  char target[32];

  g_snprintf (target, sizeof target, "Steps to %g", config->loss_target);
  g_print ("%-*s %6s %10s %10s %9s %9s %9s %14s  %s\n", w, "Rule", "Seed",
           "Train loss", "Test loss", "Test acc", "Wall (s)", "CPU (s)",
           target, "Status");

  for (guint i = 0; i < seqgd_results_get_n_runs (results); i++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, i);
      SeqgdRunSummary s;
      char train[32], test[32], acc[32], wall[32], cpu[32], steps[32];

      seqgd_results_summarize (results, i, &s);
      format_value (train, sizeof train, 4, "", s.final_train_loss);
      format_value (test, sizeof test, 4, "", s.final_test_loss);
      format_value (acc, sizeof acc, 2, " %", 100 * s.final_test_accuracy);
      format_value (wall, sizeof wall, 2, "", s.wall_seconds);
      format_value (cpu, sizeof cpu, 2, "", s.cpu_seconds);
      if (s.steps_to_target >= 0)
        g_snprintf (steps, sizeof steps, "%" G_GINT64_FORMAT,
                    s.steps_to_target);
      else
        g_strlcpy (steps, "-", sizeof steps);

      g_print ("%-*s %6" G_GUINT64_FORMAT " %10s %10s %9s %9s %9s %14s  %s\n",
               w, run->rule, run->seed, train, test, acc, wall, cpu, steps,
               seqgd_run_status_to_string (seqgd_results_get_status (results,
                                                                     i)));
    }
}

static void
stat_format (const SeqgdStat *stat,
             int              decimals,
             double           scale,
             char            *buffer,
             gsize            size)
{
  if (stat->n == 0)
    {
      g_strlcpy (buffer, "-", size);
      return;
    }

  g_snprintf (buffer, size, "%.*f ± %.*f", decimals, stat->mean * scale,
              decimals, stat->sd * scale);
}

/* Mean ± sample standard deviation over the seeds of each rule, counting
 * the runs that finished. */
static void
print_means (SeqgdResults *results)
{
  const SeqgdConfig *config = seqgd_results_get_config (results);
  int w = rule_width (results);

  g_print ("\nMean ± sd over seeds (finished runs only):\n");
  g_print ("%-*s %5s %17s %17s %17s %15s %15s %15s\n", w, "Rule", "Runs",
           "Train loss", "Test loss", "Test acc (%)", "Wall (s)", "CPU (s)",
           "Steps to target");

  for (guint r = 0; config->rules[r] != NULL; r++)
    {
      SeqgdRuleSummary s;
      char cells[6][48];

      /* Nothing runs any more, so the runs counted are those finished. */
      seqgd_results_summarize_rule (results, config->rules[r], &s);
      stat_format (&s.final_train_loss, 4, 1, cells[0], sizeof cells[0]);
      stat_format (&s.final_test_loss, 4, 1, cells[1], sizeof cells[1]);
      stat_format (&s.final_test_accuracy, 2, 100, cells[2], sizeof cells[2]);
      stat_format (&s.wall_seconds, 2, 1, cells[3], sizeof cells[3]);
      stat_format (&s.cpu_seconds, 2, 1, cells[4], sizeof cells[4]);
      stat_format (&s.steps_to_target, 0, 1, cells[5], sizeof cells[5]);
      /* "±" is two bytes but one column: widen each field by one. */
      g_print ("%-*s %2u/%-2u %18s %18s %18s %16s %16s %16s\n", w,
               config->rules[r], s.n_counted, config->n_seeds, cells[0],
               cells[1], cells[2], cells[3], cells[4], cells[5]);
    }
}

static void
print_messages (SeqgdResults *results)
{
  for (guint i = 0; i < seqgd_results_get_n_runs (results); i++)
    {
      SeqgdRun *run = seqgd_results_get_run (results, i);
      g_autofree char *message = NULL;

      seqgd_results_lock (results);
      message = g_strdup (run->message);
      seqgd_results_unlock (results);

      if (message != NULL)
        g_print ("%s, seed %" G_GUINT64_FORMAT ": %s\n", run->rule, run->seed,
                 message);
    }
}

static void
print_results (SeqgdResults *results)
{
  print_runs (results);
  if (seqgd_results_get_config (results)->n_seeds > 1)
    print_means (results);
  g_print ("\n");
  print_messages (results);
}

/* Writes every file asked for, even when an earlier one fails; returns
 * FALSE when any could not be written. */
static gboolean
write_outputs (SeqgdResults *results)
{
  g_autoptr(GError) csv_error = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(GError) plot_error = NULL;

  if (opt.csv_path != NULL &&
      seqgd_results_save_csv (results, opt.csv_path, &csv_error) &&
      !opt.quiet)
    g_print ("Step records written to %s\n", opt.csv_path);
  if (opt.json_path != NULL &&
      seqgd_results_save_json (results, opt.json_path, &json_error) &&
      !opt.quiet)
    g_print ("Summary written to %s\n", opt.json_path);
  if (opt.plot_path != NULL && write_plot (results, &plot_error) &&
      !opt.quiet)
    g_print ("Plot written to %s\n", opt.plot_path);

  if (csv_error != NULL)
    g_printerr ("seqgd-cli: %s\n", csv_error->message);
  if (json_error != NULL)
    g_printerr ("seqgd-cli: %s\n", json_error->message);
  if (plot_error != NULL)
    g_printerr ("seqgd-cli: %s\n", plot_error->message);

  return csv_error == NULL && json_error == NULL && plot_error == NULL;
}

/* Reports results saved earlier; .json files are taken as the JSON
 * summary, anything else as step records. */
static int
open_and_report (void)
{
  g_autoptr(SeqgdResults) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *csv = NULL, *json = NULL;

  for (guint i = 0; opt.open_paths[i] != NULL; i++)
    {
      if (g_str_has_suffix (opt.open_paths[i], ".json"))
        json = opt.open_paths[i];
      else
        csv = opt.open_paths[i];
    }

  results = seqgd_results_load (csv, json, &error);
  if (results == NULL)
    {
      g_printerr ("seqgd-cli: Could not read the results: %s\n",
                  error->message);
      return EXIT_DATA;
    }

  if (!opt.quiet)
    g_print ("Results of %s on %s (%u training images)\n\n",
             csv != NULL ? csv : json, seqgd_results_get_dataset (results),
             seqgd_results_get_n_train (results));
  print_results (results);

  return write_outputs (results) ? EXIT_OK : EXIT_DATA;
}

/* Main ----------------------------------------------------------------- */

static void
list_rules (void)
{
  const SeqgdRule * const *rules = seqgd_rule_list ();

  for (guint i = 0; rules[i] != NULL; i++)
    g_print ("%-28s %s\n", rules[i]->id, rules[i]->description);
}

/* The data sets that discovery finds, with $SEQGD_DATA_DIR and --data
 * DIR looked into as well; a star marks the one used without --data. */
static void
list_data (void)
{
  const char *env = g_getenv (SEQGD_SOURCES_ENV_DATA_DIR);
  const char *extra[3] = { NULL };
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *default_folder = NULL;
  gboolean marked = FALSE;
  guint n = 0;

  if (opt.data_dir != NULL)
    extra[n++] = opt.data_dir;
  if (env != NULL && *env != '\0')
    extra[n++] = env;

  sources = seqgd_sources_discover (extra, NULL);
  default_folder = seqgd_sources_find_default_folder ();

  if (sources->len == 0)
    {
      g_autofree char *cache = seqgd_sources_get_mnist_cache_dir ();

      g_print ("No data sets found.  “seqgd-cli --download mnist” fetches "
               "MNIST into\n%s; Debian's dataset-fashion-mnist package "
               "installs Fashion-MNIST.\n", cache);
      return;
    }

  for (guint i = 0; i < sources->len; i++)
    {
      const SeqgdSource *source = g_ptr_array_index (sources, i);
      g_autofree char *line = seqgd_source_describe (source);
      gboolean is_default = source->problem == NULL &&
                            g_strcmp0 (source->folder, default_folder) == 0;

      marked |= is_default;
      g_print ("%s %s\n", is_default ? "*" : " ", line);
      if (source->problem != NULL)
        g_print ("    in %s\n", source->folder);
    }

  if (marked)
    g_print ("\n* Runs without --data train on this one.\n");
}

static gboolean
parse_options (int     *argc,
               char  ***argv,
               GError **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *cache = seqgd_sources_get_mnist_cache_dir ();
  g_autofree char *description = g_strdup_printf (description_format, cache);
  GOptionGroup *common;
  GOptionGroup *experiment;
  GOptionGroup *outputs;
  GOptionGroup *plot;
  GOptionGroup *download;

  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);

  /* Plain --help shows the common options; the groups below have their
   * own --help-GROUP, and --help-all shows everything. */
  common = g_option_group_new (NULL, "Common options:", NULL, NULL, NULL);
  g_option_group_add_entries (common, common_entries);
  g_option_context_set_main_group (context, common);

  experiment = g_option_group_new ("experiment", "More experiment settings:",
                                   "Show the options for the network, the "
                                   "test set, seeds and threads", NULL,
                                   NULL);
  g_option_group_add_entries (experiment, experiment_entries);
  g_option_context_add_group (context, experiment);

  outputs = g_option_group_new ("output", "Saved results and output:",
                                "Show the options for saved results and "
                                "output",
                                NULL, NULL);
  g_option_group_add_entries (outputs, output_entries);
  g_option_context_add_group (context, outputs);

  plot = g_option_group_new ("plot", "Plot options (with --plot FILE):",
                             "Show the options for the plot file", NULL,
                             NULL);
  g_option_group_add_entries (plot, plot_entries);
  g_option_context_add_group (context, plot);

  download = g_option_group_new ("download", "Downloading MNIST (with "
                                 "--download mnist):",
                                 "Show the options for downloading data",
                                 NULL, NULL);
  g_option_group_add_entries (download, download_entries);
  g_option_context_add_group (context, download);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "Unexpected argument “%s”", (*argv)[1]);
      return FALSE;
    }

  return parse_plot_options (error) && parse_download_options (error);
}

static int
train_and_report (SeqgdConfig *config)
{
  g_autoptr(SeqgdDataset) train = NULL;
  g_autoptr(SeqgdDataset) test = NULL;
  g_autoptr(SeqgdResults) results = NULL;
  g_autoptr(GError) error = NULL;
  Session session = { 0 };
  guint sigint_id, sigterm_id;
  int status = EXIT_OK;
  gint64 start;
  double wall;

  /* From here on Ctrl-C is caught; it is acted on once the main loop
   * runs, and a signal during loading is seen just after it. */
  session.cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &session);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &session);

  if (!seqgd_trainer_load_data (config, &train, &test, NULL, &error))
    {
      g_printerr ("seqgd-cli: Could not load the data: %s\n", error->message);
      if (config->data_dir == NULL)
        g_printerr ("Name a folder with --data DIR, download MNIST with "
                    "“seqgd-cli --download mnist”,\nor install Debian's "
                    "dataset-fashion-mnist package.\n");
      status = EXIT_DATA;
      goto out;
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (g_cancellable_is_cancelled (session.cancellable))
    {
      status = EXIT_INTERRUPTED;
      goto out;
    }
  if (!opt.quiet)
    print_setup (config, train, test);

  results = seqgd_trainer_prepare (config, train, test);
  session.results = results;
  session.train = train;
  session.test = test;
  session.show_progress = !opt.quiet && isatty (STDERR_FILENO);
  start = g_get_monotonic_time ();
  run_experiment (&session);
  wall = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  if (!session.ok)
    {
      status = g_error_matches (session.error, G_IO_ERROR,
                                G_IO_ERROR_CANCELLED) ? EXIT_INTERRUPTED
                                                      : EXIT_DATA;
      if (status != EXIT_INTERRUPTED)
        g_printerr ("seqgd-cli: %s\n", session.error->message);
    }

  print_results (results);
  if (!opt.quiet)
    g_print ("Wall is each run's wall-clock time from its first step to its "
             "end, test\nevaluation included; CPU the processor time it "
             "used.  The experiment took\n%.2f s of wall-clock time.\n",
             wall);
  if (!write_outputs (results) && status == EXIT_OK)
    status = EXIT_DATA;

out:
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_error (&session.error);
  g_clear_object (&session.cancellable);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SeqgdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");

  if (!parse_options (&argc, &argv, &error))
    {
      g_printerr ("seqgd-cli: %s\nTry “%s --help” for the options.\n",
                  error->message, g_get_prgname ());
      return EXIT_USAGE;
    }

  if (opt.download != NULL)
    return download_data ();
  if (opt.list_rules)
    {
      list_rules ();
      return EXIT_OK;
    }
  if (opt.list_data)
    {
      list_data ();
      return EXIT_OK;
    }
  if (!check_output_paths (&error))
    {
      g_printerr ("seqgd-cli: %s\n", error->message);
      return EXIT_DATA;
    }
  if (opt.open_paths != NULL)
    return open_and_report ();

  config = build_config (&error);
  if (config == NULL)
    {
      g_printerr ("seqgd-cli: %s\n", error->message);
      return EXIT_USAGE;
    }

  if (opt.save_config_path != NULL &&
      !seqgd_config_save (config, opt.save_config_path, &error))
    {
      g_printerr ("seqgd-cli: %s\n", error->message);
      return EXIT_DATA;
    }

  return train_and_report (config);
}
