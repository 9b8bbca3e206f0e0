import ShopCore

extension Frame {
  /// The rows of `self` followed by the rows of `other`.
  ///
  /// Both frames must have the same column names, in any order (the output uses this
  /// frame's order), and each pair of columns must share a type, except int with float,
  /// which gives float.
  /// - Throws: `FrameError.incompatible` naming the missing column or the clashing types.
  public func union(_ other: Frame) throws -> Frame {
    let mine = Set(columnNames)
    let theirs = Set(other.columnNames)
    if let missing = columnNames.first(where: { !theirs.contains($0) }) {
      throw FrameError.incompatible("union: the second frame has no column '\(missing)'")
    }
    if let extra = other.columnNames.first(where: { !mine.contains($0) }) {
      throw FrameError.incompatible("union: the first frame has no column '\(extra)'")
    }
    if columns.isEmpty { return self }
    var out: [Column] = []
    for a in columns {
      guard let b = other.column(named: a.name) else { continue }
      guard let type = commonType([a.type, b.type]) else {
        throw FrameError.incompatible(
          "union: column '\(a.name)' is \(a.type) in the first frame and \(b.type) in the second")
      }
      let x = type == .float ? a.widenedToFloat() : a
      let y = type == .float ? b.widenedToFloat() : b
      out.append(Frame.stack(x, y))
    }
    return Frame(columns: out)
  }
}
