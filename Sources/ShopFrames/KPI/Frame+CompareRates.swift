import ShopCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One side of a comparison: a key value, the last period, or the N periods before the
/// other side pooled together.
public enum CompareSide: Sendable, Equatable {
  case value(Scalar)
  case last
  case previous(Int)
}

/// The count/base pairs of the rate KPIs, so `compare` can test any of their tables.
let ratePairs: [(count: String, base: String, rate: String)] = [
  ("converted", "units", "conversion_rate"), ("bounces", "sessions", "bounce_rate"),
  ("clicks", "impressions", "ctr"),
]

extension Frame {
  /// Two rows (or pooled groups of rows) of a rate table side by side: each side's base,
  /// count and rate, the change and whether it is more than noise.
  ///
  /// The test is the **two-proportion z-test** with a pooled standard error, two-sided:
  /// p = (x₁ + x₂) / (n₁ + n₂), z = (x₁/n₁ − x₂/n₂) / √(p(1 − p)(1/n₁ + 1/n₂)),
  /// p_value = erfc(|z| / √2). `previous N` pools the N key values before the other side
  /// (in the table's order, which is time order for a period breakdown).
  ///
  /// - Parameters:
  ///   - key: the column holding the compared values; the table's other key columns (those
  ///     before the rate columns) give one row per combination.
  ///     Nil: the key column holding `a`'s value, else the last key column.
  public func compareRates(key given: String?, _ a: CompareSide, vs b: CompareSide) throws -> KPIResult {
    guard let pair = ratePairs.first(where: { index(of: $0.count) != nil && index(of: $0.base) != nil }) else {
      throw KPIError.invalidOption(
        "compare_rates needs a rate table: converted and units (conversion), bounces and sessions (bounce_rate), or clicks and impressions (ctr)")
    }
    let keyNames = columnNames.prefix { ![pair.count, pair.base, pair.rate].contains($0) }
    var key = given
    if key == nil, case .value(let v) = a {
      key = keyNames.first { name in column(named: name).map { c in (0..<c.count).contains { Self.same(c[$0], v) } } ?? false }
    }
    guard let key = key ?? keyNames.last else {
      throw KPIError.invalidOption("compare_rates needs a table with a breakdown (conversion … by COL)")
    }
    guard let keyIndex = index(of: key) else {
      throw FrameError.unknownColumn(key, available: columnNames, at: nil)
    }
    let counts = try column(ColumnRef(pair.count)).kpiNumbers(role: "count").values
    let bases = try column(ColumnRef(pair.base)).kpiNumbers(role: "base").values
    let keyCount = columns.prefix { ![pair.count, pair.base, pair.rate].contains($0.name) }.count
    let others = (0..<keyCount).filter { $0 != keyIndex }
    // Rows per combination of the other keys, in table order.
    var groupOrder: [[Scalar]] = []
    var groupRows: [[Scalar]: [Int]] = [:]
    for i in 0..<rowCount {
      let g = others.map { columns[$0][i] }
      if groupRows[g] == nil { groupOrder.append(g) }
      groupRows[g, default: []].append(i)
    }
    var out: [[Scalar]] = []
    var labels: [(String, String)] = []
    var notes: [String] = []
    for g in groupOrder {
      let rows = groupRows[g] ?? []
      let keys = rows.map { columns[keyIndex][$0] }
      if notes.isEmpty, a.isLast || b.isPrevious, let note = Self.rowOrderNote(keys, key: key) { notes.append(note) }
      let (ra, la) = try Self.side(a, keys: keys, other: nil, key: key)
      let (rb, lb) = try Self.side(b, keys: keys, other: ra.first, key: key)
      let na = ra.reduce(0.0) { $0 + bases[rows[$1]] }
      let xa = ra.reduce(0.0) { $0 + counts[rows[$1]] }
      let nb = rb.reduce(0.0) { $0 + bases[rows[$1]] }
      let xb = rb.reduce(0.0) { $0 + counts[rows[$1]] }
      let test = TwoProportionTest(xa: xa, na: na, xb: xb, nb: nb)
      out.append(
        g + [
          .string(la), .string(lb), Self.scalar(ratio(xa, na)), Self.scalar(ratio(xb, nb)), Self.scalar(test.change),
          Self.scalar(test.relative), Self.scalar(test.z), Self.scalar(test.pValue), .float(na), .float(xa),
          .float(nb), .float(xb),
        ])
      if let first = rb.first, let last = rb.last {
        labels.append((la, first == last ? plainText(keys[first]) : "\(plainText(keys[first])) … \(plainText(keys[last]))"))
      }
    }
    let names =
      others.map { columns[$0].name } + [
        "a", "b", "a_rate", "b_rate", "change", "relative_change", "z", "p_value", "a_\(pair.base)",
        "a_\(pair.count)", "b_\(pair.base)", "b_\(pair.count)",
      ]
    var result: [Column] = []
    for (j, name) in names.enumerated() {
      let type: DataType? = j < others.count ? columns[others[j]].type : nil
      var c = Column(name: name, scalars: out.map { $0[j] }, type: type)
      // Whole counts read as counts.
      if name.hasPrefix("a_") || name.hasPrefix("b_"), !name.hasSuffix("rate"),
        out.allSatisfy({ ($0[j].doubleValue ?? 0).rounded() == $0[j].doubleValue })
      {
        c = .ints(name, out.map { Int($0[j].doubleValue ?? 0) })
      }
      result.append(c)
    }
    var definition =
      "compare \(pair.rate) by \(key): a vs b, change = a_rate − b_rate, relative_change = a_rate / b_rate − 1; "
      + "two-proportion z-test, pooled standard error, two-sided p_value"
    if b.isPrevious {
      let spans = labels.reduce(into: [String]()) { if !$0.contains($1.1) { $0.append($1.1) } }
      definition += "; previous N = the N \(key) values before a, counts and bases summed (\(spans.joined(separator: "; ")))"
    }
    return KPIResult(frame: Frame(columns: result), definition: definition, notes: notes)
  }

  /// 'last' and 'previous N' take the table's rows as they come: time order for a period
  /// breakdown, but first appearance for month names (`Feb, Mar, May, Oct, June, …`) or a
  /// number key, and any order after a sort. Nil when the keys ascend as times or numbers.
  static func rowOrderNote(_ keys: [Scalar], key: String) -> String? {
    let present = keys.filter { !$0.isNull }
    let times = present.map { k -> Double? in
      switch k {
      case .datetime(let t): return Double(t)
      case .string(let s): return DateTextParser.parse(s).map(Double.init)
      default: return k.isNumeric ? k.doubleValue : nil
      }
    }
    if times.allSatisfy({ $0 != nil }), zip(times, times.dropFirst()).allSatisfy({ ($0 ?? 0) < ($1 ?? 0) }) { return nil }
    let shown = keys.prefix(6).map(plainText).joined(separator: ", ") + (keys.count > 6 ? ", …" : "")
    return "'last' and 'previous N' follow the table's rows, and \(key) does not ascend in them (\(shown)):"
      + " the last row is not the latest \(key); break down by a date or trunc(TIME, month), or name the values"
  }

  static func scalar(_ v: Double?) -> Scalar { v.map { $0.isFinite ? .float($0) : .null } ?? .null }

  /// The rows (indexes into `keys`) of one side and its label.
  static func side(_ s: CompareSide, keys: [Scalar], other: Int?, key: String) throws -> ([Int], String) {
    switch s {
    case .value(let v):
      let rows = keys.indices.filter { Self.same(keys[$0], v) }
      guard !rows.isEmpty else {
        let shown = keys.prefix(8).map(plainText).joined(separator: ", ")
        throw KPIError.invalidOption("no \(key) is \(plainText(v)); it holds \(shown)\(keys.count > 8 ? ", …" : "")")
      }
      return (rows, plainText(v))
    case .last:
      guard !keys.isEmpty else { throw KPIError.invalidOption("compare_rates: the table is empty") }
      return ([keys.count - 1], plainText(keys[keys.count - 1]))
    case .previous(let n):
      guard let other, n >= 1 else { throw KPIError.invalidOption("'previous N' needs a first side and N ≥ 1") }
      let rows = Array(max(0, other - n)..<other)
      guard let first = rows.first else {
        throw KPIError.invalidOption("nothing comes before \(plainText(keys[other])) in the table")
      }
      let label = plainText(keys[first])
      return (rows, rows.count == 1 ? label : "previous \(rows.count)")
    }
  }

  /// Key equality that lets a date match a datetime and 3 match 3.0.
  static func same(_ a: Scalar, _ b: Scalar) -> Bool {
    if a == b { return true }
    if case .string(let s) = b, case .datetime(let t) = a { return DateTextParser.parse(s) == t }
    if case .string(let s) = a, case .datetime(let t) = b { return DateTextParser.parse(s) == t }
    if let x = a.doubleValue, let y = b.doubleValue, a.isNumeric, b.isNumeric { return x == y }
    return false
  }
}

extension CompareSide {
  var isPrevious: Bool { if case .previous = self { return true } else { return false } }
  var isLast: Bool { if case .last = self { return true } else { return false } }
}

extension Scalar {
  var isNumeric: Bool {
    switch self {
    case .int, .float: return true
    default: return false
    }
  }
}

/// The two-proportion z-test with a pooled standard error (two-sided).
public struct TwoProportionTest: Sendable {
  public var change: Double?
  public var relative: Double?
  public var z: Double?
  public var pValue: Double?

  public init(xa: Double, na: Double, xb: Double, nb: Double) {
    guard na > 0, nb > 0 else { return }
    let pa = xa / na
    let pb = xb / nb
    change = pa - pb
    relative = pb > 0 ? pa / pb - 1 : nil
    let pooled = (xa + xb) / (na + nb)
    let se = (pooled * (1 - pooled) * (1 / na + 1 / nb)).squareRoot()
    guard se > 0 else { return }
    let zz = (pa - pb) / se
    z = zz
    pValue = Self.pValue(z: zz)
  }

  /// The two-sided p-value of a standard normal z: erfc(|z| / √2).
  public static func pValue(z: Double) -> Double { erfc(Swift.abs(z) / 2.0.squareRoot()) }
}
