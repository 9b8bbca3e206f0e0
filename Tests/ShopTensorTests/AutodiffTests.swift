import ShopCore
import ShopTensor
import ShopTestSupport
import XCTest

/// Every backward rule in Variable+Ops.swift, checked against central finite differences.
final class AutodiffTests: XCTestCase {
  private var rng = SeededRandom(seed: 2024)

  private func param(_ shape: [Int], sparse: Bool = false) -> Variable {
    .parameter(Tensor.randomNormal(shape, std: 1, using: &rng), sparse: sparse)
  }

  /// A fixed random weighting so the checked scalar depends on every output element.
  private func weights(_ shape: [Int]) -> Variable {
    Variable(Tensor.randomNormal(shape, std: 1, using: &rng))
  }

  private func check(
    _ params: [Variable], tolerance: Double = 1e-2, file: StaticString = #filePath,
    line: UInt = #line, _ f: @escaping () -> Variable
  ) {
    let result = gradientCheck(parameters: params, f)
    XCTAssertLessThan(result.maxError, tolerance, "\(result)", file: file, line: line)
  }

  func testHandWorkedExample() {
    // loss = sum(x·w) with x = [[1,2],[3,4]], w = [0.5,-1]ᵀ: d/dw = column sums of x = [4, 6].
    let w = Variable.parameter(Tensor(shape: [2, 1], scalars: [0.5, -1]))
    let x = Variable(Tensor(rows: [[1, 2], [3, 4]]))
    let loss = x.matmul(w).sum()
    XCTAssertEqual(loss.value.scalar, -4)  // (0.5 - 2) + (1.5 - 4)
    loss.backward()
    XCTAssertEqual(w.grad?.scalars, [4, 6])
    XCTAssertNil(x.grad, "constants get no gradient")
  }

  func testNodeUsedTwiceAccumulates() {
    // loss = sum(a * a) -> d/da = 2a
    let a = Variable.parameter(Tensor([1, -3]))
    (a * a).sum().backward()
    XCTAssertEqual(a.grad?.scalars, [2, -6])
  }

  func testMatmulAndBias() {
    let x = param([4, 3]), w = param([3, 2]), b = param([2]), r = weights([4, 2])
    check([x, w, b]) { (x.matmul(w).addingRowVector(b) * r).sum() }
  }

  func testArithmetic() {
    let a = param([3, 2]), b = param([3, 2]), r = weights([3, 2])
    check([a, b]) { ((a + b) * r).sum() }
    check([a, b]) { ((a - b) * r).sum() }
    check([a, b]) { ((a * b) * r).sum() }
    check([a]) { ((0.5 * a + 2) * r).mean() }
  }

  func testActivations() {
    // Keep ReLU inputs away from its kink so finite differences do not straddle it.
    let a = Variable.parameter(Tensor([-1.5, -0.5, 0.4, 1.2, 2.5, -2]))
    let r = weights([6])
    check([a]) { (a.relu() * r).sum() }
    check([a]) { (a.sigmoid() * r).sum() }
    check([a]) { (a.tanh() * r).sum() }
  }

  func testConcatGatherRowDots() {
    let a = param([3, 2]), b = param([3, 4]), r = weights([3, 6])
    check([a, b]) { (Variable.concatColumns([a, b]) * r).sum() }
    let table = param([5, 3], sparse: true)
    let other = param([4, 3])
    let r4 = weights([4])
    check([table, other]) { (table.gatherRows([4, 1, 4, 0]).rowDots(other) * r4).sum() }
    let dense = param([5, 3])
    check([dense]) { (dense.gatherRows([2, 2, 3]).sumOfSquares()) }
  }

  func testReshapeAndReductions() {
    let a = param([2, 3]), r = weights([3, 2])
    check([a]) { (a.reshaped([3, 2]) * r).sum() }
    check([a]) { a.sumOfSquares() }
    check([a]) { (a * a).mean() }
  }

  func testDropoutIsSeededAndScalesSurvivors() {
    let x = Variable.parameter(Tensor(repeating: 1, shape: [1000]))
    var r1 = SeededRandom(seed: 5)
    var r2 = SeededRandom(seed: 5)
    let y1 = x.dropout(rate: 0.25, using: &r1)
    let y2 = x.dropout(rate: 0.25, using: &r2)
    XCTAssertEqual(y1.value, y2.value)
    let kept = y1.value.scalars.filter { $0 != 0 }
    XCTAssertTrue(kept.allSatisfy { abs($0 - 4.0 / 3.0) < 1e-6 })
    XCTAssertEqual(Double(kept.count) / 1000, 0.75, accuracy: 0.04)
    y1.sum().backward()
    XCTAssertEqual(x.grad, y1.value, "gradient passes through the same mask")
  }

  func testSparseParameterTracksTouchedRows() {
    let table = Variable.parameter(Tensor.zeros([6, 2]), sparse: true)
    table.gatherRows([3, 1, 3]).sum().backward()
    XCTAssertEqual(table.touchedRows.sorted(), [1, 3])
    XCTAssertEqual(table.grad?.row(3), [2, 2])
    table.zeroGrad()
    XCTAssertEqual(table.touchedRows, [])
    XCTAssertEqual(table.grad?.sum(), 0)
  }
}
