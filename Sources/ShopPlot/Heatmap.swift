import ShopCore

/// How heatmap cells print their values.
public enum HeatmapValueFormat: Sendable {
  /// Fractions as percents: 0.36 → "36%", below 10% with one decimal (0.046 → "4.6%").
  case percent
  /// Numbers with grouped digits and shared decimals.
  case number
}

/// A matrix of shaded cells with row and column labels, such as a cohort retention
/// triangle (rows = cohort months, columns = months since first purchase).
///
/// ```
///               Retention by cohort
///          0      1      2      3
/// 2010-12  █ 100% ▒  37% ░  32% ░  38%
/// 2011-01  █ 100% ░  22% ░  27%
/// scale: 22% ░ ▒ ▓ █ 100%
/// ```
///
/// Shades run from the smallest to the largest finite value: `░▒▓█` in braille and block
/// modes, `.:-=+*#%@` in ASCII. NaN cells stay blank (so a triangle looks like one).
/// Values are printed next to the shade when they fit; otherwise they are printed without
/// the percent sign (the legend says so), and when even that is too wide only shades are
/// shown. Columns and rows that do not fit are left out with a note.
public struct Heatmap: Sendable {
  public var rowLabels: [String]
  public var columnLabels: [String]
  public var values: [[Double]]
  public var title: String?
  public var showValues: Bool
  public var valueFormat: HeatmapValueFormat

  public init(
    rowLabels: [String], columnLabels: [String], values: [[Double]], title: String? = nil,
    showValues: Bool = true, valueFormat: HeatmapValueFormat = .percent
  ) {
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.values = values
    self.title = title
    self.showValues = showValues
    self.valueFormat = valueFormat
  }

  static let unicodeRamp = ["░", "▒", "▓", "█"]
  static let asciiRamp = [".", ":", "-", "=", "+", "*", "#", "%", "@"]
  static let colorRamp: [ANSIColor] = [.blue, .cyan, .green, .yellow, .red]

  /// The chart as text, `style.width` × `style.height` at most.
  public func render(_ style: ChartStyle) -> String {
    let width = style.usableWidth
    let rowCount = values.count
    let columnCount = max(columnLabels.count, values.map(\.count).max() ?? 0)
    var extent = Extent()
    for row in values { for v in row { extent.add(v) } }
    guard let (lo, hi) = extent.range, rowCount > 0 else {
      return NoData.render(title: title, style: style)
    }
    let ramp = style.unicode ? Self.unicodeRamp : Self.asciiRamp
    func level(_ v: Double) -> Int {
      hi == lo ? ramp.count - 1 : PixelMapping.clamp(
          ((v * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5) * Double(ramp.count)).rounded(.down),
          ramp.count - 1)
    }
    func rowLabel(_ r: Int) -> String { r < rowLabels.count ? rowLabels[r] : "" }
    func columnLabel(_ c: Int) -> String { c < columnLabels.count ? columnLabels[c] : "" }
    func value(_ r: Int, _ c: Int) -> Double { c < values[r].count ? values[r][c] : .nan }

    let labelW = max(1, min((0..<rowCount).map { displayWidth(rowLabel($0)) }.max() ?? 1, width / 3))
    let headerW = (0..<columnCount).map { displayWidth(columnLabel($0)) }.max() ?? 1

    // Pick the richest cell text that fits: value with unit, then glued to its shade, then
    // bare values (the legend names the unit), and shades alone as the last resort.
    let all = values.flatMap { $0 }
    var texts: [String]?
    var gap = 1
    var note: String?
    func cellWidth(_ texts: [String]?, gap: Int) -> Int {
      guard let texts else { return max(1, min(headerW, 3)) }
      return max(headerW, (texts.map(displayWidth).max() ?? 0) + 1 + gap)
    }
    func fits(_ w: Int) -> Bool { labelW + columnCount * (w + 1) <= width }
    if showValues {
      let withUnit = CellText.make(all, format: valueFormat, unit: true)
      let bare = valueFormat == .percent ? CellText.make(all, format: valueFormat, unit: false) : nil
      let attempts: [([String]?, Int)] = [(withUnit, 1), (withUnit, 0), (bare, 1), (bare, 0)]
      for (i, (candidate, g)) in attempts.enumerated() {
        if let candidate, fits(cellWidth(candidate, gap: g)) {
          (texts, gap) = (candidate, g)
          if i >= 2 { note = "values in %" }
          break
        }
      }
      if texts == nil {
        // Shades alone: say so, and the width at which the numbers would show.
        let narrowest = cellWidth(bare ?? withUnit, gap: 0)
        note = "no values: too narrow; 'set chart_width \(labelW + columnCount * (narrowest + 1) + 2)' shows them"
      }
    }
    let cellW = cellWidth(texts, gap: gap)
    var shown = columnCount
    if !fits(cellW) { shown = max(1, (width - labelW) / (cellW + 1)) }
    let textWidth = texts?.map(displayWidth).max() ?? 0
    // Where each row's texts start in the flattened `texts`.
    var rowStart: [Int] = []
    var offset = 0
    for row in values {
      rowStart.append(offset)
      offset += row.count
    }

    var lines: [TextLine] = []
    if let title { lines.append(Layout.centred(title, width: width)) }
    var header = TextLine()
    header.append(spaces: labelW)
    for c in 0..<shown {
      header.append(" " + Layout.label(columnLabel(c), width: cellW, alignRight: true))
    }
    lines.append(header)
    let footer = 1 + (shown < columnCount ? 1 : 0)
    let rowRoom = max(1, style.usableHeight - lines.count - footer)
    var rowsShown = rowCount
    if rowCount > rowRoom { rowsShown = max(1, rowRoom - 1) }
    for r in 0..<rowsShown {
      var line = TextLine(Layout.label(rowLabel(r), width: labelW))
      for c in 0..<shown {
        line.append(" ")
        let v = value(r, c)
        guard v.isFinite else {
          line.append(spaces: cellW)
          continue
        }
        let l = level(v)
        let ink: ANSIColor? =
          style.color ? Self.colorRamp[l * Self.colorRamp.count / ramp.count] : nil
        if let texts {
          let t = texts[rowStart[r] + c]
          line.append(String(repeating: ramp[l], count: cellW - textWidth - gap), ink)
          line.append(String(repeating: " ", count: gap) + pad(t, toWidth: textWidth, alignRight: true))
        } else {
          line.append(String(repeating: ramp[l], count: cellW), ink)
        }
      }
      lines.append(line)
    }
    if rowsShown < rowCount {
      lines.append(TextLine(truncate("… " + NumberFormat.count(rowCount - rowsShown, "more row"), toWidth: width)))
    }
    if shown < columnCount {
      // Name the columns left out and how to see them, not only how many.
      let range = columnCount - shown == 1 ? columnLabel(shown) : "\(columnLabel(shown))–\(columnLabel(columnCount - 1))"
      let need = labelW + columnCount * (cellW + 1) + 2
      lines.append(
        TextLine(
          truncate(
            "… " + NumberFormat.count(columnCount - shown, "more column") + " (\(range)): 'set chart_width \(need)' shows them", toWidth: width)))
    }
    lines.append(legend(ramp, lo: lo, hi: hi, note: note, style: style))
    return Layout.join(lines, color: style.color)
  }

  /// "scale: 11% ░ ▒ ▓ █ 100%", shortened step by step until it fits the width.
  private func legend(_ ramp: [String], lo: Double, hi: Double, note: String?, style: ChartStyle)
    -> TextLine
  {
    let low = CellText.make([lo], format: valueFormat, unit: true)[0]
    let high = CellText.make([hi], format: valueFormat, unit: true)[0]
    let inks = ramp.indices.map { i -> ANSIColor? in
      style.color ? Self.colorRamp[i * Self.colorRamp.count / ramp.count] : nil
    }
    func build(prefix: String, spaced: Bool, note: String?) -> TextLine {
      var line = TextLine(prefix + low + " ")
      for (glyph, ink) in zip(ramp, inks) {
        line.append(glyph, ink)
        if spaced { line.append(" ") }
      }
      line.append((spaced ? "" : " ") + high)
      if let note { line.append(" (\(note))") }
      return line
    }
    let candidates = [
      build(prefix: "scale: ", spaced: true, note: note),
      build(prefix: "", spaced: true, note: note),
      build(prefix: "", spaced: false, note: note),
      build(prefix: "", spaced: false, note: nil),
    ]
    return candidates.first { $0.width <= style.usableWidth } ?? candidates[3]
  }
}

/// Value text for heatmap cells.
enum CellText {
  static func make(_ values: [Double], format: HeatmapValueFormat, unit: Bool) -> [String] {
    switch format {
    case .percent:
      return values.map { v in
        guard v.isFinite else { return "" }
        let p = v * 100
        let text = abs(p) < 10 && p != p.rounded() ? NumberFormat.fixed(p, 1) : NumberFormat.fixed(p, 0)
        return unit ? text + "%" : text
      }
    case .number:
      let finite = values.filter { $0.isFinite }
      let d = NumberLabels.decimals(for: finite)
      return values.map { $0.isFinite ? NumberFormat.groupedFixed($0, d) : "" }
    }
  }
}
