// The kernels for AVX2 with FMA (Haswell and later, Zen): eight floats per register.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define SHOP_VW 8
#define SHOP_FN(name) shop_avx2_##name
#define SHOP_FMA 1
#define SHOP_WIDE 0
#include "KernelBody.h"
#pragma clang attribute pop
#endif
