/* seqgd-plot-layout.c — from series and options to a scene
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout resolves the data range, measures every label with pango, picks
 * ticks that do not overlap, places the title, axis titles and legend
 * around the plot area (the legend goes above or to the right of the
 * data, inside only when there is no room) and fills a scene: grid,
 * bands, raw and smoothed curves, means, divergence marks, axes, text.
 * The geometry and hit-tests of seqgd-plot-layout.h read what it kept.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "seqgd-plot-private.h"

#define PAD            10.0   /* outer margin */
#define TICK_LEN        5.0
#define MINOR_TICK_LEN  3.0
#define GAP             4.0
#define FONT_TICK      12.0
#define FONT_AXIS      13.0
#define FONT_TITLE     15.0
#define FONT_LEGEND    12.5
#define LEGEND_SAMPLE  28.0   /* length of the line sample */
#define LEGEND_GAP     18.0   /* between entries in a row */
/* A band's fill is faint, so that overlapping ones stay light, and a
 * thin edge in its rule's colour says whose it is. */
#define BAND_ALPHA      0.1
#define BAND_EDGE_ALPHA 0.7
#define BAND_EDGE_WIDTH 0.8
/* Curves of at most this many points, such as a few epochs' test
 * accuracy, get a dot at each point: a line through three points does
 * not show where they are. */
#define DOTS_MAX_POINTS 50
#define DOT_RADIUS      3.0

typedef struct
{
  SeqgdPlotRect rect;
  guint         rule;
} LegendBox;

typedef enum
{
  LEGEND_NONE,
  LEGEND_TOP,
  LEGEND_RIGHT,
  LEGEND_INSIDE,
} LegendPlace;

/* A rule's mean and band as laid out: the first @n entries of the
 * model's aggregate.  The model owns it; the layout reads it only while
 * it builds the scene. */
typedef struct
{
  guint                     rule;
  guint                     n;
  const SeqgdPlotAggregate *agg;
} Aggregate;

struct _SeqgdPlotLayout
{
  gatomicrefcount    ref_count;
  SeqgdPlotModel    *model;
  SeqgdPlotOptions   options;
  char              *title;
  SeqgdPlotKey       key;
  double             width;
  double             height;

  SeqgdPlotTransform tr;
  gboolean           has_data;
  const char        *message;

  guint              n_runs;
  guint             *run_n;         /* points per run when laid out */
  gboolean          *run_visible;
  guint             *rule_n_runs;   /* visible runs per rule */
  GArray            *aggregates;    /* Aggregate */

  GArray            *x_ticks;       /* SeqgdPlotTick */
  GArray            *y_ticks;
  double             tick_label_h;

  LegendPlace        legend_place;
  SeqgdPlotRect      legend_rect;
  GArray            *legend_boxes;  /* LegendBox */

  PangoContext      *pango;
  SeqgdPlotScene    *scene;
};

static const double text_rgb[3] = { 0.13, 0.13, 0.13 };
static const double label_rgb[3] = { 0.27, 0.27, 0.27 };
static const double spine_rgb[3] = { 0.2, 0.2, 0.2 };
static const double halo_rgb[3] = { 1, 1, 1 };

/* Dash patterns in units of the line width; the first rule is solid. */
/* Solid, dashed, dash-dot, dotted...: plain dots come fourth, as they
 * read poorly on a thin line over a band. */
static const double dashes[][4] = {
  { 0, 0, 0, 0 },
  { 5, 2.5, 0, 0 },
  { 6, 2, 1, 2 },
  { 1, 2, 0, 0 },
  { 10, 3, 0, 0 },
  { 3, 2, 3, 5 },
};
static const guint n_dashes[] = { 0, 2, 4, 2, 2, 4 };

/* ---- text ------------------------------------------------------------ */

static PangoContext *
make_pango_context (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *ctx = pango_font_map_create_context (map);
  cairo_font_options_t *fo = cairo_font_options_create ();

  /* Unhinted metrics measure the same on screen, PNG, PDF and SVG. */
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, fo);
  pango_cairo_context_set_resolution (ctx, 96);
  cairo_font_options_destroy (fo);
  return ctx;
}

void
_seqgd_plot_text_setup (PangoLayout *layout,
                        const char  *family,
                        double       size,
                        gboolean     bold,
                        const char  *text)
{
  PangoFontDescription *fd = pango_font_description_new ();

  pango_font_description_set_family (fd, family);
  pango_font_description_set_absolute_size (fd, size * PANGO_SCALE);
  pango_font_description_set_weight (fd, bold ? PANGO_WEIGHT_BOLD
                                              : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, fd);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (fd);
}

static void
measure (SeqgdPlotLayout *self,
         const char      *text,
         double           size,
         gboolean         bold,
         double          *width,
         double          *height)
{
  g_autoptr(PangoLayout) pl = pango_layout_new (self->pango);
  PangoRectangle logical;

  _seqgd_plot_text_setup (pl, self->scene->font_family, size, bold, text);
  pango_layout_get_extents (pl, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

static SeqgdPlotItem *
add_text (SeqgdPlotLayout *self,
          SeqgdPlotRole    role,
          const char      *text,
          double           size,
          gboolean         bold,
          const double     rgb[3],
          double           x,
          double           y,
          double           halign,
          double           valign)
{
  SeqgdPlotItem *item = seqgd_plot_scene_add (self->scene,
                                              SEQGD_PLOT_ITEM_TEXT, role);

  item->text = g_strdup (text);
  item->font_size = size;
  item->bold = bold;
  memcpy (item->rgba, rgb, 3 * sizeof (double));
  item->rgba[3] = 1;
  item->x = x;
  item->y = y;
  item->halign = halign;
  item->valign = valign;
  return item;
}

/* ---- names ----------------------------------------------------------- */

static const char *
quantity_title (SeqgdPlotQuantity q)
{
  switch (q)
    {
    case SEQGD_PLOT_Y_TEST_LOSS: return "Test loss";
    case SEQGD_PLOT_Y_TEST_ACCURACY: return "Test accuracy (%)";
    case SEQGD_PLOT_Y_TRAIN_LOSS: default: return "Training loss (batch)";
    }
}

static const char *
x_title (SeqgdPlotXMode mode)
{
  switch (mode)
    {
    case SEQGD_PLOT_X_EPOCHS: return "Epoch";
    case SEQGD_PLOT_X_SAMPLES: return "Training samples seen";
    case SEQGD_PLOT_X_SECONDS: return "Training time (s)";
    case SEQGD_PLOT_X_STEPS: default: return "Step";
    }
}

static char *
automatic_title (SeqgdPlotLayout *self)
{
  switch (self->options.quantity)
    {
    case SEQGD_PLOT_Y_TEST_LOSS:
      return g_strdup ("Test loss per epoch");
    case SEQGD_PLOT_Y_TEST_ACCURACY:
      return g_strdup ("Test accuracy per epoch");
    case SEQGD_PLOT_Y_TRAIN_LOSS:
    default:
      return g_strdup ("Training loss per step");
    }
}

/* ---- data ------------------------------------------------------------ */

static SeqgdPlotSeries *
series_of (SeqgdPlotLayout *self,
           guint            run)
{
  return _seqgd_plot_model_get_series (self->model, run, &self->key);
}

static double
to_drawn (SeqgdPlotLayout *self,
          double           v)
{
  if (!self->key.log_y)
    return v;
  return v > 0 ? log10 (v) : NAN;
}

/* Mean and band of a rule's visible runs (the model keeps them up to
 * date as runs grow).  Where a diverged run has stopped, the mean is
 * undefined, so they end with the shortest run that did not diverge. */
static void
build_aggregate (SeqgdPlotLayout *self,
                 guint            rule)
{
  Aggregate a = { rule, 0, NULL };
  guint k = 0, len = G_MAXUINT, longest = 0;

  for (guint r = 0; r < self->n_runs; r++)
    if (self->run_visible[r]
        && seqgd_plot_model_get_run_rule_index (self->model, r) == rule)
      {
        k++;
        longest = MAX (longest, self->run_n[r]);
        if (!seqgd_plot_model_get_run_diverged (self->model, r, NULL))
          len = MIN (len, self->run_n[r]);
      }
  if (len == G_MAXUINT)
    len = longest;
  if (k < 2 || len == 0)
    return;

  a.agg = _seqgd_plot_model_get_aggregate (self->model, rule, &self->key,
                                           self->options.band);
  a.n = MIN (len, a.agg->n);
  g_array_append_val (self->aggregates, a);
}

/* Whether rules with several seeds get a mean and band.  Not over
 * training time: seeds reach a step at different times, and a mean
 * taken step by step, drawn at the mean time, would leave the seeds'
 * own curves outside its band; each seed's curve is drawn instead. */
static gboolean
bands_drawn (SeqgdPlotLayout *self)
{
  return self->options.band != SEQGD_PLOT_BAND_NONE
         && self->options.x_mode != SEQGD_PLOT_X_SECONDS;
}

static void
collect (SeqgdPlotLayout *self)
{
  guint n_rules = seqgd_plot_model_get_n_rules (self->model);

  self->n_runs = seqgd_plot_model_get_n_runs (self->model);
  self->run_n = g_new0 (guint, self->n_runs);
  self->run_visible = g_new0 (gboolean, self->n_runs);
  self->rule_n_runs = g_new0 (guint, MAX (n_rules, 1u));

  for (guint r = 0; r < self->n_runs; r++)
    {
      guint rule = seqgd_plot_model_get_run_rule_index (self->model, r);

      self->run_n[r] = series_of (self, r)->n;
      self->run_visible[r] = seqgd_plot_model_get_rule_visible (self->model,
                                                                rule);
      if (self->run_visible[r])
        self->rule_n_runs[rule]++;
    }

  if (bands_drawn (self))
    for (guint rule = 0; rule < n_rules; rule++)
      if (self->rule_n_runs[rule] >= 2)
        build_aggregate (self, rule);
}

static const Aggregate *
find_aggregate (SeqgdPlotLayout *self,
                guint            rule)
{
  for (guint i = 0; i < self->aggregates->len; i++)
    {
      Aggregate *a = &g_array_index (self->aggregates, Aggregate, i);

      if (a->rule == rule)
        return a;
    }
  return NULL;
}

/* Whether the run's unsmoothed curve is drawn, faintly, under the
 * smoothed one: always when smoothing, so that the noise the smoothing
 * hides stays in sight, also under a rule's mean and band. */
static gboolean
raw_drawn (SeqgdPlotLayout *self,
           guint            run)
{
  return self->key.smoothing != SEQGD_PLOT_SMOOTH_NONE
         && self->run_visible[run];
}

/* The range of everything drawn, in x data units and drawn y units;
 * [@h0, @h1] is the range of the runs that did not diverge and @first
 * the highest first finite value of those that did. */
static gboolean
data_extent (SeqgdPlotLayout *self,
             double          *x0,
             double          *x1,
             double          *t0,
             double          *t1,
             double          *h0,
             double          *h1,
             double          *first)
{
  *x0 = *t0 = *h0 = INFINITY;
  *x1 = *t1 = *h1 = *first = -INFINITY;
  for (guint r = 0; r < self->n_runs; r++)
    {
      SeqgdPlotSeries *s;
      guint n = self->run_n[r];

      if (!self->run_visible[r] || n == 0)
        continue;
      s = series_of (self, r);
      for (guint i = 0; i < n; i++)
        if (isfinite (s->x[i]))
          {
            *x0 = MIN (*x0, s->x[i]);
            break;
          }
      for (guint i = n; i > 0; i--)
        if (isfinite (s->x[i - 1]))
          {
            *x1 = MAX (*x1, s->x[i - 1]);
            break;
          }
      _seqgd_plot_series_extent (s, n, FALSE, t0, t1);
      if (raw_drawn (self, r))
        _seqgd_plot_series_extent (s, n, TRUE, t0, t1);
      if (!seqgd_plot_model_get_run_diverged (self->model, r, NULL))
        {
          _seqgd_plot_series_extent (s, n, FALSE, h0, h1);
          if (raw_drawn (self, r))
            _seqgd_plot_series_extent (s, n, TRUE, h0, h1);
        }
      else
        for (guint i = 0; i < n; i++)
          if (isfinite (s->t[i]))
            {
              *first = MAX (*first, s->t[i]);
              break;
            }
    }
  for (guint i = 0; i < self->aggregates->len; i++)
    {
      Aggregate *a = &g_array_index (self->aggregates, Aggregate, i);

      _seqgd_plot_aggregate_extent (a->agg, a->n, t0, t1);
    }
  return *x0 <= *x1 && *t0 <= *t1;
}

/* The top of an automatic y range when a diverged run's values would
 * squash every other curve into a flat line at the bottom: half the
 * healthy runs' span above their highest value, so that they fill most
 * of the plot while the diverged curve leaves it at the top edge.  When
 * every run diverged, the highest first value stands in for the healthy
 * top.  Returns @t1 when it is not far off. */
static double
cap_divergence (SeqgdPlotLayout *self,
                double           t0,
                double           t1,
                double           h0,
                double           h1,
                double           first)
{
  double span;

  if (!(h1 >= h0))
    {
      if (!isfinite (first))
        return t1;
      h0 = t0;
      h1 = first;
    }
  span = h1 - h0;
  if (self->key.log_y)
    span = MAX (span, 0.6);
  else if (span <= 0)
    span = MAX (fabs (h1), 1e-9);
  if (t1 <= h1 + 3 * span)
    return t1;
  return h1 + 0.5 * span;
}

static void
resolve_range (SeqgdPlotLayout *self)
{
  SeqgdPlotTransform *tr = &self->tr;
  const SeqgdPlotView *view = &self->options.view;
  gboolean log_y = self->key.log_y;
  double x0, x1, t0, t1, h0, h1, first;

  self->has_data = data_extent (self, &x0, &x1, &t0, &t1, &h0, &h1, &first);
  if (self->has_data)
    t1 = cap_divergence (self, t0, t1, h0, h1, first);

  if (!view->automatic)
    {
      x0 = view->x_min;
      x1 = view->x_max;
      t0 = to_drawn (self, view->y_min);
      t1 = to_drawn (self, view->y_max);
      if (!isfinite (x0) || !isfinite (x1) || !isfinite (t0)
          || !isfinite (t1) || x1 <= x0 || t1 <= t0)
        {
          g_debug ("Ignoring an invalid view; fitting the data");
          self->options.view.automatic = TRUE;
          resolve_range (self);
          return;
        }
    }
  else if (!self->has_data)
    {
      x0 = 0;
      x1 = 1;
      t0 = log_y ? -1 : 0;
      t1 = log_y ? 0 : 1;
    }
  else
    {
      double span;

      if (x1 <= x0)
        {
          double d = MAX (fabs (x0) * 0.05, 0.5);

          x0 -= d;
          x1 += d;
        }
      else
        {
          /* A little room on either side, so that the first and last
           * points, their markers and a line's end are not cut by the
           * plot's edge; a range that starts near zero starts at zero. */
          double pad = 0.02 * (x1 - x0);

          if (x0 >= 0 && x0 <= 0.1 * (x1 - x0))
            x0 = 0;
          else
            x0 -= pad;
          x1 += pad;
        }

      if (t1 <= t0)
        {
          double d = log_y ? 0.25 : MAX (fabs (t0) * 0.1, 0.5);

          t0 -= d;
          t1 += d;
        }
      span = t1 - t0;
      t0 -= 0.05 * span;
      t1 += 0.05 * span;
    }

  tr->x0 = x0;
  tr->x1 = x1;
  tr->t0 = t0;
  tr->t1 = t1;
}

/* ---- ticks ----------------------------------------------------------- */

static void
make_ticks (SeqgdPlotLayout *self,
            gboolean         log,
            double           lo,
            double           hi,
            guint            max_major,
            GArray          *ticks)
{
  _seqgd_plot_ticks_clear (ticks);
  if (log)
    _seqgd_plot_ticks_log (pow (10, lo), pow (10, hi), max_major, ticks);
  else
    _seqgd_plot_ticks_linear (lo, hi, max_major, ticks);
}

static double
tick_py (SeqgdPlotLayout *self,
         double           value)
{
  return _seqgd_plot_py (&self->tr, to_drawn (self, value));
}

/* Turns labelled ticks too close to the previous label into unlabelled
 * ones; the last resort when even two ticks do not fit. */
static void
unlabel (SeqgdPlotTick *t)
{
  g_clear_pointer (&t->label, g_free);
  t->major = FALSE;
}

static void
thin_y_labels (SeqgdPlotLayout *self)
{
  double last = INFINITY;

  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      SeqgdPlotTick *t = &g_array_index (self->y_ticks, SeqgdPlotTick, i);
      double py = tick_py (self, t->value);

      if (!t->major)
        continue;
      if (fabs (last - py) < self->tick_label_h + 2)
        unlabel (t);
      else
        last = py;
    }
}

static void
thin_x_labels (SeqgdPlotLayout *self)
{
  double last_end = -INFINITY;

  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      SeqgdPlotTick *t = &g_array_index (self->x_ticks, SeqgdPlotTick, i);
      double px = _seqgd_plot_px (&self->tr, t->value);
      double w;

      if (t->label == NULL)
        continue;
      measure (self, t->label, FONT_TICK, FALSE, &w, NULL);
      if (px - w / 2 < last_end + 12 || px + w / 2 > self->width)
        unlabel (t);
      else
        last_end = px + w / 2;
    }
}

/* Y ticks for the current plot height whose labels keep clear of each
 * other; returns the widest label. */
static double
choose_y_ticks (SeqgdPlotLayout *self)
{
  guint max_major = (guint) MAX (2.0, self->tr.height / 45);
  double widest = 0;

  for (;;)
    {
      double last = INFINITY;
      gboolean clear = TRUE;

      make_ticks (self, self->key.log_y, self->tr.t0, self->tr.t1, max_major,
                  self->y_ticks);
      for (guint i = 0; i < self->y_ticks->len; i++)
        {
          SeqgdPlotTick *t = &g_array_index (self->y_ticks, SeqgdPlotTick, i);
          double py = tick_py (self, t->value);

          if (!t->major)
            continue;
          if (fabs (last - py) < self->tick_label_h + 2)
            clear = FALSE;
          last = py;
        }
      if (clear || max_major <= 2)
        break;
      max_major--;
    }
  thin_y_labels (self);

  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      SeqgdPlotTick *t = &g_array_index (self->y_ticks, SeqgdPlotTick, i);
      double w;

      if (t->label == NULL)
        continue;
      measure (self, t->label, FONT_TICK, FALSE, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

/* X ticks whose labels keep 12 pixels apart; returns how far the last
 * label reaches right of the plot area's right edge. */
static double
choose_x_ticks (SeqgdPlotLayout *self)
{
  guint max_major = (guint) MAX (2.0, self->tr.width / 80);
  double overhang = 0;

  for (;;)
    {
      double last_end = -INFINITY;
      gboolean clear = TRUE;

      overhang = 0;
      make_ticks (self, FALSE, self->tr.x0, self->tr.x1, max_major,
                  self->x_ticks);
      for (guint i = 0; i < self->x_ticks->len; i++)
        {
          SeqgdPlotTick *t = &g_array_index (self->x_ticks, SeqgdPlotTick, i);
          double px = _seqgd_plot_px (&self->tr, t->value);
          double w;

          measure (self, t->label, FONT_TICK, FALSE, &w, NULL);
          if (px - w / 2 < last_end + 12)
            clear = FALSE;
          last_end = px + w / 2;
          overhang = MAX (overhang,
                          last_end - (self->tr.left + self->tr.width));
        }
      if (clear || max_major <= 2)
        break;
      max_major--;
    }
  thin_x_labels (self);
  return overhang;
}

/* ---- legend ---------------------------------------------------------- */

static char *
legend_label (SeqgdPlotLayout *self,
              guint            rule)
{
  const char *label = seqgd_plot_model_get_rule_label (self->model, rule);
  guint n = 0, n_diverged = 0;
  guint64 first_step = 0;

  for (guint r = 0; r < self->n_runs; r++)
    {
      guint64 step;

      if (seqgd_plot_model_get_run_rule_index (self->model, r) != rule)
        continue;
      n++;
      if (seqgd_plot_model_get_run_diverged (self->model, r, &step))
        {
          n_diverged++;
          if (step > 0 && (first_step == 0 || step < first_step))
            first_step = step;
        }
    }

  if (n_diverged == 0)
    return g_strdup (label);
  if (n == 1 && first_step > 0)
    return g_strdup_printf ("%s — diverged at step %" G_GUINT64_FORMAT,
                            label, first_step);
  if (n == 1)
    return g_strdup_printf ("%s — diverged", label);
  return g_strdup_printf ("%s — %u of %u seeds diverged",
                          label, n_diverged, n);
}

typedef struct
{
  guint   n;
  char  **labels;
  double *widths;     /* whole entry: sample, gap, text */
  double  entry_h;
  double  top_h;      /* height as rows above the plot */
  guint   top_rows;
  double  right_w;    /* width as a column at the right */
  double  right_h;
} LegendSizes;

static guint
flow_rows (const LegendSizes *ls,
           double             avail)
{
  guint rows = 1;
  double x = 0;

  for (guint i = 0; i < ls->n; i++)
    {
      double w = ls->widths[i];

      if (x > 0 && x + LEGEND_GAP + w > avail)
        {
          rows++;
          x = 0;
        }
      x += (x > 0 ? LEGEND_GAP : 0) + w;
    }
  return rows;
}

static void
measure_legend (SeqgdPlotLayout *self,
                LegendSizes     *ls)
{
  double text_h = 0;

  ls->n = seqgd_plot_model_get_n_rules (self->model);
  ls->labels = g_new0 (char *, ls->n + 1);
  ls->widths = g_new0 (double, MAX (ls->n, 1u));
  ls->right_w = 0;
  for (guint i = 0; i < ls->n; i++)
    {
      double w;

      ls->labels[i] = legend_label (self, i);
      measure (self, ls->labels[i], FONT_LEGEND, FALSE, &w, &text_h);
      ls->widths[i] = LEGEND_SAMPLE + 7 + w;
      ls->right_w = MAX (ls->right_w, ls->widths[i]);
    }
  ls->entry_h = text_h + 5;
  ls->top_rows = flow_rows (ls, self->width - 2 * PAD);
  ls->top_h = ls->top_rows * ls->entry_h;
  ls->right_w += 2 * 8;
  ls->right_h = ls->n * ls->entry_h + 2 * 6;
}

static LegendPlace
choose_legend_place (SeqgdPlotLayout   *self,
                     const LegendSizes *ls)
{
  double room_h = self->height - 2 * PAD;

  if (ls->n == 0)
    return LEGEND_NONE;
  if (ls->top_rows == 1 && ls->top_h < 0.15 * room_h)
    return LEGEND_TOP;
  if (ls->right_w <= 0.3 * self->width && ls->right_h <= 0.8 * room_h)
    return LEGEND_RIGHT;
  if (ls->top_rows <= 3 && ls->top_h < 0.2 * room_h)
    return LEGEND_TOP;
  return LEGEND_INSIDE;
}

/* ---- geometry -------------------------------------------------------- */

static void
arrange (SeqgdPlotLayout   *self,
         const LegendSizes *ls,
         double             title_h)
{
  SeqgdPlotTransform *tr = &self->tr;
  double axis_h, top, bottom, right, left, widest, overhang;

  measure (self, "0", FONT_TICK, FALSE, NULL, &self->tick_label_h);
  measure (self, "Step", FONT_AXIS, FALSE, NULL, &axis_h);

  top = PAD + title_h;
  if (self->legend_place == LEGEND_TOP)
    top += ls->top_h + 6;
  top = MAX (top, PAD + self->tick_label_h / 2);
  bottom = self->height - PAD - axis_h - GAP - self->tick_label_h - GAP
           - TICK_LEN;
  right = self->width - PAD;
  if (self->legend_place == LEGEND_RIGHT)
    right -= ls->right_w + 10;

  tr->top = ceil (top);
  tr->height = MAX (floor (bottom - tr->top), 1.0);
  widest = choose_y_ticks (self);

  left = PAD + axis_h + 2 * GAP + widest + GAP + TICK_LEN;
  /* Whole pixels, so that the reduction's columns are pixel columns. */
  tr->left = ceil (left);
  tr->width = MAX (floor (right - tr->left - 4), 1.0);
  overhang = choose_x_ticks (self);
  if (self->legend_place != LEGEND_RIGHT && overhang > PAD - 4)
    {
      tr->width = MAX (floor (tr->width - (overhang - PAD + 4)), 1.0);
      choose_x_ticks (self);
    }
}

/* ---- scene ----------------------------------------------------------- */

static double
snap (double v)
{
  return floor (v) + 0.5;
}

static void
set_rgba (double       rgba[4],
          const double rgb[3],
          double       alpha)
{
  rgba[0] = rgb[0];
  rgba[1] = rgb[1];
  rgba[2] = rgb[2];
  rgba[3] = alpha;
}

static void
rule_rgb (SeqgdPlotLayout *self,
          guint            rule,
          double           rgb[3])
{
  seqgd_plot_model_get_rule_color (self->model, rule, &rgb[0], &rgb[1],
                                   &rgb[2]);
}

static void
push_point (GArray *points,
            double  x,
            double  y)
{
  double p[2] = { x, y };

  g_array_append_vals (points, p, 2);
}

static void
push_break (GArray *points)
{
  push_point (points, NAN, NAN);
}

static void
add_grid (SeqgdPlotLayout *self)
{
  static const double major_rgb[3] = { 0.88, 0.88, 0.88 };
  static const double minor_rgb[3] = { 0.94, 0.94, 0.94 };
  SeqgdPlotTransform *tr = &self->tr;
  SeqgdPlotItem *major = seqgd_plot_scene_add (self->scene,
                                               SEQGD_PLOT_ITEM_LINE,
                                               SEQGD_PLOT_ROLE_GRID);
  SeqgdPlotItem *minor = seqgd_plot_scene_add (self->scene,
                                               SEQGD_PLOT_ITEM_LINE,
                                               SEQGD_PLOT_ROLE_GRID);

  set_rgba (major->rgba, major_rgb, 1);
  set_rgba (minor->rgba, minor_rgb, 1);
  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      SeqgdPlotTick *t = &g_array_index (self->y_ticks, SeqgdPlotTick, i);
      double py = snap (tick_py (self, t->value));
      GArray *pts = t->major ? major->points : minor->points;

      push_point (pts, tr->left, py);
      push_point (pts, tr->left + tr->width, py);
      push_break (pts);
    }
  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      SeqgdPlotTick *t = &g_array_index (self->x_ticks, SeqgdPlotTick, i);
      double px = snap (_seqgd_plot_px (tr, t->value));

      push_point (major->points, px, tr->top);
      push_point (major->points, px, tr->top + tr->height);
      push_break (major->points);
    }
}

/* Whether the rule's main line is a dense, unsmoothed curve: more
 * points than a third of the plot's pixel columns. */
static gboolean
rule_dense (SeqgdPlotLayout *self,
            guint            rule)
{
  guint most = 0;

  if (self->key.smoothing != SEQGD_PLOT_SMOOTH_NONE
      || self->key.quantity != SEQGD_PLOT_Y_TRAIN_LOSS)
    return FALSE;
  for (guint r = 0; r < self->n_runs; r++)
    if (seqgd_plot_model_get_run_rule_index (self->model, r) == rule)
      most = MAX (most, self->run_n[r]);
  return most > self->tr.width / 3;
}

/* Dense noisy curves read better thin, smooth ones a little wider.
 * A rule's legend sample always carries its dash pattern, and so does
 * its main line or mean unless that is a dense unsmoothed curve: rules
 * that compute the same values (autograd and simultaneous backprop) draw
 * the same curve, and the gaps in the upper one's dashes show that the
 * lower one is there; the pattern also tells the rules apart in a
 * greyscale print.  On a dense zigzag a dash pattern no longer reads as
 * one, and stroking it costs twenty times the filled envelope, so those
 * curves are drawn solid; smoothing brings the dashes back. */
static double
main_line_width (SeqgdPlotLayout *self,
                 guint            rule)
{
  if (find_aggregate (self, rule) != NULL)
    return 2.0;
  return rule_dense (self, rule) ? 1.2 : 1.7;
}

static void
set_dash (SeqgdPlotItem *item,
          guint          rule)
{
  guint k = rule % G_N_ELEMENTS (n_dashes);

  item->n_dash = n_dashes[k];
  for (guint i = 0; i < item->n_dash; i++)
    item->dash[i] = dashes[k][i] * MAX (item->line_width, 1.0);
}

/* A curve as a stroked polyline, or, when it is dense and solid, as the
 * filled area such a stroke would cover (much faster to rasterise). */
static SeqgdPlotItem *
add_reduced (SeqgdPlotLayout      *self,
             const SeqgdPlotCurve *curve,
             SeqgdPlotRole         role,
             guint                 rule,
             const double          rgb[3],
             double                alpha,
             double                width,
             gboolean              dashed)
{
  g_autoptr(GArray) area = g_array_new (FALSE, FALSE, sizeof (double));
  SeqgdPlotItem *item;

  if (!dashed && _seqgd_plot_reduce_envelope (curve, &self->tr, width / 2,
                                              area))
    {
      item = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_BOXES, role);
      g_array_unref (item->points);
      item->points = g_steal_pointer (&area);
      item->line_width = 0;
    }
  else
    {
      item = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_LINE, role);
      item->line_width = width;
      if (dashed)
        set_dash (item, rule);
      _seqgd_plot_reduce (curve, &self->tr, item->points);
    }
  item->rule = (int) rule;
  set_rgba (item->rgba, rgb, alpha);
  return item;
}

static void
add_curve (SeqgdPlotLayout *self,
           guint            run,
           SeqgdPlotRole    role)
{
  guint rule = seqgd_plot_model_get_run_rule_index (self->model, run);
  const SeqgdPlotSeries *s = series_of (self, run);
  SeqgdPlotCurve curve;
  SeqgdPlotItem *item;
  double rgb[3];

  rule_rgb (self, rule, rgb);
  _seqgd_plot_curve_from_series (&curve, s, role == SEQGD_PLOT_ROLE_RAW);
  curve.n = MIN (curve.n, self->run_n[run]);

  /* Several seeds' raw curves stack up, so each is fainter. */
  if (role == SEQGD_PLOT_ROLE_RAW)
    item = add_reduced (self, &curve, role, rule, rgb,
                        self->rule_n_runs[rule] >= 2 ? 0.12 : 0.25, 1.0,
                        FALSE);
  else if (find_aggregate (self, rule) != NULL)
    item = add_reduced (self, &curve, role, rule, rgb, 0.35, 0.8, FALSE);
  else
    item = add_reduced (self, &curve, role, rule, rgb,
                        self->rule_n_runs[rule] >= 2 ? 0.85 : 1,
                        main_line_width (self, rule),
                        !rule_dense (self, rule));
  item->run = (int) run;
}

/* At most this many gaps in one run get a mark; a run that flickers
 * between finite and non-finite values would bury the plot in them. */
#define MAX_GAP_MARKS 20

/* Marks each place where a run's values stop being finite: at the x of
 * the first non-finite value of each gap, at the height of the last
 * finite drawn value before it (the top of the plot when there is none).
 * The height is kept inside the plot area, so that a run which blew up
 * past the top of the view still shows where it did. */
static void
gap_marks (SeqgdPlotLayout *self,
           guint            run,
           GArray          *points)
{
  const SeqgdPlotSeries *s = series_of (self, run);
  const SeqgdPlotTransform *tr = &self->tr;
  guint n = self->run_n[run], n_marks = 0, from = 0;

  for (guint b = 0; b * SEQGD_PLOT_BLOCK < n && n_marks < MAX_GAP_MARKS; b++)
    {
      guint hi = MIN (n, (b + 1) * SEQGD_PLOT_BLOCK);

      if (!s->rt_bad[b])
        continue;
      for (guint i = b * SEQGD_PLOT_BLOCK; i < hi && n_marks < MAX_GAP_MARKS;
           i++)
        {
          double t = NAN, py;

          if (isfinite (s->v[i]) || (i > 0 && !isfinite (s->v[i - 1]))
              || !isfinite (s->x[i]))
            continue;
          for (guint j = i; j > from && !isfinite (t); j--)
            t = s->t[j - 1];
          from = i;
          py = isfinite (t) ? _seqgd_plot_py (tr, t) : tr->top;
          py = CLAMP (py, tr->top + 4, tr->top + tr->height - 4);
          push_point (points, _seqgd_plot_px (tr, s->x[i]), py);
          n_marks++;
        }
    }
}

static void
add_divergence_marks (SeqgdPlotLayout *self)
{
  for (guint r = 0; r < self->n_runs; r++)
    {
      guint rule = seqgd_plot_model_get_run_rule_index (self->model, r);
      g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
      SeqgdPlotItem *mark;
      double rgb[3];

      if (!self->run_visible[r])
        continue;
      gap_marks (self, r, points);
      if (points->len == 0)
        continue;
      rule_rgb (self, rule, rgb);
      mark = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_MARKER,
                                   SEQGD_PLOT_ROLE_DIVERGED);
      mark->rule = (int) rule;
      mark->run = (int) r;
      mark->line_width = 1.8;
      mark->width = 5;
      set_rgba (mark->rgba, rgb, 1);
      g_array_unref (mark->points);
      mark->points = g_steal_pointer (&points);
    }
}

/* Whether the rule's main curves (its mean, or each seed's curve) are
 * short enough to carry a dot at every point. */
static gboolean
rule_dots (SeqgdPlotLayout *self,
           guint            rule)
{
  const Aggregate *a = find_aggregate (self, rule);
  guint most = 0;

  if (a != NULL)
    return a->n <= DOTS_MAX_POINTS;
  for (guint r = 0; r < self->n_runs; r++)
    if (seqgd_plot_model_get_run_rule_index (self->model, r) == rule)
      most = MAX (most, self->run_n[r]);
  return most > 0 && most <= DOTS_MAX_POINTS;
}

static SeqgdPlotItem *
add_dots_item (SeqgdPlotLayout *self,
               SeqgdPlotRole    role,
               guint            rule)
{
  SeqgdPlotItem *dots = seqgd_plot_scene_add (self->scene,
                                              SEQGD_PLOT_ITEM_DOTS, role);
  double rgb[3];

  rule_rgb (self, rule, rgb);
  dots->rule = (int) rule;
  dots->width = DOT_RADIUS;
  dots->line_width = 1;
  set_rgba (dots->rgba, rgb, 1);
  set_rgba (dots->fill, halo_rgb, 1);
  return dots;
}

/* A dot at each point of the short main curves, over every line. */
static void
add_dots (SeqgdPlotLayout *self)
{
  for (guint i = 0; i < self->aggregates->len; i++)
    {
      Aggregate *a = &g_array_index (self->aggregates, Aggregate, i);
      SeqgdPlotItem *dots;

      if (!rule_dots (self, a->rule))
        continue;
      dots = add_dots_item (self, SEQGD_PLOT_ROLE_MEAN, a->rule);
      for (guint k = 0; k < a->n; k++)
        if (isfinite (a->agg->x[k]) && isfinite (a->agg->mean[k]))
          push_point (dots->points, _seqgd_plot_px (&self->tr, a->agg->x[k]),
                      _seqgd_plot_py (&self->tr, a->agg->mean[k]));
    }
  for (guint r = 0; r < self->n_runs; r++)
    {
      guint rule = seqgd_plot_model_get_run_rule_index (self->model, r);
      const SeqgdPlotSeries *s;
      SeqgdPlotItem *dots;

      if (!self->run_visible[r] || find_aggregate (self, rule) != NULL
          || !rule_dots (self, rule))
        continue;
      s = series_of (self, r);
      dots = add_dots_item (self, SEQGD_PLOT_ROLE_SERIES, rule);
      dots->run = (int) r;
      for (guint k = 0; k < self->run_n[r]; k++)
        if (isfinite (s->x[k]) && isfinite (s->t[k]))
          push_point (dots->points, _seqgd_plot_px (&self->tr, s->x[k]),
                      _seqgd_plot_py (&self->tr, s->t[k]));
    }
}

static guint
scene_n_items (SeqgdPlotLayout *self)
{
  return self->scene->items->len;
}

/* The upper and lower edges of band polygons (each the upper edge
 * forward, the lower edge back, then a NAN point) as polylines, both
 * running forward. */
static void
band_edges (const GArray *polygons,
            GArray       *edges)
{
  const double *p = (const double *) (gpointer) polygons->data;
  guint n = polygons->len / 2, start = 0;

  for (guint i = 0; i <= n; i++)
    {
      guint m;

      if (i < n && isfinite (p[2 * i]))
        continue;
      m = (i - start) / 2;
      if (m >= 2)
        {
          g_array_append_vals (edges, p + 2 * start, 2 * m);
          push_break (edges);
          for (guint k = i; k > start + m; k--)
            g_array_append_vals (edges, p + 2 * (k - 1), 2);
          push_break (edges);
        }
      start = i + 1;
    }
}

static void
add_data (SeqgdPlotLayout *self)
{
  SeqgdPlotItem *clip;
  SeqgdPlotTransform *tr = &self->tr;

  clip = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_CLIP,
                               SEQGD_PLOT_ROLE_FRAME);
  clip->x = tr->left;
  clip->y = tr->top;
  clip->width = tr->width;
  clip->height = tr->height;

  /* Every band under every line, and their edges over all of their
   * fills: where bands overlap, the fills mix, and the edges still say
   * whose band is whose. */
  for (guint i = 0; i < self->aggregates->len; i++)
    {
      Aggregate *a = &g_array_index (self->aggregates, Aggregate, i);
      SeqgdPlotItem *band;
      double rgb[3];

      rule_rgb (self, a->rule, rgb);
      band = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_BAND,
                                   SEQGD_PLOT_ROLE_BAND);
      band->rule = (int) a->rule;
      band->line_width = 0;
      set_rgba (band->rgba, rgb, BAND_ALPHA);
      _seqgd_plot_reduce_band (a->agg, a->n, &self->tr, band->points);
    }
  for (guint i = 0, n = scene_n_items (self); i < n; i++)
    {
      SeqgdPlotItem *band = g_ptr_array_index (self->scene->items, i);
      SeqgdPlotItem *edge;
      double rgb[3];

      if (band->kind != SEQGD_PLOT_ITEM_BAND)
        continue;
      rule_rgb (self, (guint) band->rule, rgb);
      edge = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_LINE,
                                   SEQGD_PLOT_ROLE_BAND);
      edge->rule = band->rule;
      edge->line_width = BAND_EDGE_WIDTH;
      set_rgba (edge->rgba, rgb, BAND_EDGE_ALPHA);
      band_edges (band->points, edge->points);
    }
  for (guint r = 0; r < self->n_runs; r++)
    if (raw_drawn (self, r))
      add_curve (self, r, SEQGD_PLOT_ROLE_RAW);
  for (guint r = 0; r < self->n_runs; r++)
    if (self->run_visible[r])
      add_curve (self, r, SEQGD_PLOT_ROLE_SERIES);
  /* A pale casing under every smooth mean lifts it off the bands and
   * faint curves beneath, which share its colour; around a dense zigzag
   * it would only leave white specks. */
  for (guint i = 0; i < self->aggregates->len; i++)
    {
      Aggregate *a = &g_array_index (self->aggregates, Aggregate, i);
      SeqgdPlotCurve curve = { a->n, a->agg->x, a->agg->mean,
                               a->agg->mean_min, a->agg->mean_max,
                               a->agg->mean_bad };

      if (rule_dense (self, a->rule))
        continue;
      add_reduced (self, &curve, SEQGD_PLOT_ROLE_BAND, a->rule, halo_rgb,
                   0.8, main_line_width (self, a->rule) + 2.5, FALSE);
    }
  for (guint i = 0; i < self->aggregates->len; i++)
    {
      Aggregate *a = &g_array_index (self->aggregates, Aggregate, i);
      SeqgdPlotCurve curve = { a->n, a->agg->x, a->agg->mean,
                               a->agg->mean_min, a->agg->mean_max,
                               a->agg->mean_bad };
      double rgb[3];

      rule_rgb (self, a->rule, rgb);
      add_reduced (self, &curve, SEQGD_PLOT_ROLE_MEAN, a->rule, rgb, 1,
                   main_line_width (self, a->rule),
                   !rule_dense (self, a->rule));
    }
  add_dots (self);
  add_divergence_marks (self);

  seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_UNCLIP,
                        SEQGD_PLOT_ROLE_FRAME);
}

static void
add_axes (SeqgdPlotLayout *self)
{
  SeqgdPlotTransform *tr = &self->tr;
  SeqgdPlotItem *spines, *ticks, *minor;
  double left = snap (tr->left) - 1, bottom = snap (tr->top + tr->height) + 1;
  double axis_h;

  spines = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_LINE,
                                 SEQGD_PLOT_ROLE_FRAME);
  set_rgba (spines->rgba, spine_rgb, 1);
  push_point (spines->points, left, tr->top);
  push_point (spines->points, left, bottom);
  push_point (spines->points, tr->left + tr->width, bottom);

  ticks = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_LINE,
                                SEQGD_PLOT_ROLE_TICK);
  minor = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_LINE,
                                SEQGD_PLOT_ROLE_TICK);
  set_rgba (ticks->rgba, spine_rgb, 1);
  set_rgba (minor->rgba, spine_rgb, 0.7);

  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      SeqgdPlotTick *t = &g_array_index (self->y_ticks, SeqgdPlotTick, i);
      double py = snap (tick_py (self, t->value));
      GArray *pts = t->major ? ticks->points : minor->points;

      push_point (pts, left - (t->major ? TICK_LEN : MINOR_TICK_LEN), py);
      push_point (pts, left, py);
      push_break (pts);
      if (t->label != NULL)
        add_text (self, SEQGD_PLOT_ROLE_TICK_LABEL, t->label, FONT_TICK,
                  FALSE, label_rgb, left - TICK_LEN - GAP, py, 1, 0.5);
    }
  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      SeqgdPlotTick *t = &g_array_index (self->x_ticks, SeqgdPlotTick, i);
      double px = snap (_seqgd_plot_px (tr, t->value));

      push_point (ticks->points, px, bottom);
      push_point (ticks->points, px, bottom + TICK_LEN);
      push_break (ticks->points);
      add_text (self, SEQGD_PLOT_ROLE_TICK_LABEL, t->label, FONT_TICK, FALSE,
                label_rgb, px, bottom + TICK_LEN + GAP, 0.5, 0);
    }

  measure (self, "Step", FONT_AXIS, FALSE, NULL, &axis_h);
  add_text (self, SEQGD_PLOT_ROLE_AXIS_TITLE, x_title (self->options.x_mode),
            FONT_AXIS, FALSE, text_rgb, tr->left + tr->width / 2,
            self->height - PAD, 0.5, 1);
  add_text (self, SEQGD_PLOT_ROLE_AXIS_TITLE,
            quantity_title (self->options.quantity), FONT_AXIS, FALSE,
            text_rgb, PAD, tr->top + tr->height / 2, 0, 0.5)->vertical = TRUE;
}

static void
add_legend_entry (SeqgdPlotLayout *self,
                  guint            rule,
                  const char      *label,
                  double           x,
                  double           y,
                  double           entry_w,
                  double           entry_h)
{
  gboolean visible = seqgd_plot_model_get_rule_visible (self->model, rule);
  double alpha = visible ? 1 : 0.3;
  double rgb[3], cy = y + entry_h / 2;
  const Aggregate *a = find_aggregate (self, rule);
  SeqgdPlotItem *line, *text;
  LegendBox box = { { x - 3, y, entry_w + 6, entry_h }, rule };

  rule_rgb (self, rule, rgb);
  if (a != NULL || (bands_drawn (self) && self->rule_n_runs[rule] >= 2))
    {
      SeqgdPlotItem *swatch = seqgd_plot_scene_add (self->scene,
                                                    SEQGD_PLOT_ITEM_RECT,
                                                    SEQGD_PLOT_ROLE_LEGEND);

      swatch->rule = (int) rule;
      swatch->line_width = BAND_EDGE_WIDTH;
      set_rgba (swatch->fill, rgb, BAND_ALPHA * alpha);
      set_rgba (swatch->rgba, rgb, BAND_EDGE_ALPHA * alpha);
      swatch->x = x;
      swatch->y = cy - 5;
      swatch->width = LEGEND_SAMPLE;
      swatch->height = 10;
    }
  line = seqgd_plot_scene_add (self->scene, SEQGD_PLOT_ITEM_LINE,
                               SEQGD_PLOT_ROLE_LEGEND);
  line->rule = (int) rule;
  line->line_width = MAX (main_line_width (self, rule), 1.5);
  set_rgba (line->rgba, rgb, alpha);
  set_dash (line, rule);
  push_point (line->points, x, snap (cy));
  push_point (line->points, x + LEGEND_SAMPLE, snap (cy));
  if (rule_dots (self, rule))
    {
      SeqgdPlotItem *dot = add_dots_item (self, SEQGD_PLOT_ROLE_LEGEND, rule);

      dot->rgba[3] = alpha;
      push_point (dot->points, x + LEGEND_SAMPLE / 2, snap (cy));
    }

  text = add_text (self, SEQGD_PLOT_ROLE_LEGEND, label, FONT_LEGEND, FALSE,
                   text_rgb, x + LEGEND_SAMPLE + 7, cy, 0, 0.5);
  text->rule = (int) rule;
  text->rgba[3] = visible ? 1 : 0.45;
  g_array_append_val (self->legend_boxes, box);
}

/* How many drawn data points fall in the rectangle. */
static guint
data_points_in (SeqgdPlotLayout     *self,
                const SeqgdPlotRect *r)
{
  guint n = 0;

  for (guint i = 0; i < self->scene->items->len; i++)
    {
      const SeqgdPlotItem *item = g_ptr_array_index (self->scene->items, i);
      guint stride = item->kind == SEQGD_PLOT_ITEM_BOXES ? 4 : 2;
      const double *p;

      if ((item->role != SEQGD_PLOT_ROLE_SERIES
           && item->role != SEQGD_PLOT_ROLE_RAW
           && item->role != SEQGD_PLOT_ROLE_MEAN
           && item->role != SEQGD_PLOT_ROLE_BAND
           && item->role != SEQGD_PLOT_ROLE_DIVERGED)
          || item->points == NULL)
        continue;
      p = (const double *) (gpointer) item->points->data;
      for (guint k = 0; k + stride <= item->points->len; k += stride)
        {
          /* A box by its centre. */
          double x = stride == 4 ? (p[k] + p[k + 2]) / 2 : p[k];
          double y = stride == 4 ? (p[k + 1] + p[k + 3]) / 2 : p[k + 1];

          n += x >= r->x && x <= r->x + r->width
               && y >= r->y && y <= r->y + r->height;
        }
    }
  return n;
}

/* The corner of the plot area where a legend inside it covers the
 * fewest data points, as matplotlib's loc="best" does; top right when
 * several tie. */
static void
choose_inside_corner (SeqgdPlotLayout   *self,
                      const LegendSizes *ls,
                      double            *x,
                      double            *y)
{
  const SeqgdPlotTransform *tr = &self->tr;
  double left = tr->left + 6, right = tr->left + tr->width - ls->right_w - 6;
  double top = tr->top + 6, bottom = tr->top + tr->height - ls->right_h - 6;
  const double corners[4][2] = {
    { right, top }, { left, top }, { right, bottom }, { left, bottom },
  };
  guint best = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    {
      SeqgdPlotRect r = { corners[i][0], corners[i][1], ls->right_w,
                          ls->right_h };
      guint n = data_points_in (self, &r);

      if (n < best)
        {
          best = n;
          *x = corners[i][0];
          *y = corners[i][1];
        }
    }
}

static void
add_legend (SeqgdPlotLayout   *self,
            const LegendSizes *ls,
            double             title_h)
{
  SeqgdPlotTransform *tr = &self->tr;

  switch (self->legend_place)
    {
    case LEGEND_TOP:
      {
        double avail = self->width - 2 * PAD;
        double y = PAD + title_h;
        guint i = 0;

        while (i < ls->n)
          {
            guint j = i;
            double row_w = ls->widths[i], x;

            while (j + 1 < ls->n && row_w + LEGEND_GAP + ls->widths[j + 1]
                                    <= avail)
              row_w += LEGEND_GAP + ls->widths[++j];
            x = tr->left + (tr->width - row_w) / 2;
            x = CLAMP (x, PAD, MAX (PAD, self->width - PAD - row_w));
            for (; i <= j; i++)
              {
                add_legend_entry (self, i, ls->labels[i], x, y,
                                  ls->widths[i], ls->entry_h);
                x += ls->widths[i] + LEGEND_GAP;
              }
            y += ls->entry_h;
          }
        self->legend_rect = (SeqgdPlotRect) { PAD, PAD + title_h, avail,
                                              ls->top_h };
      }
      break;

    case LEGEND_RIGHT:
    case LEGEND_INSIDE:
      {
        double x = 0, y = 0;

        if (self->legend_place == LEGEND_RIGHT)
          {
            x = self->width - PAD - ls->right_w;
            y = tr->top;
          }
        else
          {
            SeqgdPlotItem *bg = seqgd_plot_scene_add (self->scene,
                                                      SEQGD_PLOT_ITEM_RECT,
                                                      SEQGD_PLOT_ROLE_LEGEND);

            choose_inside_corner (self, ls, &x, &y);
            bg->x = x;
            bg->y = y;
            bg->width = ls->right_w;
            bg->height = ls->right_h;
            bg->fill[0] = bg->fill[1] = bg->fill[2] = 1;
            bg->fill[3] = 0.85;
            bg->rgba[0] = bg->rgba[1] = bg->rgba[2] = 0.8;
          }
        self->legend_rect = (SeqgdPlotRect) { x, y, ls->right_w,
                                              ls->right_h };
        for (guint i = 0; i < ls->n; i++)
          add_legend_entry (self, i, ls->labels[i], x + 8,
                            y + 6 + i * ls->entry_h,
                            ls->widths[i], ls->entry_h);
      }
      break;

    case LEGEND_NONE:
    default:
      break;
    }
}

static void
build_scene (SeqgdPlotLayout *self)
{
  SeqgdPlotTransform *tr = &self->tr;
  LegendSizes ls = { 0 };
  double title_h = 0, title_size = FONT_TITLE, title_w = 0;

  if (self->title[0] != '\0')
    {
      /* A title wider than a narrow plot gets a smaller font. */
      measure (self, self->title, FONT_TITLE, TRUE, &title_w, NULL);
      if (title_w > self->width - 2 * PAD)
        title_size = MAX (FONT_TITLE * (self->width - 2 * PAD) / title_w, 6.0);
      measure (self, self->title, title_size, TRUE, &title_w, &title_h);
      title_h += 6;
    }
  measure_legend (self, &ls);
  self->legend_place = choose_legend_place (self, &ls);
  arrange (self, &ls, title_h);

  if (!self->options.transparent)
    {
      SeqgdPlotItem *bg = seqgd_plot_scene_add (self->scene,
                                                SEQGD_PLOT_ITEM_RECT,
                                                SEQGD_PLOT_ROLE_BACKGROUND);

      bg->width = self->width;
      bg->height = self->height;
      bg->line_width = 0;
      bg->fill[0] = bg->fill[1] = bg->fill[2] = bg->fill[3] = 1;
    }

  add_grid (self);
  add_data (self);
  add_axes (self);
  if (self->title[0] != '\0')
    add_text (self, SEQGD_PLOT_ROLE_TITLE, self->title, title_size, TRUE,
              text_rgb,
              CLAMP (tr->left + tr->width / 2, PAD + title_w / 2,
                     MAX (PAD + title_w / 2, self->width - PAD - title_w / 2)),
              PAD, 0.5, 0);
  add_legend (self, &ls, title_h);

  if (self->message != NULL)
    add_text (self, SEQGD_PLOT_ROLE_MESSAGE, self->message, FONT_AXIS, FALSE,
              label_rgb, tr->left + tr->width / 2, tr->top + tr->height / 2,
              0.5, 0.5);

  g_strfreev (ls.labels);
  g_free (ls.widths);
}

static const char *
choose_message (SeqgdPlotLayout *self)
{
  gboolean any_visible = FALSE, any_points = FALSE;

  if (self->has_data)
    return NULL;
  for (guint r = 0; r < self->n_runs; r++)
    {
      any_visible |= self->run_visible[r];
      any_points |= self->run_visible[r] && self->run_n[r] > 0;
    }
  if (self->n_runs > 0 && !any_visible)
    return "All rules are hidden";
  if (any_points && self->key.log_y)
    return "No positive values to show on a log scale";
  if (any_points)
    return "No finite values to show";
  return "No data yet";
}

/* ---- public ---------------------------------------------------------- */

SeqgdPlotLayout *
seqgd_plot_layout_new (SeqgdPlotModel         *model,
                       const SeqgdPlotOptions *options,
                       double                  width,
                       double                  height)
{
  SeqgdPlotLayout *self;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_new0 (SeqgdPlotLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->model = seqgd_plot_model_ref (model);
  self->options = *options;
  self->width = MAX (width, 1.0);
  self->height = MAX (height, 1.0);
  _seqgd_plot_key_from_options (&self->key, options);
  self->aggregates = g_array_new (FALSE, FALSE, sizeof (Aggregate));
  self->x_ticks = g_array_new (FALSE, FALSE, sizeof (SeqgdPlotTick));
  self->y_ticks = g_array_new (FALSE, FALSE, sizeof (SeqgdPlotTick));
  self->legend_boxes = g_array_new (FALSE, FALSE, sizeof (LegendBox));
  self->pango = make_pango_context ();
  self->scene = seqgd_plot_scene_new (self->width, self->height, "Sans");

  self->title = options->title != NULL ? g_strdup (options->title)
                                       : automatic_title (self);
  self->options.title = self->title;

  collect (self);
  resolve_range (self);
  self->message = choose_message (self);
  build_scene (self);
  return self;
}

SeqgdPlotLayout *
seqgd_plot_layout_ref (SeqgdPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
seqgd_plot_layout_unref (SeqgdPlotLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  seqgd_plot_model_unref (self->model);
  g_free (self->title);
  g_free (self->run_n);
  g_free (self->run_visible);
  g_free (self->rule_n_runs);
  g_array_unref (self->aggregates);
  _seqgd_plot_ticks_clear (self->x_ticks);
  _seqgd_plot_ticks_clear (self->y_ticks);
  g_array_unref (self->x_ticks);
  g_array_unref (self->y_ticks);
  g_array_unref (self->legend_boxes);
  g_object_unref (self->pango);
  seqgd_plot_scene_free (self->scene);
  g_free (self);
}

SeqgdPlotModel *
seqgd_plot_layout_get_model (SeqgdPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->model;
}

const SeqgdPlotOptions *
seqgd_plot_layout_get_options (SeqgdPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->options;
}

void
seqgd_plot_layout_get_size (SeqgdPlotLayout *self,
                            double          *width,
                            double          *height)
{
  g_return_if_fail (self != NULL);

  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

const SeqgdPlotScene *
seqgd_plot_layout_get_scene (SeqgdPlotLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->scene;
}

void
seqgd_plot_layout_render (SeqgdPlotLayout *self,
                          cairo_t         *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  _seqgd_plot_scene_draw_cairo (self->scene, cr);
}

void
seqgd_plot_layout_get_plot_area (SeqgdPlotLayout *self,
                                 SeqgdPlotRect   *area)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (area != NULL);

  area->x = self->tr.left;
  area->y = self->tr.top;
  area->width = self->tr.width;
  area->height = self->tr.height;
}

static double
from_drawn (SeqgdPlotLayout *self,
            double           t)
{
  return self->key.log_y ? pow (10, t) : t;
}

void
seqgd_plot_layout_get_view (SeqgdPlotLayout *self,
                            SeqgdPlotView   *view)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (view != NULL);

  view->automatic = FALSE;
  view->x_min = self->tr.x0;
  view->x_max = self->tr.x1;
  view->y_min = from_drawn (self, self->tr.t0);
  view->y_max = from_drawn (self, self->tr.t1);
}

void
seqgd_plot_layout_data_to_pixel (SeqgdPlotLayout *self,
                                 double           x,
                                 double           y,
                                 double          *px,
                                 double          *py)
{
  g_return_if_fail (self != NULL);

  if (px != NULL)
    *px = _seqgd_plot_px (&self->tr, x);
  if (py != NULL)
    *py = _seqgd_plot_py (&self->tr, to_drawn (self, y));
}

static double
pixel_to_t (SeqgdPlotLayout *self,
            double           py)
{
  const SeqgdPlotTransform *tr = &self->tr;

  return tr->t0 + (tr->top + tr->height - py) / tr->height * (tr->t1 - tr->t0);
}

static double
pixel_to_x (SeqgdPlotLayout *self,
            double           px)
{
  const SeqgdPlotTransform *tr = &self->tr;

  return tr->x0 + (px - tr->left) / tr->width * (tr->x1 - tr->x0);
}

void
seqgd_plot_layout_pixel_to_data (SeqgdPlotLayout *self,
                                 double           px,
                                 double           py,
                                 double          *x,
                                 double          *y)
{
  g_return_if_fail (self != NULL);

  if (x != NULL)
    *x = pixel_to_x (self, px);
  if (y != NULL)
    *y = from_drawn (self, pixel_to_t (self, py));
}

/* A view from ranges in drawn units, kept within what doubles resolve. */
static void
set_view (SeqgdPlotLayout *self,
          double           x0,
          double           x1,
          double           t0,
          double           t1,
          SeqgdPlotView   *view)
{
  double min_x = 1e-9 * MAX (fabs (x0) + fabs (x1), 1e-300);
  double min_t = 1e-9 * MAX (fabs (t0) + fabs (t1), 1e-300);

  if (x1 - x0 < min_x || !isfinite (x1 - x0))
    {
      x0 = self->tr.x0;
      x1 = self->tr.x1;
    }
  if (t1 - t0 < min_t || !isfinite (t1 - t0) || (self->key.log_y && t1 > 300))
    {
      t0 = self->tr.t0;
      t1 = self->tr.t1;
    }
  view->automatic = FALSE;
  view->x_min = x0;
  view->x_max = x1;
  view->y_min = from_drawn (self, t0);
  view->y_max = from_drawn (self, t1);
}

void
seqgd_plot_layout_zoom (SeqgdPlotLayout *self,
                        double           px,
                        double           py,
                        double           factor_x,
                        double           factor_y,
                        SeqgdPlotView   *view)
{
  const SeqgdPlotTransform *tr;
  double ax, at;

  g_return_if_fail (self != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (factor_x > 0 && factor_y > 0);

  tr = &self->tr;
  ax = pixel_to_x (self, px);
  at = pixel_to_t (self, py);
  set_view (self, ax - (ax - tr->x0) / factor_x, ax + (tr->x1 - ax) / factor_x,
            at - (at - tr->t0) / factor_y, at + (tr->t1 - at) / factor_y,
            view);
}

void
seqgd_plot_layout_pan (SeqgdPlotLayout *self,
                       double           dx,
                       double           dy,
                       SeqgdPlotView   *view)
{
  const SeqgdPlotTransform *tr;
  double sx, st;

  g_return_if_fail (self != NULL);
  g_return_if_fail (view != NULL);

  tr = &self->tr;
  sx = dx / tr->width * (tr->x1 - tr->x0);
  st = dy / tr->height * (tr->t1 - tr->t0);
  set_view (self, tr->x0 - sx, tr->x1 - sx, tr->t0 + st, tr->t1 + st, view);
}

gboolean
seqgd_plot_layout_zoom_box (SeqgdPlotLayout *self,
                            double           px0,
                            double           py0,
                            double           px1,
                            double           py1,
                            SeqgdPlotView   *view)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  if (fabs (px1 - px0) < 3 || fabs (py1 - py0) < 3)
    return FALSE;
  set_view (self, pixel_to_x (self, MIN (px0, px1)),
            pixel_to_x (self, MAX (px0, px1)),
            pixel_to_t (self, MAX (py0, py1)),
            pixel_to_t (self, MIN (py0, py1)), view);
  return TRUE;
}

int
seqgd_plot_layout_legend_hit (SeqgdPlotLayout *self,
                              double           px,
                              double           py)
{
  g_return_val_if_fail (self != NULL, -1);

  for (guint i = 0; i < self->legend_boxes->len; i++)
    {
      LegendBox *b = &g_array_index (self->legend_boxes, LegendBox, i);

      if (px >= b->rect.x && px < b->rect.x + b->rect.width
          && py >= b->rect.y && py < b->rect.y + b->rect.height)
        return (int) b->rule;
    }
  return -1;
}

/* Nearest point of one run within the current best distance. */
static void
hit_run (SeqgdPlotLayout *self,
         guint            run,
         double           px,
         double           py,
         double           radius,
         double          *best_d2,
         guint           *best_index)
{
  const SeqgdPlotTransform *tr = &self->tr;
  const SeqgdPlotSeries *s = series_of (self, run);
  guint n = MIN (self->run_n[run], s->n);
  double sx = tr->width / (tr->x1 - tr->x0);
  double sy = tr->height / (tr->t1 - tr->t0);
  guint lo = _seqgd_plot_lower_bound (s->x, n, pixel_to_x (self, px - radius));
  guint hi = _seqgd_plot_lower_bound (s->x, n,
                                      pixel_to_x (self, px + radius));

  /* Include points exactly at the right edge of the window. */
  while (hi < n && _seqgd_plot_px (tr, s->x[hi]) <= px + radius)
    hi++;

  for (guint i = lo; i < hi;)
    {
      guint b = i / SEQGD_PLOT_BLOCK;
      guint block_end = MIN ((b + 1) * SEQGD_PLOT_BLOCK, hi);

      /* Skip a block whose whole value range is farther than the best. */
      if (i % SEQGD_PLOT_BLOCK == 0 && block_end == (b + 1) * SEQGD_PLOT_BLOCK
          && s->t_max[b] >= s->t_min[b])
        {
          double ylo = _seqgd_plot_py (tr, s->t_max[b]);
          double yhi = _seqgd_plot_py (tr, s->t_min[b]);
          double dy = py < ylo ? ylo - py : py > yhi ? py - yhi : 0;

          if (dy * dy > *best_d2)
            {
              i = block_end;
              continue;
            }
        }
      for (; i < block_end; i++)
        {
          double dx = (s->x[i] - tr->x0) * sx + tr->left - px;
          double dy = tr->top + tr->height - (s->t[i] - tr->t0) * sy - py;
          double d2 = dx * dx + dy * dy;

          if (d2 <= *best_d2 && isfinite (d2))
            {
              *best_d2 = d2;
              *best_index = i;
            }
        }
    }
}

gboolean
seqgd_plot_layout_hit_test (SeqgdPlotLayout *self,
                            double           px,
                            double           py,
                            double           radius,
                            SeqgdPlotHit    *hit)
{
  double best_d2;
  int best_run = -1;
  guint best_index = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  if (radius <= 0 || !self->has_data)
    return FALSE;

  best_d2 = radius * radius;
  for (guint r = 0; r < self->n_runs; r++)
    {
      guint index = G_MAXUINT;

      if (!self->run_visible[r])
        continue;
      hit_run (self, r, px, py, radius, &best_d2, &index);
      if (index != G_MAXUINT)
        {
          best_run = (int) r;
          best_index = index;
        }
    }
  if (best_run < 0)
    return FALSE;

  {
    const SeqgdPlotSeries *s = series_of (self, (guint) best_run);
    guint n;

    hit->run = (guint) best_run;
    hit->rule = seqgd_plot_model_get_run_rule_index (self->model, hit->run);
    hit->index = best_index;
    hit->x = s->x[best_index];
    hit->value = s->v[best_index];
    hit->smoothed = s->s[best_index];
    hit->px = _seqgd_plot_px (&self->tr, s->x[best_index]);
    hit->py = _seqgd_plot_py (&self->tr, s->t[best_index]);
    if (self->key.quantity == SEQGD_PLOT_Y_TRAIN_LOSS)
      {
        const SeqgdStepRecord *st = _seqgd_plot_model_get_steps (self->model,
                                                                 hit->run, &n);

        hit->step = st[best_index].step;
        hit->epoch = st[best_index].epoch;
      }
    else
      {
        const SeqgdEpochRecord *ep = _seqgd_plot_model_get_epochs (self->model,
                                                                   hit->run,
                                                                   &n);

        hit->step = ep[best_index].step;
        hit->epoch = ep[best_index].epoch;
      }
  }
  return TRUE;
}

static char *
format_value (SeqgdPlotQuantity q,
              double            v)
{
  if (!isfinite (v))
    return g_strdup (isnan (v) ? "not a number" : v > 0 ? "+∞" : "−∞");
  if (q == SEQGD_PLOT_Y_TEST_ACCURACY)
    return g_strdup_printf ("%.2f %%", v);
  return g_strdup_printf ("%.4g", v);
}

char *
seqgd_plot_layout_describe (SeqgdPlotLayout    *self,
                            const SeqgdPlotHit *hit)
{
  GString *s;
  const char *study;
  g_autofree char *value = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (hit != NULL, NULL);
  g_return_val_if_fail (hit->run < self->n_runs, NULL);

  s = g_string_new (seqgd_plot_model_get_rule_label (self->model, hit->rule));
  study = seqgd_plot_model_get_rule_study_name (self->model, hit->rule);
  if (study != NULL)
    g_string_append_printf (s, " (%s)", study);
  g_string_append_printf (s, "\nSeed %" G_GUINT64_FORMAT,
                          seqgd_plot_model_get_run_seed (self->model,
                                                         hit->run));
  g_string_append_printf (s, "\nStep %" G_GUINT64_FORMAT ", epoch %.3g",
                          hit->step, hit->epoch);
  if (self->options.x_mode == SEQGD_PLOT_X_SAMPLES)
    g_string_append_printf (s, "\nSamples seen %.0f", hit->x);
  else if (self->options.x_mode == SEQGD_PLOT_X_SECONDS)
    g_string_append_printf (s, "\nTime %.3g s", hit->x);

  value = format_value (self->options.quantity, hit->value);
  g_string_append_printf (s, "\n%s %s",
                          self->options.quantity == SEQGD_PLOT_Y_TRAIN_LOSS
                          ? "Loss" : self->options.quantity
                                     == SEQGD_PLOT_Y_TEST_LOSS
                                     ? "Test loss" : "Test accuracy", value);
  if (self->key.smoothing != SEQGD_PLOT_SMOOTH_NONE)
    {
      g_autofree char *smoothed = format_value (self->options.quantity,
                                                hit->smoothed);

      g_string_append_printf (s, " (smoothed %s)", smoothed);
    }
  return g_string_free (s, FALSE);
}
