/// Guesses what the user did not say: the delimiter, and whether the first record is a
/// header. Both are overridable through `CSVOptions`.
enum CSVSniffer {
  /// Delimiters tried, in order of preference when two fit equally well.
  static let candidates: [UInt8] = [44, 59, 9, 124]  // , ; \t |

  /// The dialect of a file from its first records (at most 64 KiB, 50 records).
  ///
  /// A delimiter fits when it occurs the same number of times, at least once, in every
  /// sampled record (quoted text ignored); the one occurring most often wins. If none
  /// fits, a file whose records all have the same number (≥ 2) of blank-separated words
  /// is whitespace-aligned, provided it looks laid out: a tab or a run of two spaces
  /// somewhere, or a record made only of numbers (so a one-column file of phrases such as
  /// "red apple" stays one column). Failing both, the delimiter most records agree on
  /// wins, and a file with no delimiter at all is read as one comma-separated column.
  static func dialect(_ b: UnsafeBufferPointer<UInt8>) -> CSVDialect {
    let limit = min(b.count, 1 << 16)
    var counts: [[Int]] = []
    var words: [Int] = []
    var current = [Int](repeating: 0, count: candidates.count)
    var wordCount = 0
    var inWord = false
    var inQuote = false
    var lineHasText = false
    var previousBlank = false
    var laidOut = false
    var recordNumeric = true
    var i = 0
    while i < limit, counts.count < 50 {
      let c = b[i]
      i += 1
      if c == 34 { inQuote.toggle() }
      if inQuote || c == 34 {
        if !inWord {
          inWord = true
          wordCount += 1
        }
        lineHasText = true
        recordNumeric = false
        previousBlank = false
        continue
      }
      if c == 10 || c == 13 {
        if lineHasText {
          counts.append(current)
          words.append(wordCount)
          if recordNumeric, wordCount >= 2 { laidOut = true }
        }
        current = [Int](repeating: 0, count: candidates.count)
        wordCount = 0
        inWord = false
        lineHasText = false
        previousBlank = false
        recordNumeric = true
        continue
      }
      if let k = candidates.firstIndex(of: c) { current[k] += 1 }
      if c == 32 || c == 9 {
        if c == 9 || previousBlank { laidOut = true }
        previousBlank = true
        inWord = false
        continue
      }
      previousBlank = false
      lineHasText = true
      if !(CSVFieldParser.isDigit(c) || c == 46 || c == 43 || c == 45 || c == 101 || c == 69) {
        recordNumeric = false
      }
      if !inWord {
        inWord = true
        wordCount += 1
      }
    }
    // The last record counts only if the sample holds all of it.
    if lineHasText, limit == b.count, !inQuote {
      counts.append(current)
      words.append(wordCount)
      if recordNumeric, wordCount >= 2 { laidOut = true }
    }
    guard !counts.isEmpty else { return .comma }

    var best: (index: Int, count: Int)?
    for k in candidates.indices {
      let first = counts[0][k]
      guard first > 0, counts.allSatisfy({ $0[k] == first }) else { continue }
      if first > (best?.count ?? 0) { best = (k, first) }
    }
    if let best { return CSVDialect(delimiter: candidates[best.index], whitespace: false) }
    if laidOut, let first = words.first, first >= 2, words.allSatisfy({ $0 == first }) {
      return CSVDialect(delimiter: 32, whitespace: true)
    }
    var fallback: (index: Int, agreeing: Int)?
    for k in candidates.indices {
      var frequency: [Int: Int] = [:]
      for row in counts where row[k] > 0 { frequency[row[k], default: 0] += 1 }
      let agreeing = frequency.values.max() ?? 0
      if agreeing > (fallback?.agreeing ?? 0) { fallback = (k, agreeing) }
    }
    if let fallback { return CSVDialect(delimiter: candidates[fallback.index], whitespace: false) }
    return .comma
  }

  /// Whether `first` is a header, judged against the records below it (`rows`, each with
  /// the same field count as `first`).
  ///
  /// Headers are words: a number, date or blank in the first record votes "data" (a blank
  /// over a column that is blank throughout says nothing); a word
  /// above a column of numbers, dates or booleans votes "header"; a word above words says
  /// nothing. Ties go to "header", the common case (a file of words only is taken to have
  /// one, as pandas does).
  static func hasHeader(first: [[UInt8]], rows: [[[UInt8]]]) -> Bool {
    var votes = 0
    for c in first.indices {
      let cell = first[c]
      let headerKind: CSVFieldKind? = cell.withUnsafeBufferPointer { buf in
        guard let p = buf.baseAddress, !CSVFieldParser.isNull(p, buf.count) else { return nil }
        return CSVFieldKind.classify(p, buf.count)
      }
      guard let headerKind else {
        // A blank name over a column blank in every record is an empty trailing column
        // that spreadsheets export (`a,b,,`): it says nothing about the first record.
        let columnIsBlank = rows.allSatisfy { row in
          c >= row.count
            || row[c].withUnsafeBufferPointer { buf in
              buf.baseAddress.map { CSVFieldParser.isNull($0, buf.count) } ?? true
            }
        }
        if !columnIsBlank { votes -= 1 }
        continue
      }
      if headerKind != .string {
        votes -= 1
        continue
      }
      var dataKind = CSVFieldKind.unknown
      for row in rows where c < row.count {
        row[c].withUnsafeBufferPointer { buf in
          guard let p = buf.baseAddress, !CSVFieldParser.isNull(p, buf.count) else { return }
          dataKind = dataKind.joined(with: CSVFieldKind.classify(p, buf.count))
        }
        if dataKind == .string { break }
      }
      if dataKind != .string, dataKind != .unknown { votes += 1 }
    }
    return votes >= 0
  }
}
