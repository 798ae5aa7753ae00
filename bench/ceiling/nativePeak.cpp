// Native peak f32 multiply-add throughput on one thread, for bench/ceiling/ceiling.ts, which compiles
// this file at run time with the machine's g++:
//   g++ -O2 -march=native -ffp-contract=off -fno-tree-vectorize -fno-tree-slp-vectorize
// (-ffp-contract=off keeps a multiply and an add apart where the variant says so; no auto-vectorizing,
// so the scalar variants stay scalar). Same loop as the WASM modules (bench/ceiling/wasmPeak.ts):
// `chains` independent accumulators, each `acc = acc * m + a` per iteration, m = 0.5, a = 0.25 read at
// run time, each chain from its own start (a + j/64). Prints one JSON line per variant and chain count:
// the fastest of `calls` timed calls, timed by this thread's CPU time.
// Also estimates the core clock from a chain of dependent integer adds (1 cycle each).
#include <immintrin.h>
#include <time.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// CPU time of this thread: the machine is shared, and time while another job runs is not this loop's.
static double cpuNow() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

// Each chain starts from its own value (read at run time): chains that started equal would be the same
// computation, which a compiler may merge into one (GCC's value numbering does).
template <typename V, int N, typename Op>
__attribute__((noinline)) float run(long iterations, V m, V a, const V* init, Op op, float (*first)(V)) {
  V acc[N];
#pragma GCC unroll 64
  for (int j = 0; j < N; j++) acc[j] = init[j];
  for (long i = 0; i < iterations; i++) {
#pragma GCC unroll 64
    for (int j = 0; j < N; j++) acc[j] = op(acc[j], m, a);
  }
  V sum = acc[0];
#pragma GCC unroll 64
  for (int j = 1; j < N; j++) sum = op(sum, m, acc[j]);
  return first(sum);
}

static double fastest(double (*timed)(long), long iterations, int calls) {
  timed(iterations / 8);
  double best = 1e30;
  for (int c = 0; c < calls; c++) {
    double s = timed(iterations);
    if (s < best) best = s;
  }
  return best;
}

static volatile float g_m = 0.5f, g_a = 0.25f, g_step = 1.0f / 64;
static volatile float g_sink;

#define VARIANT(NAME, V, LANES, SETUP, OP, FIRST)                                                   \
  template <int N>                                                                                \
  double NAME(long iterations) {                                                                  \
    V m = SETUP(g_m), a = SETUP(g_a);                                                             \
    V init[N];                                                                                    \
    for (int j = 0; j < N; j++) init[j] = SETUP(g_a + j * g_step);                                \
    double t0 = cpuNow();                                                                         \
    g_sink = run<V, N>(iterations, m, a, init, [](V x, V y, V z) { return OP; }, [](V s) { return FIRST; }); \
    return cpuNow() - t0;                                                                         \
  }

static inline __m128 ss(float x) { return _mm_set_ss(x); }
VARIANT(scalarMulAdd, __m128, 1, ss, _mm_add_ss(_mm_mul_ss(x, y), z), _mm_cvtss_f32(s))
VARIANT(scalarFma, __m128, 1, ss, _mm_fmadd_ss(x, y, z), _mm_cvtss_f32(s))
VARIANT(sseMulAdd, __m128, 4, _mm_set1_ps, _mm_add_ps(_mm_mul_ps(x, y), z), _mm_cvtss_f32(s))
VARIANT(sseFma, __m128, 4, _mm_set1_ps, _mm_fmadd_ps(x, y, z), _mm_cvtss_f32(s))
VARIANT(avx2MulAdd, __m256, 8, _mm256_set1_ps, _mm256_add_ps(_mm256_mul_ps(x, y), z), _mm256_cvtss_f32(s))
VARIANT(avx2Fma, __m256, 8, _mm256_set1_ps, _mm256_fmadd_ps(x, y, z), _mm256_cvtss_f32(s))
#ifdef __AVX512F__
VARIANT(avx512Fma, __m512, 16, _mm512_set1_ps, _mm512_fmadd_ps(x, y, z), _mm512_cvtss_f32(s))
#endif

static void report(const char* variant, int chains, int lanes, long iterations, double seconds) {
  double flops = 2.0 * iterations * chains * lanes;
  std::printf("{\"variant\":\"%s\",\"chains\":%d,\"lanes\":%d,\"iterations\":%ld,\"seconds\":%.6f,\"gflops\":%.3f}\n", variant, chains, lanes,
              iterations, seconds, flops / seconds / 1e9);
  std::fflush(stdout);
}

// Dependent integer adds: one a cycle on any x86 core, so adds / second = the clock while it runs.
static double clockGhz(int calls) {
  const long iterations = 20000000;
  double best = 1e30;
  for (int c = 0; c < calls; c++) {
    long x = 0;
    double t0 = cpuNow();
    for (long i = 0; i < iterations; i++) {
      asm volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0" : "+r"(x));
    }
    double s = cpuNow() - t0;
    if (s < best) best = s;
  }
  return 8.0 * iterations / best / 1e9;
}

#define MEASURE(NAME, LABEL, LANES, N)                                                         \
  {                                                                                            \
    long it = (long)(targetFlops / (2.0 * (N) * (LANES)));                                     \
    report(LABEL, N, LANES, it, fastest(NAME<N>, it, calls));                                  \
  }

int main(int argc, char** argv) {
  // argv[1]: FLOPs per timed call (sets its length); argv[2]: timed calls per variant.
  double targetFlops = argc > 1 ? std::atof(argv[1]) : 2e9;
  int calls = argc > 2 ? std::atoi(argv[2]) : 5;
  std::printf("{\"clockGhz\":%.3f}\n", clockGhz(calls));
  MEASURE(scalarMulAdd, "scalar-muladd", 1, 8)
  MEASURE(scalarMulAdd, "scalar-muladd", 1, 12)
  MEASURE(scalarFma, "scalar-fma", 1, 8)
  MEASURE(scalarFma, "scalar-fma", 1, 12)
  MEASURE(sseMulAdd, "sse-muladd", 4, 8)
  MEASURE(sseMulAdd, "sse-muladd", 4, 12)
  MEASURE(sseFma, "sse-fma", 4, 8)
  MEASURE(sseFma, "sse-fma", 4, 12)
  MEASURE(avx2MulAdd, "avx2-muladd", 8, 8)
  MEASURE(avx2MulAdd, "avx2-muladd", 8, 12)
  MEASURE(avx2Fma, "avx2-fma", 8, 8)
  MEASURE(avx2Fma, "avx2-fma", 8, 12)
#ifdef __AVX512F__
  MEASURE(avx512Fma, "avx512-fma", 16, 8)
  MEASURE(avx512Fma, "avx512-fma", 16, 12)
  MEASURE(avx512Fma, "avx512-fma", 16, 24)
#endif
  return 0;
}
