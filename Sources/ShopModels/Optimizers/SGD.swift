import ShopTensor

/// Stochastic gradient descent with (heavy-ball) momentum and L2 weight decay.
///
/// Per element, as in PyTorch: `g += wd·w; v = μ·v + g; w -= lr·v` (plain SGD when μ = 0).
public final class SGD: Optimizer {
  public let parameters: [Variable]
  public var learningRate: Float
  public var momentum: Float
  public var weightDecay: Float
  private var velocity: [[Float]]

  public init(
    parameters: [Variable], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0
  ) {
    self.parameters = parameters
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
    velocity = parameters.map { [Float](repeating: 0, count: momentum > 0 ? $0.value.count : 0) }
  }

  public func step() {
    let lr = learningRate, mu = momentum, wd = weightDecay
    for (k, p) in parameters.enumerated() {
      guard let grad = p.grad?.scalars else { continue }
      for range in updateRanges(p) {
        for i in range {
          var g = grad[i] + wd * p.value.scalars[i]
          if mu > 0 {
            velocity[k][i] = mu * velocity[k][i] + g
            g = velocity[k][i]
          }
          p.value.scalars[i] -= lr * g
        }
      }
    }
  }
}
