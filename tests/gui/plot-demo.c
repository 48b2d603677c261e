/* plot-demo.c — the plot panel on made-up curves, for looking at it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows three rules × three seeds of synthetic training curves.  With
 * --live the curves grow on a frame-rate timer, as during training.  Not
 * installed; built with the tests.
 *
 *   plot-demo [--live] [--steps N] [--width W] [--height H]
 */

#include "config.h"

#include "seqgd-plot-panel.h"

#include "plot-synthetic.h"

#define N_RULES 3
#define N_SEEDS 3

typedef struct
{
  SeqgdPlotPanel *panel;
  SeqgdResults   *results;
  guint64         steps;
  guint64         target;
} Demo;

static gboolean
grow_cb (gpointer user_data)
{
  Demo *demo = user_data;
  guint64 next = MIN (demo->steps + 7, demo->target);

  synthetic_append (demo->results, N_RULES, N_SEEDS, demo->steps, next);
  demo->steps = next;
  seqgd_plot_panel_refresh (demo->panel);

  return demo->steps < demo->target ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
close_cb (GtkWindow *window,
          GMainLoop *loop)
{
  g_main_loop_quit (loop);

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  gboolean live = FALSE;
  gint64 steps = 1500;
  int width = 1100;
  int height = 700;
  const GOptionEntry entries[] = {
    { "live", 0, 0, G_OPTION_ARG_NONE, &live, "Grow the curves over time", NULL },
    { "steps", 0, 0, G_OPTION_ARG_INT64, &steps, "Steps per run", "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "H" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GtkWidget *window;
  Demo demo = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  gtk_init ();

  demo.target = MAX (steps, 1);
  demo.steps = live ? 0 : demo.target;
  demo.results = synthetic_results_new (N_RULES, N_SEEDS, demo.steps);

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Plot demo");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  demo.panel = SEQGD_PLOT_PANEL (seqgd_plot_panel_new ());
  seqgd_plot_panel_set_results (demo.panel, demo.results);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (demo.panel));

  if (live)
    g_timeout_add (16, grow_cb, &demo);

  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (window, "close-request", G_CALLBACK (close_cb), loop);
  gtk_window_present (GTK_WINDOW (window));
  g_main_loop_run (loop);

  seqgd_results_unref (demo.results);

  return 0;
}
