import Foundation
import ShopTestSupport
import XCTest

/// Types into the real readline REPL inside tmux, as a person would: completion,
/// history, Ctrl-R, Ctrl-C during a long command and at the prompt, continuation, Ctrl-D,
/// each step checked against the exact screen it should leave.
/// The keystrokes and screen checks are in Support/repl-in-tmux.sh (tmux is a shell
/// tool; driving it from a shell script keeps the steps readable).
final class ReplTerminalTests: XCTestCase {
  func testCompletionHistoryInterruptAndExit() throws {
    let binary = repositoryRoot + "/.build/debug/shoplab"
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build shoplab first")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is not installed")
    let log = NSTemporaryDirectory() + "repl-in-tmux-\(UUID().uuidString).log"
    FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [repositoryRoot + "/Tests/ScriptTests/Support/repl-in-tmux.sh", binary]
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    XCTAssertEqual(process.terminationStatus, 0, output)
    let passedSteps = output.split(separator: "\n").filter { $0.hasPrefix("ok: ") }
    XCTAssertEqual(passedSteps.count, 9, output)
  }
}
