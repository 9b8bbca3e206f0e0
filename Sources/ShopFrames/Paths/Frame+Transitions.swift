import ShopCore

extension Frame {
  /// For each event, the events that come next in the same unit, with counts and shares:
  /// the table behind GA4's path exploration and PostHog's paths, one step at a time.
  ///
  /// Each event of a unit is followed by the unit's next event, or by `(end)` when it is
  /// the unit's last one or the next comes more than `within` seconds later. `share` is
  /// the transition's count over all transitions out of the same event (so the shares of
  /// one event add up to 1), and `units` the distinct units that made it at least once.
  /// A loop shows as edges that lead back: `a → b`, `b → c`, `c → a`.
  ///
  /// - Parameters:
  ///   - by: a segment column; each transition counts in the segment of its source row.
  ///   - collapse: merge repeats of the same event in a row (reloads, repeated clicks).
  /// - Complexity: O(rows log rows) for the sort, then O(rows).
  public func transitions(
    event: ColumnRef, unit: ColumnRef, time: ColumnRef?, within: Double? = nil, by: ColumnRef? = nil,
    collapse: Bool = false
  ) throws -> KPIResult {
    let seqs = try EventSequences(self, event: event, unit: unit, time: time, collapse: collapse)
    let groups = try by.map { BreakdownGroups(column: try column($0)) } ?? BreakdownGroups(rows: rowCount)
    let end = seqs.names.count
    struct Edge: Hashable { var group: Int32, from: Int, to: Int }
    var count: [Edge: Int] = [:]
    var units: [Edge: Int] = [:]
    var lastUnit: [Edge: Int] = [:]
    var outgoing: [Edge: Int] = [:]  // keyed with to = -1
    for (u, rows) in seqs.units.enumerated() {
      for (i, r) in rows.enumerated() {
        let next = i + 1 < rows.count && seqs.follows(r, rows[i + 1], within: within) ? seqs.code[rows[i + 1]] : end
        let e = Edge(group: groups.ids[r], from: seqs.code[r], to: next)
        count[e, default: 0] += 1
        outgoing[Edge(group: e.group, from: e.from, to: -1), default: 0] += 1
        if lastUnit[e] != u {
          lastUnit[e] = u
          units[e, default: 0] += 1
        }
      }
      if u & 0xFFF == 0 { try Cancellation.shared.check() }
    }
    let label = { (c: Int) in c == end ? pathEndLabel : seqs.names[c] }
    // Segments in first appearance; within one, busiest events first, then busiest next.
    let edges = count.keys.sorted { a, b in
      if a.group != b.group { return a.group < b.group }
      if a.from != b.from {
        let oa = outgoing[Edge(group: a.group, from: a.from, to: -1)] ?? 0
        let ob = outgoing[Edge(group: b.group, from: b.from, to: -1)] ?? 0
        return oa != ob ? oa > ob : seqs.names[a.from] < seqs.names[b.from]
      }
      let ca = count[a] ?? 0
      let cb = count[b] ?? 0
      return ca != cb ? ca > cb : label(a.to) < label(b.to)
    }
    var columns: [Column] = []
    if let keys = groups.keys { columns.append(keys.gather(edges.map { Int($0.group) })) }
    columns += [
      Column(name: "event", scalars: edges.map { .string(seqs.names[$0.from]) }, type: .string),
      Column(name: "next", scalars: edges.map { .string(label($0.to)) }, type: .string),
      .ints("transitions", edges.map { count[$0] ?? 0 }),
      .floats("share", edges.map { ratio(Double(count[$0] ?? 0), Double(outgoing[Edge(group: $0.group, from: $0.from, to: -1)] ?? 0)) }),
      .ints("units", edges.map { units[$0] ?? 0 }),
    ]
    var definition = "transitions of \(event.name) per \(unit.name): each event → the unit's next event"
    definition += within.map { " within \(durationWords($0))" } ?? ""
    definition += " (\(pathEndLabel) when there is none); share = transitions / transitions out of the event; "
      + "units = distinct \(unit.name) making it"
    if collapse { definition += "; repeats of an event in a row merged" }
    if time == nil { definition += "; no time column: row order" }
    if let by { definition += "; each transition in the \(by.name) of its source row" }
    return KPIResult(frame: Frame(columns: columns), definition: definition)
  }
}
