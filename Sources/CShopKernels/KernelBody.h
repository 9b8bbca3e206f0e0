// The kernels, written once over a vector of SHOP_VW floats and included by one file per
// instruction set (KernelsBaseline.c, KernelsAVX2.c, KernelsAVX512.c), which defines
//   SHOP_VW       floats per vector register
//   SHOP_FN(name) the exported name with the level's suffix
//   SHOP_FMA      1 when fused multiply-add is an instruction (else multiply, then add)
//   SHOP_WIDE     1 when there are 32 vector registers (a 4 × 4-vector GEMM tile fits)
// The file is compiled with -ffp-contract=off, so only the explicit fused multiply-adds
// below are fused and a vector lane and the scalar tail compute the same function.
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "CShopKernels.h"

typedef float vf __attribute__((vector_size(SHOP_VW * 4)));
typedef int32_t vi __attribute__((vector_size(SHOP_VW * 4)));

#define INLINE static inline __attribute__((always_inline))

INLINE vf ld(const float *p) {
  vf v;
  memcpy(&v, p, sizeof v);
  return v;
}
INLINE void st(float *p, vf v) { memcpy(p, &v, sizeof v); }
// s − (+0) is s for every s (−0 and NaN included), so this folds to a plain broadcast; 0 + s
// would not (−0 + 0 = +0) and costs a scalar add per broadcast under -ffp-contract=off rules.
INLINE vf splat(float s) { return s - (vf){0}; }

#if SHOP_FMA
INLINE vf vfma(vf a, vf b, vf c) { return __builtin_elementwise_fma(a, b, c); }
INLINE float sfma(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
#else
INLINE vf vfma(vf a, vf b, vf c) { return a * b + c; }
INLINE float sfma(float a, float b, float c) { return a * b + c; }
#endif

// MARK: GEMM

/// One MR × NV-vector block of C over all of K, accumulators in registers. Called with
/// constant mr and nv, so the loops unroll after inlining.
INLINE void tile(
  int mr, int nv, int K, const float *a, ptrdiff_t rsa, ptrdiff_t csa, const float *b, ptrdiff_t ldb,
  const float *init, ptrdiff_t ldinit, float *c, ptrdiff_t ldc
) {
  vf acc[8][4];
  for (int r = 0; r < mr; r++)
    for (int v = 0; v < nv; v++) acc[r][v] = init ? ld(init + r * ldinit + v * SHOP_VW) : splat(0);
  for (int k = 0; k < K; k++) {
    vf bv[4];
    for (int v = 0; v < nv; v++) bv[v] = ld(b + k * ldb + v * SHOP_VW);
    for (int r = 0; r < mr; r++) {
      vf s = splat(a[r * rsa + k * csa]);
      for (int v = 0; v < nv; v++) acc[r][v] = vfma(s, bv[v], acc[r][v]);
    }
  }
  for (int r = 0; r < mr; r++)
    for (int v = 0; v < nv; v++) st(c + r * ldc + v * SHOP_VW, acc[r][v]);
}

/// Columns n ..< n + nv·VW of C for every row: mr rows at a time, then one at a time.
#define SHOP_PANEL(mr, nv)                                                                       \
  do {                                                                                           \
    int m = 0;                                                                                   \
    for (; m + (mr) <= M; m += (mr))                                                             \
      tile(mr, nv, K, a + m * rsa, rsa, csa, b + n, ldb, init ? init + m * ldinit + n : 0, ldinit, \
           c + m * ldc + n, ldc);                                                                \
    for (; m < M; m++)                                                                           \
      tile(1, nv, K, a + m * rsa, rsa, csa, b + n, ldb, init ? init + m * ldinit + n : 0, ldinit,  \
           c + m * ldc + n, ldc);                                                                \
    n += (nv) * SHOP_VW;                                                                         \
  } while (0)

static void gemm_block(
  int M, int N, int K, const float *a, ptrdiff_t rsa, ptrdiff_t csa, const float *b, ptrdiff_t ldb,
  const float *init, ptrdiff_t ldinit, float *c, ptrdiff_t ldc
) {
  int n = 0;
  // Tiles of 16 accumulators where the registers allow (8 with 16 registers), so the
  // fused multiply-adds of a k step are independent of each other.
#if SHOP_WIDE
  while (n + 4 * SHOP_VW <= N) SHOP_PANEL(4, 4);
  while (n + 2 * SHOP_VW <= N) SHOP_PANEL(8, 2);
#else
  while (n + 2 * SHOP_VW <= N) SHOP_PANEL(4, 2);
#endif
  while (n + SHOP_VW <= N) SHOP_PANEL(8, 1);
  for (; n < N; n++) {
    for (int m = 0; m < M; m++) {
      float acc = init ? init[m * ldinit + n] : 0;
      for (int k = 0; k < K; k++) acc = sfma(a[m * rsa + k * csa], b[k * ldb + n], acc);
      c[m * ldc + n] = acc;
    }
  }
}

/// Long products (the weight gradients sum over all T·B rows) go in blocks of K whose rows of
/// B stay in the L1 cache (about 24 KB) while every tile of C passes over them, instead of
/// streaming all of B from L2 once per tile. C holds the partial sums between blocks, so each
/// element still adds k = 0, 1, … in order: the same bits as one pass.
void SHOP_FN(gemm)(
  int M, int N, int K, const float *a, ptrdiff_t rsa, ptrdiff_t csa, const float *b, ptrdiff_t ldb,
  const float *init, ptrdiff_t ldinit, float *c, ptrdiff_t ldc
) {
  int kc = 24576 / (4 * (N > 0 ? N : 1));
  if (kc < 16) kc = 16;
  if (K <= 2 * kc) {
    gemm_block(M, N, K, a, rsa, csa, b, ldb, init, ldinit, c, ldc);
    return;
  }
  for (int k0 = 0; k0 < K; k0 += kc) {
    const int n = K - k0 < kc ? K - k0 : kc;
    gemm_block(
      M, N, n, a + k0 * csa, rsa, csa, b + k0 * ldb, ldb, k0 == 0 ? init : c, k0 == 0 ? ldinit : ldc, c, ldc);
  }
}

// MARK: Activations

/// min(max(x, lo), hi) lane by lane, NaN kept (so a diverging model is still detected). x86's
/// max and min return their second operand when either is NaN: one instruction each.
INLINE vf clamp(vf x, float lo, float hi) {
#if defined(__x86_64__) && SHOP_VW == 16
  return (vf)_mm512_min_ps((__m512)splat(hi), _mm512_max_ps((__m512)splat(lo), (__m512)x));
#elif defined(__x86_64__) && SHOP_VW == 8
  return (vf)_mm256_min_ps((__m256)splat(hi), _mm256_max_ps((__m256)splat(lo), (__m256)x));
#elif defined(__x86_64__) && SHOP_VW == 4
  return (vf)_mm_min_ps((__m128)splat(hi), _mm_max_ps((__m128)splat(lo), (__m128)x));
#else
  vi low = x < splat(lo), high = x > splat(hi);
  x = (vf)(((vi)x & ~low) | ((vi)splat(lo) & low));
  return (vf)(((vi)x & ~high) | ((vi)splat(hi) & high));
#endif
}

/// eˣ: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 Taylor polynomial for eʳ in Horner form
/// (relative error below 2e-7, about one ulp) times 2ⁿ; inputs clamped to [-87, 88] so 2ⁿ
/// stays normal (NaN passes through). AVX-512 rounds and scales in one instruction each
/// (vrndscaleps, vscalefps); elsewhere adding 1.5·2²³ rounds x·log₂e to the nearest integer
/// n, leaving n in the low mantissa bits, and 2ⁿ is built in the exponent bits. Both give
/// the same n and the same 2ⁿ.
INLINE vf vexp(vf x) {
  x = clamp(x, -87, 88);
#if defined(__x86_64__) && SHOP_VW == 16
  vf n = (vf)_mm512_roundscale_ps((__m512)(x * 1.44269504f), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
#else
  const vf magic = splat(12582912.0f);
  vf t = vfma(x, splat(1.44269504f), magic);
  vf n = t - magic;
#endif
  vf r = vfma(n, splat(-1.4286068e-6f), vfma(n, splat(-0.69314575f), x));  // ln2 in two parts
  vf p = splat(1.0f / 720);
  p = vfma(p, r, splat(1.0f / 120));
  p = vfma(p, r, splat(1.0f / 24));
  p = vfma(p, r, splat(1.0f / 6));
  p = vfma(p, r, splat(0.5f));
  p = vfma(p, r, splat(1.0f));
  p = vfma(p, r, splat(1.0f));
#if defined(__x86_64__) && SHOP_VW == 16
  return (vf)_mm512_scalef_ps((__m512)p, (__m512)n);
#else
  vi ni = (vi)t - 0x4B400000;
  return p * (vf)((ni + 127) << 23);
#endif
}

/// 1/d. With AVX-512, the 14-bit reciprocal estimate and one Newton step (relative error
/// about 2⁻²³, a few times cheaper than a division, which otherwise bounds the gate loop).
INLINE vf vrecip(vf d) {
#if SHOP_VW == 16 && defined(__x86_64__)
  vf y = (vf)_mm512_rcp14_ps((__m512)d);
  return vfma(y, vfma(-d, y, splat(1.0f)), y);
#else
  return 1.0f / d;
#endif
}

INLINE vf vsigmoid(vf x) { return vrecip(1.0f + vexp(-x)); }
/// tanh x = 2σ(2x) − 1; absolute error about 1e-7.
INLINE vf vtanh(vf x) { return 2.0f * vsigmoid(2.0f * x) - 1.0f; }

// The scalar tail goes through lane 0 of the same vector code, so every unit computes the
// same function whatever H is.
INLINE float ssigmoid(float x) { return vsigmoid(splat(x))[0]; }
INLINE float stanh(float x) { return vtanh(splat(x))[0]; }

void SHOP_FN(activation)(int count, const float *x, float *out, int tanh) {
  int k = 0;
  for (; k + SHOP_VW <= count; k += SHOP_VW) st(out + k, tanh ? vtanh(ld(x + k)) : vsigmoid(ld(x + k)));
  for (; k < count; k++) out[k] = tanh ? stanh(x[k]) : ssigmoid(x[k]);
}

// MARK: LSTM gates

/// σ or tanh of `count` values in place.
INLINE void activate(float *x, int count, int tanh) {
  int k = 0;
  for (; k + SHOP_VW <= count; k += SHOP_VW) st(x + k, tanh ? vtanh(ld(x + k)) : vsigmoid(ld(x + k)));
  for (; k < count; k++) x[k] = tanh ? stanh(x[k]) : ssigmoid(x[k]);
}

void SHOP_FN(lstm_gates_forward)(
  int B, int H, float *gates, const float *cPrev, float *c, float *tanhC, float *h, ptrdiff_t ldh
) {
  const int G = 4 * H;
  // Two passes. The gate activations of a row are independent of each other, so a pass of
  // only those keeps the vector units busy; the cell update, whose tanh waits on all four
  // gates, follows as a second, short pass while the row is still in L1.
  for (int s = 0; s < B; s++) {
    float *row = gates + s * G;
    activate(row, 2 * H, 0);  // i, f
    activate(row + 2 * H, H, 1);  // g
    activate(row + 3 * H, H, 0);  // o
    const float *cp = cPrev + s * H;
    float *cn = c + s * H, *tc = tanhC + s * H, *hn = h + s * ldh;
    int j = 0;
    for (; j + SHOP_VW <= H; j += SHOP_VW) {
      vf cv = ld(row + H + j) * ld(cp + j) + ld(row + j) * ld(row + 2 * H + j);
      vf th = vtanh(cv);
      st(cn + j, cv);
      st(tc + j, th);
      st(hn + j, ld(row + 3 * H + j) * th);
    }
    for (; j < H; j++) {
      float cv = row[H + j] * cp[j] + row[j] * row[2 * H + j];
      float th = stanh(cv);
      cn[j] = cv;
      tc[j] = th;
      hn[j] = row[3 * H + j] * th;
    }
  }
}

static void column_sums(int rows, int cols, const float *a, ptrdiff_t lda, float *sums) {
  int j = 0;
  for (; j + SHOP_VW <= cols; j += SHOP_VW) {
    vf acc = ld(sums + j);
    for (int r = 0; r < rows; r++) acc = acc + ld(a + r * lda + j);
    st(sums + j, acc);
  }
  for (; j < cols; j++) {
    float acc = sums[j];
    for (int r = 0; r < rows; r++) acc += a[r * lda + j];
    sums[j] = acc;
  }
}

void SHOP_FN(lstm_gates_backward)(
  int B, int H, const float *gates, const float *cPrev, const float *tanhC, const float *dh,
  float *dc, float *dA, float *db
) {
  const int G = 4 * H;
  for (int s = 0; s < B; s++) {
    const float *row = gates + s * G;
    float *drow = dA + s * G;
    const int base = s * H;
    int j = 0;
    for (; j + SHOP_VW <= H; j += SHOP_VW) {
      const int k = base + j;
      vf i = ld(row + j), f = ld(row + H + j), g = ld(row + 2 * H + j), o = ld(row + 3 * H + j);
      vf th = ld(tanhC + k), dhv = ld(dh + k);
      vf dcv = ld(dc + k) + dhv * o * (1.0f - th * th);
      st(drow + j, dcv * g * i * (1.0f - i));
      st(drow + H + j, dcv * ld(cPrev + k) * f * (1.0f - f));
      st(drow + 2 * H + j, dcv * i * (1.0f - g * g));
      st(drow + 3 * H + j, dhv * th * o * (1.0f - o));
      st(dc + k, dcv * f);
    }
    for (; j < H; j++) {
      const int k = base + j;
      float i = row[j], f = row[H + j], g = row[2 * H + j], o = row[3 * H + j];
      float th = tanhC[k], dhv = dh[k];
      float dcv = dc[k] + dhv * o * (1.0f - th * th);
      drow[j] = dcv * g * i * (1.0f - i);
      drow[H + j] = dcv * cPrev[k] * f * (1.0f - f);
      drow[2 * H + j] = dcv * i * (1.0f - g * g);
      drow[3 * H + j] = dhv * th * o * (1.0f - o);
      dc[k] = dcv * f;
    }
  }
  // ∂L/∂b += Σ over the step's samples of dA, while dA is still in L1.
  column_sums(B, G, dA, G, db);
}

