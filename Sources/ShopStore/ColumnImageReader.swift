import ShopFrames

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
