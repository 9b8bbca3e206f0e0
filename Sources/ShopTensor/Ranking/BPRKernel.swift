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
  /// - Returns: the mean of −log σ(x) over the triples used (the BPR loss), and how many were
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
    var loss = 0.0
    var correct = 0
    var used = 0
    userFactors.withUnsafeMutableBufferPointer { ub in
      itemFactors.withUnsafeMutableBufferPointer { ib in
        itemBias.withUnsafeMutableBufferPointer { bb in
          rows.items.withUnsafeBufferPointer { items in
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
                  if !_contains(items, lo, hi, Int32(candidate)) {
                    j = candidate
                    break
                  }
                }
                if j < 0 { continue }
                let pu = up + u &* d, qi = ip + i &* d, qj = ip + j &* d
                var x = bp[i] - bp[j]
                for f in 0..<d { x += pu[f] * (qi[f] - qj[f]) }
                // σ(−x), written to stay finite for large |x|.
                let z: Float = x >= 0 ? expf(-x) / (1 + expf(-x)) : 1 / (1 + expf(x))
                loss += Double(x >= 0 ? log1pf(expf(-x)) : -x + log1pf(expf(x)))
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
    return (used > 0 ? loss / Double(used) : 0, correct, used)
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

