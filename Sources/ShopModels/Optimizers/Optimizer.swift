import ShopTensor

/// Updates parameters from their gradients; one instance per training run (it keeps state).
///
/// Every optimiser handles sparse parameters (embedding tables) lazily: only the rows touched
/// since the last `zeroGrad()` are updated, their moments included, as in TensorFlow's
/// LazyAdam. Weight decay then also applies only to those rows.
public protocol Optimizer: AnyObject {
  /// The parameters this optimiser updates, in a fixed order.
  var parameters: [Variable] { get }
  /// The step size; the training loop may change it between steps.
  var learningRate: Float { get set }
  /// Applies one update from the current gradients (it does not clear them).
  func step()
}

extension Optimizer {
  /// Clears every parameter's gradient before the next backward pass.
  public func zeroGrad() {
    for p in parameters { p.zeroGrad() }
  }
}

extension Variable {
  /// Moves the value out, leaving an empty placeholder, so the caller holds the only reference
  /// and can update it in place without a copy; put it back with `value = …`.
  func takeValue() -> Tensor {
    let w = value
    value = Tensor.zeros([0])
    return w
  }
}

/// The element ranges of `p` that an optimiser step should touch: all of a dense parameter,
/// or the touched rows of a sparse one.
func updateRanges(_ p: Variable) -> [Range<Int>] {
  if !p.isSparse { return [0..<p.value.count] }
  let d = p.value.columnCount
  return p.touchedRows.map { ($0 * d)..<(($0 + 1) * d) }
}

/// The optimiser families a model can be trained with.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
  case sgd, adam, adamw, adagrad

  /// A fresh optimiser of this kind over `parameters`.
  public func make(
    parameters: [Variable], learningRate: Float, weightDecay: Float = 0, momentum: Float = 0.9
  ) -> Optimizer {
    switch self {
    case .sgd:
      return SGD(
        parameters: parameters, learningRate: learningRate, momentum: momentum,
        weightDecay: weightDecay)
    case .adam:
      return Adam(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
    case .adamw:
      return Adam(
        parameters: parameters, learningRate: learningRate, weightDecay: weightDecay,
        decoupled: true)
    case .adagrad:
      return Adagrad(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
    }
  }
}
