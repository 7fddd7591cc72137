#!/usr/bin/env bash
# Installs every build and test dependency of attnc from Debian's apt;
# with --bench also the benchmark's baselines (PyTorch).
# Idempotent: when everything is present it prints one line and exits.
set -euo pipefail
pkgs=(llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
      libomp-22-dev cmake ninja-build ccache libgtest-dev python3-numpy
      python3-pytest libopenblas-dev)
if [ "${1:-}" = "--bench" ]; then
  pkgs+=(python3-torch)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all dependencies present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
