/// A batch of tokenized records, column by column addressable: field `(row, column)` is
/// the byte range `starts[i]..<ends[i]` with `i = row * columns + column`.
///
/// The loader tokenizes ~16k records into a chunk, then converts it one column at a time,
/// so each column's loop runs one parser over many values instead of switching on the
/// type at every field.
final class CSVFieldChunk {
  let columns: Int
  let capacityRows: Int
  let starts: UnsafeMutablePointer<Int>
  let ends: UnsafeMutablePointer<Int>
  let flags: UnsafeMutablePointer<UInt8>
  private(set) var rows = 0
  /// Per row: where the record starts (1-based line), its text, and its ordinal among all
  /// data records of the load (the key that lets a second pass skip the same rejects).
  /// Raw storage rather than arrays: appending to a class's array property costs a
  /// dynamic exclusivity check per row.
  let lines: UnsafeMutablePointer<Int>
  let recordStarts: UnsafeMutablePointer<Int>
  let recordEnds: UnsafeMutablePointer<Int>
  let ordinals: UnsafeMutablePointer<Int>

  init(columns: Int, capacityRows: Int) {
    self.columns = columns
    self.capacityRows = capacityRows
    // One spare row: the tokenizer writes the next record there before it is accepted.
    let size = max(1, columns * (capacityRows + 1))
    starts = .allocate(capacity: size)
    ends = .allocate(capacity: size)
    flags = .allocate(capacity: size)
    lines = .allocate(capacity: capacityRows)
    recordStarts = .allocate(capacity: capacityRows)
    recordEnds = .allocate(capacity: capacityRows)
    ordinals = .allocate(capacity: capacityRows)
  }

  deinit {
    for p in [starts, ends, lines, recordStarts, recordEnds, ordinals] { p.deallocate() }
    flags.deallocate()
  }

  var isFull: Bool { rows >= capacityRows }

  /// Where the tokenizer writes the next record's fields.
  var nextRow: Int { rows * columns }

  /// Keeps the record just written at `nextRow`.
  func commit(_ record: CSVRecordInfo, ordinal: Int) {
    let r = rows
    lines[r] = record.line
    recordStarts[r] = record.start
    recordEnds[r] = record.end
    ordinals[r] = ordinal
    rows = r + 1
  }

  func reset() { rows = 0 }

  /// Drops the rows `remove` (sorted, unique), keeping the others in order.
  func remove(rows remove: [Int]) {
    guard !remove.isEmpty else { return }
    var next = 0
    var kept = 0
    for r in 0..<rows {
      if next < remove.count, remove[next] == r {
        next += 1
        continue
      }
      if kept != r {
        (starts + kept * columns).update(from: starts + r * columns, count: columns)
        (ends + kept * columns).update(from: ends + r * columns, count: columns)
        (flags + kept * columns).update(from: flags + r * columns, count: columns)
        lines[kept] = lines[r]
        recordStarts[kept] = recordStarts[r]
        recordEnds[kept] = recordEnds[r]
        ordinals[kept] = ordinals[r]
      }
      kept += 1
    }
    rows = kept
  }
}

extension CSVFieldChunk {
  /// Field (row, column) as text, quotes undone (for messages; not on the hot path).
  func text(row r: Int, column c: Int, base: UnsafePointer<UInt8>) -> String {
    let i = r * columns + c
    return String(
      decoding: CSVFields.bytes(base, starts[i], ends[i], flags[i]), as: UTF8.self)
  }
}

/// Small helpers to get whole fields out of a record, for sniffing and headers.
enum CSVFields {
  /// The bytes of field `s..<e`, with `""` turned into `"` when `flag` says so.
  static func bytes(_ base: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ flag: UInt8) -> [UInt8] {
    let raw = UnsafeBufferPointer(start: base + s, count: e - s)
    guard flag == CSVTokenizer.escapedQuotes else { return Array(raw) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var k = 0
    while k < raw.count {
      out.append(raw[k])
      k += raw[k] == 34 && k + 1 < raw.count && raw[k + 1] == 34 ? 2 : 1
    }
    return out
  }

  /// Reads the next record of `tokenizer` with all its fields, however many.
  static func nextRecord(_ tokenizer: inout CSVTokenizer) -> (CSVRecordInfo, [[UInt8]])? {
    var capacity = 64
    while true {
      let saved = tokenizer
      let starts = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
      let ends = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
      let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
      defer {
        starts.deallocate()
        ends.deallocate()
        flags.deallocate()
      }
      guard
        let record = tokenizer.next(starts: starts, ends: ends, flags: flags, capacity: capacity)
      else { return nil }
      if record.fieldCount > capacity {
        tokenizer = saved
        capacity = record.fieldCount
        continue
      }
      let fields = (0..<record.fieldCount).map {
        bytes(tokenizer.base, starts[$0], ends[$0], flags[$0])
      }
      return (record, fields)
    }
  }
}
