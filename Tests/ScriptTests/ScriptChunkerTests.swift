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

  /// Swift reads "\r\n" as one Character: a Windows-saved script used to be one line, its
  /// expectations part of the first input and a mid-script error ending everything.
  func testWindowsLineEndingsCutLikeUnixOnes() {
    let unix = "let a = 1\n  # why\n  | print\n# expect: 1\n\nprint (1 +\nprint 2\n# expect error: boom\n"
    let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
    XCTAssertNotEqual(windows, unix)
    XCTAssertEqual(ScriptChunker.chunks(of: windows), ScriptChunker.chunks(of: unix))
    XCTAssertEqual(ScriptChunker.chunks(of: windows).map(\.text), ["let a = 1\n  # why\n  | print", "print (1 +", "print 2"])
    XCTAssertEqual(ScriptChunker.chunks(of: windows)[2].expectedError, "boom")
    XCTAssertEqual(ScriptLines.split("a\r\nb\nc\r\n"), ["a", "b", "c", ""])
    XCTAssertEqual(ScriptLines.ending(of: "a\r\nb"), "\r\n")
    XCTAssertEqual(ScriptLines.ending(of: "a\nb\r\n"), "\n")
  }
}
