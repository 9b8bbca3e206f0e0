import ShopREPL
import ShopScripts
import XCTest

/// How a script is cut into inputs, and where their expectations belong.
final class ScriptChunkerTests: XCTestCase {
  func testPipelinesContinueOverLinesAndComments() {
    let chunks = ScriptChunker.chunks(
      of: "let a = orders\n  # why\n  | head 2\n# expect: x\n\nprint 1\n")
    XCTAssertEqual(chunks.map(\.text), ["let a = orders\n  # why\n  | head 2", "print 1"])
    XCTAssertEqual(chunks.map(\.firstLine), [1, 6])
    XCTAssertEqual(chunks[0].lastLine, 3)
    XCTAssertEqual(chunks[0].expectedOutput, ["x"])
    XCTAssertEqual(chunks[0].expectationLines, [4])
  }

  func testAnUnclosedBracketDoesNotSwallowTheNextLine() {
    let chunks = ScriptChunker.chunks(of: "print (1 +\nprint 2\n")
    XCTAssertEqual(chunks.map(\.text), ["print (1 +", "print 2"])
  }

  func testIndentedLinesContinueAnOpenBracket() {
    let chunks = ScriptChunker.chunks(of: "print (1 +\n  2)\n")
    XCTAssertEqual(chunks.map(\.text), ["print (1 +\n  2)"])
  }

  func testAnUnfinishedLastInputEndsAtItsLastLineWithText() {
    let chunks = ScriptChunker.chunks(of: "let x =\n\n")
    XCTAssertEqual(chunks.map(\.text), ["let x ="])
    XCTAssertEqual(chunks[0].lastLine, 1)
  }

  func testExpectErrorLines() {
    let chunks = ScriptChunker.chunks(of: "prnt 1\n# expect error: unknown command 'prnt'\n")
    XCTAssertEqual(chunks[0].expectedError, "unknown command 'prnt'")
    XCTAssertEqual(chunks[0].expectedOutput, [])
  }
}
