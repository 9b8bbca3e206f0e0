import ShopCore
import ShopSyntax
import XCTest

final class ParserExpressionTests: XCTestCase {
  func testArithmeticPrecedenceAndLeftAssociativity() {
    XCTAssertEqual(expression("1 + 2 * 3"), "(+ 1 (* 2 3))")
    XCTAssertEqual(expression("(1 + 2) * 3"), "(* (+ 1 2) 3)")
    XCTAssertEqual(expression("1 - 2 - 3"), "(- (- 1 2) 3)")
    XCTAssertEqual(expression("a / b * c % d"), "(% (* (/ a b) c) d)")
    XCTAssertEqual(expression("a - b + c"), "(+ (- a b) c)")
    XCTAssertEqual(expression("2 * -a"), "(* 2 (- a))")
    XCTAssertEqual(expression("-a * b"), "(* (- a) b)")
  }

  func testNegativeLiteralsAreFolded() {
    XCTAssertEqual(expression("-5"), "-5")
    XCTAssertEqual(expression("-2.5 * 3"), "(* -2.5 3)")
    XCTAssertEqual(expression("(- -5)"), "5")
    XCTAssertEqual(expression("(- - x)"), "(- (- x))")
    XCTAssertEqual(expression("(-9223372036854775807 - 1)"), "(- -9223372036854775807 1)")
  }

  func testLogicalAndComparisonPrecedence() {
    XCTAssertEqual(expression("a or b and c"), "(or a (and b c))")
    XCTAssertEqual(expression("a and b or c"), "(or (and a b) c)")
    XCTAssertEqual(expression("a or b or c"), "(or (or a b) c)")
    XCTAssertEqual(expression("not a and b"), "(and (not a) b)")
    XCTAssertEqual(expression("not not a"), "(not (not a))")
    XCTAssertEqual(expression("not a == b"), "(not (== a b))")
    XCTAssertEqual(expression("a + 1 < b * 2"), "(< (+ a 1) (* b 2))")
    XCTAssertEqual(expression("a == b or c != d"), "(or (== a b) (!= c d))")
    XCTAssertEqual(expression("x >= 1 and x <= 9"), "(and (>= x 1) (<= x 9))")
    XCTAssertEqual(expression("(a or b) and c"), "(and (or a b) c)")
    XCTAssertEqual(expression("a <> b"), "(!= a b)")
  }

  func testInAndNotIn() {
    XCTAssertEqual(expression("x in [1, 2, 3]"), "(in x [1 2 3])")
    XCTAssertEqual(expression("Country not in [\"UK\", \"EIRE\"]"), "(not (in Country [\"UK\" \"EIRE\"]))")
    XCTAssertEqual(expression("x + 1 in y"), "(in (+ x 1) y)")
    XCTAssertEqual(expression("x in y == true"), "(== (in x y) true)")
    XCTAssertEqual(expression("x in [] or y"), "(or (in x []) y)")
    XCTAssertEqual(expression("not x in y"), "(not (in x y))")
  }

  func testLiterals() {
    XCTAssertEqual(expression("true"), "true")
    XCTAssertEqual(expression("x == null"), "(== x null)")
    XCTAssertEqual(expression("'s'"), "\"s\"")
    XCTAssertEqual(expression("1.25"), "1.25")
    XCTAssertEqual(expression("InvoiceDate >= 2011-01-01"), "(>= InvoiceDate (date 2011-01-01 00:00:00))")
    XCTAssertEqual(expression("2011-01-01T10:30 + 30m"), "(+ (date 2011-01-01 10:30:00) (dur 1800))")
    XCTAssertEqual(expression("`Unit Price` * 2"), "(* Unit Price 2)")
    XCTAssertEqual(expression("[1, [2, 3], f(x)]"), "[1 [2 3] (call f x)]")
  }

  func testCallsNeedTheParenthesisGluedToTheName() {
    XCTAssertEqual(expression("sum(Revenue)"), "(call sum Revenue)")
    XCTAssertEqual(expression("count()"), "(call count)")
    XCTAssertEqual(expression("round(x / 2, 1)"), "(call round (/ x 2) 1)")
    XCTAssertEqual(expression("f(g(h(1)))"), "(call f (call g (call h 1)))")
    XCTAssertEqual(parsed("where (x > 1)"), "{where (> x 1)}")
    XCTAssertEqual(parsed("f (x)"), "{f x}")
    XCTAssertEqual(parsed("f(x)"), "{(call f x)}")
  }

  func testRangesCoverTheWholeExpression() {
    let (statements, _) = Parser.parse("f a + sum(b) * 2")
    guard case .expr(let e) = statements[0].pipeline.stages[0].terms[1].kind else { return XCTFail() }
    XCTAssertEqual(e.range, SourceRange(2, 16))
    guard case .binary(_, _, let rhs) = e.kind, case .binary(_, let call, _) = rhs.kind,
      case .call(_, let nameRange, _) = call.kind
    else { return XCTFail() }
    XCTAssertEqual(call.range, SourceRange(6, 12))
    XCTAssertEqual(nameRange, SourceRange(6, 9))
    // Parentheses are part of the range.
    let (parens, _) = Parser.parse("f (a)")
    XCTAssertEqual(parens[0].pipeline.stages[0].terms[1].range, SourceRange(2, 5))
  }

  func testNewlinesInsideOpenBrackets() {
    XCTAssertEqual(parsed("f [1,\n 2,\n 3]"), "{f [1 2 3]}")
    XCTAssertEqual(parsed("f g(1,\n  2)"), "{f (call g 1 2)}")
    XCTAssertEqual(parsed("f (\n a\n)"), "{f a}")
    XCTAssertEqual(parsed("where (Quantity > 5 and\n  Country == 'UK')"), "{where (and (> Quantity 5) (== Country \"UK\"))}")
    XCTAssertEqual(parsed("f (a +\n b)"), "{f (+ a b)}")
    XCTAssertEqual(parsed("f sum(a\n * b)"), "{f (call sum (* a b))}")
    XCTAssertEqual(parsed("f [a\n , b]\ng"), "{f [a b]}\n{g}")
    // A parenthesis on the next line is not a call of the name before it.
    XCTAssertEqual(
      Parser.parse("f [g\n(1)]").diagnostics.first?.message, "expected ',' or ']', found end of line")
    // The newline after the last closing bracket still ends the statement.
    XCTAssertEqual(parsed("f (a)\ng [1]\nh k(2)"), "{f a}\n{g [1]}\n{h (call k 2)}")
  }
}
