import Foundation
import ShopCore
import ShopTensor

/// The LSTM demand network: one LSTM layer over the input window, its last hidden state
/// (with dropout while training) through a linear head to every forecast step at once.
///
///     x₁ … x_W  →  LSTM(H)  →  h_W  →  dropout  →  h_W·V + c  →  η  [steps × outputs per step]
///
/// With target features (`targetWidth` F > 0: each forecast step's own calendar and known
/// exogenous values, `ForecastFeatures.targetRows`), output (j, s) of a sample also gets
/// `Σ_f z_{j,f}·Q_{f,s}`, where Q = U (learned, shared by every step and sample) or, when
/// `interacting`, U + h·A (the hidden state sets the profile per sample):
///
///     η_{j,s} = (h·V + c)_{j,s} + z_j · (U + h·A)_{·,s}
///
/// With a hidden head layer (`headHidden` M > 0) the linear part reads a tanh layer over
/// h instead of h itself, so each forecast step's output is a small MLP of the hidden state
/// (the target-feature term still reads h):
///
///     g = tanh(h·P + p)   [M],   η = g·V + c + z·(U + h·A)
///
/// Forward and backward of the recurrence run in `LSTMWorkspace` (batched small GEMMs and
/// fused gate loops); the head is small matrix products on the same kernels. Parameters, in
/// `parameters` order: LSTM weights `[(I+H) × 4H]`, LSTM bias `[4H]`, head weights `[H × O]`,
/// head bias `[O]`; with target features U `[F·S]`, and when interacting A `[H × F·S]`
/// (S outputs per step); with a hidden head layer P `[H × M]` and p `[M]` last, V then
/// being `[M × O]`.
public struct LSTMForecastNetwork: Sendable {
  public let inputSize: Int
  public let hidden: Int
  /// Raw outputs per sample (forecast steps × outputs per step).
  public let outputs: Int
  /// Outputs per forecast step (S: 1, or the pinball quantiles).
  public let outputsPerStep: Int
  /// Target features per forecast step (F; 0 = none).
  public let targetWidth: Int
  /// Whether the hidden state sets the target-feature weights (A), beyond the shared U.
  public let interacting: Bool
  /// Units of the head's hidden layer (M; 0 = the linear head).
  public let headHidden: Int
  public var parameters: [Tensor]
  private var workspace: LSTMWorkspace

  /// Forecast steps per sample.
  var steps: Int { outputs / outputsPerStep }

  /// The shapes of `parameters`, in order.
  public static func parameterShapes(
    inputSize I: Int, hidden H: Int, outputs O: Int, outputsPerStep S: Int = 1, targetWidth F: Int = 0,
    interacting: Bool = false, headHidden M: Int = 0
  ) -> [[Int]] {
    var shapes = [[I + H, 4 * H], [4 * H], [M > 0 ? M : H, O], [O]]
    if F > 0 {
      shapes.append([F * S])
      if interacting { shapes.append([H, F * S]) }
    }
    if M > 0 { shapes += [[H, M], [M]] }
    return shapes
  }

  /// PyTorch's initialisation: every weight and bias uniform in ±1/√H; the head bias starts at
  /// the scaled series mean (1, or its log 0 under a log link) so training starts level, or at
  /// 0 when outputs are `anchored` on an offset that already holds the level. The target
  /// weights U and A start at 0, so an untrained head ignores the target features. A hidden
  /// head layer's P and p are uniform in ±1/√H and V then in ±1/√M (PyTorch's rule for a
  /// layer of M inputs).
  public init(
    inputSize: Int, hidden: Int, outputs: Int, outputsPerStep: Int = 1, targetWidth: Int = 0, interacting: Bool = false,
    headHidden: Int = 0, logLink: Bool, anchored: Bool = false, seed: UInt64
  ) {
    precondition(outputs % outputsPerStep == 0, "outputs must be steps × outputs per step")
    self.inputSize = inputSize
    self.hidden = hidden
    self.outputs = outputs
    self.outputsPerStep = outputsPerStep
    self.targetWidth = targetWidth
    self.interacting = targetWidth > 0 && interacting
    self.headHidden = max(0, headHidden)
    var rng = SeededRandom(seed: seed)
    let limit = 1 / Float(hidden).squareRoot()
    parameters = [
      Tensor.randomUniform([inputSize + hidden, 4 * hidden], limit: limit, using: &rng),
      Tensor.randomUniform([4 * hidden], limit: limit, using: &rng),
      Tensor.randomUniform([hidden, outputs], limit: limit, using: &rng),
      Tensor(repeating: logLink || anchored ? 0 : 1, shape: [outputs]),
    ]
    let shapes = Self.parameterShapes(
      inputSize: inputSize, hidden: hidden, outputs: outputs, outputsPerStep: outputsPerStep, targetWidth: targetWidth,
      interacting: self.interacting, headHidden: self.headHidden)
    for shape in shapes.dropFirst(4).dropLast(self.headHidden > 0 ? 2 : 0) { parameters.append(Tensor.zeros(shape)) }
    if self.headHidden > 0 {
      // Drawn after the linear head's, so a seed's LSTM weights match the linear head's.
      let M = self.headHidden
      parameters[2] = Tensor.randomUniform([M, outputs], limit: 1 / Float(M).squareRoot(), using: &rng)
      parameters.append(Tensor.randomUniform([hidden, M], limit: limit, using: &rng))
      parameters.append(Tensor.randomUniform([M], limit: limit, using: &rng))
    }
    workspace = LSTMWorkspace(inputSize: inputSize, hiddenSize: hidden)
  }

  /// Raw outputs `[B × outputs]` for a time-major input `[W·B × I]`, without dropout.
  /// `offsets` (one per sample, or nil) are added to every output of their sample;
  /// `targetFeatures` `[B × steps × F]` are required when `targetWidth > 0`.
  public mutating func predict(
    input: [Float], steps: Int, batch: Int, offsets: [Float]? = nil, targetFeatures: [Float]? = nil
  ) -> [Float] {
    let h = workspace.forward(input: input, steps: steps, batch: batch, weights: parameters[0], bias: parameters[1])
    return head(h, batch: batch, offsets: offsets, targetFeatures: targetFeatures).out.scalars
  }

  /// Index of the hidden head layer's P (p follows), the last two parameters.
  private var headLayerIndex: Int { parameters.count - 2 }

  /// The head's outputs, with target features the per-sample target weights Q `[B × F·S]`,
  /// and with a hidden head layer its activations g `[B × M]`.
  private func head(_ h: [Float], batch: Int, offsets: [Float]?, targetFeatures: [Float]?) -> (
    out: Tensor, q: [Float], g: Tensor?
  ) {
    // c + h·V (or g·V) in one product (ShopTensor's small-matrix kernels), then the
    // per-sample offsets.
    let hT = Tensor(shape: [batch, hidden], scalars: h)
    var g: Tensor? = nil
    if headHidden > 0 {
      var pre = hT.smallMatmul(parameters[headLayerIndex], plusRow: parameters[headLayerIndex + 1])
      for k in 0..<pre.count { pre.scalars[k] = tanhf(pre.scalars[k]) }
      g = pre
    }
    var out = (g ?? hT).smallMatmul(parameters[2], plusRow: parameters[3])
    if let offsets {
      out.scalars.withUnsafeMutableBufferPointer { o in
        for b in 0..<batch {
          for j in 0..<outputs { o[b * outputs + j] += offsets[b] }
        }
      }
    }
    guard targetWidth > 0 else { return (out, [], g) }
    guard let z = targetFeatures else { preconditionFailure("this network needs target features") }
    let F = targetWidth, S = outputsPerStep, J = steps, FS = F * S
    precondition(z.count == batch * J * F, "target features must be batch × steps × \(F)")
    let q: [Float]
    if interacting {
      q = hT.smallMatmul(parameters[5], plusRow: parameters[4]).scalars
    } else {
      q = [Float]((0..<batch).map { _ in parameters[4].scalars }.joined())
    }
    out.scalars.withUnsafeMutableBufferPointer { o in
      for b in 0..<batch {
        for j in 0..<J {
          let zRow = (b * J + j) * F
          for f in 0..<F where z[zRow + f] != 0 {
            let zf = z[zRow + f], qRow = b * FS + f * S
            for s in 0..<S { o[b * outputs + j * S + s] += zf * q[qRow + s] }
          }
        }
      }
    }
    return (out, q, g)
  }

  /// The mean loss over the batch's `B × steps × outputs-per-step` elements, and the gradient
  /// of that mean with respect to every parameter (in `parameters` order).
  ///
  /// - Parameters:
  ///   - targets: scaled targets `[B × steps]`.
  ///   - dropoutMask: `[B × H]` multipliers for the last hidden state (0 or 1/(1−p)), or nil.
  ///   - offsets: a constant per sample added to its outputs (the anchor), or nil.
  ///   - targetFeatures: `[B × steps × F]` when `targetWidth > 0`.
  ///   - sampleWeights: a weight per sample multiplying its terms of the loss, or nil.
  public mutating func lossAndGradients(
    input: [Float], steps: Int, batch: Int, targets: [Float], loss: ForecastLoss, dropoutMask: [Float]?,
    offsets: [Float]? = nil, targetFeatures: [Float]? = nil, sampleWeights: [Float]? = nil
  ) -> (loss: Double, gradients: [Tensor]) {
    var h = workspace.forward(input: input, steps: steps, batch: batch, weights: parameters[0], bias: parameters[1])
    if let mask = dropoutMask { for k in 0..<h.count { h[k] *= mask[k] } }
    let (out, _, g) = head(h, batch: batch, offsets: offsets, targetFeatures: targetFeatures)
    let q = loss.quantiles.map { Float($0) }
    let perStep = q.count, horizon = outputs / perStep
    precondition(targets.count == batch * horizon, "targets must be batch × horizon")
    var total = 0.0
    var dOut = [Float](repeating: 0, count: batch * outputs)
    let norm = 1 / Float(batch * outputs)
    for b in 0..<batch {
      let weight = sampleWeights?[b] ?? 1
      for j in 0..<horizon {
        let y = targets[b * horizon + j]
        for s in 0..<perStep {
          let k = b * outputs + j * perStep + s
          let (v, g) = loss.valueAndGradient(out.scalars[k], y, quantile: q[s])
          total += Double(weight * v)
          dOut[k] = weight * g * norm
        }
      }
    }
    let dOutT = Tensor(shape: [batch, outputs], scalars: dOut)
    let hT = Tensor(shape: [batch, hidden], scalars: h)
    let dV = (g ?? hT).smallMatmul(dOutT, transposeSelf: true)
    var dc = Tensor.zeros([outputs])
    for b in 0..<batch { for j in 0..<outputs { dc.scalars[j] += dOut[b * outputs + j] } }
    var dh: [Float]
    var headLayerGradients: [Tensor] = []
    if let g {
      // dg = dη·Vᵀ; through tanh, dpre = dg ⊙ (1 − g²); P gets hᵀ·dpre, p Σ_b dpre, h dpre·Pᵀ.
      var dPre = dOutT.smallMatmul(parameters[2], transposeOther: true)
      for k in 0..<dPre.count { dPre.scalars[k] *= 1 - g.scalars[k] * g.scalars[k] }
      var dp = Tensor.zeros([headHidden])
      for b in 0..<batch { for m in 0..<headHidden { dp.scalars[m] += dPre.scalars[b * headHidden + m] } }
      headLayerGradients = [hT.smallMatmul(dPre, transposeSelf: true), dp]
      dh = dPre.smallMatmul(parameters[headLayerIndex], transposeOther: true).scalars
    } else {
      dh = dOutT.smallMatmul(parameters[2], transposeOther: true).scalars
    }
    var targetGradients: [Tensor] = []
    if targetWidth > 0, let z = targetFeatures {
      // dQ[b, f·S+s] = Σ_j dη[b, j·S+s]·z[b, j, f]; U gets Σ_b dQ, A gets hᵀ·dQ and h gets dQ·Aᵀ.
      let F = targetWidth, S = outputsPerStep, J = self.steps, FS = F * S
      var dQ = [Float](repeating: 0, count: batch * FS)
      for b in 0..<batch {
        for j in 0..<J {
          let zRow = (b * J + j) * F
          for f in 0..<F where z[zRow + f] != 0 {
            let zf = z[zRow + f], qRow = b * FS + f * S
            for s in 0..<S { dQ[qRow + s] += zf * dOut[b * outputs + j * S + s] }
          }
        }
      }
      var dU = Tensor.zeros([FS])
      for b in 0..<batch { for k in 0..<FS { dU.scalars[k] += dQ[b * FS + k] } }
      targetGradients.append(dU)
      if interacting {
        let dQT = Tensor(shape: [batch, FS], scalars: dQ)
        targetGradients.append(hT.smallMatmul(dQT, transposeSelf: true))
        let dhA = dQT.smallMatmul(parameters[5], transposeOther: true).scalars
        for k in 0..<dh.count { dh[k] += dhA[k] }
      }
    }
    if let mask = dropoutMask { for k in 0..<dh.count { dh[k] *= mask[k] } }
    var dW = Tensor.zeros(parameters[0].shape), db = Tensor.zeros(parameters[1].shape)
    workspace.backward(finalHiddenGradient: dh, weights: parameters[0], weightGradient: &dW, biasGradient: &db)
    return (total / Double(batch * outputs), [dW, db, dV, dc] + targetGradients + headLayerGradients)
  }
}
