import ShopCore
import ShopPlot
import XCTest

/// Properties every chart keeps at every size: it fits its box, has no trailing spaces
/// and no trailing newline, and colour only adds escape codes.
final class LayoutInvariantTests: XCTestCase {
  private let sizes = [(20, 6), (33, 9), (50, 12), (80, 20), (131, 43)]

  func testEveryChartFitsItsBox() {
    checkFitsItsBox(ChartCases.fixed)
  }

  func testEveryRetailChartFitsItsBox() throws {
    checkFitsItsBox(try ChartCases.retail())
  }

  private func checkFitsItsBox(_ charts: [ChartCases.Case]) {
    for chart in charts {
      for mode in ChartMode.allCases {
        for (w, h) in sizes {
          let text = chart.render(ChartStyle(width: w, height: h, mode: mode))
          let where_ = "\(chart.name) \(mode.rawValue) \(w)x\(h)"
          let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
          XCTAssertLessThanOrEqual(lines.count, h, "too many lines: \(where_)\n\(text)")
          XCTAssertFalse(text.hasSuffix("\n"), "trailing newline: \(where_)")
          XCTAssertFalse(text.isEmpty, "empty: \(where_)")
          for line in lines {
            XCTAssertLessThanOrEqual(displayWidth(String(line)), w, "too wide: \(where_)\n\(text)")
            XCTAssertFalse(line.hasSuffix(" "), "trailing space: \(where_)\n\(text)")
          }
        }
      }
    }
  }

  func testExtremeMagnitudesDoNotTrap() {
    // Spans that overflow to infinity must degrade (no data, NaN edges), never crash.
    let big: [Double] = [-1e308, 1e308, 0, .nan, .infinity]
    let style = ChartStyle(width: 40, height: 10)
    let outputs = [
      LineChart(series: [Series(name: "a", y: big)]).render(style),
      LineChart(series: [Series(name: "t", x: [0, 1e300], y: [1, 2])], xIsTime: true).render(style),
      ScatterPlot(series: [Series(name: "a", x: big, y: big)]).render(style),
      BarChart(labels: ["a", "b", "c", "d", "e"], values: big).render(style),
      Histogram(values: big).render(style),
      Histogram(values: big, bins: 3).render(style),
      BoxPlot(groups: [("a", big)]).render(style),
      Heatmap(rowLabels: ["a"], columnLabels: ["x"], values: [big]).render(style),
      Sparkline.render(big),
    ]
    for text in outputs { XCTAssertFalse(text.isEmpty) }
    XCTAssertEqual(Sparkline.render(big), "▁█▅")
  }

  func testAsciiModeIsPureAscii() {
    checkPureAscii(ChartCases.fixed)
  }

  func testAsciiModeIsPureAsciiOnRetailCharts() throws {
    checkPureAscii(try ChartCases.retail())
  }

  private func checkPureAscii(_ charts: [ChartCases.Case]) {
    for chart in charts where !chart.name.hasPrefix("bar-countries") {
      let text = chart.render(ChartStyle(width: 72, height: 18, mode: .ascii))
      let outside = text.unicodeScalars.filter { $0.value > 126 }
      XCTAssertTrue(outside.isEmpty, "\(chart.name) uses \(String(String.UnicodeScalarView(outside)))")
    }
  }

  func testColourAddsOnlyEscapeCodes() {
    checkColourAddsOnlyEscapeCodes(ChartCases.fixedOthers)
    let line = ChartCases.waves.render(ChartStyle(color: true))
    XCTAssertTrue(line.contains(TerminalText.colorMark(34)) && line.contains(TerminalText.colorMark(31)), line)
    XCTAssertFalse(ChartCases.waves.render(ChartStyle()).unicodeScalars.contains(where: TerminalText.isColorMark))
    // At the terminal the marks become colour codes.
    XCTAssertTrue(TerminalText.visible(line, colors: true).contains("\u{1B}[34m"))
  }

  func testColourAddsOnlyEscapeCodesOnRetailCharts() throws {
    checkColourAddsOnlyEscapeCodes(try ChartCases.retailOthers())
  }

  private func checkColourAddsOnlyEscapeCodes(_ charts: [ChartCases.Case]) {
    // Bars, boxes and heatmaps draw the same glyphs with and without colour (lines and
    // scatter switch to solid lines and dots when colour tells series apart).
    for chart in charts {
      for mode in ChartMode.allCases {
        let plain = chart.render(ChartStyle(width: 72, height: 18, mode: mode))
        let coloured = chart.render(ChartStyle(width: 72, height: 18, mode: mode, color: true))
        if chart.name.hasPrefix("scatter") { continue }
        XCTAssertTrue(coloured.unicodeScalars.contains(where: TerminalText.isColorMark), chart.name)
        XCTAssertEqual(stripColour(coloured), plain, chart.name)
      }
    }
  }

  /// The text without ShopLab's colour marks.
  private func stripColour(_ s: String) -> String {
    String(String.UnicodeScalarView(s.unicodeScalars.filter { !TerminalText.isColorMark($0) }))
  }
}
