import ShopCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension ExpressionEvaluator {
  /// Evaluates a row-function call such as `month(InvoiceDate)` or `coalesce(a, 0)`.
  func call(_ name: String, _ args: [ColumnExpr], _ node: ColumnExpr) throws -> Operand {
    guard let arity = RowFunctions.arity[name] else {
      if Aggregation.functionNames.contains(name) {
        throw FrameError.invalidArgument(
          "'\(name)' is an aggregation: use it in 'agg' after 'group by', not in a row expression",
          at: node.range)
      }
      throw FrameError.unknownFunction(name, known: RowFunctions.names, at: node.range)
    }
    guard arity.contains(args.count) else {
      let expected =
        arity.lowerBound == arity.upperBound
        ? "\(arity.lowerBound)"
        : arity.upperBound > 3
          ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)"
      throw FrameError.invalidArgument(
        "\(name) takes \(expected) argument\(expected == "1" ? "" : "s"), got \(args.count)",
        at: node.range)
    }
    // trunc's unit is a word (week), not a column: read it before evaluating (+Trunc.swift).
    if name == "trunc" { return try truncate(args, node) }
    let values = try args.map { try evaluate($0) }
    // Extra arguments of string functions and round's digits must be constants.
    let constants: [Scalar?] = values.map {
      if case .scalar(let s) = $0 { return s } else { return nil }
    }
    let call = FunctionCall(name: name, args: args, node: node)
    switch name {
    case "coalesce": return try coalesce(values, call)
    case "concat":
      return try fold(values, nullTypes: values.map { _ in .string }) { _, cols in
        Self.joinedText(cols.map(toText))
      }
    case "if": return try conditional(values, call)
    case "startswith", "endswith", "contains":
      let needle = try call.literalString(constants[1], at: 1)
      return try fold([values[0]], nullTypes: [.string]) { _, c in
        try stringPredicate(c[0], needle, call)
      }
    case "replace":
      let old = try call.literalString(constants[1], at: 1)
      let new = try call.literalString(constants[2], at: 2)
      return try fold([values[0]], nullTypes: [.string]) { _, c in
        let (codes, dict) = try call.strings(c[0], 0)
        guard !old.isEmpty else { return c[0] }
        return Column(
          name: "value",
          data: mapDictionary(codes: codes, dictionary: dict) { $0.replacingAll(old, with: new) })
      }
    case "round":
      var digits = 0
      if args.count == 2 {
        guard case .int(let d)? = constants[1], abs(d) <= 15 else {
          throw FrameError.invalidArgument(
            "round's digits must be a whole number between -15 and 15", at: args[1].range)
        }
        digits = Int(d)
      }
      return try fold([values[0]]) { _, c in try round(c[0], digits: digits, call) }
    default:
      return try fold([values[0]], nullTypes: [nullType(for: name)]) { _, c in
        try unaryFunction(c[0], call)
      }
    }
  }

  /// The type a bare `null` argument takes, so `isnull(null)` and `lower(null)` work.
  private func nullType(for name: String) -> DataType {
    switch name {
    case "lower", "upper", "trim", "length": return .string
    case "day", "week", "month", "year", "dow", "hour", "date", "month_start": return .datetime
    default: return .float
    }
  }

  // MARK: One-argument functions

  private func unaryFunction(_ x: Column, _ call: FunctionCall) throws -> Column {
    let name = "value"
    switch call.name {
    case "isnull", "notnull":
      let wantNull = call.name == "isnull"
      let v = (0..<x.count).map { x.isNull($0) == wantNull }
      return Column(name: name, data: .bool(v, .allValid))
    case "day", "week", "month", "year", "dow", "hour", "date", "month_start":
      return try dateFunction(x, call)
    case "lower", "upper", "trim":
      let (codes, dict) = try call.strings(x, 0)
      let f: (String) -> String =
        call.name == "lower"
        ? { $0.lowercased() } : call.name == "upper" ? { $0.uppercased() } : { $0.trimmedSpaces() }
      return Column(name: name, data: mapDictionary(codes: codes, dictionary: dict, f))
    case "length":
      let (codes, dict) = try call.strings(x, 0)
      let table = dict.map { Int64($0.count) }
      return Column(name: name, data: .int(codes.map { $0 >= 0 ? table[Int($0)] : 0 }, x.validity))
    case "abs":
      switch x.data {
      case .int(let v, let m):
        try Self.refuseMinimum(v, m, "abs", at: call.node.range)
        return Column(name: name, data: .int(v.map { $0 < 0 ? 0 &- $0 : $0 }, m))
      case .float(let v, let m): return Column(name: name, data: .float(v.map { Swift.abs($0) }, m))
      default: throw call.typeError("a number", x, 0)
      }
    case "log", "exp", "sqrt":
      guard let (v, m) = x.doubles, x.type != .bool else { throw call.typeError("a number", x, 0) }
      let out: [Double]
      var invalid: [Bool] = []
      switch call.name {
      case "log":
        out = v.map { $0 > 0 ? naturalLog($0) : 0 }
        invalid = v.map { !($0 > 0) }
      case "exp":
        // Past exp(709.78) a Double overflows: null, as log(0) and sqrt(-1) are.
        out = v.map { exponential($0) }
        invalid = out.map { !$0.isFinite }
      default:
        out = v.map { $0 >= 0 ? $0.squareRoot() : 0 }
        invalid = v.map { $0 < 0 }
      }
      return Column(name: name, data: .float(out, invalid.isEmpty ? m : m.adding(nulls: invalid)))
    case "int": return toInt(x)
    case "float": return toFloat(x)
    case "string": return toText(x)
    default:
      throw FrameError.unknownFunction(call.name, known: RowFunctions.names, at: call.node.range)
    }
  }

  // MARK: Dates

  private func dateFunction(_ x: Column, _ call: FunctionCall) throws -> Column {
    let name = "value"
    let times: [Int64]
    let validity: Validity
    switch x.data {
    case .datetime(let v, let m): (times, validity) = (v, m)
    case .string(let codes, let dict) where call.name == "date":
      // date("2011-01-01") or date(text column): parse each distinct text once.
      let parsed = dict.map { DateTextParser.parse($0.trimmedSpaces()) }
      let v = codes.map { c -> Int64 in c >= 0 ? (parsed[Int(c)] ?? 0) : 0 }
      let valid = codes.map { $0 >= 0 && parsed[Int($0)] != nil }
      return Column(name: name, data: .datetime(v.map(CivilTime.startOfDay), Validity(mask: valid)))
    default:
      throw call.typeError("a datetime", x, 0)
    }
    switch call.name {
    case "date":
      return Column(name: name, data: .datetime(times.map(CivilTime.startOfDay), validity))
    case "month_start":
      return Column(name: name, data: .datetime(times.map(CivilTime.startOfMonth), validity))
    case "hour":
      return Column(
        name: name, data: .int(times.map { Int64(CivilTime.secondOfDay($0) / 3600) }, validity))
    case "dow":
      return Column(name: name, data: .int(times.map { Int64(CivilTime.isoWeekday($0)) }, validity))
    case "week":
      return Column(name: name, data: .int(times.map { Int64(CivilTime.isoWeek($0)) }, validity))
    default:
      let part: (CivilTime.Date) -> Int =
        call.name == "day" ? { $0.day } : call.name == "month" ? { $0.month } : { $0.year }
      // Consecutive rows usually share a day: convert each day number once.
      var lastDay = Int.min
      var lastValue: Int64 = 0
      let v = times.map { t -> Int64 in
        let d = CivilTime.dayNumber(t)
        if d != lastDay {
          lastDay = d
          lastValue = Int64(part(CivilTime.date(fromDays: d)))
        }
        return lastValue
      }
      return Column(name: name, data: .int(v, validity))
    }
  }

  // MARK: Strings

  private func stringPredicate(_ x: Column, _ needle: String, _ call: FunctionCall) throws -> Column
  {
    let (codes, dict) = try call.strings(x, 0)
    // Once per dictionary entry (in chunks of entries on several threads when it is big).
    let name = call.name
    let table: [Bool] = dict.withUnsafeBufferPointer { d in
      RowChunks.makeArray(count: d.count) { entries, out in
        for e in entries {
          switch name {
          case "startswith": out[e] = d[e].hasPrefix(needle)
          case "endswith": out[e] = d[e].hasSuffix(needle)
          default: out[e] = needle.isEmpty || d[e].contains(needle)
          }
        }
      }
    }
    let values: [Bool] = table.withUnsafeBufferPointer { t in
      codes.withUnsafeBufferPointer { c in
        RowChunks.makeArray(count: c.count) { rows, out in
          for i in rows { out[i] = c[i] >= 0 && t[Int(c[i])] }
        }
      }
    }
    return Column(name: "value", data: .bool(values, x.validity))
  }

  // MARK: Numbers

  private func round(_ x: Column, digits: Int, _ call: FunctionCall) throws -> Column {
    var scale = 1.0
    for _ in 0..<Swift.abs(digits) { scale *= 10 }
    switch x.data {
    case .int(let v, let m):
      guard digits < 0 else { return x }
      // On magnitudes (UInt64, so -9223372036854775808 has one); a result beyond Int64,
      // such as round(9223372036854775807, -1), is an overflow error, not a trap.
      let s = UInt64(scale)
      var overflowRow = -1
      var out = [Int64](repeating: 0, count: v.count)
      for (i, value) in v.enumerated() {
        let q = (value.magnitude + s / 2) / s * s
        let limit = value < 0 ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        if q > limit {
          if overflowRow < 0, m.isValid(i) { overflowRow = i }
          continue
        }
        out[i] = value < 0 ? Int64(bitPattern: 0 &- q) : Int64(q)
      }
      if overflowRow >= 0 {
        throw FrameError.invalidArgument(
          "whole-number overflow in round (\(v[overflowRow]) to \(digits) digits); use float(…) for numbers this large",
          at: call.node.range)
      }
      return Column(name: "value", data: .int(out, m))
    case .float(let v, let m):
      let out =
        digits >= 0
        ? v.map { ($0 * scale).rounded(.toNearestOrAwayFromZero) / scale }
        : v.map { ($0 / scale).rounded(.toNearestOrAwayFromZero) * scale }
      return Column(name: "value", data: .float(out, m))
    default:
      throw call.typeError("a number", x, 0)
    }
  }

  // MARK: Conversions

  private func toInt(_ x: Column) -> Column {
    let name = "value"
    switch x.data {
    case .int: return x
    case .datetime(let v, let m): return Column(name: name, data: .int(v, m))
    case .bool(let v, let m): return Column(name: name, data: .int(v.map { $0 ? 1 : 0 }, m))
    case .float(let v, let m):
      let ok = v.map { $0.isFinite && Swift.abs($0) < 9.2e18 }
      return Column(
        name: name,
        data: .int(zipMap(v, ok) { $1 ? Int64($0) : 0 }, m.adding(nulls: ok.map { !$0 })))
    case .string(let codes, let dict):
      let parsed = dict.map { Int64($0.trimmedSpaces()) }
      return Column(
        name: name,
        data: .int(
          codes.map { $0 >= 0 ? parsed[Int($0)] ?? 0 : 0 },
          Validity(mask: codes.map { $0 >= 0 && parsed[Int($0)] != nil })))
    }
  }

  private func toFloat(_ x: Column) -> Column {
    let name = "value"
    switch x.data {
    case .float: return x
    case .int, .bool: return x.widenedToFloat().renamed(name)
    case .datetime(let v, let m): return Column(name: name, data: .float(v.map { Double($0) }, m))
    case .string(let codes, let dict):
      let parsed = dict.map { Double($0.trimmedSpaces()) }
      return Column(
        name: name,
        data: .float(
          codes.map { $0 >= 0 ? parsed[Int($0)] ?? 0 : 0 },
          Validity(mask: codes.map { $0 >= 0 && parsed[Int($0)] != nil })))
    }
  }

  /// Text of each value, formatted once per distinct value (not once per row).
  func toText(_ x: Column) -> Column {
    if case .string = x.data { return x }
    let grouping = Grouping([x], rowCount: x.count)
    var builder = StringColumnBuilder()
    let codeOfGroup: [Int32] = grouping.firstRows.map { row in
      switch x[row] {
      case .null: return -1
      case .int(let v): return builder.intern(String(v))
      case .float(let v): return builder.intern(NumberFormat.shortest(v))
      case .bool(let v): return builder.intern(String(v))
      case .datetime(let v): return builder.intern(CivilTime.format(v))
      case .string(let s): return builder.intern(s)
      }
    }
    let codes = grouping.ids.map { codeOfGroup[Int($0)] }
    return Column(name: "value", data: .string(codes: codes, dictionary: builder.dictionary))
  }

  // MARK: Several arguments

  /// `coalesce(a, b, …)`: per row, the first argument that is not null.
  private func coalesce(_ values: [Operand], _ call: FunctionCall) throws -> Operand {
    let types = values.compactMap(\.type)
    guard let type = commonType(types) ?? (types.isEmpty ? .float : nil) else {
      throw FrameError.typeMismatch(
        "coalesce needs arguments of one type, got \(types.map(\.rawValue).joined(separator: ", "))",
        at: call.node.range)
    }
    return try fold(values, nullTypes: values.map { _ in type }) { ev, cols in
      let typed = cols.map { type == .float ? $0.widenedToFloat() : $0 }
      let n = ev.rowCount
      let pick: [Int32] = (0..<n).map { i in
        for (k, c) in typed.enumerated() where !c.isNull(i) { return Int32(k) }
        return -1
      }
      return Column.choose(typed, pick: pick, name: "value", type: type)
    }
  }

  /// `if(cond, a, b)`: a where cond is true, b where it is false or null (like SQL CASE).
  private func conditional(_ values: [Operand], _ call: FunctionCall) throws -> Operand {
    guard values[0].type == .bool || values[0].type == nil else {
      throw call.typeError("a bool condition", materialize(values[0]), 0)
    }
    let branches = Array(values[1...])
    let types = branches.compactMap(\.type)
    guard let type = commonType(types) ?? (types.isEmpty ? .float : nil) else {
      throw FrameError.typeMismatch(
        "if needs both branches of one type, got \(types.map(\.rawValue).joined(separator: " and "))",
        at: call.node.range)
    }
    return try fold(values, nullTypes: [.bool, type, type]) { ev, cols in
      guard case .bool(let cond, let m) = cols[0].data else {
        throw call.typeError("a bool condition", cols[0], 0)
      }
      let typed = cols[1...].map { type == .float ? $0.widenedToFloat() : $0 }
      let pick: [Int32] = (0..<ev.rowCount).map { cond[$0] && m.isValid($0) ? 0 : 1 }
      return Column.choose(Array(typed), pick: pick, name: "value", type: type)
    }
  }
}

/// A call being evaluated: its name and argument nodes, for arguments and errors.
struct FunctionCall {
  let name: String
  let args: [ColumnExpr]
  let node: ColumnExpr

  /// "month needs a datetime, 'Country' is string", at the argument.
  func typeError(_ need: String, _ column: Column, _ index: Int) -> FrameError {
    let arg = args[index]
    return .typeMismatch(
      "\(name) needs \(need), \(ExpressionEvaluator.describe(arg, column.type))",
      at: arg.range ?? node.range)
  }

  func strings(_ column: Column, _ index: Int) throws -> ([Int32], [String]) {
    guard case .string(let codes, let dict) = column.data else {
      throw typeError("a string", column, index)
    }
    return (codes, dict)
  }

  func literalString(_ value: Scalar?, at index: Int) throws -> String {
    guard case .string(let s)? = value else {
      throw FrameError.invalidArgument(
        "argument \(index + 1) of \(name) must be a string literal such as \"abc\"",
        at: args[index].range ?? node.range)
    }
    return s
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and line breaks.
  func trimmedSpaces() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }

  /// Every occurrence of `old` replaced by `new`, scanning left to right without overlap.
  func replacingAll(_ old: String, with new: String) -> String {
    guard !old.isEmpty, contains(old) else { return self }
    var out = ""
    var rest = self[...]
    while let r = rest.firstRange(of: old) {
      out += rest[..<r.lowerBound]
      out += new
      rest = rest[r.upperBound...]
    }
    out += rest
    return out
  }
}

extension CivilTime {
  /// Midnight of the day holding `t`.
  static func startOfDay(_ t: Int64) -> Int64 { Int64(dayNumber(t)) * 86_400 }

  /// Midnight on the first day of the month holding `t`.
  static func startOfMonth(_ t: Int64) -> Int64 {
    let d = date(fromDays: dayNumber(t))
    return seconds(year: d.year, month: d.month, day: 1)
  }

  /// Midnight on the Monday of the ISO week holding `t`.
  static func startOfWeek(_ t: Int64) -> Int64 {
    Int64(dayNumber(t) - (isoWeekday(t) - 1)) * 86_400
  }

  /// ISO 8601 week number (1...53): the week belongs to the year of its Thursday.
  static func isoWeek(_ t: Int64) -> Int {
    let day = dayNumber(t)
    let thursday = day - (isoWeekday(t) - 1) + 3
    let year = date(fromDays: thursday).year
    return (thursday - days(year: year, month: 1, day: 1)) / 7 + 1
  }
}

@inline(__always) func naturalLog(_ x: Double) -> Double { log(x) }
@inline(__always) func exponential(_ x: Double) -> Double { exp(x) }
