import Foundation
import ShopCore
import XCTest

@testable import ShopPlot

/// Nice-number ticks: exact round values, loose bounds, at most `maxTicks`.
final class AxisTicksTests: XCTestCase {
  // MARK: Step choice (worked by hand: the smallest 1-2-5 step with few enough ticks)

  func testMillionsPickHalfMillionSteps() {
    // rough step 1,234,567 / 4 ≈ 308,642; 200k needs 0...1.4M = 8 ticks > 5; 500k needs 4.
    XCTAssertEqual(
      AxisTicks.nice(min: 0, max: 1_234_567, maxTicks: 5), [0, 500_000, 1_000_000, 1_500_000])
  }

  func testDocExample() {
    XCTAssertEqual(AxisTicks.nice(min: 3, max: 97, maxTicks: 6), [0, 20, 40, 60, 80, 100])
  }

  func testNegativeRange() {
    // 20 needs -40...120 = 9 ticks > 6; 50 needs -50...150 = 5.
    XCTAssertEqual(AxisTicks.nice(min: -37, max: 112, maxTicks: 6), [-50, 0, 50, 100, 150])
  }

  func testDecimalTicksAreTheLiteralDoubles() {
    // 0.3 / 0.1 is 2.9999999999999996 in floating point; the tick must still be 0.3 exactly.
    XCTAssertEqual(
      AxisTicks.nice(min: 0.3, max: 0.9, maxTicks: 7), [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    XCTAssertEqual(AxisTicks.nice(min: 0.1, max: 0.7, maxTicks: 4), [0, 0.5, 1])
    // 0.001 needs 0.001...0.005 = 5 ticks > 4; 0.002 needs 0...0.006 = 4.
    XCTAssertEqual(AxisTicks.nice(min: 0.0012, max: 0.0049, maxTicks: 4), [0, 0.002, 0.004, 0.006])
  }

  func testHugeRange() {
    XCTAssertEqual(
      AxisTicks.nice(min: 1e-3, max: 1e9, maxTicks: 6), [0, 2e8, 4e8, 6e8, 8e8, 1e9])
  }

  func testConstantAndDegenerateInputs() {
    XCTAssertEqual(AxisTicks.nice(min: 5, max: 5, maxTicks: 5), [0, 5, 10])
    XCTAssertEqual(AxisTicks.nice(min: -4, max: -4, maxTicks: 5), [-8, -6, -4, -2, 0])
    XCTAssertEqual(AxisTicks.nice(min: 0, max: 0, maxTicks: 3), [-1, 0, 1])
    XCTAssertEqual(AxisTicks.nice(min: .nan, max: 1, maxTicks: 5), [])
    XCTAssertEqual(AxisTicks.nice(min: 0, max: .infinity, maxTicks: 5), [])
    // Reversed bounds are accepted; maxTicks below 2 is treated as 2.
    XCTAssertEqual(AxisTicks.nice(min: 10, max: 0, maxTicks: 1), [0, 10])
  }

  func testTicksAlwaysCoverTheDataAndRespectTheLimit() {
    var rng = SeededRandom(seed: 42)
    for _ in 0..<500 {
      let a = rng.nextUnit() * 2e6 - 1e6
      let b = a + rng.nextUnit() * pow(10, Double(Int(rng.nextUnit() * 12) - 4))
      let limit = 2 + Int(rng.nextUnit() * 10)
      let ticks = AxisTicks.nice(min: a, max: b, maxTicks: limit)
      // Two ticks cannot cover a range straddling zero, so 3 are allowed there.
      let allowed = max(limit, a < 0 && b > 0 ? 3 : 2)
      XCTAssertLessThanOrEqual(ticks.count, allowed, "\(a)...\(b) limit \(limit)")
      XCTAssertGreaterThanOrEqual(ticks.count, 2)
      XCTAssertLessThanOrEqual(ticks.first ?? .nan, a)
      XCTAssertGreaterThanOrEqual(ticks.last ?? .nan, b)
    }
  }
}
