import ShopCore

/// Which rows a join keeps.
public enum JoinKind: String, Sendable {
  /// Pairs of rows whose keys match.
  case inner
  /// Every left row; right columns are null where nothing matches.
  case left
  /// The left rows that match nothing (left columns only).
  case anti
}

extension Frame {
  /// Joins with `other` on equal key columns (same names on both sides).
  ///
  /// A left row matching k right rows appears k times, in right-row order. Null keys
  /// match nothing, as in SQL. The output holds the left columns, then the right
  /// non-key columns; a right name that clashes with a left one gets the suffix `_right`.
  /// String keys compare by value even though each side has its own dictionary, and an
  /// int key matches a float key of the same value.
  /// - Complexity: O(left rows + right rows + output rows).
  public func join(_ other: Frame, on keys: [ColumnRef], kind: JoinKind) throws -> Frame {
    guard !keys.isEmpty else { throw FrameError.incompatible("join needs at least one key column") }
    var leftKeys: [Column] = []
    var rightKeys: [Column] = []
    for ref in keys {
      let l = try column(ref)
      guard let r = other.column(named: ref.name) else {
        throw FrameError.unknownColumn(ref.name, available: other.columnNames, at: ref.range)
      }
      let (a, b) = try Frame.joinable(l, r, key: ref)
      leftKeys.append(a)
      rightKeys.append(b)
    }
    // Group both sides' keys together: equal keys get the same id on either side.
    let stacked = zip(leftKeys, rightKeys).map { Frame.stack($0, $1) }
    let grouping = Grouping(stacked, rowCount: rowCount + other.rowCount)
    var nullKey = [Bool](repeating: false, count: rowCount + other.rowCount)
    for key in stacked {
      for i in nullKey.indices where key.isNull(i) { nullKey[i] = true }
    }
    // Right rows of each group, laid out contiguously (counting sort).
    var start = [Int](repeating: 0, count: grouping.count + 1)
    for j in 0..<other.rowCount where !nullKey[rowCount + j] {
      start[Int(grouping.ids[rowCount + j]) + 1] += 1
    }
    for g in 0..<grouping.count { start[g + 1] += start[g] }
    var fill = start
    var rightRows = [Int](repeating: 0, count: start[grouping.count])
    for j in 0..<other.rowCount where !nullKey[rowCount + j] {
      let g = Int(grouping.ids[rowCount + j])
      rightRows[fill[g]] = j
      fill[g] += 1
    }
    try Cancellation.shared.check()
    if kind != .anti { try checkJoinSize(other, start: start, grouping: grouping, nullKey: nullKey, kind: kind, keys: keys) }
    var leftIndex: [Int] = []
    var rightIndex: [Int] = []
    leftIndex.reserveCapacity(rowCount)
    for i in 0..<rowCount {
      let g = Int(grouping.ids[i])
      let matches = nullKey[i] ? 0..<0 : start[g]..<start[g + 1]
      switch kind {
      case .anti:
        if matches.isEmpty { leftIndex.append(i) }
      case .inner, .left:
        if matches.isEmpty {
          if kind == .left {
            leftIndex.append(i)
            rightIndex.append(-1)
          }
        } else {
          for m in matches {
            leftIndex.append(i)
            rightIndex.append(rightRows[m])
          }
        }
      }
    }
    if kind == .anti { return gather(leftIndex) }
    var out = columns.map { $0.gather(leftIndex) }
    for (c, name) in Frame.joinedRightNames(left: columnNames, right: other.columnNames, keys: keys.map(\.name)) {
      guard let column = other.column(named: c) else { continue }
      out.append(column.gatherOptional(rightIndex).renamed(name))
    }
    return Frame(columns: out)
  }

  /// The right side's non-key columns as a join names them after the left columns: a name
  /// the left (or an earlier right column) already has gets `_right`, again until it is
  /// free. Remote joins (Spark) name their columns by the same rule.
  public static func joinedRightNames(left: [String], right: [String], keys: [String]) -> [(column: String, name: String)] {
    let keyNames = Set(keys)
    var taken = Set(left)
    var out: [(column: String, name: String)] = []
    for c in right where !keyNames.contains(c) {
      var name = c
      while taken.contains(name) { name += "_right" }
      taken.insert(name)
      out.append((c, name))
    }
    return out
  }

  /// Key columns converted so both sides can be stacked (int with float widens).
  /// The most values (rows × columns) a join may make: a many-to-many key multiplies
  /// rows, and `orders | join orders on Country` three times over would need gigabytes.
  public static let maximumJoinValues = 200_000_000

  /// Refuses a join whose output would exceed `maximumJoinValues`, before allocating it.
  private func checkJoinSize(
    _ other: Frame, start: [Int], grouping: Grouping, nullKey: [Bool], kind: JoinKind, keys: [ColumnRef]
  ) throws {
    var rows = 0
    for i in 0..<rowCount {
      let g = Int(grouping.ids[i])
      let matches = nullKey[i] ? 0 : start[g + 1] - start[g]
      rows += matches == 0 && kind == .left ? 1 : matches
    }
    let width = columnCount + other.columnCount - keys.count
    guard rows > 0, width > 0, rows > Frame.maximumJoinValues / width else { return }
    throw FrameError.invalidArgument(
      "join would make \(NumberFormat.count(rows, "row")) of \(width) columns (the limit is "
        + "\(NumberFormat.count(Frame.maximumJoinValues, "value"))): join on more keys, or filter first",
      at: keys.first?.range)
  }

  static func joinable(_ l: Column, _ r: Column, key: ColumnRef) throws -> (Column, Column) {
    if l.type == r.type { return (l, r) }
    if commonType([l.type, r.type]) == .float { return (l.widenedToFloat(), r.widenedToFloat()) }
    // Ids read as numbers in one file and as text in another (`00123`, a stray code) are the
    // usual cause: say how to bring the left side to the right's type.
    let conversion: [DataType: String] = [.int: "int", .float: "float", .string: "string"]
    let hint = conversion[r.type].map { "; convert the left side first: 'derive \(l.name) = \($0)(\(l.name)) | join …'" } ?? ""
    throw FrameError.typeMismatch(
      "cannot join on '\(l.name)': it is \(l.type) on the left and \(r.type) on the right\(hint)", at: key.range)
  }

  /// Two same-typed columns one after the other (strings share one dictionary).
  static func stack(_ a: Column, _ b: Column) -> Column {
    switch (a.data, b.data) {
    case (.int(let x, let mx), .int(let y, let my)):
      return Column(name: a.name, data: .int(x + y, stackValidity(mx, x.count, my, y.count)))
    case (.datetime(let x, let mx), .datetime(let y, let my)):
      return Column(name: a.name, data: .datetime(x + y, stackValidity(mx, x.count, my, y.count)))
    case (.float(let x, let mx), .float(let y, let my)):
      return Column(name: a.name, data: .float(x + y, stackValidity(mx, x.count, my, y.count)))
    case (.bool(let x, let mx), .bool(let y, let my)):
      return Column(name: a.name, data: .bool(x + y, stackValidity(mx, x.count, my, y.count)))
    case (.string(let x, let dx), .string(let y, let dy)):
      let (dict, codes) = unifyDictionaries([(x, dx), (y, dy)])
      return Column(name: a.name, data: .string(codes: codes[0] + codes[1], dictionary: dict))
    default:
      preconditionFailure("stack needs columns of one type")
    }
  }

  private static func stackValidity(_ a: Validity, _ n: Int, _ b: Validity, _ m: Int) -> Validity {
    if a.mask == nil && b.mask == nil { return .allValid }
    return Validity(
      mask: (a.mask ?? [Bool](repeating: true, count: n))
        + (b.mask ?? [Bool](repeating: true, count: m)))
  }
}
