import ShopCore

// Small typed-storage helpers shared by the expression evaluator, the verbs and the
// cleaning operations. They keep kernels free of per-cell `Scalar` boxing.

extension Validity {
  /// Rows valid in both inputs: the null rule of every binary operation.
  static func both(_ a: Validity, _ b: Validity) -> Validity {
    guard let x = a.mask else { return b }
    guard let y = b.mask else { return a }
    return Validity(mask: zipMap(x, y) { $0 && $1 })
  }

  /// `self` with extra rows made null (`nulls[i] == true` means null).
  func adding(nulls: [Bool]) -> Validity {
    guard nulls.contains(true) else { return self }
    if let m = mask { return Validity(mask: zipMap(m, nulls) { $0 && !$1 }) }
    return Validity(mask: nulls.map { !$0 })
  }

  /// A validity where every one of `count` rows is null.
  static func allNull(_ count: Int) -> Validity {
    Validity(mask: [Bool](repeating: false, count: count))
  }
}

/// `f(a[i], b[i])` for every i, written so the optimiser can vectorise it.
@inline(__always)
func zipMap<A, B, R>(_ a: [A], _ b: [B], _ f: (A, B) -> R) -> [R] {
  let n = min(a.count, b.count)
  return [R](unsafeUninitializedCapacity: n) { out, written in
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        for i in 0..<n { (out.baseAddress.unsafelyUnwrapped + i).initialize(to: f(pa[i], pb[i])) }
      }
    }
    written = n
  }
}

extension Column {
  /// The null mask of any column type (for strings it is derived from the -1 codes).
  var validity: Validity {
    switch data {
    case .int(_, let m), .float(_, let m), .bool(_, let m), .datetime(_, let m): return m
    case .string(let codes, _):
      guard codes.contains(where: { $0 < 0 }) else { return .allValid }
      return Validity(mask: codes.map { $0 >= 0 })
    }
  }

  /// The same data under another name.
  func renamed(_ newName: String) -> Column { Column(name: newName, data: data) }

  /// A column of `count` nulls of the given type.
  static func nulls(name: String, type: DataType, count: Int) -> Column {
    let none = Validity.allNull(count)
    switch type {
    case .int: return Column(name: name, data: .int([Int64](repeating: 0, count: count), none))
    case .float: return Column(name: name, data: .float([Double](repeating: 0, count: count), none))
    case .bool: return Column(name: name, data: .bool([Bool](repeating: false, count: count), none))
    case .datetime:
      return Column(name: name, data: .datetime([Int64](repeating: 0, count: count), none))
    case .string:
      return Column(
        name: name, data: .string(codes: [Int32](repeating: -1, count: count), dictionary: []))
    }
  }

  /// A constant repeated `count` times (a literal used where a column is needed).
  static func broadcast(_ value: Scalar, count: Int, name: String, nullType: DataType = .float)
    -> Column
  {
    switch value {
    case .null: return nulls(name: name, type: nullType, count: count)
    case .int(let v):
      return Column(name: name, data: .int([Int64](repeating: v, count: count), .allValid))
    case .float(let v):
      return Column(name: name, data: .float([Double](repeating: v, count: count), .allValid))
    case .bool(let v):
      return Column(name: name, data: .bool([Bool](repeating: v, count: count), .allValid))
    case .datetime(let v):
      return Column(name: name, data: .datetime([Int64](repeating: v, count: count), .allValid))
    case .string(let s):
      return Column(
        name: name, data: .string(codes: [Int32](repeating: 0, count: count), dictionary: [s]))
    }
  }

  /// The rows picked by `indices`, where -1 produces a null (left joins, pivots,
  /// first/last); the storage under such a null is zero, so results are deterministic.
  func gatherOptional(_ indices: [Int]) -> Column {
    let missing = indices.map { $0 < 0 }
    guard missing.contains(true) else { return gather(indices) }
    let safe = indices.map { max($0, 0) }
    if count == 0 { return Column.nulls(name: name, type: type, count: indices.count) }
    switch data {
    case .string(let codes, let dict):
      return Column(
        name: name, data: .string(codes: indices.map { $0 < 0 ? -1 : codes[$0] }, dictionary: dict))
    case .int(let v, let m):
      return Column(
        name: name,
        data: .int(indices.map { $0 < 0 ? 0 : v[$0] }, m.gather(safe).adding(nulls: missing)))
    case .float(let v, let m):
      return Column(
        name: name,
        data: .float(indices.map { $0 < 0 ? 0 : v[$0] }, m.gather(safe).adding(nulls: missing)))
    case .bool(let v, let m):
      return Column(
        name: name,
        data: .bool(indices.map { $0 < 0 ? false : v[$0] }, m.gather(safe).adding(nulls: missing)))
    case .datetime(let v, let m):
      return Column(
        name: name,
        data: .datetime(indices.map { $0 < 0 ? 0 : v[$0] }, m.gather(safe).adding(nulls: missing)))
    }
  }

  /// Values as doubles (int, float, bool as 0/1) with the validity, or nil for strings
  /// and datetimes. The input of every numeric statistic.
  var doubles: (values: [Double], validity: Validity)? {
    switch data {
    case .float(let v, let m): return (v, m)
    case .int(let v, let m): return (v.map { Double($0) }, m)
    case .bool(let v, let m): return (v.map { $0 ? 1 : 0 }, m)
    case .string, .datetime: return nil
    }
  }

  /// The non-null values as doubles, in row order (nil when the column is not numeric).
  var validDoubles: [Double]? {
    guard let (values, validity) = doubles else { return nil }
    guard let mask = validity.mask else { return values }
    var out: [Double] = []
    out.reserveCapacity(values.count)
    for i in values.indices where mask[i] { out.append(values[i]) }
    return out
  }

  /// Whether the column is int, float or bool (usable as numbers).
  var isNumeric: Bool {
    switch data {
    case .int, .float, .bool: return true
    case .string, .datetime: return false
    }
  }
}

/// Builds a dictionary-encoded string column, interning each distinct value once.
struct StringColumnBuilder {
  private(set) var codes: [Int32] = []
  private(set) var dictionary: [String] = []
  private var index: [String: Int32] = [:]

  init(capacity: Int = 0) { codes.reserveCapacity(capacity) }

  /// The code of `value`, adding it to the dictionary when new.
  mutating func intern(_ value: String) -> Int32 {
    if let code = index[value] { return code }
    let code = Int32(dictionary.count)
    dictionary.append(value)
    index[value] = code
    return code
  }

  mutating func append(_ value: String?) {
    guard let value else {
      codes.append(-1)
      return
    }
    codes.append(intern(value))
  }

  func column(name: String) -> Column {
    Column(name: name, data: .string(codes: codes, dictionary: dictionary))
  }
}

/// Rewrites a string column by transforming each dictionary entry once (not each row),
/// then re-interning, because two entries can map to the same string (`lower`).
/// A nil result makes the rows null.
func mapDictionary(codes: [Int32], dictionary: [String], _ transform: (String) -> String?)
  -> ColumnData
{
  var builder = StringColumnBuilder()
  let remap: [Int32] = dictionary.map { transform($0).map { builder.intern($0) } ?? -1 }
  let newCodes = codes.map { $0 < 0 ? -1 : remap[Int($0)] }
  return .string(codes: newCodes, dictionary: builder.dictionary)
}

/// Maps several string columns into one shared dictionary: returns the dictionary and
/// each column's codes re-expressed in it. Used by union, coalesce, if and joins.
func unifyDictionaries(_ parts: [(codes: [Int32], dictionary: [String])]) -> (
  dictionary: [String], codes: [[Int32]]
) {
  if let first = parts.first, parts.allSatisfy({ $0.dictionary == first.dictionary }) {
    return (first.dictionary, parts.map(\.codes))
  }
  var builder = StringColumnBuilder()
  var out: [[Int32]] = []
  for part in parts {
    let remap = part.dictionary.map { builder.intern($0) }
    out.append(part.codes.map { $0 < 0 ? -1 : remap[Int($0)] })
  }
  return (builder.dictionary, out)
}

/// The rank of each dictionary entry in ascending string order, so string sorts and
/// min/max compare small integers instead of strings.
func dictionaryRanks(_ dictionary: [String]) -> [Int32] {
  let order = dictionary.indices.sorted { dictionary[$0] < dictionary[$1] }
  var ranks = [Int32](repeating: 0, count: dictionary.count)
  for (rank, code) in order.enumerated() { ranks[code] = Int32(rank) }
  return ranks
}
