import Foundation
import ShopTensor

/// The training losses, each a differentiable op returning a scalar mean over the batch.
///
/// Each is written as one fused op (forward value and backward rule side by side) instead of
/// a chain of primitives, which is both faster and numerically safer (BCE on logits never
/// forms `log(sigmoid(x))`).
public enum Loss {
  /// Binary cross-entropy on logits, optionally weighted per sample; mean over the batch.
  ///
  /// Per sample: `max(x, 0) - x·y + log(1 + exp(-|x|))`, the stable form of
  /// `-(y log σ(x) + (1 - y) log(1 - σ(x)))`. Gradient: `w (σ(x) - y) / n`.
  public static func binaryCrossEntropy(
    logits: Variable, targets: [Float], weights: [Float]? = nil
  ) -> Variable {
    let x = logits.value.scalars
    precondition(x.count == targets.count, "\(x.count) logits for \(targets.count) targets")
    let n = Float(max(1, x.count))
    var total: Double = 0
    var grad = [Float](repeating: 0, count: x.count)
    for i in 0..<x.count {
      let xi = x[i], yi = targets[i], wi = weights?[i] ?? 1
      let l = max(xi, 0) - xi * yi + log1pf(expf(-abs(xi)))
      total += Double(wi * l)
      grad[i] = wi * (stableSigmoid(xi) - yi) / n
    }
    let shape = logits.value.shape
    return Variable(op: "bce", value: Tensor(Float(total / Double(n))), parents: [logits]) { g in
      logits.accumulate(g.scalar * Tensor(shape: shape, scalars: grad))
    }
  }

  /// Mean squared error. Gradient: `2 (p - y) / n`.
  public static func meanSquaredError(predictions: Variable, targets: [Float]) -> Variable {
    let p = predictions.value.scalars
    precondition(p.count == targets.count, "\(p.count) predictions for \(targets.count) targets")
    let n = Float(max(1, p.count))
    var total: Double = 0
    var grad = [Float](repeating: 0, count: p.count)
    for i in 0..<p.count {
      let d = p[i] - targets[i]
      total += Double(d * d)
      grad[i] = 2 * d / n
    }
    let shape = predictions.value.shape
    return Variable(op: "mse", value: Tensor(Float(total / Double(n))), parents: [predictions]) {
      g in
      predictions.accumulate(g.scalar * Tensor(shape: shape, scalars: grad))
    }
  }

  /// Bayesian personalised ranking: mean of `-log σ(positive - negative)` over pairs.
  ///
  /// Written as softplus(-(d)) = log(1 + exp(-d)), stable for any d. Gradient with respect
  /// to d: `-σ(-d) / n`, and the negative score gets the opposite sign.
  public static func bpr(positive: Variable, negative: Variable) -> Variable {
    let p = positive.value.scalars, q = negative.value.scalars
    precondition(p.count == q.count, "\(p.count) positive scores for \(q.count) negative")
    let n = Float(max(1, p.count))
    var total: Double = 0
    var grad = [Float](repeating: 0, count: p.count)
    for i in 0..<p.count {
      let d = p[i] - q[i]
      total += Double(max(-d, 0) + log1pf(expf(-abs(d))))
      grad[i] = -stableSigmoid(-d) / n
    }
    let shape = positive.value.shape
    return Variable(
      op: "bpr", value: Tensor(Float(total / Double(n))), parents: [positive, negative]
    ) { g in
      let dp = g.scalar * Tensor(shape: shape, scalars: grad)
      positive.accumulate(dp)
      if negative.requiresGrad { negative.accumulate(-1 * dp) }
    }
  }

  /// Pinball (quantile) loss at quantile `tau` in (0, 1): mean of
  /// `max(tau (y - p), (tau - 1)(y - p))`. Gradient: `-tau/n` when y > p, `(1 - tau)/n`
  /// otherwise (the subgradient 1 - tau is taken at y = p).
  public static func pinball(predictions: Variable, targets: [Float], tau: Float) -> Variable {
    precondition(tau > 0 && tau < 1, "quantile \(tau) outside (0, 1)")
    let p = predictions.value.scalars
    precondition(p.count == targets.count, "\(p.count) predictions for \(targets.count) targets")
    let n = Float(max(1, p.count))
    var total: Double = 0
    var grad = [Float](repeating: 0, count: p.count)
    for i in 0..<p.count {
      let r = targets[i] - p[i]
      total += Double(max(tau * r, (tau - 1) * r))
      grad[i] = (r > 0 ? -tau : 1 - tau) / n
    }
    let shape = predictions.value.shape
    return Variable(
      op: "pinball", value: Tensor(Float(total / Double(n))), parents: [predictions]
    ) { g in
      predictions.accumulate(g.scalar * Tensor(shape: shape, scalars: grad))
    }
  }

  /// An L2 penalty `lambda · Σ w²` over `parameters`, to add to a loss (coupled weight
  /// decay; prefer the optimisers' `weightDecay` for AdamW-style decoupled decay).
  public static func l2(_ parameters: [Variable], lambda: Float) -> Variable? {
    guard lambda > 0, var total = parameters.first.map({ $0.sumOfSquares() }) else {
      return nil
    }
    for p in parameters.dropFirst() { total = total + p.sumOfSquares() }
    return lambda * total
  }
}
