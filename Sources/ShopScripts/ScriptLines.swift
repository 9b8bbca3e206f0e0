/// A script's lines, whatever its line endings.
///
/// Swift reads "\r\n" as one `Character`, so `split(separator: "\n")` never splits a file
/// saved with Windows line endings: the whole script became one line, its `# expect:`
/// lines part of the first input. Splitting on Unicode scalars sees every line.
public enum ScriptLines {
  /// The lines of `text`, split at "\n" and "\r\n", without their endings; a text ending in a
  /// newline gives a last empty line, as `split(separator:omittingEmptySubsequences: false)`.
  public static func split(_ text: String) -> [String] {
    text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      String(Substring(line.last == "\r" ? line.dropLast() : line))
    }
  }

  /// The line ending a rewritten file keeps: "\r\n" when the text uses it, else "\n".
  public static func ending(of text: String) -> String {
    let bytes = text.utf8
    guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")), newline != bytes.startIndex else { return "\n" }
    return bytes[bytes.index(before: newline)] == UInt8(ascii: "\r") ? "\r\n" : "\n"
  }

  /// Whether the text ends with a line ending.
  public static func endsWithNewline(_ text: String) -> Bool { text.unicodeScalars.last == "\n" }
}
