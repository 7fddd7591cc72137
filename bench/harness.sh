# Builds the benchmark harness (bench/attnc_bench.cpp) into $1/attnc_bench.
# Sourced by bench/run.sh and bench/patterns.sh; CXX defaults to clang++-22.
build_harness() {
  local out=$1
  echo "== building $out/attnc_bench" >&2
  local cxxflags="-O2 -std=c++17 -mavx2 -mfma -fopenmp -fno-math-errno -fveclib=libmvec"
  local ldflags="-L/usr/lib/llvm-22/lib -Wl,-rpath,/usr/lib/llvm-22/lib -lopenblas -ldl"
  # shellcheck disable=SC2086
  ${CXX:-clang++-22} $cxxflags bench/attnc_bench.cpp -o "$out/attnc_bench" $ldflags
}
