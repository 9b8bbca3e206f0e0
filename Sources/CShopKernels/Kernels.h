// The per-level entry points KernelBody.h defines, for Dispatch.c.
#include <stddef.h>

#define SHOP_DECLARE(level)                                                                       \
  void shop_##level##_gemm(                                                                       \
    int M, int N, int K, const float *a, ptrdiff_t rsa, ptrdiff_t csa, const float *b,            \
    ptrdiff_t ldb, const float *init, ptrdiff_t ldinit, float *c, ptrdiff_t ldc);                 \
  void shop_##level##_lstm_gates_forward(                                                         \
    int B, int H, float *gates, const float *cPrev, float *c, float *tanhC, float *h,             \
    ptrdiff_t ldh);                                                                               \
  void shop_##level##_lstm_gates_backward(                                                        \
    int B, int H, const float *gates, const float *cPrev, const float *tanhC, const float *dh,    \
    float *dc, float *dA, float *db);                                                             \
  void shop_##level##_activation(int count, const float *x, float *out, int tanh);

SHOP_DECLARE(baseline)
#if defined(__x86_64__)
SHOP_DECLARE(avx2)
SHOP_DECLARE(avx512)
#endif
