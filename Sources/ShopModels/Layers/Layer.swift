import ShopTensor

/// Anything that owns trainable parameters: layers, stacks of layers, whole models.
public protocol ParameterContainer {
  /// The trainable parameters, in a fixed order (checkpoints and optimisers rely on it).
  var parameters: [Variable] { get }
}

/// The pointwise non-linearities a layer stack can use.
public enum Activation: String, Codable, Sendable, CaseIterable {
  case identity, relu, sigmoid, tanh

  /// Applies the activation as a differentiable op.
  public func callAsFunction(_ x: Variable) -> Variable {
    switch self {
    case .identity: return x
    case .relu: return x.relu()
    case .sigmoid: return x.sigmoid()
    case .tanh: return x.tanh()
    }
  }
}

/// Joins per-row feature blocks side by side (the layer form of `Variable.concatColumns`).
public func concatenate(_ parts: [Variable]) -> Variable {
  parts.count == 1 ? parts[0] : Variable.concatColumns(parts)
}
