import ShopCore

extension Frame {
  /// A random subset of rows without replacement, in their original order.
  ///
  /// Give either `count` (clamped to the row count) or `fraction` in [0, 1] (rounded to
  /// the nearest row count). The same seed always picks the same rows: the draw is a
  /// partial Fisher-Yates shuffle driven by `SeededRandom`.
  /// - Throws: `.invalidArgument` when neither or both are given, or a value is out of range.
  public func sample(count: Int?, fraction: Double?, seed: UInt64) throws -> Frame {
    let k: Int
    switch (count, fraction) {
    case (let n?, nil):
      guard n >= 0 else {
        throw FrameError.invalidArgument("sample needs a count of 0 or more, got \(n)", at: nil)
      }
      k = min(n, rowCount)
    case (nil, let f?):
      guard f >= 0, f <= 1 else {
        throw FrameError.invalidArgument(
          "sample needs a fraction between 0 and 1, got \(f)", at: nil)
      }
      k = Int((f * Double(rowCount)).rounded())
    default:
      throw FrameError.invalidArgument("sample needs either a row count or a fraction", at: nil)
    }
    var rng = SeededRandom(seed: seed)
    var pool = Array(0..<rowCount)
    for i in 0..<k {
      let j = i + rng.nextInt(below: rowCount - i)
      pool.swapAt(i, j)
    }
    var picked = Array(pool[0..<k])
    picked.sort()
    return gather(picked)
  }
}
