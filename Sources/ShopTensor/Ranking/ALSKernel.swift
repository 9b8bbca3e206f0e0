import COpenBLAS

/// Implicit-feedback alternating least squares (Hu, Koren & Volinsky 2008), each row solved by
/// a few conjugate-gradient steps warm-started from its current value (Takács, Pilászy & Tikk
/// 2011), so a sweep costs O(nnz · f + rows · f²) instead of a Cholesky per row.
public enum ALSKernel {
  /// Recomputes every row xᵤ of `x` (`rows × f`) with `y` (`columns × f`) fixed, towards the
  /// minimiser of Σᵢ cᵤᵢ (pᵤᵢ − xᵤ·yᵢ)² + reg·|xᵤ|², where pᵤᵢ = 1 and cᵤᵢ = `confidence` for
  /// the stored entries of row u, and pᵤᵢ = 0, cᵤᵢ = 1 for every other column.
  ///
  /// With `cgSteps` ≥ f the solve is exact (CG converges in at most f steps).
  /// - Complexity: O(nnz · f · cgSteps + rows · f² · cgSteps + columns · f²).
  public static func solveRows(
    rowStart: [Int], columns: [Int32], confidence: [Float], x: inout [Float], y: [Float],
    factors f: Int, regularization: Float, cgSteps: Int
  ) {
    let rows = rowStart.count - 1
    guard rows > 0, f > 0 else { return }
    let yty = gram(y, count: y.count / f, factors: f, ridge: regularization)
    var longest = 0
    for u in 0..<rows { longest = max(longest, rowStart[u + 1] - rowStart[u]) }
    // Each row's item factors are gathered into one block, so every conjugate-gradient step is
    // two matrix-vector products through BLAS instead of a dot and an axpy per item.
    var block = [Float](repeating: 0, count: max(1, longest * f))
    var t = [Float](repeating: 0, count: max(1, longest))
    var r = [Float](repeating: 0, count: f)
    var p = [Float](repeating: 0, count: f)
    var ap = [Float](repeating: 0, count: f)
    x.withUnsafeMutableBufferPointer { xb in
      y.withUnsafeBufferPointer { yb in
        yty.withUnsafeBufferPointer { gb in
          block.withUnsafeMutableBufferPointer { bb in
            t.withUnsafeMutableBufferPointer { tb in
              r.withUnsafeMutableBufferPointer { rb in
                p.withUnsafeMutableBufferPointer { pb in
                  ap.withUnsafeMutableBufferPointer { ab in
                    guard let xs = xb.baseAddress, let ys = yb.baseAddress, let g = gb.baseAddress,
                      let yu = bb.baseAddress, let tt = tb.baseAddress, let rp = rb.baseAddress,
                      let pp = pb.baseAddress, let app = ab.baseAddress
                    else { return }
                    let n32 = Int32(f)
                    for u in 0..<rows {
                      let lo = rowStart[u], n = rowStart[u + 1] - lo
                      let xu = xs + u &* f
                      for k in 0..<n {
                        (yu + k &* f).update(from: ys + Int(columns[lo &+ k]) &* f, count: f)
                      }
                      // r = b − A x = Σ cᵢ yᵢ − (YᵀY + reg I) x − Σ (cᵢ − 1)(yᵢ·x) yᵢ
                      cblas_sgemv(CblasRowMajor, CblasNoTrans, n32, n32, -1, g, n32, xu, 1, 0, rp, 1)
                      if n > 0 {
                        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), n32, 1, yu, n32, xu, 1, 0, tt, 1)
                        for k in 0..<n {
                          let c = confidence[lo &+ k]
                          tt[k] = c - (c - 1) * tt[k]
                        }
                        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(n), n32, 1, yu, n32, tt, 1, 1, rp, 1)
                      }
                      pp.update(from: rp, count: f)
                      var rsOld = _dot(rp, rp, f)
                      if rsOld < 1e-20 { continue }
                      for _ in 0..<cgSteps {
                        cblas_sgemv(CblasRowMajor, CblasNoTrans, n32, n32, 1, g, n32, pp, 1, 0, app, 1)
                        if n > 0 {
                          cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), n32, 1, yu, n32, pp, 1, 0, tt, 1)
                          for k in 0..<n { tt[k] *= confidence[lo &+ k] - 1 }
                          cblas_sgemv(CblasRowMajor, CblasTrans, Int32(n), n32, 1, yu, n32, tt, 1, 1, app, 1)
                        }
                        let alpha = rsOld / _dot(pp, app, f)
                        _axpy(alpha, pp, xu, f)
                        _axpy(-alpha, app, rp, f)
                        let rsNew = _dot(rp, rp, f)
                        if rsNew < 1e-20 { break }
                        let beta = rsNew / rsOld
                        for k in 0..<f { pp[k] = rp[k] + beta * pp[k] }
                        rsOld = rsNew
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// The implicit-ALS objective Σ_{u,i} cᵤᵢ (pᵤᵢ − xᵤ·yᵢ)² + reg (|X|² + |Y|²) over every
  /// (row, column) pair, computed without visiting the zeros: Σᵤ xᵤᵀ(YᵀY)xᵤ counts every pair as
  /// an unobserved one, then each stored entry is corrected.
  /// - Complexity: O(rows · f² + nnz · f + columns · f²).
  public static func objective(
    rowStart: [Int], columns: [Int32], confidence: [Float], x: [Float], y: [Float], factors f: Int,
    regularization: Float
  ) -> Double {
    let rows = rowStart.count - 1
    let yty = gram(y, count: y.count / max(f, 1), factors: f, ridge: 0)
    var total = 0.0
    var tmp = [Float](repeating: 0, count: f)
    x.withUnsafeBufferPointer { xb in
      y.withUnsafeBufferPointer { yb in
        yty.withUnsafeBufferPointer { gb in
          tmp.withUnsafeMutableBufferPointer { tb in
            guard let xs = xb.baseAddress, let ys = yb.baseAddress, let g = gb.baseAddress,
              let t = tb.baseAddress
            else { return }
            for u in 0..<rows {
              let xu = xs + u &* f
              _symv(g, xu, t, f)
              total += Double(_dot(xu, t, f))
              for e in rowStart[u]..<rowStart[u &+ 1] {
                let s = Double(_dot(xs + u &* f, ys + Int(columns[e]) &* f, f))
                let c = Double(confidence[e])
                total += c * (1 - s) * (1 - s) - s * s
              }
            }
          }
        }
      }
    }
    let norms = x.reduce(0.0) { $0 + Double($1 * $1) } + y.reduce(0.0) { $0 + Double($1 * $1) }
    return total + Double(regularization) * norms
  }

  /// YᵀY + ridge·I for `y` holding `count` rows of `f` factors.
  static func gram(_ y: [Float], count: Int, factors f: Int, ridge: Float) -> [Float] {
    var out = [Float](repeating: 0, count: f * f)
    if count > 0 && f > 0 {
      cblas_sgemm(
        CblasRowMajor, CblasTrans, CblasNoTrans, Int32(f), Int32(f), Int32(count), 1, y, Int32(f),
        y, Int32(f), 0, &out, Int32(f))
    }
    for k in 0..<f { out[k * f + k] += ridge }
    return out
  }

  /// out = G v for a dense f × f matrix G.
  @inline(__always)
  static func _symv(
    _ g: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
    _ f: Int
  ) {
    for i in 0..<f { out[i] = _dot(g + i &* f, v, f) }
  }
}
