/* seqgd-test-server.h — a local HTTP server with MNIST-style files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serves small generated IDX files (gzip) under MNIST's four names, at
 * paths that choose the behaviour: /good/, /missing/ (404), /corrupt/
 * (one byte changed), /cut/ (the connection closes halfway), /slow/
 * (chunks every few milliseconds), /notidx/ (bytes that are not IDX
 * data), /gzip-encoded/ (the files labelled "Content-Encoding: gzip")
 * and /short/ (no Content-Length, and the connection closes halfway).
 * Never the internet: it listens on 127.0.0.1 only.
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SEQGD_TEST_SERVER_N_FILES 4

/* MNIST's file names, in the order of ->files. */
extern const char * const seqgd_test_server_file_names[SEQGD_TEST_SERVER_N_FILES];

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base;              /* "http://127.0.0.1:PORT" */
  GBytes       *files[SEQGD_TEST_SERVER_N_FILES];
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  guint         requests;          /* under lock */
  GList        *slow;              /* server thread only */
} SeqgdTestServer;

/* Starts the server; returns once it listens.  The files are 60 training
 * and 20 test images of 28 × 28. */
SeqgdTestServer *seqgd_test_server_new          (void);
void             seqgd_test_server_free         (SeqgdTestServer *server);

/* Requests answered so far. */
guint            seqgd_test_server_get_requests (SeqgdTestServer *server);

G_END_DECLS
