import Foundation
import ShopCore
import ShopFrames
import ShopTestSupport
import XCTest

@testable import ShopRuntime

/// The KPI commands as a user types them, on the non-UK Online Retail table bound as
/// `orders` (the table every command example is written against).
final class KPICommandTests: XCTestCase {
  static let orders = Result {
    try CSVReader.load(try testDataPath("uci-online-retail/online_retail_non_uk.csv")).frame
  }

  /// A fresh interpreter with `orders` bound and no store.
  func interpreter() throws -> Interpreter {
    let orders = try Self.orders.get()
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

  // MARK: Roles and the store

  func testRolesHoldForTheSessionAndChangeTheAnswer() throws {
    let i = try interpreter()
    let inferred = run(i, "orders | kpi customers")
    XCTAssertTrue(inferred.output.contains("customer CustomerID (inferred)"), inferred.output)
    XCTAssertEqual(frame(inferred).map { cells($0, "customers") }, [.int(418)])
    run(i, "roles customer Country")
    let set = run(i, "orders | kpi customers")
    XCTAssertTrue(set.output.contains("roles: order InvoiceNo (inferred), customer Country,"), set.output)
    // python3: len({r['Country'] for r in csv.DictReader(open('online_retail_non_uk.csv')) if int(r['Quantity']) > 0}) = 37
    XCTAssertEqual(frame(set).map { cells($0, "customers") }, [.int(37)])
    run(i, "roles clear")
    XCTAssertEqual(run(i, "roles").output, "no roles set; each KPI infers them from column names ('orders | roles' shows how)")
    XCTAssertEqual(frame(run(i, "orders | kpi customers")).map { cells($0, "customers") }, [.int(418)])
    // A fresh session starts with no roles.
    XCTAssertEqual(frame(run(try interpreter(), "orders | kpi customers")).map { cells($0, "customers") }, [.int(418)])
  }

  func testRolesCheckColumnsAgainstAGivenTable() throws {
    let outcome = try interpreter().execute("orders | roles customer CustomerId")
    XCTAssertEqual(outcome.status, .error)
    XCTAssertEqual(outcome.errorMessage, "unknown column 'CustomerId'")
    XCTAssertTrue(outcome.errorRendered?.contains("did you mean 'CustomerID'") == true, outcome.errorRendered ?? "")
  }

  func testAnotherCommandsMeasureAsAKPIMetricNamesThatCommand() throws {
    let i = try interpreter()
    let conversion = i.execute("orders | kpi revenue, conversion by Country")
    XCTAssertEqual(conversion.status, .error)
    XCTAssertEqual(
      conversion.errorMessage,
      "'conversion' is not a kpi metric but a command of its own: … | "
        + "conversion [per UNIT] when CONDITION [among CONDITION] [by TERM, …]")
    // The caret is under the word, after the comma.
    XCTAssertTrue(conversion.errorRendered?.contains("                  ^^^^^^^^^^") == true, conversion.errorRendered ?? "")
    XCTAssertEqual(
      i.execute("orders | kpi Retention").errorMessage?.hasPrefix("'Retention' is not a kpi metric but measured by the command 'cohort': … | cohort "),
      true)
    XCTAssertEqual(i.execute("orders | kpi repurchase_rate").errorMessage?.contains("is 'repeat_rate' (kpi repeat_rate)"), true)
    // A plain typo still gets the list and the nearest metric; a real metric still runs.
    XCTAssertEqual(i.execute("orders | kpi revnue").errorMessage?.hasSuffix("(did you mean 'revenue'?)"), true)
    run(i, "orders | kpi repeat_rate")
  }

  func testTheDefinitionIsStoredWithTheCommand() throws {
    let fixture = try RuntimeFixture()
    fixture.loadOrders()
    _ = fixture.output("orders | kpi orders, aov by Country net | sort orders desc | head 2")
    let record = try XCTUnwrap(try fixture.store.commands().last)
    XCTAssertTrue(record.output.contains("definition: basis net; orders = distinct orders with a sale line"), record.output)
    XCTAssertTrue(record.output.contains("Germany"), record.output)
  }

  func testBounceDefinitionsAreSpelledAsInTheTools() throws {
    let i = try interpreter()
    for spelling in ["single-event", "single_event"] {
      let outcome = run(i, "orders | bounce_rate \(spelling) per InvoiceNo")
      XCTAssertTrue(outcome.output.contains("(single-event)"), outcome.output)
    }
    let ua = run(i, "orders | bounce_rate ua per InvoiceNo views Quantity > 0")
    XCTAssertTrue(ua.output.contains("bounce_rate (UA) = sessions with exactly one page view (Quantity > 0)"), ua.output)
  }

  func testSessionizeNamesItsColumn() throws {
    let outcome = run(try interpreter(), "orders | sessionize gap 2h as visit | select visit | head 1")
    XCTAssertEqual(frame(outcome)?.columnNames, ["visit"])
  }

  /// The ids written over the user column would leave no way back to the users; another
  /// column of the default name is replaced with a warning.
  func testSessionizeNeverWritesOverTheColumnsItReads() throws {
    let i = try interpreter()
    let user = i.execute("orders | rename CustomerID to session | sessionize by session gap 2h")
    XCTAssertTrue(
      user.errorRendered?.contains(
        "sessionize would write its session ids over 'session', the user column it reads; name the new column with 'as', such as 'as session_id'")
        ?? false, user.errorRendered ?? "no error")
    XCTAssertTrue(user.errorRendered?.contains("^^^^^^^") ?? false, user.errorRendered ?? "")
    let time = i.execute("orders | sessionize time InvoiceDate as InvoiceDate")
    XCTAssertTrue(time.errorRendered?.contains("over 'InvoiceDate', the time column it reads") ?? false, time.errorRendered ?? "")
    let other = run(i, "orders | derive session = 0 | sessionize gap 2h | select session | head 1")
    XCTAssertTrue(other.output.contains("warning: the column 'session' is replaced by the session ids"), other.output)
    XCTAssertEqual(cells(try XCTUnwrap(frame(other)), "session"), [.int(1)])
  }
}

/// A column's cells as scalars (empty when the column is missing).
private func cells(_ frame: Frame, _ name: String) -> [Scalar] {
  guard let c = frame.column(named: name) else { return [] }
  return (0..<c.count).map { c[$0] }
}
