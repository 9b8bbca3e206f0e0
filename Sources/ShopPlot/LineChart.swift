import ShopCore

/// Several series as lines on shared axes, with an optional forecast band and marker.
///
/// ```
/// let chart = LineChart(series: [sales, forecast], xIsTime: true, title: "Revenue")
/// print(chart.render(ChartStyle(width: 80, height: 20)))
/// ```
///
/// NaN (or infinite) values break the line instead of dropping it to zero; a run of one
/// finite value is drawn as a dot. Points are drawn in x order (a stable sort is applied
/// when x is not ascending). Without colour, series after the first are dotted or dashed in
/// braille and block modes, and drawn with their own glyph (`*`, `o`, `+`, …) in ASCII, so
/// the legend still tells them apart. When no value is finite the chart says "no data".
public struct LineChart: Sendable {
  public var series: [Series]
  /// Whether x holds seconds since 1970 (zone-free), drawn with a calendar axis.
  public var xIsTime: Bool
  public var title: String?
  public var xLabel: String?
  public var yLabel: String?
  /// A shaded interval (for example a forecast's 80% band), aligned with the x values of
  /// the *last* series; drawn behind the lines as `░` (`.` in ASCII).
  public var band: (lower: [Double], upper: [Double])?
  /// An x value (in the same units as x) where a dotted vertical line is drawn, for
  /// example where a forecast starts.
  public var marker: Double?
  /// The legend text for the band.
  public var bandName: String = "interval"
  /// The legend text for the marker; nil leaves the marker out of the legend.
  public var markerName: String?

  public init(
    series: [Series], xIsTime: Bool = false, title: String? = nil, xLabel: String? = nil,
    yLabel: String? = nil
  ) {
    self.series = series
    self.xIsTime = xIsTime
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
  }

  /// The chart as text, `style.width` × `style.height` at most.
  public func render(_ style: ChartStyle) -> String {
    let lines = series.map(PlotPoints.init)
    var bandPoints: PlotPoints.Band?
    if let band, let last = series.last {
      bandPoints = PlotPoints.Band(x: last.x, lower: band.lower, upper: band.upper)
    }
    var xr = Extent()
    var yr = Extent()
    for s in lines {
      for i in s.x.indices where s.y[i].isFinite {
        xr.add(s.x[i])
        yr.add(s.y[i])
      }
    }
    if let b = bandPoints {
      for i in b.x.indices {
        if b.lower[i].isFinite { yr.add(b.lower[i]) }
        if b.upper[i].isFinite { yr.add(b.upper[i]) }
      }
    }
    guard let xRange = xr.range, let yRange = yr.range else {
      return NoData.render(title: title, style: style)
    }
    let plain = !style.color && style.unicode
    var legend: [TextLine] = []
    if series.count > 1 || bandPoints != nil || markerName != nil {
      for (i, s) in series.enumerated() {
        legend.append(
          Legend.entry(
            Legend.lineSample(i, mode: style.mode, pattern: plain ? .forSeries(i) : .solid),
            s.name, color: ANSIColor.series(i)))
      }
      if bandPoints != nil {
        legend.append(
          Legend.entry(Canvas.backgroundGlyph(.band, mode: style.mode), bandName, color: .gray))
      }
      if let markerName, marker != nil {
        legend.append(
          Legend.entry(
            Canvas.backgroundGlyph(.marker, mode: style.mode), markerName, color: .gray))
      }
      if let note = Legend.sharedLookNote(series: series.count, style: style) { legend.append(note) }
    }
    let frame = XYPlot(
      title: title, xLabel: xLabel, yLabel: yLabel, xIsTime: xIsTime, xRange: xRange,
      yRange: yRange, legend: legend)
    return frame.render(style) { canvas, map in
      if let b = bandPoints { b.shade(&canvas, map) }
      if let marker, marker.isFinite, marker >= map.x0, marker <= map.x1 {
        let c = map.column(marker)
        for r in 0..<canvas.rows { canvas.setBackground(column: c, row: r, .marker) }
      }
      for (i, s) in lines.enumerated() {
        s.drawLine(&canvas, map, series: i, pattern: plain ? .forSeries(i) : .solid)
      }
    }
  }
}

/// Running min/max of finite values.
struct Extent {
  private(set) var lo = Double.infinity
  private(set) var hi = -Double.infinity

  mutating func add(_ v: Double) {
    guard v.isFinite else { return }
    if v < lo { lo = v }
    if v > hi { hi = v }
  }

  var range: (Double, Double)? { lo <= hi ? (lo, hi) : nil }
}

/// What a chart prints when there is nothing finite to draw.
enum NoData {
  static func render(title: String?, style: ChartStyle) -> String {
    var lines: [TextLine] = []
    if let title { lines.append(Layout.centred(title, width: style.usableWidth)) }
    lines.append(Layout.centred("(no data to plot)", width: style.usableWidth))
    return Layout.join(lines, color: false)
  }
}
