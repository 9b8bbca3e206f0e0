import ShopCore

/// Errors the interpreter raises itself (frames, store and parser errors pass through
/// with their own types).
public enum RuntimeError: Error, Sendable, Equatable {
  case unknownCommand(String, known: [String], at: SourceRange)
  /// `known` are the names bound with `let`; `commands` are offered as suggestions only.
  case unknownName(String, known: [String], commands: [String] = [], at: SourceRange)
  case expected(String, at: SourceRange)
  /// `expected` inside a command's arguments, with the command's synopsis to show the form.
  case expectedInCommand(String, usage: String, at: SourceRange)
  case unexpectedArgument(String, command: String, at: SourceRange)
  /// A leftover argument with a likely fix: a column name with spaces, a misspelt word.
  case unexpectedWithHint(String, label: String, note: String, at: SourceRange)
  case wrongInput(command: String, needs: String, got: String, at: SourceRange)
  case missingInput(command: String, at: SourceRange)
  case invalidValue(String, at: SourceRange?)
  case noLastResult(at: SourceRange)
  case fileError(String)
}

extension RuntimeError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .unknownCommand(let name, let known, let range):
      return .error(
        "unknown command '\(name)'", at: range, label: Suggestions.didYouMean(name, in: known),
        notes: ["'help' lists the commands"])
    case .unknownName(let name, let known, let commands, let range):
      if let hint = Suggestions.didYouMean(name, in: known + commands) {
        return .error("unknown name '\(name)'", at: range, label: hint)
      }
      // No near name: say what there is, so a newcomer sees how names come to be.
      let bound = known.filter { $0 != "_" }
      let shown = bound.prefix(12).joined(separator: ", ") + (bound.count > 12 ? ", …" : "")
      let note = bound.isEmpty
        ? "no name is bound yet: 'let orders = load \"orders.csv\"' binds one; 'tables' lists the kept tables"
        : "bound names: \(shown) ('names' shows what they hold)"
      return .error("unknown name '\(name)'", at: range, notes: [note])
    case .expected(let what, let range):
      return .error("expected \(what)", at: range)
    case .expectedInCommand(let what, let usage, let range):
      return .error("expected \(what)", at: range, notes: ["usage: \(usage)"])
    case .unexpectedArgument(let what, let command, let range):
      return .error(
        "unexpected \(what)", at: range, notes: ["'help \(command)' shows how to use it"])
    case .unexpectedWithHint(let what, let label, let note, let range):
      return .error("unexpected \(what)", at: range, label: label, notes: [note])
    case .wrongInput(let command, let needs, let got, let range):
      return .error("'\(command)' needs \(needs), got \(got)", at: range)
    case .missingInput(let command, let range):
      return .error(
        "'\(command)' needs a table", at: range,
        notes: ["pipe one in ('orders | \(command) …') or name it ('\(command) orders …')"])
    case .invalidValue(let message, let range):
      return .error(message, at: range)
    case .noLastResult(let range):
      return .error("there is no last result yet for '|' or '_' to use", at: range)
    case .fileError(let message):
      return .error(message)
    }
  }
}
