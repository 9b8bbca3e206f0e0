import ShopTensor

/// The global L2 norm of all gradients (only touched rows of sparse parameters count, since
/// the rest are zero).
public func gradientNorm(_ parameters: [Variable]) -> Float {
  var total: Double = 0
  for p in parameters {
    guard let g = p.grad else { continue }
    if p.isSparse {
      for range in updateRanges(p) {
        for i in range { total += Double(g.scalars[i] * g.scalars[i]) }
      }
    } else {
      total += Double(g.sumOfSquares())
    }
  }
  return Float(total.squareRoot())
}

/// Scales all gradients down together so their global norm is at most `maxNorm`, as
/// PyTorch's `clip_grad_norm_`; returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Variable], maxNorm: Float) -> Float {
  let norm = gradientNorm(parameters)
  guard norm > maxNorm, norm.isFinite else { return norm }
  let s = maxNorm / (norm + 1e-6)
  for p in parameters {
    guard var g = p.grad else { continue }
    p.grad = nil
    g.scale(by: s)
    p.grad = g
  }
  return norm
}
