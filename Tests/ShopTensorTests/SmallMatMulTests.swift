import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopTensor

/// `Tensor.smallMatmul` (ShopTensor's own kernels) against `Tensor.matmul` (OpenBLAS) for
/// every transpose combination, with and without the added row, at every kernel level.
final class SmallMatMulTests: XCTestCase {
  func testMatchesOpenBLASProduct() {
    var rng = SeededRandom(seed: 8)
    let saved = KernelLevel.current
    defer { KernelLevel.use(saved) }
    for level in KernelLevel.allCases where level <= KernelLevel.best {
      KernelLevel.use(level)
      // The forecaster's head shapes (64 × 32 · 32 × 28) and an odd one.
      for (m, k, n) in [(64, 32, 28), (5, 7, 3)] {
        for transposeSelf in [false, true] {
          for transposeOther in [false, true] {
            let a = Tensor.randomNormal(transposeSelf ? [k, m] : [m, k], std: 1, using: &rng)
            let b = Tensor.randomNormal(transposeOther ? [n, k] : [k, n], std: 1, using: &rng)
            let row = Tensor.randomNormal([n], std: 1, using: &rng)
            let want = a.matmul(b, transposeSelf: transposeSelf, transposeOther: transposeOther)
            let got = a.smallMatmul(b, transposeSelf: transposeSelf, transposeOther: transposeOther)
            let plus = a.smallMatmul(b, transposeSelf: transposeSelf, transposeOther: transposeOther, plusRow: row)
            XCTAssertEqual(got.shape, [m, n])
            for i in 0..<m {
              for j in 0..<n {
                let what = "\(level) \(m)×\(k)×\(n) tA\(transposeSelf) tB\(transposeOther) [\(i), \(j)]"
                // Both in Float, in different orders: a few ulps of √k.
                XCTAssertEqual(got[i, j], want[i, j], accuracy: 2e-5 * Float(k).squareRoot(), what)
                XCTAssertEqual(plus[i, j], want[i, j] + row.scalars[j], accuracy: 2e-5 * Float(k).squareRoot(), what)
              }
            }
          }
        }
      }
    }
  }
}
