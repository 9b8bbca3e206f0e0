import ShopCore
import ShopSyntax
import XCTest

final class LexerTests: XCTestCase {
  /// The token kinds of a text, without the final `.eof`.
  private func kinds(_ text: String) -> [TokenKind] {
    let tokens = Lexer.tokenize(text)
    XCTAssertEqual(tokens.last?.kind, .eof)
    return tokens.dropLast().map(\.kind)
  }

  func testIntegers() {
    XCTAssertEqual(kinds("0 42 1_000_000 007"), [.integer(0), .integer(42), .integer(1_000_000), .integer(7)])
    XCTAssertEqual(kinds("9223372036854775807"), [.integer(Int64.max)])
    // One past Int64.max is still a number, as a float.
    XCTAssertEqual(kinds("9223372036854775808"), [.float(9_223_372_036_854_775_808.0)])
  }

  func testFloatsWithExponents() {
    XCTAssertEqual(
      kinds("1.5 .5 1e3 2.5E-2 1e+2 1_0.2_5 0.1e1"),
      [.float(1.5), .float(0.5), .float(1000), .float(0.025), .float(100), .float(10.25), .float(1)])
    // A dot not followed by a digit is not part of the number.
    XCTAssertEqual(kinds("1."), [.integer(1), .invalid("unexpected '.'")])
    XCTAssertEqual(kinds("1e999"), [.invalid("number out of range")])
  }

  func testDurations() {
    XCTAssertEqual(
      kinds("30m 7d 24h 90s 2w 1_0m"),
      [
        .duration(1800, text: "30m"), .duration(604_800, text: "7d"), .duration(86_400, text: "24h"),
        .duration(90, text: "90s"), .duration(1_209_600, text: "2w"), .duration(600, text: "1_0m"),
      ])
    let duration = "a duration is a whole number and one unit: 30s, 30m, 24h, 7d, 2w"
    XCTAssertEqual(kinds("30min"), [.invalid("malformed number '30min'; \(duration)")])
    XCTAssertEqual(kinds("1.5d"), [.invalid("malformed number '1.5d'; \(duration)")])
    // Digits then other letters: an id meant as text (an Avazu site category).
    XCTAssertEqual(kinds("1e"), [.invalid(#"malformed number '1e'; a value with letters goes in quotes: "1e""#)])
    XCTAssertEqual(kinds("28905ebd"), [.invalid(#"malformed number '28905ebd'; a value with letters goes in quotes: "28905ebd""#)])
    XCTAssertEqual(kinds("999999999999999999w"), [.invalid("duration too large")])
    // A unit glued to a closing bracket is still a duration.
    XCTAssertEqual(kinds("(7d)"), [.lparen, .duration(604_800, text: "7d"), .rparen])
  }

  func testDates() {
    // calendar.timegm((2011,1,1,0,0,0)) == 1293840000
    XCTAssertEqual(kinds("2011-01-01"), [.date(1_293_840_000)])
    XCTAssertEqual(kinds("2011-01-01T10:30"), [.date(1_293_877_800)])
    XCTAssertEqual(kinds("2011-01-01T10:30:15"), [.date(1_293_877_815)])
    // A space does not continue a date: the time is separate tokens.
    XCTAssertEqual(kinds("2011-01-01 10:30"), [.date(1_293_840_000), .integer(10), .colon, .integer(30)])
    // An impossible date is an error: read as 2011 - 2 - 30 it would silently be 1979.
    XCTAssertEqual(kinds("2011-02-30"), [.invalid("'2011-02-30' is not a real date")])
    XCTAssertEqual(kinds("2011-01-011"), [.integer(2011), .minus, .integer(1), .minus, .integer(11)])
  }

  func testStringsWithEscapes() {
    XCTAssertEqual(kinds(#""tab\there\nnew \\ \"x\"""#), [.string("tab\there\nnew \\ \"x\"")])
    XCTAssertEqual(kinds(#"'say "hi"' 'it\'s'"#), [.string("say \"hi\""), .string("it's")])
    XCTAssertEqual(kinds(#""""#), [.string("")])
    XCTAssertEqual(kinds("\"Größe 商品\""), [.string("Größe 商品")])
  }

  /// A backslash before anything but an escape used to vanish (`"\x1b"` read as "x1b", a
  /// Windows path `"C:\data\orders.csv"` as "C:dataorders.csv"): it is an error at the first one.
  func testAnUnknownEscapeIsAnErrorAtTheEscape() {
    let message = #"unknown escape '\d' in a string (escapes: \" \' \\ \n \t); write \\ for a backslash, or / in a path"#
    let tokens = Lexer.tokenize(#"load "C:\data\x.csv" x"#)
    XCTAssertEqual(tokens.map(\.kind), [.identifier("load"), .invalid(message), .identifier("x"), .eof])
    XCTAssertEqual(tokens[1].range, SourceRange(8, 10))
    XCTAssertEqual(kinds(#"'\é'"#), [.invalid(#"unknown escape '\é' in a string (escapes: \" \' \\ \n \t); write \\ for a backslash, or / in a path"#)])
    XCTAssertEqual(kinds(#""C:\\data""#), [.string(#"C:\data"#)])
  }

  func testUnterminatedStringStopsAtTheLineEnd() {
    let tokens = Lexer.tokenize("\"abc\nx")
    XCTAssertEqual(tokens.map(\.kind), [.invalid("unterminated string"), .newline, .identifier("x"), .eof])
    XCTAssertEqual(tokens[0].range, SourceRange(0, 4))
  }

  func testBacktickNames() {
    XCTAssertEqual(kinds("`Unit Price` `a|b`"), [.identifier("Unit Price"), .identifier("a|b")])
    XCTAssertEqual(kinds("`open\nx"), [.invalid("unterminated `name`"), .newline, .identifier("x")])
  }

  func testIdentifiersIncludeUnicodeAndDigits() {
    XCTAssertEqual(
      kinds("Größe _x a1 商品 café"),
      [.identifier("Größe"), .identifier("_x"), .identifier("a1"), .identifier("商品"), .identifier("café")])
  }

  func testCommentsAndContinuations() {
    XCTAssertEqual(kinds("a # comment | b\nc"), [.identifier("a"), .newline, .identifier("c")])
    XCTAssertEqual(kinds("# only a comment"), [])
    XCTAssertEqual(kinds("a \\\n b"), [.identifier("a"), .identifier("b")])
    XCTAssertEqual(kinds("a\r\nb"), [.identifier("a"), .newline, .identifier("b")])
  }

  func testOperatorsAndPunctuation() {
    XCTAssertEqual(
      kinds("| , : = ( ) [ ] + - * / % == != <> < <= > >="),
      [
        .pipe, .comma, .colon, .equals, .lparen, .rparen, .lbracket, .rbracket, .plus, .minus, .star, .slash,
        .percent, .equalEqual, .bangEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual,
      ])
    XCTAssertEqual(kinds("a<=b"), [.identifier("a"), .lessEqual, .identifier("b")])
  }

  func testInvalidCharactersExplainThemselves() {
    XCTAssertEqual(kinds("!"), [.invalid("unexpected '!' (did you mean '!=' or 'not'?)")])
    XCTAssertEqual(kinds("&"), [.invalid("unexpected character '&' (use 'and')")])
    XCTAssertEqual(kinds(";"), [.invalid("unexpected character ';' (one command per line)")])
    XCTAssertEqual(kinds("@"), [.invalid("unexpected character '@'")])
    XCTAssertEqual(kinds("."), [.invalid("unexpected '.'")])
    XCTAssertEqual(kinds("a\u{1}b"), [.identifier("a"), .invalid("unexpected character '\u{1}'"), .identifier("b")])
  }

  func testRangesAndSpaceBefore() {
    let tokens = Lexer.tokenize("f(x)  g (y)\n\"é\"")
    XCTAssertEqual(
      tokens.map(\.range),
      [
        SourceRange(0, 1), SourceRange(1, 2), SourceRange(2, 3), SourceRange(3, 4), SourceRange(6, 7),
        SourceRange(8, 9), SourceRange(9, 10), SourceRange(10, 11), SourceRange(11, 12), SourceRange(12, 16),
        SourceRange(16, 16),
      ])
    XCTAssertEqual(tokens.map(\.spaceBefore), [false, false, false, false, true, true, false, false, false, false, false])
  }

  func testDisplay() {
    XCTAssertEqual(TokenKind.identifier("x").display, "'x'")
    XCTAssertEqual(TokenKind.integer(5).display, "number 5")
    XCTAssertEqual(TokenKind.string("s").display, "string \"s\"")
    XCTAssertEqual(TokenKind.duration(60, text: "1m").display, "duration 1m")
    XCTAssertEqual(TokenKind.newline.display, "end of line")
    XCTAssertEqual(TokenKind.eof.display, "end of input")
  }
}
