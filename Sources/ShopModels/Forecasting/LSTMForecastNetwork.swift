import ShopCore
import ShopTensor

/// The LSTM demand network: one LSTM layer over the input window, its last hidden state
/// (with dropout while training) through a linear head to every forecast step at once.
///
///     x₁ … x_W  →  LSTM(H)  →  h_W  →  dropout  →  h_W·V + c  →  η  [steps × outputs per step]
///
/// Forward and backward of the recurrence run in `LSTMWorkspace` (batched small GEMMs and
/// fused gate loops); the head is small matrix products on the same kernels. Parameters, in
/// `parameters` order: LSTM weights `[(I+H) × 4H]`, LSTM bias `[4H]`, head weights `[H × O]`, head bias `[O]`.
public struct LSTMForecastNetwork: Sendable {
  public let inputSize: Int
  public let hidden: Int
  /// Raw outputs per sample (forecast steps × outputs per step).
  public let outputs: Int
  public var parameters: [Tensor]
  private var workspace: LSTMWorkspace

  /// PyTorch's initialisation: every weight and bias uniform in ±1/√H; the head bias starts at
  /// the scaled series mean (1, or its log 0 under a log link) so training starts level, or at
  /// 0 when outputs are `anchored` on an offset that already holds the level.
  public init(inputSize: Int, hidden: Int, outputs: Int, logLink: Bool, anchored: Bool = false, seed: UInt64) {
    self.inputSize = inputSize
    self.hidden = hidden
    self.outputs = outputs
    var rng = SeededRandom(seed: seed)
    let limit = 1 / Float(hidden).squareRoot()
    parameters = [
      Tensor.randomUniform([inputSize + hidden, 4 * hidden], limit: limit, using: &rng),
      Tensor.randomUniform([4 * hidden], limit: limit, using: &rng),
      Tensor.randomUniform([hidden, outputs], limit: limit, using: &rng),
      Tensor(repeating: logLink || anchored ? 0 : 1, shape: [outputs]),
    ]
    workspace = LSTMWorkspace(inputSize: inputSize, hiddenSize: hidden)
  }

  /// Raw outputs `[B × outputs]` for a time-major input `[W·B × I]`, without dropout.
  /// `offsets` (one per sample, or nil) are added to every output of their sample.
  public mutating func predict(input: [Float], steps: Int, batch: Int, offsets: [Float]? = nil) -> [Float] {
    let h = workspace.forward(input: input, steps: steps, batch: batch, weights: parameters[0], bias: parameters[1])
    return head(h, batch: batch, offsets: offsets).scalars
  }

  private func head(_ h: [Float], batch: Int, offsets: [Float]?) -> Tensor {
    // c + h·V in one product (ShopTensor's small-matrix kernels), then the per-sample offsets.
    var out = Tensor(shape: [batch, hidden], scalars: h).smallMatmul(parameters[2], plusRow: parameters[3])
    if let offsets {
      out.scalars.withUnsafeMutableBufferPointer { o in
        for b in 0..<batch {
          for j in 0..<outputs { o[b * outputs + j] += offsets[b] }
        }
      }
    }
    return out
  }

  /// The mean loss over the batch's `B × steps × outputs-per-step` elements, and the gradient
  /// of that mean with respect to every parameter (in `parameters` order).
  ///
  /// - Parameters:
  ///   - targets: scaled targets `[B × steps]`.
  ///   - dropoutMask: `[B × H]` multipliers for the last hidden state (0 or 1/(1−p)), or nil.
  ///   - offsets: a constant per sample added to its outputs (the anchor), or nil.
  public mutating func lossAndGradients(
    input: [Float], steps: Int, batch: Int, targets: [Float], loss: ForecastLoss, dropoutMask: [Float]?,
    offsets: [Float]? = nil
  ) -> (loss: Double, gradients: [Tensor]) {
    var h = workspace.forward(input: input, steps: steps, batch: batch, weights: parameters[0], bias: parameters[1])
    if let mask = dropoutMask { for k in 0..<h.count { h[k] *= mask[k] } }
    let out = head(h, batch: batch, offsets: offsets)
    let q = loss.quantiles.map { Float($0) }
    let perStep = q.count, horizon = outputs / perStep
    precondition(targets.count == batch * horizon, "targets must be batch × horizon")
    var total = 0.0
    var dOut = [Float](repeating: 0, count: batch * outputs)
    let norm = 1 / Float(batch * outputs)
    for b in 0..<batch {
      for j in 0..<horizon {
        let y = targets[b * horizon + j]
        for s in 0..<perStep {
          let k = b * outputs + j * perStep + s
          let (v, g) = loss.valueAndGradient(out.scalars[k], y, quantile: q[s])
          total += Double(v)
          dOut[k] = g * norm
        }
      }
    }
    let dOutT = Tensor(shape: [batch, outputs], scalars: dOut)
    let hT = Tensor(shape: [batch, hidden], scalars: h)
    let dV = hT.smallMatmul(dOutT, transposeSelf: true)
    var dc = Tensor.zeros([outputs])
    for b in 0..<batch { for j in 0..<outputs { dc.scalars[j] += dOut[b * outputs + j] } }
    var dh = dOutT.smallMatmul(parameters[2], transposeOther: true).scalars
    if let mask = dropoutMask { for k in 0..<dh.count { dh[k] *= mask[k] } }
    var dW = Tensor.zeros(parameters[0].shape), db = Tensor.zeros(parameters[1].shape)
    workspace.backward(finalHiddenGradient: dh, weights: parameters[0], weightGradient: &dW, biasGradient: &db)
    return (total / Double(batch * outputs), [dW, db, dV, dc])
  }
}
