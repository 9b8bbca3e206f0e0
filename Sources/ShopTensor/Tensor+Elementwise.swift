import Foundation

// Elementwise kernels. Loops run over raw buffer pointers with wrapping index arithmetic
// (`&+`), which lets LLVM vectorise them (PLATFORM.md section 4: 4x over checked indices).

/// Builds a new array of `count` elements by calling `body` with its uninitialised base.
@inline(__always)
func _makeArray(
  count: Int, _ body: (UnsafeMutablePointer<Float>) -> Void
) -> [Float] {
  [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
    if let base = buffer.baseAddress, count > 0 { body(base) }
    initialized = count
  }
}

/// Calls `body` with the base address of a non-empty array (nothing for an empty one).
@inline(__always)
func _read(_ a: [Float], _ body: (UnsafePointer<Float>) -> Void) {
  a.withUnsafeBufferPointer { p in
    if let base = p.baseAddress { body(base) }
  }
}

@inline(__always)
func _unary(_ a: Tensor, _ f: (Float) -> Float) -> Tensor {
  let n = a.count
  let out = _makeArray(count: n) { o in
    _read(a.scalars) { p in
      var i = 0
      while i < n {
        o[i] = f(p[i])
        i = i &+ 1
      }
    }
  }
  return Tensor(shape: a.shape, scalars: out)
}

@inline(__always)
func _binary(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
  precondition(a.count == b.count, "elementwise op on shapes \(a.shape) and \(b.shape)")
  let n = a.count
  let out = _makeArray(count: n) { o in
    _read(a.scalars) { p in
      _read(b.scalars) { q in
        var i = 0
        while i < n {
          o[i] = f(p[i], q[i])
          i = i &+ 1
        }
      }
    }
  }
  return Tensor(shape: a.shape, scalars: out)
}

/// Numerically stable logistic function: never evaluates `exp` of a large positive number.
@inline(__always)
public func stableSigmoid(_ x: Float) -> Float {
  if x >= 0 {
    return 1 / (1 + expf(-x))
  }
  let e = expf(x)
  return e / (1 + e)
}

extension Tensor {
  /// Elementwise sum of two tensors with the same number of elements.
  /// - Complexity: O(n).
  public static func + (a: Tensor, b: Tensor) -> Tensor { _binary(a, b) { $0 + $1 } }

  /// Elementwise difference.
  /// - Complexity: O(n).
  public static func - (a: Tensor, b: Tensor) -> Tensor { _binary(a, b) { $0 - $1 } }

  /// Elementwise (Hadamard) product.
  /// - Complexity: O(n).
  public static func * (a: Tensor, b: Tensor) -> Tensor { _binary(a, b) { $0 * $1 } }

  /// Every element multiplied by `s`.
  /// - Complexity: O(n).
  public static func * (s: Float, a: Tensor) -> Tensor { _unary(a) { s * $0 } }

  /// Every element plus `s`.
  /// - Complexity: O(n).
  public static func + (a: Tensor, s: Float) -> Tensor { _unary(a) { $0 + s } }

  /// Applies `f` to every element; the closure is inlined when the call site is in this module.
  /// - Complexity: O(n).
  public func map(_ f: (Float) -> Float) -> Tensor { _unary(self, f) }

  /// `self += alpha * other`, in place (BLAS `axpy`, written out so it vectorises).
  /// - Complexity: O(n).
  public mutating func add(_ other: Tensor, scaledBy alpha: Float = 1) {
    precondition(count == other.count, "add of shapes \(shape) and \(other.shape)")
    let n = count
    scalars.withUnsafeMutableBufferPointer { s in
      guard let o = s.baseAddress else { return }
      _read(other.scalars) { p in
        var i = 0
        while i < n {
          o[i] += alpha * p[i]
          i = i &+ 1
        }
      }
    }
  }

  /// Multiplies every element by `s`, in place.
  /// - Complexity: O(n).
  public mutating func scale(by s: Float) {
    let n = count
    scalars.withUnsafeMutableBufferPointer { b in
      guard let o = b.baseAddress else { return }
      var i = 0
      while i < n {
        o[i] *= s
        i = i &+ 1
      }
    }
  }

  /// `max(0, x)` elementwise.
  /// - Complexity: O(n).
  public func relu() -> Tensor { _unary(self) { $0 > 0 ? $0 : 0 } }

  /// The logistic function elementwise, stable for large |x|.
  /// - Complexity: O(n).
  public func sigmoid() -> Tensor { _unary(self) { stableSigmoid($0) } }

  /// Hyperbolic tangent elementwise.
  /// - Complexity: O(n).
  public func tanh() -> Tensor { _unary(self) { tanhf($0) } }

  /// Backward rule of ReLU: `grad` where `input > 0`, else 0.
  /// - Complexity: O(n).
  public static func reluBackward(grad: Tensor, input: Tensor) -> Tensor {
    _binary(grad, input) { g, x in x > 0 ? g : 0 }
  }

  /// Backward rule of sigmoid given its output `s`: `grad * s * (1 - s)`.
  /// - Complexity: O(n).
  public static func sigmoidBackward(grad: Tensor, output: Tensor) -> Tensor {
    _binary(grad, output) { g, s in g * s * (1 - s) }
  }

  /// Backward rule of tanh given its output `t`: `grad * (1 - t²)`.
  /// - Complexity: O(n).
  public static func tanhBackward(grad: Tensor, output: Tensor) -> Tensor {
    _binary(grad, output) { g, t in g * (1 - t * t) }
  }

  /// Adds the vector `v` (length = columns) to every row of a matrix.
  /// - Complexity: O(rows × columns).
  public func addingRowVector(_ v: Tensor) -> Tensor {
    let rows = rowCount, cols = columnCount
    precondition(v.count == cols, "row vector of \(v.count) for \(cols) columns")
    let out = _makeArray(count: count) { o in
      _read(scalars) { p in
        _read(v.scalars) { q in
          var r = 0
          while r < rows {
            let base = r &* cols
            var c = 0
            while c < cols {
              o[base &+ c] = p[base &+ c] + q[c]
              c = c &+ 1
            }
            r = r &+ 1
          }
        }
      }
    }
    return Tensor(shape: shape, scalars: out)
  }

  /// Multiplies row `i` of a matrix by `v[i]` (length = rows).
  /// - Complexity: O(rows × columns).
  public func scalingRows(by v: Tensor) -> Tensor {
    let rows = rowCount, cols = columnCount
    precondition(v.count == rows, "row scale of \(v.count) for \(rows) rows")
    let out = _makeArray(count: count) { o in
      _read(scalars) { p in
        _read(v.scalars) { q in
          var r = 0
          while r < rows {
            let base = r &* cols
            let s = q[r]
            var c = 0
            while c < cols {
              o[base &+ c] = p[base &+ c] * s
              c = c &+ 1
            }
            r = r &+ 1
          }
        }
      }
    }
    return Tensor(shape: shape, scalars: out)
  }
}
