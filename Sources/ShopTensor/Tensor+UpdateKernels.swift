// Optimiser update kernels. They live here, with the other unsafe loops, because the per-
// element update is the hottest loop of training: written over ShopModels' safe arrays it spent
// most of its time in exclusivity checks (measured with perf on the GMF benchmark).

/// The hyperparameters of one Adam step, with the bias corrections already computed.
public struct AdamStep: Sendable {
  public var learningRate: Float
  public var beta1: Float
  public var beta2: Float
  public var epsilon: Float
  /// 1 - beta1^t and 1 - beta2^t.
  public var correction1: Float
  public var correction2: Float
  public var weightDecay: Float
  /// AdamW: decay applied to the weight directly instead of added to the gradient.
  public var decoupled: Bool

  public init(
    learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, correction1: Float,
    correction2: Float, weightDecay: Float, decoupled: Bool
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.correction1 = correction1
    self.correction2 = correction2
    self.weightDecay = weightDecay
    self.decoupled = decoupled
  }
}

@inline(__always)
func _withUpdateBuffers(
  _ w: inout Tensor, _ a: inout Tensor, _ b: inout Tensor, _ g: Tensor,
  _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafePointer<Float>) -> Void
) {
  precondition(w.count == g.count && a.count == w.count && b.count == w.count, "optimiser state shapes")
  w.scalars.withUnsafeMutableBufferPointer { wb in
    a.scalars.withUnsafeMutableBufferPointer { ab in
      b.scalars.withUnsafeMutableBufferPointer { bb in
        g.scalars.withUnsafeBufferPointer { gb in
          if let wp = wb.baseAddress, let ap = ab.baseAddress, let bp = bb.baseAddress, let gp = gb.baseAddress {
            body(wp, ap, bp, gp)
          }
        }
      }
    }
  }
}

@inline(__always)
func _withUpdateBuffers(
  _ w: inout Tensor, _ a: inout Tensor, _ g: Tensor,
  _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafePointer<Float>) -> Void
) {
  precondition(w.count == g.count && a.count == w.count, "optimiser state shapes")
  w.scalars.withUnsafeMutableBufferPointer { wb in
    a.scalars.withUnsafeMutableBufferPointer { ab in
      g.scalars.withUnsafeBufferPointer { gb in
        if let wp = wb.baseAddress, let ap = ab.baseAddress, let gp = gb.baseAddress {
          body(wp, ap, gp)
        }
      }
    }
  }
}

extension Tensor {
  /// Adam/AdamW update of elements `ranges` of `weights`, with moments `m` and `v`.
  /// - Complexity: O(elements in ranges).
  public static func adamUpdate(
    weights: inout Tensor, gradient: Tensor, m: inout Tensor, v: inout Tensor,
    ranges: [Range<Int>], step s: AdamStep
  ) {
    _withUpdateBuffers(&weights, &m, &v, gradient) { w, m, v, g in
      // Eight lanes at a time: the loop is the hottest in training (every parameter, every
      // step), and an explicit SIMD body vectorises the sqrt and division that LLVM left scalar.
      let b1 = SIMD8<Float>(repeating: s.beta1), b2 = SIMD8<Float>(repeating: s.beta2)
      let ib1 = SIMD8<Float>(repeating: 1 - s.beta1), ib2 = SIMD8<Float>(repeating: 1 - s.beta2)
      let c1 = SIMD8<Float>(repeating: 1 / s.correction1), c2 = SIMD8<Float>(repeating: 1 / s.correction2)
      let eps = SIMD8<Float>(repeating: s.epsilon), lr = SIMD8<Float>(repeating: s.learningRate)
      let wd = SIMD8<Float>(repeating: s.weightDecay)
      let coupled = SIMD8<Float>(repeating: s.decoupled ? 0 : 1)
      let direct = SIMD8<Float>(repeating: s.decoupled ? 1 : 0)
      for range in ranges {
        precondition(range.lowerBound >= 0 && range.upperBound <= gradient.count)
        var i = range.lowerBound
        while i &+ 8 <= range.upperBound {
          let wi = _load8m(w, i)
          let gi = _load8(g, i) + coupled * wd * wi
          let mi = b1 * _load8m(m, i) + ib1 * gi
          let vi = b2 * _load8m(v, i) + ib2 * gi * gi
          _store8(m, i, mi)
          _store8(v, i, vi)
          let update = (mi * c1) / ((vi * c2).squareRoot() + eps) + direct * wd * wi
          _store8(w, i, wi - lr * update)
          i = i &+ 8
        }
        while i < range.upperBound {
          let wi = w[i]
          let gi = s.decoupled ? g[i] : g[i] + s.weightDecay * wi
          let mi = s.beta1 * m[i] + (1 - s.beta1) * gi
          let vi = s.beta2 * v[i] + (1 - s.beta2) * gi * gi
          m[i] = mi
          v[i] = vi
          var update = (mi / s.correction1) / ((vi / s.correction2).squareRoot() + s.epsilon)
          if s.decoupled { update += s.weightDecay * wi }
          w[i] = wi - s.learningRate * update
          i = i &+ 1
        }
      }
    }
  }

  /// SGD update with momentum buffer `velocity` (same size as `weights`; untouched when
  /// `momentum` is 0) and L2 decay.
  /// - Complexity: O(elements in ranges).
  public static func sgdUpdate(
    weights: inout Tensor, gradient: Tensor, velocity: inout Tensor, ranges: [Range<Int>],
    learningRate lr: Float, momentum mu: Float, weightDecay wd: Float
  ) {
    _withUpdateBuffers(&weights, &velocity, gradient) { w, vel, g in
      for range in ranges {
        precondition(range.lowerBound >= 0 && range.upperBound <= gradient.count)
        var i = range.lowerBound
        while i < range.upperBound {
          var gi = g[i] + wd * w[i]
          if mu > 0 {
            vel[i] = mu * vel[i] + gi
            gi = vel[i]
          }
          w[i] -= lr * gi
          i = i &+ 1
        }
      }
    }
  }

  /// Adagrad update with running sum of squared gradients `sumSquares`.
  /// - Complexity: O(elements in ranges).
  public static func adagradUpdate(
    weights: inout Tensor, gradient: Tensor, sumSquares: inout Tensor, ranges: [Range<Int>],
    learningRate lr: Float, epsilon eps: Float, weightDecay wd: Float
  ) {
    _withUpdateBuffers(&weights, &sumSquares, gradient) { w, ss, g in
      for range in ranges {
        precondition(range.lowerBound >= 0 && range.upperBound <= gradient.count)
        var i = range.lowerBound
        while i < range.upperBound {
          let gi = g[i] + wd * w[i]
          ss[i] += gi * gi
          w[i] -= lr * gi / (ss[i].squareRoot() + eps)
          i = i &+ 1
        }
      }
    }
  }
}

@inline(__always)
func _load8m(_ p: UnsafeMutablePointer<Float>, _ i: Int) -> SIMD8<Float> {
  UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func _store8(_ p: UnsafeMutablePointer<Float>, _ i: Int, _ x: SIMD8<Float>) {
  UnsafeMutableRawPointer(p + i).storeBytes(of: x, as: SIMD8<Float>.self)
}
