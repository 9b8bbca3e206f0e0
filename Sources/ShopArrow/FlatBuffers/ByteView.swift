/// Bounds-checked little-endian reads from a byte array.
///
/// Arrow metadata comes from the network, so every read checks its range and a bad offset
/// becomes `ArrowError.malformed` instead of a crash.
struct ByteView: Sendable {
  let bytes: [UInt8]
  /// The first byte this view may read; offsets given to `read` are absolute.
  let start: Int
  /// One past the last byte this view may read.
  let end: Int

  init(_ bytes: [UInt8], start: Int = 0, end: Int? = nil) {
    self.bytes = bytes
    self.start = start
    self.end = end ?? bytes.count
  }

  func checkRange(_ offset: Int, _ count: Int, _ what: @autoclosure () -> String) throws {
    guard count >= 0, offset >= start, offset <= end - count else {
      throw ArrowError.malformed("\(what()) at byte \(offset) (\(count) bytes) is outside the buffer")
    }
  }

  func read<T: FixedWidthInteger>(_: T.Type, at offset: Int) throws -> T {
    try checkRange(offset, MemoryLayout<T>.size, "a \(T.self)")
    return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
  }
}
