import Foundation
import ShopCore
import XCTest

/// Asserts that two doubles agree within an absolute or relative tolerance, printing
/// expected, observed and error on failure.
public func assertClose(
  _ observed: Double, _ expected: Double, tolerance: Double = 1e-9,
  file: StaticString = #filePath, line: UInt = #line
) {
  let error = abs(observed - expected)
  let scale = max(1, abs(expected))
  if !(error <= tolerance * scale) {
    XCTFail(
      "expected \(expected), observed \(observed), error \(error) > tolerance \(tolerance)",
      file: file, line: line)
  }
}

/// The repository root.
public var repositoryRoot: String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
}
