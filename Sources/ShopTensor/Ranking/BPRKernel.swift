import ShopCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Bayesian personalised ranking by stochastic gradient ascent (Rendle et al. 2009), the
/// inner loop written over raw buffers: it is ten million small updates per run.
public enum BPRKernel {
  /// The interactions as CSR rows: `rowStart[u] ..< rowStart[u + 1]` index the user's items,
  /// which are sorted ascending (so "is this a positive?" is a binary search).
  public struct Rows: Sendable {
    public var rowStart: [Int]
    public var items: [Int32]
    public init(rowStart: [Int], items: [Int32]) {
      self.rowStart = rowStart
      self.items = items
    }
  }

  /// One epoch: `samples` triples (user, positive, negative), each drawn by picking a stored
  /// interaction uniformly (so active users weigh as much as their data) and an item the user
  /// never had uniformly (up to 10 tries, then the draw is skipped). For each triple,
  /// x = pᵤ·(qᵢ − qⱼ) + bᵢ − bⱼ, and every parameter moves by `lr · (σ(−x) · ∂x/∂θ − reg · θ)`.
  ///
  /// - Returns: the mean of −log σ(x) (the BPR loss, estimated on every 8th triple), how many were
  ///   already ordered correctly (x > 0) before their update.
  /// - Complexity: O(samples × dimension).
  public static func epoch(
    rows: Rows, itemCount: Int, samples: Int, userFactors: inout [Float],
    itemFactors: inout [Float], itemBias: inout [Float], dimension d: Int,
    learningRate lr: Float, regularization reg: Float, using rng: inout SeededRandom
  ) -> (loss: Double, correct: Int, used: Int) {
    let nnz = rows.items.count
    guard nnz > 0, itemCount > 1 else { return (0, 0, 0) }
    // The owner of each stored interaction, to draw interactions uniformly.
    var owner = [Int32](repeating: 0, count: nnz)
    for u in 0..<(rows.rowStart.count - 1) {
      for k in rows.rowStart[u]..<rows.rowStart[u + 1] { owner[k] = Int32(u) }
    }
    // "Did the user have it?" is a bit lookup when users × items bits fit in 16 MB (every
    // MovieLens-sized log), else a binary search in the user's sorted row.
    let bits = rows.rowStart.count - 1 <= (1 << 27) / max(itemCount, 1)
    var seen = [UInt64](repeating: 0, count: bits ? ((rows.rowStart.count - 1) * itemCount + 63) / 64 : 0)
    if bits {
      for u in 0..<(rows.rowStart.count - 1) {
        for k in rows.rowStart[u]..<rows.rowStart[u + 1] {
          let b = u * itemCount + Int(rows.items[k])
          seen[b >> 6] |= 1 << UInt64(b & 63)
        }
      }
    }
    var loss = 0.0
    var lossSamples = 0
    var correct = 0
    var used = 0
    userFactors.withUnsafeMutableBufferPointer { ub in
      itemFactors.withUnsafeMutableBufferPointer { ib in
        itemBias.withUnsafeMutableBufferPointer { bb in
          rows.items.withUnsafeBufferPointer { items in
            seen.withUnsafeBufferPointer { seenBits in
            owner.withUnsafeBufferPointer { owner in
            rows.rowStart.withUnsafeBufferPointer { starts in
              guard let up = ub.baseAddress, let ip = ib.baseAddress, let bp = bb.baseAddress
              else { return }
              for _ in 0..<samples {
                let k = rng.nextInt(below: nnz)
                let u = Int(owner[k])
                let i = Int(items[k])
                let lo = starts[u], hi = starts[u &+ 1]
                var j = -1
                for _ in 0..<10 {
                  let candidate = rng.nextInt(below: itemCount)
                  let had: Bool
                  if bits {
                    let b = u &* itemCount &+ candidate
                    had = seenBits[b >> 6] & (1 << UInt64(b & 63)) != 0
                  } else {
                    had = _contains(items, lo, hi, Int32(candidate))
                  }
                  if !had {
                    j = candidate
                    break
                  }
                }
                if j < 0 { continue }
                let pu = up + u &* d, qi = ip + i &* d, qj = ip + j &* d
                let x = bp[i] - bp[j] + _dotDifference(pu, qi, qj, d)
                // σ(−x), written to stay finite for large |x|.
                let e = expf(-abs(x))
                let z: Float = x >= 0 ? e / (1 + e) : 1 / (1 + e)
                // The loss is estimated on every 8th triple: it is only reported, and the
                // logarithm cost as much as the update.
                if used & 7 == 0 {
                  loss += Double(x >= 0 ? log1pf(e) : -x + log1pf(e))
                  lossSamples &+= 1
                }
                if x > 0 { correct &+= 1 }
                used &+= 1
                for f in 0..<d {
                  let p = pu[f], a = qi[f], b = qj[f]
                  pu[f] = p + lr * (z * (a - b) - reg * p)
                  qi[f] = a + lr * (z * p - reg * a)
                  qj[f] = b + lr * (-z * p - reg * b)
                }
                bp[i] += lr * (z - reg * bp[i])
                bp[j] += lr * (-z - reg * bp[j])
              }
            }
            }
            }
          }
        }
      }
    }
    return (lossSamples > 0 ? loss / Double(lossSamples) : 0, correct, used)
  }

  /// p · (a − b) with eight lanes at a time.
  @inline(__always)
  static func _dotDifference(
    _ p: UnsafeMutablePointer<Float>, _ a: UnsafeMutablePointer<Float>,
    _ b: UnsafeMutablePointer<Float>, _ n: Int
  ) -> Float {
    var acc = SIMD8<Float>()
    var k = 0
    while k &+ 8 <= n {
      let pv = UnsafeRawPointer(p + k).loadUnaligned(as: SIMD8<Float>.self)
      let av = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
      let bv = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
      acc += pv * (av - bv)
      k = k &+ 8
    }
    var s = acc.sum()
    while k < n {
      s += p[k] * (a[k] - b[k])
      k = k &+ 1
    }
    return s
  }

  @inline(__always)
  static func _contains(_ items: UnsafeBufferPointer<Int32>, _ lo: Int, _ hi: Int, _ x: Int32) -> Bool {
    var a = lo, b = hi
    while a < b {
      let m = (a &+ b) >> 1
      if items[m] < x { a = m &+ 1 } else { b = m }
    }
    return a < hi && items[a] == x
  }
}

