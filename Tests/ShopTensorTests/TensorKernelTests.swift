import ShopCore
import ShopTensor
import ShopTestSupport
import XCTest

final class TensorKernelTests: XCTestCase {
  // MARK: Matrix products

  func testMatmulAgainstNumpy() {
    // python3: a=np.array([[1,2,3],[4,5,6]]); b=np.array([[7,8],[9,10],[11,12]]); a@b
    let a = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    let b = Tensor(rows: [[7, 8], [9, 10], [11, 12]])
    XCTAssertEqual(a.matmul(b), Tensor(rows: [[58, 64], [139, 154]]))
    // a.T@a and a@a.T
    XCTAssertEqual(
      a.matmul(a, transposeSelf: true), Tensor(rows: [[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
    XCTAssertEqual(a.matmul(a, transposeOther: true), Tensor(rows: [[14, 32], [32, 77]]))
  }

  func testMatmulMatchesNaiveDoubleLoopOnRandomShapes() {
    var rng = SeededRandom(seed: 7)
    for (m, k, n) in [(1, 1, 1), (5, 17, 3), (33, 8, 65), (64, 64, 64)] {
      let a = Tensor.randomNormal([m, k], std: 1, using: &rng)
      let b = Tensor.randomNormal([k, n], std: 1, using: &rng)
      let c = a.matmul(b)
      let ct = b.matmul(a, transposeSelf: true, transposeOther: true)  // (ab)ᵀ = bᵀaᵀ
      for i in 0..<m {
        for j in 0..<n {
          var ref = 0.0
          for t in 0..<k { ref += Double(a[i, t]) * Double(b[t, j]) }
          assertClose(Double(c[i, j]), ref, tolerance: 1e-4)
          assertClose(Double(ct[j, i]), ref, tolerance: 1e-4)
        }
      }
    }
  }

  // MARK: Elementwise and reductions

  func testElementwiseAndActivations() {
    let a = Tensor([1, -2, 3, 0.5])
    let b = Tensor([4, 5, -6, 2])
    XCTAssertEqual((a + b).scalars, [5, 3, -3, 2.5])
    XCTAssertEqual((a - b).scalars, [-3, -7, 9, -1.5])
    XCTAssertEqual((a * b).scalars, [4, -10, -18, 1])
    XCTAssertEqual((2 * a).scalars, [2, -4, 6, 1])
    XCTAssertEqual(a.relu().scalars, [1, 0, 3, 0.5])
    var c = a
    c.add(b, scaledBy: 0.5)
    XCTAssertEqual(c.scalars, [3, 0.5, 0, 1.5])
    XCTAssertEqual(a.scalars, [1, -2, 3, 0.5], "value semantics: the copy did not change a")
    // python3: 1/(1+np.exp(-np.array([-30,-1,0,2,30.])))
    let s = Tensor([-30, -1, 0, 2, 30]).sigmoid().scalars
    let ref = [9.35762297e-14, 0.268941421, 0.5, 0.880797078, 1.0]
    for (x, r) in zip(s, ref) { assertClose(Double(x), r, tolerance: 1e-6) }
    XCTAssertFalse(Tensor([-200, 200]).sigmoid().scalars.contains { $0.isNaN })
    // np.tanh([-2, 0.5])
    let t = Tensor([-2, 0.5]).tanh().scalars
    assertClose(Double(t[0]), -0.96402758, tolerance: 1e-6)
    assertClose(Double(t[1]), 0.46211716, tolerance: 1e-6)
  }

  func testReductions() {
    // python3: x=np.arange(1,11)/7.0; x.sum() = 7.857142857142858, (x*x).sum() = 7.857142857142856
    let x = Tensor((1...10).map { Float($0) / 7 })
    assertClose(Double(x.sum()), 7.857142857142858, tolerance: 1e-6)
    assertClose(Double(x.sumOfSquares()), 7.857142857142856, tolerance: 1e-6)
    assertClose(Double(x.dot(x)), 7.857142857142856, tolerance: 1e-6)
    assertClose(Double(x.mean()), 0.7857142857142858, tolerance: 1e-6)
    let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(m.columnSums().scalars, [5, 7, 9])
    XCTAssertEqual(m.rowSums().scalars, [6, 15])
    XCTAssertEqual(m.rowDots(m).scalars, [14, 77])
    XCTAssertEqual(m.addingRowVector(Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
    XCTAssertEqual(m.scalingRows(by: Tensor([2, -1])).scalars, [2, 4, 6, -4, -5, -6])
    XCTAssertEqual(Tensor([1, -7, 3]).maxAbs(), 7)
  }

  func testLongSumIsAccurate() {
    // sum of k * 1e-3 for k = 1...100000 = 1e-3 * 100000 * 100001 / 2 = 5000050.
    let x = Tensor((1...100_000).map { Float($0) * 1e-3 })
    assertClose(Double(x.sum()), 5_000_050, tolerance: 1e-6)
  }

  // MARK: Rows and columns

  func testGatherScatterConcat() {
    let table = Tensor(rows: [[0, 1], [10, 11], [20, 21]])
    XCTAssertEqual(table.gatherRows([2, 0, 2]), Tensor(rows: [[20, 21], [0, 1], [20, 21]]))
    var acc = Tensor.zeros([3, 2])
    acc.scatterAddRows(Tensor(rows: [[1, 1], [2, 2], [3, 3]]), at: [2, 0, 2])
    XCTAssertEqual(acc, Tensor(rows: [[2, 2], [0, 0], [4, 4]]))
    let joined = Tensor.concatColumns([table, Tensor(rows: [[5], [6], [7]])])
    XCTAssertEqual(joined, Tensor(rows: [[0, 1, 5], [10, 11, 6], [20, 21, 7]]))
    XCTAssertEqual(joined.columns(1..<3), Tensor(rows: [[1, 5], [11, 6], [21, 7]]))
    acc.zeroRows([2])
    XCTAssertEqual(acc, Tensor(rows: [[2, 2], [0, 0], [0, 0]]))
  }

  func testSeededInitialisationIsReproducible() {
    var r1 = SeededRandom(seed: 42)
    var r2 = SeededRandom(seed: 42)
    let a = Tensor.randomNormal([100], std: 0.1, using: &r1)
    XCTAssertEqual(a, Tensor.randomNormal([100], std: 0.1, using: &r2))
    var r3 = SeededRandom(seed: 43)
    XCTAssertNotEqual(a, Tensor.randomNormal([100], std: 0.1, using: &r3))
    let std = (Double(a.sumOfSquares()) / 100).squareRoot()
    XCTAssertEqual(std, 0.1, accuracy: 0.03)
  }
}
