import ShopCore
import XCTest

final class SuggestionsTests: XCTestCase {
  private let columns = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country", "Revenue"]

  func testTyposAreFound() {
    XCTAssertEqual(Suggestions.nearest(to: "Quantty", in: columns), "Quantity")  // deletion
    XCTAssertEqual(Suggestions.nearest(to: "Cuontry", in: columns), "Country")  // transposition
    XCTAssertEqual(Suggestions.nearest(to: "Reveneu", in: columns), "Revenue")  // transposition
    XCTAssertEqual(Suggestions.nearest(to: "UnitPrise", in: columns), "UnitPrice")  // substitution
    XCTAssertEqual(Suggestions.nearest(to: "CustomerIDs", in: columns), "CustomerID")  // insertion
  }

  func testCaseInsensitiveMatchWinsOutright() {
    XCTAssertEqual(Suggestions.nearest(to: "country", in: columns), "Country")
    XCTAssertEqual(Suggestions.nearest(to: "UNITPRICE", in: columns), "UnitPrice")
    // Even when another candidate is a closer edit, a case-only difference wins.
    XCTAssertEqual(Suggestions.nearest(to: "ab", in: ["ac", "AB"]), "AB")
  }

  func testTooFarIsNil() {
    XCTAssertNil(Suggestions.nearest(to: "price", in: columns))
    XCTAssertNil(Suggestions.nearest(to: "zzz", in: columns))
    XCTAssertNil(Suggestions.nearest(to: "x", in: []))
    // Two letters allow one edit: "ab" -> "ba" is a transposition, "ab" -> "cd" two edits.
    XCTAssertEqual(Suggestions.nearest(to: "ab", in: ["ba"]), "ba")
    XCTAssertNil(Suggestions.nearest(to: "ab", in: ["cd"]))
    // Long names allow at most 3 edits, not a third of their length.
    let long = "abcdefghijklmnopqr"  // 18 characters: a third would be 6
    XCTAssertEqual(Suggestions.nearest(to: long, in: ["abcdefghijklmnoXYZ"]), "abcdefghijklmnoXYZ")
    XCTAssertNil(Suggestions.nearest(to: long, in: ["abcdefghijklmnWXYZ"]))
  }

  func testOneCharacterNamesAreNotTyposOfOtherOneCharacterNames() {
    // Replacing the only character is not a typo: 'print y' must not suggest '_'.
    XCTAssertNil(Suggestions.nearest(to: "y", in: ["_", "x"]))
    XCTAssertEqual(Suggestions.nearest(to: "y", in: ["_", "yy"]), "yy")
    XCTAssertEqual(Suggestions.nearest(to: "Y", in: ["_", "y"]), "y")
    XCTAssertEqual(Suggestions.nearest(to: "xy", in: ["x"]), "x")
  }

  func testClosestCandidateWinsAndTiesKeepOrder() {
    XCTAssertEqual(Suggestions.nearest(to: "Revenu", in: ["Revenue2", "Revenue"]), "Revenue")
    XCTAssertEqual(Suggestions.nearest(to: "cat", in: ["bat", "cut"]), "bat")
  }

  func testEditDistanceIsOptimalStringAlignment() {
    XCTAssertEqual(Suggestions.editDistance("kitten", "sitting"), 3)
    XCTAssertEqual(Suggestions.editDistance("", "abc"), 3)
    XCTAssertEqual(Suggestions.editDistance("abc", ""), 3)
    XCTAssertEqual(Suggestions.editDistance("abcdef", "abdcef"), 1)
    // OSA, not full Damerau: "ca" -> "abc" is 3 (Damerau would say 2).
    XCTAssertEqual(Suggestions.editDistance("ca", "abc"), 3)
    // Characters, not bytes: ß -> s plus one inserted s.
    XCTAssertEqual(Suggestions.editDistance("Größe", "Grösse"), 2)
    XCTAssertEqual(Suggestions.editDistance("商品", "商品名"), 1)
  }

  func testDidYouMeanText() {
    XCTAssertEqual(Suggestions.didYouMean("Reveneu", in: columns), "did you mean 'Revenue'?")
    XCTAssertNil(Suggestions.didYouMean("nothing_like_it", in: columns))
  }
}
