import ShopCore

/// Rows mapped to ids of equal keys for counting only (`kpi`'s orders and customers):
/// -1 for null, ids in 0..<count, some ids possibly unused, and in no particular order.
///
/// `kpi` only counts orders and customers, so it needs neither ids in order of first
/// appearance nor each id's first row (what `EntityIDs` gives, by grouping the column).
/// A text column's dictionary codes already are such ids (the dictionary holds each
/// string once), at no cost, and so are an int column's values less their minimum when
/// their range is narrow, for a range scan and a subtraction. Any other column (floats,
/// wide ints, datetimes), or a dictionary much larger than the rows (a few rows kept from
/// a large table), is grouped as `EntityIDs` does, since `kpi` keeps a record per id.
struct KeyCodes {
  var ids: [Int32]
  var count: Int

  init(_ column: Column) {
    if case .string(let codes, let dictionary) = column.data, dictionary.count <= max(4096, 2 * codes.count) {
      ids = codes
      count = dictionary.count
    } else if case .int(let v, let m) = column.data, let (low, size) = Grouping.narrowRange(v, m) {
      ids = [Int32](unsafeUninitializedCapacity: v.count) { out, written in
        v.withUnsafeBufferPointer { vp in
          if let mask = m.mask {
            for i in 0..<vp.count { out[i] = mask[i] ? Int32(truncatingIfNeeded: vp[i] &- low) : -1 }
          } else {
            for i in 0..<vp.count { out[i] = Int32(truncatingIfNeeded: vp[i] &- low) }
          }
        }
        written = v.count
      }
      count = size
    } else {
      let e = EntityIDs(column)
      ids = e.ids
      count = e.count
    }
  }

  /// Each row its own entity (a table with one purchase per row and no order column).
  init(rowsOf rows: Int) {
    ids = (0..<rows).map { Int32($0) }
    count = rows
  }
}
