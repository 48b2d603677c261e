/* seqgd-plot-scene.h — a plot as a short list of drawing primitives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout produces a scene; backends (cairo, SVG) draw it.  Coordinates
 * are pixels (user units) with the origin at the top left.  Tests read a
 * scene directly to check what would be drawn.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SEQGD_PLOT_ITEM_LINE,      /* polyline; a (NAN, NAN) point breaks it */
  SEQGD_PLOT_ITEM_BAND,      /* filled polygons; a NAN point ends one */
  SEQGD_PLOT_ITEM_RECT,      /* filled and/or stroked rectangle */
  SEQGD_PLOT_ITEM_BOXES,     /* filled boxes: x0, y0, x1, y1 in points */
  SEQGD_PLOT_ITEM_TEXT,
  SEQGD_PLOT_ITEM_MARKER,    /* a small × centred at each point */
  SEQGD_PLOT_ITEM_DOTS,      /* a disc of radius width at each point,
                              * filled with rgba, ringed in fill */
  SEQGD_PLOT_ITEM_CLIP,      /* clip later items to the rect until … */
  SEQGD_PLOT_ITEM_UNCLIP,    /* … this */
} SeqgdPlotItemKind;

/* What an item shows; the SVG writer uses it as the element's class. */
typedef enum
{
  SEQGD_PLOT_ROLE_BACKGROUND,
  SEQGD_PLOT_ROLE_FRAME,
  SEQGD_PLOT_ROLE_GRID,
  SEQGD_PLOT_ROLE_TICK,
  SEQGD_PLOT_ROLE_TICK_LABEL,
  SEQGD_PLOT_ROLE_AXIS_TITLE,
  SEQGD_PLOT_ROLE_TITLE,
  SEQGD_PLOT_ROLE_SERIES,    /* one run's main curve */
  SEQGD_PLOT_ROLE_RAW,       /* one run's unsmoothed curve, faint */
  SEQGD_PLOT_ROLE_MEAN,      /* a rule's mean over seeds */
  SEQGD_PLOT_ROLE_BAND,      /* a rule's spread over seeds */
  SEQGD_PLOT_ROLE_DIVERGED,  /* marks where runs diverged */
  SEQGD_PLOT_ROLE_LEGEND,
  SEQGD_PLOT_ROLE_MESSAGE,   /* "No data" and similar */
} SeqgdPlotRole;

typedef struct
{
  SeqgdPlotItemKind kind;
  SeqgdPlotRole     role;
  int               rule;        /* -1 when not about one rule */
  int               run;         /* -1 when not about one run */

  double            rgba[4];     /* stroke, or fill for bands and text */
  double            fill[4];     /* rect fill; alpha 0 for none */
  double            line_width;  /* 0: no stroke */
  double            dash[4];
  guint             n_dash;

  GArray           *points;      /* double x, y pairs (lines, bands, markers),
                                  * or corner quadruples (boxes) */
  double            x, y, width, height;  /* rect, clip; text anchor x, y */

  char             *text;
  double            font_size;   /* pixels */
  gboolean          bold;
  double            halign;      /* 0 left, 0.5 centre, 1 right of x */
  double            valign;      /* 0 top, 0.5 middle, 1 bottom of y */
  gboolean          vertical;    /* rotated a quarter turn anticlockwise */
} SeqgdPlotItem;

typedef struct
{
  double     width;
  double     height;
  char      *font_family;
  GPtrArray *items;              /* SeqgdPlotItem */
} SeqgdPlotScene;

SeqgdPlotScene *seqgd_plot_scene_new      (double          width,
                                           double          height,
                                           const char     *font_family);
void            seqgd_plot_scene_free     (SeqgdPlotScene *scene);
/* Appends a new item of @kind with defaults (opaque black, width 1) and
 * returns it; the scene owns it. */
SeqgdPlotItem  *seqgd_plot_scene_add      (SeqgdPlotScene    *scene,
                                           SeqgdPlotItemKind  kind,
                                           SeqgdPlotRole      role);
guint           seqgd_plot_scene_count    (const SeqgdPlotScene *scene,
                                           SeqgdPlotItemKind     kind,
                                           SeqgdPlotRole         role);
const char     *seqgd_plot_role_to_string (SeqgdPlotRole      role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqgdPlotScene, seqgd_plot_scene_free)

G_END_DECLS
