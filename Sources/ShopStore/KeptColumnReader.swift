import ShopCore
import ShopFrames

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Builds one frame column of a known type from a query's cells, straight into typed
/// storage: no `SQLValue` or `Scalar` per cell, and text interned from its bytes, so a
/// string is made once per distinct value rather than once per row.
///
/// Cells of the storage class `keep` writes take the fast path; any other cell (a store
/// written by hand) goes through `SessionStore.scalar(_:as:)` and the conversions of
/// `Column(name:scalars:type:)`, so the column is what the slow reader made.
struct KeptColumnReader {
  let type: DataType
  private var integers: [Int64] = []
  private var doubles: [Double] = []
  private var flags: [Bool] = []
  private var valid: [Bool] = []
  private var codes: [Int32] = []
  private var interner = TextInterner()
  /// The last datetime text and its value: a table's times come in runs.
  private var lastTimeText: [UInt8] = []
  private var lastTime: Int64?

  init(type: DataType, capacity: Int) {
    self.type = type
    switch type {
    case .int, .datetime: integers.reserveCapacity(capacity)
    case .float: doubles.reserveCapacity(capacity)
    case .bool: flags.reserveCapacity(capacity)
    case .string: codes.reserveCapacity(capacity)
    }
    if type != .string { valid.reserveCapacity(capacity) }
  }

  /// Appends the cell in column `index` of the statement's current row.
  mutating func append(from statement: PreparedStatement, column index: Int32) {
    switch (statement.storageClass(at: index), type) {
    case (.null, .string): codes.append(-1)
    case (.null, _): appendNull()
    case (.integer, .int): append(int: statement.int64(at: index))
    case (.integer, .bool): append(bool: statement.int64(at: index) != 0)
    case (.integer, .float): append(double: Double(statement.int64(at: index)))
    case (.real, .float): append(double: statement.double(at: index))
    case (.text, .string): statement.withText(at: index) { codes.append(interner.code(of: $0)) }
    case (.text, .datetime):
      statement.withText(at: index) { text in
        let same = lastTimeText.count == text.count
          && lastTimeText.withUnsafeBytes { text.count == 0 || memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0 }
        if lastTime == nil || !same {
          lastTimeText = Array(text)
          lastTime = DateTextParser.parse(String(decoding: text, as: UTF8.self))
        }
      }
      if let t = lastTime { append(int: t) } else { appendNull() }
    default: append(SessionStore.scalar(statement.value(Int(index)), as: type))
    }
  }

  @inline(__always) private mutating func appendNull() {
    switch type {
    case .int, .datetime: integers.append(0)
    case .float: doubles.append(.nan)
    case .bool: flags.append(false)
    case .string: codes.append(-1)
    }
    valid.append(false)
  }

  @inline(__always) private mutating func append(int v: Int64) {
    integers.append(v)
    valid.append(true)
  }

  @inline(__always) private mutating func append(double v: Double) {
    doubles.append(v)
    valid.append(true)
  }

  @inline(__always) private mutating func append(bool v: Bool) {
    flags.append(v)
    valid.append(true)
  }

  /// The slow path: the conversions `Column(name:scalars:type:)` applies for this type.
  private mutating func append(_ s: Scalar) {
    if s.isNull { return appendNull() }
    switch type {
    case .int: append(int: { if case .int(let v) = s { return v } else { return 0 } }())
    case .datetime: append(int: { if case .datetime(let v) = s { return v } else { return 0 } }())
    case .float: append(double: s.doubleValue ?? .nan)
    case .bool: append(bool: { if case .bool(let v) = s { return v } else { return false } }())
    case .string:
      let text: String
      switch s {
      case .string(let v): text = v
      case .int(let v): text = String(v)
      case .float(let v): text = String(v)
      case .bool(let v): text = String(v)
      case .datetime(let v): text = String(v)
      case .null: text = ""
      }
      var t = text
      codes.append(t.withUTF8 { interner.code(of: UnsafeRawBufferPointer($0)) })
    }
  }

  func column(named name: String) -> Column {
    let validity = Validity(mask: valid)
    switch type {
    case .int: return Column(name: name, data: .int(integers, validity))
    case .datetime: return Column(name: name, data: .datetime(integers, validity))
    case .float: return Column(name: name, data: .float(doubles, validity))
    case .bool: return Column(name: name, data: .bool(flags, validity))
    case .string:
      let decoded = interner.strings()
      if Set(decoded).count == decoded.count {
        return Column(name: name, data: .string(codes: codes, dictionary: decoded))
      }
      // Different ill-formed byte strings (only a store written by hand has them) decode
      // to the same replacement text: merge their codes, as a dictionary holds each string once.
      var dictionary: [String] = []
      var index: [String: Int32] = [:]
      let remap = decoded.map { s -> Int32 in
        if let code = index[s] { return code }
        index[s] = Int32(dictionary.count)
        dictionary.append(s)
        return Int32(dictionary.count - 1)
      }
      return Column(name: name, data: .string(codes: codes.map { $0 < 0 ? -1 : remap[Int($0)] }, dictionary: dictionary))
    }
  }
}

/// Distinct byte strings, numbered in order of first appearance: an open-addressing table
/// over the bytes themselves, so looking up a repeated value makes no `String`.
struct TextInterner {
  private var bytes: [UInt8] = []
  private var starts: [Int] = [0]
  private var slots = [Int32](repeating: -1, count: 1024)
  private var hashes: [UInt64] = []

  /// The code of `text`, numbering it when it is new.
  mutating func code(of text: UnsafeRawBufferPointer) -> Int32 {
    let h = Self.hash(text)
    var mask = slots.count - 1
    if hashes.count * 2 >= slots.count {
      grow()
      mask = slots.count - 1
    }
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let code = slots[slot]
      if code < 0 {
        let new = Int32(hashes.count)
        slots[slot] = new
        hashes.append(h)
        bytes.append(contentsOf: text)
        starts.append(bytes.count)
        return new
      }
      if hashes[Int(code)] == h && equal(Int(code), text) { return code }
      slot = (slot + 1) & mask
    }
  }

  private func equal(_ code: Int, _ text: UnsafeRawBufferPointer) -> Bool {
    let start = starts[code]
    let length = starts[code + 1] - start
    guard length == text.count else { return false }
    return bytes.withUnsafeBytes { b in
      length == 0 || memcmp(b.baseAddress! + start, text.baseAddress!, length) == 0
    }
  }

  private mutating func grow() {
    slots = [Int32](repeating: -1, count: slots.count * 2)
    let mask = slots.count - 1
    for (code, h) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: h) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(code)
    }
  }

  /// Eight bytes at a time (FxHash's step), the length mixed in, finished with
  /// SplitMix64's mixer so the low bits spread.
  private static func hash(_ text: UnsafeRawBufferPointer) -> UInt64 {
    @inline(__always) func mix(_ h: UInt64, _ k: UInt64) -> UInt64 { ((h << 5 | h >> 59) ^ k) &* 0x517C_C1B7_2722_0A95 }
    var h = UInt64(text.count)
    var i = 0
    while i + 8 <= text.count {
      h = mix(h, text.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      i += 8
    }
    if i < text.count {
      var tail: UInt64 = 0
      for j in i..<text.count { tail = tail << 8 | UInt64(text[j]) }
      h = mix(h, tail)
    }
    h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
  }

  /// The distinct strings, by code.
  func strings() -> [String] {
    bytes.withUnsafeBufferPointer { b in
      (0..<hashes.count).map { String(decoding: UnsafeBufferPointer(rebasing: b[starts[$0]..<starts[$0 + 1]]), as: UTF8.self) }
    }
  }
}
