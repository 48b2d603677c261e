#!/usr/bin/env bash
# Builds SeqGD with warnings as errors and runs the whole test suite; the
# window tests run on a virtual X display.  Extra arguments go to
# `meson test` (for example --suite core).  The last two lines read
# "N skipped" and "N passed, N failed", counting every test case.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${SEQGD_BUILDDIR:-$top/build}

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$top" -Dwerror=true
fi
ninja -C "$builddir"

if [ -z "${SEQGD_MNIST_T10K_DIR:-}" ] && [ -d "$top/../shared/data/mnist-t10k" ]; then
  export SEQGD_MNIST_T10K_DIR=$(cd "$top/../shared/data/mnist-t10k" && pwd)
fi

status=0
rm -f "$builddir/meson-logs/testlog.json"
GDK_BACKEND=x11 xvfb-run -a -s "-screen 0 1400x900x24" \
  meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" || status=$?

echo
python3 "$top/build-aux/test-summary.py" "$builddir/meson-logs/testlog.json"
exit $status
