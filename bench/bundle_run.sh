#!/usr/bin/env bash
# Runs a benchmark bundle staged by bench/bundle.sh (this file is its run.sh):
#
#   bash BUNDLE/run.sh OUTDIR [attnc_bench options, e.g. --threads 1,2,16]
#
# Writes OUTDIR/machine.txt (lscpu), OUTDIR/table.md and results.json (the
# kernels at the CPU's default width, with PyTorch's fused
# scaled_dot_product_attention as the PyTorch column when PYTHON, default
# python3, has torch >= 2.5), and OUTDIR/table-w8.md and results-w8.json (the
# 8-lane kernels, one thread, with the same options).
#
# OpenBLAS 0.3.21 does not recognise Xeons newer than Cooper Lake and then
# runs its generic (Prescott, SSE3) kernels; on a CPU with AVX-512F this
# script sets OPENBLAS_CORETYPE=SkylakeX unless it is set already.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:?usage: bash run.sh OUTDIR [attnc_bench options]}
shift
mkdir -p "$OUT"
export LD_LIBRARY_PATH="$HERE/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
PYTHON=${PYTHON:-python3}

if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=SkylakeX
fi

{
  cat "$HERE/attnc_version.txt"
  echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-}"
  "$PYTHON" -c 'import torch; print("torch", torch.__version__)'
  cat /etc/os-release
  lscpu
} > "$OUT/machine.txt" 2>&1

THREADS=1,2
for ((i = 1; i <= $#; ++i)); do
  case "${!i}" in
    --threads) j=$((i + 1)); THREADS=${!j} ;;
    --threads=*) THREADS=${!i#--threads=} ;;
  esac
done

TORCH=()
if "$PYTHON" "$HERE/torch_baseline.py" --sdpa --threads "$THREADS" \
    > "$OUT/torch_sdpa.jsonl" 2> "$OUT/torch_sdpa.log"; then
  TORCH=(--torch "$OUT/torch_sdpa.jsonl" --torch-label "PyTorch SDPA")
else
  echo "!! PyTorch SDPA baseline failed (see $OUT/torch_sdpa.log)" >&2
fi

rc=0
"$HERE/attnc_bench" --lib-dir "$HERE/libs" "${TORCH[@]}" --json "$OUT/results.json" "$@" \
  > "$OUT/table.md" 2> "$OUT/bench.log" || rc=$?
# The options again (a later --threads wins), so both widths are timed alike.
"$HERE/attnc_bench" --lib-dir "$HERE/libs-w8" "$@" --threads 1 --json "$OUT/results-w8.json" \
  > "$OUT/table-w8.md" 2> "$OUT/bench-w8.log" || rc=$?
exit "$rc"
