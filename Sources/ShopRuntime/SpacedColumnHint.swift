import ShopCore
import ShopFrames
import ShopSyntax

/// Finds the column a user meant when they wrote a name with spaces without back-quotes.
///
/// `select Billing Country` reads as the column `Billing` and then a leftover `Country`;
/// `where Financial Status == "paid"` as `Financial` and a leftover `Status == "paid"`.
/// Exports are full of such names (`Lineitem quantity`, `Created at`), so a leftover term
/// whose first word joins the bare words before it into a column name gets the
/// back-quoted spelling.
enum SpacedColumnHint {
  /// The column that the bare words around the term at `range` spell, joined by spaces
  /// (compared case-insensitively), or nil.
  static func column(around range: SourceRange, in terms: [Term], columns: [String]) -> String? {
    guard !columns.isEmpty, let at = terms.firstIndex(where: { $0.range == range }),
      let lead = leadingName(terms[at])
    else { return nil }
    // Bare words before the leftover: whole names, or the value of `x = Word`, which
    // starts the run.
    var before: [String] = []
    var j = at - 1
    while j >= 0 {
      if case .expr(let e) = terms[j].kind, let w = e.keywordValue {
        before.insert(w, at: 0)
      } else if case .assignment(_, _, let e) = terms[j].kind, let w = e.keywordValue {
        before.insert(w, at: 0)
        break
      } else {
        break
      }
      j -= 1
    }
    // Bare words after it, when the leftover is itself a lone word.
    var after: [String] = []
    if case .expr(let e) = terms[at].kind, e.keywordValue != nil {
      var k = at + 1
      while k < terms.count, case .expr(let n) = terms[k].kind, let w = n.keywordValue {
        after.append(w)
        k += 1
      }
    }
    let byLower = Dictionary(columns.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    // The longest span wins: `Lineitem compare at price` before `compare at`.
    var best: (String, Int)?
    for start in 0...before.count {
      for end in 0...after.count {
        let words = Array(before[start...]) + [lead] + Array(after[..<end])
        guard words.count >= 2, let column = byLower[words.joined(separator: " ").lowercased()],
          words.count > (best?.1 ?? 0)
        else { continue }
        best = (column, words.count)
      }
    }
    return best?.0
  }

  /// The first word of a term: a bare name, or the leftmost operand of an operator
  /// (`Status` in `Status == "paid"`, `price` in `price * 2`).
  private static func leadingName(_ term: Term) -> String? {
    guard case .expr(var e) = term.kind else { return nil }
    while case .binary(_, let left, _) = e.kind { e = left }
    return e.keywordValue
  }
}
