#!/usr/bin/env bash
# attnc benchmark driver.
#
#   bash bench/run.sh            # full run (~10 min), writes docs/benchmarks.md
#   bash bench/run.sh --quick    # L=1024 cases + decode (< 2 min), writes
#                                # bench/build/benchmarks-quick.md
#   bash bench/run.sh [--quick] --out FILE.md
#
# Steps: build bench/attnc_bench.cpp with clang++-22; compile every
# bench/specs/*.mlir with attnc into bench/build/lib<name>.so (timing each
# compile, also with --jobs=1); run the PyTorch eager baseline (bench/torch_baseline.py, with
# /usr/bin/python3); run attnc_bench, which times attnc and the OpenBLAS
# baseline in one process, verifies attnc against OpenBLAS and merges the
# PyTorch times; write the markdown report.
#
# Environment: ATTNC (default build/bin/attnc), CXX (default clang++-22),
# PYTHON (default /usr/bin/python3), COMPILE_REPS (default 3).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# The PyTorch baseline is a benchmark-only dependency.
bash scripts/setup.sh --bench

QUICK=""
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=--quick ;;
    --out) OUT=$2; shift ;;
    *) echo "usage: bash bench/run.sh [--quick] [--out FILE.md]" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$OUT" ]; then
  if [ -n "$QUICK" ]; then OUT=bench/build/benchmarks-quick.md; else OUT=docs/benchmarks.md; fi
fi
CMD="bash bench/run.sh${QUICK:+ $QUICK}"

ATTNC=${ATTNC:-$ROOT/build/bin/attnc}
CXX=${CXX:-clang++-22}
PYTHON=${PYTHON:-/usr/bin/python3}
COMPILE_REPS=${COMPILE_REPS:-3}
B=bench/build
mkdir -p "$B"

now() { date +%s.%N; }

# shellcheck source=bench/harness.sh
source bench/harness.sh
build_harness "$B"

echo "== compiling specs with $ATTNC (median of $COMPILE_REPS)" >&2
: > "$B/compile_times.txt"
# Median wall time of $COMPILE_REPS runs of `attnc SPEC -o OUT EXTRA...`.
median_compile() {
  local spec=$1 out=$2 times=() t0 t1
  shift 2
  for _ in $(seq "$COMPILE_REPS"); do
    t0=$(now)
    "$ATTNC" "$spec" -o "$out" "$@"
    t1=$(now)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for spec in bench/specs/*.mlir; do
  name=$(basename "$spec" .mlir)
  # One thread per hardware thread (the default), then one thread.
  serial=$(median_compile "$spec" "$B/serial.so" --jobs=1)
  med=$(median_compile "$spec" "$B/lib$name.so")
  echo "$name $med $serial" >> "$B/compile_times.txt"
  echo "   $name: ${med}s (--jobs=1: ${serial}s)" >&2
done
rm -f "$B/serial.so"

echo "== PyTorch eager baseline" >&2
TORCH_ARGS=()
if "$PYTHON" bench/torch_baseline.py $QUICK > "$B/torch.jsonl" 2> "$B/torch.log"; then
  TORCH_ARGS=(--torch "$B/torch.jsonl")
  cat "$B/torch.jsonl" >&2
else
  echo "!! torch_baseline.py failed (see $B/torch.log); the table will lack PyTorch" >&2
  cat "$B/torch.log" >&2
fi

echo "== attnc_bench" >&2
set +e
"$B/attnc_bench" $QUICK "${TORCH_ARGS[@]}" --compile-times "$B/compile_times.txt" \
  --json "$B/results.json" > "$B/table.md" 2> >(tee "$B/bench.log" >&2)
RC=$?
set -e
wait

# ---- report ----
MODEL=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
NCPU=$(nproc)
CORES=$(lscpu | sed -n 's/^Core(s) per socket: *//p' | head -1)
TPC=$(lscpu | sed -n 's/^Thread(s) per core: *//p' | head -1)
FLAGS=$(lscpu | sed -n 's/^Flags: *//p' | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f)$' | tr '\n' ' ')
MHZ=$(awk -F: '/cpu MHz/ { printf "%.0f", $2; exit }' /proc/cpuinfo)
L3=$(lscpu | sed -n 's/^L3 cache: *//p' | head -1)
HYP=$(lscpu | sed -n 's/^Hypervisor vendor: *//p' | head -1)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (with uncommitted changes)" || true)
TORCHV=$("$PYTHON" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo "n/a")

{
  echo "# attnc benchmarks"
  echo
  if [ -n "$QUICK" ]; then echo "Quick run (L=1024 cases and decode only)."; echo; fi
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $MODEL, $NCPU CPUs ($CORES cores/socket, $TPC thread/core), ${MHZ} MHz nominal, L3 $L3${HYP:+, $HYP VM}; ISA: $FLAGS"
  echo "- attnc: commit $COMMIT$DIRTY, \`$ATTNC\` with default options (\`--cpu=native\`, \`-O3\`)"
  echo "- Baselines: OpenBLAS ($(ls -l /usr/lib/x86_64-linux-gnu/libopenblas.so.0 2>/dev/null | sed 's/.*-> //' | xargs -r readlink -f | xargs -r basename 2>/dev/null || echo libopenblas)), PyTorch $TORCHV eager"
  echo "- Command: \`$CMD\` (from the repository root)"
  echo
  echo "## Method"
  echo
  cat <<'EOF'
- Every case has B = 1 and float32 [B, H, L, D] contiguous tensors filled with
  uniform random values in [-1, 1]; scale = 1/sqrt(D).
- **FLOP-counting rule**: FLOPs = 4 · B · H · D · (number of kept (i, j) pairs)
  (QK^T and PV, one multiply and one add each). For dense cases this is
  4·B·H·Lq·Lk·D; masked variants (causal, window, decode's bottom-right causal)
  count **only the kept pairs**, counted exactly by evaluating the mask formula
  for every (i, j) in C++. The same FLOP count is used for every
  implementation, so a baseline that computes the full score matrix gets no
  credit for the masked-out work ("useful GFLOP/s").
- **% peak** is attnc's GFLOP/s over this machine's *measured* FP32 FMA peak
  for the same thread count: 8-lane (AVX2) FMAs on 12 independent
  accumulators (16 flops per instruction), 16-lane ones on a CPU with
  AVX-512F. Bandwidth: summing a float buffer of 512 MiB (or 4x the
  last-level cache if larger) with AVX2 loads (1 GB = 1e9 bytes). Because the machine is shared,
  both are sampled at the start (7 trials) and again before every case (3
  trials), and the maximum over the run is reported and used for % peak.
- Each implementation gets two warm-up calls, then N timed calls (N chosen so
  the timed part takes about 2 s, 0.5 s with `--quick`; at least 3, at most
  2000). Tables report the **median**. Threads: `omp_set_num_threads(t)` for
  attnc (OpenMP), `openblas_set_num_threads(t)` plus t OpenMP threads for the
  baseline's softmax, `torch.set_num_threads(t)` for PyTorch.
- **OpenBLAS baseline** (same process): per KV head, S = scale · Q K^T with
  `cblas_sgemm` (the Hq/Hkv query heads that share a KV head form one matrix of
  (Hq/Hkv)·Lq rows), masked entries set to -inf, a row-wise softmax written in
  C++ (AVX2 max/sum, libmvec `expf`), O = P V with `cblas_sgemm`. It computes
  the full Lq x Lk score matrix whatever the mask, as an unfused
  implementation does; that is why the masked speedups are large.
- **PyTorch eager** (separate process, same run): `torch.matmul`, `masked_fill`
  with a precomputed boolean mask, `torch.softmax`, `torch.matmul`, float32,
  same grouping for GQA (no `scaled_dot_product_attention` in torch 1.13).
- **Correctness**: before timing, attnc's output is compared with the OpenBLAS
  baseline for every case and thread count (`max abs diff` column; the run
  fails loudly above 1e-3), and the baseline is checked against a
  double-precision reference on 8 rows per case.
- **Decode** (Lq = 1) is memory-bound: the caches are flushed (128 MiB, or
  4x the last-level cache if larger, read untimed; read rather than written, so that the call does not pay for
  writing dirty lines back) before every call, and the second table reports the K+V bytes
  (B·Hkv·Lk·D·4·2) divided by the median time, against the measured read
  bandwidth.
- Compile time is the wall time of `attnc SPEC.mlir -o lib.so`, median of
  COMPILE_REPS (3) runs: by default attnc splits the LLVM module into one
  part per hardware thread and optimises and compiles the parts on as many threads (2
  here); the table after the results also gives it with `--jobs=1`.
- **Noise**: the machine is a 2-vCPU KVM guest, and other work (builds, tests)
  was running on it during the measurement, so the numbers are noisy, the
  2-thread numbers most of all (a second thread often shares its core with
  another process, including in the 2-thread peak measurement).
EOF
  echo
  echo "## Results"
  echo
  cat "$B/table.md"
  if [ "$RC" -ne 0 ]; then
    echo
    echo "**attnc_bench exited with status $RC: some cases failed verification (see above).**"
  fi
} > "$OUT"

echo "== wrote $OUT" >&2
exit "$RC"
