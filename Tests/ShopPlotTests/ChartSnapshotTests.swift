import ShopPlot
import XCTest

/// Whole-output snapshots of every chart case in every mode (see `assertSnapshot`).
final class ChartSnapshotTests: XCTestCase {
  func testEveryChartInEveryMode() {
    snapshotEveryMode(ChartCases.fixed)
  }

  func testEveryRetailChartInEveryMode() throws {
    snapshotEveryMode(try ChartCases.retail())
  }

  private func snapshotEveryMode(_ charts: [ChartCases.Case]) {
    for chart in charts {
      for mode in ChartMode.allCases {
        let style = ChartStyle(width: 72, height: 18, mode: mode)
        assertSnapshot(chart.render(style), named: "\(chart.name)-\(mode.rawValue)")
      }
    }
  }

  func testCohortTriangleAtEightyColumns() {
    // The first customer: 13 monthly cohorts must fit 80 columns with their values.
    let rows = (0..<13).map { i in
      let m = (i + 11) % 12 + 1
      return (i == 0 ? "2010-" : "2011-") + (m < 10 ? "0\(m)" : "\(m)")
    }
    let values: [[Double]] = (0..<13).map { r in
      (0..<(13 - r)).map { c in c == 0 ? 1 : Double((r * 7 + c * 13) % 30 + 10) / 100 }
    }
    let chart = Heatmap(
      rowLabels: rows, columnLabels: (0..<13).map(String.init), values: values,
      title: "Share of each cohort buying again, by months since first purchase")
    let text = chart.render(ChartStyle(width: 80, height: 20))
    assertSnapshot(text, named: "heatmap-cohorts-80")
    XCTAssertTrue(text.contains("█100 ░ "), text)
  }

  func testSmallAndLargeBoxes() throws {
    let charts = try ChartCases.retail().filter { ["line-retail-time", "box-retail"].contains($0.name) }
    XCTAssertEqual(charts.count, 2)
    for (w, h) in [(30, 8), (120, 40)] {
      for chart in charts {
        let text = chart.render(ChartStyle(width: w, height: h, mode: .braille))
        assertSnapshot(text, named: "\(chart.name)-\(w)x\(h)")
      }
    }
  }

  func testSparklines() {
    let values: [Double] = [1, 5, 22, 13, 53, .nan, 30, 40, 45, 2]
    XCTAssertEqual(Sparkline.render(values), "▁▁▄▂█ ▅▇▇▁")
    XCTAssertEqual(Sparkline.render(values, mode: .blocks), "▁▁▄▂█ ▅▇▇▁")
    XCTAssertEqual(Sparkline.render(values, mode: .ascii), "__-.^ -~^_")
    XCTAssertEqual(Sparkline.render([3, 3, 3]), "▄▄▄")
    XCTAssertEqual(Sparkline.render([3, 3, 3], mode: .ascii), "---")
    XCTAssertEqual(Sparkline.render([.nan, 1, 2, .nan]), " ▁█")
    XCTAssertEqual(Sparkline.render([]), "")
    XCTAssertEqual(Sparkline.render([.nan]), "")
  }
}
