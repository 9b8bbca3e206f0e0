// Picks the kernels' instruction-set level once, from what the CPU reports and the OS saves
// on a context switch (CPUID and XGETBV, so a VM that hides the CPU model still gets its
// AVX-512), and forwards every call to that level's code. OpenBLAS's own detection goes by
// the CPU model and falls back to SSE3 kernels on such VMs; this does not depend on it.
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "CShopKernels.h"
#include "Kernels.h"

#if defined(__x86_64__)
#include <cpuid.h>

static unsigned long long xgetbv0(void) {
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((unsigned long long)hi << 32) | lo;
}

static int detect(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return SHOP_KERNELS_BASELINE;
  const int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
  if (!osxsave || !avx || !fma) return SHOP_KERNELS_BASELINE;
  const unsigned long long xcr0 = xgetbv0();
  if ((xcr0 & 0x6) != 0x6) return SHOP_KERNELS_BASELINE;  // XMM and YMM state saved
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return SHOP_KERNELS_BASELINE;
  const int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
  if (!avx2) return SHOP_KERNELS_BASELINE;
  // Opmask, ZMM0–15 upper halves and ZMM16–31 saved too.
  if (avx512f && (xcr0 & 0xE6) == 0xE6) return SHOP_KERNELS_AVX512;
  return SHOP_KERNELS_AVX2;
}
#else
static int detect(void) { return SHOP_KERNELS_BASELINE; }
#endif

static atomic_int maxLevel = -1, level = -1;

int shop_kernels_max_level(void) {
  int m = atomic_load_explicit(&maxLevel, memory_order_relaxed);
  if (m < 0) {
    m = detect();
    atomic_store_explicit(&maxLevel, m, memory_order_relaxed);
  }
  return m;
}

int shop_kernels_level(void) {
  int l = atomic_load_explicit(&level, memory_order_relaxed);
  if (l >= 0) return l;
  l = shop_kernels_max_level();
  const char *asked = getenv("SHOPLAB_KERNELS");
  if (asked && strcmp(asked, "baseline") == 0) l = SHOP_KERNELS_BASELINE;
  if (asked && strcmp(asked, "avx2") == 0 && l > SHOP_KERNELS_AVX2) l = SHOP_KERNELS_AVX2;
  atomic_store_explicit(&level, l, memory_order_relaxed);
  return l;
}

int shop_kernels_set_level(int wanted) {
  int l = wanted < SHOP_KERNELS_BASELINE ? SHOP_KERNELS_BASELINE : wanted;
  if (l > shop_kernels_max_level()) l = shop_kernels_max_level();
  atomic_store_explicit(&level, l, memory_order_relaxed);
  return l;
}

#if defined(__x86_64__)
#define SHOP_DISPATCH(name, args)                            \
  switch (shop_kernels_level()) {                           \
  case SHOP_KERNELS_AVX512: shop_avx512_##name args; break; \
  case SHOP_KERNELS_AVX2: shop_avx2_##name args; break;     \
  default: shop_baseline_##name args; break;                \
  }
#else
#define SHOP_DISPATCH(name, args) shop_baseline_##name args;
#endif

void shop_gemm(
  int M, int N, int K, const float *a, ptrdiff_t rsa, ptrdiff_t csa, const float *b, ptrdiff_t ldb,
  const float *init, ptrdiff_t ldinit, float *c, ptrdiff_t ldc
) {
  SHOP_DISPATCH(gemm, (M, N, K, a, rsa, csa, b, ldb, init, ldinit, c, ldc))
}

void shop_lstm_gates_forward(
  int B, int H, float *gates, const float *cPrev, float *c, float *tanhC, float *h, ptrdiff_t ldh
) {
  SHOP_DISPATCH(lstm_gates_forward, (B, H, gates, cPrev, c, tanhC, h, ldh))
}

void shop_lstm_gates_backward(
  int B, int H, const float *gates, const float *cPrev, const float *tanhC, const float *dh, float *dc,
  float *dA, float *db
) {
  SHOP_DISPATCH(lstm_gates_backward, (B, H, gates, cPrev, tanhC, dh, dc, dA, db))
}

void shop_activation(int count, const float *x, float *out, int tanh) {
  SHOP_DISPATCH(activation, (count, x, out, tanh))
}
