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
  private let data: ColumnData
  /// UTF-8 of every dictionary string back to back (strings), or the last datetime's text.
  private let bytes: UnsafeMutableRawBufferPointer
  /// Where each dictionary string starts in `bytes`, and one past the last.
  private var starts: [Int] = []
  private var lastTime: Int64?
  private var lastTimeLength = 0

  init(_ column: Column) {
    data = column.data
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
      bytes = .allocate(byteCount: max(total, 1), alignment: 1)
      for (i, s) in dictionary.enumerated() {
        var s = s
        s.withUTF8 { utf8 in
          if let base = utf8.baseAddress {
            (bytes.baseAddress! + starts[i]).copyMemory(from: base, byteCount: utf8.count)
          }
        }
      }
    case .datetime:
      bytes = .allocate(byteCount: 64, alignment: 1)
    default:
      bytes = .allocate(byteCount: 1, alignment: 1)
    }
  }

  deinit { bytes.deallocate() }

  /// Binds row `row` of the column to parameter `index` (1-based) of `statement`. Strings
  /// are bound in place, from bytes that live as long as this writer.
  func bind(row: Int, to statement: PreparedStatement, at index: Int32) throws {
    switch data {
    case .int(let v, let m):
      try m.isValid(row) ? statement.bind(v[row], at: index) : statement.bindNull(at: index)
    case .bool(let v, let m):
      try m.isValid(row) ? statement.bind(Int64(v[row] ? 1 : 0), at: index) : statement.bindNull(at: index)
    case .float(let v, let m):
      try m.isValid(row) && !v[row].isNaN ? statement.bind(v[row], at: index) : statement.bindNull(at: index)
    case .string(let codes, _):
      let code = Int(codes[row])
      if code < 0 { return try statement.bindNull(at: index) }
      let text = UnsafeRawBufferPointer(start: bytes.baseAddress! + starts[code], count: starts[code + 1] - starts[code])
      try statement.bindText(text, at: index)
    case .datetime(let v, let m):
      guard m.isValid(row) else { return try statement.bindNull(at: index) }
      if lastTime != v[row] {
        var text = CivilTime.format(v[row])
        lastTimeLength = text.withUTF8 { utf8 in
          let n = min(utf8.count, bytes.count)
          if let base = utf8.baseAddress { bytes.baseAddress!.copyMemory(from: base, byteCount: n) }
          return n
        }
        lastTime = v[row]
      }
      // Copied by SQLite: the next row of a batch reuses the buffer before the step.
      try statement.bindText(UnsafeRawBufferPointer(start: bytes.baseAddress!, count: lastTimeLength), at: index, copy: true)
    }
  }
}
