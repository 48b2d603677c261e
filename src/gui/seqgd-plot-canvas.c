/* seqgd-plot-canvas.c — the interactive loss plot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plot itself comes from src/plot: a SeqgdPlotLayout made for the
 * current size and options, drawn once into a render node that is kept
 * until the data, the options or the size change.  Everything else here
 * is input and overlay: the hover marker, guide line and tooltip box, the
 * rubber band of a zoom-to-box drag and the keyboard focus ring are drawn
 * on top of the cached node, so moving the pointer never redraws the
 * curves.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "seqgd-plot-canvas-private.h"

/* How far from a drawn point the pointer may be and still snap to it. */
#define HOVER_RADIUS      32.0
/* Zoom per scroll unit and per key press or button click. */
#define SCROLL_ZOOM_BASE  1.15
#define STEP_ZOOM         1.25
/* Keyboard pan, as a fraction of the plot area. */
#define STEP_PAN          0.1
/* Hover marker: radius of the coloured dot and of its white ring. */
#define MARKER_DOT        4.5
#define MARKER_RING       6.5
/* Tooltip box: padding, corner radius, distance from the pointer. */
#define TIP_PAD_X         9.0
#define TIP_PAD_Y         6.0
#define TIP_RADIUS        6.0
#define TIP_SWATCH        10.0
#define TIP_GAP           7.0
#define TIP_OFFSET_X      16.0
#define TIP_OFFSET_Y      20.0
#define TIP_MARGIN        4.0

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_BOX,
} DragMode;

struct _SeqgdPlotCanvas
{
  GtkWidget         parent_instance;

  /* Owned */
  SeqgdResults     *results;
  SeqgdPlotModel   *model;
  SeqgdPlotOptions  options;
  char             *title;          /* options.title points here */
  SeqgdPlotLayout  *layout;         /* for the current size and options */
  GskRenderNode    *plot_node;      /* layout drawn, NULL until needed */
  SeqgdPlotLayout  *drag_layout;    /* the layout a drag started on */
  PangoLayout      *tip_layout;
  char             *hover_text;

  /* Layout bookkeeping */
  guint64           layout_generation;
  guint             layout_dirty : 1;

  /* Pointer and hover */
  guint             pointer_inside : 1;
  guint             has_hover : 1;
  double            pointer_x;
  double            pointer_y;
  SeqgdPlotHit      hover;

  /* Drag */
  DragMode          drag_mode;
  guint             drag_moved : 1;
  double            drag_x0;
  double            drag_y0;
  double            drag_x1;
  double            drag_y1;
};

G_DEFINE_FINAL_TYPE (SeqgdPlotCanvas, seqgd_plot_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ZOOMED,
  PROP_HOVER_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_hover (SeqgdPlotCanvas *self);

static gboolean
point_in_rect (const SeqgdPlotRect *rect,
               double               x,
               double               y)
{
  return x >= rect->x && x <= rect->x + rect->width
         && y >= rect->y && y <= rect->y + rect->height;
}

/* Returns the layout for the current size, options and data, making a
 * new one when any of them changed; NULL while the canvas has no size. */
static SeqgdPlotLayout *
ensure_layout (SeqgdPlotCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint64 generation = seqgd_plot_model_get_generation (self->model);

  if (width <= 0 || height <= 0)
    return NULL;

  if (self->layout != NULL
      && !self->layout_dirty
      && self->layout_generation == generation)
    {
      double layout_width;
      double layout_height;

      seqgd_plot_layout_get_size (self->layout, &layout_width, &layout_height);
      if (layout_width == width && layout_height == height)
        return self->layout;
    }

  g_clear_pointer (&self->layout, seqgd_plot_layout_unref);
  g_clear_pointer (&self->plot_node, gsk_render_node_unref);
  self->layout = seqgd_plot_layout_new (self->model, &self->options,
                                        width, height);
  self->layout_generation = generation;
  self->layout_dirty = FALSE;

  return self->layout;
}

/* Something that changes the drawing happened: the next draw makes a new
 * layout, and the hover is looked up again since points may have moved. */
static void
invalidate (SeqgdPlotCanvas *self)
{
  self->layout_dirty = TRUE;
  g_clear_pointer (&self->plot_node, gsk_render_node_unref);
  update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_hover (SeqgdPlotCanvas    *self,
           const SeqgdPlotHit *hit,
           char               *text)
{
  g_autofree char *owned_text = text;

  if (hit != NULL)
    self->hover = *hit;
  self->has_hover = hit != NULL;

  if (g_strcmp0 (owned_text, self->hover_text) != 0)
    {
      g_free (self->hover_text);
      self->hover_text = g_steal_pointer (&owned_text);
      g_clear_object (&self->tip_layout);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_TEXT]);
    }
}

/* Looks up the point under the pointer.  The tooltip follows the pointer,
 * so any motion while hovering queues a (cheap, overlay-only) redraw. */
static void
update_hover (SeqgdPlotCanvas *self)
{
  SeqgdPlotLayout *layout = NULL;
  SeqgdPlotRect area;
  SeqgdPlotHit hit;
  gboolean found = FALSE;
  gboolean had_hover = self->has_hover;

  if (self->pointer_inside && self->drag_mode == DRAG_NONE)
    layout = ensure_layout (self);

  if (layout != NULL)
    {
      seqgd_plot_layout_get_plot_area (layout, &area);
      if (point_in_rect (&area, self->pointer_x, self->pointer_y)
          && seqgd_plot_layout_legend_hit (layout, self->pointer_x,
                                           self->pointer_y) < 0)
        found = seqgd_plot_layout_hit_test (layout,
                                            self->pointer_x, self->pointer_y,
                                            HOVER_RADIUS, &hit);
    }

  if (found)
    set_hover (self, &hit, seqgd_plot_layout_describe (layout, &hit));
  else
    set_hover (self, NULL, NULL);

  if (found || had_hover)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
apply_view (SeqgdPlotCanvas     *self,
            const SeqgdPlotView *view)
{
  gboolean was_zoomed = !self->options.view.automatic;

  self->options.view = *view;
  if (was_zoomed != !view->automatic)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOMED]);
  invalidate (self);
}

static void
update_cursor (SeqgdPlotCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->drag_mode == DRAG_PAN && self->drag_moved)
    gtk_widget_set_cursor_from_name (widget, "grabbing");
  else if (self->drag_mode == DRAG_BOX)
    gtk_widget_set_cursor_from_name (widget, "crosshair");
  else if (self->layout != NULL
           && self->pointer_inside
           && seqgd_plot_layout_legend_hit (self->layout, self->pointer_x,
                                            self->pointer_y) >= 0)
    gtk_widget_set_cursor_from_name (widget, "pointer");
  else
    gtk_widget_set_cursor (widget, NULL);
}

/* Pointer motion. */

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SeqgdPlotCanvas          *self)
{
  g_assert (SEQGD_IS_PLOT_CANVAS (self));

  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->drag_mode == DRAG_NONE)
    {
      update_hover (self);
      update_cursor (self);
    }
}

static void
leave_cb (GtkEventControllerMotion *controller,
          SeqgdPlotCanvas          *self)
{
  g_assert (SEQGD_IS_PLOT_CANVAS (self));

  self->pointer_inside = FALSE;
  update_hover (self);
  update_cursor (self);
}

/* Scrolling zooms around the pointer: over the plot area both axes, over
 * the x axis below it only x, over the y axis beside it only y.  Shift
 * limits the zoom to x, Control to y. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SeqgdPlotCanvas          *self)
{
  GdkModifierType state;
  SeqgdPlotLayout *layout;
  SeqgdPlotRect area;
  SeqgdPlotView view;
  double delta = dy != 0 ? dy : dx;
  double px;
  double py;
  double factor;
  gboolean zoom_x = TRUE;
  gboolean zoom_y = dy != 0;

  g_assert (SEQGD_IS_PLOT_CANVAS (self));

  layout = ensure_layout (self);
  if (layout == NULL || delta == 0 || self->drag_mode != DRAG_NONE)
    return FALSE;

  seqgd_plot_layout_get_plot_area (layout, &area);
  px = self->pointer_inside ? self->pointer_x : area.x + area.width / 2;
  py = self->pointer_inside ? self->pointer_y : area.y + area.height / 2;

  state = gtk_event_controller_get_current_event_state (
            GTK_EVENT_CONTROLLER (controller));
  if (state & GDK_SHIFT_MASK)
    zoom_y = FALSE;
  else if (state & GDK_CONTROL_MASK)
    zoom_x = FALSE;
  else if (py > area.y + area.height && px >= area.x)
    zoom_y = FALSE;
  else if (px < area.x && py <= area.y + area.height)
    zoom_x = FALSE;

  factor = pow (SCROLL_ZOOM_BASE, -delta);
  seqgd_plot_layout_zoom (layout,
                          CLAMP (px, area.x, area.x + area.width),
                          CLAMP (py, area.y, area.y + area.height),
                          zoom_x ? factor : 1.0,
                          zoom_y ? factor : 1.0,
                          &view);
  apply_view (self, &view);

  return TRUE;
}

/* Clicks: a legend entry toggles its rule; a double click elsewhere
 * resets the zoom. */

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  SeqgdPlotCanvas *self)
{
  SeqgdPlotLayout *layout;

  g_assert (SEQGD_IS_PLOT_CANVAS (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));

  layout = ensure_layout (self);
  if (n_press == 2
      && layout != NULL
      && seqgd_plot_layout_legend_hit (layout, x, y) < 0)
    seqgd_plot_canvas_reset_zoom (self);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   SeqgdPlotCanvas *self)
{
  SeqgdPlotLayout *layout;
  int rule;

  g_assert (SEQGD_IS_PLOT_CANVAS (self));

  layout = ensure_layout (self);
  if (layout == NULL)
    return;

  rule = seqgd_plot_layout_legend_hit (layout, x, y);
  if (rule >= 0)
    seqgd_plot_canvas_toggle_rule (self, rule);
}

/* Drags: the primary button pans, Shift + primary or the secondary button
 * draws a box to zoom into.  Both work from the layout the drag started
 * on, so the result does not drift while the view changes under it. */

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               SeqgdPlotCanvas *self)
{
  SeqgdPlotLayout *layout;
  GdkModifierType state;
  guint button;

  g_assert (SEQGD_IS_PLOT_CANVAS (self));

  layout = ensure_layout (self);
  if (layout == NULL || seqgd_plot_layout_legend_hit (layout, x, y) >= 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  state = gtk_event_controller_get_current_event_state (
            GTK_EVENT_CONTROLLER (gesture));

  if (button == GDK_BUTTON_SECONDARY || (state & GDK_SHIFT_MASK))
    self->drag_mode = DRAG_BOX;
  else
    self->drag_mode = DRAG_PAN;

  g_clear_pointer (&self->drag_layout, seqgd_plot_layout_unref);
  self->drag_layout = seqgd_plot_layout_ref (layout);
  self->drag_moved = FALSE;
  self->drag_x0 = self->drag_x1 = x;
  self->drag_y0 = self->drag_y1 = y;
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           offset_x,
                double           offset_y,
                SeqgdPlotCanvas *self)
{
  SeqgdPlotRect area;
  SeqgdPlotView view;

  g_assert (SEQGD_IS_PLOT_CANVAS (self));

  if (self->drag_mode == DRAG_NONE)
    return;

  if (!self->drag_moved)
    {
      if (!gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0,
                                     (int) offset_x, (int) offset_y))
        return;

      /* A real drag: it is no longer a click, and hover stays off. */
      self->drag_moved = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      set_hover (self, NULL, NULL);
      update_cursor (self);
    }

  if (self->drag_mode == DRAG_PAN)
    {
      seqgd_plot_layout_pan (self->drag_layout, offset_x, offset_y, &view);
      apply_view (self, &view);
      return;
    }

  seqgd_plot_layout_get_plot_area (self->drag_layout, &area);
  self->drag_x1 = CLAMP (self->drag_x0 + offset_x, area.x, area.x + area.width);
  self->drag_y1 = CLAMP (self->drag_y0 + offset_y, area.y, area.y + area.height);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           offset_x,
             double           offset_y,
             SeqgdPlotCanvas *self)
{
  g_autoptr(SeqgdPlotLayout) layout = g_steal_pointer (&self->drag_layout);
  DragMode mode = self->drag_mode;
  SeqgdPlotView view;

  g_assert (SEQGD_IS_PLOT_CANVAS (self));

  self->drag_mode = DRAG_NONE;
  if (mode == DRAG_BOX && self->drag_moved)
    {
      if (seqgd_plot_layout_zoom_box (layout, self->drag_x0, self->drag_y0,
                                      self->drag_x1, self->drag_y1, &view))
        apply_view (self, &view);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  self->drag_moved = FALSE;
  update_hover (self);
  update_cursor (self);
}

static void
drag_cancel_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                SeqgdPlotCanvas  *self)
{
  g_assert (SEQGD_IS_PLOT_CANVAS (self));

  g_clear_pointer (&self->drag_layout, seqgd_plot_layout_unref);
  self->drag_mode = DRAG_NONE;
  self->drag_moved = FALSE;
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Keyboard, when the canvas has the focus. */

static gboolean
pan_shortcut_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  double fraction_x;
  double fraction_y;

  g_variant_get (args, "(dd)", &fraction_x, &fraction_y);
  seqgd_plot_canvas_pan (SEQGD_PLOT_CANVAS (widget), fraction_x, fraction_y);

  return TRUE;
}

static gboolean
zoom_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  seqgd_plot_canvas_zoom (SEQGD_PLOT_CANVAS (widget),
                          g_variant_get_double (args));

  return TRUE;
}

static gboolean
reset_shortcut_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  seqgd_plot_canvas_reset_zoom (SEQGD_PLOT_CANVAS (widget));

  return TRUE;
}

/* Drawing. */

static void
snapshot_plot (SeqgdPlotCanvas *self,
               GtkSnapshot     *snapshot,
               SeqgdPlotLayout *layout)
{
  double width;
  double height;

  if (self->plot_node == NULL)
    {
      GtkSnapshot *plot_snapshot = gtk_snapshot_new ();
      cairo_t *cr;

      seqgd_plot_layout_get_size (layout, &width, &height);
      cr = gtk_snapshot_append_cairo (plot_snapshot,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
      seqgd_plot_layout_render (layout, cr);
      cairo_destroy (cr);
      self->plot_node = gtk_snapshot_free_to_node (plot_snapshot);
    }

  if (self->plot_node != NULL)
    gtk_snapshot_append_node (snapshot, self->plot_node);
}

static void
snapshot_rubber_band (SeqgdPlotCanvas *self,
                      GtkSnapshot     *snapshot)
{
  const GdkRGBA fill = { 0.21, 0.52, 0.89, 0.15 };
  const GdkRGBA edge = { 0.21, 0.52, 0.89, 0.9 };
  GskRoundedRect outline;
  graphene_rect_t rect;

  graphene_rect_init (&rect,
                      floor (MIN (self->drag_x0, self->drag_x1)),
                      floor (MIN (self->drag_y0, self->drag_y1)),
                      ceil (fabs (self->drag_x1 - self->drag_x0)),
                      ceil (fabs (self->drag_y1 - self->drag_y0)));
  gsk_rounded_rect_init_from_rect (&outline, &rect, 0);

  gtk_snapshot_append_color (snapshot, &fill, &rect);
  gtk_snapshot_append_border (snapshot, &outline,
                              (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { edge, edge, edge, edge });
}

/* A thin vertical line through the point across the plot area, and a dot
 * in the rule's colour with a white ring so it shows on any curve. */
static void
snapshot_marker (SeqgdPlotCanvas *self,
                 GtkSnapshot     *snapshot,
                 SeqgdPlotLayout *layout)
{
  const GdkRGBA guide = { 0.0, 0.0, 0.0, 0.35 };
  const GdkRGBA ring = { 1.0, 1.0, 1.0, 1.0 };
  GdkRGBA dot = { 0, 0, 0, 1 };
  SeqgdPlotRect area;
  GskRoundedRect circle;
  double red;
  double green;
  double blue;

  seqgd_plot_layout_get_plot_area (layout, &area);
  gtk_snapshot_append_color (snapshot, &guide,
                             &GRAPHENE_RECT_INIT (floor (self->hover.px),
                                                  area.y, 1, area.height));

  seqgd_plot_model_get_rule_color (self->model, self->hover.rule,
                                   &red, &green, &blue);
  dot.red = red;
  dot.green = green;
  dot.blue = blue;

  gsk_rounded_rect_init_from_rect (&circle,
                                   &GRAPHENE_RECT_INIT (self->hover.px - MARKER_RING,
                                                        self->hover.py - MARKER_RING,
                                                        2 * MARKER_RING,
                                                        2 * MARKER_RING),
                                   MARKER_RING);
  gtk_snapshot_push_rounded_clip (snapshot, &circle);
  gtk_snapshot_append_color (snapshot, &ring, &circle.bounds);
  gtk_snapshot_pop (snapshot);

  gsk_rounded_rect_init_from_rect (&circle,
                                   &GRAPHENE_RECT_INIT (self->hover.px - MARKER_DOT,
                                                        self->hover.py - MARKER_DOT,
                                                        2 * MARKER_DOT,
                                                        2 * MARKER_DOT),
                                   MARKER_DOT);
  gtk_snapshot_push_rounded_clip (snapshot, &circle);
  gtk_snapshot_append_color (snapshot, &dot, &circle.bounds);
  gtk_snapshot_pop (snapshot);
}

static PangoLayout *
ensure_tip_layout (SeqgdPlotCanvas *self)
{
  PangoAttrList *attrs;
  PangoAttribute *bold;
  const char *newline;

  if (self->tip_layout != NULL)
    return self->tip_layout;

  self->tip_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                     self->hover_text);

  /* The first line names the series; set it in bold. */
  newline = strchr (self->hover_text, '\n');
  attrs = pango_attr_list_new ();
  bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
  bold->start_index = 0;
  bold->end_index = newline != NULL ? (guint) (newline - self->hover_text)
                                    : (guint) strlen (self->hover_text);
  pango_attr_list_insert (attrs, bold);
  pango_layout_set_attributes (self->tip_layout, attrs);
  pango_attr_list_unref (attrs);

  return self->tip_layout;
}

/* Places a box of @box_width × @box_height next to the pointer: below
 * and right of it, flipped to the other side where it does not fit, then
 * kept inside the canvas. */
static void
place_tooltip (SeqgdPlotCanvas *self,
               double           box_width,
               double           box_height,
               double          *x,
               double          *y)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  *x = self->pointer_x + TIP_OFFSET_X;
  if (*x + box_width > width - TIP_MARGIN)
    *x = self->pointer_x - TIP_OFFSET_X - box_width;

  *y = self->pointer_y + TIP_OFFSET_Y;
  if (*y + box_height > height - TIP_MARGIN)
    *y = self->pointer_y - TIP_OFFSET_X / 2 - box_height;

  *x = round (MAX (TIP_MARGIN, MIN (*x, width - TIP_MARGIN - box_width)));
  *y = round (MAX (TIP_MARGIN, MIN (*y, height - TIP_MARGIN - box_height)));
}

/* The box the tooltip is drawn in: the text, padded, with room for a
 * swatch of the rule's colour on its left. */
static void
get_tooltip_box (SeqgdPlotCanvas *self,
                 graphene_rect_t *box)
{
  PangoRectangle logical;
  double width;
  double height;
  double x;
  double y;

  pango_layout_get_pixel_extents (ensure_tip_layout (self), NULL, &logical);
  width = logical.width + 2 * TIP_PAD_X + TIP_SWATCH + TIP_GAP;
  height = logical.height + 2 * TIP_PAD_Y;
  place_tooltip (self, width, height, &x, &y);
  graphene_rect_init (box, x, y, width, height);
}

static void
snapshot_tooltip (SeqgdPlotCanvas *self,
                  GtkSnapshot     *snapshot)
{
  const GdkRGBA background = { 0.13, 0.13, 0.15, 0.92 };
  const GdkRGBA text = { 1.0, 1.0, 1.0, 1.0 };
  const GdkRGBA shadow = { 0.0, 0.0, 0.0, 0.25 };
  GdkRGBA swatch = { 0, 0, 0, 1 };
  graphene_rect_t bounds;
  GskRoundedRect box;
  GskRoundedRect dot;
  double red;
  double green;
  double blue;

  get_tooltip_box (self, &bounds);
  gsk_rounded_rect_init_from_rect (&box, &bounds, TIP_RADIUS);
  gtk_snapshot_append_outset_shadow (snapshot, &box, &shadow, 0, 1, 0, 4);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &background, &box.bounds);
  gtk_snapshot_pop (snapshot);

  /* A swatch in the rule's colour beside the first line. */
  seqgd_plot_model_get_rule_color (self->model, self->hover.rule,
                                   &red, &green, &blue);
  swatch.red = red;
  swatch.green = green;
  swatch.blue = blue;
  gsk_rounded_rect_init_from_rect (&dot,
                                   &GRAPHENE_RECT_INIT (bounds.origin.x + TIP_PAD_X,
                                                        bounds.origin.y + TIP_PAD_Y + 3,
                                                        TIP_SWATCH,
                                                        TIP_SWATCH),
                                   2);
  gtk_snapshot_push_rounded_clip (snapshot, &dot);
  gtk_snapshot_append_color (snapshot, &swatch, &dot.bounds);
  gtk_snapshot_pop (snapshot);

  /* The text. */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (bounds.origin.x + TIP_PAD_X
                                                + TIP_SWATCH + TIP_GAP,
                                                bounds.origin.y + TIP_PAD_Y));
  gtk_snapshot_append_layout (snapshot, ensure_tip_layout (self), &text);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_focus (SeqgdPlotCanvas *self,
                GtkSnapshot     *snapshot)
{
  const GdkRGBA ring = { 0.21, 0.52, 0.89, 0.5 };
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GskRoundedRect outline;

  gsk_rounded_rect_init_from_rect (&outline,
                                   &GRAPHENE_RECT_INIT (1, 1, width - 2,
                                                        height - 2),
                                   4);
  gtk_snapshot_append_border (snapshot, &outline,
                              (float[4]) { 2, 2, 2, 2 },
                              (GdkRGBA[4]) { ring, ring, ring, ring });
}

static void
seqgd_plot_canvas_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SeqgdPlotCanvas *self = SEQGD_PLOT_CANVAS (widget);
  SeqgdPlotLayout *layout = ensure_layout (self);

  if (layout == NULL)
    return;

  /* The plot, from the cached node when nothing changed. */
  snapshot_plot (self, snapshot, layout);

  /* The rubber band of a zoom-to-box drag. */
  if (self->drag_mode == DRAG_BOX && self->drag_moved)
    snapshot_rubber_band (self, snapshot);

  /* Hover: guide line, marker and tooltip. */
  if (self->has_hover && self->hover_text != NULL)
    {
      snapshot_marker (self, snapshot, layout);
      snapshot_tooltip (self, snapshot);
    }

  /* Keyboard focus. */
  if (gtk_widget_has_visible_focus (widget))
    snapshot_focus (self, snapshot);
}

static void
seqgd_plot_canvas_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 640;
    }
  else
    {
      *minimum = 180;
      *natural = 420;
    }
}

static void
seqgd_plot_canvas_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  invalidate (SEQGD_PLOT_CANVAS (widget));
}

static void
seqgd_plot_canvas_state_flags_changed (GtkWidget     *widget,
                                       GtkStateFlags  previous)
{
  GtkStateFlags now = gtk_widget_get_state_flags (widget);

  GTK_WIDGET_CLASS (seqgd_plot_canvas_parent_class)->state_flags_changed (widget, previous);

  if ((now ^ previous) & (GTK_STATE_FLAG_FOCUS_VISIBLE | GTK_STATE_FLAG_FOCUSED))
    gtk_widget_queue_draw (widget);
}

static void
seqgd_plot_canvas_dispose (GObject *object)
{
  SeqgdPlotCanvas *self = SEQGD_PLOT_CANVAS (object);

  g_clear_pointer (&self->drag_layout, seqgd_plot_layout_unref);
  g_clear_pointer (&self->layout, seqgd_plot_layout_unref);
  g_clear_pointer (&self->plot_node, gsk_render_node_unref);
  g_clear_pointer (&self->results, seqgd_results_unref);
  g_clear_object (&self->tip_layout);

  G_OBJECT_CLASS (seqgd_plot_canvas_parent_class)->dispose (object);
}

static void
seqgd_plot_canvas_finalize (GObject *object)
{
  SeqgdPlotCanvas *self = SEQGD_PLOT_CANVAS (object);

  g_clear_pointer (&self->model, seqgd_plot_model_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->hover_text, g_free);

  G_OBJECT_CLASS (seqgd_plot_canvas_parent_class)->finalize (object);
}

static void
seqgd_plot_canvas_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SeqgdPlotCanvas *self = SEQGD_PLOT_CANVAS (object);

  switch (prop_id)
    {
    case PROP_ZOOMED:
      g_value_set_boolean (value, seqgd_plot_canvas_get_zoomed (self));
      break;

    case PROP_HOVER_TEXT:
      g_value_set_string (value, self->hover_text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_bindings (GtkWidgetClass *widget_class)
{
  static const struct {
    guint  keyval;
    double x;
    double y;
  } pans[] = {
    { GDK_KEY_Left,     STEP_PAN,  0 },
    { GDK_KEY_KP_Left,  STEP_PAN,  0 },
    { GDK_KEY_Right,   -STEP_PAN,  0 },
    { GDK_KEY_KP_Right, -STEP_PAN, 0 },
    { GDK_KEY_Up,       0,  STEP_PAN },
    { GDK_KEY_KP_Up,    0,  STEP_PAN },
    { GDK_KEY_Down,     0, -STEP_PAN },
    { GDK_KEY_KP_Down,  0, -STEP_PAN },
  };
  static const guint zoom_in_keys[] = {
    GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add,
  };
  static const guint zoom_out_keys[] = {
    GDK_KEY_minus, GDK_KEY_KP_Subtract,
  };

  for (guint i = 0; i < G_N_ELEMENTS (pans); i++)
    gtk_widget_class_add_binding (widget_class, pans[i].keyval, 0,
                                  pan_shortcut_cb, "(dd)",
                                  pans[i].x, pans[i].y);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_in_keys); i++)
    gtk_widget_class_add_binding (widget_class, zoom_in_keys[i], 0,
                                  zoom_shortcut_cb, "d", STEP_ZOOM);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_out_keys); i++)
    gtk_widget_class_add_binding (widget_class, zoom_out_keys[i], 0,
                                  zoom_shortcut_cb, "d", 1.0 / STEP_ZOOM);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, 0,
                                reset_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Home, 0,
                                reset_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_0, 0,
                                reset_shortcut_cb, NULL);
}

static void
seqgd_plot_canvas_class_init (SeqgdPlotCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqgd_plot_canvas_dispose;
  object_class->finalize = seqgd_plot_canvas_finalize;
  object_class->get_property = seqgd_plot_canvas_get_property;

  widget_class->snapshot = seqgd_plot_canvas_snapshot;
  widget_class->measure = seqgd_plot_canvas_measure;
  widget_class->size_allocate = seqgd_plot_canvas_size_allocate;
  widget_class->state_flags_changed = seqgd_plot_canvas_state_flags_changed;

  /**
   * SeqgdPlotCanvas:zoomed:
   *
   * Whether the view is a chosen range rather than fitted to the data.
   */
  properties[PROP_ZOOMED] =
    g_param_spec_boolean ("zoomed", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * SeqgdPlotCanvas:hover-text:
   *
   * The tooltip text of the hovered point, or %NULL.
   */
  properties[PROP_HOVER_TEXT] =
    g_param_spec_string ("hover-text", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  add_bindings (widget_class);

  gtk_widget_class_set_css_name (widget_class, "plotcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
add_controllers (SeqgdPlotCanvas *self)
{
  GtkEventController *motion;
  GtkEventController *scroll;
  GtkGesture *click;
  GtkGesture *drag;

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

static void
seqgd_plot_canvas_init (SeqgdPlotCanvas *self)
{
  self->model = seqgd_plot_model_new ();
  seqgd_plot_options_init (&self->options);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Loss plot"),
                                  -1);

  add_controllers (self);
}

/**
 * seqgd_plot_canvas_new:
 *
 * Returns: (transfer full): a new, empty plot canvas
 */
GtkWidget *
seqgd_plot_canvas_new (void)
{
  return g_object_new (SEQGD_TYPE_PLOT_CANVAS, NULL);
}

/**
 * seqgd_plot_canvas_set_results:
 * @self: a #SeqgdPlotCanvas
 * @results: (nullable): the results to draw
 *
 * Shows @results, or nothing for %NULL.  A new results object also
 * resets the zoom.
 */
void
seqgd_plot_canvas_set_results (SeqgdPlotCanvas *self,
                               SeqgdResults    *results)
{
  SeqgdPlotView automatic;

  g_return_if_fail (SEQGD_IS_PLOT_CANVAS (self));

  if (results == self->results)
    return;

  g_clear_pointer (&self->results, seqgd_results_unref);
  if (results != NULL)
    {
      self->results = seqgd_results_ref (results);
      seqgd_plot_model_sync (self->model, results);
    }
  else
    seqgd_plot_model_clear (self->model);

  seqgd_plot_view_reset (&automatic);
  apply_view (self, &automatic);
}

SeqgdResults *
seqgd_plot_canvas_get_results (SeqgdPlotCanvas *self)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_CANVAS (self), NULL);

  return self->results;
}

/**
 * seqgd_plot_canvas_refresh:
 * @self: a #SeqgdPlotCanvas
 *
 * Copies the records added to the results since the last call.  Cheap
 * when nothing changed; meant to run on every frame while training.
 *
 * Returns: %TRUE when something changed and a redraw was queued
 */
gboolean
seqgd_plot_canvas_refresh (SeqgdPlotCanvas *self)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_CANVAS (self), FALSE);

  if (self->results == NULL
      || !seqgd_plot_model_sync (self->model, self->results))
    return FALSE;

  invalidate (self);

  return TRUE;
}

/**
 * seqgd_plot_canvas_get_model:
 * @self: a #SeqgdPlotCanvas
 *
 * Returns: (transfer none): the model drawn
 */
SeqgdPlotModel *
seqgd_plot_canvas_get_model (SeqgdPlotCanvas *self)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_CANVAS (self), NULL);

  return self->model;
}

const SeqgdPlotOptions *
seqgd_plot_canvas_get_options (SeqgdPlotCanvas *self)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_CANVAS (self), NULL);

  return &self->options;
}

/**
 * seqgd_plot_canvas_set_options:
 * @self: a #SeqgdPlotCanvas
 * @options: what to draw, including the view
 *
 * Replaces the options; the title string is copied.
 */
void
seqgd_plot_canvas_set_options (SeqgdPlotCanvas        *self,
                               const SeqgdPlotOptions *options)
{
  gboolean was_zoomed;

  g_return_if_fail (SEQGD_IS_PLOT_CANVAS (self));
  g_return_if_fail (options != NULL);

  was_zoomed = !self->options.view.automatic;
  if (options->title != self->title)
    {
      g_free (self->title);
      self->title = g_strdup (options->title);
    }
  self->options = *options;
  self->options.title = self->title;

  if (was_zoomed != !options->view.automatic)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOMED]);
  invalidate (self);
}

/**
 * seqgd_plot_canvas_zoom:
 * @self: a #SeqgdPlotCanvas
 * @factor: > 1 to zoom in, < 1 to zoom out
 *
 * Zooms both axes around the centre of the plot area.
 */
void
seqgd_plot_canvas_zoom (SeqgdPlotCanvas *self,
                        double           factor)
{
  SeqgdPlotLayout *layout;
  SeqgdPlotRect area;
  SeqgdPlotView view;

  g_return_if_fail (SEQGD_IS_PLOT_CANVAS (self));
  g_return_if_fail (factor > 0);

  layout = ensure_layout (self);
  if (layout == NULL)
    return;

  seqgd_plot_layout_get_plot_area (layout, &area);
  seqgd_plot_layout_zoom (layout,
                          area.x + area.width / 2, area.y + area.height / 2,
                          factor, factor, &view);
  apply_view (self, &view);
}

/**
 * seqgd_plot_canvas_pan:
 * @self: a #SeqgdPlotCanvas
 * @fraction_x: how far to move the content right, in plot-area widths
 * @fraction_y: how far to move the content down, in plot-area heights
 *
 * Moves the view as a drag by that much would.
 */
void
seqgd_plot_canvas_pan (SeqgdPlotCanvas *self,
                       double           fraction_x,
                       double           fraction_y)
{
  SeqgdPlotLayout *layout;
  SeqgdPlotRect area;
  SeqgdPlotView view;

  g_return_if_fail (SEQGD_IS_PLOT_CANVAS (self));

  layout = ensure_layout (self);
  if (layout == NULL)
    return;

  seqgd_plot_layout_get_plot_area (layout, &area);
  seqgd_plot_layout_pan (layout,
                         fraction_x * area.width, fraction_y * area.height,
                         &view);
  apply_view (self, &view);
}

/**
 * seqgd_plot_canvas_reset_zoom:
 * @self: a #SeqgdPlotCanvas
 *
 * Fits the view to the data again.
 */
void
seqgd_plot_canvas_reset_zoom (SeqgdPlotCanvas *self)
{
  SeqgdPlotView automatic;

  g_return_if_fail (SEQGD_IS_PLOT_CANVAS (self));

  if (self->options.view.automatic)
    return;

  seqgd_plot_view_reset (&automatic);
  apply_view (self, &automatic);
}

gboolean
seqgd_plot_canvas_get_zoomed (SeqgdPlotCanvas *self)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_CANVAS (self), FALSE);

  return !self->options.view.automatic;
}

/**
 * seqgd_plot_canvas_toggle_rule:
 * @self: a #SeqgdPlotCanvas
 * @rule: a rule index of the model
 *
 * Hides the rule's series when shown, shows them when hidden.
 */
void
seqgd_plot_canvas_toggle_rule (SeqgdPlotCanvas *self,
                               guint            rule)
{
  gboolean visible;

  g_return_if_fail (SEQGD_IS_PLOT_CANVAS (self));
  g_return_if_fail (rule < seqgd_plot_model_get_n_rules (self->model));

  visible = seqgd_plot_model_get_rule_visible (self->model, rule);
  seqgd_plot_model_set_rule_visible (self->model, rule, !visible);
  invalidate (self);
}

/**
 * seqgd_plot_canvas_get_layout:
 * @self: a #SeqgdPlotCanvas
 *
 * Returns: (transfer none) (nullable): the layout for the current size,
 *   options and data, or %NULL before the canvas has a size
 */
SeqgdPlotLayout *
seqgd_plot_canvas_get_layout (SeqgdPlotCanvas *self)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_CANVAS (self), NULL);

  return ensure_layout (self);
}

const char *
seqgd_plot_canvas_get_hover_text (SeqgdPlotCanvas *self)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_CANVAS (self), NULL);

  return self->hover_text;
}

/**
 * seqgd_plot_canvas_export:
 * @self: a #SeqgdPlotCanvas
 * @path: the file to write; its extension picks the format
 * @error: return location for a #GError
 *
 * Writes the plot as shown — options, view and hidden rules — without
 * the hover overlay, at the canvas's size (or 960 × 600 before it has
 * one).  PNG files get twice the pixels, for sharp text when printed or
 * shown on a HiDPI screen.
 *
 * Returns: %TRUE on success
 */
gboolean
seqgd_plot_canvas_export (SeqgdPlotCanvas *self,
                          const char      *path,
                          GError         **error)
{
  double width;
  double height;

  g_return_val_if_fail (SEQGD_IS_PLOT_CANVAS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      width = 960;
      height = 600;
    }

  return seqgd_plot_export (self->model, &self->options, path,
                            width, height, 2.0, error);
}

/* Where the hover tooltip is drawn, in canvas coordinates; FALSE when
 * nothing is hovered. */
gboolean
_seqgd_plot_canvas_get_tooltip_bounds (SeqgdPlotCanvas *self,
                                       graphene_rect_t *bounds)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_CANVAS (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  if (!self->has_hover || self->hover_text == NULL)
    return FALSE;

  get_tooltip_box (self, bounds);

  return TRUE;
}
