/* test-plot-view.c — the interactive plot: hover, legend, zoom, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A panel with synthetic results is shown in a real window (run under
 * Xvfb); input is fed to the canvas's own event controllers at pixels
 * computed from the plot's public geometry, and what is drawn is read
 * back from the window's renderer.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "seqgd-plot-canvas-private.h"
#include "seqgd-plot-panel.h"

#include "plot-synthetic.h"

#define N_STEPS 300

typedef struct
{
  GtkWidget       *window;
  SeqgdPlotPanel  *panel;
  SeqgdPlotCanvas *canvas;
  SeqgdResults    *results;
} Fixture;

static gboolean have_display;

static gboolean
skip_without_display (void)
{
  if (!have_display)
    g_test_skip ("No display; run under Xvfb (xvfb-run -a meson test)");

  return !have_display;
}

static void
wait_until_drawn (SeqgdPlotCanvas *canvas)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline
         && (!gtk_widget_get_mapped (GTK_WIDGET (canvas))
             || gtk_widget_get_width (GTK_WIDGET (canvas)) <= 0))
    g_main_context_iteration (NULL, TRUE);

  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (canvas)));
  g_assert_nonnull (seqgd_plot_canvas_get_layout (canvas));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  if (!have_display)
    return;

  f->results = synthetic_results_new (3, 1, N_STEPS);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 600);

  f->panel = SEQGD_PLOT_PANEL (seqgd_plot_panel_new ());
  f->canvas = seqgd_plot_panel_get_canvas (f->panel);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->panel));
  g_object_ref (f->panel);

  seqgd_plot_panel_set_results (f->panel, f->results);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_until_drawn (f->canvas);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  if (!have_display)
    return;

  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->panel);
  seqgd_results_unref (f->results);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller =
        g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  g_assert_not_reached ();
}

static void
move_pointer (SeqgdPlotCanvas *canvas,
              double           x,
              double           y)
{
  GtkEventController *motion =
    find_controller (GTK_WIDGET (canvas), GTK_TYPE_EVENT_CONTROLLER_MOTION);

  g_signal_emit_by_name (motion, "motion", x, y);
}

static void
click (SeqgdPlotCanvas *canvas,
       int              n_press,
       double           x,
       double           y)
{
  GtkEventController *gesture =
    find_controller (GTK_WIDGET (canvas), GTK_TYPE_GESTURE_CLICK);

  g_signal_emit_by_name (gesture, "pressed", n_press, x, y);
  g_signal_emit_by_name (gesture, "released", n_press, x, y);
}

/* The pixel of a recorded training-loss point, x as steps. */
static void
point_pixel (SeqgdPlotCanvas *canvas,
             guint            rule,
             guint64          step,
             double          *px,
             double          *py)
{
  SeqgdPlotLayout *layout = seqgd_plot_canvas_get_layout (canvas);
  double loss = synthetic_loss (rule, SYNTHETIC_FIRST_SEED, step);

  seqgd_plot_layout_data_to_pixel (layout, step, loss, px, py);
}

/* What the canvas draws, rendered by the window's renderer and read back
 * as 8-bit pixels. */
static guchar *
render_canvas (SeqgdPlotCanvas *canvas,
               int             *width,
               int             *height,
               gsize           *stride)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  guchar *pixels;

  *width = gtk_widget_get_width (GTK_WIDGET (canvas));
  *height = gtk_widget_get_height (GTK_WIDGET (canvas));
  GTK_WIDGET_GET_CLASS (canvas)->snapshot (GTK_WIDGET (canvas), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (canvas)));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width,
                                                              *height));
  *stride = (gsize) gdk_texture_get_width (texture) * 4;
  pixels = g_malloc (*stride * gdk_texture_get_height (texture));
  gdk_texture_download (texture, pixels, *stride);

  return pixels;
}

/* gdk_texture_download() gives Cairo's ARGB32: B, G, R, A in memory. */
static void
pixel_rgb (const guchar *pixels,
           gsize         stride,
           int           x,
           int           y,
           double       *rgb)
{
  const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;

  rgb[0] = p[2] / 255.0;
  rgb[1] = p[1] / 255.0;
  rgb[2] = p[0] / 255.0;
}

static gboolean
near_color (const double *rgb,
            double        red,
            double        green,
            double        blue)
{
  return fabs (rgb[0] - red) < 0.08
         && fabs (rgb[1] - green) < 0.08
         && fabs (rgb[2] - blue) < 0.08;
}

static void
assert_view_equal (const SeqgdPlotView *a,
                   const SeqgdPlotView *b)
{
  g_assert_cmpfloat_with_epsilon (a->x_min, b->x_min, 1e-9 * fabs (a->x_max - a->x_min));
  g_assert_cmpfloat_with_epsilon (a->x_max, b->x_max, 1e-9 * fabs (a->x_max - a->x_min));
  g_assert_cmpfloat_with_epsilon (a->y_min, b->y_min, 1e-9 * fabs (a->y_max - a->y_min));
  g_assert_cmpfloat_with_epsilon (a->y_max, b->y_max, 1e-9 * fabs (a->y_max - a->y_min));
}

static void
current_view (SeqgdPlotCanvas *canvas,
              SeqgdPlotView   *view)
{
  seqgd_plot_layout_get_view (seqgd_plot_canvas_get_layout (canvas), view);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Hover at the pixel of a known point shows its rule, seed, step and
 * value, and draws the marker in the rule's colour on that pixel. */
static void
test_hover (Fixture       *f,
            gconstpointer  user_data)
{
  SeqgdPlotModel *model;
  const char *text;
  g_autofree char *seed = NULL;
  g_autofree char *value = NULL;
  g_autofree guchar *pixels = NULL;
  graphene_rect_t tip;
  double px;
  double py;
  double rgb[3];
  double red;
  double green;
  double blue;
  int rule;
  int width;
  int height;
  gsize stride;
  guint notifies = 0;

  if (skip_without_display ())
    return;

  model = seqgd_plot_canvas_get_model (f->canvas);
  rule = seqgd_plot_model_find_rule (model, "simultaneous");
  g_assert_cmpint (rule, >=, 0);
  g_signal_connect (f->canvas, "notify::hover-text",
                    G_CALLBACK (count_notify_cb), &notifies);

  point_pixel (f->canvas, 1, 120, &px, &py);
  move_pointer (f->canvas, px, py);

  text = seqgd_plot_canvas_get_hover_text (f->canvas);
  g_assert_nonnull (text);
  g_test_message ("Tooltip: %s", text);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_nonnull (strstr (text, seqgd_plot_model_get_rule_label (model, rule)));
  seed = g_strdup_printf ("Seed %d", SYNTHETIC_FIRST_SEED);
  g_assert_nonnull (strstr (text, seed));
  g_assert_nonnull (strstr (text, "Step 120,"));
  g_assert_nonnull (strstr (text, "epoch 1.2"));
  value = g_strdup_printf ("Loss %.4g",
                           synthetic_loss (1, SYNTHETIC_FIRST_SEED, 120));
  g_assert_nonnull (strstr (text, value));
  g_assert_null (strstr (text, "smoothed"));

  /* The tooltip lies inside the canvas and does not cover the point. */
  g_assert_true (_seqgd_plot_canvas_get_tooltip_bounds (f->canvas, &tip));
  g_assert_cmpfloat (tip.origin.x, >=, 0);
  g_assert_cmpfloat (tip.origin.y, >=, 0);
  g_assert_cmpfloat (tip.origin.x + tip.size.width, <=,
                     gtk_widget_get_width (GTK_WIDGET (f->canvas)));
  g_assert_cmpfloat (tip.origin.y + tip.size.height, <=,
                     gtk_widget_get_height (GTK_WIDGET (f->canvas)));
  g_assert_false (graphene_rect_contains_point (&tip, &GRAPHENE_POINT_INIT (px, py)));

  /* The marker: the rule's colour at the point. */
  pixels = render_canvas (f->canvas, &width, &height, &stride);
  seqgd_plot_model_get_rule_color (model, rule, &red, &green, &blue);
  pixel_rgb (pixels, stride, (int) px, (int) py, rgb);
  g_assert_true (near_color (rgb, red, green, blue));

  /* Moving along the same point changes nothing; leaving hides it. */
  move_pointer (f->canvas, px + 1, py);
  g_assert_cmpuint (notifies, ==, 1);
  g_signal_emit_by_name (find_controller (GTK_WIDGET (f->canvas),
                                          GTK_TYPE_EVENT_CONTROLLER_MOTION),
                         "leave");
  g_assert_null (seqgd_plot_canvas_get_hover_text (f->canvas));
  g_assert_cmpuint (notifies, ==, 2);
  g_assert_false (_seqgd_plot_canvas_get_tooltip_bounds (f->canvas, &tip));
}

/* Near the right and bottom edges the tooltip flips and stays inside. */
static void
test_hover_edge (Fixture       *f,
                 gconstpointer  user_data)
{
  SeqgdPlotRect area;
  graphene_rect_t tip;
  double px;
  double py;
  int width;
  int height;

  if (skip_without_display ())
    return;

  width = gtk_widget_get_width (GTK_WIDGET (f->canvas));
  height = gtk_widget_get_height (GTK_WIDGET (f->canvas));
  seqgd_plot_layout_get_plot_area (seqgd_plot_canvas_get_layout (f->canvas),
                                   &area);

  /* The last point of the slowest rule: near the right edge of the area,
   * which leaves a little room after the data. */
  point_pixel (f->canvas, 2, N_STEPS, &px, &py);
  g_assert_cmpfloat (px, >, area.x + 0.95 * area.width);
  move_pointer (f->canvas, px, py);
  g_assert_nonnull (seqgd_plot_canvas_get_hover_text (f->canvas));
  g_assert_true (_seqgd_plot_canvas_get_tooltip_bounds (f->canvas, &tip));
  g_assert_cmpfloat (tip.origin.x + tip.size.width, <=, px);
  g_assert_cmpfloat (tip.origin.x, >=, 0);
  g_assert_cmpfloat (tip.origin.y + tip.size.height, <=, height);

  /* The lowest point of the fastest rule, near the bottom of the area. */
  point_pixel (f->canvas, 0, N_STEPS, &px, &py);
  move_pointer (f->canvas, px, py);
  g_assert_nonnull (seqgd_plot_canvas_get_hover_text (f->canvas));
  g_assert_true (_seqgd_plot_canvas_get_tooltip_bounds (f->canvas, &tip));
  g_assert_cmpfloat (tip.origin.x + tip.size.width, <=, width);
  g_assert_cmpfloat (tip.origin.y + tip.size.height, <=, height);
  g_assert_cmpfloat (tip.origin.y, >=, 0);
}

/* Finds a pixel inside the legend entry of @rule by scanning the canvas. */
static gboolean
find_legend_entry (SeqgdPlotCanvas *canvas,
                   int              rule,
                   double          *x,
                   double          *y)
{
  SeqgdPlotLayout *layout = seqgd_plot_canvas_get_layout (canvas);
  int width = gtk_widget_get_width (GTK_WIDGET (canvas));
  int height = gtk_widget_get_height (GTK_WIDGET (canvas));

  for (int py = 0; py < height; py += 2)
    for (int px = 0; px < width; px += 2)
      if (seqgd_plot_layout_legend_hit (layout, px, py) == rule)
        {
          *x = px + 2;
          *y = py + 2;
          return TRUE;
        }

  return FALSE;
}

/* Clicking a legend entry hides its rule (and hover skips it); clicking
 * again shows it. */
static void
test_legend (Fixture       *f,
             gconstpointer  user_data)
{
  SeqgdPlotModel *model;
  g_autofree char *label = NULL;
  const char *text;
  double lx;
  double ly;
  double px;
  double py;
  int rule;

  if (skip_without_display ())
    return;

  model = seqgd_plot_canvas_get_model (f->canvas);
  rule = seqgd_plot_model_find_rule (model, "sequential");
  label = g_strdup (seqgd_plot_model_get_rule_label (model, rule));
  g_assert_true (find_legend_entry (f->canvas, rule, &lx, &ly));

  point_pixel (f->canvas, 2, 150, &px, &py);
  move_pointer (f->canvas, px, py);
  g_assert_nonnull (strstr (seqgd_plot_canvas_get_hover_text (f->canvas), label));

  click (f->canvas, 1, lx, ly);
  g_assert_false (seqgd_plot_model_get_rule_visible (model, rule));

  /* With the rule hidden the same pixel finds another rule or nothing;
   * the view refits to the visible data, so the pixel is looked up anew. */
  move_pointer (f->canvas, px, py);
  text = seqgd_plot_canvas_get_hover_text (f->canvas);
  g_assert_true (text == NULL || strstr (text, label) == NULL);

  g_assert_true (find_legend_entry (f->canvas, rule, &lx, &ly));
  click (f->canvas, 1, lx, ly);
  g_assert_true (seqgd_plot_model_get_rule_visible (model, rule));
  g_assert_false (seqgd_plot_canvas_get_zoomed (f->canvas));
}

/* Zoom in by action, scroll and drag; reset by action and by double
 * click restores the fitted view. */
static void
test_zoom_reset (Fixture       *f,
                 gconstpointer  user_data)
{
  GtkEventController *scroll;
  GtkEventController *drag;
  SeqgdPlotView fitted;
  SeqgdPlotView zoomed;
  SeqgdPlotView view;
  SeqgdPlotRect area;
  gboolean handled = FALSE;
  guint notifies = 0;
  double cx;
  double cy;

  if (skip_without_display ())
    return;

  g_signal_connect (f->canvas, "notify::zoomed",
                    G_CALLBACK (count_notify_cb), &notifies);
  current_view (f->canvas, &fitted);
  seqgd_plot_layout_get_plot_area (seqgd_plot_canvas_get_layout (f->canvas),
                                   &area);
  cx = area.x + area.width / 2;
  cy = area.y + area.height / 2;

  /* The action zooms around the centre. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel),
                                             "plot.zoom-in", NULL));
  g_assert_true (seqgd_plot_canvas_get_zoomed (f->canvas));
  g_assert_cmpuint (notifies, ==, 1);
  current_view (f->canvas, &zoomed);
  g_assert_cmpfloat (zoomed.x_max - zoomed.x_min, <, fitted.x_max - fitted.x_min);
  g_assert_cmpfloat (zoomed.y_max - zoomed.y_min, <, fitted.y_max - fitted.y_min);

  /* Scrolling up zooms in further around the pointer. */
  move_pointer (f->canvas, cx, cy);
  scroll = find_controller (GTK_WIDGET (f->canvas),
                            GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  current_view (f->canvas, &view);
  g_assert_cmpfloat (view.x_max - view.x_min, <, zoomed.x_max - zoomed.x_min);

  /* Dragging right by 40 pixels moves the content right: x goes down. */
  zoomed = view;
  drag = find_controller (GTK_WIDGET (f->canvas), GTK_TYPE_GESTURE_DRAG);
  g_signal_emit_by_name (drag, "drag-begin", cx, cy);
  g_signal_emit_by_name (drag, "drag-update", 40.0, 0.0);
  g_signal_emit_by_name (drag, "drag-end", 40.0, 0.0);
  current_view (f->canvas, &view);
  g_assert_cmpfloat (view.x_min, <, zoomed.x_min);
  g_assert_cmpfloat_with_epsilon (view.x_max - view.x_min,
                                  zoomed.x_max - zoomed.x_min,
                                  1e-6 * (zoomed.x_max - zoomed.x_min));

  /* Reset restores exactly the fitted view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel),
                                             "plot.reset-zoom", NULL));
  g_assert_false (seqgd_plot_canvas_get_zoomed (f->canvas));
  g_assert_cmpuint (notifies, ==, 2);
  current_view (f->canvas, &view);
  assert_view_equal (&view, &fitted);

  /* A double click in the plot area resets too. */
  seqgd_plot_canvas_zoom (f->canvas, 2.0);
  g_assert_true (seqgd_plot_canvas_get_zoomed (f->canvas));
  click (f->canvas, 1, cx, cy);
  click (f->canvas, 2, cx, cy);
  g_assert_false (seqgd_plot_canvas_get_zoomed (f->canvas));
  current_view (f->canvas, &view);
  assert_view_equal (&view, &fitted);
}

/* Activates the canvas's own shortcut for @keyval, as a key press with
 * the focus on the canvas would. */
static void
press_key (SeqgdPlotCanvas *canvas,
           guint            keyval)
{
  g_autoptr(GListModel) controllers =
    gtk_widget_observe_controllers (GTK_WIDGET (canvas));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller =
        g_list_model_get_item (controllers, i);
      GListModel *shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      shortcuts = G_LIST_MODEL (controller);
      for (guint j = 0; j < g_list_model_get_n_items (shortcuts); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                           0, GTK_WIDGET (canvas),
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }

  g_assert_not_reached ();
}

/* The keyboard: + and - zoom, arrows pan, Home resets, Escape drops a
 * drag in progress. */
static void
test_keyboard (Fixture       *f,
               gconstpointer  user_data)
{
  GtkEventController *drag;
  SeqgdPlotView fitted;
  SeqgdPlotView zoomed;
  SeqgdPlotView view;
  SeqgdPlotRect area;

  if (skip_without_display ())
    return;

  current_view (f->canvas, &fitted);

  press_key (f->canvas, GDK_KEY_plus);
  current_view (f->canvas, &zoomed);
  g_assert_cmpfloat (zoomed.x_max - zoomed.x_min, <, fitted.x_max - fitted.x_min);

  press_key (f->canvas, GDK_KEY_Right);
  current_view (f->canvas, &view);
  g_assert_cmpfloat (view.x_min, >, zoomed.x_min);
  press_key (f->canvas, GDK_KEY_Left);
  current_view (f->canvas, &view);
  g_assert_cmpfloat_with_epsilon (view.x_min, zoomed.x_min,
                                  1e-6 * (zoomed.x_max - zoomed.x_min));
  press_key (f->canvas, GDK_KEY_Up);
  current_view (f->canvas, &view);
  g_assert_cmpfloat (view.y_max, >, zoomed.y_max);

  press_key (f->canvas, GDK_KEY_minus);
  press_key (f->canvas, GDK_KEY_Home);
  g_assert_false (seqgd_plot_canvas_get_zoomed (f->canvas));
  current_view (f->canvas, &view);
  assert_view_equal (&view, &fitted);

  /* A pan drag cancelled with Escape leaves the view where it was. */
  seqgd_plot_layout_get_plot_area (seqgd_plot_canvas_get_layout (f->canvas),
                                   &area);
  drag = find_controller (GTK_WIDGET (f->canvas), GTK_TYPE_GESTURE_DRAG);
  g_signal_emit_by_name (drag, "drag-begin", area.x + 100, area.y + 100);
  g_signal_emit_by_name (drag, "drag-update", 60.0, 30.0);
  g_assert_true (seqgd_plot_canvas_get_zoomed (f->canvas));
  press_key (f->canvas, GDK_KEY_Escape);
  g_assert_false (seqgd_plot_canvas_get_zoomed (f->canvas));
  current_view (f->canvas, &view);
  assert_view_equal (&view, &fitted);
}

/* The toolbar's options are properties and actions that reach the plot. */
static void
test_options (Fixture       *f,
              gconstpointer  user_data)
{
  const SeqgdPlotOptions *options;
  SeqgdPlotXMode x_mode;
  gboolean log_y;
  guint notifies = 0;

  if (skip_without_display ())
    return;

  g_signal_connect (f->panel, "notify::log-y",
                    G_CALLBACK (count_notify_cb), &notifies);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel),
                                             "plot.log-y", NULL));
  g_object_get (f->panel, "log-y", &log_y, NULL);
  g_assert_true (log_y);
  g_assert_cmpuint (notifies, ==, 1);
  options = seqgd_plot_canvas_get_options (f->canvas);
  g_assert_true (options->log_y);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel),
                                             "plot.x-mode", "s", "epochs"));
  g_object_get (f->panel, "x-mode", &x_mode, NULL);
  g_assert_cmpint (x_mode, ==, SEQGD_PLOT_X_EPOCHS);
  g_assert_cmpint (options->x_mode, ==, SEQGD_PLOT_X_EPOCHS);

  g_object_set (f->panel, "smoothing", SEQGD_PLOT_SMOOTH_EMA,
                "ema-weight", 0.8, NULL);
  g_assert_cmpint (options->smoothing, ==, SEQGD_PLOT_SMOOTH_EMA);
  g_assert_cmpfloat (options->ema_weight, ==, 0.8);

  /* Setting the same value again notifies nothing. */
  g_object_set (f->panel, "log-y", TRUE, NULL);
  g_assert_cmpuint (notifies, ==, 1);
}

/* Refresh copies new records and reports whether there were any. */
static void
test_refresh (Fixture       *f,
              gconstpointer  user_data)
{
  SeqgdPlotView before;
  SeqgdPlotView after;

  if (skip_without_display ())
    return;

  g_assert_false (seqgd_plot_canvas_refresh (f->canvas));
  current_view (f->canvas, &before);

  synthetic_append (f->results, 3, 1, N_STEPS, 2 * N_STEPS);
  g_assert_true (seqgd_plot_canvas_refresh (f->canvas));
  g_assert_false (seqgd_plot_canvas_refresh (f->canvas));
  current_view (f->canvas, &after);
  g_assert_cmpfloat (after.x_max, >, before.x_max);
  g_assert_cmpuint (seqgd_plot_model_get_run_n_steps (seqgd_plot_canvas_get_model (f->canvas), 0),
                    ==, 2 * N_STEPS);

  seqgd_plot_panel_set_results (f->panel, NULL);
  g_assert_cmpuint (seqgd_plot_model_get_n_runs (seqgd_plot_canvas_get_model (f->canvas)),
                    ==, 0);
}

static void
assert_file_starts_with (const char *path,
                         const char *magic,
                         gsize       length)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >=, length);
  g_assert_cmpmem (contents, length, magic, length);
}

/* Exports write the plot as shown, in the format the extension names. */
static void
test_export (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *svg_text = NULL;
  double px;
  double py;

  if (skip_without_display ())
    return;

  dir = g_dir_make_tmp ("seqgd-plot-view-XXXXXX", &error);
  g_assert_no_error (error);
  png = g_build_filename (dir, "plot.png", NULL);
  svg = g_build_filename (dir, "plot.svg", NULL);
  pdf = g_build_filename (dir, "plot.PDF", NULL);

  /* A hover must not leak into the files. */
  point_pixel (f->canvas, 1, 120, &px, &py);
  move_pointer (f->canvas, px, py);
  g_assert_nonnull (seqgd_plot_canvas_get_hover_text (f->canvas));
  seqgd_plot_canvas_zoom (f->canvas, 1.5);

  g_assert_true (seqgd_plot_panel_export (f->panel, png, &error));
  g_assert_no_error (error);
  assert_file_starts_with (png, "\x89PNG\r\n\x1a\n", 8);

  g_assert_true (seqgd_plot_panel_export (f->panel, svg, &error));
  g_assert_no_error (error);
  g_file_get_contents (svg, &svg_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg_text, "<svg"));
  g_assert_null (strstr (svg_text, seqgd_plot_canvas_get_hover_text (f->canvas)));

  g_assert_true (seqgd_plot_panel_export (f->panel, pdf, &error));
  g_assert_no_error (error);
  assert_file_starts_with (pdf, "%PDF-", 5);

  /* Unknown formats and unwritable places are errors, not crashes. */
  bad = g_build_filename (dir, "plot.bmp", NULL);
  g_assert_false (seqgd_plot_panel_export (f->panel, bad, &error));
  g_assert_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (seqgd_plot_panel_export (f->panel,
                                           "/nonexistent/folder/plot.png",
                                           &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

/* A panel that was never shown still builds, exports and finalizes. */
static void
test_unrealized (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  SeqgdResults *results;
  GtkWidget *panel;

  if (skip_without_display ())
    return;

  results = synthetic_results_new (2, 2, 50);
  panel = g_object_ref_sink (seqgd_plot_panel_new ());
  seqgd_plot_panel_set_results (SEQGD_PLOT_PANEL (panel), results);
  g_assert_true (seqgd_plot_panel_get_results (SEQGD_PLOT_PANEL (panel)) == results);
  seqgd_plot_panel_refresh (SEQGD_PLOT_PANEL (panel));

  dir = g_dir_make_tmp ("seqgd-plot-view-XXXXXX", &error);
  g_assert_no_error (error);
  png = g_build_filename (dir, "plot.png", NULL);
  g_assert_true (seqgd_plot_panel_export (SEQGD_PLOT_PANEL (panel), png, &error));
  g_assert_no_error (error);
  assert_file_starts_with (png, "\x89PNG\r\n\x1a\n", 8);
  g_unlink (png);
  g_rmdir (dir);

  g_assert_finalize_object (panel);
  seqgd_results_unref (results);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  have_display = gtk_init_check () && gdk_display_get_default () != NULL;

#define ADD(path, func) \
  g_test_add ("/gui/plot-view/" path, Fixture, NULL, \
              fixture_set_up, func, fixture_tear_down)

  ADD ("hover", test_hover);
  ADD ("hover-edge", test_hover_edge);
  ADD ("legend", test_legend);
  ADD ("zoom-reset", test_zoom_reset);
  ADD ("keyboard", test_keyboard);
  ADD ("options", test_options);
  ADD ("refresh", test_refresh);
  ADD ("export", test_export);
  g_test_add_func ("/gui/plot-view/unrealized", test_unrealized);

#undef ADD

  return g_test_run ();
}
