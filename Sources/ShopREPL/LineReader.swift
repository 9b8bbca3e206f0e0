/// Where input lines come from: readline on a terminal, plain stdin for pipes and tests.
///
/// The seam lets the line-editing library change (GNU readline, libedit) without the
/// input loop knowing.
public protocol LineReader: AnyObject {
  /// The next line without its newline, or nil at end of input (Ctrl-D).
  func readLine(prompt: String) -> String?
  /// The next line, starting out as `prefill` for the user to edit or accept with Enter.
  func readLine(prompt: String, prefill: String) -> String?
  /// Remembers a complete input for history (Up arrow, Ctrl-R).
  func addHistory(_ entry: String)
  /// Saves history before exiting.
  func saveHistory()
}

extension LineReader {
  /// Readers that cannot edit a line ignore the pre-filled text.
  public func readLine(prompt: String, prefill: String) -> String? { readLine(prompt: prompt) }
}

/// Reads standard input without echoing prompts: for pipes and redirected files.
public final class PlainLineReader: LineReader {
  public init() {}
  public func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
  public func addHistory(_ entry: String) {}
  public func saveHistory() {}
}

/// Hands out lines from an array: for tests. An empty line read with pre-filled text gives
/// that text, as Enter on a pre-filled readline line does.
public final class ScriptedLineReader: LineReader {
  private var lines: [String]
  public private(set) var prompts: [String] = []
  public private(set) var prefills: [String] = []
  public init(_ lines: [String]) { self.lines = lines }
  public func readLine(prompt: String) -> String? {
    prompts.append(prompt)
    return lines.isEmpty ? nil : lines.removeFirst()
  }
  public func readLine(prompt: String, prefill: String) -> String? {
    prefills.append(prefill)
    guard let line = readLine(prompt: prompt) else { return nil }
    return line.isEmpty ? prefill : line
  }
  public func addHistory(_ entry: String) {}
  public func saveHistory() {}
}
