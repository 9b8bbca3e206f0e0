import ShopCore

/// The distribution of one numeric column, as horizontal bars with labelled bin edges.
///
/// ```
///            Order value
/// [  0,  50) ┤████████████████████████████▌ 1,204
/// [ 50, 100) ┤██████████▏ 431
/// [100, 150] ┤▊ 35
/// ```
///
/// Bins are drawn as rows (like UnicodePlots' histogram) so their edges read as text. See
/// `HistogramBins` for the default bin rule (Freedman–Diaconis, Sturges fallback, round
/// edges, capped to the lines available). NaN and infinite values are left out and counted
/// in a note.
public struct Histogram: Sendable {
  public var values: [Double]
  /// An exact number of equal-width bins from min to max; nil picks round bins by rule.
  public var bins: Int?
  public var title: String?

  public init(values: [Double], bins: Int? = nil, title: String? = nil) {
    self.values = values
    self.bins = bins
    self.title = title
  }

  /// The chart as text, `style.width` × `style.height` at most.
  public func render(_ style: ChartStyle) -> String {
    let sorted = values.filter { $0.isFinite }.sorted()
    guard !sorted.isEmpty else { return NoData.render(title: title, style: style) }
    var notes: [String] = []
    let dropped = values.count - sorted.count
    if dropped > 0 {
      notes.append("(\(NumberFormat.grouped(dropped)) NaN or infinite values left out)")
    }
    let titleLines = title == nil ? 0 : 1
    var cap = max(1, style.usableHeight - titleLines - notes.count)
    if let bins, bins > cap {
      cap -= 1
      notes.append("(\(bins) bins asked for; \(cap) fit in \(style.usableHeight) lines)")
    }
    let result =
      bins.map { HistogramBins.equalWidth(sorted, bins: min($0, cap)) }
      ?? HistogramBins.nice(sorted, cap: cap)
    // Edges past 1e15 in magnitude print in four significant digits (-1.324e+308), not as
    // seventeen that the label width would cut.
    let huge = result.edges.contains { abs($0) >= 1e15 }
    let edgeTexts = result.edges.map { huge ? Self.scientific($0) : NumberFormat.groupedFixed($0, result.decimals) }
    let w = edgeTexts.map(displayWidth).max() ?? 1
    let k = result.counts.count
    let labels = (0..<k).map { i in
      "[" + pad(edgeTexts[i], toWidth: w, alignRight: true) + ", "
        + pad(edgeTexts[i + 1], toWidth: w, alignRight: true) + (i == k - 1 ? "]" : ")")
    }
    let counts = result.counts.map(Double.init)
    return BarRows(
      labels: labels, values: counts, texts: result.counts.map(NumberFormat.grouped),
      title: title, notes: notes
    ).render(style)
  }

  /// `x` as a mantissa of four significant digits and a power of ten: -1.324e+308.
  static func scientific(_ x: Double) -> String {
    guard x != 0, x.isFinite else { return x == 0 ? "0" : NumberFormat.shortest(x) }
    var e = Int(AxisTicks.log10Floor(abs(x)))
    var m = (x / (Double("1e\(e)") ?? 1) * 1000).rounded() / 1000
    if abs(m) >= 10 {
      m /= 10
      e += 1
    }
    return NumberFormat.fixed(m, 3) + "e" + (e < 0 ? "-" : "+") + String(abs(e))
  }
}
