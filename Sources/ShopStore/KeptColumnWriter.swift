import ShopCore
import ShopFrames

/// One frame column made ready for `keep` to hand its cells to SQLite (`KeptRowsTable`)
/// straight from the typed storage: no `Scalar` per cell, no reference counting per cell
/// (`open` gives a `KeptCell` of plain pointers), and every text handed over in place
/// (`SQLITE_STATIC`) from bytes that stay put until the keep is over. Each string of a
/// dictionary is encoded to UTF-8 once, not once per row; a datetime is formatted once per
/// run of equal values.
///
/// What is written is what `SessionStore.sqlValue` writes for the same cell: integers and
/// booleans as INTEGER, floats as REAL (NaN as NULL), text and ISO datetimes as TEXT.
final class KeptColumnWriter {
  private let kind: KeptCell.Kind
  private let integers: [Int64]
  private let doubles: [Double]
  private let flags: [Bool]
  private let codes: [Int32]
  /// Empty when every cell is valid.
  private let mask: [Bool]
  /// Strings: the UTF-8 of every dictionary string back to back.
  private let bytes: UnsafeMutableRawBufferPointer
  /// Where each dictionary string starts in `bytes`, and one past the last.
  private let starts: [Int]
  /// Datetimes: the texts formatted so far, in blocks that never move or change until the
  /// writer goes (SQLite reads a text in place at any time until the statement is done).
  private var timeBlocks: [UnsafeMutableRawBufferPointer] = []
  private var timeUsed = 0
  private static let timeBlockBytes = 1 << 16

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
      // At least one byte: text handed over from a nil pointer would be NULL, not "".
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

  deinit {
    bytes.deallocate()
    for block in timeBlocks { block.deallocate() }
  }

  /// Calls `body` with the cells of every writer, their storage open for the whole call.
  static func withCells<R>(_ writers: [KeptColumnWriter], _ body: (UnsafeMutableBufferPointer<KeptCell>) throws -> R)
    throws -> R
  {
    let cells = UnsafeMutableBufferPointer<KeptCell>.allocate(capacity: max(writers.count, 1))
    defer { cells.deallocate() }
    func open(_ c: Int) throws -> R {
      guard c < writers.count else { return try body(UnsafeMutableBufferPointer(rebasing: cells[0..<writers.count])) }
      return try writers[c].open { cell in
        (cells.baseAddress! + c).initialize(to: cell)
        return try open(c + 1)
      }
    }
    return try open(0)
  }

  /// The column's cells, valid only inside `body`.
  private func open<R>(_ body: (KeptCell) throws -> R) throws -> R {
    try integers.withUnsafeBufferPointer { integers in
      try doubles.withUnsafeBufferPointer { doubles in
        try flags.withUnsafeBufferPointer { flags in
          try codes.withUnsafeBufferPointer { codes in
            try mask.withUnsafeBufferPointer { mask in
              try starts.withUnsafeBufferPointer { starts in
                try body(
                  KeptCell(
                    kind: kind, integers: integers.baseAddress, doubles: doubles.baseAddress, flags: flags.baseAddress,
                    codes: codes.baseAddress, mask: mask.isEmpty ? nil : mask.baseAddress,
                    text: UnsafeRawPointer(bytes.baseAddress!), starts: starts.baseAddress,
                    writer: Unmanaged.passUnretained(self)))
              }
            }
          }
        }
      }
    }
  }

  /// The ISO text of `seconds` (what `CivilTime.format` gives), written where it stays
  /// until the writer goes.
  func timeText(_ seconds: Int64) -> (UnsafeRawPointer, Int) {
    let at = room(19)
    if Self.formatTime(seconds, into: at) {
      timeUsed += 19
      return (UnsafeRawPointer(at), 19)
    }
    // Years before 0 or past 9999: the general formatter.
    let text = Array(CivilTime.format(seconds).utf8)
    let p = room(text.count)
    text.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: text.count) }
    timeUsed += text.count
    return (UnsafeRawPointer(p), text.count)
  }

  /// Where `count` bytes fit in the current block (a new one when it is full).
  private func room(_ count: Int) -> UnsafeMutableRawPointer {
    if timeBlocks.isEmpty || timeUsed + count > timeBlocks[timeBlocks.count - 1].count {
      timeBlocks.append(.allocate(byteCount: max(Self.timeBlockBytes, count), alignment: 1))
      timeUsed = 0
    }
    return timeBlocks[timeBlocks.count - 1].baseAddress! + timeUsed
  }

  /// Writes `YYYY-MM-DD HH:MM:SS` (19 bytes) for a year in 0...9999, as `CivilTime.format`
  /// would; false for any other year (nothing written then).
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
    for (offset, byte) in [(4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")), (10, UInt8(ascii: " ")), (13, UInt8(ascii: ":")),
      (16, UInt8(ascii: ":"))]
    {
      p.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
    }
    return true
  }
}

/// One column's cells as plain pointers into its writer's storage, for `KeptRowsTable` to
/// hand SQLite a cell at a time without reference counting. Valid only inside
/// `KeptColumnWriter.withCells`.
struct KeptCell {
  enum Kind { case int, bool, float, string, datetime }
  let kind: Kind
  let integers: UnsafePointer<Int64>?
  let doubles: UnsafePointer<Double>?
  let flags: UnsafePointer<Bool>?
  let codes: UnsafePointer<Int32>?
  /// nil when every cell is valid.
  let mask: UnsafePointer<Bool>?
  let text: UnsafeRawPointer
  let starts: UnsafePointer<Int>?
  let writer: Unmanaged<KeptColumnWriter>
  /// The datetime formatted last and its text: a run of equal values is formatted once.
  var lastTime: Int64 = 0
  var lastText: UnsafeRawPointer?
  var lastLength = 0

  init(
    kind: Kind, integers: UnsafePointer<Int64>?, doubles: UnsafePointer<Double>?, flags: UnsafePointer<Bool>?,
    codes: UnsafePointer<Int32>?, mask: UnsafePointer<Bool>?, text: UnsafeRawPointer, starts: UnsafePointer<Int>?,
    writer: Unmanaged<KeptColumnWriter>
  ) {
    (self.kind, self.integers, self.doubles, self.flags, self.codes) = (kind, integers, doubles, flags, codes)
    (self.mask, self.text, self.starts, self.writer) = (mask, text, starts, writer)
  }

  /// Gives SQLite cell `row` as the value of `result`.
  @inline(__always) mutating func give(row: Int, to result: KeptRowsTable.Result) {
    if let mask, !mask[row] { return result.null() }
    switch kind {
    case .int: result.integer(integers![row])
    case .bool: result.integer(flags![row] ? 1 : 0)
    case .float:
      let x = doubles![row]
      if x.isNaN { result.null() } else { result.real(x) }
    case .string:
      let k = Int(codes![row])
      if k < 0 { return result.null() }
      let start = starts![k]
      result.text(text + start, count: starts![k + 1] - start)
    case .datetime:
      let t = integers![row]
      if lastText == nil || t != lastTime {
        (lastText, lastLength) = writer.takeUnretainedValue().timeText(t)
        lastTime = t
      }
      result.text(lastText!, count: lastLength)
    }
  }
}
