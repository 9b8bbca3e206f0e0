/// Row-wise selection among same-typed columns, the kernel behind `coalesce`, `if` and
/// the concatenation in `union`.
extension Column {
  /// For each row, the value of `columns[pick[row]]` at that row (-1 gives null).
  /// - Precondition: the columns share one type and `pick.count` rows.
  static func choose(_ columns: [Column], pick: [Int32], name: String, type: DataType) -> Column {
    let n = pick.count
    var valid = [Bool](repeating: true, count: n)
    for i in 0..<n {
      let k = Int(pick[i])
      valid[i] = k >= 0 && !columns[k].isNull(i)
    }
    func gatherTyped<T>(_ arrays: [[T]], _ zero: T) -> [T] {
      (0..<n).map { i in
        let k = Int(pick[i])
        return k >= 0 ? arrays[k][i] : zero
      }
    }
    switch type {
    case .int, .datetime:
      let arrays: [[Int64]] = columns.map {
        switch $0.data {
        case .int(let v, _), .datetime(let v, _): return v
        default: return [Int64](repeating: 0, count: n)
        }
      }
      let v = gatherTyped(arrays, 0)
      return Column(
        name: name,
        data: type == .int ? .int(v, Validity(mask: valid)) : .datetime(v, Validity(mask: valid)))
    case .float:
      let arrays: [[Double]] = columns.map {
        if case .float(let v, _) = $0.data {
          return v
        } else {
          return [Double](repeating: 0, count: n)
        }
      }
      return Column(name: name, data: .float(gatherTyped(arrays, 0), Validity(mask: valid)))
    case .bool:
      let arrays: [[Bool]] = columns.map {
        if case .bool(let v, _) = $0.data {
          return v
        } else {
          return [Bool](repeating: false, count: n)
        }
      }
      return Column(name: name, data: .bool(gatherTyped(arrays, false), Validity(mask: valid)))
    case .string:
      let parts: [(codes: [Int32], dictionary: [String])] = columns.map {
        if case .string(let c, let d) = $0.data { return (c, d) }
        return ([Int32](repeating: -1, count: n), [])
      }
      let (dictionary, codes) = unifyDictionaries(parts)
      let out: [Int32] = (0..<n).map { i in
        let k = Int(pick[i])
        return k >= 0 ? codes[k][i] : -1
      }
      let (used, remap) = compacted(dictionary, out)
      let final = remap.map { r in out.map { $0 < 0 ? -1 : r[Int($0)] } } ?? out
      return Column(name: name, data: .string(codes: final, dictionary: used))
    }
  }

  /// The column converted to float (int and bool widen); other types are returned as is.
  func widenedToFloat() -> Column {
    switch data {
    case .int(let v, let m): return Column(name: name, data: .float(v.map { Double($0) }, m))
    case .bool(let v, let m): return Column(name: name, data: .float(v.map { $0 ? 1 : 0 }, m))
    default: return self
    }
  }
}

/// Drops dictionary entries no code uses (after a selection merged several
/// dictionaries), returning the smaller dictionary and the old-to-new code map, or nil
/// when every entry is used.
func compacted(_ dictionary: [String], _ codes: [Int32]) -> ([String], [Int32]?) {
  var used = [Bool](repeating: false, count: dictionary.count)
  for c in codes where c >= 0 { used[Int(c)] = true }
  if !used.contains(false) { return (dictionary, nil) }
  var remap = [Int32](repeating: -1, count: dictionary.count)
  var out: [String] = []
  for i in dictionary.indices where used[i] {
    remap[i] = Int32(out.count)
    out.append(dictionary[i])
  }
  return (out, remap)
}

/// The common type of operands for `coalesce`, `if` and `union`: identical types, or int
/// with float giving float. nil when they cannot share a column.
func commonType(_ types: [DataType]) -> DataType? {
  let set = Set(types)
  if set.count <= 1 { return set.first }
  if set.isSubset(of: [.int, .float]) { return .float }
  return nil
}
