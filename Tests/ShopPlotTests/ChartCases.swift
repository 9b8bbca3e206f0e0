import Foundation
import ShopCore
import ShopPlot
import ShopTestSupport

/// Every chart the snapshot and layout tests render: a name and a drawing function.
///
/// Data is fixed or comes from the Australian retail file in ../shared/data, so snapshots
/// only change when rendering does. The cases on fixed data always run; those on the retail
/// series (`retail()`) are skipped, with a stated reason, when ../shared/data is absent.
enum ChartCases {
  typealias Case = (name: String, render: (ChartStyle) -> String)

  /// Every chart on fixed data.
  static var fixed: [Case] { [waves] + edges + fixedOthers }

  /// Every chart on the Australian retail series; throws `XCTSkip` without ../shared/data.
  static func retail() throws -> [Case] { try retailLines() + retailOthers() }

  // MARK: Line charts

  static var waves: Case {
    let waves = (0..<60).map(Double.init)
    return (
      "line-numeric-waves",
      { LineChart(
          series: [
            Series(name: "sin", x: waves, y: waves.map { sin($0 / 6) * 100 }),
            Series(name: "cos", x: waves, y: waves.map { cos($0 / 6) * 50 + 20 }),
            Series(name: "ramp", x: waves, y: waves.map { $0 * 2 - 60 }),
          ], title: "Three series with negatives", xLabel: "step", yLabel: "value").render($0)
      }
    )
  }

  static func retailLines() throws -> [Case] {
    let v10 = try Fixtures.ausRetail("V10")
    let v11 = try Fixtures.ausRetail("V11")
    let forecast = try forecastChart(v10)
    return [
      (
        "line-retail-time",
        { LineChart(
            series: [Series(name: "V10", x: v10.x, y: v10.y)], xIsTime: true,
            title: "Australian retail, series V10", yLabel: "turnover").render($0) }
      ),
      (
        "line-two-series",
        { LineChart(
            series: [
              Series(name: "V10", x: v10.x, y: v10.y), Series(name: "V11", x: v11.x, y: v11.y),
            ], xIsTime: true, title: "V10 and V11", xLabel: "month").render($0) }
      ),
      ("line-forecast-band", forecast),
    ]
  }

  /// Two years of history, a year of forecast with an 80% band and a marker.
  static func forecastChart(_ all: (x: [Double], y: [Double])) throws -> (ChartStyle) -> String {
    guard all.x.count == 333, all.y.count == 333 else {
      throw MissingTestData(path: "333 months of V10 in the Australian retail file")
    }
    let history = Series(name: "sales", x: Array(all.x[297..<321]), y: Array(all.y[297..<321]))
    let fx = Array(all.x[320..<333])
    let fy = Array(all.y[320..<333])
    var chart = LineChart(
      series: [history, Series(name: "forecast", x: fx, y: fy)], xIsTime: true,
      title: "V10 forecast")
    chart.band = (fy.enumerated().map { $1 - 20 - Double($0) * 4 }, fy.enumerated().map { $1 + 20 + Double($0) * 4 })
    chart.marker = fx[0]
    chart.markerName = "forecast starts"
    let done = chart
    return { done.render($0) }
  }

  // MARK: Edge cases

  static var edges: [Case] {
    let nan = Double.nan
    return [
      ("edge-single-point", { LineChart(series: [Series(name: "one", x: [3], y: [42])], title: "One point").render($0) }),
      ("edge-constant", { LineChart(series: [Series(name: "flat", y: Array(repeating: 7, count: 30))], title: "Constant").render($0) }),
      ("edge-negative", { LineChart(series: [Series(name: "loss", y: (0..<40).map { -Double($0 * $0) * 10 })], title: "All negative").render($0) }),
      ("edge-huge-range", { LineChart(series: [Series(name: "growth", y: (0..<13).map { pow(10, Double($0) - 3) })], title: "1e-3 to 1e9").render($0) }),
      ("edge-all-nan", { LineChart(series: [Series(name: "none", y: [nan, nan, nan])], title: "Nothing").render($0) }),
      ("edge-nan-gap", { LineChart(series: [Series(name: "gappy", y: [1, 2, 3, nan, nan, 5, 4, nan, 2, nan, 3, 4, 5])], title: "Gaps").render($0) }),
      ("edge-unsorted-x", { LineChart(series: [Series(name: "u", x: [3, 1, 2, 0, 4], y: [9, 1, 4, 0, 16])], title: "Unsorted x").render($0) }),
      ("edge-bar-empty", { BarChart(labels: ["a", "b"], values: [nan, nan], title: "No bars").render($0) }),
      ("edge-hist-constant", { Histogram(values: Array(repeating: 3, count: 12), title: "Constant").render($0) }),
      ("edge-scatter-nan", { ScatterPlot(series: [Series(name: "s", x: [nan, 1], y: [1, nan])], title: "No points").render($0) }),
      ("edge-box-empty", { BoxPlot(groups: [], title: "No groups").render($0) }),
      ("edge-heatmap-nan", { Heatmap(rowLabels: ["a"], columnLabels: ["x", "y"], values: [[nan, nan]], title: "Empty cells").render($0) }),
      ("edge-single-bar", { BarChart(labels: ["only"], values: [0.25]).render($0) }),
    ]
  }

  // MARK: Bars, histograms, boxes, scatter, heatmap

  static var fixedOthers: [Case] {
    [
      (
        "bar-countries",
        { BarChart(
            labels: ["United Kingdom", "Netherlands", "EIRE", "Germany", "France", "東京の店舗ありがとうございます"],
            values: [8_187_806.364, 284_661.54, 263_276.82, 221_698.21, 197_403.9, 55_000.5],
            title: "Revenue by country").render($0) }
      ),
      (
        "bar-negative-sorted",
        { BarChart(
            labels: ["returns", "gift cards", "shoes", "hats", "discounts"],
            values: [-1_250.5, 300, 2_200.25, 950, -400], title: "Net by category", sorted: true
          ).render($0) }
      ),
      (
        "heatmap-retention",
        { Heatmap(
            rowLabels: Fixtures.cohorts, columnLabels: (0..<6).map { "M\($0)" },
            values: Fixtures.retention, title: "Retention by cohort").render($0) }
      ),
      (
        "heatmap-numbers",
        { Heatmap(
            rowLabels: ["Mon", "Tue", "Wed"], columnLabels: ["08", "12", "16", "20"],
            values: [[12, 40, 33, 5], [9, 51, .nan, 7], [0, 38, 29, 1_250]],
            title: "Orders by hour", valueFormat: .number).render($0) }
      ),
    ]
  }

  static func retailOthers() throws -> [Case] {
    let v10 = try Fixtures.ausRetail("V10").y
    let v11 = try Fixtures.ausRetail("V11").y
    let v12 = try Fixtures.ausRetail("V12").y
    return [
      ("hist-retail", { Histogram(values: v10 + [.nan, .infinity], title: "V10 monthly turnover").render($0) }),
      ("hist-five-bins", { Histogram(values: v10, bins: 5, title: "V10, 5 bins").render($0) }),
      (
        "box-retail",
        { BoxPlot(groups: [("V10", v10), ("V11", v11), ("V12 (outliers)", v12), ("empty", [])], title: "Turnover by series").render($0) }
      ),
      (
        "scatter-two-series",
        { ScatterPlot(
            series: [
              Series(name: "V10 vs V11", x: v10, y: v11),
              Series(name: "V10 vs V12/3", x: v10, y: v12.map { $0 / 3 }),
            ], title: "Series against each other", xLabel: "V10", yLabel: "other").render($0) }
      ),
    ]
  }
}
