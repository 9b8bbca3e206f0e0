import ShopCore

extension Frame {
  /// The column a user named, or an `unknownColumn` error carrying the frame's names
  /// (for "did you mean") and the range where the name was typed.
  func column(_ ref: ColumnRef) throws -> Column {
    guard let c = column(named: ref.name) else {
      throw FrameError.unknownColumn(ref.name, available: columnNames, at: ref.range)
    }
    return c
  }

  /// The position of a user-named column, or an `unknownColumn` error.
  func position(of ref: ColumnRef) throws -> Int {
    guard let i = index(of: ref.name) else {
      throw FrameError.unknownColumn(ref.name, available: columnNames, at: ref.range)
    }
    return i
  }

  /// A frame with the same columns but no rows (keeps names and types).
  var emptyRows: Frame { gather([]) }

  /// The rows whose flag is set, in order.
  func rows(where keep: [Bool]) -> Frame {
    var indices: [Int] = []
    indices.reserveCapacity(keep.count)
    for i in keep.indices where keep[i] { indices.append(i) }
    return gather(indices)
  }
}
