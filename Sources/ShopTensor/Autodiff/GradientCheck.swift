/// The worst disagreement between back-propagated and finite-difference gradients.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
  /// max |analytic - numeric| / max(1, |numeric|) over all checked elements.
  public var maxError: Double
  /// Which parameter and element had it.
  public var worstParameter: Int
  public var worstIndex: Int
  public var analytic: Double
  public var numeric: Double

  public var description: String {
    "max error \(maxError) at parameter \(worstParameter)[\(worstIndex)]: analytic \(analytic), numeric \(numeric)"
  }
}

/// Compares the gradients `backward()` computes with central finite differences.
///
/// `loss` must rebuild the graph from `parameters` on every call (it is called 2n + 1 times).
/// Float32 rounding limits the agreement: with `epsilon` 1e-2 on smooth functions of O(1)
/// values, errors stay below about 1e-3, so callers use tolerances near 1e-2.
/// - Complexity: O(n) forward passes, n = total parameter elements.
public func gradientCheck(
  parameters: [Variable], epsilon: Float = 1e-2, _ loss: () -> Variable
) -> GradientCheckResult {
  for p in parameters { p.grad = nil }
  loss().backward()
  let analytic = parameters.map { $0.grad ?? Tensor.zeros($0.value.shape) }
  var result = GradientCheckResult(maxError: 0, worstParameter: 0, worstIndex: 0, analytic: 0, numeric: 0)
  for (k, p) in parameters.enumerated() {
    for i in 0..<p.value.count {
      let saved = p.value.scalars[i]
      p.value.scalars[i] = saved + epsilon
      let up = Double(loss().value.scalar)
      p.value.scalars[i] = saved - epsilon
      let down = Double(loss().value.scalar)
      p.value.scalars[i] = saved
      let numeric = (up - down) / (2 * Double(epsilon))
      let a = Double(analytic[k].scalars[i])
      let err = abs(a - numeric) / max(1, abs(numeric))
      if err > result.maxError || err.isNaN {
        result = GradientCheckResult(maxError: err, worstParameter: k, worstIndex: i, analytic: a, numeric: numeric)
      }
    }
  }
  for p in parameters { p.zeroGrad() }
  return result
}
