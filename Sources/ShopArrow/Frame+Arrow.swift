import ShopFrames

extension Frame {
  /// The local frame for an Arrow result.
  ///
  /// Integers stay integers; float, double and decimal become floats (a decimal's exact
  /// digits beyond a double's 15–17 are not kept); dates and timestamps become `datetime`
  /// seconds on ShopLab's zone-free clock (a timestamp's sub-second part is floored away;
  /// an instant is read in UTC, which is why the Spark client sets the session time zone
  /// to UTC).
  public init(arrow table: ArrowTable) {
    self.init(columns: table.columns.map(Column.init(arrow:)))
  }
}

extension Column {
  public init(arrow column: ArrowColumn) {
    let validity = Validity(mask: column.validity)
    let data: ColumnData
    switch column.values {
    case .int(let v): data = .int(v, validity)
    case .double(let v): data = .float(v, validity)
    case .bool(let v): data = .bool(v, validity)
    case .date(let days): data = .datetime(days.map { $0 * 86_400 }, validity)
    case .timestamp(let micros): data = .datetime(micros.map { floorDiv($0, 1_000_000) }, validity)
    case .decimal(let unscaled, let scale):
      var divisor = 1.0
      for _ in 0..<scale { divisor *= 10 }
      data = .float(unscaled.map { Double($0) / divisor }, validity)
    case .string(let strings):
      var codes: [Int32] = []
      codes.reserveCapacity(strings.count)
      var dictionary: [String] = []
      var index: [String: Int32] = [:]
      for (row, s) in strings.enumerated() {
        if column.isNull(row) { codes.append(-1); continue }
        if let code = index[s] { codes.append(code); continue }
        let code = Int32(dictionary.count)
        index[s] = code
        dictionary.append(s)
        codes.append(code)
      }
      data = .string(codes: codes, dictionary: dictionary)
    }
    self.init(name: column.field.name, data: data)
  }
}
