import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopModels

/// The ranking metrics on cases worked by hand (the arithmetic is in each comment).
final class RankingEvaluatorTests: XCTestCase {
  private func metrics(_ scores: [Float], relevant: [Int], k: Int) -> RankingEvaluator.UserMetrics {
    var isRelevant = [Bool](repeating: false, count: scores.count)
    for i in relevant { isRelevant[i] = true }
    return RankingEvaluator.userMetrics(
      scores: scores, candidates: Array(scores.indices), relevant: relevant, isRelevant: isRelevant, k: k)
  }

  func testOneRelevantItemWithoutTies() {
    // The relevant item (0.7) is third of five.
    let at2 = metrics([0.9, 0.8, 0.7, 0.6, 0.5], relevant: [2], k: 2)
    XCTAssertEqual(at2.hit, 0)
    XCTAssertEqual(at2.ndcg, 0)
    assertClose(at2.mrr, 1.0 / 3)
    assertClose(at2.auc, 0.5)  // above 2 of the 4 others
    let at3 = metrics([0.9, 0.8, 0.7, 0.6, 0.5], relevant: [2], k: 3)
    XCTAssertEqual(at3.hit, 1)
    assertClose(at3.ndcg, 0.5)  // 1 / log2(3 + 1)
    assertClose(at3.precision, 1.0 / 3)
    assertClose(at3.recall, 1)
  }

  func testTiesCountAtTheirExpectedRank() {
    // Four items with one score: the relevant one is at positions 1…4 with equal chance.
    let m = metrics([1, 1, 1, 1], relevant: [0], k: 2)
    assertClose(m.hit, 0.5)  // 1 − (3/4 · 2/3)
    assertClose(m.recall, 0.5)
    assertClose(m.ndcg, 0.40773243839286437)  // (1/log2 2 + 1/log2 3) / 4
    assertClose(m.mrr, 0.5208333333333334)  // (1 + 1/2 + 1/3 + 1/4) / 4
    assertClose(m.auc, 0.5)
  }

  func testSeveralRelevantItems() {
    // Relevant: item 2 (0.8, second) and item 1 (0.1, last).
    let m = metrics([0.9, 0.1, 0.8, 0.5], relevant: [1, 2], k: 2)
    XCTAssertEqual(m.hit, 1)
    assertClose(m.recall, 0.5)
    assertClose(m.precision, 0.5)
    // DCG 1/log2 3; ideal DCG 1 + 1/log2 3.
    assertClose(m.ndcg, 0.38685280723454163)
    assertClose(m.mrr, 0.5)
    assertClose(m.auc, 0.25)  // item 2 beats 1 of 2 negatives, item 1 none
  }

  /// A model that knows the held-out items scores 1 on every ranking metric.
  func testAnOracleScoresPerfectly() {
    final class Oracle: Recommender {
      let answers: [Int: [Int]]
      init(_ a: [Int: [Int]]) { answers = a }
      var kindName: String { "oracle" }
      var itemCount: Int { 6 }
      var validation: RankingValidation?
      func scores(for query: RankingQuery, into out: inout [Float]) {
        out = [Float](repeating: 0, count: 6)
        for i in answers[query.user ?? -1] ?? [] { out[i] = 1 }
      }
      func checkpoint() -> Checkpoint { Checkpoint(kind: "oracle", metadata: [:], tensors: []) }
      func runEpoch(_ e: Int, of n: Int, using rng: inout SeededRandom, cancellation: Cancellation, onBatch: ((BatchProgress) -> Void)?) throws(TrainingError) -> EpochOutcome { EpochOutcome(loss: 0, samples: 0) }
      func snapshot() -> [[Float]] { [] }
      func restore(_ w: [[Float]]) {}
    }
    let train = Interactions(users: [0, 0, 1], items: [0, 1, 2], userCount: 2, itemCount: 6)
    let held = [0: [4], 1: [3, 5]]
    let r = RankingEvaluator(k: 2).evaluate(Oracle(held), on: RankingTask(train: train, heldOut: held))
    XCTAssertEqual(r.users, 2)
    for v in [r.hitRate, r.recall, r.ndcg, r.mrr, r.auc] { assertClose(v, 1) }
    assertClose(r.precision, 0.75)  // 1 of 2 slots for user 0, 2 of 2 for user 1
  }

  func testUsersWithNothingLeftToRankAreSkippedAndCounted() {
    let train = Interactions(users: [0, 0], items: [0, 1], userCount: 1, itemCount: 3)
    let popular = PopularRecommender(train: train)
    var rng = SeededRandom(seed: 1)
    _ = try? popular.runEpoch(1, of: 1, using: &rng, cancellation: Cancellation(), onBatch: nil)
    let r = RankingEvaluator(k: 2).evaluate(popular, on: RankingTask(train: train, heldOut: [0: [2]]))
    XCTAssertEqual(r.users, 0)
    XCTAssertEqual(r.skippedUsers, 1)
  }

  func testSampledCandidatesAreDrawnOnceForEveryModel() {
    let train = Interactions(users: [0, 1, 1], items: [0, 1, 2], userCount: 2, itemCount: 50)
    let e = RankingEvaluator(k: 5, candidates: .sampled(negatives: 10, seed: 3))
    let task = RankingTask(train: train, heldOut: [0: [7], 1: [9]])
    let a = e.drawNegatives(for: task), b = e.drawNegatives(for: task)
    XCTAssertEqual(a, b)
    XCTAssertEqual(a?[0]?.count, 10)
    XCTAssertFalse(a?[0]?.contains(0) ?? true, "a training item is never a negative")
    XCTAssertFalse(a?[1]?.contains(9) ?? true, "nor the held-out item")
  }
}
