/// Reads Arrow IPC streams (the "streaming format") into an `ArrowTable`.
///
/// A stream is a sequence of messages: `0xFFFFFFFF`, a 32-bit metadata length, a
/// FlatBuffers `Message`, then the message body. The first message is the schema; each
/// record batch's body holds its buffers at the offsets its metadata gives. A length of 0
/// ends the stream. Spark Connect sends one such stream per response, so `read` may be
/// called several times; every stream must carry the same schema.
///
/// Not read: dictionaries, compressed bodies, nested types (structs, lists, maps). Each is
/// refused with `ArrowError.unsupported` naming the column.
public struct ArrowStreamReader: Sendable {
  public private(set) var schema: ArrowSchema?
  private var columns: [ArrowColumn] = []
  private var batches = 0

  public init() {}

  /// How many record batches have been read so far.
  public var batchCount: Int { batches }

  /// Reads every message of one stream.
  public mutating func read(_ bytes: [UInt8]) throws {
    let view = ByteView(bytes)
    var position = 0
    while position < bytes.count {
      var length = try view.read(Int32.self, at: position)
      position += 4
      if length == -1 {  // continuation marker (every stream since Arrow 0.15)
        length = try view.read(Int32.self, at: position)
        position += 4
      }
      if length == 0 { return }  // end of stream
      guard length > 0 else { throw ArrowError.malformed("a message length of \(length)") }
      let metadataEnd = position + Int(length)
      try view.checkRange(position, Int(length), "a message")
      let message = try FlatTable.root(ByteView(bytes, start: position, end: metadataEnd))
      // Message: 0 version, 1 header_type, 2 header, 3 bodyLength.
      let bodyLength = Int(try message.scalar(3, default: Int64(0)))
      try view.checkRange(metadataEnd, bodyLength, "a message body")
      let body = ByteView(bytes, start: metadataEnd, end: metadataEnd + bodyLength)
      try handle(message, body: body)
      position = metadataEnd + bodyLength
    }
  }

  /// The rows read so far. Throws when no schema has been read.
  public func table() throws -> ArrowTable {
    guard let schema else { throw ArrowError.malformed("no schema message") }
    if batches == 0 { return ArrowTable(schema: schema, columns: schema.fields.map(ArrowColumn.empty)) }
    return ArrowTable(schema: schema, columns: columns)
  }

  private mutating func handle(_ message: FlatTable, body: ByteView) throws {
    let kind = try message.scalar(1, default: UInt8(0))
    guard let header = try message.table(2) else { throw ArrowError.malformed("a message without a header") }
    switch kind {
    case 1:  // Schema
      let next = try ArrowSchema(table: header)
      if let schema {
        guard schema == next else { throw ArrowError.schemaChanged }
      } else {
        schema = next
      }
    case 2:
      throw ArrowError.unsupported("dictionary batches")
    case 3:  // RecordBatch
      guard let schema else { throw ArrowError.malformed("a record batch before the schema") }
      var decoder = try RecordBatchDecoder(header, body: body, schema: schema)
      let batch = try decoder.columns()
      if batches == 0 { columns = batch } else { for i in columns.indices { columns[i].append(batch[i]) } }
      batches += 1
    default:
      throw ArrowError.unsupported("message type \(kind)")
    }
  }
}
