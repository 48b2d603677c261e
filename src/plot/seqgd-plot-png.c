/* seqgd-plot-png.c — text chunks in a PNG stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PNG (ISO/IEC 15948) stores text as tEXt chunks (Latin-1) or iTXt chunks
 * (UTF-8).  Each chunk is length, type, data and a CRC-32 of type and
 * data.  ASCII values go into tEXt, anything else into uncompressed iTXt
 * so that paths and names survive intact.
 */

#include "config.h"

#include <string.h>

#include "seqgd-plot-private.h"

static const guint8 png_signature[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  static guint32 table[256];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&initialised, 1);
    }

  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

  g_byte_array_append (out, b, 4);
}

static guint32
get_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16)
         | ((guint32) p[2] << 8) | p[3];
}

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guint8) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* One tEXt or iTXt chunk.  Keywords are 1–79 printable Latin-1 bytes;
 * ours are ASCII and are cut at 79. */
static void
text_chunk (GByteArray *out,
            const char *key,
            const char *value)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  gsize key_len = MIN (strlen (key), 79);
  gboolean latin = is_ascii (value);
  const char *type = latin ? "tEXt" : "iTXt";
  static const guint8 zero = 0;
  guint32 crc;

  g_byte_array_append (body, (const guint8 *) type, 4);
  g_byte_array_append (body, (const guint8 *) key, (guint) key_len);
  g_byte_array_append (body, &zero, 1);
  if (!latin)
    {
      /* compression flag, method, empty language tag and translation */
      static const guint8 itxt[4] = { 0, 0, 0, 0 };

      g_byte_array_append (body, itxt, 4);
    }
  g_byte_array_append (body, (const guint8 *) value, (guint) strlen (value));

  crc = crc32_update (0xffffffffu, body->data, body->len) ^ 0xffffffffu;
  put_u32 (out, body->len - 4);
  g_byte_array_append (out, body->data, body->len);
  put_u32 (out, crc);
}

gboolean
_seqgd_plot_png_add_text (GByteArray         *png,
                          const char * const *metadata)
{
  g_autoptr(GByteArray) chunks = g_byte_array_new ();
  gsize pos = sizeof png_signature;

  if (png->len < sizeof png_signature
      || memcmp (png->data, png_signature, sizeof png_signature) != 0)
    return FALSE;

  /* Walk the chunks to IEND. */
  for (;;)
    {
      guint32 len;

      if (pos + 12 > png->len)
        return FALSE;
      len = get_u32 (png->data + pos);
      if (len > png->len - pos - 12)
        return FALSE;
      if (memcmp (png->data + pos + 4, "IEND", 4) == 0)
        break;
      pos += 12 + (gsize) len;
    }

  for (guint i = 0; metadata != NULL && metadata[i] != NULL
                    && metadata[i + 1] != NULL; i += 2)
    if (metadata[i][0] != '\0')
      text_chunk (chunks, metadata[i], metadata[i + 1]);

  g_array_insert_vals ((GArray *) png, (guint) pos, chunks->data, chunks->len);
  return TRUE;
}
