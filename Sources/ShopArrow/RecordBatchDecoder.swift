/// Decodes one `RecordBatch` message: per column, a field node (length, null count) and the
/// buffers its type needs, taken in schema order. Buffer offsets are relative to the body.
struct RecordBatchDecoder {
  private let body: ByteView
  private let schema: ArrowSchema
  private let length: Int
  private let nodes: (start: Int, count: Int)
  private let buffers: (start: Int, count: Int)
  private let meta: ByteView
  private var nextNode = 0
  private var nextBuffer = 0

  init(_ batch: FlatTable, body: ByteView, schema: ArrowSchema) throws {
    // RecordBatch: 0 length, 1 nodes (struct FieldNode {length, null_count}),
    // 2 buffers (struct Buffer {offset, length}), 3 compression.
    if try batch.table(3) != nil { throw ArrowError.unsupported("compressed record batches") }
    self.body = body
    self.schema = schema
    self.meta = batch.view
    length = Int(try batch.scalar(0, default: Int64(0)))
    nodes = try batch.vector(1, elementSize: 16) ?? (0, 0)
    buffers = try batch.vector(2, elementSize: 16) ?? (0, 0)
    guard nodes.count == schema.fields.count else {
      throw ArrowError.malformed("\(nodes.count) field nodes for \(schema.fields.count) columns")
    }
  }

  mutating func columns() throws -> [ArrowColumn] {
    try schema.fields.map { try column($0) }
  }

  private mutating func column(_ field: ArrowField) throws -> ArrowColumn {
    let node = nodes.start + 16 * nextNode
    nextNode += 1
    let rows = Int(try meta.read(Int64.self, at: node))
    let nulls = Int(try meta.read(Int64.self, at: node + 8))
    guard rows == length else {
      throw ArrowError.malformed("column '\(field.name)' has \(rows) rows in a batch of \(length)")
    }
    let validityBuffer = try buffer()
    let validity = nulls == 0 || validityBuffer.count == 0 ? nil : try bits(validityBuffer, rows)
    let values: ArrowColumn.Values
    switch field.type {
    case .int(let width, let signed):
      values = .int(try integers(buffer(), rows, width: width, signed: signed))
    case .floatingPoint(let width):
      let data = try buffer()
      values = .double(
        width == 32
          ? try fixed(data, rows, Float.self).map(Double.init) : try fixed(data, rows, Double.self))
    case .bool:
      values = .bool(try bits(buffer(), rows))
    case .utf8:
      values = .string(try strings(offsets: buffer(), data: buffer(), rows, offsetType: Int32.self))
    case .largeUtf8:
      values = .string(try strings(offsets: buffer(), data: buffer(), rows, offsetType: Int64.self))
    case .date(.day):
      values = .date(try integers(buffer(), rows, width: 32, signed: true))
    case .date(.millisecond):
      values = .date(try integers(buffer(), rows, width: 64, signed: true).map { floorDiv($0, 86_400_000) })
    case .decimal(_, let scale):
      values = .decimal(unscaled: try fixed(buffer(), rows, Int128.self), scale: scale)
    case .timestamp(let unit, _):
      let raw = try integers(buffer(), rows, width: 64, signed: true)
      switch unit {
      case .microsecond: values = .timestamp(microseconds: raw)
      case .nanosecond: values = .timestamp(microseconds: raw.map { floorDiv($0, 1_000) })
      case .second, .millisecond:
        let factor = 1_000_000 / unit.perSecond
        values = .timestamp(microseconds: raw.map { $0 * factor })
      }
    }
    return ArrowColumn(field: field, values: values, validity: validity)
  }

  /// The next buffer's absolute range in the body.
  private mutating func buffer() throws -> Range<Int> {
    guard nextBuffer < buffers.count else { throw ArrowError.malformed("too few buffers in a record batch") }
    let slot = buffers.start + 16 * nextBuffer
    nextBuffer += 1
    let offset = Int(try meta.read(Int64.self, at: slot))
    let count = Int(try meta.read(Int64.self, at: slot + 8))
    try body.checkRange(body.start + offset, count, "a buffer")
    return (body.start + offset)..<(body.start + offset + count)
  }

  private func fixed<T: BitwiseCopyable>(_ range: Range<Int>, _ rows: Int, _: T.Type) throws -> [T] {
    let size = MemoryLayout<T>.size
    guard range.count >= rows * size else {
      throw ArrowError.malformed("a buffer of \(range.count) bytes for \(rows) values of \(size) bytes")
    }
    return body.bytes.withUnsafeBytes { raw in
      (0..<rows).map { raw.loadUnaligned(fromByteOffset: range.lowerBound + $0 * size, as: T.self) }
    }
  }

  private func integers(_ range: Range<Int>, _ rows: Int, width: Int, signed: Bool) throws -> [Int64] {
    switch (width, signed) {
    case (8, true): return try fixed(range, rows, Int8.self).map(Int64.init)
    case (16, true): return try fixed(range, rows, Int16.self).map(Int64.init)
    case (32, true): return try fixed(range, rows, Int32.self).map(Int64.init)
    case (64, true): return try fixed(range, rows, Int64.self)
    case (8, false): return try fixed(range, rows, UInt8.self).map(Int64.init)
    case (16, false): return try fixed(range, rows, UInt16.self).map(Int64.init)
    case (32, false): return try fixed(range, rows, UInt32.self).map(Int64.init)
    default: throw ArrowError.unsupported("an integer of \(width) bits")
    }
  }

  /// A bitmap, least significant bit first.
  private func bits(_ range: Range<Int>, _ rows: Int) throws -> [Bool] {
    guard range.count * 8 >= rows else { throw ArrowError.malformed("a bitmap too short for \(rows) rows") }
    let bytes = body.bytes
    return (0..<rows).map { bytes[range.lowerBound + ($0 >> 3)] & (1 << UInt8($0 & 7)) != 0 }
  }

  private func strings<Offset: FixedWidthInteger & BitwiseCopyable>(
    offsets: Range<Int>, data: Range<Int>, _ rows: Int, offsetType: Offset.Type
  ) throws -> [String] {
    guard rows > 0 else { return [] }
    let ends = try fixed(offsets, rows + 1, Offset.self).map { Int($0) }
    guard let last = ends.last, ends[0] >= 0, last <= data.count else {
      throw ArrowError.malformed("string offsets outside their data buffer")
    }
    let bytes = body.bytes
    return try (0..<rows).map { row in
      let from = ends[row], to = ends[row + 1]
      guard from <= to else { throw ArrowError.malformed("decreasing string offsets") }
      return String(decoding: bytes[(data.lowerBound + from)..<(data.lowerBound + to)], as: UTF8.self)
    }
  }
}

/// Division rounding toward minus infinity, so times before 1970 land in the right day.
@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
  let q = a / b
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
