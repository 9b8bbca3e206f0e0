import ShopCore

extension Frame {
  /// Replaces the nulls of a column, within groups of the `by` columns when given, and in
  /// the row order of `orderBy` (stable) for `previous`, `next` and `interpolate`.
  /// The frame keeps its row order.
  ///
  /// Summary: "fill Description with mode: filled 1,454 nulls", or "filled 1,400 of
  /// 1,454 nulls" when some groups have no value to fill from.
  public func fill(
    _ ref: ColumnRef, with strategy: FillStrategy, by groups: [ColumnRef] = [],
    orderBy: ColumnRef? = nil
  ) throws -> CleaningResult {
    let target = try column(ref)
    let grouping = Grouping(try groups.map { try column($0) }, rowCount: rowCount)
    let order =
      try orderBy.map { try sortedRows([SortKey(.column($0.name, range: $0.range))]) }
      ?? Array(0..<rowCount)
    let filled: Column
    let label: String
    switch strategy {
    case .mean, .median:
      label = strategy.isMean ? "mean" : "median"
      guard target.isNumeric else {
        throw FrameError.typeMismatch(
          "fill with \(label) needs a numeric column, '\(ref.name)' is \(target.type)",
          at: ref.range)
      }
      let perGroup =
        strategy.isMean
        ? AggregationKernels.mean(target, grouping)
        : AggregationKernels.quantile(target, grouping, q: 0.5)
      filled = Frame.fillNulls(
        target.widenedToFloat(), from: perGroup.gatherOptional(grouping.ids.map { Int($0) }))
    case .mode:
      label = "mode"
      let modeRow = Frame.modeRows(target, grouping)
      filled = Frame.fillNulls(
        target, from: target.gatherOptional(grouping.ids.map { modeRow[Int($0)] }))
    case .value(let value):
      label = plainText(value)
      let (widened, constant) = try Frame.fillConstant(value, for: target, ref)
      filled = Frame.fillNulls(widened, from: constant)
    case .previous, .next:
      label = strategy.isPrevious ? "previous" : "next"
      var last = [Int](repeating: -1, count: grouping.count)
      var source = [Int](repeating: -1, count: rowCount)
      let walk: [Int] = strategy.isPrevious ? order : order.reversed()
      for i in walk {
        let g = Int(grouping.ids[i])
        if target.isNull(i) { source[i] = last[g] } else { last[g] = i }
      }
      filled = Frame.fillNulls(target, from: target.gatherOptional(source))
    case .interpolate:
      label = "interpolate"
      guard let (values, validity) = target.doubles else {
        throw FrameError.typeMismatch(
          "fill with interpolate needs a numeric column, '\(ref.name)' is \(target.type)",
          at: ref.range)
      }
      filled = Frame.fillNulls(
        target.widenedToFloat(),
        from: Frame.interpolated(values, validity, grouping, order))
    }
    let before = target.nullCount
    let done = before - filled.nullCount
    var summary = "fill \(ref.name) with \(label)"
    if !groups.isEmpty { summary += " by " + groups.map(\.name).joined(separator: ", ") }
    summary += done == before
      ? ": filled \(NumberFormat.count(done, "null"))" : ": filled \(NumberFormat.grouped(done)) of \(NumberFormat.count(before, "null"))"
    return CleaningResult(frame: with(filled.renamed(target.name)), summary: summary)
  }

  /// `target` where it has a value, `replacement` where it is null.
  static func fillNulls(_ target: Column, from replacement: Column) -> Column {
    let pick: [Int32] = (0..<target.count).map { target.isNull($0) ? 1 : 0 }
    return Column.choose([target, replacement], pick: pick, name: target.name, type: target.type)
  }

  /// For each group, a row holding its most frequent non-null value (ties: seen first).
  static func modeRows(_ target: Column, _ grouping: Grouping) -> [Int] {
    let pairs = Grouping(
      [Column(name: "g", data: .int(grouping.ids.map { Int64($0) }, .allValid)), target],
      rowCount: target.count)
    let sizes = pairs.sizes
    var best = [Int](repeating: -1, count: grouping.count)
    var bestSize = [Int](repeating: 0, count: grouping.count)
    for (pair, row) in pairs.firstRows.enumerated() where !target.isNull(row) {
      let g = Int(grouping.ids[row])
      if sizes[pair] > bestSize[g] {
        bestSize[g] = sizes[pair]
        best[g] = row
      }
    }
    return best
  }

  /// The fill constant as a column, with the target widened to float when an int column
  /// is filled with a fractional value.
  static func fillConstant(_ value: Scalar, for target: Column, _ ref: ColumnRef) throws -> (
    Column, Column
  ) {
    let n = target.count
    func mismatch() -> FrameError {
      .typeMismatch(
        "cannot fill \(target.type) column '\(ref.name)' with \(ExpressionEvaluator.literalText(value))",
        at: ref.range)
    }
    switch (target.type, value) {
    case (_, .null):
      throw FrameError.invalidArgument("fill needs a value that is not null", at: ref.range)
    case (.int, .int), (.float, .float), (.string, .string), (.bool, .bool), (.datetime, .datetime):
      return (target, Column.broadcast(value, count: n, name: target.name))
    case (.float, .int(let v)):
      return (target, Column.broadcast(.float(Double(v)), count: n, name: target.name))
    case (.int, .float(let v)):
      if v == v.rounded(), abs(v) < 9e18 {
        return (target, Column.broadcast(.int(Int64(v)), count: n, name: target.name))
      }
      return (target.widenedToFloat(), Column.broadcast(value, count: n, name: target.name))
    case (.datetime, .string(let text)):
      guard let t = DateTextParser.parse(text) else { throw mismatch() }
      return (target, Column.broadcast(.datetime(t), count: n, name: target.name))
    default:
      throw mismatch()
    }
  }

  /// Linear interpolation by position within each group's row order; ends stay null.
  static func interpolated(
    _ values: [Double], _ validity: Validity, _ grouping: Grouping, _ order: [Int]
  )
    -> Column
  {
    let n = values.count
    var out = [Double](repeating: 0, count: n)
    var valid = [Bool](repeating: false, count: n)
    var position = [Int](repeating: 0, count: grouping.count)
    var lastPosition = [Int](repeating: -1, count: grouping.count)
    var lastValue = [Double](repeating: 0, count: grouping.count)
    var pending = [[(row: Int, position: Int)]](repeating: [], count: grouping.count)
    for i in order {
      let g = Int(grouping.ids[i])
      let p = position[g]
      position[g] += 1
      if validity.isValid(i) {
        if lastPosition[g] >= 0 {
          let span = Double(p - lastPosition[g])
          for (row, q) in pending[g] {
            let t = Double(q - lastPosition[g]) / span
            out[row] = lastValue[g] + t * (values[i] - lastValue[g])
            valid[row] = true
          }
        }
        pending[g].removeAll(keepingCapacity: true)
        lastPosition[g] = p
        lastValue[g] = values[i]
      } else {
        pending[g].append((i, p))
      }
    }
    return Column(name: "value", data: .float(out, Validity(mask: valid)))
  }
}

extension FillStrategy {
  fileprivate var isMean: Bool { if case .mean = self { return true } else { return false } }
  fileprivate var isPrevious: Bool {
    if case .previous = self { return true } else { return false }
  }
}
