/// Which rows of a column hold a value. `nil` storage means "no nulls", the common case,
/// so columns without nulls pay nothing.
public struct Validity: Sendable, Equatable {
  public private(set) var mask: [Bool]?

  public init(mask: [Bool]? = nil) {
    if let mask, !mask.contains(false) { self.mask = nil } else { self.mask = mask }
  }

  public static let allValid = Validity()

  @inline(__always) public func isValid(_ row: Int) -> Bool { mask?[row] ?? true }

  public func nullCount(rows: Int) -> Int {
    guard let mask else { return 0 }
    var n = 0
    for v in mask where !v { n += 1 }
    return n
  }

  /// The validity of the rows picked by `indices`, in that order.
  public func gather(_ indices: [Int]) -> Validity {
    guard let mask else { return .allValid }
    return Validity(mask: RowChunks.gather(mask, indices))
  }
}

/// The typed storage of one column.
///
/// Strings are dictionary-encoded: `codes[i]` indexes `dictionary`, and -1 is null. The
/// dictionary holds each distinct string once (an invariant every builder keeps), so a
/// string group-by or join works on the small integer codes.
public enum ColumnData: Sendable {
  case int([Int64], Validity)
  case float([Double], Validity)
  case string(codes: [Int32], dictionary: [String])
  case bool([Bool], Validity)
  case datetime([Int64], Validity)
}

/// A named, typed column of a frame. A value type: copies share storage until written.
public struct Column: Sendable {
  public var name: String
  public var data: ColumnData

  public init(name: String, data: ColumnData) {
    self.name = name
    self.data = data
  }

  public var type: DataType {
    switch data {
    case .int: return .int
    case .float: return .float
    case .string: return .string
    case .bool: return .bool
    case .datetime: return .datetime
    }
  }

  public var count: Int {
    switch data {
    case .int(let v, _): return v.count
    case .float(let v, _): return v.count
    case .string(let codes, _): return codes.count
    case .bool(let v, _): return v.count
    case .datetime(let v, _): return v.count
    }
  }

  @inline(__always) public func isNull(_ row: Int) -> Bool {
    switch data {
    case .int(_, let m), .float(_, let m), .bool(_, let m), .datetime(_, let m):
      return !m.isValid(row)
    case .string(let codes, _): return codes[row] < 0
    }
  }

  public var nullCount: Int {
    switch data {
    case .int(let v, let m): return m.nullCount(rows: v.count)
    case .float(let v, let m): return m.nullCount(rows: v.count)
    case .bool(let v, let m): return m.nullCount(rows: v.count)
    case .datetime(let v, let m): return m.nullCount(rows: v.count)
    case .string(let codes, _):
      var n = 0
      for c in codes where c < 0 { n += 1 }
      return n
    }
  }

  /// The cell at `row` as a scalar (slow path: use the typed storage in kernels).
  public subscript(row: Int) -> Scalar {
    if isNull(row) { return .null }
    switch data {
    case .int(let v, _): return .int(v[row])
    case .float(let v, _): return .float(v[row])
    case .string(let codes, let dict): return .string(dict[Int(codes[row])])
    case .bool(let v, _): return .bool(v[row])
    case .datetime(let v, _): return .datetime(v[row])
    }
  }

  /// The rows picked by `indices`, in that order (used by where, sort, head, sample, join).
  /// Long gathers run in row chunks on several threads (`RowChunks`).
  /// - Precondition: every index is a row of the column.
  public func gather(_ indices: [Int]) -> Column {
    switch data {
    case .int(let v, let m): return Column(name: name, data: .int(RowChunks.gather(v, indices), m.gather(indices)))
    case .float(let v, let m):
      return Column(name: name, data: .float(RowChunks.gather(v, indices), m.gather(indices)))
    case .bool(let v, let m): return Column(name: name, data: .bool(RowChunks.gather(v, indices), m.gather(indices)))
    case .datetime(let v, let m):
      return Column(name: name, data: .datetime(RowChunks.gather(v, indices), m.gather(indices)))
    case .string(let codes, let dict):
      return Column(name: name, data: .string(codes: RowChunks.gather(codes, indices), dictionary: dict))
    }
  }

  /// Builds a column from scalars of one type (nulls allowed). Mixed int and float widen
  /// to float; any other mix is stored as strings. Meant for small results and tests.
  public init(name: String, scalars: [Scalar], type: DataType? = nil) {
    self.name = name
    let kinds = Set(scalars.compactMap(\.dataType))
    let resolved: DataType
    if let type {
      resolved = type
    } else if kinds.count == 1, let only = kinds.first {
      resolved = only
    } else if kinds == [.int, .float] {
      resolved = .float
    } else if kinds.isEmpty {
      resolved = .string
    } else {
      resolved = .string
    }
    let validity = Validity(mask: scalars.map { !$0.isNull })
    switch resolved {
    case .int:
      data = .int(scalars.map { if case .int(let v) = $0 { return v } else { return 0 } }, validity)
    case .float:
      data = .float(scalars.map { $0.doubleValue ?? .nan }, validity)
    case .bool:
      data = .bool(scalars.map { if case .bool(let v) = $0 { return v } else { return false } }, validity)
    case .datetime:
      data = .datetime(
        scalars.map { if case .datetime(let v) = $0 { return v } else { return 0 } }, validity)
    case .string:
      var dict: [String] = []
      var index: [String: Int32] = [:]
      var codes: [Int32] = []
      codes.reserveCapacity(scalars.count)
      for s in scalars {
        let text: String
        switch s {
        case .null:
          codes.append(-1)
          continue
        case .string(let v): text = v
        case .int(let v): text = String(v)
        case .float(let v): text = String(v)
        case .bool(let v): text = String(v)
        case .datetime(let v): text = String(v)
        }
        if let code = index[text] {
          codes.append(code)
        } else {
          let code = Int32(dict.count)
          dict.append(text)
          index[text] = code
          codes.append(code)
        }
      }
      data = .string(codes: codes, dictionary: dict)
    }
  }
}
