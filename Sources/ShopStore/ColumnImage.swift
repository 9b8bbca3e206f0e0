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
      putVarint(UInt64(used.count), &out)
      for s in used {
        putVarint(UInt64(s.utf8.count), &out)
        out.append(contentsOf: s.utf8)
      }
      blobs.append((-1, out))
      forChunks(n, chunkRows) { range, chunk in
        var out = header(rows: range.count, mask: nil, range: range)
        blobs.append((chunk, encodeIntegers(range, &out) { Int64(remapped[$0]) }))
      }
    case .int(let v, let m), .datetime(let v, let m):
      forChunks(n, chunkRows) { range, chunk in
        var out = header(rows: range.count, mask: m.mask, range: range)
        blobs.append((chunk, encodeIntegers(range, &out) { m.isValid($0) ? v[$0] : 0 }))
      }
    case .bool(let v, let m):
      forChunks(n, chunkRows) { range, chunk in
        var out = header(rows: range.count, mask: m.mask, range: range)
        blobs.append((chunk, encodeIntegers(range, &out) { m.isValid($0) && v[$0] ? 1 : 0 }))
      }
    case .float(let v, let m):
      forChunks(n, chunkRows) { range, chunk in
        // NaN is null, as in the rows (SQLite stores it as NULL).
        let valid = (0..<range.count).map { m.isValid(range.lowerBound + $0) && !v[range.lowerBound + $0].isNaN }
        var out = header(rows: range.count, mask: valid, range: 0..<range.count)
        out.reserveCapacity(out.count + range.count * 8)
        for i in range {
          var bits = (valid[i - range.lowerBound] ? v[i] : .nan).bitPattern.littleEndian
          withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
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

  /// The row count and, when some cell of `range` is not valid, the bitmap.
  private static func header(rows: Int, mask: [Bool]?, range: Range<Int>) -> [UInt8] {
    var out: [UInt8] = []
    putVarint(UInt64(rows), &out)
    guard let mask, mask[range].contains(false) else {
      out.append(0)
      return out
    }
    out.append(1)
    var bits = [UInt8](repeating: 0, count: (rows + 7) / 8)
    for (i, row) in range.enumerated() where mask[row] { bits[i >> 3] |= 1 << UInt8(i & 7) }
    out.append(contentsOf: bits)
    return out
  }

  private static func encodeIntegers(_ range: Range<Int>, _ out: inout [UInt8], _ value: (Int) -> Int64) -> [UInt8] {
    out.reserveCapacity(out.count + range.count * 2)
    var previous: Int64 = 0
    for i in range {
      let v = value(i)
      let d = v &- previous
      previous = v
      putVarint(UInt64(bitPattern: (d << 1) ^ (d >> 63)), &out)
    }
    return out
  }

  /// Codes renumbered so that the dictionary holds only used strings, each once, in
  /// order of first appearance (what reading the rows back makes).
  private static func firstAppearance(_ codes: [Int32], _ dictionary: [String]) -> ([Int32], [String]) {
    // A string held twice in the dictionary gets one code.
    var byText: [String: Int32] = [:]
    let canonical = dictionary.enumerated().map { i, s -> Int32 in
      if let k = byText[s] { return k }
      byText[s] = Int32(i)
      return Int32(i)
    }
    var renumber = [Int32](repeating: -1, count: dictionary.count)
    var used: [String] = []
    let remapped = codes.map { code -> Int32 in
      guard code >= 0 else { return -1 }
      let k = Int(canonical[Int(code)])
      if renumber[k] < 0 {
        renumber[k] = Int32(used.count)
        used.append(dictionary[k])
      }
      return renumber[k]
    }
    return (remapped, used)
  }

  @inline(__always) static func putVarint(_ value: UInt64, _ out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      out.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }
}

/// Rebuilds one column from its image's blobs, given in chunk order (a text column's
/// dictionary, chunk -1, first). Any blob that does not parse makes `add` return false,
/// and the caller reads the rows instead.
struct ColumnImageReader {
  let type: DataType
  private var integers: [Int64] = []
  private var doubles: [Double] = []
  private var codes: [Int32] = []
  private var dictionary: [String]?
  private var valid: [Bool] = []
  private var hasMask = false
  private(set) var rows = 0
  private var nextChunk = 0

  init(type: DataType, capacity: Int) {
    self.type = type
    switch type {
    case .int, .datetime, .bool: integers.reserveCapacity(capacity)
    case .float: doubles.reserveCapacity(capacity)
    case .string: codes.reserveCapacity(capacity)
    }
  }

  /// Decodes blob `chunk`; false when it is not the expected chunk or does not parse.
  mutating func add(chunk: Int, bytes: UnsafeRawBufferPointer) -> Bool {
    if chunk == -1 {
      guard type == .string, dictionary == nil, nextChunk == 0 else { return false }
      return readDictionary(bytes)
    }
    guard chunk == nextChunk, type != .string || dictionary != nil else { return false }
    nextChunk += 1
    var cursor = ByteCursor(bytes)
    guard let count = cursor.varint().map(Int.init), count <= ColumnImage.chunkRows, let flag = cursor.byte(), flag <= 1
    else { return false }
    if flag == 1 {
      guard type != .string, let bits = cursor.take((count + 7) / 8) else { return false }
      if !hasMask {
        hasMask = true
        valid = [Bool](repeating: true, count: rows)
      }
      valid.reserveCapacity(rows + count)
      for i in 0..<count { valid.append(bits[i >> 3] & (1 << UInt8(i & 7)) != 0) }
    } else if hasMask {
      valid.append(contentsOf: repeatElement(true, count: count))
    }
    switch type {
    case .float:
      guard let raw = cursor.take(count * 8), cursor.atEnd else { return false }
      doubles.reserveCapacity(doubles.count + count)
      for i in 0..<count { doubles.append(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))) }
    case .string:
      let limit = Int64(dictionary?.count ?? 0)
      var previous: Int64 = 0
      for _ in 0..<count {
        guard let z = cursor.varint() else { return false }
        previous = previous &+ (Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
        guard previous >= -1, previous < limit else { return false }
        codes.append(Int32(previous))
      }
      guard cursor.atEnd else { return false }
    case .int, .datetime, .bool:
      var previous: Int64 = 0
      for _ in 0..<count {
        guard let z = cursor.varint() else { return false }
        previous = previous &+ (Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
        integers.append(previous)
      }
      guard cursor.atEnd else { return false }
    }
    rows += count
    return true
  }

  private mutating func readDictionary(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var cursor = ByteCursor(bytes)
    guard let n = cursor.varint(), n <= UInt64(bytes.count) else { return false }
    var strings: [String] = []
    strings.reserveCapacity(Int(n))
    for _ in 0..<n {
      guard let length = cursor.varint(), length <= UInt64(bytes.count), let text = cursor.take(Int(length)) else {
        return false
      }
      strings.append(String(decoding: text, as: UTF8.self))
    }
    guard cursor.atEnd, Set(strings).count == strings.count else { return false }
    dictionary = strings
    return true
  }

  /// The column, once every chunk was added (`rows` says how many rows that made).
  func column(named name: String) -> Column {
    let validity = Validity(mask: hasMask ? valid : nil)
    switch type {
    case .int: return Column(name: name, data: .int(integers, validity))
    case .datetime: return Column(name: name, data: .datetime(integers, validity))
    case .bool: return Column(name: name, data: .bool(integers.map { $0 != 0 }, validity))
    case .float: return Column(name: name, data: .float(doubles, validity))
    case .string: return Column(name: name, data: .string(codes: codes, dictionary: dictionary ?? []))
    }
  }
}

/// Reads a blob front to back; every read is bounds-checked and nil past the end.
private struct ByteCursor {
  let bytes: UnsafeRawBufferPointer
  var position = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var atEnd: Bool { position == bytes.count }

  mutating func byte() -> UInt8? {
    guard position < bytes.count else { return nil }
    defer { position += 1 }
    return bytes[position]
  }

  @inline(__always) mutating func varint() -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while position < bytes.count {
      let b = bytes[position]
      position += 1
      value |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return value }
      shift += 7
      if shift > 63 { return nil }
    }
    return nil
  }

  mutating func take(_ n: Int) -> UnsafeRawBufferPointer? {
    guard n >= 0, n <= bytes.count - position else { return nil }
    defer { position += n }
    return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + n)])
  }
}
