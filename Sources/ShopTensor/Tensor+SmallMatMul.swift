import CShopKernels

extension Tensor {
  /// The matrix product on ShopTensor's own kernels (`KernelLevel`), optionally plus a row
  /// added to every output row (a bias): for the small products of a training step, such as
  /// the LSTM forecaster's head (64 × 32 · 32 × 28), where OpenBLAS spends much of a call
  /// packing and dispatching and, on a VM that hides the CPU model, runs its SSE3 kernels.
  /// Every output element sums its products in order, so results are reproducible run to run.
  /// - Parameters:
  ///   - transposeSelf: multiply by selfᵀ (read in place through strides).
  ///   - transposeOther: multiply by otherᵀ (other is transposed into a copy first).
  ///   - plusRow: a row of `n` values the product starts from in every row, or nil for zero.
  public func smallMatmul(
    _ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false, plusRow: Tensor? = nil
  ) -> Tensor {
    let (m, k, n) = productShape(other, transposeSelf: transposeSelf, transposeOther: transposeOther)
    precondition(plusRow.map { $0.count == n } ?? true, "the added row needs \(n) values")
    var b = other.scalars
    if transposeOther {
      // other is [n × k]; the kernel reads B as [k × n].
      for i in 0..<n { for j in 0..<k { b[j * n + i] = other.scalars[i * k + j] } }
    }
    var out = [Float](repeating: 0, count: m * n)
    guard m > 0 && n > 0 else { return Tensor(shape: [m, n], scalars: out) }
    let (rsa, csa) = transposeSelf ? (1, m) : (k, 1)
    scalars.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { bp in
        out.withUnsafeMutableBufferPointer { c in
          if let row = plusRow {
            row.scalars.withUnsafeBufferPointer { r in
              shop_gemm(
                Int32(m), Int32(n), Int32(k), a.baseAddress, rsa, csa, bp.baseAddress, n, r.baseAddress, 0,
                c.baseAddress, n)
            }
          } else {
            shop_gemm(
              Int32(m), Int32(n), Int32(k), a.baseAddress, rsa, csa, bp.baseAddress, n, nil, 0, c.baseAddress, n)
          }
        }
      }
    }
    return Tensor(shape: [m, n], scalars: out)
  }
}
