/// Where one record lies in the input and what was wrong with it, if anything.
struct CSVRecordInfo {
  /// How many fields the record has (it may be more than were stored).
  var fieldCount: Int
  /// 1-based physical line where the record starts.
  var line: Int
  /// Byte range of the record's text, without its line break.
  var start: Int
  var end: Int
  /// Why the record is not valid CSV ("unterminated quote"), or nil. A `StaticString`:
  /// the record is then plain bytes, copied and dropped per record without reference
  /// counting.
  var problem: StaticString?
}

/// Splits RFC 4180 text into records and fields without copying: each field is a byte
/// range into the input, flagged when it holds doubled quotes that must be unescaped.
///
/// Rules: a field that starts with `"` runs to the next lone `"` and may hold delimiters,
/// line breaks and `""`; line breaks are LF, CRLF or a lone CR; blank lines are skipped;
/// a quote inside an unquoted field is an ordinary character. In whitespace mode, runs of
/// spaces and tabs separate fields and blanks at the start or end of a line are ignored.
/// The tokenizer never throws: a broken record comes back with `problem` set, and reading
/// goes on at the next line. It reads nothing at or past `end`: when `end` is a window's
/// end rather than the text's, a call that leaves `pos` at `end` may have cut its record
/// (or a CRLF) short, and the caller reads it again from where the call began with more
/// bytes (`rebase`).
struct CSVTokenizer {
  /// Field flag: the field was quoted and holds `""` pairs.
  static let escapedQuotes: UInt8 = 1

  private(set) var base: UnsafePointer<UInt8>
  /// Where the bytes the tokenizer may read end: the text's end, or a window's.
  private(set) var end: Int
  var pos: Int
  /// 1-based line number at `pos`.
  var line: Int
  let delimiter: UInt8
  let whitespace: Bool

  /// Reads `base[range]`.
  init(base: UnsafePointer<UInt8>, range: Range<Int>, dialect: CSVDialect) {
    self.base = base
    pos = range.lowerBound
    end = range.upperBound
    line = 1
    delimiter = dialect.delimiter
    whitespace = dialect.whitespace
  }

  /// Goes on reading from the same position over `base[..<end]`: the window it read moved
  /// (`CSVByteWindow.advance`), or holds more bytes.
  mutating func rebase(_ base: UnsafePointer<UInt8>, end: Int) {
    self.base = base
    self.end = end
  }

  @inline(__always) private func isBlank(_ c: UInt8) -> Bool { c == 32 || c == 9 }

  /// Bytes 0x01 repeated, the constant of the zero-byte test below.
  private static let ones: UInt64 = 0x0101_0101_0101_0101

  /// The index of the first delimiter, LF or CR at or after `start`, or `end`.
  ///
  /// Tests eight bytes at a time: `(x - 0x01…) & ~x & 0x80…` sets the high bit of the
  /// first zero byte of `x` exactly (later bits may be false alarms, but only the lowest
  /// one is used), and `x = word ^ (byte * 0x01…)` is zero where the word holds `byte`.
  /// LF (0x0A) and CR (0x0D) are found together as bytes below 0x0E, by the same formula
  /// with `0x0E…` for `0x01…`: two tests a word instead of three. The other bytes below
  /// 0x0E (tab, NUL) are rare in CSV; one stops the word scan and is stepped over.
  @inline(__always)
  private func scanUnquoted(from start: Int) -> Int {
    var p = start
    let dd = UInt64(delimiter) &* Self.ones
    let below: UInt64 = 0x0E0E_0E0E_0E0E_0E0E
    let high: UInt64 = 0x8080_8080_8080_8080
    let raw = UnsafeRawPointer(base)
    while p &+ 8 <= end {
      let w = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
      let a = w ^ dd
      let m = ((a &- Self.ones) & ~a | (w &- below) & ~w) & high
      if m != 0 {
        let q = p &+ (m.trailingZeroBitCount >> 3)
        let c = base[q]
        if c == delimiter || c == 10 || c == 13 { return q }
        p = q &+ 1
        continue
      }
      p &+= 8
    }
    while p < end {
      let c = base[p]
      if c == delimiter || c == 10 || c == 13 { return p }
      p &+= 1
    }
    return end
  }

  /// Reads the next record, storing at most `capacity` fields' ranges and flags.
  /// Returns nil at the end of the input.
  mutating func next(
    starts: UnsafeMutablePointer<Int>, ends: UnsafeMutablePointer<Int>,
    flags: UnsafeMutablePointer<UInt8>, capacity: Int
  ) -> CSVRecordInfo? {
    // Skip blank lines (and, in whitespace mode, leading blanks).
    while pos < end {
      let c = base[pos]
      if c == 10 {
        pos += 1
        line += 1
      } else if c == 13 {
        pos += 1
        if pos < end, base[pos] == 10 { pos += 1 }
        line += 1
      } else if whitespace, isBlank(c) {
        pos += 1
      } else {
        break
      }
    }
    guard pos < end else { return nil }
    let recordStart = pos
    let recordLine = line
    var recordEnd = end
    var n = 0
    var problem: StaticString?
    let d = delimiter
    fields: while true {
      var s = pos
      var e: Int
      var flag: UInt8 = 0
      if pos < end, base[pos] == 34 {
        pos += 1
        s = pos
        var closed = false
        while pos < end {
          let c = base[pos]
          if c == 34 {
            if pos + 1 < end, base[pos + 1] == 34 {
              flag = Self.escapedQuotes
              pos += 2
              continue
            }
            closed = true
            break
          }
          if c == 10 || (c == 13 && !(pos + 1 < end && base[pos + 1] == 10)) { line += 1 }
          pos += 1
        }
        e = pos
        if !closed {
          problem = "unterminated quote"
          if n < capacity { starts[n] = s; ends[n] = e; flags[n] = flag }
          n += 1
          recordEnd = end
          break fields
        }
        pos += 1  // the closing quote
        if pos < end {
          let c = base[pos]
          let fine = c == 10 || c == 13 || (whitespace ? isBlank(c) : c == d)
          if !fine {
            problem = "text after a closing quote"
            while pos < end, base[pos] != 10, base[pos] != 13 { pos += 1 }
            e = pos
          }
        }
      } else if whitespace {
        while pos < end {
          let c = base[pos]
          if c == 32 || c == 9 || c == 10 || c == 13 { break }
          pos += 1
        }
        e = pos
      } else {
        pos = scanUnquoted(from: pos)
        e = pos
      }
      if n < capacity { starts[n] = s; ends[n] = e; flags[n] = flag }
      n += 1
      if pos >= end {
        recordEnd = end
        break
      }
      var c = base[pos]
      if whitespace, isBlank(c) {
        while pos < end, isBlank(base[pos]) { pos += 1 }
        if pos >= end {
          recordEnd = end
          break
        }
        c = base[pos]
        if c != 10 && c != 13 { continue }
      } else if !whitespace, c == d {
        pos += 1
        if pos >= end {
          // "a,b," at the very end: the trailing delimiter opens one last, empty field.
          if n < capacity { starts[n] = pos; ends[n] = pos; flags[n] = 0 }
          n += 1
          recordEnd = end
          break
        }
        continue
      }
      // A line break ends the record.
      recordEnd = pos
      if c == 13 {
        pos += 1
        if pos < end, base[pos] == 10 { pos += 1 }
      } else {
        pos += 1
      }
      line += 1
      break
    }
    return CSVRecordInfo(
      fieldCount: n, line: recordLine, start: recordStart, end: recordEnd, problem: problem)
  }
}
