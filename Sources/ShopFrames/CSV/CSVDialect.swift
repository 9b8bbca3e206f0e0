/// The field separator of a file, as sniffed or given.
struct CSVDialect: Sendable, Equatable {
  /// The separator byte; ignored when `whitespace` is set.
  var delimiter: UInt8
  /// Fields are separated by runs of spaces and tabs, and leading blanks are ignored.
  var whitespace: Bool

  static let comma = CSVDialect(delimiter: UInt8(ascii: ","), whitespace: false)

  /// A user-given delimiter byte; a space means whitespace-aligned.
  init(byte: UInt8) {
    self.delimiter = byte
    self.whitespace = byte == UInt8(ascii: " ")
  }

  init(delimiter: UInt8, whitespace: Bool) {
    self.delimiter = delimiter
    self.whitespace = whitespace
  }

  /// The name `LoadResult.delimiterName` reports.
  var name: String {
    if whitespace { return "whitespace" }
    switch delimiter {
    case UInt8(ascii: ","): return "comma"
    case UInt8(ascii: ";"): return "semicolon"
    case UInt8(ascii: "\t"): return "tab"
    case UInt8(ascii: "|"): return "pipe"
    default: return "'\(Character(Unicode.Scalar(delimiter)))'"
    }
  }
}
