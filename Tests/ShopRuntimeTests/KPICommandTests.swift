import Foundation
import ShopCore
import ShopFrames
import ShopTestSupport
import XCTest

@testable import ShopRuntime

/// The KPI commands as a user types them, on the non-UK Online Retail table bound as
/// `orders` (the table every command example is written against).
final class KPICommandTests: XCTestCase {
  static let orders: Frame? = try? CSVReader.load(
    sharedDataDirectory + "/uci-online-retail/online_retail_non_uk.csv"
  ).frame

  /// A fresh interpreter with `orders` bound and no store.
  func interpreter() throws -> Interpreter {
    let orders = try XCTUnwrap(Self.orders, "cannot load the non-UK Online Retail CSV")
    let session = try Session(
      console: Console(), store: nil, kind: "test", source: "test", isInteractive: false, workingDirectory: "/tmp")
    session.bindings["orders"] = .frame(orders)
    return Interpreter(session: session)
  }

  /// Runs `text` and fails the test (showing the transcript) unless it succeeds.
  @discardableResult
  func run(_ interpreter: Interpreter, _ text: String, file: StaticString = #filePath, line: UInt = #line)
    -> Interpreter.Outcome
  {
    let outcome = interpreter.execute(text)
    XCTAssertEqual(outcome.status, .ok, "\(text)\n\(outcome.transcript)", file: file, line: line)
    return outcome
  }

  func frame(_ outcome: Interpreter.Outcome, file: StaticString = #filePath, line: UInt = #line) -> Frame? {
    guard case .frame(let f) = outcome.value else {
      XCTFail("expected a table, got \(String(describing: outcome.value))", file: file, line: line)
      return nil
    }
    return f
  }

  // MARK: Examples

  func testEveryExampleRunsAndPrintsItsDefinition() throws {
    for command in KPICommands.all {
      for example in command.examples {
        let outcome = run(try interpreter(), example)
        if ProcessInfo.processInfo.environment["KPI_SHOW"] != nil {
          FileHandle.standardError.write(Data("» \(example)\n\(outcome.transcript)\n\n".utf8))
        }
        if command.name != "roles" {
          XCTAssertTrue(outcome.output.contains("definition: "), "\(example) printed no definition")
        }
      }
    }
  }

  func testEveryCommandIsRegistered() {
    for command in KPICommands.all {
      XCTAssertNotNil(CommandRegistry.standard.lookup(command.name), command.name)
    }
  }
}
