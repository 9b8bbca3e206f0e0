import ShopCore
import ShopFrames

/// A kept column in ShopLab's own compact encoding, stored beside the table's rows (in
/// `column_images`) so that `load table` decodes a few blobs instead of stepping through
/// every row and interning every text cell.
///
/// The rows stay what `sql` reads; the image is what `load table` reads, and it decodes to
/// exactly the column the rows would give (`KeptColumnReader`): nulls as 0, NaN or false
/// behind the validity mask, NaN kept as null (SQLite has no NaN), booleans as such, and a
/// text column's dictionary holding only the strings its cells use, in order of first
/// appearance.
///
/// A column is cut into chunks of `chunkRows` rows (a blob stays far below SQLite's size
/// limit at any table size). A text column has one more blob, chunk -1, its dictionary.
///
/// Chunk layout (little-endian):
/// - a varint row count, then a byte: 1 when a validity bitmap follows (`(rows + 7) / 8`
///   bytes, bit `i % 8` of byte `i / 8` set for a valid cell); text columns have none (null
///   is code -1);
/// - integers, datetimes, booleans and text codes: each value minus the one before it
///   (the first minus 0), zigzag-encoded, as a varint: runs and ascending codes take a
///   byte per cell;
/// - floats: the 8 bytes of each value.
///
/// Dictionary layout: a varint count, then each string as a varint byte length and its
/// UTF-8 bytes.
enum ColumnImage {
  static let chunkRows = 1 << 20

  /// The column's blobs, keyed by chunk number (-1: the dictionary).
  static func encode(_ column: Column, chunkRows: Int = chunkRows) -> [(chunk: Int, bytes: [UInt8])] {
    let n = column.count
    var blobs: [(chunk: Int, bytes: [UInt8])] = []
    switch column.data {
    case .string(let codes, let dictionary):
      let (remapped, used) = firstAppearance(codes, dictionary)
      var out: [UInt8] = []
      out.reserveCapacity(used.reduce(0) { $0 + $1.utf8.count + 2 } + 8)
      appendVarint(UInt64(used.count), &out)
      for s in used {
        appendVarint(UInt64(s.utf8.count), &out)
        out.append(contentsOf: s.utf8)
      }
      blobs.append((-1, out))
      forChunks(n, chunkRows) { range, chunk in
        remapped.withUnsafeBufferPointer { c in
          blobs.append((chunk, encodeIntegers(range, mask: nil) { Int64(c[$0]) }))
        }
      }
    case .int(let v, let m), .datetime(let v, let m):
      forChunks(n, chunkRows) { range, chunk in
        v.withUnsafeBufferPointer { v in
          if let mask = m.mask {
            blobs.append((chunk, encodeIntegers(range, mask: mask) { mask[$0] ? v[$0] : 0 }))
          } else {
            blobs.append((chunk, encodeIntegers(range, mask: nil) { v[$0] }))
          }
        }
      }
    case .bool(let v, let m):
      forChunks(n, chunkRows) { range, chunk in
        blobs.append((chunk, encodeIntegers(range, mask: m.mask) { m.isValid($0) && v[$0] ? 1 : 0 }))
      }
    case .float(let v, let m):
      forChunks(n, chunkRows) { range, chunk in
        // NaN is null, as in the rows (SQLite stores it as NULL).
        let valid = range.map { m.isValid($0) && !v[$0].isNaN }
        let start = range.lowerBound
        let out = written(capacity: headerCapacity(range.count) + range.count * 8) { p in
          var at = header(rows: range.count, mask: valid, range: 0..<range.count, into: p)
          v.withUnsafeBufferPointer { v in
            for i in range {
              let bits = (valid[i - start] ? v[i] : .nan).bitPattern.littleEndian
              (p + at).storeBytes(of: bits, as: UInt64.self)
              at += 8
            }
          }
          return at
        }
        blobs.append((chunk, out))
      }
    }
    return blobs
  }

  private static func forChunks(_ n: Int, _ chunkRows: Int, _ body: (Range<Int>, Int) -> Void) {
    var start = 0
    var chunk = 0
    repeat {
      let end = min(n, start + chunkRows)
      body(start..<end, chunk)
      start = end
      chunk += 1
    } while start < n
  }

  /// Bytes written by `body` into memory of `capacity` bytes; `body` returns how many.
  private static func written(capacity: Int, _ body: (UnsafeMutableRawPointer) -> Int) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
      count = body(UnsafeMutableRawPointer(buffer.baseAddress!))
    }
  }

  /// The most bytes a chunk header of `rows` rows takes.
  private static func headerCapacity(_ rows: Int) -> Int { 11 + (rows + 7) / 8 }

  /// Writes the row count and, when some cell of `range` is not valid, the bitmap;
  /// returns the bytes written.
  private static func header(rows: Int, mask: [Bool]?, range: Range<Int>, into p: UnsafeMutableRawPointer) -> Int {
    var at = putVarint(UInt64(rows), p)
    guard let mask, mask[range].contains(false) else {
      p.storeBytes(of: 0, toByteOffset: at, as: UInt8.self)
      return at + 1
    }
    p.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
    at += 1
    let bits = (rows + 7) / 8
    (p + at).initializeMemory(as: UInt8.self, repeating: 0, count: bits)
    for (i, row) in range.enumerated() where mask[row] {
      let byte = p.load(fromByteOffset: at + i >> 3, as: UInt8.self)
      p.storeBytes(of: byte | 1 << UInt8(i & 7), toByteOffset: at + i >> 3, as: UInt8.self)
    }
    return at + bits
  }

  /// A chunk of integer values: header, then zigzag varint deltas.
  private static func encodeIntegers(_ range: Range<Int>, mask: [Bool]?, _ value: (Int) -> Int64) -> [UInt8] {
    written(capacity: headerCapacity(range.count) + range.count * 10) { p in
      var at = header(rows: range.count, mask: mask, range: range, into: p)
      var previous: Int64 = 0
      for i in range {
        let v = value(i)
        let d = v &- previous
        previous = v
        at += putVarint(UInt64(bitPattern: (d << 1) ^ (d >> 63)), p + at)
      }
      return at
    }
  }

  /// Codes renumbered so that the dictionary holds only used strings, each once, in
  /// order of first appearance (what reading the rows back makes).
  private static func firstAppearance(_ codes: [Int32], _ dictionary: [String]) -> ([Int32], [String]) {
    var renumber = [Int32](repeating: -1, count: dictionary.count)
    var used: [String] = []
    var remapped = codes.withUnsafeBufferPointer { codes in
      [Int32](unsafeUninitializedCapacity: codes.count) { out, count in
        renumber.withUnsafeMutableBufferPointer { renumber in
          for (i, code) in codes.enumerated() {
            if code < 0 {
              out[i] = -1
              continue
            }
            if renumber[Int(code)] < 0 {
              renumber[Int(code)] = Int32(used.count)
              used.append(dictionary[Int(code)])
            }
            out[i] = renumber[Int(code)]
          }
        }
        count = codes.count
      }
    }
    // A string held twice in the dictionary gets one code (a frame's dictionary holds each
    // string once, but the rows would merge them).
    if Set(used).count != used.count {
      var first: [String: Int32] = [:]
      var merged: [String] = []
      let again = used.map { s -> Int32 in
        if let k = first[s] { return k }
        first[s] = Int32(merged.count)
        merged.append(s)
        return Int32(merged.count - 1)
      }
      remapped = remapped.map { $0 < 0 ? -1 : again[Int($0)] }
      used = merged
    }
    return (remapped, used)
  }

  /// Writes `value` as a varint at `p`; returns the bytes written.
  @inline(__always) static func putVarint(_ value: UInt64, _ p: UnsafeMutableRawPointer) -> Int {
    var v = value
    var at = 0
    while v >= 0x80 {
      p.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: at, as: UInt8.self)
      v >>= 7
      at += 1
    }
    p.storeBytes(of: UInt8(v), toByteOffset: at, as: UInt8.self)
    return at + 1
  }

  @inline(__always) static func appendVarint(_ value: UInt64, _ out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      out.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }
}
