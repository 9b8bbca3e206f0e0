import ShopCore
import ShopTensor
import ShopTestSupport
import XCTest

/// The optimiser kernels (SIMD body plus scalar tail) against a plain Double reference.
final class UpdateKernelTests: XCTestCase {
  func testAdamKernelMatchesReferenceOnBodyAndTail() {
    var rng = SeededRandom(seed: 12)
    let n = 37  // four 8-lane blocks and a 5-element tail
    for decoupled in [false, true] {
      var w = Tensor.randomNormal([n], std: 1, using: &rng)
      var m = Tensor.zeros([n]), v = Tensor.zeros([n])
      var rw = w.scalars.map(Double.init)
      var rm = [Double](repeating: 0, count: n), rv = rm
      let (lr, b1, b2, eps, wd) = (0.01, 0.9, 0.999, 1e-8, 0.1)
      for t in 1...3 {
        let g = Tensor.randomNormal([n], std: 1, using: &rng)
        let step = AdamStep(
          learningRate: Float(lr), beta1: Float(b1), beta2: Float(b2), epsilon: Float(eps),
          correction1: Float(1 - pow(b1, Double(t))), correction2: Float(1 - pow(b2, Double(t))),
          weightDecay: Float(wd), decoupled: decoupled)
        // Update only [0, 20) and [24, 37): elements 20..<24 must not move.
        let frozen = Array(w.scalars[20..<24])
        Tensor.adamUpdate(weights: &w, gradient: g, m: &m, v: &v, ranges: [0..<20, 24..<37], step: step)
        XCTAssertEqual(Array(w.scalars[20..<24]), frozen)
        for i in Array(0..<20) + Array(24..<37) {
          let gi = Double(g.scalars[i]) + (decoupled ? 0 : wd * rw[i])
          rm[i] = b1 * rm[i] + (1 - b1) * gi
          rv[i] = b2 * rv[i] + (1 - b2) * gi * gi
          var u = (rm[i] / (1 - pow(b1, Double(t)))) / ((rv[i] / (1 - pow(b2, Double(t)))).squareRoot() + eps)
          if decoupled { u += wd * rw[i] }
          rw[i] -= lr * u
        }
      }
      for i in Array(0..<20) + Array(24..<37) {
        assertClose(Double(w.scalars[i]), rw[i], tolerance: 1e-5)
      }
    }
  }

  func testSGDAndAdagradKernels() {
    var w = Tensor([1, 2, 3])
    var vel = Tensor.zeros([3])
    let g = Tensor([1, 1, 1])
    Tensor.sgdUpdate(weights: &w, gradient: g, velocity: &vel, ranges: [0..<2], learningRate: 0.5, momentum: 0.9, weightDecay: 0)
    XCTAssertEqual(w.scalars, [0.5, 1.5, 3])
    Tensor.sgdUpdate(weights: &w, gradient: g, velocity: &vel, ranges: [0..<2], learningRate: 0.5, momentum: 0.9, weightDecay: 0)
    XCTAssertEqual(w.scalars, [0.5 - 0.95, 1.5 - 0.95, 3])  // v = 0.9 + 1
    var a = Tensor([1])
    var ss = Tensor([0])
    Tensor.adagradUpdate(weights: &a, gradient: Tensor([3]), sumSquares: &ss, ranges: [0..<1], learningRate: 0.1, epsilon: 0, weightDecay: 0)
    XCTAssertEqual(a.scalar, 0.9, accuracy: 1e-7)  // 1 - 0.1 * 3 / 3
  }
}
