import ShopCore
import ShopFrames

/// Binds one frame column's cells to a prepared INSERT, straight from the typed storage:
/// no `Scalar` per cell, and strings bound without a copy (`SQLITE_STATIC`) from bytes kept
/// here for the whole insert. Each string of a dictionary is encoded to UTF-8 once, not
/// once per row; a datetime is formatted once per run of equal values.
///
/// What is written is what `SessionStore.sqlValue` writes for the same cell: integers and
/// booleans as INTEGER, floats as REAL (NaN as NULL), text and ISO datetimes as TEXT.
final class KeptColumnWriter {
  /// The column's storage, taken apart once: switching over `ColumnData` per cell would
  /// retain and release its arrays per cell.
  private enum Kind { case int, bool, float, string, datetime }
  private let kind: Kind
  private let integers: [Int64]
  private let doubles: [Double]
  private let flags: [Bool]
  private let codes: [Int32]
  private let mask: [Bool]?
  /// UTF-8 of every dictionary string back to back (strings), or the last datetime's text.
  private let bytes: UnsafeMutableRawBufferPointer
  /// Where each dictionary string starts in `bytes`, and one past the last.
  private let starts: [Int]
  private var lastTime: Int64?
  private var lastTimeLength = 0

  init(_ column: Column) {
    var (integers, doubles, flags, codes, mask) = ([Int64](), [Double](), [Bool](), [Int32](), [Bool]?.none)
    switch column.data {
    case .int(let v, let m): (kind, integers, mask) = (.int, v, m.mask)
    case .datetime(let v, let m): (kind, integers, mask) = (.datetime, v, m.mask)
    case .float(let v, let m): (kind, doubles, mask) = (.float, v, m.mask)
    case .bool(let v, let m): (kind, flags, mask) = (.bool, v, m.mask)
    case .string(let c, _): (kind, codes) = (.string, c)
    }
    (self.integers, self.doubles, self.flags, self.codes, self.mask) = (integers, doubles, flags, codes, mask)
    var starts: [Int] = []
    switch column.data {
    case .string(_, let dictionary):
      starts.reserveCapacity(dictionary.count + 1)
      var total = 0
      for s in dictionary {
        starts.append(total)
        total += s.utf8.count
      }
      starts.append(total)
      // At least one byte: text bound from a nil pointer would be NULL, not "".
      let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
      for (i, s) in dictionary.enumerated() {
        var s = s
        s.withUTF8 { utf8 in
          if let base = utf8.baseAddress {
            (bytes.baseAddress! + starts[i]).copyMemory(from: base, byteCount: utf8.count)
          }
        }
      }
      self.bytes = bytes
    case .datetime:
      bytes = .allocate(byteCount: 64, alignment: 1)
    default:
      bytes = .allocate(byteCount: 1, alignment: 1)
    }
    self.starts = starts
  }

  deinit { bytes.deallocate() }

  /// Binds row `row` of the column to parameter `index` (1-based) of `statement`. Strings
  /// are bound in place, from bytes that live as long as this writer.
  func bind(row: Int, to statement: PreparedStatement, at index: Int32) throws {
    if let mask, !mask[row] { return try statement.bindNull(at: index) }
    switch kind {
    case .int: try statement.bind(integers[row], at: index)
    case .bool: try statement.bind(Int64(flags[row] ? 1 : 0), at: index)
    case .float: try doubles[row].isNaN ? statement.bindNull(at: index) : statement.bind(doubles[row], at: index)
    case .string:
      let code = Int(codes[row])
      if code < 0 { return try statement.bindNull(at: index) }
      let text = UnsafeRawBufferPointer(start: bytes.baseAddress! + starts[code], count: starts[code + 1] - starts[code])
      try statement.bindText(text, at: index)
    case .datetime:
      let t = integers[row]
      if lastTime != t {
        var text = CivilTime.format(t)
        lastTimeLength = text.withUTF8 { utf8 in
          let n = min(utf8.count, bytes.count)
          if let base = utf8.baseAddress { bytes.baseAddress!.copyMemory(from: base, byteCount: n) }
          return n
        }
        lastTime = t
      }
      // Copied by SQLite: the next row of a batch reuses the buffer before the step.
      try statement.bindText(UnsafeRawBufferPointer(start: bytes.baseAddress!, count: lastTimeLength), at: index, copy: true)
    }
  }
}
