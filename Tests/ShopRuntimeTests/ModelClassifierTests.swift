import Foundation
import ShopRuntime
import ShopTestSupport
import XCTest

/// A classifier on Online Shoppers Intention, checked against counts and a baseline
/// computed independently of ShopLab.
final class ModelClassifierTests: XCTestCase {
  static let features =
    "Administrative, Administrative_Duration, Informational, Informational_Duration, ProductRelated, "
    + "ProductRelated_Duration, BounceRates, ExitRates, PageValues, SpecialDay, Month, OperatingSystems, Browser, "
    + "Region, TrafficType, VisitorType, Weekend"

  /// Classes 0/1/2 or probabilities read as "non-zero is yes" would train another question.
  func testALabelThatIsNotZeroOrOneIsRefusedWithWhatItHolds() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output("let t = orders | where Quantity > 0 | derive three = Quantity % 3, share = 0.5, big = Quantity > 10")
    _ = f.output("model c = classifier label three features UnitPrice, Country")
    let classes = f.run("train c on t epochs 1").errorRendered ?? ""
    XCTAssertTrue(classes.contains("label column 'three' holds 3 different numbers (0, 1, 2), not only 0 and 1"), classes)
    _ = f.output("model p = classifier label share features UnitPrice, Country")
    let share = f.run("train p on t epochs 1").errorRendered ?? ""
    XCTAssertTrue(share.contains("holds 1 different number (0.5), not only 0 and 1"), share)
    _ = f.output("model b = classifier label big features UnitPrice, Country")
    XCTAssertEqual(f.run("train b on t epochs 1").status, .ok, "a boolean label still trains")
  }

  /// A text column orders a time split only when its text says the time (dates, or digits
  /// written to one width); `Feb` … `Nov` sorted by letter would hold out the wrong rows.
  func testATimeSplitByTextNeedsTextThatSortsAsTime() throws {
    let f = try RuntimeFixture()
    f.loadOrders()
    _ = f.output(
      "let t = orders | where Quantity > 0 | derive big = Quantity > 10, day = string(InvoiceDate),"
        + " ym = concat(year(InvoiceDate), \"-\", if(month(InvoiceDate) < 10, \"0\", \"\"), month(InvoiceDate)),"
        + " half = if(month(InvoiceDate) > 6, \"late\", \"early\")")
    _ = f.output("model c = classifier label big features UnitPrice")
    func counts(_ output: String) -> String? {
      output.split(separator: "\n").first { $0.hasPrefix("split time") }.map { String($0.drop { $0 != ":" }) }
    }
    let byDate = counts(f.output("train c on t epochs 1 split time InvoiceDate 0.2"))
    XCTAssertNotNil(byDate)
    XCTAssertEqual(counts(f.output("train c on t epochs 1 split time day 0.2")), byDate)
    XCTAssertNotNil(counts(f.output("train c on t epochs 1 split time ym 0.2")))
    let half = f.run("train c on t epochs 1 split time half 0.2").errorRendered ?? ""
    XCTAssertTrue(
      half.contains("the split's time column 'half' is text ('early', 'late'), and its alphabetical order is not time order"), half)
    XCTAssertTrue(half.contains("^^^^"), half)
  }

  func testEvaluateBesideTheBaseRate() throws {
    let f = try RuntimeFixture()
    let path = try testDataPath("uci-online-shoppers-intention/online_shoppers_intention.csv")
    _ = f.output("let shoppers = load \"\(path)\"")
    _ = f.output("model c = classifier label Revenue features \(Self.features)")
    let trained = f.output("train c on shoppers epochs 5 split random 0.2")
    // python3 (csv module): 12,330 rows, 1,908 with Revenue TRUE (15.5%). Stratified 20%:
    // round(1908 * 0.2) = 382 + round(10422 * 0.2) = 2084 held out = 2,466; validation 10% of
    // the rest: round(1526 * 0.1) = 153 + round(8338 * 0.1) = 834 = 987; 9,864 - 987 = 8,877.
    XCTAssertTrue(trained.hasPrefix("train c: 12,330 rows, 15.5% positive\n"), trained)
    XCTAssertTrue(
      trained.contains(
        "split random 20%: 8,877 to train, 987 to validate, 2,466 held out for evaluate"), trained)

    let out = f.output("evaluate c on shoppers")
    func row(_ name: String) -> [String] {
      out.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map {
        $0.split(separator: " ").map(String.init)
      } ?? []
    }
    // The confusion matrix covers exactly the held-out rows: 2,084 no and 382 yes.
    let no = row("no"), yes = row("yes")
    XCTAssertEqual((Int(no[1]) ?? 0) + (Int(no[2]) ?? 0), 2084, out)
    XCTAssertEqual((Int(yes[1]) ?? 0) + (Int(yes[2]) ?? 0), 382, out)
    // Accuracy follows from the matrix.
    let accuracy = Double((Int(no[1]) ?? 0) + (Int(yes[2]) ?? 0)) / 2466
    assertClose(Double(row("accuracy")[1]) ?? 0, accuracy, tolerance: 6e-5)
    // Base rate: the majority class gets 2084 / 2466 = 0.8451 right; AUC 0.5.
    XCTAssertEqual(row("accuracy")[2], "0.8451")
    XCTAssertEqual(row("AUC")[2], "0.5000")
    // Its log-loss is the cross-entropy of the training rate p = 1373 / 8877 (1526 - 153
    // positives among the 8,877 training rows) on the held-out labels:
    // python3 -c "import math; p=1373/8877; print(-(382*math.log(p)+2084*math.log(1-p))/2466)" -> 0.43112
    XCTAssertEqual(row("log-loss")[2], "0.4311")
    // The model earns its keep: AUC far above 0.5 (scikit-learn's logistic regression: 0.897).
    XCTAssertGreaterThan(Double(row("AUC")[1]) ?? 0, 0.88, out)
  }
}
