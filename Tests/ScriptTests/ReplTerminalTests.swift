import Foundation
import ShopTestSupport
import XCTest

/// Types into the real readline REPL inside tmux, as a person would: completion,
/// history, Ctrl-C during a long command, Ctrl-D.
final class ReplTerminalTests: XCTestCase {
  var binary: String { repositoryRoot + "/.build/debug/shoplab" }
  let socket = "shoplab-test-\(getpid())"
  var home = ""

  /// Runs a tmux command and returns what it printed. Output goes through a file, not a
  /// pipe: the tmux server that the first call starts would inherit a pipe and keep it
  /// open forever.
  @discardableResult
  func tmux(_ args: [String]) throws -> String {
    let outPath = home + "/tmux-out-\(UUID().uuidString)"
    FileManager.default.createFile(atPath: outPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: outPath) }
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["tmux", "-L", socket] + args
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
  }

  func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "repl"]) }

  /// Waits until the screen shows `text` (or fails after a few seconds).
  func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      if try screen().contains(text) { return }
      usleep(50_000)
    }
    XCTFail("screen never showed \(text.debugDescription):\n\(try screen())", file: file, line: line)
  }

  func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "repl"] + keys) }

  override func setUpWithError() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build shoplab first")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is not installed")
    home = NSTemporaryDirectory() + "shoplab-repl-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    try tmux([
      "new-session", "-d", "-s", "repl", "-x", "100", "-y", "30",
      "env HOME=\(home) TERM=xterm NO_COLOR=1 \(binary) --db \(home)/repl.db",
    ])
    try waitFor("shop> ")
  }

  override func tearDownWithError() throws {
    _ = try? tmux(["kill-server"])
  }

  func testCompletionHistoryInterruptAndExit() throws {
    // Tab completes a command name.
    try keys("pri", "Tab")
    try waitFor("shop> print ")
    try keys("6 * 7", "Enter")
    try waitFor("42")
    // A bound name completes too.
    try keys("let revenue_total = 5", "Enter")
    try keys("print reve", "Tab")
    try waitFor("print revenue_total ")
    try keys("C-u")
    // Up arrow recalls the previous input.
    try keys("C-l")
    try keys("Up")
    try waitFor("shop> let revenue_total = 5")
    try keys("C-u")
    // Ctrl-C stops a running command, not the session.
    try keys("sleep 30s", "Enter")
    usleep(300_000)
    try keys("C-c")
    try waitFor("error: interrupted")
    try keys("print 1 + 1", "Enter")
    try waitFor("2")
    // A multi-line pipeline shows the continuation prompt.
    try keys("print (1 +", "Enter")
    try waitFor("...>")
    try keys("2)", "Enter")
    try waitFor("3")
    // Ctrl-D leaves cleanly, and history was saved.
    try keys("C-d")
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline, try screen().contains("shop>") { usleep(50_000) }
    let history = try String(contentsOfFile: home + "/.shoplab_history", encoding: .utf8)
    XCTAssertTrue(history.contains("print 1 + 1"), history)
  }
}
