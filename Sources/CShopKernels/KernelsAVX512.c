// The kernels for AVX-512F (Skylake-X and later, Zen 4 and later): sixteen floats per
// register and 32 registers.
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#define SHOP_VW 16
#define SHOP_FN(name) shop_avx512_##name
#define SHOP_FMA 1
#define SHOP_WIDE 1
#include "KernelBody.h"
#pragma clang attribute pop
#endif
