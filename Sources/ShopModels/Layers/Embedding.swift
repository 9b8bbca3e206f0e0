import ShopCore
import ShopTensor

/// A lookup table of learned vectors, one row per id, updated sparsely by default.
///
/// The table is a sparse parameter: a batch's backward pass touches only the rows it looked
/// up, and the optimisers update only those rows (lazy Adam), so a step costs O(batch ×
/// dimension) rather than O(table). Lazy Adam moves a rarely seen row less than dense Adam
/// (whose momentum keeps moving it on steps without a gradient), so it wants a larger
/// learning rate; see docs/models.md.
public final class Embedding: ParameterContainer {
  public let table: Variable

  /// A `[count, dimension]` table drawn from N(0, std²); 0.01 is NCF's initialisation.
  /// `sparse: false` makes it an ordinary dense parameter (every row updated every step, as
  /// PyTorch's default `nn.Embedding` with dense Adam).
  public init(
    count: Int, dimension: Int, std: Float = 0.01, sparse: Bool = true,
    using rng: inout SeededRandom
  ) {
    table = .parameter(.randomNormal([count, dimension], std: std, using: &rng), sparse: sparse)
  }

  public var parameters: [Variable] { [table] }
  public var count: Int { table.value.rowCount }
  public var dimension: Int { table.value.columnCount }

  /// The rows for `ids`, as a `[ids.count, dimension]` matrix.
  public func callAsFunction(_ ids: [Int]) -> Variable { table.gatherRows(ids) }
}
