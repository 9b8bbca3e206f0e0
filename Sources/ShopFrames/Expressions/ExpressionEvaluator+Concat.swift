import ShopCore

// Joining texts: `concat(a, b, …)` and `+` between two texts.
extension ExpressionEvaluator {
  /// Texts joined row by row (`concat`, and `+` between two texts); null when any part
  /// is null, so a composite key with a missing part is missing rather than a key that
  /// may collide with another ("12_" from 12 and null).
  static func joinedText(_ parts: [Column]) -> Column {
    let n = parts.first?.count ?? 0
    var builder = StringColumnBuilder()
    var codes = [Int32](repeating: -1, count: n)
    var cache: [[Int32]: Int32] = [:]
    let partCodes: [([Int32], [String])] = parts.map {
      if case .string(let c, let d) = $0.data { return (c, d) }
      return ([Int32](repeating: -1, count: n), [])
    }
    var key = [Int32](repeating: 0, count: parts.count)
    rows: for i in 0..<n {
      for k in partCodes.indices {
        let c = partCodes[k].0[i]
        if c < 0 { continue rows }
        key[k] = c
      }
      if let code = cache[key] {
        codes[i] = code
      } else {
        let text = partCodes.indices.map { partCodes[$0].1[Int(key[$0])] }.joined()
        let code = builder.intern(text)
        cache[key] = code
        codes[i] = code
      }
    }
    return Column(name: "value", data: .string(codes: codes, dictionary: builder.dictionary))
  }
}
