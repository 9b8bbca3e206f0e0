import Foundation
import XCTest

/// The folder holding expected chart outputs, next to this file.
private let snapshotDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Snapshots")

/// Compares a rendered chart with `Snapshots/<name>.txt`, whole string against whole file.
///
/// With `SHOPLAB_RECORD_SNAPSHOTS=1` in the environment the file is (re)written instead
/// and the test passes; a missing file is written too, but that fails, so a snapshot is
/// never accepted without someone looking at it. Files end with one newline that is not
/// part of the chart (charts never end with a newline).
func assertSnapshot(
  _ actual: String, named name: String, file: StaticString = #filePath, line: UInt = #line
) {
  let url = snapshotDirectory.appendingPathComponent(name + ".txt")
  let record = ProcessInfo.processInfo.environment["SHOPLAB_RECORD_SNAPSHOTS"] == "1"
  let stored = try? String(contentsOf: url, encoding: .utf8)
  if record || stored == nil {
    try? FileManager.default.createDirectory(
      at: snapshotDirectory, withIntermediateDirectories: true)
    do {
      try (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
    } catch {
      XCTFail("could not write snapshot \(url.path): \(error)", file: file, line: line)
    }
    if !record {
      XCTFail("no snapshot '\(name)' yet; recorded it, check it and run again", file: file, line: line)
    }
    return
  }
  guard let stored else { return }
  let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
  if expected != actual {
    XCTFail(
      """
      snapshot '\(name)' differs (rerun with SHOPLAB_RECORD_SNAPSHOTS=1 to accept)
      --- expected
      \(expected)
      --- actual
      \(actual)
      """, file: file, line: line)
  }
}
