import ShopCore
import ShopTensor
import XCTest

@testable import ShopModels

final class RecommenderKindsTests: XCTestCase {
  /// A 4 × 5 binary matrix, rows are users.
  static let x: [[Int]] = [[0, 1, 4], [1, 2], [0, 2, 3], [2, 3, 4]]
  static var matrix: Interactions {
    var u: [Int] = [], i: [Int] = []
    for (user, items) in x.enumerated() {
      for item in items {
        u.append(user)
        i.append(item)
      }
    }
    return Interactions(users: u, items: i, userCount: 4, itemCount: 5)
  }

  private func fit(_ kind: String, _ options: [String: ModelOptionValue] = [:], train: Interactions = matrix, epochs: Int = 1, seed: UInt64 = 1) throws -> Recommender {
    let k = try XCTUnwrap(RecommenderKinds.named(kind))
    let model = try k.make(ModelOptionValues(declared: k.options, given: options), train, TrainingOptions(seed: seed))
    try FitLoop(epochs: epochs, patience: nil, seed: seed).fit(model)
    return model
  }

  func testEASEMatchesAnIndependentSolve() throws {
    // numpy: G = XᵀX + 0.5 I; P = inv(G); B = −P / diag(P); diag(B) = 0; scores = X[0] @ B.
    let model = try fit("ease", ["lambda": .real(0.5)])
    var s: [Float] = []
    model.scores(for: RankingQuery(user: 0, history: [0, 1, 4]), into: &s)
    let expected = [0.50996016, 0.67326733, 0.27368421, 0.07843137, 0.50996016]
    for (a, b) in zip(s, expected) { XCTAssertEqual(Double(a), b, accuracy: 1e-5) }
    let b = try XCTUnwrap(model.similarities(to: 3))
    for (a, e) in zip(b, [0.45418327, -0.63366337, 0.88421053, 0, 0.45418327]) { XCTAssertEqual(Double(a), e, accuracy: 1e-5) }
  }

  func testEASERefusesACatalogueTooLargeForMemory() {
    let big = Interactions(users: [0], items: [999_999], userCount: 1, itemCount: 1_000_000)
    let kind = RecommenderKinds.named("ease")!
    XCTAssertThrowsError(try kind.make(ModelOptionValues(declared: kind.options, given: [:]), big, .init())) { error in
      guard case TrainingError.tooLarge(_, let bytes, _, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(bytes, 12_000_000_000_000)
      XCTAssertTrue("\(error)".contains("would need"), "\(error)")
    }
  }

  func testALSRowSolveIsExactWithEnoughConjugateGradientSteps() {
    // numpy: c = 1 + 2·x₀; A = Yᵀ diag(c) Y + 0.1 I; b = Yᵀ (c ⊙ x₀); solve(A, b).
    let y: [Float] = [0.1, 0.2, 0.3, -0.1, 0.0, 0.4, -0.2, 0.1, 0.5, 0.5]
    var x: [Float] = [0, 0]
    ALSKernel.solveRows(
      rowStart: [0, 3], columns: [0, 1, 4], confidence: [3, 3, 3], x: &x, y: y, factors: 2,
      regularization: 0.1, cgSteps: 2)
    XCTAssertEqual(Double(x[0]), 2.10462152, accuracy: 1e-4)
    XCTAssertEqual(Double(x[1]), 0.27928627, accuracy: 1e-4)
  }

  func testALSObjectiveFallsEverySweep() throws {
    let ml = try MovieLens.cached()
    let train = Interactions(users: ml.users, items: ml.items, userCount: ml.userCount, itemCount: ml.itemCount)
    let model = try XCTUnwrap(RecommenderKinds.named("als")).make(
      ModelOptionValues(declared: ALSRecommender.options, given: ["factors": .int(8), "cg": .int(8)]), train, .init(seed: 3))
    let summary = try FitLoop(epochs: 6, patience: nil, seed: 3).fit(model)
    let losses = summary.reports.map(\.trainLoss)
    for (a, b) in zip(losses, losses.dropFirst()) { XCTAssertLessThan(b, a, "\(losses)") }
  }

  func testSameSeedSameRecommendations() throws {
    let ml = try MovieLens.cached()
    let train = Interactions(users: ml.users, items: ml.items, userCount: ml.userCount, itemCount: ml.itemCount)
    for kind in ["bpr", "als"] {
      let a = try fit(kind, ["factors": .int(8)], train: train, epochs: 2, seed: 5)
      let b = try fit(kind, ["factors": .int(8)], train: train, epochs: 2, seed: 5)
      let c = try fit(kind, ["factors": .int(8)], train: train, epochs: 2, seed: 6)
      let q = RankingQuery(user: 7, history: train.history(of: 7))
      XCTAssertEqual(a.recommend(q, k: 10, excluding: []).map(\.item), b.recommend(q, k: 10, excluding: []).map(\.item), kind)
      XCTAssertEqual(a.snapshot(), b.snapshot(), kind)
      XCTAssertNotEqual(a.snapshot(), c.snapshot(), kind)
    }
  }

  func testEveryKindRoundTripsThroughItsCheckpoint() throws {
    for kind in RecommenderKinds.all {
      let model = try fit(kind.name, epochs: 2)
      let restored = try RecommenderKinds.restore(Checkpoint(decoding: model.checkpoint().encoded()))
      XCTAssertEqual(restored.kindName, kind.name)
      var a: [Float] = [], b: [Float] = []
      let q = RankingQuery(user: 2, history: [0, 2, 3])
      model.scores(for: q, into: &a)
      restored.scores(for: q, into: &b)
      XCTAssertEqual(a, b, kind.name)
    }
  }

  func testItemKNNExplainsWithTheUsersOwnItems() throws {
    let model = try fit("itemknn", ["shrink": .real(0)])
    // Items 2 and 3 share users 2 and 3: cosine 2 / (√3 · √2).
    let s = try XCTUnwrap(model.similarities(to: 3))
    XCTAssertEqual(Double(s[2]), 2 / (3.0.squareRoot() * 2.0.squareRoot()), accuracy: 1e-6)
    let why = model.reasons(for: 3, history: [1, 2])
    XCTAssertEqual(why.first?.item, 2)
  }

  func testLearnedModelsBeatPopularityOnMovieLens() throws {
    // Leave-last-out, full ranking: the bench/recommenders numbers at smaller scale.
    let ml = try MovieLens.cached()
    let split = Split.leaveLastOut(users: ml.users, times: ml.times)
    let train = Interactions(
      users: split.train.map { ml.users[$0] }, items: split.train.map { ml.items[$0] },
      userCount: ml.userCount, itemCount: ml.itemCount)
    var held: [Int: [Int]] = [:]
    for r in split.test { held[ml.users[r], default: []].append(ml.items[r]) }
    let task = RankingTask(train: train, heldOut: held)
    let popular = try fit("popular", train: train)
    let ease = try fit("ease", train: train)
    let reports = RankingEvaluator(k: 10).evaluate([popular, ease], on: task)
    // Measured: popular 0.044, ease 0.074.
    XCTAssertGreaterThan(reports[0].ndcg, 0.03)
    XCTAssertGreaterThan(reports[1].ndcg, 0.065)
    XCTAssertEqual(reports[0].users, 943)
  }
}

extension MovieLens {
  nonisolated(unsafe) private static var loaded: MovieLens?
  /// Loaded once per test process.
  static func cached() throws -> MovieLens {
    if let loaded { return loaded }
    let m = try load()
    loaded = m
    return m
  }
}
