#!/bin/sh
# run-fuzzers.sh — runs each data-parser fuzz target for a bounded time
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-fuzzers.sh [SECONDS] [FUZZ_DIR]
#
#   SECONDS   time per fuzzer (default 60)
#   FUZZ_DIR  folder holding the fuzz-* binaries (default: $SEQGD_FUZZ_DIR,
#             else build-fuzz/tests/fuzz in the source tree)
#
# The two arguments may come in either order: a whole number is the time,
# anything else the folder.
# Builds nothing: configure and build first, for instance
#   CC=clang meson setup build-fuzz -Dfuzzing=true && ninja -C build-fuzz
#
# Prints one line per fuzzer and a final "N passed, N failed" line; exits
# non-zero when a fuzzer found a crash, a leak or a timeout, or is missing.
# Crash inputs are kept in $SEQGD_FUZZ_ARTIFACTS (default: a temporary
# folder, named in the output).

set -u

here=$(cd "$(dirname "$0")" && pwd)
seconds=60
fuzz_dir=${SEQGD_FUZZ_DIR:-$here/../../build-fuzz/tests/fuzz}
fuzzers="fuzz-idx fuzz-gzip fuzz-cifar"

if [ $# -gt 2 ]; then
  echo "usage: run-fuzzers.sh [SECONDS] [FUZZ_DIR]" >&2
  exit 2
fi
for arg in "$@"; do
  case $arg in
    '') ;;
    *[!0-9]*) fuzz_dir=$arg ;;
    *) seconds=$arg ;;
  esac
done

# Undefined behaviour must stop the fuzzer, as the build asks; this also
# covers targets built without -fno-sanitize-recover.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export UBSAN_OPTIONS

work=$(mktemp -d "${TMPDIR:-/tmp}/seqgd-fuzz.XXXXXX") || exit 2
artifacts=${SEQGD_FUZZ_ARTIFACTS:-$work/artifacts}
mkdir -p "$artifacts"

# A few valid inputs to start from: a 2-image 2 × 2 IDX pair, the same
# pair compressed, and two CIFAR-10 batches of one record each.
seed_idx () {
  # split bytes (image file is 24 bytes), image file, label file
  printf '\000\030'
  printf '\000\000\010\003\000\000\000\002\000\000\000\002\000\000\000\002'
  printf '\001\002\003\004\005\006\007\010'
  printf '\000\000\010\001\000\000\000\002\003\011'
}

write_seeds () {
  mkdir -p "$work/corpus/$1"
  case $1 in
    fuzz-idx)
      seed_idx > "$work/corpus/$1/pair" ;;
    fuzz-gzip)
      # mode 1 (compress, cut at 255/256) and mode 0 with a real gzip file
      { printf '\001\377'; seed_idx | tail -c +3 | head -c 24; } > "$work/corpus/$1/cut"
      { printf '\000'; seed_idx | tail -c +3 | head -c 24 | gzip -c; } > "$work/corpus/$1/raw" ;;
    fuzz-cifar)
      # split 3073: one record in each batch, so neither file is empty
      { printf '\014\001'
        printf '\003'; head -c 3072 /dev/zero
        printf '\007'; head -c 3072 /dev/zero; } > "$work/corpus/$1/records" ;;
  esac
}

passed=0
failed=0

for name in $fuzzers; do
  binary=$fuzz_dir/$name
  if [ ! -x "$binary" ]; then
    echo "FAIL $name: no binary at $binary (build with -Dfuzzing=true)"
    failed=$((failed + 1))
    continue
  fi

  write_seeds "$name"
  log=$work/$name.log
  "$binary" "$work/corpus/$name" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
    > "$log" 2>&1
  status=$?

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [ "$status" -eq 0 ]; then
    echo "PASS $name: ${runs:-?} inputs in ${seconds} s, no crash"
    passed=$((passed + 1))
  else
    reason=$(grep -m 1 -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error|GLib.*ERROR' "$log")
    echo "FAIL $name: exit status $status after ${runs:-?} inputs: ${reason:-see $log}"
    echo "     log: $log; inputs: $artifacts/$name-*"
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
if [ "$failed" -eq 0 ] && [ -z "${SEQGD_FUZZ_ARTIFACTS:-}" ]; then
  rm -rf "$work"
fi
[ "$failed" -eq 0 ]
