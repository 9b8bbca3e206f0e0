import Foundation
import ShopCore
import ShopSyntax
import XCTest

/// Throws random and hostile input at the lexer and parser. Each input must parse without
/// trapping or hanging, every diagnostic must point inside the text, and every statement's
/// range too. Everything is driven by `SeededRandom`, so a failure names a seed and an
/// iteration that reproduce it.
final class ParserFuzzTests: XCTestCase {
  private static let vocabulary = [
    "orders", "where", "let", "x", "=", "==", "!=", "<", "<=", ">", ">=", "<>", "|", ",", ":", "(", ")", "[",
    "]", "+", "-", "*", "/", "%", "and", "or", "not", "in", "true", "false", "null", "1", "2.5", "1e3", "-7",
    "30m", "7d", "2011-01-01", "2011-01-01T10:30", "\"s\"", "'t'", "\"open", "`Unit Price`", "`open", "#c",
    "\n", "\n", "\\\n", "!", "&", ";", "@", ".", "_", "sum(", "f(", "商品", "é", "\t", "\r\n", "1_000", "9e999",
  ]

  private static let programs = [
    "let uk = orders | where Country == 'UK' and Quantity > 0\n| agg n = count(), s = sum(Revenue)",
    "orders |\n  where InvoiceDate >= 2011-01-01T10:30 and StockCode not in [\"POST\", \"M\"]\n  | head -5",
    "sort Country -Revenue\n| top 10 by `Unit Price`  # comment\ncast Quantity: int, UnitPrice: float",
    "mutate gmv = round(Quantity * UnitPrice / 1_000, 2) % 7 - -3\nwhere (a or b) and not c == 30m",
  ]

  /// Parses and checks the invariants; returns the number of diagnostics.
  @discardableResult
  private func check(_ text: String, _ context: @autoclosure () -> String) -> Int {
    let size = text.utf8.count
    let (statements, diagnostics) = Parser.parse(text)
    for d in diagnostics {
      guard let r = d.range else {
        XCTFail("diagnostic without a range: \(d.message) in \(context())")
        continue
      }
      if !(0 <= r.start && r.start <= r.end && r.end <= size) {
        XCTFail("diagnostic \(d.message) at \(r) outside 0..<\(size) in \(context())")
      }
    }
    for s in statements where !(0 <= s.range.start && s.range.end <= size) {
      XCTFail("statement at \(s.range) outside 0..<\(size) in \(context())")
    }
    // Rendering must cope with every range, too.
    let source = SourceText(name: "fuzz", text: text)
    for d in diagnostics.prefix(3) { _ = DiagnosticRenderer.render(d, in: source) }
    _ = Parser.isComplete(text)
    return diagnostics.count
  }

  func testTokenSoup() {
    var random = SeededRandom(seed: 2024)
    let separators = [" ", " ", "", "\n"]
    for i in 0..<3000 {
      let n = 1 + random.nextInt(below: 40)
      var text = ""
      for _ in 0..<n {
        text += Self.vocabulary[random.nextInt(below: Self.vocabulary.count)]
        text += separators[random.nextInt(below: separators.count)]
      }
      check(text, "token soup \(i): \(text.debugDescription)")
    }
  }

  func testByteMutationsOfValidPrograms() {
    var random = SeededRandom(seed: 7)
    for program in Self.programs { XCTAssertEqual(check(program, "valid"), 0, program) }
    let interesting: [UInt8] = Array("()[]|,\"'`\\\n#=-<>!&.0123456789 eT:".utf8) + [0x00, 0x80, 0xC3, 0xE5, 0xFF]
    for i in 0..<3000 {
      var bytes = Array(Self.programs[i % Self.programs.count].utf8)
      for _ in 0..<(1 + random.nextInt(below: 4)) {
        let at = random.nextInt(below: bytes.count + 1)
        let byte = random.nextInt(below: 2) == 0
          ? interesting[random.nextInt(below: interesting.count)] : UInt8(random.nextInt(below: 256))
        switch random.nextInt(below: 3) {
        case 0: bytes.insert(byte, at: at)
        case 1: if at < bytes.count { bytes.remove(at: at) }
        default: if at < bytes.count { bytes[at] = byte }
        }
      }
      // Invalid UTF-8 becomes U+FFFD here, as it does when a file is read.
      let text = String(decoding: bytes, as: UTF8.self)
      check(text, "mutation \(i): \(text.debugDescription)")
    }
  }

  func testDeepNestingIsRefusedNotACrash() {
    for opener in ["(", "[", "f(", "not ", "-", "- ", "[(", "x in [", "(not -"] {
      let text = "where " + String(repeating: opener, count: 10_000) + "1"
      XCTAssertEqual(
        Parser.parse(text).diagnostics.map(\.message), ["expression nested too deeply"], "opener \(opener)")
      check(text, "nesting \(opener)")
    }
    // Balanced nesting within the limit still parses.
    let ok = "where " + String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
    XCTAssertEqual(check(ok, "50 parentheses"), 0)
  }

  func testLongChainsAndLongLines() {
    // A 100,000-term sum is a left-deep tree; building and dropping it would overflow
    // the stack, so the parser refuses more than 1,000 operators in one expression.
    let chain = "where a" + String(repeating: " + a", count: 100_000)
    check(chain, "long chain")
    let tooLong = ["expression too long: more than 1000 operators"]
    XCTAssertEqual(Parser.parse(chain).diagnostics.map(\.message), tooLong)
    let ands = "where a" + String(repeating: " and a == 1", count: 20_000)
    XCTAssertEqual(Parser.parse(ands).diagnostics.map(\.message), tooLong)
    let mixed = "where a" + String(repeating: " * (a - 1)", count: 501)
    XCTAssertEqual(Parser.parse(mixed).diagnostics.map(\.message), tooLong)
    // Up to the limit is fine, and the count starts again for every expression.
    let thousand = "f a" + String(repeating: " + a", count: 1000)
    XCTAssertEqual(check(thousand + " " + thousand.dropFirst(2), "1000 operators twice"), 0)
    // 200 KB on one line, of names, of strings, and of garbage.
    check("f " + String(repeating: "abc ", count: 50_000), "long names")
    check("f \"" + String(repeating: "x", count: 200_000), "long open string")
    check(String(repeating: "@", count: 100_000), "long garbage")
    XCTAssertEqual(Parser.parse(String(repeating: "a\n", count: 50_000)).statements.count, 50_000)
    XCTAssertEqual(Parser.parse(String(repeating: "&\n", count: 20_000)).diagnostics.count, 20_000)
    check(String(repeating: "\n", count: 100_000) + "| x", "blank lines before a pipe")
    check(String(repeating: "orders |\n", count: 20_000), "a long pipeline")
  }

  func testEdgeTexts() {
    for text in ["", "\n", "|", "||", "let", "let x", "let x =", "(", ")", "[", "]", "\"", "`", "\\", "\\\n", "\u{0}", "\u{FEFF}x",
      "-", "not", "in", "a not", "a not in", ",", ":", "=", "x:", "x=", "f(", "f(,)", "[,]", "2011-01-01T", "1e", "1e+", ".",
      "\r", "\r\n|", "# c\n| x"]
    {
      check(text, text.debugDescription)
    }
  }
}
