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
    let edgeTexts = result.edges.map { NumberFormat.groupedFixed($0, result.decimals) }
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
}
