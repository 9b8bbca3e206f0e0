import ShopCore

/// The one-line notes a load adds to `LoadResult.warnings` when it read something in a
/// way the user could not guess from the file: a decimal comma, a dropped currency, a
/// percent read as a fraction, day-first dates, zone offsets converted to UTC, renamed
/// duplicate columns, a dropped empty last column.
///
/// A new user who sees `Umsatz  float` in `describe` cannot tell `1.234,50` became
/// 1234.5 rather than 1.2345; the note says so, once per column, at load time.
enum CSVLoadNotes {
  struct Note {
    /// The column the note is about; it is shown only if the column still has `kind`
    /// after the load (a later value may have widened it to text).
    var column: String
    var kind: CSVFieldKind
    var text: String
  }

  /// The notes for the kinds inference chose on the sample.
  static func planned(
    names: [String], header: [String]?, kinds: [CSVFieldKind], samples: [[[UInt8]]],
    forced: Set<String>
  ) -> [Note] {
    var notes: [Note] = []
    if let header {
      // Blank names are numbered, not duplicates; only repeated real names are news.
      for (c, raw) in header.enumerated() {
        let name = CSVLoader.trimmingBlanks(raw)
        if !name.isEmpty, names[c] != name, c < names.count {
          notes.append(
            Note(
              column: names[c], kind: kinds[c],
              text: "column '\(name)' appears more than once; this one is '\(names[c])'"))
        }
      }
    }
    for (c, name) in names.enumerated() where !forced.contains(name) {
      // The first value that shows the reading, not a bare `1`.
      let shown = samples[c].first { $0.contains { !CSVFieldParser.isDigit($0) } } ?? samples[c].first
      let example = shown.map { String(decoding: CSVFieldParser.trimmedBytes($0), as: UTF8.self) } ?? ""
      switch kinds[c] {
      case .styledNumber(let style):
        notes.append(
          Note(
            column: name, kind: kinds[c],
            text: "column '\(name)': numbers like '\(example)' read with \(style.summary(of: samples[c]))"))
      case .dayFirstText:
        // Dotted dates are day-first everywhere; a slashed one is the news.
        let decisive = samples[c].first { v in
          v.withUnsafeBufferPointer { b in
            b.baseAddress.map {
              DateTextParser.text($0, b.count) == nil && DateTextParser.dayFirst($0, b.count) != nil
            } ?? false
          } && !v.contains(UInt8(ascii: "."))
        }
        if let decisive {
          notes.append(
            Note(
              column: name, kind: kinds[c],
              text:
                "column '\(name)': dates read day-first, as '\(String(decoding: decisive, as: UTF8.self))' shows"
            ))
        }
      case .dateText:
        let offset = samples[c].first { v in
          v.withUnsafeBufferPointer { b in
            b.baseAddress.map { DateTextParser.hasZoneOffset($0, b.count) } ?? false
          }
        }
        if let offset {
          notes.append(
            Note(
              column: name, kind: kinds[c],
              text:
                "column '\(name)': times with zone offsets (e.g. '\(String(decoding: offset, as: UTF8.self))') converted to UTC"
            ))
        }
      case .wordBool:
        notes.append(
          Note(
            column: name, kind: kinds[c],
            text: "column '\(name)': values like '\(example)' read as true/false"))
      case .int:
        // Too many impossible days to be read as dates on its own, but dates all the same.
        if let note = compactDatesReadAsInt(name, samples[c]) ?? unixStampsReadAsInt(name, samples[c]) {
          notes.append(Note(column: name, kind: kinds[c], text: note))
        }
      default:
        break
      }
    }
    return notes
  }

  /// How many empty last columns to drop, and the note, when a delimiter (or a
  /// spreadsheet's `,,`) ends every line (`a;b;c;`): each such column has no name and no
  /// value, and at least one column stays. Nil to keep them all.
  static func droppedTrailingColumns(
    _ columns: [Column], blankNames: [Bool], dialect: CSVDialect
  ) -> (Int, String)? {
    var count = 0
    while columns.count - count > 1 {
      let i = columns.count - 1 - count
      let column = columns[i]
      guard blankNames[i], column.count > 0, column.nullCount == column.count else { break }
      count += 1
    }
    guard count > 0 else { return nil }
    if count == 1 { return (1, "every line ends with a \(dialect.name): the empty last column was dropped") }
    return (count, "every line ends with \(count) empty fields: the \(count) empty last columns were dropped")
  }

  /// The note for the header repeated in the body (exports joined with `cat`), naming
  /// the lines skipped, or nil when there were none.
  static func repeatedHeaders(_ found: [CSVMisfit], fileNames: [String]) -> String? {
    guard !found.isEmpty else { return nil }
    let several = fileNames.count > 1
    let shown = found.prefix(10).map { m in
      several ? "\(CSVPaths.displayName(fileNames[m.file])) line \(m.line)" : "\(m.line)"
    }
    let more = found.count > shown.count ? " and \(found.count - shown.count) more" : ""
    let count = found.count == 1 ? "1 repeated header line" : "\(found.count) repeated header lines"
    let label = several ? "" : found.count == 1 ? "line " : "lines "
    return
      "\(count) skipped: \(label)\(shown.joined(separator: ", "))\(more) "
      + "(the header again, as when exports are joined)"
  }

  // MARK: Values that did not fit

  /// The note for an int column whose sampled values all have the `YYYYMMDD` shape, most
  /// of them real days: `types COL: datetime` is what the user wants.
  static func compactDatesReadAsInt(_ name: String, _ values: [[UInt8]]) -> String? {
    guard values.count >= 10 else { return nil }
    var impossible: [String] = []
    for v in values {
      let ok = v.withUnsafeBufferPointer { b -> Bool in
        guard let p = b.baseAddress else { return false }
        if DateTextParser.compact(p, b.count, years: 1800...2200) != nil { return true }
        guard DateTextParser.isImpossibleCompactDate(p, b.count, years: 1800...2200) else { return false }
        impossible.append(String(decoding: v, as: UTF8.self))
        return true
      }
      if !ok { return nil }
    }
    guard let first = impossible.first, impossible.count * 2 < values.count else { return nil }
    return
      "column '\(name)' read as int: its numbers look like YYYYMMDD dates, but "
      + "\(impossible.count) of the first \(values.count) are not real days (e.g. '\(first)'); "
      + "'types \(name): datetime' reads them as dates and rejects the rows that are not"
  }

  /// The note for an int column named like a time (`event_timestamp`, `ts`) whose sampled
  /// values are all Unix times in milliseconds, microseconds or nanoseconds (GA4, Segment,
  /// Kafka exports). They stay ints, since datetimes hold whole seconds and sessions need the
  /// fraction; the note says what they are and how to read them as times.
  static func unixStampsReadAsInt(_ name: String, _ values: [[UInt8]]) -> String? {
    guard !values.isEmpty, CSVTypeInference.NameHints(name).time else { return nil }
    var unit: String?
    var firstSeconds: Int64 = 0
    for v in values {
      let stamp = v.withUnsafeBufferPointer { b -> Int64? in
        b.baseAddress.flatMap { CSVFieldParser.int($0, b.count) }
      }
      guard let stamp, DateTextParser.unixUnit(stamp).perSecond > 1 else { return nil }
      let seconds = DateTextParser.unixSeconds(stamp)
      guard DateTextParser.unixRange.contains(seconds) else { return nil }
      let name = DateTextParser.unixUnit(stamp).name
      if unit == nil {
        unit = name
        firstSeconds = seconds
      } else if unit != name {
        return nil
      }
    }
    guard let unit else { return nil }
    let example = CivilTime.format(firstSeconds)
    return
      "column '\(name)' read as int: its numbers look like Unix \(unit) (the first is \(example) UTC); "
      + "'types \(name): datetime' reads them as times (whole seconds)"
  }

  /// "an int", "a float", "a datetime".
  static func article(_ type: DataType) -> String {
    type == .int ? "an int" : "a \(type)"
  }

  /// "line 7 ('abc')", or "file.csv line 7 ('abc')" when the load read several files.
  static func place(_ m: CSVMisfit, fileNames: [String]) -> String {
    let file = fileNames.count > 1 ? "\(CSVPaths.displayName(fileNames[m.file])) " : ""
    return "\(file)line \(m.line) ('\(m.value)')"
  }

  /// The note for a column that would be `wouldBe` but for `misfits` (the first few of
  /// `count`), which made it text.
  static func readAsText(
    column: String, wouldBe: CSVFieldKind, misfits: [CSVMisfit], count: Int,
    fileNames: [String], inSample: Bool
  ) -> String {
    let type = wouldBe.dataType
    let places = misfits.map { place($0, fileNames: fileNames) }.joined(separator: ", ")
    let more = count > misfits.count ? " and \(count - misfits.count) more" + (inSample ? " in the first lines" : "") : ""
    return
      "column '\(column)' read as text, not \(type), because of \(places)\(more); "
      + "to keep it \(type): 'keep types' reads such values as null (listed in rejects), "
      + "'types \(column): \(type)' rejects their rows, 'strict' stops at the first"
  }

  /// The note for values a column read as null (impossible dates, or misfits under
  /// `keepTypes`), or nil when there were none.
  static func nulled(_ b: CSVColumnBuilder, fileNames: [String]) -> String? {
    guard !b.nulled.isEmpty else { return nil }
    let count = b.nulled.count == 1 ? "1 value" : "\(b.nulled.count) values"
    let shown = b.nulled.prefix(3).map { place($0, fileNames: fileNames) }.joined(separator: ", ")
    let more = b.nulled.count > 3 ? ", …" : ""
    let what = b.keepsKind ? "not \(article(b.kind.dataType))" : "not a real date"
    return
      "column '\(b.name)': \(count) read as null, \(what): \(shown)\(more); "
      + "the rows are kept, and 'rejects' lists the values"
  }

  /// The note for a column that a value late in the file widened (to text, or past an
  /// integer's range), or nil.
  static func widened(_ b: CSVColumnBuilder, fileNames: [String]) -> String? {
    guard !b.forced, let first = b.wideners.first, b.kind != b.plannedKind else { return nil }
    let overflow = first.value.utf8.allSatisfy { CSVFieldParser.isDigit($0) || $0 == 45 || $0 == 43 }
    if b.kind == .string {
      return readAsText(
        column: b.name, wouldBe: b.plannedKind, misfits: b.wideners, count: b.wideners.count,
        fileNames: fileNames, inSample: false)
    }
    if case .styledNumber(let style) = b.kind {
      return
        "column '\(b.name)' read with \(style.summary(of: [Array(first.value.utf8)])) "
        + "from \(place(first, fileNames: fileNames)) on"
    }
    guard overflow else { return nil }
    return
      "column '\(b.name)' read as \(b.kind.dataType), not \(b.plannedKind.dataType), from "
      + "\(place(first, fileNames: fileNames)), which \(b.plannedKind.dataType) cannot hold"
  }
}
