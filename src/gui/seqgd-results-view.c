/* seqgd-results-view.c — the summary table of an experiment's runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With one seed, one row per run.  With several, one row per rule gives
 * the mean ± standard deviation over its seeds and expands into a row per
 * seed.  Rows are small objects holding the latest summary; refresh()
 * recomputes the summaries and tells only the rows that changed, so cells
 * update in place and the selection stays.  Every column sorts by its
 * value, not by its text, and a rule's seeds sort among themselves.
 */

#include "config.h"

#include <math.h>

#include "seqgd-results-view.h"
#include "seqgd-rule.h"

typedef enum
{
  COLUMN_RULE,
  COLUMN_SEED,
  COLUMN_TRAIN_LOSS,
  COLUMN_TEST_LOSS,
  COLUMN_ACCURACY,
  COLUMN_TIME,
  COLUMN_STEPS,
  COLUMN_STATUS,
  N_COLUMNS
} Column;

static const struct
{
  const char *title;
  gboolean    numeric;
} columns[N_COLUMNS] = {
  { "Rule", FALSE },
  { "Seed", TRUE },
  { "Train Loss", TRUE },
  { "Test Loss", TRUE },
  { "Accuracy", TRUE },
  { "Time", TRUE },
  { "Steps to Target", TRUE },
  { "Status", FALSE },
};

/* One row. */

#define SEQGD_TYPE_RUN_ROW (seqgd_run_row_get_type ())

G_DECLARE_FINAL_TYPE (SeqgdRunRow, seqgd_run_row, SEQGD, RUN_ROW, GObject)

struct _SeqgdRunRow
{
  GObject           parent_instance;

  /* The run's index, or for a rule's row the rule's place in the config. */
  guint             index;
  char             *rule;

  /* A run's row */
  char             *message;
  guint64           seed;
  SeqgdRunStatus    status;
  SeqgdRunSummary   summary;

  /* A rule's row: its runs' rows, and their statistics */
  GListStore       *seeds;
  SeqgdRuleSummary  stats;
};

G_DEFINE_FINAL_TYPE (SeqgdRunRow, seqgd_run_row, G_TYPE_OBJECT)

static guint row_changed_signal;

static void
seqgd_run_row_finalize (GObject *object)
{
  SeqgdRunRow *self = SEQGD_RUN_ROW (object);

  g_free (self->rule);
  g_free (self->message);
  g_clear_object (&self->seeds);

  G_OBJECT_CLASS (seqgd_run_row_parent_class)->finalize (object);
}

static void
seqgd_run_row_class_init (SeqgdRunRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seqgd_run_row_finalize;

  row_changed_signal =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
seqgd_run_row_init (SeqgdRunRow *self)
{
}

/* Recomputes the statistics from the seeds' rows, which must be up to
 * date; returns whether anything shown changed. */
static gboolean
seqgd_rule_row_update (SeqgdRunRow *self)
{
  GListModel *seeds = G_LIST_MODEL (self->seeds);
  guint n = g_list_model_get_n_items (seeds);
  g_autofree SeqgdRunStatus *status = g_new (SeqgdRunStatus, n);
  g_autofree SeqgdRunSummary *runs = g_new (SeqgdRunSummary, n);
  SeqgdRuleSummary stats;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeqgdRunRow) run = g_list_model_get_item (seeds, i);

      status[i] = run->status;
      runs[i] = run->summary;
    }
  seqgd_rule_summary_compute (&stats, status, runs, n);
  if (memcmp (&stats, &self->stats, sizeof stats) == 0)
    return FALSE;

  self->stats = stats;

  return TRUE;
}

/* Reads run @self->index; returns whether anything shown changed. */
static gboolean
seqgd_run_row_update (SeqgdRunRow  *self,
                      SeqgdResults *results)
{
  SeqgdRunSummary summary;
  SeqgdRunStatus status;
  g_autofree char *message = NULL;
  SeqgdRun *run;

  seqgd_results_summarize (results, self->index, &summary);

  /* get_run may take the lock itself; the run's address never changes. */
  run = seqgd_results_get_run (results, self->index);
  seqgd_results_lock (results);
  status = run->status;
  message = g_strdup (run->message);
  seqgd_results_unlock (results);

  if (status == self->status &&
      g_strcmp0 (message, self->message) == 0 &&
      memcmp (&summary, &self->summary, sizeof summary) == 0)
    return FALSE;

  self->status = status;
  self->summary = summary;
  g_free (self->message);
  self->message = g_steal_pointer (&message);

  return TRUE;
}

static SeqgdRunRow *
seqgd_run_row_new (SeqgdResults *results,
                   guint         index)
{
  SeqgdRunRow *self = g_object_new (SEQGD_TYPE_RUN_ROW, NULL);
  SeqgdRun *run;

  run = seqgd_results_get_run (results, index);
  seqgd_results_lock (results);
  self->rule = g_strdup (run->rule);
  self->seed = run->seed;
  seqgd_results_unlock (results);

  self->index = index;
  self->status = (SeqgdRunStatus) -1;
  seqgd_run_row_update (self, results);

  return self;
}

/* The row of rule @rule, the @index-th of the config, over the rows of
 * its runs, @seeds. */
static SeqgdRunRow *
seqgd_rule_row_new (const char *rule,
                    guint       index,
                    GListStore *seeds)
{
  SeqgdRunRow *self = g_object_new (SEQGD_TYPE_RUN_ROW, NULL);

  self->rule = g_strdup (rule);
  self->index = index;
  self->seeds = g_object_ref (seeds);
  seqgd_rule_row_update (self);

  return self;
}

/* The view. */

struct _SeqgdResultsView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GMenuModel         *context_model;

  /* Owned, parented to the view */
  GtkPopover         *context_menu;

  /* Owned */
  SeqgdResults       *results;
  GListStore         *rows;       /* the top level: rules, or runs */
  GPtrArray          *run_rows;   /* every run's row, by run index */
  GtkMultiSelection  *selection;
  GtkSorter          *sorters[N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (SeqgdResultsView, seqgd_results_view, GTK_TYPE_WIDGET)

/* The rule's name as the legend shows it; its name in the study goes in
 * the cell's tooltip, so that the table fits beside the settings. */
static char *
rule_title (const char *id)
{
  const SeqgdRule *rule = seqgd_rule_lookup (id);

  return g_strdup (rule != NULL ? rule->label : id);
}

static char *
rule_tooltip (const char *id)
{
  const SeqgdRule *rule = seqgd_rule_lookup (id);

  if (rule == NULL)
    return NULL;
  if (rule->study_name != NULL)
    return g_strdup_printf ("%s (%s in the study): %s", rule->label,
                            rule->study_name, rule->description);

  return g_strdup_printf ("%s: %s", rule->label, rule->description);
}

static const char *
status_title (SeqgdRunStatus status)
{
  switch (status)
    {
    case SEQGD_RUN_PENDING:   return "Waiting";
    case SEQGD_RUN_RUNNING:   return "Running";
    case SEQGD_RUN_FINISHED:  return "Finished";
    case SEQGD_RUN_DIVERGED:  return "Diverged";
    case SEQGD_RUN_CANCELLED: return "Cancelled";
    case SEQGD_RUN_FAILED:    return "Failed";
    default:                  return "";
    }
}

/* @digits after the point and a @unit when shown; all significant digits
 * when @plain. */
static char *
format_number (double      value,
               int         digits,
               const char *unit,
               gboolean    plain)
{
  if (isnan (value))
    return g_strdup (plain ? "" : "—");
  if (isinf (value) && plain)
    return g_strdup (value > 0 ? "inf" : "-inf");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");
  if (plain)
    return g_strdup_printf ("%.7g", value);

  /* A diverging run's losses would not fit the column otherwise. */
  if (fabs (value) >= 1e5)
    return g_strdup_printf ("%.2e%s", value, unit);

  return g_strdup_printf ("%.*f%s", digits, value, unit);
}

/* A statistic as "mean ± sd" with @digits and @unit; a single value
 * alone.  Values are scaled by @scale (100 for percentages). */
static char *
format_stat (const SeqgdStat *stat,
             int              digits,
             double           scale,
             const char      *unit)
{
  g_autofree char *mean = NULL;
  g_autofree char *sd = NULL;

  if (stat->n == 0)
    return g_strdup ("—");

  mean = format_number (stat->mean * scale, digits, "", FALSE);
  if (stat->n == 1)
    return g_strconcat (mean, unit, NULL);

  sd = format_number (stat->sd * scale, digits, "", FALSE);
  return g_strdup_printf ("%s ± %s%s", mean, sd, unit);
}

/* "Finished", or the count of each status when they differ, such as
 * "2 finished, 1 diverged". */
static char *
rule_status_text (const SeqgdRuleSummary *stats)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (stats->n_status); i++)
    {
      g_autofree char *name = NULL;

      if (stats->n_status[i] == 0)
        continue;
      if (stats->n_status[i] == stats->n_runs)
        {
          g_string_assign (text, status_title (i));
          break;
        }

      name = g_ascii_strdown (status_title (i), -1);
      g_string_append_printf (text, "%s%u %s", text->len > 0 ? ", " : "",
                              stats->n_status[i], name);
    }

  return g_string_free (text, FALSE);
}

static gboolean
rule_row_has_problem (SeqgdRunRow *row)
{
  return row->stats.n_status[SEQGD_RUN_DIVERGED] > 0 ||
         row->stats.n_status[SEQGD_RUN_FAILED] > 0;
}

/* The text of one cell of a rule's row. */
static char *
rule_cell_text (SeqgdRunRow *row,
                Column       column)
{
  const SeqgdRuleSummary *s = &row->stats;

  switch (column)
    {
    case COLUMN_RULE:
      return rule_title (row->rule);

    case COLUMN_SEED:
      return g_strdup_printf ("%u seeds", s->n_runs);

    case COLUMN_TRAIN_LOSS:
      return format_stat (&s->final_train_loss, 4, 1, "");

    case COLUMN_TEST_LOSS:
      return format_stat (&s->final_test_loss, 4, 1, "");

    case COLUMN_ACCURACY:
      return format_stat (&s->final_test_accuracy, 2, 100, " %");

    case COLUMN_TIME:
      return format_stat (&s->wall_seconds, 1, 1, " s");

    case COLUMN_STEPS:
      {
        g_autofree char *text = format_stat (&s->steps_to_target, 0, 1, "");

        /* Say how many got there when some did not. */
        if (s->steps_to_target.n > 0 && s->steps_to_target.n < s->n_counted)
          return g_strdup_printf ("%s (%u of %u)", text, s->steps_to_target.n,
                                  s->n_counted);
        return g_steal_pointer (&text);
      }

    case COLUMN_STATUS:
      return rule_status_text (s);

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* A rule's mean (@sd false) or standard deviation for copying. */
static char *
rule_cell_plain (SeqgdRunRow *row,
                 Column       column,
                 gboolean     sd)
{
  const SeqgdRuleSummary *s = &row->stats;
  const SeqgdStat *stat;
  double scale = 1;

  switch (column)
    {
    case COLUMN_RULE:
      return g_strdup (row->rule);
    case COLUMN_SEED:
      return g_strdup (sd ? "sd" : "mean");
    case COLUMN_STATUS:
      return rule_status_text (s);
    case COLUMN_TRAIN_LOSS:
      stat = &s->final_train_loss;
      break;
    case COLUMN_TEST_LOSS:
      stat = &s->final_test_loss;
      break;
    case COLUMN_ACCURACY:
      stat = &s->final_test_accuracy;
      scale = 100;
      break;
    case COLUMN_TIME:
      stat = &s->wall_seconds;
      break;
    case COLUMN_STEPS:
      stat = &s->steps_to_target;
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  return format_number ((sd ? stat->sd : stat->mean) * scale, 0, "", TRUE);
}

/* The text of one cell; @plain leaves out units for copying. */
static char *
cell_text (SeqgdRunRow *row,
           Column       column,
           gboolean     plain)
{
  const SeqgdRunSummary *s = &row->summary;

  if (row->seeds != NULL)
    return plain ? rule_cell_plain (row, column, FALSE)
                 : rule_cell_text (row, column);

  switch (column)
    {
    case COLUMN_RULE:
      return plain ? g_strdup (row->rule) : rule_title (row->rule);

    case COLUMN_SEED:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, row->seed);

    case COLUMN_TRAIN_LOSS:
      return format_number (s->final_train_loss, 4, "", plain);

    case COLUMN_TEST_LOSS:
      return format_number (s->final_test_loss, 4, "", plain);

    case COLUMN_ACCURACY:
      return format_number (100.0 * s->final_test_accuracy, 2, " %", plain);

    case COLUMN_TIME:
      return format_number (s->wall_seconds, 1, " s", plain);

    case COLUMN_STEPS:
      if (s->steps_to_target < 0)
        return g_strdup (plain ? "" : "—");
      return g_strdup_printf ("%" G_GINT64_FORMAT, s->steps_to_target);

    case COLUMN_STATUS:
      return g_strdup (status_title (row->status));

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static double
rule_cell_value (SeqgdRunRow *row,
                 Column       column)
{
  const SeqgdRuleSummary *s = &row->stats;

  switch (column)
    {
    case COLUMN_SEED:       return (double) s->n_runs;
    case COLUMN_TRAIN_LOSS: return s->final_train_loss.mean;
    case COLUMN_TEST_LOSS:  return s->final_test_loss.mean;
    case COLUMN_ACCURACY:   return s->final_test_accuracy.mean;
    case COLUMN_TIME:       return s->wall_seconds.mean;
    case COLUMN_STEPS:
      return s->steps_to_target.n == 0 ? INFINITY : s->steps_to_target.mean;
    case COLUMN_RULE:
    case COLUMN_STATUS:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static double
cell_value (SeqgdRunRow *row,
            Column       column)
{
  const SeqgdRunSummary *s = &row->summary;

  if (row->seeds != NULL)
    return rule_cell_value (row, column);

  switch (column)
    {
    case COLUMN_SEED:       return (double) row->seed;
    case COLUMN_TRAIN_LOSS: return s->final_train_loss;
    case COLUMN_TEST_LOSS:  return s->final_test_loss;
    case COLUMN_ACCURACY:   return s->final_test_accuracy;
    case COLUMN_TIME:       return s->wall_seconds;
    case COLUMN_STEPS:
      return s->steps_to_target < 0 ? INFINITY : (double) s->steps_to_target;
    case COLUMN_RULE:
    case COLUMN_STATUS:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SeqgdRunRow *ra = (SeqgdRunRow *) a;
  SeqgdRunRow *rb = (SeqgdRunRow *) b;
  Column column = GPOINTER_TO_UINT (user_data);
  double va, vb;

  if (column == COLUMN_RULE)
    return ra->index < rb->index ? -1 : ra->index > rb->index;
  if (column == COLUMN_STATUS && ra->seeds == NULL && rb->seeds == NULL)
    return (int) ra->status - (int) rb->status;
  if (column == COLUMN_STATUS)
    return rule_row_has_problem (ra) - rule_row_has_problem (rb);

  /* Missing values (NaN) sort last. */
  va = cell_value (ra, column);
  vb = cell_value (rb, column);
  if (isnan (va) || isnan (vb))
    return isnan (va) - isnan (vb);

  return va < vb ? -1 : va > vb;
}

/* The row @item shows: the item of its tree row, which the tree keeps
 * alive while the item is bound. */
static SeqgdRunRow *
item_row (GtkListItem *item)
{
  GtkTreeListRow *tree_row = gtk_list_item_get_item (item);
  g_autoptr(GObject) row = gtk_tree_list_row_get_item (tree_row);

  return SEQGD_RUN_ROW (row);
}

static GtkLabel *
item_label (GtkListItem *item)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  if (GTK_IS_TREE_EXPANDER (child))
    child = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));

  return GTK_LABEL (child);
}

static void
update_cell (GtkListItem *item)
{
  SeqgdRunRow *row = item_row (item);
  GtkLabel *label = item_label (item);
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label),
                                                       "column"));
  g_autofree char *text = cell_text (row, column, FALSE);

  gtk_label_set_text (label, text);

  if (column == COLUMN_RULE)
    {
      g_autofree char *tip = rule_tooltip (row->rule);

      gtk_widget_set_tooltip_text (GTK_WIDGET (label), tip);
    }
  else if (column == COLUMN_STATUS)
    {
      gboolean bad;

      if (row->seeds != NULL)
        bad = rule_row_has_problem (row);
      else
        bad = row->status == SEQGD_RUN_DIVERGED ||
              row->status == SEQGD_RUN_FAILED;

      if (bad)
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), row->message);
    }
  else if (column == COLUMN_TIME)
    {
      gboolean rule = row->seeds != NULL;
      const char *what = rule
        ? "Mean wall-clock time of the rule's runs from their first step "
          "to their end, test evaluation included"
        : "Wall-clock time of the run from its first step to its end, "
          "test evaluation included";
      double cpu_seconds = rule ? row->stats.cpu_seconds.mean
                                : row->summary.cpu_seconds;
      g_autofree char *cpu = format_number (cpu_seconds, 1, " s", FALSE);
      g_autofree char *tip = NULL;

      if (isnan (cpu_seconds))
        tip = g_strdup (what);
      else
        tip = g_strdup_printf ("%s; %s %s of processor time", what,
                               rule ? "each used on average" : "it used",
                               cpu);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), tip);
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  g_object_set_data (G_OBJECT (label), "column", user_data);
  gtk_label_set_xalign (GTK_LABEL (label), columns[column].numeric ? 1.0 : 0.0);
  if (columns[column].numeric)
    gtk_widget_add_css_class (label, "numeric");

  /* The rule's cell opens and closes a rule's seeds. */
  if (column == COLUMN_RULE)
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      /* Rows that cannot open take no room for the arrow, so a table of
       * single-seed runs starts flush and a rule's seeds sit under its
       * name. */
      gtk_tree_expander_set_indent_for_icon (GTK_TREE_EXPANDER (expander),
                                             FALSE);
      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
      gtk_list_item_set_child (item, expander);
    }
  else
    gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  SeqgdRunRow *row = item_row (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  gulong handler;

  if (GTK_IS_TREE_EXPANDER (child))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child),
                                    gtk_list_item_get_item (item));

  update_cell (item);
  handler = g_signal_connect_swapped (row, "changed",
                                      G_CALLBACK (update_cell), item);
  g_object_set_data (G_OBJECT (item), "handler", GSIZE_TO_POINTER (handler));

  /* A tree row forgets its item once removed, which may be before the
   * cell is unbound: keep the row for unbind. */
  g_object_set_data_full (G_OBJECT (item), "row", g_object_ref (row),
                          g_object_unref);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  SeqgdRunRow *row = g_object_get_data (G_OBJECT (item), "row");
  GtkWidget *child = gtk_list_item_get_child (item);
  gulong handler;

  handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "handler"));
  if (handler != 0 && row != NULL)
    g_signal_handler_disconnect (row, handler);
  g_object_set_data (G_OBJECT (item), "handler", NULL);
  g_object_set_data (G_OBJECT (item), "row", NULL);

  if (GTK_IS_TREE_EXPANDER (child))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), NULL);
}

static void
add_columns (SeqgdResultsView *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = NULL;
      g_autoptr(GtkColumnViewColumn) column = NULL;

      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb),
                        GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb),
                        GUINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb),
                        GUINT_TO_POINTER (i));

      column = gtk_column_view_column_new (columns[i].title,
                                           g_steal_pointer (&factory));
      self->sorters[i] = GTK_SORTER (gtk_custom_sorter_new (compare_rows,
                                                            GUINT_TO_POINTER (i),
                                                            NULL));
      gtk_column_view_column_set_sorter (column, self->sorters[i]);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, i == COLUMN_RULE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
append_row_text (GString     *text,
                 SeqgdRunRow *row)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *cell = cell_text (row, c, TRUE);

      g_string_append (text, cell);
      g_string_append_c (text, c + 1 < N_COLUMNS ? '\t' : '\n');
    }

  /* A rule's row copies as two lines, its mean and its spread. */
  if (row->seeds != NULL)
    for (guint c = 0; c < N_COLUMNS; c++)
      {
        g_autofree char *cell = rule_cell_plain (row, c, TRUE);

        g_string_append (text, cell);
        g_string_append_c (text, c + 1 < N_COLUMNS ? '\t' : '\n');
      }
}

/* A rule's seeds, then its mean and spread. */
static void
append_rule_text (GString     *text,
                  SeqgdRunRow *row)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (row->seeds));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SeqgdRunRow) run = g_list_model_get_item (G_LIST_MODEL (row->seeds), i);

      append_row_text (text, run);
    }
  append_row_text (text, row);
}

/**
 * seqgd_results_view_dup_text:
 * @self: a #SeqgdResultsView
 * @selected_only: only the selected rows, unless none is selected
 *
 * The rows in their shown order as tab-separated text with a header
 * line, numbers without units.  A rule's row gives two lines, with "mean"
 * and "sd" in the seed column; the whole table holds every run, each
 * rule's runs before its mean and spread, whether shown or folded.
 *
 * Returns: (transfer full): the text
 */
char *
seqgd_results_view_dup_text (SeqgdResultsView *self,
                             gboolean          selected_only)
{
  GListModel *model;
  g_autoptr(GtkBitset) selected = NULL;
  GString *text = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (SEQGD_IS_RESULTS_VIEW (self), NULL);

  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (model));
  if (gtk_bitset_is_empty (selected))
    selected_only = FALSE;

  g_string_append (text, "rule\tseed\ttrain_loss\ttest_loss\t"
                         "test_accuracy_percent\twall_seconds\tsteps_to_target\t"
                         "status\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (model, i);
      g_autoptr(SeqgdRunRow) row = gtk_tree_list_row_get_item (tree_row);

      if (selected_only)
        {
          if (gtk_bitset_contains (selected, i))
            append_row_text (text, row);
        }
      else if (gtk_tree_list_row_get_depth (tree_row) == 0)
        {
          if (row->seeds != NULL)
            append_rule_text (text, row);
          else
            append_row_text (text, row);
        }
    }

  return g_string_free (text, FALSE);
}

static void
copy_text (SeqgdResultsView *self,
           gboolean          selected_only)
{
  g_autofree char *text = NULL;

  if (self->results == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  text = seqgd_results_view_dup_text (self, selected_only);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  copy_text (SEQGD_RESULTS_VIEW (widget), TRUE);
}

static void
copy_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  copy_text (SEQGD_RESULTS_VIEW (widget), FALSE);
}

static void
context_menu_cb (GtkGestureClick  *gesture,
                 int               n_press,
                 double            x,
                 double            y,
                 SeqgdResultsView *self)
{
  if (self->results == NULL)
    return;

  gtk_popover_set_pointing_to (self->context_menu,
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (self->context_menu);
}

static void
seqgd_results_view_dispose (GObject *object)
{
  SeqgdResultsView *self = SEQGD_RESULTS_VIEW (object);

  if (self->context_menu != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->context_menu));
  self->context_menu = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SEQGD_TYPE_RESULTS_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->run_rows, g_ptr_array_unref);
  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->sorters[i]);
  g_clear_pointer (&self->results, seqgd_results_unref);

  G_OBJECT_CLASS (seqgd_results_view_parent_class)->dispose (object);
}

static void
seqgd_results_view_class_init (SeqgdResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqgd_results_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/seqgd/SeqGD/ui/seqgd-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SeqgdResultsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SeqgdResultsView,
                                        column_view);
  gtk_widget_class_bind_template_child (widget_class, SeqgdResultsView,
                                        context_model);

  gtk_widget_class_install_action (widget_class, "results.copy", NULL,
                                   copy_action);
  gtk_widget_class_install_action (widget_class, "results.copy-all", NULL,
                                   copy_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK, "results.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "results.copy-all", NULL);

  gtk_widget_class_set_css_name (widget_class, "resultsview");
}

static GListModel *
row_seeds_cb (gpointer item,
              gpointer user_data)
{
  SeqgdRunRow *row = item;

  return row->seeds != NULL ? g_object_ref (G_LIST_MODEL (row->seeds)) : NULL;
}

static void
seqgd_results_view_init (SeqgdResultsView *self)
{
  g_autoptr(GtkTreeListModel) tree = NULL;
  g_autoptr(GtkTreeListRowSorter) row_sorter = NULL;
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkGesture *click;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  add_columns (self);
  self->rows = g_list_store_new (SEQGD_TYPE_RUN_ROW);
  self->run_rows = g_ptr_array_new_with_free_func (g_object_unref);
  tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                  FALSE, FALSE, row_seeds_cb, NULL, NULL);
  sorter = gtk_column_view_get_sorter (self->column_view);
  row_sorter = gtk_tree_list_row_sorter_new (g_object_ref (sorter));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_steal_pointer (&tree)),
                                    GTK_SORTER (g_steal_pointer (&row_sorter)));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted)));
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (self->selection));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.copy", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.copy-all", FALSE);

  self->context_menu = GTK_POPOVER (gtk_popover_menu_new_from_model (self->context_model));
  gtk_popover_set_has_arrow (self->context_menu, FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->context_menu), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->context_menu), GTK_WIDGET (self));
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (context_menu_cb),
                           self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
seqgd_results_view_new (void)
{
  return g_object_new (SEQGD_TYPE_RESULTS_VIEW, NULL);
}

/* A row per rule of @config, over the rows of its runs. */
static void
add_rule_rows (SeqgdResultsView  *self,
               const SeqgdConfig *config)
{
  for (guint r = 0; config->rules[r] != NULL; r++)
    {
      g_autoptr(GListStore) seeds = g_list_store_new (SEQGD_TYPE_RUN_ROW);
      g_autoptr(SeqgdRunRow) row = NULL;

      for (guint i = 0; i < self->run_rows->len; i++)
        {
          SeqgdRunRow *run = self->run_rows->pdata[i];

          if (g_str_equal (run->rule, config->rules[r]))
            g_list_store_append (seeds, run);
        }
      if (g_list_model_get_n_items (G_LIST_MODEL (seeds)) == 0)
        continue;

      row = seqgd_rule_row_new (config->rules[r], r, seeds);
      g_list_store_append (self->rows, row);
    }
}

/**
 * seqgd_results_view_set_results:
 * @self: a #SeqgdResultsView
 * @results: (nullable): the experiment to show, or %NULL to clear
 */
void
seqgd_results_view_set_results (SeqgdResultsView *self,
                                SeqgdResults     *results)
{
  g_return_if_fail (SEQGD_IS_RESULTS_VIEW (self));

  if (results == self->results)
    return;

  g_list_store_remove_all (self->rows);
  g_ptr_array_set_size (self->run_rows, 0);
  g_clear_pointer (&self->results, seqgd_results_unref);

  if (results != NULL)
    {
      const SeqgdConfig *config = seqgd_results_get_config (results);
      guint n_runs = seqgd_results_get_n_runs (results);

      self->results = seqgd_results_ref (results);
      for (guint i = 0; i < n_runs; i++)
        g_ptr_array_add (self->run_rows, seqgd_run_row_new (results, i));

      if (config->n_seeds > 1)
        add_rule_rows (self, config);
      else
        for (guint i = 0; i < n_runs; i++)
          g_list_store_append (self->rows, self->run_rows->pdata[i]);
    }

  gtk_stack_set_visible_child_name (self->stack,
                                    results != NULL ? "table" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.copy",
                                 results != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.copy-all",
                                 results != NULL);
}

/* Reads the results again and updates the rows that changed. */
void
seqgd_results_view_refresh (SeqgdResultsView *self)
{
  guint n;
  gboolean changed = FALSE;

  g_return_if_fail (SEQGD_IS_RESULTS_VIEW (self));

  if (self->results == NULL)
    return;

  for (guint i = 0; i < self->run_rows->len; i++)
    {
      SeqgdRunRow *row = self->run_rows->pdata[i];

      if (seqgd_run_row_update (row, self->results))
        {
          g_signal_emit (row, row_changed_signal, 0);
          changed = TRUE;
        }
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  for (guint i = 0; i < n && changed; i++)
    {
      g_autoptr(SeqgdRunRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (row->seeds != NULL && seqgd_rule_row_update (row))
        g_signal_emit (row, row_changed_signal, 0);
    }

  /* The column view's sorter passes this on when the column is in use. */
  if (changed)
    for (guint c = 0; c < N_COLUMNS; c++)
      gtk_sorter_changed (self->sorters[c], GTK_SORTER_CHANGE_DIFFERENT);
}

/* The number of runs in the table, whether shown or folded. */
guint
seqgd_results_view_get_n_rows (SeqgdResultsView *self)
{
  g_return_val_if_fail (SEQGD_IS_RESULTS_VIEW (self), 0);

  return self->run_rows->len;
}
