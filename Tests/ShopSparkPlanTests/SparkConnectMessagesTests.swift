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

  func testATruncatedResponseIsAnErrorNotACrash() throws {
    let bytes = try reference("arrow_batch_response")
    for cut in [1, 5, 40, bytes.count - 1] {
      XCTAssertThrowsError(try SparkConnectMessages.decodeExecutePlanResponse(Array(bytes[..<cut])), "cut at \(cut)")
    }
  }
}
