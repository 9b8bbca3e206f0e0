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
///
/// Its storage is allocated by hand (a load appends millions of cells, and `Array.append`
/// checks uniqueness and capacity each time): `column(named:)` copies it into a `Column`,
/// and `deallocate()` must then be called once.
struct KeptColumnReader {
  let type: DataType
  /// Integers and datetimes (seconds), floats, booleans, or string codes: only the one
  /// the type uses is allocated.
  private var integers: ValueBuffer<Int64>
  private var doubles: ValueBuffer<Double>
  private var flags: ValueBuffer<Bool>
  private var codes: ValueBuffer<Int32>
  /// Which cells are valid, made at the first null (strings mark nulls with code -1).
  private var valid = ValueBuffer<Bool>(capacity: 0)
  private var hasNull = false
  private var count = 0
  private var interner: TextInterner
  /// The last datetime text and its value: a table's times come in runs.
  private var lastTimeText: [UInt8] = []
  private var lastTime: Int64?

  init(type: DataType, capacity: Int) {
    self.type = type
    let n = max(capacity, 16)
    integers = ValueBuffer(capacity: type == .int || type == .datetime ? n : 0)
    doubles = ValueBuffer(capacity: type == .float ? n : 0)
    flags = ValueBuffer(capacity: type == .bool ? n : 0)
    codes = ValueBuffer(capacity: type == .string ? n : 0)
    interner = TextInterner(active: type == .string)
  }

  /// Frees the storage; the reader is not used again.
  mutating func deallocate() {
    integers.deallocate()
    doubles.deallocate()
    flags.deallocate()
    codes.deallocate()
    valid.deallocate()
    interner.deallocate()
  }

  /// Appends the cell in column `index` of the statement's current row.
  mutating func append(from statement: PreparedStatement, column index: Int32) {
    let cell = statement.cell(at: index)
    switch (cell.storageClass, type) {
    case (.null, _): appendNull()
    case (.integer, .int): append(int: cell.int64)
    case (.integer, .bool): append(bool: cell.int64 != 0)
    case (.integer, .float): append(double: Double(cell.int64))
    case (.real, .float): append(double: cell.double)
    case (.text, .string): cell.withText { append(code: interner.code(of: $0)) }
    case (.text, .datetime):
      cell.withText { text in
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
    if type != .string {
      if !hasNull { startMask() }
      valid.append(false)
    }
    count += 1
  }

  /// The mask, all valid so far, made when the first null arrives.
  private mutating func startMask() {
    hasNull = true
    valid = ValueBuffer(capacity: max(integers.capacity, doubles.capacity, flags.capacity, 16))
    for _ in 0..<count { valid.append(true) }
  }

  @inline(__always) private mutating func append(int v: Int64) {
    integers.append(v)
    if hasNull { valid.append(true) }
    count += 1
  }

  @inline(__always) private mutating func append(double v: Double) {
    doubles.append(v)
    if hasNull { valid.append(true) }
    count += 1
  }

  @inline(__always) private mutating func append(bool v: Bool) {
    flags.append(v)
    if hasNull { valid.append(true) }
    count += 1
  }

  @inline(__always) private mutating func append(code: Int32) {
    codes.append(code)
    count += 1
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
      append(code: t.withUTF8 { interner.code(of: UnsafeRawBufferPointer($0)) })
    }
  }

  func column(named name: String) -> Column {
    let validity = Validity(mask: hasNull ? valid.array() : nil)
    switch type {
    case .int: return Column(name: name, data: .int(integers.array(), validity))
    case .datetime: return Column(name: name, data: .datetime(integers.array(), validity))
    case .float: return Column(name: name, data: .float(doubles.array(), validity))
    case .bool: return Column(name: name, data: .bool(flags.array(), validity))
    case .string:
      let decoded = interner.strings()
      let codes = codes.array()
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

/// Values appended to memory allocated by hand, growing by doubling: `append` is a
/// capacity check and a store. Freed only by `deallocate()`.
struct ValueBuffer<T> {
  private(set) var base: UnsafeMutablePointer<T>?
  private(set) var count = 0
  private(set) var capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    base = capacity > 0 ? .allocate(capacity: capacity) : nil
  }

  @inline(__always) subscript(i: Int) -> T { base![i] }

  @inline(__always) mutating func append(_ v: T) {
    if count == capacity { grow(to: max(16, capacity * 2)) }
    (base! + count).initialize(to: v)
    count += 1
  }

  private mutating func grow(to n: Int) {
    let bigger = UnsafeMutablePointer<T>.allocate(capacity: n)
    if let base {
      bigger.moveInitialize(from: base, count: count)
      base.deallocate()
    }
    base = bigger
    capacity = n
  }

  /// A copy of the values.
  func array() -> [T] {
    guard let base else { return [] }
    return Array(UnsafeBufferPointer(start: base, count: count))
  }

  /// Frees the memory (the values are plain: nothing to deinitialize).
  mutating func deallocate() {
    base?.deallocate()
    (base, count, capacity) = (nil, 0, 0)
  }
}

/// Distinct byte strings, numbered in order of first appearance: an open-addressing table
/// over the bytes themselves, so looking up a repeated value makes no `String`. Freed only
/// by `deallocate()`.
struct TextInterner {
  private var bytes: ValueBuffer<UInt8>
  /// Where each string starts in `bytes`, and one past the last.
  private var starts: ValueBuffer<Int>
  private var hashes: ValueBuffer<UInt64>
  private var slots: UnsafeMutableBufferPointer<Int32>
  /// The code looked up last: a table's values often come in runs (an invoice's lines
  /// share its number and country), and comparing with it skips the hash.
  private var last: Int32 = -1

  /// An inactive interner (for a column that is not text) allocates nothing.
  init(active: Bool = true) {
    bytes = ValueBuffer(capacity: active ? 4096 : 0)
    starts = ValueBuffer(capacity: active ? 256 : 0)
    hashes = ValueBuffer(capacity: active ? 256 : 0)
    slots = .allocate(capacity: active ? 1024 : 0)
    slots.initialize(repeating: -1)
    if active { starts.append(0) }
  }

  mutating func deallocate() {
    bytes.deallocate()
    starts.deallocate()
    hashes.deallocate()
    slots.deallocate()
  }

  /// The code of `text`, numbering it when it is new.
  @inline(__always) mutating func code(of text: UnsafeRawBufferPointer) -> Int32 {
    if last >= 0 && equal(Int(last), text) { return last }
    last = lookUp(text)
    return last
  }

  private mutating func lookUp(_ text: UnsafeRawBufferPointer) -> Int32 {
    let h = Self.hash(text)
    if hashes.count * 2 >= slots.count { grow() }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: h) & mask
    while true {
      let code = slots[slot]
      if code < 0 {
        let new = Int32(hashes.count)
        slots[slot] = new
        hashes.append(h)
        for b in text { bytes.append(b) }
        starts.append(bytes.count)
        return new
      }
      if hashes[Int(code)] == h && equal(Int(code), text) { return code }
      slot = (slot + 1) & mask
    }
  }

  /// Whether string `code` is `text`: eight bytes at a time, without a call for short ones.
  @inline(__always) private func equal(_ code: Int, _ text: UnsafeRawBufferPointer) -> Bool {
    let start = starts[code]
    let length = starts[code + 1] - start
    guard length == text.count else { return false }
    guard length > 0 else { return true }
    let a = UnsafeRawPointer(bytes.base! + start)
    let b = text.baseAddress!
    var i = 0
    while i + 8 <= length {
      if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
        return false
      }
      i += 8
    }
    while i < length {
      if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
      i += 1
    }
    return true
  }

  private mutating func grow() {
    let n = slots.count * 2
    slots.deallocate()
    slots = .allocate(capacity: n)
    slots.initialize(repeating: -1)
    let mask = n - 1
    for code in 0..<hashes.count {
      var slot = Int(truncatingIfNeeded: hashes[code]) & mask
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

  /// The bytes of string `code`, valid only inside `body`.
  func withBytes<T>(of code: Int32, _ body: (UnsafeRawBufferPointer) -> T) -> T {
    let start = starts[Int(code)]
    return body(UnsafeRawBufferPointer(start: bytes.base.map { UnsafeRawPointer($0 + start) }, count: starts[Int(code) + 1] - start))
  }

  /// The distinct strings, by code.
  func strings() -> [String] {
    (0..<hashes.count).map { code in withBytes(of: Int32(code)) { String(decoding: $0, as: UTF8.self) } }
  }
}
