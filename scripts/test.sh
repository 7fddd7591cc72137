#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (lit:
# FileCheck tests, compile-and-run integration tests and the GoogleTest
# binaries). Ends with the line "N passed, N failed[, N skipped]".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ATTNC_BUILD_DIR:-$root/build}"
bash "$root/scripts/setup.sh" || exit 1
bash "$root/scripts/build.sh" || { echo "0 passed, 1 failed"; exit 1; }
log="$(mktemp)"
/usr/lib/llvm-22/bin/lit -sv "$build/test" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# lit's summary lines look like "  Expectedly Failed: 3 (1.2%)".
count() {
  awk -F': ' -v k="$1" '{ sub(/^ +/, "", $1) } $1 == k { split($2, a, " "); n += a[1] }
                        END { print n + 0 }' "$log"
}
passed=$(( $(count Passed) + $(count "Passed With Retry") + $(count "Expectedly Failed") ))
failed=$(( $(count Failed) + $(count "Unexpectedly Passed") + $(count Unresolved) + $(count "Timed Out") ))
skipped=$(( $(count Unsupported) + $(count Skipped) + $(count Excluded) ))
rm -f "$log"
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; rc=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
