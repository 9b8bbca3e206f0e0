import Foundation
import XCTest

/// `shoplab learn` as a command line: the list with progress, an unknown name, a lesson whose
/// markup does not read, and a lesson stepped through from piped input (no terminal: the
/// steps run as lines arrive, without pre-filling).
final class LearnCommandTests: XCTestCase {
  override func setUpWithError() throws { try Shoplab.requireBinary() }

  func lessonFolder() throws -> String {
    let dir = try Shoplab.temporaryFolder()
    try """
      #? lesson: Tiny
      #? step: Bind
      let x = 6 * 7

      #? question: What is x doubled?
      #? check: value 84 within 0
      #? hint: multiply by two.
      print x * 2
      # expect: 84
      """.write(toFile: dir + "/tiny.shop", atomically: true, encoding: .utf8)
    try "#? question: q\n\nprint 1\n".write(toFile: dir + "/broken.shop", atomically: true, encoding: .utf8)
    return dir
  }

  func testUnknownAndBrokenLessonsAreUsageErrors() throws {
    let dir = try lessonFolder()
    let unknown = try Shoplab.run(["--db", ":memory:", "learn", "--folder", dir, "tiyn"], directory: dir)
    XCTAssertEqual(unknown.status, 2)
    XCTAssertEqual(unknown.stderr, "error: no lesson 'tiyn' (did you mean 'tiny'?); 'shoplab learn' lists them\n")
    let broken = try Shoplab.run(["--db", ":memory:", "learn", "--folder", dir, "broken"], directory: dir)
    XCTAssertEqual(broken.status, 2)
    XCTAssertEqual(
      broken.stderr,
      "error: \(dir)/broken.shop:1: lesson markup: this '#?' line is not in the comment block directly above a command (a blank line or an '# expect' line cuts the block)\n"
    )
  }

  func testPipedAnswersAreJudgedAndTheListShowsProgress() throws {
    let dir = try lessonFolder()
    let db = dir + "/student.db"
    let run = try Shoplab.run(["--db", db, "learn", "--folder", dir, "tiny"], stdin: "\nanswer 80\nquit\n", directory: dir)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertEqual(
      run.stdout.split(separator: "\n", omittingEmptySubsequences: false).suffix(6),
      [
        "Find it with any commands, then 'answer …' (a number, a name or a pipeline).",
        "80", "Not quite: 80 is not it.", "Hint: multiply by two.",
        "Saved at step 2 of 2; 'shoplab learn tiny' resumes here.", "",
      ])
    let list = try Shoplab.run(["--db", db, "learn", "--folder", dir], directory: dir)
    XCTAssertEqual(list.status, 0, list.stderr)
    let lines = list.stdout.split(separator: "\n").map(String.init)
    let at = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("tiny ") })
    XCTAssertEqual(lines[at + 1].trimmingCharacters(in: .whitespaces), "2 steps, 1 exercise · at step 2 of 2, 0 of 1 solved")
  }
}
