import ShopCore
import XCTest

final class NumberFormatTests: XCTestCase {
  func testGrouped() {
    XCTAssertEqual(NumberFormat.grouped(0), "0")
    XCTAssertEqual(NumberFormat.grouped(999), "999")
    XCTAssertEqual(NumberFormat.grouped(1000), "1,000")
    XCTAssertEqual(NumberFormat.grouped(541_909), "541,909")
    XCTAssertEqual(NumberFormat.grouped(1_234_567), "1,234,567")
    XCTAssertEqual(NumberFormat.grouped(-1_234_567), "-1,234,567")
    XCTAssertEqual(NumberFormat.grouped(-12), "-12")
    XCTAssertEqual(NumberFormat.grouped(Int.min), "-9,223,372,036,854,775,808")
  }

  /// `fixed` rounds the number as it is written (its shortest round-tripping decimal
  /// form), half away from zero. Reference values from Python:
  ///
  /// ```python
  /// from decimal import Decimal, ROUND_HALF_UP   # ROUND_HALF_UP is half away from zero
  /// q = Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
  /// s = format(q, 'f'); s = s[1:] if s.startswith('-') and Decimal(s) == 0 else s
  /// ```
  /// The x values: random.Random(5): 24 of randrange(-10**6,10**6)/1000 with d=2, 12 of
  /// randrange(-4000,4000)/8 with d in {0,1,2}, 12 of uniform(-1,1)*10**randrange(-3,9)
  /// with d in 0..<5, then hand-picked ties and edge cases.
  func testFixedMatchesDecimalHalfAwayFromZero() {
    let cases: [(Double, Int, String)] = [
      (306.319, 2, "306.32"),
      (-464.293, 2, "-464.29"),
      (555.64, 2, "555.64"),
      (-248.097, 2, "-248.10"),
      (667.641, 2, "667.64"),
      (447.971, 2, "447.97"),
      (976.461, 2, "976.46"),
      (764.776, 2, "764.78"),
      (551.679, 2, "551.68"),
      (367.409, 2, "367.41"),
      (934.255, 2, "934.26"),
      (111.574, 2, "111.57"),
      (-939.172, 2, "-939.17"),
      (762.337, 2, "762.34"),
      (-23.519, 2, "-23.52"),
      (627.303, 2, "627.30"),
      (978.362, 2, "978.36"),
      (-477.699, 2, "-477.70"),
      (360.998, 2, "361.00"),
      (-891.256, 2, "-891.26"),
      (889.325, 2, "889.33"),
      (-671.059, 2, "-671.06"),
      (-762.59, 2, "-762.59"),
      (-220.293, 2, "-220.29"),
      (-19.75, 0, "-20"),
      (-110.125, 2, "-110.13"),
      (-395.625, 2, "-395.63"),
      (-244.75, 0, "-245"),
      (248.625, 0, "249"),
      (-82.125, 1, "-82.1"),
      (-313.625, 1, "-313.6"),
      (-336.625, 0, "-337"),
      (-358.0, 2, "-358.00"),
      (132.25, 1, "132.3"),
      (-370.375, 0, "-370"),
      (-498.25, 0, "-498"),
      (-0.5810872350097642, 1, "-0.6"),
      (7.4481553087360375, 2, "7.45"),
      (92295.5977900167, 1, "92295.6"),
      (-63666266.29087926, 1, "-63666266.3"),
      (933.1286246343908, 2, "933.13"),
      (-956.8595832408975, 1, "-956.9"),
      (8.715853116765901, 0, "9"),
      (-336291.0255587237, 4, "-336291.0256"),
      (-9932337.612512864, 2, "-9932337.61"),
      (-86.79550988978457, 2, "-86.80"),
      (-3.8509626739922087, 1, "-3.9"),
      (-3756322.752627228, 1, "-3756322.8"),
      (2.345, 2, "2.35"),
      (1.005, 2, "1.01"),
      (0.145, 2, "0.15"),
      (2.675, 2, "2.68"),
      (1.115, 2, "1.12"),
      (8.325, 2, "8.33"),
      (0.0005, 3, "0.001"),
      (-0.0049, 2, "0.00"),
      (1e-05, 4, "0.0000"),
      (5e-05, 4, "0.0001"),
      (-5e-05, 4, "-0.0001"),
      (0.5, 0, "1"),
      (-0.5, 0, "-1"),
      (1.5, 0, "2"),
      (2.5, 0, "3"),
      (999.995, 2, "1000.00"),
      (-999.995, 2, "-1000.00"),
      (123456789.125, 2, "123456789.13"),
      (0.30000000000000004, 16, "0.3000000000000000"),
      (1e-300, 3, "0.000"),
      (4503599627370495.5, 0, "4503599627370496")
,
    ]
    for (x, decimals, expected) in cases {
      XCTAssertEqual(NumberFormat.fixed(x, decimals), expected, "fixed(\(x), \(decimals))")
    }
  }

  func testFixedEdgeCases() {
    XCTAssertEqual(NumberFormat.fixed(0, 2), "0.00")
    XCTAssertEqual(NumberFormat.fixed(-0.0, 2), "0.00")
    XCTAssertEqual(NumberFormat.fixed(-0.001, 2), "0.00")
    XCTAssertEqual(NumberFormat.fixed(-0.005, 2), "-0.01")
    XCTAssertEqual(NumberFormat.fixed(12, 0), "12")
    XCTAssertEqual(NumberFormat.fixed(0.07, 1), "0.1")
    XCTAssertEqual(NumberFormat.fixed(.nan, 2), "NaN")
    XCTAssertEqual(NumberFormat.fixed(.infinity, 2), "inf")
    XCTAssertEqual(NumberFormat.fixed(-.infinity, 2), "-inf")
    // Too large for the fixed digits: the shortest form instead.
    XCTAssertEqual(NumberFormat.fixed(1e20, 2), "1e+20")
    // Many decimals must not trap (10^19 does not fit in Int64), nor may negative ones.
    XCTAssertEqual(NumberFormat.fixed(0, 20), "0.00000000000000000000")
    XCTAssertEqual(NumberFormat.fixed(0.5, 19), "0.5000000000000000000")
    XCTAssertEqual(NumberFormat.fixed(2.5, -1), "3")
  }

  func testGroupedFixed() {
    XCTAssertEqual(NumberFormat.groupedFixed(8_911_407.904, 2), "8,911,407.90")
    XCTAssertEqual(NumberFormat.groupedFixed(-8_911_407.905, 2), "-8,911,407.91")
    XCTAssertEqual(NumberFormat.groupedFixed(999_999.995, 2), "1,000,000.00")
    XCTAssertEqual(NumberFormat.groupedFixed(1234.5, 0), "1,235")
    XCTAssertEqual(NumberFormat.groupedFixed(-0.4, 0), "0")
    XCTAssertEqual(NumberFormat.groupedFixed(12.5, 1), "12.5")
  }

  func testShortestAndPercent() {
    XCTAssertEqual(NumberFormat.shortest(0.1 + 0.2), "0.30000000000000004")
    XCTAssertEqual(NumberFormat.shortest(12), "12.0")
    XCTAssertEqual(NumberFormat.shortest(-.infinity), "-inf")
    XCTAssertEqual(NumberFormat.percent(0.0463), "4.6%")
    XCTAssertEqual(NumberFormat.percent(0.0465), "4.7%")  // 4.65 rounds away from zero
    XCTAssertEqual(NumberFormat.percent(1), "100.0%")
    XCTAssertEqual(NumberFormat.percent(-0.12345, decimals: 2), "-12.35%")
    XCTAssertEqual(NumberFormat.percent(0.5, decimals: 0), "50%")
  }

  func testCountsAndShapesTakeTheSingularForOne() {
    XCTAssertEqual(NumberFormat.count(1, "row"), "1 row")
    XCTAssertEqual(NumberFormat.count(0, "null"), "0 nulls")
    XCTAssertEqual(NumberFormat.count(1_454, "null"), "1,454 nulls")
    XCTAssertEqual(NumberFormat.shape(rows: 1, columns: 1), "1 row × 1 column")
    XCTAssertEqual(NumberFormat.shape(rows: 392_692, columns: 9), "392,692 rows × 9 columns")
  }
}
