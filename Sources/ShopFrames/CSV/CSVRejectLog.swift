/// The malformed records of a load, gathered in any order and reported sorted by file
/// and line as the `rejects` frame.
struct CSVRejectLog {
  /// How much of a rejected record's text is kept: enough to recognise the row, not so
  /// much that a file of broken rows doubles the memory of the load.
  static let textLimit = 200

  private var entries: [(file: Int, line: Int, reason: String, text: String)] = []

  var isEmpty: Bool { entries.isEmpty }

  mutating func add(file: Int, line: Int, reason: String, text: UnsafeBufferPointer<UInt8>) {
    entries.append((file, line, reason, Self.excerpt(text)))
  }

  mutating func add(file: Int, line: Int, reason: String, text: String) {
    var text = text
    text.withUTF8 { add(file: file, line: line, reason: reason, text: $0) }
  }

  /// Adds the rejects of a later segment of the input, whose lines count from the
  /// segment's start, moved by `lineShift`.
  mutating func append(_ other: CSVRejectLog, lineShift: Int) {
    entries += other.entries.map { e in (e.file, e.line + lineShift, e.reason, e.text) }
  }

  /// The record's text, cut at `textLimit` characters with an ellipsis.
  static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    // A whole unterminated quote can be the rest of the file: decode only a prefix.
    let head = UnsafeBufferPointer(rebasing: bytes.prefix(textLimit * 4))
    let text = String(decoding: head, as: UTF8.self)
    if text.count <= textLimit, head.count == bytes.count { return text }
    return String(text.prefix(textLimit)) + "…"
  }

  /// The `rejects` frame: `line`, `file`, `reason`, `text`.
  func frame(fileNames: [String]) -> Frame {
    let sorted = entries.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    return Frame(columns: [
      Column(name: "line", scalars: sorted.map { .int(Int64($0.line)) }, type: .int),
      Column(name: "file", scalars: sorted.map { .string(fileNames[$0.file]) }, type: .string),
      Column(name: "reason", scalars: sorted.map { .string($0.reason) }, type: .string),
      Column(name: "text", scalars: sorted.map { .string($0.text) }, type: .string),
    ])
  }
}
