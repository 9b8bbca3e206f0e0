import Foundation
import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopTensor

/// The LSTM kernel: activations against libm, the forward pass against a scalar transcription
/// of the cell equations, and every gradient against central finite differences.
final class LSTMKernelTests: XCTestCase {
  // MARK: Activations

  func testVectorisedExpMatchesLibm() {
    // Reference: Foundation's exp in Double; the kernel promises about one Float ulp.
    var worst = 0.0
    for k in -2000...2000 {
      let x = Float(k) * 0.04  // -80 … 80
      let got = Double(_exp8(SIMD8(repeating: x))[0])
      let want = exp(Double(x))
      worst = max(worst, abs(got - want) / want)
    }
    XCTAssertLessThan(worst, 5e-7)
    XCTAssertEqual(_sigmoid(0), 0.5, accuracy: 1e-7)
    XCTAssertEqual(_tanh(0.5), Float(tanh(0.5)), accuracy: 2e-7)
    XCTAssertEqual(_sigmoid(-200), 0, accuracy: 1e-30)
    XCTAssertEqual(_tanh(30), 1, accuracy: 1e-7)
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
    let got = ws.forward(input: x, steps: T, batch: B, weights: w, bias: b)
    let want = referenceForward(input: x, steps: T, batch: B, I: I, H: H, w: w, b: b)
    for k in 0..<want.count { XCTAssertEqual(Double(got[k]), want[k], accuracy: 2e-6) }
  }

  // MARK: Gradients

  func testGradientsMatchFiniteDifferences() {
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
      XCTAssertEqual(Double(analytic), n, accuracy: 1e-3 + 1e-2 * abs(n), what)
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
