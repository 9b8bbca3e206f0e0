import ShopCore

extension Tensor {
  /// Independent normal draws with mean 0 and standard deviation `std`.
  ///
  /// Every initialisation goes through `SeededRandom`, so a seed reproduces weights exactly.
  public static func randomNormal(
    _ shape: [Int], std: Float, using rng: inout SeededRandom
  ) -> Tensor {
    var t = Tensor.zeros(shape)
    for i in 0..<t.count { t.scalars[i] = Float(rng.nextGaussian()) * std }
    return t
  }

  /// Independent uniform draws in `[-limit, limit)`.
  public static func randomUniform(
    _ shape: [Int], limit: Float, using rng: inout SeededRandom
  ) -> Tensor {
    var t = Tensor.zeros(shape)
    for i in 0..<t.count { t.scalars[i] = (rng.nextUnitFloat() * 2 - 1) * limit }
    return t
  }
}
