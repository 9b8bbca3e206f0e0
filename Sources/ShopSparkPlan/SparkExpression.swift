/// A Spark Connect expression (spark/connect/expressions.proto), built by ShopLab's
/// translation of a pipeline and encoded as protobuf, never as SQL text.
public indirect enum SparkExpression: Sendable, Equatable {
  /// A column by name (`UnresolvedAttribute`).
  case column(String)
  case literal(SparkLiteral)
  /// A function or operator by Spark's name ("sum", "+", "==", "and", "not"...).
  case function(String, [SparkExpression], distinct: Bool = false)
  case alias(SparkExpression, String)
}

public enum SparkLiteral: Sendable, Equatable {
  case null
  case bool(Bool)
  case long(Int64)
  case double(Double)
  case string(String)
  /// Microseconds since 1970-01-01T00:00:00 on a zone-free clock (TIMESTAMP_NTZ).
  case timestampNTZ(Int64)
  /// A calendar interval (`sequence`'s step): months, days and microseconds apart, as Spark
  /// adds them (a month is a calendar month, not a number of days).
  case interval(months: Int32, days: Int32, microseconds: Int64)
}

/// One key of a `Sort`: nulls always last, as ShopLab's local `sort` puts them.
public struct SparkSortKey: Sendable, Equatable {
  public var expression: SparkExpression
  public var descending: Bool

  public init(_ expression: SparkExpression, descending: Bool = false) {
    self.expression = expression
    self.descending = descending
  }
}

extension SparkExpression {
  /// `UnresolvedAttribute.unparsed_identifier` is parsed by Spark (a dot separates nested
  /// fields), so any name other than a plain identifier is quoted in backticks.
  static func quotedIdentifier(_ name: String) -> String {
    let plain = !name.isEmpty && name.unicodeScalars.allSatisfy {
      $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
    }
    return plain ? name : "`" + name.map { $0 == "`" ? "``" : String($0) }.joined() + "`"
  }

  /// Field numbers are those of `message Expression` and its nested messages.
  public func encode(into w: inout ProtoWriter) {
    switch self {
    case .literal(let literal):
      w.message(1) { literal.encode(into: &$0) }
    case .column(let name):
      w.message(2) { $0.string(1, SparkExpression.quotedIdentifier(name)) }
    case .function(let name, let arguments, let distinct):
      w.message(3) { f in
        f.string(1, name)
        for a in arguments { f.message(2) { a.encode(into: &$0) } }
        if distinct { f.bool(3, true) }
      }
    case .alias(let expression, let name):
      w.message(6) { a in
        a.message(1) { expression.encode(into: &$0) }
        a.string(2, name)
      }
    }
  }
}

extension SparkLiteral {
  func encode(into w: inout ProtoWriter) {
    switch self {
    // A typed null: DataType { NULL null = 1 }.
    case .null: w.message(1) { $0.message(1) { _ in } }
    case .bool(let v): w.bool(3, v)
    case .long(let v): w.int(7, v)
    case .double(let v): w.double(11, v)
    case .string(let v): w.string(13, v)
    case .timestampNTZ(let v): w.int(18, v)
    case .interval(let months, let days, let micros):
      w.message(19) { c in
        if months != 0 { c.int(1, Int64(months)) }
        if days != 0 { c.int(2, Int64(days)) }
        if micros != 0 { c.int(3, micros) }
      }
    }
  }
}

extension SparkSortKey {
  /// `Expression.SortOrder`: child 1, direction 2 (1 ascending, 2 descending),
  /// null_ordering 3 (2 nulls last).
  func encode(into w: inout ProtoWriter) {
    w.message(1) { expression.encode(into: &$0) }
    w.int(2, descending ? 2 : 1)
    w.int(3, 2)
  }
}
