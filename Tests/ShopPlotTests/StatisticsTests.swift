import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopPlot

/// Quartiles, whiskers and histogram bin rules against independently computed numbers.
final class StatisticsTests: XCTestCase {
  // MARK: Quartiles (type 7, as numpy.percentile's default)

  func testFiveNumberSummaryByHand() throws {
    // numpy.percentile([1..9, 100], [25, 50, 75]) = [3.25, 5.5, 7.75]; IQR 4.5, so the
    // fences are -3.5 and 14.5: whiskers at 1 and 9, and 100 is the only outlier.
    let s = try XCTUnwrap(BoxSummary(values: [9, 1, 2, 3, 100, 4, 5, 6, 7, 8, .nan]))
    XCTAssertEqual(s.count, 10)
    assertClose(s.q1, 3.25)
    assertClose(s.median, 5.5)
    assertClose(s.q3, 7.75)
    XCTAssertEqual(s.lowerWhisker, 1)
    XCTAssertEqual(s.upperWhisker, 9)
    XCTAssertEqual(s.outliers, [100])
    XCTAssertEqual(s.min, 1)
    XCTAssertEqual(s.max, 100)
  }

  func testQuantileEdgeCases() throws {
    XCTAssertEqual(Quantiles.type7([7], 0.25), 7)
    XCTAssertEqual(Quantiles.type7([1, 2], 0.5), 1.5)
    XCTAssertTrue(Quantiles.type7([], 0.5).isNaN)
    XCTAssertNil(BoxSummary(values: [.nan, .infinity]))
    let one = try XCTUnwrap(BoxSummary(values: [4]))
    XCTAssertEqual([one.q1, one.median, one.q3, one.lowerWhisker, one.upperWhisker], [4, 4, 4, 4, 4])
  }

  func testRealSeriesQuartiles() throws {
    // python: numpy.percentile(V10, [25, 50, 75]) = [158.9, 202.9, 262.7]; for V12 the
    // 1.5 IQR rule leaves 4 outliers, for V11 one.
    let v10 = try Fixtures.ausRetail("V10").y
    XCTAssertEqual(v10.count, 333)
    let s = try XCTUnwrap(BoxSummary(values: v10))
    assertClose(s.q1, 158.9)
    assertClose(s.median, 202.9)
    assertClose(s.q3, 262.7)
    XCTAssertEqual(try XCTUnwrap(BoxSummary(values: try Fixtures.ausRetail("V12").y)).outliers.count, 4)
    XCTAssertEqual(try XCTUnwrap(BoxSummary(values: try Fixtures.ausRetail("V11").y)).outliers.count, 1)
  }

  // MARK: Histogram bins

  func testFreedmanDiaconisMatchesNumpy() throws {
    // python: len(numpy.histogram_bin_edges(V10, 'fd')) - 1 == 18, 'sturges' gives 10.
    let v10 = try Fixtures.ausRetail("V10").y.sorted()
    XCTAssertEqual(HistogramBins.freedmanDiaconis(v10), 18)
    XCTAssertEqual(HistogramBins.sturges(v10.count), 10)
    XCTAssertEqual(HistogramBins.defaultCount(v10, cap: 100), 18)
    XCTAssertEqual(HistogramBins.defaultCount(v10, cap: 12), 12)
  }

  func testSturgesFallbackWhenIQRIsZero() {
    // 90 equal values and 10 others: IQR 0, so Sturges: ceil(log2 100) + 1 = 8.
    let values = (Array(repeating: 5.0, count: 90) + (1...10).map(Double.init)).sorted()
    XCTAssertNil(HistogramBins.freedmanDiaconis(values))
    XCTAssertEqual(HistogramBins.defaultCount(values, cap: 50), 8)
    XCTAssertEqual(HistogramBins.sturges(1), 1)
    XCTAssertEqual(HistogramBins.sturges(2), 2)
    XCTAssertEqual(HistogramBins.sturges(1024), 11)
  }

  func testNiceBinsOnRealData() throws {
    // 18 FD bins of width 28.4 round up to width 50 from 50: 11 bins to 600.
    // python: numpy.histogram(V10, bins=numpy.arange(50, 601, 50))[0]
    let bins = HistogramBins.nice(try Fixtures.ausRetail("V10").y.sorted(), cap: 18)
    XCTAssertEqual(bins.edges, stride(from: 50.0, through: 600, by: 50).map { $0 })
    XCTAssertEqual(bins.counts, [19, 54, 84, 83, 49, 22, 12, 6, 2, 1, 1])
    XCTAssertEqual(bins.decimals, 0)
  }

  func testExplicitBinsAreEqualWidth() throws {
    // python: numpy.histogram(V10, bins=5) -> [112, 156, 52, 10, 3], edges 72.9 ... 583.6
    let bins = HistogramBins.equalWidth(try Fixtures.ausRetail("V10").y.sorted(), bins: 5)
    XCTAssertEqual(bins.counts, [112, 156, 52, 10, 3])
    XCTAssertEqual(bins.edges.count, 6)
    assertClose(bins.edges[1], 175.04)
    XCTAssertEqual(bins.edges.last, 583.6)
  }

  func testBinsOverTheWholeDoubleRangeAreFinite() {
    // hi − lo = 3e308 overflows to inf; the edges must not (issue 16 drew a [NaN, inf) bin).
    let values = [-1.5e308, -1e308, 0, 1e308, 1.5e308]
    for bins in [HistogramBins.equalWidth(values, bins: 4), HistogramBins.nice(values, cap: 20)] {
      XCTAssertTrue(bins.edges.allSatisfy(\.isFinite), "\(bins.edges)")
      XCTAssertEqual(bins.counts.reduce(0, +), 5)
    }
    // By hand: edges -1.5e308, -7.5e307, 0, 7.5e307, 1.5e308 (numpy.linspace overflows here).
    let four = HistogramBins.equalWidth(values, bins: 4)
    XCTAssertEqual(four.edges, [-1.5e308, -7.5e307, 0, 7.5e307, 1.5e308])
    XCTAssertEqual(four.counts, [2, 0, 1, 2])
  }

  func testValuesOnEdgesGoUp() {
    // [0, 0.1), [0.1, 0.2), [0.2, 0.3]: 0.1 and 0.2 belong to the bin they open.
    let bins = HistogramBins.count([0, 0.05, 0.1, 0.2, 0.3], edges: [0, 0.1, 0.2, 0.3], decimals: 1)
    XCTAssertEqual(bins.counts, [2, 1, 2])
  }
}
