import COpenBLAS

/// Dense linear algebra through LAPACK (OpenBLAS ships it): never a hand-written solver.
public enum LinearAlgebra {
  /// Inverts a symmetric positive-definite `n × n` matrix in place (Cholesky: `dpotrf` then
  /// `dpotri`), filling both triangles. Returns false, leaving `a` undefined, when the matrix
  /// is not positive definite.
  ///
  /// Row- or column-major does not matter: the matrix and its inverse are symmetric.
  /// - Complexity: O(n³) time, no memory beyond `a`.
  public static func invertSymmetricPositiveDefinite(_ a: inout [Double], n: Int) -> Bool {
    precondition(a.count == n * n, "\(a.count) elements for a \(n) × \(n) matrix")
    guard n > 0 else { return true }
    _ = _lapackThreads
    var uplo = CChar(UInt8(ascii: "L"))
    var size = Int32(n)
    var lda = Int32(n)
    var info: Int32 = 0
    a.withUnsafeMutableBufferPointer { p in
      dpotrf_(&uplo, &size, p.baseAddress, &lda, &info)
      if info == 0 { dpotri_(&uplo, &size, p.baseAddress, &lda, &info) }
    }
    guard info == 0 else { return false }
    // LAPACK is column-major: "L" filled the lower triangle of the column-major matrix, which
    // is the upper triangle in row-major terms. Mirror it.
    a.withUnsafeMutableBufferPointer { p in
      for i in 0..<n {
        for j in (i + 1)..<max(i + 1, n) { p[j * n + i] = p[i * n + j] }
      }
    }
    return true
  }

  /// Solves `A X = B` for symmetric positive-definite `A` (`n × n`) and `nrhs` right-hand sides
  /// stored as the rows of `b` (each of length n), in place (`dposv`). False when `A` is not
  /// positive definite.
  /// - Complexity: O(n³ + n² · nrhs).
  public static func solveSymmetricPositiveDefinite(
    _ a: [Double], n: Int, _ b: inout [Double], nrhs: Int
  ) -> Bool {
    precondition(a.count == n * n && b.count == n * nrhs)
    guard n > 0, nrhs > 0 else { return true }
    _ = _lapackThreads
    var matrix = a
    var uplo = CChar(UInt8(ascii: "L"))
    var size = Int32(n), lda = Int32(n), ldb = Int32(n), count = Int32(nrhs)
    var info: Int32 = 0
    matrix.withUnsafeMutableBufferPointer { ap in
      b.withUnsafeMutableBufferPointer { bp in
        dposv_(&uplo, &size, &count, ap.baseAddress, &lda, bp.baseAddress, &ldb, &info)
      }
    }
    return info == 0
  }
}

/// LAPACK inside OpenBLAS follows the same thread setting as BLAS: one thread, like matmul.
private let _lapackThreads: Void = { openblas_set_num_threads(1) }()
