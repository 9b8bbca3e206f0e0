import ShopCore
import ShopModels
import ShopTensor
import ShopTestSupport
import XCTest

final class ClassifierTests: XCTestCase {
  private static let shoppers = Result { try Shoppers.load() }

  func testFeatureEncoderByHand() throws {
    // x = [1, 3, nil, 5]: mean 3, population sd sqrt(8/3) = 1.632993; nil -> 0.
    let enc = FeatureEncoder(
      numeric: [("x", [1, 3, nil, 5])], categorical: [("c", ["b", "a", nil, "b"])])
    XCTAssertEqual(enc.featureNames, ["x", "c=a", "c=b"])
    let t = try enc.encode(numeric: [[1, 5, nil]], categorical: [["a", "zzz", "b"]])
    XCTAssertEqual(t.shape, [3, 3])
    assertClose(Double(t[0, 0]), -2 / 1.632993, tolerance: 1e-6)
    assertClose(Double(t[1, 0]), 2 / 1.632993, tolerance: 1e-6)
    XCTAssertEqual(t.row(2), [0, 0, 1])
    XCTAssertEqual(Array(t.row(0)[1...]), [1, 0])
    XCTAssertEqual(Array(t.row(1)[1...]), [0, 0], "unseen category encodes as zeros")
    XCTAssertThrowsError(try enc.encode(numeric: [[1]], categorical: [])) {
      XCTAssertEqual($0 as? FeatureEncoderError, .columnCount(expected: 2, found: 1))
    }
  }

  func testSkewedColumnsAreLogScaled() throws {
    // Nine zeros and a 100: skewness 2.667 > 2. python3: a = np.log1p(x); mean 0.461512,
    // sd 1.384536; 100 -> (log 101 - mean) / sd = 3.0, 3 -> 0.667937.
    let x: [Double?] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 100]
    let enc = FeatureEncoder(numeric: [("d", x), ("plain", (0..<10).map { Double($0) })], categorical: [])
    XCTAssertEqual(enc.numeric.map(\.logScaled), [true, false])
    let t = try enc.encode(numeric: [[100, 3], [0, 0]], categorical: [])
    assertClose(Double(t[0, 0]), 3.0, tolerance: 1e-5)
    assertClose(Double(t[1, 0]), 0.6679365548245864, tolerance: 1e-5)
    let off = FeatureEncoder(numeric: [("d", x)], categorical: [], logScaleSkewed: false)
    XCTAssertEqual(off.numeric.map(\.logScaled), [false])
  }

  func testSplits() {
    let labels = (0..<100).map { $0 % 5 == 0 }  // 20 positives
    let s = Split.random(count: 100, testFraction: 0.2, seed: 3, stratifyBy: labels)
    XCTAssertEqual(s.test.count, 20)
    XCTAssertEqual(s.test.filter { labels[$0] }.count, 4, "stratified: 20% of the 20 positives")
    XCTAssertEqual(Set(s.train + s.test).count, 100)
    XCTAssertEqual(Split.random(count: 100, testFraction: 0.2, seed: 3, stratifyBy: labels).test, s.test)
    let t = Split.byTime(times: [5, 1, 4, 2, 3], testFraction: 0.4)
    XCTAssertEqual(t.test, [0, 2])
    let l = Split.leaveLastOut(users: [0, 0, 1, 0, 2, 2], times: [3, 9, 1, 2, 5, 5])
    XCTAssertEqual(l.test, [1, 5], "user 0's latest, user 2's later tie; user 1 has one row")
  }

  /// Stratified 80/20 split (seed 2024) of Online Shoppers, encoded as the REPL would.
  private func shoppersSplit() throws -> (train: Tensor, trainY: [Bool], test: Tensor, testY: [Bool]) {
    let s = try Self.shoppers.get()
    XCTAssertEqual(s.revenue.count, 12_330)
    XCTAssertEqual(s.revenue.filter { $0 }.count, 1_908)  // PROVENANCE.md
    let split = Split.random(count: s.revenue.count, testFraction: 0.2, seed: 2024, stratifyBy: s.revenue)
    let tr = s.subset(split.train), te = s.subset(split.test)
    let enc = FeatureEncoder(
      numeric: Array(zip(Shoppers.numericNames, tr.numeric)),
      categorical: Array(zip(Shoppers.categoricalNames, tr.categorical)))
    return (
      try enc.encode(numeric: tr.numeric, categorical: tr.categorical), tr.labels,
      try enc.encode(numeric: te.numeric, categorical: te.categorical), te.labels
    )
  }

  func testLogisticAndMLPOnOnlineShoppers() throws {
    let d = try shoppersSplit()
    for arch in ClassifierConfig.Architecture.allCases {
      let model = Classifier(config: .init(architecture: arch, featureCount: d.train.columnCount), seed: 5)
      model.setTrainingData(features: d.train, labels: d.trainY)
      let summary = try TrainingLoop(
        options: .init(epochs: 20, batchSize: 128, learningRate: 3e-3, seed: 5, patience: nil)
      ).fit(model)
      XCTAssertEqual(summary.reports.count, 20)
      let p = model.predictProbabilities(d.test).map(Double.init)
      let auc = try XCTUnwrap(Metrics.auc(scores: p, labels: d.testY))
      let cm = ConfusionMatrix(scores: p, labels: d.testY, threshold: 0.5)
      print(arch, "test AUC", auc, "F1@0.5", cm.f1, "logloss", Metrics.logLoss(probabilities: p, labels: d.testY))
      // scikit-learn's LogisticRegression on this task: AUC 0.897 (issue 5). Measured here
      // at seed 5 (skewed columns log-scaled): logistic 0.918, mlp 0.923.
      XCTAssertGreaterThan(auc, arch == .logistic ? 0.91 : 0.915, "\(arch)")
      let base = BaseRateBaseline(labels: d.trainY)
      XCTAssertLessThan(
        Metrics.logLoss(probabilities: p, labels: d.testY),
        Metrics.logLoss(probabilities: base.probabilities(count: p.count), labels: d.testY))
    }
  }

  func testCheckpointKeepsEncoderAndPredictions() throws {
    let enc = FeatureEncoder(numeric: [("x", [0, 1, 2])], categorical: [("c", ["a", "b", "a"])])
    let x = try enc.encode(numeric: [[0, 1, 2]], categorical: [["a", "b", "a"]])
    let model = Classifier(
      config: .init(architecture: .mlp, featureCount: enc.featureCount, hiddenLayers: [4]), seed: 1,
      encoder: enc)
    let restored = try Classifier(checkpoint: Checkpoint(decoding: model.checkpoint().encoded()))
    XCTAssertEqual(restored.encoder, enc)
    XCTAssertEqual(restored.predictProbabilities(x), model.predictProbabilities(x))
  }

  func testCheckpointRejectsDamagedBytes() throws {
    let bytes = Classifier(config: .init(architecture: .logistic, featureCount: 3), seed: 1)
      .checkpoint().encoded()
    XCTAssertThrowsError(try Checkpoint(decoding: Array(bytes.dropLast(2)))) {
      XCTAssertEqual($0 as? CheckpointError, .truncated)
    }
    XCTAssertThrowsError(try Checkpoint(decoding: Array("not a model".utf8))) {
      XCTAssertEqual($0 as? CheckpointError, .notACheckpoint)
    }
    var future = bytes
    future[8] = 99
    XCTAssertThrowsError(try Checkpoint(decoding: future)) {
      XCTAssertEqual($0 as? CheckpointError, .unsupportedVersion(found: 99, supported: 1))
    }
  }
}
