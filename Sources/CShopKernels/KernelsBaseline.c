// The kernels for the compiler's own target: SSE2 on x86-64 (four floats per register,
// no fused multiply-add), NEON on arm64 (which always has it).
#define SHOP_VW 4
#define SHOP_FN(name) shop_baseline_##name
#if defined(__aarch64__)
#define SHOP_FMA 1
#define SHOP_WIDE 1
#else
#define SHOP_FMA 0
#define SHOP_WIDE 0
#endif
#include "KernelBody.h"
