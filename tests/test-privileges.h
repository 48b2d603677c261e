/* test-privileges.h — test cases that need file permissions to apply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Root ignores directory permissions, and CI runs the tests as root, so
 * a case such as "writing into a read-only directory fails and leaves
 * the old file intact" would prove nothing there.  Such a case runs in
 * a subprocess (g_test_trap_subprocess) that first becomes nobody; the
 * parent prepares the files, which nobody must be able to reach, and
 * checks what is left afterwards.
 */

#pragma once

#include <glib.h>
#include <grp.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define TEST_NOBODY_ID 65534

/* Makes the calling process nobody when it runs as root; leaves any
 * other user alone.  Aborts the test when that fails. */
static inline void
test_drop_privileges (void)
{
  if (geteuid () != 0)
    return;

  g_assert_cmpint (setgroups (0, NULL), ==, 0);
  g_assert_cmpint (setgid (TEST_NOBODY_ID), ==, 0);
  g_assert_cmpint (setuid (TEST_NOBODY_ID), ==, 0);
  g_assert_cmpint (geteuid (), ==, TEST_NOBODY_ID);
#ifdef __linux__
  /* Changing user makes the process undumpable, and LeakSanitizer,
   * which attaches to it with ptrace, would fail at exit. */
  prctl (PR_SET_DUMPABLE, 1, 0, 0, 0);
#endif
}
