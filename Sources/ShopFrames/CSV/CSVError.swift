import ShopCore

/// What can go wrong while reading or writing a CSV file. Cases carry the facts (file,
/// line, names); `diagnostic` is the one place that words them.
public enum CSVError: Error, Sendable, Equatable {
  /// No file at `path`; `suggestion` names a file in the same folder that looks like a typo
  /// fix ("did you mean 'u.data'?").
  case fileNotFound(path: String, suggestion: String?)
  /// A glob such as `monthly/*.csv.gz` that matched no file.
  case noMatches(glob: String)
  /// A file of a glob whose header differs from the first file's.
  case mismatchedHeader(file: String, expected: [String], found: [String])
  /// A record that is not valid CSV (wrong field count, unterminated quote, text after a
  /// closing quote), reported only when `strict` is set. `line` is 1-based.
  case malformedRow(file: String, line: Int, reason: String)
  /// A value that cannot be read as the type forced by `CSVOptions.types` (strict only).
  case typeConversion(file: String, line: Int, column: String, value: String, type: DataType)
  /// The file exists but could not be read (permissions, corrupt gzip, too large).
  case unreadable(path: String, reason: String)
  /// The file holds no record at all, not even a header.
  case emptyFile(path: String)
  /// `CSVOptions.columnNames` has a different count than the file has fields.
  case columnNameCount(expected: Int, given: Int)
  /// `CSVOptions.types` names a column the file does not have.
  case unknownColumn(name: String, available: [String])
  /// The output file could not be created or written.
  case unwritable(path: String, reason: String)
}

extension CSVError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .fileNotFound(let path, let suggestion):
      return .error("file not found: '\(path)'", label: suggestion)
    case .noMatches(let glob):
      return .error("no file matches '\(glob)'")
    case .mismatchedHeader(let file, let expected, let found):
      return .error(
        "'\(file)' has different columns than the first file",
        notes: [
          "expected: \(expected.joined(separator: ", "))",
          "found: \(found.joined(separator: ", "))",
        ])
    case .malformedRow(let file, let line, let reason):
      return .error("malformed row at line \(line) of '\(file)': \(reason)")
    case .typeConversion(let file, let line, let column, let value, let type):
      return .error(
        "cannot read '\(value)' as \(type) in column '\(column)' at line \(line) of '\(file)'")
    case .unreadable(let path, let reason):
      return .error("cannot read '\(path)': \(reason)")
    case .emptyFile(let path):
      return .error("'\(path)' is empty")
    case .columnNameCount(let expected, let given):
      return .error("\(given) column names given but the file has \(expected) columns")
    case .unknownColumn(let name, let available):
      return .error(
        "unknown column '\(name)' in types", label: Suggestions.didYouMean(name, in: available),
        notes: ["columns: \(available.prefix(12).joined(separator: ", "))\(available.count > 12 ? ", …" : "")"])
    case .unwritable(let path, let reason):
      return .error("cannot write '\(path)': \(reason)")
    }
  }
}

extension CSVError: CustomStringConvertible {
  public var description: String { diagnostic.message }
}
