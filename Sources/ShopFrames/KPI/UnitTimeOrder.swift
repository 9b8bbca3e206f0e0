extension EntityIDs {
  /// The rows that have a unit and a time (and pass `keep`), ordered by unit (in order of
  /// first appearance), then time, then row: the stable, total order in which sessions,
  /// funnels and paths walk each unit's events.
  func rowsInUnitTimeOrder(times: [Double?], keep: (Int) -> Bool = { _ in true }) -> [Int] {
    var rows: [Int] = []
    rows.reserveCapacity(ids.count)
    for i in ids.indices where ids[i] >= 0 && times[i] != nil && keep(i) { rows.append(i) }
    rows.sort { a, b in
      let ua = ids[a]
      let ub = ids[b]
      if ua != ub { return ua < ub }
      let ta = times[a] ?? 0
      let tb = times[b] ?? 0
      return ta != tb ? ta < tb : a < b
    }
    return rows
  }
}
