/// Picks a column's kind from its name and a sample of its values (the first
/// `sampleRows` records). The guess is checked against every value during the load, and
/// widened when a later value does not fit (see `CSVFieldKind`).
enum CSVTypeInference {
  /// How many records the guess is made on: enough to see the variety of a column, few
  /// enough that sniffing costs nothing next to the load.
  static let sampleRows = 1000

  /// The kind of a column whose sample values (nulls excluded, quotes undone) are `values`.
  static func kind(name: String, values: [[UInt8]]) -> CSVFieldKind {
    var kind = CSVFieldKind.unknown
    for v in values {
      v.withUnsafeBufferPointer { buf in
        guard let p = buf.baseAddress else { return }
        kind = kind.joined(with: CSVFieldKind.classify(p, buf.count))
      }
      if kind == .string { return .string }
    }
    guard kind == .int, !values.isEmpty else { return kind }
    // Integer-looking columns may really be dates: YYYYMMDD or Unix seconds. Both are
    // decided on the whole column, and only when the values leave no doubt.
    let hints = NameHints(name)
    let years = hints.date ? 1800...2200 : 1900...2100
    if values.allSatisfy({ v in
      v.withUnsafeBufferPointer { buf in
        buf.baseAddress.map { CSVDateParser.compact($0, buf.count, years: years) != nil } ?? false
      }
    }) {
      return .compactDate(years)
    }
    if hints.time,
      values.allSatisfy({ v in
        v.withUnsafeBufferPointer { buf in
          buf.baseAddress.map { CSVDateParser.unix($0, buf.count) != nil } ?? false
        }
      })
    {
      return .unixTime
    }
    return .int
  }

  /// What a column name says about its values.
  struct NameHints {
    /// The name mentions a date or day (`eventdate`, `order_day`, `dt`, `ds`).
    var date: Bool
    /// The name mentions a time (`timestamp`, `event_time`, `ts`, `created_at`).
    var time: Bool

    init(_ name: String) {
      let words = Self.words(name)
      let lower = name.lowercased()
      date =
        lower.contains("date") || lower.contains("day")
        || words.contains { ["dt", "ds"].contains($0) }
      time =
        lower.contains("time") || lower.contains("date") || lower.contains("epoch")
        || words.contains { ["ts", "at", "created", "updated"].contains($0) }
    }

    /// Lower-case words of a name split at non-letters and camelCase humps.
    static func words(_ name: String) -> [String] {
      var words: [String] = []
      var current = ""
      var previousLower = false
      for ch in name {
        if !ch.isLetter && !ch.isNumber {
          if !current.isEmpty { words.append(current) }
          current = ""
          previousLower = false
          continue
        }
        if ch.isUppercase, previousLower, !current.isEmpty {
          words.append(current)
          current = ""
        }
        current += ch.lowercased()
        previousLower = ch.isLowercase
      }
      if !current.isEmpty { words.append(current) }
      return words
    }
  }
}
