import ShopCore

/// The events of each unit (session or user) in time order: what transitions, paths and
/// the funnel order check walk over.
///
/// Rows with a null unit, event or time are left out. Ties in time keep row order, so a
/// log without a time column (or with equal timestamps) reads in the order it was written.
struct EventSequences {
  /// Event code of each row (-1: null or left out); `names[code]` is its text.
  var code: [Int]
  var names: [String]
  /// Seconds of each row (the row number when there is no time column).
  var time: [Double]
  /// Per unit, its rows in time order.
  var units: [[Int]]

  /// - Parameter collapse: drop an event equal to the one before it in the unit (a run of
  ///   page reloads or clicks reads as one step).
  init(_ frame: Frame, event: ColumnRef, unit: ColumnRef, time: ColumnRef?, collapse: Bool = false) throws {
    let n = frame.rowCount
    let eventColumn = try frame.column(event)
    let grouping = Grouping([eventColumn], rowCount: n)
    var code = grouping.ids.map(Int.init)
    for i in 0..<n where eventColumn.isNull(i) { code[i] = -1 }
    names = grouping.firstRows.map { plainText(eventColumn[$0]) }
    let ids = EntityIDs(try frame.column(unit))
    var seconds: [Double?] = (0..<n).map { Double($0) }
    if let time { seconds = try frame.column(time).kpiSeconds(role: "time") }
    let rows = ids.rowsInUnitTimeOrder(times: seconds) { code[$0] >= 0 }
    try Cancellation.shared.check()
    var units: [[Int]] = []
    var start = 0
    while start < rows.count {
      var end = start
      while end < rows.count && ids.ids[rows[end]] == ids.ids[rows[start]] { end += 1 }
      var seq: [Int] = []
      seq.reserveCapacity(end - start)
      for r in rows[start..<end] where !(collapse && seq.last.map { code[$0] == code[r] } == true) { seq.append(r) }
      units.append(seq)
      start = end
    }
    self.code = code
    self.time = seconds.map { $0 ?? 0 }
    self.units = units
  }

  /// Whether the event after `a` still belongs to the path: within `window` seconds of it.
  @inline(__always) func follows(_ a: Int, _ b: Int, within window: Double?) -> Bool {
    guard let window else { return true }
    return time[b] - time[a] <= window
  }

  /// The code of an event name, nil when no row has it.
  func code(of name: String) -> Int? { names.firstIndex(of: name) }
}

/// The label of "the unit's path ended here" in transitions and paths.
public let pathEndLabel = "(end)"
/// The label of "the unit's path started here" in paths before an event.
public let pathStartLabel = "(start)"
