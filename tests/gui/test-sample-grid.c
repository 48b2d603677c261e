/* test-sample-grid.c — the preview of a data set's images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The images are checked pixel by pixel on the surfaces the grid paints,
 * which needs no display; the captions need a widget, so those tests
 * skip without one.
 */

#include "config.h"

#include "seqgd-sample-grid-private.h"

static gboolean have_display;

/* @n grey images of @rows × @cols in which every pixel differs from its
 * mirror across the diagonal, so a transposed read cannot pass. */
static SeqgdDataset *
make_grey (const char *name,
           guint       n,
           guint       rows,
           guint       cols,
           guint       n_classes)
{
  guint8 *pixels = g_malloc ((gsize) n * rows * cols);
  guint8 *labels = g_malloc (n);

  for (guint i = 0; i < n; i++)
    {
      labels[i] = i % n_classes;
      for (guint p = 0; p < rows * cols; p++)
        pixels[(gsize) i * rows * cols + p] = (guint8) (i * 7 + p * 11 + 1);
    }

  return seqgd_dataset_new_take (name, n, rows, cols, 1, n_classes,
                                 pixels, labels);
}

/* The surface's pixel at row @r, column @c as 0xRRGGBB. */
static guint32
surface_pixel (cairo_surface_t *surface,
               guint            r,
               guint            c)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return ((const guint32 *) (data + r * stride))[c] & 0xffffff;
}

static void
test_grey_upright (void)
{
  g_autoptr(SeqgdDataset) data = make_grey ("EMNIST Letters", 3, 4, 7, 26);

  /* The loader sets this for EMNIST after turning the images upright. */
  data->transposed = TRUE;

  for (guint i = 0; i < data->n; i++)
    {
      const guint8 *image = seqgd_dataset_get_image (data, i);
      cairo_surface_t *surface = _seqgd_sample_grid_render_example (data, i);

      cairo_surface_flush (surface);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 7);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 4);
      for (guint r = 0; r < 4; r++)
        for (guint c = 0; c < 7; c++)
          {
            guint8 ink = 255 - image[r * 7 + c];

            g_assert_cmphex (surface_pixel (surface, r, c), ==,
                             ((guint32) ink << 16) | ((guint32) ink << 8) | ink);
          }
      cairo_surface_destroy (surface);
    }
}

static void
test_colour_planes (void)
{
  guint rows = 2, cols = 3, plane = rows * cols;
  guint8 *pixels = g_malloc (3 * plane);
  guint8 *labels = g_malloc0 (1);
  g_autoptr(SeqgdDataset) data = NULL;
  cairo_surface_t *surface;

  for (guint p = 0; p < 3 * plane; p++)
    pixels[p] = (guint8) (p * 13 + 5);
  data = seqgd_dataset_new_take ("CIFAR-10", 1, rows, cols, 3, 10,
                                 pixels, labels);

  surface = _seqgd_sample_grid_render_example (data, 0);
  cairo_surface_flush (surface);
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < cols; c++)
      {
        guint p = r * cols + c;
        guint32 expected = ((guint32) data->pixels[p] << 16) |
                           ((guint32) data->pixels[plane + p] << 8) |
                           data->pixels[2 * plane + p];

        g_assert_cmphex (surface_pixel (surface, r, c), ==, expected);
      }
  cairo_surface_destroy (surface);
}

/* The caption of every example shown, as the data set names its class. */
static void
check_captions (SeqgdDataset *data)
{
  GtkWidget *grid = g_object_ref_sink (seqgd_sample_grid_new ());
  guint n_shown;

  seqgd_sample_grid_set_dataset (SEQGD_SAMPLE_GRID (grid), data);
  n_shown = seqgd_sample_grid_get_n_shown (SEQGD_SAMPLE_GRID (grid));
  g_assert_cmpuint (n_shown, >, 0);

  for (guint i = 0; i < n_shown; i++)
    {
      g_autofree char *caption =
        seqgd_sample_grid_dup_label (SEQGD_SAMPLE_GRID (grid), i);
      guint index = (guint) ((guint64) i * data->n / n_shown);
      const char *name = seqgd_dataset_get_class_name (data, data->labels[index]);

      g_assert_nonnull (name);
      g_assert_cmpstr (caption, ==, name);
    }

  g_assert_finalize_object (grid);
}

static void
test_captions (void)
{
  g_autoptr(SeqgdDataset) letters = make_grey ("EMNIST Letters", 26, 4, 4, 26);
  g_autoptr(SeqgdDataset) kmnist = make_grey ("KMNIST", 20, 4, 4, 10);
  g_autoptr(SeqgdDataset) fashion = make_grey ("Fashion-MNIST", 20, 4, 4, 10);
  g_autoptr(SeqgdDataset) cifar = make_grey ("CIFAR-10", 20, 4, 4, 10);
  GtkWidget *grid;
  g_autofree char *first = NULL;

  if (!have_display)
    {
      g_test_skip ("No display; run under Xvfb");
      return;
    }

  check_captions (letters);
  check_captions (kmnist);
  check_captions (fashion);
  check_captions (cifar);

  /* Letters are captioned as letters, not their index. */
  grid = g_object_ref_sink (seqgd_sample_grid_new ());
  seqgd_sample_grid_set_dataset (SEQGD_SAMPLE_GRID (grid), letters);
  first = seqgd_sample_grid_dup_label (SEQGD_SAMPLE_GRID (grid), 0);
  g_assert_cmpstr (first, ==, "a");
  g_assert_finalize_object (grid);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/gui/sample-grid/grey-upright", test_grey_upright);
  g_test_add_func ("/gui/sample-grid/colour-planes", test_colour_planes);
  g_test_add_func ("/gui/sample-grid/captions", test_captions);

  return g_test_run ();
}
