/* seqgd-sample-grid.c — a few images of a dataset with their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows SAMPLE_COLUMNS × SAMPLE_ROWS examples taken evenly across the
 * dataset, each scaled up without smoothing and captioned with its class.
 * The pixels are turned into cairo surfaces once, when the dataset is set.
 */

#include "config.h"

#include <math.h>

#include "seqgd-sample-grid-private.h"

#define SAMPLE_COLUMNS 6
#define SAMPLE_ROWS    2
#define N_SAMPLES      (SAMPLE_COLUMNS * SAMPLE_ROWS)
#define CELL_GAP       4
#define CAPTION_HEIGHT 14
/* The smallest a caption is drawn to fit its cell, before it is cut. */
#define MIN_CAPTION_SCALE 0.7

struct _SeqgdSampleGrid
{
  GtkWidget        parent_instance;

  /* Owned */
  SeqgdDataset    *dataset;
  cairo_surface_t *images[N_SAMPLES];
  guint8           labels[N_SAMPLES];
  guint            n_shown;
};

G_DEFINE_FINAL_TYPE (SeqgdSampleGrid, seqgd_sample_grid, GTK_TYPE_WIDGET)

/* Converts example @index to an RGB24 surface the size of the image.
 * The loader has already turned column-major files (EMNIST) upright, so
 * every data set is read row by row here. */
cairo_surface_t *
_seqgd_sample_grid_render_example (const SeqgdDataset *dataset,
                                   guint               index)
{
  const guint8 *px = seqgd_dataset_get_image (dataset, index);
  guint plane = dataset->rows * dataset->cols;
  cairo_surface_t *surface;
  guint8 *data;
  int stride;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        dataset->cols, dataset->rows);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (guint r = 0; r < dataset->rows; r++)
    for (guint c = 0; c < dataset->cols; c++)
      {
        guint src = r * dataset->cols + c;
        guint32 *dst = (guint32 *) (data + r * stride) + c;
        guint8 red, green, blue;

        if (dataset->channels >= 3)
          {
            red = px[src];
            green = px[plane + src];
            blue = px[2 * plane + src];
          }
        else
          {
            /* Ink is light on dark in MNIST; show it dark on light. */
            red = green = blue = 255 - px[src];
          }
        *dst = ((guint32) red << 16) | ((guint32) green << 8) | blue;
      }

  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
seqgd_sample_grid_clear (SeqgdSampleGrid *self)
{
  for (guint i = 0; i < N_SAMPLES; i++)
    g_clear_pointer (&self->images[i], cairo_surface_destroy);
  g_clear_pointer (&self->dataset, seqgd_dataset_unref);
  self->n_shown = 0;
}

static void
seqgd_sample_grid_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = SAMPLE_COLUMNS * (20 + CELL_GAP);
      *natural = SAMPLE_COLUMNS * (48 + CELL_GAP);
    }
  else
    {
      int width = for_size > 0 ? for_size : SAMPLE_COLUMNS * (48 + CELL_GAP);
      int cell = width / SAMPLE_COLUMNS - CELL_GAP;

      cell = CLAMP (cell, 20, 64);
      *minimum = *natural = SAMPLE_ROWS * (cell + CAPTION_HEIGHT + CELL_GAP);
    }
}

static GtkSizeRequestMode
seqgd_sample_grid_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
draw_caption (SeqgdSampleGrid *self,
              cairo_t         *cr,
              PangoLayout     *layout,
              guint            i,
              double           x,
              double           y,
              double           cell)
{
  g_autofree char *text = seqgd_sample_grid_dup_label (self, i);
  double scale = 1;
  int width, height;

  /* A long class name ("Ankle boot") is drawn a little smaller before it
   * is cut short. */
  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  if (width > cell)
    scale = MAX (cell / width, MIN_CAPTION_SCALE);
  if (width * scale > cell)
    {
      pango_layout_set_width (layout, (int) (cell / scale * PANGO_SCALE));
      pango_layout_get_pixel_size (layout, &width, &height);
    }

  cairo_save (cr);
  cairo_move_to (cr, x + (cell - MIN (width * scale, cell)) / 2,
                 y + cell + 1);
  cairo_scale (cr, scale, scale);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
seqgd_sample_grid_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SeqgdSampleGrid *self = SEQGD_SAMPLE_GRID (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *font;
  GdkRGBA fg;
  double cell;
  cairo_t *cr;

  if (self->n_shown == 0 || width <= 0 || height <= 0)
    return;

  cell = MIN (width / SAMPLE_COLUMNS - CELL_GAP,
              height / SAMPLE_ROWS - CAPTION_HEIGHT - CELL_GAP);
  cell = MIN (cell, 64);
  if (cell < 4)
    return;

  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  layout = gtk_widget_create_pango_layout (widget, NULL);
  font = pango_font_description_from_string ("8");
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);

  for (guint i = 0; i < self->n_shown; i++)
    {
      double x = (i % SAMPLE_COLUMNS) * (cell + CELL_GAP);
      double y = (i / SAMPLE_COLUMNS) * (cell + CAPTION_HEIGHT + CELL_GAP);
      cairo_surface_t *image = self->images[i];
      double sx = cell / cairo_image_surface_get_width (image);
      double sy = cell / cairo_image_surface_get_height (image);

      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, sx, sy);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_paint (cr);
      cairo_restore (cr);

      gdk_cairo_set_source_rgba (cr, &fg);
      draw_caption (self, cr, layout, i, x, y, cell);
    }

  cairo_destroy (cr);
}

static void
seqgd_sample_grid_dispose (GObject *object)
{
  seqgd_sample_grid_clear (SEQGD_SAMPLE_GRID (object));

  G_OBJECT_CLASS (seqgd_sample_grid_parent_class)->dispose (object);
}

static void
seqgd_sample_grid_class_init (SeqgdSampleGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqgd_sample_grid_dispose;

  widget_class->measure = seqgd_sample_grid_measure;
  widget_class->get_request_mode = seqgd_sample_grid_get_request_mode;
  widget_class->snapshot = seqgd_sample_grid_snapshot;

  gtk_widget_class_set_css_name (widget_class, "samplegrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
seqgd_sample_grid_init (SeqgdSampleGrid *self)
{
}

GtkWidget *
seqgd_sample_grid_new (void)
{
  return g_object_new (SEQGD_TYPE_SAMPLE_GRID, NULL);
}

/**
 * seqgd_sample_grid_set_dataset:
 * @self: a #SeqgdSampleGrid
 * @dataset: (nullable): the examples to show, or %NULL for none
 */
void
seqgd_sample_grid_set_dataset (SeqgdSampleGrid *self,
                               SeqgdDataset    *dataset)
{
  g_autoptr(GString) description = NULL;
  const char *name;

  g_return_if_fail (SEQGD_IS_SAMPLE_GRID (self));

  if (dataset == self->dataset)
    return;

  seqgd_sample_grid_clear (self);

  if (dataset != NULL && dataset->n > 0 && dataset->rows > 0 &&
      dataset->cols > 0)
    {
      self->dataset = seqgd_dataset_ref (dataset);
      self->n_shown = MIN (N_SAMPLES, dataset->n);
      description = g_string_new (NULL);
      g_string_append_printf (description, "Sample images of %s:",
                              dataset->name);

      for (guint i = 0; i < self->n_shown; i++)
        {
          /* Spread the picks over the whole set, not its first rows. */
          guint index = (guint) ((guint64) i * dataset->n / self->n_shown);

          self->images[i] = _seqgd_sample_grid_render_example (dataset, index);
          self->labels[i] = dataset->labels[index];
          name = seqgd_dataset_get_class_name (dataset, self->labels[i]);
          if (name != NULL)
            g_string_append_printf (description, " %s", name);
          else
            g_string_append_printf (description, " %u", self->labels[i]);
        }
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description ? description->str : "",
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
seqgd_sample_grid_get_n_shown (SeqgdSampleGrid *self)
{
  g_return_val_if_fail (SEQGD_IS_SAMPLE_GRID (self), 0);

  return self->n_shown;
}

/* The caption under example @index, as drawn. */
char *
seqgd_sample_grid_dup_label (SeqgdSampleGrid *self,
                             guint            index)
{
  const char *name;

  g_return_val_if_fail (SEQGD_IS_SAMPLE_GRID (self), NULL);
  g_return_val_if_fail (index < self->n_shown, NULL);

  name = seqgd_dataset_get_class_name (self->dataset, self->labels[index]);
  if (name != NULL)
    return g_strdup (name);

  return g_strdup_printf ("%u", self->labels[index]);
}
