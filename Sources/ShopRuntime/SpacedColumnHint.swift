import ShopCore
import ShopFrames
import ShopSyntax

/// Finds the column a user meant when they wrote a name with spaces without back-quotes.
///
/// `select Billing Country` reads as the column `Billing` and then a leftover `Country`;
/// exports are full of such names (`Lineitem quantity`, `Created at`), so a leftover bare
/// word that joins its bare neighbours into a column name gets the back-quoted spelling.
enum SpacedColumnHint {
  /// The column that the run of bare names around `range` spells, joined by spaces
  /// (compared case-insensitively), or nil.
  static func column(around range: SourceRange, in terms: [Term], columns: [String]) -> String? {
    func bareName(_ i: Int) -> String? {
      guard case .expr(let e) = terms[i].kind else { return nil }
      return e.keywordValue
    }
    guard let at = terms.firstIndex(where: { $0.range == range }), bareName(at) != nil else { return nil }
    var first = at
    while first > 0, bareName(first - 1) != nil { first -= 1 }
    var last = at
    while last + 1 < terms.count, bareName(last + 1) != nil { last += 1 }
    let byLower = Dictionary(columns.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    // The longest span wins: `Lineitem compare at price` before `compare at`.
    for length in stride(from: last - first + 1, through: 2, by: -1) {
      for start in first...(last - length + 1) where start <= at && at < start + length {
        let words = (start..<(start + length)).compactMap(bareName)
        if let column = byLower[words.joined(separator: " ").lowercased()] { return column }
      }
    }
    return nil
  }
}
