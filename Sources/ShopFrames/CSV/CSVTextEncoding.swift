/// Byte-order marks and the UTF-8 / Latin-1 decision, made before parsing.
///
/// The parser works on UTF-8 only. Bytes that are not valid UTF-8 are almost always
/// Windows-1252 or Latin-1 (MovieLens `u.item`, old Excel exports), so rather than fail,
/// the loader re-encodes them as UTF-8 from Windows-1252 and says so in a warning. The
/// decision is made per character, not per file: a UTF-8 file with one stray Latin-1 line
/// (pasted from an older export) keeps every correct `café`, and only the bytes that are
/// not UTF-8 are read as Windows-1252. Every structural byte of CSV is ASCII, so
/// re-encoding never moves a field boundary.
enum CSVTextEncoding {
  /// The UTF-8 byte-order mark that Excel puts at the start of "CSV UTF-8" files.
  static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

  static func hasBOM(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
  }

  /// The UTF-16 byte-order marks (FF FE, FE FF) that "Unicode text" exports start with.
  static func hasUTF16BOM(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    b.count >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))
  }

  /// What the file is when its first bytes say it is not text at all, or is JSON: an Excel
  /// workbook read as CSV gave a "table" of one column whose name was zip bytes, without
  /// a word. Nil for anything that may be delimited text.
  static func otherFormat(_ b: UnsafeBufferPointer<UInt8>) -> String? {
    func starts(_ magic: [UInt8]) -> Bool { b.count >= magic.count && zip(b, magic).allSatisfy { $0 == $1 } }
    if starts([0x50, 0x4B, 0x03, 0x04]) {
      return "it is a zip archive (an Excel .xlsx workbook is one), not CSV; in Excel, save it as 'CSV UTF-8'"
    }
    if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
      return "it is an old Excel (.xls) or other Office file, not CSV; in Excel, save it as 'CSV UTF-8'"
    }
    if starts(Array("PAR1".utf8)) { return "it is a Parquet file, not CSV; load reads CSV and TSV" }
    if starts(Array("ARROW1".utf8)) { return "it is an Arrow file, not CSV; load reads CSV and TSV" }
    if starts(Array("SQLite format 3\u{0}".utf8)) { return "it is a SQLite database, not CSV; load reads CSV and TSV" }
    if starts(Array("%PDF-".utf8)) { return "it is a PDF, not CSV; load reads CSV and TSV" }
    // JSON: an object first, or an array of objects, strings or numbers (`[Order ID],…`,
    // a bracketed CSV header, is text).
    var i = starts(bom) ? 3 : 0
    func skipBlanks() { while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 } }
    skipBlanks()
    guard i < b.count else { return nil }
    var json = b[i] == UInt8(ascii: "{")
    if b[i] == UInt8(ascii: "[") {
      i += 1
      skipBlanks()
      json = i < b.count && (b[i] == UInt8(ascii: "{") || b[i] == UInt8(ascii: "\""))
    }
    return json ? "it is JSON (an object per line, or an array), not CSV; load reads CSV and TSV" : nil
  }

  /// Whether `b` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
  /// - Complexity: O(n), 32 ASCII bytes at a time.
  static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = b.baseAddress else { return true }
    let n = b.count
    var i = 0
    let raw = UnsafeRawPointer(base)
    while i < n {
      // ASCII fast path: 32 bytes (four words ORed) without a high bit, then one word.
      while i &+ 32 <= n {
        let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let b = raw.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
        let c = raw.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
        let d = raw.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
        guard (a | b | c | d) & 0x8080_8080_8080_8080 == 0 else { break }
        i &+= 32
      }
      if i >= n { break }
      if i + 8 <= n {
        let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        if word & 0x8080_8080_8080_8080 == 0 {
          i += 8
          continue
        }
      }
      if base[i] < 0x80 {
        i += 1
        continue
      }
      let length = sequenceLength(base, i, n)
      guard length > 0 else { return false }
      i += length
    }
    return true
  }

  /// The length of the well-formed UTF-8 sequence starting at `i` (whose byte is not ASCII),
  /// or 0 when it is not one.
  @inline(__always)
  static func sequenceLength(_ base: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
    let length: Int
    var lower: UInt8 = 0x80
    var upper: UInt8 = 0xBF
    switch base[i] {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; lower = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; upper = 0x9F
    case 0xF0: length = 4; lower = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; upper = 0x8F
    default: return 0
    }
    guard i + length <= n else { return 0 }
    let second = base[i + 1]
    guard second >= lower, second <= upper else { return 0 }
    for k in 2..<length where base[i + k] & 0xC0 != 0x80 { return 0 }
    return length
  }

  /// What `appendRepairing` found: the lines that had bytes read as Windows-1252, and
  /// whether any line had well-formed UTF-8 beyond ASCII (then the file is UTF-8 with
  /// stray bytes, not a Latin-1 file).
  struct Repair {
    /// How many lines had bytes that are not UTF-8.
    var lineCount = 0
    /// The first few of those lines (1-based physical lines of the file).
    var firstLines: [Int] = []
    var sawUTF8 = false
  }

  /// Appends `b` to `out` as UTF-8: well-formed UTF-8 sequences as they are, every other
  /// byte read as Windows-1252.
  static func appendRepairing(_ b: UnsafeBufferPointer<UInt8>, to out: CSVByteBuffer) -> Repair {
    var repair = Repair()
    guard let base = b.baseAddress else { return repair }
    let n = b.count
    out.reserve(extra: n + n / 8)
    var line = 1
    var lastBadLine = 0
    var i = 0
    while i < n {
      let c = base[i]
      if c < 0x80 {
        if c == 10 { line += 1 }
        out.append(c)
        i += 1
        continue
      }
      let length = sequenceLength(base, i, n)
      if length > 0 {
        repair.sawUTF8 = true
        out.append(UnsafeRawBufferPointer(start: base + i, count: length))
        i += length
        continue
      }
      if line != lastBadLine {
        lastBadLine = line
        repair.lineCount += 1
        if repair.firstLines.count < 5 { repair.firstLines.append(line) }
      }
      appendTranscodingWindows1252(UnsafeBufferPointer(start: base + i, count: 1), to: out)
      i += 1
    }
    return repair
  }

  /// The warning for a file whose bytes were not all UTF-8.
  static func warning(file: String, _ repair: Repair) -> String {
    guard repair.sawUTF8 else {
      return "'\(file)' is not UTF-8; read as Windows-1252 (Latin-1 with € and curly quotes)"
    }
    let lines = repair.firstLines.map(String.init).joined(separator: ", ")
    let more = repair.lineCount > repair.firstLines.count ? ", …" : ""
    let count = repair.lineCount == 1 ? "1 line" : "\(repair.lineCount) lines"
    return
      "'\(file)' is UTF-8 except on \(count) (line \(lines)\(more)): "
      + "only those bytes were read as Windows-1252 (Latin-1 with € and curly quotes)"
  }

  /// Unicode scalars of Windows-1252 bytes 0x80...0x9F. The five bytes Windows-1252 leaves
  /// undefined map to the C1 controls of the same value, as in Latin-1.
  private static let cp1252High: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
  ]

  /// Appends `b`, read as Windows-1252, to `out` as UTF-8.
  static func appendTranscodingWindows1252(_ b: UnsafeBufferPointer<UInt8>, to out: CSVByteBuffer) {
    out.reserve(extra: b.count + b.count / 2)
    for c in b {
      if c < 0x80 {
        out.append(c)
        continue
      }
      let scalar = c < 0xA0 ? cp1252High[Int(c - 0x80)] : UInt32(c)
      if scalar < 0x800 {
        out.append(UInt8(0xC0 | (scalar >> 6)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
      } else {
        out.append(UInt8(0xE0 | (scalar >> 12)))
        out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
      }
    }
  }
}
