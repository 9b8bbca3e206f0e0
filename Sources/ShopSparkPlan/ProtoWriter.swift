/// Protocol Buffers wire encoding, just what Spark Connect plans need: varints, strings and
/// nested messages, written in field-number order as every protobuf library does, so the
/// bytes can be compared with pyspark's own encoding of the same plan.
///
/// Why not swift-protobuf: its generated types would bring the package (and its plugin
/// build, ~10 minutes here) into the default build; a plan is a few dozen fields.
public struct ProtoWriter: Sendable {
  public private(set) var bytes: [UInt8] = []

  public init() {}

  private enum WireType: UInt64 { case varint = 0, fixed64 = 1, lengthDelimited = 2 }

  private mutating func varint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  private mutating func key(_ field: Int, _ type: WireType) {
    varint(UInt64(field) << 3 | type.rawValue)
  }

  /// An int32, int64, bool or enum field (negative int32s take ten bytes, as in protobuf).
  public mutating func int(_ field: Int, _ value: Int64) {
    key(field, .varint)
    varint(UInt64(bitPattern: value))
  }

  public mutating func bool(_ field: Int, _ value: Bool) { int(field, value ? 1 : 0) }

  public mutating func double(_ field: Int, _ value: Double) {
    key(field, .fixed64)
    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
  }

  public mutating func string(_ field: Int, _ value: String) {
    key(field, .lengthDelimited)
    varint(UInt64(value.utf8.count))
    bytes.append(contentsOf: value.utf8)
  }

  /// A nested message, written by `body` into its own buffer, then length-prefixed.
  public mutating func message(_ field: Int, _ body: (inout ProtoWriter) -> Void) {
    var inner = ProtoWriter()
    body(&inner)
    key(field, .lengthDelimited)
    varint(UInt64(inner.bytes.count))
    bytes.append(contentsOf: inner.bytes)
  }

  /// A `map<string, string>` field: one entry message per key, keys sorted (protobuf's
  /// deterministic order).
  public mutating func map(_ field: Int, _ entries: [String: String]) {
    for k in entries.keys.sorted() {
      message(field) {
        $0.string(1, k)
        $0.string(2, entries[k]!)
      }
    }
  }
}
