import ShopCore

/// What the parser can report. Each case carries the range it is about.
public enum ParseError: Error, Sendable, Equatable {
  case expected(String, found: TokenKind, at: SourceRange)
  case invalidToken(String, at: SourceRange)
  case emptyStage(at: SourceRange)
  case nestedTooDeeply(at: SourceRange)
  /// More binary operators in one expression than the parser allows (the limit).
  case tooManyOperators(Int, at: SourceRange)
  case chainedComparison(at: SourceRange)
  case misplacedLet(at: SourceRange)
}

extension ParseError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .expected(let what, let found, let range):
      return .error("expected \(what), found \(found.display)", at: range)
    case .invalidToken(let message, let range):
      return .error(message, at: range)
    case .emptyStage(let range):
      return .error("expected a command after '|'", at: range)
    case .nestedTooDeeply(let range):
      return .error("expression nested too deeply", at: range)
    case .tooManyOperators(let limit, let range):
      return .error("expression too long: more than \(limit) operators", at: range)
    case .chainedComparison(let range):
      return .error(
        "comparisons cannot be chained", at: range, notes: ["write 'a < b and b < c'"])
    case .misplacedLet(let range):
      return .error("'let' must start a line", at: range)
    }
  }
}
