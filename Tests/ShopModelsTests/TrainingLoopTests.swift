import ShopCore
import ShopModels
import ShopTensor
import ShopTestSupport
import XCTest

/// Least squares y = 3x on 64 points, with scripted validation scores and hooks, so each
/// behaviour of the loop can be provoked deterministically.
private final class ToyRegression: Trainable {
  let w = Variable.parameter(Tensor([0]))
  var xs: [Float] = (0..<64).map { Float($0) / 16 - 2 }
  var scriptedValidation: [Double] = []
  var onBatch: ((Int) -> Void)?
  private(set) var epoch = 0
  private var batches = 0

  var parameters: [Variable] { [w] }

  func prepareEpoch(_ epoch: Int, using rng: inout SeededRandom) -> Int {
    self.epoch = epoch
    return xs.count
  }

  func batchLoss(_ batch: ArraySlice<Int>, using rng: inout SeededRandom) -> Variable {
    batches += 1
    onBatch?(batches)
    let x = Variable(Tensor(batch.map { xs[$0] }))
    return Loss.meanSquaredError(predictions: (x * w.reshapedToBroadcast(batch.count)), targets: batch.map { 3 * xs[$0] })
  }

  func validationMetrics() -> [String: Double] {
    epoch <= scriptedValidation.count ? ["score": scriptedValidation[epoch - 1]] : [:]
  }

  var monitoredMetric: (name: String, higherIsBetter: Bool) { ("score", true) }
  var largestInputMagnitude: Float? { xs.map(abs).max() }
}

extension Variable {
  /// Repeats a one-element parameter n times (gather of row 0), so `x * w` is elementwise.
  fileprivate func reshapedToBroadcast(_ n: Int) -> Variable {
    reshaped([1, 1]).gatherRows([Int](repeating: 0, count: n)).reshaped([n])
  }
}

final class TrainingLoopTests: XCTestCase {
  func testConvergesAndReportsEveryEpoch() throws {
    let toy = ToyRegression()
    var reports: [EpochReport] = []
    let summary = try TrainingLoop(
      options: .init(epochs: 5, batchSize: 16, learningRate: 0.3, optimizer: .sgd, momentum: 0, patience: nil)
    ).fit(toy) { reports.append($0) }
    XCTAssertEqual(reports.map(\.epoch), [1, 2, 3, 4, 5])
    // Without validation the loop monitors the training loss.
    XCTAssertEqual(summary.bestEpoch, reports.min { $0.trainLoss < $1.trainLoss }?.epoch)
    assertClose(Double(toy.w.value.scalar), 3, tolerance: 1e-3)
    XCTAssertTrue(reports.allSatisfy { $0.samplesPerSecond > 0 && $0.elapsed >= 0 })
    XCTAssertLessThan(reports[4].trainLoss, reports[0].trainLoss)
  }

  func testEarlyStoppingRestoresBestWeights() throws {
    let toy = ToyRegression()
    toy.scriptedValidation = [0.5, 0.9, 0.8, 0.7, 0.6, 0.95]
    var weights: [Float] = []
    let summary = try TrainingLoop(
      options: .init(epochs: 6, batchSize: 16, learningRate: 0.01, optimizer: .sgd, momentum: 0, patience: 2)
    ).fit(toy) { _ in weights.append(toy.w.value.scalar) }
    XCTAssertTrue(summary.stoppedEarly)
    XCTAssertEqual(summary.reports.count, 4, "epochs 3 and 4 did not improve on 2")
    XCTAssertEqual(summary.bestEpoch, 2)
    XCTAssertEqual(toy.w.value.scalar, weights[1], "weights of epoch 2 restored")
    XCTAssertNotEqual(weights[3], weights[1])
  }

  func testDivergenceThrowsWithLearningRateHint() {
    let toy = ToyRegression()
    let loop = TrainingLoop(
      options: .init(epochs: 50, batchSize: 64, learningRate: 100, optimizer: .sgd, momentum: 0, patience: nil))
    XCTAssertThrowsError(try loop.fit(toy)) { error in
      guard case .diverged(let epoch, let batch, let loss, let hint) = error as? TrainingError else {
        return XCTFail("\(error)")
      }
      XCTAssertFalse(loss.isFinite)
      XCTAssertGreaterThan(epoch, 1)
      XCTAssertEqual(batch, 1)
      XCTAssertTrue(hint.contains("learning rate 100.0 is probably too high"), hint)
      let d = (error as? TrainingError)?.diagnostic
      XCTAssertEqual(d?.message.hasPrefix("training diverged: loss became"), true)
    }
  }

  func testDivergenceBlamesUnscaledFeatures() {
    let toy = ToyRegression()
    toy.xs = toy.xs.map { $0 * 50_000 }
    let loop = TrainingLoop(options: .init(epochs: 5, batchSize: 64, learningRate: 0.01, optimizer: .sgd, momentum: 0))
    XCTAssertThrowsError(try loop.fit(toy)) { error in
      guard case .diverged(_, _, _, let hint) = error as? TrainingError else { return XCTFail("\(error)") }
      XCTAssertTrue(hint.hasPrefix("features are unscaled"), hint)
    }
  }

  func testCancellationStopsAfterCurrentBatchKeepingBestEpoch() throws {
    let toy = ToyRegression()
    let flag = Cancellation()
    var lastBatch = 0
    toy.onBatch = { n in
      lastBatch = n
      if n == 6 { flag.request() }  // epoch 2 (4 batches per epoch), its second batch
    }
    var weights: [Float] = []
    let summary = try TrainingLoop(
      options: .init(epochs: 10, batchSize: 16, learningRate: 0.01, optimizer: .sgd, momentum: 0, patience: nil),
      cancellation: flag
    ).fit(toy) { _ in weights.append(toy.w.value.scalar) }
    XCTAssertTrue(summary.interrupted)
    XCTAssertEqual(lastBatch, 6, "stopped right after the batch that saw Ctrl-C")
    XCTAssertEqual(summary.reports.count, 1)
    XCTAssertEqual(summary.bestEpoch, 1)
    XCTAssertEqual(toy.w.value.scalar, weights[0])
  }

  func testInvalidOptions() {
    XCTAssertThrowsError(try TrainingLoop(options: .init(epochs: 0)).fit(ToyRegression())) {
      XCTAssertEqual($0 as? TrainingError, .invalidOption(name: "epochs", value: "0", expected: "at least 1"))
    }
    XCTAssertThrowsError(try TrainingLoop(options: .init(learningRate: -1)).fit(ToyRegression()))
  }

  func testGradientClippingBoundsTheStep() throws {
    // One SGD step from w = 0 with lr 1: the raw gradient is about -2·3·E[x²] ≈ -8; clipped
    // to norm 0.5 the step is exactly 0.5.
    let toy = ToyRegression()
    try TrainingLoop(
      options: .init(epochs: 1, batchSize: 64, learningRate: 1, optimizer: .sgd, momentum: 0, clipNorm: 0.5)
    ).fit(toy)
    assertClose(Double(toy.w.value.scalar), 0.5, tolerance: 1e-5)
  }
}
