import ShopCore

/// A lexical token: its kind, its byte range, and whether white space came before it
/// (which separates `f(x)`, a call, from `where (x)`, a command and its argument).
public struct Token: Sendable, Equatable {
  public var kind: TokenKind
  public var range: SourceRange
  public var spaceBefore: Bool
  /// A back-quoted name (`` `true` ``, `` `Unit Price` ``): always a name, never a keyword
  /// or literal.
  public var quoted: Bool

  public init(_ kind: TokenKind, _ range: SourceRange, spaceBefore: Bool, quoted: Bool = false) {
    self.kind = kind
    self.range = range
    self.spaceBefore = spaceBefore
    self.quoted = quoted
  }
}

/// The kinds of token in the ShopLab language.
public enum TokenKind: Sendable, Equatable {
  case identifier(String)
  case integer(Int64)
  case float(Double)
  case string(String)
  /// `2011-01-01` or `2011-01-01T10:30`: seconds since 1970 on the wall clock.
  case date(Int64)
  /// `30m`, `7d`: a length of time in seconds.
  case duration(Int64, text: String)
  case pipe, comma, colon, equals, lparen, rparen, lbracket, rbracket
  case plus, minus, star, slash, percent
  case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
  case newline
  case eof
  /// A character or literal the lexer could not read; the message says why.
  case invalid(String)

  /// How the token reads in a message: `'|'`, `identifier 'x'`, `end of input`.
  public var display: String {
    switch self {
    case .identifier(let s): return "'\(s)'"
    case .integer(let v): return "number \(v)"
    case .float(let v): return "number \(v)"
    case .string(let s): return "string \"\(s)\""
    case .date: return "date"
    case .duration(_, let text): return "duration \(text)"
    case .pipe: return "'|'"
    case .comma: return "','"
    case .colon: return "':'"
    case .equals: return "'='"
    case .lparen: return "'('"
    case .rparen: return "')'"
    case .lbracket: return "'['"
    case .rbracket: return "']'"
    case .plus: return "'+'"
    case .minus: return "'-'"
    case .star: return "'*'"
    case .slash: return "'/'"
    case .percent: return "'%'"
    case .equalEqual: return "'=='"
    case .bangEqual: return "'!='"
    case .less: return "'<'"
    case .lessEqual: return "'<='"
    case .greater: return "'>'"
    case .greaterEqual: return "'>='"
    case .newline: return "end of line"
    case .eof: return "end of input"
    case .invalid(let why): return why
    }
  }
}
