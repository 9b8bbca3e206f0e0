import Foundation
import ShopTestSupport
import XCTest

/// The built `shoplab` executable, run as a user would run it: arguments, stdin, a
/// working folder, and optionally a launcher in front (`bash -c 'ulimit -f 64; exec …'`).
/// (`scripts/test.sh` builds it before the tests run.)
enum Shoplab {
  static var binary: String { repositoryRoot + "/.build/debug/shoplab" }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Killed because it outlived the timeout.
    var timedOut = false
  }

  /// Skips the calling test when the executable has not been built.
  static func requireBinary() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "build shoplab first (swift build)")
  }

  /// Runs shoplab to completion.
  /// - Parameter launcher: a command that receives shoplab's path and arguments after its
  ///   own, e.g. `["/bin/bash", "-c", "ulimit -f 64; exec \"$0\" \"$@\""]`.
  /// - Parameter timeout: seconds after which the process is killed (a test of a hang
  ///   fails instead of hanging).
  static func run(
    _ arguments: [String], stdin: String? = nil, directory: String? = nil, launcher: [String] = [],
    timeout: Double = 120
  ) throws -> Result {
    let process = Process()
    let command = launcher + [binary] + arguments
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin.data(using: .utf8) ?? Data()) }
    try input.fileHandleForWriting.close()
    // Read both pipes at once: a process that fills one while we wait on the other hangs.
    let e = DataBox()
    let done = DispatchSemaphore(value: 0)
    Thread {
      e.data = err.fileHandleForReading.readDataToEndOfFile()
      done.signal()
    }.start()
    let pid = process.processIdentifier
    let timer = DispatchWorkItem {
      e.timedOut = true
      kill(pid, SIGKILL)
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
    let o = out.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    process.waitUntilExit()
    timer.cancel()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e.data, as: UTF8.self), timedOut: e.timedOut)
  }

  /// A new empty folder under the system temp folder.
  static func temporaryFolder() throws -> String {
    let dir = NSTemporaryDirectory() + "shoplab-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }
}

/// Filled in by the stderr reader and the timer, read after the process has ended.
private final class DataBox: @unchecked Sendable {
  var data = Data()
  var timedOut = false
}
