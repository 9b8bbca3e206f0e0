import Foundation
import ShopREPL
import ShopRuntime
import ShopSpark
import ShopStore
import ShopTestSupport
import XCTest

/// examples/07-spark.shop, checked like every example but against the live server that
/// scripts/spark-tests.sh started: the example is written for Spark's default address,
/// sc://127.0.0.1:15002, and the test points it at that server's port instead.
final class SparkExampleTests: XCTestCase {
  func testTheSparkExampleMatchesItsExpectations() throws {
    #if !Spark
      throw XCTSkip("examples/07-spark.shop skipped: built without the Spark trait (scripts/spark-tests.sh runs it)")
    #else
      guard let address = ProcessInfo.processInfo.environment["SHOPLAB_SPARK_ADDRESS"] else {
        throw XCTSkip("examples/07-spark.shop skipped: no Spark Connect server (SHOPLAB_SPARK_ADDRESS is unset)")
      }
      SparkConnectTables.register()
      let path = repositoryRoot + "/examples/07-spark.shop"
      let text = try String(contentsOfFile: path, encoding: .utf8)
        .replacingOccurrences(of: "sc://127.0.0.1:15002", with: address)
      let session = try Session(
        console: Console(), store: try SessionStore(path: ":memory:"), kind: "script", source: path,
        isInteractive: false, workingDirectory: repositoryRoot + "/examples")
      let runner = ScriptRunner(interpreter: Interpreter(session: session), mode: .check, out: { _ in }, err: { _ in })
      let report = runner.run(text: text, name: "examples/07-spark.shop")
      XCTAssertGreaterThan(report.inputs, 5)
      for mismatch in report.mismatches { XCTFail("\n" + mismatch) }
    #endif
  }
}
