/// Sums of selected rows of a dense row-major matrix: the scoring step of the item-to-item
/// models (a user's score is the sum of their items' rows).
public enum RowSums {
  /// `out[j] = Σ_{r in rows} weight(r) · matrix[r][j]` over `columns` columns (weights 1 when nil).
  /// - Complexity: O(rows.count × columns).
  public static func sum(
    of rows: [Int], in matrix: [Float], columns: Int, weights: [Float]? = nil, into out: inout [Float]
  ) {
    out = [Float](repeating: 0, count: columns)
    out.withUnsafeMutableBufferPointer { o in
      matrix.withUnsafeBufferPointer { m in
        guard let op = o.baseAddress, let mp = m.baseAddress else { return }
        for (k, r) in rows.enumerated() where r >= 0 && (r &+ 1) &* columns <= m.count {
          let w = weights?[k] ?? 1
          let row = mp + r &* columns
          var j = 0
          while j < columns {
            op[j] += w * row[j]
            j = j &+ 1
          }
        }
      }
    }
  }
}

import COpenBLAS

extension RowSums {
  /// `matrix · vector` for a row-major `rows × columns` matrix (cblas_sgemv): the scores of
  /// every item's factors against one user's.
  /// - Complexity: O(rows × columns).
  public static func product(_ matrix: [Float], columns: Int, _ vector: [Float]) -> [Float] {
    let rows = columns > 0 ? matrix.count / columns : 0
    var out = [Float](repeating: 0, count: rows)
    guard rows > 0, vector.count == columns else { return out }
    cblas_sgemv(
      CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, matrix, Int32(columns), vector, 1, 0,
      &out, 1)
    return out
  }
}
