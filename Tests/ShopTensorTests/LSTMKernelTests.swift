import CShopKernels
import Foundation
import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopTensor

/// The LSTM kernel: activations against libm, the small GEMM against a Double reference, the
/// forward pass against a scalar transcription of the cell equations, and every gradient
/// against central finite differences, at every kernel level this machine has (AVX-512, AVX2,
/// baseline), so the code paths other machines pick are checked too.
final class LSTMKernelTests: XCTestCase {
  /// The kernel levels this machine can run, best first.
  private var levels: [KernelLevel] { KernelLevel.allCases.filter { $0 <= KernelLevel.best }.reversed() }

  /// Runs `body` at every level, restoring the level in use afterwards.
  private func atEveryLevel(_ body: (KernelLevel) throws -> Void) rethrows {
    let saved = KernelLevel.current
    defer { KernelLevel.use(saved) }
    for level in levels {
      XCTAssertEqual(KernelLevel.use(level), level)
      try body(level)
    }
  }

  // MARK: Activations

  func testActivationsMatchLibm() {
    // Reference: Foundation's Double functions; σ promises about one Float ulp relative
    // (from eˣ's polynomial), tanh = 2σ(2x) − 1 about 1e-7 absolute.
    let xs = (-2000...2000).map { Float($0) * 0.04 }  // -80 … 80
    atEveryLevel { level in
      let s = lstmActivation(xs), t = lstmActivation(xs, tanh: true)
      var worstSigmoid = 0.0, worstTanh = 0.0
      for (k, x) in xs.enumerated() {
        let want = 1 / (1 + exp(-Double(x)))
        worstSigmoid = max(worstSigmoid, abs(Double(s[k]) - want) / want)
        worstTanh = max(worstTanh, abs(Double(t[k]) - tanh(Double(x))))
      }
      XCTAssertLessThan(worstSigmoid, 5e-7, "\(level)")
      XCTAssertLessThan(worstTanh, 3e-7, "\(level)")
      // Exactly representable ends and the centre; NaN stays NaN (divergence is detected).
      let ends = lstmActivation([0, -200, 200, .nan]), tanhEnds = lstmActivation([0, 30, -30], tanh: true)
      XCTAssertEqual(ends[0], 0.5, "\(level)")
      XCTAssertEqual(ends[1], 0, accuracy: 1e-30, "\(level)")
      XCTAssertEqual(ends[2], 1, "\(level)")
      XCTAssertTrue(ends[3].isNaN, "\(level)")
      XCTAssertEqual(tanhEnds[0], 0, accuracy: 1e-7, "\(level)")
      XCTAssertEqual(tanhEnds[1], 1, accuracy: 1e-7, "\(level)")
      XCTAssertEqual(tanhEnds[2], -1, accuracy: 1e-7, "\(level)")
    }
  }

  // MARK: GEMM

  func testSmallGEMMMatchesDoubleReference() {
    // C = C + A·B and C = A·B, with A read plain and transposed through its strides, on
    // shapes that exercise every tile (4 × 64, 8 × 32, 8 × 16 columns), the one-row tails
    // and the scalar columns left over.
    var rng = SeededRandom(seed: 21)
    let shapes = [(64, 128, 32), (64, 32, 128), (13, 37, 5), (1, 1, 1), (9, 70, 33), (32, 128, 300)]
    atEveryLevel { level in
      for (M, N, K) in shapes {
        for transposed in [false, true] {
          for accumulate in [false, true] {
            let a = Tensor.randomNormal([M * K], std: 1, using: &rng).scalars
            let b = Tensor.randomNormal([K * N], std: 1, using: &rng).scalars
            var c = Tensor.randomNormal([M * N], std: 1, using: &rng).scalars
            let c0 = c
            let (rsa, csa) = transposed ? (1, M) : (K, 1)
            a.withUnsafeBufferPointer { ap in
              b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                  shop_gemm(
                    Int32(M), Int32(N), Int32(K), ap.baseAddress, rsa, csa, bp.baseAddress, N,
                    accumulate ? cp.baseAddress : nil, N, cp.baseAddress, N)
                }
              }
            }
            for m in 0..<M {
              for n in 0..<N {
                var want = accumulate ? Double(c0[m * N + n]) : 0
                for k in 0..<K { want += Double(a[m * rsa + k * csa]) * Double(b[k * N + n]) }
                // Float rounding of K products of unit normals: a few ulps of √K.
                XCTAssertEqual(
                  Double(c[m * N + n]), want, accuracy: 1e-5 * Double(K).squareRoot() + 1e-5,
                  "\(level) \(M)×\(N)×\(K) t\(transposed) acc\(accumulate) [\(m), \(n)]")
              }
            }
          }
        }
      }
    }
  }

  // MARK: Forward

  /// The cell equations written out with libm, one sample and unit at a time.
  private func referenceForward(
    input: [Float], steps T: Int, batch B: Int, I: Int, H: Int, w: Tensor, b: Tensor
  ) -> [Double] {
    var h = [Double](repeating: 0, count: B * H), c = h
    func sig(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    for t in 0..<T {
      var nh = h, nc = c
      for s in 0..<B {
        for j in 0..<H {
          var a = [Double](repeating: 0, count: 4)
          for g in 0..<4 {
            var z = Double(b.scalars[g * H + j])
            for k in 0..<I { z += Double(input[(t * B + s) * I + k]) * Double(w[k, g * H + j]) }
            for k in 0..<H { z += h[s * H + k] * Double(w[I + k, g * H + j]) }
            a[g] = z
          }
          let cv = sig(a[1]) * c[s * H + j] + sig(a[0]) * tanh(a[2])
          nc[s * H + j] = cv
          nh[s * H + j] = sig(a[3]) * tanh(cv)
        }
      }
      h = nh
      c = nc
    }
    return h
  }

  func testForwardMatchesScalarReference() {
    var rng = SeededRandom(seed: 11)
    // H = 12 exercises both the eight-lane body and the scalar tail.
    let T = 5, B = 3, I = 4, H = 12
    var ws = LSTMWorkspace(inputSize: I, hiddenSize: H)
    let w = Tensor.randomUniform(ws.weightShape, limit: 0.5, using: &rng)
    let b = Tensor.randomUniform([4 * H], limit: 0.5, using: &rng)
    let x = Tensor.randomNormal([T * B * I], std: 1, using: &rng).scalars
    let want = referenceForward(input: x, steps: T, batch: B, I: I, H: H, w: w, b: b)
    atEveryLevel { level in
      let got = ws.forward(input: x, steps: T, batch: B, weights: w, bias: b)
      for k in 0..<want.count { XCTAssertEqual(Double(got[k]), want[k], accuracy: 2e-6, "\(level)") }
    }
    // H = 32 (the forecaster's default): two sixteen-lane vectors per gate, no tail.
    let H2 = 32
    var ws2 = LSTMWorkspace(inputSize: I, hiddenSize: H2)
    let w2 = Tensor.randomUniform(ws2.weightShape, limit: 0.3, using: &rng)
    let b2 = Tensor.randomUniform([4 * H2], limit: 0.3, using: &rng)
    let want2 = referenceForward(input: x, steps: T, batch: B, I: I, H: H2, w: w2, b: b2)
    atEveryLevel { level in
      let got = ws2.forward(input: x, steps: T, batch: B, weights: w2, bias: b2)
      for k in 0..<want2.count { XCTAssertEqual(Double(got[k]), want2[k], accuracy: 2e-6, "\(level)") }
    }
  }

  // MARK: Gradients

  func testGradientsMatchFiniteDifferences() {
    atEveryLevel { level in checkGradients(level: level) }
  }

  private func checkGradients(level: KernelLevel) {
    var rng = SeededRandom(seed: 5)
    let T = 6, B = 3, I = 3, H = 10
    var ws = LSTMWorkspace(inputSize: I, hiddenSize: H)
    var w = Tensor.randomUniform(ws.weightShape, limit: 0.6, using: &rng)
    var b = Tensor.randomUniform([4 * H], limit: 0.6, using: &rng)
    var x = Tensor.randomNormal([T * B * I], std: 1, using: &rng).scalars
    // L = Σ r ⊙ h_T with fixed random r, so every unit of the last state matters.
    let r = Tensor.randomNormal([B * H], std: 1, using: &rng).scalars
    func loss() -> Double {
      let h = ws.forward(input: x, steps: T, batch: B, weights: w, bias: b)
      return zip(h, r).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    _ = loss()
    var dw = Tensor.zeros(w.shape), db = Tensor.zeros(b.shape)
    let dx = ws.backward(finalHiddenGradient: r, weights: w, weightGradient: &dw, biasGradient: &db, inputGradient: true)
    // Central differences with ε = 1e-2 in Float: truncation and rounding each stay near 1e-4
    // for these O(1) values, so 1e-3 absolute plus 1e-2 relative is a careful bound.
    let eps: Float = 1e-2
    func numeric(_ bump: (Float) -> Void) -> Double {
      bump(eps)
      let up = loss()
      bump(-2 * eps)
      let down = loss()
      bump(eps)
      return (up - down) / Double(2 * eps)
    }
    func close(_ analytic: Float, _ n: Double, _ what: String) {
      XCTAssertEqual(Double(analytic), n, accuracy: 1e-3 + 1e-2 * abs(n), "\(level) \(what)")
    }
    for i in 0..<w.count { close(dw.scalars[i], numeric { w.scalars[i] += $0 }, "dW[\(i)]") }
    for i in 0..<b.count { close(db.scalars[i], numeric { b.scalars[i] += $0 }, "db[\(i)]") }
    for i in 0..<x.count { close(dx[i], numeric { x[i] += $0 }, "dx[\(i)]") }
  }

  func testBackwardAccumulatesIntoGradients() {
    // Two backward passes into the same buffers give twice one pass: the kernel adds, as the
    // training loop's contract with its optimiser expects.
    var rng = SeededRandom(seed: 9)
    var ws = LSTMWorkspace(inputSize: 2, hiddenSize: 8)
    let w = Tensor.randomUniform(ws.weightShape, limit: 0.5, using: &rng)
    let b = Tensor.zeros([32])
    let x = Tensor.randomNormal([4 * 2 * 2], std: 1, using: &rng).scalars
    _ = ws.forward(input: x, steps: 4, batch: 2, weights: w, bias: b)
    let g = [Float](repeating: 1, count: 16)
    var dw1 = Tensor.zeros(w.shape), db1 = Tensor.zeros(b.shape)
    ws.backward(finalHiddenGradient: g, weights: w, weightGradient: &dw1, biasGradient: &db1)
    var dw2 = dw1, db2 = db1
    ws.backward(finalHiddenGradient: g, weights: w, weightGradient: &dw2, biasGradient: &db2)
    for i in 0..<dw1.count { XCTAssertEqual(dw2.scalars[i], 2 * dw1.scalars[i], accuracy: 1e-5) }
    for i in 0..<db1.count { XCTAssertEqual(db2.scalars[i], 2 * db1.scalars[i], accuracy: 1e-5) }
  }
}
