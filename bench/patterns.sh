#!/usr/bin/env bash
# Pattern-library benchmark: every spec in bench/patterns/ at B=1, H=16,
# L=4096, D=64, f32, one thread (a spec may set other lengths with a
# "// bench-dims:" line), timed with `attnc run --no-reference`
# (median of ITERS calls). GFLOP/s count only kept pairs (4 * D per pair);
# "vs dense" is the kept-pair throughput relative to the dense spec in the
# same run. Documents: 8 segment ids, drawn and sorted independently for
# queries and keys (--int-range 8 --sorted-ints).
#
#   bash bench/patterns.sh            # writes bench/build/patterns.md
#   bash bench/patterns.sh --out FILE.md
#
# Environment: ATTNC (default build/bin/attnc), ITERS (default 5), L (4096).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=bench/build/patterns.md
if [ "${1:-}" = "--out" ]; then OUT=$2; fi
ATTNC=${ATTNC:-$ROOT/build/bin/attnc}
ITERS=${ITERS:-5}
L=${L:-4096}
B=bench/build
mkdir -p "$B"
# shellcheck source=bench/harness.sh
source bench/harness.sh
build_harness "$B"
PEAK=$("$B/attnc_bench" --peak-only)
echo "== peak (1 thread): $PEAK GFLOP/s" >&2

: > "$B/patterns.jsonl"
for spec in bench/patterns/*.mlir; do
  name=$(basename "$spec" .mlir)
  echo "== $name" >&2
  # A spec may fix its own lengths: "// bench-dims: B=1,Lq=64,Lk=4160".
  dims=$(sed -n 's|^// bench-dims: *||p' "$spec")
  OMP_NUM_THREADS=1 "$ATTNC" run "$spec" --no-reference --iters "$ITERS" \
    --dims "${dims:-B=1,Lq=$L,Lk=$L}" --int-range 8 --sorted-ints --json |
    sed "s/^{/{\"name\":\"$name\",/" >> "$B/patterns.jsonl"
done

/usr/bin/python3 - "$B/patterns.jsonl" "$PEAK" "$L" "$ITERS" > "$OUT" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
peak, L, iters = float(sys.argv[2]), sys.argv[3], sys.argv[4]
dense = next(r for r in rows if r["name"] == "dense")["gflops"]
print(f"Command: `bash bench/patterns.sh` (B=1, H=16, L={L}, D=64, f32, "
      f"1 thread, median of {iters}; measured FP32 FMA peak {peak:.1f} "
      "GFLOP/s per core).\n")
print("| pattern | Lq x Lk | kept pairs | kept % | ms | GFLOP/s | % of peak | vs dense |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for r in sorted(rows, key=lambda r: r["name"] != "dense"):
    g = r["gflops"]
    _, h, lq, _ = r["shapes"]["q"]
    lk = r["shapes"]["k"][2]
    total = h * lq * lk
    print(f"| {r['name']} | {lq} x {lk} | {r['kept_pairs']} "
          f"| {100*r['kept_pairs']/total:.1f} | {r['ms']:.2f} | {g:.1f} "
          f"| {100*g/peak:.1f} | {g/dense:.2f} |")
PY
cat "$OUT"
