// Small dense kernels for ShopTensor's LSTM, compiled for several x86 instruction sets and
// chosen at run time (see Dispatch.c). Swift compiles ShopTensor for baseline x86-64 (SSE2)
// and has no per-function target attribute, so the AVX2/FMA and AVX-512 code paths the
// recurrent loop needs live here. Only ShopTensor imports this module; everything is
// row-major Float32, and every result is computed in a fixed order, so one machine gives the
// same bits run to run.
#ifndef CSHOPKERNELS_H
#define CSHOPKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction-set levels, lowest first.
enum {
  SHOP_KERNELS_BASELINE = 0,  // SSE2 on x86-64, NEON on arm64: what the compiler targets anyway
  SHOP_KERNELS_AVX2 = 1,      // AVX2 + FMA, 8 floats per register
  SHOP_KERNELS_AVX512 = 2,    // AVX-512F, 16 floats per register
};

/// The level in use: the best the CPU and OS support, unless `SHOPLAB_KERNELS`
/// (baseline | avx2 | avx512) asked for a lower one when the kernels were first used.
int shop_kernels_level(void);
/// Uses `level`, lowered to what the machine supports; returns the level now in use. For
/// tests and benchmarks that compare code paths; not thread-safe against running kernels.
int shop_kernels_set_level(int level);
/// The best level this machine supports.
int shop_kernels_max_level(void);

/// C[M×N] = C₀ + A·B, with A's element (m, k) at a[m·rsa + k·csa] (so one routine covers A
/// and Aᵀ), B row-major with leading dimension ldb, C with ldc. C₀'s row m is
/// init[m·ldinit ..< +N]: `init` = c and `ldinit` = ldc accumulate into C, `ldinit` = 0
/// repeats one row (a bias), a null `init` starts from zero. Each element of C adds
/// k = 0, 1, … K−1 to its C₀ in order, so results do not depend on the blocking.
void shop_gemm(
  int M, int N, int K, const float *a, ptrdiff_t rsa, ptrdiff_t csa, const float *b, ptrdiff_t ldb,
  const float *init, ptrdiff_t ldinit, float *c, ptrdiff_t ldc);

/// One LSTM step's gates for B samples: `gates` holds the pre-activations [B × 4H] (columns
/// i f g o) on entry and the activations σ(i) σ(f) tanh(g) σ(o) on return;
/// c = f⊙cPrev + i⊙g, tanhC = tanh c (both [B × H]) and h = o⊙tanhC, sample s's row at
/// h + s·ldh (so h can land inside the next step's [x, h] rows).
void shop_lstm_gates_forward(
  int B, int H, float *gates, const float *cPrev, float *c, float *tanhC, float *h, ptrdiff_t ldh);

/// The backward of one step: from the activations, cPrev, tanhC and ∂L/∂h (`dh`), with the
/// carried ∂L/∂c in `dc` (updated to ∂L/∂c₍t-1₎ = dc⊙f), writes the pre-activation gradients
/// dA [B × 4H] and adds their column sums (samples in order) to the bias gradient db [4H].
void shop_lstm_gates_backward(
  int B, int H, const float *gates, const float *cPrev, const float *tanhC, const float *dh,
  float *dc, float *dA, float *db);

/// The activations the gate kernels use, for tests: out = σ(x) (`tanh` 0) or tanh x, at the
/// level in use.
void shop_activation(int count, const float *x, float *out, int tanh);

#ifdef __cplusplus
}
#endif

#endif
