import ShopCore

extension Frame {
  /// The most distinct values one-hot encoding accepts: more columns than this is almost
  /// always a mistake (an id column), and label encoding is the better tool.
  static let oneHotLimit = 100

  /// Turns a categorical column into numbers (see `EncodeMethod`). Values are ordered
  /// ascending, so the codes do not depend on row order.
  ///
  /// Summary: "encode Country label: 37 values" or "encode Country onehot: 37 columns".
  /// - Throws: `.invalidArgument` for one-hot with more than 100 distinct values.
  public func encode(_ ref: ColumnRef, method: EncodeMethod) throws -> CleaningResult {
    let position = try position(of: ref)
    let target = columns[position]
    let grouping = Grouping([target], rowCount: rowCount)
    let representatives = grouping.firstRows.filter { !target.isNull($0) }
    let values = target.gather(representatives)
    let order = try Frame(columns: [values.renamed("v")]).sortedRows([SortKey(.column("v"))])
    // code[group] = rank of its value, or -1 for the null group.
    var code = [Int](repeating: -1, count: grouping.count)
    for (rank, k) in order.enumerated() { code[Int(grouping.ids[representatives[k]])] = rank }
    let rowCodes = grouping.ids.map { code[Int($0)] }
    switch method {
    case .label:
      let column = Column(
        name: target.name,
        data: .int(rowCodes.map { Int64(max($0, 0)) }, Validity(mask: rowCodes.map { $0 >= 0 })))
      return CleaningResult(
        frame: with(column),
        summary: "encode \(ref.name) label: \(NumberFormat.count(order.count, "value"))")
    case .onehot:
      guard order.count <= Frame.oneHotLimit else {
        throw FrameError.invalidArgument(
          "onehot would make \(NumberFormat.count(order.count, "column")) from '\(ref.name)' "
            + "(the limit is \(Frame.oneHotLimit)): use label encoding instead",
          at: ref.range)
      }
      var taken = Set(columnNames)
      taken.remove(target.name)
      var added: [Column] = []
      for (rank, k) in order.enumerated() {
        var name = "\(target.name)_\(plainText(values[k]))"
        while taken.contains(name) { name += "_" }
        taken.insert(name)
        added.append(Column(name: name, data: .bool(rowCodes.map { $0 == rank }, .allValid)))
      }
      var cols = columns
      cols.replaceSubrange(position...position, with: added)
      return CleaningResult(
        frame: Frame(columns: cols),
        summary: "encode \(ref.name) onehot: \(NumberFormat.count(order.count, "column"))")
    }
  }
}
