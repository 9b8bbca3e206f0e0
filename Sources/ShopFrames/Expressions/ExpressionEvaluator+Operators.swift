import ShopCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers of one column, widened just enough for an operation.
enum NumericVector {
  case ints([Int64])
  case floats([Double])

  var asDoubles: [Double] {
    switch self {
    case .ints(let v):
      return v.withUnsafeBufferPointer { p in
        RowChunks.makeArray(count: p.count) { rows, out in for i in rows { out[i] = Double(p[i]) } }
      }
    case .floats(let v): return v
    }
  }
}

extension Column {
  /// int and bool as ints, float as floats; nil for strings and datetimes.
  var numericVector: (NumericVector, Validity)? {
    switch data {
    case .int(let v, let m): return (.ints(v), m)
    case .bool(let v, let m): return (.ints(v.map { $0 ? 1 : 0 }), m)
    case .float(let v, let m): return (.floats(v), m)
    case .string, .datetime: return nil
    }
  }
}

extension ExpressionEvaluator {
  // MARK: Unary

  func unary(_ op: UnaryOperator, _ x: Column, _ inner: ColumnExpr, _ node: ColumnExpr) throws
    -> Column
  {
    switch (op, x.data) {
    case (.negate, .int(let v, let m)):
      try Self.refuseMinimum(v, m, "-", at: node.range)
      return Column(name: x.name, data: .int(v.map { 0 &- $0 }, m))
    case (.negate, .float(let v, let m)):
      return Column(name: x.name, data: .float(v.map { -$0 }, m))
    case (.not, .bool(let v, let m)):
      let flipped = v.withUnsafeBufferPointer { p in
        RowChunks.makeArray(count: p.count) { rows, out in for i in rows { out[i] = !p[i] } }
      }
      return Column(name: x.name, data: .bool(flipped, m))
    case (.negate, _):
      throw FrameError.typeMismatch(
        "cannot negate: \(Self.describe(inner, x.type))", at: node.range)
    case (.not, _):
      throw FrameError.typeMismatch(
        "'not' needs a bool, \(Self.describe(inner, x.type))", at: node.range)
    }
  }

  // MARK: Binary

  func binary(
    _ op: BinaryOperator, _ l: Column, _ r: Column, _ lhs: ColumnExpr, _ rhs: ColumnExpr,
    _ node: ColumnExpr
  ) throws -> Column {
    if op.isLogical { return try logical(op, l, r, lhs, rhs, node) }
    if op.isComparison { return try compare(op, l, r, lhs, rhs, node) }
    return try arithmetic(op, l, r, lhs, rhs, node)
  }

  /// 0000-01-01T00:00:00 … 9999-12-31T23:59:59 in seconds since 1970.
  static let civilSeconds: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

  /// A datetime shifted by seconds; null where the result overflows or leaves the years
  /// 0000–9999 (`-9223372036854775807 + 1970-01-01` wrapped to a time that made the
  /// calendar arithmetic of printing it trap).
  static func shifted(
    _ a: [Int64], _ b: [Int64], _ validity: Validity, _ op: (Int64, Int64) -> (partialValue: Int64, overflow: Bool)
  ) -> Column {
    let results = zipMap(a, b, op)
    let outside = results.map { $0.overflow || !civilSeconds.contains($0.partialValue) }
    let values = zipMap(results, outside) { $1 ? 0 : $0.partialValue }
    return Column(name: "value", data: .datetime(values, validity.adding(nulls: outside)))
  }

  /// Negating (or taking `abs` of) -9223372036854775808 has no Int64 answer: wrapping gave
  /// the same negative number back, so a row holding it is an overflow error instead.
  static func refuseMinimum(
    _ v: [Int64], _ validity: Validity, _ what: String, at range: SourceRange?
  ) throws {
    guard let row = v.indices.first(where: { v[$0] == .min && validity.isValid($0) }) else {
      return
    }
    throw FrameError.invalidArgument(
      "whole-number overflow in \(what) (\(v[row])); use float(…) for numbers this large", at: range)
  }

  /// Whole-number arithmetic that refuses to wrap: an overflow in any row with values is
  /// an error naming the operation, never a silently wrong number.
  private static func checked(
    _ a: [Int64], _ b: [Int64], _ validity: Validity, _ op: BinaryOperator, _ node: ColumnExpr,
    _ f: (Int64, Int64) -> (partialValue: Int64, overflow: Bool)
  ) throws -> [Int64] {
    var overflowRow = -1
    var i = 0
    let out = zipMap(a, b) { x, y -> Int64 in
      let r = f(x, y)
      if r.overflow, overflowRow < 0, validity.isValid(i) { overflowRow = i }
      i += 1
      return r.partialValue
    }
    if overflowRow >= 0 {
      throw FrameError.invalidArgument(
        "whole-number overflow in '\(op.rawValue)' (\(a[overflowRow]) \(op.rawValue) \(b[overflowRow])); use float(…) for numbers this large",
        at: node.range)
    }
    return out
  }

  private func arithmetic(
    _ op: BinaryOperator, _ l: Column, _ r: Column, _ lhs: ColumnExpr, _ rhs: ColumnExpr,
    _ node: ColumnExpr
  ) throws -> Column {
    let name = "value"
    // Datetime arithmetic: difference in seconds, or a shift by whole seconds.
    switch (l.data, r.data, op) {
    case (.datetime(let a, let ma), .datetime(let b, let mb), .subtract):
      return Column(name: name, data: .int(zipMap(a, b) { $0 &- $1 }, .both(ma, mb)))
    case (.datetime(let a, let ma), .int(let b, let mb), .add):
      return Self.shifted(a, b, .both(ma, mb)) { $0.addingReportingOverflow($1) }
    case (.datetime(let a, let ma), .int(let b, let mb), .subtract):
      return Self.shifted(a, b, .both(ma, mb)) { $0.subtractingReportingOverflow($1) }
    case (.int(let a, let ma), .datetime(let b, let mb), .add):
      return Self.shifted(a, b, .both(ma, mb)) { $0.addingReportingOverflow($1) }
    case (.string, .string, .add):
      // Two texts: joined, as in Python and pandas (null when either is null).
      return Self.joinedText([l, r])
    default: break
    }
    // Text with a number: say how to join them rather than only that '+' wants numbers.
    let joinHint = op == .add && (l.type == .string || r.type == .string)
      ? " (to join a text and a number, write concat(a, b), which turns numbers into text)" : ""
    guard let (lv, lm) = l.numericVector else {
      throw FrameError.typeMismatch(
        "'\(op.rawValue)' needs numbers, \(Self.describe(lhs, l.type))\(joinHint)", at: node.range)
    }
    guard let (rv, rm) = r.numericVector else {
      throw FrameError.typeMismatch(
        "'\(op.rawValue)' needs numbers, \(Self.describe(rhs, r.type))\(joinHint)", at: node.range)
    }
    let validity = Validity.both(lm, rm)
    if case .ints(let a) = lv, case .ints(let b) = rv {
      switch op {
      case .add:
        return Column(name: name, data: .int(try Self.checked(a, b, validity, op, node) { $0.addingReportingOverflow($1) }, validity))
      case .subtract:
        return Column(name: name, data: .int(try Self.checked(a, b, validity, op, node) { $0.subtractingReportingOverflow($1) }, validity))
      case .multiply:
        return Column(name: name, data: .int(try Self.checked(a, b, validity, op, node) { $0.multipliedReportingOverflow(by: $1) }, validity))
      case .remainder:
        let v = zipMap(a, b) { x, y in y == 0 || y == -1 ? 0 : x % y }
        return Column(name: name, data: .int(v, validity.adding(nulls: b.map { $0 == 0 })))
      case .divide:
        let v = zipMap(a, b) { x, y in y == 0 ? 0 : Double(x) / Double(y) }
        return Column(name: name, data: .float(v, validity.adding(nulls: b.map { $0 == 0 })))
      default: break
      }
    }
    let a = lv.asDoubles
    let b = rv.asDoubles
    switch op {
    case .add, .subtract, .multiply:
      // Each operation's loop written out, so it compiles to a plain vector loop per chunk.
      let n = min(a.count, b.count)
      let v: [Double] = a.withUnsafeBufferPointer { x in
        b.withUnsafeBufferPointer { y in
          RowChunks.makeArray(count: n) { rows, out in
            switch op {
            case .add: for i in rows { out[i] = x[i] + y[i] }
            case .subtract: for i in rows { out[i] = x[i] - y[i] }
            default: for i in rows { out[i] = x[i] * y[i] }
            }
          }
        }
      }
      return Column(name: name, data: .float(v, Self.nullingOverflow(v, validity)))
    case .divide:
      let v = zipMap(a, b) { x, y in y == 0 ? 0 : x / y }
      return Column(name: name, data: .float(v, Self.nullingOverflow(v, validity.adding(nulls: b.map { $0 == 0 }))))
    case .remainder:
      let v = zipMap(a, b) { x, y in y == 0 ? 0 : x.truncatingRemainder(dividingBy: y) }
      return Column(name: name, data: .float(v, validity.adding(nulls: b.map { $0 == 0 })))
    default:
      throw FrameError.typeMismatch("unsupported operator '\(op.rawValue)'", at: node.range)
    }
  }

  /// A float result past ±1.8e308 (`1e308 * 10`) is null, as division by zero is: an
  /// infinity would turn every sum and mean over the column into inf and its std into NaN.
  static func nullingOverflow(_ v: [Double], _ validity: Validity) -> Validity {
    v.contains { !$0.isFinite } ? validity.adding(nulls: v.map { !$0.isFinite }) : validity
  }

  private func compare(
    _ op: BinaryOperator, _ l: Column, _ r: Column, _ lhs: ColumnExpr, _ rhs: ColumnExpr,
    _ node: ColumnExpr
  ) throws -> Column {
    let name = "value"
    func ordered<T: Comparable>(_ a: [T], _ b: [T]) -> [Bool] {
      switch op {
      case .equal: return zipMap(a, b) { $0 == $1 }
      case .notEqual: return zipMap(a, b) { $0 != $1 }
      case .less: return zipMap(a, b) { $0 < $1 }
      case .lessOrEqual: return zipMap(a, b) { $0 <= $1 }
      case .greater: return zipMap(a, b) { $0 > $1 }
      default: return zipMap(a, b) { $0 >= $1 }
      }
    }
    switch (l.data, r.data) {
    case (.datetime(let a, let ma), .datetime(let b, let mb)):
      return Column(name: name, data: .bool(ordered(a, b), .both(ma, mb)))
    case (.bool(let a, let ma), .bool(let b, let mb)):
      let x = a.map { $0 ? 1 : 0 }
      let y = b.map { $0 ? 1 : 0 }
      return Column(name: name, data: .bool(ordered(x, y), .both(ma, mb)))
    case (.string(let ca, let da), .string(let cb, let db)):
      let valid = zipMap(ca, cb) { $0 >= 0 && $1 >= 0 }
      let result: [Bool]
      if op == .equal || op == .notEqual {
        // Re-express the right codes in the left dictionary, then compare integers.
        var leftIndex: [String: Int32] = [:]
        for (i, s) in da.enumerated() { leftIndex[s] = Int32(i) }
        let remap = db.map { leftIndex[$0] ?? -2 }
        let same = zipMap(ca, cb) { x, y in y >= 0 && x == remap[Int(y)] }
        result = op == .equal ? same : same.map { !$0 }
      } else {
        let lr = da
        let rr = db
        let a = ca.map { $0 >= 0 ? lr[Int($0)] : "" }
        let b = cb.map { $0 >= 0 ? rr[Int($0)] : "" }
        result = ordered(a, b)
      }
      return Column(name: name, data: .bool(result, Validity(mask: valid)))
    default: break
    }
    guard let (lv, lm) = l.numericVector, let (rv, rm) = r.numericVector else {
      throw FrameError.typeMismatch(
        "cannot compare \(Self.label(lhs)) (\(l.type)) with \(Self.label(rhs)) (\(r.type))",
        at: node.range)
    }
    let validity = Validity.both(lm, rm)
    if case .ints(let a) = lv, case .ints(let b) = rv {
      return Column(name: name, data: .bool(ordered(a, b), validity))
    }
    return Column(name: name, data: .bool(ordered(lv.asDoubles, rv.asDoubles), validity))
  }

  /// `and` / `or` with SQL's three-valued logic: `false and null` is false, `true or null`
  /// is true, anything else involving null is null.
  private func logical(
    _ op: BinaryOperator, _ l: Column, _ r: Column, _ lhs: ColumnExpr, _ rhs: ColumnExpr,
    _ node: ColumnExpr
  ) throws -> Column {
    guard case .bool(let a, let ma) = l.data else {
      throw FrameError.typeMismatch(
        "'\(op.rawValue)' needs bools, \(Self.describe(lhs, l.type))", at: node.range)
    }
    guard case .bool(let b, let mb) = r.data else {
      throw FrameError.typeMismatch(
        "'\(op.rawValue)' needs bools, \(Self.describe(rhs, r.type))", at: node.range)
    }
    let isAnd = op == .and
    let values: [Bool] = a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        RowChunks.makeArray(count: min(x.count, y.count)) { rows, out in
          if isAnd {
            for i in rows { out[i] = x[i] && y[i] }
          } else {
            for i in rows { out[i] = x[i] || y[i] }
          }
        }
      }
    }
    if ma.mask == nil && mb.mask == nil {
      return Column(name: "value", data: .bool(values, .allValid))
    }
    var valid = [Bool](repeating: true, count: values.count)
    var out = values
    for i in 0..<values.count {
      let av = ma.isValid(i)
      let bv = mb.isValid(i)
      if av && bv { continue }
      // A known operand that decides the result on its own wins over a null.
      if isAnd {
        if (av && !a[i]) || (bv && !b[i]) { out[i] = false } else { valid[i] = false }
      } else {
        if (av && a[i]) || (bv && b[i]) { out[i] = true } else { valid[i] = false }
      }
    }
    return Column(name: "value", data: .bool(out, Validity(mask: valid)))
  }

  // MARK: Literal fast paths

  /// Compares a datetime with a string literal such as "2011-01-01" by parsing the
  /// literal once (with the loader's parser); a literal that is not a date is an error at
  /// the literal.
  func coerceDateLiterals(_ l: Operand, _ lhs: ColumnExpr, _ r: Operand, _ rhs: ColumnExpr)
    throws -> (Operand, Operand)
  {
    func parse(_ text: String, _ at: ColumnExpr) throws -> Operand {
      guard let t = DateTextParser.parse(text) else {
        throw FrameError.invalidArgument(
          "\"\(text)\" is not a date: write YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]", at: at.range)
      }
      return .scalar(.datetime(t))
    }
    switch (l, r) {
    case (.column(let c), .scalar(.string(let s))) where c.type == .datetime:
      return (l, try parse(s, rhs))
    case (.scalar(.string(let s)), .column(let c)) where c.type == .datetime:
      return (try parse(s, lhs), r)
    default:
      return (l, r)
    }
  }

  /// `Quantity > 0`, `0.5 <= UnitPrice`: an int or float column against a number, compared
  /// row by row (in row chunks on several threads) without broadcasting the number into a
  /// column first. Same values and nulls as the general path: ints against an int compare
  /// as ints, anything else as doubles.
  func numericLiteralComparison(_ op: BinaryOperator, _ l: Operand, _ r: Operand) -> Column? {
    switch (l, r) {
    case (.column(let c), .scalar(let s)): return Self.compare(c, op, s)
    case (.scalar(let s), .column(let c)): return Self.compare(c, op.mirrored, s)
    default: return nil
    }
  }

  private static func compare(_ c: Column, _ op: BinaryOperator, _ s: Scalar) -> Column? {
    // One loop written out per operator, so each compiles to a plain loop per chunk.
    func against<T: Comparable>(_ v: [T], _ k: T) -> [Bool] {
      v.withUnsafeBufferPointer { p in
        RowChunks.makeArray(count: p.count) { rows, out in
          switch op {
          case .equal: for i in rows { out[i] = p[i] == k }
          case .notEqual: for i in rows { out[i] = p[i] != k }
          case .less: for i in rows { out[i] = p[i] < k }
          case .lessOrEqual: for i in rows { out[i] = p[i] <= k }
          case .greater: for i in rows { out[i] = p[i] > k }
          default: for i in rows { out[i] = p[i] >= k }
          }
        }
      }
    }
    let values: [Bool]
    let validity: Validity
    switch (c.data, s) {
    case (.int(let v, let m), .int(let k)): (values, validity) = (against(v, k), m)
    case (.int(let v, let m), .float(let k)): (values, validity) = (against(NumericVector.ints(v).asDoubles, k), m)
    case (.float(let v, let m), .int(let k)): (values, validity) = (against(v, Double(k)), m)
    case (.float(let v, let m), .float(let k)): (values, validity) = (against(v, k), m)
    default: return nil
    }
    return Column(name: "value", data: .bool(values, validity))
  }

  /// `Country == "EIRE"`, `Description < "B"`: the comparison is worked out once per
  /// dictionary entry and then looked up by code for each row.
  func stringLiteralComparison(_ op: BinaryOperator, _ l: Operand, _ r: Operand) throws -> Column? {
    let codes: [Int32]
    let dictionary: [String]
    let literal: String
    var effective = op
    switch (l, r) {
    case (.column(let c), .scalar(.string(let s))):
      guard case .string(let cs, let d) = c.data else { return nil }
      (codes, dictionary, literal) = (cs, d, s)
    case (.scalar(.string(let s)), .column(let c)):
      guard case .string(let cs, let d) = c.data else { return nil }
      (codes, dictionary, literal) = (cs, d, s)
      effective = op.mirrored
    default:
      return nil
    }
    let table: [Bool] = dictionary.map { value in
      switch effective {
      case .equal: return value == literal
      case .notEqual: return value != literal
      case .less: return value < literal
      case .lessOrEqual: return value <= literal
      case .greater: return value > literal
      default: return value >= literal
      }
    }
    let values = codes.map { $0 >= 0 && table[Int($0)] }
    let hasNull = codes.contains { $0 < 0 }
    return Column(
      name: "value",
      data: .bool(values, hasNull ? Validity(mask: codes.map { $0 >= 0 }) : .allValid))
  }

  // MARK: Membership

  /// `x in [a, b, c]`: null when x is null, otherwise whether x equals one of the items.
  func isIn(_ needle: ColumnExpr, _ items: [ColumnExpr], _ node: ColumnExpr) throws -> Operand {
    let x = try evaluate(needle)
    let values = try items.map { try evaluate($0) }
    let literals = values.compactMap { op -> Scalar? in
      if case .scalar(let s) = op { return s } else { return nil }
    }
    if case .column(let c) = x, literals.count == values.count {
      if case .string(let codes, let dict) = c.data,
        literals.allSatisfy({ if case .string = $0 { return true } else { return $0.isNull } })
      {
        let wanted = Set(
          literals.compactMap { if case .string(let s) = $0 { return s } else { return nil } })
        let table = dict.map { wanted.contains($0) }
        let v = codes.map { $0 >= 0 && table[Int($0)] }
        return .column(Column(name: "value", data: .bool(v, c.validity)))
      }
      if let (vector, validity) = c.numericVector,
        literals.allSatisfy({ $0.doubleValue != nil || $0.isNull })
      {
        let wanted = Set(literals.compactMap(\.doubleValue))
        let v = vector.asDoubles.map { wanted.contains($0) }
        return .column(Column(name: "value", data: .bool(v, validity)))
      }
    }
    // General case: an `or` of equalities, with the needle's nulls kept as nulls.
    var result: Operand = .scalar(.bool(false))
    for (item, value) in zip(items, values) {
      let eq = try fold([x, value], nullTypes: [value.type ?? .float, x.type ?? .float]) { ev, c in
        try ev.binary(.equal, c[0], c[1], needle, item, node)
      }
      result = try fold([result, eq], nullTypes: [.bool, .bool]) { ev, c in
        try ev.binary(.or, c[0], c[1], node, node, node)
      }
    }
    return result
  }
}
