import Foundation
import ShopRuntime
import ShopStore
import ShopTestSupport
import XCTest

/// A session over an in-memory store (or a given file), with helpers to run inputs.
final class RuntimeFixture {
  let store: SessionStore
  let session: Session
  let interpreter: Interpreter

  init(dbPath: String = ":memory:", workingDirectory: String = repositoryRoot) throws {
    store = try SessionStore(path: dbPath)
    session = try Session(
      console: Console(), store: store, kind: "script", source: "test", isInteractive: false,
      workingDirectory: workingDirectory)
    interpreter = Interpreter(session: session)
  }

  /// Runs one input and returns what a person would see (output, then the error).
  @discardableResult
  func run(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Interpreter.Outcome {
    interpreter.execute(text)
  }

  /// Runs an input that must succeed and returns its output.
  func output(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    let outcome = interpreter.execute(text)
    XCTAssertEqual(outcome.status, .ok, "\(text)\n\(outcome.errorRendered ?? "")", file: file, line: line)
    return outcome.output
  }

  /// Binds `orders` to the bundled non-UK Online Retail table.
  func loadOrders() {
    _ = output("let orders = load \"data/online-retail/online_retail_non_uk.csv\"")
  }
}
