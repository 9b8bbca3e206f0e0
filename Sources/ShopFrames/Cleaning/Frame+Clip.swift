import ShopCore

extension Frame {
  /// Limits a numeric column to a range worked out by `rule`: values outside are set to
  /// the nearest bound, or their rows are dropped (and returned in `removed`) with
  /// `drop`. Nulls are left alone. An int column stays int (its bounds round inwards).
  /// With `by`, the iqr and zscore bounds are worked out within each group (a price
  /// outlier for one product is not one for another); a group with too few values for
  /// its bounds (no value for iqr, one for zscore) is left as it is.
  ///
  /// Summary: "clip Quantity iqr 1.5 [-13.5, 28.5]: clipped 123 values" (or
  /// "dropped 123 rows"); with groups "clip Quantity iqr 1.5 by StockCode (bounds per
  /// group, 3,941 groups): clipped 123 values in 45 groups".
  public func clip(_ ref: ColumnRef, rule: ClipRule, drop: Bool, by groupRefs: [ColumnRef] = []) throws
    -> CleaningResult
  {
    let target = try column(ref)
    guard target.isNumeric, target.type != .bool, let (allValues, validity) = target.doubles else {
      throw FrameError.typeMismatch(
        "clip needs a numeric column, '\(ref.name)' is \(target.type)", at: ref.range)
    }
    if case .between = rule, let first = groupRefs.first {
      throw FrameError.invalidArgument(
        "'between' bounds are the same in every group; 'by' goes with iqr or zscore", at: first.range)
    }
    let ruleText: String
    switch rule {
    case .iqr(let k): ruleText = "iqr \(summaryNumber(k))"
    case .zscore(let z): ruleText = "zscore \(summaryNumber(z))"
    case .between(let a, let b):
      guard a <= b else {
        throw FrameError.invalidArgument(
          "clip between needs low <= high, got \(summaryNumber(a)) > \(summaryNumber(b))",
          at: ref.range)
      }
      ruleText = "between"
    }
    let grouping = Grouping(try groupRefs.map { try column($0) }, rowCount: rowCount)
    var members = [[Double]](repeating: [], count: grouping.count)
    for i in 0..<rowCount where validity.isValid(i) { members[Int(grouping.ids[i])].append(allValues[i]) }
    // Per group: its bounds, or nil when it has too few values to have any.
    let bounds: [(lo: Double, hi: Double)?] = members.map { Self.clipBounds($0, rule) }
    if groupRefs.isEmpty, bounds.first.flatMap({ $0 }) == nil { return unchanged(ref, "clip") }
    let header: String
    if groupRefs.isEmpty, let b = bounds.first.flatMap({ $0 }) {
      header = "clip \(ref.name) \(ruleText) [\(summaryNumber(b.lo)), \(summaryNumber(b.hi))]"
    } else {
      header = "clip \(ref.name) \(ruleText) by \(groupRefs.map(\.name).joined(separator: ", ")) "
        + "(bounds per group, \(NumberFormat.count(grouping.count, "group")))"
    }
    var outside = [Bool](repeating: false, count: rowCount)
    var touchedGroups = Set<Int32>()
    let clipped: Column
    switch target.data {
    case .int(let v, let m):
      // Bounds rounded inwards, so a clipped int is never outside them.
      let intBounds: [(Int64, Int64)?] = bounds.map { b in
        b.map { b in
          (Int64(exactly: b.lo.rounded(.up)) ?? (b.lo < 0 ? Int64.min : Int64.max),
           Int64(exactly: b.hi.rounded(.down)) ?? (b.hi < 0 ? Int64.min : Int64.max))
        }
      }
      var out = v
      for i in 0..<rowCount where m.isValid(i) {
        guard let (low, high) = intBounds[Int(grouping.ids[i])], v[i] < low || v[i] > high else { continue }
        outside[i] = true
        touchedGroups.insert(grouping.ids[i])
        out[i] = min(max(v[i], low), high)
      }
      clipped = Column(name: target.name, data: .int(out, m))
    case .float(let v, let m):
      var out = v
      for i in 0..<rowCount where m.isValid(i) {
        guard let b = bounds[Int(grouping.ids[i])], v[i] < b.lo || v[i] > b.hi else { continue }
        outside[i] = true
        touchedGroups.insert(grouping.ids[i])
        out[i] = min(max(v[i], b.lo), b.hi)
      }
      clipped = Column(name: target.name, data: .float(out, m))
    default:
      clipped = target
    }
    let count = outside.lazy.filter { $0 }.count
    let inGroups = groupRefs.isEmpty ? "" : " in \(NumberFormat.count(touchedGroups.count, "group"))"
    if drop {
      return CleaningResult(
        frame: rows(where: outside.map { !$0 }),
        summary: "\(header): dropped \(NumberFormat.count(count, "row"))\(inGroups)",
        removed: rows(where: outside))
    }
    return CleaningResult(
      frame: with(clipped), summary: "\(header): clipped \(NumberFormat.count(count, "value"))\(inGroups)")
  }

  /// The bounds of `rule` over one set of values, or nil when there are too few values.
  static func clipBounds(_ values: [Double], _ rule: ClipRule) -> (lo: Double, hi: Double)? {
    switch rule {
    case .iqr(let k):
      guard !values.isEmpty else { return nil }
      let sorted = values.sorted()
      let q1 = sortedQuantile(sorted, 0.25)
      let q3 = sortedQuantile(sorted, 0.75)
      return (q1 - k * (q3 - q1), q3 + k * (q3 - q1))
    case .zscore(let z):
      guard values.count > 1 else { return nil }
      let (mean, std) = meanAndStd(values)
      return (mean - z * std, mean + z * std)
    case .between(let a, let b):
      return (a, b)
    }
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
