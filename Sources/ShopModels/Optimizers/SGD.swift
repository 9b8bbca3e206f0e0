import ShopTensor

/// Stochastic gradient descent with (heavy-ball) momentum and L2 weight decay.
///
/// Per element, as in PyTorch: `g += wd·w; v = μ·v + g; w -= lr·v` (plain SGD when μ = 0).
public final class SGD: Optimizer {
  public let parameters: [Variable]
  public var learningRate: Float
  public var momentum: Float
  public var weightDecay: Float
  private var velocity: [Tensor]

  public init(
    parameters: [Variable], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0
  ) {
    self.parameters = parameters
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
    velocity = parameters.map { Tensor.zeros([$0.value.count]) }
  }

  public func step() {
    for (k, p) in parameters.enumerated() {
      guard let grad = p.grad else { continue }
      let ranges = updateRanges(p)
      var w = p.takeValue()
      Tensor.sgdUpdate(
        weights: &w, gradient: grad, velocity: &velocity[k], ranges: ranges,
        learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
      p.value = w
    }
  }
}
