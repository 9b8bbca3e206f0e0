import Foundation
import ShopRuntime
import ShopTestSupport
import XCTest

/// Models outlive their session: a second session on the same store file finds them by
/// name, and `models`, `compare` and the `metrics` table show what was measured.
final class ModelStoreTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = NSTemporaryDirectory() + "shoplab-models-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: folder)
  }

  func testAModelTrainedInOneSessionAnswersInTheNext() throws {
    let db = folder + "/store.db"
    let first = try RuntimeFixture(dbPath: db)
    first.loadOrders()
    _ = first.output("model m = behavior users CustomerID items StockCode arch gmf dim 8")
    _ = first.output("train m on orders epochs 2 split leave-last-out InvoiceDate")
    let evaluated = first.output("evaluate m on orders")
    let predicted = first.output("predict m user 12583 item 22728")
    let recommended = first.output("recommend m user 12583 k 5")
    try first.session.close()

    let second = try RuntimeFixture(dbPath: db)
    XCTAssertEqual(second.output("predict m user 12583 item 22728"), predicted)
    XCTAssertEqual(second.output("recommend m user 12583 k 5"), recommended)
    second.loadOrders()
    // The stored spec remembers the split, so the same rows are held out again.
    XCTAssertEqual(second.output("evaluate m on orders"), evaluated)
    let summary = second.output("m")
    XCTAssertTrue(
      summary.contains(
        "trained on orders (27,976 training rows), seed 42, split leave-last-out InvoiceDate"),
      summary)
  }

  func testModelsAndCompareAcrossSessions() throws {
    let db = folder + "/store.db"
    let first = try RuntimeFixture(dbPath: db)
    first.loadOrders()
    _ = first.output("model a = behavior users CustomerID items StockCode arch seed dim 8")
    _ = first.output("train a on orders epochs 1 split leave-last-out InvoiceDate")
    let evalA = first.output("evaluate a on orders")
    try first.session.close()

    let second = try RuntimeFixture(dbPath: db)
    second.loadOrders()
    _ = second.output("model b = behavior users CustomerID items StockCode arch gmf dim 8")
    _ = second.output("train b on orders epochs 1 split leave-last-out InvoiceDate")
    let evalB = second.output("evaluate b on orders")

    let list = second.output("models | select name, kind, arch, rows, seed")
    XCTAssertEqual(
      list,
      """
      name  kind      arch   rows  seed
      ────  ────────  ────  ─────  ────
      a     behavior  seed  27976    42
      b     behavior  gmf   27976    42
      """)
    // compare prints the numbers each evaluate printed (4 decimals), side by side.
    let compared = second.output("compare a, b")
    let hrA = line(evalA, "HR@10").split(separator: " ").map(String.init)
    let hrB = line(evalB, "HR@10").split(separator: " ").map(String.init)
    XCTAssertEqual(
      line(compared, "hr@10").split(separator: " ").map(String.init), ["hr@10", hrA[1], hrB[1]],
      compared)
    XCTAssertEqual(
      line(compared, "baseline hr@10").split(separator: " ").map(String.init),
      ["baseline", "hr@10", hrA[2], hrB[2]])
    // Every evaluate wrote its metrics: 9 for the model and 9 for the baseline, per model.
    let rows = second.output(
      "sql \"select m.name, t.split, count(*) as n from metrics t join models m on m.id = t.model_id group by m.name, t.split order by m.name, t.split\""
    )
    XCTAssertEqual(
      rows,
      """
      name  split       n
      ────  ──────────  ─
      a     baseline    9
      a     test        9
      a     validation  2
      b     baseline    9
      b     test        9
      b     validation  2
      """)
  }

  func testAnUnknownModelSuggestsAStoredOne() throws {
    let db = folder + "/store.db"
    let first = try RuntimeFixture(dbPath: db)
    first.loadOrders()
    _ = first.output("model buyers = behavior users CustomerID items StockCode dim 8")
    _ = first.output("train buyers on orders epochs 1")
    try first.session.close()
    let second = try RuntimeFixture(dbPath: db)
    let outcome = second.run("predict buyer user 12583 item 22728")
    XCTAssertEqual(outcome.errorMessage, "no model 'buyer'")
    XCTAssertTrue(
      outcome.errorRendered?.contains("did you mean 'buyers'?") ?? false,
      outcome.errorRendered ?? "")
  }

  func line(_ output: String, _ prefix: String) -> String {
    output.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init) ?? ""
  }
}
