/* seqgd-download.c — fetching MNIST from its public mirrors with libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The transfer itself is blocking (soup_session_send and stream reads),
 * run either in the caller's thread or in a GTask worker; the session is
 * created inside the run, so it is only ever used from one thread.  The
 * async variant forwards progress to the caller's main context.
 *
 * A mirror is never trusted: the body is counted against Content-Length
 * and the expected size, hashed, and parsed before it takes the final
 * name.  A hostile server can make the download fail, not write a
 * different file or fill the disk beyond the expected size.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "seqgd-dataset-private.h"
#include "seqgd-download.h"
#include "seqgd-sources.h"

#define READ_SIZE          (64 * 1024)
#define REPORT_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)
#define IO_TIMEOUT_S       30
#define MAX_FILE_SIZE      (256 * 1024 * 1024)

/* A running download writes its .part file at least this often, or its
 * reads time out and it removes the file itself. */
#define STALE_PART_AGE_S   (2 * IO_TIMEOUT_S)

typedef struct
{
  char    *name;
  char    *md5;
  guint64  size;  /* 0 when not known */
} FileSpec;

struct _SeqgdDownload
{
  GObject                    parent_instance;

  char                      *folder;
  GPtrArray                 *mirrors;    /* base URLs ending in "/" */
  GArray                    *files;      /* FileSpec */

  SeqgdDownloadProgressFunc  progress_func;
  gpointer                   progress_data;
  GDestroyNotify             progress_destroy;

  gboolean                   running;
};

G_DEFINE_FINAL_TYPE (SeqgdDownload, seqgd_download, G_TYPE_OBJECT)

G_DEFINE_QUARK (seqgd-download-error-quark, seqgd_download_error)

/* The four files of MNIST with their published MD5 sums and sizes. */
static const struct
{
  const char *name;
  const char *md5;
  guint64     size;
} mnist_files[] = {
  { "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9912422 },
  { "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28881 },
  { "t10k-images-idx3-ubyte.gz",  "9fb629c4189551a2d022fa330f9573f3", 1648877 },
  { "t10k-labels-idx1-ubyte.gz",  "ec29112dd5afa0611ce80d1b7f02629c", 4542 },
};

static void
file_spec_clear (gpointer data)
{
  FileSpec *spec = data;

  g_free (spec->name);
  g_free (spec->md5);
}

static void
seqgd_download_finalize (GObject *object)
{
  SeqgdDownload *self = SEQGD_DOWNLOAD (object);

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_free (self->folder);
  g_ptr_array_unref (self->mirrors);
  g_array_unref (self->files);

  G_OBJECT_CLASS (seqgd_download_parent_class)->finalize (object);
}

static void
seqgd_download_class_init (SeqgdDownloadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seqgd_download_finalize;
}

static void
seqgd_download_init (SeqgdDownload *self)
{
  self->mirrors = g_ptr_array_new_with_free_func (g_free);
  self->files = g_array_new (FALSE, TRUE, sizeof (FileSpec));
  g_array_set_clear_func (self->files, file_spec_clear);
}

static char *
normalize_mirror (const char *mirror)
{
  if (g_str_has_suffix (mirror, "/"))
    return g_strdup (mirror);

  return g_strconcat (mirror, "/", NULL);
}

SeqgdDownload *
seqgd_download_new_mnist (const char *folder)
{
  static const char * const mirrors[] = { SEQGD_DOWNLOAD_MNIST_MIRRORS, NULL };
  SeqgdDownload *self = g_object_new (SEQGD_TYPE_DOWNLOAD, NULL);

  self->folder = folder != NULL ? g_strdup (folder)
                                : seqgd_sources_get_mnist_cache_dir ();
  seqgd_download_set_mirrors (self, mirrors);

  for (guint i = 0; i < G_N_ELEMENTS (mnist_files); i++)
    {
      FileSpec spec = {
        .name = g_strdup (mnist_files[i].name),
        .md5 = g_strdup (mnist_files[i].md5),
        .size = mnist_files[i].size,
      };

      g_array_append_val (self->files, spec);
    }

  return self;
}

const char *
seqgd_download_get_folder (SeqgdDownload *self)
{
  g_return_val_if_fail (SEQGD_IS_DOWNLOAD (self), NULL);

  return self->folder;
}

void
seqgd_download_set_mirrors (SeqgdDownload      *self,
                            const char * const *mirrors)
{
  g_return_if_fail (SEQGD_IS_DOWNLOAD (self));
  g_return_if_fail (!self->running);

  g_ptr_array_set_size (self->mirrors, 0);
  for (guint i = 0; mirrors != NULL && mirrors[i] != NULL; i++)
    g_ptr_array_add (self->mirrors, normalize_mirror (mirrors[i]));
}

void
seqgd_download_prepend_mirror (SeqgdDownload *self,
                               const char    *mirror)
{
  g_return_if_fail (SEQGD_IS_DOWNLOAD (self));
  g_return_if_fail (mirror != NULL);
  g_return_if_fail (!self->running);

  g_ptr_array_insert (self->mirrors, 0, normalize_mirror (mirror));
}

char **
seqgd_download_dup_mirrors (SeqgdDownload *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SEQGD_IS_DOWNLOAD (self), NULL);

  for (guint i = 0; i < self->mirrors->len; i++)
    g_strv_builder_add (builder, self->mirrors->pdata[i]);

  return g_strv_builder_end (builder);
}

char **
seqgd_download_dup_file_names (SeqgdDownload *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SEQGD_IS_DOWNLOAD (self), NULL);

  for (guint i = 0; i < self->files->len; i++)
    g_strv_builder_add (builder, g_array_index (self->files, FileSpec, i).name);

  return g_strv_builder_end (builder);
}

gboolean
seqgd_download_get_expected (SeqgdDownload  *self,
                             const char     *file_name,
                             const char    **md5,
                             guint64        *size)
{
  g_return_val_if_fail (SEQGD_IS_DOWNLOAD (self), FALSE);
  g_return_val_if_fail (file_name != NULL, FALSE);

  for (guint i = 0; i < self->files->len; i++)
    {
      const FileSpec *spec = &g_array_index (self->files, FileSpec, i);

      if (g_str_equal (spec->name, file_name))
        {
          if (md5 != NULL)
            *md5 = spec->md5;
          if (size != NULL)
            *size = spec->size;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
seqgd_download_set_expected (SeqgdDownload *self,
                             const char    *file_name,
                             const char    *md5,
                             guint64        size)
{
  g_return_val_if_fail (SEQGD_IS_DOWNLOAD (self), FALSE);
  g_return_val_if_fail (file_name != NULL && md5 != NULL, FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  for (guint i = 0; i < self->files->len; i++)
    {
      FileSpec *spec = &g_array_index (self->files, FileSpec, i);

      if (g_str_equal (spec->name, file_name))
        {
          g_free (spec->md5);
          spec->md5 = g_ascii_strdown (md5, -1);
          spec->size = size;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
is_md5 (const char *text)
{
  if (strlen (text) != 32)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  return TRUE;
}

gboolean
seqgd_download_load_checksums (SeqgdDownload  *self,
                               const char     *path,
                               GError        **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (SEQGD_IS_DOWNLOAD (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      const char *name;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;

      /* "<md5>  <name>", or "<md5> *<name>" for binary mode. */
      fields = g_strsplit_set (lines[i], " \t", 2);
      name = fields[1] != NULL ? g_strchug (fields[1]) : NULL;
      if (name != NULL && *name == '*')
        name++;
      if (name == NULL || *name == '\0' || !is_md5 (fields[0]))
        {
          g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_INVALID,
                       "%s: line %u is not “<md5 sum>  <file name>”", path, i + 1);
          return FALSE;
        }

      seqgd_download_set_expected (self, name, fields[0], 0);
    }

  return TRUE;
}

void
seqgd_download_set_progress_func (SeqgdDownload             *self,
                                  SeqgdDownloadProgressFunc  func,
                                  gpointer                   user_data,
                                  GDestroyNotify             destroy)
{
  g_return_if_fail (SEQGD_IS_DOWNLOAD (self));
  g_return_if_fail (!self->running);

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

char *
seqgd_download_progress_format (const SeqgdDownloadProgress *progress)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *done = NULL;

  g_return_val_if_fail (progress != NULL, NULL);

  done = g_format_size (progress->file_done);
  g_string_append_printf (line, "%s: %s", progress->file_name, done);
  if (progress->file_total > 0)
    {
      g_autofree char *total = g_format_size (progress->file_total);

      g_string_append_printf (line, " of %s", total);
    }
  if (progress->url == NULL && progress->file_done == progress->file_total)
    g_string_append (line, ", already present");
  else if (progress->rate > 0)
    {
      g_autofree char *rate = g_format_size ((guint64) progress->rate);

      g_string_append_printf (line, ", %s/s", rate);
    }
  if (progress->total > 0)
    g_string_append_printf (line, " (%u %% of all)",
                            (guint) (100 * progress->done / progress->total));

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* One run. */

typedef struct
{
  SeqgdDownload        *self;
  GMainContext         *context;     /* progress goes here; NULL: call directly */
  GCancellable         *cancellable;
  SoupSession          *session;
  gint64                started;     /* monotonic µs */
  gint64                last_report;
  guint64               transferred; /* bytes received in this run */
  guint64               files_done;  /* bytes of the files finished */
  SeqgdDownloadProgress progress;
} Run;

typedef struct
{
  SeqgdDownload        *self;
  SeqgdDownloadProgress progress;
  char                 *file_name;
  char                 *url;
} ProgressEvent;

static void
progress_event_free (gpointer data)
{
  ProgressEvent *event = data;

  g_object_unref (event->self);
  g_free (event->file_name);
  g_free (event->url);
  g_free (event);
}

static gboolean
deliver_progress_cb (gpointer data)
{
  ProgressEvent *event = data;

  event->progress.file_name = event->file_name;
  event->progress.url = event->url;
  event->self->progress_func (&event->progress, event->self->progress_data);

  return G_SOURCE_REMOVE;
}

static void
report (Run      *run,
        gboolean  force)
{
  gint64 now = g_get_monotonic_time ();
  double seconds = (now - run->started) / (double) G_USEC_PER_SEC;
  ProgressEvent *event;
  GSource *source;

  if (run->self->progress_func == NULL)
    return;
  if (!force && now - run->last_report < REPORT_INTERVAL_US)
    return;

  run->last_report = now;
  run->progress.done = run->files_done + run->progress.file_done;
  run->progress.rate = seconds > 0 ? run->transferred / seconds : 0;

  if (run->context == NULL)
    {
      run->self->progress_func (&run->progress, run->self->progress_data);
      return;
    }

  event = g_new0 (ProgressEvent, 1);
  event->self = g_object_ref (run->self);
  event->progress = run->progress;
  event->file_name = g_strdup (run->progress.file_name);
  event->url = g_strdup (run->progress.url);

  /* Not g_main_context_invoke: from a thread that pushed no context of its
   * own it may call the function right here, in the worker. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress_cb, event, progress_event_free);
  g_source_set_static_name (source, "[seqgd] download progress");
  g_source_attach (source, run->context);
  g_source_unref (source);
}

/* Errors. */

static void
set_transfer_error (GError     **error,
                    GError      *local,
                    const char  *url)
{
  static const GIOErrorEnum unreachable[] = {
    G_IO_ERROR_HOST_NOT_FOUND, G_IO_ERROR_HOST_UNREACHABLE,
    G_IO_ERROR_NETWORK_UNREACHABLE, G_IO_ERROR_CONNECTION_REFUSED,
    G_IO_ERROR_TIMED_OUT, G_IO_ERROR_PROXY_FAILED,
  };

  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, local);
      return;
    }

  if (local->domain == G_RESOLVER_ERROR)
    g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_OFFLINE,
                 "%s: cannot resolve the host name; is the computer offline? (%s)",
                 url, local->message);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
           g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (local, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_TRUNCATED,
                 "%s: the connection closed before the whole file arrived (%s)",
                 url, local->message);
  else
    {
      int code = SEQGD_DOWNLOAD_ERROR_NETWORK;

      for (guint i = 0; i < G_N_ELEMENTS (unreachable); i++)
        if (g_error_matches (local, G_IO_ERROR, unreachable[i]))
          code = SEQGD_DOWNLOAD_ERROR_OFFLINE;
      g_set_error (error, SEQGD_DOWNLOAD_ERROR, code,
                   code == SEQGD_DOWNLOAD_ERROR_OFFLINE
                   ? "%s: cannot connect; is the computer offline? (%s)"
                   : "%s: transfer failed (%s)", url, local->message);
    }

  g_error_free (local);
}

/* Files. */

static char *
md5_of_file (const char   *path,
             guint64      *size,
             GCancellable *cancellable)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  g_autofree guint8 *buffer = NULL;
  gssize n;

  if (stream == NULL)
    return NULL;

  *size = 0;
  buffer = g_malloc (READ_SIZE);
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, READ_SIZE,
                                   cancellable, NULL)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      *size += n;
    }
  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

/* Parses a downloaded file with the IDX reader. */
static gboolean
check_idx (const char    *path,
           const char    *name,
           const char    *url,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) local = NULL;
  SeqgdIdxHeader header;
  SeqgdIdxKind kind = strstr (name, "labels") != NULL ? SEQGD_IDX_LABELS
                                                      : SEQGD_IDX_IMAGES;

  stream = _seqgd_open_data_file (path, cancellable, &local);
  if (stream != NULL &&
      _seqgd_idx_read (stream, name, kind, SEQGD_DATASET_MAX_BYTES, &header,
                       &data, cancellable, &local))
    return TRUE;

  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_INVALID,
                 "%s: the file is not valid IDX data: %s", url, local->message);
  return FALSE;
}

static GFileOutputStream *
create_temp_file (const char  *final_path,
                  GFile      **temp,
                  GError     **error)
{
  g_autoptr(GError) local = NULL;

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%08x.part", final_path,
                                               g_random_int ());
      GFileOutputStream *stream;

      g_clear_error (&local);
      *temp = g_file_new_for_path (path);
      stream = g_file_create (*temp, G_FILE_CREATE_NONE, NULL, &local);
      if (stream != NULL)
        return stream;
      g_clear_object (temp);
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        break;
    }

  g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_WRITE,
               "%s: cannot write a file there: %s", final_path, local->message);
  return NULL;
}

/* Whether @name is a temporary file create_temp_file makes for @file:
 * "<file>.<8 hex digits>.part", or the plain "<file>.part" too. */
static gboolean
is_part_of (const char *name,
            const char *file)
{
  gsize len = strlen (file);
  const char *rest;

  if (strncmp (name, file, len) != 0 || name[len] != '.')
    return FALSE;

  rest = name + len + 1;
  if (g_str_equal (rest, "part"))
    return TRUE;
  for (guint i = 0; i < 8; i++)
    if (!g_ascii_isxdigit (rest[i]))
      return FALSE;

  return g_str_equal (rest + 8, ".part");
}

/* Removes the .part files of @file that a download killed before it could
 * clean up left in @folder.  Recent ones may belong to a download still
 * running in another window, and are kept. */
static void
remove_stale_parts (const char *folder,
                    const char *file)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf buf;

      if (!is_part_of (name, file))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (g_lstat (path, &buf) != 0 || !S_ISREG (buf.st_mode) ||
          now - (gint64) buf.st_mtime < STALE_PART_AGE_S)
        continue;
      if (g_unlink (path) == 0)
        g_debug ("Removed %s, left by an interrupted download", path);
    }
}

/* Flushes @path to the disk, so that once renamed the file is whole even
 * after a crash or power loss. */
static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY, 0);
  int saved = 0;

  if (fd < 0 || g_fsync (fd) != 0)
    saved = errno;
  if (fd >= 0)
    g_close (fd, NULL);
  if (saved == 0)
    return TRUE;

  g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_WRITE,
               "%s: cannot write the file to the disk: %s", path,
               g_strerror (saved));
  return FALSE;
}

/* Copies the body into @out, hashing and counting it. */
static gboolean
receive_body (Run            *run,
              GInputStream   *body,
              GOutputStream  *out,
              GChecksum      *checksum,
              const char     *url,
              guint64         limit,
              GError        **error)
{
  g_autofree guint8 *buffer = g_malloc (READ_SIZE);

  for (;;)
    {
      GError *local = NULL;
      gssize n = g_input_stream_read (body, buffer, READ_SIZE, run->cancellable, &local);

      if (n < 0)
        {
          set_transfer_error (error, local, url);
          return FALSE;
        }
      if (n == 0)
        return TRUE;

      if (run->progress.file_done + n > limit)
        {
          g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_CHECKSUM,
                       "%s: the server sends more than the %" G_GUINT64_FORMAT
                       " bytes the file has", url, limit);
          return FALSE;
        }
      if (!g_output_stream_write_all (out, buffer, n, NULL, run->cancellable, &local))
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, local);
          else
            {
              g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_WRITE,
                           "cannot write the file: %s", local->message);
              g_error_free (local);
            }
          return FALSE;
        }

      g_checksum_update (checksum, buffer, n);
      run->progress.file_done += n;
      run->transferred += n;

      /* The first bytes are reported at once: the transfer has started. */
      report (run, run->progress.file_done == (guint64) n);
    }
}

/* Sends the request; returns the body of a 200 response. */
static GInputStream *
send_request (Run         *run,
              const char  *url,
              guint64     *content_length,
              GError     **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) body = NULL;
  GError *local = NULL;
  SoupMessageHeaders *headers;
  guint status;

  message = soup_message_new (SOUP_METHOD_GET, url);
  if (message == NULL)
    {
      g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_NETWORK,
                   "%s: not a valid web address", url);
      return NULL;
    }

  body = soup_session_send (run->session, message, run->cancellable, &local);
  if (body == NULL)
    {
      set_transfer_error (error, local, url);
      return NULL;
    }

  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_HTTP,
                   "%s: the server answered HTTP %u %s", url, status,
                   soup_message_get_reason_phrase (message));
      g_input_stream_close (body, NULL, NULL);
      return NULL;
    }

  headers = soup_message_get_response_headers (message);
  *content_length = 0;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    *content_length = soup_message_headers_get_content_length (headers);

  return g_steal_pointer (&body);
}

/* The whole body arrived, and it is the published file. */
static gboolean
check_received (Run             *run,
                const FileSpec  *spec,
                const char      *url,
                GChecksum       *checksum,
                guint64          content_length,
                GError         **error)
{
  guint64 received = run->progress.file_done;

  guint64 expected = content_length;

  /* A server that sends no length and closes early cuts the file as
   * surely as one that does; the published size tells. */
  if (expected == 0)
    expected = spec->size;
  if (expected > 0 && received < expected)
    {
      g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_TRUNCATED,
                   "%s: the transfer ended after %" G_GUINT64_FORMAT " of %"
                   G_GUINT64_FORMAT " bytes", url, received, expected);
      return FALSE;
    }
  if (!g_str_equal (g_checksum_get_string (checksum), spec->md5))
    {
      g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_CHECKSUM,
                   "%s: wrong checksum: MD5 %s after %" G_GUINT64_FORMAT
                   " bytes, expected %s", url, g_checksum_get_string (checksum),
                   received, spec->md5);
      return FALSE;
    }

  return TRUE;
}

/* Fetches @spec from @url into a temporary file, checks it, and renames it
 * to @final_path.  The temporary file is gone whatever happens. */
static gboolean
fetch_from (Run            *run,
            const FileSpec *spec,
            const char     *url,
            const char     *final_path,
            GError        **error)
{
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);
  g_autoptr(GError) local = NULL;
  g_autofree char *temp_path = NULL;
  guint64 content_length = 0;
  guint64 limit = spec->size > 0 ? spec->size : MAX_FILE_SIZE;
  gboolean ok = FALSE;

  run->progress.url = url;
  run->progress.file_done = 0;
  run->progress.file_total = spec->size;
  report (run, TRUE);

  body = send_request (run, url, &content_length, error);
  if (body == NULL)
    return FALSE;
  if (run->progress.file_total == 0)
    run->progress.file_total = content_length;

  out = create_temp_file (final_path, &temp, error);
  if (out == NULL)
    return FALSE;
  temp_path = g_file_get_path (temp);

  if (!receive_body (run, body, G_OUTPUT_STREAM (out), checksum, url, limit, error))
    goto done;
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), run->cancellable, &local))
    {
      g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_WRITE,
                   "%s: cannot write the file: %s", final_path, local->message);
      goto done;
    }

  if (!check_received (run, spec, url, checksum, content_length, error) ||
      !check_idx (temp_path, spec->name, url, run->cancellable, error) ||
      !sync_file (temp_path, error))
    goto done;

  if (g_rename (temp_path, final_path) != 0)
    {
      int saved = errno;

      g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_WRITE,
                   "%s: cannot rename the downloaded file: %s", final_path,
                   g_strerror (saved));
      goto done;
    }
  ok = TRUE;

done:
  if (!ok)
    {
      /* Closing an unfinished stream must not be cancellable, or the
       * descriptor would leak. */
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
      g_unlink (temp_path);
    }
  return ok;
}

static gboolean
fetch_file (Run      *run,
            guint     index,
            GError  **error)
{
  SeqgdDownload *self = run->self;
  const FileSpec *spec = &g_array_index (self->files, FileSpec, index);
  g_autofree char *final_path = g_build_filename (self->folder, spec->name, NULL);
  g_autofree char *existing = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  guint64 size = 0;
  int last_code = SEQGD_DOWNLOAD_ERROR_NETWORK;

  run->progress.file_name = spec->name;
  run->progress.file_index = index;
  run->progress.file_done = 0;
  run->progress.file_total = spec->size;
  run->progress.url = NULL;

  remove_stale_parts (self->folder, spec->name);

  /* A file already there and matching its sum is kept. */
  existing = md5_of_file (final_path, &size, run->cancellable);
  if (existing != NULL && g_str_equal (existing, spec->md5))
    {
      run->progress.file_done = run->progress.file_total = size;
      report (run, TRUE);
      run->files_done += size;
      return TRUE;
    }

  for (guint m = 0; m < self->mirrors->len; m++)
    {
      g_autofree char *url = g_strconcat (self->mirrors->pdata[m], spec->name, NULL);
      g_autoptr(GError) local = NULL;

      if (fetch_from (run, spec, url, final_path, &local))
        {
          report (run, TRUE);
          run->files_done += run->progress.file_done;
          return TRUE;
        }

      g_debug ("Failed to download %s: %s", spec->name, local->message);
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (local, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_WRITE))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_string_append_printf (failures, "\n%s", local->message);
      last_code = local->code;
      run->progress.url = NULL;
    }

  if (self->mirrors->len == 0)
    g_string_append (failures, " no mirror to try");
  g_set_error (error, SEQGD_DOWNLOAD_ERROR, last_code,
               "Could not download %s:%s", spec->name, failures->str);
  return FALSE;
}

static gboolean
run_all (SeqgdDownload  *self,
         GMainContext   *context,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(SoupSession) session = NULL;
  Run run = { 0 };

  if (g_mkdir_with_parents (self->folder, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_WRITE,
                   "%s: cannot create the folder: %s", self->folder,
                   g_strerror (saved));
      return FALSE;
    }

  session = soup_session_new_with_options ("user-agent", "seqgd/" PACKAGE_VERSION " ",
                                           "timeout", IO_TIMEOUT_S,
                                           NULL);
  /* The files are .gz and their sums are of the compressed bytes; a
   * mirror that labels them "Content-Encoding: gzip" must not have them
   * inflated on the way. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  run.self = self;
  run.context = context;
  run.cancellable = cancellable;
  run.session = session;
  run.started = g_get_monotonic_time ();
  run.progress.n_files = self->files->len;
  for (guint i = 0; i < self->files->len; i++)
    {
      guint64 size = g_array_index (self->files, FileSpec, i).size;

      if (size == 0)
        {
          run.progress.total = 0;
          break;
        }
      run.progress.total += size;
    }

  for (guint i = 0; i < self->files->len; i++)
    if (!fetch_file (&run, i, error))
      return FALSE;

  return TRUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SeqgdDownload *self = source_object;
  GMainContext *context = task_data;
  GError *error = NULL;

  if (run_all (self, context, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
task_completed_cb (GTask      *task,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  SeqgdDownload *self = g_task_get_source_object (task);

  self->running = FALSE;
}

void
seqgd_download_run_async (SeqgdDownload       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEQGD_IS_DOWNLOAD (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->running);

  self->running = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seqgd_download_run_async);
  g_task_set_task_data (task, g_main_context_ref_thread_default (),
                        (GDestroyNotify) g_main_context_unref);
  g_signal_connect (task, "notify::completed", G_CALLBACK (task_completed_cb), NULL);
  g_task_run_in_thread (task, run_thread);
}

gboolean
seqgd_download_run_finish (SeqgdDownload  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (SEQGD_IS_DOWNLOAD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  self->running = FALSE;
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
seqgd_download_run_sync (SeqgdDownload  *self,
                         GCancellable   *cancellable,
                         GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (SEQGD_IS_DOWNLOAD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  self->running = TRUE;
  ok = run_all (self, NULL, cancellable, error);
  self->running = FALSE;

  return ok;
}

gboolean
seqgd_download_mnist_sync (const char                *folder,
                           const char                *mirror,
                           SeqgdDownloadProgressFunc  progress,
                           gpointer                   user_data,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  g_autoptr(SeqgdDownload) download = seqgd_download_new_mnist (folder);
  const char *checksums = g_getenv (SEQGD_DOWNLOAD_ENV_MD5SUMS);

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (checksums != NULL && *checksums != '\0' &&
      !seqgd_download_load_checksums (download, checksums, error))
    return FALSE;

  if (mirror != NULL && *mirror != '\0')
    seqgd_download_prepend_mirror (download, mirror);
  seqgd_download_set_progress_func (download, progress, user_data, NULL);

  return seqgd_download_run_sync (download, cancellable, error);
}
