import ShopCore

// The differentiable operations. Each one computes its forward value and, beside it, its
// backward rule; the finite-difference checks in ShopTensorTests cover every rule here.

extension Variable {
  /// Matrix product `[m, k] · [k, n]`. Backward: dA = dC·Bᵀ, dB = Aᵀ·dC.
  public func matmul(_ other: Variable) -> Variable {
    let a = self, b = other
    return Variable(op: "matmul", value: a.value.matmul(b.value), parents: [a, b]) { g in
      if a.requiresGrad { a.accumulate(g.matmul(b.value, transposeOther: true)) }
      if b.requiresGrad { b.accumulate(a.value.matmul(g, transposeSelf: true)) }
    }
  }

  /// Adds a bias vector to every row. Backward: the bias gets the column sums.
  public func addingRowVector(_ bias: Variable) -> Variable {
    let x = self
    return Variable(op: "addRow", value: x.value.addingRowVector(bias.value), parents: [x, bias]) {
      g in
      x.accumulate(g)
      if bias.requiresGrad { bias.accumulate(g.columnSums()) }
    }
  }

  /// Elementwise sum.
  public static func + (a: Variable, b: Variable) -> Variable {
    Variable(op: "+", value: a.value + b.value, parents: [a, b]) { g in
      a.accumulate(g)
      b.accumulate(g)
    }
  }

  /// Elementwise difference.
  public static func - (a: Variable, b: Variable) -> Variable {
    Variable(op: "-", value: a.value - b.value, parents: [a, b]) { g in
      a.accumulate(g)
      if b.requiresGrad { b.accumulate(-1 * g) }
    }
  }

  /// Elementwise product.
  public static func * (a: Variable, b: Variable) -> Variable {
    Variable(op: "*", value: a.value * b.value, parents: [a, b]) { g in
      if a.requiresGrad { a.accumulate(g * b.value) }
      if b.requiresGrad { b.accumulate(g * a.value) }
    }
  }

  /// Every element times a constant.
  public static func * (s: Float, a: Variable) -> Variable {
    Variable(op: "scale", value: s * a.value, parents: [a]) { g in a.accumulate(s * g) }
  }

  /// Every element plus a constant.
  public static func + (a: Variable, s: Float) -> Variable {
    Variable(op: "shift", value: a.value + s, parents: [a]) { g in a.accumulate(g) }
  }

  /// `max(0, x)`.
  public func relu() -> Variable {
    let x = self
    return Variable(op: "relu", value: x.value.relu(), parents: [x]) { g in
      x.accumulate(Tensor.reluBackward(grad: g, input: x.value))
    }
  }

  /// The logistic function. Backward uses the output: s(1 - s).
  public func sigmoid() -> Variable {
    let x = self
    let s = x.value.sigmoid()
    return Variable(op: "sigmoid", value: s, parents: [x]) { g in
      x.accumulate(Tensor.sigmoidBackward(grad: g, output: s))
    }
  }

  /// Hyperbolic tangent. Backward uses the output: 1 - t².
  public func tanh() -> Variable {
    let x = self
    let t = x.value.tanh()
    return Variable(op: "tanh", value: t, parents: [x]) { g in
      x.accumulate(Tensor.tanhBackward(grad: g, output: t))
    }
  }

  /// Inverted dropout: zeroes each element with probability `rate` and scales survivors by
  /// 1/(1 - rate), so evaluation needs no rescaling. The mask is drawn from `rng`.
  public func dropout(rate: Float, using rng: inout SeededRandom) -> Variable {
    precondition(rate >= 0 && rate < 1, "dropout rate \(rate) outside [0, 1)")
    if rate == 0 { return self }
    let keep = 1 / (1 - rate)
    var mask = Tensor.zeros(value.shape)
    for i in 0..<mask.count { mask.scalars[i] = rng.nextUnitFloat() < rate ? 0 : keep }
    let x = self
    return Variable(op: "dropout", value: x.value * mask, parents: [x]) { g in
      x.accumulate(g * mask)
    }
  }

  /// Joins matrices side by side. Backward hands each part its own columns.
  public static func concatColumns(_ parts: [Variable]) -> Variable {
    let widths = parts.map { $0.value.columnCount }
    return Variable(
      op: "concat", value: Tensor.concatColumns(parts.map(\.value)), parents: parts
    ) { g in
      var offset = 0
      for (p, w) in zip(parts, widths) {
        if p.requiresGrad { p.accumulate(g.columns(offset..<(offset + w))) }
        offset += w
      }
    }
  }

  /// Embedding lookup: rows `indices` of this table. Backward scatters the rows' gradients
  /// back, touching only those rows of a sparse table.
  public func gatherRows(_ indices: [Int]) -> Variable {
    let table = self
    return Variable(op: "gather", value: table.value.gatherRows(indices), parents: [table]) { g in
      table.accumulateRows(g, at: indices)
    }
  }

  /// Row-wise dot products of two matrices of the same shape: `[m, d] -> [m]`.
  public func rowDots(_ other: Variable) -> Variable {
    let a = self, b = other
    return Variable(op: "rowDots", value: a.value.rowDots(b.value), parents: [a, b]) { g in
      if a.requiresGrad { a.accumulate(b.value.scalingRows(by: g)) }
      if b.requiresGrad { b.accumulate(a.value.scalingRows(by: g)) }
    }
  }

  /// The same values viewed with another shape of equal size.
  public func reshaped(_ shape: [Int]) -> Variable {
    let x = self
    return Variable(op: "reshape", value: x.value.reshaped(shape), parents: [x]) { g in
      x.accumulate(g.reshaped(x.value.shape))
    }
  }

  /// The sum of all elements, as a scalar.
  public func sum() -> Variable {
    let x = self
    return Variable(op: "sum", value: Tensor(x.value.sum()), parents: [x]) { g in
      x.accumulate(Tensor(repeating: g.scalar, shape: x.value.shape))
    }
  }

  /// The mean of all elements, as a scalar.
  public func mean() -> Variable {
    let x = self
    let n = Float(Swift.max(1, x.value.count))
    return Variable(op: "mean", value: Tensor(x.value.sum() / n), parents: [x]) { g in
      x.accumulate(Tensor(repeating: g.scalar / n, shape: x.value.shape))
    }
  }

  /// The sum of squared elements (an L2 penalty), as a scalar.
  public func sumOfSquares() -> Variable {
    let x = self
    return Variable(op: "sumsq", value: Tensor(x.value.sumOfSquares()), parents: [x]) { g in
      x.accumulate((2 * g.scalar) * x.value)
    }
  }
}
