/* test-plot-export.c — pixels, PNG chunks, SVG structure, PDF, atomicity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zlib.h>

#include "seqgd-plot-private.h"
#include "plot-synth.h"
#include "test-privileges.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("seqgd-plot-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

static guint
count_entries (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

/* One run whose loss is 0.5 at every step, drawn on y 0..1. */
static SeqgdPlotModel *
flat_model (void)
{
  SeqgdPlotModel *model = seqgd_plot_model_new ();
  guint run = seqgd_plot_model_add_run (model, "autograd", 0);

  for (guint i = 1; i <= 100; i++)
    {
      SeqgdStepRecord r = { i, i / 50.0, i * 32, i * 0.1, 0.5f };

      seqgd_plot_model_append_steps (model, run, &r, 1);
    }
  seqgd_plot_model_set_metadata (model, "Config", "{\"learning_rate\": 0.1}");
  seqgd_plot_model_set_metadata (model, "Dataset", "Fashion-MNIST");
  seqgd_plot_model_set_metadata (model, "Seeds", "0");
  return model;
}

static void
flat_options (SeqgdPlotOptions *options)
{
  seqgd_plot_options_init (options);
  options->view.automatic = FALSE;
  options->view.x_min = 0;
  options->view.x_max = 101;
  options->view.y_min = 0;
  options->view.y_max = 1;
}

static gboolean
is_series_colour (const guint8 *px)
{
  /* ARGB32 little-endian: B, G, R, A; Okabe–Ito blue #0072B2 over white
   * at any coverage lies on the line from white to it. */
  int b = px[0], g = px[1], r = px[2];

  return r < 200 && b > g + 30 && g > r + 30;
}

/* The series colour is on the line and nowhere outside the plot area
 * except the legend's sample. */
static void
test_png_pixels (void)
{
  g_autoptr(SeqgdPlotModel) model = flat_model ();
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  SeqgdPlotOptions options;
  SeqgdPlotRect area;
  cairo_surface_t *surface;
  cairo_t *cr;
  const guint8 *data;
  int stride, w = 640, h = 400;
  guint on_line = 0;

  flat_options (&options);
  layout = seqgd_plot_layout_new (model, &options, w, h);
  seqgd_plot_layout_get_plot_area (layout, &area);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  seqgd_plot_layout_render (layout, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  /* Along y = 0.5 from step 1 to step 100. */
  for (int step = 1; step <= 100; step += 3)
    {
      double px, py;

      seqgd_plot_layout_data_to_pixel (layout, step, 0.5, &px, &py);
      if (is_series_colour (data + (int) py * stride + (int) px * 4))
        on_line++;
      /* Well above and below the line: no series colour. */
      g_assert_false (is_series_colour (data + (int) (py - 20) * stride
                                        + (int) px * 4));
      g_assert_false (is_series_colour (data + (int) (py + 20) * stride
                                        + (int) px * 4));
    }
  g_assert_cmpuint (on_line, ==, 34);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gboolean inside = x >= area.x - 1 && x <= area.x + area.width + 1
                          && y >= area.y - 1 && y <= area.y + area.height + 1;

        if (inside || seqgd_plot_layout_legend_hit (layout, x, y) >= 0)
          continue;
        if (is_series_colour (data + y * stride + x * 4))
          g_error ("series colour outside the plot area at %d, %d", x, y);
      }

  /* White background, opaque, by default. */
  g_assert_cmpuint (data[3], ==, 255);
  g_assert_cmpuint (data[0], ==, 255);
  cairo_surface_destroy (surface);
}

/* A curve reduced to a zigzag of several vertices per pixel column
 * keeps its dash pattern in a raster drawing, laid along x: nothing in
 * the gaps, the colour in every dash, and the line's full height. */
static void
test_png_dense_dashes (void)
{
  g_autoptr(SeqgdPlotScene) scene = seqgd_plot_scene_new (300, 100, "Sans");
  SeqgdPlotItem *line = seqgd_plot_scene_add (scene, SEQGD_PLOT_ITEM_LINE,
                                              SEQGD_PLOT_ROLE_MEAN);
  cairo_surface_t *surface;
  cairo_t *cr;
  const guint8 *data;
  int stride;

  line->line_width = 2;
  line->n_dash = 2;
  line->dash[0] = 10;
  line->dash[1] = 5;
  line->rgba[2] = line->rgba[3] = 1;
  for (int col = 0; col < 240; col++)
    for (int k = 0; k < 4; k++)
      {
        double p[2] = { 30.5 + col, 50 + (k % 2 ? 6 : -6) };

        g_array_append_vals (line->points, p, 2);
      }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 100);
  cr = cairo_create (surface);
  _seqgd_plot_scene_draw_cairo (scene, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  /* The pattern starts at the left edge of the first column, x = 30. */
  for (int x = 32; x < 265; x++)
    {
      double phase = fmod (x + 0.5 - 30, 15);
      guint n_blue = 0;

      for (int y = 0; y < 100; y++)
        n_blue += data[y * stride + 4 * x + 3] > 128;
      if (phase > 10.5 && phase < 14.5)
        g_assert_cmpuint (n_blue, ==, 0);
      else if (phase > 0.5 && phase < 9.5)
        g_assert_cmpuint (n_blue, >=, 12);
    }
  cairo_surface_destroy (surface);
}

typedef struct
{
  char *type;
  char *key;
  char *value;
} Chunk;

static void
chunk_free (gpointer data)
{
  Chunk *c = data;

  g_free (c->type);
  g_free (c->key);
  g_free (c->value);
  g_free (c);
}

/* Text chunks of a PNG file, checking every chunk's CRC with zlib. */
static GPtrArray *
read_png_text (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len, pos = 8;
  GPtrArray *chunks = g_ptr_array_new_with_free_func (chunk_free);
  gboolean seen_iend = FALSE;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, 8, "\211PNG\r\n\032\n", 8);
  while (pos + 12 <= len)
    {
      const guint8 *p = (const guint8 *) contents + pos;
      guint32 n = (guint32) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
      guint32 crc = (guint32) p[8 + n] << 24 | p[9 + n] << 16
                    | p[10 + n] << 8 | p[11 + n];

      g_assert_cmpuint (crc, ==, crc32 (0, p + 4, n + 4));
      if (memcmp (p + 4, "tEXt", 4) == 0 || memcmp (p + 4, "iTXt", 4) == 0)
        {
          Chunk *c = g_new0 (Chunk, 1);
          const char *key = (const char *) p + 8;
          gsize key_len = strnlen (key, n);
          const char *text = key + key_len + 1;

          if (memcmp (p + 4, "iTXt", 4) == 0)
            {
              text += 2;                       /* compression flag, method */
              text += strlen (text) + 1;       /* language */
              text += strlen (text) + 1;       /* translated keyword */
            }
          c->type = g_strndup ((const char *) p + 4, 4);
          c->key = g_strndup (key, key_len);
          c->value = g_strndup (text, (const char *) p + 8 + n - text);
          g_ptr_array_add (chunks, c);
        }
      if (memcmp (p + 4, "IEND", 4) == 0)
        {
          seen_iend = TRUE;
          g_assert_cmpuint (pos + 12, ==, len);
        }
      pos += 12 + n;
    }
  g_assert_true (seen_iend);
  return chunks;
}

static const char *
chunk_value (GPtrArray  *chunks,
             const char *key,
             const char *type)
{
  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *c = g_ptr_array_index (chunks, i);

      if (strcmp (c->key, key) == 0)
        {
          g_assert_cmpstr (c->type, ==, type);
          return c->value;
        }
    }
  return NULL;
}

static void
test_png_file (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SeqgdPlotModel) model = flat_model ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  g_autofree char *path = g_build_filename (f->dir, "plot.PNG", NULL);
  SeqgdPlotOptions options;
  cairo_surface_t *image;

  flat_options (&options);
  options.transparent = TRUE;
  seqgd_plot_model_set_metadata (model, "Dataset", "Fashion-MNIST in /données");
  g_assert_true (seqgd_plot_export (model, &options, path, 300, 200, 2,
                                    &error));
  g_assert_no_error (error);

  /* The scale multiplies the pixels; transparent stays transparent. */
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 600);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 400);
  g_assert_cmpuint (cairo_image_surface_get_data (image)[3], ==, 0);
  cairo_surface_destroy (image);

  chunks = read_png_text (path);
  g_assert_cmpstr (chunk_value (chunks, "Config", "tEXt"), ==,
                   "{\"learning_rate\": 0.1}");
  g_assert_cmpstr (chunk_value (chunks, "Seeds", "tEXt"), ==, "0");
  g_assert_cmpstr (chunk_value (chunks, "Software", "tEXt"), ==,
                   "SeqGD " PACKAGE_VERSION);
  g_assert_cmpstr (chunk_value (chunks, "Title", "tEXt"), ==,
                   "Training loss per step");
  /* Not Latin-1-safe ASCII: international text. */
  g_assert_cmpstr (chunk_value (chunks, "Dataset", "iTXt"), ==,
                   "Fashion-MNIST in /données");
  g_assert_cmpuint (count_entries (f->dir), ==, 1);
}

static guint
xpath_count (xmlDocPtr   doc,
             const char *expr)
{
  xmlXPathContextPtr ctx = xmlXPathNewContext (doc);
  xmlXPathObjectPtr obj;
  guint n;

  xmlXPathRegisterNs (ctx, BAD_CAST "svg", BAD_CAST "http://www.w3.org/2000/svg");
  obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  g_assert_nonnull (obj);
  n = obj->nodesetval != NULL ? (guint) obj->nodesetval->nodeNr : 0;
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  return n;
}

static xmlDocPtr
export_svg (SeqgdPlotModel         *model,
            const SeqgdPlotOptions *options,
            const char             *path)
{
  g_autoptr(GError) error = NULL;
  xmlDocPtr doc;

  g_assert_true (seqgd_plot_export (model, options, path, 900, 600, 1,
                                    &error));
  g_assert_no_error (error);
  doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  return doc;
}

static void
test_svg (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(SeqgdPlotModel) model = synth_experiment (2);
  g_autofree char *path = g_build_filename (f->dir, "plot.svg", NULL);
  SeqgdPlotOptions options;
  xmlDocPtr doc;

  seqgd_plot_model_set_metadata (model, "Config", "{\"note\": \"a < b & c\"}");
  seqgd_plot_options_init (&options);
  options.log_y = TRUE;
  doc = export_svg (model, &options, path);

  /* One path per visible series, real text for labels and titles. */
  g_assert_cmpuint (xpath_count (doc, "//svg:path[@class='series']"), ==, 6);
  g_assert_cmpuint (xpath_count (doc, "//svg:path[@class='mean']"), ==, 3);
  g_assert_cmpuint (xpath_count (doc, "//svg:text[@class='tick-label']"), >=,
                    6);
  g_assert_cmpuint (xpath_count (doc, "//svg:text[.='Step']"), ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//svg:text[.='Training loss (batch)']"),
                    ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//svg:text[.='Sequential backprop']"),
                    ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//svg:title[.='Training loss per step']"),
                    ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//svg:metadata//*[@name='Config' and "
                                      ".='{\"note\": \"a < b & c\"}']"), ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//svg:metadata//*[@name='Software']"),
                    ==, 1);
  g_assert_cmpuint (xpath_count (doc, "//svg:clipPath"), ==, 1);
  xmlFreeDoc (doc);

  /* Hidden rules leave no path. */
  seqgd_plot_model_set_rule_visible (model, 0, FALSE);
  doc = export_svg (model, &options, path);
  g_assert_cmpuint (xpath_count (doc, "//svg:path[@class='series']"), ==, 4);
  xmlFreeDoc (doc);
  g_assert_cmpuint (count_entries (f->dir), ==, 1);
}

static gboolean
has (const char *haystack,
     gsize       len,
     const char *needle)
{
  gsize n = strlen (needle);

  /* The file holds binary streams, so no string search stops at NUL. */
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(SeqgdPlotModel) model = flat_model ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "plot.pdf", NULL);
  g_autofree char *contents = NULL;
  SeqgdPlotOptions options;
  gsize len;

  flat_options (&options);
  options.title = "Flat loss";
  g_assert_true (seqgd_plot_export (model, &options, path, 480, 320, 1,
                                    &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_true (has (contents, len, "/Title (Flat loss)"));
  g_assert_true (has (contents, len, "/Creator (SeqGD "
                                                  PACKAGE_VERSION ")"));
  g_assert_true (has (contents, len, "Dataset: Fashion-MNIST"));
  g_assert_true (has (contents, len, "learning_rate"));
  g_assert_true (has (contents, len, "/Keywords (SeqGD, autograd"));
  g_assert_true (has (contents, len, "%%EOF"));
}

static void
write_old (const char *path)
{
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
}

static void
assert_old (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
}

static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SeqgdPlotModel) model = flat_model ();
  g_autofree char *old = g_build_filename (f->dir, "plot.png", NULL);
  g_autofree char *file = g_build_filename (f->dir, "file", NULL);
  g_autofree char *under_file = g_build_filename (file, "plot.svg", NULL);
  g_autofree char *as_dir = g_build_filename (f->dir, "taken.pdf", NULL);
  SeqgdPlotOptions options;
  GError *error = NULL;

  flat_options (&options);

  /* The parent is a regular file: a clear error naming the path. */
  write_old (file);
  g_assert_false (seqgd_plot_export (model, &options, under_file, 300, 200, 1,
                                     &error));
  g_assert_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  /* The target is a directory: the rename fails after the data was
   * written; the temporary file is gone and the directory untouched. */
  g_assert_cmpint (g_mkdir (as_dir, 0755), ==, 0);
  g_assert_false (seqgd_plot_export (model, &options, as_dir, 300, 200, 1,
                                     &error));
  g_assert_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_true (g_file_test (as_dir, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_entries (as_dir), ==, 0);

  /* A failure while drawing leaves the old file as it was. */
  write_old (old);
  g_assert_false (seqgd_plot_export (model, &options, old, 1e6, 200, 1,
                                     &error));
  g_assert_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_WRITE);
  g_clear_error (&error);
  assert_old (old);

  /* A file system that takes no new files (procfs refuses even root). */
  if (g_file_test ("/proc/self", G_FILE_TEST_IS_DIR))
    {
      g_assert_false (seqgd_plot_export (model, &options,
                                         "/proc/seqgd-plot.png", 300, 200, 1,
                                         &error));
      g_assert_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, "/proc/seqgd-plot.png"));
      g_clear_error (&error);
    }

  /* Success replaces the old file and leaves nothing else behind. */
  g_assert_true (seqgd_plot_export (model, &options, old, 300, 200, 1,
                                    &error));
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (old, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "\211PNG"));
  }
  g_assert_cmpuint (count_entries (f->dir), ==, 3);
}

static void
test_formats (void)
{
  g_autoptr(SeqgdPlotModel) model = flat_model ();
  SeqgdPlotOptions options;
  SeqgdPlotFormat format;
  GError *error = NULL;

  g_assert_true (seqgd_plot_format_from_path ("a/b.Svg", &format, NULL));
  g_assert_cmpint (format, ==, SEQGD_PLOT_FORMAT_SVG);
  g_assert_true (seqgd_plot_format_from_path ("x.pdf", &format, NULL));
  g_assert_cmpint (format, ==, SEQGD_PLOT_FORMAT_PDF);
  g_assert_true (seqgd_plot_format_from_path ("x.csv", &format, NULL));
  g_assert_cmpint (format, ==, SEQGD_PLOT_FORMAT_CSV);
  g_assert_false (seqgd_plot_format_from_path ("plot.jpeg", &format, &error));
  g_assert_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (seqgd_plot_format_from_path ("noext", &format, NULL));

  /* CSV needs recorded results, which a model built by hand has not. */
  flat_options (&options);
  g_assert_false (seqgd_plot_export (model, &options, "/nonexistent/x.csv",
                                     100, 100, 1, &error));
  g_assert_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_NO_DATA);
  g_clear_error (&error);
}

/* Exporting into a read-only directory fails and leaves the old file
 * there as it was, with nothing beside it.  The export runs in a
 * subprocess without root's privileges, so that the permissions apply
 * also where the tests run as root. */
static void
test_atomic_read_only_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *ro = NULL;
  g_autofree char *target = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(SeqgdPlotModel) model = flat_model ();
      SeqgdPlotOptions options;

      test_drop_privileges ();
      flat_options (&options);
      target = g_strdup (g_getenv ("SEQGD_TEST_READ_ONLY_TARGET"));
      g_assert_nonnull (target);
      g_assert_false (seqgd_plot_export (model, &options, target, 300, 200,
                                         1, &error));
      g_assert_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, target));
      return;
    }

  dir = g_dir_make_tmp ("seqgd-plot-XXXXXX", &error);
  g_assert_no_error (error);
  ro = g_build_filename (dir, "ro", NULL);
  target = g_build_filename (ro, "plot.png", NULL);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (ro, 0755), ==, 0);
  write_old (target);
  g_assert_cmpint (g_chmod (target, 0644), ==, 0);
  g_assert_cmpint (g_chmod (ro, 0555), ==, 0);

  g_setenv ("SEQGD_TEST_READ_ONLY_TARGET", target, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("SEQGD_TEST_READ_ONLY_TARGET");
  g_test_trap_assert_passed ();

  assert_old (target);
  g_assert_cmpuint (count_entries (ro), ==, 1);
  g_assert_cmpint (g_chmod (ro, 0755), ==, 0);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/export/png-pixels", test_png_pixels);
  g_test_add_func ("/plot/export/png-dense-dashes", test_png_dense_dashes);
  g_test_add ("/plot/export/png-file", Fixture, NULL, fixture_setup,
              test_png_file, fixture_teardown);
  g_test_add ("/plot/export/svg", Fixture, NULL, fixture_setup, test_svg,
              fixture_teardown);
  g_test_add ("/plot/export/pdf", Fixture, NULL, fixture_setup, test_pdf,
              fixture_teardown);
  g_test_add ("/plot/export/atomic", Fixture, NULL, fixture_setup,
              test_atomic, fixture_teardown);
  g_test_add_func ("/plot/export/atomic-read-only-dir",
                   test_atomic_read_only_dir);
  g_test_add_func ("/plot/export/formats", test_formats);

  return g_test_run ();
}
