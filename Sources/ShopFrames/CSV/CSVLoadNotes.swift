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
            b.baseAddress.map { CSVDateParser.text($0, b.count) == nil } ?? false
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
            b.baseAddress.map { CSVDateParser.hasZoneOffset($0, b.count) } ?? false
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
      default:
        break
      }
    }
    return notes
  }

  /// The note for an empty last column made by a delimiter at the end of every line
  /// (`a;b;c;`), when the column has no name and no value; nil to keep the column.
  static func droppedTrailingColumn(
    _ columns: [Column], blankName: Bool, dialect: CSVDialect
  ) -> String? {
    guard blankName, columns.count > 1, let last = columns.last, last.count > 0,
      last.nullCount == last.count
    else { return nil }
    return "every line ends with a \(dialect.name): the empty last column was dropped"
  }
}
