import Foundation
import ShopTestSupport
import XCTest

/// Runs one of the tmux scripts in Support/ against the debug `shoplab` and checks that it
/// passed every step: the exit status is 0 and it printed `ok: …` once per step. (tmux is a
/// shell tool; driving it from a shell script keeps the keystrokes and screens readable.)
func runTmuxScript(_ name: String, extraArguments: [String] = [], steps: Int) throws {
  let binary = repositoryRoot + "/.build/debug/shoplab"
  try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build shoplab first")
  try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is not installed")
  let log = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString).log"
  FileManager.default.createFile(atPath: log, contents: nil)
  let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/bash")
  process.arguments = [repositoryRoot + "/Tests/ScriptTests/Support/\(name).sh", binary] + extraArguments
  process.standardOutput = handle
  process.standardError = handle
  process.standardInput = FileHandle.nullDevice
  try process.run()
  process.waitUntilExit()
  try handle.close()
  let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
  XCTAssertEqual(process.terminationStatus, 0, output)
  let passedSteps = output.split(separator: "\n").filter { $0.hasPrefix("ok: ") }
  XCTAssertEqual(passedSteps.count, steps, output)
}
