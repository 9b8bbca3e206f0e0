import XCTest

@testable import ShopPlot

/// Axis and bar value text: compact only when exact.
final class NumberLabelsTests: XCTestCase {
  private func labels(_ lo: Double, _ hi: Double, _ limit: Int) -> [String] {
    guard let scale = AxisTicks.scale(min: lo, max: hi, maxTicks: limit) else { return [] }
    return NumberLabels.ticks(scale)
  }

  func testSuffixOnlyWhenExact() {
    XCTAssertEqual(labels(0, 1_234_567, 5), ["0", "500k", "1M", "1.5M"])
    XCTAssertEqual(labels(0, 250_000, 6), ["0", "50k", "100k", "150k", "200k", "250k"])
    // Steps of 2,000 around a million are not exact in M with two decimals: use k.
    XCTAssertEqual(
      labels(1_000_000, 1_010_000, 6), ["1,000k", "1,002k", "1,004k", "1,006k", "1,008k", "1,010k"])
    XCTAssertEqual(labels(0, 2.5e9, 6), ["0", "500M", "1B", "1.5B", "2B", "2.5B"])
    XCTAssertEqual(labels(0, 1e9, 6), ["0", "200M", "400M", "600M", "800M", "1B"])
    XCTAssertEqual(labels(1_000_000, 1_060_000, 4), ["1M", "1.02M", "1.04M", "1.06M"])
    XCTAssertEqual(labels(-2e6, 1e6, 4), ["-2M", "-1M", "0", "1M"])
  }

  func testSmallNumbersAreWrittenOut() {
    XCTAssertEqual(labels(0, 5000, 6), ["0", "1,000", "2,000", "3,000", "4,000", "5,000"])
    XCTAssertEqual(labels(0, 1, 6), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    XCTAssertEqual(labels(0.3, 0.9, 7), ["0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"])
    XCTAssertEqual(labels(-0.004, 0.006, 6), ["-0.004", "-0.002", "0.000", "0.002", "0.004", "0.006"])
  }

  func testBarValueDecimals() {
    XCTAssertEqual(NumberLabels.values([8_187_806.364, 12.5]), ["8,187,806", "13"])
    XCTAssertEqual(NumberLabels.values([1234, 5, -7]), ["1,234", "5", "-7"])
    XCTAssertEqual(NumberLabels.values([12.25, 3.5]), ["12.3", "3.5"])
    XCTAssertEqual(NumberLabels.values([2.375, 0.5]), ["2.38", "0.50"])
    XCTAssertEqual(NumberLabels.values([0.0463, 0.01]), ["0.046", "0.010"])
    XCTAssertEqual(NumberLabels.values([.nan, 1]), ["NaN", "1"])
  }
}
