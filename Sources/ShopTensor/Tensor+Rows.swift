// Row gathers, scatters and column concatenation: the kernels behind embeddings and `concat`.

extension Tensor {
  /// Rows `indices` of a matrix, stacked: `[n, d] -> [indices.count, d]` (embedding lookup).
  /// - Complexity: O(indices.count × d).
  public func gatherRows(_ indices: [Int]) -> Tensor {
    let cols = columnCount, rows = rowCount
    let m = indices.count
    let out = _makeArray(count: m * cols) { o in
      _read(scalars) { p in
        for (k, r) in indices.enumerated() {
          precondition(r >= 0 && r < rows, "row \(r) out of 0..<\(rows)")
          (o + k &* cols).update(from: p + r &* cols, count: cols)
        }
      }
    }
    return Tensor(shape: [m, cols], scalars: out)
  }

  /// Adds row `k` of `source` into row `indices[k]` of `self`, in place; repeated indices
  /// accumulate (the embedding gradient).
  /// - Complexity: O(indices.count × d).
  public mutating func scatterAddRows(_ source: Tensor, at indices: [Int]) {
    let cols = columnCount, rows = rowCount
    precondition(
      source.columnCount == cols && source.rowCount == indices.count,
      "scatter of \(source.shape) into \(shape) at \(indices.count) rows")
    scalars.withUnsafeMutableBufferPointer { buffer in
      guard let o = buffer.baseAddress else { return }
      _read(source.scalars) { p in
        for (k, r) in indices.enumerated() {
          precondition(r >= 0 && r < rows, "row \(r) out of 0..<\(rows)")
          let dst = o + r &* cols, src = p + k &* cols
          var c = 0
          while c < cols {
            dst[c] += src[c]
            c = c &+ 1
          }
        }
      }
    }
  }

  /// Joins matrices with the same row count side by side: `[m, a], [m, b] -> [m, a + b]`.
  /// - Complexity: O(m × total columns).
  public static func concatColumns(_ parts: [Tensor]) -> Tensor {
    let rows = parts.first?.rowCount ?? 0
    precondition(parts.allSatisfy { $0.rowCount == rows }, "concat of different row counts")
    let widths = parts.map(\.columnCount)
    let total = widths.reduce(0, +)
    let out = _makeArray(count: rows * total) { o in
      var offset = 0
      for (part, w) in zip(parts, widths) {
        _read(part.scalars) { p in
          for r in 0..<rows {
            (o + (r &* total &+ offset)).update(from: p + r &* w, count: w)
          }
        }
        offset += w
      }
    }
    return Tensor(shape: [rows, total], scalars: out)
  }

  /// Columns `range` of a matrix (the inverse of `concatColumns`).
  /// - Complexity: O(rows × range.count).
  public func columns(_ range: Range<Int>) -> Tensor {
    let rows = rowCount, cols = columnCount, w = range.count
    precondition(range.lowerBound >= 0 && range.upperBound <= cols, "columns out of range")
    let out = _makeArray(count: rows * w) { o in
      _read(scalars) { p in
        for r in 0..<rows {
          (o + r &* w).update(from: p + (r &* cols &+ range.lowerBound), count: w)
        }
      }
    }
    return Tensor(shape: [rows, w], scalars: out)
  }

  /// Sets rows `indices` to zero, in place (clearing a sparse gradient).
  /// - Complexity: O(indices.count × d).
  public mutating func zeroRows(_ indices: [Int]) {
    let cols = columnCount
    scalars.withUnsafeMutableBufferPointer { buffer in
      guard let o = buffer.baseAddress else { return }
      for r in indices { (o + r &* cols).update(repeating: 0, count: cols) }
    }
  }
}
