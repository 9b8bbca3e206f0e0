import ShopCore
import ShopTensor

/// Inverted dropout with a seeded mask: active only while training.
public struct Dropout: Sendable {
  public var rate: Float

  public init(rate: Float) { self.rate = rate }

  /// Drops elements of `x` when `training`; the identity otherwise.
  public func callAsFunction(
    _ x: Variable, training: Bool, using rng: inout SeededRandom
  ) -> Variable {
    training && rate > 0 ? x.dropout(rate: rate, using: &rng) : x
  }
}
