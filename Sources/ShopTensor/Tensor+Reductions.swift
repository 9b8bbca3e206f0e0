// Reduction kernels. Sums accumulate in eight SIMD lanes of Float (so they vectorise without
// fast-math reassociation) and the lanes are added in Double at the end.

@inline(__always)
func _simdSum(_ n: Int, _ load: (Int) -> SIMD8<Float>, _ scalar: (Int) -> Float) -> Double {
  var acc = SIMD8<Float>(repeating: 0)
  var i = 0
  while i &+ 8 <= n {
    acc += load(i)
    i = i &+ 8
  }
  var total = 0.0
  for lane in 0..<8 { total += Double(acc[lane]) }
  while i < n {
    total += Double(scalar(i))
    i = i &+ 1
  }
  return total
}

@inline(__always)
func _load8(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
  UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
}

extension Tensor {
  /// The sum of all elements.
  /// - Complexity: O(n).
  public func sum() -> Float {
    let n = count
    var total = 0.0
    _read(scalars) { p in total = _simdSum(n, { _load8(p, $0) }, { p[$0] }) }
    return Float(total)
  }

  /// The mean of all elements (0 for an empty tensor).
  /// - Complexity: O(n).
  public func mean() -> Float { count == 0 ? 0 : sum() / Float(count) }

  /// The sum of squared elements (for L2 penalties and gradient norms).
  /// - Complexity: O(n).
  public func sumOfSquares() -> Float {
    let n = count
    var total = 0.0
    _read(scalars) { p in
      total = _simdSum(
        n, { let v = _load8(p, $0); return v * v }, { p[$0] * p[$0] })
    }
    return Float(total)
  }

  /// The dot product of two tensors with the same number of elements.
  /// - Complexity: O(n).
  public func dot(_ other: Tensor) -> Float {
    precondition(count == other.count, "dot of shapes \(shape) and \(other.shape)")
    let n = count
    var total = 0.0
    _read(scalars) { p in
      _read(other.scalars) { q in
        total = _simdSum(n, { _load8(p, $0) * _load8(q, $0) }, { p[$0] * q[$0] })
      }
    }
    return Float(total)
  }

  /// The largest absolute element (0 when empty); NaN if any element is NaN.
  /// - Complexity: O(n).
  public func maxAbs() -> Float {
    var m: Float = 0
    for x in scalars {
      if x.isNaN { return .nan }
      m = Swift.max(m, abs(x))
    }
    return m
  }

  /// Sums each column of a matrix: `[rows, cols] -> [cols]` (the bias gradient).
  /// - Complexity: O(rows × columns).
  public func columnSums() -> Tensor {
    let rows = rowCount, cols = columnCount
    let out = _makeArray(count: cols) { o in
      o.initialize(repeating: 0, count: cols)
      _read(scalars) { p in
        var r = 0
        while r < rows {
          let base = r &* cols
          var c = 0
          while c < cols {
            o[c] += p[base &+ c]
            c = c &+ 1
          }
          r = r &+ 1
        }
      }
    }
    return Tensor(shape: [cols], scalars: out)
  }

  /// Sums each row of a matrix: `[rows, cols] -> [rows]` (a batch of dot products).
  /// - Complexity: O(rows × columns).
  public func rowSums() -> Tensor {
    let rows = rowCount, cols = columnCount
    let out = _makeArray(count: rows) { o in
      _read(scalars) { p in
        var r = 0
        while r < rows {
          let base = r &* cols
          var s: Float = 0
          var c = 0
          while c < cols {
            s += p[base &+ c]
            c = c &+ 1
          }
          o[r] = s
          r = r &+ 1
        }
      }
    }
    return Tensor(shape: [rows], scalars: out)
  }

  /// Row-wise dot products of two matrices of the same shape: `[rows, cols] -> [rows]`.
  /// Fuses `(a * b).rowSums()` so no intermediate matrix is built.
  /// - Complexity: O(rows × columns).
  public func rowDots(_ other: Tensor) -> Tensor {
    precondition(shape == other.shape, "rowDots of shapes \(shape) and \(other.shape)")
    let rows = rowCount, cols = columnCount
    let out = _makeArray(count: rows) { o in
      _read(scalars) { p in
        _read(other.scalars) { q in
          var r = 0
          while r < rows {
            let base = r &* cols
            var s: Float = 0
            var c = 0
            while c < cols {
              s += p[base &+ c] * q[base &+ c]
              c = c &+ 1
            }
            o[r] = s
            r = r &+ 1
          }
        }
      }
    }
    return Tensor(shape: [rows], scalars: out)
  }
}
