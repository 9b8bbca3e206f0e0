import XCTest

/// Types into the real readline REPL inside tmux, as a person would: completion,
/// history, Ctrl-R, Ctrl-C during a long command and at the prompt, continuation, Ctrl-D,
/// each step checked against the exact screen it should leave.
/// The keystrokes and screen checks are in Support/repl-in-tmux.sh.
final class ReplTerminalTests: XCTestCase {
  func testCompletionHistoryInterruptAndExit() throws {
    try runTmuxScript("repl-in-tmux", steps: 9)
  }
}
