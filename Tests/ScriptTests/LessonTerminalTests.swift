import ShopTestSupport
import XCTest

/// A student's path through a lesson typed into the real readline REPL inside tmux: the
/// pre-filled command run with Enter, an edited command, a wrong then a right answer, quit
/// and resume, then what the store and `learn` show. The keystrokes and exact screens are in
/// Support/lesson-in-tmux.sh; the lesson is Tests/Scripts/lessons/first-orders.shop (which
/// CheckedScriptTests also checks as a script).
final class LessonTerminalTests: XCTestCase {
  func testPrefilledEditedAnsweredQuitAndResumed() throws {
    try runTmuxScript("lesson-in-tmux", extraArguments: [repositoryRoot + "/Tests/Scripts/lessons"], steps: 8)
  }
}
