import ShopModels
import ShopTestSupport
import XCTest

@testable import ShopRuntime

/// A training loss that climbs well above its first epoch gets a note about the learning
/// rate; a loss that falls, wobbles a little, or can be negative does not.
final class UnsteadyTrainingTests: XCTestCase {
  private func summary(_ losses: [Double]) -> TrainingSummary {
    TrainingSummary(
      reports: losses.enumerated().map {
        EpochReport(epoch: $0.offset + 1, trainLoss: $0.element, validation: [:], samplesPerSecond: 1, elapsed: 1, isBest: false)
      }, bestEpoch: 1, stoppedEarly: false, interrupted: false)
  }

  func testALossThatClimbsAboveItsStartNamesTheLearningRate() {
    XCTAssertEqual(
      UnsteadyTraining.note(summary([2, 1.5, 3.5, 2.5]), learningRate: 0.5),
      "note: the training loss rose from 2.0000 (epoch 1) to 3.5000 (epoch 3): the learning rate (lr 0.5) may be "
        + "too high for this data; a smaller one (lr 0.05) usually trains steadier")
  }

  func testSteadyOrNegativeOrShortRunsSayNothing() {
    XCTAssertNil(UnsteadyTraining.note(summary([2, 1.5, 1.2, 1.1]), learningRate: 1))
    XCTAssertNil(UnsteadyTraining.note(summary([2, 1.5, 2.9, 1.1]), learningRate: 1), "below 1.5 × the first epoch")
    XCTAssertNil(UnsteadyTraining.note(summary([-2, -1, 5]), learningRate: 1), "a likelihood without its constants")
    XCTAssertNil(UnsteadyTraining.note(summary([1, 9]), learningRate: 1), "two epochs say too little")
  }

  /// The LSTM forecaster on the bundled log: lr 1 climbs (loss 57.5 → 171.8 on these two
  /// products, seed 0) and says so; the default rate does not.
  func testTheForecasterSaysSoAtATooHighRate() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let sold = orders | where startswith(InvoiceNo, \"C\") == false and Quantity > 0")
    _ = f.output("let daily = sold | where StockCode == \"22326\" or StockCode == \"POST\"")
    _ = f.output("model high = forecaster lstm value Quantity time InvoiceDate by StockCode horizon 14 epochs 5 lr 1 loss mse")
    let high = f.output("train high on daily")
    XCTAssertTrue(high.contains("the learning rate (lr 1) may be too high for this data; a smaller one (lr 0.1)"), high)
    _ = f.output("model usual = forecaster lstm value Quantity time InvoiceDate by StockCode horizon 14 epochs 5 loss mse")
    let usual = f.output("train usual on daily")
    XCTAssertTrue(usual.contains("trained 5 epochs") || usual.contains("stopped early"), usual)
    XCTAssertFalse(usual.contains("may be too high"), usual)
  }
}
