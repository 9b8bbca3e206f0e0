import ShopCore
import ShopFrames
import ShopRuntime

/// What a submitted answer earned. A wrong answer says how it missed (the shape of the
/// table, that a number is off) but never what the answer is.
public enum Verdict: Sendable, Equatable {
  case correct
  case wrong(String)
  /// Not an answer to this kind of question at all (a table for a number, nothing).
  case unusable(String)
}

extension AnswerCheck {
  /// Judges a student's answer; `reference` is the value of the exercise's reference command
  /// (needed for a table check, unused for a value check).
  public func judge(_ answer: Value, reference: Value?) -> Verdict {
    switch self {
    case .value(let target, let tolerance):
      guard let number = Self.number(in: answer) else {
        return .unusable("this question wants a number (or a table of one cell); that was \(Self.describe(answer))")
      }
      return abs(number - target) <= tolerance ? .correct : .wrong("\(Self.plain(number)) is not it")
    case .table(let ordered):
      guard case .frame(let given) = answer else {
        return .unusable("this question wants a table; that was \(Self.describe(answer))")
      }
      guard case .frame(let expected) = reference else {
        return .unusable("the lesson's reference answer did not give a table; tell the teacher")
      }
      return Self.compare(given, expected, ordered: ordered)
    }
  }

  /// Whether the reference answer passes its own check (`shoplab run --check`); nil when it
  /// does, else why not.
  public func verifyReference(_ value: Value?) -> String? {
    switch self {
    case .value(let target, let tolerance):
      guard let value, let number = Self.number(in: value) else {
        return "a value check wants a number, and the reference answer gave \(value.map(Self.describe) ?? "nothing")"
      }
      return abs(number - target) <= tolerance
        ? nil : "the reference answer gives \(Self.plain(number)), not within \(Self.plain(tolerance)) of \(Self.plain(target))"
    case .table:
      guard case .frame = value else {
        return "a table check wants a table, and the reference answer gave \(value.map(Self.describe) ?? "nothing")"
      }
      return nil
    }
  }

  /// A number, or the one cell of a one-row, one-column table (`raw | kpi aov`).
  public static func number(in value: Value) -> Double? {
    switch value {
    case .scalar(let s): return numeric(s)
    case .frame(let f) where f.rowCount == 1 && f.columnCount == 1: return numeric(f.columns[0][0])
    default: return nil
    }
  }

  static func numeric(_ s: Scalar) -> Double? {
    switch s {
    case .int(let v): return Double(v)
    case .float(let v): return v
    default: return nil
    }
  }

  static func describe(_ value: Value) -> String {
    if case .frame(let f) = value { return "a table of " + NumberFormat.shape(rows: f.rowCount, columns: f.columnCount) }
    return value.kindName
  }

  /// A number as a student would type it: `2406`, not `2406.0`.
  public static func plain(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
  }

  /// Tables are equal when their column names, row counts and cells are; numbers compare
  /// with a relative tolerance of 1e-9 so that a sum taken in another order still counts.
  static func compare(_ given: Frame, _ expected: Frame, ordered: Bool) -> Verdict {
    if given.columnCount != expected.columnCount {
      return .wrong("the answer has \(expected.columnCount) columns, yours \(given.columnCount)")
    }
    if given.columnNames != expected.columnNames {
      let missing = expected.columnNames.filter { !given.columnNames.contains($0) }
      return .wrong(
        missing.isEmpty
          ? "the columns are right but in another order"
          : "the answer's columns are named differently (yours: \(given.columnNames.joined(separator: ", ")))")
    }
    if given.rowCount != expected.rowCount {
      return .wrong("the answer has \(expected.rowCount) rows, yours \(given.rowCount)")
    }
    var a = rows(of: given)
    var b = rows(of: expected)
    if !ordered {
      a.sort { key($0) < key($1) }
      b.sort { key($0) < key($1) }
    }
    for (x, y) in zip(a, b) where !zip(x, y).allSatisfy(cellsEqual) {
      return .wrong(ordered ? "the shape is right but some values (or the row order) differ" : "the shape is right but some values differ")
    }
    return .correct
  }

  static func rows(of frame: Frame) -> [[Scalar]] {
    (0..<frame.rowCount).map { r in frame.columns.map { $0[r] } }
  }

  /// A sort key for comparing rows in any order: numbers rounded so near-equal ones sort alike.
  static func key(_ row: [Scalar]) -> String {
    row.map { cell in
      if case .float(let d) = cell { return String(format6(d)) }
      return "\(cell)"
    }.joined(separator: "\u{1F}")
  }

  static func format6(_ d: Double) -> Double { (d * 1e6).rounded() / 1e6 }

  static func cellsEqual(_ pair: (Scalar, Scalar)) -> Bool {
    let (x, y) = pair
    if let a = numeric(x), let b = numeric(y) {
      return a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }
    return x == y
  }
}
