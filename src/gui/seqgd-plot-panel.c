/* seqgd-plot-panel.c — the loss plot with its toolbar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel owns no drawing state of its own: the options live in the
 * canvas, and the panel's properties read and write them.  The toolbar's
 * drop-downs and spin buttons follow the properties, and the properties
 * back the stateful actions, so a menu, the toolbar and the keyboard all
 * stay in step.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqgd-plot-panel.h"

struct _SeqgdPlotPanel
{
  GtkWidget        parent_instance;

  /* Template */
  GtkWidget       *toolbar;
  GtkDropDown     *y_quantity_dropdown;
  GtkDropDown     *x_mode_dropdown;
  GtkDropDown     *smoothing_dropdown;
  GtkWidget       *ema_weight_spin;
  GtkAdjustment   *ema_weight_adjustment;
  GtkWidget       *window_spin;
  GtkAdjustment   *window_adjustment;
  GtkWidget       *window_unit_label;
  SeqgdPlotCanvas *canvas;
};

G_DEFINE_FINAL_TYPE (SeqgdPlotPanel, seqgd_plot_panel, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (SeqgdPlotPanelQuantity, seqgd_plot_panel_quantity,
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_Y_TRAIN_LOSS, "train-loss"),
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_Y_TEST_LOSS, "test-loss"),
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_Y_TEST_ACCURACY, "test-accuracy"))

G_DEFINE_ENUM_TYPE (SeqgdPlotPanelXMode, seqgd_plot_panel_x_mode,
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_X_STEPS, "steps"),
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_X_EPOCHS, "epochs"),
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_X_SAMPLES, "samples"),
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_X_SECONDS, "seconds"))

G_DEFINE_ENUM_TYPE (SeqgdPlotPanelSmoothing, seqgd_plot_panel_smoothing,
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_SMOOTH_NONE, "none"),
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_SMOOTH_EMA, "ema"),
  G_DEFINE_ENUM_VALUE (SEQGD_PLOT_SMOOTH_WINDOW, "window"))

enum {
  PROP_0,
  PROP_Y_QUANTITY,
  PROP_X_MODE,
  PROP_LOG_Y,
  PROP_SMOOTHING,
  PROP_EMA_WEIGHT,
  PROP_WINDOW_EPOCHS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Brings the toolbar in line with the options (the drop-downs' items are
 * in enum order). */
static void
sync_toolbar (SeqgdPlotPanel *self)
{
  const SeqgdPlotOptions *options = seqgd_plot_canvas_get_options (self->canvas);

  gtk_drop_down_set_selected (self->y_quantity_dropdown, options->quantity);
  gtk_drop_down_set_selected (self->x_mode_dropdown, options->x_mode);
  gtk_drop_down_set_selected (self->smoothing_dropdown, options->smoothing);

  gtk_widget_set_visible (self->ema_weight_spin,
                          options->smoothing == SEQGD_PLOT_SMOOTH_EMA);
  gtk_widget_set_visible (self->window_spin,
                          options->smoothing == SEQGD_PLOT_SMOOTH_WINDOW);
  gtk_widget_set_visible (self->window_unit_label,
                          options->smoothing == SEQGD_PLOT_SMOOTH_WINDOW);
}

static void
dropdown_selected_cb (GtkDropDown    *dropdown,
                      GParamSpec     *pspec,
                      SeqgdPlotPanel *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *property;

  g_assert (SEQGD_IS_PLOT_PANEL (self));

  if (selected == GTK_INVALID_LIST_POSITION)
    return;

  if (dropdown == self->y_quantity_dropdown)
    property = "y-quantity";
  else if (dropdown == self->x_mode_dropdown)
    property = "x-mode";
  else
    property = "smoothing";

  g_object_set (self, property, selected, NULL);
}

static void
canvas_zoomed_cb (SeqgdPlotCanvas *canvas,
                  GParamSpec      *pspec,
                  SeqgdPlotPanel  *self)
{
  g_assert (SEQGD_IS_PLOT_PANEL (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-zoom",
                                 seqgd_plot_canvas_get_zoomed (canvas));
}

/* Actions. */

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SeqgdPlotPanel *self = SEQGD_PLOT_PANEL (widget);

  seqgd_plot_canvas_reset_zoom (self->canvas);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SeqgdPlotPanel *self = SEQGD_PLOT_PANEL (widget);

  seqgd_plot_canvas_zoom (self->canvas, 1.25);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SeqgdPlotPanel *self = SEQGD_PLOT_PANEL (widget);

  seqgd_plot_canvas_zoom (self->canvas, 1 / 1.25);
}

static void
show_all_rules_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SeqgdPlotPanel *self = SEQGD_PLOT_PANEL (widget);
  SeqgdPlotModel *model = seqgd_plot_canvas_get_model (self->canvas);

  for (guint i = 0; i < seqgd_plot_model_get_n_rules (model); i++)
    if (!seqgd_plot_model_get_rule_visible (model, i))
      seqgd_plot_canvas_toggle_rule (self->canvas, i);
}

/* Properties. */

/* Applies one changed field; a new quantity, x axis or y scale makes the
 * old view meaningless, so those fit the view to the data again. */
static void
set_option (SeqgdPlotPanel *self,
            guint           prop_id,
            const GValue   *value)
{
  SeqgdPlotOptions options = *seqgd_plot_canvas_get_options (self->canvas);
  gboolean reset_view = TRUE;

  switch (prop_id)
    {
    case PROP_Y_QUANTITY:
      if (options.quantity == (SeqgdPlotQuantity) g_value_get_enum (value))
        return;
      options.quantity = g_value_get_enum (value);
      break;

    case PROP_X_MODE:
      if (options.x_mode == (SeqgdPlotXMode) g_value_get_enum (value))
        return;
      options.x_mode = g_value_get_enum (value);
      break;

    case PROP_LOG_Y:
      if (options.log_y == g_value_get_boolean (value))
        return;
      options.log_y = g_value_get_boolean (value);
      break;

    case PROP_SMOOTHING:
      if (options.smoothing == (SeqgdPlotSmoothing) g_value_get_enum (value))
        return;
      options.smoothing = g_value_get_enum (value);
      reset_view = FALSE;
      break;

    case PROP_EMA_WEIGHT:
      if (options.ema_weight == g_value_get_double (value))
        return;
      options.ema_weight = g_value_get_double (value);
      reset_view = FALSE;
      break;

    case PROP_WINDOW_EPOCHS:
      if (options.window_epochs == g_value_get_double (value))
        return;
      options.window_epochs = g_value_get_double (value);
      reset_view = FALSE;
      break;

    default:
      g_assert_not_reached ();
    }

  if (reset_view)
    seqgd_plot_view_reset (&options.view);
  seqgd_plot_canvas_set_options (self->canvas, &options);
  sync_toolbar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
seqgd_plot_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SeqgdPlotPanel *self = SEQGD_PLOT_PANEL (object);
  const SeqgdPlotOptions *options = seqgd_plot_canvas_get_options (self->canvas);

  switch (prop_id)
    {
    case PROP_Y_QUANTITY:
      g_value_set_enum (value, options->quantity);
      break;

    case PROP_X_MODE:
      g_value_set_enum (value, options->x_mode);
      break;

    case PROP_LOG_Y:
      g_value_set_boolean (value, options->log_y);
      break;

    case PROP_SMOOTHING:
      g_value_set_enum (value, options->smoothing);
      break;

    case PROP_EMA_WEIGHT:
      g_value_set_double (value, options->ema_weight);
      break;

    case PROP_WINDOW_EPOCHS:
      g_value_set_double (value, options->window_epochs);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqgd_plot_panel_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SeqgdPlotPanel *self = SEQGD_PLOT_PANEL (object);

  switch (prop_id)
    {
    case PROP_Y_QUANTITY:
    case PROP_X_MODE:
    case PROP_LOG_Y:
    case PROP_SMOOTHING:
    case PROP_EMA_WEIGHT:
    case PROP_WINDOW_EPOCHS:
      set_option (self, prop_id, value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqgd_plot_panel_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SEQGD_TYPE_PLOT_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (seqgd_plot_panel_parent_class)->dispose (object);
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_Y_QUANTITY] =
    g_param_spec_enum ("y-quantity", NULL, NULL,
                       SEQGD_TYPE_PLOT_PANEL_QUANTITY,
                       SEQGD_PLOT_Y_TRAIN_LOSS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  properties[PROP_X_MODE] =
    g_param_spec_enum ("x-mode", NULL, NULL,
                       SEQGD_TYPE_PLOT_PANEL_X_MODE,
                       SEQGD_PLOT_X_STEPS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  properties[PROP_LOG_Y] =
    g_param_spec_boolean ("log-y", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  properties[PROP_SMOOTHING] =
    g_param_spec_enum ("smoothing", NULL, NULL,
                       SEQGD_TYPE_PLOT_PANEL_SMOOTHING,
                       SEQGD_PLOT_SMOOTH_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  properties[PROP_EMA_WEIGHT] =
    g_param_spec_double ("ema-weight", NULL, NULL,
                         0.0, 0.999, 0.9,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  properties[PROP_WINDOW_EPOCHS] =
    g_param_spec_double ("window-epochs", NULL, NULL,
                         0.01, 100.0, 0.1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "plot.reset-zoom", NULL,
                                   reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-in", NULL,
                                   zoom_in_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-out", NULL,
                                   zoom_out_action);
  gtk_widget_class_install_action (widget_class, "plot.show-all-rules", NULL,
                                   show_all_rules_action);
  gtk_widget_class_install_property_action (widget_class, "plot.log-y",
                                            "log-y");
  gtk_widget_class_install_property_action (widget_class, "plot.y-quantity",
                                            "y-quantity");
  gtk_widget_class_install_property_action (widget_class, "plot.x-mode",
                                            "x-mode");
  gtk_widget_class_install_property_action (widget_class, "plot.smoothing",
                                            "smoothing");

  /* Home resets while the focus is anywhere in the panel. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0,
                                       "plot.reset-zoom", NULL);
}

static void
seqgd_plot_panel_class_init (SeqgdPlotPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqgd_plot_panel_dispose;
  object_class->get_property = seqgd_plot_panel_get_property;
  object_class->set_property = seqgd_plot_panel_set_property;

  install_properties (object_class);
  install_actions (widget_class);

  g_type_ensure (SEQGD_TYPE_PLOT_CANVAS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/seqgd/SeqGD/ui/seqgd-plot-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, toolbar);
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, y_quantity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, x_mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, smoothing_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, ema_weight_spin);
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, ema_weight_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, window_spin);
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, window_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, window_unit_label);
  gtk_widget_class_bind_template_child (widget_class, SeqgdPlotPanel, canvas);

  gtk_widget_class_set_css_name (widget_class, "plotpanel");
}

/* Ctrl+0, Ctrl+plus and Ctrl+minus work wherever the focus is in the
 * window, as zoom shortcuts do in other GNOME applications. */
static void
add_window_shortcuts (SeqgdPlotPanel *self)
{
  static const struct {
    guint       keyval;
    const char *action;
  } shortcuts[] = {
    { GDK_KEY_0,           "plot.reset-zoom" },
    { GDK_KEY_KP_0,        "plot.reset-zoom" },
    { GDK_KEY_plus,        "plot.zoom-in" },
    { GDK_KEY_equal,       "plot.zoom-in" },
    { GDK_KEY_KP_Add,      "plot.zoom-in" },
    { GDK_KEY_minus,       "plot.zoom-out" },
    { GDK_KEY_KP_Subtract, "plot.zoom-out" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].keyval,
                                                GDK_CONTROL_MASK),
                        gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
seqgd_plot_panel_init (SeqgdPlotPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self, "ema-weight",
                          self->ema_weight_adjustment, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "window-epochs",
                          self->window_adjustment, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  sync_toolbar (self);

  g_signal_connect (self->y_quantity_dropdown, "notify::selected",
                    G_CALLBACK (dropdown_selected_cb), self);
  g_signal_connect (self->x_mode_dropdown, "notify::selected",
                    G_CALLBACK (dropdown_selected_cb), self);
  g_signal_connect (self->smoothing_dropdown, "notify::selected",
                    G_CALLBACK (dropdown_selected_cb), self);
  g_signal_connect_object (self->canvas, "notify::zoomed",
                           G_CALLBACK (canvas_zoomed_cb), self, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-zoom", FALSE);

  add_window_shortcuts (self);
}

/**
 * seqgd_plot_panel_new:
 *
 * Returns: (transfer full): a new plot panel, empty
 */
GtkWidget *
seqgd_plot_panel_new (void)
{
  return g_object_new (SEQGD_TYPE_PLOT_PANEL, NULL);
}

/**
 * seqgd_plot_panel_set_results:
 * @self: a #SeqgdPlotPanel
 * @results: (nullable): the results to plot, or %NULL to clear
 *
 * Shows @results (holding a reference) with the view fitted to them.
 */
void
seqgd_plot_panel_set_results (SeqgdPlotPanel *self,
                              SeqgdResults   *results)
{
  g_return_if_fail (SEQGD_IS_PLOT_PANEL (self));

  seqgd_plot_canvas_set_results (self->canvas, results);
}

SeqgdResults *
seqgd_plot_panel_get_results (SeqgdPlotPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_PANEL (self), NULL);

  return seqgd_plot_canvas_get_results (self->canvas);
}

/**
 * seqgd_plot_panel_refresh:
 * @self: a #SeqgdPlotPanel
 *
 * Copies the records added since the last call into the plot; redraws
 * only when there were any.
 */
void
seqgd_plot_panel_refresh (SeqgdPlotPanel *self)
{
  g_return_if_fail (SEQGD_IS_PLOT_PANEL (self));

  seqgd_plot_canvas_refresh (self->canvas);
}

/**
 * seqgd_plot_panel_export:
 * @self: a #SeqgdPlotPanel
 * @path: the file to write, .png, .svg or .pdf
 * @error: return location for a #GError
 *
 * Writes the plot as currently shown: quantity, axes, smoothing, zoom and
 * hidden rules, without the hover marker and tooltip.
 *
 * Returns: %TRUE on success
 */
gboolean
seqgd_plot_panel_export (SeqgdPlotPanel *self,
                         const char     *path,
                         GError        **error)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_PANEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return seqgd_plot_canvas_export (self->canvas, path, error);
}

/**
 * seqgd_plot_panel_get_canvas:
 * @self: a #SeqgdPlotPanel
 *
 * Returns: (transfer none): the plot canvas
 */
SeqgdPlotCanvas *
seqgd_plot_panel_get_canvas (SeqgdPlotPanel *self)
{
  g_return_val_if_fail (SEQGD_IS_PLOT_PANEL (self), NULL);

  return self->canvas;
}
