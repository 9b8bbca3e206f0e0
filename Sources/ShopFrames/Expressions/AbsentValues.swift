import ShopCore

/// A text value the user compared with a column (`event == "purchse"`, a funnel step)
/// that no row of the column holds, with the existing values nearest to it.
///
/// Comparing with a value that is not there is legal and sometimes meant (a day without
/// purchases), but it is usually a typo, and the result (no rows, a rate of 0) looks like
/// an answer. So the commands say so: `where` with a warning; the KPIs (conversion,
/// bounce_rate, ctr, funnel) with an error when the value is a near miss of an existing
/// one, and a note otherwise.
public struct AbsentValue: Sendable, Equatable {
  public var column: String
  public var value: String
  /// The existing value within typo distance (Suggestions.nearest), if any.
  public var nearest: String?
  /// A few existing values, most frequent first, for when there is no near miss.
  public var common: [String]
  /// How many distinct values the column has.
  public var distinct: Int
  /// Where the value was typed.
  public var range: SourceRange?

  /// True when an existing value is within typo distance.
  public var isLikelyTypo: Bool { nearest != nil }

  /// `no row has type == "ordres"`.
  public var message: String { "no row has \(column) == \"\(value)\"" }

  /// `did you mean "orders"?`
  public var suggestion: String? { nearest.map { "did you mean \"\($0)\"?" } }

  /// The message and suggestion on one line, for a warning.
  public var line: String {
    message + (suggestion.map { "; " + $0 } ?? "") + (nearest == nil ? "; " + valuesText : "")
  }

  var valuesText: String {
    // A table filtered to nothing (or a column of nulls): no list to show.
    if distinct == 0 { return "\(column) has no values (every row is null, or there are no rows)" }
    let shown = common.map { "\"\($0)\"" }.joined(separator: ", ")
    return "\(column) has \(NumberFormat.count(distinct, "value")): \(shown)\(distinct > common.count ? ", …" : "")"
  }

  public var notes: [String] { nearest == nil ? [valuesText] : [] }
}

extension Frame {
  /// The text literals in `expr` compared (`==`, `!=`, `in`) with a text column of this
  /// frame that no row holds. Only direct comparisons of a column with a literal count:
  /// `lower(c) == "x"` is not checked.
  public func absentLiterals(in expr: ColumnExpr) -> [AbsentValue] {
    var out: [AbsentValue] = []
    var cache: [String: [String: Int]] = [:]
    func check(_ columnExpr: ColumnExpr, _ literal: ColumnExpr) {
      guard case .column(let name) = columnExpr.kind, case .literal(.string(let value)) = literal.kind,
        let col = column(named: name), col.type == .string
      else { return }
      let counts = cache[name] ?? Self.textCounts(col)
      cache[name] = counts
      if let a = Self.absent(value, column: name, counts: counts, range: literal.range) { out.append(a) }
    }
    func walk(_ e: ColumnExpr) {
      switch e.kind {
      case .column, .literal: return
      case .unary(_, let x): walk(x)
      case .binary(let op, let a, let b):
        if op == .equal || op == .notEqual {
          check(a, b)
          check(b, a)
        }
        walk(a)
        walk(b)
      case .call(_, let args): args.forEach(walk)
      case .isIn(let x, let items):
        for item in items { check(x, item) }
        walk(x)
      }
    }
    walk(expr)
    return out
  }

  /// `value` as absent from `column`, or nil when some row holds it.
  public func absentValue(_ value: String, in ref: ColumnRef, range: SourceRange? = nil) throws -> AbsentValue? {
    Self.absent(value, column: ref.name, counts: Self.textCounts(try column(ref)), range: range)
  }

  static func absent(_ value: String, column: String, counts: [String: Int], range: SourceRange?) -> AbsentValue? {
    guard counts[value] == nil else { return nil }
    let byCount = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    return AbsentValue(
      column: column, value: value, nearest: Suggestions.nearest(to: value, in: byCount),
      common: Array(byCount.prefix(5)), distinct: counts.count, range: range)
  }

  /// Row counts of the non-null values of a column, as the text the user would type.
  static func textCounts(_ col: Column) -> [String: Int] {
    var counts: [String: Int] = [:]
    if case .string(let codes, let dict) = col.data {
      var perCode = [Int](repeating: 0, count: dict.count)
      for c in codes where c >= 0 { perCode[Int(c)] += 1 }
      for (k, n) in perCode.enumerated() where n > 0 { counts[dict[k], default: 0] += n }
      return counts
    }
    for i in 0..<col.count where !col.isNull(i) { counts[plainText(col[i]), default: 0] += 1 }
    return counts
  }
}
