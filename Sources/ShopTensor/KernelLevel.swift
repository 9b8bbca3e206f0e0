import CShopKernels

/// The instruction-set level ShopTensor's C kernels (the `CShopKernels` target: small GEMMs and
/// the LSTM gate loops) run at.
///
/// Swift compiles ShopTensor for baseline x86-64 (SSE2, four floats per register, no fused
/// multiply-add) and has no per-function target attribute, so the kernels the LSTM's
/// recurrence spends its time in are C compiled once per level and picked at first use from
/// CPUID and XGETBV (what the CPU has and the OS saves). That needs nothing from the user:
/// no `OPENBLAS_CORETYPE`, no build flag. `SHOPLAB_KERNELS=baseline` or `avx2` in the
/// environment caps the level, to compare code paths.
///
/// Results are reproducible run to run on one machine. Every element sums in the same order
/// at every level, but AVX2 and AVX-512 fuse multiply-adds (one rounding, not two), so two
/// machines may differ in the last bits, as they already do through OpenBLAS's own kernel
/// choice.
public enum KernelLevel: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
  /// SSE2 on x86-64, NEON on arm64.
  case baseline = 0
  /// AVX2 with FMA.
  case avx2 = 1
  /// AVX-512F.
  case avx512 = 2

  /// The level in use.
  public static var current: KernelLevel { KernelLevel(rawValue: Int(shop_kernels_level())) ?? .baseline }
  /// The best level this machine supports.
  public static var best: KernelLevel { KernelLevel(rawValue: Int(shop_kernels_max_level())) ?? .baseline }

  /// Switches the kernels to `level` (or the best below it the machine has) and returns the
  /// level now in use. For tests and benchmarks: not safe while another thread runs kernels.
  @discardableResult
  public static func use(_ level: KernelLevel) -> KernelLevel {
    KernelLevel(rawValue: Int(shop_kernels_set_level(Int32(level.rawValue)))) ?? .baseline
  }

  public static func < (a: KernelLevel, b: KernelLevel) -> Bool { a.rawValue < b.rawValue }

  public var description: String {
    switch self {
    case .baseline: "baseline"
    case .avx2: "avx2"
    case .avx512: "avx512"
    }
  }
}
