/* seqgd-plot.c — rendering and exporting the plot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports draw into memory first (a PNG or PDF stream, or SVG text) and
 * only then write the file, atomically, so an error while drawing never
 * touches the target.  PNG metadata goes into text chunks inserted before
 * IEND, since cairo writes none.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>

#include "seqgd-plot-private.h"

G_DEFINE_QUARK (seqgd-plot-error-quark, seqgd_plot_error)

void
seqgd_plot_render (SeqgdPlotModel         *model,
                   const SeqgdPlotOptions *options,
                   cairo_t                *cr,
                   double                  width,
                   double                  height)
{
  g_autoptr(SeqgdPlotLayout) layout = NULL;

  g_return_if_fail (model != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (cr != NULL);

  layout = seqgd_plot_layout_new (model, options, width, height);
  seqgd_plot_layout_render (layout, cr);
}

gboolean
seqgd_plot_format_from_path (const char      *path,
                             SeqgdPlotFormat *format,
                             GError         **error)
{
  static const struct { const char *ext; SeqgdPlotFormat format; } known[] = {
    { ".png", SEQGD_PLOT_FORMAT_PNG },
    { ".svg", SEQGD_PLOT_FORMAT_SVG },
    { ".pdf", SEQGD_PLOT_FORMAT_PDF },
    { ".csv", SEQGD_PLOT_FORMAT_CSV },
  };
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);

  dot = strrchr (path, '.');
  for (guint i = 0; dot != NULL && i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (dot, known[i].ext) == 0)
      {
        if (format != NULL)
          *format = known[i].format;
        return TRUE;
      }

  g_set_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_FORMAT,
               "Cannot tell the format of “%s”: use a name ending in .png, "
               ".svg, .pdf or .csv", path);
  return FALSE;
}

gboolean
_seqgd_plot_write_atomic (const char  *path,
                          const void  *data,
                          gsize        len,
                          GError     **error)
{
  g_autoptr(GError) local = NULL;

  /* A temporary file beside @path, renamed over it once complete. */
  if (g_file_set_contents_full (path, data, (gssize) len,
                                G_FILE_SET_CONTENTS_CONSISTENT
                                | G_FILE_SET_CONTENTS_DURABLE,
                                0644, &local))
    return TRUE;

  g_set_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_WRITE,
               "Could not write “%s”: %s", path, local->message);
  return FALSE;
}

/* Key/value pairs for a file's metadata, NULL-terminated; the strings
 * belong to the model and @extra. */
static GPtrArray *
collect_metadata (SeqgdPlotModel  *model,
                  SeqgdPlotLayout *layout,
                  char           **software)
{
  GPtrArray *pairs = g_ptr_array_new ();
  g_autofree const char **keys = seqgd_plot_model_list_metadata (model);
  const char *title = seqgd_plot_layout_get_options (layout)->title;

  *software = g_strdup_printf ("SeqGD %s", PACKAGE_VERSION);
  if (title != NULL && title[0] != '\0')
    {
      g_ptr_array_add (pairs, (gpointer) "Title");
      g_ptr_array_add (pairs, (gpointer) title);
    }
  g_ptr_array_add (pairs, (gpointer) "Software");
  g_ptr_array_add (pairs, *software);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_ptr_array_add (pairs, (gpointer) keys[i]);
      g_ptr_array_add (pairs,
                       (gpointer) seqgd_plot_model_get_metadata (model,
                                                                 keys[i]));
    }
  g_ptr_array_add (pairs, NULL);
  return pairs;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_size (const char  *path,
            double       width,
            double       height,
            double       scale,
            GError     **error)
{
  if (width >= 1 && height >= 1 && scale > 0
      && width * scale <= 32767 && height * scale <= 32767)
    return TRUE;

  g_set_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_WRITE,
               "Could not write “%s”: a size of %g × %g at scale %g is out "
               "of range (1 to 32767 pixels each way)",
               path, width, height, scale);
  return FALSE;
}

static gboolean
cairo_failed (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return FALSE;

  g_set_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_WRITE,
               "Could not draw “%s”: %s", path,
               cairo_status_to_string (status));
  return TRUE;
}

gboolean
seqgd_plot_export_png (SeqgdPlotModel         *model,
                       const SeqgdPlotOptions *options,
                       const char             *path,
                       double                  width,
                       double                  height,
                       double                  scale,
                       GError                **error)
{
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  g_autoptr(GByteArray) png = NULL;
  g_autoptr(GPtrArray) meta = NULL;
  g_autofree char *software = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_size (path, width, height, scale, error))
    return FALSE;

  layout = seqgd_plot_layout_new (model, options, width, height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (width * scale),
                                        (int) ceil (height * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  seqgd_plot_layout_render (layout, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  png = g_byte_array_new ();
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_cb, png);
  cairo_surface_destroy (surface);
  if (cairo_failed (status, path, error))
    return FALSE;

  meta = collect_metadata (model, layout, &software);
  if (!_seqgd_plot_png_add_text (png, (const char * const *) meta->pdata))
    {
      g_set_error (error, SEQGD_PLOT_ERROR, SEQGD_PLOT_ERROR_WRITE,
                   "Could not write “%s”: cairo produced no valid PNG", path);
      return FALSE;
    }
  return _seqgd_plot_write_atomic (path, png->data, png->len, error);
}

gboolean
seqgd_plot_export_svg (SeqgdPlotModel         *model,
                       const SeqgdPlotOptions *options,
                       const char             *path,
                       double                  width,
                       double                  height,
                       GError                **error)
{
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  g_autoptr(GPtrArray) meta = NULL;
  g_autofree char *software = NULL;
  g_autofree char *svg = NULL;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_size (path, width, height, 1, error))
    return FALSE;

  layout = seqgd_plot_layout_new (model, options, width, height);
  meta = collect_metadata (model, layout, &software);
  svg = _seqgd_plot_scene_to_svg (seqgd_plot_layout_get_scene (layout),
                                  (const char * const *) meta->pdata);
  return _seqgd_plot_write_atomic (path, svg, strlen (svg), error);
}

static char *
pdf_subject (SeqgdPlotModel *model)
{
  GString *s = g_string_new (NULL);
  g_autofree const char **keys = seqgd_plot_model_list_metadata (model);

  for (guint i = 0; keys[i] != NULL; i++)
    g_string_append_printf (s, "%s%s: %s", i > 0 ? "; " : "", keys[i],
                            seqgd_plot_model_get_metadata (model, keys[i]));
  return g_string_free (s, FALSE);
}

static char *
pdf_keywords (SeqgdPlotModel *model)
{
  GString *s = g_string_new ("SeqGD");
  const char *dataset = seqgd_plot_model_get_metadata (model, "Dataset");

  for (guint i = 0; i < seqgd_plot_model_get_n_rules (model); i++)
    g_string_append_printf (s, ", %s", seqgd_plot_model_get_rule_id (model, i));
  if (dataset != NULL)
    g_string_append_printf (s, ", %s", dataset);
  return g_string_free (s, FALSE);
}

gboolean
seqgd_plot_export_pdf (SeqgdPlotModel         *model,
                       const SeqgdPlotOptions *options,
                       const char             *path,
                       double                  width,
                       double                  height,
                       GError                **error)
{
  g_autoptr(SeqgdPlotLayout) layout = NULL;
  g_autoptr(GByteArray) pdf = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *keywords = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  const char *title;
  cairo_t *cr;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_size (path, width, height, 1, error))
    return FALSE;

  layout = seqgd_plot_layout_new (model, options, width, height);
  pdf = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_cb, pdf, width, height);
  creator = g_strdup_printf ("SeqGD %s", PACKAGE_VERSION);
  subject = pdf_subject (model);
  keywords = pdf_keywords (model);
  title = seqgd_plot_layout_get_options (layout)->title;
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  title != NULL && title[0] != '\0'
                                  ? title : "SeqGD plot");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT,
                                  subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS,
                                  keywords);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  creator);

  cr = cairo_create (surface);
  seqgd_plot_layout_render (layout, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (cairo_failed (status, path, error))
    return FALSE;

  return _seqgd_plot_write_atomic (path, pdf->data, pdf->len, error);
}

gboolean
seqgd_plot_export (SeqgdPlotModel         *model,
                   const SeqgdPlotOptions *options,
                   const char             *path,
                   double                  width,
                   double                  height,
                   double                  scale,
                   GError                **error)
{
  SeqgdPlotFormat format;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!seqgd_plot_format_from_path (path, &format, error))
    return FALSE;

  switch (format)
    {
    case SEQGD_PLOT_FORMAT_PNG:
      return seqgd_plot_export_png (model, options, path, width, height,
                                    scale, error);
    case SEQGD_PLOT_FORMAT_SVG:
      return seqgd_plot_export_svg (model, options, path, width, height,
                                    error);
    case SEQGD_PLOT_FORMAT_PDF:
      return seqgd_plot_export_pdf (model, options, path, width, height,
                                    error);
    case SEQGD_PLOT_FORMAT_CSV:
    default:
      return _seqgd_plot_model_save_csv (model, path, error);
    }
}
