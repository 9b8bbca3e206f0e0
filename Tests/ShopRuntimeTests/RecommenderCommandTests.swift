import Foundation
import ShopTestSupport
import XCTest

@testable import ShopRuntime

/// The recommender family in the language, on the bundled Online Retail log.
final class RecommenderCommandTests: XCTestCase {
  /// Trained on every row (no split), so "what the user had" is every item they bought.
  private func trained(_ kind: String, options: String = "", split: String = "") throws -> RuntimeFixture {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("set rows 1000")
    _ = f.output("let bought = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
    _ = f.output("model r = recommender \(kind) users CustomerID items StockCode \(options)")
    _ = f.output("train r on bought " + split)
    return f
  }

  /// Items of customer 12583 in the training table, as text.
  private func had(_ f: RuntimeFixture) -> Set<String> {
    let out = f.output("bought | where CustomerID == 12583 | distinct StockCode | select StockCode")
    return Set(out.split(separator: "\n").dropFirst(2).map { $0.trimmingCharacters(in: .whitespaces) })
  }

  private func column(_ out: String, _ index: Int) -> [String] {
    out.split(separator: "\n").dropFirst(2).compactMap { line in
      let f = line.split(separator: " ", omittingEmptySubsequences: true)
      return f.count > index ? String(f[index]) : nil
    }
  }

  func testRecommendNeverReturnsWhatTheUserHadUnlessAsked() throws {
    for kind in ["popular", "ease", "als"] {
      let f = try trained(kind)
      let seen = had(f)
      XCTAssertFalse(seen.isEmpty)
      let items = column(f.output("recommend r user 12583 k 50"), 1)
      XCTAssertEqual(items.count, 50, kind)
      XCTAssertTrue(Set(items).isDisjoint(with: seen), "\(kind) recommended an item the user had")
      let all = column(f.output("recommend r user 12583 k 50 include seen"), 1)
      XCTAssertFalse(Set(all).isDisjoint(with: seen), "\(kind): 'include seen' keeps them")
    }
  }

  func testItemBasedKindsGiveTheirReasonsFromTheUsersOwnItems() throws {
    let f = try trained("itemknn")
    let out = f.output("recommend r user 12583 k 5")
    XCTAssertTrue(out.hasPrefix("rank  StockCode"), out)
    let seen = had(f)
    for line in out.split(separator: "\n").dropFirst(2) {
      guard let because = line.range(of: "had ") else { continue }
      for item in line[because.upperBound...].split(separator: ",") {
        XCTAssertTrue(seen.contains(item.trimmingCharacters(in: .whitespaces)), String(line))
      }
    }
  }

  func testFoldInAndSimilarItems() throws {
    let f = try trained("ease")
    let visitor = column(f.output("recommend r items 22728, 22727 k 5"), 1)
    XCTAssertEqual(visitor.count, 5)
    XCTAssertFalse(visitor.contains("22728"))
    let similar = column(f.output("similar r item 22728 k 5"), 1)
    XCTAssertEqual(similar.count, 5)
    XCTAssertFalse(similar.contains("22728"), "an item is not listed as similar to itself")
  }

  func testEvaluateIsFullRankingBesidePopularAndLabelsTheSampledProtocol() throws {
    let f = try trained("ease", split: "split rs811")
    let full = f.output("evaluate r on bought")
    XCTAssertTrue(full.contains("full ranking: each user's held-out items against every item"), full)
    XCTAssertTrue(full.contains("popular"), full)
    let sampled = f.output("evaluate r on bought sampled 99")
    XCTAssertTrue(sampled.contains("SAMPLED protocol"), sampled)
    let stored = f.output("sql \"select count(*) as n from metrics where name like '%_sampled99'\"")
    XCTAssertTrue(stored.contains("18"), stored)  // 9 metrics for the model, 9 for popular
  }

  /// The baseline learns from the rows the model was fitted on, not from the validation part
  /// it only watched: a `popular` model and the `popular` baseline beside it score the same,
  /// also after the model is stored and loaded back.
  func testThePopularBaselineLearnsFromTheModelsOwnTrainingRows() throws {
    let folder = NSTemporaryDirectory() + "/baseline-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let f = try RuntimeFixture(dbPath: folder + "/s.db")
    f.loadOrders()
    _ = f.output("let bought = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
    _ = f.output("model r = recommender popular users CustomerID items StockCode")
    _ = f.output("train r on bought split rs811")
    func columns(_ out: String) -> [(String, String)] {
      out.split(separator: "\n").compactMap { line in
        let cells = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard cells.count == 3, Double(cells[1]) != nil else { return nil }
        return (cells[1], cells[2])
      }
    }
    let rows = columns(f.output("evaluate r on bought"))
    XCTAssertGreaterThanOrEqual(rows.count, 6, "the metric rows")
    for (model, baseline) in rows { XCTAssertEqual(model, baseline) }
    let stored = try RuntimeFixture(dbPath: folder + "/s.db")
    stored.loadOrders()
    _ = stored.output("let bought = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
    let again = columns(stored.output("evaluate r on bought"))
    XCTAssertEqual(again.map(\.0), rows.map(\.0))
    for (model, baseline) in again { XCTAssertEqual(model, baseline) }
  }

  func testOptionsAreCheckedAgainstTheirDeclaration() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    let bad = f.run("model r = recommender als users CustomerID items StockCode factors 0").errorRendered ?? ""
    XCTAssertTrue(bad.contains("factors must be between 1 and 1024"), bad)
    let typo = f.run("model r = recommender eas users CustomerID items StockCode").errorRendered ?? ""
    XCTAssertTrue(typo.contains("did you mean 'ease'"), typo)
    _ = f.output("model r = recommender ease users CustomerID items StockCode")
    let lr = f.run("train r on orders lr 0.1").errorRendered ?? ""
    XCTAssertTrue(lr.contains("'lr' is for gradient-trained models"), lr)
    let help = f.output("help model")
    XCTAssertTrue(help.contains("lambda (500; 0.001–10000000)"), "help comes from the declaration")
  }

  func testSameSeedSameRecommendations() throws {
    let a = try trained("bpr", options: "factors 8")
    let b = try trained("bpr", options: "factors 8")
    XCTAssertEqual(a.output("recommend r user 12583 k 10"), b.output("recommend r user 12583 k 10"))
  }

  /// A user whose items nobody else had gets score 0 for every item; the places go to the
  /// items most users had (not to the model's item numbering), and the output says so.
  func testAUserTheModelCannotLinkGetsPopularItemsAndANote() throws {
    let path = try testDataPath("otto-recsys-sample/otto_sample_events.csv")
    let f = try RuntimeFixture()
    _ = f.output("let ev = load \"\(path)\"")
    _ = f.output("model knn = recommender itemknn users session items aid")
    _ = f.output("train knn on ev")
    let shown = f.output("recommend knn user 0 k 5")
    XCTAssertTrue(
      shown.hasPrefix(
        "note: 'knn' links none of the 5 to user 0 (nothing in training ties their items to others); all are the items"
          + " most users had, with score 0"), shown)
    // python3 (csv module): distinct sessions per aid over all 862 events, session 0's own
    // aids left out, most first and ties by aid as text: 303479 (5), 107068, 1712999 (4),
    // 1329892, 1343406 (3).
    let items = shown.split(separator: "\n").dropFirst(3).map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }
    XCTAssertEqual(items, ["303479", "107068", "1712999", "1329892", "1343406"])
  }
  /// A user the model has no history for gets the same error from every family: it names
  /// the model, the user and how many users it knows, and says what to do instead.
  func testAUserWithNoHistoryIsNamedWithAWayOut() throws {
    for kind in ["itemknn", "popular", "ease"] {
      let f = try RuntimeFixture()
      f.loadOrders()
      _ = f.output("let bought = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
      _ = f.output("model r = recommender \(kind) users CustomerID items StockCode")
      let trained = f.output("train r on bought")
      // "train r: 28,811 interactions of 422 users × …": the count the error must repeat.
      let users = try XCTUnwrap(trained.range(of: #"of [0-9,]+ users"#, options: .regularExpression).map { trained[$0] })
      let outcome = f.run("recommend r user 99999 k 3")
      XCTAssertEqual(
        outcome.errorMessage, "model 'r' has no history for user '99999': it is not one of the \(users.dropFirst(3)) it was trained on", kind)
      let rendered = outcome.errorRendered ?? ""
      XCTAssertTrue(rendered.contains("= for a visitor with no history in training, rank from the items they had: 'recommend r items I, J, …'"), rendered)
      XCTAssertTrue(rendered.contains("= if the user is new since training, train 'r' again on a table that has them"), rendered)
      XCTAssertFalse(rendered.contains("embeddings"), "\(kind) has no embeddings: \(rendered)")
      XCTAssertFalse(rendered.contains("did you mean"), "99999 is nobody's id written differently: \(rendered)")
      // The way out it names works.
      XCTAssertEqual(column(f.output("recommend r items 22728 k 3"), 1).count, 3, kind)
    }
    // The same id written differently is pointed at; one a digit away (another customer) is not.
    let f = try trained("itemknn")
    let padded = f.run("recommend r user \"12583.0\" k 3").errorRendered ?? ""
    XCTAssertTrue(padded.contains("did you mean '12583'?"), padded)
    // 12533 is one digit from 12583 (and from the customers 12523, 12531, 12536 …): no one's id.
    let other = f.run("recommend r user 12533 k 3").errorRendered ?? ""
    XCTAssertTrue(other.contains("has no history for user '12533'"), other)
    XCTAssertFalse(other.contains("did you mean"), other)
  }

  /// A behavior model cannot fold a visitor in: its way out is a recommender or retraining.
  func testABehaviorModelSaysItsEmbeddingsCoverOnlyItsTrainingUsers() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("model g = behavior users CustomerID items StockCode dim 4")
    _ = f.output("train g on orders epochs 1")
    for input in ["recommend g user 99999 k 3", "predict g user 99999 item 22728"] {
      let outcome = f.run(input)
      XCTAssertEqual(outcome.errorMessage?.hasPrefix("model 'g' has no history for user '99999': it is not one of the "), true, input)
      let rendered = outcome.errorRendered ?? ""
      XCTAssertTrue(rendered.contains("= a behavior model has embeddings only for the users of its training table"), rendered)
    }
  }
}
