import CZlib
import Glibc
import ShopCore

/// Saves a `Frame` as RFC 4180 CSV, gzip-compressed when the path ends in `.gz`.
///
/// The output reads back with `CSVReader.load` into the same frame: comma-separated,
/// a header line, `\n` line ends, fields quoted only when they hold a comma, a quote or a
/// line break (quotes doubled), nulls as empty fields, datetimes as
/// `YYYY-MM-DD HH:MM:SS`, floats in the shortest form that reads back to the same
/// double (always with a `.` or an exponent, so they stay floats), booleans as
/// `true`/`false`.
///
/// Two things do not survive the trip, as in every CSV tool: an empty string or a string
/// spelled like a null token (`NA`) reads back as null, and a string column whose every
/// value looks like a number reads back as numbers (force it with `CSVOptions.types`).
public enum CSVWriter {
  /// Writes `frame` to `path` through a temporary file moved into place, so a failed
  /// write never leaves half a file.
  ///
  /// - Parameter overwrite: whether an existing file at `path` may be replaced. Without it
  ///   the temporary file is hard-linked into place, which fails if anything is there, so
  ///   a file created between a check and the write is not replaced either.
  /// - Throws: `CSVError.unwritable` (reason "it already exists" for a refused overwrite).
  public static func write(_ frame: Frame, to path: String, overwrite: Bool = false) throws {
    let out = CSVByteBuffer(capacity: 1 << 16)
    encode(frame, into: out)
    let temporary = path + ".tmp-\(getpid())"
    do {
      if path.hasSuffix(".gz") {
        let compressed = CSVByteBuffer(capacity: out.count / 3 + 1024)
        try deflateGzip(out.all, into: compressed, path: path)
        try writeFile(compressed.all, to: temporary, reportedAs: path)
      } else {
        try writeFile(out.all, to: temporary, reportedAs: path)
      }
      if overwrite {
        guard rename(temporary, path) == 0 else {
          throw CSVError.unwritable(path: path, reason: CSVFileBytes.errnoText())
        }
      } else {
        try placeWithoutReplacing(temporary, at: path)
      }
    } catch {
      unlink(temporary)
      throw error
    }
  }

  /// The CSV text of `frame`.
  static func encode(_ frame: Frame, into out: CSVByteBuffer) {
    for (c, name) in frame.columnNames.enumerated() {
      if c > 0 { out.append(44) }
      appendString(name, to: out)
    }
    out.append(10)
    for row in 0..<frame.rowCount {
      for (c, column) in frame.columns.enumerated() {
        if c > 0 { out.append(44) }
        appendCell(column, row, to: out)
      }
      out.append(10)
    }
  }

  private static func appendCell(_ column: Column, _ row: Int, to out: CSVByteBuffer) {
    switch column.data {
    case .int(let values, let validity):
      if validity.isValid(row) { appendInt(values[row], to: out) }
    case .float(let values, let validity):
      if validity.isValid(row) { out.append(floatText(values[row])) }
    case .bool(let values, let validity):
      if validity.isValid(row) { out.append(values[row] ? "true" : "false") }
    case .datetime(let values, let validity):
      if validity.isValid(row) { out.append(CivilTime.format(values[row])) }
    case .string(let codes, let dictionary):
      let code = codes[row]
      if code >= 0 { appendString(dictionary[Int(code)], to: out) }
    }
  }

  /// Swift's `description` is the shortest string that reads back to the same double;
  /// integral values already carry ".0" ("3.0"), and exponents ("1e-05") are read as floats.
  static func floatText(_ v: Double) -> String { v.description }

  private static func appendInt(_ v: Int64, to out: CSVByteBuffer) {
    if v < 0 { out.append(45) }
    var magnitude = v.magnitude
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    withUnsafeMutableBytes(of: &digits) { buf in
      repeat {
        buf[n] = UInt8(48 + magnitude % 10)
        magnitude /= 10
        n += 1
      } while magnitude > 0
      for k in stride(from: n - 1, through: 0, by: -1) { out.append(buf[k]) }
    }
  }

  private static func appendString(_ s: String, to out: CSVByteBuffer) {
    let needsQuotes = s.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
    guard needsQuotes else {
      out.append(s)
      return
    }
    out.append(34)
    for b in s.utf8 {
      if b == 34 { out.append(34) }
      out.append(b)
    }
    out.append(34)
  }

  /// Moves `temporary` to `path` only if nothing is at `path`.
  private static func placeWithoutReplacing(_ temporary: String, at path: String) throws {
    if link(temporary, path) == 0 {
      unlink(temporary)
      return
    }
    if errno == EEXIST { throw CSVError.unwritable(path: path, reason: "it already exists") }
    // A file system without hard links: look, then rename (not atomic, but still refuses
    // a file that was there before the write).
    var info = stat()
    if lstat(path, &info) == 0 { throw CSVError.unwritable(path: path, reason: "it already exists") }
    guard rename(temporary, path) == 0 else {
      throw CSVError.unwritable(path: path, reason: CSVFileBytes.errnoText())
    }
  }

  private static func writeFile(
    _ bytes: UnsafeBufferPointer<UInt8>, to file: String, reportedAs path: String
  ) throws {
    let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw CSVError.unwritable(path: path, reason: CSVFileBytes.errnoText()) }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
      guard let start = bytes.baseAddress else { break }
      let n = Glibc.write(fd, start + offset, bytes.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        throw CSVError.unwritable(path: path, reason: CSVFileBytes.errnoText())
      }
      offset += n
    }
  }

  /// `bytes` as one gzip member (used by tests to build multi-member files).
  static func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let out = CSVByteBuffer(capacity: bytes.count + 64)
    try bytes.withUnsafeBufferPointer { try deflateGzip($0, into: out, path: "memory") }
    return Array(out.all)
  }

  private static func deflateGzip(
    _ input: UnsafeBufferPointer<UInt8>, into out: CSVByteBuffer, path: String
  ) throws {
    var stream = z_stream()
    guard czlib_deflate_init_gzip(&stream, 6) == Z_OK else {
      throw CSVError.unwritable(path: path, reason: "cannot start zlib")
    }
    defer { deflateEnd(&stream) }
    // zlib counts input in UInt32: feed it at most 1 GiB at a time, finishing on the last.
    var fed = 0
    while true {
      if stream.avail_in == 0, fed < input.count, let base = input.baseAddress {
        let piece = min(input.count - fed, 1 << 30)
        stream.next_in = UnsafeMutablePointer(mutating: base + fed)
        stream.avail_in = UInt32(piece)
        fed += piece
      }
      out.reserve(extra: 1 << 16)
      let (p, room) = out.spare
      let chunk = min(room, Int(UInt32.max))
      stream.next_out = p
      stream.avail_out = UInt32(chunk)
      let status = deflate(&stream, fed == input.count ? Z_FINISH : Z_NO_FLUSH)
      out.didWrite(chunk - Int(stream.avail_out))
      if status == Z_STREAM_END { break }
      guard status == Z_OK || status == Z_BUF_ERROR else {
        throw CSVError.unwritable(path: path, reason: "zlib error \(status)")
      }
    }
  }
}
