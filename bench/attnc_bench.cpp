// attnc_bench: times attnc-generated attention kernels against an unfused
// OpenBLAS baseline (and, merged from a file, PyTorch eager) in one process,
// and reports GFLOP/s as a fraction of this machine's measured FP32 FMA peak.
//
//   attnc_bench [--lib-dir DIR (default: the executable's directory)] [--quick] [--threads 1,2] [--json FILE]
//               [--torch FILE] [--torch-label NAME] [--compile-times FILE] [--target-s S]
//               [--only SUBSTR]
//
// FLOPs: 4 * B * H * D * (number of kept (i, j) pairs); for a dense case that
// is 4*B*H*Lq*Lk*D. Masked variants count only kept pairs, counted exactly by
// evaluating the mask formula for every (i, j). The same count is used for
// every implementation, including the baseline, which computes the full
// Lq x Lk score matrix regardless of the mask.
//
// Build (see bench/run.sh):
//   clang++-22 -O2 -std=c++17 -mavx2 -mfma -fopenmp -fno-math-errno \
//     -fveclib=libmvec attnc_bench.cpp -o attnc_bench -L/usr/lib/llvm-22/lib \
//     -Wl,-rpath,/usr/lib/llvm-22/lib -lopenblas -ldl

#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <cblas.h>

#include "../include/attnc/Runtime/attnc_abi.h"

extern "C" void openblas_set_num_threads(int num_threads);

namespace {

using Clock = std::chrono::steady_clock;

double nowS() {
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

float *allocF(size_t n) {
  size_t bytes = ((n * sizeof(float) + 63) / 64) * 64;
  void *p = std::aligned_alloc(64, bytes ? bytes : 64);
  if (!p) {
    std::fprintf(stderr, "out of memory allocating %zu bytes\n", bytes);
    std::exit(2);
  }
  return static_cast<float *>(p);
}

//===----------------------------------------------------------------------===//
// Machine peak: FP32 FMA throughput and memory read bandwidth.
//===----------------------------------------------------------------------===//

constexpr int kFmaAccs = 12; // independent accumulators (FMA latency 4 x 2 pipes = 8 needed)

// kFmaAccs independent chains of `Lanes`-wide FMAs (a = a * b + c), in
// GCC/Clang vector types so that one body serves both widths.
template <int Lanes>
__attribute__((always_inline)) inline float fmaChains(long iters, float seed) {
  typedef float V __attribute__((vector_size(Lanes * sizeof(float))));
  V b = V{} + 0.999999f, c = V{} + 1e-7f, a[kFmaAccs];
  for (int k = 0; k < kFmaAccs; ++k)
    a[k] = V{} + (seed + k);
  for (long i = 0; i < iters; ++i) {
#pragma clang loop unroll(full)
    for (int k = 0; k < kFmaAccs; ++k)
      a[k] = __builtin_elementwise_fma(a[k], b, c);
  }
  float r = 0;
  for (int k = 0; k < kFmaAccs; ++k)
    for (int l = 0; l < Lanes; ++l)
      r += a[k][l];
  return r;
}

__attribute__((noinline)) float fmaKernel(long iters, float seed) {
  return fmaChains<8>(iters, seed);
}

__attribute__((noinline, target("avx512f"))) float fmaKernel512(long iters, float seed) {
  return fmaChains<16>(iters, seed);
}

volatile float gSink;

// The widest FMA this CPU has: 16 lanes where it has AVX-512F, else 8.
int fmaLanes() { return __builtin_cpu_supports("avx512f") ? 16 : 8; }

// Best-of-`trials` GFLOP/s with `threads` threads each running the kernel.
double measurePeakGflops(int threads, int trials = 7) {
  const long iters = 50'000'000; // ~0.25 s per thread at ~80 GFLOP/s
  double best = 0;
  for (int t = 0; t < trials; ++t) {
    double t0 = nowS();
    float acc = 0;
#pragma omp parallel num_threads(threads) reduction(+ : acc)
    {
      float seed = (float)omp_get_thread_num();
      acc += fmaLanes() == 16 ? fmaKernel512(iters, seed) : fmaKernel(iters, seed);
    }
    double dt = nowS() - t0;
    gSink = acc;
    double flops = (double)threads * iters * kFmaAccs * 2.0 * fmaLanes();
    best = std::max(best, flops / dt / 1e9);
  }
  return best;
}

__attribute__((noinline)) float sumRange(const float *p, size_t n) {
  __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    s0 = _mm256_add_ps(s0, _mm256_loadu_ps(p + i));
    s1 = _mm256_add_ps(s1, _mm256_loadu_ps(p + i + 8));
    s2 = _mm256_add_ps(s2, _mm256_loadu_ps(p + i + 16));
    s3 = _mm256_add_ps(s3, _mm256_loadu_ps(p + i + 24));
  }
  __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
  float out[8];
  _mm256_storeu_ps(out, s);
  float r = 0;
  for (int k = 0; k < 8; ++k)
    r += out[k];
  for (; i < n; ++i)
    r += p[i];
  return r;
}

// Best-of-`trials` read bandwidth (GB/s, 1e9 bytes) summing `n` floats (at
// least 512 MiB and 4x the last-level cache; see main).
double measureBandwidth(const float *buf, size_t n, int threads, int trials = 7) {
  double best = 0;
  for (int t = 0; t < trials; ++t) {
    double t0 = nowS();
    float acc = 0;
#pragma omp parallel num_threads(threads) reduction(+ : acc)
    {
      int id = omp_get_thread_num(), nt = omp_get_num_threads();
      size_t chunk = (n / nt + 31) / 32 * 32;
      size_t lo = std::min(n, chunk * id), hi = std::min(n, lo + chunk);
      acc += sumRange(buf + lo, hi - lo);
    }
    double dt = nowS() - t0;
    gSink = acc;
    best = std::max(best, n * sizeof(float) / dt / 1e9);
  }
  return best;
}

// The L3's size in bytes, from sysfs (glibc's sysconf reported 256 MiB on a
// 32 MiB guest); 0 if there is none or it is unknown.
size_t lastLevelCacheBytes() {
  const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index";
  for (int i = 0; i < 8; ++i) {
    int level = 0;
    std::ifstream levelIn(dir + std::to_string(i) + "/level");
    if (!(levelIn >> level)) break;
    if (level != 3) continue;
    std::ifstream in(dir + std::to_string(i) + "/size");
    size_t n = 0;
    char unit = 0;
    if (!(in >> n)) return 0;
    in >> unit;
    return unit == 'K' ? n << 10 : unit == 'M' ? n << 20 : unit == 'G' ? n << 30 : n;
  }
  return 0;
}

// Bytes to read to evict the last-level cache: 4x its size, at least 128 MiB.
size_t flushBytes() { return std::max<size_t>(128u << 20, 4 * lastLevelCacheBytes()); }

// Evicts the last-level cache by reading flushBytes(). Reading,
// not writing: a flush that dirties the cache makes the timed call pay for
// writing those lines back, which a kernel that follows other reads (the
// weights of the previous layer) does not.
struct CacheFlusher {
  std::vector<float> buf = std::vector<float>(flushBytes() / sizeof(float), 1.0f);
  void flush() {
    const float *p = buf.data();
    size_t n = buf.size();
    float acc = 0;
#pragma omp parallel num_threads(2) reduction(+ : acc)
    {
      int id = omp_get_thread_num(), nt = omp_get_num_threads();
      size_t chunk = (n / nt + 31) / 32 * 32;
      size_t lo = std::min(n, chunk * id), hi = std::min(n, lo + chunk);
      acc += sumRange(p + lo, hi - lo);
    }
    gSink = acc;
  }
};

//===----------------------------------------------------------------------===//
// Cases and masks.
//===----------------------------------------------------------------------===//

enum class Mask { Dense, Causal, CausalBR, Window };

struct Case {
  std::string name; // row label
  std::string spec; // spec function (and lib<spec>.so)
  int H, Hkv, D;
  long Lq, Lk;
  Mask mask;
  int left; // window
  bool quick;
  bool decode;
};

// The spec's mask formula (docs/UserGuide.md).
inline bool keep(Mask m, long i, long j, long Lq, long Lk, int left) {
  switch (m) {
  case Mask::Dense: return true;
  case Mask::Causal: return j <= i;
  case Mask::CausalBR: return j <= i + (Lk - Lq);
  case Mask::Window: return i - left <= j && j <= i;
  }
  return false;
}

long countKept(const Case &c) {
  long n = 0;
  for (long i = 0; i < c.Lq; ++i)
    for (long j = 0; j < c.Lk; ++j)
      n += keep(c.mask, i, j, c.Lq, c.Lk, c.left);
  return n;
}

std::vector<Case> allCases() {
  std::vector<Case> cs;
  struct Shape { int H; long L; int D; bool quick; };
  for (Shape s : {Shape{8, 1024, 64, true}, Shape{8, 2048, 128, false},
                  Shape{16, 4096, 64, false}}) {
    std::string hd = "h" + std::to_string(s.H) + "_d" + std::to_string(s.D);
    std::string lbl = "H=" + std::to_string(s.H) + " L=" + std::to_string(s.L) +
                      " D=" + std::to_string(s.D);
    cs.push_back({"dense " + lbl, "dense_" + hd, s.H, s.H, s.D, s.L, s.L, Mask::Dense, 0, s.quick, false});
    cs.push_back({"causal " + lbl, "causal_" + hd, s.H, s.H, s.D, s.L, s.L, Mask::Causal, 0, s.quick, false});
    cs.push_back({"window256 " + lbl, "window_" + hd, s.H, s.H, s.D, s.L, s.L, Mask::Window, 256, s.quick, false});
  }
  cs.push_back({"decode Hq=32 Hkv=8 Lq=1 Lk=4096 D=128", "decode_gqa_h32_kv8_d128",
                32, 8, 128, 1, 4096, Mask::CausalBR, 0, true, true});
  return cs;
}

//===----------------------------------------------------------------------===//
// Unfused OpenBLAS baseline: S = scale * Q K^T (sgemm), masked row softmax,
// O = P V (sgemm). Query heads that share a KV head are contiguous in Q and O
// ([B, Hq, Lq, D] row-major), so each KV group is one sgemm with
// M = (Hq/Hkv) * Lq rows; row r is query position r % Lq.
//===----------------------------------------------------------------------===//

float rowMax(const float *s, long n) {
  __m256 m = _mm256_set1_ps(-INFINITY);
  long j = 0;
  for (; j + 8 <= n; j += 8)
    m = _mm256_max_ps(m, _mm256_loadu_ps(s + j));
  float out[8];
  _mm256_storeu_ps(out, m);
  float r = -INFINITY;
  for (int k = 0; k < 8; ++k)
    r = std::max(r, out[k]);
  for (; j < n; ++j)
    r = std::max(r, s[j]);
  return r;
}

float rowSum(const float *s, long n) {
  __m256 a = _mm256_setzero_ps(), b = a;
  long j = 0;
  for (; j + 16 <= n; j += 16) {
    a = _mm256_add_ps(a, _mm256_loadu_ps(s + j));
    b = _mm256_add_ps(b, _mm256_loadu_ps(s + j + 8));
  }
  float out[8];
  _mm256_storeu_ps(out, _mm256_add_ps(a, b));
  float r = 0;
  for (int k = 0; k < 8; ++k)
    r += out[k];
  for (; j < n; ++j)
    r += s[j];
  return r;
}

template <Mask M>
void softmaxRows(float *S, long rows, long Lq, long Lk, int left) {
#pragma omp parallel for schedule(static)
  for (long r = 0; r < rows; ++r) {
    long i = r % Lq;
    float *s = S + r * Lk;
    for (long j = 0; j < Lk; ++j)
      if (!keep(M, i, j, Lq, Lk, left))
        s[j] = -INFINITY;
    float mx = rowMax(s, Lk);
    if (mx == -INFINITY) { // no kept key: O = 0
      std::memset(s, 0, Lk * sizeof(float));
      continue;
    }
    // Vectorised through libmvec (_ZGVdN8v_expf). Its fast path covers
    // only finite, in-range arguments (others go to a scalar fallback), so
    // the argument is clamped to -80 (e^-80 ~ 1.8e-35, negligible next to
    // the row maximum's 1) and masked entries are then zeroed by a select.
    for (long j = 0; j < Lk; ++j) {
      float x = s[j] - mx;
      float e = std::exp(std::max(x, -80.0f));
      s[j] = x == -INFINITY ? 0.0f : e;
    }
    float sum = rowSum(s, Lk);
    float inv = 1.0f / sum;
    for (long j = 0; j < Lk; ++j)
      s[j] *= inv;
  }
}

struct Baseline {
  std::vector<float> S;
  void run(const Case &c, const float *Q, const float *K, const float *V,
           float *O) {
    int G = c.H / c.Hkv;
    long rows = G * c.Lq;
    if ((long)S.size() < rows * c.Lk)
      S.assign(rows * c.Lk, 0.0f);
    float scale = 1.0f / std::sqrt((float)c.D);
    for (int g = 0; g < c.Hkv; ++g) {
      const float *q = Q + (size_t)g * rows * c.D;
      const float *k = K + (size_t)g * c.Lk * c.D;
      const float *v = V + (size_t)g * c.Lk * c.D;
      float *o = O + (size_t)g * rows * c.D;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, c.Lk, c.D,
                  scale, q, c.D, k, c.D, 0.0f, S.data(), c.Lk);
      switch (c.mask) {
      case Mask::Dense: softmaxRows<Mask::Dense>(S.data(), rows, c.Lq, c.Lk, c.left); break;
      case Mask::Causal: softmaxRows<Mask::Causal>(S.data(), rows, c.Lq, c.Lk, c.left); break;
      case Mask::CausalBR: softmaxRows<Mask::CausalBR>(S.data(), rows, c.Lq, c.Lk, c.left); break;
      case Mask::Window: softmaxRows<Mask::Window>(S.data(), rows, c.Lq, c.Lk, c.left); break;
      }
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, c.D, c.Lk,
                  1.0f, S.data(), c.Lk, v, c.D, 0.0f, o, c.D);
    }
  }
};

// Double-precision reference for one (head, row), to sanity-check the baseline.
void referenceRow(const Case &c, const float *Q, const float *K, const float *V,
                  int h, long i, std::vector<double> &out) {
  int g = h / (c.H / c.Hkv);
  const float *q = Q + ((size_t)h * c.Lq + i) * c.D;
  double scale = 1.0 / std::sqrt((double)c.D);
  std::vector<double> s(c.Lk, -INFINITY);
  double mx = -INFINITY;
  for (long j = 0; j < c.Lk; ++j) {
    if (!keep(c.mask, i, j, c.Lq, c.Lk, c.left))
      continue;
    const float *k = K + ((size_t)g * c.Lk + j) * c.D;
    double d = 0;
    for (int x = 0; x < c.D; ++x)
      d += (double)q[x] * k[x];
    s[j] = d * scale;
    mx = std::max(mx, s[j]);
  }
  out.assign(c.D, 0.0);
  if (mx == -INFINITY)
    return;
  double z = 0;
  for (long j = 0; j < c.Lk; ++j) {
    if (s[j] == -INFINITY)
      continue;
    double p = std::exp(s[j] - mx);
    z += p;
    const float *v = V + ((size_t)g * c.Lk + j) * c.D;
    for (int x = 0; x < c.D; ++x)
      out[x] += p * v[x];
  }
  for (int x = 0; x < c.D; ++x)
    out[x] /= z;
}

//===----------------------------------------------------------------------===//
// Timing.
//===----------------------------------------------------------------------===//

struct Timing {
  double medianMs = 0, minMs = 0;
  int reps = 0;
};

// Two warm-up calls, then N timed calls with N chosen so that the timed part
// takes about `targetS` seconds (at least 3, at most 2000). With a flusher,
// the caches are flushed (untimed) before every call.
Timing timeIt(const std::function<void()> &fn, double targetS,
              CacheFlusher *flusher) {
  double t0 = nowS();
  if (flusher) flusher->flush();
  fn();
  fn();
  double perCall = (nowS() - t0) / 2;
  int n = (int)std::clamp(targetS / std::max(perCall, 1e-6), 3.0, 2000.0);
  std::vector<double> ms;
  ms.reserve(n);
  for (int r = 0; r < n; ++r) {
    if (flusher) flusher->flush();
    double a = nowS();
    fn();
    ms.push_back((nowS() - a) * 1e3);
  }
  Timing t;
  t.medianMs = median(ms);
  t.minMs = *std::min_element(ms.begin(), ms.end());
  t.reps = n;
  return t;
}

//===----------------------------------------------------------------------===//
// Side inputs: PyTorch results (JSON lines) and compile times.
//===----------------------------------------------------------------------===//

std::string jsonField(const std::string &line, const std::string &key) {
  std::string pat = "\"" + key + "\"";
  size_t p = line.find(pat);
  if (p == std::string::npos) return "";
  p = line.find(':', p + pat.size());
  if (p == std::string::npos) return "";
  ++p;
  while (p < line.size() && line[p] == ' ') ++p;
  if (p < line.size() && line[p] == '"') {
    size_t e = line.find('"', p + 1);
    return line.substr(p + 1, e - p - 1);
  }
  size_t e = line.find_first_of(",}", p);
  return line.substr(p, e - p);
}

struct TorchRow {
  double ms;
  long kept; // the keep-mask count PyTorch saw, cross-checked below
};

std::map<std::pair<std::string, int>, TorchRow> readTorch(const std::string &path) {
  std::map<std::pair<std::string, int>, TorchRow> m;
  if (path.empty()) return m;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "warning: cannot read %s\n", path.c_str());
    return m;
  }
  std::string line;
  while (std::getline(in, line)) {
    std::string c = jsonField(line, "case"), t = jsonField(line, "threads"),
                ms = jsonField(line, "ms");
    if (!c.empty() && !t.empty() && !ms.empty())
      m[{c, std::atoi(t.c_str())}] = {std::atof(ms.c_str()),
                                      std::atol(jsonField(line, "kept").c_str())};
  }
  return m;
}

// Lines "spec seconds [seconds with --jobs=1]".
struct CompileTime {
  double s = 0, serialS = -1;
};
std::map<std::string, CompileTime> readCompileTimes(const std::string &path) {
  std::map<std::string, CompileTime> m;
  if (path.empty()) return m;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    CompileTime t;
    if (fields >> name >> t.s) {
      if (!(fields >> t.serialS)) t.serialS = -1;
      m[name] = t;
    }
  }
  return m;
}

struct Result {
  std::string name, spec;
  int threads;
  long kept;
  double flops, kvBytes;
  Timing attnc, blas;
  double maxDiff, refDiff;
  bool ok;
  std::string error;
};

std::string fmt(const char *f, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

} // namespace

int main(int argc, char **argv) {
  // Libraries default to the executable's directory (bench/build).
  std::string libDir = argv[0], jsonPath, torchPath, ctPath, only, torchLabel = "PyTorch";
  bool quick = false;
  std::vector<int> threadCounts = {1, 2};
  double targetS = 2.0;
  for (int a = 1; a < argc; ++a) {
    std::string s = argv[a];
    auto next = [&]() -> std::string {
      if (a + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", s.c_str());
        std::exit(2);
      }
      return argv[++a];
    };
    if (s == "--peak-only") {
      // One line for scripts: the best 1-thread FP32 FMA peak in GFLOP/s.
      std::printf("%.1f\n", measurePeakGflops(1, 7));
      return 0;
    }
    if (s == "--quick") quick = true;
    else if (s == "--lib-dir") libDir = next();
    else if (s == "--json") jsonPath = next();
    else if (s == "--torch") torchPath = next();
    else if (s == "--torch-label") torchLabel = next();
    else if (s == "--compile-times") ctPath = next();
    else if (s == "--target-s") targetS = std::atof(next().c_str());
    else if (s == "--only") only = next();
    else if (s == "--threads") {
      threadCounts.clear();
      std::stringstream ss(next());
      std::string tok;
      while (std::getline(ss, tok, ','))
        threadCounts.push_back(std::atoi(tok.c_str()));
    } else {
      std::fprintf(stderr,
                   "usage: %s [--peak-only] [--lib-dir DIR] [--quick] [--threads 1,2] "
                   "[--json FILE] [--torch FILE] [--torch-label NAME] [--compile-times FILE] "
                   "[--target-s S] [--only SUBSTR]\n",
                   argv[0]);
      return 2;
    }
  }
  if (libDir == argv[0]) {
    size_t slash = libDir.rfind('/');
    libDir = slash == std::string::npos ? "." : libDir.substr(0, slash);
  }
  if (quick) targetS = std::min(targetS, 0.5);

  // ---- machine peak ----
  // The machine is shared, so a single measurement can come out low (a
  // second thread sharing its core with another process). The peak is
  // measured at the start (7 trials) and again before every case (3 trials),
  // and the maximum over the whole run is used.
  std::map<int, double> peak, bw;
  size_t bwN = std::max<size_t>(512u << 20, 4 * lastLevelCacheBytes()) / sizeof(float);
  float *bwBuf = allocF(bwN);
#pragma omp parallel for num_threads(2) schedule(static)
  for (size_t i = 0; i < bwN; ++i)
    bwBuf[i] = (float)(i & 1023) * 1e-3f;
  int peakSamples = 0;
  auto samplePeaks = [&](int trials) {
    ++peakSamples;
    for (int t : threadCounts) {
      double p = measurePeakGflops(t, trials), b = measureBandwidth(bwBuf, bwN, t, trials);
      peak[t] = std::max(peak[t], p);
      bw[t] = std::max(bw[t], b);
      std::fprintf(stderr, "peak %d thread(s): %.1f GFLOP/s FP32 FMA, %.1f GB/s read "
                   "(max so far %.1f, %.1f)\n", t, p, b, peak[t], bw[t]);
    }
  };
  samplePeaks(7);

  auto torch = readTorch(torchPath);
  auto compileTimes = readCompileTimes(ctPath);
  CacheFlusher flusher;
  std::vector<Result> results;
  bool anyFail = false;
  std::mt19937 rng(1234);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  Baseline blas;

  for (const Case &c : allCases()) {
    if (quick && !c.quick) continue;
    if (!only.empty() && c.name.find(only) == std::string::npos &&
        c.spec.find(only) == std::string::npos)
      continue;
    std::fprintf(stderr, "== %s (spec %s)\n", c.name.c_str(), c.spec.c_str());
    samplePeaks(3);
    const long B = 1;
    size_t nq = B * c.H * c.Lq * c.D, nk = B * c.Hkv * c.Lk * c.D;
    float *Q = allocF(nq), *K = allocF(nk), *V = allocF(nk);
    float *Oa = allocF(nq), *Ob = allocF(nq);
    for (size_t i = 0; i < nq; ++i) Q[i] = dist(rng);
    for (size_t i = 0; i < nk; ++i) K[i] = dist(rng);
    for (size_t i = 0; i < nk; ++i) V[i] = dist(rng);

    long kept = countKept(c);
    for (int t : threadCounts) {
      auto it = torch.find({c.name, t});
      if (it != torch.end() && it->second.kept != kept) {
        std::fprintf(stderr, "!!!!!!!! PyTorch kept %ld pairs, the C++ mask %ld: %s\n",
                     it->second.kept, kept, c.name.c_str());
        anyFail = true;
      }
    }
    double flops = 4.0 * B * c.H * c.D * (double)kept;
    double kvBytes = (double)B * c.Hkv * c.Lk * c.D * 4 * 2;

    std::string lib = libDir + "/lib" + c.spec + ".so";
    void *h = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      std::fprintf(stderr, "!! cannot dlopen %s: %s\n", lib.c_str(), dlerror());
      return 1;
    }
    using ArgvFn = int32_t (*)(const attnc_tensor *const *);
    using ErrFn = const char *(*)();
    auto fn = (ArgvFn)dlsym(h, (c.spec + "_argv").c_str());
    auto errFn = (ErrFn)dlsym(h, (c.spec + "_error").c_str());
    if (!fn || !errFn) {
      std::fprintf(stderr, "!! %s lacks %s_argv/_error\n", lib.c_str(), c.spec.c_str());
      return 1;
    }
    auto desc = [&](float *p, long heads, long L) {
      attnc_tensor t{};
      t.data = p;
      t.dtype = ATTNC_F32;
      t.rank = 4;
      int64_t shape[4] = {B, heads, L, c.D};
      t.strides[3] = 1;
      for (int d = 3; d >= 0; --d) {
        t.shape[d] = shape[d];
        if (d < 3) t.strides[d] = t.strides[d + 1] * shape[d + 1];
      }
      return t;
    };
    attnc_tensor tq = desc(Q, c.H, c.Lq), tk = desc(K, c.Hkv, c.Lk),
                 tv = desc(V, c.Hkv, c.Lk), to = desc(Oa, c.H, c.Lq);
    const attnc_tensor *args[4] = {&tq, &tk, &tv, &to};
    std::string callError;
    auto runAttnc = [&]() {
      int32_t rc = fn(args);
      if (rc != ATTNC_OK && callError.empty())
        callError = "rc=" + std::to_string(rc) + ": " + errFn();
    };

    for (int t : threadCounts) {
      omp_set_num_threads(t);
      openblas_set_num_threads(t);
      Result r{};
      r.name = c.name;
      r.spec = c.spec;
      r.threads = t;
      r.kept = kept;
      r.flops = flops;
      r.kvBytes = kvBytes;
      r.ok = true;

      // Correctness first: attnc vs the OpenBLAS baseline (and the baseline
      // vs a double-precision reference on a few rows).
      std::fill(Oa, Oa + nq, NAN);
      std::fill(Ob, Ob + nq, NAN);
      runAttnc();
      blas.run(c, Q, K, V, Ob);
      double md = 0;
      for (size_t i = 0; i < nq; ++i) {
        double d = std::fabs((double)Oa[i] - Ob[i]);
        if (!(d <= md)) md = std::isnan(d) ? INFINITY : d;
      }
      double rd = 0;
      std::vector<double> ref;
      for (int hh : {0, c.H - 1})
        for (long i : {0L, c.Lq / 3, c.Lq / 2, c.Lq - 1}) {
          referenceRow(c, Q, K, V, hh, i, ref);
          for (int x = 0; x < c.D; ++x) {
            double d = std::fabs(ref[x] - Ob[((size_t)hh * c.Lq + i) * c.D + x]);
            if (!(d <= rd)) rd = std::isnan(d) ? INFINITY : d;
          }
        }
      r.maxDiff = md;
      r.refDiff = rd;
      if (!callError.empty() || !(md < 1e-3) || !(rd < 1e-3)) {
        r.ok = false;
        r.error = !callError.empty() ? callError
                  : !(md < 1e-3)     ? "attnc vs OpenBLAS max|diff| = " + fmt("%.3g", md)
                                     : "OpenBLAS vs reference max|diff| = " + fmt("%.3g", rd);
        std::fprintf(stderr,
                     "!!!!!!!! VERIFICATION FAILED: %s threads=%d: %s -- case aborted\n",
                     c.name.c_str(), t, r.error.c_str());
        anyFail = true;
        results.push_back(r);
        continue;
      }

      CacheFlusher *fl = c.decode ? &flusher : nullptr;
      r.attnc = timeIt(runAttnc, targetS, fl);
      r.blas = timeIt([&] { blas.run(c, Q, K, V, Ob); }, targetS, fl);
      if (!callError.empty()) {
        r.ok = false;
        r.error = callError;
        anyFail = true;
      }
      std::fprintf(stderr,
                   "   threads=%d attnc %.3f ms (%d reps)  openblas %.3f ms (%d reps)  "
                   "max|attnc-openblas| %.2e  max|openblas-ref| %.2e\n",
                   t, r.attnc.medianMs, r.attnc.reps, r.blas.medianMs, r.blas.reps,
                   md, rd);
      results.push_back(r);
    }
    dlclose(h);
    std::free(Q); std::free(K); std::free(V); std::free(Oa); std::free(Ob);
  }

  // ---- report ----
  std::free(bwBuf);
  std::printf("Machine peak (measured with %d-lane FMAs; maximum over %d samplings spread "
              "over the run):\n\n",
              fmaLanes(), peakSamples);
  for (int t : threadCounts)
    std::printf("- %d thread%s: FP32 FMA peak %.1f GFLOP/s; memory read bandwidth %.1f GB/s\n",
                t, t > 1 ? "s" : " ", peak[t], bw[t]);
  std::printf("\n");
  std::printf("OpenBLAS: %s\n\n", openblas_get_config());
  bool haveTorch = !torch.empty(), haveCt = !compileTimes.empty();
  std::printf("| case | threads | attnc ms | attnc GFLOP/s | %% peak | OpenBLAS ms | "
              "OpenBLAS GFLOP/s |%s speedup vs OpenBLAS |%s max abs diff |%s\n",
              haveTorch ? (" " + torchLabel + " ms | " + torchLabel + " GFLOP/s |").c_str() : "",
              haveTorch ? (" speedup vs " + torchLabel + " |").c_str() : "",
              haveCt ? " compile s |" : "");
  std::printf("|---|---:|---:|---:|---:|---:|---:|%s---:|%s---:|%s\n",
              haveTorch ? "---:|---:|" : "", haveTorch ? "---:|" : "",
              haveCt ? "---:|" : "");
  for (const Result &r : results) {
    if (!r.ok) {
      std::printf("| %s | %d | **FAILED: %s** |\n", r.name.c_str(), r.threads, r.error.c_str());
      continue;
    }
    double ag = r.flops / (r.attnc.medianMs * 1e-3) / 1e9;
    double bg = r.flops / (r.blas.medianMs * 1e-3) / 1e9;
    std::string tcols, tsp;
    auto it = torch.find({r.name, r.threads});
    if (haveTorch) {
      if (it != torch.end()) {
        double tms = it->second.ms;
        tcols = " " + fmt("%.3f", tms) + " | " + fmt("%.1f", r.flops / (tms * 1e-3) / 1e9) + " |";
        tsp = " " + fmt("%.2fx", tms / r.attnc.medianMs) + " |";
      } else {
        tcols = " - | - |";
        tsp = " - |";
      }
    }
    std::string ct;
    if (haveCt)
      ct = compileTimes.count(r.spec) ? " " + fmt("%.2f", compileTimes[r.spec].s) + " |" : " - |";
    std::printf("| %s | %d | %.3f | %.1f | %.1f%% | %.3f | %.1f |%s %.2fx |%s %.1e |%s\n",
                r.name.c_str(), r.threads, r.attnc.medianMs, ag,
                100.0 * ag / peak[r.threads], r.blas.medianMs, bg, tcols.c_str(),
                r.blas.medianMs / r.attnc.medianMs, tsp.c_str(), r.maxDiff, ct.c_str());
  }

  bool anyDecode = false;
  for (const Result &r : results)
    anyDecode |= r.ok && r.name.rfind("decode", 0) == 0;
  if (anyDecode) {
    std::printf("\nDecode: K+V bytes read per call / median time (caches flushed before "
                "every call):\n\n");
    std::printf("| case | threads | attnc GB/s | %% of measured BW | OpenBLAS GB/s |%s\n",
                haveTorch ? (" " + torchLabel + " GB/s |").c_str() : "");
    std::printf("|---|---:|---:|---:|---:|%s\n", haveTorch ? "---:|" : "");
    for (const Result &r : results) {
      if (!r.ok || r.name.rfind("decode", 0) != 0) continue;
      double ab = r.kvBytes / (r.attnc.medianMs * 1e-3) / 1e9;
      double bb = r.kvBytes / (r.blas.medianMs * 1e-3) / 1e9;
      std::string tc;
      if (haveTorch) {
        auto it = torch.find({r.name, r.threads});
        tc = it != torch.end() ? " " + fmt("%.1f", r.kvBytes / (it->second.ms * 1e-3) / 1e9) + " |"
                               : " - |";
      }
      std::printf("| %s | %d | %.1f | %.1f%% | %.1f |%s\n", r.name.c_str(), r.threads, ab,
                  100.0 * ab / bw[r.threads], bb, tc.c_str());
    }
  }

  if (!compileTimes.empty()) {
    std::printf("\nCompile time per spec (attnc SPEC.mlir -o lib.so, wall clock; also the "
                "\"compile s\" column above). By default attnc optimises and compiles "
                "the kernels on one thread per hardware thread; the last column is with --jobs=1:\n\n");
    std::printf("| spec | compile s | compile s, --jobs=1 |\n|---|---:|---:|\n");
    for (auto &[name, t] : compileTimes)
      std::printf("| %s | %.2f | %s |\n", name.c_str(), t.s,
                  t.serialS < 0 ? "-" : fmt("%.2f", t.serialS).c_str());
  }

  if (!jsonPath.empty()) {
    std::ofstream js(jsonPath);
    js << "{\n  \"peak_gflops\": {";
    bool first = true;
    for (auto &[t, p] : peak) {
      js << (first ? "" : ", ") << "\"" << t << "\": " << p;
      first = false;
    }
    js << "},\n  \"bandwidth_gbs\": {";
    first = true;
    for (auto &[t, b] : bw) {
      js << (first ? "" : ", ") << "\"" << t << "\": " << b;
      first = false;
    }
    js << "},\n  \"results\": [\n";
    for (size_t i = 0; i < results.size(); ++i) {
      const Result &r = results[i];
      auto it = torch.find({r.name, r.threads});
      js << "    {\"case\": \"" << r.name << "\", \"spec\": \"" << r.spec
         << "\", \"threads\": " << r.threads << ", \"ok\": " << (r.ok ? "true" : "false")
         << ", \"kept_pairs\": " << r.kept << ", \"flops\": " << r.flops
         << ", \"attnc_ms\": " << r.attnc.medianMs << ", \"attnc_reps\": " << r.attnc.reps
         << ", \"openblas_ms\": " << r.blas.medianMs << ", \"openblas_reps\": " << r.blas.reps
         << ", \"torch_ms\": " << (it != torch.end() ? fmt("%g", it->second.ms) : "null")
         << ", \"max_abs_diff\": " << fmt("%g", r.maxDiff)
         << ", \"compile_s\": "
         << (compileTimes.count(r.spec) ? fmt("%g", compileTimes[r.spec].s) : "null")
         << ", \"error\": \"" << r.error << "\"}"
         << (i + 1 < results.size() ? ",\n" : "\n");
    }
    js << "  ]\n}\n";
  }
  if (anyFail) {
    std::fprintf(stderr, "!!!!!!!! some cases FAILED verification; see the table\n");
    return 1;
  }
  return 0;
}
