import ShopCore
import ShopTensor

/// A fully connected layer, `y = x · W + b`, with `W` of shape `[inputs, outputs]`.
public final class Linear: ParameterContainer {
  /// How the weights are drawn: Glorot/Xavier uniform for sigmoid/tanh/linear outputs,
  /// He normal for layers followed by ReLU (keeps activations' variance stable with depth).
  public enum Initialisation: String, Codable, Sendable {
    case xavier, he
  }

  public let weight: Variable
  public let bias: Variable

  /// A layer with seeded random weights and zero bias.
  public init(
    inputs: Int, outputs: Int, initialisation: Initialisation = .xavier,
    using rng: inout SeededRandom
  ) {
    let w: Tensor
    switch initialisation {
    case .xavier:
      let limit = (6 / Float(inputs + outputs)).squareRoot()
      w = .randomUniform([inputs, outputs], limit: limit, using: &rng)
    case .he:
      w = .randomNormal([inputs, outputs], std: (2 / Float(inputs)).squareRoot(), using: &rng)
    }
    weight = .parameter(w)
    bias = .parameter(.zeros([outputs]))
  }

  public var parameters: [Variable] { [weight, bias] }

  /// Applies the layer to a `[batch, inputs]` matrix.
  public func callAsFunction(_ x: Variable) -> Variable {
    x.matmul(weight).addingRowVector(bias)
  }
}
