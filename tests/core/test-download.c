/* test-download.c — downloads from a local server, never the internet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server (seqgd-test-server.h) runs on 127.0.0.1 in its own thread
 * and main context, so both the blocking and the async download can talk
 * to it; the path of a mirror on it chooses how it behaves.
 */

#include "config.h"

#include <string.h>
#include <time.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "seqgd-download.h"
#include "seqgd-test-data.h"
#include "seqgd-test-server.h"

#define N_FILES SEQGD_TEST_SERVER_N_FILES

static const char * const *file_names = seqgd_test_server_file_names;

typedef struct
{
  SeqgdTestServer *server;
  char            *dir;          /* download target */
} Fixture;

/* Fixture and helpers. */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = seqgd_test_server_new ();
  fixture->dir = seqgd_test_make_dir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  seqgd_test_server_free (fixture->server);
  seqgd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
md5_of_bytes (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_MD5, bytes);
}

/* A download of the server's files; mirrors are paths on the server. */
static SeqgdDownload *
make_download (Fixture    *fixture,
               const char *first_mirror,
               ...)
{
  SeqgdDownload *download = seqgd_download_new_mnist (fixture->dir);
  g_autoptr(GPtrArray) mirrors = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, first_mirror);
  for (const char *m = first_mirror; m != NULL; m = va_arg (args, const char *))
    g_ptr_array_add (mirrors, g_strconcat (fixture->server->base, m, NULL));
  va_end (args);
  g_ptr_array_add (mirrors, NULL);
  seqgd_download_set_mirrors (download, (const char * const *) mirrors->pdata);

  for (guint i = 0; i < N_FILES; i++)
    {
      g_autofree char *md5 = md5_of_bytes (fixture->server->files[i]);

      /* Sizes of the labels files are left unknown, as for a mirror whose
       * files' sizes were not published. */
      g_assert_true (seqgd_download_set_expected (download, file_names[i], md5,
                                                  i % 2 == 0
                                                  ? g_bytes_get_size (fixture->server->files[i])
                                                  : 0));
    }

  return download;
}

/* Names in @dir other than the expected final files. */
static guint
count_files (const char *dir,
             guint      *stray)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint count = 0;

  *stray = 0;
  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < N_FILES; i++)
        known = known || g_str_equal (name, file_names[i]);
      if (known)
        count++;
      else
        {
          g_test_message ("stray file %s", name);
          (*stray)++;
        }
    }

  return count;
}

/* @dir holds @n of the final files and nothing else: no temporary file. */
static void
assert_files_in (const char *dir,
                 guint       n)
{
  guint stray;

  g_assert_cmpuint (count_files (dir, &stray), ==, n);
  g_assert_cmpuint (stray, ==, 0);
}

static void
assert_files_match (Fixture *fixture,
                    guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, file_names[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (contents, length,
                       g_bytes_get_data (fixture->server->files[i], NULL),
                       g_bytes_get_size (fixture->server->files[i]));
    }
}

typedef struct
{
  guint                 calls;
  guint64               last_done;
  guint64               max_file_done;
  gboolean              monotonic;
  GThread              *thread;     /* where progress must arrive */
  gboolean              right_thread;
  GCancellable         *cancel_when_started;
  SeqgdDownloadProgress last;       /* its strings are not kept */
  char                 *last_file_name;
} ProgressLog;

static void
progress_cb (const SeqgdDownloadProgress *progress,
             gpointer                     user_data)
{
  ProgressLog *log = user_data;

  log->calls++;
  log->monotonic = log->monotonic && (log->calls == 1 || progress->done >= log->last_done);
  log->right_thread = log->right_thread && g_thread_self () == log->thread;
  log->last_done = progress->done;
  log->max_file_done = MAX (log->max_file_done, progress->file_done);
  log->last = *progress;
  log->last.file_name = log->last.url = NULL;
  g_free (log->last_file_name);
  log->last_file_name = g_strdup (progress->file_name);
  g_assert_cmpuint (progress->n_files, ==, N_FILES);
  g_assert_cmpuint (progress->file_index, <, N_FILES);
  g_assert_true (progress->file_total == 0 || progress->file_done <= progress->file_total);

  if (log->cancel_when_started != NULL && progress->file_done > 0)
    g_cancellable_cancel (log->cancel_when_started);
}

static void
progress_log_init (ProgressLog *log)
{
  memset (log, 0, sizeof *log);
  log->monotonic = TRUE;
  log->right_thread = TRUE;
  log->thread = g_thread_self ();
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs @download with the async API while this thread's main loop turns. */
static gboolean
run_async (SeqgdDownload  *download,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  seqgd_download_run_async (download, cancellable, run_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Progress events queued before the result are delivered by now. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  return seqgd_download_run_finish (download, result, error);
}

/* Tests. */

static void
test_good (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/good/", NULL);
  g_autoptr(GError) error = NULL;
  ProgressLog log;
  guint64 total = 0;

  for (guint i = 0; i < N_FILES; i++)
    total += g_bytes_get_size (fixture->server->files[i]);

  progress_log_init (&log);
  seqgd_download_set_progress_func (download, progress_cb, &log, NULL);
  g_assert_true (run_async (download, NULL, &error));
  g_assert_no_error (error);

  assert_files_in (fixture->dir, N_FILES);
  assert_files_match (fixture, N_FILES);

  g_assert_cmpuint (log.calls, >=, N_FILES);
  g_assert_true (log.monotonic);
  g_assert_true (log.right_thread);
  g_assert_cmpuint (log.last.done, ==, total);
  g_assert_cmpuint (log.last.file_index, ==, N_FILES - 1);
  g_assert_cmpstr (log.last_file_name, ==, file_names[N_FILES - 1]);
  g_free (log.last_file_name);
  g_assert_cmpfloat (log.last.rate, >, 0.0);
  g_assert_cmpuint (seqgd_test_server_get_requests (fixture->server), ==, N_FILES);
}

static void
test_skip_present (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/good/", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = g_build_filename (fixture->dir, file_names[1], NULL);

  g_assert_true (seqgd_download_run_sync (download, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seqgd_test_server_get_requests (fixture->server), ==, N_FILES);

  /* A second run fetches only the file that no longer matches. */
  g_file_set_contents (damaged, "damaged", -1, &error);
  g_assert_no_error (error);
  g_assert_true (seqgd_download_run_sync (download, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seqgd_test_server_get_requests (fixture->server), ==, N_FILES + 1);
  assert_files_in (fixture->dir, N_FILES);
  assert_files_match (fixture, N_FILES);
}

static void
test_wrong_checksum (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/corrupt/", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (run_async (download, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_CHECKSUM);
  g_assert_nonnull (strstr (error->message, file_names[0]));
  g_assert_nonnull (strstr (error->message, "wrong checksum"));
  assert_files_in (fixture->dir, 0);
}

static void
test_404_then_mirror (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/missing/", "/good/", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (run_async (download, NULL, &error));
  g_assert_no_error (error);
  assert_files_in (fixture->dir, N_FILES);
  assert_files_match (fixture, N_FILES);
  g_assert_cmpuint (seqgd_test_server_get_requests (fixture->server), ==, 2 * N_FILES);
}

static void
test_404_everywhere (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/missing/", "/gone/", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (seqgd_download_run_sync (download, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "HTTP 404"));
  g_assert_nonnull (strstr (error->message, "/missing/"));
  g_assert_nonnull (strstr (error->message, "/gone/"));
}

static void
test_cut (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/cut/", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (run_async (download, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, file_names[0]));
  assert_files_in (fixture->dir, 0);

  /* A good mirror after the broken one saves the day. */
  g_clear_error (&error);
  {
    g_autofree char *cut = g_strconcat (fixture->server->base, "/cut/", NULL);
    g_autofree char *good = g_strconcat (fixture->server->base, "/good/", NULL);
    const char *mirrors[] = { cut, good, NULL };

    seqgd_download_set_mirrors (download, mirrors);
  }
  g_assert_true (run_async (download, NULL, &error));
  g_assert_no_error (error);
  assert_files_match (fixture, N_FILES);
}

static void
test_not_idx (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/notidx/", NULL);
  g_autoptr(GBytes) text = g_bytes_new_static ("not idx data", 12);
  g_autofree char *md5 = md5_of_bytes (text);
  g_autoptr(GError) error = NULL;

  /* The sum matches, so only the parser can refuse it. */
  seqgd_download_set_expected (download, file_names[0], md5, 0);
  g_assert_false (seqgd_download_run_sync (download, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not valid IDX data"));
  assert_files_in (fixture->dir, 0);
}

static void
test_too_long (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/good/", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *md5 = md5_of_bytes (fixture->server->files[0]);

  /* The server sends more bytes than the file is known to have. */
  seqgd_download_set_expected (download, file_names[0], md5, 100);
  g_assert_false (seqgd_download_run_sync (download, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_CHECKSUM);
  g_assert_nonnull (strstr (error->message, "more than the 100 bytes"));
  assert_files_in (fixture->dir, 0);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/slow/", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  ProgressLog log;
  gint64 started = g_get_monotonic_time ();

  progress_log_init (&log);
  log.cancel_when_started = cancellable;
  seqgd_download_set_progress_func (download, progress_cb, &log, NULL);

  g_assert_false (run_async (download, cancellable, &error));
  g_free (log.last_file_name);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (log.max_file_done, >, 0);
  g_assert_cmpuint (log.max_file_done, <, g_bytes_get_size (fixture->server->files[0]));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  assert_files_in (fixture->dir, 0);
}

static void
test_cancel_sync_before (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *mirror = g_strconcat (fixture->server->base, "/slow/", NULL);
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (seqgd_download_mnist_sync (fixture->dir, mirror, NULL, NULL,
                                             cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_files_in (fixture->dir, 0);
}

static void
test_sync_with_checksum_file (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *sums = g_build_filename (fixture->dir, "MD5SUMS", NULL);
  g_autofree char *target = g_build_filename (fixture->dir, "mnist", NULL);
  g_autofree char *mirror = g_strconcat (fixture->server->base, "/good", NULL);
  g_autoptr(GString) text = g_string_new ("# sums of the test files\n");
  g_autoptr(GError) error = NULL;
  ProgressLog log;

  for (guint i = 0; i < N_FILES; i++)
    {
      g_autofree char *md5 = md5_of_bytes (fixture->server->files[i]);

      g_string_append_printf (text, "%s %s%s\n", md5, i == 1 ? "*" : " ", file_names[i]);
    }
  g_file_set_contents (sums, text->str, -1, &error);
  g_assert_no_error (error);

  /* The local mirror comes first and works, so no other is contacted. */
  progress_log_init (&log);
  g_setenv (SEQGD_DOWNLOAD_ENV_MD5SUMS, sums, TRUE);
  g_assert_true (seqgd_download_mnist_sync (target, mirror, progress_cb, &log,
                                            NULL, &error));
  g_unsetenv (SEQGD_DOWNLOAD_ENV_MD5SUMS);
  g_assert_no_error (error);
  g_free (log.last_file_name);
  g_assert_true (log.right_thread);
  g_assert_cmpuint (seqgd_test_server_get_requests (fixture->server), ==, N_FILES);
  assert_files_in (target, N_FILES);

  /* A malformed line is refused before anything is fetched. */
  g_file_set_contents (sums, "not-a-sum  train-images-idx3-ubyte.gz\n", -1, &error);
  g_assert_no_error (error);
  g_setenv (SEQGD_DOWNLOAD_ENV_MD5SUMS, sums, TRUE);
  g_assert_false (seqgd_download_mnist_sync (target, mirror, NULL, NULL, NULL, &error));
  g_unsetenv (SEQGD_DOWNLOAD_ENV_MD5SUMS);
  g_assert_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 1"));
  g_assert_cmpuint (seqgd_test_server_get_requests (fixture->server), ==, N_FILES);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = seqgd_download_new_mnist (fixture->dir);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autofree char *mirror = NULL;
  const char *mirrors[] = { NULL, NULL };

  /* A port that was just free and is closed again: nobody listens. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  mirror = g_strdup_printf ("http://127.0.0.1:%u/",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  g_socket_close (socket, NULL);

  mirrors[0] = mirror;
  seqgd_download_set_mirrors (download, mirrors);
  g_assert_false (seqgd_download_run_sync (download, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "cannot connect"));
}

static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *folder = g_build_filename (file, "mnist", NULL);
  g_autoptr(SeqgdDownload) download = seqgd_download_new_mnist (folder);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (file, "", 0, &error);
  g_assert_no_error (error);
  g_assert_false (seqgd_download_run_sync (download, NULL, &error));
  g_assert_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_WRITE);
  g_assert_cmpuint (seqgd_test_server_get_requests (fixture->server), ==, 0);
}

/* A mirror that labels the .gz files "Content-Encoding: gzip" serves the
 * very bytes the sums are of; they must not be inflated on the way. */
static void
test_content_encoding (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/gzip-encoded/", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (seqgd_download_run_sync (download, NULL, &error));
  g_assert_no_error (error);
  assert_files_match (fixture, N_FILES);
  assert_files_in (fixture->dir, N_FILES);
}

/* Without a Content-Length, a body that stops short of the published size
 * is a cut transfer, not a wrong checksum. */
static void
test_short_without_length (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/short/", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (seqgd_download_run_sync (download, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SEQGD_DOWNLOAD_ERROR, SEQGD_DOWNLOAD_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, file_names[0]));
  g_assert_nonnull (strstr (error->message, "ended after"));
  assert_files_in (fixture->dir, 0);
}

static char *
write_part (const char *dir,
            const char *name,
            gboolean    old)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, "partial", 7, &error);
  g_assert_no_error (error);
  if (old)
    {
      struct utimbuf times;

      times.actime = times.modtime = time (NULL) - 3600;
      g_assert_cmpint (g_utime (path, &times), ==, 0);
    }

  return path;
}

/* A download killed before it could clean up leaves .part files; the next
 * one removes those, but not one another download is writing now. */
static void
test_stale_parts (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SeqgdDownload) download = make_download (fixture, "/good/", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *stale = write_part (fixture->dir,
                                       "train-images-idx3-ubyte.gz.0badc0de.part",
                                       TRUE);
  g_autofree char *plain = write_part (fixture->dir,
                                       "t10k-labels-idx1-ubyte.gz.part", TRUE);
  g_autofree char *fresh = write_part (fixture->dir,
                                       "t10k-images-idx3-ubyte.gz.12345678.part",
                                       FALSE);
  g_autofree char *other = write_part (fixture->dir, "notes.part", TRUE);

  g_assert_true (seqgd_download_run_sync (download, NULL, &error));
  g_assert_no_error (error);
  assert_files_match (fixture, N_FILES);

  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (plain, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* Where MNIST comes from and what it must hash to, as published; the
 * torchvision mirror first, since the original site often refuses. */
static void
test_published (void)
{
  static const struct
  {
    const char *name;
    const char *md5;
  } published[] = {
    { "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873" },
    { "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432" },
    { "t10k-images-idx3-ubyte.gz",  "9fb629c4189551a2d022fa330f9573f3" },
    { "t10k-labels-idx1-ubyte.gz",  "ec29112dd5afa0611ce80d1b7f02629c" },
  };
  g_autoptr(SeqgdDownload) download = seqgd_download_new_mnist (NULL);
  g_auto(GStrv) mirrors = seqgd_download_dup_mirrors (download);
  g_auto(GStrv) names = seqgd_download_dup_file_names (download);

  g_assert_cmpuint (g_strv_length (mirrors), >=, 2);
  g_assert_cmpstr (mirrors[0], ==, "https://ossci-datasets.s3.amazonaws.com/mnist/");
  for (guint i = 0; mirrors[i] != NULL; i++)
    g_assert_true (g_str_has_suffix (mirrors[i], "/"));

  g_assert_cmpuint (g_strv_length (names), ==, G_N_ELEMENTS (published));
  for (guint i = 0; i < G_N_ELEMENTS (published); i++)
    {
      const char *md5 = NULL;
      guint64 size = 0;

      g_assert_cmpstr (names[i], ==, published[i].name);
      g_assert_true (seqgd_download_get_expected (download, published[i].name,
                                                  &md5, &size));
      g_assert_cmpstr (md5, ==, published[i].md5);
      g_assert_cmpuint (size, >, 0);
    }
  g_assert_false (seqgd_download_get_expected (download, "no-such-file", NULL, NULL));
}

static void
test_defaults (void)
{
  g_autoptr(SeqgdDownload) download = seqgd_download_new_mnist (NULL);
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "seqgd", "mnist", NULL);

  g_assert_cmpstr (seqgd_download_get_folder (download), ==, cache);
  g_assert_false (seqgd_download_set_expected (download, "no-such-file", "00", 0));
}

static void
test_progress_format (void)
{
  SeqgdDownloadProgress progress = {
    .file_name = "t10k-images-idx3-ubyte.gz",
    .url = "https://example.org/mnist/t10k-images-idx3-ubyte.gz",
    .file_index = 2,
    .n_files = 4,
    .file_done = 1200000,
    .file_total = 1648877,
    .done = 9912422 + 28881 + 1200000,
    .total = 9912422 + 28881 + 1648877 + 4542,
    .rate = 3400000,
  };
  g_autofree char *line = seqgd_download_progress_format (&progress);
  g_autofree char *kept = NULL;

  g_assert_true (g_str_has_prefix (line, "t10k-images-idx3-ubyte.gz: 1.2"));
  g_assert_nonnull (strstr (line, "of 1.6"));
  g_assert_nonnull (strstr (line, "/s"));
  g_assert_nonnull (strstr (line, "(96 % of all)"));

  progress.url = NULL;
  progress.file_done = progress.file_total;
  kept = seqgd_download_progress_format (&progress);
  g_assert_nonnull (strstr (kept, "already present"));
}

int
main (int   argc,
      char *argv[])
{
  /* Proxies, from the environment or the desktop's settings, must not get
   * between the download and 127.0.0.1. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("https_proxy");
  g_unsetenv ("all_proxy");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/download/good", test_good);
  ADD ("/core/download/skip-present", test_skip_present);
  ADD ("/core/download/wrong-checksum", test_wrong_checksum);
  ADD ("/core/download/404-then-mirror", test_404_then_mirror);
  ADD ("/core/download/404-everywhere", test_404_everywhere);
  ADD ("/core/download/cut", test_cut);
  ADD ("/core/download/not-idx", test_not_idx);
  ADD ("/core/download/too-long", test_too_long);
  ADD ("/core/download/cancel", test_cancel);
  ADD ("/core/download/cancel-before", test_cancel_sync_before);
  ADD ("/core/download/sync-checksum-file", test_sync_with_checksum_file);
  ADD ("/core/download/offline", test_offline);
  ADD ("/core/download/unwritable", test_unwritable);
  ADD ("/core/download/content-encoding", test_content_encoding);
  ADD ("/core/download/short-without-length", test_short_without_length);
  ADD ("/core/download/stale-parts", test_stale_parts);
#undef ADD
  g_test_add_func ("/core/download/defaults", test_defaults);
  g_test_add_func ("/core/download/published", test_published);
  g_test_add_func ("/core/download/progress-format", test_progress_format);

  return g_test_run ();
}
