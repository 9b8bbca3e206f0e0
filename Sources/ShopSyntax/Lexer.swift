import ShopCore

/// Turns source text into tokens. Never fails: unreadable input becomes an `.invalid`
/// token that the parser reports with its exact range.
///
/// Comments run from `#` to the end of the line and are dropped. Newlines are tokens,
/// because a newline ends a statement unless a bracket is open or the pipeline goes on
/// (the parser decides that).
public struct Lexer {
  private let bytes: [UInt8]
  private var pos = 0

  public init(_ text: String) {
    bytes = Array(text.utf8)
  }

  /// All tokens of the text, ending with `.eof`.
  public static func tokenize(_ text: String) -> [Token] {
    var lexer = Lexer(text)
    var tokens: [Token] = []
    while true {
      let token = lexer.next()
      tokens.append(token)
      if token.kind == .eof { return tokens }
    }
  }

  private func peek(_ offset: Int = 0) -> UInt8? {
    pos + offset < bytes.count ? bytes[pos + offset] : nil
  }

  /// The next token.
  public mutating func next() -> Token {
    var sawSpace = false
    // Skip blanks and comments (not newlines).
    while let c = peek() {
      if c == 32 || c == 9 || c == 13 {
        pos += 1
        sawSpace = true
      } else if c == UInt8(ascii: "#") {
        while let d = peek(), d != 10 { pos += 1 }
      } else if c == UInt8(ascii: "\\"), peek(1) == 10 {
        // A backslash at the end of a line joins it to the next.
        pos += 2
        sawSpace = true
      } else {
        break
      }
    }
    let start = pos
    guard let c = peek() else { return Token(.eof, SourceRange(start, start), spaceBefore: sawSpace) }
    func make(_ kind: TokenKind, length: Int = 1) -> Token {
      pos = start + length
      return Token(kind, SourceRange(start, pos), spaceBefore: sawSpace)
    }
    switch c {
    case 10: return make(.newline)
    case UInt8(ascii: "|"): return make(.pipe)
    case UInt8(ascii: ","): return make(.comma)
    case UInt8(ascii: ":"): return make(.colon)
    case UInt8(ascii: "("): return make(.lparen)
    case UInt8(ascii: ")"): return make(.rparen)
    case UInt8(ascii: "["): return make(.lbracket)
    case UInt8(ascii: "]"): return make(.rbracket)
    case UInt8(ascii: "+"): return make(.plus)
    case UInt8(ascii: "-"): return make(.minus)
    case UInt8(ascii: "*"): return make(.star)
    case UInt8(ascii: "/"): return make(.slash)
    case UInt8(ascii: "%"): return make(.percent)
    case UInt8(ascii: "="): return peek(1) == UInt8(ascii: "=") ? make(.equalEqual, length: 2) : make(.equals)
    case UInt8(ascii: "!"):
      return peek(1) == UInt8(ascii: "=")
        ? make(.bangEqual, length: 2) : make(.invalid("unexpected '!' (did you mean '!=' or 'not'?)"))
    case UInt8(ascii: "<"):
      if peek(1) == UInt8(ascii: "=") { return make(.lessEqual, length: 2) }
      if peek(1) == UInt8(ascii: ">") { return make(.bangEqual, length: 2) }
      return make(.less)
    case UInt8(ascii: ">"): return peek(1) == UInt8(ascii: "=") ? make(.greaterEqual, length: 2) : make(.greater)
    case UInt8(ascii: "\""), UInt8(ascii: "'"): return lexString(quote: c, start: start, space: sawSpace)
    case UInt8(ascii: "`"):
      // A quoted name: `Unit Price` is the column called "Unit Price".
      pos += 1
      while let d = peek(), d != UInt8(ascii: "`"), d != 10 { pos += 1 }
      guard peek() == UInt8(ascii: "`") else {
        return Token(.invalid("unterminated `name`"), SourceRange(start, pos), spaceBefore: sawSpace)
      }
      pos += 1
      let name = String(decoding: bytes[(start + 1)..<(pos - 1)], as: UTF8.self)
      return Token(.identifier(name), SourceRange(start, pos), spaceBefore: sawSpace, quoted: true)
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return lexNumber(start: start, space: sawSpace)
    case UInt8(ascii: "."):
      if let d = peek(1), d >= 48, d <= 57 { return lexNumber(start: start, space: sawSpace) }
      return make(.invalid("unexpected '.'"))
    default:
      if isIdentifierStart(c) {
        while let d = peek(), isIdentifierContinue(d) { pos += 1 }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        return Token(.identifier(text), SourceRange(start, pos), spaceBefore: sawSpace)
      }
      // One whole UTF-8 character, so the caret covers it.
      var length = 1
      while start + length < bytes.count, bytes[start + length] & 0xC0 == 0x80 { length += 1 }
      let ch = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
      let hint = (ch == "&") ? " (use 'and')" : (ch == ";" ? " (one command per line)" : "")
      return make(.invalid("unexpected character '\(ch)'\(hint)"), length: length)
    }
  }

  private func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0xC0
  }

  private func isIdentifierContinue(_ c: UInt8) -> Bool {
    isIdentifierStart(c) || (c >= 48 && c <= 57) || c >= 0x80
  }

  private mutating func lexString(quote: UInt8, start: Int, space: Bool) -> Token {
    pos += 1
    var out: [UInt8] = []
    // The first backslash followed by a character that is no escape (`"\x1b"`, a Windows path's
    // `"C:\data"`): reported at the end of the string rather than read as the bare letter.
    var unknownEscape: SourceRange?
    while let c = peek() {
      if c == quote {
        pos += 1
        if let unknownEscape {
          let text = String(decoding: bytes[unknownEscape.start..<unknownEscape.end], as: UTF8.self)
          return Token(
            .invalid(
              "unknown escape '\(text)' in a string (escapes: \\\" \\' \\\\ \\n \\t); write \\\\ for a backslash, or / in a path"),
            unknownEscape, spaceBefore: space)
        }
        return Token(.string(String(decoding: out, as: UTF8.self)), SourceRange(start, pos), spaceBefore: space)
      }
      if c == 10 { break }
      if c == UInt8(ascii: "\\"), let e = peek(1) {
        switch e {
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(e)
        default:
          // The escape and the whole character after the backslash (UTF-8 lead byte).
          let length = e >= 0xF0 ? 4 : e >= 0xE0 ? 3 : e >= 0xC0 ? 2 : 1
          if unknownEscape == nil { unknownEscape = SourceRange(pos, min(pos + 1 + length, bytes.count)) }
        }
        pos += 2
        continue
      }
      out.append(c)
      pos += 1
    }
    return Token(.invalid("unterminated string"), SourceRange(start, pos), spaceBefore: space)
  }

  private mutating func lexNumber(start: Int, space: Bool) -> Token {
    func digits() { while let d = peek(), (d >= 48 && d <= 57) || d == 95 { pos += 1 } }
    // A date literal: YYYY-MM-DD, optionally THH:MM[:SS].
    switch lexDate(start: start) {
    case .date(let date): return Token(.date(date), SourceRange(start, pos), spaceBefore: space)
    case .impossible(let text):
      // 2011-02-30 has the shape of a date: reading it as 2011 - 2 - 30 would be a trap.
      return Token(.invalid("'\(text)' is not a real date"), SourceRange(start, pos), spaceBefore: space)
    case .none: break
    }
    digits()
    var isFloat = false
    if peek() == UInt8(ascii: "."), let d = peek(1), d >= 48, d <= 57 {
      isFloat = true
      pos += 1
      digits()
    }
    if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      var look = 1
      if let s = peek(1), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { look = 2 }
      if let d = peek(look), d >= 48, d <= 57 {
        isFloat = true
        pos += look
        digits()
      }
    }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self).replacingUnderscores()
    // A duration: a whole number followed directly by s, m, h, d or w.
    if !isFloat, let unit = peek(), let seconds = Self.unitSeconds[unit],
      !(peek(1).map(isIdentifierContinue) ?? false), let n = Int64(text)
    {
      pos += 1
      let raw = String(decoding: bytes[start..<pos], as: UTF8.self)
      let (value, overflow) = n.multipliedReportingOverflow(by: seconds)
      if overflow { return Token(.invalid("duration too large"), SourceRange(start, pos), spaceBefore: space) }
      return Token(.duration(value, text: raw), SourceRange(start, pos), spaceBefore: space)
    }
    if let d = peek(), isIdentifierStart(d) {
      while let d = peek(), isIdentifierContinue(d) { pos += 1 }
      // Digits then a unit letter are a duration mistyped (`30min`, `1.5d`); digits then other
      // letters are usually an id or a code (`28905ebd`, `85123A`) meant as text.
      let word = String(decoding: bytes[start..<pos], as: UTF8.self)
      let firstLetter = word.utf8.first { isIdentifierStart($0) && $0 != UInt8(ascii: "_") }
      let hint =
        firstLetter.map { Self.unitSeconds[$0] != nil } == true
        ? "a duration is a whole number and one unit: 30s, 30m, 24h, 7d, 2w"
        : "a value with letters goes in quotes: \"\(word)\""
      return Token(.invalid("malformed number '\(word)'; \(hint)"), SourceRange(start, pos), spaceBefore: space)
    }
    if !isFloat, let v = Int64(text) { return Token(.integer(v), SourceRange(start, pos), spaceBefore: space) }
    if let v = Double(text), v.isFinite { return Token(.float(v), SourceRange(start, pos), spaceBefore: space) }
    return Token(.invalid("number out of range"), SourceRange(start, pos), spaceBefore: space)
  }

  private enum DateLexeme {
    case date(Int64)
    case impossible(String)
    case none
  }

  private mutating func lexDate(start: Int) -> DateLexeme {
    // Dates are exactly 4-2-2 digits; anything else is a number.
    func isDigit(_ i: Int) -> Bool { start + i < bytes.count && bytes[start + i] >= 48 && bytes[start + i] <= 57 }
    func at(_ i: Int, _ ch: Character) -> Bool { start + i < bytes.count && bytes[start + i] == ch.asciiValue }
    guard (0..<4).allSatisfy(isDigit), at(4, "-"), isDigit(5), isDigit(6), at(7, "-"), isDigit(8), isDigit(9),
      !isDigit(10)
    else { return .none }
    var length = 10
    if at(10, "T"), isDigit(11), isDigit(12), at(13, ":"), isDigit(14), isDigit(15) {
      length = 16
      if at(16, ":"), isDigit(17), isDigit(18) { length = 19 }
    }
    let text = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
    pos = start + length
    guard let value = DateTextParser.parse(text) else { return .impossible(text) }
    return .date(value)
  }

  private static let unitSeconds: [UInt8: Int64] = [
    UInt8(ascii: "s"): 1, UInt8(ascii: "m"): 60, UInt8(ascii: "h"): 3600,
    UInt8(ascii: "d"): 86_400, UInt8(ascii: "w"): 604_800,
  ]
}

extension String {
  fileprivate func replacingUnderscores() -> String { filter { $0 != "_" } }
}
