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
  private var m: [Tensor]
  private var v: [Tensor]

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
    m = parameters.map { Tensor.zeros([$0.value.count]) }
    v = m
  }

  public func step() {
    stepCount += 1
    let t = Float(stepCount)
    let s = AdamStep(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      correction1: 1 - powf(beta1, t), correction2: 1 - powf(beta2, t),
      weightDecay: weightDecay, decoupled: decoupled)
    for (k, p) in parameters.enumerated() {
      guard let grad = p.grad else { continue }
      let ranges = updateRanges(p)
      var w = p.takeValue()
      Tensor.adamUpdate(
        weights: &w, gradient: grad, m: &m[k], v: &v[k], ranges: ranges, step: s)
      p.value = w
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
  private var sumSquares: [Tensor]

  public init(
    parameters: [Variable], learningRate: Float = 0.01, epsilon: Float = 1e-10,
    weightDecay: Float = 0
  ) {
    self.parameters = parameters
    self.learningRate = learningRate
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    sumSquares = parameters.map { Tensor.zeros([$0.value.count]) }
  }

  public func step() {
    for (k, p) in parameters.enumerated() {
      guard let grad = p.grad else { continue }
      let ranges = updateRanges(p)
      var w = p.takeValue()
      Tensor.adagradUpdate(
        weights: &w, gradient: grad, sumSquares: &sumSquares[k], ranges: ranges,
        learningRate: learningRate, epsilon: epsilon, weightDecay: weightDecay)
      p.value = w
    }
  }
}
