import ShopCore

extension Frame {
  /// When an ordered (or strict) funnel loses most of the units that did every step in
  /// some order, a note that says so, where the order breaks, and what to try instead;
  /// nil when the order costs less than half of them.
  ///
  /// Logs whose steps interleave (a checkout loop that goes back to the cart, a page
  /// logged before the event that led to it) make an ordered funnel collapse: on one
  /// clickstream only 15 of 470 buying sessions passed it. The note names the step at
  /// which most of the lost units stall and the step that came before it instead.
  public func funnelOrderNote(
    steps: [String], event: ColumnRef, unit: ColumnRef, time: ColumnRef?, window: Double?, order: FunnelOrder
  ) throws -> String? {
    guard order != .any, steps.count >= 2 else { return nil }
    let seqs = try EventSequences(self, event: event, unit: unit, time: time)
    let codeToStep = seqs.names.map { steps.firstIndex(of: $0) ?? -1 }
    let k = steps.count
    var inOrder = 0
    var anyOrder = 0
    var stalls = [Int](repeating: 0, count: k)
    for rows in seqs.units {
      // The funnel's own walk needs every row for 'strict'; the step rows suffice otherwise.
      let events = rows.compactMap { r -> (step: Int, time: Double, row: Int)? in
        let s = codeToStep[seqs.code[r]]
        return s >= 0 || order == .strict ? (s, seqs.time[r], r) : nil
      }
      guard let any = Self.bestAttempt(events.filter { $0.step >= 0 }, steps: k, window: window, order: .any),
        any.depth == k
      else { continue }
      anyOrder += 1
      let depth = Self.bestAttempt(events, steps: k, window: window, order: order)?.depth ?? 0
      if depth == k { inOrder += 1 } else { stalls[depth] += 1 }
    }
    guard anyOrder > 0, inOrder * 2 < anyOrder else { return nil }
    var note = "only \(inOrder) of the \(anyOrder) \(unit.name) that did every step did them in this order"
    if let worst = stalls.indices.max(by: { stalls[$0] < stalls[$1] }), worst > 0, stalls[worst] > 0 {
      note += "; \(stalls[worst]) stop before step \(worst + 1) \"\(steps[worst])\": it came only before \"\(steps[worst - 1])\""
        + (window == nil ? "" : " or outside the window")
    }
    note += ". The steps interleave: 'order any' counts \(anyOrder); 'transitions' shows what comes between"
    return note
  }
}
