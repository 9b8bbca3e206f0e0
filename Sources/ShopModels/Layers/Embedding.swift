import ShopCore
import ShopTensor

/// A lookup table of learned vectors, one row per id, updated sparsely.
///
/// The table is a sparse parameter: a batch's backward pass touches only the rows it looked
/// up, and the optimisers update only those rows (lazy Adam), so an epoch costs O(batch ×
/// dimension) per step rather than O(table).
public final class Embedding: ParameterContainer {
  public let table: Variable

  /// A `[count, dimension]` table drawn from N(0, std²); 0.01 is NCF's initialisation.
  public init(count: Int, dimension: Int, std: Float = 0.01, using rng: inout SeededRandom) {
    table = .parameter(.randomNormal([count, dimension], std: std, using: &rng), sparse: true)
  }

  public var parameters: [Variable] { [table] }
  public var count: Int { table.value.rowCount }
  public var dimension: Int { table.value.columnCount }

  /// The rows for `ids`, as a `[ids.count, dimension]` matrix.
  public func callAsFunction(_ ids: [Int]) -> Variable { table.gatherRows(ids) }
}
