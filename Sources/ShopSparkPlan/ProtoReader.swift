/// Protocol Buffers wire decoding: walks the fields of one message. Used for the few
/// response fields ShopLab reads (Arrow batches, explain text); unknown fields are skipped,
/// as protobuf requires, so newer servers' additions do no harm.
public struct ProtoReader: Sendable {
  private let bytes: ArraySlice<UInt8>
  private var position: Int
  private let end: Int

  public enum Value: Sendable, Equatable {
    case varint(UInt64)
    case fixed64(UInt64)
    case fixed32(UInt32)
    case bytes(ArraySlice<UInt8>)
  }

  public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
  }

  public init(_ bytes: [UInt8]) { self.init(slice: bytes[...]) }

  private init(slice: ArraySlice<UInt8>) {
    bytes = slice
    position = slice.startIndex
    end = slice.endIndex
  }

  /// A reader over a length-delimited field's bytes (a nested message).
  public static func nested(_ slice: ArraySlice<UInt8>) -> ProtoReader { ProtoReader(slice: slice) }

  private mutating func varint() throws -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard position < end, shift < 64 else { throw Malformed(description: "a truncated varint") }
      let byte = bytes[position]
      position += 1
      result |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return result }
      shift += 7
    }
  }

  private mutating func fixed(_ count: Int) throws -> UInt64 {
    guard end - position >= count else { throw Malformed(description: "a truncated fixed field") }
    var v: UInt64 = 0
    for i in 0..<count { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
    position += count
    return v
  }

  /// The next field's number and value, or nil at the end of the message.
  public mutating func next() throws -> (field: Int, value: Value)? {
    guard position < end else { return nil }
    let key = try varint()
    let field = Int(key >> 3)
    switch key & 7 {
    case 0: return (field, .varint(try varint()))
    case 1: return (field, .fixed64(try fixed(8)))
    case 5: return (field, .fixed32(UInt32(try fixed(4))))
    case 2:
      let length = try varint()
      guard length <= UInt64(end - position) else { throw Malformed(description: "a field longer than its message") }
      let slice = bytes[position..<(position + Int(length))]
      position += Int(length)
      return (field, .bytes(slice))
    default:
      throw Malformed(description: "wire type \(key & 7) of field \(field)")
    }
  }
}
