#!/usr/bin/env bash
# Stages the CPU benchmark (bench/attnc_bench.cpp and bench/specs) for another
# x86-64 Linux machine that has no LLVM 22, such as an AVX-512 server:
#
#   bash bench/bundle.sh --cpu emeraldrapids [--out DIR]
#
# DIR (default bench/build/bundle-CPU) receives
#   attnc_bench     the harness, built here;
#   libs/           every spec compiled with --cpu=CPU (its default width:
#                   16 lanes where CPU has AVX-512F);
#   libs-w8/        the same specs at --vector-width=8, to compare widths on
#                   the same core;
#   lib/            the shared libraries attnc_bench and the kernels load
#                   (OpenBLAS, libomp, libgfortran, libquadmath);
#   torch_baseline.py, run.sh.
# On the other machine: bash DIR/run.sh OUTDIR [attnc_bench options...]
# (see run.sh there).
#
# Environment: ATTNC (default build/bin/attnc), CXX (default clang++-22).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CPU=""
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu) CPU=$2; shift ;;
    --out) OUT=$2; shift ;;
    *) echo "usage: bash bench/bundle.sh --cpu CPU [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$CPU" ]; then
  echo "usage: bash bench/bundle.sh --cpu CPU [--out DIR]" >&2
  exit 2
fi
OUT=${OUT:-bench/build/bundle-$CPU}
ATTNC=${ATTNC:-$ROOT/build/bin/attnc}
# Replace only a previous bundle (or nothing).
if [ -e "$OUT" ] && [ ! -e "$OUT/attnc_bench" ]; then
  echo "bench/bundle.sh: $OUT exists and is not a bundle; choose another --out" >&2
  exit 1
fi
rm -rf "$OUT"
mkdir -p "$OUT/libs" "$OUT/libs-w8" "$OUT/lib"

# shellcheck source=bench/harness.sh
source bench/harness.sh
build_harness "$OUT"

for spec in bench/specs/*.mlir; do
  name=$(basename "$spec" .mlir)
  "$ATTNC" "$spec" --cpu="$CPU" -o "$OUT/libs/lib$name.so"
  "$ATTNC" "$spec" --cpu="$CPU" --vector-width=8 -o "$OUT/libs-w8/lib$name.so"
done

# The libraries the harness and the kernels load, resolved on this machine.
for dep in $(ldd "$OUT/attnc_bench" "$OUT/libs/"*.so |
             awk '/=> \// { print $3 }' | sort -u); do
  case $(basename "$dep") in
    libopenblas*|libomp*|libgfortran*|libquadmath*) cp -L "$dep" "$OUT/lib/" ;;
  esac
done
cp bench/torch_baseline.py "$OUT/"
cp bench/bundle_run.sh "$OUT/run.sh"
echo "attnc $(git describe --always --dirty) --cpu=$CPU" > "$OUT/attnc_version.txt"
du -sh "$OUT" >&2
