import ShopCore

extension Frame {
  /// The first `n` rows (all of them when the frame is shorter; none when n <= 0).
  public func head(_ n: Int) -> Frame {
    gather(Array(0..<max(0, min(n, rowCount))))
  }

  /// The last `n` rows, in their original order.
  public func tail(_ n: Int) -> Frame {
    let k = max(0, min(n, rowCount))
    return gather(Array((rowCount - k)..<rowCount))
  }

  /// The named columns, in the order given.
  /// - Throws: `FrameError.unknownColumn` at the first unknown name, or `.invalidArgument`
  ///   when a column is named twice.
  public func select(_ refs: [ColumnRef]) throws -> Frame {
    var seen = Set<String>()
    var out: [Column] = []
    for ref in refs {
      let c = try column(ref)
      guard seen.insert(ref.name).inserted else {
        throw FrameError.invalidArgument("column '\(ref.name)' is selected twice", at: ref.range)
      }
      out.append(c)
    }
    return Frame(columns: out)
  }

  /// Every column except the named ones.
  public func drop(_ refs: [ColumnRef]) throws -> Frame {
    for ref in refs { _ = try position(of: ref) }
    let names = Set(refs.map(\.name))
    return Frame(columns: columns.filter { !names.contains($0.name) })
  }

  /// Renames columns; the new names must not collide with other columns.
  public func rename(_ pairs: [(from: ColumnRef, to: String)]) throws -> Frame {
    var cols = columns
    for (from, to) in pairs {
      let i = try position(of: from)
      if let j = cols.firstIndex(where: { $0.name == to }), j != i {
        throw FrameError.invalidArgument(
          "cannot rename '\(from.name)' to '\(to)': that column exists", at: from.range)
      }
      cols[i].name = to
    }
    return Frame(columns: cols)
  }
}
