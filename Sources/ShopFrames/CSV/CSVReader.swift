/// Loads CSV files (plain or gzip, one file or a glob) into a typed `Frame`.
///
/// ```swift
/// let orders = try CSVReader.load("uci-online-retail/monthly/*.csv.gz")
/// print(orders.frame.rowCount, orders.rejects.rowCount, orders.warnings)
/// ```
///
/// The reader works on raw bytes: RFC 4180 quoting (embedded delimiters, line breaks and
/// doubled quotes), LF/CRLF/CR line ends, a UTF-8 BOM, non-UTF-8 files (read as Latin-1
/// with a warning), sniffed delimiters (comma, semicolon, tab, pipe, whitespace runs) and
/// headers. Column types are inferred (see `CSVTypeInference`) and can be forced with
/// `CSVOptions.types`. Malformed records are never dropped silently: they are returned in
/// `LoadResult.rejects` with their line, or make the load fail when `strict`.
public enum CSVReader {
  /// Reads `path` (a file, or a glob whose matches must share one header).
  /// - Throws: `CSVError` (file not found, no matches, mismatched header, unreadable,
  ///   unknown column in `types`, and in strict mode malformed rows and type errors), or
  ///   `CommandCancelled` when Ctrl-C was pressed.
  /// - Complexity: O(bytes); one more pass over the bytes for columns whose guessed type
  ///   turned out too narrow. A file of 8 MB or more is parsed on `options.threads`
  ///   threads (default `SHOPLAB_THREADS`, else the cores), with the same result.
  public static func load(_ path: String, options: CSVOptions = CSVOptions()) throws -> LoadResult {
    try CSVLoader(options: options).load(path)
  }
}
