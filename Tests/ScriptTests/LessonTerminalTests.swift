import Foundation
import ShopTestSupport
import XCTest

/// A student's path through a lesson typed into the real readline REPL inside tmux: the
/// pre-filled command run with Enter, an edited command, a wrong then a right answer, quit
/// and resume, then what the store and `learn` show. The keystrokes and exact screens are in
/// Support/lesson-in-tmux.sh; the lesson is Tests/Scripts/lessons/first-orders.shop (which
/// CheckedScriptTests also checks as a script).
final class LessonTerminalTests: XCTestCase {
  func testPrefilledEditedAnsweredQuitAndResumed() throws {
    let binary = repositoryRoot + "/.build/debug/shoplab"
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build shoplab first")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is not installed")
    let log = NSTemporaryDirectory() + "lesson-in-tmux-\(UUID().uuidString).log"
    FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [
      repositoryRoot + "/Tests/ScriptTests/Support/lesson-in-tmux.sh", binary, repositoryRoot + "/Tests/Scripts/lessons",
    ]
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    XCTAssertEqual(process.terminationStatus, 0, output)
    let passedSteps = output.split(separator: "\n").filter { $0.hasPrefix("ok: ") }
    XCTAssertEqual(passedSteps.count, 8, output)
  }
}
