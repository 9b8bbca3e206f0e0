import ShopCore
import ShopSyntax
import XCTest

final class ParserStatementTests: XCTestCase {
  func testTermsOfAStage() {
    XCTAssertEqual(parsed("top 10 by Revenue"), "{top 10 by Revenue}")
    XCTAssertEqual(
      parsed("agg n = count(), s = sum(Revenue)"), "{agg (= n (call count)) , (= s (call sum Revenue))}")
    XCTAssertEqual(parsed("cast Quantity: int, Price: float"), "{cast (: Quantity int) , (: Price float)}")
    XCTAssertEqual(parsed("mutate gmv = Quantity * UnitPrice"), "{mutate (= gmv (* Quantity UnitPrice))}")
    XCTAssertEqual(parsed("fill Description with mode"), "{fill Description with mode}")
    // Reserved words are never names of an assignment.
    XCTAssertEqual(Parser.parse("f not = 1").diagnostics.map(\.message), ["expected an expression, found '='"])
  }

  func testMinusAfterASpaceStartsANewTerm() {
    XCTAssertEqual(parsed("head -5"), "{head -5}")
    XCTAssertEqual(parsed("sort Country -Revenue"), "{sort Country (- Revenue)}")
    XCTAssertEqual(parsed("head - 5"), "{(- head 5)}")
    XCTAssertEqual(parsed("head 10-5"), "{head (- 10 5)}")
    XCTAssertEqual(parsed("head 10 - 5"), "{head (- 10 5)}")
    XCTAssertEqual(parsed("head 10 -5"), "{head 10 -5}")
    // Inside brackets it is ordinary subtraction again.
    XCTAssertEqual(parsed("f (a -b)"), "{f (- a b)}")
    XCTAssertEqual(parsed("f g(a -b)"), "{f (call g (- a b))}")
    XCTAssertEqual(parsed("f [a -b]"), "{f [(- a b)]}")
  }

  func testPipelines() {
    XCTAssertEqual(parsed("orders | where x > 1 | head 5"), "{orders} | {where (> x 1)} | {head 5}")
    XCTAssertEqual(parsed("orders|head 5"), "{orders} | {head 5}")
  }

  func testPipelinesContinueOverLines() {
    // A trailing `|`.
    XCTAssertEqual(parsed("orders |\n  head 5"), "{orders} | {head 5}")
    XCTAssertEqual(parsed("orders |\n\n  head 5"), "{orders} | {head 5}")
    // A leading `|` on the next line, even after blank lines and comments.
    XCTAssertEqual(parsed("orders\n  | head 5\n\n  | tail 2"), "{orders} | {head 5} | {tail 2}")
    XCTAssertEqual(parsed("orders\n# a note\n| head 5"), "{orders} | {head 5}")
    // Two statements when nothing continues the line.
    XCTAssertEqual(parsed("orders\nhead 5"), "{orders}\n{head 5}")
    // A trailing comma continues the stage on the next line.
    XCTAssertEqual(
      parsed("agg n = count(),\n    s = sum(Revenue)"), "{agg (= n (call count)) , (= s (call sum Revenue))}")
  }

  func testStatementStartingWithAPipeUsesTheLastResult() {
    XCTAssertEqual(parsed("| head 5"), "{} | {head 5}")
    XCTAssertEqual(parsed("| head 5 | tail 1"), "{} | {head 5} | {tail 1}")
    let (statements, _) = Parser.parse("  | head 5")
    XCTAssertEqual(statements[0].pipeline.stages[0].range, SourceRange(2, 2))
    XCTAssertNil(statements[0].pipeline.stages[0].head)
    XCTAssertEqual(statements[0].pipeline.stages[1].head?.name, "head")
    XCTAssertEqual(statements[0].pipeline.stages[1].head?.range, SourceRange(4, 8))
  }

  func testLetBindings() {
    XCTAssertEqual(parsed("let uk = orders | where Country == 'UK'"), "let uk = {orders} | {where (== Country \"UK\")}")
    XCTAssertEqual(parsed("let n = 5"), "let n = {5}")
    XCTAssertEqual(parsed("let x =\n  orders"), "let x = {orders}")
    let (statements, _) = Parser.parse("let uk = orders")
    guard case .binding(let name, let range, _) = statements[0].kind else { return XCTFail() }
    XCTAssertEqual(name, "uk")
    XCTAssertEqual(range, SourceRange(4, 6))
    XCTAssertEqual(statements[0].range, SourceRange(0, 15))
  }

  func testManyStatementsAndBlankLines() {
    XCTAssertEqual(parsed("\n\na\n\n  b | c  \n# end\n"), "{a}\n{b} | {c}")
    XCTAssertEqual(parsed(""), "")
    XCTAssertEqual(parsed("   \n # nothing\n"), "")
  }

  func testIsComplete() {
    XCTAssert(Parser.isComplete("orders | head 5"))
    XCTAssert(Parser.isComplete(""))
    XCTAssert(Parser.isComplete("f(x)"))
    XCTAssert(Parser.isComplete("orders\n"))
    XCTAssert(Parser.isComplete("x = \"unterminated"))  // an error, but more lines will not fix it
    XCTAssert(Parser.isComplete("f(x))"))  // too many closers is an error, not a continuation
    XCTAssertFalse(Parser.isComplete("orders |"))
    XCTAssertFalse(Parser.isComplete("orders |  # more below"))
    XCTAssertFalse(Parser.isComplete("orders | agg n = count(),"))
    XCTAssertFalse(Parser.isComplete("where (x > 1 and"))
    XCTAssertFalse(Parser.isComplete("f [1,\n2"))
    XCTAssertFalse(Parser.isComplete("f(g(1)"))
    XCTAssertFalse(Parser.isComplete("a \\"))
    XCTAssert(Parser.isComplete("f [1,\n2]"))
    XCTAssertFalse(Parser.isComplete("let x ="))
    XCTAssertFalse(Parser.isComplete("let x =  # the pipeline follows\n"))
    XCTAssert(Parser.isComplete("let x = y"))
    XCTAssert(Parser.isComplete("mutate x ="))  // an error, not a continuation
  }
}
