/// How `CSVReader.load` should read a file: every field is optional, and `nil` means
/// "work it out from the data".
///
/// ```swift
/// // A header-less, pipe-separated file with names of our own:
/// var options = CSVOptions(delimiter: UInt8(ascii: "|"), hasHeader: false,
///                          columnNames: ["user_id", "age", "gender", "occupation", "zip"])
/// options.types["zip"] = .string
/// let users = try CSVReader.load("movielens-100k/u.user", options: options)
/// ```
public struct CSVOptions: Sendable {
  /// The field separator as an ASCII byte; `nil` sniffs it from the first lines. A space
  /// (`0x20`) means "runs of spaces or tabs", the layout of whitespace-aligned files.
  public var delimiter: UInt8?
  /// Whether the first record names the columns; `nil` sniffs it by comparing the first
  /// record with the types of the records below it.
  public var hasHeader: Bool?
  /// Column names for a header-less file, or new names for a file with a header. Must have
  /// one name per field.
  public var columnNames: [String]?
  /// Types forced on columns (by final column name). A value that cannot be read as the
  /// forced type sends its row to the rejects, or fails the load when `strict`.
  public var types: [String: DataType]
  /// Make the first malformed row an error instead of a reject.
  public var strict: Bool
  /// Every column keeps the kind most of its sampled values have: a value that does not
  /// fit (a word in a number column, a repeated header line) is read as null and listed in
  /// the rejects with its line, instead of making the whole column text.
  public var keepTypes = false
  /// Text columns keep every value as written: only an empty field is null there, so `NA`
  /// (Namibia's code), `None` or `-` stay text. Number and date columns still read the null
  /// spellings (`CSVFieldParser.isNull`) as null, since none of them could be a value there.
  public var keepText = false
  /// How many threads parse a large file (one of 8 MB or more, once inflated): `nil` takes
  /// `SHOPLAB_THREADS` from the environment, or else the number of cores. Never more than
  /// the cores; 1 parses on the calling thread alone. The result is the same at any count.
  public var threads: Int?
  /// Bytes per parallel segment, for tests that want many tiny segments (and the
  /// segmented path on small files); nil picks a size from the file and the thread count.
  var segmentBytes: Int?
  /// Bytes per window for a plain file read with `pread` (`CSVByteWindow`), for tests that
  /// want every record cut by a window's end; it also makes small plain files read in
  /// windows. Nil: files of `CSVInputSettings.windowedMinimumBytes` or more, 1 MB windows.
  var windowBytes: Int?
  /// Called after every window read of a plain file with its offset and length: tests
  /// change the file at a known point of the load.
  var afterFileRead: (@Sendable (_ offset: Int, _ count: Int) -> Void)?

  public init(
    delimiter: UInt8? = nil, hasHeader: Bool? = nil, columnNames: [String]? = nil,
    types: [String: DataType] = [:], strict: Bool = false
  ) {
    self.delimiter = delimiter
    self.hasHeader = hasHeader
    self.columnNames = columnNames
    self.types = types
    self.strict = strict
  }
}

/// What a load produced: the table, the rows that could not be read, and what the reader
/// decided on the user's behalf (delimiter, encoding), so the REPL can say so.
public struct LoadResult: Sendable {
  /// The rows that were read, one typed column per field.
  public var frame: Frame
  /// One row per malformed record, with columns `line` (1-based physical line where the
  /// record starts), `file`, `reason` and `text` (the raw record, truncated). Has 0 rows,
  /// and still the 4 columns, when nothing was rejected.
  public var rejects: Frame
  /// Things the user should know, e.g. "'u.item' is not UTF-8; read as Latin-1".
  public var warnings: [String]
  /// The files read, in order (one unless the path was a glob).
  public var files: [String]
  /// "comma", "semicolon", "tab", "pipe" or "whitespace".
  public var delimiterName: String

  public init(
    frame: Frame, rejects: Frame, warnings: [String], files: [String], delimiterName: String,
    nulledValueCount: Int = 0
  ) {
    self.nulledValueCount = nulledValueCount
    self.frame = frame
    self.rejects = rejects
    self.warnings = warnings
    self.files = files
    self.delimiterName = delimiterName
  }

  /// How many values were read as null because they did not fit their column (an
  /// impossible date, or any misfit under `keepTypes`); each is a row of `rejects` whose
  /// record is still in the frame.
  public var nulledValueCount = 0

  /// How many records went to `rejects` (and are not in the frame).
  public var rejectedCount: Int { rejects.rowCount - nulledValueCount }
}
