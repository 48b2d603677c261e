/* plot-demo.c — the plot panel on made-up curves, for looking at it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows three rules × three seeds of synthetic training curves.  With
 * --live the curves grow on a frame-rate timer, as during training.  Not
 * installed; built with the tests.
 *
 * --export writes the plot as shown once the window is up (after --zoom,
 * if given) and quits, which shows that files match the screen.
 *
 *   plot-demo [--live] [--steps N] [--width W] [--height H]
 *             [--zoom F] [--export FILE]
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
  GMainLoop      *loop;
  guint64         steps;
  guint64         target;
  double          zoom;
  const char     *export_path;
  int             status;
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

/* Once the panel has its size: zoom and export as asked, then quit. */
static gboolean
export_cb (gpointer user_data)
{
  Demo *demo = user_data;
  SeqgdPlotCanvas *canvas = seqgd_plot_panel_get_canvas (demo->panel);
  g_autoptr(GError) error = NULL;

  if (seqgd_plot_canvas_get_layout (canvas) == NULL)
    return G_SOURCE_CONTINUE;

  if (demo->zoom > 0 && demo->zoom != 1)
    seqgd_plot_canvas_zoom (canvas, demo->zoom);
  if (!seqgd_plot_panel_export (demo->panel, demo->export_path, &error))
    {
      g_printerr ("Failed to export: %s\n", error->message);
      demo->status = 1;
    }
  g_main_loop_quit (demo->loop);

  return G_SOURCE_REMOVE;
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
  double zoom = 1;
  const char *export_path = NULL;
  int width = 1100;
  int height = 700;
  const GOptionEntry entries[] = {
    { "live", 0, 0, G_OPTION_ARG_NONE, &live, "Grow the curves over time", NULL },
    { "steps", 0, 0, G_OPTION_ARG_INT64, &steps, "Steps per run", "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "H" },
    { "zoom", 0, 0, G_OPTION_ARG_DOUBLE, &zoom, "Zoom in by F (with --export)", "F" },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_path,
      "Write the plot to FILE and quit", "FILE" },
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

  loop = g_main_loop_new (NULL, FALSE);
  demo.loop = loop;
  demo.zoom = zoom;
  demo.export_path = export_path;
  if (live)
    g_timeout_add (16, grow_cb, &demo);
  if (export_path != NULL)
    g_timeout_add (100, export_cb, &demo);

  g_signal_connect (window, "close-request", G_CALLBACK (close_cb), loop);
  gtk_window_present (GTK_WINDOW (window));
  g_main_loop_run (loop);

  seqgd_results_unref (demo.results);

  return demo.status;
}
