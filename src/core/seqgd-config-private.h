/* seqgd-config-private.h — helpers shared by the config and results files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @node as JSON text, with every double in its shortest form that reads
 * back to the same value ("0.1", not json-glib's "0.10000000000000001"). */
char *_seqgd_json_to_string (JsonNode *node,
                             gboolean  pretty);

G_END_DECLS
