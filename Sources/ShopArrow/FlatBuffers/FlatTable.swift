/// One table of a FlatBuffers buffer, read in place (the format Arrow's IPC metadata uses).
///
/// A table starts with a signed offset back to its vtable; the vtable lists, per field
/// index, the field's offset inside the table (0 when the field is absent, so it takes its
/// schema default). Fields that point elsewhere (tables, strings, vectors) hold an unsigned
/// offset relative to the field's own position. That is all Arrow's schema needs: this is
/// not a general FlatBuffers library.
struct FlatTable: Sendable {
  let view: ByteView
  /// Absolute position of the table in `view.bytes`.
  let position: Int
  private let vtable: Int
  private let vtableSize: Int

  init(_ view: ByteView, at position: Int) throws {
    self.view = view
    self.position = position
    let back = try view.read(Int32.self, at: position)
    vtable = position - Int(back)
    vtableSize = Int(try view.read(UInt16.self, at: vtable))
    guard vtableSize >= 4, vtableSize % 2 == 0 else {
      throw ArrowError.malformed("a FlatBuffers vtable of \(vtableSize) bytes")
    }
    try view.checkRange(vtable, vtableSize, "a FlatBuffers vtable")
  }

  /// The root table of a buffer that starts at `view.start`.
  static func root(_ view: ByteView) throws -> FlatTable {
    let offset = try view.read(UInt32.self, at: view.start)
    return try FlatTable(view, at: view.start + Int(offset))
  }

  /// The absolute position of field `index`, or nil when it is absent.
  func fieldPosition(_ index: Int) throws -> Int? {
    let entry = 4 + 2 * index
    guard entry < vtableSize else { return nil }
    let offset = Int(try view.read(UInt16.self, at: vtable + entry))
    return offset == 0 ? nil : position + offset
  }

  func scalar<T: FixedWidthInteger>(_ index: Int, default value: T) throws -> T {
    guard let at = try fieldPosition(index) else { return value }
    return try view.read(T.self, at: at)
  }

  func bool(_ index: Int, default value: Bool) throws -> Bool {
    try scalar(index, default: value ? UInt8(1) : 0) != 0
  }

  /// Follows the unsigned offset stored at field `index`.
  private func indirect(_ index: Int) throws -> Int? {
    guard let at = try fieldPosition(index) else { return nil }
    return at + Int(try view.read(UInt32.self, at: at))
  }

  func table(_ index: Int) throws -> FlatTable? {
    try indirect(index).map { try FlatTable(view, at: $0) }
  }

  func string(_ index: Int) throws -> String? {
    guard let at = try indirect(index) else { return nil }
    let count = Int(try view.read(UInt32.self, at: at))
    try view.checkRange(at + 4, count, "a string")
    return String(decoding: view.bytes[(at + 4)..<(at + 4 + count)], as: UTF8.self)
  }

  /// The position of the first element and the element count of the vector at `index`.
  func vector(_ index: Int, elementSize: Int) throws -> (start: Int, count: Int)? {
    guard let at = try indirect(index) else { return nil }
    let count = Int(try view.read(UInt32.self, at: at))
    try view.checkRange(at + 4, count * elementSize, "a vector of \(count) elements")
    return (at + 4, count)
  }

  /// The tables of a vector of tables (each element is an offset relative to itself).
  func tables(_ index: Int) throws -> [FlatTable] {
    guard let (start, count) = try vector(index, elementSize: 4) else { return [] }
    return try (0..<count).map { i in
      let slot = start + 4 * i
      return try FlatTable(view, at: slot + Int(try view.read(UInt32.self, at: slot)))
    }
  }
}
