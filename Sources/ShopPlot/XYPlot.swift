import ShopCore

/// Maps data coordinates to canvas pixels (y grows downwards on screen).
struct PixelMapping {
  let x0: Double, x1: Double, y0: Double, y1: Double
  let pixelWidth: Int, pixelHeight: Int
  let cellWidth: Int, cellHeight: Int

  @inline(__always) func px(_ x: Double) -> Int {
    PixelMapping.clamp((x - x0) / (x1 - x0) * Double(pixelWidth - 1), pixelWidth - 1)
  }

  @inline(__always) func py(_ y: Double) -> Int {
    PixelMapping.clamp((y1 - y) / (y1 - y0) * Double(pixelHeight - 1), pixelHeight - 1)
  }

  /// t rounded into 0...upper; NaN (from an infinite span) goes to 0 instead of trapping.
  @inline(__always) static func clamp(_ t: Double, _ upper: Int) -> Int {
    if !(t > 0) { return 0 }
    if t >= Double(upper) { return upper }
    return Int(t.rounded())
  }

  func column(_ x: Double) -> Int { px(x) / cellWidth }
  func row(_ y: Double) -> Int { py(y) / cellHeight }
}

/// The frame shared by line charts and scatter plots: title, y ticks on the left, a canvas,
/// an x axis with numeric or calendar ticks, an x label and a legend.
///
/// Numeric axes are loose (they run from one round tick to another, see `AxisTicks`);
/// a time axis runs exactly from the first to the last timestamp with calendar ticks inside.
struct XYPlot {
  var title: String?
  var xLabel: String?
  var yLabel: String?
  var xIsTime: Bool
  /// Extents of the finite data.
  var xRange: (Double, Double)
  var yRange: (Double, Double)
  var legend: [TextLine]

  /// Lays out the frame, lets `draw` fill the canvas, and returns the finished chart.
  func render(_ style: ChartStyle, draw: (inout Canvas, PixelMapping) -> Void) -> String {
    let width = style.usableWidth
    let height = style.usableHeight
    let u = style.unicode
    // In a short box the extras go, least useful first, so the plot keeps 3 rows.
    var (title, xLabel, yLabel, legend) = (self.title, self.xLabel, self.yLabel, self.legend)
    var legendLines = Layout.wrap(legend, width: width)
    func spare() -> Int {
      height - (title == nil ? 0 : 1) - (yLabel == nil ? 0 : 1) - 2 - (xLabel == nil ? 0 : 1)
        - legendLines.count
    }
    if spare() < 3 { yLabel = nil }
    if spare() < 3 { xLabel = nil }
    if spare() < 3 { title = nil }
    if spare() < 3 {
      legend = []
      legendLines = []
    }
    let plotRows = max(3, spare())

    // y axis: round ticks, at most one every other row so labels never touch.
    let yTickLimit = max(3, (plotRows + 1) / 2)
    guard let yScale = AxisTicks.scale(min: yRange.0, max: yRange.1, maxTicks: yTickLimit)
    else { return Layout.join([TextLine("no data to plot")], color: false) }
    let yLabels = NumberLabels.ticks(yScale)
    let margin = yLabels.map(displayWidth).max() ?? 1
    let plotLeft = margin + 2  // labels, a space, the axis
    let plotCols = max(4, width - plotLeft - 1)

    // x axis: numeric round ticks or calendar ticks, as many as fit their labels.
    var xTicks: [(value: Double, label: String)] = []
    var x0: Double
    var x1: Double
    if xIsTime {
      (x0, x1) = xRange
      if x0 == x1 { (x0, x1) = (x0 - 86_400, x1 + 86_400) }
      xTicks = TimeTicks.ticks(lo: x0, hi: x1, columns: plotCols)
    } else {
      (x0, x1) = AxisTicks.widenedIfEqual(xRange)
      if let fitted = AxisTicks.fitted(min: xRange.0, max: xRange.1, columns: plotCols) {
        xTicks = Array(zip(fitted.scale.values, fitted.labels))
        (x0, x1) = (fitted.scale.lower, fitted.scale.upper)
      }
    }

    var canvas = Canvas(columns: plotCols, rows: plotRows, mode: style.mode)
    let mapping = PixelMapping(
      x0: x0, x1: x1, y0: yScale.lower, y1: yScale.upper,
      pixelWidth: canvas.pixelWidth, pixelHeight: canvas.pixelHeight,
      cellWidth: canvas.cellWidth, cellHeight: canvas.cellHeight)
    draw(&canvas, mapping)

    var lines: [TextLine] = []
    if let title {
      lines.append(
        displayWidth(title) <= plotCols
          ? Layout.centred(title, width: plotCols, offset: plotLeft)
          : Layout.centred(title, width: width))
    }
    if let yLabel { lines.append(TextLine(truncate(yLabel, toWidth: width))) }

    var labelAtRow: [Int: String] = [:]
    for (value, label) in zip(yScale.values, yLabels) {
      let r = mapping.row(value)
      if labelAtRow[r] == nil { labelAtRow[r] = label }
    }
    for r in 0..<plotRows {
      var line = TextLine()
      if let label = labelAtRow[r] {
        line.append(pad(label, toWidth: margin, alignRight: true) + " " + (u ? "┤" : "+"))
      } else {
        line.append(String(repeating: " ", count: margin + 1) + (u ? "│" : "|"))
      }
      for piece in canvas.row(r, color: style.color).pieces { line.append(piece.text, piece.color) }
      lines.append(line)
    }

    // The axis line with a tick mark under each labelled column.
    var axis = Array(repeating: u ? "─" : "-", count: plotCols)
    let tickColumns = xTicks.map { mapping.column($0.value) }
    for c in tickColumns where c >= 0 && c < plotCols { axis[c] = u ? "┬" : "+" }
    lines.append(
      TextLine(String(repeating: " ", count: margin + 1) + (u ? "└" : "+") + axis.joined()))

    lines.append(
      Layout.tickLabels(Array(zip(tickColumns, xTicks.map(\.label))), offset: plotLeft, width: width))

    if let xLabel {
      lines.append(
        displayWidth(xLabel) <= plotCols
          ? Layout.centred(xLabel, width: plotCols, offset: plotLeft)
          : Layout.centred(xLabel, width: width))
    }
    // Indent the legend under the plot when that costs no extra line.
    let indented = Layout.wrap(legend, width: width - plotLeft)
    let indent = indented.count <= legendLines.count ? plotLeft : 0
    let legendWrapped = indent > 0 ? indented : legendLines
    for legendLine in legendWrapped {
      var line = TextLine()
      line.append(spaces: indent)
      for piece in legendLine.pieces { line.append(piece.text, piece.color) }
      lines.append(line)
    }
    return Layout.join(lines, color: style.color)
  }
}

extension AxisTicks {
  /// The most round ticks whose labels fit side by side across `columns`, with a gap of
  /// at least three spaces between labels and eight columns between ticks.
  static func fitted(min: Double, max: Double, columns: Int) -> (
    scale: TickScale, labels: [String]
  )? {
    for limit in stride(from: Swift.max(2, columns / 3), through: 2, by: -1) {
      guard let scale = scale(min: min, max: max, maxTicks: limit) else { return nil }
      let labels = NumberLabels.ticks(scale)
      let widest = labels.map(displayWidth).max() ?? 1
      let spacing = Double(columns - 1) / Double(Swift.max(1, scale.count - 1))
      if spacing >= Double(Swift.max(widest + 3, 8)) || limit == 2 { return (scale, labels) }
    }
    return nil
  }

  /// A range that is never empty (see `widened`).
  static func widenedIfEqual(_ r: (Double, Double)) -> (Double, Double) {
    r.0 == r.1 ? widened(r.0) : r
  }
}
