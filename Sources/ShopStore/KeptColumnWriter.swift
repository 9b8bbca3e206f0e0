import ShopCore
import ShopFrames

/// Binds one frame column's cells to a prepared multi-row INSERT, a batch of rows at a
/// time, straight from the typed storage: no `Scalar` per cell, no reference counting per
/// cell (the arrays are opened once per batch), and every text bound in place
/// (`SQLITE_STATIC`) from bytes that stay put until the statement has run. Each string of
/// a dictionary is encoded to UTF-8 once, not once per row; a datetime is formatted once
/// per run of equal values.
///
/// What is written is what `SessionStore.sqlValue` writes for the same cell: integers and
/// booleans as INTEGER, floats as REAL (NaN as NULL), text and ISO datetimes as TEXT.
final class KeptColumnWriter {
  /// The column's storage, taken apart once.
  private enum Kind { case int, bool, float, string, datetime }
  private let kind: Kind
  private let integers: [Int64]
  private let doubles: [Double]
  private let flags: [Bool]
  private let codes: [Int32]
  /// Empty when every cell is valid.
  private let mask: [Bool]
  /// Strings: the UTF-8 of every dictionary string back to back. Datetimes: the texts of
  /// the batch being bound, `Self.timeSlot` bytes per row.
  private var bytes: UnsafeMutableRawBufferPointer
  /// Where each dictionary string starts in `bytes`, and one past the last.
  private let starts: [Int]
  /// The longest text `CivilTime.format` gives (a year past 9999 or before 0 is longer
  /// than the usual 19 bytes); a longer one is bound as a copy.
  private static let timeSlot = 32

  init(_ column: Column) {
    var (integers, doubles, flags, codes, mask) = ([Int64](), [Double](), [Bool](), [Int32](), [Bool]?.none)
    switch column.data {
    case .int(let v, let m): (kind, integers, mask) = (.int, v, m.mask)
    case .datetime(let v, let m): (kind, integers, mask) = (.datetime, v, m.mask)
    case .float(let v, let m): (kind, doubles, mask) = (.float, v, m.mask)
    case .bool(let v, let m): (kind, flags, mask) = (.bool, v, m.mask)
    case .string(let c, _): (kind, codes) = (.string, c)
    }
    (self.integers, self.doubles, self.flags, self.codes, self.mask) = (integers, doubles, flags, codes, mask ?? [])
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
    default:
      bytes = .allocate(byteCount: 1, alignment: 1)
    }
    self.starts = starts
  }

  deinit { bytes.deallocate() }

  /// Binds rows `rows` of the column to the parameters `first`, `first + stride`, … of
  /// `statement` (1-based): row `rows.lowerBound + k` goes to `first + k * stride`.
  ///
  /// Texts are bound in place: they stay valid until the next call on this writer, so the
  /// statement must run before the next batch is bound.
  func bind(rows: Range<Int>, to statement: PreparedStatement, first: Int32, stride: Int32) throws {
    var code: Int32 = 0
    var index = first
    mask.withUnsafeBufferPointer { mask in
      @inline(__always) func isNull(_ row: Int) -> Bool { !mask.isEmpty && !mask[row] }
      switch kind {
      case .int:
        integers.withUnsafeBufferPointer { v in
          for row in rows {
            code |= isNull(row) ? statement.bindNullCode(at: index) : statement.bindCode(v[row], at: index)
            index &+= stride
          }
        }
      case .bool:
        flags.withUnsafeBufferPointer { v in
          for row in rows {
            code |= isNull(row) ? statement.bindNullCode(at: index) : statement.bindCode(Int64(v[row] ? 1 : 0), at: index)
            index &+= stride
          }
        }
      case .float:
        doubles.withUnsafeBufferPointer { v in
          for row in rows {
            let x = v[row]
            code |= isNull(row) || x.isNaN ? statement.bindNullCode(at: index) : statement.bindCode(x, at: index)
            index &+= stride
          }
        }
      case .string:
        codes.withUnsafeBufferPointer { c in
          starts.withUnsafeBufferPointer { starts in
            let base = UnsafeRawPointer(bytes.baseAddress!)
            for row in rows {
              let k = Int(c[row])
              if k < 0 {
                code |= statement.bindNullCode(at: index)
              } else {
                let start = starts[k]
                code |= statement.bindTextCode(base + start, count: starts[k + 1] - start, at: index)
              }
              index &+= stride
            }
          }
        }
      case .datetime:
        code = bindTimes(rows: rows, mask: mask, to: statement, first: first, stride: stride)
      }
    }
    try statement.check(code)
  }

  /// Datetimes as ISO text: each run of equal values is formatted once into this batch's
  /// slots, and every row of the run is bound to that one slot.
  private func bindTimes(
    rows: Range<Int>, mask: UnsafeBufferPointer<Bool>, to statement: PreparedStatement, first: Int32, stride: Int32
  ) -> Int32 {
    let needed = max(rows.count * Self.timeSlot, 1)
    if bytes.count < needed {
      bytes.deallocate()
      bytes = .allocate(byteCount: needed, alignment: 1)
    }
    var code: Int32 = 0
    var index = first
    var last: Int64?
    var lastText = UnsafeRawPointer(bytes.baseAddress!)
    var lastLength = 0
    var slot = bytes.baseAddress!
    integers.withUnsafeBufferPointer { v in
      for row in rows {
        defer { index &+= stride }
        if !mask.isEmpty && !mask[row] {
          code |= statement.bindNullCode(at: index)
          continue
        }
        let t = v[row]
        if last != t, Self.formatTime(t, into: slot) {
          (last, lastText, lastLength) = (t, UnsafeRawPointer(slot), 19)
          slot += Self.timeSlot
        } else if last != t {
          // A year before 0 or past 9999: the general formatter.
          var text = CivilTime.format(t)
          let fits = text.withUTF8 { utf8 -> Bool in
            guard utf8.count <= Self.timeSlot else { return false }
            if let base = utf8.baseAddress { slot.copyMemory(from: base, byteCount: utf8.count) }
            lastLength = utf8.count
            return true
          }
          guard fits else {
            // Too long for a slot (not a time `CivilTime` gives today): bound as a copy.
            code |= text.withUTF8 { statement.bindTextCode(UnsafeRawPointer($0.baseAddress!), count: $0.count, at: index, copy: true) }
            last = nil
            continue
          }
          (last, lastText) = (t, UnsafeRawPointer(slot))
          slot += Self.timeSlot
        }
        code |= statement.bindTextCode(lastText, count: lastLength, at: index)
      }
    }
    return code
  }

  /// Writes `YYYY-MM-DD HH:MM:SS` (19 bytes) for a year in 0...9999, as `CivilTime.format`
  /// would, without making a `String` (that was most of the cost of binding a datetime);
  /// false for any other year (nothing written then).
  static func formatTime(_ seconds: Int64, into p: UnsafeMutableRawPointer) -> Bool {
    let days = CivilTime.dayNumber(seconds)
    let date = CivilTime.date(fromDays: days)
    guard (0...9999).contains(date.year) else { return false }
    let sod = Int(seconds - Int64(days) * 86_400)
    @inline(__always) func put(_ v: Int, _ digits: Int, at offset: Int) {
      var v = v
      for k in stride(from: offset + digits - 1, through: offset, by: -1) {
        p.storeBytes(of: UInt8(48 + v % 10), toByteOffset: k, as: UInt8.self)
        v /= 10
      }
    }
    put(date.year, 4, at: 0)
    put(date.month, 2, at: 5)
    put(date.day, 2, at: 8)
    put(sod / 3600, 2, at: 11)
    put(sod / 60 % 60, 2, at: 14)
    put(sod % 60, 2, at: 17)
    for (offset, byte) in zip([4, 7, 10, 13, 16] as [Int], "-- ::".utf8) {
      p.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
    }
    return true
  }
}
