import ShopCore

/// Picks a column's kind from its name and a sample of its values (the first
/// `sampleRows` records). The guess is checked against every value during the load, and
/// widened when a later value does not fit (see `CSVFieldKind`).
enum CSVTypeInference {
  /// How many records the guess is made on: enough to see the variety of a column, few
  /// enough that sniffing costs nothing next to the load.
  static let sampleRows = 1000

  /// The kind of a column whose sample values (nulls excluded, quotes undone) are `values`.
  ///
  /// `preferDecimalComma` says the file writes decimal commas elsewhere, which settles
  /// `1,234` (one and a bit) and `1.500` (fifteen hundred) the European way.
  static func kind(
    name: String, values: [[UInt8]], preferDecimalComma: Bool = false
  ) -> CSVFieldKind {
    var kind = CSVFieldKind.unknown
    for v in values {
      v.withUnsafeBufferPointer { buf in
        guard let p = buf.baseAddress else { return }
        kind = kind.joined(with: CSVFieldKind.classify(p, buf.count))
      }
      if kind == .string { break }
    }
    let hints = NameHints(name)
    switch kind {
    case .string:
      // A date column with a few dates that cannot be (`2011-02-30`) stays a date column:
      // the loader reads those as null and lists them in the rejects.
      if let dates = mostlyDates(values) { return dates }
      // Only now, on columns that would be text: whole-column readings of words and
      // styled numbers, which no single value can decide.
      if hints.flag, isWordBool(values) { return .wordBool }
      if CSVNumberStyle.isNeeded(values),
        let style = CSVNumberStyle.infer(values, preferDecimalComma: preferDecimalComma)
      {
        return .styledNumber(style)
      }
      return .string
    case .float where hints.identifier:
      // `1197960960.1670000000` is a GA4 user id, not a number: as a Double it would
      // lose its digits.
      return .string
    case .float where preferDecimalComma:
      // In a decimal-comma file, `1.500` groups thousands.
      if let style = CSVNumberStyle.infer(values, preferDecimalComma: true),
        style.decimal == CSVNumberStyle.comma
      {
        return .styledNumber(style)
      }
      return kind
    case .int:
      break
    default:
      return kind
    }
    guard !values.isEmpty else { return kind }
    if hints.flag, values.count >= CSVNumberStyle.minimumValues,
      values.allSatisfy({ CSVFieldParser.trimmedBytes($0) == [48] || CSVFieldParser.trimmedBytes($0) == [49] })
    {
      return .wordBool
    }
    // Integer-looking columns may really be dates: YYYYMMDD or Unix seconds. Both are
    // decided on the whole column, and only when the values leave no doubt.
    let years = hints.date ? 1800...2200 : 1900...2100
    // `YYYYMMDD` with a few impossible days (`19970231`) is still a date column.
    var impossible = 0
    if values.allSatisfy({ v in
      v.withUnsafeBufferPointer { buf in
        guard let p = buf.baseAddress else { return false }
        if DateTextParser.compact(p, buf.count, years: years) != nil { return true }
        guard DateTextParser.isImpossibleCompactDate(p, buf.count, years: years) else { return false }
        impossible += 1
        return true
      }
    }), isAFew(impossible, of: values.count) {
      return .compactDate(years)
    }
    if hints.time,
      values.allSatisfy({ v in
        v.withUnsafeBufferPointer { buf in
          buf.baseAddress.map { CSVFieldParser.unixStamp($0, buf.count) != nil } ?? false
        }
      })
    {
      return .unixTime
    }
    return .int
  }

  /// Whether `bad` of `count` sampled values is "a few": at most 1 in 100, and at least
  /// one allowed, so that a single bad line in a small file does not decide a column.
  static func isAFew(_ bad: Int, of count: Int) -> Bool {
    bad == 0 || (count >= 3 && bad <= max(1, count / 100))
  }

  /// The date kind of values that are all dates but a few impossible ones, or nil.
  static func mostlyDates(_ values: [[UInt8]]) -> CSVFieldKind? {
    var kind = CSVFieldKind.unknown
    var impossible = 0
    for v in values {
      let ok = v.withUnsafeBufferPointer { buf -> Bool in
        guard let p = buf.baseAddress else { return false }
        let k = CSVFieldKind.classify(p, buf.count)
        if k == .dateText || k == .dayFirstText {
          kind = kind.joined(with: k)
          return true
        }
        guard DateTextParser.isImpossibleDate(p, buf.count) else { return false }
        impossible += 1
        return true
      }
      if !ok { return nil }
    }
    return kind != .unknown && isAFew(impossible, of: values.count) ? kind : nil
  }

  /// The kind a column would have without its few values of another kind (a repeated
  /// header, a word in a number column, a line from another export), and which sampled
  /// values those are; nil when the column has no such dominant kind.
  static func dominant(name: String, values: [[UInt8]]) -> (kind: CSVFieldKind, outliers: [Int])? {
    var outliers: [Int] = []
    for (i, v) in values.enumerated() {
      let isText = v.withUnsafeBufferPointer { buf in
        buf.baseAddress.map { CSVFieldKind.classify($0, buf.count) == .string } ?? false
      }
      if isText { outliers.append(i) }
    }
    guard !outliers.isEmpty, values.count - outliers.count >= 10,
      isAFew(outliers.count, of: values.count),
      !outliers.contains(where: { isCode(values[$0]) })
    else { return nil }
    var rest: [[UInt8]] = []
    rest.reserveCapacity(values.count - outliers.count)
    var next = 0
    for (i, v) in values.enumerated() {
      if next < outliers.count, outliers[next] == i {
        next += 1
        continue
      }
      rest.append(v)
    }
    let k = kind(name: name, values: rest)
    return k == .string ? nil : (k, outliers)
  }

  /// Whether a value mixes letters and digits the way codes do (`C536379`, a cancelled
  /// invoice; `85123A`, a stock code): a column with such values is text by design, not
  /// numbers with a stray line.
  static func isCode(_ v: [UInt8]) -> Bool {
    // `1e400` is a number too large for a Double, not a code: the column is numbers with
    // one value out of range, which the load must name rather than turn to text unseen.
    if isScientificNumber(Array(CSVFieldParser.trimmedBytes(v))) { return false }
    var digits = 0
    var letters = 0
    for c in v {
      if c &- 48 < 10 { digits += 1 } else if (c | 32) &- 97 < 26 { letters += 1 }
    }
    return digits >= 3 && letters > 0
  }

  /// Whether `v` is written as a number with an exponent: `[+-]digits[.digits](e|E)[+-]digits`.
  static func isScientificNumber(_ v: [UInt8]) -> Bool {
    var i = 0
    func digits() -> Int {
      let start = i
      while i < v.count, v[i] &- 48 < 10 { i += 1 }
      return i - start
    }
    if i < v.count, v[i] == UInt8(ascii: "+") || v[i] == UInt8(ascii: "-") { i += 1 }
    var mantissa = digits()
    if i < v.count, v[i] == UInt8(ascii: ".") {
      i += 1
      mantissa += digits()
    }
    guard mantissa > 0, i < v.count, v[i] | 32 == UInt8(ascii: "e") else { return false }
    i += 1
    if i < v.count, v[i] == UInt8(ascii: "+") || v[i] == UInt8(ascii: "-") { i += 1 }
    return digits() > 0 && i == v.count
  }

  /// Whether every value is yes/no or y/n, in any case: answers, not free text. Only
  /// asked of columns whose name is a yes/no question (`NameHints.flag`): elsewhere `Y`
  /// and `N` are as likely sizes or codes.
  static func isWordBool(_ values: [[UInt8]]) -> Bool {
    guard values.count >= CSVNumberStyle.minimumValues else { return false }
    return values.allSatisfy { v in
      let lower = CSVFieldParser.trimmedBytes(v).map { $0 | ($0 >= 65 && $0 <= 90 ? 32 : 0) }
      return lower == [121] || lower == [110] || lower == Array("yes".utf8)
        || lower == Array("no".utf8)
    }
  }

  /// What a column name says about its values.
  struct NameHints {
    /// The name mentions a date or day (`eventdate`, `order_day`, `dt`, `ds`).
    var date: Bool
    /// The name mentions a time (`timestamp`, `event_time`, `ts`, `created_at`).
    var time: Bool
    /// The name ends in the word `id` (`user_pseudo_id`, `CustomerID`, `sessionId`).
    var identifier: Bool
    /// The name asks a yes/no question (`is_returning`, `has_coupon`, `newsletter_flag`).
    var flag: Bool

    init(_ whole: String) {
      // A hint is in the first words of a name; a name of megabytes (a stray line read as
      // the header) must not cost seconds to read.
      let name = whole.utf8.count > 256 ? String(whole.prefix(256)) : whole
      let words = Self.words(name)
      identifier = ["id", "uuid", "guid"].contains(words.last ?? "")
      flag =
        ["is", "has", "was", "did", "can"].contains(words.first ?? "")
        || words.contains { $0 == "flag" }
      // Byte search: String.contains(_:) sets up a searcher per call, which a file of a
      // million columns pays a million times.
      let lower = Array(name.lowercased().utf8)
      func has(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard lower.count >= w.count else { return false }
        for start in 0...(lower.count - w.count) where lower[start] == w[0] {
          if lower[start..<(start + w.count)].elementsEqual(w) { return true }
        }
        return false
      }
      date =
        has("date") || has("day")
        || words.contains { ["dt", "ds"].contains($0) }
      time =
        has("time") || has("date") || has("epoch")
        || words.contains { ["ts", "at", "created", "updated"].contains($0) }
    }

    /// Lower-case words of a name split at non-letters and camelCase humps.
    static func words(_ name: String) -> [String] {
      var words: [String] = []
      var current = ""
      var previousLower = false
      for ch in name.unicodeScalars {
        let letter: Bool, digit: Bool, upper: Bool, lower: Bool
        if ch.isASCII {
          // Unicode property lookups cost more than the rest of a name's analysis.
          let v = ch.value
          upper = v >= 65 && v <= 90
          lower = v >= 97 && v <= 122
          letter = upper || lower
          digit = v >= 48 && v <= 57
        } else {
          let p = ch.properties
          letter = p.isAlphabetic
          digit = p.numericType != nil
          upper = p.isUppercase
          lower = p.isLowercase
        }
        if !letter && !digit {
          if !current.isEmpty { words.append(current) }
          current = ""
          previousLower = false
          continue
        }
        if upper, previousLower, !current.isEmpty {
          words.append(current)
          current = ""
        }
        if upper {
          if ch.isASCII {
            current.unicodeScalars.append(Unicode.Scalar(UInt8(ch.value + 32)))
          } else {
            current += ch.properties.lowercaseMapping
          }
        } else {
          current.unicodeScalars.append(ch)
        }
        previousLower = lower
      }
      if !current.isEmpty { words.append(current) }
      return words
    }
  }
}
