import Foundation
import ShopTestSupport
import XCTest

@testable import ShopSparkPlan

/// Requests compared byte for byte with pyspark's classes encoding the same message, and
/// responses encoded by pyspark decoded here (Fixtures/make_fixtures.py, messages.json).
final class SparkConnectMessagesTests: XCTestCase {
  private func reference(_ name: String) throws -> [UInt8] {
    let path = "\(repositoryRoot)/Tests/ShopSparkPlanTests/Fixtures/messages.json"
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    let hex = try XCTUnwrap((json as? [String: String])?[name], "no fixture \(name)")
    var bytes: [UInt8] = []
    var i = hex.startIndex
    while i < hex.endIndex {
      let j = hex.index(i, offsetBy: 2)
      bytes.append(UInt8(hex[i..<j], radix: 16)!)
      i = j
    }
    return bytes
  }

  private let session = SparkConnectMessages.Session(id: "8a7a3e0c-4b1d-4c1e-9a57-0f5d2c1b6e01", user: "analyst")
  private let plan = SparkRelation.distinct(
    .project(.table("shop.events"), [.column("customer_id"), .alias(.column("event type"), "kind")]))

  func testExecutePlanRequestMatchesPyspark() throws {
    XCTAssertEqual(SparkConnectMessages.executePlan(plan, session: session), try reference("execute_plan_request"))
  }

  func testExplainRequestMatchesPyspark() throws {
    XCTAssertEqual(SparkConnectMessages.explain(plan, session: session), try reference("explain_request"))
  }

  func testConfigRequestMatchesPyspark() throws {
    XCTAssertEqual(
      SparkConnectMessages.setConfig([("spark.sql.session.timeZone", "UTC")], session: session),
      try reference("config_request"))
  }

  /// The batch's bytes come back whole, past the metrics and ids around them.
  func testAnArrowBatchResponseYieldsItsRowsAndBytes() throws {
    let response = try SparkConnectMessages.decodeExecutePlanResponse(try reference("arrow_batch_response"))
    XCTAssertEqual(response, .arrowBatch(rows: 3, data: (0..<200).map(UInt8.init)))
  }

  func testResultCompleteAndExplainResponses() throws {
    XCTAssertEqual(
      try SparkConnectMessages.decodeExecutePlanResponse(try reference("result_complete_response")), .resultComplete)
    XCTAssertEqual(
      try SparkConnectMessages.decodeExplainResponse(try reference("explain_response")), "== Physical Plan ==\nScan csv")
  }

  /// An operation id of the client's own (so Ctrl-C can interrupt it), and the interrupt.
  func testOperationIDAndInterruptRequestsMatchPyspark() throws {
    let id = "5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f"
    XCTAssertEqual(
      SparkConnectMessages.executePlan(plan, session: session, operationID: id),
      try reference("execute_plan_request_with_operation_id"))
    XCTAssertEqual(
      SparkConnectMessages.interrupt(operationID: id, session: session), try reference("interrupt_operation_request"))
    XCTAssertEqual(SparkConnectMessages.interrupt(operationID: nil, session: session), try reference("interrupt_all_request"))
    XCTAssertEqual(try SparkConnectMessages.decodeInterruptResponse(try reference("interrupt_response")), [id])
  }

  /// Spark's streamed execution progress: its stages and tasks, for the progress bar.
  func testExecutionProgressResponseIsDecoded() throws {
    let response = try SparkConnectMessages.decodeExecutePlanResponse(try reference("execution_progress_response"))
    let expected = SparkConnectMessages.ExecutionProgress(
      stages: [
        .init(id: 0, tasks: 2, completedTasks: 2, inputBytesRead: 7_654_321, done: true),
        .init(id: 1, tasks: 200, completedTasks: 37),
      ],
      inflightTasks: 3)
    XCTAssertEqual(response, .progress(expected))
    XCTAssertEqual(expected.tasks, 202)
    XCTAssertEqual(expected.completedTasks, 39)
  }

  func testATruncatedResponseIsAnErrorNotACrash() throws {
    let bytes = try reference("arrow_batch_response")
    for cut in [1, 5, 40, bytes.count - 1] {
      XCTAssertThrowsError(try SparkConnectMessages.decodeExecutePlanResponse(Array(bytes[..<cut])), "cut at \(cut)")
    }
  }
}
