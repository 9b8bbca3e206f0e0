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
    gather(keep.withUnsafeBufferPointer { k in RowChunks.select(rows: k.count) { k[$0] } })
  }

  /// The rows not listed in `indices` (ascending row numbers), in order.
  func rows(notIn indices: [Int]) -> Frame {
    var listed = [Bool](repeating: false, count: rowCount)
    listed.withUnsafeMutableBufferPointer { lp in
      let marks = SharedPointer(lp.baseAddress)
      indices.withUnsafeBufferPointer { ip in
        // Distinct row numbers: each chunk of `indices` marks rows no other chunk marks.
        RowChunks.forEach(rows: ip.count) { _, ks in
          for k in ks { marks.pointer[ip[k]] = true }
        }
      }
    }
    return gather(listed.withUnsafeBufferPointer { k in RowChunks.select(rows: k.count) { !k[$0] } })
  }
}
