import COpenBLAS
import Foundation

/// Forward and hand-written backward pass of a one-layer LSTM over a batch of sequences.
///
/// Why a kernel and not the autodiff tape: an LSTM over W steps is W small matrix products
/// and W fused gate loops per batch; on the tape that is thousands of nodes and allocations
/// per batch. Here the work is a handful of `cblas_sgemm` calls into reused buffers:
///
/// - the input half of every step's gate pre-activations, `X·Wx` for all steps at once
///   (`[T·B × I] · [I × 4H]`), one sgemm;
/// - per step only the recurrent half `h₍t-1₎·Wh` (`[B × H] · [H × 4H]`);
/// - backward: per step `dA·Whᵀ` for the hidden gradient, then `dWx = Xᵀ·dA` and
///   `dWh = Hprevᵀ·dA` over all steps at once, again one sgemm each.
///
/// The weight matrix is `[(I + H) × 4H]`, row-major, rows `0..<I` multiplying the input and
/// rows `I..<I+H` the previous hidden state, so that `[x, h]·W` is the usual concatenated form.
/// Gate columns are ordered input, forget, cell, output (`i f g o`), as in PyTorch:
///
///     i = σ(aᵢ)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
///     c = f ⊙ c₍t-1₎ + i ⊙ g      h = o ⊙ tanh(c)
///
/// The initial state is zero. Inputs are time-major: step t of sample b at
/// `input[(t·B + b)·I ..< +I]`. Buffers grow to the largest batch seen and are then reused, so
/// a training loop allocates nothing per batch. All arithmetic is `Float`, with
/// single-threaded BLAS (see `Tensor.matmul`), so results are reproducible run to run.
public struct LSTMWorkspace: Sendable {
  /// Features per step (I).
  public let inputSize: Int
  /// Hidden units (H).
  public let hiddenSize: Int
  /// Steps (T) and samples (B) of the last forward pass.
  public private(set) var steps = 0
  public private(set) var batch = 0
  private var x: [Float] = []  // [T·B × I]
  private var gates: [Float] = []  // activations i f g o, [T·B × 4H]
  private var c: [Float] = []  // [(T+1)·B × H], c[0] = 0
  private var h: [Float] = []  // [(T+1)·B × H], h[0] = 0
  private var tanhC: [Float] = []  // [T·B × H]
  private var dA: [Float] = []  // gate pre-activation gradients, [T·B × 4H]

  public init(inputSize: Int, hiddenSize: Int) {
    precondition(inputSize > 0 && hiddenSize > 0)
    self.inputSize = inputSize
    self.hiddenSize = hiddenSize
  }

  /// The number of weights `[(I + H) × 4H]` and biases `[4H]` this workspace expects.
  public var weightShape: [Int] { [inputSize + hiddenSize, 4 * hiddenSize] }

  /// Runs the LSTM over `steps` steps of `batch` sequences and returns the last hidden state
  /// `[B × H]` (row-major). Keeps what `backward` needs.
  /// - Complexity: O(T · B · (I + H) · H).
  public mutating func forward(
    input: [Float], steps T: Int, batch B: Int, weights: Tensor, bias: Tensor
  ) -> [Float] {
    let I = inputSize, H = hiddenSize, G = 4 * H
    precondition(input.count == T * B * I, "LSTM input has \(input.count) values, expected \(T * B * I)")
    precondition(weights.shape == weightShape && bias.count == G, "LSTM weight shapes")
    precondition(T > 0 && B > 0)
    steps = T
    batch = B
    x = input
    Self.grow(&gates, T * B * G)
    Self.grow(&c, (T + 1) * B * H)
    Self.grow(&h, (T + 1) * B * H)
    Self.grow(&tanhC, T * B * H)
    weights.scalars.withUnsafeBufferPointer { wb in
      bias.scalars.withUnsafeBufferPointer { bb in
        x.withUnsafeBufferPointer { xb in
          gates.withUnsafeMutableBufferPointer { gb in
            c.withUnsafeMutableBufferPointer { cb in
              h.withUnsafeMutableBufferPointer { hb in
                tanhC.withUnsafeMutableBufferPointer { tb in
                  let w = wb.baseAddress!, bias = bb.baseAddress!, xp = xb.baseAddress!
                  let gp = gb.baseAddress!, cp = cb.baseAddress!, hp = hb.baseAddress!
                  let tp = tb.baseAddress!
                  for k in 0..<(B * H) {
                    cp[k] = 0
                    hp[k] = 0
                  }
                  // Input half of all steps at once, on top of the bias: gates = b + X · Wx
                  // (so the gate loop reads one pre-activation per gate, not two).
                  for r in 0..<(T * B) { (gp + r * G).update(from: bias, count: G) }
                  cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(T * B), Int32(G), Int32(I),
                    1, xp, Int32(I), w, Int32(G), 1, gp, Int32(G))
                  for t in 0..<T {
                    let gt = gp + t * B * G
                    if t > 0 {
                      cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(B), Int32(G), Int32(H),
                        1, hp + t * B * H, Int32(H), w + I * G, Int32(G), 1, gt, Int32(G))
                    }
                    let cPrev = cp + t * B * H, cNext = cp + (t + 1) * B * H
                    let hNext = hp + (t + 1) * B * H, tc = tp + t * B * H
                    for b in 0..<B {
                      let row = gt + b * G
                      var j = 0
                      // Eight units at a time with a vectorised exp: the transcendental
                      // functions dominate the gate loop when written with scalar expf/tanhf.
                      while j &+ 8 <= H {
                        let i = _sigmoid8(_ld(row + j))
                        let f = _sigmoid8(_ld(row + H + j))
                        let g = _tanh8(_ld(row + 2 * H + j))
                        let o = _sigmoid8(_ld(row + 3 * H + j))
                        _st(row + j, i)
                        _st(row + H + j, f)
                        _st(row + 2 * H + j, g)
                        _st(row + 3 * H + j, o)
                        let cv = f * _ld(cPrev + b * H + j) + i * g
                        _st(cNext + b * H + j, cv)
                        let th = _tanh8(cv)
                        _st(tc + b * H + j, th)
                        _st(hNext + b * H + j, o * th)
                        j &+= 8
                      }
                      while j < H {
                        let i = _sigmoid(row[j])
                        let f = _sigmoid(row[H + j])
                        let g = _tanh(row[2 * H + j])
                        let o = _sigmoid(row[3 * H + j])
                        row[j] = i
                        row[H + j] = f
                        row[2 * H + j] = g
                        row[3 * H + j] = o
                        let cv = f * cPrev[b * H + j] + i * g
                        cNext[b * H + j] = cv
                        let th = _tanh(cv)
                        tc[b * H + j] = th
                        hNext[b * H + j] = o * th
                        j &+= 1
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return Array(h[(T * B * H)..<((T + 1) * B * H)])
  }

  /// Backpropagates `finalHiddenGradient` (∂L/∂h_T, `[B × H]`) through the last `forward`,
  /// adding ∂L/∂W to `weightGradient` and ∂L/∂b to `biasGradient`.
  ///
  /// Per step, from the last: `dc += dh ⊙ o ⊙ (1 − tanh²c)`, then the gate gradients
  /// `dA = [dc⊙g⊙i(1−i), dc⊙c₍t-1₎⊙f(1−f), dc⊙i⊙(1−g²), dh⊙tanh c⊙o(1−o)]`, the carried
  /// `dc ← dc ⊙ f` and `dh ← dA · Whᵀ`.
  /// - Returns: ∂L/∂input in the layout of the input when `inputGradient` is true, else `[]`.
  /// - Complexity: O(T · B · (I + H) · H).
  @discardableResult
  public mutating func backward(
    finalHiddenGradient: [Float], weights: Tensor, weightGradient: inout Tensor,
    biasGradient: inout Tensor, inputGradient: Bool = false
  ) -> [Float] {
    let I = inputSize, H = hiddenSize, G = 4 * H, T = steps, B = batch
    precondition(finalHiddenGradient.count == B * H, "LSTM hidden gradient shape")
    precondition(weightGradient.shape == weightShape && biasGradient.count == G)
    Self.grow(&dA, T * B * G)
    var dh = finalHiddenGradient
    var dc = [Float](repeating: 0, count: B * H)
    var dx = inputGradient ? [Float](repeating: 0, count: T * B * I) : []
    weights.scalars.withUnsafeBufferPointer { wb in
      gates.withUnsafeBufferPointer { gb in
        c.withUnsafeBufferPointer { cb in
          tanhC.withUnsafeBufferPointer { tb in
            dA.withUnsafeMutableBufferPointer { ab in
              dh.withUnsafeMutableBufferPointer { dhb in
                dc.withUnsafeMutableBufferPointer { dcb in
                  let w = wb.baseAddress!, gp = gb.baseAddress!, cp = cb.baseAddress!
                  let tp = tb.baseAddress!, ap = ab.baseAddress!
                  let dhp = dhb.baseAddress!, dcp = dcb.baseAddress!
                  for t in stride(from: T - 1, through: 0, by: -1) {
                    let gt = gp + t * B * G, at = ap + t * B * G
                    let cPrev = cp + t * B * H, tc = tp + t * B * H
                    for b in 0..<B {
                      let row = gt + b * G, drow = at + b * G
                      var j = 0
                      while j &+ 8 <= H {
                        let k = b * H + j
                        let i = _ld(row + j), f = _ld(row + H + j)
                        let g = _ld(row + 2 * H + j), o = _ld(row + 3 * H + j)
                        let th = _ld(tc + k), dhv = _ld(dhp + k)
                        let dcv = _ld(dcp + k) + dhv * o * (1 - th * th)
                        _st(drow + j, dcv * g * i * (1 - i))
                        _st(drow + H + j, dcv * _ld(cPrev + k) * f * (1 - f))
                        _st(drow + 2 * H + j, dcv * i * (1 - g * g))
                        _st(drow + 3 * H + j, dhv * th * o * (1 - o))
                        _st(dcp + k, dcv * f)
                        j &+= 8
                      }
                      while j < H {
                        let k = b * H + j
                        let i = row[j], f = row[H + j], g = row[2 * H + j], o = row[3 * H + j]
                        let th = tc[k]
                        let dhv = dhp[k]
                        let dcv = dcp[k] + dhv * o * (1 - th * th)
                        drow[j] = dcv * g * i * (1 - i)
                        drow[H + j] = dcv * cPrev[k] * f * (1 - f)
                        drow[2 * H + j] = dcv * i * (1 - g * g)
                        drow[3 * H + j] = dhv * th * o * (1 - o)
                        dcp[k] = dcv * f
                        j &+= 1
                      }
                    }
                    if t > 0 {
                      // dh₍t-1₎ = dA_t · Whᵀ
                      cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(B), Int32(H), Int32(G),
                        1, at, Int32(G), w + I * G, Int32(G), 0, dhp, Int32(H))
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    x.withUnsafeBufferPointer { xb in
      h.withUnsafeBufferPointer { hb in
        dA.withUnsafeBufferPointer { ab in
          weightGradient.scalars.withUnsafeMutableBufferPointer { dwb in
            biasGradient.scalars.withUnsafeMutableBufferPointer { dbb in
              let xp = xb.baseAddress!, hp = hb.baseAddress!, ap = ab.baseAddress!
              let dw = dwb.baseAddress!, db = dbb.baseAddress!
              // dWx += Xᵀ · dA and dWh += Hprevᵀ · dA over all steps; Hprev is h[0..<T].
              cblas_sgemm(
                CblasRowMajor, CblasTrans, CblasNoTrans, Int32(I), Int32(G), Int32(T * B),
                1, xp, Int32(I), ap, Int32(G), 1, dw, Int32(G))
              cblas_sgemm(
                CblasRowMajor, CblasTrans, CblasNoTrans, Int32(H), Int32(G), Int32(T * B),
                1, hp, Int32(H), ap, Int32(G), 1, dw + I * G, Int32(G))
              for r in 0..<(T * B) {
                let row = ap + r * G
                for j in 0..<G { db[j] += row[j] }
              }
            }
          }
        }
      }
    }
    if inputGradient {
      dA.withUnsafeBufferPointer { ab in
        weights.scalars.withUnsafeBufferPointer { wb in
          dx.withUnsafeMutableBufferPointer { dxb in
            // dX = dA · Wxᵀ, all steps at once.
            cblas_sgemm(
              CblasRowMajor, CblasNoTrans, CblasTrans, Int32(T * B), Int32(I), Int32(G),
              1, ab.baseAddress!, Int32(G), wb.baseAddress!, Int32(G), 0, dxb.baseAddress!, Int32(I))
          }
        }
      }
    }
    return dx
  }

  private static func grow(_ a: inout [Float], _ n: Int) {
    if a.count < n { a = [Float](repeating: 0, count: n) }
  }
}

// MARK: Vectorised activations

@inline(__always) func _ld(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}
@inline(__always) func _ld(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}
@inline(__always) func _st(_ p: UnsafeMutablePointer<Float>, _ x: SIMD8<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: x, as: SIMD8<Float>.self)
}

/// eˣ for eight lanes: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 Taylor polynomial for eʳ
/// (relative error below 2e-7 on that range, about one Float ulp), and 2ⁿ built in the
/// exponent bits. Inputs are clamped to [-87, 88] so 2ⁿ stays a normal Float.
@inline(__always) func _exp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
  // Lane-wise selects, not `clamped`: its generic pointwiseMin/Max did not inline and cost
  // a tenth of an epoch.
  var xc = x
  xc.replace(with: -87, where: xc .< -87)
  xc.replace(with: 88, where: xc .> 88)
  // Adding 1.5·2²³ rounds x·log₂e to the nearest integer n (ties to even) and leaves n in
  // the low mantissa bits; both steps stay in SIMD registers (the generic Float→Int32
  // conversion and `rounded` are scalar loops).
  let magic = SIMD8<Float>(repeating: 12_582_912)
  let t = xc * 1.442_695_04 + magic
  let n = t - magic
  let r = xc - n * 0.693_145_75 - n * 1.428_606_8e-6  // ln2 split in two for accuracy
  var p = SIMD8<Float>(repeating: 1.0 / 720)
  p = p * r + 1.0 / 120
  p = p * r + 1.0 / 24
  p = p * r + 1.0 / 6
  p = p * r + 0.5
  p = p * r + 1
  p = p * r + 1
  let ni = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000
  let scale = unsafeBitCast((ni &+ 127) &<< 23, to: SIMD8<Float>.self)
  return p * scale
}

@inline(__always) func _sigmoid8(_ x: SIMD8<Float>) -> SIMD8<Float> { 1 / (1 + _exp8(-x)) }

/// tanh x = 2σ(2x) − 1; absolute error about 1e-7, enough for a recurrent cell.
@inline(__always) func _tanh8(_ x: SIMD8<Float>) -> SIMD8<Float> { 2 * _sigmoid8(2 * x) - 1 }

/// Scalar versions for the lanes left over when H is not a multiple of 8, through the same
/// approximation so every unit computes the same function.
@inline(__always) func _sigmoid(_ x: Float) -> Float { _sigmoid8(SIMD8(repeating: x))[0] }
@inline(__always) func _tanh(_ x: Float) -> Float { _tanh8(SIMD8(repeating: x))[0] }
