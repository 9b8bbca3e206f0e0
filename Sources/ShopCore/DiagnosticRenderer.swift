/// Renders a diagnostic with the source line and a caret under the exact span.
///
/// ```
/// error: unknown column 'Reveneu'
///  --> tour.shop:3:33
///   |
/// 3 | orders | group by Country | agg s = sum(Reveneu)
///   |                                         ^^^^^^^ did you mean 'Revenue'?
/// ```
public enum DiagnosticRenderer {
  public static func render(_ diagnostic: Diagnostic, in source: SourceText?) -> String {
    var out = "\(diagnostic.severity.rawValue): \(diagnostic.message)"
    if let range = diagnostic.range, let source, range.start <= source.text.utf8.count {
      let (line, column) = source.location(of: range.start)
      out += "\n --> \(source.name):\(line):\(column)"
      let index = source.lineIndex(of: range.start)
      let text = source.line(at: index)
      let gutter = String(line)
      let pad = String(repeating: " ", count: gutter.count)
      // The caret runs to the end of the range or of the line, whichever comes first.
      let lineEndColumn = text.count + 1
      let (endLine, endColumn) = source.location(of: range.end)
      let stop = endLine == line ? endColumn : lineEndColumn
      let width = max(1, stop - column)
      let lead = displayWidth(shown(String(text.prefix(column - 1))))
      let caretWidth = max(1, displayWidth(shown(String(text.dropFirst(column - 1).prefix(width)))))
      out += "\n\(pad) |"
      out += "\n\(gutter) | \(shown(text))"
      out += "\n\(pad) | " + String(repeating: " ", count: lead)
        + String(repeating: "^", count: caretWidth)
      if let label = diagnostic.label { out += " \(label)" }
    } else if let label = diagnostic.label {
      out += "\n  \(label)"
    }
    for note in diagnostic.notes { out += "\n  = \(note)" }
    return out
  }

  /// Source text as the snippet shows it: tabs as four spaces, control characters as the
  /// terminal will show them (`\x1b`), so the caret is measured against what is seen.
  /// Credentials are starred out (`SecretText`), one star per character.
  private static func shown(_ text: String) -> String {
    TerminalText.visible(expandTabs(SecretText.masked(text)), colors: false)
  }

  /// A tab takes up to 8 terminal columns but none in `displayWidth`, so a caret after
  /// one would drift left: the snippet shows each tab as four spaces, and so does the lead.
  private static func expandTabs(_ text: String) -> String {
    guard text.contains("\t") else { return text }
    return text.split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ")
  }

  /// A one-line form for logs and the session store: `name:line:col: error: message`.
  public static func oneLine(_ diagnostic: Diagnostic, in source: SourceText?) -> String {
    var prefix = ""
    if let range = diagnostic.range, let source {
      let (line, column) = source.location(of: range.start)
      prefix = "\(source.name):\(line):\(column): "
    }
    var text = "\(prefix)\(diagnostic.severity.rawValue): \(diagnostic.message)"
    if let label = diagnostic.label { text += " (\(label))" }
    return text
  }
}
