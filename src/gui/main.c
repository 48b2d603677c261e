/* main.c — starts the SeqGD application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqgd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SeqgdApplication) app = NULL;

  g_set_application_name ("SeqGD");
  app = seqgd_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
