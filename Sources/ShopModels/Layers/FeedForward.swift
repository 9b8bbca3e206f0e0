import ShopCore
import ShopTensor

/// A stack of linear layers with an activation (and optional dropout) between them.
///
/// `FeedForward(sizes: [10, 32, 16, 1], activation: .relu)` is 10 → 32 → ReLU → 16 → ReLU → 1;
/// the last layer has no activation, so the output is a logit.
public final class FeedForward: ParameterContainer {
  public let layers: [Linear]
  public let activation: Activation
  public let dropout: Dropout

  public init(
    sizes: [Int], activation: Activation = .relu, dropout: Float = 0,
    using rng: inout SeededRandom
  ) {
    precondition(sizes.count >= 2, "a feed-forward stack needs input and output sizes")
    var layers: [Linear] = []
    for (k, (i, o)) in zip(sizes, sizes.dropFirst()).enumerated() {
      let last = k == sizes.count - 2
      layers.append(
        Linear(
          inputs: i, outputs: o, initialisation: !last && activation == .relu ? .he : .xavier,
          using: &rng))
    }
    self.layers = layers
    self.activation = activation
    self.dropout = Dropout(rate: dropout)
  }

  public var parameters: [Variable] { layers.flatMap(\.parameters) }

  /// Runs the stack; dropout applies after each hidden activation while training.
  public func callAsFunction(
    _ x: Variable, training: Bool, using rng: inout SeededRandom
  ) -> Variable {
    var h = x
    for (k, layer) in layers.enumerated() {
      h = layer(h)
      if k < layers.count - 1 {
        h = dropout(activation(h), training: training, using: &rng)
      }
    }
    return h
  }
}
