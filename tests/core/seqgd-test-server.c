/* seqgd-test-server.c — a local HTTP server with MNIST-style files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer on 127.0.0.1 (random port) runs in its own thread and
 * main context, so blocking and async clients in the test process, and
 * programs the test starts, can all talk to it.
 */

#include "config.h"

#include <string.h>

#include "seqgd-test-data.h"
#include "seqgd-test-server.h"

const char * const seqgd_test_server_file_names[SEQGD_TEST_SERVER_N_FILES] = {
  "train-images-idx3-ubyte.gz",
  "train-labels-idx1-ubyte.gz",
  "t10k-images-idx3-ubyte.gz",
  "t10k-labels-idx1-ubyte.gz",
};

static GBytes *
find_file (SeqgdTestServer *server,
           const char      *path,
           const char      *prefix)
{
  for (guint i = 0; i < SEQGD_TEST_SERVER_N_FILES; i++)
    {
      g_autofree char *expected = g_strconcat (prefix, seqgd_test_server_file_names[i],
                                               NULL);

      if (g_str_equal (path, expected))
        return server->files[i];
    }

  return NULL;
}

typedef struct
{
  SeqgdTestServer   *server;
  SoupServerMessage *message;
  GBytes            *bytes;
  gsize              offset;
  GSource           *source;
} SlowTransfer;

static void
slow_transfer_free (SlowTransfer *slow)
{
  slow->server->slow = g_list_remove (slow->server->slow, slow);
  g_signal_handlers_disconnect_by_data (slow->message, slow);
  if (slow->source != NULL)
    {
      g_source_destroy (slow->source);
      g_source_unref (slow->source);
    }
  g_bytes_unref (slow->bytes);
  g_free (slow);
}

static gboolean
slow_chunk_cb (gpointer data)
{
  SlowTransfer *slow = data;
  SoupMessageBody *body = soup_server_message_get_response_body (slow->message);
  gsize size = g_bytes_get_size (slow->bytes);
  gsize n = MIN (64, size - slow->offset);

  soup_message_body_append (body, SOUP_MEMORY_COPY,
                            (const guint8 *) g_bytes_get_data (slow->bytes, NULL)
                            + slow->offset, n);
  slow->offset += n;
  if (slow->offset == size)
    soup_message_body_complete (body);
  soup_server_message_unpause (slow->message);

  return slow->offset < size ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
slow_finished_cb (SoupServerMessage *message,
                  gpointer           data)
{
  slow_transfer_free (data);
}

static void
serve_slow (SeqgdTestServer   *server,
            SoupServerMessage *message,
            GBytes            *bytes)
{
  SlowTransfer *slow = g_new0 (SlowTransfer, 1);

  slow->server = server;
  server->slow = g_list_prepend (server->slow, slow);
  slow->message = message;
  slow->bytes = g_bytes_ref (bytes);
  slow->source = g_timeout_source_new (10);
  g_source_set_callback (slow->source, slow_chunk_cb, slow, NULL);
  g_source_attach (slow->source, server->context);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (message),
                                     SOUP_ENCODING_CHUNKED);
  g_signal_connect (message, "finished", G_CALLBACK (slow_finished_cb), slow);
  soup_server_message_pause (message);
}

/* Takes the connection over and writes a response whose body stops at
 * half its declared length, then closes the socket. */
static void
serve_cut (SoupServerMessage *message,
           GBytes            *bytes)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  gsize size = g_bytes_get_size (bytes);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                           "Content-Type: application/octet-stream\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Connection: close\r\n\r\n", size);

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), size / 2, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* Like serve_cut, but without a Content-Length: only the connection
 * closing early ends the body. */
static void
serve_short (SoupServerMessage *message,
             GBytes            *bytes)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  const char *head = "HTTP/1.1 200 OK\r\n"
                     "Content-Type: application/octet-stream\r\n"
                     "Connection: close\r\n\r\n";

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL),
                             g_bytes_get_size (bytes) / 2, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
handler_cb (SoupServer        *soup_server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  SeqgdTestServer *server = data;
  GBytes *bytes;

  g_mutex_lock (&server->lock);
  server->requests++;
  g_mutex_unlock (&server->lock);

  if ((bytes = find_file (server, path, "/good/")) != NULL)
    soup_server_message_set_response (message, "application/octet-stream",
                                      SOUP_MEMORY_COPY, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes));
  else if ((bytes = find_file (server, path, "/corrupt/")) != NULL)
    {
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL),
                                           g_bytes_get_size (bytes));

      copy[g_bytes_get_size (bytes) / 2] ^= 0x01;
      soup_server_message_set_response (message, "application/octet-stream",
                                        SOUP_MEMORY_COPY, (const char *) copy,
                                        g_bytes_get_size (bytes));
    }
  else if ((bytes = find_file (server, path, "/notidx/")) != NULL)
    soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC,
                                      "not idx data", 12);
  else if ((bytes = find_file (server, path, "/cut/")) != NULL)
    {
      serve_cut (message, bytes);
      return;
    }
  else if ((bytes = find_file (server, path, "/gzip-encoded/")) != NULL)
    {
      /* As some mirrors label .gz files: the body is the file itself. */
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Content-Encoding", "gzip");
      soup_server_message_set_response (message, "application/octet-stream",
                                        SOUP_MEMORY_COPY, g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes));
    }
  else if ((bytes = find_file (server, path, "/short/")) != NULL)
    {
      serve_short (message, bytes);
      return;
    }
  else if ((bytes = find_file (server, path, "/slow/")) != NULL)
    {
      serve_slow (server, message, bytes);
      return;
    }
  else
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
}

static gpointer
server_thread (gpointer data)
{
  SeqgdTestServer *server = data;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);

  server->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->server, NULL, handler_cb, server, NULL);
  address = g_inet_socket_address_new (loopback, 0);
  soup_server_listen (server->server, address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->server);
  g_assert_nonnull (uris);
  server->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&server->lock);
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);

  /* Transfers the client gave up on may not have finished yet. */
  while (server->slow != NULL)
    slow_transfer_free (server->slow->data);
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_main_context_pop_thread_default (server->context);

  return NULL;
}

SeqgdTestServer *
seqgd_test_server_new (void)
{
  SeqgdTestServer *server = g_new0 (SeqgdTestServer, 1);
  g_autoptr(SeqgdDataset) train = seqgd_test_make_dataset (60, 28, 28);
  g_autoptr(SeqgdDataset) test = seqgd_test_make_dataset (20, 28, 28);

  server->files[0] = seqgd_test_idx_bytes (train, FALSE, TRUE);
  server->files[1] = seqgd_test_idx_bytes (train, TRUE, TRUE);
  server->files[2] = seqgd_test_idx_bytes (test, FALSE, TRUE);
  server->files[3] = seqgd_test_idx_bytes (test, TRUE, TRUE);

  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("test-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);

  return server;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
seqgd_test_server_free (SeqgdTestServer *server)
{
  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  for (guint i = 0; i < SEQGD_TEST_SERVER_N_FILES; i++)
    g_bytes_unref (server->files[i]);
  g_free (server->base);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server);
}

guint
seqgd_test_server_get_requests (SeqgdTestServer *server)
{
  guint requests;

  g_mutex_lock (&server->lock);
  requests = server->requests;
  g_mutex_unlock (&server->lock);

  return requests;
}
