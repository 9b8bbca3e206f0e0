import CShopKernels
import Foundation

/// Forward and hand-written backward pass of a one-layer LSTM over a batch of sequences.
///
/// Why a kernel and not the autodiff tape: an LSTM over W steps is W small matrix products
/// and W fused gate loops per batch; on the tape that is thousands of nodes and allocations
/// per batch. Here the work is a handful of small GEMMs into reused buffers:
///
/// - each step's input and previous hidden state sit side by side, one `[x_t, h₍t-1₎]` row
///   per sample, so a step's gate pre-activations are one product `b + [x, h]·W`
///   (`[B × (I+H)] · [(I+H) × 4H]`, all four gates), then one pass of the gate loop, which
///   writes h_t straight into the next step's rows;
/// - backward: per step one pass of the gate-gradient loop (which also adds the step's bias
///   gradient) and `dA·Whᵀ` for the hidden gradient, then `dW = [X, Hprev]ᵀ·dA` over all
///   steps at once, one call.
///
/// The products and gate loops are ShopTensor's C kernels (`KernelLevel`: AVX-512, AVX2 or
/// baseline, chosen from the CPU at run time), not OpenBLAS: at these sizes (64 × 44 × 128 for
/// a batch of 64, I = 12 and H = 32) OpenBLAS spends much of a call on packing and dispatch,
/// and on a VM that hides the CPU model it picks its SSE3 kernels. All arithmetic is `Float`,
/// on one thread, every element summed in a fixed order, so results are reproducible run to
/// run.
///
/// The weight matrix is `[(I + H) × 4H]`, row-major, rows `0..<I` multiplying the input and
/// rows `I..<I+H` the previous hidden state, so that `[x, h]·W` is the usual concatenated form.
/// Gate columns are ordered input, forget, cell, output (`i f g o`), as in PyTorch:
///
///     i = σ(aᵢ)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
///     c = f ⊙ c₍t-1₎ + i ⊙ g      h = o ⊙ tanh(c)
///
/// σ and tanh are a vectorised approximation (relative error about one Float ulp; see
/// `lstmActivation`). The initial state is zero. Inputs are time-major: step t of sample b at
/// `input[(t·B + b)·I ..< +I]`. Buffers grow to the largest batch seen and are then reused, so
/// a training loop allocates nothing per batch but its inputs and outputs.
public struct LSTMWorkspace: Sendable {
  /// Features per step (I).
  public let inputSize: Int
  /// Hidden units (H).
  public let hiddenSize: Int
  /// Steps (T) and samples (B) of the last forward pass.
  public private(set) var steps = 0
  public private(set) var batch = 0
  private var xh: [Float] = []  // [T·B × (I+H)]: row t·B + b is [x_t, h₍t-1₎] of sample b, h₀ = 0
  private var hLast: [Float] = []  // h_T, [B × H]
  private var gates: [Float] = []  // activations i f g o, [T·B × 4H]
  private var c: [Float] = []  // [(T+1)·B × H], c[0] = 0
  private var tanhC: [Float] = []  // [T·B × H]
  private var dA: [Float] = []  // gate pre-activation gradients, [T·B × 4H]
  private var dh: [Float] = []  // [B × H]
  private var dc: [Float] = []  // [B × H]
  private var transposed: [Float] = []  // Whᵀ [4H × H], then Wxᵀ [4H × I]

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
    let I = inputSize, H = hiddenSize, G = 4 * H, R = I + H
    precondition(input.count == T * B * I, "LSTM input has \(input.count) values, expected \(T * B * I)")
    precondition(weights.shape == weightShape && bias.count == G, "LSTM weight shapes")
    precondition(T > 0 && B > 0)
    steps = T
    batch = B
    Self.grow(&xh, T * B * R)
    Self.grow(&hLast, B * H)
    Self.grow(&gates, T * B * G)
    Self.grow(&c, (T + 1) * B * H)
    Self.grow(&tanhC, T * B * H)
    weights.scalars.withUnsafeBufferPointer { wb in
      bias.scalars.withUnsafeBufferPointer { bb in
        input.withUnsafeBufferPointer { ib in
          xh.withUnsafeMutableBufferPointer { xhb in
            gates.withUnsafeMutableBufferPointer { gb in
              c.withUnsafeMutableBufferPointer { cb in
                tanhC.withUnsafeMutableBufferPointer { tb in
                  hLast.withUnsafeMutableBufferPointer { lb in
                    let w = wb.baseAddress!, bias = bb.baseAddress!, xp = ib.baseAddress!
                    let xhp = xhb.baseAddress!, gp = gb.baseAddress!, cp = cb.baseAddress!
                    let tp = tb.baseAddress!, last = lb.baseAddress!
                    for r in 0..<(T * B) { (xhp + r * R).update(from: xp + r * I, count: I) }
                    for b in 0..<B { (xhp + b * R + I).update(repeating: 0, count: H) }
                    cp.update(repeating: 0, count: B * H)
                    for t in 0..<T {
                      let gt = gp + t * B * G
                      // gates_t = b + [x_t, h₍t-1₎] · W, all four gates in one product.
                      shop_gemm(Int32(B), Int32(G), Int32(R), xhp + t * B * R, R, 1, w, G, bias, 0, gt, G)
                      // h_t into the h half of step t+1's rows, or h_T into hLast.
                      let (hOut, ldh) = t + 1 < T ? (xhp + (t + 1) * B * R + I, R) : (last, H)
                      shop_lstm_gates_forward(
                        Int32(B), Int32(H), gt, cp + t * B * H, cp + (t + 1) * B * H, tp + t * B * H, hOut, ldh)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return Array(hLast[0..<(B * H)])
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
    Self.grow(&transposed, G * max(H, I))
    dh.removeAll(keepingCapacity: true)
    dh.append(contentsOf: finalHiddenGradient)
    dc.removeAll(keepingCapacity: true)
    dc.append(contentsOf: repeatElement(0, count: B * H))
    var dx = inputGradient ? [Float](repeating: 0, count: T * B * I) : []
    weights.scalars.withUnsafeBufferPointer { wb in
      gates.withUnsafeBufferPointer { gb in
        c.withUnsafeBufferPointer { cb in
          tanhC.withUnsafeBufferPointer { tb in
            dA.withUnsafeMutableBufferPointer { ab in
              dh.withUnsafeMutableBufferPointer { dhb in
                dc.withUnsafeMutableBufferPointer { dcb in
                  transposed.withUnsafeMutableBufferPointer { whtb in
                    biasGradient.scalars.withUnsafeMutableBufferPointer { dbb in
                      let w = wb.baseAddress!, gp = gb.baseAddress!, cp = cb.baseAddress!
                      let tp = tb.baseAddress!, ap = ab.baseAddress!, db = dbb.baseAddress!
                      let dhp = dhb.baseAddress!, dcp = dcb.baseAddress!, whT = whtb.baseAddress!
                      // Whᵀ [4H × H], so dh = dA · Whᵀ is a plain row-major product.
                      for k in 0..<H { for j in 0..<G { whT[j * H + k] = w[(I + k) * G + j] } }
                      for t in stride(from: T - 1, through: 0, by: -1) {
                        let at = ap + t * B * G
                        // dA_t, and db += its column sums
                        shop_lstm_gates_backward(
                          Int32(B), Int32(H), gp + t * B * G, cp + t * B * H, tp + t * B * H, dhp, dcp, at, db)
                        // dh₍t-1₎ = dA_t · Whᵀ
                        if t > 0 { shop_gemm(Int32(B), Int32(H), Int32(G), at, G, 1, whT, H, nil, 0, dhp, H) }
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
    xh.withUnsafeBufferPointer { xhb in
      dA.withUnsafeBufferPointer { ab in
        weightGradient.scalars.withUnsafeMutableBufferPointer { dwb in
          // dW += [X, Hprev]ᵀ · dA over all steps, the transpose read in place through the
          // row and column strides.
          let R = I + H, dw = dwb.baseAddress!
          shop_gemm(Int32(R), Int32(G), Int32(T * B), xhb.baseAddress!, 1, R, ab.baseAddress!, G, dw, G, dw, G)
        }
      }
    }
    if inputGradient {
      dA.withUnsafeBufferPointer { ab in
        weights.scalars.withUnsafeBufferPointer { wb in
          transposed.withUnsafeMutableBufferPointer { wxtb in
            dx.withUnsafeMutableBufferPointer { dxb in
              let w = wb.baseAddress!, wxT = wxtb.baseAddress!
              // dX = dA · Wxᵀ, all steps at once.
              for k in 0..<I { for j in 0..<G { wxT[j * I + k] = w[k * G + j] } }
              shop_gemm(Int32(T * B), Int32(I), Int32(G), ab.baseAddress!, G, 1, wxT, I, nil, 0, dxb.baseAddress!, I)
            }
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

/// σ(x) (or tanh x when `tanh`) for every value, through the approximation the LSTM gates use
/// at the current `KernelLevel`: eˣ from a degree-6 polynomial on x − n·ln2 and 2ⁿ built in
/// the exponent bits (relative error below 2e-7), σ(x) = 1/(1 + e⁻ˣ), tanh x = 2σ(2x) − 1.
public func lstmActivation(_ values: [Float], tanh: Bool = false) -> [Float] {
  var out = [Float](repeating: 0, count: values.count)
  values.withUnsafeBufferPointer { v in
    out.withUnsafeMutableBufferPointer { o in
      shop_activation(Int32(values.count), v.baseAddress, o.baseAddress, tanh ? 1 : 0)
    }
  }
  return out
}
