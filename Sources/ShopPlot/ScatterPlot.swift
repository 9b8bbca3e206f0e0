/// Points of one or more series on numeric axes.
///
/// Without colour, braille and block modes tell series apart by point shape (a dot, a
/// 2×2 square, a short horizontal or vertical dash) and ASCII by glyph (`*`, `o`, `+`, …).
/// Points with a NaN or infinite coordinate are left out.
public struct ScatterPlot: Sendable {
  public var series: [Series]
  public var title: String?
  public var xLabel: String?
  public var yLabel: String?

  public init(
    series: [Series], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil
  ) {
    self.series = series
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
  }

  /// The chart as text, `style.width` × `style.height` at most.
  public func render(_ style: ChartStyle) -> String {
    var xr = Extent()
    var yr = Extent()
    for s in series {
      for i in 0..<s.count where s.x[i].isFinite && s.y[i].isFinite {
        xr.add(s.x[i])
        yr.add(s.y[i])
      }
    }
    guard let xRange = xr.range, let yRange = yr.range else {
      return NoData.render(title: title, style: style)
    }
    let shaped = !style.color && style.unicode
    var legend: [TextLine] = []
    if series.count > 1 {
      for (i, s) in series.enumerated() {
        let shape = shaped ? PointShape.forSeries(i) : .dot
        legend.append(
          Legend.entry(
            Legend.pointSample(i, mode: style.mode, shape: shape), s.name,
            color: .series(i)))
      }
      if let note = Legend.sharedLookNote(series: series.count, style: style) { legend.append(note) }
    }
    let frame = XYPlot(
      title: title, xLabel: xLabel, yLabel: yLabel, xIsTime: false, xRange: xRange,
      yRange: yRange, legend: legend)
    return frame.render(style) { canvas, map in
      for (i, s) in series.enumerated() {
        let shape = shaped ? PointShape.forSeries(i) : .dot
        for j in 0..<s.count where s.x[j].isFinite && s.y[j].isFinite {
          shape.draw(&canvas, map.px(s.x[j]), map.py(s.y[j]), series: i)
        }
      }
    }
  }
}

/// A small set of pixels drawn around a point.
struct PointShape: Sendable {
  var offsets: [(Int, Int)]

  static let dot = PointShape(offsets: [(0, 0)])
  static let square = PointShape(offsets: [(0, 0), (1, 0), (0, 1), (1, 1)])
  static let dash = PointShape(offsets: [(0, 0), (1, 0)])
  static let bar = PointShape(offsets: [(0, 0), (0, 1)])

  static func forSeries(_ i: Int) -> PointShape { [dot, square, dash, bar][i % 4] }

  func draw(_ canvas: inout Canvas, _ px: Int, _ py: Int, series: Int) {
    if canvas.mode == .ascii {
      canvas.set(px, py, series: series)
      return
    }
    // Shapes grow right and down, or left and up at the far edges, so none is clipped.
    let fx = px + 1 >= canvas.pixelWidth ? -1 : 1
    let fy = py + 1 >= canvas.pixelHeight ? -1 : 1
    for (dx, dy) in offsets { canvas.set(px + dx * fx, py + dy * fy, series: series) }
  }
}
