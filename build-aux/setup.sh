#!/usr/bin/env bash
# Sets SeqGD up on a fresh Debian or Ubuntu machine: installs the packages it
# needs (with Debian's Fashion-MNIST as default data), builds it, and opens
# the window.  Without a display it runs the default experiment in the
# terminal instead.  Arguments are passed to the program it opens.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${SEQGD_BUILDDIR:-$top/build}

bash "$top/build-aux/install-deps.sh"

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$top"
fi
ninja -C "$builddir"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$builddir/src/gui/seqgd" ]; then
  exec "$builddir/src/gui/seqgd" "$@"
fi

echo "No display found: running the default experiment with seqgd-cli."
exec "$builddir/src/cli/seqgd-cli" "$@"
