import ShopCore

/// Horizontal bars, one per label, with the value printed at the end of each bar.
///
/// Bars are drawn in eighth-block steps (`▏▎▍▌▋▊▉█`) in braille and block modes and with
/// `#` in ASCII. Negative values grow to the left of a zero axis. Long labels are cut
/// with "…" (wide CJK characters count as two columns); when there are more bars than
/// lines, the first ones are shown and a note says how many were left out.
public struct BarChart: Sendable {
  public var labels: [String]
  public var values: [Double]
  public var title: String?
  /// Whether bars are shown largest first (NaN last); otherwise in the given order.
  public var sorted: Bool

  public init(labels: [String], values: [Double], title: String? = nil, sorted: Bool = false) {
    self.labels = labels
    self.values = values
    self.title = title
    self.sorted = sorted
  }

  /// The chart as text, `style.width` × `style.height` at most.
  public func render(_ style: ChartStyle) -> String {
    let n = min(labels.count, values.count)
    var order = Array(0..<n)
    if sorted {
      order.sort { a, b in
        let (u, v) = (values[a], values[b])
        if u.isNaN != v.isNaN { return v.isNaN }
        if u != v && !u.isNaN { return u > v }
        return a < b
      }
    }
    let vs = order.map { values[$0] }
    return BarRows(
      labels: order.map { labels[$0] }, values: vs, texts: NumberLabels.values(vs),
      title: title
    ).render(style)
  }
}

/// The drawing behind `BarChart` and `Histogram`: labelled rows of bars.
struct BarRows {
  var labels: [String]
  var values: [Double]
  /// The text printed after (or, for negative bars, before) each bar.
  var texts: [String]
  var title: String?
  /// Lines printed under the bars.
  var notes: [String] = []

  func render(_ style: ChartStyle) -> String {
    let width = style.usableWidth
    guard values.contains(where: { $0.isFinite }) else {
      return NoData.render(title: title, style: style)
    }
    var lines: [TextLine] = []
    if let title { lines.append(Layout.centred(title, width: width)) }
    let room = max(1, style.usableHeight - lines.count - notes.count)
    var shown = values.count
    var extraNote: String?
    if shown > room {
      shown = max(1, room - 1)
      extraNote = "… \(NumberFormat.grouped(values.count - shown)) more not shown"
    }
    let vs = Array(values.prefix(shown))
    let ts = Array(texts.prefix(shown))

    let finite = vs.filter { $0.isFinite }
    let maxPos = max(0, finite.max() ?? 0)
    let minNeg = min(0, finite.min() ?? 0)
    let hasNeg = minNeg < 0
    let posTextW = zip(vs, ts).filter { !($0.0 < 0) }.map { displayWidth($0.1) }.max() ?? 0
    let negTextW = zip(vs, ts).filter { $0.0 < 0 }.map { displayWidth($0.1) }.max() ?? 0
    let rightText = posTextW > 0 ? posTextW + 1 : 0
    let leftText = hasNeg ? negTextW + 1 : 0
    // Labels take up to a third of the width, less when bars would get under 2 columns.
    let labelW = max(
      1,
      min(
        labels.prefix(shown).map(displayWidth).max() ?? 1, width / 3,
        width - 4 - rightText - leftText))
    let available = max(2, width - labelW - 2 - rightText - leftText)
    let span = maxPos - minNeg
    // The share of the bar area left of zero (a span overflowing to infinity splits evenly).
    let negShare = span.isFinite ? -minNeg / span : 0.5
    let negCells = hasNeg ? max(1, Int((Double(available) * negShare).rounded())) : 0
    let posCells = available - negCells
    let perCell = span > 0 ? span / Double(available) : 1
    let u = style.unicode
    let axis = hasNeg ? (u ? "│" : "|") : (u ? "┤" : "|")
    let ink: ANSIColor? = style.color ? .blue : nil

    for i in 0..<shown {
      var line = TextLine()
      line.append(Layout.label(labels[i], width: labelW) + " ")
      let v = vs[i]
      if hasNeg {
        if v < 0 {
          let bar = Self.leftBar(min(-v / perCell, Double(negCells)), unicode: u)
          line.append(spaces: leftText + negCells - displayWidth(ts[i]) - 1 - bar.count)
          line.append(ts[i] + " ")
          line.append(bar, ink)
        } else {
          line.append(spaces: leftText + negCells)
        }
      }
      line.append(axis)
      if !(v < 0) {
        let bar = v.isFinite ? Self.rightBar(v / perCell, unicode: u, cap: posCells) : ""
        line.append(bar, ink)
        line.append(" " + ts[i])
      }
      lines.append(line)
    }
    if let extraNote { lines.append(TextLine(extraNote)) }
    for note in notes { lines.append(TextLine(truncate(note, toWidth: width))) }
    return Layout.join(lines, color: style.color)
  }

  private static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// A bar `cells` long growing right; a positive value always shows at least ▏.
  static func rightBar(_ cells: Double, unicode: Bool, cap: Int) -> String {
    guard cells > 0 else { return "" }
    let c = min(cells, Double(cap))
    if !unicode { return String(repeating: "#", count: Int(c.rounded())) }
    var e = Int((c * 8).rounded())
    if e == 0 && cells > 0 { e = 1 }
    return String(repeating: "█", count: e / 8) + eighths[e % 8]
  }

  /// A bar `cells` long growing left; only a right half block (▐) exists for partial cells.
  static func leftBar(_ cells: Double, unicode: Bool) -> String {
    guard cells > 0, cells < 1e6 else { return "" }
    if !unicode { return String(repeating: "#", count: Int(cells.rounded())) }
    var halves = Int((cells * 2).rounded())
    if halves == 0 && cells > 0 { halves = 1 }
    return (halves % 2 == 1 ? "▐" : "") + String(repeating: "█", count: halves / 2)
  }
}
