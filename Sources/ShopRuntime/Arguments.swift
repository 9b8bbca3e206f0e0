import ShopCore
import ShopFrames
import ShopSyntax

/// A cursor over a command's terms, with the small vocabulary commands need to read
/// sentences like `group by Country`, `sort gmv desc, Country` or `fill x with mode`.
///
/// Every reader either consumes what it asked for or throws an error pointing at the
/// term that was there instead; `finish()` rejects leftovers, so a typo never passes
/// silently.
public struct Arguments {
  public let command: String
  public let terms: [Term]
  public let stageRange: SourceRange
  public private(set) var position = 0

  public init(command: String, terms: [Term], stageRange: SourceRange) {
    self.command = command
    self.terms = terms
    self.stageRange = stageRange
  }

  public var atEnd: Bool { position >= terms.count }
  public var current: Term? { atEnd ? nil : terms[position] }

  /// Where "something is missing" errors point: the current term, or the end of the stage.
  public var hereRange: SourceRange {
    current?.range ?? SourceRange(stageRange.end, stageRange.end + 1)
  }

  /// The bare name at the cursor, without consuming it.
  public var peekName: String? {
    guard let t = current, case .expr(let e) = t.kind else { return nil }
    return e.nameValue
  }

  /// The bare word at the cursor when it can be a keyword (not back-quoted).
  public var peekKeyword: String? {
    guard let t = current, case .expr(let e) = t.kind else { return nil }
    return e.keywordValue
  }

  /// Consumes the bare word `word` if it is next (case-insensitive). A back-quoted name
  /// is never a keyword: `` select `by` `` names the column "by".
  public mutating func keyword(_ word: String) -> Bool {
    guard let name = peekKeyword, name.lowercased() == word.lowercased() else { return false }
    position += 1
    return true
  }

  /// Consumes one of `words` if it is next and returns it (lowercased).
  public mutating func keyword(oneOf words: [String]) -> String? {
    guard let name = peekKeyword?.lowercased(), words.contains(name) else { return nil }
    position += 1
    return name
  }

  public mutating func expectKeyword(_ word: String) throws {
    guard keyword(word) else { throw RuntimeError.expected("'\(word)'", at: hereRange) }
  }

  /// Reads one of `words` or fails listing them (with "did you mean" on a near miss).
  public mutating func expectChoice(_ words: [String], what: String) throws -> String {
    if let w = keyword(oneOf: words) { return w }
    if let name = peekName {
      throw RuntimeError.invalidValue(
        "unknown \(what) '\(name)'; expected \(words.joined(separator: ", "))" + (Suggestions.nearest(to: name, in: words).map { " (did you mean '\($0)'?)" } ?? ""),
        at: hereRange)
    }
    throw RuntimeError.expected("\(what): \(words.joined(separator: ", "))", at: hereRange)
  }

  /// Consumes a comma if one is next.
  @discardableResult
  public mutating func comma() -> Bool {
    if let t = current, case .comma = t.kind {
      position += 1
      return true
    }
    return false
  }

  /// The next term as an expression.
  public mutating func expr(_ what: String) throws -> Expr {
    guard let t = current else { throw RuntimeError.expected(what, at: hereRange) }
    switch t.kind {
    case .expr(let e):
      position += 1
      return e
    case .assignment(let name, _, _):
      throw RuntimeError.invalidValue(
        "unexpected '\(name) = …' here; to compare, write '\(name) == …'", at: t.range)
    default:
      throw RuntimeError.expected(what, at: t.range)
    }
  }

  /// The next term if it is an expression.
  public mutating func optionalExpr() -> Expr? {
    guard let t = current, case .expr(let e) = t.kind else { return nil }
    position += 1
    return e
  }

  /// A column reference: a bare name or a string.
  public mutating func column(_ what: String = "a column name") throws -> ColumnRef {
    guard let t = current, case .expr(let e) = t.kind else { throw RuntimeError.expected(what, at: hereRange) }
    switch e.kind {
    case .name(let n):
      position += 1
      return ColumnRef(n, range: e.range)
    case .string(let s):
      position += 1
      return ColumnRef(s, range: e.range)
    default:
      throw RuntimeError.expected(what, at: e.range)
    }
  }

  /// Comma-separated column names, stopping before any of `stopWords`.
  public mutating func columns(_ what: String = "column names", stopWords: Set<String> = []) throws -> [ColumnRef] {
    var refs: [ColumnRef] = []
    repeat {
      if let n = peekKeyword, stopWords.contains(n.lowercased()) { break }
      refs.append(try column(what))
    } while comma()
    if refs.isEmpty { throw RuntimeError.expected(what, at: hereRange) }
    return refs
  }

  /// Comma-separated `name = expr` definitions.
  public mutating func assignments(_ what: String) throws -> [(name: String, nameRange: SourceRange, expr: Expr)] {
    var out: [(String, SourceRange, Expr)] = []
    repeat {
      guard let t = current, case .assignment(let name, let range, let e) = t.kind else {
        throw RuntimeError.expected(what, at: hereRange)
      }
      position += 1
      out.append((name, range, e))
    } while comma()
    return out
  }

  /// Comma-separated `name: value` pairs.
  public mutating func keyedValues(_ what: String) throws -> [(name: String, nameRange: SourceRange, expr: Expr)] {
    var out: [(String, SourceRange, Expr)] = []
    repeat {
      guard let t = current, case .keyed(let name, let range, let e) = t.kind else {
        throw RuntimeError.expected(what, at: hereRange)
      }
      position += 1
      out.append((name, range, e))
    } while comma()
    return out
  }

  /// A string literal.
  public mutating func string(_ what: String) throws -> (String, SourceRange) {
    let e = try expr(what)
    guard case .string(let s) = e.kind else { throw RuntimeError.expected(what, at: e.range) }
    return (s, e.range)
  }

  /// A whole number.
  public mutating func integer(_ what: String) throws -> (Int, SourceRange) {
    let e = try expr(what)
    guard case .integer(let v) = e.kind, let n = Int(exactly: v) else {
      throw RuntimeError.expected(what, at: e.range)
    }
    return (n, e.range)
  }

  /// A number (integer or decimal).
  public mutating func number(_ what: String) throws -> (Double, SourceRange) {
    let e = try expr(what)
    switch e.kind {
    case .integer(let v): return (Double(v), e.range)
    case .float(let v): return (v, e.range)
    default: throw RuntimeError.expected(what, at: e.range)
    }
  }

  /// Steps over the current term.
  public mutating func skip() {
    if !atEnd { position += 1 }
  }

  /// Fails if any term is left over.
  public func finish() throws {
    guard let t = current else { return }
    let what: String
    switch t.kind {
    case .comma: what = "','"
    case .expr(let e): what = e.nameValue.map { "'\($0)'" } ?? "argument"
    case .assignment(let n, _, _): what = "'\(n) = …'"
    case .keyed(let n, _, _): what = "'\(n): …'"
    }
    throw RuntimeError.unexpectedArgument(what, command: command, at: t.range)
  }
}
