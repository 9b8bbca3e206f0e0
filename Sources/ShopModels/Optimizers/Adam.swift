import Foundation
import ShopTensor

/// Adam (Kingma & Ba 2015), or AdamW (Loshchilov & Hutter 2019) with `decoupled: true`.
///
/// Per element at step t: `m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²;
/// w -= lr · (m / (1-β1ᵗ)) / (sqrt(v / (1-β2ᵗ)) + ε)`. Weight decay is added to the gradient
/// (L2, Adam) or applied directly as `w -= lr·wd·w` (AdamW). Sparse parameters are updated
/// lazily: only touched rows, with the global step t in the bias corrections.
public final class Adam: Optimizer {
  public let parameters: [Variable]
  public var learningRate: Float
  public var beta1: Float
  public var beta2: Float
  public var epsilon: Float
  public var weightDecay: Float
  public let decoupled: Bool
  /// Steps taken so far (t in the bias corrections).
  public private(set) var stepCount = 0
  private var m: [[Float]]
  private var v: [[Float]]

  public init(
    parameters: [Variable], learningRate: Float = 1e-3, beta1: Float = 0.9,
    beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0, decoupled: Bool = false
  ) {
    self.parameters = parameters
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.decoupled = decoupled
    m = parameters.map { [Float](repeating: 0, count: $0.value.count) }
    v = m
  }

  public func step() {
    stepCount += 1
    let t = Float(stepCount)
    let lr = learningRate, b1 = beta1, b2 = beta2, eps = epsilon, wd = weightDecay
    let c1 = 1 - powf(b1, t), c2 = 1 - powf(b2, t)
    for (k, p) in parameters.enumerated() {
      guard let grad = p.grad?.scalars else { continue }
      for range in updateRanges(p) {
        for i in range {
          let w = p.value.scalars[i]
          let g = decoupled ? grad[i] : grad[i] + wd * w
          let mi = b1 * m[k][i] + (1 - b1) * g
          let vi = b2 * v[k][i] + (1 - b2) * g * g
          m[k][i] = mi
          v[k][i] = vi
          var update = (mi / c1) / ((vi / c2).squareRoot() + eps)
          if decoupled { update += wd * w }
          p.value.scalars[i] = w - lr * update
        }
      }
    }
  }
}

/// Adagrad (Duchi et al. 2011): per-element step `lr / (sqrt(Σ g²) + ε)`; a good fit for
/// sparse embeddings, whose rare rows keep large steps.
public final class Adagrad: Optimizer {
  public let parameters: [Variable]
  public var learningRate: Float
  public var epsilon: Float
  public var weightDecay: Float
  private var sumSquares: [[Float]]

  public init(
    parameters: [Variable], learningRate: Float = 0.01, epsilon: Float = 1e-10,
    weightDecay: Float = 0
  ) {
    self.parameters = parameters
    self.learningRate = learningRate
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    sumSquares = parameters.map { [Float](repeating: 0, count: $0.value.count) }
  }

  public func step() {
    let lr = learningRate, eps = epsilon, wd = weightDecay
    for (k, p) in parameters.enumerated() {
      guard let grad = p.grad?.scalars else { continue }
      for range in updateRanges(p) {
        for i in range {
          let g = grad[i] + wd * p.value.scalars[i]
          sumSquares[k][i] += g * g
          p.value.scalars[i] -= lr * g / (sumSquares[k][i].squareRoot() + eps)
        }
      }
    }
  }
}
