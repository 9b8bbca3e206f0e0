import Foundation
import ShopREPL
import ShopRuntime
import ShopStore
import ShopTestSupport
import XCTest

/// Runs every checked script (examples/*.shop and Tests/Scripts/**/*.shop) the way
/// `shoplab run --check` does, so a walkthrough that drifts from what the program prints
/// fails CI with a diff. Scripts in Tests/Scripts/shared-data/ read datasets that only
/// ../shared/data holds: they run when it is there and are skipped (with a stated reason)
/// on a clone of the repository alone.
final class CheckedScriptTests: XCTestCase {
  static func scripts(in folder: String) -> [String] {
    let root = repositoryRoot + "/" + folder
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".shop") }.sorted().map { root + "/" + $0 }
  }

  func check(_ path: String, file: StaticString = #filePath, line: UInt = #line) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      return XCTFail("cannot read \(path)", file: file, line: line)
    }
    do {
      let store = try SessionStore(path: ":memory:")
      let session = try Session(
        console: Console(), store: store, kind: "script", source: path, isInteractive: false,
        workingDirectory: (path as NSString).deletingLastPathComponent)
      let runner = ScriptRunner(
        interpreter: Interpreter(session: session), mode: .check, out: { _ in }, err: { _ in })
      let name = String(path.dropFirst(repositoryRoot.count + 1))
      let report = runner.run(text: text, name: name)
      XCTAssertGreaterThan(report.inputs, 0, "\(name) has no commands", file: file, line: line)
      for mismatch in report.mismatches { XCTFail("\n" + mismatch, file: file, line: line) }
    } catch {
      XCTFail("\(path): \(error)", file: file, line: line)
    }
  }

  /// Examples that need a Spark Connect server; SparkExampleTests runs them against one.
  static func needsSpark(_ path: String) -> Bool { path.hasSuffix("-spark.shop") }

  func testExamplesMatchTheirExpectations() {
    let files = Self.scripts(in: "examples").filter { !Self.needsSpark($0) }
    XCTAssertFalse(files.isEmpty, "no examples found")
    for path in files { check(path) }
  }

  static let sharedDataFolder = "Tests/Scripts/shared-data"

  func testLanguageScriptsMatchTheirExpectations() {
    let files = Self.scripts(in: "Tests/Scripts").filter {
      !$0.hasPrefix(repositoryRoot + "/" + Self.sharedDataFolder + "/")
    }
    XCTAssertFalse(files.isEmpty, "no scripts found")
    for path in files { check(path) }
  }

  func testSharedDataScriptsMatchTheirExpectations() throws {
    try SharedDataGroup.diginetica.require()
    try SharedDataGroup.ctrSamples.require()
    let files = Self.scripts(in: Self.sharedDataFolder)
    XCTAssertFalse(files.isEmpty, "no scripts found in \(Self.sharedDataFolder)")
    for path in files { check(path) }
  }
}
