import ShopCore
import ShopModels
import ShopTensor
import ShopTestSupport
import XCTest

/// Gradient checks for every layer and loss (finite differences, see `gradientCheck`).
final class LayerAndLossTests: XCTestCase {
  private var rng = SeededRandom(seed: 99)

  private func check(
    _ params: [Variable], tolerance: Double = 1e-2, file: StaticString = #filePath,
    line: UInt = #line, _ f: @escaping () -> Variable
  ) {
    let result = gradientCheck(parameters: params, f)
    XCTAssertLessThan(result.maxError, tolerance, "\(result)", file: file, line: line)
  }

  func testLinearAndFeedForward() {
    let x = Variable.parameter(.randomNormal([5, 4], std: 1, using: &rng))
    let linear = Linear(inputs: 4, outputs: 3, using: &rng)
    let r = Variable(.randomNormal([5, 3], std: 1, using: &rng))
    check([x] + linear.parameters) { (linear(x) * r).sum() }
    for activation in [Activation.tanh, .sigmoid, .relu] {
      let net = FeedForward(sizes: [4, 6, 2], activation: activation, using: &rng)
      let r2 = Variable(.randomNormal([5, 2], std: 1, using: &rng))
      var unused = SeededRandom(seed: 0)
      // ReLU kinks make a few finite differences straddle zero: a looser bound there.
      check([x] + net.parameters, tolerance: activation == .relu ? 5e-2 : 1e-2) {
        (net(x, training: false, using: &unused) * r2).sum()
      }
    }
  }

  func testEmbeddingConcatThenLinear() {
    let users = Embedding(count: 4, dimension: 3, std: 0.5, using: &rng)
    let items = Embedding(count: 5, dimension: 2, std: 0.5, using: &rng)
    let head = Linear(inputs: 5, outputs: 1, using: &rng)
    let params = users.parameters + items.parameters + head.parameters
    check(params) {
      let h = concatenate([users([0, 3, 3]), items([4, 1, 0])])
      return Loss.binaryCrossEntropy(logits: head(h), targets: [1, 0, 1])
    }
  }

  func testLossGradients() {
    let p = Variable.parameter(Tensor([0.3, -1.2, 2.0, 0.7]))
    let q = Variable.parameter(Tensor([0.1, 0.4, -0.5, 1.5]))
    check([p]) { Loss.binaryCrossEntropy(logits: p, targets: [1, 0, 1, 0], weights: [1, 2, 0.5, 1]) }
    check([p]) { Loss.meanSquaredError(predictions: p, targets: [0, 1, 2, 3]) }
    check([p, q]) { Loss.bpr(positive: p, negative: q) }
    check([p]) { Loss.pinball(predictions: p, targets: [1, -2, 1.5, 0], tau: 0.8) }
    check([p, q]) { Loss.l2([p, q], lambda: 0.3) ?? p.sum() }
  }

  func testLossValues() {
    // python3: x=np.array([0.3,-1.2,2.0,0.7]); y=np.array([1,0,1,0])
    //   np.mean(np.logaddexp(0,x) - x*y) = 0.5119379429337472 (BCE on logits)
    let x = Variable(Tensor([0.3, -1.2, 2.0, 0.7]))
    let bce = Loss.binaryCrossEntropy(logits: x, targets: [1, 0, 1, 0]).value.scalar
    assertClose(Double(bce), 0.5119379429337472, tolerance: 1e-6)
    // Stable at extreme logits: log(1 + e^-100) ~ 0 and 100 for the wrong label.
    let extreme = Loss.binaryCrossEntropy(logits: Variable(Tensor([100, -100])), targets: [1, 1])
    assertClose(Double(extreme.value.scalar), 50, tolerance: 1e-6)
    // pinball, tau 0.8: residuals y-p = [0.7, -0.8, -0.5, -0.7] -> [0.56, 0.16, 0.1, 0.14] mean 0.24
    let pin = Loss.pinball(predictions: x, targets: [1, -2, 1.5, 0], tau: 0.8).value.scalar
    assertClose(Double(pin), 0.24, tolerance: 1e-6)
    // BPR of d = 0: log 2
    let bpr = Loss.bpr(positive: Variable(Tensor([1])), negative: Variable(Tensor([1])))
    assertClose(Double(bpr.value.scalar), log(2.0), tolerance: 1e-6)
    // MSE: ((0.3)^2 + (2.2)^2 + 0 + 2.3^2) / 4 = 2.5550
    let mse = Loss.meanSquaredError(predictions: x, targets: [0, 1, 2, 3]).value.scalar
    assertClose(Double(mse), 2.555, tolerance: 1e-6)
  }
}
