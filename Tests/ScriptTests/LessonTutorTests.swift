import Foundation
import ShopREPL
import ShopRuntime
import ShopScripts
import ShopStore
import XCTest

/// The steering words and answers of a lesson, read from a scripted line reader (an empty
/// line at a pre-filled prompt is Enter on the pre-filled command). The terminal itself is
/// LessonTerminalTests' part.
final class LessonTutorTests: XCTestCase {
  let text = """
    #? lesson: Tiny
    #? step: Bind
    # Bind a number.
    let x = 6 * 7

    #? step: Double
    #? question: What is x doubled?
    #? check: value 84 within 0
    #? hint: multiply by two.
    print x * 2
    # expect: 84

    #? step: Last
    print x + 1
    # expect: 43
    """

  func testSteeringWordsHintsShowAndFinish() throws {
    let store = try SessionStore(path: ":memory:")
    var lines: [String] = []
    let quiet = QuietSwitch()
    let session = try Session(
      console: Console(writeThrough: { if !quiet.on { lines.append($0) } }), store: store, kind: "lesson", source: "tiny",
      isInteractive: true, workingDirectory: NSTemporaryDirectory())
    let reader = ScriptedLineReader([
      "", "", "next", "answer 80", "hint", "show", "", "back", "skip", "print x + 1next", "",
    ])
    let tutor = LessonTutor(
      lesson: LessonParser.parse(text, name: "tiny"), path: "/tmp/tiny.shop", interpreter: Interpreter(session: session),
      reader: reader, store: store, quiet: quiet, width: 60, out: { lines.append($0) }, err: { lines.append("ERR " + $0) })
    tutor.run()
    XCTAssertEqual(
      lines,
      [
        "Lesson tiny: Tiny · 3 steps, 1 exercise",
        "Enter runs the command shown (edit it first if you like);", "Enter on an empty line goes on.",
        "Words: next, back, again, hint, skip, show, quit.",
        "", "── Step 1 of 3: Bind ──", "Bind a number.",
        "", "── Step 2 of 3: Double · Exercise ──", "Question: What is x doubled?",
        "Find it with any commands, then 'answer …' (a number, a name or a pipeline).",
        "This question is still open: 'answer …', 'hint', 'show' for the answer, or 'skip' to leave it.",
        "80", "Not quite: 80 is not it.", "Hint: multiply by two.",
        "Hint: multiply by two.",
        "The answer: print x * 2", "84", "Enter goes on.",
        "", "── Step 3 of 3: Last ──",
        "", "── Step 2 of 3: Double · Exercise ──", "Question: What is x doubled?",
        "Find it with any commands, then 'answer …' (a number, a name or a pipeline).",
        "", "── Step 3 of 3: Last ──",
        "",
        "Lesson tiny done: 3 steps, 0 of 1 exercises solved.",
      ])
    // The pre-filled commands: step 1's, then step 3's twice (after 'back' and 'skip').
    XCTAssertEqual(reader.prefills, ["let x = 6 * 7", "print x + 1", "print x + 1"])
    let answers = try store.database.query("SELECT step, answer, verdict FROM lesson_answers ORDER BY id")
    XCTAssertEqual(answers, [[.integer(2), .text("80"), .text("wrong")], [.integer(2), .text(""), .text("shown")]])
    XCTAssertEqual(try store.lessonProgress()["tiny"]?.completed, true)
  }
}
