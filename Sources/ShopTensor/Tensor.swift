/// A dense, row-major array of `Float` with a shape, and value semantics.
///
/// `Tensor` is the numeric currency of ShopLab's models. Its storage is a Swift `[Float]`, so
/// copies are cheap until one side is mutated (copy-on-write), and a snapshot of a model's
/// weights is just a copy of its tensors. Shapes are small arrays: `[]` is a scalar, `[n]` a
/// vector, `[rows, columns]` a matrix. All kernels live in `Tensor+*.swift` files, which are
/// the only places in the package that touch unsafe buffers.
///
/// ```swift
/// let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
/// let b = a.matmul(a)          // [[7, 10], [15, 22]]
/// ```
public struct Tensor: Sendable, Equatable {
  /// The extent of each axis; the product is `scalars.count`.
  public private(set) var shape: [Int]
  /// The elements in row-major order.
  public var scalars: [Float]

  /// Wraps `scalars` with `shape`; the counts must agree.
  public init(shape: [Int], scalars: [Float]) {
    precondition(
      shape.reduce(1, *) == scalars.count,
      "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of `shape` with every element equal to `value`.
  public init(repeating value: Float, shape: [Int]) {
    self.shape = shape
    self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// A tensor of zeros.
  public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

  /// A scalar (shape `[]`).
  public init(_ scalar: Float) {
    self.shape = []
    self.scalars = [scalar]
  }

  /// A vector (shape `[n]`).
  public init(_ vector: [Float]) {
    self.shape = [vector.count]
    self.scalars = vector
  }

  /// A matrix from equal-length rows.
  public init(rows: [[Float]]) {
    let columns = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == columns }, "ragged rows")
    self.shape = [rows.count, columns]
    self.scalars = rows.flatMap { $0 }
  }

  /// The number of elements.
  public var count: Int { scalars.count }
  /// The number of axes.
  public var rank: Int { shape.count }
  /// Rows of a matrix (first axis); 1 for a scalar.
  public var rowCount: Int { shape.first ?? 1 }
  /// Elements per row (product of all axes after the first); 1 for a vector.
  public var columnCount: Int { shape.count <= 1 ? 1 : shape.dropFirst().reduce(1, *) }

  /// The only element of a one-element tensor.
  public var scalar: Float {
    precondition(count == 1, "scalar of a tensor with \(count) elements")
    return scalars[0]
  }

  /// Element `(row, column)` of a matrix.
  public subscript(row: Int, column: Int) -> Float {
    get { scalars[row * columnCount + column] }
    set { scalars[row * columnCount + column] = newValue }
  }

  /// The same elements with another shape of equal size.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, scalars: scalars)
  }

  /// Row `i` of a matrix, as a plain array.
  public func row(_ i: Int) -> [Float] {
    let c = columnCount
    return Array(scalars[(i * c)..<((i + 1) * c)])
  }
}

extension Tensor: CustomStringConvertible {
  /// A short rendering: the shape, then up to eight elements.
  public var description: String {
    let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor\(shape)[\(shown)\(count > 8 ? ", …" : "")]"
  }
}
