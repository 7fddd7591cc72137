#!/usr/bin/env bash
# Fresh machine to a verified attention library: installs the dependencies,
# builds attnc, compiles an example spec into a shared library and a C
# header, then runs it against the reference evaluator.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
spec="${1:-$root/examples/causal_gqa_softcap.mlir}"
out="$root/build/quickstart"
mkdir -p "$out"
name="$(basename "$spec" .mlir)"
"$root/build/bin/attnc" "$spec" -o "$out/lib$name.so"
"$root/build/bin/attnc" "$spec" --emit=header -o "$out/$name.h"
echo "built $out/lib$name.so and $out/$name.h"
"$root/build/bin/attnc" run "$spec" --dims B=1,Lq=200,Lk=200 --tol 1e-4
