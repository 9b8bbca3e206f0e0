import Glibc
import ShopCore

/// Accumulates one column of a load, chunk by chunk, in its typed storage.
///
/// The builder reads with the kind type inference guessed. When a value does not fit, it
/// widens the kind (`CSVFieldKind.joined`), drops what it stored and keeps reading only to
/// check the rest against the wider kind; `needsRereading` then asks the loader for a
/// second pass over the input, in which the column is built with its final kind. Forced
/// kinds never widen: the loader checks them first (`invalidRows`) and rejects the rows.
final class CSVColumnBuilder {
  let name: String
  private(set) var kind: CSVFieldKind
  let forced: Bool
  /// Keep the kind and read a value that does not fit as null (the load's `keepTypes`),
  /// instead of widening.
  let keepsKind: Bool
  /// The kind planned from the sample, to tell whether the load widened it.
  private(set) var plannedKind: CSVFieldKind
  private(set) var needsRereading = false
  /// Values read as null because they did not fit: impossible dates in a date column
  /// (`2011-02-30`, `19970231`), or any misfit when `keepsKind`. Valid for the current
  /// pass only, so a widening empties it.
  private(set) var nulled: [CSVMisfit] = []
  /// The first values that widened the column during the load (kept across passes).
  private(set) var wideners: [CSVMisfit] = []

  private var ints: [Int64] = []
  private var floats: [Double] = []
  private var bools: [Bool] = []
  private var codes: [Int32] = []
  /// Rows that are null (for all but string columns, whose code -1 says it).
  private var nullRows: [Int] = []
  private(set) var count = 0
  private var dictionary = CSVByteDictionary()
  /// For unescaping quoted values; made at the first one (most columns never need it).
  private lazy var scratch = CSVByteBuffer(capacity: 256)

  /// Only an empty field is null when the column is text (`CSVOptions.keepText`).
  let keepsText: Bool

  init(name: String, kind: CSVFieldKind, forced: Bool, keepsKind: Bool = false, keepsText: Bool = false) {
    self.name = name
    self.kind = kind
    self.plannedKind = kind
    self.forced = forced
    self.keepsKind = keepsKind && !forced
    self.keepsText = keepsText
  }

  /// A date column meeting more impossible dates than this (and more than 1% of its
  /// values) is not a date column after all: it widens instead.
  static let nulledDateLimit = 100

  /// Starts the column again (second pass) with its widened kind.
  func restart(reserving rows: Int) {
    needsRereading = false
    count = 0
    ints = []
    floats = []
    bools = []
    codes = []
    nullRows = []
    nulled = []
    dictionary = CSVByteDictionary()
    reserve(rows)
  }

  func reserve(_ rows: Int) {
    switch kind.dataType {
    case .int, .datetime: ints.reserveCapacity(rows)
    case .float: floats.reserveCapacity(rows)
    case .bool: bools.reserveCapacity(rows)
    case .string: codes.reserveCapacity(rows)
    }
  }

  // MARK: Reading a chunk

  /// Appends column `c` of every row of `chunk`, which comes from input file `file`.
  func append(_ chunk: CSVFieldChunk, column c: Int, base: UnsafePointer<UInt8>, file: Int) {
    var r = 0
    while r < chunk.rows {
      switch kind {
      case .unknown:
        // Up to the first value, which sets the kind; it is read again with that kind
        // (not taken for a misfit below, which made such a column text).
        r = readUnknown(chunk, c, base, from: r)
        continue
      case .string: r = readStrings(chunk, c, base, from: r)
      case .int: r = read(chunk, c, base, from: r, into: &ints, null: 0, CSVFieldParser.int)
      case .float: r = read(chunk, c, base, from: r, into: &floats, null: .nan, Self.parseFloat)
      case .bool: r = read(chunk, c, base, from: r, into: &bools, null: false, CSVFieldParser.bool)
      case .dateText:
        r = read(chunk, c, base, from: r, into: &ints, null: 0, repeats: true, DateTextParser.text)
      case .dayFirstText:
        r = read(
          chunk, c, base, from: r, into: &ints, null: 0, repeats: true, DateTextParser.dayFirst)
      case .styledNumber(let style) where style.integer:
        r = read(chunk, c, base, from: r, into: &ints, null: 0, style.int)
      case .styledNumber(let style):
        r = read(chunk, c, base, from: r, into: &floats, null: .nan, style.double)
      case .wordBool:
        r = read(chunk, c, base, from: r, into: &bools, null: false, CSVFieldParser.lenientBool)
      case .compactDate(let years):
        r = read(chunk, c, base, from: r, into: &ints, null: 0) {
          DateTextParser.compact($0, $1, years: years)
        }
      case .unixTime: r = read(chunk, c, base, from: r, into: &ints, null: 0, CSVFieldParser.unixStamp)
      case .forcedBool:
        r = read(chunk, c, base, from: r, into: &bools, null: false, CSVFieldParser.lenientBool)
      case .forcedDatetime:
        r = read(chunk, c, base, from: r, into: &ints, null: 0, Self.parseAnyDatetime)
      }
      if r < chunk.rows {
        let field = value(chunk, c, r, base)
        let misfit = CSVMisfit(
          file: file, line: chunk.lines[r],
          value: String(decoding: UnsafeBufferPointer(start: field.0, count: field.1), as: UTF8.self),
          record: CSVRejectLog.excerpt(
            UnsafeBufferPointer(
              start: base + chunk.recordStarts[r], count: chunk.recordEnds[r] - chunk.recordStarts[r])))
        if readsAsNull(field) {
          appendNull()
          nulled.append(misfit)
        } else {
          if wideners.count < 3 { wideners.append(misfit) }
          widen(at: field)
        }
        r += 1
      }
    }
    if needsRereading { dropValues() }
  }

  /// Whether a value that does not fit is read as null rather than widening the column:
  /// always under `keepsKind` (but an all-null column still takes its kind from the first
  /// value), and in a date column for a date that cannot be (`2011-02-30`, `19970231`),
  /// unless there are so many that the column is not dates after all.
  private func readsAsNull(_ field: (UnsafePointer<UInt8>, Int)) -> Bool {
    if keepsKind { return kind != .unknown && kind != .string }
    guard nulled.count < Self.nulledDateLimit || nulled.count * 100 < count else { return false }
    switch kind {
    case .dateText, .dayFirstText: return DateTextParser.isImpossibleDate(field.0, field.1)
    case .compactDate(let years): return DateTextParser.isImpossibleCompactDate(field.0, field.1, years: years)
    default: return false
    }
  }

  /// One null in the current kind's storage.
  private func appendNull() {
    switch kind.dataType {
    case .int, .datetime: ints.append(0)
    case .float: floats.append(.nan)
    case .bool: bools.append(false)
    case .string:
      codes.append(-1)
      count += 1
      return
    }
    nullRows.append(count)
    count += 1
  }

  /// Rows of `chunk` whose value in column `c` cannot be read as this (forced) kind.
  func invalidRows(_ chunk: CSVFieldChunk, column c: Int, base: UnsafePointer<UInt8>) -> [Int] {
    var bad: [Int] = []
    for r in 0..<chunk.rows {
      let (p, n) = value(chunk, c, r, base)
      if !CSVFieldParser.isNull(p, n), !fits(p, n) { bad.append(r) }
    }
    return bad
  }

  /// Whether one non-null value fits the current kind.
  func fits(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    switch kind {
    case .unknown, .string: return true
    case .int: return CSVFieldParser.int(p, n) != nil
    case .float: return Self.parseFloat(p, n) != nil
    case .bool: return CSVFieldParser.bool(p, n) != nil
    case .dateText: return DateTextParser.text(p, n) != nil
    case .dayFirstText: return DateTextParser.dayFirst(p, n) != nil
    case .styledNumber(let style):
      return style.integer ? style.int(p, n) != nil : style.double(p, n) != nil
    case .wordBool: return CSVFieldParser.lenientBool(p, n) != nil
    case .compactDate(let years): return DateTextParser.compact(p, n, years: years) != nil
    case .unixTime: return CSVFieldParser.unixStamp(p, n) != nil
    case .forcedBool: return CSVFieldParser.lenientBool(p, n) != nil
    case .forcedDatetime: return Self.parseAnyDatetime(p, n) != nil
    }
  }

  /// The bytes of field (r, c), with doubled quotes undone when the field has them.
  @inline(__always)
  private func value(_ chunk: CSVFieldChunk, _ c: Int, _ r: Int, _ base: UnsafePointer<UInt8>)
    -> (UnsafePointer<UInt8>, Int)
  {
    let i = r * chunk.columns + c
    let s = chunk.starts[i]
    let n = chunk.ends[i] - s
    if chunk.flags[i] == 0 { return (base + s, n) }
    return unescape(base + s, n)
  }

  private func unescape(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UnsafePointer<UInt8>, Int) {
    scratch.truncate(to: 0)
    var k = 0
    while k < n {
      scratch.append(p[k])
      k += p[k] == 34 && k + 1 < n && p[k + 1] == 34 ? 2 : 1
    }
    return (UnsafePointer(scratch.base), scratch.count)
  }

  /// Reads values with `parse` from row `from` on; returns the first row whose value does
  /// not parse, or `chunk.rows`. With `repeats`, a value whose bytes are the previous
  /// value's takes the previous result without parsing again: for date text, which costs
  /// far more to parse than to compare and which sorted exports repeat over an order's
  /// lines (`parse` must depend on the bytes alone).
  @inline(__always)
  private func read<T>(
    _ chunk: CSVFieldChunk, _ c: Int, _ base: UnsafePointer<UInt8>, from: Int,
    into storage: inout [T], null: T, repeats: Bool = false,
    _ parse: (UnsafePointer<UInt8>, Int) -> T?
  ) -> Int {
    let stride = chunk.columns
    let starts = chunk.starts
    let ends = chunk.ends
    let flags = chunk.flags
    var values = storage
    storage = []
    var nulls = nullRows
    nullRows = []
    var n = count
    defer {
      storage = values
      nullRows = nulls
      count = n
    }
    // Values go to a staging buffer, then into the column once per chunk: appending to the
    // array one value at a time checks its uniqueness and capacity every time.
    let staged = UnsafeMutablePointer<T>.allocate(capacity: chunk.rows - from)
    var k = 0
    defer {
      values.append(contentsOf: UnsafeBufferPointer(start: staged, count: k))
      staged.deinitialize(count: k)
      staged.deallocate()
    }
    var r = from
    var previous: (p: UnsafePointer<UInt8>, n: Int, value: T)?
    while r < chunk.rows {
      let i = r &* stride &+ c
      let s = starts[i]
      let p = base + s
      let len = ends[i] &- s
      if repeats, let last = previous, last.n == len, CSVByteDictionary.equal(last.p, p, len) {
        (staged + k).initialize(to: last.value)
      } else if CSVFieldParser.isNull(p, len) {
        (staged + k).initialize(to: null)
        nulls.append(n)
      } else if flags[i] == 0, let v = parse(p, len) {
        (staged + k).initialize(to: v)
        if repeats { previous = (p, len, v) }
      } else {
        // A field with doubled quotes holds a `"`, so it is never a number, bool or date.
        return r
      }
      k &+= 1
      n &+= 1
      r &+= 1
    }
    return r
  }

  private func readStrings(
    _ chunk: CSVFieldChunk, _ c: Int, _ base: UnsafePointer<UInt8>, from: Int
  ) -> Int {
    var values = codes
    codes = []
    var dict = dictionary
    dictionary = CSVByteDictionary()
    defer {
      codes = values
      dictionary = dict
    }
    // Sorted data repeats a value over many rows (an invoice's lines, a country): a byte
    // compare with the previous value is cheaper than hashing. Only values read in place
    // are remembered (an unescaped value lives in a scratch buffer that is reused).
    var previous: (p: UnsafePointer<UInt8>, n: Int, code: Int32)?
    // Staged, then appended once (see `read`).
    let staged = UnsafeMutablePointer<Int32>.allocate(capacity: chunk.rows - from)
    defer { staged.deallocate() }
    var k = 0
    for r in from..<chunk.rows {
      let i = r &* chunk.columns &+ c
      let inPlace = chunk.flags[i] == 0
      let (p, n) = value(chunk, c, r, base)
      if let last = previous, last.n == n, CSVByteDictionary.equal(last.p, p, n) {
        staged[k] = last.code
        k &+= 1
        continue
      }
      let code = (keepsText ? n == 0 : CSVFieldParser.isNull(p, n)) ? -1 : dict.code(p, n)
      staged[k] = code
      k &+= 1
      previous = inPlace ? (p, n, code) : nil
    }
    values.append(contentsOf: UnsafeBufferPointer(start: staged, count: k))
    count += chunk.rows - from
    return chunk.rows
  }

  /// All values so far were null: counts nulls until the first value, which sets the kind.
  private func readUnknown(
    _ chunk: CSVFieldChunk, _ c: Int, _ base: UnsafePointer<UInt8>, from: Int
  ) -> Int {
    var r = from
    while r < chunk.rows {
      let (p, n) = value(chunk, c, r, base)
      if !CSVFieldParser.isNull(p, n) {
        kind = CSVFieldKind.classify(p, n)
        materializeNulls()
        return r  // re-read this row with the new kind
      }
      nullRows.append(count)
      count += 1
      r += 1
    }
    return r
  }

  /// Fills typed storage with the placeholders of the `count` nulls seen while unknown.
  private func materializeNulls() {
    switch kind.dataType {
    case .int, .datetime: ints = [Int64](repeating: 0, count: count)
    case .float: floats = [Double](repeating: .nan, count: count)
    case .bool: bools = [Bool](repeating: false, count: count)
    case .string:
      codes = [Int32](repeating: -1, count: count)
      nullRows = []
    }
  }

  /// A value that does not fit the current kind: widen, and re-read the column later.
  private func widen(at field: (UnsafePointer<UInt8>, Int)) {
    precondition(!forced, "forced columns are checked before they are read")
    var next = kind.joined(with: CSVFieldKind.classify(field.0, field.1))
    if let styled = Self.styledWidening(of: kind, at: field) { next = styled }
    // Every step must move up the lattice, or a column could be re-read forever.
    kind = next == kind ? .string : next
    needsRereading = true
    nulled = []
    dropValues()
  }

  /// While the column waits for its second pass, its values are only checked, not kept.
  private func dropValues() {
    ints.removeAll(keepingCapacity: true)
    floats.removeAll(keepingCapacity: true)
    bools.removeAll(keepingCapacity: true)
    codes.removeAll(keepingCapacity: true)
    nullRows.removeAll(keepingCapacity: true)
    if kind == .string { dictionary = CSVByteDictionary() }
  }

  /// The styled kind that holds both the column so far and a value that broke it: a
  /// plain number column meeting `1,234` or `(12.50)` late in the file, or a whole-number
  /// styled column meeting a decimal part. Nil when no style holds both.
  static func styledWidening(
    of kind: CSVFieldKind, at field: (UnsafePointer<UInt8>, Int)
  ) -> CSVFieldKind? {
    let value = Array(UnsafeBufferPointer(start: field.0, count: field.1))
    switch kind {
    case .styledNumber(var style) where style.integer:
      // Only a decimal part widens to float; an integer too big for Int64 is text.
      guard let parts = CSVNumberStyle.parts(field.0, field.1),
        CSVNumberStyle.normalized(parts.core, decimal: style.decimal, group: style.group)?
          .hasFraction == true
      else { return nil }
      style.integer = false
      return style.double(field.0, field.1) != nil ? .styledNumber(style) : nil
    case .int, .float:
      guard CSVNumberStyle.isNeeded([value]),
        var style = CSVNumberStyle.infer([value], minimum: 1), !style.percent
      else { return nil }
      // Plain floats already read `.` as the decimal mark.
      if kind == .float {
        guard style.decimal == CSVNumberStyle.dot else { return nil }
        style.integer = false
      }
      return .styledNumber(style)
    default:
      return nil
    }
  }

  // MARK: Parsers for kinds that combine several formats

  /// A float column also holds integers (`3` next to `2.5`).
  @inline(__always)
  static func parseFloat(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
    if let v = CSVFieldParser.float(p, n) { return v }
    return CSVFieldParser.int(p, n).map(Double.init)
  }

  /// A column forced to datetime takes date text, `YYYYMMDD`, or a plausible Unix time in
  /// seconds, milliseconds, microseconds or nanoseconds (told apart by size). An integer
  /// that is neither (`19970231`, `42`) does not parse: read as seconds it would be a
  /// day in 1970, a wrong answer rather than a rejected row.
  static func parseAnyDatetime(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
    if let v = DateTextParser.text(p, n) { return v }
    if let v = DateTextParser.compact(p, n, years: 1800...2200) { return v }
    guard let v = CSVFieldParser.int(p, n) else { return nil }
    let seconds = DateTextParser.unixSeconds(v)
    return DateTextParser.unixRange.contains(seconds) ? seconds : nil
  }

  // MARK: Segments (parallel parsing)

  /// An empty builder for the same column, starting from this one's current kind, to read
  /// one segment of a file on another thread (`CSVLoader+Segments`).
  func segmentCopy() -> CSVColumnBuilder {
    let copy = CSVColumnBuilder(name: name, kind: kind, forced: forced, keepsKind: keepsKind, keepsText: keepsText)
    copy.plannedKind = plannedKind
    return copy
  }

  /// An empty builder with the kind planned from the sample, due to read the whole input
  /// again as a single pass would: for a column whose segments cannot simply be joined.
  func replayCopy() -> CSVColumnBuilder {
    let copy = CSVColumnBuilder(name: name, kind: plannedKind, forced: forced, keepsKind: keepsKind, keepsText: keepsText)
    copy.needsRereading = true
    return copy
  }

  /// Whether this segment's values can be appended to the builders of the segments before
  /// it with the same result as one pass: nothing widened the column (a single pass widens
  /// at the first misfit of the whole file, which may lie in another segment) and no value
  /// was read as null by the impossible-date rule, which counts the values before it.
  /// Misfits read as null under `keepsKind` depend on the kind alone, so they are fine.
  var readCleanly: Bool {
    !needsRereading && wideners.isEmpty && (nulled.isEmpty || keepsKind)
  }

  /// Appends the values of `segment`, the builder of the next segment of the input
  /// (`readCleanly`, of this builder's kind, or `.unknown` when one of the two saw only
  /// nulls), and empties it. Its misfits' lines are moved by `lineShift` (a segment counts
  /// lines from its own start).
  func absorb(_ segment: CSVColumnBuilder, lineShift: Int) {
    if segment.kind == .unknown {
      if kind == .unknown {
        let base = count
        nullRows.append(contentsOf: segment.nullRows.map { $0 + base })
        count += segment.count
      } else {
        for _ in 0..<segment.count { appendNull() }
      }
    } else {
      if kind == .unknown {
        kind = segment.kind
        materializeNulls()
      }
      precondition(kind == segment.kind, "segments of column '\(name)' read different kinds")
      let base = count
      switch kind.dataType {
      case .int, .datetime: ints.append(contentsOf: segment.ints)
      case .float: floats.append(contentsOf: segment.floats)
      case .bool: bools.append(contentsOf: segment.bools)
      case .string:
        let map = segment.dictionary.codes(in: &dictionary)
        // A local copy: appending to the property would check exclusivity per value.
        var merged = codes
        codes = []
        merged.reserveCapacity(merged.count + segment.codes.count)
        map.withUnsafeBufferPointer { map in
          for code in segment.codes { merged.append(code < 0 ? -1 : map[Int(code)]) }
        }
        codes = merged
      }
      nullRows.append(contentsOf: segment.nullRows.map { $0 + base })
      count += segment.count
    }
    nulled += segment.nulled.map { m in
      var m = m
      m.line += lineShift
      return m
    }
    segment.restart(reserving: 0)
  }

  // MARK: Result

  /// The finished column.
  func build() -> Column {
    var validity = Validity.allValid
    if !nullRows.isEmpty {
      var mask = [Bool](repeating: true, count: count)
      for r in nullRows { mask[r] = false }
      validity = Validity(mask: mask)
    }
    switch kind.dataType {
    case .int: return Column(name: name, data: .int(ints, validity))
    case .datetime: return Column(name: name, data: .datetime(ints, validity))
    case .float: return Column(name: name, data: .float(floats, validity))
    case .bool: return Column(name: name, data: .bool(bools, validity))
    case .string:
      if kind == .unknown {
        return Column(
          name: name, data: .string(codes: [Int32](repeating: -1, count: count), dictionary: []))
      }
      return Column(name: name, data: .string(codes: codes, dictionary: dictionary.strings()))
    }
  }
}

/// A value the load could not read with its column's kind: where it is and what it says.
struct CSVMisfit {
  var file: Int
  var line: Int
  var value: String
  /// The record's text, as the rejects show it.
  var record = ""
}
