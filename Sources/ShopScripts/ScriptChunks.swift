import ShopSyntax

/// A script cut into the inputs the interpreter runs one at a time, each with the
/// `# expect:` lines written under it.
///
/// An input runs from a line that is neither blank nor a comment until it is complete:
/// no bracket open, no trailing `|` or `,`, and the next line that is not a comment does
/// not start with `|`. This is the rule the REPL uses to ask for a continuation line, with
/// one addition for files: inside open brackets, a line at the left margin is not a
/// continuation, so a forgotten `)` is reported where it happened.
public struct ScriptChunk: Sendable, Equatable {
  /// The input's text, lines joined with "\n".
  public var text: String
  /// 1-based line numbers of its first and last line.
  public var firstLine: Int
  public var lastLine: Int
  /// The `# expect: …` lines after it, without the prefix.
  public var expectedOutput: [String]
  /// The message of a `# expect error: …` line, if any.
  public var expectedError: String?
  /// Line numbers (1-based) of its expectation lines, for rewriting them.
  public var expectationLines: [Int]

  public var hasExpectations: Bool { !expectationLines.isEmpty }
}

public enum ScriptChunker {
  static let expectPrefix = "# expect:"
  static let expectErrorPrefix = "# expect error:"

  public static func chunks(of text: String) -> [ScriptChunk] {
    let lines = ScriptLines.split(text)
    var chunks: [ScriptChunk] = []
    var i = 0
    func trimmed(_ s: String) -> Substring { s.drop { $0 == " " || $0 == "\t" } }
    func isExpectation(_ s: String) -> Bool {
      let t = trimmed(s)
      return t.hasPrefix(expectPrefix) || t.hasPrefix(expectErrorPrefix)
    }
    func isContinuation(_ s: String) -> Bool {
      guard let first = s.first else { return true }
      return first == " " || first == "\t" || first == ")" || first == "]" || first == "|"
    }
    func isSkippable(_ s: String) -> Bool {
      let t = trimmed(s)
      return t.isEmpty || (t.hasPrefix("#") && !isExpectation(s))
    }
    while i < lines.count {
      let line = lines[i]
      if isExpectation(line), !chunks.isEmpty {
        let t = String(trimmed(line))
        if t.hasPrefix(expectErrorPrefix) {
          chunks[chunks.count - 1].expectedError = String(t.dropFirst(expectErrorPrefix.count)).trimmingLeadingSpace()
        } else {
          var body = String(t.dropFirst(expectPrefix.count))
          if body.hasPrefix(" ") { body.removeFirst() }
          chunks[chunks.count - 1].expectedOutput.append(body)
        }
        chunks[chunks.count - 1].expectationLines.append(i + 1)
        i += 1
        continue
      }
      if isSkippable(line) {
        i += 1
        continue
      }
      var body = [line]
      let first = i
      var last = i
      i += 1
      while true {
        let soFar = body.joined(separator: "\n")
        // An unfinished input continues on lines that are indented, blank or start by
        // closing a bracket; a line at the left margin starts the next input, so one
        // missing ')' cannot swallow the rest of the script.
        if !Parser.isComplete(soFar), i < lines.count, !isExpectation(lines[i]),
          isContinuation(lines[i]) || soFar.hasSuffix("|") || soFar.hasSuffix(",")
        {
          body.append(lines[i])
          // Blank lines may sit inside an input but never end it: expectations go after
          // its last line with text.
          if !trimmed(lines[i]).isEmpty { last = i }
          i += 1
          continue
        }
        // Look past comments for a line starting with `|`.
        var j = i
        while j < lines.count, isSkippable(lines[j]), !trimmed(lines[j]).isEmpty { j += 1 }
        if j < lines.count, trimmed(lines[j]).hasPrefix("|") {
          body += lines[i...j]
          last = j
          i = j + 1
          continue
        }
        break
      }
      while body.count > 1, let tail = body.last, trimmed(tail).isEmpty { body.removeLast() }
      chunks.append(
        ScriptChunk(
          text: body.joined(separator: "\n"), firstLine: first + 1, lastLine: last + 1,
          expectedOutput: [], expectedError: nil, expectationLines: []))
    }
    return chunks
  }
}

extension String {
  fileprivate func trimmingLeadingSpace() -> String { String(drop { $0 == " " }) }
}
