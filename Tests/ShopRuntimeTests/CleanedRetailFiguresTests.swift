import ShopRuntime
import ShopTestSupport
import XCTest

/// The cleaned Online Retail figures (issue 3's "done means"), pinned against an
/// independent computation over the same 13 files:
///
/// ```python
/// rows = []  # csv.reader over gzip.open(f, 'rt') of every monthly file, header dropped
/// d = list(dict.fromkeys(map(tuple, rows)))                      # dedupe: 5,268 removed
/// d = [r for r in d if not r[0].startswith('C')]                 # cancellations
/// d = [r for r in d if r[6] != '']                               # missing CustomerID
/// d = [r for r in d if int(r[3]) > 0 and float(r[5]) > 0]
/// len(d), len({r[0] for r in d}), len({r[6] for r in d})         # 392692 18532 4338
/// sum(Decimal(r[3]) * Decimal(r[5]) for r in d)                  # 8887208.894
/// ```
final class CleanedRetailFiguresTests: XCTestCase {
  func testCleanedFiguresMatchAnIndependentComputation() throws {
    let f = try RuntimeFixture()
    let load = f.output("let raw = load \"\(try testDataPath("uci-online-retail/monthly/*.csv.gz"))\"")
    XCTAssertTrue(load.contains("541,909 rows × 8 columns from 13 files"), load)
    let cleaning = f.output(
      """
      let orders = raw
        | dedupe
        | check not startswith(InvoiceNo, "C") or drop
        | drop missing CustomerID
        | check Quantity > 0 and UnitPrice > 0 or drop
        | derive Revenue = Quantity * UnitPrice
      """)
    XCTAssertTrue(cleaning.hasPrefix("dedupe: removed 5,268 of 541,909 rows\n"), cleaning)
    let figures = f.output(
      "orders | agg rows = count(), invoices = nunique(InvoiceNo), customers = nunique(CustomerID), revenue = sum(Revenue)")
    XCTAssertEqual(
      figures,
      """
        rows  invoices  customers      revenue
      ──────  ────────  ─────────  ───────────
      392692     18532       4338  8887208.894
      """)
  }
}
