import ShopModels
import ShopTensor
import ShopTestSupport
import XCTest

/// Optimiser steps against values worked out by hand (the arithmetic is in the comments).
final class OptimizerTests: XCTestCase {
  private func scalarParameter(_ w: Float) -> Variable { .parameter(Tensor([w])) }

  private func step(_ opt: Optimizer, grad: Float) {
    opt.parameters[0].grad = Tensor([grad])
    opt.step()
    opt.zeroGrad()
  }

  func testSGDWithMomentum() {
    let p = scalarParameter(1)
    let sgd = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9)
    step(sgd, grad: 2)  // v = 2, w = 1 - 0.1·2 = 0.8
    assertClose(Double(p.value.scalar), 0.8, tolerance: 1e-6)
    step(sgd, grad: 2)  // v = 0.9·2 + 2 = 3.8, w = 0.8 - 0.38 = 0.42
    assertClose(Double(p.value.scalar), 0.42, tolerance: 1e-6)
  }

  func testSGDWeightDecay() {
    let p = scalarParameter(1)
    let sgd = SGD(parameters: [p], learningRate: 0.1, weightDecay: 0.5)
    step(sgd, grad: 2)  // g = 2 + 0.5·1 = 2.5, w = 1 - 0.25
    assertClose(Double(p.value.scalar), 0.75, tolerance: 1e-6)
  }

  func testAdamTwoSteps() {
    let p = scalarParameter(1)
    let adam = Adam(parameters: [p], learningRate: 0.1)
    step(adam, grad: 2)  // m̂ = 2, v̂ = 4: update 2 / 2 = 1, w = 0.9
    assertClose(Double(p.value.scalar), 0.9, tolerance: 1e-6)
    // m = 0.9·0.2 - 0.1 = 0.08, v = 0.999·0.004 + 0.001 = 0.004996,
    // m̂ = 0.08 / 0.19, v̂ = 0.004996 / 0.001999 -> w = 0.8733662962024316 (python3)
    step(adam, grad: -1)
    assertClose(Double(p.value.scalar), 0.8733662962024316, tolerance: 1e-6)
  }

  func testAdamWDecouplesDecay() {
    let p = scalarParameter(1)
    let adamw = Adam(parameters: [p], learningRate: 0.1, weightDecay: 0.1, decoupled: true)
    step(adamw, grad: 2)  // update = 1 + 0.1·1, w = 1 - 0.11
    assertClose(Double(p.value.scalar), 0.89, tolerance: 1e-6)
    let q = scalarParameter(1)
    let adam = Adam(parameters: [q], learningRate: 0.1, weightDecay: 0.1)
    step(adam, grad: 2)  // L2: g = 2.1, m̂/sqrt(v̂) = 1, w = 0.9: coupled decay vanishes here
    assertClose(Double(q.value.scalar), 0.9, tolerance: 1e-6)
  }

  func testAdagrad() {
    let p = scalarParameter(1)
    let adagrad = Adagrad(parameters: [p], learningRate: 0.1)
    step(adagrad, grad: 2)  // G = 4, w = 1 - 0.1·2/2 = 0.9
    assertClose(Double(p.value.scalar), 0.9, tolerance: 1e-6)
    step(adagrad, grad: 2)  // G = 8, w = 0.9 - 0.2/sqrt(8) = 0.8292893218813453
    assertClose(Double(p.value.scalar), 0.8292893218813453, tolerance: 1e-6)
  }

  func testSparseUpdatesTouchOnlyLookedUpRows() {
    for kind in OptimizerKind.allCases {
      let table = Variable.parameter(Tensor(rows: [[1, 1], [1, 1], [1, 1]]), sparse: true)
      let opt = kind.make(parameters: [table], learningRate: 0.1, weightDecay: 0.5)
      table.gatherRows([1]).sum().backward()
      opt.step()
      opt.zeroGrad()
      XCTAssertEqual(table.value.row(0), [1, 1], "\(kind): untouched row moved")
      XCTAssertEqual(table.value.row(2), [1, 1], "\(kind): untouched row moved")
      XCTAssertLessThan(table.value.row(1)[0], 1, "\(kind): touched row did not move")
      XCTAssertEqual(table.grad?.sumOfSquares(), 0)
    }
  }

  func testClipGradientNorm() {
    let a = Variable.parameter(Tensor([0]))
    let b = Variable.parameter(Tensor([0]))
    a.grad = Tensor([3])
    b.grad = Tensor([4])
    XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 1), 5)
    assertClose(Double(a.grad?.scalar ?? 0), 0.6, tolerance: 1e-5)
    assertClose(Double(b.grad?.scalar ?? 0), 0.8, tolerance: 1e-5)
    XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 10), gradientNorm([a, b]))
    assertClose(Double(a.grad?.scalar ?? 0), 0.6, tolerance: 1e-5)
  }
}
