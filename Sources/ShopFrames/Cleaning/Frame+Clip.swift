import ShopCore

extension Frame {
  /// Limits a numeric column to a range worked out by `rule`: values outside are set to
  /// the nearest bound, or their rows are dropped (and returned in `removed`) with
  /// `drop`. Nulls are left alone. An int column stays int (its bounds round inwards).
  ///
  /// Summary: "clip Quantity iqr 1.5 [-13.5, 28.5]: clipped 123 values" (or
  /// "dropped 123 rows").
  public func clip(_ ref: ColumnRef, rule: ClipRule, drop: Bool) throws -> CleaningResult {
    let target = try column(ref)
    guard target.isNumeric, target.type != .bool, let values = target.validDoubles else {
      throw FrameError.typeMismatch(
        "clip needs a numeric column, '\(ref.name)' is \(target.type)", at: ref.range)
    }
    let lo: Double
    let hi: Double
    let ruleText: String
    switch rule {
    case .iqr(let k):
      guard !values.isEmpty else { return unchanged(ref, "clip") }
      let sorted = values.sorted()
      let q1 = sortedQuantile(sorted, 0.25)
      let q3 = sortedQuantile(sorted, 0.75)
      (lo, hi) = (q1 - k * (q3 - q1), q3 + k * (q3 - q1))
      ruleText = "iqr \(summaryNumber(k))"
    case .zscore(let z):
      guard values.count > 1 else { return unchanged(ref, "clip") }
      let (mean, std) = meanAndStd(values)
      (lo, hi) = (mean - z * std, mean + z * std)
      ruleText = "zscore \(summaryNumber(z))"
    case .between(let a, let b):
      guard a <= b else {
        throw FrameError.invalidArgument(
          "clip between needs low <= high, got \(summaryNumber(a)) > \(summaryNumber(b))",
          at: ref.range)
      }
      (lo, hi) = (a, b)
      ruleText = "between"
    }
    let header = "clip \(ref.name) \(ruleText) [\(summaryNumber(lo)), \(summaryNumber(hi))]"
    var outside = [Bool](repeating: false, count: rowCount)
    let clipped: Column
    switch target.data {
    case .int(let v, let m):
      let low = Int64(exactly: lo.rounded(.up)) ?? (lo < 0 ? Int64.min : Int64.max)
      let high = Int64(exactly: hi.rounded(.down)) ?? (hi < 0 ? Int64.min : Int64.max)
      for i in 0..<rowCount where m.isValid(i) && (v[i] < low || v[i] > high) { outside[i] = true }
      clipped = Column(name: target.name, data: .int(v.map { min(max($0, low), high) }, m))
    case .float(let v, let m):
      for i in 0..<rowCount where m.isValid(i) && (v[i] < lo || v[i] > hi) { outside[i] = true }
      clipped = Column(name: target.name, data: .float(v.map { min(max($0, lo), hi) }, m))
    default:
      clipped = target
    }
    let count = outside.lazy.filter { $0 }.count
    if drop {
      return CleaningResult(
        frame: rows(where: outside.map { !$0 }),
        summary: "\(header): dropped \(NumberFormat.grouped(count)) rows",
        removed: rows(where: outside))
    }
    return CleaningResult(
      frame: with(clipped), summary: "\(header): clipped \(NumberFormat.grouped(count)) values")
  }

  /// Rescales a numeric column to a float column (see `NormalizeMethod`).
  ///
  /// Summary: "normalize UnitPrice zscore (mean 4.61, std 96.76)".
  /// - Throws: `.invalidArgument` when the column has no spread (std or range 0) or no values.
  public func normalize(_ ref: ColumnRef, method: NormalizeMethod) throws -> CleaningResult {
    let target = try column(ref)
    guard target.isNumeric, let (values, validity) = target.doubles, let valid = target.validDoubles
    else {
      throw FrameError.typeMismatch(
        "normalize needs a numeric column, '\(ref.name)' is \(target.type)", at: ref.range)
    }
    guard valid.count > 1 else {
      throw FrameError.invalidArgument(
        "cannot normalize '\(ref.name)': it has fewer than 2 values", at: ref.range)
    }
    let center: Double
    let scale: Double
    let detail: String
    switch method {
    case .zscore:
      let (mean, std) = meanAndStd(valid)
      (center, scale) = (mean, std)
      detail = "mean \(summaryNumber(mean)), std \(summaryNumber(std))"
    case .minmax:
      let low = valid.min() ?? 0
      let high = valid.max() ?? 0
      (center, scale) = (low, high - low)
      detail = "min \(summaryNumber(low)), max \(summaryNumber(high))"
    }
    guard scale > 0 else {
      throw FrameError.invalidArgument(
        "cannot normalize '\(ref.name)': every value is the same (\(detail))", at: ref.range)
    }
    let out = Column(
      name: target.name, data: .float(values.map { ($0 - center) / scale }, validity))
    return CleaningResult(
      frame: with(out), summary: "normalize \(ref.name) \(method.rawValue) (\(detail))")
  }

  private func unchanged(_ ref: ColumnRef, _ verb: String) -> CleaningResult {
    CleaningResult(frame: self, summary: "\(verb) \(ref.name): no values, nothing to do")
  }
}

/// Mean and sample standard deviation (n - 1) of at least two values, in two passes.
func meanAndStd(_ values: [Double]) -> (mean: Double, std: Double) {
  let n = Double(values.count)
  let mean = values.reduce(0, +) / n
  let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
  return (mean, n > 1 ? (squares / (n - 1)).squareRoot() : 0)
}
