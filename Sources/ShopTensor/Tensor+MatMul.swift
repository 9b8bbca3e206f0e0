import COpenBLAS

/// Single-threaded OpenBLAS, set once: for the small shapes of mini-batch training one thread is
/// as fast or faster (PLATFORM.md section 4), and the machine's two cores are shared.
private let _blasThreads: Void = { openblas_set_num_threads(1) }()

extension Tensor {
  /// Matrix product through `cblas_sgemm`, optionally transposing either operand first.
  ///
  /// `a.matmul(b)` is `[m, k] · [k, n] -> [m, n]`; with `transposeSelf`, `self` is read as its
  /// transpose (so a `[k, m]` tensor acts as `[m, k]`), and likewise for `transposeOther`.
  /// - Complexity: O(m × n × k).
  public func matmul(
    _ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false
  ) -> Tensor {
    _ = _blasThreads
    let (m, k, n) = productShape(other, transposeSelf: transposeSelf, transposeOther: transposeOther)
    var out = [Float](repeating: 0, count: m * n)
    if m > 0 && n > 0 && k > 0 {
      cblas_sgemm(
        CblasRowMajor, transposeSelf ? CblasTrans : CblasNoTrans,
        transposeOther ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), 1, scalars, Int32(shape[1]),
        other.scalars, Int32(other.shape[1]), 0, &out, Int32(n))
    }
    return Tensor(shape: [m, n], scalars: out)
  }

  /// `[m, k] · [k, n]` of self and other read as the flags say, with the shapes checked: the
  /// one rule for every matrix product (OpenBLAS's and the small kernels').
  func productShape(_ other: Tensor, transposeSelf: Bool, transposeOther: Bool) -> (m: Int, k: Int, n: Int) {
    precondition(rank == 2 && other.rank == 2, "matmul needs matrices, got \(shape), \(other.shape)")
    let m = transposeSelf ? shape[1] : shape[0]
    let k = transposeSelf ? shape[0] : shape[1]
    let k2 = transposeOther ? other.shape[1] : other.shape[0]
    let n = transposeOther ? other.shape[0] : other.shape[1]
    precondition(k == k2, "matmul of \(shape)\(transposeSelf ? "ᵀ" : "") and \(other.shape)\(transposeOther ? "ᵀ" : "")")
    return (m, k, n)
  }
}
