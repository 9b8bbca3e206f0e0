import Glibc
import ShopCore

/// One load from start to finish; `CSVReader.load` is its public face.
///
/// The steps, each in its own method:
/// 1. `CSVInputFiles`: every file's bytes, decoded on a background thread in order (gzip
///    inflated, BOM skipped, non-UTF-8 files re-encoded from Windows-1252 with a warning);
///    a large plain file only has its head read here, the rest is read in windows as it is
///    parsed (`CSVByteWindow`).
/// 2. `planColumns`: sniff the delimiter and header on the first file, name the columns,
///    and guess each column's kind from the first `CSVTypeInference.sampleRows` records.
/// 3. `readRecords`: tokenize every file into chunks of records and convert each chunk
///    column by column (`readSpan`). Malformed records go to the rejects (or throw when
///    strict). A record equal to the header (two exports joined with `cat`) is skipped
///    with a note. A file of 8 MB or more is read in segments on several threads, with
///    the same result (`CSVLoader+Segments`).
/// 4. If a column met a value its guessed kind could not hold, it has widened; a second
///    pass re-reads just those columns from the bytes still in memory (or from the file,
///    read in windows again), skipping exactly the records the first pass rejected.
final class CSVLoader: @unchecked Sendable {
  // Unchecked: segments parsed on other threads only read the loader's settings, which
  // are fixed before they start; each writes only its own `CSVPassOutput`.
  /// Records per chunk: big enough that per-chunk overhead vanishes, small enough that the
  /// chunk's field table (17 bytes a field, about 560 KB) and the text it points into stay
  /// in the core's L2 cache while each column is converted. Each column's pass reads one
  /// field of every row, a cache line apart: at 16,384 rows of 8 columns (2.2 MB) those
  /// reads missed L2 and cost more than the tokenizing.
  static func chunkRows(columns: Int) -> Int { max(64, min(4_096, (1 << 15) / max(1, columns))) }

  let options: CSVOptions
  private(set) var paths: [String] = []
  private(set) var files: [CSVInputFile] = []
  private var dialect = CSVDialect.comma
  private(set) var hasHeader = true
  private(set) var columnCount = 0
  private var header: [String] = []
  /// The header's names as bytes, blanks trimmed, to recognise the header repeated in the
  /// body (empty when the file has no header).
  private var headerBytes: [[UInt8]] = []
  /// What the passes over the records produced: the columns, the rejects, the repeated
  /// headers. A file parsed in segments fills one of these per segment and joins them here.
  let main = CSVPassOutput()
  private var builders: [CSVColumnBuilder] {
    get { main.builders }
    set { main.builders = newValue }
  }
  private(set) var rowEstimate = 0
  /// Records per byte in the sample, to size a segment's columns.
  private(set) var recordsPerByte = 0.0
  /// What inference decided that the user should hear about, kept if the column ends
  /// the load with the kind the note describes.
  private var plannedNotes: [CSVLoadNotes.Note] = []
  /// Columns whose segments could not simply be joined (a value widened one, say): after
  /// the first pass they are read again from the start, as a single pass would.
  var replay = Set<Int>()

  /// How the files are read (windows, files to re-encode whole).
  private let input: CSVInputSettings

  init(options: CSVOptions, input: CSVInputSettings? = nil) {
    self.options = options
    self.input =
      input ?? CSVInputSettings(windowBytes: options.windowBytes, afterRead: options.afterFileRead)
  }

  func load(_ path: String) throws -> LoadResult {
    do {
      return try loadOnce(path)
    } catch let notUTF8 as CSVNotUTF8 {
      // A large plain file with non-UTF-8 bytes past its head: start again with it read
      // whole and re-encoded, as if the head had shown it. Each restart adds a file, so
      // this ends.
      var again = input
      again.wholeFiles.insert(notUTF8.path)
      return try CSVLoader(options: options, input: again).load(path)
    }
  }

  private func loadOnce(_ path: String) throws -> LoadResult {
    paths = try CSVPaths.resolve(path)
    let inputs = CSVInputFiles(paths: paths, settings: input)
    defer { inputs.abandon() }
    files = inputs.files
    try files[0].waitUntilReady()
    dialect = options.delimiter.map(CSVDialect.init(byte:)) ?? CSVSniffer.dialect(files[0].text)
    try planColumns()
    try readRecords(firstPass: true)
    // Each extra pass only happens after a column widened, and kinds only widen, so this
    // ends after at most a few passes (in practice one).
    while builders.contains(where: \.needsRereading) {
      try readRecords(firstPass: false)
    }
    // Every byte is read: a file read in windows must not have changed meanwhile.
    for file in files { try file.checkUnchanged() }
    var columns = builders.map { $0.build() }
    var notes = CSVLoadNotes.repeatedHeaders(main.repeatedHeaders, fileNames: paths).map { [$0] } ?? []
    notes += plannedNotes.filter { note in
      builders.first { $0.name == note.column }.map { $0.kind == note.kind } ?? true
    }.map(\.text)
    if options.strict { try failOnFirstNulledValue() }
    var nulledValues = 0
    for b in builders {
      for m in b.nulled {
        main.rejects.add(
          file: m.file, line: m.line,
          reason: "value set to null: '\(m.value)' is not \(CSVLoadNotes.article(b.kind.dataType)) in column '\(b.name)' (the row is kept)",
          text: m.record)
      }
      nulledValues += b.nulled.count
      if let note = CSVLoadNotes.nulled(b, fileNames: paths) { notes.append(note) }
      if let note = CSVLoadNotes.widened(b, fileNames: paths) { notes.append(note) }
    }
    // The header's names lined up with the columns from the end, as the last name
    // belongs to the last column.
    let blankNames = columns.indices.map { i -> Bool in
      let h = i - columns.count + header.count
      return !hasHeader || h < 0 || Self.trimmingBlanks(header[h]).isEmpty
    }
    if let (count, dropped) = CSVLoadNotes.droppedTrailingColumns(
      columns, blankNames: blankNames, dialect: dialect)
    {
      columns.removeLast(count)
      notes.append(dropped)
    }
    return LoadResult(
      frame: Frame(columns: columns),
      rejects: main.rejects.frame(fileNames: paths), warnings: files.compactMap(\.warning) + notes,
      files: paths, delimiterName: dialect.name, nulledValueCount: nulledValues)
  }

  /// Under `strict`, a value read as null (an impossible date) fails the load like a
  /// malformed row: the earliest one, by file and line.
  private func failOnFirstNulledValue() throws {
    let first = builders.flatMap { b in b.nulled.map { (b, $0) } }
      .min { ($0.1.file, $0.1.line) < ($1.1.file, $1.1.line) }
    guard let (b, m) = first else { return }
    throw CSVError.typeConversion(
      file: paths[m.file], line: m.line, column: b.name, value: m.value, type: b.kind.dataType)
  }

  // MARK: Columns

  private func planColumns() throws {
    let file = files[0]
    var tokenizer: CSVTokenizer
    var sample: [[[UInt8]]] = []
    var sampleLines: [Int] = []
    var firstRecord: CSVRecordInfo?
    // The sample is read from the head of the first file; when it runs past the head (a
    // file read in windows), the head grows and the sample is read again.
    sampling: while true {
      tokenizer = CSVTokenizer(
        base: file.base, range: file.range.lowerBound..<max(file.range.lowerBound, file.loaded),
        dialect: dialect)
      sample = []
      sampleLines = []
      firstRecord = nil
      while sample.count <= CSVTypeInference.sampleRows {
        let next = CSVFields.nextRecord(&tokenizer)
        if tokenizer.pos >= file.loaded, !file.isWhole {
          try file.readMoreHead()
          continue sampling
        }
        guard let (record, fields) = next else { break }
        // The first record fixes the column count; broken records say nothing about types.
        if sample.isEmpty {
          firstRecord = record
          sample.append(fields)
          sampleLines.append(record.line)
        } else if record.problem == nil {
          sample.append(fields)
          sampleLines.append(record.line)
        }
      }
      break
    }
    guard let first = sample.first, let firstRecord else {
      throw CSVError.emptyFile(path: paths[0])
    }
    columnCount = first.count
    let rows = sample.dropFirst().filter { $0.count == columnCount }
    hasHeader = options.hasHeader ?? CSVSniffer.hasHeader(first: first, rows: Array(rows))
    // A broken header (an unterminated quote swallows the whole file) leaves nothing to
    // name the columns by: always an error, strict or not.
    if hasHeader, let problem = firstRecord.problem {
      throw CSVError.malformedRow(file: paths[0], line: firstRecord.line, reason: "\(problem)")
    }
    header = first.map { String(decoding: $0, as: UTF8.self) }
    if hasHeader {
      headerBytes = header.map { Array(Self.trimmingBlanks($0).utf8) }
      // The header again in the sample says nothing about the columns' types.
      let keep = sample.indices.filter { $0 == 0 || !Self.isHeader(sample[$0], headerBytes) }
      sample = keep.map { sample[$0] }
      sampleLines = keep.map { sampleLines[$0] }
    }

    var names: [String]
    if let given = options.columnNames {
      guard given.count == columnCount else {
        throw CSVError.columnNameCount(expected: columnCount, given: given.count)
      }
      names = given
    } else if hasHeader {
      names = header.map(Self.trimmingBlanks)
    } else {
      names = (1...columnCount).map { "column_\($0)" }
    }
    names = Self.uniqueNames(names)
    for name in options.types.keys.sorted() where !names.contains(name) {
      throw CSVError.unknownColumn(name: name, available: names)
    }

    let bodyIndices = sample.indices.filter { i in
      (i > 0 || !hasHeader) && sample[i].count == columnCount
    }
    func isNull(_ v: [UInt8]) -> Bool {
      v.withUnsafeBufferPointer { b in b.baseAddress.map { CSVFieldParser.isNull($0, b.count) } ?? true }
    }
    let samples = names.indices.map { c in bodyIndices.map { sample[$0][c] }.filter { !isNull($0) } }
    // The line of each of column c's sampled values; only asked for the few columns a note
    // is about (a file can have a million columns).
    func valueLines(_ c: Int) -> [Int] {
      bodyIndices.filter { !isNull(sample[$0][c]) }.map { sampleLines[$0] }
    }
    var kinds = names.indices.map { c in
      CSVTypeInference.kind(name: names[c], values: samples[c])
    }
    // A column that is numbers or dates but for a few values: under `keepTypes` it keeps
    // that kind (the few become null), otherwise the note says which lines made it text.
    var textNotes: [CSVLoadNotes.Note] = []
    for c in names.indices where kinds[c] == .string && options.types[names[c]] == nil {
      guard let (kind, outliers) = CSVTypeInference.dominant(name: names[c], values: samples[c])
      else { continue }
      if options.keepTypes {
        kinds[c] = kind
      } else {
        let lines = valueLines(c)
        let shown = outliers.prefix(3).map { i in
          CSVMisfit(file: 0, line: lines[i], value: String(decoding: samples[c][i], as: UTF8.self))
        }
        textNotes.append(
          CSVLoadNotes.Note(
            column: names[c], kind: .string,
            text: CSVLoadNotes.readAsText(
              column: names[c], wouldBe: kind, misfits: shown, count: outliers.count,
              fileNames: paths, inSample: true)))
      }
    }
    // A file that writes decimal commas in one column writes them in all: read `1.500`
    // and `1,234` in the others the same way.
    let decimalComma = kinds.contains {
      if case .styledNumber(let style) = $0 { return style.decimal == CSVNumberStyle.comma }
      return false
    }
    if decimalComma {
      for c in names.indices where kinds[c] == .float || kinds[c].isStyledNumber {
        kinds[c] = CSVTypeInference.kind(
          name: names[c], values: samples[c], preferDecimalComma: true)
      }
    }
    builders = names.enumerated().map { c, name in
      if let forced = options.types[name] {
        // The format of the column's values, a stray line in the sample left out.
        let sampled = CSVTypeInference.dominant(name: name, values: samples[c])?.kind ?? kinds[c]
        return CSVColumnBuilder(
          name: name, kind: CSVFieldKind(forced: forced, sampled: sampled), forced: true, keepsText: options.keepText)
      }
      return CSVColumnBuilder(
        name: name, kind: kinds[c], forced: false, keepsKind: options.keepTypes, keepsText: options.keepText)
    }
    plannedNotes = CSVLoadNotes.planned(
      names: names, header: hasHeader && options.columnNames == nil ? header : nil, kinds: kinds,
      samples: samples,
      forced: Set(options.types.keys)) + textNotes
    rowEstimate = Self.estimateRows(
      sampleRecords: sample.count, sampleBytes: tokenizer.pos - file.range.lowerBound,
      fileBytes: file.range.count, files: paths.count)
    recordsPerByte = Double(sample.count) / Double(max(1, tokenizer.pos - file.range.lowerBound))
    for b in builders { b.reserve(rowEstimate) }
  }

  /// A header name without spaces and tabs at either end.
  static func trimmingBlanks(_ name: String) -> String {
    var s = Substring(name)
    while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
    while let c = s.last, c == " " || c == "\t" { s.removeLast() }
    return String(s)
  }

  /// Names made usable: blanks become `column_N`, repeats get `_2`, `_3`, ... A new name
  /// is never one the header holds further on: in `a,a,a_2` the second `a` is `a_3`, and
  /// the file's own `a_2` keeps its name.
  static func uniqueNames(_ names: [String]) -> [String] {
    var seen = Set<String>()
    let written = Set(names)
    var result: [String] = []
    for (i, raw) in names.enumerated() {
      var name = raw.isEmpty ? "column_\(i + 1)" : raw
      if seen.contains(name) || (raw.isEmpty && written.contains(name)) {
        var k = 2
        while seen.contains("\(name)_\(k)") || written.contains("\(name)_\(k)") { k += 1 }
        name = "\(name)_\(k)"
      }
      seen.insert(name)
      result.append(name)
    }
    return result
  }

  /// A generous guess of the row count, to size the columns once: the first file's
  /// records per byte times every file's bytes (unknown yet for later files, so taken as
  /// the first file's size). Too low only costs the usual array growth; too high costs
  /// address space the kernel never backs with memory.
  private static func estimateRows(
    sampleRecords: Int, sampleBytes: Int, fileBytes: Int, files: Int
  ) -> Int {
    guard sampleRecords > 0, sampleBytes > 0 else { return 0 }
    let perFile = Double(fileBytes) / Double(sampleBytes) * Double(sampleRecords)
    return Int(perFile * Double(files) * 1.2) + 16
  }

  // MARK: Records

  private func readRecords(firstPass: Bool) throws {
    let active =
      firstPass
      ? Array(builders.indices) : builders.indices.filter { builders[$0].needsRereading }
    if !firstPass { for c in active { builders[c].restart(reserving: rowEstimate) } }
    let chunk = CSVFieldChunk(
      columns: columnCount, capacityRows: Self.chunkRows(columns: columnCount))
    main.ordinal = 0
    for (f, file) in files.enumerated() {
      try file.waitUntilReady()
      if firstPass, let starts = try segmentStarts(file: f) {
        try readSegments(file: f, starts: starts)
        continue
      }
      try readSpan(
        file: f, from: file.range.lowerBound, limit: Int.max, atHeader: hasHeader, into: main,
        chunk: chunk, columns: active, firstPass: firstPass)
    }
    if firstPass {
      for c in replay.sorted() { builders[c] = builders[c].replayCopy() }
    }
  }

  /// Where a span of records began and where reading it stopped: the start (byte) and
  /// line of its first record, and of the first record at or past its limit (or the end
  /// of the file and the line there). Lines count from the span's start.
  struct SpanEnds {
    var firstStart: Int
    var firstLine: Int
    var stopStart: Int
    var stopLine: Int
  }

  /// Reads the records of file `f` from byte `start` (the start of a record, or of a line
  /// outside quotes) that begin before `limit`, into `out`: the whole file for a single
  /// pass, one segment when the file is parsed in parallel. `atHeader` skips the first
  /// record (the file's header).
  @discardableResult
  func readSpan(
    file f: Int, from start: Int, limit: Int, atHeader: Bool, into out: CSVPassOutput,
    chunk: CSVFieldChunk, columns active: [Int], firstPass: Bool
  ) throws -> SpanEnds {
    let window = try files[f].window(from: start, capacity: input.window)
    let end = window.end
    var tokenizer = CSVTokenizer(base: window.base, range: start..<window.upper, dialect: dialect)
    // A record that reaches the window's end may go on past it (or, ending there, be
    // followed by the LF of its CRLF): it is read again once the window has moved.
    var windowEnd = window.isComplete ? Int.max : window.upper
    var atHeader = atHeader
    var first: (start: Int, line: Int)?
    var stop = (start: end, line: 0)
    var ordinal = out.ordinal
    defer { out.ordinal = ordinal }
    let rejectedOrdinals = firstPass ? [] : out.rejectedOrdinals
    while true {
      let slot = chunk.nextRow
      let before = tokenizer
      let next = tokenizer.next(
        starts: chunk.starts + slot, ends: chunk.ends + slot, flags: chunk.flags + slot,
        capacity: columnCount)
      if tokenizer.pos >= windowEnd {
        // The chunk's fields point into the window: convert them before it moves.
        try convert(chunk, file: f, base: window.base, columns: active, firstPass: firstPass, into: out)
        try window.advance(keeping: before.pos)
        tokenizer = before
        tokenizer.rebase(window.base, end: window.upper)
        windowEnd = window.isComplete ? Int.max : window.upper
        continue
      }
      guard let record = next else {
        stop = (end, tokenizer.line)
        break
      }
      if first == nil { first = (record.start, record.line) }
      if record.start >= limit {
        stop = (record.start, record.line)
        break
      }
      if atHeader {
        atHeader = false
        if firstPass, f > 0 { try checkHeader(record, file: f, base: window.base) }
        continue
      }
      if !headerBytes.isEmpty, record.problem == nil, record.fieldCount == columnCount,
        isHeader(chunk, row: slot, base: window.base)
      {
        if firstPass {
          out.repeatedHeaders.append(CSVMisfit(file: f, line: record.line, value: ""))
        }
        continue
      }
      let thisOrdinal = ordinal
      ordinal += 1
      var problem = record.problem.map { "\($0)" }
      if problem == nil, record.fieldCount != columnCount {
        problem = "expected \(columnCount) fields, found \(record.fieldCount)"
      }
      if let problem {
        guard firstPass else { continue }
        if options.strict {
          try convert(chunk, file: f, base: window.base, columns: active, firstPass: true, into: out)
          throw CSVError.malformedRow(file: paths[f], line: record.line, reason: problem)
        }
        out.rejects.add(
          file: f, line: record.line, reason: problem,
          text: window.bytes(record.start..<record.end))
        continue
      }
      if !rejectedOrdinals.isEmpty, rejectedOrdinals.contains(thisOrdinal) { continue }
      chunk.commit(record, ordinal: thisOrdinal)
      if chunk.isFull {
        try convert(chunk, file: f, base: window.base, columns: active, firstPass: firstPass, into: out)
      }
    }
    try convert(chunk, file: f, base: window.base, columns: active, firstPass: firstPass, into: out)
    let firstRecord = first ?? stop
    return SpanEnds(
      firstStart: firstRecord.start, firstLine: firstRecord.line, stopStart: stop.start,
      stopLine: stop.line)
  }

  /// Whether the fields the tokenizer just wrote at `row` (a field index) are the header's
  /// names, blanks trimmed and quotes undone. Most records differ in their first field,
  /// so this costs one length test a record.
  @inline(__always)
  private func isHeader(_ chunk: CSVFieldChunk, row: Int, base: UnsafePointer<UInt8>) -> Bool {
    for c in 0..<columnCount {
      var s = chunk.starts[row + c]
      var e = chunk.ends[row + c]
      while s < e, base[s] == 32 || base[s] == 9 { s += 1 }
      while e > s, base[e - 1] == 32 || base[e - 1] == 9 { e -= 1 }
      let name = headerBytes[c]
      if chunk.flags[row + c] == CSVTokenizer.escapedQuotes {
        if CSVFields.bytes(base, s, e, chunk.flags[row + c]) != name { return false }
        continue
      }
      guard e - s == name.count else { return false }
      let same = name.withUnsafeBufferPointer { n in
        n.isEmpty || memcmp(base + s, n.baseAddress!, n.count) == 0
      }
      if !same { return false }
    }
    return true
  }

  /// `isHeader` for a record already split into fields (the sample).
  static func isHeader(_ fields: [[UInt8]], _ names: [[UInt8]]) -> Bool {
    guard fields.count == names.count else { return false }
    return zip(fields, names).allSatisfy { field, name in
      Array(trimmingBlanks(String(decoding: field, as: UTF8.self)).utf8) == name
    }
  }

  /// A later file of a glob must have the first file's header.
  private func checkHeader(
    _ record: CSVRecordInfo, file f: Int, base: UnsafePointer<UInt8>
  ) throws {
    if let problem = record.problem {
      throw CSVError.malformedRow(file: paths[f], line: record.line, reason: "\(problem)")
    }
    var tokenizer = CSVTokenizer(base: base, range: record.start..<record.end, dialect: dialect)
    let found = CSVFields.nextRecord(&tokenizer).map { $0.1 } ?? []
    let names = found.map { String(decoding: $0, as: UTF8.self) }
    guard names == header else {
      throw CSVError.mismatchedHeader(file: paths[f], expected: header, found: names)
    }
  }

  /// Converts the chunk's records into the `columns` builders, after rejecting the rows
  /// whose values do not fit a forced type; then empties the chunk.
  private func convert(
    _ chunk: CSVFieldChunk, file f: Int, base: UnsafePointer<UInt8>, columns: [Int],
    firstPass: Bool, into out: CSVPassOutput
  ) throws {
    guard chunk.rows > 0 else { return }
    if firstPass { try rejectForcedMisfits(chunk, file: f, base: base, into: out) }
    let builders = out.builders
    for c in columns { builders[c].append(chunk, column: c, base: base, file: f) }
    chunk.reset()
    try Cancellation.shared.check()
  }

  private func rejectForcedMisfits(
    _ chunk: CSVFieldChunk, file f: Int, base: UnsafePointer<UInt8>, into out: CSVPassOutput
  ) throws {
    let builders = out.builders
    // The first column that rejects a row names the reason.
    var reasons: [Int: (column: Int, reason: String)] = [:]
    for (c, builder) in builders.enumerated() where builder.forced {
      for r in builder.invalidRows(chunk, column: c, base: base) where reasons[r] == nil {
        let value = chunk.text(row: r, column: c, base: base)
        reasons[r] = (
          c, "cannot read '\(value)' as \(builder.kind.dataType) in column '\(builder.name)'"
        )
      }
    }
    let bad = reasons.keys.sorted()
    if options.strict, let r = bad.first, let c = reasons[r]?.column {
      // Rows are in file order, so the smallest row is the earliest bad record.
      throw CSVError.typeConversion(
        file: paths[f], line: chunk.lines[r], column: builders[c].name,
        value: chunk.text(row: r, column: c, base: base), type: builders[c].kind.dataType)
    }
    for r in bad {
      out.rejects.add(
        file: f, line: chunk.lines[r], reason: reasons[r]?.reason ?? "",
        text: UnsafeBufferPointer(
          start: base + chunk.recordStarts[r], count: chunk.recordEnds[r] - chunk.recordStarts[r]))
      out.rejectedOrdinals.insert(chunk.ordinals[r])
    }
    chunk.remove(rows: bad)
  }
}
