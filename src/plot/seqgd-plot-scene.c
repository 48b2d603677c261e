/* seqgd-plot-scene.c — the list of primitives a plot is drawn from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqgd-plot-scene.h"

static void
item_free (gpointer data)
{
  SeqgdPlotItem *item = data;

  g_clear_pointer (&item->points, g_array_unref);
  g_free (item->text);
  g_free (item);
}

SeqgdPlotScene *
seqgd_plot_scene_new (double      width,
                      double      height,
                      const char *font_family)
{
  SeqgdPlotScene *scene = g_new0 (SeqgdPlotScene, 1);

  scene->width = width;
  scene->height = height;
  scene->font_family = g_strdup (font_family != NULL ? font_family : "Sans");
  scene->items = g_ptr_array_new_with_free_func (item_free);
  return scene;
}

void
seqgd_plot_scene_free (SeqgdPlotScene *scene)
{
  if (scene == NULL)
    return;

  g_ptr_array_unref (scene->items);
  g_free (scene->font_family);
  g_free (scene);
}

SeqgdPlotItem *
seqgd_plot_scene_add (SeqgdPlotScene    *scene,
                      SeqgdPlotItemKind  kind,
                      SeqgdPlotRole      role)
{
  SeqgdPlotItem *item;

  g_return_val_if_fail (scene != NULL, NULL);

  item = g_new0 (SeqgdPlotItem, 1);
  item->kind = kind;
  item->role = role;
  item->rule = -1;
  item->run = -1;
  item->rgba[3] = 1;
  item->line_width = 1;
  if (kind == SEQGD_PLOT_ITEM_LINE || kind == SEQGD_PLOT_ITEM_BAND
      || kind == SEQGD_PLOT_ITEM_MARKER || kind == SEQGD_PLOT_ITEM_BOXES
      || kind == SEQGD_PLOT_ITEM_DOTS)
    item->points = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (scene->items, item);
  return item;
}

guint
seqgd_plot_scene_count (const SeqgdPlotScene *scene,
                        SeqgdPlotItemKind     kind,
                        SeqgdPlotRole         role)
{
  guint n = 0;

  g_return_val_if_fail (scene != NULL, 0);

  for (guint i = 0; i < scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (scene->items, i);

      n += item->kind == kind && item->role == role;
    }
  return n;
}

const char *
seqgd_plot_role_to_string (SeqgdPlotRole role)
{
  static const char * const names[] = {
    "background", "frame", "grid", "tick", "tick-label", "axis-title",
    "title", "series", "raw", "mean", "band", "diverged", "legend",
    "message",
  };

  g_return_val_if_fail (role < G_N_ELEMENTS (names), "unknown");

  return names[role];
}
