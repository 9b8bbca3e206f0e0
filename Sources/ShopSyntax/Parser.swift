import ShopCore

/// A recursive-descent parser for ShopLab statements.
///
/// The grammar (see docs/language.md):
/// ```
/// program    = { statement newline }
/// statement  = "let" NAME "=" pipeline | pipeline
/// pipeline   = [ stage ] { "|" stage }          (a leading "|" pipes the last result)
/// stage      = term { term }
/// term       = NAME "=" expr | NAME ":" expr | "," | expr
/// expr       = or ; or = and {"or" and} ; and = not {"and" not} ; not = "not" not | cmp
/// cmp        = in [ ("=="|"!="|"<"|"<="|">"|">=") in ]
/// in         = sum [ ["not"] "in" sum ]
/// sum        = product { ("+"|"-") product } ; product = unary { ("*"|"/"|"%") unary }
/// unary      = "-" unary | primary ; primary = literal | NAME | NAME "(" args ")" | "(" expr ")" | "[" args "]"
/// ```
/// A newline ends a statement unless a bracket is open, the line ends with `|` or `,`, or
/// the next line starts with `|`. Errors are reported per statement: the parser skips to
/// the next line and goes on, so one pass finds every broken line. Every loop consumes
/// a token or stops, so no input can make it hang, and nesting and operator chains are
/// bounded, so no input can build a tree too deep to evaluate or free.
public struct Parser {
  private let tokens: [Token]
  private var index = 0
  private var depth = 0
  private static let maxDepth = 128
  /// How many brackets are open: inside one, newlines are skipped like spaces.
  private var bracketDepth = 0
  /// Binary operators in the current top-level expression. A chain of them builds a tree
  /// as deep as it is long, and evaluating or freeing that tree recurses once per level.
  private var operators = 0
  private static let maxOperators = 1000

  private init(tokens: [Token]) {
    self.tokens = tokens
  }

  /// Parses a whole text into statements, with a diagnostic for every broken statement.
  public static func parse(_ text: String) -> (statements: [Statement], diagnostics: [Diagnostic]) {
    var parser = Parser(tokens: Lexer.tokenize(text))
    return parser.parseProgram()
  }

  /// Whether the text is a complete input, or the REPL should ask for another line
  /// (an open bracket, a line that ends with `|`, `,`, `let NAME =` or a backslash).
  public static func isComplete(_ text: String) -> Bool {
    var depth = 0
    var last: TokenKind = .newline
    let tokens = Lexer.tokenize(text)
    // A backslash at the very end joins the next line (the lexer needs that line to see it).
    if tokens.count >= 2, case .invalid = tokens[tokens.count - 2].kind,
      tokens[tokens.count - 2].range.end == text.utf8.count, text.utf8.last == UInt8(ascii: "\\")
    {
      return false
    }
    for token in tokens {
      switch token.kind {
      case .lparen, .lbracket: depth += 1
      case .rparen, .rbracket: depth = max(0, depth - 1)
      case .newline, .eof: continue
      default: break
      }
      last = token.kind
    }
    // `let x =` at the end of the input: the parser reads the pipeline from the next line.
    let significant = tokens.filter { $0.kind != .newline && $0.kind != .eof }.suffix(3).map(\.kind)
    if significant.count == 3, significant[0] == .identifier("let"), case .identifier = significant[1],
      significant[2] == .equals
    {
      return false
    }
    return depth == 0 && last != .pipe && last != .comma
  }

  // MARK: Cursor

  private var current: Token { tokens[min(index, tokens.count - 1)] }
  private func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }
  private mutating func advance() -> Token {
    let t = current
    if index < tokens.count - 1 { index += 1 }
    if bracketDepth > 0 { skipNewlines() }
    return t
  }

  private mutating func expect(_ kind: TokenKind, _ what: String) throws -> Token {
    if current.kind == kind { return advance() }
    if case .invalid(let message) = current.kind { throw ParseError.invalidToken(message, at: current.range) }
    // When newlines inside a bracket were skipped to get here, the line that opened it is
    // where something is missing: report its end, and recover from the next line.
    var lineEnd = index
    while lineEnd > 0, tokens[lineEnd - 1].kind == .newline { lineEnd -= 1 }
    if lineEnd < index {
      index = lineEnd
      throw ParseError.expected(what, found: .newline, at: current.range)
    }
    throw ParseError.expected(what, found: current.kind, at: current.range)
  }

  /// Counts one more binary operator of the current expression.
  private mutating func countOperator() throws {
    operators += 1
    if operators > Self.maxOperators { throw ParseError.tooManyOperators(Self.maxOperators, at: current.range) }
  }

  private func isKeyword(_ word: String) -> Bool {
    if case .identifier(let s) = current.kind, !current.quoted { return s == word }
    return false
  }

  private func isEndOfStage(_ kind: TokenKind) -> Bool {
    switch kind {
    case .pipe, .newline, .eof, .rparen, .rbracket: return true
    default: return false
    }
  }

  /// Skips newlines when the next line continues the pipeline by starting with `|`.
  private mutating func skipNewlinesBeforePipe() {
    var look = 0
    while peek(look).kind == .newline { look += 1 }
    if look > 0, peek(look).kind == .pipe { index += look }
  }

  private mutating func skipNewlines() {
    while current.kind == .newline { index += 1 }
  }

  // MARK: Statements

  private mutating func parseProgram() -> ([Statement], [Diagnostic]) {
    var statements: [Statement] = []
    var diagnostics: [Diagnostic] = []
    while true {
      skipNewlines()
      if current.kind == .eof { break }
      let before = index
      bracketDepth = 0
      do {
        let statement = try parseStatement()
        if !(current.kind == .newline || current.kind == .eof) {
          if case .invalid(let m) = current.kind { throw ParseError.invalidToken(m, at: current.range) }
          throw ParseError.expected("end of line", found: current.kind, at: current.range)
        }
        statements.append(statement)
      } catch let error as ParseError {
        diagnostics.append(error.diagnostic)
        // Recover at the next line; always make progress.
        while current.kind != .newline && current.kind != .eof { index += 1 }
        if index == before, current.kind != .eof { index += 1 }
      } catch {
        diagnostics.append(.error("\(error)"))
        break
      }
    }
    return (statements, diagnostics)
  }

  private mutating func parseStatement() throws -> Statement {
    let start = current.range.start
    if isKeyword("let") {
      _ = advance()
      guard case .identifier(let name) = current.kind else {
        throw ParseError.expected("a name after 'let'", found: current.kind, at: current.range)
      }
      let nameRange = advance().range
      _ = try expect(.equals, "'=' after the name")
      skipNewlines()
      if current.kind == .eof || current.kind == .newline {
        throw ParseError.expected("a value after '='", found: current.kind, at: current.range)
      }
      let pipeline = try parsePipeline()
      return Statement(kind: .binding(name, nameRange, pipeline), range: SourceRange(start, pipeline.range.end))
    }
    let pipeline = try parsePipeline()
    return Statement(kind: .pipeline(pipeline), range: pipeline.range)
  }

  private mutating func parsePipeline() throws -> Pipeline {
    var stages: [Stage] = []
    let start = current.range.start
    if current.kind == .pipe {
      // `| head 5` applies to the last result.
      stages.append(Stage(terms: [], range: SourceRange(start, start)))
    } else {
      stages.append(try parseStage())
    }
    while true {
      skipNewlinesBeforePipe()
      guard current.kind == .pipe else { break }
      let pipe = advance()
      skipNewlines()
      let stage = try parseStage()
      if stage.terms.isEmpty { throw ParseError.emptyStage(at: pipe.range) }
      stages.append(stage)
    }
    let end = stages.last.map { $0.range.end } ?? start
    return Pipeline(stages: stages, range: SourceRange(start, max(end, start)))
  }

  private mutating func parseStage() throws -> Stage {
    var terms: [Term] = []
    let start = current.range.start
    while !isEndOfStage(current.kind) {
      let before = index
      if isKeyword("let") { throw ParseError.misplacedLet(at: current.range) }
      terms.append(try parseTerm())
      if index == before { break }
    }
    if terms.isEmpty {
      if case .invalid(let m) = current.kind { throw ParseError.invalidToken(m, at: current.range) }
      if current.kind == .rparen || current.kind == .rbracket {
        throw ParseError.expected("a command", found: current.kind, at: current.range)
      }
    }
    let end = terms.last?.range.end ?? start
    return Stage(terms: terms, range: SourceRange(start, end))
  }

  private mutating func parseTerm() throws -> Term {
    let token = current
    if token.kind == .comma {
      _ = advance()
      // A line that ends with a comma goes on: `agg n = count(),` / `  s = sum(x)`.
      skipNewlines()
      return Term(.comma, token.range)
    }
    if case .identifier(let name) = token.kind, token.quoted || !Self.reserved.contains(name) {
      if peek(1).kind == .equals {
        _ = advance()
        _ = advance()
        let value = try parseExpression()
        return Term(.assignment(name, token.range, value), token.range.union(value.range))
      }
      if peek(1).kind == .colon {
        _ = advance()
        _ = advance()
        let value = try parseExpression()
        return Term(.keyed(name, token.range, value), token.range.union(value.range))
      }
    }
    let expr = try parseExpression()
    return Term(.expr(expr), expr.range)
  }

  private static let reserved: Set<String> = ["and", "or", "not", "in", "true", "false", "null", "let"]

  // MARK: Expressions

  private mutating func parseExpression() throws -> Expr {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth { throw ParseError.nestedTooDeeply(at: current.range) }
    if depth == 1 { operators = 0 }
    return try parseOr()
  }

  private mutating func parseOr() throws -> Expr {
    var lhs = try parseAnd()
    while isKeyword("or") {
      _ = advance()
      try countOperator()
      let rhs = try parseAnd()
      lhs = Expr(.binary(.or, lhs, rhs), lhs.range.union(rhs.range))
    }
    return lhs
  }

  private mutating func parseAnd() throws -> Expr {
    var lhs = try parseNot()
    while isKeyword("and") {
      _ = advance()
      try countOperator()
      let rhs = try parseNot()
      lhs = Expr(.binary(.and, lhs, rhs), lhs.range.union(rhs.range))
    }
    return lhs
  }

  private mutating func parseNot() throws -> Expr {
    if isKeyword("not") {
      let start = advance().range
      depth += 1
      defer { depth -= 1 }
      if depth > Self.maxDepth { throw ParseError.nestedTooDeeply(at: current.range) }
      let operand = try parseNot()
      return Expr(.unary(.not, operand), start.union(operand.range))
    }
    return try parseComparison()
  }

  private static let comparisons: [TokenKind: BinaryOp] = [
    .equalEqual: .equal, .bangEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
    .greater: .greater, .greaterEqual: .greaterEqual,
  ]

  private mutating func parseComparison() throws -> Expr {
    let lhs = try parseIn()
    guard let op = Self.comparisons[current.kind] else { return lhs }
    _ = advance()
    let rhs = try parseIn()
    if Self.comparisons[current.kind] != nil { throw ParseError.chainedComparison(at: current.range) }
    return Expr(.binary(op, lhs, rhs), lhs.range.union(rhs.range))
  }

  private mutating func parseIn() throws -> Expr {
    let lhs = try parseSum()
    var negated = false
    if isKeyword("not"), case .identifier("in") = peek(1).kind {
      _ = advance()
      negated = true
    }
    guard isKeyword("in") else { return lhs }
    _ = advance()
    let rhs = try parseSum()
    let test = Expr(.binary(.isIn, lhs, rhs), lhs.range.union(rhs.range))
    return negated ? Expr(.unary(.not, test), test.range) : test
  }

  private mutating func parseSum() throws -> Expr {
    var lhs = try parseProduct()
    while current.kind == .plus || current.kind == .minus {
      // `head -5` and `sort x -y`: a minus after a space and glued to what follows
      // starts a new argument at the top level of a stage, as in a shell.
      if current.kind == .minus, depth <= 1, current.spaceBefore, !peek(1).spaceBefore { break }
      let op: BinaryOp = advance().kind == .plus ? .add : .subtract
      try countOperator()
      let rhs = try parseProduct()
      lhs = Expr(.binary(op, lhs, rhs), lhs.range.union(rhs.range))
    }
    return lhs
  }

  private mutating func parseProduct() throws -> Expr {
    var lhs = try parseUnary()
    while true {
      let op: BinaryOp
      switch current.kind {
      case .star: op = .multiply
      case .slash: op = .divide
      case .percent: op = .remainder
      default: return lhs
      }
      _ = advance()
      try countOperator()
      let rhs = try parseUnary()
      lhs = Expr(.binary(op, lhs, rhs), lhs.range.union(rhs.range))
    }
  }

  private mutating func parseUnary() throws -> Expr {
    if current.kind == .minus {
      let start = advance().range
      depth += 1
      defer { depth -= 1 }
      if depth > Self.maxDepth { throw ParseError.nestedTooDeeply(at: current.range) }
      let operand = try parseUnary()
      // Fold negative literals so `-5` is a number, not an operation.
      switch operand.kind {
      case .integer(let v) where v != Int64.min: return Expr(.integer(-v), start.union(operand.range))
      case .float(let v): return Expr(.float(-v), start.union(operand.range))
      default: return Expr(.unary(.negate, operand), start.union(operand.range))
      }
    }
    return try parsePrimary()
  }

  private mutating func parsePrimary() throws -> Expr {
    let token = current
    switch token.kind {
    case .integer(let v):
      _ = advance()
      return Expr(.integer(v), token.range)
    case .float(let v):
      _ = advance()
      return Expr(.float(v), token.range)
    case .string(let s):
      _ = advance()
      return Expr(.string(s), token.range)
    case .date(let v):
      _ = advance()
      return Expr(.date(v), token.range)
    case .duration(let v, _):
      _ = advance()
      return Expr(.duration(v), token.range)
    case .identifier(let name) where token.quoted:
      _ = advance()
      return Expr(.name(name), token.range, quoted: true)
    case .identifier(let name):
      switch name {
      case "true", "false":
        _ = advance()
        return Expr(.bool(name == "true"), token.range)
      case "null":
        _ = advance()
        return Expr(.null, token.range)
      case "and", "or", "in", "not", "let":
        throw ParseError.expected("an expression", found: token.kind, at: token.range)
      default: break
      }
      _ = advance()
      if current.kind == .lparen, !current.spaceBefore, tokens[index - 1].kind != .newline {
        _ = advance()
        let (args, end) = try parseList(closing: .rparen, what: "')'")
        return Expr(.call(name, token.range, args), token.range.union(end))
      }
      return Expr(.name(name), token.range)
    case .lparen:
      _ = advance()
      depth += 1
      defer { depth -= 1 }
      let inner: Expr
      do {
        bracketDepth += 1
        defer { bracketDepth -= 1 }
        skipNewlines()
        inner = try parseExpression()
      }
      // Closed with the bracket count already lowered, so the newline after it still ends
      // the statement.
      let close = try expect(.rparen, "')'")
      return Expr(inner.kind, token.range.union(close.range), quoted: inner.quoted)
    case .lbracket:
      _ = advance()
      let (items, end) = try parseList(closing: .rbracket, what: "']'")
      return Expr(.list(items), token.range.union(end))
    case .invalid(let message):
      throw ParseError.invalidToken(message, at: token.range)
    default:
      throw ParseError.expected("an expression", found: token.kind, at: token.range)
    }
  }

  /// Comma-separated expressions up to a closing bracket; newlines inside are ignored.
  private mutating func parseList(closing: TokenKind, what: String) throws -> ([Expr], SourceRange) {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth { throw ParseError.nestedTooDeeply(at: current.range) }
    var items: [Expr] = []
    do {
      bracketDepth += 1
      defer { bracketDepth -= 1 }
      skipNewlines()
      while current.kind != closing {
        items.append(try parseExpression())
        guard current.kind == .comma else { break }
        _ = advance()
      }
    }
    let close = try expect(closing, "',' or \(what)")
    return (items, close.range)
  }
}

extension TokenKind: Hashable {
  public func hash(into hasher: inout Hasher) {
    hasher.combine(display)
  }
}
