import ShopCore

/// Box-and-whisker plots of one or more groups on a shared horizontal axis.
///
/// ```
///          ╷    ┌──────┬────┐          ╷
///  Germany ├────┤      │    ├──────────┤     ○  ○
///          ╵    └──────┴────┘          ╵
///          ┬─────────┬─────────┬─────────┬──────
///          0        50       100       150
/// ```
///
/// Each group takes three lines (one when space is short). Quartiles use linear
/// interpolation (type 7), whiskers reach the furthest values within 1.5 × IQR, and
/// outliers beyond them are marked `○` (`o` in ASCII). Braille and block modes draw the
/// same box-drawing characters. A group without finite values says so on its line.
public struct BoxPlot: Sendable {
  public var groups: [(label: String, values: [Double])]
  public var title: String?

  public init(groups: [(label: String, values: [Double])], title: String? = nil) {
    self.groups = groups
    self.title = title
  }

  /// The chart as text, `style.width` × `style.height` at most.
  public func render(_ style: ChartStyle) -> String {
    let summaries = groups.map { BoxSummary(values: $0.values) }
    var extent = Extent()
    for s in summaries.compactMap({ $0 }) {
      extent.add(s.min)
      extent.add(s.max)
    }
    guard let range = extent.range else { return NoData.render(title: title, style: style) }
    let width = style.usableWidth
    let u = style.unicode
    let labelW = max(1, min(groups.map { displayWidth($0.label) }.max() ?? 1, width / 4))
    let plotLeft = labelW + 1
    let plotCols = max(4, width - plotLeft - 1)
    guard let fitted = AxisTicks.fitted(min: range.0, max: range.1, columns: plotCols) else {
      return NoData.render(title: title, style: style)
    }
    let (x0, x1) = (fitted.scale.lower, fitted.scale.upper)
    func col(_ v: Double) -> Int {
      PixelMapping.clamp((v - x0) / (x1 - x0) * Double(plotCols - 1), plotCols - 1)
    }

    var lines: [TextLine] = []
    // Groups that fit one line each below the title (dropped first) and the axis.
    var title = self.title
    if (title == nil ? 0 : 1) + groups.count + 2 > style.usableHeight { title = nil }
    let room = style.usableHeight - (title == nil ? 0 : 1) - 2
    let shownGroups = groups.count <= room ? groups.count : max(1, room - 1)
    if let title {
      lines.append(
        displayWidth(title) <= plotCols
          ? Layout.centred(title, width: plotCols, offset: plotLeft)
          : Layout.centred(title, width: width))
    }
    let tall = lines.count + 3 * groups.count + 2 <= style.usableHeight
    let ink: (Int) -> ANSIColor? = { style.color ? .series($0) : nil }
    for (g, group) in groups.prefix(shownGroups).enumerated() {
      let label = Layout.label(group.label, width: labelW) + " "
      let blank = String(repeating: " ", count: plotLeft)
      guard let s = summaries[g] else {
        if tall { lines.append(TextLine()) }
        lines.append(TextLine(label + "(no data)"))
        if tall { lines.append(TextLine()) }
        continue
      }
      let c = BoxColumns(
        lo: col(s.lowerWhisker), q1: col(s.q1), median: col(s.median), q3: col(s.q3),
        hi: col(s.upperWhisker), outliers: s.outliers.map(col))
      if tall {
        for (row, prefix) in [(0, blank), (1, label), (2, blank)] {
          var line = TextLine(prefix)
          line.append(c.row(row, tall: true, unicode: u, width: plotCols), ink(g))
          lines.append(line)
        }
      } else {
        var line = TextLine(label)
        line.append(c.row(1, tall: false, unicode: u, width: plotCols), ink(g))
        lines.append(line)
      }
    }
    if shownGroups < groups.count {
      lines.append(TextLine("… \(groups.count - shownGroups) more groups"))
    }
    var axis = Array(repeating: u ? "─" : "-", count: plotCols)
    let tickColumns = fitted.scale.values.map(col)
    for c in tickColumns where c >= 0 && c < plotCols { axis[c] = u ? "┬" : "+" }
    lines.append(TextLine(String(repeating: " ", count: plotLeft) + axis.joined()))
    lines.append(
      Layout.tickLabels(Array(zip(tickColumns, fitted.labels)), offset: plotLeft, width: width))
    return Layout.join(lines, color: style.color)
  }
}

/// Screen columns of one box's parts, and the glyphs of its three rows.
struct BoxColumns {
  var lo: Int, q1: Int, median: Int, q3: Int, hi: Int
  var outliers: [Int]

  /// Row 0 is the box top, 1 the whiskers (or the one-line form), 2 the box bottom.
  func row(_ row: Int, tall: Bool, unicode u: Bool, width: Int) -> String {
    var cells = Array(repeating: " ", count: width)
    func put(_ c: Int, _ s: String) { if c >= 0 && c < width { cells[c] = s } }
    switch (row, tall) {
    case (0, _), (2, _):
      put(lo, u ? (row == 0 ? "╷" : "╵") : "|")
      put(hi, u ? (row == 0 ? "╷" : "╵") : "|")
      for c in q1...q3 { put(c, u ? "─" : "-") }
      put(q1, u ? (row == 0 ? "┌" : "└") : "+")
      put(q3, u ? (row == 0 ? "┐" : "┘") : "+")
      put(median, u ? (row == 0 ? "┬" : "┴") : "+")
    case (_, true):
      for c in outliers { put(c, u ? "○" : "o") }
      for c in lo...hi { put(c, u ? "─" : "-") }
      for c in q1...q3 { put(c, " ") }
      put(lo, u ? "├" : "|")
      put(hi, u ? "┤" : "|")
      put(q1, u ? "┤" : "|")
      put(q3, u ? "├" : "|")
      put(median, u ? "│" : "|")
    default:
      for c in outliers { put(c, u ? "○" : "o") }
      for c in lo...hi { put(c, u ? "─" : "-") }
      for c in q1...q3 { put(c, u ? "═" : "=") }
      put(lo, u ? "├" : "|")
      put(hi, u ? "┤" : "|")
      put(q1, "[")
      put(q3, "]")
      put(median, u ? "╪" : "|")
    }
    return cells.joined()
  }
}
